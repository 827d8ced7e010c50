// Expectations for a warning that the code does produce, but worded wrongly.
#include <thread>
void bad() {
  std::thread{[] {}};
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread leaked [conclint-missing-join]
}
