// RUN: %check_conclint --expect-no-fixes %s conclint-missing-join %t -- -std=c++17
// One exact standard each, not -or-later: the point is the standards before C++20
// (C++17, the last, and C++11, the check's lowest).
// RUN: %check_conclint --expect-no-fixes %s conclint-missing-join %t.cxx11 -- -std=c++11

// Before C++20 there is no std::jthread: no fix-it, a note says what to do.

#include <thread>
#include <vector>

void work(int id);
bool should_stop();

void early_return_bad(bool dry_run) {
  std::thread worker(work, 1);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 'worker' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: join 'worker' on every path before it leaves scope, or give it an owner whose destructor joins it
  if (dry_run)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'worker' leaves scope here without join() or detach()
  worker.join();
}

void lambda_bad() {
  std::thread t([] { work(2); });
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: join 't' on every path before it leaves scope, or give it an owner whose destructor joins it
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't' leaves scope here without join() or detach()

class Poller {
public:
  void start() { t_ = std::thread(work, 3); }

private:
  std::thread t_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: no member function of 'Poller' joins or detaches 't_'; destroying the object while it runs calls std::terminate [conclint-missing-join]
  // CHECK-NOTES: :[[@LINE-7]]:7: note: join 't_' in a destructor of 'Poller'
};

void joined_ok() {
  std::thread t(work, 4);
  if (t.joinable())
    t.join();
}

void pool_ok(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  for (auto &t : pool)
    t.join();
}
