// Control: the correct twin of bad/not-a-race.cpp.
#include <thread>

int main() {
  std::thread t([] {});
  t.join();
  return 0;
}
