// RUN: %check_conclint %s conclint-double-lock %t -- -std=c++17-or-later -pthread

// conclint-double-lock: a non-recursive mutex locked again while it may
// already be held on that path (directly or through a callee), and a mutex
// unlocked where it is certainly not held. Every case uses mutexes of its own.

#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <thread>

bool cond();
void work();

// ---------------------------------------------------------------------------
// Relock, directly.

std::mutex m1;
void guard_then_lock_bad() {
  std::lock_guard<std::mutex> g(m1);
  m1.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm1' is locked again while it may already be held on this path; a non-recursive mutex deadlocks [conclint-double-lock]
}

std::mutex m2;
void lock_twice_bad() {
  m2.lock();
  work();
  m2.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm2' is locked again
  m2.unlock();
}

std::mutex m3;
void two_guards_bad() {
  std::unique_lock<std::mutex> a(m3);
  std::unique_lock<std::mutex> b(m3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm3' is locked again
}

std::mutex m4;
void maybe_held_bad() {
  if (cond())
    m4.lock();
  m4.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm4' is locked again
}

std::mutex m5;
void loop_without_unlock_bad(int n) {
  for (int i = 0; i < n; ++i) {
    m5.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'm5' is locked again
    work();
  }
}

std::shared_mutex sm1;
void shared_then_exclusive_bad() {
  std::shared_lock<std::shared_mutex> r(sm1);
  std::unique_lock<std::shared_mutex> w(sm1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'sm1' is locked again
}

std::shared_mutex sm2;
void exclusive_then_shared_bad() {
  sm2.lock();
  sm2.lock_shared();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'sm2' is locked again
}

std::timed_mutex tm1;
void timed_mutex_bad() {
  std::lock_guard<std::timed_mutex> g(tm1);
  tm1.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'tm1' is locked again
}

std::mutex m6a, m6b;
void scoped_lock_then_lock_bad() {
  std::scoped_lock g(m6a, m6b);
  m6b.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm6b' is locked again
}

std::mutex m7a, m7b;
void std_lock_then_guard_bad() {
  std::lock(m7a, m7b);
  std::lock_guard<std::mutex> g(m7a);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm7a' is locked again
}

std::mutex m8;
void try_lock_then_lock_bad() {
  if (m8.try_lock()) {
    m8.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'm8' is locked again
    m8.unlock();
  }
}

std::mutex m9;
void reference_alias_bad() {
  std::mutex &r = m9;
  std::lock_guard<std::mutex> g(m9);
  r.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm9' is locked again
}

std::mutex m10;
void pointer_alias_bad() {
  std::mutex *p = &m10;
  p->lock();
  m10.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm10' is locked again
}

std::mutex mus[4];
void array_element_bad() {
  std::lock_guard<std::mutex> g(mus[1]);
  mus[1].lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'mus[1]' is locked again
}

struct Account {
  std::mutex m;
  long balance = 0;
};
void parameter_bad(Account &a) {
  std::lock_guard<std::mutex> g(a.m);
  a.balance += 1;
  a.m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'a.m' is locked again
}

std::mutex m11;
void deferred_lock_twice_bad() {
  std::unique_lock<std::mutex> lk(m11, std::defer_lock);
  lk.lock();
  lk.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm11' is locked again
}

// ---------------------------------------------------------------------------
// Relock through a callee.

std::mutex c1;
void takes_c1() { std::lock_guard<std::mutex> g(c1); }
void callee_relocks_bad() {
  std::lock_guard<std::mutex> g(c1);
  takes_c1();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'c1' may already be held when 'takes_c1' locks it again; a non-recursive mutex deadlocks [conclint-double-lock]
}

std::mutex c2;
void takes_c2_inner() { c2.lock(); c2.unlock(); }
void takes_c2_outer() { takes_c2_inner(); }
void two_calls_deep_bad() {
  std::lock_guard<std::mutex> g(c2);
  takes_c2_outer();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'c2' may already be held when 'takes_c2_outer' locks it again
}

void lock_param(std::mutex &m) { m.lock(); }
std::mutex c3;
void callee_locks_argument_bad() {
  std::lock_guard<std::mutex> g(c3);
  lock_param(c3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'c3' may already be held when 'lock_param' locks it again
}

void lock_pointer(std::mutex *m) { std::lock_guard<std::mutex> g(*m); }
std::mutex c4;
void callee_locks_pointee_bad() {
  c4.lock();
  lock_pointer(&c4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'c4' may already be held when 'lock_pointer' locks it again
  c4.unlock();
}

std::mutex c5;
void acquire_c5() { c5.lock(); }
void callee_returns_held_bad() {
  acquire_c5();
  c5.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'c5' is locked again
}

std::mutex c6;
void acquire_c6() { c6.lock(); }
void acquire_twice_bad() {
  acquire_c6();
  acquire_c6();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'c6' may already be held when 'acquire_c6' locks it again
}

class Cache {
public:
  void put(int k) {
    std::lock_guard<std::mutex> g(mu_);
    if (size() > 10)
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: mutex 'this->mu_' may already be held when 'size' locks it again
      evict();
    last_ = k;
  }
  int size() {
    std::lock_guard<std::mutex> g(mu_);
    return last_;
  }

private:
  void evict() {}
  std::mutex mu_;
  int last_ = 0;
};

struct Ledger {
  std::mutex m;
  long total = 0;
  void add(long v) {
    std::lock_guard<std::mutex> g(m);
    total += v;
  }
};
void member_through_object_bad(Ledger &l) {
  std::lock_guard<std::mutex> g(l.m);
  l.add(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'l.m' may already be held when 'add' locks it again
}

std::mutex c7;
void lambda_called_under_lock_bad() {
  auto flush = [] { std::lock_guard<std::mutex> g(c7); };
  std::lock_guard<std::mutex> g(c7);
  flush();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'c7' may already be held when 'operator()' locks it again
}

struct Registry {
  static std::mutex mu;
  static void touch() { std::lock_guard<std::mutex> g(mu); }
};
std::mutex Registry::mu;
void static_member_bad() {
  std::lock_guard<std::mutex> g(Registry::mu);
  Registry::touch();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'mu' may already be held when 'touch' locks it again
}

// ---------------------------------------------------------------------------
// Unlock of a mutex that is not held.

std::mutex u1;
void unlock_twice_bad() {
  u1.lock();
  u1.unlock();
  u1.unlock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'u1' is unlocked but it is not held on any path to here; unlocking a mutex that is not held is undefined behavior [conclint-double-lock]
}

std::mutex u2;
void unlock_after_guard_scope_bad() {
  {
    std::lock_guard<std::mutex> g(u2);
    work();
  }
  u2.unlock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'u2' is unlocked but it is not held
}

std::mutex u3;
void manual_unlock_under_guard_bad() {
  std::lock_guard<std::mutex> g(u3);
  work();
  u3.unlock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'u3' is unlocked while 'g' owns it, and 'g' unlocks it again at the end of its scope; unlocking a mutex that is not held is undefined behavior [conclint-double-lock]
}

std::mutex u4;
void unique_lock_then_manual_bad() {
  std::unique_lock<std::mutex> lk(u4);
  lk.unlock();
  u4.unlock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'u4' is unlocked but it is not held
}

std::mutex u5;
void release_u5() { u5.unlock(); }
void callee_unlocks_twice_bad() {
  u5.lock();
  release_u5();
  release_u5();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'release_u5' unlocks mutex 'u5', which is not held on any path to here; unlocking a mutex that is not held is undefined behavior [conclint-double-lock]
}

std::shared_mutex u6;
void unlock_shared_twice_bad() {
  u6.lock_shared();
  u6.unlock_shared();
  u6.unlock_shared();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'u6' is unlocked but it is not held
}

// ---------------------------------------------------------------------------
// Correct code: silent.

std::mutex k1;
void lock_unlock_lock_ok() {
  k1.lock();
  k1.unlock();
  k1.lock();
  k1.unlock();
}

std::recursive_mutex rk1;
void recursive_mutex_ok() {
  std::lock_guard<std::recursive_mutex> g(rk1);
  rk1.lock();
  rk1.unlock();
}

std::recursive_mutex rk2;
void takes_rk2() { std::lock_guard<std::recursive_mutex> g(rk2); }
void recursive_through_callee_ok() {
  std::lock_guard<std::recursive_mutex> g(rk2);
  takes_rk2();
}

void different_instances_ok(Account &a, Account &b) {
  std::lock_guard<std::mutex> g(a.m);
  std::lock_guard<std::mutex> h(b.m);
}

std::mutex karr[4];
void different_elements_ok() {
  std::lock_guard<std::mutex> g(karr[0]);
  std::lock_guard<std::mutex> h(karr[1]);
}

std::mutex k2;
void unique_lock_relock_ok() {
  std::unique_lock<std::mutex> lk(k2);
  lk.unlock();
  work();
  lk.lock();
}

std::mutex k3;
void try_lock_under_lock_ok() {
  std::lock_guard<std::mutex> g(k3);
  // try_lock does not block (it is undefined on an owned std::mutex, but
  // this check is about deadlocks).
  work();
}

std::shared_mutex ks1;
void shared_twice_ok() {
  std::shared_lock<std::shared_mutex> a(ks1);
  work();
}

std::mutex k4a, k4b;
void takes_k4b() { std::lock_guard<std::mutex> g(k4b); }
void callee_other_mutex_ok() {
  std::lock_guard<std::mutex> g(k4a);
  takes_k4b();
}

void callee_local_mutex() {
  std::mutex local;
  std::lock_guard<std::mutex> g(local);
}
std::mutex k5;
void callee_own_local_ok() {
  std::lock_guard<std::mutex> g(k5);
  callee_local_mutex();
}

std::mutex k6;
void release_k6() { k6.unlock(); }
void callee_releases_then_relock_ok() {
  k6.lock();
  release_k6();
  k6.lock();
  k6.unlock();
}

std::mutex k7;
void unlock_callers_lock_ok() {
  // The caller holds it: nothing here says it is not held.
  k7.unlock();
}

std::mutex k8;
void deferred_then_lock_ok() {
  std::unique_lock<std::mutex> lk(k8, std::defer_lock);
  lk.lock();
}

std::mutex k9;
void adopt_after_lock_ok() {
  k9.lock();
  std::lock_guard<std::mutex> g(k9, std::adopt_lock);
}

std::mutex k10;
std::condition_variable kcv;
bool kready = false;
void condition_wait_ok() {
  std::unique_lock<std::mutex> lk(k10);
  kcv.wait(lk, [] { return kready; });
  kready = false;
}

std::mutex k11;
void loop_with_unlock_ok(int n) {
  for (int i = 0; i < n; ++i) {
    k11.lock();
    work();
    k11.unlock();
  }
}

std::mutex k12;
void either_branch_ok() {
  if (cond()) {
    std::lock_guard<std::mutex> g(k12);
    work();
  } else {
    std::lock_guard<std::mutex> g(k12);
    work();
  }
}

std::mutex k13a, k13b;
void std_lock_adopt_ok() {
  std::lock(k13a, k13b);
  std::lock_guard<std::mutex> g1(k13a, std::adopt_lock);
  std::lock_guard<std::mutex> g2(k13b, std::adopt_lock);
}

std::mutex k14;
void lambda_not_called_under_lock_ok() {
  auto flush = [] { std::lock_guard<std::mutex> g(k14); };
  {
    std::lock_guard<std::mutex> g(k14);
    work();
  }
  flush();
}

std::mutex k15;
void guard_scope_then_lock_ok() {
  {
    std::lock_guard<std::mutex> g(k15);
  }
  k15.lock();
  k15.unlock();
}

std::mutex k16;
void thread_body_not_run_here_ok() {
  std::thread t([] { std::lock_guard<std::mutex> g(k16); });
  t.join();
  std::lock_guard<std::mutex> g(k16);
}

struct SpinLock {
  void lock() {}
  void unlock() {}
};
SpinLock spin;
void project_lockable_not_configured_ok() {
  // Whether SpinLock is recursive is not known: see NonRecursiveLockTypes.
  spin.lock();
  spin.lock();
}

struct Base {
  virtual void step() {}
  virtual ~Base() = default;
};
std::mutex k17;
void virtual_callee_ok(Base &b) {
  // The override that runs is not known here.
  std::lock_guard<std::mutex> g(k17);
  b.step();
}

class Counter {
public:
  void inc() {
    std::lock_guard<std::mutex> g(mu_);
    bump();
  }

private:
  void bump() { ++n_; } // called with mu_ held, does not lock
  std::mutex mu_;
  int n_ = 0;
};

std::mutex k18;
void unique_lock_unlock_then_scope_end_ok() {
  std::unique_lock<std::mutex> lk(k18);
  lk.unlock();
  work();
}

std::mutex k19;
void release_unlocks_ok() {
  std::unique_lock<std::mutex> lk(k19);
  std::mutex *raw = lk.release();
  raw->unlock();
}

void recursion_ok(int n) {
  static std::mutex r;
  if (n == 0)
    return;
  {
    std::lock_guard<std::mutex> g(r);
    work();
  }
  recursion_ok(n - 1);
}

// ---------------------------------------------------------------------------
// A callee that gives the caller's lock back before it takes it again
// (unlock, slow work, lock) re-acquires it: no second acquire. Only when it
// releases first on every path.

class Store {
public:
  void flush_ok() {
    std::lock_guard<std::mutex> g(mu_);
    write_out(); // releases mu_ around the I/O, holds it again on return
    ++n_;
  }
  void flush_twice_ok() {
    mu_.lock();
    write_out();
    write_out();
    mu_.unlock();
  }

private:
  void write_out() {
    mu_.unlock();
    work();
    mu_.lock();
  }
  std::mutex mu_;
  int n_ = 0;
};

// The same through a wrapper and one more call level.
class Mu {
public:
  void Lock() { m_.lock(); }
  void Unlock() { m_.unlock(); }

private:
  std::mutex m_;
};
struct Db {
  Mu mu;
  void build() {
    mu.Unlock();
    work();
    mu.Lock();
  }
  void compact() {
    if (cond())
      return;
    build();
  }
  void open_ok() {
    mu.Lock();
    compact();
    mu.Unlock();
  }
};

std::mutex r1;
void gives_back_on_one_path(bool b) {
  if (b)
    r1.unlock();
  r1.lock();
}
void callee_gives_back_on_one_path_bad() {
  std::lock_guard<std::mutex> g(r1);
  gives_back_on_one_path(cond());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'r1' may already be held when 'gives_back_on_one_path' locks it again
}

std::mutex r2;
void locks_then_cycles() {
  r2.lock();
  r2.unlock();
  work();
  r2.lock();
}
void callee_locks_before_giving_back_bad() {
  r2.lock();
  locks_then_cycles();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'r2' may already be held when 'locks_then_cycles' locks it again
  r2.unlock();
}

// ---------------------------------------------------------------------------
// Known limits, kept visible.

std::mutex f1[4];
void FN_same_index_variables(int i, int j) {
  // i == j is not known: two different index variables may name two mutexes.
  std::lock_guard<std::mutex> g(f1[i]);
  if (i == j)
    f1[j].lock();
}

void FN_pthread_default_type() {
  // A pthread mutex may be initialised recursive: not in the default
  // NonRecursiveLockTypes.
  static pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&pm);
  pthread_mutex_lock(&pm);
}

std::mutex f2;
void FP_correlated_branches(bool b) {
  // The may set does not know that the two conditions exclude each other.
  if (b)
    f2.lock();
  if (!b)
    f2.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'f2' is locked again
  f2.unlock();
}

std::mutex d1a, d1b;
void std_lock_on_deferred_guards_bad() {
  std::unique_lock<std::mutex> g(d1a, std::defer_lock), h(d1b, std::defer_lock);
  std::lock(g, h);
  d1a.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'd1a' is locked again
}

std::mutex d2a, d2b;
void std_lock_on_deferred_guards_ok() {
  std::unique_lock<std::mutex> g(d2a, std::defer_lock), h(d2b, std::defer_lock);
  std::lock(g, h);
  g.unlock();
  d2a.lock();
  d2a.unlock();
}

// ---------------------------------------------------------------------------
// A path through a variable that is assigned between the two locks names
// another mutex the second time: a loop taking every mutex of an array
// through an advancing pointer or index locks each one once.

std::mutex ring[4];
void lock_each_through_pointer_ok() {
  for (std::mutex *p = ring, *e = ring + 4; p != e; ++p)
    p->lock();
}

void lock_each_through_pointer_assign_ok(std::mutex *first, int n) {
  std::mutex *cur = first;
  for (int i = 0; i < n; i++) {
    cur->lock();
    cur = cur + 1;
  }
}

struct Shard { std::mutex mu; };
void lock_each_through_index_ok(Shard *shards, int n) {
  int i = 0;
  while (i < n) {
    shards[i].mu.lock();
    i += 1;
  }
}

// Assigning the pointer does not give the lock back: the same pointer
// locked twice with no write in between still deadlocks...
void pointer_not_advanced_bad(std::mutex *first, int n) {
  std::mutex *cur = first;
  for (int i = 0; i < n; i++) {
    cur->lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex '*cur' is locked again
    work();
  }
}

// ...and writing an unrelated variable keeps the fact.
void other_variable_written_bad(std::mutex *cur, int n) {
  for (int i = 0; i < n; ++i) {
    cur->lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex '*cur' is locked again
  }
}

// An object assigned as a whole keeps its own mutex: `a.mu` is the same
// mutex after `a = b`.
struct Purse {
  std::mutex mu;
  int balance = 0;
  Purse &operator=(const Purse &o) {
    balance = o.balance;
    return *this;
  }
};
void whole_object_assigned_bad(Purse &a, const Purse &b) {
  a.mu.lock();
  a = b;
  a.mu.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'a.mu' is locked again
}

// ---------------------------------------------------------------------------
// A guard's ownership test decides what it holds: the try_lock that
// succeeded skips the lock(), so lock() runs only where the guard does not
// own the mutex (the held set of the `||` join is dropped on that edge).

std::mutex m30;
void try_else_lock_owns_ok(bool fast) {
  std::unique_lock<std::mutex> lk(m30, std::defer_lock);
  if (fast || lk.try_lock()) {
    if (!lk.owns_lock())
      lk.lock();
    work();
  }
}

std::mutex m31;
void try_else_lock_bool_ok() {
  std::unique_lock<std::mutex> lk(m31, std::try_to_lock);
  if (!lk)
    lk.lock();
  work();
}

// Owned on the true edge: locking there is a relock.
std::mutex m32;
void owned_then_lock_bad(bool fast) {
  std::unique_lock<std::mutex> lk(m32, std::defer_lock);
  if (fast || lk.try_lock()) {
    if (lk.owns_lock())
      m32.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: mutex 'm32' is locked again
  }
}
