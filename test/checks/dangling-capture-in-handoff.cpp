// RUN: %check_conclint %s conclint-dangling-capture-in-handoff %t -- -std=c++17-or-later -pthread

// Threads, std::async, pools and stored callbacks (no Asio): a reference,
// pointer or view to an automatic object that escapes into work which can
// still run when the object is gone.

#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

void use(const std::string &);
void use_sv(std::string_view);
void use_int(int);
void fill(int *);

// A small pool with the shape of the usual hand-written ones.
class ThreadPool {
public:
  explicit ThreadPool(unsigned n);
  ~ThreadPool();
  template <class F> std::future<void> submit(F f) {
    auto task = std::make_shared<std::packaged_task<void()>>(std::move(f));
    std::future<void> fut = task->get_future();
    push([task] { (*task)(); });
    return fut;
  }
  void wait_for_tasks();

private:
  void push(std::function<void()> job);
};

ThreadPool &global_pool();
std::vector<std::thread> g_threads;
std::function<void()> g_on_exit;

//===--- detached threads --------------------------------------------------===//

void detached_ref_capture_bad() {
  std::string name = "worker";
  std::thread([&name] { use(name); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference to local variable 'name' escapes into a thread, which may still run after 'name' is destroyed [conclint-dangling-capture-in-handoff]
}

void detached_default_ref_capture_bad() {
  int hits = 0;
  std::thread([&] { use_int(++hits); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: reference to local variable 'hits' escapes into a thread
}

void detached_named_thread_bad() {
  std::vector<int> data{1, 2, 3};
  std::thread t([&data] { use_int(data[0]); });
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: reference to local variable 'data' escapes into a thread
  t.detach();
}

void detached_by_value_param_bad(std::string msg) {
  std::thread([&msg] { use(msg); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference to parameter 'msg' escapes into a thread
}

void detached_pointer_arg_bad() {
  int result = 0;
  std::thread(fill, &result).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: pointer to local variable 'result' escapes into a thread
}

void detached_std_ref_bad() {
  int counter = 0;
  std::thread([](int &c) { ++c; }, std::ref(counter)).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:36: warning: reference to local variable 'counter' escapes into a thread
}

void detached_array_decay_bad() {
  int buffer[16] = {};
  std::thread(fill, buffer).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: pointer to local variable 'buffer' escapes into a thread
}

void detached_view_capture_bad() {
  std::string text = "abc";
  std::string_view view = text;
  std::thread([view] { use_sv(view); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: view of local variable 'text' escapes into a thread
}

void detached_pointer_init_capture_bad() {
  int slot = 0;
  std::thread([p = &slot] { fill(p); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: pointer to local variable 'slot' escapes into a thread
}

void detached_data_pointer_bad() {
  std::vector<int> v(8);
  std::thread(fill, v.data()).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: pointer to local variable 'v' escapes into a thread
}

void detached_through_local_reference_bad() {
  std::string s = "x";
  std::string &alias = s;
  std::thread([&alias] { use(alias); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference to local variable 's' escapes into a thread
}

void detached_lambda_variable_bad() {
  int total = 0;
  auto job = [&total] { use_int(total); };
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: reference to local variable 'total' escapes into a thread
  std::thread(job).detach();
}

void detached_on_one_path_bad(bool background) {
  std::string s = "x";
  std::thread t([&s] { use(s); });
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: reference to local variable 's' escapes into a thread
  if (background) {
    t.detach();
    return;
  }
  t.join();
}

void inner_scope_then_join_bad() {
  std::thread t;
  {
    std::string s = "x";
    t = std::thread([&s] { use(s); });
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: reference to local variable 's' escapes into a thread
  }
  t.join();
}

void loop_body_scope_bad(int n) {
  std::vector<std::thread> ts;
  for (int i = 0; i < n; ++i) {
    std::string item = std::to_string(i);
    ts.emplace_back([&item] { use(item); });
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: reference to local variable 'item' escapes into a thread
  }
  for (auto &t : ts)
    t.join();
}

void pthread_bad() {
  int arg = 42;
  pthread_t tid;
  pthread_create(&tid, nullptr, [](void *p) -> void * { use_int(*static_cast<int *>(p)); return nullptr; }, &arg);
  // CHECK-MESSAGES: :[[@LINE-1]]:109: warning: pointer to local variable 'arg' escapes into a pthread
  pthread_detach(tid);
}

//===--- threads owned by something that outlives the function ------------===//

void global_threads_bad() {
  int id = 3;
  g_threads.emplace_back([&id] { use_int(id); });
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: reference to local variable 'id' escapes into a thread
}

class Server {
public:
  void start(int port) {
    std::string banner = "hello";
    workers_.emplace_back([&banner, port] { use(banner); use_int(port); });
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: reference to local variable 'banner' escapes into a thread
  }
  void start_ok(int port) {
    workers_.emplace_back([this, port] { use_int(port + id_); });
  }
  void on_event(std::string name) {
    callback_ = [&name] { use(name); };
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: reference to parameter 'name' escapes into a callback stored in 'callback_'
  }
  void on_event_ok(std::string name) {
    callback_ = [name] { use(name); };
  }
  void queue_bad() {
    int depth = 0;
    pending_.push_back([&depth] { use_int(depth); });
    // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: reference to local variable 'depth' escapes into a callback stored in 'pending_'
  }

private:
  int id_ = 0;
  std::vector<std::thread> workers_;
  std::function<void()> callback_;
  std::vector<std::function<void()>> pending_;
};

void global_callback_bad() {
  std::string reason = "done";
  g_on_exit = [&reason] { use(reason); };
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference to local variable 'reason' escapes into a callback stored in 'g_on_exit'
}

//===--- std::async whose future leaves the scope -------------------------===//

std::future<void> async_returned_bad() {
  std::string s = "x";
  auto f = std::async(std::launch::async, [&s] { use(s); });
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: reference to local variable 's' escapes into a std::async task
  return f;
}

std::future<void> async_returned_directly_bad() {
  int n = 1;
  return std::async(std::launch::async, [&n] { use_int(n); });
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: reference to local variable 'n' escapes into a std::async task
}

void async_outer_future_bad(std::vector<std::future<void>> &out) {
  std::string s = "x";
  out.push_back(std::async(std::launch::async, [&s] { use(s); }));
  // CHECK-MESSAGES: :[[@LINE-1]]:50: warning: reference to local variable 's' escapes into a std::async task
}

//===--- pools ------------------------------------------------------------===//

void pool_no_wait_bad() {
  std::string s = "x";
  global_pool().submit([&s] { use(s); });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: reference to local variable 's' escapes into a thread-pool task
}

void member_pool_bad(ThreadPool &pool) {
  int x = 0;
  pool.submit([&x] { use_int(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference to local variable 'x' escapes into a thread-pool task
}

//===--- completion signals: the scope waits for a flag the work sets ------===//

// Defined elsewhere: given the flag by reference, it may wait until the work
// sets it (unknown: silent).
void wait_until_set(bool &flag, std::mutex &m, std::condition_variable &cv);

void signal_waited_in_opaque_callee_ok(std::mutex &m,
                                       std::condition_variable &cv) {
  std::string s = "x";
  bool finished = false;
  std::thread([&s, &finished, &m, &cv] {
    use(s);
    std::lock_guard<std::mutex> g(m);
    finished = true;
    cv.notify_all();
  }).detach();
  wait_until_set(finished, m, cv);
}

// A visible waiter: blocks on a condition variable until the flag is set.
inline void block_until(bool *flag, std::mutex &m,
                        std::condition_variable &cv) {
  std::unique_lock<std::mutex> l(m);
  while (!*flag)
    cv.wait(l);
}

void signal_waited_in_visible_callee_ok(ThreadPool &pool, std::mutex &m,
                                        std::condition_variable &cv) {
  int result = 0;
  bool done = false;
  pool.submit([&result, &done, &m, &cv] {
    result = 42;
    std::lock_guard<std::mutex> g(m);
    done = true;
    cv.notify_one();
  });
  block_until(&done, m, cv);
  use_int(result);
}

// The visible callee only reads the flag: it does not wait for the work.
inline bool peek(const bool &flag) { return flag; }
void signal_only_peeked_bad() {
  std::string s = "x";
  bool done = false;
  std::thread([&s, &done] { use(s); done = true; }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference to local variable 's' escapes into a thread
  // CHECK-MESSAGES: :[[@LINE-2]]:21: warning: reference to local variable 'done' escapes into a thread
  if (peek(done))
    use(s);
}

// A copy of the flag cannot see the work's later write.
void wait_on_copy(bool flag);
void signal_passed_by_value_bad() {
  int n = 0;
  bool done = false;
  std::thread([&n, &done] { use_int(n); done = true; }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference to local variable 'n' escapes into a thread
  // CHECK-MESSAGES: :[[@LINE-2]]:21: warning: reference to local variable 'done' escapes into a thread
  wait_on_copy(done);
}

// The unknown callee gets data the work only reads: no signal, no wait.
void log_value(const std::string &);
void opaque_call_on_read_data_bad() {
  std::string s = "x";
  std::thread([&s] { use(s); }).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: reference to local variable 's' escapes into a thread
  log_value(s);
}

// A pool owned by a local unique_ptr goes with it; here the data is declared
// first, so it outlives the pool.
void unique_ptr_pool_ok() {
  std::string s = "x";
  std::unique_ptr<ThreadPool> pool(new ThreadPool(2));
  pool->submit([&s] { use(s); });
}

// The data is declared after the pool's owner: it dies first, while the
// task may still run.
void unique_ptr_pool_outlived_by_data_bad() {
  auto pool = std::make_unique<ThreadPool>(2);
  std::string s = "x";
  pool->submit([&s] { use(s); });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: reference to local variable 's' escapes into a thread-pool task
}

// A shared_ptr may have other owners: the pool may outlive this function.
void shared_ptr_pool_bad(std::shared_ptr<ThreadPool> pool) {
  std::string s = "x";
  pool->submit([&s] { use(s); });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: reference to local variable 's' escapes into a thread-pool task
}

//===--- fine: joined, waited, by value, unknown lifetimes -----------------===//

void joined_ok() {
  std::string s = "x";
  std::thread t([&s] { use(s); });
  t.join();
}

void joined_all_ok(int n) {
  std::vector<int> results(n);
  std::vector<std::thread> ts;
  for (int i = 0; i < n; ++i)
    ts.emplace_back([&results, i] { results[i] = i; });
  for (auto &t : ts)
    t.join();
}

void by_value_ok() {
  std::string s = "x";
  std::thread([s] { use(s); }).detach();
}

void moved_in_ok() {
  std::string s = "x";
  std::thread([s = std::move(s)] { use(s); }).detach();
}

void shared_ptr_ok() {
  auto s = std::make_shared<std::string>("x");
  std::thread([s] { use(*s); }).detach();
}

void reference_parameter_ok(const std::string &s) {
  // The caller's object: its lifetime is unknown here.
  std::thread([&s] { use(s); }).detach();
}

void pointer_parameter_ok(int *p) { std::thread(fill, p).detach(); }

static int g_counter;
void global_ok() {
  std::thread([] { use_int(g_counter); }).detach();
}

void static_local_ok() {
  static std::string cache = "x";
  std::thread([&] { use(cache); }).detach();
}

void async_local_future_ok() {
  std::string s = "x";
  auto f = std::async(std::launch::async, [&s] { use(s); });
} // the future's destructor waits

void async_discarded_ok() {
  std::string s = "x";
  std::async(std::launch::async, [&s] { use(s); });
}

void async_get_ok() {
  int n = 2;
  auto f = std::async(std::launch::async, [&n] { use_int(n); });
  f.get();
}

void pool_waited_ok(ThreadPool &pool) {
  int x = 0;
  auto f = pool.submit([&x] { use_int(x); });
  f.wait();
}

void pool_wait_for_tasks_ok(ThreadPool &pool) {
  std::vector<int> v(4);
  pool.submit([&v] { v[0] = 1; });
  pool.wait_for_tasks();
}

void local_pool_ok() {
  int x = 0;
  ThreadPool pool(2);
  pool.submit([&x] { use_int(x); });
} // the pool is destroyed before 'x'

void copy_of_pointer_value_ok() {
  std::string s = "x";
  std::thread([len = s.size()] { use_int(int(len)); }).detach();
}

void this_capture_ok();
struct Widget {
  int v = 0;
  void start() {
    // *this has an unknown lifetime here.
    std::thread([this] { use_int(v); }).detach();
  }
};

void data_outlives_thread_ok() {
  std::string s = "x";
  {
    std::thread t([&s] { use(s); });
    t.join();
  }
  use(s);
}

void local_thread_not_joined_ok() {
  // conclint-missing-join's finding: destroying 't' ends the program.
  std::string s = "x";
  std::thread t([&s] { use(s); });
}

// FN_: the wait is for something else, yet any standard wait ends the
// window (utils/Handoff.h: the direction is silence).
void FN_unrelated_wait(std::future<void> &other) {
  std::string s = "x";
  std::thread([&s] { use(s); }).detach();
  other.wait();
}

// FN_: the reference is laundered through a function the check does not
// follow.
std::string &identity(std::string &s);
void FN_through_call() {
  std::string s = "x";
  std::string &r = identity(s);
  std::thread([&r] { use(r); }).detach();
}
