// RUN: %check_conclint %s conclint-task-never-awaited %t -- -std=c++20-or-later -DASIO_HAS_CO_AWAIT=1
// RUN: %check_conclint --frontends=tidy --stdlibs=libstdc++ --check-suffix=OPT \
// RUN:   --config="{CheckOptions: {conclint-task-never-awaited.LazyTaskTypes: '::vendor::remote_task'}}" \
// RUN:   %s conclint-task-never-awaited %t.opt -- -std=c++20 -DASIO_HAS_CO_AWAIT=1

// asio::awaitable is lazy: its promise comes from a std::coroutine_traits
// specialisation, and initial_suspend returns suspend_always. A library
// task whose promise is not visible is decided by LazyTaskTypes.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>

using asio::awaitable;
using asio::use_awaitable;

awaitable<void> ping();
awaitable<int> fetch(int id) { co_return id + 1; }
awaitable<void> pong() { co_return; }

namespace vendor {
// Awaitable, but its promise lives in a library source this TU does not see.
struct remote_task {
  bool await_ready() const noexcept;
  void await_suspend(std::coroutine_handle<>) noexcept;
  void await_resume() noexcept;
};
remote_task call_remote();
} // namespace vendor

// ---------------------------------------------------------------- bad cases

awaitable<void> discarded_awaitable_bad() {
  ping();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'ping' is discarded without being awaited, so the coroutine never runs [conclint-task-never-awaited]
  // CHECK-FIXES: {{^}}  co_await ping();{{$}}
  // CHECK-MESSAGES-OPT: :[[@LINE-3]]:3: warning: lazy task returned by 'ping' is discarded
  fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'fetch' is discarded
  // CHECK-FIXES: {{^}}  co_await fetch(1);{{$}}
  // CHECK-MESSAGES-OPT: :[[@LINE-3]]:3: warning: lazy task returned by 'fetch' is discarded
  co_return;
}

awaitable<int> local_awaitable_forgotten_bad(bool cached) {
  awaitable<int> f = fetch(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: lazy task 'f' returned by 'fetch' can be destroyed without being awaited
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:18: warning: lazy task 'f' returned by 'fetch' can be destroyed
  if (cached)
    co_return 0;
  co_return co_await std::move(f);
}

void discarded_outside_coroutine_bad() {
  pong();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'pong' is discarded
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:3: warning: lazy task returned by 'pong' is discarded
}

void configured_type_bad() {
  vendor::call_remote();
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:3: warning: lazy task returned by 'call_remote' is discarded
}

// ----------------------------------------------------------------- ok cases

void spawned_ok(asio::io_context &io) {
  asio::co_spawn(io, ping(), asio::detached);
  asio::co_spawn(io, fetch(3), [](std::exception_ptr, int) {});
}

awaitable<void> awaited_ok() {
  co_await ping();
  int v = co_await fetch(4);
  (void)v;
}

awaitable<void> local_awaited_ok() {
  auto a = pong();
  co_await std::move(a);
}

void local_spawned_ok(asio::io_context &io) {
  auto a = ping();
  asio::co_spawn(io, std::move(a), asio::detached);
}

awaitable<void> lambda_spawned_ok(asio::io_context &io) {
  asio::co_spawn(
      io, []() -> awaitable<void> { co_await ping(); }, asio::detached);
  co_return;
}

// Unknown by default: no promise is visible for remote_task (the OPT run
// configures it).
void unknown_type_ok() {
  vendor::call_remote();
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:3: warning: lazy task returned by 'call_remote' is discarded
}
