// Lesson (the mistake): a std::mutex is not recursive. Cache::put holds the
// cache's mutex and calls the public size(), which locks the same mutex
// again: the thread waits for itself forever. And log_line unlocks by hand
// the mutex a std::lock_guard owns, so the guard unlocks it a second time at
// the end of its scope. ThreadSanitizer reports the second unlock at run
// time (it cannot report the self-deadlock: the thread just blocks, so this
// demo gives put() one second and then gives up); conclint-double-lock
// reports both without running the program. The correct twin is
// demo/good/double-lock.cpp.
// DEMO: tsan-race
// TSAN: WARNING: ThreadSanitizer: unlock of an unlocked mutex

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <mutex>

namespace {

class Cache {
public:
  void put(int value) {
    std::lock_guard<std::mutex> g(mu_);
    if (size() < 100)
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: mutex 'this->mu_' may already be held when 'size' locks it again; a non-recursive mutex deadlocks [conclint-double-lock]
      ++count_;
    last_ = value;
  }
  int size() {
    std::lock_guard<std::mutex> g(mu_);
    return count_;
  }

private:
  std::mutex mu_;
  int count_ = 0;
  int last_ = 0;
};

std::mutex log_mu;
int lines = 0;

void log_line() {
  std::lock_guard<std::mutex> g(log_mu);
  ++lines;
  log_mu.unlock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'log_mu' is unlocked while 'g' owns it, and 'g' unlocks it again at the end of its scope; unlocking a mutex that is not held is undefined behavior [conclint-double-lock]
}

} // namespace

int main() {
  log_line();
  static Cache cache;
  auto done = std::async(std::launch::async, [] { cache.put(1); });
  if (done.wait_for(std::chrono::seconds(1)) != std::future_status::ready) {
    std::printf("put() still waits for its own mutex after 1 s: self-deadlock\n");
    std::fflush(stdout);
    std::_Exit(1); // the blocked thread never finishes
  }
  return 0;
}
