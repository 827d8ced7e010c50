// Control: the correct twin of bad/race-and-leak.cpp (atomic counter, threads
// joined on every path).
#include <atomic>
#include <cstdio>
#include <thread>

int main() {
  std::atomic<int> counter{0};
  std::thread a([&counter] { for (int i = 0; i < 1000; ++i) ++counter; });
  std::thread b([&counter] { for (int i = 0; i < 1000; ++i) ++counter; });
  a.join();
  b.join();
  std::printf("RESULT: %d\n", counter.load());
  return 0;
}
