// RUN: %check_conclint --fix-notes \
// RUN:   --config="{CheckOptions: {conclint-missing-join.WarnOnDetach: true, conclint-missing-join.ThreadTypes: '::std::thread;::app::Worker'}}" \
// RUN:   %s conclint-missing-join %t -- -std=c++20-or-later
// C++20, not the check's C++11: the std::jthread fix and notes exist from C++20
// (before C++20 the check says otherwise: missing-join-cxx17.cpp).

// WarnOnDetach reports every detach() (C++ Core Guidelines CP.26), and
// ThreadTypes adds a user's own joinable type, followed like std::thread
// but never rewritten into std::jthread.

#include <thread>
#include <utility>

void work(int id);
bool should_stop();
void log_line(const char *line);

namespace app {
// A project's own thread wrapper: must be joined like std::thread.
class Worker {
public:
  explicit Worker(void (*fn)(int), int arg) : t_(fn, arg) {}
  Worker() = default;
  Worker(Worker &&) = default;
  Worker &operator=(Worker &&) = default;
  void join() { t_.join(); }
  void stop() { if (t_.joinable()) t_.join(); }
  void detach() { t_.detach(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: detached thread can outlive the objects it uses; join it instead, or use std::jthread [conclint-missing-join]
  bool joinable() const { return t_.joinable(); }
  const char *name() const { return name_; }

private:
  std::thread t_;
  const char *name_ = "";
};
} // namespace app

void detach_reported_bad() {
  std::thread t(work, 1);
  t.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: detached thread can outlive the objects it uses; join it instead, or use std::jthread [conclint-missing-join]
}

void temporary_detached_reported_bad() {
  std::thread(work, 2).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: detached thread can outlive the objects it uses; join it instead, or use std::jthread [conclint-missing-join]
}

void user_type_early_return_bad(bool quick) {
  app::Worker w(work, 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 'w' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  log_line(w.name());
  if (quick)
    return;
  w.join();
}

// Worker::stop() may join inside: the thread is handed over, stay silent.
void user_type_stopped_ok() {
  app::Worker w(work, 9);
  w.stop();
}

void user_type_joined_ok() {
  app::Worker w(work, 4);
  w.join();
}

void user_type_joinable_guard_ok(bool start) {
  app::Worker w;
  if (start)
    w = app::Worker(work, 5);
  if (w.joinable())
    w.join();
}

void user_type_temporary_bad() {
  app::Worker(work, 6);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: temporary thread is destroyed while joinable at the end of this statement, which calls std::terminate [conclint-missing-join]
}

void std_thread_still_checked_bad() {
  std::thread t(work, 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-FIXES: {{^}}  std::jthread t(work, 7);
}

void joined_ok() {
  std::thread t(work, 8);
  t.join();
}
