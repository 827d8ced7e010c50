// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++20-or-later -pthread -DASIO_HAS_CO_AWAIT=1
// C++20, not the check's C++11: the cases are asio coroutines (co_spawn, awaitable).

// Asio handlers run concurrently only when their executor runs on several
// threads: an asio::thread_pool, or an io_context whose run() is called from
// several threads. A strand, or an io_context run by one thread, serialises
// them.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

int pool_posts = 0;
void post_to_pool_bad() {
  asio::thread_pool pool(4);
  for (int i = 0; i < 100; ++i)
    asio::post(pool, [] { pool_posts++; });
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'pool_posts' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  pool.join();
}

long spawned_total = 0;
void co_spawn_on_pool_bad() {
  asio::thread_pool pool(2);
  for (int i = 0; i < 10; ++i)
    asio::co_spawn(
        pool,
        []() -> asio::awaitable<void> {
          spawned_total += 1;
          // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'spawned_total' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
          co_return;
        },
        asio::detached);
  pool.join();
}

int io_handled = 0;
void io_context_many_runners_bad() {
  asio::io_context io;
  for (int i = 0; i < 10; ++i)
    asio::post(io, [] { ++io_handled; });
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'io_handled' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::vector<std::thread> runners;
  for (int i = 0; i < 4; ++i)
    runners.emplace_back([&io] { io.run(); });
  for (auto &t : runners)
    t.join();
}

std::vector<int> dispatched;
void dispatch_member_bad() {
  asio::thread_pool pool(2);
  asio::dispatch(pool.get_executor(), [] { dispatched.push_back(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: 'dispatched' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  asio::defer(pool.get_executor(), [] { dispatched.push_back(2); });
  pool.join();
}

// --- good ------------------------------------------------------------------

// One thread runs the io_context: its handlers never overlap.
int single_loop_count = 0;
void single_threaded_io_context_ok() {
  asio::io_context io;
  for (int i = 0; i < 10; ++i)
    asio::post(io, [] { ++single_loop_count; });
  io.run();
}

// A strand serialises the handlers even on a pool.
int strand_count = 0;
void strand_ok() {
  asio::thread_pool pool(4);
  auto strand = asio::make_strand(pool);
  for (int i = 0; i < 10; ++i)
    asio::post(strand, [] { ++strand_count; });
  pool.join();
}

// Handlers on a pool that lock.
std::mutex pool_mutex;
int pool_locked = 0;
void locked_pool_ok() {
  asio::thread_pool pool(4);
  for (int i = 0; i < 10; ++i)
    asio::post(pool, [] {
      std::lock_guard<std::mutex> g(pool_mutex);
      ++pool_locked;
    });
  pool.join();
  int seen = pool_locked;
  (void)seen;
}

// Atomics on a pool.
std::atomic<int> pool_atomic{0};
void atomic_pool_ok() {
  asio::thread_pool pool(4);
  for (int i = 0; i < 10; ++i)
    asio::post(pool, [] { pool_atomic.fetch_add(1); });
  pool.join();
}

// Coroutines on one io_context run by main.
int coroutine_steps = 0;
asio::awaitable<void> step_twice() {
  coroutine_steps += 1;
  co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
  coroutine_steps += 1;
}
void coroutines_single_loop_ok() {
  asio::io_context io;
  asio::co_spawn(io, step_twice(), asio::detached);
  asio::co_spawn(io, step_twice(), asio::detached);
  io.run();
}
