// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// A guard's ownership test decides what it holds (utils/Lockset.h): on the
// edge where `lk.owns_lock()` (or `lk`, `bool(lk)`) is true the guard's
// mutex is held, on the other edge it is not held through the guard. The
// try-then-block shape `if (fast || lk.try_lock()) { if (!lk.owns_lock())
// lk.lock(); ... }` therefore holds the mutex on every path into the work:
// the must-hold set joins "tried and owned" with "not owned, then locked".
// A path on which neither the try_lock succeeded nor lock() ran stays
// unlocked, and the lock-consistency rule (reset() writes under the lock)
// reports the access there.

#include <mutex>
#include <thread>

// The owns_lock() form, with the short-circuit condition of the corpus: the
// try_lock is the right operand of `||`, decided in its own CFG block.
class Pool_ok {
public:
  void add(int n, bool force) {
    std::unique_lock<std::mutex> lk(mu, std::defer_lock);
    if (force || (n > 0 && lk.try_lock())) {
      if (!lk.owns_lock())
        lk.lock();
      total += n;
    }
  }
  int read() {
    std::lock_guard<std::mutex> g(mu);
    return total;
  }
  void reset() {
    std::lock_guard<std::mutex> g(mu);
    total = 0;
  }

private:
  std::mutex mu;
  int total = 0;
};

// The `if (lk)` form, and the work run through a callback under the lock
// (the access is in the lambda that addImpl invokes while it holds `mu`).
class Arena_ok {
public:
  int allocate(int bytes) {
    return addImpl(bytes > 64, [this, bytes] { return used += bytes; });
  }
  int usage() {
    std::lock_guard<std::mutex> g(mu);
    return used;
  }
  void reset() {
    std::lock_guard<std::mutex> g(mu);
    used = 0;
  }

private:
  template <typename F> int addImpl(bool big, const F &f) {
    std::unique_lock<std::mutex> lk(mu, std::defer_lock);
    if (big || lk.try_lock()) {
      if (!lk)
        lk.lock();
      return f();
    }
    return 0;
  }
  std::mutex mu;
  int used = 0;
};

// `bool(lk)` on a try_to_lock guard, locked on the failing edge.
class Counter_ok {
public:
  void bump() {
    std::unique_lock<std::mutex> lk(mu, std::try_to_lock);
    if (!bool(lk))
      lk.lock();
    ++hits;
  }
  int get() {
    std::lock_guard<std::mutex> g(mu);
    return hits;
  }
  void reset() {
    std::lock_guard<std::mutex> g(mu);
    hits = 0;
  }

private:
  std::mutex mu;
  int hits = 0;
};

// The fast path skips the try_lock, and the ownership test only logs: on
// that path the mutex is never taken.
void note(const char *);
class Pool_bad {
public:
  void add(int n, bool force) {
    std::unique_lock<std::mutex> lk(mu, std::defer_lock);
    if (force || lk.try_lock()) {
      if (!lk.owns_lock())
        note("contended");
      total += n;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'total' is written without holding 'this->mu', which guards it in other member functions of 'Pool_bad' [conclint-unguarded-shared-state]
    }
  }
  int read() {
    std::lock_guard<std::mutex> g(mu);
    return total;
  }
  void reset() {
    std::lock_guard<std::mutex> g(mu);
    total = 0;
  }

private:
  std::mutex mu;
  int total = 0;
};

// The lock() is taken only on part of the not-owned edge: when `n` is
// small and the try_lock failed, nothing holds the mutex.
class Gate_bad {
public:
  void add(int n) {
    std::unique_lock<std::mutex> lk(mu, std::defer_lock);
    (void)lk.try_lock();
    if (!lk && n > 100)
      lk.lock();
    total += n;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'total' is written without holding 'this->mu', which guards it in other member functions of 'Gate_bad' [conclint-unguarded-shared-state]
  }
  int read() {
    std::lock_guard<std::mutex> g(mu);
    return total;
  }
  void reset() {
    std::lock_guard<std::mutex> g(mu);
    total = 0;
  }

private:
  std::mutex mu;
  int total = 0;
};

// The unlocked edge of the test: the work runs only when the guard does
// not own the mutex.
class Inverted_bad {
public:
  void add(int n) {
    std::unique_lock<std::mutex> lk(mu, std::try_to_lock);
    if (!lk.owns_lock())
      total += n;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'total' is written without holding 'this->mu', which guards it in other member functions of 'Inverted_bad' [conclint-unguarded-shared-state]
  }
  int read() {
    std::lock_guard<std::mutex> g(mu);
    return total;
  }
  void reset() {
    std::lock_guard<std::mutex> g(mu);
    total = 0;
  }

private:
  std::mutex mu;
  int total = 0;
};
