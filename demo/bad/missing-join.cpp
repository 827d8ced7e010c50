// The mistake twin of demo/good/missing-join.cpp. The workers are started,
// but a "quick" run returns before the loop that joins them, so the vector
// destroys threads that are still joinable and the program dies in
// std::terminate; and a "fire and forget" temporary thread is destroyed at
// the end of its own statement. Python lets a forgotten thread run on; C++
// aborts. conclint-missing-join reports both, with a note at the return that
// leaks.

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

void fetch(int id, int delayMs) {
  std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
  std::printf("worker %d finished\n", id);
}

void logStart() { std::printf("starting\n"); }

} // namespace

int main(int argc, char **argv) {
  const int delays[] = {100, 200, 300};
  const bool quick = argc > 1;

  std::thread{logStart};
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: temporary thread is destroyed while joinable at the end of this statement, which calls std::terminate [conclint-missing-join]

  std::vector<std::thread> workers;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: threads in 'workers' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  for (int i = 0; i < 3; ++i)
    workers.emplace_back(fetch, i + 1, delays[i]);

  if (quick) {
    std::printf("quick run: not waiting\n");
    return 0;
  }

  for (std::thread &t : workers)
    t.join();
  return 0;
}
