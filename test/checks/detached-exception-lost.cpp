// RUN: %check_conclint %s conclint-detached-exception-lost %t -- -std=c++20-or-later -pthread -DASIO_HAS_CO_AWAIT=1 -I%S/Inputs/tasks

// Work started with nowhere to deliver its exception: real Asio co_spawn
// with asio::detached, std::thread and std::jthread entries, and a
// fire-and-forget starter (lib::start_detached) for a hand-written task.

#include "task.hpp"

#include <asio.hpp>

#include <cstdlib>
#include <future>
#include <map>
#include <new>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using asio::awaitable;
using asio::detached;
using asio::use_awaitable;

void log(const char *);
int unknown_work(int);
int parse(const std::string &s) { return std::stoi(s); }
void validate(int v) {
  if (v < 0)
    throw std::invalid_argument("negative");
}
int checked(const std::string &s) {
  int v = parse(s);
  validate(v);
  return v;
}
void quiet() noexcept { log("quiet"); }
[[noreturn]] void fatal() noexcept;
int safe_parse(const std::string &s) {
  try {
    return std::stoi(s);
  } catch (const std::exception &) {
    return 0;
  }
}

awaitable<void> thrower() {
  throw std::runtime_error("boom");
  co_return;
}
awaitable<int> value_thrower() {
  std::vector<int> v;
  co_return v.at(3);
}
awaitable<void> inner_fails() {
  validate(-1);
  co_return;
}
awaitable<void> quiet_coro() {
  log("fine");
  co_return;
}
awaitable<void> remote_coro(); // not visible: silence

struct Server {
  awaitable<void> serve() {
    co_await inner_fails();
  }
};

struct Widget {
  explicit Widget(int n) {
    if (n > 10)
      throw std::length_error("too big");
  }
};

// ---------------------------------------------------------------- bad cases

void co_spawn_throw_bad(asio::io_context &io) {
  asio::co_spawn(io, thrower(), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'thrower' can throw an exception, which 'asio::detached' silently discards [conclint-detached-exception-lost]
}

void co_spawn_value_bad(asio::io_context &io) {
  asio::co_spawn(io, value_thrower(), detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'value_thrower' can throw an exception, which 'asio::detached' silently discards
}

awaitable<void> parses(std::string s) {
  int v = checked(s);
  (void)v;
  co_return;
}

void co_spawn_chain_bad(asio::io_context &io) {
  asio::co_spawn(io.get_executor(), parses("12"), detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'parses' can throw an exception
}

awaitable<void> awaits_inner() {
  co_await inner_fails();
}

void co_spawn_awaited_inner_bad(asio::io_context &io) {
  asio::co_spawn(io, awaits_inner(), detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'awaits_inner' can throw an exception
}

void co_spawn_lambda_bad(asio::io_context &io, std::string text) {
  asio::co_spawn(
      io,
      [text]() -> awaitable<void> {
        log(std::to_string(std::stoi(text)).c_str());
        co_return;
      },
      detached);
  // CHECK-MESSAGES: :[[@LINE-7]]:3: warning: coroutine lambda can throw an exception, which 'asio::detached' silently discards
}

awaitable<void> echo(asio::ip::tcp::socket socket) {
  char data[1024];
  for (;;) {
    std::size_t n =
        co_await socket.async_read_some(asio::buffer(data), use_awaitable);
    co_await asio::async_write(socket, asio::buffer(data, n), use_awaitable);
  }
}

void co_spawn_async_op_bad(asio::io_context &io, asio::ip::tcp::socket s) {
  asio::co_spawn(io, echo(std::move(s)), detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'echo' can throw an exception
}

awaitable<void> listener(asio::ip::tcp::acceptor &acceptor) {
  for (;;) {
    auto socket = co_await acceptor.async_accept(use_awaitable);
    co_await echo(std::move(socket));
  }
}

void co_spawn_accept_bad(asio::io_context &io, asio::ip::tcp::acceptor &a) {
  asio::co_spawn(io, listener(a), detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'listener' can throw an exception
}

void co_spawn_function_object_bad(asio::io_context &io) {
  asio::co_spawn(io, thrower, detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'thrower' can throw an exception
}

awaitable<void> logs_and_rethrows() {
  try {
    co_await inner_fails();
  } catch (...) {
    log("failed");
    throw;
  }
}

void co_spawn_rethrow_bad(asio::io_context &io) {
  asio::co_spawn(io, logs_and_rethrows(), detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'logs_and_rethrows' can throw an exception
}

void co_spawn_member_bad(asio::io_context &io, Server &s) {
  asio::co_spawn(io, s.serve(), detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'Server::serve' can throw an exception
}

awaitable<void> loops_and_throws(int n) {
  for (int i = 0; i < n; ++i)
    if (i == 3)
      throw std::out_of_range("three");
  co_return;
}

void co_spawn_loop_bad(asio::io_context &io) {
  asio::co_spawn(io, loops_and_throws(5), detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'loops_and_throws' can throw an exception
}

awaitable<void> reads_map(std::map<int, int> m) {
  log(std::to_string(m.at(1)).c_str());
  co_return;
}

void co_spawn_map_at_bad(asio::io_context &io) {
  asio::co_spawn(io, reads_map({}), detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'reads_map' can throw an exception
}

void thread_lambda_bad() {
  std::thread t([] { throw std::runtime_error("in thread"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw an exception that escapes the thread's entry function, which calls std::terminate [conclint-detached-exception-lost]
  t.join();
}

void parse_forever(std::string s) { log(std::to_string(parse(s)).c_str()); }

void thread_function_bad() {
  std::thread t(parse_forever, "x");
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'parse_forever' can throw an exception that escapes the thread's entry function, which calls std::terminate
  t.join();
}

struct Worker {
  std::vector<int> items;
  void run() { log(std::to_string(items.at(0)).c_str()); }
};

void thread_member_bad(Worker &w) {
  std::thread t(&Worker::run, &w);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'Worker::run' can throw an exception that escapes
  t.join();
}

void jthread_bad() {
  std::jthread t([](std::stop_token) { validate(-2); });
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: the thread's lambda can throw an exception that escapes
}

void detached_thread_bad() {
  std::thread([] { checked("oops"); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the thread's lambda can throw an exception that escapes
}

void emplaced_threads_bad(std::vector<std::thread> &pool) {
  pool.emplace_back(parse_forever, "1");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'parse_forever' can throw an exception that escapes
}

void thread_optional_bad(std::optional<int> o) {
  std::thread t([o] { log(std::to_string(o.value()).c_str()); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
  t.join();
}

void thread_constructor_bad() {
  std::thread t([] { Widget w(11); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
  t.join();
}

int countdown(int n) {
  if (n == 0)
    throw std::runtime_error("zero");
  return countdown(n - 1);
}

void thread_recursive_bad() {
  std::thread t(countdown, 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'countdown' can throw an exception that escapes
  t.join();
}

void thread_rethrows_bad() {
  std::thread t([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    try {
      validate(-1);
    } catch (...) {
      log("cleanup");
      throw;
    }
  });
  t.join();
}

void thread_noexcept_lambda_bad() {
  std::thread t([]() noexcept { validate(-1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
  t.join();
}

lib::task<> task_fails() {
  validate(-3);
  co_return;
}

void start_detached_bad() {
  lib::start_detached(task_fails());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'task_fails' can throw an exception, which work started by 'start_detached' delivers to no one [conclint-detached-exception-lost]
}

void start_detached_lambda_bad(std::string s) {
  lib::start_detached([s]() -> lib::task<> {
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine lambda can throw an exception, which work started by 'start_detached' delivers to no one
    log(std::to_string(parse(s)).c_str());
    co_return;
  }());
}

// A checked accessor whose precondition the path has not established is
// still a witness: the wrong branch, another variable, a reset in between,
// a loop that may empty it before the next round.
void optional_wrong_branch_bad(std::optional<int> o) {
  std::thread t([o] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    if (o.has_value())
      log("set");
    else
      log(std::to_string(o.value()).c_str());
  });
  t.join();
}

void optional_other_variable_bad(std::optional<int> a, std::optional<int> b) {
  std::thread t([a, b] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    if (a)
      log(std::to_string(b.value()).c_str());
  });
  t.join();
}

void optional_reset_after_test_bad(std::optional<int> o) {
  std::thread t([o]() mutable {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    if (o) {
      o.reset();
      log(std::to_string(o.value()).c_str());
    }
  });
  t.join();
}

void optional_emptied_in_loop_bad(std::optional<int> o, int n) {
  std::thread t([o, n]() mutable {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    if (!o)
      return;
    for (int i = 0; i < n; ++i) {
      log(std::to_string(o.value()).c_str());
      o = std::nullopt;
    }
  });
  t.join();
}

void optional_assigned_optional_bad(std::optional<int> o,
                                    std::optional<int> p) {
  std::thread t([o, p]() mutable {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    o = p;
    log(std::to_string(o.value()).c_str());
  });
  t.join();
}

void optional_by_reference_bad(std::optional<int> o) {
  std::thread t([o]() mutable {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    if (o) {
      auto clear = [&o] { o.reset(); };
      clear();
      log(std::to_string(o.value()).c_str());
    }
  });
  t.join();
}

// std::rethrow_exception of an exception made on the spot: the origin is
// shown.
void rethrow_made_here_bad() {
  std::thread t([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    std::rethrow_exception(std::make_exception_ptr(std::runtime_error("x")));
  });
  t.join();
}

// at(i) counts unless i < size() is known where it is called: a bound on
// another container, an index changed after the test, a container that may
// shrink in between, a map's at(key).
void at_other_container_bad(std::vector<int> a, std::vector<int> b) {
  std::thread t([a, b] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    for (std::size_t i = 0; i < a.size(); ++i)
      log(std::to_string(b.at(i)).c_str());
  });
  t.join();
}

void at_index_moved_bad(std::vector<int> v, std::size_t i) {
  std::thread t([v, i]() mutable {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    if (i < v.size()) {
      ++i;
      log(std::to_string(v.at(i)).c_str());
    }
  });
  t.join();
}

void at_shrunk_bad(std::vector<int> v, std::size_t i) {
  std::thread t([v, i]() mutable {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    if (i < v.size()) {
      v.pop_back();
      log(std::to_string(v.at(i)).c_str());
    }
  });
  t.join();
}

void map_at_under_size_bad(std::map<int, int> m, int k) {
  std::thread t([m, k] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    if (k < static_cast<int>(m.size()))
      log(std::to_string(m.at(k)).c_str());
  });
  t.join();
}

// A throw behind an error code counts when the code may be set: the callee
// writes it, or it is handed to a function whose body is not visible.
struct Status {
  int code = 0;
  explicit operator bool() const { return code != 0; }
};
void check_status(const Status &s) {
  if (s)
    throw std::runtime_error("failed");
}
void fill_status(Status &s);
struct Engine {
  int pending = 0;
  std::size_t drain(const Status &s) { return s ? 0 : pending; }
  std::size_t run(Status &s) {
    s = Status();
    return drain(s);
  }
  std::size_t run_or_fail(Status &s) {
    s = Status();
    if (pending < 0)
      s.code = 5;
    return drain(s);
  }
};
void status_set_by_callee_bad(Engine &e) {
  std::thread t([&e] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    Status s;
    e.run_or_fail(s);
    check_status(s);
  });
  t.join();
}
void status_set_elsewhere_bad() {
  std::thread t([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    Status s;
    fill_status(s);
    check_status(s);
  });
  t.join();
}

// Precondition guards (utils/Throws.h): a member function that begins by
// testing its own receiver (`if (!state) throw`, `if (ready) throw`)
// throws there only when the caller misuses the object. The guard is a
// witness only where the caller shows the misuse: a moved-from or
// default-constructed local (bench/triage.d/handoff.py: DEL-MISUSE-GUARD-THROW).
struct OnceState {
  bool ready = false;
  int value = 0;
  void set(int v) {
    if (ready)
      throw std::logic_error("already satisfied");
    ready = true;
    value = v;
  }
};
struct OncePromise {
  std::unique_ptr<OnceState> state = std::make_unique<OnceState>();
  void set_value(int v) {
    if (!state)
      throw std::logic_error("no state");
    state->set(v);
  }
};
template <typename Fn> void after_delay(Fn callback) {
  std::thread([callback = std::move(callback)]() mutable { callback(7); })
      .detach();
}
// The callback owns a promise moved into its capture and is called once:
// neither guard fires.
void promise_set_once_ok() {
  OncePromise p;
  after_delay([p = std::move(p)](int v) mutable { p.set_value(v); });
}

// The promise is reassigned after the move: its state is not shown.
void promise_reassigned_after_move_ok() {
  std::thread t([] {
    OncePromise p;
    OncePromise q = std::move(p);
    p = OncePromise();
    p.set_value(1);
    q.set_value(2);
  });
  t.join();
}

struct EmptyTask {
  int *impl = nullptr;
  int then() const {
    if (!impl)
      throw std::logic_error("then() on an empty task");
    return *impl;
  }
};
EmptyTask make_task();
// A task of unknown state (returned by an unknown function).
void task_of_unknown_state_ok() {
  std::thread t([] { (void)make_task().then(); });
  t.join();
}

// The promise was moved from: its state pointer is empty (an implicit move
// of a std::unique_ptr), so set_value throws.
void promise_moved_from_bad() {
  std::thread t([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    OncePromise p;
    OncePromise q = std::move(p);
    q.set_value(1);
    p.set_value(2);
  });
  t.join();
}

// Moved into a lambda's capture, then used.
void promise_moved_into_capture_bad() {
  std::thread t([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    OncePromise p;
    auto deliver = [q = std::move(p)]() mutable { q.set_value(1); };
    deliver();
    p.set_value(2);
  });
  t.join();
}

// A default-constructed task: impl is null by its default initialiser.
void task_default_constructed_bad() {
  std::thread t([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    EmptyTask task;
    (void)task.then();
  });
  t.join();
}

// Not precondition guards, still witnesses: a test after the function has
// started (the state may come from what it ran), a test that involves a
// parameter, a constructor checking what it acquired, an integer count.
int *acquire_slot();
struct Channel {
  std::unique_ptr<int> fd;
  int pending = 0;
  Channel() = default;
  explicit Channel(bool) : fd(acquire_slot()) {
    if (!fd)
      throw std::runtime_error("no descriptor");
  }
  void reconnect();
  void send() {
    reconnect();
    if (!fd)
      throw std::runtime_error("closed");
  }
  void put(int *slot) {
    if (!fd || !slot)
      throw std::invalid_argument("no slot");
  }
  void drain() {
    if (!pending)
      throw std::runtime_error("nothing pending");
  }
};
Channel &shared_channel();
void check_after_effect_bad() {
  std::thread t([] { shared_channel().send(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
  t.join();
}
void check_of_parameter_bad(int *slot) {
  std::thread t([slot] { shared_channel().put(slot); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
  t.join();
}
void constructor_check_bad() {
  std::thread t([] { Channel c(true); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
  t.join();
}
void count_check_bad() {
  std::thread t([] { shared_channel().drain(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
  t.join();
}

// The throw is behind a constant false condition: the summary reads the
// body, not its paths.
void FP_dead_throw() {
  std::thread t([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw
    if (false)
      throw std::logic_error("never");
  });
  t.join();
}

// ----------------------------------------------------------------- ok cases

awaitable<void> guarded() {
  try {
    co_await inner_fails();
    validate(-1);
  } catch (const std::exception &e) {
    log(e.what());
  }
}

void co_spawn_guarded_ok(asio::io_context &io) {
  asio::co_spawn(io, guarded(), detached);
}

void co_spawn_handler_ok(asio::io_context &io) {
  asio::co_spawn(io, thrower(), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });
}

awaitable<void> awaited_spawn_ok() {
  co_await asio::co_spawn(co_await asio::this_coro::executor, thrower(),
                          use_awaitable);
}

void co_spawn_quiet_ok(asio::io_context &io) {
  asio::co_spawn(io, quiet_coro(), detached);
}

awaitable<void> calls_noexcept() {
  quiet();
  co_return;
}

void co_spawn_noexcept_callee_ok(asio::io_context &io) {
  asio::co_spawn(io, calls_noexcept(), detached);
}

awaitable<void> calls_unknown() {
  log(std::to_string(unknown_work(1)).c_str());
  co_return;
}

void co_spawn_unknown_callee_ok(asio::io_context &io) {
  asio::co_spawn(io, calls_unknown(), detached);
}

void co_spawn_invisible_coroutine_ok(asio::io_context &io) {
  asio::co_spawn(io, remote_coro(), detached);
}

awaitable<void> waits_with_error_code(asio::steady_timer &timer) {
  asio::error_code ec;
  co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
  if (ec)
    log("cancelled");
}

// A timer fails only when the program cancels it: not counted.
awaitable<void> ticker(asio::steady_timer &timer) {
  for (int i = 0; i < 3; ++i) {
    timer.expires_after(std::chrono::milliseconds(10));
    co_await timer.async_wait(use_awaitable);
  }
}

void co_spawn_timer_ok(asio::io_context &io, asio::steady_timer &timer) {
  asio::co_spawn(io, ticker(timer), detached);
}

void co_spawn_redirect_error_ok(asio::io_context &io, asio::steady_timer &t) {
  asio::co_spawn(io, waits_with_error_code(t), detached);
}

awaitable<void> creates_without_awaiting() {
  auto t = inner_fails(); // created, never run here
  (void)t;
  co_return;
}

void co_spawn_created_not_run_ok(asio::io_context &io) {
  asio::co_spawn(io, creates_without_awaiting(), detached);
}

awaitable<void> safe_parsing(std::string s) {
  log(std::to_string(safe_parse(s)).c_str());
  co_return;
}

void co_spawn_safe_parse_ok(asio::io_context &io) {
  asio::co_spawn(io, safe_parsing("7"), detached);
}

void co_spawn_nested_lambda_ok(asio::io_context &io) {
  asio::co_spawn(
      io,
      []() -> awaitable<void> {
        auto later = [] { throw std::runtime_error("not called"); };
        (void)later;
        co_return;
      },
      detached);
}

void thread_guarded_ok() {
  std::thread t([] {
    try {
      checked("x");
    } catch (...) {
      log("handled");
    }
  });
  t.join();
}

void thread_quiet_ok() {
  std::thread t([] { log("hello"); });
  t.join();
}

void thread_unknown_ok() {
  std::thread t(unknown_work, 3);
  t.join();
}

int async_result_ok() {
  auto f = std::async(std::launch::async, [] { return parse("3"); });
  return f.get();
}

struct Base {
  virtual void step() { throw std::runtime_error("base"); }
  virtual ~Base() = default;
};

void thread_virtual_ok(Base &b) {
  std::thread t([&b] { b.step(); });
  t.join();
}

void thread_safe_parse_ok() {
  std::thread t(safe_parse, "4");
  t.join();
}

void guarded_entry() try {
  validate(-1);
} catch (...) {
  log("caught");
}

void thread_function_try_block_ok() {
  std::thread t(guarded_entry);
  t.join();
}

void thread_indexing_ok(std::vector<int> &v) {
  std::thread t([&v] { v[0] = 1; });
  t.join();
}

lib::task<> task_quiet() {
  log("quiet task");
  co_return;
}

void start_detached_quiet_ok() { lib::start_detached(task_quiet()); }

awaitable<void> guarded_async_op(asio::ip::tcp::socket socket) {
  try {
    char data[16];
    co_await socket.async_read_some(asio::buffer(data), use_awaitable);
  } catch (const std::system_error &) {
    log("read failed");
  }
}

void co_spawn_guarded_async_ok(asio::io_context &io, asio::ip::tcp::socket s) {
  asio::co_spawn(io, guarded_async_op(std::move(s)), detached);
}

// value() is called only where the variable holds a value: under a test
// (has_value(), its bool conversion, != nullopt, in if, &&, ?: and while),
// after an early exit on the empty case, or right after a value was
// assigned or emplaced. bad_optional_access cannot be thrown
// (bench/triage.d/handoff.py: DEL-GUARDED-OPTIONAL-VALUE).
int guarded_value(std::optional<int> o) {
  if (o.has_value())
    return o.value();
  return 0;
}
void guarded_optional_value_ok(std::optional<int> o) {
  std::thread t([o] { guarded_value(o); });
  t.join();
}

int optional_forms(std::optional<int> a, std::optional<long> b,
                   const std::optional<std::string> &c, int n) {
  int sum = 0;
  if (a && a.value() > 2)
    sum += a.value();
  sum += b != std::nullopt ? static_cast<int>(b.value()) : 0;
  if (!c.has_value() || c.value().empty())
    return sum;
  sum += static_cast<int>(c.value().size());
  while (a) {
    sum += a.value();
    a.reset();
  }
  std::optional<int> d;
  d = n;
  sum += d.value();
  d.emplace(n + 1);
  sum += d.value();
  std::optional<int> e = n;
  if (static_cast<bool>(e))
    sum += e.value();
  else
    sum += e.value_or(0);
  if (auto f = std::optional<int>(n); f)
    sum += f.value();
  return sum;
}
void optional_checked_forms_ok(std::optional<int> a) {
  std::thread t([a] { optional_forms(a, {}, std::string("x"), 3); });
  t.join();
}

int early_exit(std::optional<int> o, std::optional<int> p) {
  if (!o)
    return 0;
  if (p == std::nullopt) {
    log("no p");
    fatal();
  }
  return o.value() + p.value();
}
void optional_early_exit_ok(std::optional<int> o) {
  std::thread t([o] { early_exit(o, 1); });
  t.join();
}

// std::rethrow_exception relays an exception captured elsewhere (an event
// loop re-raising what a handler threw); the relay alone shows no origin
// (bench/triage.d/handoff.py: DEL-RELAYED-PENDING-EXCEPTION). Nor does a
// `throw;` outside any handler, which re-raises its caller's exception.
struct Pending {
  std::exception_ptr error;
  void rethrow_pending() {
    if (error) {
      std::exception_ptr e = std::move(error);
      error = nullptr;
      std::rethrow_exception(e);
    }
  }
  void rethrow_nested(const std::exception &e) { std::rethrow_if_nested(e); }
};
[[noreturn]] void rethrow_current() { throw; }
void loop_relays_pending_ok(Pending &p) {
  std::thread t([&p] {
    p.rethrow_pending();
    p.rethrow_nested(std::runtime_error("outer"));
  });
  t.join();
}
void relay_outside_handler_ok() {
  std::thread t([] {
    try {
      validate(-1);
    } catch (...) {
      log("caught");
    }
    if (unknown_work(1))
      rethrow_current();
  });
  t.join();
}

// at(i) where i < size() is known: in a loop bounded by the size, under a
// test, after an early exit on i >= size(); element writes do not shrink
// the container (bench/triage.d/handoff.py: DEL-GUARDED-OPTIONAL-VALUE, the
// same rule for positions).
int sum_checked(std::vector<int> &v, const std::string &s, std::size_t k) {
  int sum = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    v.at(i) += 1;
    sum += v.at(i);
  }
  if (k < s.size() && s.at(k) == 'x')
    ++sum;
  if (k >= v.size())
    return sum;
  v[k] = 2;
  return sum + v.at(k);
}
void at_under_size_ok(std::vector<int> &v) {
  std::thread t([&v] { sum_checked(v, "abc", 1); });
  t.join();
}

// `throw;` in a handler rethrows what its try block threw: nothing here,
// where the try block shows no origin (only calls of functions without a
// visible body). An allocation failure is not counted, written out
// (`throw std::bad_alloc()`) or not (operator new).
void cleanup_and_rethrow_ok() {
  std::thread t([] {
    try {
      log("work");
    } catch (...) {
      log("cleanup");
      throw;
    }
  });
  t.join();
}

struct out_of_memory : std::bad_alloc {};
void *checked_alloc(std::size_t n) {
  void *p = std::malloc(n);
  if (!p)
    throw out_of_memory();
  return p;
}
void allocation_failure_ok() {
  std::thread t([] { std::free(checked_alloc(16)); });
  t.join();
}

// A callee that throws only when an error code it is given tests true,
// given a local code still clear: default-constructed, and every use since
// only clears or reads it (Asio's `error_code ec; impl.run(ec);
// throw_error(ec);` where run() only ever clears ec). Nothing is thrown.
std::size_t run_engine(Engine &e) {
  Status s;
  std::size_t n = e.run(s);
  check_status(s);
  return n;
}
void status_never_set_ok(Engine &e) {
  std::thread t([&e] { run_engine(e); });
  t.join();
}

// A try statement counts as catching everything: a handler for another type
// lets this one through unseen.
awaitable<void> narrow_handler() {
  try {
    throw 42;
  } catch (const std::exception &) {
    log("not this one");
  }
  co_return;
}

void FN_narrow_handler(asio::io_context &io) {
  asio::co_spawn(io, narrow_handler(), detached);
}
