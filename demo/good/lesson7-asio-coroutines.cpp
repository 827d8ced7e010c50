// Lesson 7: coroutines with Asio, the asyncio lessons in C++20. Everything
// runs on one io_context driven by the main thread, the event loop. (1) gather:
// three coroutines waiting 100, 150 and 200 ms run concurrently with Asio's
// awaitable operator && and finish in about 200 ms, not 450. (2) wait_for: a
// slow 2-second operation raced against a 100 ms timer with operator ||; the
// timer wins, the slow operation is cancelled (it sees operation_aborted) and
// the caller goes on after about 100 ms. (3) the async context manager: C++ has
// no asynchronous destructor, so a helper opens the resource, runs the body and
// always co_awaits close(), on success and when the body throws. (4) the async
// iterator: an asio::experimental::coro<int> generator that waits before each
// co_yield, consumed in a loop. (5) to_thread: a blocking call must not run on
// the loop, so the coroutine moves itself to a thread pool with co_await
// asio::post(asio::bind_executor(pool, asio::use_awaitable)), blocks there, and
// comes back with co_await asio::post(loop, asio::use_awaitable); the thread
// ids before, during and after show where it ran, and a ticker coroutine keeps
// ticking on the loop the whole time. (Beware: asio::post(pool,
// asio::use_awaitable) alone only hops through the pool and resumes on the
// loop, so a blocking call after it would still block the loop.)
//
// DEMO: shows: Asio coroutines: gather, wait_for timeout, async RAII, async generator, to_thread offload

#include <asio.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/experimental/coro.hpp>
#include <asio/experimental/use_coro.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <variant>
#include <vector>

namespace {

using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
using Clock = std::chrono::steady_clock;
using asio::awaitable;
using asio::use_awaitable;

bool timingChecked() { return std::getenv("CONCLINT_DEMO_NO_TIMING") == nullptr; }

long msSince(Clock::time_point start) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

std::string idText(std::thread::id id) {
  std::ostringstream out;
  out << id;
  return out.str();
}

// What the checks below found; written and read only on the loop thread.
struct Report {
  bool ok = true;
  std::vector<std::string> results;

  void expect(bool condition, const std::string &what) {
    if (!condition) {
      std::printf("FAIL: %s\n", what.c_str());
      ok = false;
    }
  }
};

awaitable<void> sleepFor(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(use_awaitable);
}

// --- 1. gather ------------------------------------------------------------
awaitable<int> delayedValue(std::chrono::milliseconds delay, int value) {
  co_await sleepFor(delay);
  co_return value;
}

awaitable<void> gatherDemo(Report &report) {
  const auto start = Clock::now();
  const auto [a, b, c] =
      co_await (delayedValue(100ms, 1) && delayedValue(150ms, 2) && delayedValue(200ms, 3));
  const long elapsed = msSince(start);
  std::printf("gather: waits of 100, 150 and 200 ms -> values %d,%d,%d after %ld ms\n", a, b,
              c, elapsed);
  report.expect(a == 1 && b == 2 && c == 3, "gather must return 1,2,3 in argument order");
  if (timingChecked())
    report.expect(elapsed >= 195 && elapsed < 350,
                  "gather must take about the longest wait (195..350 ms), not the sum");
  report.results.push_back("gather " + std::to_string(elapsed) + " ms");
}

// --- 2. wait_for ----------------------------------------------------------
awaitable<std::string> slowQuery(bool &cancelled) {
  try {
    co_await sleepFor(2000ms);
  } catch (const asio::system_error &e) {
    cancelled = e.code() == asio::error::operation_aborted;
    throw;
  }
  co_return "slow answer";
}

// Like asyncio.wait_for: the operation's result, or nothing if the timeout
// came first; the loser of the race is cancelled and has finished on return.
template <typename T>
awaitable<std::optional<T>> waitFor(awaitable<T> operation, std::chrono::milliseconds timeout) {
  std::variant<T, std::monostate> winner = co_await (std::move(operation) || sleepFor(timeout));
  if (winner.index() == 0)
    co_return std::get<0>(std::move(winner));
  co_return std::nullopt;
}

awaitable<void> timeoutDemo(Report &report) {
  bool cancelled = false;
  const auto start = Clock::now();
  const std::optional<std::string> answer = co_await waitFor(slowQuery(cancelled), 100ms);
  const long elapsed = msSince(start);
  std::printf("wait_for: 2000 ms query with a 100 ms timeout -> %s after %ld ms, query %s\n",
              answer ? answer->c_str() : "timed out", elapsed,
              cancelled ? "cancelled" : "NOT cancelled");
  report.expect(!answer, "the timeout must win the race");
  report.expect(cancelled, "the slow query must see operation_aborted");
  if (timingChecked())
    report.expect(elapsed >= 95 && elapsed < 400,
                  "the timeout must end the wait after about 100 ms (95..400 ms)");
  report.results.push_back("timeout " + std::to_string(elapsed) + " ms");
}

// --- 3. async context manager -----------------------------------------------
class Connection {
public:
  static awaitable<Connection> open(std::vector<std::string> &log) {
    co_await sleepFor(10ms); // the handshake
    log.push_back("open");
    co_return Connection(log);
  }
  awaitable<int> query(int x) {
    co_await sleepFor(10ms);
    log_->push_back("query");
    co_return 2 * x;
  }
  awaitable<void> close() {
    co_await sleepFor(10ms); // the goodbye
    log_->push_back("close");
  }

private:
  explicit Connection(std::vector<std::string> &log) : log_(&log) {}
  std::vector<std::string> *log_;
};

// `async with Connection.open() as c: await body(c)`: close() is awaited on
// every path. A catch block cannot co_await, so the exception is kept and
// rethrown after the close.
template <typename Body>
awaitable<void> withConnection(std::vector<std::string> &log, Body body) {
  Connection connection = co_await Connection::open(log);
  std::exception_ptr failure;
  try {
    co_await body(connection);
  } catch (...) {
    failure = std::current_exception();
  }
  co_await connection.close();
  if (failure)
    std::rethrow_exception(failure);
}

awaitable<void> useConnection(Connection &c) {
  const int doubled = co_await c.query(21);
  if (doubled != 42)
    throw std::runtime_error("wrong answer");
}

awaitable<void> failMidway(Connection &c) {
  co_await c.query(1);
  throw std::runtime_error("body failed");
}

awaitable<void> contextManagerDemo(Report &report) {
  std::vector<std::string> log;
  co_await withConnection(log, useConnection);
  bool propagated = false;
  try {
    co_await withConnection(log, failMidway);
  } catch (const std::runtime_error &) {
    propagated = true;
  }
  std::string joined;
  for (const std::string &event : log)
    joined += (joined.empty() ? "" : " ") + event;
  std::printf("async RAII: events \"%s\", the body's exception %s\n", joined.c_str(),
              propagated ? "reached the caller" : "was lost");
  report.expect(joined == "open query close open query close",
                "close() must follow every open(), also when the body throws");
  report.expect(propagated, "the body's exception must reach the caller after close()");
  report.results.push_back("RAII " + std::to_string(log.size()) + " events");
}

// --- 4. async iterator ------------------------------------------------------
asio::experimental::coro<int> readings(asio::any_io_executor executor, int count) {
  asio::steady_timer timer(executor);
  for (int i = 1; i <= count; ++i) {
    timer.expires_after(10ms); // e.g. waiting for the next sensor reading
    co_await timer.async_wait(asio::experimental::use_coro);
    co_yield i * i;
  }
}

awaitable<void> asyncIteratorDemo(Report &report) {
  auto sequence = readings(co_await asio::this_coro::executor, 5);
  std::string seen;
  int sum = 0;
  while (const std::optional<int> value = co_await sequence.async_resume(use_awaitable)) {
    seen += (seen.empty() ? "" : ",") + std::to_string(*value);
    sum += *value;
  }
  std::printf("async iterator: consumed %s (sum %d)\n", seen.c_str(), sum);
  report.expect(seen == "1,4,9,16,25", "the generator must yield 1,4,9,16,25 in order");
  report.results.push_back("generator sum " + std::to_string(sum));
}

// --- 5. to_thread -----------------------------------------------------------
// A blocking call (a synchronous read, say): it may run on a pool thread, never
// on the loop.
int blockingRead() {
  std::this_thread::sleep_for(150ms);
  return 7;
}

// The loop's heartbeat: records when each tick happened.
awaitable<std::vector<Clock::time_point>> ticker(int count) {
  std::vector<Clock::time_point> ticks;
  for (int i = 0; i < count; ++i) {
    co_await sleepFor(20ms);
    ticks.push_back(Clock::now());
  }
  co_return ticks;
}

struct OffloadTrace {
  std::thread::id before, during, after;
  Clock::time_point start, end; // of the blocking call
  int value = 0;
};

awaitable<OffloadTrace> offload(asio::thread_pool &pool) {
  OffloadTrace trace;
  const asio::any_io_executor loop = co_await asio::this_coro::executor;
  trace.before = std::this_thread::get_id();

  co_await asio::post(asio::bind_executor(pool, use_awaitable)); // now on the pool
  trace.during = std::this_thread::get_id();
  trace.start = Clock::now();
  trace.value = blockingRead();
  trace.end = Clock::now();
  co_await asio::post(loop, use_awaitable); // back on the loop

  trace.after = std::this_thread::get_id();
  co_return trace;
}

awaitable<void> offloadDemo(asio::thread_pool &pool, Report &report) {
  const auto [ticks, trace] = co_await (ticker(10) && offload(pool));
  int ticksDuring = 0;
  for (const Clock::time_point t : ticks)
    ticksDuring += (t >= trace.start && t <= trace.end) ? 1 : 0;
  std::printf("to_thread: thread before %s, during the blocking call %s, after %s; "
              "value %d; the loop ticked %d times meanwhile\n",
              idText(trace.before).c_str(), idText(trace.during).c_str(),
              idText(trace.after).c_str(), trace.value, ticksDuring);
  report.expect(trace.during != trace.before, "the blocking call must run on a pool thread");
  report.expect(trace.after == trace.before, "the coroutine must come back to the loop thread");
  report.expect(trace.value == 7, "the offloaded call must return 7");
  if (timingChecked())
    report.expect(ticksDuring >= 3, "the loop must keep ticking (>= 3 of 20 ms) while the "
                                    "150 ms blocking call runs on the pool");
  report.results.push_back("offload: loop ticked " + std::to_string(ticksDuring) + "x");
}

awaitable<void> lessons(asio::thread_pool &pool, Report &report) {
  co_await gatherDemo(report);
  co_await timeoutDemo(report);
  co_await contextManagerDemo(report);
  co_await asyncIteratorDemo(report);
  co_await offloadDemo(pool, report);
}

} // namespace

int main() {
  asio::io_context loop;
  asio::thread_pool pool(2);
  Report report;
  std::exception_ptr failure;
  asio::co_spawn(loop, lessons(pool, report),
                 [&failure](std::exception_ptr e) { failure = e; });
  loop.run();
  pool.join();
  if (failure) {
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception &e) {
      std::printf("FAIL: a lesson threw: %s\n", e.what());
    }
    return EXIT_FAILURE;
  }
  std::string summary;
  for (const std::string &r : report.results)
    summary += (summary.empty() ? "" : "; ") + r;
  std::printf("RESULT: %s\n", summary.c_str());
  return report.ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
