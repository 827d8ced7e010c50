// Control: a "good" program with a data race (two threads increment a plain
// int). Its tsan test must fail and name this file.
#include <cstdio>
#include <thread>

int main() {
  int counter = 0;
  std::thread a([&counter] { for (int i = 0; i < 1000; ++i) ++counter; });
  std::thread b([&counter] { for (int i = 0; i < 1000; ++i) ++counter; });
  a.join();
  b.join();
  std::printf("RESULT: %d\n", counter);
  return 0;
}
