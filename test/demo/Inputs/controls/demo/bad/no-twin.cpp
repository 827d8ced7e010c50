// DEMO: no-such-marker
#include <thread>

int main(int argc, char **) {
  if (argc > 5) {
    std::thread([] {});
    // CHECK-MESSAGES: :[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}} [conclint-missing-join]
  }
  return 0;
}
