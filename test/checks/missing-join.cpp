// RUN: %check_conclint --fix-notes %s conclint-missing-join %t -- -std=c++20-or-later
// (C++20 for the fixes: the std::jthread fix exists from C++20. The warnings are
// also checked from C++14, the file's lowest (std::make_unique), by the run below;
// the two std::jthread cases are compiled from C++20.)
// Plain -fix leaves the file alone: the jthread fix changes what the program
// does (it joins where it terminated), so it sits on a note.
// RUN: %check_conclint --expect-no-fixes --frontends=tidy --stdlibs=libstdc++ %s conclint-missing-join %t.nofix -- -std=c++14-or-later

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

void work(int id);
bool load_config();
bool should_stop();
void log_line(const std::string &line);
void hand_off(std::thread t);

//===----------------------------------------------------------------------===//
// Local threads that can leave scope joinable.
//===----------------------------------------------------------------------===//

void early_return_bad(bool dry_run) {
  std::thread worker(work, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 'worker' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-FIXES: {{^}}  std::jthread worker(work, 1);
  if (dry_run)
    return;
  worker.join();
}

void join_only_if_asked_bad(bool wait) {
  std::thread t([] { log_line("tick"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  // CHECK-FIXES: {{^}}  std::jthread t([] { log_line("tick"); });
  if (wait)
    t.join();
}

void break_out_of_joining_loop_bad() {
  for (int i = 0; i < 4; ++i) {
    std::thread t(work, i);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
    // CHECK-FIXES: {{^}}    std::jthread t(work, i);
    if (should_stop())
      break;
    t.join();
  }
}

void continue_skips_join_bad(const std::vector<int> &jobs) {
  for (int job : jobs) {
    std::thread t(work, job);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
    if (job < 0)
      continue;
    t.join();
  }
}

enum class Mode { Sync, Async, Fire };

void join_in_one_case_bad(Mode m) {
  std::thread t(work, 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  switch (m) {
  case Mode::Sync:
    t.join();
    break;
  case Mode::Async:
    break;
  case Mode::Fire:
    t.detach();
    break;
  }
}

void never_joined_lambda_bad() {
  std::atomic<int> total{0};
  std::thread t([&total] { total += 42; });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  log_line("started");
}

void inner_scope_bad() {
  {
    std::thread t(work, 3);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  }
  log_line("done");
}

void config_check_after_start_bad() {
  std::thread loader([] { log_line("loading"); });
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 'loader' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  if (!load_config()) {
    log_line("bad config");
    return;
  }
  loader.join();
}

class Downloader {
public:
  void fetch_all_bad(bool offline) {
    std::thread t(&Downloader::run, this);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
    // CHECK-FIXES: {{^}}    std::jthread t(&Downloader::run, this);
    if (offline)
      return;
    t.join();
  }
  void fetch_all_ok() {
    std::thread t(&Downloader::run, this);
    t.join();
  }

private:
  void run();
};

void while_loop_bad() {
  while (!should_stop()) {
    std::thread t(work, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
    if (load_config())
      t.join();
  }
}

void lambda_body_bad() {
  auto spawn = [](int n) {
    std::thread t(work, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
    if (n < 0)
      return;
    t.join();
  };
  spawn(1);
}

template <typename Job> void run_async_bad(Job job) {
  std::thread t(job);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  if (!load_config())
    return;
  t.join();
}
void use_run_async() {
  run_async_bad([] { work(1); });
  run_async_bad(+[] { work(2); });
}

//===----------------------------------------------------------------------===//
// Assigning a new thread to one that may still run.
//===----------------------------------------------------------------------===//

void reassign_running_bad() {
  std::thread t(work, 1);
  t = std::thread(work, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: thread 't' is assigned to while it may still be joinable, which calls std::terminate [conclint-missing-join]
  t.join();
}

void restart_in_loop_bad() {
  std::thread current;
  for (int i = 0; i < 3; ++i) {
    current = std::thread(work, i);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: thread 'current' is assigned to while it may still be joinable, which calls std::terminate [conclint-missing-join]
  }
  if (current.joinable())
    current.join();
}

//===----------------------------------------------------------------------===//
// Unnamed temporaries.
//===----------------------------------------------------------------------===//

void temporary_braces_bad() {
  std::thread{[] { log_line("fire and forget"); }};
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: temporary thread is destroyed while joinable at the end of this statement, which calls std::terminate [conclint-missing-join]
}

void temporary_parens_bad(int id) {
  std::thread(work, id);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: temporary thread is destroyed while joinable at the end of this statement, which calls std::terminate [conclint-missing-join]
}

void temporary_in_loop_bad() {
  for (int i = 0; i < 3; ++i)
    std::thread(work, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: temporary thread is destroyed while joinable at the end of this statement, which calls std::terminate [conclint-missing-join]
}

void temporary_cast_to_void_bad() {
  (void)std::thread(work, 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: temporary thread is destroyed while joinable at the end of this statement, which calls std::terminate [conclint-missing-join]
}

void temporary_in_switch_case_bad(Mode m) {
  switch (m) {
  case Mode::Fire:
    std::thread{[] { work(5); }};
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: temporary thread is destroyed while joinable at the end of this statement, which calls std::terminate [conclint-missing-join]
    break;
  default:
    break;
  }
}

//===----------------------------------------------------------------------===//
// Local containers of threads.
//===----------------------------------------------------------------------===//

void pool_never_joined_bad(int n) {
  std::vector<std::thread> pool;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: threads in 'pool' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
}

void pool_joined_only_on_success_bad(int n) {
  std::vector<std::thread> pool;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: threads in 'pool' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  for (int i = 0; i < n; ++i)
    pool.push_back(std::thread(work, i));
  if (!load_config())
    return;
  for (auto &t : pool)
    t.join();
}

void pool_break_in_join_loop_bad(int n) {
  std::vector<std::thread> pool;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: threads in 'pool' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  for (auto &t : pool) {
    if (should_stop())
      break;
    t.join();
  }
}

void array_of_threads_bad() {
  std::array<std::thread, 2> pair;
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: threads in 'pair' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  pair[0] = std::thread(work, 0);
  pair[1] = std::thread(work, 1);
  pair[0].join();
}

//===----------------------------------------------------------------------===//
// Classes whose thread member nobody joins.
//===----------------------------------------------------------------------===//

class AsyncLogger {
public:
  AsyncLogger() : writer_([this] { drain(); }) {}
  ~AsyncLogger() { stop_ = true; }

private:
  void drain() {
    while (!stop_)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::atomic<bool> stop_{false};
  std::thread writer_;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: no member function of 'AsyncLogger' joins or detaches 'writer_'; destroying the object while it runs calls std::terminate [conclint-missing-join]
};

template <typename Job> class Runner {
public:
  explicit Runner(Job j) : job_(std::move(j)) {}
  void start() { worker_ = std::thread(job_); }

private:
  Job job_;
  std::thread worker_;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: no member function of 'Runner' joins or detaches 'worker_'; destroying the object while it runs calls std::terminate [conclint-missing-join]
};
void use_runner() {
  auto job = [] { work(5); };
  Runner<decltype(job)> r(job);
  r.start();
}

struct Crawler {
  void start(int n) {
    for (int i = 0; i < n; ++i)
      fetchers.emplace_back(work, i);
  }
  std::vector<std::thread> fetchers;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: no member function of 'Crawler' joins or detaches the threads in 'fetchers'; destroying the object while they run calls std::terminate [conclint-missing-join]
};

//===----------------------------------------------------------------------===//
// Good code: joined or detached on every path, or handed over.
//===----------------------------------------------------------------------===//

void start_and_join_ok() {
  std::thread t(work, 1);
  t.join();
}

void detach_ok() {
  std::thread t(work, 1);
  t.detach();
}

void joinable_guard_ok(bool start) {
  std::thread t;
  if (start)
    t = std::thread(work, 2);
  if (t.joinable())
    t.join();
}

void joined_on_both_branches_ok(bool fast) {
  std::thread t(work, 3);
  if (fast) {
    t.join();
    return;
  }
  log_line("slow path");
  t.join();
}

void every_case_joins_ok(Mode m) {
  std::thread t(work, 7);
  switch (m) {
  case Mode::Sync:
  case Mode::Async:
    t.join();
    break;
  case Mode::Fire:
    t.detach();
    break;
  }
}

std::thread make_worker_ok(int id) {
  std::thread t(work, id);
  return t;
}

void passed_by_value_ok() {
  std::thread t(work, 4);
  hand_off(std::move(t));
}

void moved_into_pool_ok(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i) {
    std::thread t(work, i);
    pool.push_back(std::move(t));
  }
  for (std::thread &t : pool)
    if (t.joinable())
      t.join();
}

void index_loop_join_ok(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  for (std::size_t i = 0; i < pool.size(); ++i)
    pool[i].join();
}

void iterator_loop_join_ok(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  for (auto it = pool.begin(); it != pool.end(); ++it)
    it->join();
}

void for_each_join_ok(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  std::for_each(pool.begin(), pool.end(), [](std::thread &t) { t.join(); });
}

void map_of_threads_ok() {
  std::map<std::string, std::thread> by_name;
  by_name.emplace("a", std::thread(work, 1));
  by_name.emplace("b", std::thread(work, 2));
  for (auto &[name, t] : by_name)
    t.join();
}

// The RAII guard of "C++ Concurrency in Action": it holds a reference and
// joins in its destructor.
class ThreadGuard {
public:
  explicit ThreadGuard(std::thread &t) : t_(t) {}
  ~ThreadGuard() {
    if (t_.joinable())
      t_.join();
  }
  ThreadGuard(const ThreadGuard &) = delete;
  ThreadGuard &operator=(const ThreadGuard &) = delete;

private:
  std::thread &t_;
};

void guarded_ok(bool fail) {
  std::thread t(work, 9);
  ThreadGuard g(t);
  if (fail)
    return;
}

// An owning wrapper that joins: its member is joined, and a temporary thread
// handed to it is not destroyed while running.
class ScopedThread {
public:
  explicit ScopedThread(std::thread t) : t_(std::move(t)) {}
  ~ScopedThread() { t_.join(); }
  ScopedThread(const ScopedThread &) = delete;
  ScopedThread &operator=(const ScopedThread &) = delete;

private:
  std::thread t_;
};

void scoped_ok() {
  ScopedThread s(std::thread(work, 1));
  ScopedThread s2{std::thread{[] { work(2); }}};
}

#if __cplusplus >= 202002L
void jthread_ok(bool early) {
  std::jthread t(work, 1);
  if (early)
    return;
}

void jthread_pool_ok(int n) {
  std::vector<std::jthread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
}
#endif

void default_constructed_ok() {
  std::thread idle;
  log_line(idle.joinable() ? "running" : "idle");
}

void reassign_after_join_ok() {
  std::thread t(work, 1);
  t.join();
  t = std::thread(work, 2);
  t.join();
}

void temporary_detached_ok() { std::thread(work, 1).detach(); }

void abort_path_ok(bool fatal) {
  std::thread t(work, 1);
  if (fatal)
    std::abort();
  t.join();
}

void join_each_iteration_ok() {
  for (int i = 0; i < 3; ++i) {
    std::thread t(work, i);
    t.join();
  }
}

void thread_inside_thread_ok() {
  std::thread outer([] {
    std::thread inner(work, 1);
    inner.join();
  });
  outer.join();
}

class Service {
public:
  void start() { worker_ = std::thread(&Service::loop, this); }
  void stop() {
    running_ = false;
    if (worker_.joinable())
      worker_.join();
  }

private:
  void loop() {
    while (running_)
      std::this_thread::yield();
  }
  std::atomic<bool> running_{true};
  std::thread worker_;
};

template <typename Job> class JoiningRunner {
public:
  explicit JoiningRunner(Job j) : worker_(std::move(j)) {}
  ~JoiningRunner() { worker_.join(); }

private:
  std::thread worker_;
};
void use_joining_runner() { JoiningRunner<void (*)()> r(+[] { work(1); }); }

class Workers {
public:
  void add(int id) { threads_.emplace_back(work, id); }
  ~Workers() {
    for (auto &t : threads_)
      t.join();
  }

private:
  std::vector<std::thread> threads_;
};

// A member defined in another translation unit may join it: stay silent.
class Remote {
public:
  Remote() : t_(work, 1) {}
  ~Remote();

private:
  std::thread t_;
};

template <typename Job> void run_async_ok(Job job) {
  std::thread t(job);
  t.join();
}
void use_run_async_ok() { run_async_ok([] { work(3); }); }

void mutex_protected_ok() {
  std::mutex m;
  int shared = 0;
  std::thread a([&] {
    std::lock_guard<std::mutex> lock(m);
    ++shared;
  });
  std::thread b([&] {
    std::lock_guard<std::mutex> lock(m);
    ++shared;
  });
  a.join();
  b.join();
}

// `std::thread(work);` declares a default-constructed thread named 'work'
// (the most vexing parse): no thread starts, nothing can terminate.
void vexing_parse_ok() {
  std::thread(work);
}

// Removing threads from a container never starts one: clearing it after the
// joins leaves nothing running.
void clear_after_join_ok(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  for (auto &t : pool)
    t.join();
  pool.clear();
}

// A sized container holds empty threads until they are assigned.
void presized_early_return_ok(int n) {
  std::vector<std::thread> pool(n);
  if (!load_config())
    return;
  for (auto &t : pool)
    t = std::thread(work, 1);
  for (auto &t : pool)
    t.join();
}

// Elements named by constant indices are followed one by one.
void array_by_index_ok() {
  std::array<std::thread, 2> pair;
  pair[0] = std::thread(work, 0);
  pair.at(1) = std::thread(work, 1);
  pair[0].join();
  pair.at(1).join();
}

// An element joined without saying which (front, back, a variable index)
// may be the only one: taken as joining the container.
void front_join_ok() {
  std::vector<std::thread> v;
  v.emplace_back(work, 0);
  v.front().join();
}

void pop_each_ok(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  while (!pool.empty()) {
    pool.back().join();
    pool.pop_back();
  }
}

// The CFG edge of a comparison with a bool literal refines like `!`.
void joinable_equals_false_ok() {
  std::thread t(work, 1);
  if (t.joinable() == false)
    return;
  t.join();
}

// A lambda capturing the thread by reference may join it: a hand-over.
void lambda_joins_ok() {
  std::thread t(work, 1);
  auto finish = [&] { t.join(); };
  finish();
}

// Handed to a callee the check cannot see: someone else's now.
void unknown_callee_ok(void (*sink)(std::thread &&)) {
  std::thread t(work, 1);
  sink(std::move(t));
}

// Moved into an object whose destructor joins: its owner's business now.
struct JoiningOwner {
  std::thread t;
  ~JoiningOwner() {
    if (t.joinable())
      t.join();
  }
};
void stored_in_joining_owner_ok(JoiningOwner &owner) {
  std::thread t(work, 1);
  owner.t = std::move(t);
}

void array_one_element_left_bad() {
  std::array<std::thread, 3> ts;
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: threads in 'ts' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  ts[0] = std::thread(work, 0);
  ts[2] = std::thread(work, 2);
  ts[0].join();
}

// clear() destroys running threads: reported at the container (the scope exit
// is the note; clear() itself is where std::terminate happens).
void clear_while_running_bad(int n) {
  std::vector<std::thread> pool;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: threads in 'pool' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  pool.clear();
}

void cleared_before_join_bad(int n) {
  // pop_back() does not join: the other threads still run when the vector
  // dies.
  std::vector<std::thread> pool;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: threads in 'pool' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  if (n > 2)
    pool.pop_back();
}

//===----------------------------------------------------------------------===//
// Known misses and false positives.
//===----------------------------------------------------------------------===//

// FN: the CFG has no exception edges, so a throw between start and join is
// not a path here, although it calls std::terminate (use std::jthread).
void FN_throw_before_join(bool bad) {
  std::thread t(work, 1);
  if (bad)
    throw std::runtime_error("bad");
  t.join();
}

// FN: a template that is never instantiated is not analysed.
template <typename Job> void FN_uninstantiated(Job job) {
  std::thread t(job);
}

// FN: a thread parameter taken by value is owned by the callee, but only
// locals are followed.
void FN_parameter_not_joined(std::thread t) { log_line("got a thread"); }

// FN: threads on the heap are not followed.
void FN_unique_ptr_thread() {
  auto t = std::make_unique<std::thread>(work, 1);
}

// FN: joining one element without saying which (front(), a variable index)
// is taken as joining the container, although others may still run.
void FN_front_joined_only(int n) {
  std::vector<std::thread> pool;
  for (int i = 0; i < n; ++i)
    pool.emplace_back(work, i);
  pool.front().join();
}

// FP: the analysis is path-insensitive: it does not see that the two
// conditions are the same, so the path "neither branch" looks feasible.
void FP_correlated_conditions(bool c) {
  std::thread t(work, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: thread 't' can be destroyed while joinable, which calls std::terminate [conclint-missing-join]
  if (c)
    t.join();
  if (!c)
    t.join();
}

// A thread owned through a smart pointer and joined through it (`p->join()`,
// `(*p).join()`) in a member function is joined: the smart pointer owns one
// thread. Seen in the corpus: websocketpp's examples (MJ-JOIN-THROUGH-SMART-
// POINTER).
class SharedThreadOwner_ok {
public:
  SharedThreadOwner_ok() : t_(std::make_shared<std::thread>(work, 1)) {}
  ~SharedThreadOwner_ok() { t_->join(); }

private:
  std::shared_ptr<std::thread> t_;
};

class UniqueThreadOwner_ok {
public:
  void start() { t_.reset(new std::thread(work, 2)); }
  ~UniqueThreadOwner_ok() {
    if (t_)
      (*t_).join();
  }

private:
  std::unique_ptr<std::thread> t_;
};

void smart_pointer_local_joined_ok() {
  auto t = std::make_unique<std::thread>(work, 3);
  t->join();
}
