// RUN: %check_conclint %s conclint-unreleased-lock %t -- -std=c++17-or-later -pthread

// Manual lock()/unlock() where some path leaves the scope with the lock
// held: an early return, a break or continue, an exception. `_bad` must be
// reported, `_ok` not; FN_/FP_ are the known misses, kept visible.

#include <map>
#include <mutex>
#include <new>
#include <pthread.h>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <vector>

std::mutex m, other;
std::shared_mutex sm;
std::timed_mutex tm;
int n = 0;
std::map<int, int> table;

int parse(int x) {
  if (x < 0)
    throw std::invalid_argument("negative");
  return x;
}
int checked(int x) { return parse(x) + 1; }
int pure(int x) noexcept { return x * 2; }
void log_line(const std::string &) {}

//===----------------------------------------------------------------------===//
// Early return
//===----------------------------------------------------------------------===//

int early_return_bad(bool fail) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope; the next attempt to lock it blocks forever [conclint-unreleased-lock]
  if (fail)
    return -1;
  ++n;
  m.unlock();
  return n;
}

void early_return_void_bad(int key) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope
  auto it = table.find(key);
  if (it == table.end())
    return;
  it->second += 1;
  m.unlock();
}

struct Account {
  std::mutex mu_;
  long balance_ = 0;
  bool withdraw_bad(long amount) {
    mu_.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'this->mu_' stays locked when 'return' leaves the scope
    if (amount > balance_)
      return false;
    balance_ -= amount;
    mu_.unlock();
    return true;
  }
  bool withdraw_ok(long amount) {
    mu_.lock();
    if (amount > balance_) {
      mu_.unlock();
      return false;
    }
    balance_ -= amount;
    mu_.unlock();
    return true;
  }
};

void pointer_bad(std::mutex *pm, bool stop) {
  pm->lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: '*pm' stays locked when 'return' leaves the scope
  // CHECK-FIXES: {{^}}  std::lock_guard<std::mutex> guard(*pm);{{$}}
  if (stop)
    return;
  ++n;
  pm->unlock();
}

void shared_bad(bool stop) {
  sm.lock_shared();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'sm' stays locked when 'return' leaves the scope
  // CHECK-FIXES: {{^}}  std::shared_lock<std::shared_mutex> guard(sm);{{$}}
  if (stop)
    return;
  n += table.size();
  sm.unlock_shared();
}

void timed_bad(bool stop) {
  tm.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'tm' stays locked when 'return' leaves the scope
  if (stop)
    return;
  ++n;
  tm.unlock();
}

int two_returns_bad(int a) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope
  if (a == 0)
    return 0;
  if (a == 1)
    return 1;
  m.unlock();
  return 2;
}

void nested_if_return_bad(int a, int b) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope
  if (a > 0) {
    if (b > 0)
      return;
    n += a;
  }
  m.unlock();
}

pthread_mutex_t pm_ = PTHREAD_MUTEX_INITIALIZER;
int pthread_bad(bool fail) {
  pthread_mutex_lock(&pm_);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pm_' stays locked when 'return' leaves the scope
  if (fail)
    return -1;
  ++n;
  pthread_mutex_unlock(&pm_);
  return 0;
}

void try_lock_bad(bool stop) {
  if (m.try_lock()) {
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'm' stays locked when 'return' leaves the scope
    if (stop)
      return;
    ++n;
    m.unlock();
  }
}

void two_mutexes_bad(bool stop) {
  m.lock();
  other.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'other' stays locked when 'return' leaves the scope
  if (stop) {
    m.unlock();
    return;
  }
  ++n;
  other.unlock();
  m.unlock();
}

//===----------------------------------------------------------------------===//
// break and continue
//===----------------------------------------------------------------------===//

void continue_bad(const std::vector<int> &v) {
  for (int x : v) {
    m.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm' stays locked when 'continue' leaves the scope
    // CHECK-FIXES: {{^}}    std::lock_guard<std::mutex> guard(m);{{$}}
    if (x == 0)
      continue;
    n += x;
    m.unlock();
  }
}

void break_bad(const std::vector<int> &v) {
  for (int x : v) {
    m.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm' stays locked when 'break' leaves the scope
    if (x < 0)
      break;
    n += x;
    m.unlock();
  }
}

void while_break_bad(int k) {
  while (k-- > 0) {
    m.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm' stays locked when 'break' leaves the scope
    if (table.count(k))
      break;
    table[k] = k;
    m.unlock();
  }
}

void switch_return_bad(int cmd) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope
  switch (cmd) {
  case 0:
    n = 0;
    break;
  case 1:
    return;
  default:
    ++n;
  }
  m.unlock();
}

//===----------------------------------------------------------------------===//
// Exceptions
//===----------------------------------------------------------------------===//

void throw_in_scope_bad(int x) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'throw' leaves the scope
  if (x < 0)
    throw std::invalid_argument("x");
  n = x;
  m.unlock();
}

void callee_throws_bad(int x) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when an exception from 'parse' leaves the scope
  n = parse(x);
  m.unlock();
}

void callee_throws_deep_bad(int x) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when an exception from 'checked' leaves the scope
  n = checked(x);
  m.unlock();
}

void try_around_bad(const std::string &s) {
  try {
    m.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm' stays locked when an exception from 'stoi' leaves the scope
    n = std::stoi(s);
    m.unlock();
  } catch (const std::exception &) {
    n = 0;
  }
}

void try_around_log_bad(const std::string &s) {
  try {
    m.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm' stays locked when an exception from 'log_line' leaves the scope
    log_line(s);
    m.unlock();
  } catch (...) {
  }
}

//===----------------------------------------------------------------------===//
// Correct code
//===----------------------------------------------------------------------===//

void guard_ok(bool stop) {
  std::lock_guard<std::mutex> g(m);
  if (stop)
    return;
  ++n;
}

void unique_lock_unlock_ok(bool stop) {
  std::unique_lock<std::mutex> lk(m);
  if (stop)
    return;
  lk.unlock();
  ++n;
}

void unlock_before_every_return_ok(bool stop) {
  m.lock();
  if (stop) {
    m.unlock();
    return;
  }
  ++n;
  m.unlock();
}

void continue_after_unlock_ok(const std::vector<int> &v) {
  for (int x : v) {
    m.lock();
    n += x;
    m.unlock();
    if (x == 0)
      continue;
  }
}

void break_inside_inner_loop_ok(const std::vector<int> &v) {
  m.lock();
  for (int x : v)
    if (x < 0)
      break;
  m.unlock();
}

void switch_break_ok(int cmd) {
  m.lock();
  switch (cmd) {
  case 0:
    n = 0;
    break;
  default:
    ++n;
  }
  m.unlock();
}

void noexcept_callee_ok(int x) {
  m.lock();
  n = pure(x);
  m.unlock();
}

void no_throw_callee_ok(int x) {
  m.lock();
  n = x + table.size();
  m.unlock();
}

// The handler unlocks and rethrows.
void try_inside_unlocks_ok(int x) {
  m.lock();
  try {
    n = parse(x);
  } catch (...) {
    m.unlock();
    throw;
  }
  m.unlock();
}

// The handler falls through to the unlock.
void try_inside_falls_through_ok(int x) {
  m.lock();
  try {
    n = parse(x);
  } catch (const std::exception &) {
    n = 0;
  }
  m.unlock();
}

// A lock wrapper: returns with the lock held on purpose.
struct Lockable {
  std::mutex mu_;
  void lock() { mu_.lock(); }
  void unlock() { mu_.unlock(); }
};

// Acquires on success: the caller unlocks.
bool acquire_if_valid_ok(bool valid) {
  m.lock();
  if (!valid) {
    m.unlock();
    return false;
  }
  return true;
}

// Handed to a guard that adopts it.
void adopt_ok(bool stop) {
  m.lock();
  std::lock_guard<std::mutex> g(m, std::adopt_lock);
  if (stop)
    return;
  ++n;
}

void std_lock_both_ok() {
  std::lock(m, other);
  ++n;
  other.unlock();
  m.unlock();
}

void try_lock_failed_return_ok() {
  if (!m.try_lock())
    return;
  ++n;
  m.unlock();
}

void pthread_ok(bool fail) {
  pthread_mutex_lock(&pm_);
  if (fail) {
    pthread_mutex_unlock(&pm_);
    return;
  }
  ++n;
  pthread_mutex_unlock(&pm_);
}

void return_after_unlock_ok(bool stop) {
  m.lock();
  ++n;
  m.unlock();
  if (stop)
    return;
  ++n;
}

void lambda_return_ok() {
  m.lock();
  auto f = [](int x) {
    if (x)
      return 1;
    return 0;
  };
  n = f(n);
  m.unlock();
}

void goto_free_loop_ok(int k) {
  for (int i = 0; i < k; ++i) {
    m.lock();
    ++n;
    m.unlock();
    if (n > 100)
      break;
  }
}

std::recursive_mutex rm;
void recursive_bad(int depth) {
  rm.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'rm' stays locked when 'return' leaves the scope
  if (depth == 0)
    return;
  recursive_bad(depth - 1);
  rm.unlock();
}

void return_from_inner_loop_bad(const std::vector<int> &v) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope
  for (int x : v)
    if (x < 0)
      return;
  n += v.size();
  m.unlock();
}

void do_while_continue_bad(int k) {
  do {
    m.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm' stays locked when 'continue' leaves the scope
    if (k % 2)
      continue;
    ++n;
    m.unlock();
  } while (--k > 0);
}

void rethrow_bad(int x) {
  try {
    m.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm' stays locked when an exception from 'parse' leaves the scope
    n = parse(x);
    m.unlock();
  } catch (...) {
    throw;
  }
}

void if_else_unlock_ok(bool c) {
  m.lock();
  if (c) {
    ++n;
    m.unlock();
  } else {
    --n;
    m.unlock();
  }
}

void scoped_lock_ok(bool stop) {
  std::scoped_lock both(m, other);
  if (stop)
    return;
  ++n;
}

void return_before_lock_ok(bool stop) {
  if (stop)
    return;
  m.lock();
  ++n;
  m.unlock();
}

void throw_after_unlock_ok(int x) {
  m.lock();
  n = x;
  m.unlock();
  if (x < 0)
    throw std::invalid_argument("x");
}

// A begin/end pair: the lock is meant to outlive the function.
void begin_update() { m.lock(); }
void end_update() { m.unlock(); }

void recursive_unlock_every_path_ok(int depth) {
  rm.lock();
  if (depth == 0) {
    rm.unlock();
    return;
  }
  recursive_unlock_every_path_ok(depth - 1);
  rm.unlock();
}

void try_lock_unlocks_every_path_ok(bool stop) {
  if (m.try_lock()) {
    if (stop) {
      m.unlock();
      return;
    }
    ++n;
    m.unlock();
  }
}

// pthread_mutex_lock returns an error number when it fails: on that branch
// nothing was locked, so leaving there leaks nothing.
void pthread_checked_throw_ok(int x) {
  if (pthread_mutex_lock(&pm_))
    throw std::runtime_error("cannot lock");
  n = x;
  pthread_mutex_unlock(&pm_);
}

int pthread_checked_return_ok(int x) {
  if (pthread_mutex_lock(&pm_) != 0)
    return -1;
  n = x;
  pthread_mutex_unlock(&pm_);
  return 0;
}

// The success branch leaks as before.
int pthread_checked_success_branch_bad(bool stop) {
  if (0 == pthread_mutex_lock(&pm_)) {
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'pm_' stays locked when 'return' leaves the scope
    if (stop)
      return 1;
    ++n;
    pthread_mutex_unlock(&pm_);
  }
  return 0;
}

void pthread_checked_then_throw_bad(int x) {
  if (pthread_mutex_lock(&pm_))
    return;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'pm_' stays locked when 'throw' leaves the scope
  if (x < 0)
    throw std::invalid_argument("x");
  n = x;
  pthread_mutex_unlock(&pm_);
}

// A lockable's own lock operations throw only when the primitive fails
// (here: like boost::mutex, whose lock() throws boost::lock_error); they
// are not exception sources while another lock is held.
struct ThrowingMutex {
  void lock() {
    if (pthread_mutex_lock(&pm_))
      throw std::runtime_error("lock failed");
  }
  void unlock() { pthread_mutex_unlock(&pm_); }
  void unlock_and_lock_shared() {
    if (pthread_mutex_lock(&pm_))
      throw std::runtime_error("convert failed");
  }
};
ThrowingMutex tm1, tm2;
void lock_operation_under_lock_ok() {
  m.lock();
  tm1.lock();
  tm1.unlock_and_lock_shared();
  tm1.unlock();
  m.unlock();
}

// An ordinary member of a class that happens to be lockable still throws.
struct Ledger {
  void lock() { m.lock(); }
  void unlock() { m.unlock(); }
  void debit(int x) {
    if (x < 0)
      throw std::invalid_argument("x");
  }
};
Ledger ledger;
void lockable_member_throws_bad(int x) {
  other.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'other' stays locked when an exception from 'debit' leaves the scope
  ledger.debit(x);
  other.unlock();
}

//===----------------------------------------------------------------------===//
// Known limits
//===----------------------------------------------------------------------===//

// Locked and unlocked under the same condition: the analysis does not
// relate the two tests, and stays silent (no path is certainly leaking).
void conditional_lock_ok(bool c) {
  if (c)
    m.lock();
  ++n;
  if (c)
    m.unlock();
}

// A standard library call that can throw (std::map::at) outside any try:
// its body is in a system header, so it does not visibly throw.
void FN_library_throws(int key) {
  m.lock();
  n = table.at(key);
  m.unlock();
}

// The leaking path is a goto: not followed.
void FN_goto(bool stop) {
  m.lock();
  if (stop)
    goto out;
  ++n;
  m.unlock();
out:
  return;
}

// A callee whose only throw is a precondition guard on its receiver
// (utils/Throws.h): then() on an empty task. It throws only on a misuse,
// which the call shows or not: a task of unknown state (returned by a
// function) stays silent, a default-constructed one (impl null by its
// default initialiser) is reported (bench/triage.d/deadlock.py:
// UL-THROW-PRECONDITION-NOT-REACHABLE).
struct Task {
  int *impl = nullptr;
  Task then(int x) const {
    if (!impl)
      throw std::logic_error("then() on an empty task");
    return Task{impl + x};
  }
};
int slot = 0;
Task make_task() { return Task{&slot}; }
void throw_behind_precondition_ok(int x) {
  m.lock();
  make_task().then(x);
  m.unlock();
}
void then_on_default_task_bad(int x) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when an exception from 'then' leaves the scope
  Task t;
  t.then(x);
  m.unlock();
}
// A callee whose only throw is an allocation failure (std::bad_alloc, as
// pplx's cancellation list throws when malloc fails): not counted, as
// operator new is not (utils/Throws.h).
struct Node {
  int *mem = nullptr;
  void reserve() {
    mem = new (std::nothrow) int[8];
    if (mem == nullptr)
      throw std::bad_alloc();
  }
  void reserve_or_fail() {
    mem = new (std::nothrow) int[8];
    if (mem == nullptr)
      throw std::runtime_error("no memory");
  }
};
void allocation_failure_only_ok(Node &node) {
  m.lock();
  node.reserve();
  m.unlock();
}
void other_failure_bad(Node &node) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when an exception from 'reserve_or_fail' leaves the scope
  node.reserve_or_fail();
  m.unlock();
}
// The same test after the callee has run something: the state may come
// from what it ran, so the throw stays a witness.
struct Stream {
  int *buf = nullptr;
  void refill();
  void next() {
    refill();
    if (!buf)
      throw std::runtime_error("stream exhausted");
  }
};
void check_after_call_bad(Stream &s) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when an exception from 'next' leaves the scope
  s.next();
  m.unlock();
}

// A callee unlocks on the early path; lock facts are per function, so the
// return still looks like it leaks.
void unlock_m() { m.unlock(); }
void FP_callee_unlocks(bool stop) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope
  if (stop) {
    unlock_m();
    return;
  }
  ++n;
  m.unlock();
}

// A guard's ownership test (utils/Lockset.h): the guard releases what it
// owns at the end of its scope on every path, whether the try_lock or the
// lock() took the mutex.
std::mutex owns_mu;
void try_else_lock_guard_ok(bool fast) {
  std::unique_lock<std::mutex> lk(owns_mu, std::defer_lock);
  if (fast || lk.try_lock()) {
    if (!lk.owns_lock())
      lk.lock();
  }
}
