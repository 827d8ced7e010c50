// Mistake: blocking inside a coroutine (time.sleep in async def).
// The twin of demo/good/blocking-call-in-coroutine.cpp. Each coroutine
// "waits" with std::this_thread::sleep_for instead of awaiting a timer, so it
// holds the only thread of the io_context: the three waits run one after the
// other and take about 600 ms, the sum, instead of 300 ms. The offloading
// coroutine uses the lookalike co_await asio::post(pool, asio::use_awaitable),
// which hops through the pool and resumes on the loop, so its blocking call
// runs on the loop too (the thread ids it prints are the same). conclint
// reports each blocking call, the second one through the helper it calls.

#include <asio.hpp>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using asio::awaitable;
using asio::use_awaitable;
using Clock = std::chrono::steady_clock;

static const Clock::time_point Start = Clock::now();

static long long elapsed_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() -
                                                               Start)
      .count();
}

static std::string thread_id() {
  std::ostringstream os;
  os << std::this_thread::get_id();
  return os.str();
}

static awaitable<void> wait(const char *name, std::chrono::milliseconds d) {
  std::this_thread::sleep_for(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'wait' stalls every coroutine on the thread that resumes it; await an asynchronous timer instead [conclint-blocking-call-in-coroutine]
  std::printf("%s: waited %lld ms, done at %lld ms\n", name,
              static_cast<long long>(d.count()), elapsed_ms());
  co_return;
}

// A library call that blocks (think of a synchronous database driver).
static int blocking_lookup() {
  std::this_thread::sleep_for(50ms);
  return 42;
}

static awaitable<void> offload(asio::thread_pool &pool) {
  std::string before = thread_id();
  co_await asio::post(pool, use_awaitable); // resumes on the loop again
  std::string after = thread_id();
  int value = blocking_lookup();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: call to 'blocking_lookup' in coroutine 'offload' reaches a blocking call to 'std::this_thread::sleep_for', which stalls every coroutine on the thread that resumes it; await an asynchronous timer instead [conclint-blocking-call-in-coroutine]
  std::printf("offload: before %s, after %s: value %d, switched %s\n",
              before.c_str(), after.c_str(), value,
              before != after ? "yes" : "no");
}

int main() {
  asio::io_context io;
  asio::thread_pool pool(2);
  asio::co_spawn(io, wait("a", 100ms), asio::detached);
  asio::co_spawn(io, wait("b", 200ms), asio::detached);
  asio::co_spawn(io, wait("c", 300ms), asio::detached);
  asio::co_spawn(io, offload(pool), asio::detached);
  io.run();
  pool.join();
  long long total = elapsed_ms();
  std::printf("total %lld ms for waits of 100+200+300 ms: the sum, not the "
              "longest\n",
              total);
  return 0;
}
