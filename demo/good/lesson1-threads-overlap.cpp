// Lesson 1: start a thread, then join it. Three I/O-bound workers (each waits
// 200 ms, standing in for a network call or a disk read) run on their own
// std::thread and the main thread joins every one of them before it goes on.
// While a thread waits it needs no CPU, so the waits overlap: the whole run
// takes about one wait (~200 ms), not the sum (600 ms). In Python this is
// threading.Thread(...).start() followed by join(); in C++ the join is not
// optional, because destroying a thread that is still joinable calls
// std::terminate. Each worker records its result under a mutex, so the main
// thread reads a complete, race-free list after the joins.
//
// DEMO: shows: 3 I/O-bound threads started and joined overlap (~1 wait, not 3)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

bool timingChecked() { return std::getenv("CONCLINT_DEMO_NO_TIMING") == nullptr; }

long msSince(Clock::time_point start) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

// Stands in for an I/O-bound call: it waits, it does not compute.
int fetch(int id) {
  std::this_thread::sleep_for(200ms);
  return id * 10;
}

} // namespace

int main() {
  constexpr int kWorkers = 3;
  std::mutex resultsMutex;
  std::vector<int> results; // guarded by resultsMutex

  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int id = 0; id < kWorkers; ++id) {
    workers.emplace_back([id, &resultsMutex, &results] {
      const int value = fetch(id);
      const std::lock_guard<std::mutex> lock(resultsMutex);
      results.push_back(value);
    });
  }
  for (std::thread &worker : workers)
    worker.join(); // every thread is joined before `workers` goes out of scope
  const long elapsed = msSince(start);

  int sum = 0;
  {
    const std::lock_guard<std::mutex> lock(resultsMutex);
    for (const int value : results)
      sum += value;
    std::printf("workers finished: %zu, sum of results: %d\n", results.size(), sum);
  }
  std::printf("3 waits of 200 ms took %ld ms in total (sequentially: 600 ms)\n", elapsed);

  bool ok = true;
  if (sum != 0 + 10 + 20) {
    std::printf("FAIL: expected the results to sum to 30, got %d\n", sum);
    ok = false;
  }
  if (timingChecked() && (elapsed < 195 || elapsed >= 450)) {
    std::printf("FAIL: expected 195 ms <= total < 450 ms (overlap), got %ld ms\n", elapsed);
    ok = false;
  }
  std::printf("RESULT: 3 x 200 ms waits in %ld ms, results sum %d\n", elapsed, sum);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
