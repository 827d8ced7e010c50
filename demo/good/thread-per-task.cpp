// Lesson (ThreadPoolExecutor instead of a Thread per item): a fixed pool of
// std::thread::hardware_concurrency() workers takes the items from a shared
// atomic index, so 2000 items cost a handful of thread start-ups and never
// oversubscribe the cores. Prints the checksum (the same as the
// thread-per-item twin, demo/bad/thread-per-task.cpp) and the time taken.

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
  std::atomic<std::size_t> next{0};
  auto start = std::chrono::steady_clock::now();
  unsigned workers = std::thread::hardware_concurrency();
  if (workers == 0)
    workers = 2;
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back([&] {
      unsigned long local = 0;
      for (std::size_t i = next++; i < items.size(); i = next++)
        local += work(items[i]);
      checksum += local;
    });
  for (auto &t : pool)
    t.join();
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count();
  std::printf("fixed pool: %u threads, checksum %lu, %.1f ms\n", workers,
              checksum.load(), ms);
  return 0;
}
