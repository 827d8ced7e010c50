// RUN: %check_conclint %s conclint-blocking-call-in-coroutine %t -- -std=c++20-or-later -pthread -DASIO_HAS_CO_AWAIT=1

// Callables a coroutine hands to other code (issue 13): in a template
// coroutine, a dependent call (`asio::post(pool, f)`, `std::thread(f)` with a
// dependent argument, a call of a function template) decides where its
// callable runs only at instantiation, so the pattern is silent about it;
// and a function whose visible body starts a thread (or posts to a pool)
// with its parameter runs the argument there, not in the coroutine.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>
#include <chrono>
#include <functional>
#include <thread>
#include <unistd.h>

using namespace std::chrono_literals;
using asio::awaitable;

template <class Pool>
awaitable<void> post_in_template_ok(Pool &pool) {
  asio::post(pool, [] { std::this_thread::sleep_for(1ms); });
  std::thread([] { std::this_thread::sleep_for(1ms); }).detach();
  co_return;
}

template <class Executor>
awaitable<void> post_named_in_template_ok(Executor ex) {
  auto job = [] { std::this_thread::sleep_for(1ms); };
  asio::post(ex, job);
  co_return;
}

template <class F> void run_detached(F f) { std::thread(std::move(f)).detach(); }

void run_on_thread(std::function<void()> f) {
  std::thread t(std::move(f));
  t.detach();
}

template <class T>
awaitable<void> helper_in_template_ok(T) {
  run_detached([] { std::this_thread::sleep_for(1ms); });
  co_return;
}

awaitable<void> helper_runs_it_on_thread_ok() {
  run_on_thread([] { std::this_thread::sleep_for(1ms); });
  run_detached([] { ::usleep(10); });
  co_return;
}

struct Launcher {
  asio::thread_pool &pool;
  template <class F> void launch(F f) { asio::post(pool, std::move(f)); }
};

awaitable<void> member_helper_posts_to_pool_ok(Launcher &l) {
  l.launch([] { std::this_thread::sleep_for(1ms); });
  co_return;
}

void instantiate(asio::thread_pool &p, asio::io_context &io, Launcher &l) {
  asio::co_spawn(io, post_in_template_ok(p), asio::detached);
  asio::co_spawn(io, post_named_in_template_ok(p.get_executor()), asio::detached);
  asio::co_spawn(io, helper_in_template_ok(1), asio::detached);
  asio::co_spawn(io, helper_runs_it_on_thread_ok(), asio::detached);
  asio::co_spawn(io, member_helper_posts_to_pool_ok(l), asio::detached);
}

// ------------------------------------------------------ still reported

// The helper calls its parameter in place.
template <class F> void run_here(F f) { f(); }

awaitable<void> helper_runs_it_here_bad() {
  run_here([] { std::this_thread::sleep_for(1ms); });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'helper_runs_it_here_bad'
  co_return;
}

// Posted to the coroutine's own loop: it runs on the same thread.
template <class T>
awaitable<void> post_to_loop_bad(asio::io_context &io, T) {
  asio::post(io, [] { std::this_thread::sleep_for(1ms); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'post_to_loop_bad'
  co_return;
}

// A blocking call in the template coroutine itself, not in a handed-off
// callable, is still reported.
template <class Pool>
awaitable<void> sleeps_itself_bad(Pool &pool) {
  asio::post(pool, [] {});
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'sleeps_itself_bad'
  co_return;
}

void instantiate_bad(asio::io_context &io, asio::thread_pool &p) {
  asio::co_spawn(io, helper_runs_it_here_bad(), asio::detached);
  asio::co_spawn(io, post_to_loop_bad(io, 1), asio::detached);
  asio::co_spawn(io, sleeps_itself_bad(p), asio::detached);
}
