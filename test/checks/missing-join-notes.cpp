// RUN: %check_conclint %s conclint-missing-join %t -- -std=c++20-or-later
// C++20, not the check's C++11: the std::jthread fix and notes exist from C++20
// (before C++20 the check says otherwise: missing-join-cxx17.cpp).

// Every note: where the thread leaves scope, the std::jthread fix (on a note,
// since it changes what the program does), and what to do when no fix-it
// can be offered.

#include <thread>
#include <vector>

void work(int id);
bool should_stop();

void two_leaking_exits_bad(int mode) {
  std::thread t(work, mode);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: declare 't' as std::jthread, which joins when destroyed (the scope then waits for the thread)
  if (mode == 1)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 't' leaves scope here without join() or detach()
  if (mode == 2)
    t.join();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't' leaves scope here without join() or detach()

void break_bad() {
  for (int i = 0; i < 3; ++i) {
    std::thread t(work, i);
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
    // CHECK-NOTES: :[[@LINE-2]]:17: note: declare 't' as std::jthread, which joins when destroyed (the scope then waits for the thread)
    if (should_stop())
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 't' leaves scope here without join() or detach()
    t.join();
  }
}

// Detached on one path: a std::jthread would change that path, so no fix.
void detached_elsewhere_bad(bool fire) {
  std::thread t(work, 1);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: join 't' on every path before it leaves scope, or declare it as std::jthread, which joins when destroyed
  if (fire)
    t.detach();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't' leaves scope here without join() or detach()

// A generic callable could take a std::stop_token under std::jthread: no fix.
void generic_lambda_bad(bool wait) {
  std::thread t([](auto... ids) { (work(ids), ...); }, 1, 2);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: join 't' on every path before it leaves scope, or declare it as std::jthread, which joins when destroyed
  if (wait)
    t.join();
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't' leaves scope here without join() or detach()

void container_bad(int n) {
  std::vector<std::thread> pool;
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: threads in 'pool' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  if (should_stop())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 'pool' leaves scope here without a loop that joins its threads
  for (auto &t : pool)
    t.join();
}

void temporary_bad() {
  std::thread(work, 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: temporary thread is destroyed while joinable at the end of this statement, which calls std::terminate [conclint-missing-join]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the thread in a variable and join it, or call detach() on it
}

class Ticker {
public:
  Ticker() : t_(work, 0) {}
  ~Ticker() {}

private:
  std::thread t_;
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: no member function of 'Ticker' joins or detaches 't_'; destroying the object while it runs calls std::terminate [conclint-missing-join]
  // CHECK-NOTES: :[[@LINE-5]]:3: note: the destructor of 'Ticker' leaves 't_' joinable
};
