// A fix that breaks the build. The jthread fix is offered only when every use
// of the variable that the check sees also works for a std::jthread, but code
// hidden from the analysis by the preprocessor is not seen: clang-tidy defines
// __clang_analyzer__, so the watchdog hook below exists only in the real
// build, where it wants a std::thread & and the rewritten variable is a
// std::jthread. The runner compiles the fixed file and must fail.
#include <thread>

void work(int id);
void register_with_watchdog(std::thread &t);

void run(bool quick) {
  std::thread t(work, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
#ifndef __clang_analyzer__
  register_with_watchdog(t);
#endif
  if (quick)
    return;
  t.join();
}
