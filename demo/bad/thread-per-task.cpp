// Lesson (ThreadPoolExecutor instead of a Thread per item): starting a new
// std::thread for every item of a data-dependent list creates as many threads
// as items -- here 2000 -- each paying thread creation and all competing for
// the same few cores. The twin, demo/good/thread-per-task.cpp, processes the
// same items on a fixed pool of hardware_concurrency() workers and is
// faster. Both print the checksum (identical) and the time taken.

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

static unsigned long work(unsigned long x) {
  for (int r = 0; r < 2000; ++r)
    x = x * 6364136223846793005ul + 1442695040888963407ul;
  return x >> 33;
}

int main() {
  std::vector<unsigned long> items(2000);
  for (std::size_t i = 0; i < items.size(); ++i)
    items[i] = i;
  std::atomic<unsigned long> checksum{0};
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (unsigned long item : items)
    threads.emplace_back([item, &checksum] { checksum += work(item); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data, which oversubscribes the CPU and pays thread start-up per task; run the tasks on a fixed pool of 'std::thread::hardware_concurrency()' workers [conclint-thread-per-task]
  for (auto &t : threads)
    t.join();
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count();
  std::printf("thread per item: %zu threads, checksum %lu, %.1f ms\n",
              threads.size(), checksum.load(), ms);
  return 0;
}
