// RUN: %check_conclint \
// RUN:   --config='{CheckOptions: {conclint-cpu-bound-on-event-loop.EventLoopCoroutineTypes: "task"}}' \
// RUN:   %s conclint-cpu-bound-on-event-loop %t -- -std=c++20-or-later -DASIO_HAS_CO_AWAIT=1
// RUN: %check_conclint --frontends=tidy --stdlibs=libstdc++ --check-suffix=OPT \
// RUN:   --config='{CheckOptions: {conclint-cpu-bound-on-event-loop.ThreadSwitchAwaitables: "::asio::post(::asio::bind_executor);to_pool", conclint-cpu-bound-on-event-loop.SmallTripCount: 8, conclint-cpu-bound-on-event-loop.EventLoopCoroutineTypes: "task"}}' \
// RUN:   %s conclint-cpu-bound-on-event-loop %t -- -std=c++20-or-later -DASIO_HAS_CO_AWAIT=1

// The notes (call chain, framework-specific suggestion, posted handler) and
// the ThreadSwitchAwaitables / SmallTripCount / EventLoopCoroutineTypes
// options, and the note that says how the coroutine is on the event loop.

#include <exception> // libc++ in C++23 no longer includes it for Asio 1.22
#include <asio.hpp>
#include <vector>

using asio::awaitable;
using asio::use_awaitable;

static long inner(const std::vector<long> &v) {
  long s = 0;
  for (long x : v)
    s += x;
  return s;
}
static long outer(const std::vector<long> &v) { return inner(v) * 2; }

awaitable<long> chain(std::vector<long> v) {
  co_return outer(v);
}
// CHECK-NOTES: :[[@LINE-2]]:13: warning: CPU-bound call to 'outer' in coroutine 'chain' blocks the event loop; offload it to a thread pool [conclint-cpu-bound-on-event-loop]
// CHECK-NOTES: :[[@LINE-3]]:13: note: 'outer' called here does CPU-bound work
// CHECK-NOTES: :25:56: note: 'inner' called here does CPU-bound work
// CHECK-NOTES: :21:3: note: CPU-bound loop here; its trip count depends on data
// CHECK-NOTES: :[[@LINE+14]]:3: note: coroutine 'chain' is spawned on an event loop here
// CHECK-NOTES: :[[@LINE-7]]:13: note: switch to a pool first with 'co_await asio::post(asio::bind_executor(pool, asio::use_awaitable))'; 'co_await asio::post(pool, asio::use_awaitable)' resumes on the event loop again
// CHECK-MESSAGES-OPT: :[[@LINE-8]]:13: warning: CPU-bound call to 'outer' in coroutine 'chain'
// CHECK-NOTES: :[[@LINE+8]]:13: warning: CPU-bound call to 'outer' in coroutine 'relay' blocks the event loop; offload it to a thread pool [conclint-cpu-bound-on-event-loop]
// CHECK-NOTES: :[[@LINE+7]]:13: note: 'outer' called here does CPU-bound work
// CHECK-NOTES: :25:56: note: 'inner' called here does CPU-bound work
// CHECK-NOTES: :21:3: note: CPU-bound loop here; its trip count depends on data
// CHECK-NOTES: :[[@LINE+9]]:44: note: coroutine 'relay' is started here by 'chain_spawner', which runs on an event loop
// CHECK-NOTES: :[[@LINE+3]]:13: note: switch to a pool first with 'co_await asio::post(asio::bind_executor(pool, asio::use_awaitable))'; 'co_await asio::post(pool, asio::use_awaitable)' resumes on the event loop again
// CHECK-MESSAGES-OPT: :[[@LINE+2]]:13: warning: CPU-bound call to 'outer' in coroutine 'relay'
awaitable<long> relay(std::vector<long> v) {
  co_return outer(v);
}
void spawn_chain(asio::io_context &io) {
  asio::co_spawn(io, chain({}), asio::detached);
}
awaitable<void> chain_spawner() { co_await relay({}); }
void spawn_spawner(asio::io_context &io) {
  asio::co_spawn(io, chain_spawner(), asio::detached);
}

void handler(asio::io_context &io, std::vector<long> &v) {
  asio::post(io, [&v] { v[0] = inner(v); });
}
// CHECK-NOTES: :[[@LINE-2]]:32: warning: CPU-bound call to 'inner' in a handler posted to an event loop blocks the event loop; offload it to a thread pool [conclint-cpu-bound-on-event-loop]
// CHECK-NOTES: :[[@LINE-3]]:32: note: 'inner' called here does CPU-bound work
// CHECK-NOTES: :21:3: note: CPU-bound loop here; its trip count depends on data
// CHECK-NOTES: :[[@LINE-5]]:3: note: handler posted here; post the work to an 'asio::thread_pool' and post the result back to the event loop
// CHECK-MESSAGES-OPT: :[[@LINE-6]]:32: warning: CPU-bound call to 'inner' in a handler

// A user's own switch awaitable, known only through the option.
struct to_pool_awaitable {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
to_pool_awaitable to_pool() { return {}; }

struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

task custom_switch(std::vector<long> v) {
  co_await to_pool();
  long s = 0;
  for (long x : v)
    s += x;
  (void)s;
}
// CHECK-NOTES: :[[@LINE-4]]:3: warning: CPU-bound loop in coroutine 'custom_switch' blocks the event loop
// CHECK-NOTES: :[[@LINE-5]]:3: note: run it on a thread pool or with 'std::async(std::launch::async, ...)' and await the result

task sixteen() {
  co_await to_pool_awaitable{}; // not a call to to_pool(): no switch
  long s = 0;
  for (int i = 0; i < 16; ++i)
    s += i;
  (void)s;
}
// CHECK-MESSAGES-OPT: :[[@LINE-4]]:3: warning: CPU-bound loop in coroutine 'sixteen'

// (The option variant RUN line runs once, through conclint-tidy on libstdc++:
// the same check code reads the options in every front-end, and the first RUN
// line already covers both front-ends and both standard libraries.)
