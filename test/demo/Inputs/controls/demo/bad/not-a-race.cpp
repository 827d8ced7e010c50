// Control: marked as a data race although it has none, so its race test must
// fail and name this file (its flagged test passes).
// DEMO: tsan-race
#include <thread>

int main(int argc, char **) {
  if (argc > 5) {
    std::thread([] {});
    // CHECK-MESSAGES: :[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} [conclint-missing-join]
  }
  return 0;
}
