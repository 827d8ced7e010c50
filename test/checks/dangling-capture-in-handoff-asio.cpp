// RUN: %check_conclint %s conclint-dangling-capture-in-handoff %t -- -std=c++20-or-later -pthread -DASIO_HAS_CO_AWAIT=1
// C++20, not the check's C++11: the cases are asio coroutines (co_spawn, awaitable).

// Asio: handlers queued by post/dispatch/defer, completion handlers of
// asynchronous operations, and detached co_spawn. A handler on a local
// io_context runs only inside its run() calls; on any other executor it
// may run whenever another thread runs the context.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>
#include <array>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

void use(const std::string &);
void use_sv(std::string_view);
void use_int(int);

asio::awaitable<void> greet(const std::string &name) {
  use(name);
  co_return;
}
asio::awaitable<void> count_to(int limit) {
  use_int(limit);
  co_return;
}
asio::awaitable<void> show(std::string_view text) {
  use_sv(text);
  co_return;
}

//===--- asio::post / dispatch / defer ------------------------------------===//

void post_inner_scope_then_run_bad() {
  asio::io_context io;
  {
    std::string greeting = "hello";
    asio::post(io, [&greeting] { use(greeting); });
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: reference to local variable 'greeting' escapes into a handler queued by 'asio::post', which may still run after 'greeting' is destroyed [conclint-dangling-capture-in-handoff]
  }
  io.run();
}

void post_to_parameter_context_bad(asio::io_context &io) {
  int n = 0;
  asio::post(io, [&n] { use_int(n); });
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: reference to local variable 'n' escapes into a handler queued by 'asio::post'
}

void dispatch_bad(asio::io_context &io) {
  std::string s = "x";
  asio::dispatch(io, [&s] { use(s); });
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: reference to local variable 's' escapes into a handler queued by 'asio::dispatch'
}

void defer_bad(asio::io_context::executor_type ex) {
  std::string s = "x";
  asio::defer(ex, [&s] { use(s); });
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: reference to local variable 's' escapes into a handler queued by 'asio::defer'
}

void post_to_pool_bad(asio::thread_pool &pool) {
  int x = 0;
  asio::post(pool, [&x] { ++x; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: reference to local variable 'x' escapes into a handler queued by 'asio::post'
}

void post_view_bad(asio::io_context &io) {
  std::string line = "abc";
  std::string_view v = line;
  asio::post(io, [v] { use_sv(v); });
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: view of local variable 'line' escapes into a handler queued by 'asio::post'
}

class Session : public std::enable_shared_from_this<Session> {
public:
  explicit Session(asio::io_context &io) : io_(io), strand_(io.get_executor()) {}

  void send(std::string msg) {
    asio::post(strand_, [this, &msg] { queue(msg); });
    // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: reference to parameter 'msg' escapes into a handler queued by 'asio::post'
  }
  void send_ok(std::string msg) {
    asio::post(strand_, [this, msg = std::move(msg)] { queue(msg); });
  }
  void send_shared_ok(std::string msg) {
    asio::post(strand_, [self = shared_from_this(), msg] { self->queue(msg); });
  }
  void send_ref_param_ok(const std::string &msg) {
    // The caller's string: its lifetime is unknown here.
    asio::post(strand_, [this, &msg] { queue(msg); });
  }
  void start_timer_bad() {
    int attempts = 0;
    timer_.async_wait([&attempts](std::error_code) { use_int(attempts); });
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: reference to local variable 'attempts' escapes into the completion handler of 'async_wait'
  }
  void start_timer_ok() {
    timer_.async_wait([self = shared_from_this()](std::error_code) { self->queue("t"); });
  }
  void read_bad(asio::ip::tcp::socket &sock) {
    std::array<char, 512> buf;
    sock.async_read_some(asio::buffer(buf), [this](std::error_code, std::size_t) { queue("r"); });
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: view of local variable 'buf' escapes into the completion handler of 'async_read_some'
  }
  void read_member_buffer_ok(asio::ip::tcp::socket &sock) {
    sock.async_read_some(asio::buffer(buf_), [self = shared_from_this()](std::error_code, std::size_t) {});
  }

private:
  void queue(const std::string &);
  asio::io_context &io_;
  asio::strand<asio::io_context::executor_type> strand_;
  asio::steady_timer timer_{io_};
  std::array<char, 512> buf_;
};

void free_async_write_bad(asio::ip::tcp::socket &sock) {
  std::string reply = "HTTP/1.0 200 OK\r\n";
  asio::async_write(sock, asio::buffer(reply), [](std::error_code, std::size_t) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: view of local variable 'reply' escapes into the completion handler of 'async_write'
}

void timer_local_io_bad() {
  asio::io_context io;
  asio::steady_timer t(io);
  {
    int fired = 0;
    t.async_wait([&fired](std::error_code) { ++fired; });
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: reference to local variable 'fired' escapes into the completion handler of 'async_wait'
  }
  io.run();
}

//===--- co_spawn(..., detached) ------------------------------------------===//

void co_spawn_temporary_bad(asio::io_context &io) {
  asio::co_spawn(io, greet(std::string("guest")), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: temporary bound to reference parameter 'name' of coroutine 'greet' is destroyed at the end of the full-expression, while a detached coroutine can still use it
}

void co_spawn_local_bad(asio::io_context &io) {
  std::string name = "guest";
  asio::co_spawn(io, greet(name), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: reference to local variable 'name' escapes into a detached coroutine
}

void co_spawn_view_bad(asio::io_context &io) {
  std::string text = "abc";
  asio::co_spawn(io, show(text), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: view of local variable 'text' escapes into a detached coroutine
}

void co_spawn_lambda_ref_bad(asio::io_context &io) {
  int count = 0;
  asio::co_spawn(io, [&count]() -> asio::awaitable<void> { ++count; co_return; }, asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: reference to local variable 'count' escapes into a detached coroutine
}

void co_spawn_invoked_lambda_bad(asio::io_context &io) {
  int limit = 3;
  asio::co_spawn(io, [limit]() -> asio::awaitable<void> { use_int(limit); co_return; }(), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: capture 'limit' lives in a temporary lambda that is destroyed at the end of the full-expression, while a detached coroutine can still use it
}

void co_spawn_handler_bad(asio::io_context &io) {
  std::string name = "guest";
  asio::co_spawn(io, greet(name), [](std::exception_ptr) {});
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: reference to local variable 'name' escapes into a detached coroutine
}

//===--- fine --------------------------------------------------------------===//

void post_run_in_scope_ok() {
  asio::io_context io;
  std::string greeting = "hello";
  asio::post(io, [&greeting] { use(greeting); });
  io.run();
}

void post_local_io_never_run_after_ok() {
  std::string greeting = "hello";
  asio::io_context io;
  asio::post(io, [&greeting] { use(greeting); });
  io.run();
}

void post_run_on_parameter_ok(asio::io_context &io) {
  std::string s = "x";
  asio::post(io, [&s] { use(s); });
  io.run();
}

void post_and_wait_promise_ok(asio::io_context &io) {
  int x = 0;
  std::promise<void> done;
  asio::post(io, [&] { ++x; done.set_value(); });
  done.get_future().wait();
}

void local_pool_join_ok() {
  asio::thread_pool pool(2);
  int x = 0;
  asio::post(pool, [&x] { ++x; });
  pool.join();
}

void local_pool_destroyed_first_ok() {
  int x = 0;
  asio::thread_pool pool(2);
  asio::post(pool, [&x] { ++x; });
}

void post_by_value_ok(asio::io_context &io) {
  std::string s = "x";
  asio::post(io, [s] { use(s); });
}

void co_spawn_by_value_ok(asio::io_context &io) {
  int limit = 3;
  asio::co_spawn(io, count_to(limit), asio::detached);
}

void co_spawn_value_capture_function_object_ok(asio::io_context &io) {
  // co_spawn copies the function object into the new coroutine's frame.
  int limit = 3;
  asio::co_spawn(io, [limit]() -> asio::awaitable<void> { use_int(limit); co_return; }, asio::detached);
}

asio::awaitable<void> co_spawn_awaited_ok() {
  std::string name = "guest";
  co_await asio::co_spawn(co_await asio::this_coro::executor, greet(name), asio::use_awaitable);
}

void co_spawn_string_literal_ok(asio::io_context &io) {
  asio::co_spawn(io, show("literal"), asio::detached);
}

// FN_: another thread runs 'io', so the handler may run after 's' is
// gone; a local io_context used by other code is an unknown (Handoff.h).
void FN_escaping_local_io() {
  asio::io_context io;
  std::thread runner([&io] { io.run(); });
  {
    std::string s = "x";
    asio::post(io, [&s] { use(s); });
  }
  runner.join();
}

struct Pinger {
  asio::io_context &io;
  int n = 0;
  void ping() { asio::post(io, [this] { ++n; }); }
};

// FN_: 'p' dies when this function returns while the handler queued by
// ping() still uses it through 'this'; inside ping(), *this has an unknown
// lifetime, and the check does not yet carry that fact to the call site.
void FN_this_of_local_object(asio::io_context &io) {
  Pinger p{io};
  p.ping();
}

// The function runs the io_context itself until a flag that only the posted
// handler's own completion handler clears (corpus: monero's SSL handshake,
// DC-POLLS-UNTIL-HANDLER-DONE): the loop leaves only when the work has
// signalled completion, or when the context has stopped, which Asio does
// only when it has no work left (the queued handler is outstanding work) or
// on stop(), not shown here. The handler has run before 'token' dies.
void polls_until_handler_done_ok(asio::io_context &io) {
  std::string token = "t";
  bool pending = true;
  asio::post(io, [&] {
    use(token);
    asio::post(io, [&] { pending = false; });
  });
  while (!io.stopped()) {
    io.poll_one();
    if (!pending)
      break;
  }
}

// The same through a strand made from the context and a completion handler
// kept in a local lambda that writes a member of a local state object.
struct handshake_state {
  bool waiting = true;
  int result = 0;
};
void polls_strand_until_state_done_ok(asio::io_context &io) {
  std::string host = "h";
  handshake_state state;
  asio::io_context::strand strand(io);
  auto on_done = [&](int r) {
    state.waiting = false;
    state.result = r;
  };
  strand.post([&] {
    use(host);
    asio::post(io, [&] { on_done(1); });
  });
  for (;;) {
    io.run_one();
    if (!state.waiting)
      break;
  }
}

// The monero shape: the loop also waits a little on a condition variable
// under the state's lock; the predicate's return is the lambda's own.
struct polled_state {
  std::mutex lock;
  std::condition_variable_any ready;
  bool waiting = true;
};
void polls_with_timed_wait_ok(asio::io_context &io) {
  std::string token = "t";
  polled_state state;
  asio::post(io, [&] {
    use(token);
    std::lock_guard<std::mutex> g(state.lock);
    state.waiting = false;
  });
  while (!io.stopped()) {
    io.poll_one();
    std::lock_guard<std::mutex> guard(state.lock);
    state.ready.wait_for(state.lock, std::chrono::milliseconds(30),
                         [&] { return !state.waiting; });
    if (!state.waiting)
      break;
  }
}

// A loop that may leave before the handler has run: a break on something
// else, a return, a different context, or no loop at all.
void polls_until_other_flag_bad(asio::io_context &io, const bool &cancelled) {
  std::string token = "t";
  bool pending = true;
  asio::post(io, [&] {
    use(token);
    pending = false;
  // CHECK-MESSAGES: :[[@LINE-2]]:{{[0-9]+}}: warning: reference to local variable 'token' escapes into a handler queued by 'asio::post'
  // CHECK-MESSAGES: :[[@LINE-2]]:{{[0-9]+}}: warning: reference to local variable 'pending' escapes into a handler queued by 'asio::post'
  });
  while (!io.stopped()) {
    io.poll_one();
    if (!pending || cancelled)
      break;
    if (cancelled)
      break;
  }
}
void polls_then_returns_bad(asio::io_context &io, int tries) {
  std::string token = "t";
  bool pending = true;
  asio::post(io, [&] {
    use(token);
    pending = false;
  // CHECK-MESSAGES: :[[@LINE-2]]:{{[0-9]+}}: warning: reference to local variable 'token' escapes into a handler queued by 'asio::post'
  // CHECK-MESSAGES: :[[@LINE-2]]:{{[0-9]+}}: warning: reference to local variable 'pending' escapes into a handler queued by 'asio::post'
  });
  while (pending) {
    io.poll_one();
    if (--tries == 0)
      return;
  }
}
void polls_other_context_bad(asio::io_context &io, asio::io_context &other) {
  std::string token = "t";
  bool pending = true;
  asio::post(io, [&] {
    use(token);
    pending = false;
  // CHECK-MESSAGES: :[[@LINE-2]]:{{[0-9]+}}: warning: reference to local variable 'token' escapes into a handler queued by 'asio::post'
  // CHECK-MESSAGES: :[[@LINE-2]]:{{[0-9]+}}: warning: reference to local variable 'pending' escapes into a handler queued by 'asio::post'
  });
  while (pending)
    other.poll_one();
}
void polls_once_bad(asio::io_context &io) {
  std::string token = "t";
  bool pending = true;
  asio::post(io, [&] {
    use(token);
    pending = false;
  // CHECK-MESSAGES: :[[@LINE-2]]:{{[0-9]+}}: warning: reference to local variable 'token' escapes into a handler queued by 'asio::post'
  // CHECK-MESSAGES: :[[@LINE-2]]:{{[0-9]+}}: warning: reference to local variable 'pending' escapes into a handler queued by 'asio::post'
  });
  if (pending)
    io.poll_one();
}
