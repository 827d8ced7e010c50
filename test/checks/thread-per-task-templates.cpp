// RUN: %check_conclint %s conclint-thread-per-task %t -- -std=c++14-or-later
// C++14, not the check's C++11: one case is a generic lambda.

// Templates are analysed on their instantiations and each finding is reported
// once, by the first instantiation that shows it (the policy is stated in
// checks/utils/ThreadEntryPoints.h). Instantiations that say different things
// about one spawn would otherwise draw two different warnings at one place.

#include <array>
#include <future>
#include <list>
#include <thread>
#include <vector>

void work(int);
int compute(int);

// Three instantiations: a constant nest of 100 iterations, and two ranges
// whose length depends on data. One warning.
template <class C> void each_bad(const C &c) {
  std::vector<std::thread> ts;
  for (const auto &x : c)
    ts.emplace_back(work, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a {{loop nest of 100 iterations|loop whose trip count depends on data}}, which oversubscribes the CPU
  for (auto &t : ts)
    t.join();
}
template void each_bad(const std::array<int, 100> &);
template void each_bad(const std::vector<int> &);
template void each_bad(const std::list<int> &);

// Instantiated once, with std::async.
template <class T> long async_once_bad(const std::vector<T> &xs) {
  std::vector<std::future<int>> fs;
  for (const T &x : xs)
    fs.push_back(std::async(std::launch::async, compute, int(x)));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'std::async' starts a new thread for every iteration of a loop whose trip count depends on data
  long s = 0;
  for (auto &f : fs)
    s += f.get();
  return s;
}
template long async_once_bad(const std::vector<int> &);

// The instantiations disagree: a small fixed array is fine, a vector is not;
// the vector's instantiation proves the hazard.
template <class C> void disagree_bad(const C &c) {
  for (int x : c)
    std::thread(work, x).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
}
template void disagree_bad(const std::array<int, 4> &);
template void disagree_bad(const std::vector<int> &);

// Every instantiation is a small constant: silent.
template <class C> void small_ok(const C &c) {
  for (int x : c)
    std::thread(work, x).detach();
}
template void small_ok(const std::array<int, 4> &);
template void small_ok(const std::array<int, 8> &);

// A member function of a class template, and a generic lambda.
template <class T> struct Fanout {
  void run_bad(const std::vector<T> &items) {
    for (const T &x : items)
      std::thread([x] { work(int(x)); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration
  }
};
void use_fanout(const std::vector<int> &a, const std::vector<long> &b) {
  Fanout<int>().run_bad(a);
  Fanout<long>().run_bad(b);
}

void generic_lambda_bad(const std::vector<int> &v, const std::list<int> &l) {
  auto fan = [](const auto &c) {
    for (int x : c)
      std::thread(work, x).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration
  };
  fan(v);
  fan(l);
}

// FN: the pattern is never analysed, and this template is never
// instantiated here (a translation unit that instantiates it reports it).
template <class T> void FN_never_instantiated(const std::vector<int> &v) {
  for (int x : v)
    std::thread(work, x).detach();
}

// FN, as above, for the other callables of a pattern: a lambda in a
// template, a lambda in a class template's member initialiser, and a generic
// lambda that is never called (its call operator is a pattern). Their loops
// are found walking down from the pattern, not by asking for parents.
template <class T> void FN_never_instantiated_lambda(const std::vector<int> &v) {
  auto f = [&] {
    for (int x : v)
      std::thread(work, x).detach();
  };
  f();
}
template <class T> struct FN_NeverInstantiatedInit {
  explicit FN_NeverInstantiatedInit(const std::vector<int> &v)
      : n([&] {
          for (int x : v)
            std::thread(work, x).detach();
          return 0;
        }()) {}
  int n;
};
void FN_generic_lambda_never_called() {
  auto f = [](const auto &c) {
    for (int x : c)
      std::thread(work, x).detach();
  };
  (void)f;
}

// A lambda in a template that is instantiated: reported, once.
template <class T> void lambda_in_template_bad(const std::vector<T> &v) {
  auto f = [&] {
    for (const T &x : v)
      std::thread(work, int(x)).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration
  };
  f();
}
void use_lambda_in_template(const std::vector<int> &a,
                            const std::vector<long> &b) {
  lambda_in_template_bad(a);
  lambda_in_template_bad(b);
}
