// RUN: %check_conclint %s conclint-thread-per-task %t -- -std=c++20-or-later
// C++20, not the check's C++11: std::jthread is one of the thread types reported.

#include <algorithm>
#include <array>
#include <cstdio>
#include <future>
#include <map>
#include <mutex>
#include <queue>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

void work(int);
void process(const std::string &);
int compute(int);

// ---------------------------------------------------------------- bad cases

void per_index_bad(const std::vector<int> &jobs) {
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    threads.emplace_back(work, jobs[i]);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data, which oversubscribes the CPU and pays thread start-up per task; run the tasks on a fixed pool of 'std::thread::hardware_concurrency()' workers [conclint-thread-per-task]
  for (auto &t : threads)
    t.join();
}

void per_item_bad(const std::vector<std::string> &items) {
  std::vector<std::thread> threads;
  for (const auto &item : items)
    threads.emplace_back([&item] { process(item); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
  for (auto &t : threads)
    t.join();
}

void start_and_join_bad(const std::vector<int> &jobs) {
  for (int j : jobs) {
    std::thread t(work, j);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'std::thread' starts a new thread for every iteration
    t.join();
  }
}

void jthreads_bad(const std::vector<std::string> &files) {
  std::vector<std::jthread> readers;
  for (const auto &f : files)
    readers.emplace_back(process, f);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::jthread' starts a new thread for every iteration
}

long futures_bad(const std::vector<int> &xs) {
  std::vector<std::future<int>> fs;
  for (int x : xs)
    fs.push_back(std::async(std::launch::async, compute, x));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'std::async' starts a new thread for every iteration
  long s = 0;
  for (auto &f : fs)
    s += f.get();
  return s;
}

void drain_bad(std::queue<int> &q) {
  while (!q.empty()) {
    std::thread(work, q.front()).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
    q.pop();
  }
}

void thousand_bad() {
  std::vector<std::thread> ts;
  for (int i = 0; i < 1000; ++i)
    ts.emplace_back(work, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop nest of 1000 iterations
  for (auto &t : ts)
    t.join();
}

void rows_bad(const std::vector<std::vector<int>> &rows) {
  std::vector<std::thread> ts;
  for (const auto &row : rows)
    for (int c = 0; c < 4; ++c)
      ts.emplace_back(work, row[c]);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
  for (auto &t : ts)
    t.join();
}

void grid_bad() {
  std::vector<std::thread> ts;
  for (int r = 0; r < 10; ++r)
    for (int c = 0; c < 10; ++c)
      ts.emplace_back(work, r * 10 + c);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration of a loop nest of 100 iterations
  for (auto &t : ts)
    t.join();
}

bool next_job(int &);
void do_while_bad() {
  int job = 0;
  do {
    std::thread(work, job).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
  } while (next_job(job));
}

void push_back_bad(const std::vector<int> &v) {
  std::vector<std::thread> ts;
  for (std::size_t i = 0; i < v.size(); ++i)
    ts.push_back(std::thread(work, v[i]));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'std::thread' starts a new thread for every iteration
  for (auto &t : ts)
    t.join();
}

void map_bad(const std::map<std::string, int> &m) {
  std::vector<std::thread> ts;
  for (const auto &[name, id] : m)
    ts.emplace_back([&name, id] { process(name); work(id); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
  for (auto &t : ts)
    t.join();
}

template <class Container> void each_bad(const Container &c) {
  std::vector<std::thread> ts;
  for (const auto &x : c)
    ts.emplace_back(work, x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration
  for (auto &t : ts)
    t.join();
}
template void each_bad(const std::vector<int> &);

class Server {
public:
  void accept_loop_bad(int listen_fd) {
    for (;;) {
      int fd = ::accept(listen_fd, nullptr, nullptr);
      if (fd < 0)
        break;
      std::thread(&Server::serve, this, fd).detach();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration
    }
  }

private:
  void serve(int fd) { ::close(fd); }
};

std::map<std::string, std::future<int>> by_name_bad(const std::vector<std::string> &names) {
  std::map<std::string, std::future<int>> out;
  for (const auto &n : names)
    out.emplace(n, std::async(std::launch::async, [n] { return int(n.size()); }));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'std::async' starts a new thread for every iteration
  return out;
}

void index_while_bad(const std::vector<int> &v) {
  std::size_t i = 0;
  std::vector<std::jthread> ts;
  while (i < v.size()) {
    ts.emplace_back(work, v[i]);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::jthread' starts a new thread for every iteration
    ++i;
  }
}

// ---------------------------------------------------------------- good cases

// Counting to a plain number and handing each thread only the counter:
// worker indices or task numbers; with `work` unknown the TU cannot tell
// which, so the count is not shown to follow data (this was per_index_bad).
void index_only_unknown_callee_ok(int n) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back(work, i);
  for (auto &t : threads)
    t.join();
}

// A pool grown up to its configured bound (`threads.size() < limit`): each
// thread is one more worker, whatever the limit is.
struct GrowingPool {
  void grow_ok(const std::vector<int> &pending) {
    for (std::size_t i = 0; i < pending.size() && threads_.size() < limit_; ++i)
      threads_.emplace_back(work, pending[i]);
    while (threads_.size() < limit_)
      threads_.emplace_back(&GrowingPool::loop, this, threads_.size());
  }
  void loop(std::size_t) {}
  std::vector<std::thread> threads_;
  std::size_t limit_ = 4;
};

void five_workers_ok() {
  std::vector<std::thread> ts;
  for (int i = 0; i < 5; ++i)
    ts.emplace_back(work, i);
  for (auto &t : ts)
    t.join();
}

void pool_ok(const std::vector<int> &jobs) {
  std::mutex m;
  std::size_t next = 0;
  unsigned n = std::thread::hardware_concurrency();
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < n; ++i)
    workers.emplace_back([&] {
      for (;;) {
        std::size_t k;
        {
          std::lock_guard<std::mutex> g(m);
          if (next == jobs.size())
            return;
          k = next++;
        }
        work(jobs[k]);
      }
    });
  for (auto &w : workers)
    w.join();
}

void pool_max_ok() {
  std::vector<std::jthread> ws;
  for (unsigned i = 0; i < std::max(2u, std::thread::hardware_concurrency()); ++i)
    ws.emplace_back(work, int(i));
}

void pool_indirect_ok() {
  const auto hw = std::thread::hardware_concurrency();
  const unsigned count = hw == 0 ? 2 : hw;
  std::vector<std::thread> ws;
  for (unsigned i = 0; i < count; ++i)
    ws.emplace_back(work, int(i));
  for (auto &w : ws)
    w.join();
}

void pool_while_ok() {
  std::vector<std::thread> ws;
  while (ws.size() < std::thread::hardware_concurrency())
    ws.emplace_back(work, int(ws.size()));
  for (auto &w : ws)
    w.join();
}

long deferred_ok(const std::vector<int> &xs) {
  std::vector<std::future<int>> fs;
  for (int x : xs)
    fs.push_back(std::async(std::launch::deferred, compute, x)); // no thread
  long s = 0;
  for (auto &f : fs)
    s += f.get();
  return s;
}

void join_loop_ok(std::vector<std::thread> &ts) {
  for (auto &t : ts)
    t.join();
}

void fixed_array_ok() {
  std::array<std::thread, 4> ts;
  for (auto &t : ts)
    t = std::thread(work, 1);
  for (auto &t : ts)
    t.join();
}

void braced_ok() {
  std::vector<std::thread> ts;
  for (int id : {1, 2, 3})
    ts.emplace_back(work, id);
  for (auto &t : ts)
    t.join();
}

void move_existing_ok(std::vector<std::thread> &pending,
                      std::vector<std::thread> &running) {
  for (auto &t : pending)
    running.emplace_back(std::move(t)); // no new thread
}

void c_array_ok() {
  int ids[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  std::vector<std::thread> ts;
  for (int id : ids)
    ts.emplace_back(work, id);
  for (auto &t : ts)
    t.join();
}

void boundary_nest_ok() {
  std::vector<std::thread> ts;
  for (int r = 0; r < 8; ++r)
    for (int c = 0; c < 8; ++c)
      ts.emplace_back(work, r * 8 + c);
  for (auto &t : ts)
    t.join();
}

void one_thread_for_all_ok(const std::vector<std::string> &items) {
  std::thread t([&items] {
    for (const auto &x : items)
      process(x);
  });
  t.join();
}

void spawn_before_loop_ok(const std::vector<int> &v) {
  std::thread t(work, 0);
  for (int x : v)
    work(x);
  t.join();
}

void tasks_later_ok(const std::vector<int> &v, std::vector<std::packaged_task<int()>> &tasks) {
  for (int x : v)
    tasks.emplace_back([x] { return compute(x); }); // tasks, not threads
}

// ---------------------------------------------------------------- known misses

long FN_default_policy(const std::vector<int> &xs) {
  // std::async without a policy may run deferred; libstdc++ and libc++ start a
  // thread. Only the explicit std::launch::async is reported.
  std::vector<std::future<int>> fs;
  for (int x : xs)
    fs.push_back(std::async(compute, x));
  long s = 0;
  for (auto &f : fs)
    s += f.get();
  return s;
}

void FN_scalar_count_with_items(const std::vector<int> &jobs, int n) {
  // (This was per_index_bad.) The loop counts to a plain scalar `n`: a
  // configured degree of parallelism or the number of jobs, the translation
  // unit cannot tell which, so the count is not shown to grow with the
  // input; that each thread gets `jobs[i]` does not settle it (per-worker
  // contexts are indexed the same way).
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back(work, jobs[i]);
  for (auto &t : threads)
    t.join();
}

static void start_one(int x) { std::thread(work, x).detach(); }
void FN_through_helper(const std::vector<int> &v) {
  // The thread is started in a helper called per element; calls are not
  // followed.
  for (int x : v)
    start_one(x);
}
