// Uses std::map without including <map>. Parsed after the precompiled
// prelude (which holds <map>) it compiles; parsed from source, as the first
// run of every check test is, it does not, and the runner must say so.
#include <thread>
std::map<int, int> counts;
void f() {
  std::thread t([] { counts[1] = 1; });
  t.join();
}
