// Lesson (asyncio's run_in_executor / to_thread): CPU-bound work in a
// coroutine belongs on a thread pool. The handler first moves itself to an
// asio::thread_pool with co_await asio::post(asio::bind_executor(pool,
// asio::use_awaitable)) -- not asio::post(pool, asio::use_awaitable), which
// resumes on the event loop again -- so the heartbeat timer on the
// io_context keeps firing on time while the primes are counted. The program
// prints the heartbeat's worst latency and the thread ids before and after
// the switch; demo/bad/cpu-bound-on-event-loop.cpp is the twin that computes
// on the loop.

#include <asio.hpp>

#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>

using namespace std::chrono;
using asio::awaitable;
using asio::use_awaitable;

static long worst_late_us = 0;

awaitable<void> heartbeat(int beats) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  for (int i = 0; i < beats; ++i) {
    auto due = steady_clock::now() + milliseconds(10);
    t.expires_at(due);
    co_await t.async_wait(use_awaitable);
    long late = duration_cast<microseconds>(steady_clock::now() - due).count();
    if (late > worst_late_us)
      worst_late_us = late;
  }
}

awaitable<void> handle(asio::thread_pool &pool, long limit) {
  auto loop_thread = std::hash<std::thread::id>{}(std::this_thread::get_id());
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  auto pool_thread = std::hash<std::thread::id>{}(std::this_thread::get_id());
  long primes = 0;
  for (long i = 2; i < limit; ++i) {
    bool prime = true;
    for (long d = 2; d * d <= i; ++d)
      if (i % d == 0) {
        prime = false;
        break;
      }
    primes += prime;
  }
  std::printf("handle: %ld primes below %ld (loop thread %zx, pool thread "
              "%zx)\n",
              primes, limit, loop_thread, pool_thread);
}

int main() {
  asio::io_context io;
  asio::thread_pool pool(1);
  asio::co_spawn(io, heartbeat(30), asio::detached);
  asio::co_spawn(io, handle(pool, 1'500'000), asio::detached);
  io.run();
  pool.join();
  std::printf("worst heartbeat latency with the work offloaded: %.1f ms\n",
              worst_late_us / 1000.0);
  return 0;
}
