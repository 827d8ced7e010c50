// Lesson: never block inside a coroutine; await, or offload to a pool.
// Three coroutines share one Asio io_context (one thread, the event loop) and
// each waits on a steady_timer of 100, 200 and 300 ms. Because they await the
// timers instead of sleeping, the loop interleaves them and all three finish
// after about 300 ms, the longest wait, not the 600 ms sum (Python's
// asyncio.gather with asyncio.sleep). A fourth coroutine needs a blocking
// library call: it first moves itself to an asio::thread_pool with
// co_await asio::post(asio::bind_executor(pool, asio::use_awaitable)) (the
// C++ asyncio.to_thread), blocks there, and comes back to the loop; the thread
// ids it prints show that the switch really happened. Note the lookalike
// asio::post(pool, asio::use_awaitable): it only hops through the pool and
// resumes on the loop, so it offloads nothing.

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
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(use_awaitable);
  std::printf("%s: waited %lld ms, done at %lld ms\n", name,
              static_cast<long long>(d.count()), elapsed_ms());
}

// A library call that blocks (think of a synchronous database driver).
static int blocking_lookup() {
  std::this_thread::sleep_for(50ms);
  return 42;
}

static bool switched = false;

static awaitable<void> offload(asio::thread_pool &pool) {
  auto loop = co_await asio::this_coro::executor;
  std::string on_loop = thread_id();
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  std::string on_pool = thread_id();
  int value = blocking_lookup(); // blocks a pool thread, not the loop
  co_await asio::post(asio::bind_executor(loop, use_awaitable));
  switched = on_loop != on_pool && thread_id() == on_loop;
  std::printf("offload: loop thread %s, pool thread %s, back on %s: "
              "value %d, switched %s\n",
              on_loop.c_str(), on_pool.c_str(), thread_id().c_str(), value,
              switched ? "yes" : "no");
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
  std::printf("total %lld ms for waits of 100+200+300 ms (longest 300, "
              "sum 600)\n",
              total);
  bool overlapped = total < 450;
  std::printf("overlapped: %s\n", overlapped ? "yes" : "no");
  return overlapped && switched ? 0 : 1;
}
