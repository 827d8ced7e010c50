// RUN: %check_conclint %s conclint-missing-join %t -- -std=c++20-or-later
// C++20, not the check's C++11: the std::jthread fix and notes exist from C++20
// (before C++20 the check says otherwise: missing-join-cxx17.cpp).

// Templates are analysed on their instantiations and each finding is reported
// once, with the notes of the first instantiation that shows it (the policy
// is stated in checks/utils/ThreadEntryPoints.h). Every note is checked, so a
// second report from another instantiation fails the test.

#include <thread>
#include <type_traits>

void work(int id);
bool load_config();

// Instantiated once.
template <typename Job> void instantiated_once_bad(Job job) {
  std::thread t(job);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: join 't' on every path before it leaves scope, or declare it as std::jthread, which joins when destroyed
  if (!load_config())
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 't' leaves scope here without join() or detach()
  t.join();
}
void use_instantiated_once() { instantiated_once_bad([] { work(1); }); }

// Two instantiations that leak on different paths: one report, with the
// path of the first instantiation.
template <bool Early> void two_paths_bad() {
  std::thread t(work, 1);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: join 't' on every path before it leaves scope, or declare it as std::jthread, which joins when destroyed
  if constexpr (Early) {
    return;
    // CHECK-NOTES: :[[@LINE-1]]:5: note: 't' leaves scope here without join() or detach()
  } else {
    if (load_config())
      return;
  }
  t.join();
}
template void two_paths_bad<true>();
template void two_paths_bad<false>();

// The instantiations disagree: the one that leaks proves the hazard.
struct Joins {
  static void finish(std::thread &t) { t.join(); }
};
struct Ignores {
  static void finish(int) {}
};
template <typename Policy> void disagree_bad() {
  std::thread t(work, 2);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: join 't' on every path before it leaves scope, or declare it as std::jthread, which joins when destroyed
  if constexpr (std::is_same_v<Policy, Joins>)
    Policy::finish(t);
  else
    Policy::finish(0);
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't' leaves scope here without join() or detach()
template void disagree_bad<Joins>();
template void disagree_bad<Ignores>();

// A member function of a class template.
template <typename T> struct Spawner {
  void go_bad(bool quick) {
    std::thread t(work, sizeof(T));
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
    // CHECK-NOTES: :[[@LINE-2]]:17: note: join 't' on every path before it leaves scope, or declare it as std::jthread, which joins when destroyed
    if (quick)
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 't' leaves scope here without join() or detach()
    t.join();
  }
  void go_ok() {
    std::thread t(work, sizeof(T));
    t.join();
  }
};
void use_spawner(bool q) {
  Spawner<int>().go_bad(q);
  Spawner<long>().go_bad(q);
  Spawner<int>().go_ok();
}

// A generic lambda, called with two argument types.
void generic_lambda_bad() {
  auto start = [](auto n) {
    std::thread t(work, int(n));
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
    // CHECK-NOTES: :[[@LINE-2]]:17: note: join 't' on every path before it leaves scope, or declare it as std::jthread, which joins when destroyed
    if (n < 0)
      return;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 't' leaves scope here without join() or detach()
    t.join();
  };
  start(1);
  start(2L);
}

// Every instantiation joins.
template <typename Job> void joined_ok(Job job) {
  std::thread t(job);
  t.join();
}
void use_joined() {
  joined_ok([] { work(3); });
  joined_ok(+[] { work(4); });
}

// FN: the pattern is never analysed, and this one is never instantiated
// (a translation unit that instantiates it reports it).
template <typename Job> void FN_never_instantiated(Job job) {
  std::thread t(job);
}
