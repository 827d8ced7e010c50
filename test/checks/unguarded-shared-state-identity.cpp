// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++11-or-later -pthread
// From C++11: before C++17 `std::future<void> f = p.get_future();` is a move
// construction, which the promise/future hand-off rule looks through
// (promise_future_handoff_ok).

// Lock identity as an access path (`acct.m` is not `other.m`), lockables
// and guards recognised by shape, synchronisation members, different data
// members, and issue 13's rule for member calls. Every case uses variables
// of its own.

#include <atomic>
#include <condition_variable>
#include <future>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

// ---------------------------------------------------------------------------
// A struct that owns its mutex and its data.

struct Account {
  std::mutex m;
  long balance = 0;
};

// A global account.
Account global_acct;
void owning_struct_global_ok() {
  auto deposit = [] {
    std::lock_guard<std::mutex> g(global_acct.m);
    global_acct.balance += 1;
  };
  std::thread a(deposit);
  std::thread b(deposit);
  a.join();
  b.join();
}

// A local account passed by reference to a worker function.
void deposit_into(Account &acct) {
  std::lock_guard<std::mutex> g(acct.m);
  acct.balance += 1;
}
void owning_struct_local_by_reference_ok() {
  Account acct;
  std::thread a(deposit_into, std::ref(acct));
  std::thread b([&acct] { deposit_into(acct); });
  a.join();
  b.join();
}

// An array of accounts, each locked by its own mutex.
Account accounts[8];
void deposit_nth(int i) {
  std::lock_guard<std::mutex> g(accounts[i].m);
  accounts[i].balance += 1;
}
void owning_struct_array_ok() {
  std::thread a(deposit_nth, 1);
  std::thread b(deposit_nth, 2);
  a.join();
  b.join();
}

// A reference alias to the mutex and a constant pointer to it.
Account aliased_acct;
void alias_lock_ok() {
  std::thread a([] {
    auto &m = aliased_acct.m;
    std::lock_guard<std::mutex> g(m);
    aliased_acct.balance += 1;
  });
  std::thread b([] {
    std::mutex *p = &aliased_acct.m;
    p->lock();
    aliased_acct.balance += 2;
    p->unlock();
  });
  a.join();
  b.join();
}

// Two instances, two mutexes: the threads lock different objects' mutexes
// around the same variable.
Account first_acct, second_acct;
long shared_total = 0;
void two_instances_bad() {
  std::thread a([] {
    std::lock_guard<std::mutex> g(first_acct.m);
    shared_total += 1;
  });
  std::thread b([] {
    std::lock_guard<std::mutex> g(second_acct.m);
    shared_total += 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'shared_total' is written without holding 'first_acct.m', which guards it elsewhere, while other threads access it [conclint-unguarded-shared-state]
  });
  a.join();
  b.join();
}

// ---------------------------------------------------------------------------
// Two threads each writing a different member of one struct: distinct
// memory locations, no race.

struct Pair {
  int left = 0;
  int right = 0;
};
Pair halves;
void different_members_ok() {
  std::thread a([] { halves.left = 1; });
  std::thread b([] { halves.right = 2; });
  a.join();
  b.join();
}

// The same member from both: a race.
Pair same_half;
void same_member_bad() {
  std::thread a([] { same_half.left = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'same_half' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread b([] { same_half.left = 2; });
  a.join();
  b.join();
}

// ---------------------------------------------------------------------------
// A class with one atomic member and an unlocked container: the atomic does
// not make the class synchronise itself.

struct Stats {
  std::atomic<int> hits{0};
  std::vector<int> samples;
  void add(int v) {
    hits++;
    samples.push_back(v);
  }
};
Stats stats;
void atomic_member_unlocked_container_bad() {
  std::thread a([] { stats.add(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'stats' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread b([] { stats.add(2); });
  a.join();
  b.join();
}

// A class whose only state is atomic holds no unsynchronised state.
struct Counter {
  std::atomic<long> n{0};
  void bump() { n.fetch_add(1); }
};
Counter counter_object;
void atomic_only_class_ok() {
  std::thread a([] { counter_object.bump(); });
  std::thread b([] { counter_object.bump(); });
  a.join();
  b.join();
}

// A class that forwards to a member that locks itself synchronises itself.
class LockedLog {
public:
  void add(int v) {
    std::lock_guard<std::mutex> g(mu_);
    items_.push_back(v);
  }

private:
  std::mutex mu_;
  std::vector<int> items_;
};
class Service {
public:
  void record(int v) { log_.add(v); }

private:
  LockedLog log_;
};
Service service;
void forwarding_class_ok() {
  std::thread a([] { service.record(1); });
  std::thread b([] { service.record(2); });
  a.join();
  b.join();
}

// ---------------------------------------------------------------------------
// A project's own lockable and RAII guard work like std::mutex and
// std::lock_guard.

class SpinLock {
public:
  void lock() {
    while (flag_.test_and_set(std::memory_order_acquire)) {
    }
  }
  void unlock() { flag_.clear(std::memory_order_release); }

private:
  std::atomic_flag flag_ = ATOMIC_FLAG_INIT;
};
class ScopedSpinLock {
public:
  explicit ScopedSpinLock(SpinLock &l) : l_(l) { l_.lock(); }
  ~ScopedSpinLock() { l_.unlock(); }

private:
  SpinLock &l_;
};
SpinLock spin;
int spin_guarded = 0;
void project_guard_ok() {
  std::thread a([] {
    ScopedSpinLock g(spin);
    ++spin_guarded;
  });
  std::thread b([] {
    ScopedSpinLock g(spin);
    ++spin_guarded;
  });
  a.join();
  b.join();
}

// The project guard over the wrong lock does not protect.
SpinLock spin_a, spin_b;
int spin_split = 0;
void project_guard_different_locks_bad() {
  std::thread a([] {
    ScopedSpinLock g(spin_a);
    ++spin_split;
  });
  std::thread b([] {
    ScopedSpinLock g(spin_b);
    ++spin_split;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'spin_split' is written without holding 'spin_a', which guards it elsewhere, while other threads access it [conclint-unguarded-shared-state]
  });
  a.join();
  b.join();
}

// ---------------------------------------------------------------------------
// A lambda that the spawning thread calls while the thread runs.

int lambda_shared = 0;
void lambda_called_by_spawner_bad() {
  auto bump = [] { lambda_shared += 1; };
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'lambda_shared' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread t(bump);
  bump();
  t.join();
}

// Called after the join: no overlap.
int lambda_after_join = 0;
void lambda_called_after_join_ok() {
  auto bump = [] { lambda_after_join += 1; };
  std::thread t(bump);
  t.join();
  bump();
}

// ---------------------------------------------------------------------------
// Happens-before beyond join.

// promise::set_value -> future::get: the result is written before it is
// published, and read after it is received.
void promise_future_handoff_ok() {
  int result = 0;
  std::promise<void> done;
  std::future<void> ready = done.get_future();
  std::thread t([&] {
    result = 42;
    done.set_value();
  });
  ready.get();
  int r = result;
  (void)r;
  t.join();
}

// Read before the future is waited for: a race.
void promise_future_read_too_early_bad() {
  int early = 0;
  std::promise<void> done;
  std::future<void> ready = done.get_future();
  std::thread t([&] {
    early = 42;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'early' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
    done.set_value();
  });
  int r = early;
  (void)r;
  ready.get();
  t.join();
}

// Release store, acquire load that the reader waits on.
void release_acquire_publication_ok() {
  std::vector<int> payload;
  std::atomic<bool> published{false};
  std::thread t([&] {
    payload.push_back(1);
    published.store(true, std::memory_order_release);
  });
  while (!published.load(std::memory_order_acquire)) {
  }
  auto n = payload.size();
  (void)n;
  t.join();
}

// A relaxed load orders nothing.
void relaxed_flag_bad() {
  int data = 0;
  std::atomic<bool> flag{false};
  std::thread t([&] {
    data = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'data' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
    flag.store(true, std::memory_order_release);
  });
  while (!flag.load(std::memory_order_relaxed)) {
  }
  int d = data;
  (void)d;
  t.join();
}

// A latch counted down by the worker (std::latch is C++20).
#if __cplusplus >= 202002L
void latch_handoff_ok() {
  int prepared = 0;
  std::latch ready(1);
  std::thread t([&] {
    prepared = 3;
    ready.count_down();
  });
  ready.wait();
  int p = prepared;
  (void)p;
  t.join();
}
#endif

// A condition-variable hand-off: the result is written before notify, the
// waiter reads it after wait(lock, predicate) returns.
void condition_variable_handoff_ok() {
  std::vector<int> results;
  std::mutex mu;
  std::condition_variable cv;
  bool finished = false;
  std::thread t([&] {
    results.push_back(7);
    {
      std::lock_guard<std::mutex> g(mu);
      finished = true;
    }
    cv.notify_one();
  });
  {
    std::unique_lock<std::mutex> lk(mu);
    cv.wait(lk, [&] { return finished; });
  }
  auto n = results.size();
  (void)n;
  t.join();
}

// ---------------------------------------------------------------------------
// Spawns in a function template are analysed on their instantiations (one
// report per source location, however many instantiations).

template <typename T> T template_total{};
template <typename T> void add_in_threads() {
  std::thread a([] { template_total<T> += 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'template_total<int>' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread b([] { template_total<T> += 1; });
  a.join();
  b.join();
}
void template_instantiated_once_bad() { add_in_threads<int>(); }

int template_guarded = 0;
std::mutex template_mutex;
template <typename T> void add_locked(T v) {
  auto body = [v] {
    std::lock_guard<std::mutex> g(template_mutex);
    template_guarded += v;
  };
  std::thread a(body);
  std::thread b(body);
  a.join();
  b.join();
}
void template_locked_ok() {
  add_locked(1);
  add_locked(2L);
}

// ---------------------------------------------------------------------------
// The lock-consistency rule: a class that locks its own mutex around writes
// to a member declares its methods concurrent, even with no thread started
// in this file.

class Inventory {
public:
  void add(int n) {
    std::lock_guard<std::mutex> g(mu_);
    count_ += n;
  }
  void reset() {
    count_ = 0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'count_' is written without holding 'this->mu_', which guards it in other member functions of 'Inventory' [conclint-unguarded-shared-state]
  }
  // Also unlocked, but one warning per member: reset() above is reported.
  int peek() const { return count_; }

private:
  std::mutex mu_;
  int count_ = 0;
};

// An unlocked read racing a locked write.
class Gauge {
public:
  void set(int v) {
    std::lock_guard<std::mutex> g(mu_);
    level_ = v;
  }
  int level() const {
    return level_;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'level_' is read without holding 'this->mu_', while other member functions of 'Gauge' write it under that lock [conclint-unguarded-shared-state]
  }

private:
  std::mutex mu_;
  int level_ = 0;
};

// Consistent, or touched unlocked only in the constructor: silent.
class Ledger {
public:
  Ledger() { total_ = 0; }
  void add(int n) {
    std::lock_guard<std::mutex> g(mu_);
    total_ += n;
  }
  int total() {
    std::lock_guard<std::mutex> g(mu_);
    return total_;
  }

private:
  std::mutex mu_;
  int total_;
};

// A class that owns a mutex but never locks it around this member: silent.
class Unlocked {
public:
  void set(int v) { v_ = v; }
  int get() const { return v_; }

private:
  std::mutex unused_;
  int v_ = 0;
};
