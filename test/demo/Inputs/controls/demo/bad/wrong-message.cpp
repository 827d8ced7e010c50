// Control: the CHECK-MESSAGES line expects a message conclint never prints,
// so its flagged test must fail and name this file.
#include <thread>

int main(int argc, char **) {
  if (argc > 5) {
    std::thread([] {});
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: this message is never produced [conclint-missing-join]
  }
  return 0;
}
