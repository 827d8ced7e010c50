// RUN: %check_conclint --config="{HeaderFilterRegex: 'guards'}" %s conclint-unguarded-shared-state %t -- -std=c++11-or-later -I%S/Inputs/guards

// Guards the lock-consistency rule must see (issue 13): each public method
// of a class that locks its own mutex is checked on its own, no thread
// needed.

#include "guards.h"

#include <mutex>

//===----------------------------------------------------------------------===//
// An upgrade guard (utils/SyncTypes.h): a constructor that takes the
// lockable by another name (lock_upgrade()) and a destructor that releases
// it by another name (unlock_upgrade()) hold it shared: reads under it are
// protected against writers that hold it exclusively.
//===----------------------------------------------------------------------===//

class UpgradeReader {
public:
  int read_upgrade_ok() {
    grd::UpgradeLock<grd::UpgradeMutex> lk(mu_);
    return value_;
  }
  void write_exclusive_ok() {
    std::unique_lock<grd::UpgradeMutex> lk(mu_);
    value_ = 1;
  }

private:
  grd::UpgradeMutex mu_;
  int value_ = 0;
};

// A write under the upgrade guard alone is not exclusive: a shared reader
// runs beside it (reported at the read, whose lock does not keep the
// upgrade writer out).
class UpgradeWriter {
public:
  void write_upgrade_bad() {
    grd::UpgradeLock<grd::UpgradeMutex> lk(mu_);
    value_ = 1;
  }
  int read_shared_bad() {
    mu_.lock_shared();
    int v = value_;
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'value_' is read without holding 'this->mu_', while other member functions of 'UpgradeWriter' write it under that lock [conclint-unguarded-shared-state]
    mu_.unlock_shared();
    return v;
  }
  void write_exclusive_ok() {
    std::lock_guard<grd::UpgradeMutex> lk(mu_);
    value_ = 2;
  }

private:
  grd::UpgradeMutex mu_;
  int value_ = 0;
};

// A destructor that only converts the lock (unlock_upgrade_and_lock()) does
// not release it: the class is no guard, and holds no lock.
class ConvertReader {
public:
  int read_converter_bad() {
    grd::Converter<grd::UpgradeMutex> c(mu_);
    return value_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'value_' is read without holding 'this->mu_', while other member functions of 'ConvertReader' write it under that lock [conclint-unguarded-shared-state]
  }
  void write_exclusive_ok() {
    std::lock_guard<grd::UpgradeMutex> lk(mu_);
    value_ = 1;
  }

private:
  grd::UpgradeMutex mu_;
  int value_ = 0;
};

//===----------------------------------------------------------------------===//
// A relockable lock witness (`f(unique_lock<mutex> &)`, utils/GuardWitness.h):
// a non-virtual method taking it runs with the locks every visible caller
// holds around the call, up to the first use that may release the guard
// (a call that receives it, a non-const member call on it).
//===----------------------------------------------------------------------===//

// grd::State::valid(unique_lock&) and finish_internal(lk): callers pass
// their guard on mu_, the accesses come before any use of it (no warning
// in guards.h for valid_, done_ or waiters_).
// count_after_hand_off, count_after_unlock and count_in_loop read count_
// after the guard may have been released; count_after_query only asked it.
// CHECK-MESSAGES: {{.*}}guards.h:{{[0-9]+}}:12: warning: 'handed_' is read without holding 'this->mu_', while other member functions of 'State' write it under that lock [conclint-unguarded-shared-state]
// CHECK-MESSAGES: {{.*}}guards.h:{{[0-9]+}}:12: warning: 'unlocked_' is read without holding 'this->mu_', while other member functions of 'State' write it under that lock [conclint-unguarded-shared-state]
// CHECK-MESSAGES: {{.*}}guards.h:{{[0-9]+}}:14: warning: 'looped_' is read without holding 'this->mu_', while other member functions of 'State' write it under that lock [conclint-unguarded-shared-state]
void unique_lock_witness_ok() {
  grd::State s;
  s.invalidate();
  s.finish();
  s.add_waiter();
  bool b = s.valid() && s.done();
  (void)b;
  s.bump();
  (void)s.counts();
}

//===----------------------------------------------------------------------===//
// After the guard comes back locked (utils/GuardWitness.h): a callee that
// receives it and returns with it locked on every path (a local object that
// unlocks it and locks it again in its destructor), or a condition-variable
// wait with it.
//===----------------------------------------------------------------------===//

// grd::Waiter: wait_relocked reads relocked_ after run_callback(lk), whose
// Relocker locks again; wait_ready reads waited_ after cv_.wait(lk); only
// wait_released's read of released_ (run_unlocked does not lock again) is
// reported.
// CHECK-MESSAGES: {{.*}}guards.h:{{[0-9]+}}:12: warning: 'released_' is read without holding 'this->mu_', while other member functions of 'Waiter' write it under that lock [conclint-unguarded-shared-state]
void relocker_and_wait_ok() {
  grd::Waiter w;
  w.set();
  (void)w.get();
}

//===----------------------------------------------------------------------===//
// The constructor-only exemption follows helpers: a method every visible
// call of which is made on `this` by a constructor. Not a destructor's:
// Base::reset() is public teardown.
//===----------------------------------------------------------------------===//

// grd::Base::set_deferred() only from Deferred's constructor: silent;
// set_async() also from restart() on a shared object, and reset() from the
// destructor only: reported.
// CHECK-MESSAGES: {{.*}}guards.h:{{[0-9]+}}:22: warning: 'async_' is written without holding 'this->mu_', which guards it in other member functions of 'Base' [conclint-unguarded-shared-state]
// CHECK-MESSAGES: {{.*}}guards.h:{{[0-9]+}}:18: warning: 'counter_' is written without holding 'this->mu_', which guards it in other member functions of 'Base' [conclint-unguarded-shared-state]
void constructor_only_helper_ok() {
  grd::Deferred d;
  grd::Async a;
  grd::restart(a);
  d.run();
}

//===----------------------------------------------------------------------===//
// Which lock a witness's caller holds: through a smart pointer it cannot be
// named (some lock); a caller that passes on a guard it received itself
// passes on its callers' lock (some lock, while the guard is still held).
//===----------------------------------------------------------------------===//

// grd::Flag::ready(lk): from ready() under mu_ and from FlagUser::check()
// under p_->mu_: silent. grd::Relay::held(lk): from get() under mu_ and
// from the virtual get(lk) with its own guard: silent; released(lk) also
// from get_released(lk) after lk.unlock(): reported.
// CHECK-MESSAGES: {{.*}}guards.h:{{[0-9]+}}:57: warning: 'released_' is read without holding 'this->mu_', while other member functions of 'Relay' write it under that lock [conclint-unguarded-shared-state]
void witness_callers_ok() {
  grd::Flag f;
  f.set();
  grd::FlagUser u;
  bool b = f.ready() || u.check();
  (void)b;
  grd::Relay r;
  r.set();
  (void)r.get();
}

// grd::Catcher::fail_internal(lk): from fail() under mu_ and from a catch
// handler of run(): silent.
void witness_in_catch_ok() {
  grd::Catcher c;
  c.run();
  c.fail();
  (void)c.failed();
}

//===----------------------------------------------------------------------===//
// A method named only in condition-variable wait predicates runs with the
// lock the wait holds while it evaluates them.
//===----------------------------------------------------------------------===//

// grd::Latch::is_done() (a lambda predicate) and is_ready() (a bound member
// pointer): silent; is_open() is also called by peek(): reported.
// CHECK-MESSAGES: {{.*}}guards.h:{{[0-9]+}}:27: warning: 'open_' is read without holding 'this->mu_', while other member functions of 'Latch' write it under that lock [conclint-unguarded-shared-state]
void wait_predicate_ok() {
  grd::Latch l;
  l.finish();
  l.wait();
  l.wait_ready();
  l.wait_open();
  (void)l.peek();
}

// grd::Gauge::is_done() is named only in two wait predicates: one on the
// guard of a witness with no visible call (some lock), one on a guard of
// mu_: silent.
void wait_predicate_some_lock_ok() {
  grd::Gauge g;
  g.finish();
  g.drain();
}

// grd::Continuation::attach(unique_lock&) is virtual; its only visible
// caller holds mu_, and no call reaches it through a base: a witness
// (unguarded-shared-state-virtual-witness.cpp), silent.
void virtual_witness_ok() {
  grd::Continuation c;
  c.finish();
  c.attach();
}
