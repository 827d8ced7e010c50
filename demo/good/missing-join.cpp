// Lesson: start the threads, then join every one of them. Three I/O-bound
// workers (simulated with sleeps of 100, 200 and 300 ms) run at the same
// time, so the whole run takes about as long as the slowest worker, not the
// sum of all three. Each std::thread is joined on every path before it is
// destroyed; a std::thread destroyed while still joinable calls
// std::terminate (C++ has no safety net here, unlike Python's threads).
// The program prints each worker's finish time and the total, and exits with
// status 0 when the workers overlapped.

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

long long millisSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                               start)
      .count();
}

// Pretends to wait for a slow server.
void fetch(int id, int delayMs, Clock::time_point start) {
  std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
  std::printf("worker %d finished after %lld ms\n", id, millisSince(start));
}

} // namespace

int main() {
  const int delays[] = {100, 200, 300};
  const Clock::time_point start = Clock::now();

  std::vector<std::thread> workers;
  for (int i = 0; i < 3; ++i)
    workers.emplace_back(fetch, i + 1, delays[i], start);

  // Join every worker before the vector is destroyed.
  for (std::thread &t : workers)
    t.join();

  const long long total = millisSince(start);
  const int sum = delays[0] + delays[1] + delays[2];
  std::printf("total %lld ms (longest sleep 300 ms, sum of sleeps %d ms)\n",
              total, sum);
  std::printf("the workers %s\n", total < sum ? "overlapped" : "did not overlap");
  return total < sum ? 0 : 1;
}
