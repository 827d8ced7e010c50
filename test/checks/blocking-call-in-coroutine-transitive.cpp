// RUN: %check_conclint %s conclint-blocking-call-in-coroutine %t -- -std=c++20-or-later -pthread -DASIO_HAS_CO_AWAIT=1

// The chain of TU-local calls down to a blocking call, walked by notes.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>
#include <chrono>
#include <future>
#include <thread>

using namespace std::chrono_literals;

void load_config();
int parse(std::future<int> &f);

asio::awaitable<void> fetch_bad(std::future<int> &f) {
  load_config();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'load_config' in coroutine 'fetch_bad' reaches a blocking call to 'std::this_thread::sleep_for', which stalls every coroutine on the thread that resumes it; await an asynchronous timer instead [conclint-blocking-call-in-coroutine]
  (void)f;
  co_return;
}

struct Cache {
  void refresh();
  void read_disk();
};

void backoff();

void load_config() {
  Cache c;
  c.refresh();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'load_config' calls 'Cache::refresh' here
}

void Cache::refresh() {
  read_disk();
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'Cache::refresh' calls 'Cache::read_disk' here
}

void Cache::read_disk() {
  std::this_thread::sleep_for(5ms);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'Cache::read_disk' calls blocking function 'std::this_thread::sleep_for' here
}

asio::awaitable<int> decode_bad(std::future<int> &f) {
  // The lookalike post: back on the loop before the call.
  co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
  int v = parse(f);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: call to 'parse' in coroutine 'decode_bad' reaches a blocking call to 'std::future::get', which stalls every coroutine on the thread that resumes it; await the result asynchronously or offload the wait to a thread pool [conclint-blocking-call-in-coroutine]
  co_return v;
}

int parse(std::future<int> &f) {
  return f.get();
  // CHECK-NOTES: :[[@LINE-1]]:10: note: 'parse' calls blocking function 'std::future::get' here
}

// A helper that blocks only inside a thread it starts: silent.
void backoff() {
  std::thread([] { std::this_thread::sleep_for(1ms); }).detach();
}

asio::awaitable<void> backoff_ok() {
  backoff();
  co_return;
}

// Recursion does not loop the analysis.
int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

asio::awaitable<int> recursion_ok() { co_return fib(10); }
