// RUN: %check_conclint %s conclint-task-never-awaited %t -- -std=c++20-or-later -I%S/Inputs/tasks

// Lazy tasks created and dropped unawaited: the hand-written lib::task<T>
// (initial_suspend returns suspend_always), a lazy type read through its own
// awaiter, discarded calls and locals forgotten on some path.

#include "task.hpp"

#include <string>
#include <tuple>
#include <vector>

lib::task<> child();
lib::task<int> compute(int x) { co_return x * 2; }
lib::task<> remote(); // declared only: decided from the type
lib::lazy_custom custom();
lib::eager_task eager() { co_return; }
lib::generator numbers() { co_yield 1; }
std::string make_string();
void consume(lib::task<> t);
void consume_ref(lib::task<> &t);
void log(const char *);
bool ready();

template <class T> lib::task<T> make(T v) { co_return v; }

struct Session {
  lib::task<> run();
  static lib::task<int> create();
  lib::task<> pending_;
  lib::task<> start_later() {
    pending_ = child();
    co_return;
  }
};

// ---------------------------------------------------------------- bad cases

lib::task<> discarded_call_in_coroutine_bad() {
  child();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'child' is discarded without being awaited, so the coroutine never runs [conclint-task-never-awaited]
  // CHECK-FIXES: {{^}}  co_await child();{{$}}
  co_return;
}

lib::task<int> discarded_value_task_bad() {
  compute(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'compute' is discarded without being awaited
  // CHECK-FIXES: {{^}}  co_await compute(1);{{$}}
  co_return 0;
}

void discarded_in_plain_function_bad() {
  child();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'child' is discarded without being awaited
  // CHECK-FIXES: {{^}}  child();{{$}}
}

lib::task<> void_cast_bad() {
  (void)child();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: lazy task returned by 'child' is discarded
  // CHECK-FIXES: {{^}}  (void)child();{{$}}
  co_return;
}

lib::task<> discarded_member_bad(Session &s) {
  s.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'Session::run' is discarded
  // CHECK-FIXES: {{^}}  co_await s.run();{{$}}
  co_return;
}

lib::task<> discarded_static_member_bad() {
  Session::create();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'Session::create' is discarded
  co_return;
}

void discarded_lambda_bad() {
  []() -> lib::task<> { co_return; }();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by a coroutine lambda is discarded without being awaited
}

lib::task<> discarded_in_branch_bad(bool b) {
  if (b)
    child();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task returned by 'child' is discarded
  // CHECK-FIXES: {{^}}    co_await child();{{$}}
  else
    remote();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task returned by 'remote' is discarded
  // CHECK-FIXES: {{^}}    co_await remote();{{$}}
  co_return;
}

lib::task<> discarded_in_loop_bad(int n) {
  for (int i = 0; i < n; ++i)
    compute(i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task returned by 'compute' is discarded
  while (ready())
    child();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task returned by 'child' is discarded
  co_return;
}

lib::task<> discarded_in_catch_bad() {
  try {
    co_await child();
  } catch (...) {
    child();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task returned by 'child' is discarded
    // CHECK-FIXES: {{^}}    child();{{$}}
  }
}

lib::task<> discarded_in_nested_lambda_bad() {
  auto later = [] {
    child();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task returned by 'child' is discarded
    // CHECK-FIXES: {{^}}    child();{{$}}
  };
  later();
  co_return;
}

lib::task<> discarded_in_switch_bad(int k) {
  switch (k) {
  case 0:
    child();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task returned by 'child' is discarded
    break;
  default:
    compute(k);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: lazy task returned by 'compute' is discarded
  }
again:
  child();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'child' is discarded
  if (ready())
    goto again;
  co_return;
}

lib::task<> discarded_custom_lazy_bad() {
  custom();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'custom' is discarded
  co_return;
}

lib::task<> discarded_template_coroutine_bad() {
  make(42);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'make' is discarded
  // CHECK-FIXES: {{^}}  co_await make(42);{{$}}
  co_return;
}

template <class T> void discarded_in_template_bad(T v) {
  make(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'make' is discarded
}
void instantiate_templates() {
  discarded_in_template_bad(1);
  discarded_in_template_bad(2.0);
}

void discarded_through_pointer_bad() {
  lib::task<> (*fp)() = child;
  fp();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by this call is discarded
}

lib::task<> local_forgotten_bad() {
  auto t = child();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: lazy task 't' returned by 'child' can be destroyed without being awaited, so the coroutine never runs [conclint-task-never-awaited]
  co_return;
}

lib::task<> early_return_bad(bool fail) {
  lib::task<int> t = compute(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: lazy task 't' returned by 'compute' can be destroyed without being awaited
  if (fail)
    co_return;
  co_await t;
}

int early_return_plain_bad(bool fail) {
  lib::task<> t = child();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: lazy task 't' returned by 'child' can be destroyed
  if (fail)
    return 1;
  lib::sync_wait(std::move(t));
  return 0;
}

lib::task<> loop_continue_bad(int n) {
  for (int i = 0; i < n; ++i) {
    auto t = compute(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: lazy task 't' returned by 'compute' can be destroyed
    if (i % 2)
      continue;
    co_await t;
  }
}

lib::task<> loop_break_bad(int n) {
  while (n-- > 0) {
    lib::task<> t = child();
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: lazy task 't' returned by 'child' can be destroyed
    if (!ready())
      break;
    co_await std::move(t);
  }
}

lib::task<> one_branch_awaits_bad(bool b) {
  auto t = child();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: lazy task 't' returned by 'child' can be destroyed
  if (b)
    co_await t;
}

lib::task<> two_tasks_one_forgotten_bad() {
  auto a = child();
  auto b = compute(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: lazy task 'b' returned by 'compute' can be destroyed
  co_await a;
}

void local_in_plain_function_bad() {
  auto t = remote();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: lazy task 't' returned by 'remote' can be destroyed
  log("created");
}

lib::task<> local_lambda_task_bad() {
  auto t = [](int x) -> lib::task<int> { co_return x; }(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: lazy task 't' returned by a coroutine lambda can be destroyed
  co_return;
}

lib::task<> local_custom_lazy_bad(bool b) {
  lib::lazy_custom c = custom();
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: lazy task 'c' returned by 'custom' can be destroyed
  if (b)
    co_await c;
}

lib::task<> switch_return_bad(int k) {
  auto t = child();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: lazy task 't' returned by 'child' can be destroyed
  switch (k) {
  case 0:
    co_return;
  default:
    break;
  }
  co_await t;
}

// One branch of a correlated pair is infeasible, but the CFG has no values:
// the path that skips both awaits is reported.
lib::task<> FP_correlated_conditions(bool b) {
  auto t = child();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: lazy task 't' returned by 'child' can be destroyed
  if (b)
    co_await t;
  if (!b)
    co_await t;
}

// ----------------------------------------------------------------- ok cases

lib::task<> awaited_ok() {
  co_await child();
  int v = co_await compute(2);
  (void)v;
}

lib::task<> local_awaited_ok() {
  auto t = child();
  co_await t;
  auto u = compute(1);
  co_await std::move(u);
}

lib::task<> returned_ok() { return child(); }

lib::task<> local_returned_ok() {
  auto t = child();
  return t;
}

void passed_to_unknown_ok() {
  consume(child());
  lib::task<> t = child();
  consume_ref(t);
}

int sync_waited_ok() {
  lib::sync_wait(child());
  return lib::sync_wait(compute(4));
}

void started_detached_ok() { lib::start_detached(child()); }

void stored_ok(std::vector<lib::task<>> &out) {
  out.push_back(child());
  auto t = child();
  out.push_back(std::move(t));
  out.emplace_back(remote());
}

lib::task<> member_assigned_ok(Session &s) {
  s.pending_ = child();
  co_await s.start_later();
}

struct Holder {
  lib::task<> t;
};
Holder aggregate_ok() { return Holder{child()}; }

void eager_discarded_ok() { eager(); }

void generator_discarded_ok() { numbers(); }

void non_task_discarded_ok() { make_string(); }

lib::task<> captured_ok() {
  auto t = child();
  auto run = [&t]() -> lib::task<> { co_await t; };
  co_await run();
}

lib::task<> implicit_capture_ok() {
  auto t = child();
  auto run = [&]() -> lib::task<> { co_await t; };
  co_await run();
}

void member_call_on_local_ok() {
  auto t = child();
  t.handle().resume();
}

lib::task<> both_branches_ok(bool b) {
  auto t = child();
  if (b)
    co_await t;
  else
    lib::sync_wait(std::move(t));
}

lib::task<> loop_awaits_each_ok(int n) {
  for (int i = 0; i < n; ++i) {
    auto t = compute(i);
    co_await t;
  }
}

lib::task<> early_return_before_creation_ok(bool fail) {
  if (fail)
    co_return;
  auto t = child();
  co_await t;
}

lib::task<> lambda_returns_task_ok() {
  auto make_child = [] { return child(); };
  co_await make_child();
}

void ignored_explicitly_ok() { std::ignore = child(); }

template <class T> lib::task<> dependent_never_instantiated_ok(T v) {
  make(v);
  co_return;
}

lib::task<> awaited_in_condition_ok() {
  if (co_await compute(1) > 0)
    co_await child();
}

lib::task<> default_then_assigned_ok(std::vector<lib::task<>> &v) {
  auto t = child();
  v.push_back(std::move(t));
  co_return;
}

lib::task<> awaited_in_try_ok() {
  auto t = child();
  try {
    co_await t;
  } catch (...) {
    log("failed");
  }
}

// A reference binds the temporary: the variable holds no task of its own
// and is not followed.
lib::task<> FN_reference_local() {
  auto &&t = child();
  co_return;
}

// The task moves into a second local that is then forgotten: the second is
// initialised by a move, not by a call, and is not tracked.
lib::task<> FN_moved_then_dropped() {
  auto t = child();
  auto u = std::move(t);
  co_return;
}

// A generator is lazy too, but not awaitable: not a task.
void FN_generator_never_iterated() {
  auto g = numbers();
}
