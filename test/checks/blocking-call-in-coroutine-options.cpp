// RUN: %check_conclint \
// RUN:   --config="{CheckOptions: {conclint-blocking-call-in-coroutine.AsyncSleep: 'async_sleep', conclint-blocking-call-in-coroutine.TransitiveDepth: 1, conclint-blocking-call-in-coroutine.BlockingFunctions: '::std::this_thread::sleep_for;::legacy::blocking_fetch;::Db::query', conclint-blocking-call-in-coroutine.AsyncAlternatives: '::legacy::blocking_fetch=await legacy::fetch_async instead;*=ask the team', conclint-blocking-call-in-coroutine.ThreadSwitchAwaitables: 'go_to_pool', conclint-blocking-call-in-coroutine.OffloadFunctions: 'run_blocking'}}" \
// RUN:   %s conclint-blocking-call-in-coroutine %t -- -std=c++20-or-later -pthread -DASIO_HAS_CO_AWAIT=1

// The options: a user's own awaitable sleep for the fix-it, a replaced list
// of blocking functions, its advice, a shallower transitive depth, a custom
// thread-switch awaitable and a custom offloading helper.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>
#include <chrono>
#include <future>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;
using asio::awaitable;
using asio::use_awaitable;

// The user's awaitable sleep named by AsyncSleep.
awaitable<void> async_sleep(std::chrono::steady_clock::duration d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(use_awaitable);
}

namespace legacy {
int blocking_fetch(int key) { return key; }
} // namespace legacy

struct Db {
  int query(int q) { return q; }
};

awaitable<void> go_to_pool(asio::thread_pool &pool) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
}

template <class F> awaitable<void> run_blocking(F f) {
  f();
  co_return;
}

awaitable<void> sleep_fixed_bad() {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'sleep_fixed_bad' stalls every coroutine on the thread that resumes it; ask the team [conclint-blocking-call-in-coroutine]
  // CHECK-FIXES: {{^}}  co_await async_sleep(10ms);{{$}}
  std::this_thread::sleep_for(std::chrono::milliseconds(2 * 5));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'sleep_fixed_bad'
  // CHECK-FIXES: {{^}}  co_await async_sleep(std::chrono::milliseconds(2 * 5));{{$}}
  co_return;
}

awaitable<void> no_fix_in_expression_bad(bool b) {
  // Not a statement of its own: reported, left alone.
  b ? std::this_thread::sleep_for(1ms) : void();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'no_fix_in_expression_bad'
  // CHECK-FIXES: {{^}}  b ? std::this_thread::sleep_for(1ms) : void();{{$}}
  co_return;
}

awaitable<void> no_fix_in_nested_lambda_bad() {
  [] {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'no_fix_in_nested_lambda_bad'
    // CHECK-FIXES: {{^}}    std::this_thread::sleep_for(1ms);{{$}}
  }();
  co_return;
}

awaitable<int> user_blocking_functions_bad(Db &db) {
  int a = legacy::blocking_fetch(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'legacy::blocking_fetch' in coroutine 'user_blocking_functions_bad' stalls every coroutine on the thread that resumes it; await legacy::fetch_async instead
  int b = db.query(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'Db::query' in coroutine 'user_blocking_functions_bad' stalls every coroutine on the thread that resumes it; ask the team
  co_return a + b;
}

awaitable<void> replaced_list_ok() {
  ::usleep(10); // not in the replaced list
  co_return;
}

int one_level() { return legacy::blocking_fetch(3); }
int two_levels() { return one_level(); }

awaitable<void> depth_one_bad() {
  one_level();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'one_level' in coroutine 'depth_one_bad' reaches a blocking call to 'legacy::blocking_fetch'
  two_levels(); // past TransitiveDepth 1
  co_return;
}

awaitable<void> custom_switch_ok(asio::thread_pool &pool) {
  co_await go_to_pool(pool);
  std::this_thread::sleep_for(1ms);
}

awaitable<void> custom_offload_ok() {
  co_await run_blocking([] { std::this_thread::sleep_for(1ms); });
}

awaitable<void> default_switch_not_configured_bad(asio::thread_pool &pool) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'default_switch_not_configured_bad'
  // CHECK-FIXES: {{^}}  co_await async_sleep(1ms);{{$}}
}
