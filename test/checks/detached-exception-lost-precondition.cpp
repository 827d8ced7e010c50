// RUN: %check_conclint %s conclint-detached-exception-lost %t -- -std=c++17-or-later -pthread

// The notes of a witness that is a precondition guard (utils/Throws.h): the
// call on the local that fails it, its state, and the guard's throw.

#include <memory>
#include <stdexcept>
#include <thread>
#include <utility>

struct Promise {
  std::unique_ptr<int> state = std::make_unique<int>(0);
  void set_value(int v) {
    if (!state)
      throw std::logic_error("no state");
    *state = v;
  }
};

struct Task {
  int *impl = nullptr;
  int get() const {
    if (impl == nullptr)
      throw std::logic_error("empty task");
    return *impl;
  }
};

void moved_from_bad() {
  std::thread t([] {
    Promise p;
    Promise q = std::move(p);
    q.set_value(1);
    p.set_value(2);
  });
  t.join();
  // CHECK-NOTES: :[[@LINE-7]]:15: warning: the thread's lambda can throw an exception that escapes the thread's entry function, which calls std::terminate [conclint-detached-exception-lost]
  // CHECK-NOTES: :[[@LINE-4]]:5: note: 'lambda' calls 'Promise::set_value' here on 'p', which is moved-from
  // CHECK-NOTES: :[[@LINE-24]]:7: note: 'Promise::set_value' throws here when its receiver is in that state
}

void default_constructed_bad() {
  std::thread t([] {
    Task task;
    (void)task.get();
  });
  t.join();
  // CHECK-NOTES: :[[@LINE-5]]:15: warning: the thread's lambda can throw an exception that escapes the thread's entry function, which calls std::terminate [conclint-detached-exception-lost]
  // CHECK-NOTES: :[[@LINE-4]]:11: note: 'lambda' calls 'Task::get' here on 'task', which is default-constructed
  // CHECK-NOTES: :[[@LINE-26]]:7: note: 'Task::get' throws here when its receiver is in that state
}

void constructed_ok() {
  std::thread t([] {
    Promise p;
    p.set_value(1);
  });
  t.join();
}
