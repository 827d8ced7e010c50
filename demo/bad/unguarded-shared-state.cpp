// Lesson (the mistake): five threads each add 1 to a plain `int` 100 000
// times with no lock. `counter += 1` is a load, an add and a store; two
// threads can load the same value and both store value + 1, so increments are
// lost and the total is usually below 500 000. Worse, it is a data race:
// undefined behaviour in C++. ThreadSanitizer reports it at run time and
// conclint-unguarded-shared-state reports it without running the program; its
// fix-it turns the counter into std::atomic<int>. The correct twin is
// demo/good/unguarded-shared-state.cpp.
// DEMO: tsan-race

#include <cstdio>
#include <thread>
#include <vector>

namespace {

constexpr int Threads = 5;
constexpr int Increments = 100000;

int counter = 0;

void add() {
  for (int i = 0; i < Increments; ++i)
    counter += 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'counter' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
}

} // namespace

int main() {
  std::vector<std::thread> threads;
  for (int t = 0; t < Threads; ++t)
    threads.emplace_back(add);
  for (std::thread &t : threads)
    t.join();
  int total = counter;
  std::printf("unlocked counter: %d (expected %d)\n", total,
              Threads * Increments);
  return 0;
}
