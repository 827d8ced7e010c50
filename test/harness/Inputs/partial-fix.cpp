// The fix is right, and the CHECK-FIXES line is only a part of the fixed
// line: the runner matches whole lines (as upstream's check_clang_tidy), so
// it must reject this file.
#include <thread>

void work(int id);

void run(bool quick) {
  std::thread t(work, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-FIXES: jthread t(work, 1);
  if (quick)
    return;
  t.join();
}
