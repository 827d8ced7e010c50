// RUN: %check_conclint \
// RUN:   --config='{CheckOptions: {conclint-cpu-bound-on-event-loop.EventLoopCoroutineTypes: "task"}}' \
// RUN:   %s conclint-cpu-bound-on-event-loop %t -- -std=c++20-or-later -pthread

// Issue 13's precision rules for what is not CPU work of a coroutine:
// compare-and-swap retry loops and atomic spin-waits; the bodies of awaiter
// machinery (await_ready / await_suspend / await_resume, promise methods);
// the thread-switch awaitable itself; loops resuming or re-queueing waiting
// coroutines. Plus calls followed through recursion.
// The hand-written `task` below is declared a coroutine type that runs on an
// event loop (EventLoopCoroutineTypes), so every coroutine here is on one.

#include <atomic>
#include <coroutine>
#include <vector>

struct task {
  struct promise_type {
    std::vector<int> log;
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(int v) {
      // A promise method with a data-dependent loop: machinery.
      for (std::size_t i = 0; i < log.size(); ++i)
        log[i] += v;
    }
    void unhandled_exception() {}
  };
};

struct waiter {
  waiter *next;
  std::coroutine_handle<> h;
};

// An awaiter whose members loop over data: never charged at co_await sites.
struct heavy_awaiter {
  std::vector<int> *data;
  bool await_ready() {
    int s = 0;
    for (std::size_t i = 0; i < data->size(); ++i)
      s += (*data)[i];
    return s > 0;
  }
  void await_suspend(std::coroutine_handle<>) {
    for (std::size_t i = 0; i < data->size(); ++i)
      (*data)[i] *= 2;
  }
  int await_resume() {
    int s = 0;
    for (int x : *data)
      s ^= x;
    return s;
  }
};

std::atomic<long> counter{0};
std::atomic<bool> ready{false};

task cas_retry_ok(long add) {
  long old = counter.load();
  do {
    // retry until no other thread raced us
  } while (!counter.compare_exchange_weak(old, old + add));
  co_await std::suspend_never{};
  co_return 0;
}

task spin_wait_ok() {
  while (!ready.load(std::memory_order_acquire)) {
  }
  co_await std::suspend_never{};
  co_return 0;
}

task awaiter_machinery_ok(std::vector<int> &v) {
  int r = co_await heavy_awaiter{&v};
  co_return r;
}

// Walking the waiting coroutines to resume or re-queue them is scheduling:
// their work is charged where it is written. A pass over ids (numbers)
// would otherwise be a CPU-bound scan (the control below).
task resume_waiters_ok(waiter *w) {
  co_await std::suspend_never{};
  while (w) {
    waiter *n = w->next;
    w->h.resume();
    w = n;
  }
  co_return 0;
}

task wake_ready_ids_ok(const std::vector<int> &ready,
                       std::vector<std::coroutine_handle<>> &by_id) {
  co_await std::suspend_never{};
  for (int id : ready)
    by_id[id].resume();
  co_return 0;
}

task requeue_ready_ids_ok(const std::vector<int> &ready,
                          std::vector<std::coroutine_handle<>> &by_id,
                          std::vector<std::coroutine_handle<>> &run_queue) {
  co_await std::suspend_never{};
  for (int id : ready)
    run_queue.push_back(by_id[id]);
  co_return 0;
}

task sum_ready_ids_bad(const std::vector<int> &ready) {
  co_await std::suspend_never{};
  int s = 0;
  for (int id : ready)
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'sum_ready_ids_bad' blocks the event loop; offload it to a thread pool [conclint-cpu-bound-on-event-loop]
    s += id;
  co_return s;
}

// The thread-switch awaitable itself (`resume_on` is in the default
// ThreadSwitchAwaitables) is not charged, however it is written.
struct pool {
  std::vector<int> queue;
};
std::suspend_never resume_on(pool &p) {
  for (std::size_t i = 0; i < p.queue.size(); ++i)
    p.queue[i] = 0;
  return {};
}
task switch_awaitable_ok(pool &p) {
  co_await resume_on(p);
  co_return 0;
}

// Controls: the coroutine's own loop is still reported, also when a CAS
// retry loop sits around it.
task own_loop_bad(std::vector<int> &v) {
  co_await std::suspend_never{};
  int s = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'own_loop_bad' blocks the event loop; offload it to a thread pool [conclint-cpu-bound-on-event-loop]
    s += v[i];
  co_return s;
}

task loop_inside_cas_bad(std::vector<int> &v) {
  co_await std::suspend_never{};
  long old = counter.load();
  do {
    for (std::size_t i = 0; i < v.size(); ++i)
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: CPU-bound loop in coroutine 'loop_inside_cas_bad'
      old += v[i];
  } while (!counter.compare_exchange_weak(old, old + 1));
  co_return 0;
}

// Recursion: helpers that reach a loop through a cycle are followed to it,
// without a depth cap.
int crunch(std::vector<int> &v) {
  int s = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    s += v[i] * v[i];
  return s;
}
int odd_step(std::vector<int> &v, int n);
int even_step(std::vector<int> &v, int n) {
  return n > 0 ? odd_step(v, n - 1) : crunch(v);
}
int odd_step(std::vector<int> &v, int n) { return even_step(v, n); }
task recursive_helpers_bad(std::vector<int> &v) {
  co_await std::suspend_never{};
  int r = odd_step(v, 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: CPU-bound call to 'odd_step' in coroutine 'recursive_helpers_bad' blocks the event loop
  co_return r;
}
