// The fix is right but the file expects another one: the runner must reject
// the fixed file.
#include <thread>

void work(int id);

void run(bool quick) {
  std::thread t(work, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-FIXES: {{^}}  std::scoped_thread t(work, 1);
  if (quick)
    return;
  t.join();
}
