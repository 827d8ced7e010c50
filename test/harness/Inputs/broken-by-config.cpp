// Clean C++11 code: it only fails when a .clang-tidy above it is applied
// (that file defines BREAK through ExtraArgs).
#ifdef BREAK
#error "a .clang-tidy file changed this test"
#endif
#include <thread>
void f() {
  std::thread t([] {});
  t.join();
}
