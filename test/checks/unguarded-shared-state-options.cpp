// RUN: %check_conclint --config='{CheckOptions: {conclint-unguarded-shared-state.ThreadPoolSubmitFunctions: "run_later", conclint-unguarded-shared-state.MaxCallDepth: 1, conclint-unguarded-shared-state.ThreadTypes: "::std::thread;::Worker"}}' \
// RUN:   %s conclint-unguarded-shared-state %t \
// RUN:   -- -std=c++11-or-later -pthread

// Options: a pool method of the project's own, a thread type of its own, and
// a shallower call depth.

#include <functional>
#include <thread>
#include <utility>
#include <vector>

class Scheduler {
public:
  template <class F> void run_later(F f) {
    threads_.emplace_back(std::move(f));
  }
  ~Scheduler() {
    for (auto &t : threads_)
      t.join();
  }

private:
  std::vector<std::thread> threads_;
};

int scheduled = 0;
void custom_pool_bad() {
  Scheduler s;
  for (int i = 0; i < 3; ++i)
    s.run_later([] { scheduled += 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'scheduled' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
}

// submit is no longer a pool method: no spawn, no warning.
class Queue {
public:
  template <class F> void submit(F f) { f(); }
};
int submitted = 0;
void not_a_pool_ok() {
  Queue q;
  for (int i = 0; i < 3; ++i)
    q.submit([] { submitted += 1; });
}

// A thread type of the project's own.
class Worker {
public:
  explicit Worker(std::function<void()> f) : t_(std::move(f)) {}
  ~Worker() { t_.join(); }

private:
  std::thread t_;
};
int worker_total = 0;
void custom_thread_type_bad() {
  Worker a([] { worker_total += 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'worker_total' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  Worker b([] { worker_total += 2; });
}

// MaxCallDepth 1: the write two calls below the entry point is not seen.
int deep = 0;
void level2() { deep++; }
void level1() { level2(); }
void FN_below_max_call_depth() {
  std::thread a([] { level1(); });
  std::thread b([] { level1(); });
  a.join();
  b.join();
}
