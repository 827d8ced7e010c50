// Needs C++17 (std::optional): under -std=c++11-or-later the runner must
// fail, and say which standard it ran.
#include <optional>
#include <thread>
std::optional<int> value;
void f() {
  std::thread t([] {});
  t.join();
}
