// A user's thread type (ThreadTypes=::Worker) with a join() and an extra
// member function used on the variable: std::jthread has no set_affinity(),
// so the check must not rewrite the type (it only ever rewrites std::thread)
// and says what to do in a note instead.
#include <thread>

void work(int id);

class Worker {
public:
  Worker(void (*fn)(int), int arg) : t_(fn, arg) {}
  void join() { t_.join(); }
  int set_affinity(int cpu) const { return cpu; }

private:
  std::thread t_;
};

void run(bool quick) {
  Worker w(work, 1);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: thread 'w' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: join 'w' on every path before it leaves scope
  w.set_affinity(0);
  if (quick)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'w' leaves scope here without join() or detach()
  w.join();
}
