// Lesson: a function that runs with the mutex already held must not lock it
// again. Cache::put holds the mutex and calls size_locked(), a private helper
// that expects the lock to be held; the public size() takes the lock and
// calls the same helper. And a lock that must be released early is a
// std::unique_lock, which knows when it no longer owns its mutex. Four
// threads each put 10 000 values while reading the size; the program checks
// the final count.

#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

namespace {

class Cache {
public:
  void put(int value) {
    std::lock_guard<std::mutex> g(mu_);
    if (size_locked() >= 0)
      ++count_;
    last_ = value;
  }
  int size() {
    std::lock_guard<std::mutex> g(mu_);
    return size_locked();
  }

private:
  int size_locked() const { return count_; } // mu_ is held by the caller
  std::mutex mu_;
  int count_ = 0;
  int last_ = 0;
};

std::mutex log_mu;
int lines = 0;

void log_line() {
  std::unique_lock<std::mutex> lk(log_mu);
  ++lines;
  lk.unlock(); // the guard will not unlock again
}

constexpr int Threads = 4;
constexpr int Puts = 10000;

} // namespace

int main() {
  static Cache cache;
  std::vector<std::thread> workers;
  for (int t = 0; t < Threads; ++t)
    workers.emplace_back([t] {
      for (int i = 0; i < Puts; ++i) {
        cache.put(t * Puts + i);
        (void)cache.size();
      }
      log_line();
    });
  for (auto &w : workers)
    w.join();
  int n = cache.size();
  std::lock_guard<std::mutex> g(log_mu);
  std::printf("%d puts counted, %d log lines\n", n, lines);
  std::printf("RESULT: %d puts, no self-deadlock, %d log lines\n", n, lines);
  return n == Threads * Puts && lines == Threads ? 0 : 1;
}
