// RUN: %check_conclint %s conclint-task-never-awaited %t -- -std=c++20-or-later -I%S/Inputs/tasks

// Every note: where a forgotten local task leaves scope unawaited.

#include "task.hpp"

lib::task<> child();
bool should_stop();

lib::task<> two_exits_bad(int mode) {
  auto t = child();
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: lazy task 't' returned by 'child' can be destroyed without being awaited, so the coroutine never runs [conclint-task-never-awaited]
  if (mode == 1)
    co_return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 't' leaves scope here without being awaited
  if (mode == 2)
    co_await t;
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 't' leaves scope here without being awaited

lib::task<> break_bad() {
  for (int i = 0; i < 3; ++i) {
    auto t = child();
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: lazy task 't' returned by 'child' can be destroyed
    if (should_stop())
      break;
    // CHECK-NOTES: :[[@LINE-1]]:7: note: 't' leaves scope here without being awaited
    co_await t;
  }
}

void plain_return_bad(bool b) {
  lib::task<> t = child();
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: lazy task 't' returned by 'child' can be destroyed
  if (b)
    return;
  // CHECK-NOTES: :[[@LINE-1]]:5: note: 't' leaves scope here without being awaited
  lib::sync_wait(std::move(t));
}

lib::task<> discarded_bad() {
  child();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: lazy task returned by 'child' is discarded without being awaited, so the coroutine never runs [conclint-task-never-awaited]
  // CHECK-FIXES: {{^}}  co_await child();{{$}}
  co_return;
}
