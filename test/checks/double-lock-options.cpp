// RUN: %check_conclint \
// RUN:   --config="{CheckOptions: {conclint-double-lock.NonRecursiveLockTypes: '::std::mutex;::app::SpinLock', conclint-double-lock.CallDepth: '1'}}" \
// RUN:   %s conclint-double-lock %t -- -std=c++17-or-later -pthread

// NonRecursiveLockTypes names the lockables that deadlock when locked twice
// (a project's own lockable by its qualified name; std::timed_mutex is no
// longer in the list); CallDepth bounds how many calls deep lock effects are
// followed.

#include <atomic>
#include <mutex>

namespace app {
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
} // namespace app

app::SpinLock spin;
void project_lockable_bad() {
  spin.lock();
  spin.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'spin' is locked again while it may already be held on this path; a non-recursive mutex deadlocks [conclint-double-lock]
}

std::timed_mutex tm;
void timed_mutex_not_listed_ok() {
  std::lock_guard<std::timed_mutex> g(tm);
  tm.lock();
}

std::mutex m;
void inner() { std::lock_guard<std::mutex> g(m); }
void one_call() { std::lock_guard<std::mutex> g(m); }
void two_calls() { inner(); }

void within_depth_bad() {
  std::lock_guard<std::mutex> g(m);
  one_call();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'm' may already be held when 'one_call' locks it again
}

void beyond_depth_ok() {
  // Two calls deep: beyond CallDepth 1.
  std::lock_guard<std::mutex> g(m);
  two_calls();
}
