// RUN: %check_conclint %s conclint-thread-per-task %t -- -std=c++20-or-later
// C++20, not the check's C++11: std::jthread is one of the thread types reported.
// (The option variant below runs once, through conclint-tidy on libstdc++: the
// same check code reads the options in every front-end, and the first RUN line
// already covers both front-ends and both standard libraries.)
// RUN: %check_conclint --frontends=tidy --stdlibs=libstdc++ --check-suffix=ALL \
// RUN:   --config='{CheckOptions: {conclint-thread-per-task.ReportIdenticalWorkers: true}}' \
// RUN:   %s conclint-thread-per-task %t -- -std=c++20-or-later

// A loop starting N identical workers is a pool, not a thread per task: only
// a spawn whose callable or arguments change with the iteration is reported.
// With ReportIdenticalWorkers every spawn in a data-dependent loop is.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <queue>
#include <string>
#include <thread>
#include <vector>

void work(int);
int next_ticket();

// A blocking job queue shared by the workers below.
class Jobs {
public:
  void push(int j) {
    {
      std::lock_guard<std::mutex> g(m_);
      q_.push_back(j);
    }
    cv_.notify_one();
  }
  int pop() {
    std::unique_lock<std::mutex> l(m_);
    cv_.wait(l, [this] { return !q_.empty(); });
    int j = q_.front();
    q_.pop_front();
    return j;
  }

private:
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<int> q_;
};

// ----------------------------------------------- pools: N identical workers

// A pool whose workers are function objects holding a reference to it; the
// count comes from the caller and is counted down.
class CountdownPool {
public:
  explicit CountdownPool(std::size_t count) {
    while (count-- > 0)
      threads_.emplace_back(Drainer(*this));
    // CHECK-MESSAGES-ALL: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
  }
  ~CountdownPool() {
    for (auto &t : threads_)
      t.join();
  }

private:
  struct Drainer {
    explicit Drainer(CountdownPool &p) : pool(p) {}
    void operator()() {
      for (;;) {
        int j = pool.jobs_.pop();
        if (j < 0)
          return;
        work(j);
      }
    }
    CountdownPool &pool;
  };
  Jobs jobs_;
  std::vector<std::thread> threads_;
};
void functor_holding_pool_ok() { CountdownPool pool(3); }

// A pool whose workers are lambdas capturing `this` and hooks the caller
// passed in, all copied unchanged into every worker.
class HookedPool {
public:
  HookedPool(std::size_t n, std::function<void()> enter,
             std::function<void()> leave) {
    for (std::size_t k = 0; k != n; ++k)
      threads_.emplace_back([this, enter, leave] {
        // CHECK-MESSAGES-ALL: :[[@LINE-1]]:7: warning: 'std::jthread' starts a new thread for every iteration
        enter();
        serve();
        leave();
      });
  }

private:
  void serve() {
    for (int j = jobs_.pop(); j >= 0; j = jobs_.pop())
      work(j);
  }
  Jobs jobs_;
  std::vector<std::jthread> threads_;
};
void this_lambda_ok() { HookedPool pool(2, [] {}, [] {}); }

// A stress test: the same client run on `clients` threads at once, each
// doing every round; the loop also touches the shared state through a
// pointer, which does not change what the next thread gets.
struct Counter {
  std::atomic<long> hits{0};
  void mark() { ++hits; }
};
long identical_clients_ok(int clients, int rounds) {
  auto c = std::make_shared<Counter>();
  std::vector<std::thread> ts;
  for (int i = 0; i < clients; ++i) {
    ts.emplace_back([c, rounds] {
      // CHECK-MESSAGES-ALL: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
      for (int r = 0; r < rounds; ++r)
        c->mark();
    });
    c->mark();
  }
  for (auto &t : ts)
    t.join();
  return c->hits;
}

class MemberPool {
public:
  void start() {
    for (unsigned k = 0; k < size_; ++k)
      ts_.emplace_back(&MemberPool::run, this);
    // CHECK-MESSAGES-ALL: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration
  }
  ~MemberPool() {
    for (auto &t : ts_)
      t.join();
  }

private:
  void run() {}
  unsigned size_ = 4;
  std::vector<std::thread> ts_;
};
void member_pointer_ok() { MemberPool().start(); }

// The element is the thread being started, not an item of work.
void presized_vector_ok(std::size_t n, Jobs &jobs) {
  std::vector<std::thread> ts(n);
  for (auto &t : ts)
    t = std::thread([&jobs] { work(jobs.pop()); });
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:9: warning: 'std::thread' starts a new thread for every iteration
  for (auto &t : ts)
    t.join();
}

// A shared index the workers advance: changed inside the threads, not by
// the loop.
void shared_index_ok(const std::vector<int> &items, unsigned workers) {
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> ts;
  for (unsigned w = 0; w < workers; ++w)
    ts.emplace_back([&] {
      // CHECK-MESSAGES-ALL: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
      for (std::size_t i = next++; i < items.size(); i = next++)
        work(items[i]);
    });
  for (auto &t : ts)
    t.join();
}

// ------------------------------------ a thread per task: still reported

void element_reference_bad(const std::vector<std::string> &names) {
  std::vector<std::thread> ts;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string &name = names[i];
    ts.emplace_back([&name] { work(int(name.size())); });
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
    // CHECK-MESSAGES-ALL: :[[@LINE-2]]:5: warning: 'std::thread' starts a new thread for every iteration
  }
  for (auto &t : ts)
    t.join();
}

void iterator_bad(const std::vector<int> &v) {
  std::vector<std::jthread> ts;
  for (auto it = v.begin(); it != v.end(); ++it)
    ts.emplace_back(work, *it);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::jthread' starts a new thread for every iteration
  // CHECK-MESSAGES-ALL: :[[@LINE-2]]:5: warning: 'std::jthread' starts a new thread for every iteration
}

void popped_bad(std::queue<int> &pending) {
  while (!pending.empty()) {
    int job = pending.front();
    pending.pop();
    std::thread([job] { work(job); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
    // CHECK-MESSAGES-ALL: :[[@LINE-2]]:5: warning: 'std::thread' starts a new thread for every iteration
  }
}

bool more_tickets();
void ticket_bad() {
  // Each call hands out a new ticket: a different task per thread.
  while (more_tickets())
    std::thread(work, next_ticket()).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
  // CHECK-MESSAGES-ALL: :[[@LINE-2]]:5: warning: 'std::thread' starts a new thread for every iteration
}

void init_capture_bad(Jobs &jobs, const std::vector<int> &batch) {
  std::vector<std::thread> ts;
  for (std::size_t k = 0; k < batch.size(); ++k)
    ts.emplace_back([j = jobs.pop()] { work(j); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
  // CHECK-MESSAGES-ALL: :[[@LINE-2]]:5: warning: 'std::thread' starts a new thread for every iteration
  for (auto &t : ts)
    t.join();
}

void FN_scalar_count_new_ticket(int n) {
  // (This was ticket_bad.) Counting to a plain scalar `n` is a configured
  // degree of parallelism as far as the TU shows, even though each thread
  // is handed a fresh ticket: silent.
  for (int k = 0; k < n; ++k)
    std::thread(work, next_ticket()).detach();
  // CHECK-MESSAGES-ALL: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
}

bool read_job(int &);
void filled_by_reference_bad() {
  int job;
  while (read_job(job))
    std::thread(work, job).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
  // CHECK-MESSAGES-ALL: :[[@LINE-2]]:5: warning: 'std::thread' starts a new thread for every iteration
}

// ------------------------------- pools whose workers get their index or name
// Each worker runs a loop that takes its next job from state shared with the
// other workers: a pool, although what each thread is handed differs.

class IndexedPool {
public:
  void worker_index_ok(unsigned n) {
    for (unsigned k = 0; k < n; ++k)
      ts_.emplace_back(&IndexedPool::run, this, k);
    // CHECK-MESSAGES-ALL: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration
  }
  ~IndexedPool() {
    for (auto &t : ts_)
      t.join();
  }

private:
  void run(unsigned id) {
    for (;;) {
      int j = jobs_.pop();
      if (j < 0)
        return;
      work(j + int(id));
    }
  }
  Jobs jobs_;
  std::vector<std::thread> ts_;
};
void use_indexed_pool() { IndexedPool().worker_index_ok(3); }

void log_worker(unsigned id);
void index_and_queue_ok(unsigned n, Jobs &jobs) {
  std::vector<std::jthread> ts;
  for (unsigned k = 0; k < n; ++k)
    ts.emplace_back([&jobs, k] {
      // CHECK-MESSAGES-ALL: :[[@LINE-1]]:5: warning: 'std::jthread' starts a new thread for every iteration
      log_worker(k);
      for (int j = jobs.pop(); j >= 0; j = jobs.pop())
        work(j);
    });
}

// A mutex-guarded std::queue: read the front, pop it.
class LockedQueuePool {
public:
  explicit LockedQueuePool(unsigned n) {
    for (unsigned k = 0; k < n; ++k)
      ts_.emplace_back([this, k] {
        // CHECK-MESSAGES-ALL: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration
        log_worker(k);
        for (;;) {
          std::function<void()> job;
          {
            std::unique_lock<std::mutex> l(m_);
            cv_.wait(l, [this] { return stop_ || !q_.empty(); });
            if (stop_ && q_.empty())
              return;
            job = std::move(q_.front());
            q_.pop();
          }
          job();
        }
      });
  }
  ~LockedQueuePool() {
    {
      std::lock_guard<std::mutex> g(m_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto &t : ts_)
      t.join();
  }

private:
  std::mutex m_;
  std::condition_variable cv_;
  std::queue<std::function<void()>> q_;
  bool stop_ = false;
  std::vector<std::thread> ts_;
};
void use_locked_queue_pool() { LockedQueuePool pool(2); }

// Named workers sharing one atomic cursor over the items.
void set_thread_name(const std::string &);
void named_workers_ok(const std::vector<std::string> &names,
                      const std::vector<int> &items) {
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> ts;
  for (const auto &name : names)
    ts.emplace_back([&, name] {
      // CHECK-MESSAGES-ALL: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
      set_thread_name(name);
      for (std::size_t i = next++; i < items.size(); i = next++)
        work(items[i]);
    });
  for (auto &t : ts)
    t.join();
}

// std::async workers, each summing what it takes with fetch_add.
long async_workers_ok(const std::vector<int> &v, unsigned n) {
  std::atomic<std::size_t> next{0};
  std::vector<std::future<long>> fs;
  for (unsigned k = 0; k < n; ++k)
    fs.push_back(std::async(std::launch::async, [&v, &next, k] {
      // CHECK-MESSAGES-ALL: :[[@LINE-1]]:18: warning: 'std::async' starts a new thread for every iteration
      log_worker(k);
      long s = 0;
      for (std::size_t i = next.fetch_add(1); i < v.size();
           i = next.fetch_add(1))
        s += v[i];
      return s;
    }));
  long total = 0;
  for (auto &f : fs)
    total += f.get();
  return total;
}

// --------------------- loops in a thread per task are not worker loops

// The thread loops over its own item and adds into shared state: one task
// per row, not a worker taking jobs.
void row_loop_bad(const std::vector<std::vector<int>> &rows,
                  std::atomic<long> &total) {
  std::vector<std::thread> ts;
  for (const auto &row : rows)
    ts.emplace_back([&row, &total] {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
      // CHECK-MESSAGES-ALL: :[[@LINE-2]]:5: warning: 'std::thread' starts a new thread for every iteration
      for (int x : row)
        total += x;
    });
  for (auto &t : ts)
    t.join();
}

// Pushing results into a shared queue produces, it does not take jobs.
void producer_per_item_bad(const std::vector<int> &items, Jobs &out) {
  for (int x : items)
    std::thread([x, &out] {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
      // CHECK-MESSAGES-ALL: :[[@LINE-2]]:5: warning: 'std::thread' starts a new thread for every iteration
      for (int r = 0; r < 3; ++r)
        out.push(x * r);
    }).detach();
}

// The loop takes from a queue the thread owns (a copy): one task.
void own_copy_bad(const std::vector<std::deque<int>> &batches) {
  std::vector<std::thread> ts;
  for (const auto &batch : batches)
    ts.emplace_back([b = batch]() mutable {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
      // CHECK-MESSAGES-ALL: :[[@LINE-2]]:5: warning: 'std::thread' starts a new thread for every iteration
      while (!b.empty()) {
        work(b.front());
        b.pop_front();
      }
    });
  for (auto &t : ts)
    t.join();
}

// ------------------------------------------------------- known limitations

void FN_identical_worker_per_item(const std::vector<int> &items) {
  // As many threads as items: the loop pushes each item and starts one more
  // identical worker to pop it. The queue changes behind a pointer, so what
  // each thread is handed looks the same every iteration.
  auto jobs = std::make_shared<Jobs>();
  std::vector<std::thread> ts;
  for (int x : items) {
    jobs->push(x);
    ts.emplace_back([jobs] { work(jobs->pop()); });
    // CHECK-MESSAGES-ALL: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
  }
  for (auto &t : ts)
    t.join();
}
