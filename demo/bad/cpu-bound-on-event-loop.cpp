// Lesson (asyncio's "CPU-bound work freezes the event loop"): a coroutine runs
// on the thread of the event loop that resumes it. Here a heartbeat timer
// should fire every 10 ms, but a request handler on the same io_context
// computes for a few hundred milliseconds without suspending: no other
// coroutine runs meanwhile and the heartbeat's worst latency grows to the
// whole computation. The twin, demo/good/cpu-bound-on-event-loop.cpp, moves
// the computation to an asio::thread_pool first.

#include <asio.hpp>

#include <chrono>
#include <cstdio>

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

awaitable<void> handle(long limit) {
  co_await asio::post(co_await asio::this_coro::executor, use_awaitable);
  long primes = 0;
  for (long i = 2; i < limit; ++i) {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'handle' blocks the event loop; offload it to a thread pool [conclint-cpu-bound-on-event-loop]
    bool prime = true;
    for (long d = 2; d * d <= i; ++d)
      if (i % d == 0) {
        prime = false;
        break;
      }
    primes += prime;
  }
  std::printf("handle: %ld primes below %ld\n", primes, limit);
}

int main() {
  asio::io_context io;
  asio::co_spawn(io, heartbeat(30), asio::detached);
  asio::co_spawn(io, handle(1'500'000), asio::detached);
  io.run();
  std::printf("worst heartbeat latency with the loop busy: %.1f ms\n",
              worst_late_us / 1000.0);
  return 0;
}
