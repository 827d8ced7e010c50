// RUN: %check_conclint --config="{HeaderFilterRegex: 'witness'}" %s conclint-unguarded-shared-state %t -- -std=c++11-or-later -I%S/Inputs/lock-witness

// A lock witness (issue 13): a method taking a guard by reference
// (`closed(lock_guard<mutex>&)`) documents that its caller holds a lock.
// Which one, the visible callers show: when every visible call holds the
// class's own mutex, the method runs with it held (utils/SharedAccesses.cpp,
// callerHeld). The classes are in a header, so their public methods could
// be called from elsewhere; without the witness they start with no lock.
// The lock-consistency rule needs no thread: each public method is checked
// on its own.

#include "witness.h"


void executor_witness_ok() {
  wit::Executor e;
  e.close();
  bool c = e.closed() || e.try_submit();
  (void)c;
}

// unique_lock& is no witness; peek() passes a deferred guard anyway.
// CHECK-MESSAGES: {{.*}}witness.h:40:56: warning: 'closed_' is read without holding 'this->mtx_', while other member functions of 'Queue' write it under that lock [conclint-unguarded-shared-state]
void queue_deferred_guard_bad() {
  wit::Queue q;
  q.close();
  bool c = q.check() || q.peek();
  (void)c;
}

// No visible caller: the guard parameter shows that the caller holds a
// lock, and nothing here shows which one. Reporting 'closed_' as read
// without 'this->mtx_' would be a guess: some lock is held (silence on what
// is not known; until 2026-12-02 this was lonely_witness_bad). A translation
// unit that calls closed() names the lock, and TwoLocks below shows a
// caller that holds the wrong one still reported.
void lonely_witness_ok() {
  wit::Lonely l;
  l.close();
}

// CHECK-MESSAGES: {{.*}}witness.h:77:55: warning: 'closed_' is read without holding 'this->mtx_', while other member functions of 'TwoLocks' write it under that lock [conclint-unguarded-shared-state]
void two_locks_witness_bad() {
  wit::TwoLocks t;
  t.close();
  bool c = t.check() || t.peek();
  (void)c;
}
