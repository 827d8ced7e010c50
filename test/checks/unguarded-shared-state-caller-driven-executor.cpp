// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// Work posted to an executor that runs it in place, or queues it until the
// posting thread itself drains the queue, does not start concurrency (issue
// 13). A submit-like method (PoolSubmitFunctions: post, submit, enqueue ...)
// starts concurrent work only when its class may run a thread: a thread
// member, a method starting one, a member of such a class or of another
// library; or when what it does is not shown (a body in another file, a
// virtual method).

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

struct inline_executor {
  template <class F> void post(F f) { f(); }
};

int inline_count = 0;
void inline_executor_ok(inline_executor &ex) {
  ex.post([] { ++inline_count; });
  ++inline_count;
}

// A manual executor: the caller drains it on its own thread.
class manual_executor {
public:
  void submit(std::function<void()> f) { q_.push_back(std::move(f)); }
  void run_queued() {
    while (!q_.empty()) {
      auto f = std::move(q_.front());
      q_.pop_front();
      f();
    }
  }

private:
  std::deque<std::function<void()>> q_;
};

int manual_count = 0;
void manual_executor_ok() {
  manual_executor ex;
  ex.submit([] { ++manual_count; });
  ++manual_count;
  ex.run_queued();
}

// A wrapper holding one: still no thread.
struct deferred_jobs : manual_executor {
  int pending = 0;
  void enqueue(std::function<void()> f) {
    ++pending;
    submit(std::move(f));
  }
};
int wrapped_count = 0;
void wrapped_manual_executor_ok(deferred_jobs &jobs) {
  jobs.enqueue([] { ++wrapped_count; });
  ++wrapped_count;
}

// ------------------------------------------------------ still reported

// Workers started in the constructor drain the queue.
class worker_pool {
public:
  explicit worker_pool(int n) {
    for (int i = 0; i < n; ++i)
      workers_.emplace_back([this] { work(); });
  }
  ~worker_pool() {
    {
      std::lock_guard<std::mutex> g(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto &t : workers_)
      t.join();
  }
  void submit(std::function<void()> f) {
    {
      std::lock_guard<std::mutex> g(mu_);
      q_.push_back(std::move(f));
    }
    cv_.notify_one();
  }

private:
  void work() {
    for (;;) {
      std::function<void()> f;
      {
        std::unique_lock<std::mutex> l(mu_);
        cv_.wait(l, [this] { return stop_ || !q_.empty(); });
        if (stop_ && q_.empty())
          return;
        f = std::move(q_.front());
        q_.pop_front();
      }
      f();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> q_;
  std::vector<std::thread> workers_;
  bool stop_ = false;
};

int pool_count = 0;
void worker_pool_bad() {
  worker_pool p(4);
  p.submit([] { ++pool_count; });
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'pool_count' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  ++pool_count;
}

// A thread started by the submit itself.
struct spawning_executor {
  template <class F> void post(F f) { std::thread(std::move(f)).detach(); }
};
int spawned_count = 0;
void spawning_executor_bad(spawning_executor &ex) {
  ex.post([] { ++spawned_count; });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'spawned_count' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  ++spawned_count;
}

// A member that is a pool: the holder may run work on its threads.
struct service {
  std::unique_ptr<worker_pool> pool;
  void post(std::function<void()> f) { pool->submit(std::move(f)); }
};
int service_count = 0;
void pool_member_bad(service &s) {
  s.post([] { ++service_count; });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'service_count' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  ++service_count;
}

// The executor's body is in another file: not shown to run in place.
struct remote_executor {
  void post(std::function<void()> f);
};
int remote_count = 0;
void remote_executor_bad(remote_executor &ex) {
  ex.post([] { ++remote_count; });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'remote_count' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  ++remote_count;
}
