// RUN: %check_conclint %s conclint-blocking-call-under-lock %t -- -std=c++17-or-later -pthread

// Blocking calls made while a mutex is held: sleeps, joins, future waits,
// blocking I/O, condition-variable waits with another mutex held, directly
// or through called functions. `_bad` functions must be reported, `_ok`
// ones not; FN_/FP_ are the known misses and false alarms, kept visible.

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <poll.h>
#include <pthread.h>
#include <queue>
#include <shared_mutex>
#include <sstream>
#include <string>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace std::chrono_literals;

std::mutex m, other;
std::condition_variable cv;
std::condition_variable_any cva;
std::shared_mutex sm;
bool ready = false;
int counter = 0;

//===----------------------------------------------------------------------===//
// Direct blocking calls
//===----------------------------------------------------------------------===//

void sleep_under_guard_bad() {
  std::lock_guard<std::mutex> g(m);
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

void sleep_under_manual_lock_bad() {
  m.lock();
  ++counter;
  ::usleep(1000);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
  m.unlock();
}

void two_locks_bad() {
  std::scoped_lock both(m, other);
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until' while holding 'm' and 'other' stalls every thread waiting for them [conclint-blocking-call-under-lock]
}

// Joining a worker while holding the lock the worker needs: a deadlock.
void join_under_lock_bad() {
  std::unique_lock<std::mutex> lk(m);
  std::thread t([] {
    std::lock_guard<std::mutex> g(m);
    ++counter;
  });
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::thread::join' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

int future_get_under_lock_bad(std::future<int> &f) {
  std::lock_guard<std::mutex> g(m);
  return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'std::future::get' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

void future_wait_under_lock_bad(std::future<void> &f) {
  std::lock_guard<std::mutex> g(m);
  f.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::future::wait' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

void future_wait_for_timeout_bad(std::future<void> &f) {
  std::lock_guard<std::mutex> g(m);
  (void)f.wait_for(100ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'std::future::wait_for' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

int shared_future_get_bad(std::shared_future<int> &f) {
  std::lock_guard<std::mutex> g(m);
  return f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'std::shared_future::get' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

// A reader lock still blocks every writer.
void shared_lock_sleep_bad() {
  std::shared_lock<std::shared_mutex> r(sm);
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' while holding 'sm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

ssize_t socket_read_bad(int fd, char *buf, size_t n) {
  std::lock_guard<std::mutex> g(m);
  return ::read(fd, buf, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'read' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

ssize_t recv_bad(int fd, char *buf, size_t n) {
  std::lock_guard<std::mutex> g(m);
  return ::recv(fd, buf, n, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'recv' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

int accept_bad(int listener) {
  std::lock_guard<std::mutex> g(m);
  return ::accept(listener, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'accept' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

int poll_bad(pollfd *fds, nfds_t n) {
  std::lock_guard<std::mutex> g(m);
  return ::poll(fds, n, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'poll' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

// A zero timeout polls: poll returns at once whatever the descriptors do.
constexpr int kNoWait = 0;
int poll_zero_timeout_ok(pollfd *fds, nfds_t n) {
  std::lock_guard<std::mutex> g(m);
  return ::poll(fds, n, 0) + ::poll(fds, n, kNoWait);
}

// A timeout the analysis cannot show to be zero still counts.
int poll_variable_timeout_bad(pollfd *fds, nfds_t n, int ms) {
  std::lock_guard<std::mutex> g(m);
  return ::poll(fds, n, ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'poll' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

// Reloading a configuration file under the lock that readers need.
struct Config {
  std::mutex mu_;
  std::string value_;
  void reload_bad(const char *path) {
    std::lock_guard<std::mutex> g(mu_);
    std::ifstream in(path);
    std::getline(in, value_);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::getline' while holding 'this->mu_' stalls every thread waiting for it [conclint-blocking-call-under-lock]
  }
  // Parsing a string already in memory is fine.
  void parse_ok(const std::string &text) {
    std::lock_guard<std::mutex> g(mu_);
    std::istringstream in(text);
    std::getline(in, value_);
  }
};

int read_stdin_bad() {
  std::lock_guard<std::mutex> g(m);
  int x = 0;
  std::cin >> x;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::basic_istream::operator>>' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
  return x;
}

int system_bad() {
  std::lock_guard<std::mutex> g(m);
  return std::system("sync");
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'system' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

void waitpid_bad(pid_t child) {
  std::lock_guard<std::mutex> g(m);
  int status = 0;
  ::waitpid(child, &status, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'waitpid' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

// unique_lock locked again after an unlock.
void relock_then_sleep_bad() {
  std::unique_lock<std::mutex> lk(m);
  lk.unlock();
  std::this_thread::sleep_for(1ms);
  lk.lock();
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

// Held on the branch where try_lock succeeded.
void try_lock_success_bad() {
  if (m.try_lock()) {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
    m.unlock();
  }
}

pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t pm2 = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t pc = PTHREAD_COND_INITIALIZER;

void pthread_sleep_bad() {
  pthread_mutex_lock(&pm);
  ::sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' while holding 'pm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
  pthread_mutex_unlock(&pm);
}

template <class T> void template_sleep_bad(T &mu) {
  std::lock_guard<T> g(mu);
  std::this_thread::sleep_for(1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' while holding 'mu' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}
void use_template() { template_sleep_bad(m); }

// A lambda invoked where it is written runs under the lock.
void immediate_lambda_bad() {
  std::lock_guard<std::mutex> g(m);
  [] { std::this_thread::sleep_for(1ms); }();
  // CHECK-MESSAGES: :[[@LINE-1]]:43: warning: call to 'lambda' while holding 'm' reaches a blocking call to 'std::this_thread::sleep_for', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

//===----------------------------------------------------------------------===//
// Condition variables: the wait releases its own lock, not the others
//===----------------------------------------------------------------------===//

// Producer/consumer with the queue mutex and a second mutex for statistics:
// the consumer waits for work while holding the statistics mutex.
struct Queue {
  std::mutex mu_;
  std::mutex stats_mu_;
  std::condition_variable cv_;
  std::queue<int> items_;
  int taken_ = 0;

  void push_ok(int v) {
    {
      std::lock_guard<std::mutex> g(mu_);
      items_.push(v);
    }
    cv_.notify_one();
  }

  int pop_ok() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [this] { return !items_.empty(); });
    int v = items_.front();
    items_.pop();
    return v;
  }

  int pop_counted_bad() {
    std::lock_guard<std::mutex> s(stats_mu_);
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [this] { return !items_.empty(); });
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: waiting in 'std::condition_variable::wait' releases only 'this->mu_'; holding 'this->stats_mu_' across the wait stalls every thread waiting for it [conclint-blocking-call-under-lock]
    ++taken_;
    int v = items_.front();
    items_.pop();
    return v;
  }

  bool pop_for_ok(int &out) {
    std::unique_lock<std::mutex> lk(mu_);
    if (!cv_.wait_for(lk, 100ms, [this] { return !items_.empty(); }))
      return false;
    out = items_.front();
    items_.pop();
    return true;
  }

  bool pop_for_stats_bad(int &out) {
    std::lock_guard<std::mutex> s(stats_mu_);
    std::unique_lock<std::mutex> lk(mu_);
    if (!cv_.wait_for(lk, 100ms, [this] { return !items_.empty(); }))
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: waiting in 'std::condition_variable::wait_for' releases only 'this->mu_'; holding 'this->stats_mu_' across the wait stalls every thread waiting for it [conclint-blocking-call-under-lock]
      return false;
    out = items_.front();
    items_.pop();
    return true;
  }
};

void cv_any_other_held_bad() {
  std::lock_guard<std::mutex> g(other);
  std::unique_lock<std::mutex> lk(m);
  cva.wait(lk, [] { return ready; });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: waiting in 'std::condition_variable_any::wait' releases only 'm'; holding 'other' across the wait stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

void pthread_cond_other_held_bad() {
  pthread_mutex_lock(&pm2);
  pthread_mutex_lock(&pm);
  while (!ready)
    pthread_cond_wait(&pc, &pm);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: waiting in 'pthread_cond_wait' releases only 'pm'; holding 'pm2' across the wait stalls every thread waiting for it [conclint-blocking-call-under-lock]
  pthread_mutex_unlock(&pm);
  pthread_mutex_unlock(&pm2);
}

void cv_wait_loop_ok() {
  std::unique_lock<std::mutex> lk(m);
  while (!ready)
    cv.wait(lk);
}

void cv_wait_until_ok() {
  std::unique_lock<std::mutex> lk(m);
  cv.wait_until(lk, std::chrono::steady_clock::now() + 10ms,
                [] { return ready; });
}

void cv_any_on_mutex_ok() {
  m.lock();
  cva.wait(m, [] { return ready; });
  m.unlock();
}

void cv_any_shared_ok() {
  std::shared_lock<std::shared_mutex> r(sm);
  cva.wait(r, [] { return ready; });
}

void pthread_cond_ok() {
  pthread_mutex_lock(&pm);
  while (!ready)
    pthread_cond_wait(&pc, &pm);
  pthread_mutex_unlock(&pm);
}

void notify_under_lock_ok() {
  std::lock_guard<std::mutex> g(m);
  ready = true;
  cv.notify_all();
}

//===----------------------------------------------------------------------===//
// Not held when it blocks
//===----------------------------------------------------------------------===//

void unlock_before_sleep_ok() {
  std::unique_lock<std::mutex> lk(m);
  ++counter;
  lk.unlock();
  std::this_thread::sleep_for(1ms);
}

void manual_unlock_before_join_ok(std::thread &t) {
  m.lock();
  ++counter;
  m.unlock();
  t.join();
}

void sleep_after_scope_ok() {
  {
    std::lock_guard<std::mutex> g(m);
    ++counter;
  }
  std::this_thread::sleep_for(1ms);
}

void sleep_before_lock_ok() {
  std::this_thread::sleep_for(1ms);
  std::lock_guard<std::mutex> g(m);
  ++counter;
}

void deferred_lock_ok() {
  std::unique_lock<std::mutex> lk(m, std::defer_lock);
  std::this_thread::sleep_for(1ms);
  lk.lock();
  ++counter;
}

void try_lock_failure_ok() {
  if (!m.try_lock()) {
    std::this_thread::sleep_for(1ms);
    return;
  }
  ++counter;
  m.unlock();
}

void loop_backoff_ok() {
  for (int i = 0; i < 3; ++i) {
    {
      std::lock_guard<std::mutex> g(m);
      if (ready)
        return;
    }
    std::this_thread::sleep_for(1ms);
  }
}

int future_outside_lock_ok() {
  auto f = std::async(std::launch::async, [] { return 1; });
  int v = f.get();
  std::lock_guard<std::mutex> g(m);
  counter += v;
  return v;
}

// Polling a future under the lock does not block.
bool future_poll_ok(std::future<int> &f) {
  std::lock_guard<std::mutex> g(m);
  return f.wait_for(0s) == std::future_status::ready;
}

// The worker's sleep runs on the worker thread, not under this lock.
void lambda_handed_to_thread_ok() {
  std::thread t;
  {
    std::lock_guard<std::mutex> g(m);
    t = std::thread([] { std::this_thread::sleep_for(1ms); });
  }
  t.join();
}

// Console logging is buffered: not in the catalogue.
void logging_to_console_ok() {
  std::lock_guard<std::mutex> g(m);
  std::printf("counter=%d\n", counter);
  std::cout << "counter=" << counter << '\n';
}

// Taking another mutex is nested locking: the lock-order checks' concern.
void nested_lock_ok() {
  std::lock_guard<std::mutex> g(m);
  std::lock_guard<std::mutex> h(other);
  ++counter;
}

//===----------------------------------------------------------------------===//
// Through called functions
//===----------------------------------------------------------------------===//

struct Log {
  int fd_ = -1;
  std::mutex mu_;
  void write_line(const char *s, size_t n) {
    ::write(fd_, s, n);
    ::fsync(fd_);
  }
  void log_bad(const char *s, size_t n) {
    std::lock_guard<std::mutex> g(mu_);
    write_line(s, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: call to 'Log::write_line' while holding 'this->mu_' reaches a blocking call to 'write', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
  }
};

void backoff() { std::this_thread::sleep_for(1ms); }
void retry() { backoff(); }

void chain_two_deep_bad() {
  std::lock_guard<std::mutex> g(m);
  retry();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'retry' while holding 'm' reaches a blocking call to 'std::this_thread::sleep_for', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

// A hand-written sync_wait: start the work elsewhere, block until it ends.
template <class F> auto run_sync(F f) {
  std::packaged_task<decltype(f())()> task(std::move(f));
  auto fut = task.get_future();
  std::thread(std::move(task)).detach();
  return fut.get();
}

int sync_wait_helper_bad() {
  std::lock_guard<std::mutex> g(m);
  return run_sync([] { return 7; });
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'run_sync' while holding 'm' reaches a blocking call to 'std::future::get', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

// A library sync_wait whose body is out of sight: known by name.
namespace cppcoro {
template <class T> struct task {};
template <class T> T sync_wait(task<T> &&t);
} // namespace cppcoro

int named_sync_wait_bad() {
  std::lock_guard<std::mutex> g(m);
  return cppcoro::sync_wait(cppcoro::task<int>{});
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'cppcoro::sync_wait' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

// A helper that waits on its own lock blocks the caller's other lock.
struct Gate {
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
  void wait_open() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [this] { return open_; });
  }
};

void wait_gate_under_lock_bad(Gate &gate) {
  std::lock_guard<std::mutex> g(m);
  gate.wait_open();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'Gate::wait_open' while holding 'm' reaches a blocking call to 'std::condition_variable::wait', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

// A helper that releases the caller's lock before it blocks: what is held
// after it is unknown, so silence.
void wait_without(std::unique_lock<std::mutex> &lk) {
  lk.unlock();
  std::this_thread::sleep_for(1ms);
  lk.lock();
}

void helper_releases_caller_lock_ok() {
  std::unique_lock<std::mutex> lk(m);
  wait_without(lk);
}

// A helper that waits with the caller's guard releases the caller's lock.
void wait_ready(std::unique_lock<std::mutex> &lk) {
  cv.wait(lk, [] { return ready; });
}

void helper_waits_with_caller_lock_ok() {
  std::unique_lock<std::mutex> lk(m);
  wait_ready(lk);
}

int compute(int x) { return x * x + 1; }

void callee_only_computes_ok() {
  std::lock_guard<std::mutex> g(m);
  counter = compute(counter);
}

int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

void recursive_callee_ok() {
  std::lock_guard<std::mutex> g(m);
  counter = fib(10);
}

//===----------------------------------------------------------------------===//
// Known limits
//===----------------------------------------------------------------------===//

// A mutex the analysis cannot name (a call result): it cannot tell which
// lock is held, so it stays silent.
std::mutex &mutex_for(int key);
void FN_unknown_lock_sleep(int key) {
  std::lock_guard<std::mutex> g(mutex_for(key));
  std::this_thread::sleep_for(1ms);
}

// A callee defined in another translation unit: unknown, silence.
void slow_remote_call();
void FN_callee_elsewhere() {
  std::lock_guard<std::mutex> g(m);
  slow_remote_call();
}

// A virtual call: the callee is not known.
struct Sink {
  virtual void flush() = 0;
  virtual ~Sink() = default;
};
struct FileSink : Sink {
  int fd = -1;
  void flush() override { ::fsync(fd); }
};
void FN_virtual_call(Sink &s) {
  std::lock_guard<std::mutex> g(m);
  s.flush();
}

// read() on a descriptor opened O_NONBLOCK returns at once; the catalogue
// cannot see the flag.
ssize_t FP_nonblocking_read(int nonblocking_fd, char *buf, size_t n) {
  std::lock_guard<std::mutex> g(m);
  return ::read(nonblocking_fd, buf, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'read' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

// A readiness probe: select with a zero timeout polls and returns at once.
// The timeval is filled from the helper's parameters, never written
// otherwise: in a chain that passes zero for both, the select polls.
int probe_readable(int fd, long sec, long usec) {
  fd_set fds;
  FD_ZERO(&fds);
  FD_SET(fd, &fds);
  timeval tv;
  tv.tv_sec = sec;
  tv.tv_usec = usec;
  return ::select(fd + 1, &fds, nullptr, nullptr, &tv);
}
bool select_zero_timeout_in_helper_ok(int fd) {
  std::lock_guard<std::mutex> g(m);
  return probe_readable(fd, 0, 0) == 0;
}
// The same helper with a real timeout waits.
bool select_timeout_in_helper_bad(int fd) {
  std::lock_guard<std::mutex> g(m);
  return probe_readable(fd, 5, 0) == 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'probe_readable' while holding 'm' reaches a blocking call to 'select', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
}
bool select_unknown_timeout_in_helper_bad(int fd, long sec) {
  std::lock_guard<std::mutex> g(m);
  return probe_readable(fd, sec, 0) == 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'probe_readable' while holding 'm' reaches a blocking call to 'select', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
}
// Zero through two helpers and a lambda that runs the select (the shape of
// a retry-on-EINTR wrapper): the timeval is the outer helper's.
template <typename F> int retry_eintr(F fn) {
  int r;
  do {
    r = fn();
  } while (r < 0 && errno == EINTR);
  return r;
}
int probe_ms(int fd, long sec, long usec) {
  fd_set fds;
  FD_ZERO(&fds);
  FD_SET(fd, &fds);
  timeval tv;
  tv.tv_sec = static_cast<long>(sec);
  tv.tv_usec = static_cast<long>(usec);
  return retry_eintr([&] { return ::select(fd + 1, &fds, nullptr, nullptr, &tv); });
}
bool is_alive(int fd) { return probe_ms(fd, 0, 0) == 0; }
bool is_alive_relay(int fd, long s) { return probe_ms(fd, s * 1000, 0) == 0; }
bool select_zero_through_lambda_ok(int fd) {
  std::lock_guard<std::mutex> g(m);
  return is_alive(fd) && is_alive_relay(fd, 0);
}
bool select_nonzero_through_lambda_bad(int fd) {
  std::lock_guard<std::mutex> g(m);
  return is_alive_relay(fd, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'is_alive_relay' while holding 'm' reaches a blocking call to 'select', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
}
// After the probe, the helper still reads: the read is the witness.
int probe_then_read(int fd, long sec, char *buf) {
  if (probe_readable(fd, sec, 0) == 0)
    return 0;
  return ::read(fd, buf, 1);
}
int probe_then_read_bad(int fd, char *buf) {
  std::lock_guard<std::mutex> g(m);
  return probe_then_read(fd, 0, buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'probe_then_read' while holding 'm' reaches a blocking call to 'read', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
}
// A zero timeval written in place polls; a null one waits for ever; one
// the helper also changes (or hands to another call) is not followed.
int select_local_zero_ok(int fd, fd_set *fds) {
  std::lock_guard<std::mutex> g(m);
  timeval tv{};
  timeval tv2 = {0, 0};
  return ::select(fd + 1, fds, nullptr, nullptr, &tv) +
         ::select(fd + 1, fds, nullptr, nullptr, &tv2);
}
int select_null_timeout_bad(int fd, fd_set *fds) {
  std::lock_guard<std::mutex> g(m);
  return ::select(fd + 1, fds, nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'select' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}
void set_timeout(timeval *tv);
int select_timeval_elsewhere_bad(int fd, fd_set *fds) {
  std::lock_guard<std::mutex> g(m);
  timeval tv{};
  set_timeout(&tv);
  return ::select(fd + 1, fds, nullptr, nullptr, &tv);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'select' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}
int probe_written(int fd, long sec) {
  timeval tv;
  sec += 1;
  tv.tv_sec = sec;
  tv.tv_usec = 0;
  return ::select(fd + 1, nullptr, nullptr, nullptr, &tv);
}
int select_param_written_bad(int fd) {
  std::lock_guard<std::mutex> g(m);
  return probe_written(fd, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'probe_written' while holding 'm' reaches a blocking call to 'select', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
}
// poll's timeout from a helper's parameter, as for select.
int poll_helper(pollfd *fds, nfds_t n, int ms) { return ::poll(fds, n, ms); }
int poll_zero_in_helper_ok(pollfd *fds, nfds_t n) {
  std::lock_guard<std::mutex> g(m);
  return poll_helper(fds, n, 0);
}
int poll_in_helper_bad(pollfd *fds, nfds_t n) {
  std::lock_guard<std::mutex> g(m);
  return poll_helper(fds, n, 100);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: call to 'poll_helper' while holding 'm' reaches a blocking call to 'poll', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
}
