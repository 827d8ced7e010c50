// Good code, but the file claims a warning that no check gives.
#include <thread>
void ok() {
  std::thread t([] {});
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: this warning is never produced [conclint-missing-join]
}
