// RUN: %check_conclint %s conclint-cpu-bound-on-event-loop %t -- -std=c++20-or-later -DASIO_HAS_CO_AWAIT=1

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>

#include <algorithm>
#include <array>
#include <coroutine>
#include <cstdint>
#include <cstdio>
#include <future>
#include <numeric>
#include <regex>
#include <string>
#include <thread>
#include <vector>
#include <zlib.h>

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;

// A hand-written task type: eager, resumed by whoever completes its awaits.
template <class T> struct task {
  struct promise_type {
    T value{};
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() { std::terminate(); }
  };
};
struct next_tick {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};

// A generator: yields, never awaits.
struct ints {
  struct promise_type {
    int current = 0;
    ints get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int v) { current = v; return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

static std::uint32_t checksum(const std::vector<char> &data) {
  std::uint32_t h = 2166136261u;
  for (char c : data)
    h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

// ---------------------------------------------------------------- bad cases

awaitable<void> handle(tcp::socket socket) {
  std::vector<char> buf(4096);
  std::size_t n = co_await socket.async_read_some(asio::buffer(buf), use_awaitable);
  std::uint64_t sum = 0;
  for (std::size_t i = 0; i < n; ++i)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'handle' blocks the event loop; offload it to a thread pool [conclint-cpu-bound-on-event-loop]
    sum += static_cast<unsigned char>(buf[i]) * i;
  co_await asio::async_write(socket, asio::buffer(&sum, sizeof sum), use_awaitable);
}

awaitable<void> sort_request_bad(std::vector<int> values) {
  std::sort(values.begin(), values.end());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound call to 'std::sort' in coroutine 'sort_request_bad' blocks the event loop; offload it to a thread pool
  co_return;
}

awaitable<long> lookalike_post_bad(asio::thread_pool &pool, std::vector<long> v) {
  // Only hops through the pool: resumes on this coroutine's own executor.
  co_await asio::post(pool, use_awaitable);
  long s = 0;
  for (long x : v)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'lookalike_post_bad' blocks the event loop
    s += x * x;
  co_return s;
}

awaitable<long> back_on_loop_bad(asio::thread_pool &pool, std::vector<long> v) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable); // completes on the coroutine's executor
  long s = std::accumulate(v.begin(), v.end(), 0L);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: CPU-bound call to 'std::accumulate' in coroutine 'back_on_loop_bad' blocks the event loop
  co_return s;
}

awaitable<std::uint32_t> transitive_bad(tcp::socket &s) {
  std::vector<char> buf(1 << 16);
  co_await asio::async_read(s, asio::buffer(buf), use_awaitable);
  co_return checksum(buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: CPU-bound call to 'checksum' in coroutine 'transitive_bad' blocks the event loop
}

class Session {
public:
  awaitable<void> run_bad() {
    for (;;) {
      std::size_t n = co_await socket_.async_read_some(asio::buffer(buf_), use_awaitable);
      std::reverse(buf_.begin(), buf_.begin() + n);
      for (std::size_t i = 0; i < n; ++i)
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: CPU-bound loop in coroutine 'Session::run_bad' blocks the event loop
        buf_[i] = static_cast<char>(buf_[i] ^ 0x5a);
      co_await asio::async_write(socket_, asio::buffer(buf_, n), use_awaitable);
    }
  }

private:
  tcp::socket socket_{asio::system_executor()};
  std::array<char, 1024> buf_{};
};

void spawn_lambda_bad(asio::io_context &io, std::vector<double> data) {
  asio::co_spawn(io, [data]() mutable -> awaitable<void> {
    co_await asio::post(co_await asio::this_coro::executor, use_awaitable);
    std::stable_sort(data.begin(), data.end());
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: CPU-bound call to 'std::stable_sort' in coroutine 'lambda' blocks the event loop
  }, asio::detached);
}

task<int> hand_written_bad(int n) {
  co_await next_tick{};
  int primes = 0;
  for (int i = 2; i < n; ++i) {
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'hand_written_bad' blocks the event loop
    bool p = true;
    for (int d = 2; d * d <= i; ++d)
      p = p && i % d != 0;
    primes += p;
  }
  co_return primes;
}

awaitable<bool> regex_bad(std::string body) {
  co_return std::regex_search(body, std::regex("([a-z]+)*@example"));
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: CPU-bound call to 'std::regex_search' in coroutine 'regex_bad'
}

awaitable<long> grid_bad() {
  long s = 0;
  for (int r = 0; r < 100; ++r)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'grid_bad'
    for (int c = 0; c < 100; ++c)
      s += r ^ c;
  co_return s;
}

template <class T> awaitable<T> sum_template_bad(std::vector<T> v) {
  T s{};
  for (const T &x : v)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'sum_template_bad' blocks the event loop
    s += x;
  co_return s;
}
template awaitable<int> sum_template_bad(std::vector<int>);

awaitable<unsigned long> crc_bad(std::string payload) {
  co_return crc32(0, reinterpret_cast<const Bytef *>(payload.data()),
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: CPU-bound call to 'crc32' in coroutine 'crc_bad'
                  static_cast<uInt>(payload.size()));
}

void post_handler_bad(asio::io_context &io, std::vector<int> &v) {
  asio::post(io, [&v] {
    std::sort(v.begin(), v.end());
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: CPU-bound call to 'std::sort' in a handler posted to an event loop blocks the event loop; offload it to a thread pool
  });
}

void strand_handler_bad(asio::io_context &io, const std::vector<double> &v, double &out) {
  auto strand = asio::make_strand(io);
  asio::dispatch(strand, [&v, &out] {
    double s = 0;
    for (double x : v)
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: CPU-bound loop in a handler posted to an event loop
      s += x * x;
    out = s;
  });
}

static std::vector<int> shared_numbers;
static void crunch_numbers() {
  for (int &x : shared_numbers)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in a handler posted to an event loop
    x = x * x % 7919;
}
void defer_named_bad(asio::io_context &io) {
  asio::defer(io.get_executor(), crunch_numbers);
}

// What puts the coroutines above on an event loop: the check reports a
// coroutine only when the translation unit shows that it runs on one.
void run_bad_cases(asio::io_context &io, tcp::socket &sock, asio::thread_pool &pool) {
  asio::co_spawn(io, handle(tcp::socket(io)), asio::detached);
  asio::co_spawn(io, sort_request_bad({}), asio::detached);
  asio::co_spawn(io, lookalike_post_bad(pool, {}), asio::detached);
  asio::co_spawn(io.get_executor(), back_on_loop_bad(pool, {}), asio::detached);
  asio::co_spawn(asio::make_strand(io), transitive_bad(sock), asio::detached);
  asio::co_spawn(io, regex_bad(""), asio::detached);
  asio::co_spawn(io, grid_bad(), asio::detached);
  asio::co_spawn(io, sum_template_bad(std::vector<int>{}), asio::detached);
  asio::co_spawn(io, crc_bad(""), asio::detached);
  asio::post(io, [] { hand_written_bad(1000); }); // started by a handler
}
void run_session(asio::io_context &io, Session &s) {
  asio::co_spawn(io, s.run_bad(), asio::detached);
}

// Started by a coroutine that runs on the event loop: awaited, or spawned
// onto its own executor (`co_await this_coro::executor`).
awaitable<long> awaited_bad(std::vector<long> v) {
  std::sort(v.begin(), v.end());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound call to 'std::sort' in coroutine 'awaited_bad' blocks the event loop
  co_return v.empty() ? 0 : v[0];
}
awaitable<void> per_connection_bad(std::vector<long> v) {
  long s = 0;
  for (long x : v)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'per_connection_bad' blocks the event loop
    s += x * x;
  (void)s;
  co_return;
}
awaitable<void> listener(std::vector<long> v) {
  co_await awaited_bad(v);
  auto ex = co_await asio::this_coro::executor;
  asio::co_spawn(ex, per_connection_bad(v), asio::detached);
}
void run_listener(asio::io_context &io) {
  asio::co_spawn(io, listener({}), asio::detached);
}

// ---------------------------------------------------------------- good cases

awaitable<void> echo_ok(tcp::socket socket) {
  char data[1024];
  for (;;) {
    std::size_t n = co_await socket.async_read_some(asio::buffer(data), use_awaitable);
    co_await asio::async_write(socket, asio::buffer(data, n), use_awaitable);
  }
}

awaitable<int> small_ok() {
  int s = 0;
  for (int i = 0; i < 16; ++i)
    s += i;
  co_return s;
}

awaitable<long> switched_ok(asio::thread_pool &pool, std::vector<long> v) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  std::sort(v.begin(), v.end());
  long s = 0;
  for (long x : v)
    s += x;
  co_return s;
}

awaitable<long> dispatch_switch_ok(asio::thread_pool &pool, std::vector<long> v) {
  co_await asio::dispatch(asio::bind_executor(pool, use_awaitable));
  co_return std::accumulate(v.begin(), v.end(), 0L);
}

awaitable<void> thread_inside_ok(std::vector<int> v) {
  std::thread t([&v] { std::sort(v.begin(), v.end()); });
  t.join();
  co_return;
}

awaitable<long> async_inside_ok(std::vector<long> v) {
  auto f = std::async(std::launch::async, [v] {
    long s = 0;
    for (long x : v)
      s += x;
    return s;
  });
  co_return f.get();
}

void pool_handler_ok(asio::thread_pool &pool, std::vector<int> &v) {
  asio::post(pool, [&v] { std::sort(v.begin(), v.end()); });
}

void small_handler_ok(asio::io_context &io, int &counter) {
  asio::post(io, [&counter] { ++counter; });
}

ints generator_ok(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i * i;
}

awaitable<void> print_ok(std::vector<int> v) {
  for (int x : v)
    std::printf("%d\n", x);
  co_return;
}

awaitable<void> broadcast_ok(std::vector<tcp::socket *> clients, std::string msg) {
  for (tcp::socket *c : clients)
    co_await asio::async_write(*c, asio::buffer(msg), use_awaitable);
}

awaitable<int> sort_small_ok() {
  std::array<int, 8> a{8, 7, 6, 5, 4, 3, 2, 1};
  std::sort(a.begin(), a.end());
  co_return a[0];
}

long plain_function_ok(const std::vector<long> &v) {
  long s = 0;
  for (long x : v)
    s += x;
  return s;
}

awaitable<void> lambda_defined_ok(asio::thread_pool &pool, std::vector<int> v) {
  auto work = [v]() mutable { std::sort(v.begin(), v.end()); };
  asio::post(pool, work);
  co_return;
}

awaitable<void> ticks_ok(int n) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  for (int i = 0; i < n; ++i) { // suspends every iteration
    t.expires_after(std::chrono::milliseconds(10));
    co_await t.async_wait(use_awaitable);
  }
}

// The good cases above run on the event loop too: they are silent because
// they do no CPU-bound work there, not because nothing places them.
void run_good_cases(asio::io_context &io, asio::thread_pool &pool) {
  asio::co_spawn(io, echo_ok(tcp::socket(io)), asio::detached);
  asio::co_spawn(io, small_ok(), asio::detached);
  asio::co_spawn(io, switched_ok(pool, {}), asio::detached);
  asio::co_spawn(io, dispatch_switch_ok(pool, {}), asio::detached);
  asio::co_spawn(io, thread_inside_ok({}), asio::detached);
  asio::co_spawn(io, async_inside_ok({}), asio::detached);
  asio::co_spawn(io, print_ok({}), asio::detached);
  asio::co_spawn(io, broadcast_ok({}, ""), asio::detached);
  asio::co_spawn(io, sort_small_ok(), asio::detached);
  asio::co_spawn(io, lambda_defined_ok(pool, {}), asio::detached);
  asio::co_spawn(io, ticks_ok(3), asio::detached);
  asio::post(io, [] { generator_ok(1000); });
}

// A coroutine only ever spawned on a thread pool runs there (this was a
// known false positive while every coroutine was assumed on an event loop).
awaitable<long> spawned_on_pool_ok(std::vector<long> v) {
  long s = 0;
  for (long x : v)
    s += x;
  co_return s;
}
void use_pool(asio::thread_pool &pool, std::vector<long> v) {
  asio::co_spawn(pool, spawned_on_pool_ok(std::move(v)), asio::detached);
}

// Nothing in the TU shows where these run: silence on unknown.
awaitable<void> never_spawned_ok(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  co_return;
}
awaitable<void> executor_parameter_inner_ok(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  co_return;
}
void spawn_on_any_executor(asio::any_io_executor ex) {
  asio::co_spawn(ex, executor_parameter_inner_ok({}), asio::detached);
}
task<int> hand_written_unplaced_ok(int n) {
  co_await next_tick{};
  int primes = 0;
  for (int i = 2; i < n; ++i)
    primes += i % 3 == 0;
  co_return primes;
}

// Started after the caller switched to a pool: runs there.
awaitable<void> started_on_pool_ok(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  co_return;
}
awaitable<void> switches_then_starts(asio::thread_pool &pool) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  co_await started_on_pool_ok({});
}
void run_switcher(asio::io_context &io, asio::thread_pool &pool) {
  asio::co_spawn(io, switches_then_starts(pool), asio::detached);
}

// ---------------------------------------------------------------- known limits

// FN: completion handlers of asynchronous operations run on the event loop
// too, but only handlers given to post/dispatch/defer are looked at.
void FN_completion_handler(asio::steady_timer &t, std::vector<int> &v) {
  t.async_wait([&v](std::error_code) { std::sort(v.begin(), v.end()); });
}
