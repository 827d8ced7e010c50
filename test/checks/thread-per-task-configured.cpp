// RUN: %check_conclint %s conclint-thread-per-task %t -- -std=c++20-or-later
// C++20, not the check's C++11: std::jthread is one of the thread types reported.

// A thread per task is shown when each iteration hands the new thread one
// unit of work whose number grows with the input. It is not shown when the
// loop counts to a configured degree of parallelism (a plain scalar), nor
// when the thread runs a worker loop taking jobs from shared state (a pool),
// possibly through a function it calls, nor when what it runs is chosen by
// a virtual call (unknown) -- unless the loop has no count at all and hands
// each thread the input it just read (an accept loop).

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

void work(int);
void handle(const std::string &);

class Queue {
public:
  bool pop(int &out) {
    std::unique_lock<std::mutex> l(m_);
    cv_.wait(l, [this] { return done_ || !q_.empty(); });
    if (q_.empty())
      return false;
    out = q_.front();
    q_.pop_front();
    return true;
  }

private:
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<int> q_;
  bool done_ = false;
};

struct Context {
  int level = 0;
};

// ------------------- a configured degree of parallelism: a plain scalar

struct Options {
  unsigned parallel_threads = 1;
};

// Counting to an option field; each worker gets the context of its slot:
// the index picks per-worker state, not an item of work.
class Compressor {
public:
  explicit Compressor(const Options &o) : opts_(o), ctxs_(o.parallel_threads) {}
  void start_option_field_ok() {
    for (unsigned i = 0; i < opts_.parallel_threads; ++i)
      workers_.emplace_back([this, i] { compress_with(ctxs_[i]); });
  }
  void start_member_minus_one_ok() {
    for (unsigned i = 1; i < count_ - 1; ++i)
      workers_.emplace_back(&Compressor::compress_with, this, ctxs_[i]);
  }

private:
  void compress_with(const Context &c) { work(c.level); }
  Options opts_;
  std::vector<Context> ctxs_;
  unsigned count_ = 3;
  std::vector<std::thread> workers_;
};

// A parameter through a local, capped by std::min of a parameter.
void parameter_through_local_ok(const std::vector<int> &items, int workers) {
  const int n = workers * 2;
  std::vector<std::jthread> ts;
  for (int i = 0; i < std::min(n, workers); ++i)
    ts.emplace_back(work, items[i]);
}

// --------------------- a worker loop in a function the thread calls

class Pipeline {
public:
  // The lambda calls a member function that loops popping the shared
  // queue: each thread is a worker of a pool, whatever the count.
  void start_through_member_ok(const std::vector<Context> &per_worker) {
    for (const Context &c : per_worker)
      ts_.emplace_back([this, &c] { drain(c); });
  }

private:
  void drain(const Context &c) {
    int job;
    while (q_.pop(job))
      work(job + c.level);
  }
  Queue q_;
  std::vector<std::thread> ts_;
};

// A static trampoline handed a fresh record, calling the pool's member
// loop (two calls deep), which takes jobs from the front of a shared list.
class Pool {
public:
  struct Start {
    Pool *pool;
    std::size_t id;
  };
  static void trampoline(void *arg) {
    auto *s = static_cast<Start *>(arg);
    Pool *p = s->pool;
    delete s;
    p->run();
  }
  void grow_with_cast_ok() {
    // `(int)` around the size: still a set of threads grown to a bound
    // (each handed only its slot number; no worker loop to see).
    while ((int)threads_.size() < limit_) {
      std::thread t(work, int(threads_.size()));
      threads_.push_back(std::move(t));
    }
  }
  void start_per_slot_ok(const std::vector<std::string> &names) {
    for (std::size_t i = 0; i < names.size(); ++i)
      threads_.emplace_back(&Pool::trampoline, new Start{this, i});
  }

private:
  void run() {
    while (true) {
      std::unique_lock<std::mutex> l(m_);
      cv_.wait(l, [this] { return !jobs_.empty(); });
      int j = jobs_.front();
      jobs_.pop_front();
      l.unlock();
      work(j);
    }
  }
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<int> jobs_;
  int limit_ = 4;
  std::vector<std::thread> threads_;
};

// A countdown is a count, not an open loop: each worker gets its number
// and runs the pool's loop.
class CountdownPool {
public:
  explicit CountdownPool(unsigned n) {
    while (n--)
      ts_.emplace_back(&CountdownPool::loop, this, n);
  }

private:
  void loop(unsigned id) {
    int job;
    while (q_.pop(job))
      work(job + int(id));
  }
  Queue q_;
  std::vector<std::thread> ts_;
};

// ------------------------ what the thread runs is chosen by a virtual call

// A harness starts one thread per configured worker object; each runs the
// object's virtual body, which may loop for the whole test: unknown.
class Worker {
public:
  virtual ~Worker() = default;
  void run() {
    setup();
    body();
  }

protected:
  virtual void setup() {}
  virtual void body() = 0;
};

void harness_virtual_body_ok(const std::vector<Worker *> &workers) {
  std::vector<std::thread> ts;
  for (Worker *w : workers)
    ts.emplace_back(&Worker::run, w);
  for (auto &t : ts)
    t.join();
}

// The same through a lambda that calls the element's virtual member.
void harness_lambda_ok(const std::vector<std::unique_ptr<Worker>> &workers) {
  std::vector<std::jthread> ts;
  for (const auto &w : workers) {
    Worker *p = w.get();
    ts.emplace_back([p] { p->run(); });
    ts.emplace_back([&w] { w->run(); });
  }
}

// ------------------------------------ a thread per task: still reported

// A virtual call on something that is the same for every thread (a
// logger, the spawning object) does not choose the work.
class Logger {
public:
  virtual ~Logger() = default;
  virtual void log(const std::string &) {}
};
class Batch {
public:
  void run_all_bad(const std::vector<std::string> &items) {
    std::vector<std::thread> ts;
    for (const auto &item : items)
      ts.emplace_back(&Batch::one, this, item);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
    for (auto &t : ts)
      t.join();
  }
  virtual ~Batch() = default;

private:
  virtual void record() {}
  void one(std::string item) {
    log_->log(item);
    handle(item);
    record();
  }
  Logger *log_ = nullptr;
};

// One thread per accepted connection: the loop has no count and hands each
// thread the descriptor it just accepted. The handler loops over its own
// connection's requests, which is not a worker taking shared jobs.
class Connection {
public:
  explicit Connection(int fd) : fd_(fd) {}
  bool read_request(std::string &out) {
    char buf[256];
    long n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0)
      return false;
    out.assign(buf, static_cast<std::size_t>(n));
    return true;
  }

private:
  int fd_;
};

void serve(Connection &c) {
  std::string req;
  while (c.read_request(req))
    handle(req);
}

void accept_loop_bad(int listen_fd, const std::atomic<bool> &running) {
  while (running.load()) {
    int fd = ::accept(listen_fd, nullptr, nullptr);
    if (fd < 0)
      continue;
    std::thread([fd] {
      // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
      Connection c(fd);
      serve(c);
      ::close(fd);
    }).detach();
  }
}

// One short-lived thread per job of a work list.
struct Job {
  int id = 0;
  std::string payload;
  void execute() const { handle(payload); }
};

void per_job_bad(const std::vector<Job> &jobs) {
  std::vector<std::thread> ts;
  for (const Job &j : jobs)
    ts.emplace_back(&Job::execute, &j);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
  for (auto &t : ts)
    t.join();
}

void per_job_lambda_bad(const std::vector<Job> &jobs) {
  std::vector<std::jthread> ts;
  for (std::size_t i = 0; i < jobs.size(); ++i)
    ts.emplace_back([&jobs, i] { handle(jobs[i].payload); });
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::jthread' starts a new thread for every iteration of a loop whose trip count depends on data
}

// A count read from a container is data, not a configured scalar.
void count_from_size_bad(const std::vector<int> &items) {
  const std::size_t n = items.size();
  for (std::size_t i = 0; i < n; ++i)
    std::thread(work, items[i]).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
}

// ------------------------------------------------------- known limitations

struct Task {
  virtual ~Task() = default;
  virtual void run() = 0;
};

void run_task(Task *t) { t->run(); }

void FN_virtual_task_per_item(const std::vector<std::unique_ptr<Task>> &tasks) {
  // One thread per task object, but each runs a virtual `run()`, directly
  // or through a function handed the task: the TU cannot tell a task from
  // a long-lived worker (the harness above has the same shape), so the
  // thread is not shown to run one task.
  std::vector<std::thread> ts;
  for (const auto &t : tasks) {
    ts.emplace_back(&Task::run, t.get());
    ts.emplace_back(run_task, t.get());
  }
  for (auto &t : ts)
    t.join();
}

// A fork-join over partitions whose caller runs the first one itself: see
// thread-per-task-forkjoin.cpp.
