// RUN: %check_conclint --config="{HeaderFilterRegex: 'setup_or_locked'}" %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread -I%S/Inputs/setup-or-locked

// The lock-consistency rule does not walk a public method whose every
// visible run is set-up on an object no other thread can know yet (as in
// unguarded-shared-state-unpublished.cpp) or is made with a lock held:
// one call at least runs on the object before it is handed on, and every
// other call is made on `this` by another method of the class holding a
// lock there (its own lock, or a lock witness's callers' lock). The locked
// callers are walked themselves, with their locks
// (SharedAccesses::setupOrLockedRoot).

#include "setup_or_locked.h"

// Silent: mark_routed() (configure(int) <- init() on a new cell; and the
// witness configure(int, lock_guard&)), mark_moved() (a derived constructor;
// and reroute() under `mu_`).
// Reported: mark_retried() (also from retry(), which holds no lock),
// mark_closed() (also from a destructor, which holds no lock: a teardown
// helper others may call too).
// CHECK-MESSAGES: {{.*}}setup_or_locked.h:{{[0-9]+}}:{{[0-9]+}}: warning: 'retried_' is written without holding 'this->mu_', which guards it in other member functions of 'Cell' [conclint-unguarded-shared-state]
// CHECK-MESSAGES: {{.*}}setup_or_locked.h:{{[0-9]+}}:{{[0-9]+}}: warning: 'closed_' is written without holding 'this->mu_', which guards it in other member functions of 'Cell' [conclint-unguarded-shared-state]
// Hands the cell to code compiled elsewhere (another thread may use it).
void share(sol::Cell *c);

void setup_or_locked_ok() {
  auto r = sol::make_routed(3);
  sol::MovedCell m;
  share(&m);
  m.reroute();
  sol::RetriedCell t;
  share(&t);
  t.retry();
  sol::ClosingCell c;
  share(&c);
}
