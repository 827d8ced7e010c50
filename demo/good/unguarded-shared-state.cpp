// Lesson: shared state needs synchronisation. Five threads each add 1 to a
// shared counter 100 000 times. With a std::mutex held through a
// std::lock_guard, or with a std::atomic<int>, the total is exactly 500 000
// every time; results collected into a std::map by several threads are
// complete because every insertion happens under a lock. (Without either, as
// in demo/bad/unguarded-shared-state.cpp, updates are lost: `counter += 1` is
// a read, an add and a write that other threads can interleave.) The program
// exits non-zero if any value is wrong.

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int Threads = 5;
constexpr int Increments = 100000;

std::mutex counter_mutex;
int locked_counter = 0;
std::atomic<int> atomic_counter{0};

std::mutex results_mutex;
std::map<int, std::string> results;

void add_locked() {
  for (int i = 0; i < Increments; ++i) {
    std::lock_guard<std::mutex> guard(counter_mutex);
    ++locked_counter;
  }
}

void add_atomic() {
  for (int i = 0; i < Increments; ++i)
    atomic_counter.fetch_add(1, std::memory_order_relaxed);
}

void record(int id) {
  std::string value = "worker " + std::to_string(id);
  std::lock_guard<std::mutex> guard(results_mutex);
  results[id] = std::move(value);
}

} // namespace

int main() {
  std::vector<std::thread> threads;
  for (int t = 0; t < Threads; ++t)
    threads.emplace_back(add_locked);
  for (int t = 0; t < Threads; ++t)
    threads.emplace_back(add_atomic);
  for (int t = 0; t < Threads; ++t)
    threads.emplace_back(record, t);
  for (std::thread &t : threads)
    t.join();

  // Every thread is joined: reading without the lock is safe now.
  const int expected = Threads * Increments;
  std::printf("lock_guard counter: %d (expected %d)\n", locked_counter, expected);
  std::printf("atomic counter:     %d (expected %d)\n", atomic_counter.load(),
              expected);
  std::printf("results map:        %zu entries (expected %d)\n", results.size(),
              Threads);
  bool ok = locked_counter == expected && atomic_counter.load() == expected &&
            results.size() == static_cast<std::size_t>(Threads);
  for (int t = 0; t < Threads && ok; ++t)
    ok = results.count(t) == 1 && results[t] == "worker " + std::to_string(t);
  std::printf("%s\n", ok ? "all values exact" : "WRONG VALUE");
  return ok ? 0 : 1;
}
