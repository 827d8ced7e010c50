// RUN: %check_conclint --config="{HeaderFilterRegex: 'own_thread'}" %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread -I%S/Inputs/start-own-thread

// Issue 13, US-SET-BEFORE-START for the lock-consistency rule: a member
// written without the lock in the public method that then starts the
// object's own thread on `this`, and under the lock in another public
// method. When the thread itself accesses the member under that lock, the
// lock is shown to be the protocol with the thread (which the thread
// contexts model: the start orders the write before everything the thread
// does), and nothing shows the two public methods running at once
// (SharedAccesses::setBeforeOwnThread). A write after the start, or a lock
// that the thread never takes around the member, is still reported.

#include "own_thread.h"

// Silent: Feeder::running_ and BoundFeeder::running_ (set before the start,
// the thread reads it under mu_; the second thread runs a callable that
// binds `this`). Reported: LateFeeder::armed_ (set after the start: the thread runs),
// Ticker::paused_ (the thread never touches it: the lock says start() and
// pause() run concurrently), BoundTicker::muted_ (likewise).
// CHECK-MESSAGES: {{.*}}own_thread.h:{{[0-9]+}}:{{[0-9]+}}: warning: 'armed_' is written without holding 'this->mu_', which guards it elsewhere, while other threads access it [conclint-unguarded-shared-state]
// CHECK-MESSAGES: {{.*}}own_thread.h:{{[0-9]+}}:{{[0-9]+}}: warning: 'paused_' is written without holding 'this->mu_', which guards it in other member functions of 'Ticker' [conclint-unguarded-shared-state]
// CHECK-MESSAGES: {{.*}}own_thread.h:{{[0-9]+}}:{{[0-9]+}}: warning: 'muted_' is written without holding 'this->mu_', which guards it in other member functions of 'BoundTicker' [conclint-unguarded-shared-state]
void start_own_thread_ok() {
  own::Feeder f;
  f.start();
  f.stop();
  own::LateFeeder l;
  l.start();
  l.stop();
  own::Ticker t;
  t.start();
  t.pause();
  t.stop();
  own::BoundFeeder<int> b;
  b.start();
  b.stop();
  own::BoundTicker k;
  k.start();
  k.mute();
  k.stop();
}
