// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++20-or-later -pthread
// C++20, not the check's C++11: std::jthread cases (and C++17 std::shared_mutex, std::scoped_lock).

// Bad cases (`..._bad`) must each draw exactly the warning written next to
// them; good cases (`..._ok`) must stay silent. Every case uses variables of
// its own, since the check reasons about the whole translation unit.

#include <atomic>
#include <condition_variable>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <pthread.h>
#include <queue>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

// ---------------------------------------------------------------------------
// The classic: 5 threads x 100 000 unlocked increments.
int counter = 0;
void count_up() {
  for (int i = 0; i < 100000; ++i)
    counter++;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'counter' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
}
void counter_bad() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 5; ++i)
    threads.emplace_back(count_up);
  for (auto &t : threads)
    t.join();
}

// A std::map filled by several threads with different keys still races: the
// tree is shared.
void map_different_keys_bad() {
  std::map<int, std::string> results;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&results, i] { results[i] = std::to_string(i); });
  // CHECK-MESSAGES: :[[@LINE-1]]:42: warning: 'results' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  for (auto &t : threads)
    t.join();
}

std::vector<int> collected;
void collect(int v) {
  collected.push_back(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'collected' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
}
void vector_push_back_bad() {
  std::thread a(collect, 1);
  std::thread b(collect, 2);
  a.join();
  b.join();
}

// A member written in run() and read in a getter.
class Progress {
public:
  void start() { worker_ = std::thread(&Progress::run, this); }
  void stop() { worker_.join(); }
  int percent() const { return percent_; }

private:
  void run() {
    for (int i = 0; i <= 100; ++i)
      percent_ = i;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'percent_' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
  std::thread worker_;
  int percent_ = 0;
};

// A flag polled in a loop.
bool stop_requested = false;
void poll_until_stopped() {
  while (!stop_requested) {
  }
}
void flag_polled_bad() {
  std::thread t(poll_until_stopped);
  stop_requested = true;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'stop_requested' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  t.join();
}

// Double-checked locking on a plain pointer.
struct Widget {
  int id = 0;
};
Widget *the_widget = nullptr;
std::mutex widget_mutex;
Widget *get_widget() {
  if (!the_widget) {
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'the_widget' is read without holding 'widget_mutex', which guards it elsewhere, while other threads write it [conclint-unguarded-shared-state]
    std::lock_guard<std::mutex> guard(widget_mutex);
    if (!the_widget)
      the_widget = new Widget;
  }
  return the_widget;
}
void double_checked_locking_bad() {
  std::thread a(get_widget);
  std::thread b(get_widget);
  a.join();
  b.join();
}

// Guarded in one place, not in the other.
std::mutex balance_mutex;
long balance = 0;
void deposit_locked() {
  std::lock_guard<std::mutex> g(balance_mutex);
  balance += 10;
}
void deposit_unlocked() {
  balance += 10;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'balance' is written without holding 'balance_mutex', which guards it elsewhere, while other threads access it [conclint-unguarded-shared-state]
}
void inconsistent_locking_bad() {
  std::thread a(deposit_locked);
  std::thread b(deposit_unlocked);
  a.join();
  b.join();
}

// A local captured by reference by two threads.
void lambda_reference_capture_bad() {
  long sum = 0;
  auto add = [&sum] {
    for (int i = 0; i < 1000; ++i)
      sum += i;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'sum' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  };
  std::thread a(add);
  std::thread b(add);
  a.join();
  b.join();
}

// A local handed over with std::ref.
void bump(int &n) {
  ++n;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'hits' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
}
void std_ref_bad() {
  int hits = 0;
  std::thread a(bump, std::ref(hits));
  std::thread b(bump, std::ref(hits));
  a.join();
  b.join();
}

// A local handed over by pointer.
void bump_through(int *n) {
  *n += 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:4: warning: 'visits' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
}
void pointer_argument_bad() {
  int visits = 0;
  std::thread a(bump_through, &visits);
  std::thread b(bump_through, &visits);
  a.join();
  b.join();
}

// pthread_create with a global.
int pthread_total = 0;
void *pthread_worker(void *) {
  pthread_total = pthread_total + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'pthread_total' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  return nullptr;
}
void pthread_bad() {
  pthread_t a, b;
  pthread_create(&a, nullptr, pthread_worker, nullptr);
  pthread_create(&b, nullptr, pthread_worker, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}

// std::async with launch::async, futures kept.
int async_total = 0;
int add_async(int v) {
  async_total += v;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'async_total' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  return v;
}
void async_bad() {
  auto f1 = std::async(std::launch::async, add_async, 1);
  auto f2 = std::async(std::launch::async, add_async, 2);
  f1.get();
  f2.get();
}

// The spawning function writes while its thread runs.
int progress_ticks = 0;
void tick() { progress_ticks = progress_ticks + 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'progress_ticks' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
void spawner_writes_bad() {
  std::thread t(tick);
  progress_ticks = 0;
  t.join();
}

// unique_lock released before the write.
std::mutex ul_mutex;
int ul_value = 0;
void ul_writer() {
  std::unique_lock<std::mutex> lk(ul_mutex);
  int snapshot = ul_value;
  lk.unlock();
  ul_value = snapshot + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'ul_value' is written without holding 'ul_mutex', which guards it elsewhere, while other threads access it [conclint-unguarded-shared-state]
}
void unique_lock_unlocked_bad() {
  std::thread a(ul_writer);
  std::thread b(ul_writer);
  a.join();
  b.join();
}

// Manual unlock() too early.
std::mutex manual_mutex;
int manual_value = 0;
void manual_writer() {
  manual_mutex.lock();
  manual_mutex.unlock();
  manual_value += 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'manual_value' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
}
void manual_unlock_bad() {
  std::thread a(manual_writer);
  std::thread b(manual_writer);
  a.join();
  b.join();
}

// Writers that only hold a shared lock.
std::shared_mutex table_mutex;
std::map<std::string, int> table;
void shared_writer(std::string k) {
  std::shared_lock lk(table_mutex);
  table[k] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'table' is written without holding 'table_mutex', which guards it elsewhere, while other threads access it [conclint-unguarded-shared-state]
}
void shared_lock_writer_bad() {
  std::thread a(shared_writer, "a");
  std::thread b(shared_writer, "b");
  a.join();
  b.join();
}

// Two std::jthreads.
int jthread_hits = 0;
void jthread_bad() {
  std::jthread a([] { jthread_hits += 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'jthread_hits' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::jthread b([] { jthread_hits += 2; });
}

// A hand-written thread pool; tasks submitted in a loop run concurrently.
class TaskPool {
public:
  explicit TaskPool(unsigned n) {
    for (unsigned i = 0; i < n; ++i)
      workers_.emplace_back([this] { loop(); });
  }
  ~TaskPool() {
    {
      std::lock_guard<std::mutex> g(m_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto &w : workers_)
      w.join();
  }
  template <class F> void submit(F f) {
    {
      std::lock_guard<std::mutex> g(m_);
      jobs_.push(std::function<void()>(std::move(f)));
    }
    cv_.notify_one();
  }

private:
  void loop() {
    for (;;) {
      std::unique_lock<std::mutex> lk(m_);
      cv_.wait(lk, [this] { return stop_ || !jobs_.empty(); });
      if (stop_ && jobs_.empty())
        return;
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop();
      lk.unlock();
      job();
    }
  }
  std::mutex m_;
  std::condition_variable cv_;
  std::queue<std::function<void()>> jobs_;
  std::vector<std::thread> workers_;
  bool stop_ = false;
};

int pool_hits = 0;
void pool_submit_bad() {
  TaskPool pool(4);
  for (int i = 0; i < 100; ++i)
    pool.submit([] { ++pool_hits; });
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'pool_hits' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
}

// A class static member.
struct Stats {
  static int requests;
};
int Stats::requests = 0;
void static_member_bad() {
  std::thread a([] { Stats::requests++; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'requests' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread b([] { Stats::requests++; });
  a.join();
  b.join();
}

// A function-local static.
void count_calls() {
  static int calls = 0;
  ++calls;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'calls' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
}
void function_local_static_bad() {
  std::thread a(count_calls);
  std::thread b(count_calls);
  a.join();
  b.join();
}

// A namespace-scope variable reached through a call chain.
namespace metrics {
int errors = 0;
}
void record_error() {
  metrics::errors += 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'errors' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
}
void handle_failure() { record_error(); }
void serve() { handle_failure(); }
void call_chain_bad() {
  std::thread a(serve);
  std::thread b(serve);
  a.join();
  b.join();
}

// A functor shared with std::ref: both threads run on the same object.
struct Tally {
  int seen = 0;
  void operator()() {
    seen++;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'seen' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
};
void functor_by_reference_bad() {
  Tally tally;
  std::thread a(std::ref(tally));
  std::thread b(std::ref(tally));
  a.join();
  b.join();
}

// Lambdas capturing `this`, started in a loop.
class Ticker {
public:
  void run_all() {
    std::vector<std::thread> ts;
    for (int i = 0; i < 3; ++i)
      ts.emplace_back([this] { ticks_++; });
    // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'ticks_' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
    for (auto &t : ts)
      t.join();
  }

private:
  int ticks_ = 0;
};

// insert and clear from different threads.
std::set<int> seen_ids;
void set_insert_clear_bad() {
  std::thread a([] { seen_ids.insert(42); });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'seen_ids' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread b([] { seen_ids.clear(); });
  a.join();
  b.join();
}

// One thread writes, another reads.
int config_version = 0;
void reload() { config_version = 2; }
// CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'config_version' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
int current_version() { return config_version; }
void read_while_written_bad() {
  std::thread w(reload);
  auto r = std::async(std::launch::async, current_version);
  w.join();
  r.get();
}

// Detached threads are never joined: they overlap with everything.
int detached_events = 0;
void log_event() { detached_events++; }
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'detached_events' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
void detached_bad() {
  std::thread(log_event).detach();
  std::thread(log_event).detach();
}

// A helper lambda called inside the thread.
void nested_lambda_bad() {
  int produced = 0;
  auto body = [&produced] {
    auto step = [&] { produced += 1; };
    // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'produced' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
    for (int i = 0; i < 10; ++i)
      step();
  };
  std::thread a(body);
  std::thread b(body);
  a.join();
  b.join();
}

// Compound operators other than += and -= get no atomic fix-it.
unsigned long long product = 1;
void multiply_bad() {
  std::thread a([] { product *= 3; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'product' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread b([] { product *= 5; });
  a.join();
  b.join();
}

// An array of counters, each thread its own bin: `k` is each thread's own
// copy (0..3), so the bins differ and nothing races. Reported before the
// element rule (utils/SharedAccesses.h, mayTouchSame) as histogram_bad.
int histogram[16];
void distinct_histogram_bins_ok() {
  std::vector<std::thread> ts;
  for (int k = 0; k < 4; ++k)
    ts.emplace_back([k] { histogram[k % 16]++; });
  for (auto &t : ts)
    t.join();
}

// One bin that every thread bumps: a constant index, the same element.
int shared_bin[4];
void same_bin_bad() {
  std::vector<std::thread> ts;
  for (int k = 0; k < 4; ++k)
    ts.emplace_back([] { shared_bin[2]++; });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'shared_bin' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  for (auto &t : ts)
    t.join();
}

// A field of a local struct shared by reference.
struct Totals {
  int items = 0;
};
void struct_field_bad() {
  Totals totals;
  std::thread a([&totals] { totals.items += 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'totals' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread b([&totals] { totals.items += 1; });
  a.join();
  b.join();
}

// The main thread keeps working on the data the worker fills.
void main_thread_overlaps_bad() {
  std::vector<int> queue_data;
  std::thread producer([&queue_data] {
    for (int i = 0; i < 10; ++i)
      queue_data.push_back(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'queue_data' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  });
  auto n = queue_data.size();
  (void)n;
  producer.join();
}

// Threads started in a loop, each joined only after the loop.
long loop_total = 0;
void loop_started_bad() {
  std::thread ts[3];
  for (auto &t : ts)
    t = std::thread([] { loop_total -= 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'loop_total' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  for (auto &t : ts)
    t.join();
}

// emplace through operator[] on an unordered-style map member.
class Registry {
public:
  void start() {
    a_ = std::thread([this] { names_[1] = "one"; });
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'names_' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
    b_ = std::thread([this] { names_[2] = "two"; });
  }
  void join() {
    a_.join();
    b_.join();
  }

private:
  std::map<int, std::string> names_;
  std::thread a_, b_;
};

// erase while another thread inserts (emplace).
std::map<int, int> sessions;
void sessions_bad() {
  std::thread a([] { sessions.emplace(1, 1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'sessions' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread b([] { sessions.erase(1); });
  a.join();
  b.join();
}

// A setter of a member that the object's own threads also write: the
// configure-then-start assumption covers only members the threads read.
class Quota {
public:
  void set_limit(int n) { limit_ = n; }
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'limit_' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  void start() {
    worker_ = std::thread([this] {
      while (limit_ > 0)
        --limit_;
    });
  }
  void stop() { worker_.join(); }

private:
  int limit_ = 0;
  std::thread worker_;
};

// A setter called by the starting member itself while its threads run.
class Restarter {
public:
  void set_mode(int m) { mode_ = m; }
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'mode_' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  void start() {
    worker_ = std::thread([this] { (void)mode_; });
    set_mode(2);
  }
  void stop() { worker_.join(); }

private:
  int mode_ = 0;
  std::thread worker_;
};

// ===========================================================================
// Good cases: all silent.

// The classic, with a lock_guard.
std::mutex locked_counter_mutex;
int locked_counter = 0;
void locked_count_up() {
  for (int i = 0; i < 100000; ++i) {
    std::lock_guard<std::mutex> g(locked_counter_mutex);
    locked_counter++;
  }
}
void lock_guard_counter_ok() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 5; ++i)
    threads.emplace_back(locked_count_up);
  for (auto &t : threads)
    t.join();
  // Read after every thread is joined.
  int final_value = locked_counter;
  (void)final_value;
}

// The classic, with std::atomic.
std::atomic<int> atomic_counter{0};
void atomic_counter_ok() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 5; ++i)
    threads.emplace_back([] {
      for (int j = 0; j < 100000; ++j)
        atomic_counter++;
    });
  for (auto &t : threads)
    t.join();
}

// One worker writes, main reads after join.
int single_result = 0;
void read_after_join_ok() {
  std::thread t([] { single_result = 42; });
  t.join();
  int r = single_result;
  (void)r;
}

// A map filled under a lock.
void map_under_lock_ok() {
  std::map<int, std::string> results;
  std::mutex results_mutex;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      std::lock_guard<std::mutex> g(results_mutex);
      results[i] = std::to_string(i);
    });
  for (auto &t : threads)
    t.join();
  auto n = results.size();
  (void)n;
}

// push_back under a scoped_lock.
std::mutex log_mutex;
std::vector<std::string> log_lines;
void log_line(std::string s) {
  std::scoped_lock lock(log_mutex);
  log_lines.push_back(std::move(s));
}
void push_back_under_lock_ok() {
  std::thread a(log_line, "a");
  std::thread b(log_line, "b");
  a.join();
  b.join();
}

// A member written in run() and read in a getter, both under the lock.
class SafeProgress {
public:
  void start() { worker_ = std::thread(&SafeProgress::run, this); }
  void stop() { worker_.join(); }
  int percent() const {
    std::lock_guard<std::mutex> g(mu_);
    return percent_;
  }

private:
  void run() {
    for (int i = 0; i <= 100; ++i) {
      std::lock_guard<std::mutex> g(mu_);
      percent_ = i;
    }
  }
  mutable std::mutex mu_;
  std::thread worker_;
  int percent_ = 0;
};

// An atomic flag polled in a loop.
std::atomic<bool> atomic_stop{false};
void atomic_flag_polled_ok() {
  std::thread t([] {
    while (!atomic_stop.load()) {
    }
  });
  atomic_stop = true;
  t.join();
}

// Double-checked locking done right: an atomic pointer.
std::atomic<Widget *> atomic_widget{nullptr};
std::mutex atomic_widget_mutex;
Widget *get_widget_safely() {
  Widget *w = atomic_widget.load(std::memory_order_acquire);
  if (!w) {
    std::lock_guard<std::mutex> g(atomic_widget_mutex);
    w = atomic_widget.load(std::memory_order_relaxed);
    if (!w) {
      w = new Widget;
      atomic_widget.store(w, std::memory_order_release);
    }
  }
  return w;
}
void double_checked_atomic_ok() {
  std::thread a(get_widget_safely);
  std::thread b(get_widget_safely);
  a.join();
  b.join();
}

// shared_lock readers, unique_lock writer.
std::shared_mutex prices_mutex;
std::map<std::string, double> prices;
double read_price(const std::string &k) {
  std::shared_lock<std::shared_mutex> lk(prices_mutex);
  auto it = prices.find(k);
  return it == prices.end() ? 0.0 : it->second;
}
void write_price(const std::string &k, double v) {
  std::unique_lock<std::shared_mutex> lk(prices_mutex);
  prices[k] = v;
}
void shared_readers_unique_writer_ok() {
  std::thread r1(read_price, "a");
  std::thread r2(read_price, "b");
  std::thread w(write_price, "a", 1.5);
  r1.join();
  r2.join();
  w.join();
}

// thread_local state is per thread.
thread_local int per_thread_calls = 0;
void thread_local_ok() {
  std::thread a([] { ++per_thread_calls; });
  std::thread b([] { ++per_thread_calls; });
  a.join();
  b.join();
}

// Constants are only read.
const int limit = 10;
constexpr int table_size = 4;
int sum_limits() { return limit + table_size; }
void constants_ok() {
  std::thread a(sum_limits);
  std::thread b(sum_limits);
  a.join();
  b.join();
}

// Written before the threads start, only read by them.
int configured_threads = 0;
int read_configuration() { return configured_threads; }
void written_before_start_ok() {
  configured_threads = 4;
  std::thread a(read_configuration);
  std::thread b(read_configuration);
  a.join();
  b.join();
  configured_threads = 0;
}

// Initialised under std::call_once.
std::once_flag init_flag;
std::vector<int> lookup_table;
int lookup(int i) {
  std::call_once(init_flag, [] { lookup_table.assign(16, 1); });
  return lookup_table[i];
}
void call_once_ok() {
  std::thread a(lookup, 1);
  std::thread b(lookup, 2);
  a.join();
  b.join();
}

// A function-local static's own initialisation is thread-safe.
const std::vector<int> &primes() {
  static const std::vector<int> p = {2, 3, 5, 7};
  return p;
}
void static_init_ok() {
  std::thread a([] { (void)primes().size(); });
  std::thread b([] { (void)primes().size(); });
  a.join();
  b.join();
}

// Threads run one after the other.
int sequential_total = 0;
void add_one() { sequential_total += 1; }
void sequential_threads_ok() {
  std::thread a(add_one);
  a.join();
  std::thread b(add_one);
  b.join();
}

// Each thread has its own local.
void own_locals_ok() {
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i)
    ts.emplace_back([] {
      int local = 0;
      for (int j = 0; j < 10; ++j)
        local += j;
      (void)local;
    });
  for (auto &t : ts)
    t.join();
}

// Captured by copy: each lambda object has its own.
void copy_capture_ok() {
  int base = 5;
  std::thread a([base]() mutable { base += 1; });
  std::thread b([=]() mutable { base += 2; });
  a.join();
  b.join();
}

// A functor passed by value is copied into each thread.
struct Accumulator {
  long total = 0;
  void operator()() {
    for (int i = 0; i < 10; ++i)
      total += i;
  }
};
void functor_by_value_ok() {
  std::thread a{Accumulator{}};
  std::thread b{Accumulator{}};
  a.join();
  b.join();
}

// unique_lock unlocked for local work, locked again for the write.
std::mutex relock_mutex;
int relock_value = 0;
void relock_writer() {
  std::unique_lock<std::mutex> lk(relock_mutex);
  int snapshot = relock_value;
  lk.unlock();
  snapshot *= 2;
  lk.lock();
  relock_value = snapshot;
}
void unique_lock_relock_ok() {
  std::thread a(relock_writer);
  std::thread b(relock_writer);
  a.join();
  b.join();
}

// Manual lock() / unlock().
std::mutex manual_ok_mutex;
int manual_ok_value = 0;
void manual_ok_writer() {
  manual_ok_mutex.lock();
  manual_ok_value++;
  manual_ok_mutex.unlock();
}
void manual_lock_ok() {
  std::thread a(manual_ok_writer);
  std::thread b(manual_ok_writer);
  a.join();
  b.join();
}

// std::lock with adopt_lock guards.
std::mutex from_mutex, to_mutex;
int from_account = 100, to_account = 0;
void transfer() {
  std::lock(from_mutex, to_mutex);
  std::lock_guard<std::mutex> g1(from_mutex, std::adopt_lock);
  std::lock_guard<std::mutex> g2(to_mutex, std::adopt_lock);
  from_account -= 1;
  to_account += 1;
}
void std_lock_ok() {
  std::thread a(transfer);
  std::thread b(transfer);
  a.join();
  b.join();
}

// A helper that is only ever called with the lock held.
std::mutex helper_mutex;
int helper_count = 0;
void bump_helper_count() { helper_count++; }
void locked_caller() {
  std::lock_guard<std::mutex> g(helper_mutex);
  bump_helper_count();
}
void callee_inherits_lock_ok() {
  std::thread a(locked_caller);
  std::thread b(locked_caller);
  a.join();
  b.join();
}

// launch::deferred runs on the caller's thread.
int deferred_total = 0;
int add_deferred() { return deferred_total += 1; }
void deferred_async_ok() {
  auto a = std::async(std::launch::deferred, add_deferred);
  auto b = std::async(std::launch::deferred, add_deferred);
  a.get();
  b.get();
}

// A discarded std::async future waits at the end of the statement.
int blocking_async_total = 0;
void add_blocking() { blocking_async_total += 1; }
void discarded_async_ok() {
  (void)std::async(std::launch::async, add_blocking);
  std::async(std::launch::async, add_blocking).wait();
}

// Joined in the same loop iteration: never two at once.
int one_at_a_time = 0;
void join_in_loop_ok() {
  for (int i = 0; i < 3; ++i) {
    std::thread t([] { one_at_a_time += 1; });
    t.join();
  }
}

// The future's result is taken before main reads.
int future_result = 0;
void future_get_ok() {
  auto f = std::async(std::launch::async, [] { future_result = 7; });
  f.get();
  int r = future_result;
  (void)r;
}

// Only reads of shared data.
std::vector<int> read_only_data = {1, 2, 3};
long sum_read_only() {
  long s = 0;
  for (int v : read_only_data)
    s += v;
  return s;
}
void read_only_ok() {
  std::thread a(sum_read_only);
  std::thread b(sum_read_only);
  a.join();
  b.join();
}

// jthreads joined at the end of their block.
int jthread_block_total = 0;
void jthread_scope_ok() {
  {
    std::jthread t([] { jthread_block_total = 1; });
  }
  jthread_block_total = 2;
}

// Different threads write different variables.
int only_a = 0, only_b = 0;
void different_variables_ok() {
  std::thread a([] { only_a = 1; });
  std::thread b([] { only_b = 1; });
  a.join();
  b.join();
}

// pthread mutexes.
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
int pthread_guarded = 0;
void *pthread_guarded_worker(void *) {
  pthread_mutex_lock(&pm);
  pthread_guarded++;
  pthread_mutex_unlock(&pm);
  return nullptr;
}
void pthread_mutex_ok() {
  pthread_t a, b;
  pthread_create(&a, nullptr, pthread_guarded_worker, nullptr);
  pthread_create(&b, nullptr, pthread_guarded_worker, nullptr);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
}

// A class that initialises in its constructor and joins in its destructor,
// with no other accessor: only the worker touches the state.
class Background {
public:
  Background() : steps_(0) { t_ = std::thread(&Background::run, this); }
  ~Background() { t_.join(); }

private:
  void run() {
    for (int i = 0; i < 10; ++i)
      steps_++;
  }
  int steps_;
  std::thread t_;
};

// Producer/consumer over a queue guarded by a mutex and a condition variable.
std::mutex q_mutex;
std::condition_variable q_cv;
std::queue<int> q_items;
bool q_done = false;
void producer() {
  for (int i = 0; i < 10; ++i) {
    {
      std::lock_guard<std::mutex> g(q_mutex);
      q_items.push(i);
    }
    q_cv.notify_one();
  }
  std::lock_guard<std::mutex> g(q_mutex);
  q_done = true;
  q_cv.notify_all();
}
void consumer() {
  for (;;) {
    std::unique_lock<std::mutex> lk(q_mutex);
    q_cv.wait(lk, [] { return q_done || !q_items.empty(); });
    if (q_items.empty())
      return;
    q_items.pop();
  }
}
void producer_consumer_ok() {
  std::thread p(producer);
  std::thread c1(consumer);
  std::thread c2(consumer);
  p.join();
  c1.join();
  c2.join();
}

// The pool's tasks write under a lock.
std::mutex pool_mutex;
int pool_guarded_hits = 0;
void pool_locked_ok() {
  TaskPool pool(2);
  for (int i = 0; i < 10; ++i)
    pool.submit([] {
      std::lock_guard<std::mutex> g(pool_mutex);
      ++pool_guarded_hits;
    });
}

// A benign race kept on purpose, suppressed.
int approximate_hits = 0;
void suppressed_ok() {
  std::thread a([] { approximate_hits++; }); // NOLINT(conclint-unguarded-shared-state)
  std::thread b([] { approximate_hits++; });
  a.join();
  b.join();
}

// Configure, then start: the setters run before start() creates the
// threads, and the threads only read what the setters wrote; creating a
// thread orders everything before it before the thread's first step. A
// member written only by member functions that no thread runs, and only read
// by threads the object starts itself, is taken as configuration
// (ConfigureBeforeStart, on by default). Was a false positive on the corpus:
// httplib::Server::Get/Post/set_* before listen().
class ConfiguredServer {
public:
  void add_route(std::string r) { routes_.push_back(std::move(r)); }
  void set_timeout(int ms) { timeout_ms_ = ms; }
  void start() {
    for (int i = 0; i < 2; ++i)
      workers_.emplace_back([this] { serve(); });
  }
  void stop() {
    for (auto &t : workers_)
      t.join();
  }

private:
  void serve() {
    for (const auto &r : routes_)
      handled_ += r.size() > 0 && timeout_ms_ > 0;
  }
  std::vector<std::string> routes_;
  int timeout_ms_ = 1000;
  std::atomic<int> handled_{0};
  std::vector<std::thread> workers_;
};
void configure_then_start_ok() {
  ConfiguredServer s;
  s.add_route("/");
  s.set_timeout(50);
  s.start();
  s.stop();
}

// ===========================================================================
// Known misses and false positives, kept visible.

// FN: aliasing through an arbitrary pointer is not followed.
int aliased_target = 0;
int *alias = &aliased_target;
void FN_alias_through_pointer() {
  std::thread a([] { *alias += 1; });
  std::thread b([] { *alias += 1; });
  a.join();
  b.join();
}

// FN: calls deeper than MaxCallDepth (3) are not followed.
int deep_total = 0;
void depth5() { deep_total++; }
void depth4() { depth5(); }
void depth3() { depth4(); }
void depth2() { depth3(); }
void depth1() { depth2(); }
void FN_call_deeper_than_limit() {
  std::thread a(depth1);
  std::thread b(depth1);
  a.join();
  b.join();
}

// Each thread writes its own element of a presized vector: distinct
// elements are distinct memory locations. The index is each thread's own
// copy, so the two writes are not shown to meet (was FP_distinct_elements;
// more cases in unguarded-shared-state-precision.cpp).
void distinct_elements_ok() {
  std::vector<int> slots(4);
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i)
    ts.emplace_back([&slots, i] { slots[i] = i * i; });
  for (auto &t : ts)
    t.join();
}

// FN: a setter called after start() while the threads run. The
// configure-then-start assumption (ConfigureBeforeStart) takes every setter
// to run before the threads start; calls across functions are not ordered.
class LateConfigured {
public:
  void set_level(int l) { level_ = l; }
  void start() { worker_ = std::thread([this] { (void)level_; }); }
  void stop() { worker_.join(); }

private:
  int level_ = 0;
  std::thread worker_;
};
void FN_setter_after_start() {
  LateConfigured c;
  c.start();
  c.set_level(3);
  c.stop();
}

// The port is written before the atomic flag that the reader spins on; the
// seq_cst store and load order the write before the read (happens-before
// through release/acquire, utils/HappensBefore.h). Was FP_ (kept visible)
// until the analysis core followed the hand-off.
// Seen in the corpus: cpp-httplib test.cc, svr2_port (svr1_port's report
// paired the write with a registered handler's read, which does not run at
// its registration: unguarded-shared-state-stored-callback.cpp).
void published_before_atomic_flag_ok() {
  int port = 0;
  std::atomic<bool> ready{false};
  std::thread t([&] {
    port = 8080;
    ready = true;
  });
  while (!ready)
    std::this_thread::yield();
  int p = port;
  (void)p;
  t.join();
}

// A class that carries its own mutex synchronises itself: calling its
// non-const members from several threads is not a race on the object.
class SelfLockingQueue {
public:
  void put(int V) {
    std::lock_guard<std::mutex> L(M);
    Items.push_back(V);
  }

private:
  std::mutex M;
  std::vector<int> Items;
};

void self_locking_object_ok() {
  SelfLockingQueue Q;
  std::thread A([&Q] { Q.put(1); });
  std::thread B([&Q] { Q.put(2); });
  A.join();
  B.join();
}
