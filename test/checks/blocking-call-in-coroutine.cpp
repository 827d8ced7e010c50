// RUN: %check_conclint %s conclint-blocking-call-in-coroutine %t -- -std=c++20-or-later -pthread -DASIO_HAS_CO_AWAIT=1

// Blocking calls in coroutines: real Asio awaitables, a hand-written task<>,
// a generator, coroutine lambdas, member and template coroutines.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>
#include <barrier>
#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <iostream>
#include <latch>
#include <mutex>
#include <semaphore>
#include <sstream>
#include <string>
#include <thread>
#include <ctime>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace std::chrono_literals;
using asio::awaitable;
using asio::use_awaitable;

// A hand-written eager task.
template <class T = void> struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() { std::terminate(); }
  };
};
template <> struct task<void> {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

// A generator driven by its consumer.
struct generator {
  struct promise_type {
    int value = 0;
    generator get_return_object() {
      return {std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int v) {
      value = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  std::coroutine_handle<promise_type> h;
};

// A scheduler whose schedule() resumes the coroutine on a new thread.
struct thread_scheduler {
  struct awaiter {
    bool await_ready() noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) {
      std::thread([h] { h.resume(); }).detach();
    }
    void await_resume() noexcept {}
  };
  awaiter schedule() { return {}; }
};
thread_scheduler::awaiter resume_on(thread_scheduler &s) { return s.schedule(); }

// The C++ to_thread: runs f on the pool and resumes the caller there.
template <class F>
awaitable<void> to_thread(asio::thread_pool &pool, F f) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  f();
}

int compute() { return 42; }
void work() {}

// ---------------------------------------------------------------- bad cases

awaitable<void> asio_sleep_for_bad() {
  std::this_thread::sleep_for(100ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'asio_sleep_for_bad' stalls every coroutine on the thread that resumes it; await an asynchronous timer instead [conclint-blocking-call-in-coroutine]
  co_return;
}

awaitable<void> asio_sleep_until_bad() {
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until' in coroutine 'asio_sleep_until_bad' {{.*}}; await an asynchronous timer instead
  co_return;
}

awaitable<void> posix_sleeps_bad() {
  ::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' in coroutine 'posix_sleeps_bad'
  usleep(1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' in coroutine 'posix_sleeps_bad'
  timespec ts{0, 1000};
  nanosleep(&ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'nanosleep' in coroutine 'posix_sleeps_bad'
  clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'clock_nanosleep' in coroutine 'posix_sleeps_bad'
  co_return;
}

awaitable<int> future_get_bad() {
  std::future<int> f = std::async(std::launch::async, compute);
  co_return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'std::future::get' in coroutine 'future_get_bad' stalls every coroutine on the thread that resumes it; await the result asynchronously or offload the wait to a thread pool
}

awaitable<void> future_waits_bad(std::future<int> &f, std::shared_future<int> &sf) {
  f.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::wait' in coroutine 'future_waits_bad'
  f.wait_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::wait_for' in coroutine 'future_waits_bad' {{.*}}; offload it to a thread pool or use an asynchronous alternative
  f.wait_until(std::chrono::steady_clock::now() + 1s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::wait_until' in coroutine 'future_waits_bad'
  (void)sf.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'std::shared_future::get' in coroutine 'future_waits_bad'
  co_return;
}

awaitable<void> thread_join_bad() {
  std::thread t(work);
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::thread::join' in coroutine 'thread_join_bad'
  co_return;
}

std::mutex mtx;
std::condition_variable cv;
bool ready = false;

awaitable<void> condition_wait_bad() {
  std::unique_lock<std::mutex> lk(mtx);
  cv.wait(lk, [] { return ready; });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::condition_variable::wait' in coroutine 'condition_wait_bad'
  co_return;
}

awaitable<void> mutex_lock_bad() {
  mtx.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::mutex::lock' in coroutine 'mutex_lock_bad' stalls every coroutine on the thread that resumes it; serialise with a strand or an asynchronous channel instead
  mtx.unlock();
  co_return;
}

std::counting_semaphore<4> slots(4);
std::latch done_latch(1);
std::barrier<> sync_point(1);

awaitable<void> sync_primitives_bad() {
  slots.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::counting_semaphore::acquire' in coroutine 'sync_primitives_bad'
  done_latch.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::latch::wait' in coroutine 'sync_primitives_bad'
  sync_point.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::barrier::arrive_and_wait' in coroutine 'sync_primitives_bad'
  co_return;
}

awaitable<void> posix_io_bad(int fd) {
  char buf[64];
  ssize_t n = ::read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'read' in coroutine 'posix_io_bad'
  n = recv(fd, buf, sizeof buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'recv' in coroutine 'posix_io_bad'
  pollfd p{fd, POLLIN, 0};
  poll(&p, 1, 1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'poll' in coroutine 'posix_io_bad'
  (void)n;
  co_return;
}

awaitable<void> stdio_bad(std::FILE *f) {
  char line[128];
  if (std::fgets(line, sizeof line, f)) {
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'fgets' in coroutine 'stdio_bad'
  }
  std::string s;
  std::getline(std::cin, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline' in coroutine 'stdio_bad'
  std::system("true");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'system' in coroutine 'stdio_bad'
  co_return;
}

awaitable<void> asio_sync_ops_bad(asio::ip::tcp::socket &sock,
                                  asio::ip::tcp::resolver &res) {
  char buf[16];
  asio::read(sock, asio::buffer(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::read' in coroutine 'asio_sync_ops_bad' stalls every coroutine on the thread that resumes it; use asio::async_read with asio::use_awaitable instead
  sock.read_some(asio::buffer(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_stream_socket::read_some' in coroutine 'asio_sync_ops_bad'
  auto eps = res.resolve("localhost", "80");
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'asio::ip::basic_resolver::resolve' in coroutine 'asio_sync_ops_bad'
  sock.connect(*eps.begin());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_socket::connect' in coroutine 'asio_sync_ops_bad'
  co_return;
}

awaitable<void> nested_io_context_run_bad() {
  asio::io_context inner;
  inner.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::io_context::run' in coroutine 'nested_io_context_run_bad'
  co_return;
}

task<> hand_written_task_bad() {
  std::this_thread::sleep_for(5ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'hand_written_task_bad'
  co_return;
}

task<int> task_with_value_bad(std::future<int> f) {
  int v = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'std::future::get' in coroutine 'task_with_value_bad'
  co_return v;
}

generator counter_bad() {
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'counter_bad'
    co_yield i;
  }
}

struct Session {
  asio::ip::tcp::socket sock;
  awaitable<void> run_bad() {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'Session::run_bad'
    co_return;
  }
  awaitable<void> out_of_line_bad();
};

awaitable<void> Session::out_of_line_bad() {
  char buf[4];
  asio::write(sock, asio::buffer(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::write' in coroutine 'Session::out_of_line_bad'
  co_return;
}

template <class Duration>
awaitable<void> template_instantiated_bad(Duration d) {
  std::this_thread::sleep_for(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'template_instantiated_bad'
  co_return;
}

template <class T>
task<> template_never_instantiated_bad(T) {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'template_never_instantiated_bad'
  co_return;
}

void level3() { std::this_thread::sleep_for(10ms); }
void level2() { level3(); }
void level1() { level2(); }

awaitable<void> transitive_chain_bad() {
  level1();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'level1' in coroutine 'transitive_chain_bad' reaches a blocking call to 'std::this_thread::sleep_for', which stalls every coroutine on the thread that resumes it; await an asynchronous timer instead
  co_return;
}

awaitable<void> lookalike_post_bad(asio::thread_pool &pool) {
  // Only hops through the pool: the coroutine resumes on its own executor.
  co_await asio::post(pool, use_awaitable);
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'lookalike_post_bad'
}

awaitable<void> switch_then_timer_bad(asio::thread_pool &pool) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  asio::steady_timer t(co_await asio::this_coro::executor, 1ms);
  co_await t.async_wait(use_awaitable); // back on the coroutine's executor
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'switch_then_timer_bad'
}

awaitable<void> switch_on_one_branch_bad(asio::thread_pool &pool, bool heavy) {
  if (heavy)
    co_await asio::post(asio::bind_executor(pool, use_awaitable));
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'switch_on_one_branch_bad'
}

awaitable<void> timer_in_loop_bad(asio::thread_pool &pool) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  asio::steady_timer t(co_await asio::this_coro::executor, 1ms);
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(1ms); // the second round runs on the loop
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'timer_in_loop_bad'
    co_await t.async_wait(use_awaitable);
  }
}

awaitable<void> immediately_invoked_lambda_bad() {
  [] {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'immediately_invoked_lambda_bad'
  }();
  co_return;
}

void start_lambda_coroutine(asio::io_context &io) {
  asio::co_spawn(
      io,
      []() -> awaitable<void> {
        std::this_thread::sleep_for(1ms);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'std::this_thread::sleep_for' in a coroutine lambda stalls every coroutine on the thread that resumes it; await an asynchronous timer instead
        co_return;
      },
      asio::detached);
}

// Looks like a plain function, but a co_await makes it a coroutine.
awaitable<void> dispatch_to_io_context_bad(asio::io_context &io) {
  co_await asio::dispatch(asio::bind_executor(io, use_awaitable));
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'dispatch_to_io_context_bad'
}

// --------------------------------------------------------------- good cases

awaitable<void> asio_timer_ok() {
  asio::steady_timer t(co_await asio::this_coro::executor, 100ms);
  co_await t.async_wait(use_awaitable);
}

awaitable<void> after_switch_ok(asio::thread_pool &pool) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  std::this_thread::sleep_for(100ms);
  ::sleep(0);
}

awaitable<void> after_dispatch_switch_ok(asio::thread_pool &pool) {
  co_await asio::dispatch(asio::bind_executor(pool.get_executor(), use_awaitable));
  std::future<int> f = std::async(std::launch::async, compute);
  (void)f.get();
}

awaitable<void> executor_query_keeps_switch_ok(asio::thread_pool &pool) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  auto ex = co_await asio::this_coro::executor; // does not suspend
  (void)ex;
  std::this_thread::sleep_for(1ms);
}

awaitable<void> switch_each_iteration_ok(asio::thread_pool &pool) {
  asio::steady_timer t(co_await asio::this_coro::executor, 1ms);
  for (int i = 0; i < 3; ++i) {
    co_await asio::post(asio::bind_executor(pool, use_awaitable));
    std::this_thread::sleep_for(1ms);
    co_await t.async_wait(use_awaitable);
  }
}

awaitable<void> spawned_thread_ok() {
  std::thread t([] { std::this_thread::sleep_for(10ms); });
  t.detach();
  co_return;
}

awaitable<void> spawned_thread_via_variable_ok() {
  auto blocking = [] { ::usleep(100); };
  std::thread t(blocking);
  t.detach();
  co_return;
}

awaitable<void> async_task_ok() {
  auto f = std::async(std::launch::async, [] {
    std::this_thread::sleep_for(10ms);
    return 1;
  });
  // Poll it instead of blocking on it.
  while (f.wait_for(0s) != std::future_status::ready) {
    asio::steady_timer t(co_await asio::this_coro::executor, 1ms);
    co_await t.async_wait(use_awaitable);
  }
}

awaitable<void> posted_to_pool_ok(asio::thread_pool &pool) {
  asio::post(pool, [] { std::this_thread::sleep_for(10ms); });
  co_return;
}

awaitable<void> offloading_helper_ok(asio::thread_pool &pool) {
  co_await to_thread(pool, [] { std::this_thread::sleep_for(10ms); });
}

awaitable<void> zero_wait_polls_ok(std::future<int> &f) {
  if (f.wait_for(std::chrono::seconds::zero()) == std::future_status::ready)
    co_return;
  std::unique_lock<std::mutex> lk(mtx, std::try_to_lock);
  cv.wait_for(lk, 0ms);
}

void plain_function_ok() { std::this_thread::sleep_for(1ms); }

awaitable<void> string_stream_getline_ok() {
  std::istringstream in("a\nb");
  std::string s;
  std::getline(in, s);
  co_return;
}

task<> scheduler_switch_ok(thread_scheduler &s) {
  co_await s.schedule();
  std::this_thread::sleep_for(1ms);
}

task<> resume_on_switch_ok(thread_scheduler &s) {
  co_await resume_on(s);
  std::this_thread::sleep_for(1ms);
}

template <class Pool>
awaitable<void> template_after_switch_ok(Pool &pool) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  std::this_thread::sleep_for(1ms);
}

void lambda_coroutine_on_pool_ok(asio::thread_pool &pool) {
  asio::co_spawn(
      pool,
      []() -> awaitable<void> {
        std::this_thread::sleep_for(1ms); // the lambda runs on the pool
        co_return;
      },
      asio::detached);
  asio::co_spawn(pool, template_after_switch_ok(pool), asio::detached);
}

generator numbers_ok(int n) {
  for (int i = 0; i < n; ++i)
    co_yield i;
}

template <class T>
awaitable<void> template_timer_never_instantiated_ok(T delay) {
  asio::steady_timer t(co_await asio::this_coro::executor, delay);
  co_await t.async_wait(use_awaitable);
}

struct Worker {
  asio::thread_pool &pool;
  awaitable<void> member_after_switch_ok() {
    co_await asio::post(asio::bind_executor(pool, use_awaitable));
    mtx.lock();
    mtx.unlock();
  }
};

struct Reader {
  asio::ip::tcp::socket sock;
  awaitable<std::size_t> read_ok() {
    char buf[16];
    co_return co_await sock.async_read_some(asio::buffer(buf), use_awaitable);
  }
};

void fire_and_forget() {
  std::thread([] { std::this_thread::sleep_for(1ms); }).detach();
}

awaitable<void> helper_spawns_thread_ok() {
  fire_and_forget();
  co_return;
}

awaitable<void> calls_blocking_coroutine_ok() {
  // The callee is itself a coroutine: its body is reported there.
  co_await asio_sleep_for_bad();
}

awaitable<void> try_lock_ok() {
  if (mtx.try_lock())
    mtx.unlock();
  co_return;
}

awaitable<void> local_class_ok() {
  struct Local {
    void later() { std::this_thread::sleep_for(1ms); }
  };
  Local l;
  (void)l;
  co_return;
}

void consume_generator_ok() {
  std::this_thread::sleep_for(1ms);
}

awaitable<void> switch_in_both_branches_ok(asio::thread_pool &pool, bool a) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  if (a)
    std::this_thread::sleep_for(1ms);
  else
    ::usleep(10);
}

awaitable<void> blocking_after_switch_in_helper_ok(asio::thread_pool &pool) {
  co_await asio::post(asio::bind_executor(pool, use_awaitable));
  level1();
}

void spawn_all(asio::io_context &io, asio::thread_pool &pool) {
  asio::co_spawn(io, asio_sleep_for_bad(), asio::detached);
  asio::co_spawn(io, template_instantiated_bad(1ms), asio::detached);
  asio::co_spawn(io, after_switch_ok(pool), asio::detached);
  asio::co_spawn(io, offloading_helper_ok(pool), asio::detached);
}

// ------------------------------------------------------- known limitations

// Changed verdict (was FP_named_coroutine_on_pool): a named coroutine whose
// every start in the translation unit is a co_spawn onto a thread pool runs
// there from its first statement.
awaitable<void> named_coroutine_on_pool_ok() {
  std::this_thread::sleep_for(1ms);
  co_return;
}
void start_on_pool(asio::thread_pool &pool) {
  asio::co_spawn(pool, named_coroutine_on_pool_ok(), asio::detached);
  asio::co_spawn(pool.get_executor(), named_coroutine_on_pool_ok(),
                 asio::detached);
}

// Started on the pool and on the loop: the loop's run blocks.
awaitable<void> named_coroutine_on_pool_and_loop_bad() {
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'named_coroutine_on_pool_and_loop_bad'
  co_return;
}
void start_both(asio::thread_pool &pool, asio::io_context &io) {
  asio::co_spawn(pool, named_coroutine_on_pool_and_loop_bad(), asio::detached);
  asio::co_spawn(io, named_coroutine_on_pool_and_loop_bad(), asio::detached);
}

// FN: RAII locks are not in the default list (only explicit lock() calls).
awaitable<void> FN_lock_guard() {
  std::lock_guard<std::mutex> g(mtx);
  co_return;
}

// Changed verdict: calls are summaries over the whole call graph, so four
// functions deep is reported (it was an FN past the old TransitiveDepth 3).
void deep4() { std::this_thread::sleep_for(1ms); }
void deep3() { deep4(); }
void deep2() { deep3(); }
void deep1() { deep2(); }
awaitable<void> chain_four_deep_bad() {
  deep1();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'deep1' in coroutine 'chain_four_deep_bad' reaches a blocking call to 'std::this_thread::sleep_for'
  // CHECK-MESSAGES: :[[@LINE-4]]:16: note: 'deep1' calls 'deep2' here
  // CHECK-MESSAGES: :[[@LINE-6]]:16: note: 'deep2' calls 'deep3' here
  // CHECK-MESSAGES: :[[@LINE-8]]:16: note: 'deep3' calls 'deep4' here
  // CHECK-MESSAGES: :[[@LINE-10]]:16: note: 'deep4' calls blocking function 'std::this_thread::sleep_for' here
  co_return;
}

// Recursion: mutually recursive helpers reach the sleep; no depth cap and
// no endless walk.
void rec_b(int n);
void rec_a(int n) {
  if (n > 0)
    rec_b(n - 1);
  else
    std::this_thread::sleep_for(1ms);
}
void rec_b(int n) { rec_a(n); }
awaitable<void> recursive_helpers_bad() {
  rec_b(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'rec_b' in coroutine 'recursive_helpers_bad' reaches a blocking call to 'std::this_thread::sleep_for'
  // CHECK-MESSAGES: :[[@LINE-4]]:21: note: 'rec_b' calls 'rec_a' here
  // CHECK-MESSAGES: :[[@LINE-7]]:5: note: 'rec_a' calls blocking function 'std::this_thread::sleep_for' here
  co_return;
}
// A recursive helper that never blocks stays silent.
int rec_count(int n) { return n <= 0 ? 0 : 1 + rec_count(n - 1); }
awaitable<void> recursive_quiet_ok() {
  rec_count(5);
  co_return;
}

// FN: a call through a function pointer is not followed.
awaitable<void> FN_through_pointer() {
  void (*fp)() = level3;
  fp();
  co_return;
}
