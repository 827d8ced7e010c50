// Control, expected to pass: a thread temporary destroyed while joinable
// (conclint says so; never reached at run time) and a real data race on a
// plain int (TSan says so).
// DEMO: tsan-race
#include <cstdio>
#include <thread>

int main(int argc, char **) {
  int counter = 0;
  std::thread a([&counter] { for (int i = 0; i < 1000; ++i) ++counter; });
  // CHECK-MESSAGES: :[[@LINE-1]]:{{[0-9]+}}: warning: 'counter' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread b([&counter] { for (int i = 0; i < 1000; ++i) ++counter; });
  a.join();
  b.join();
  if (argc > 5) {
    std::thread([] {});
    // CHECK-MESSAGES: :[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} [conclint-missing-join]
  }
  std::printf("RESULT: %d\n", counter);
  return 0;
}
