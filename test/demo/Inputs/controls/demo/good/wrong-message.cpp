// Control: the correct twin of bad/wrong-message.cpp.
#include <thread>

int main() {
  std::thread t([] {});
  t.join();
  return 0;
}
