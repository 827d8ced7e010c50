// RUN: %check_conclint \
// RUN:   --config="{CheckOptions: {conclint-blocking-call-under-lock.AllowedUnderLock: '::Metrics::flush_now;::usleep', conclint-blocking-call-under-lock.BlockingFunctions: '::std::this_thread::sleep_for;::usleep;::db::query', conclint-blocking-call-under-lock.SyncWaitFunctions: '::exec::block_on', conclint-blocking-call-under-lock.CallDepth: 1}}" \
// RUN:   %s conclint-blocking-call-under-lock %t -- -std=c++17-or-later -pthread

// The options: a replaced catalogue with a project's own blocking function,
// a project's sync_wait helper, deliberate cases allowed under the lock, and
// a shallower call depth.

#include <chrono>
#include <future>
#include <mutex>
#include <thread>
#include <unistd.h>

std::mutex m;

namespace db {
int query(const char *sql);
} // namespace db

namespace exec {
template <class T> T block_on(T v);
} // namespace exec

struct Metrics {
  void flush_now() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }
};

int project_blocking_bad() {
  std::lock_guard<std::mutex> g(m);
  return db::query("select 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'db::query' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

int project_sync_wait_bad() {
  std::lock_guard<std::mutex> g(m);
  return exec::block_on(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'exec::block_on' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

// Allowed: a deliberate short sleep, a flush the team accepts.
void allowed_ok(Metrics &mx) {
  std::lock_guard<std::mutex> g(m);
  ::usleep(10);
  mx.flush_now();
}

// Not in the replaced catalogue any more.
int removed_entry_ok(std::future<int> &f) {
  std::lock_guard<std::mutex> g(m);
  return f.get();
}

// CallDepth 1: one call is followed, two are not.
void nap() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }
void one() { nap(); }

void depth_one_bad() {
  std::lock_guard<std::mutex> g(m);
  nap();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'nap' while holding 'm' reaches a blocking call to 'std::this_thread::sleep_for', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

void depth_two_ok() {
  std::lock_guard<std::mutex> g(m);
  one();
}
