// RUN: %check_conclint %s conclint-blocking-call-in-coroutine %t -- -std=c++20-or-later -pthread -DASIO_HAS_CO_AWAIT=1

// What the shared blocking catalogue (utils/BlockingCalls.h) adds to the
// coroutine check: reads from file streams, and sync_wait-style helpers,
// recognised by a visible body that waits on a future, latch, semaphore or
// condition variable, or by name when the body is out of sight.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>
#include <condition_variable>
#include <fstream>
#include <future>
#include <iostream>
#include <latch>
#include <mutex>
#include <semaphore>
#include <sstream>
#include <string>
#include <thread>

using asio::awaitable;

// File streams block on the disk (or a FIFO, or a network file system).
awaitable<void> ifstream_getline_bad() {
  std::ifstream in("/etc/hostname");
  std::string line;
  std::getline(in, line);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline' in coroutine 'ifstream_getline_bad' stalls every coroutine on the thread that resumes it; offload it to a thread pool or use an asynchronous alternative [conclint-blocking-call-in-coroutine]
  co_return;
}

awaitable<int> ifstream_extract_bad() {
  std::ifstream in("/proc/loadavg");
  int n = 0;
  in >> n;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::basic_istream::operator>>' in coroutine 'ifstream_extract_bad'
  co_return n;
}

awaitable<void> ifstream_string_extract_bad() {
  std::ifstream in("/etc/hostname");
  std::string word;
  in >> word;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::operator>>' in coroutine 'ifstream_string_extract_bad'
  co_return;
}

awaitable<void> fstream_read_bad() {
  std::fstream f("/tmp/data.bin", std::ios::in | std::ios::binary);
  char buf[64];
  f.read(buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::basic_istream::read' in coroutine 'fstream_read_bad'
  co_return;
}

awaitable<void> cin_extract_bad() {
  int x = 0;
  std::cin >> x;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::basic_istream::operator>>' in coroutine 'cin_extract_bad'
  co_return;
}

// A helper that reads a file, called from a coroutine.
std::string slurp_first_line(const char *path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

awaitable<void> file_helper_bad() {
  std::string s = slurp_first_line("/etc/hostname");
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: call to 'slurp_first_line' in coroutine 'file_helper_bad' reaches a blocking call to 'std::getline'
  co_return;
}

// A string stream is memory: never blocking.
awaitable<void> string_stream_extract_ok() {
  std::istringstream in("1 2 3");
  int a = 0;
  in >> a;
  std::string rest;
  std::getline(in, rest);
  co_return;
}

// A stream of unknown kind: the analysis cannot tell, so it stays silent.
awaitable<void> unknown_stream_ok(std::istream &in) {
  std::string line;
  std::getline(in, line);
  co_return;
}

// Writes are buffered: not in the catalogue.
awaitable<void> ofstream_write_ok() {
  std::ofstream out("/tmp/log.txt");
  out << "hello\n";
  co_return;
}

// sync_wait-style helpers: run the work elsewhere, block until it is done.
template <class F> auto run_sync(F f) {
  std::packaged_task<decltype(f())()> task(std::move(f));
  auto fut = task.get_future();
  std::thread(std::move(task)).detach();
  return fut.get();
}

awaitable<int> sync_helper_future_bad() {
  int v = run_sync([] { return 42; });
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to 'run_sync' in coroutine 'sync_helper_future_bad' reaches a blocking call to 'std::future::get'
  co_return v;
}

template <class F> void wait_all(int n, F f) {
  std::latch done(n);
  for (int i = 0; i < n; ++i)
    std::thread([&] {
      f();
      done.count_down();
    }).detach();
  done.wait();
}

awaitable<void> sync_helper_latch_bad() {
  wait_all(4, [] {});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'wait_all' in coroutine 'sync_helper_latch_bad' reaches a blocking call to 'std::latch::wait'
  co_return;
}

struct Waiter {
  std::mutex m;
  std::condition_variable cv;
  bool ready = false;
  void block_until_ready() {
    std::unique_lock lk(m);
    cv.wait(lk, [this] { return ready; });
  }
};

awaitable<void> sync_helper_cv_bad(Waiter &w) {
  w.block_until_ready();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'Waiter::block_until_ready' in coroutine 'sync_helper_cv_bad' reaches a blocking call to 'std::condition_variable::wait'
  co_return;
}

std::counting_semaphore<4> slots(4);
void take_slot() { slots.acquire(); }

awaitable<void> sync_helper_semaphore_bad() {
  take_slot();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'take_slot' in coroutine 'sync_helper_semaphore_bad' reaches a blocking call to 'std::counting_semaphore::acquire'
  co_return;
}

// A library helper whose body is out of sight: recognised by name
// (SyncWaitFunctions).
namespace cppcoro {
template <class T> struct task {};
template <class T> T sync_wait(task<T> &&t);
} // namespace cppcoro

awaitable<int> named_sync_wait_bad() {
  int v = cppcoro::sync_wait(cppcoro::task<int>{});
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'cppcoro::sync_wait' in coroutine 'named_sync_wait_bad' stalls every coroutine on the thread that resumes it; co_await the task instead [conclint-blocking-call-in-coroutine]
  co_return v;
}

// A helper that only starts the work and returns the future is not blocking.
template <class F> std::future<int> start_async(F f) {
  std::packaged_task<int()> task(std::move(f));
  auto fut = task.get_future();
  std::thread(std::move(task)).detach();
  return fut;
}

awaitable<void> start_only_ok() {
  auto fut = start_async([] { return 1; });
  (void)fut.wait_for(std::chrono::seconds(0)); // polling
  co_return;
}
