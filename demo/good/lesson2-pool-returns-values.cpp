// Lesson 2: a pool of threads for I/O-bound calls that hands back values, the
// C++ form of Python's ThreadPoolExecutor and executor.map. First each input
// gets a std::async(std::launch::async, ...) future; then a small fixed pool of
// three threads runs std::packaged_task jobs taken from a queue guarded by a
// mutex and a condition variable. The calls take different times, so they
// finish out of order, yet reading the futures in the order the inputs were
// submitted gives the results in input order, as executor.map does. The pool
// joins its threads in its destructor, after telling them to stop.
//
// DEMO: shows: std::async futures and a packaged_task pool return results in input order

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

bool timingChecked() { return std::getenv("CONCLINT_DEMO_NO_TIMING") == nullptr; }

long msSince(Clock::time_point start) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

// Stands in for an I/O-bound call whose latency depends on the input: later
// inputs answer sooner, so completion order is the reverse of input order.
int lookup(int input) {
  std::this_thread::sleep_for(std::chrono::milliseconds(40 * (6 - input)));
  return input * input;
}

// A fixed pool of `Threads` worker threads that run queued jobs; submit()
// returns the future of the job's result. The size is fixed when the program
// is written, not taken from the data: one thread per job would not scale.
template <int Threads> class Pool {
public:
  Pool() {
    for (int i = 0; i < Threads; ++i)
      workers_.emplace_back([this] { work(); });
  }
  Pool(const Pool &) = delete;
  Pool &operator=(const Pool &) = delete;
  ~Pool() {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread &worker : workers_)
      worker.join();
  }

  std::future<int> submit(std::function<int()> job) {
    std::packaged_task<int()> task(std::move(job));
    std::future<int> result = task.get_future();
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back(std::move(task));
    }
    ready_.notify_one();
    return result;
  }

private:
  void work() {
    for (;;) {
      std::packaged_task<int()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty())
          return; // stopping and nothing left to do
        task = std::move(jobs_.front());
        jobs_.pop_front();
      }
      task(); // runs outside the lock; the result goes to the future
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::packaged_task<int()>> jobs_; // guarded by mutex_
  bool stopping_ = false;                      // guarded by mutex_
  std::vector<std::thread> workers_;
};

std::string join(const std::vector<int> &values) {
  std::string out;
  for (const int v : values)
    out += (out.empty() ? "" : ",") + std::to_string(v);
  return out;
}

} // namespace

int main() {
  constexpr int kInputs = 6; // inputs 0..5; lookup(i) waits 40 * (6 - i) ms
  const std::vector<int> expected = {0, 1, 4, 9, 16, 25};
  bool ok = true;

  // 1. One std::async future per input (six calls, all in flight at once).
  auto start = Clock::now();
  std::vector<std::future<int>> futures;
  for (int i = 0; i < kInputs; ++i)
    futures.push_back(std::async(std::launch::async, lookup, i));
  std::vector<int> asyncResults;
  for (std::future<int> &f : futures)
    asyncResults.push_back(f.get()); // input order, whatever the finish order
  const long asyncMs = msSince(start);
  std::printf("std::async: results %s in %ld ms (slowest call 240 ms, sum 840 ms)\n",
              join(asyncResults).c_str(), asyncMs);
  if (asyncResults != expected) {
    std::printf("FAIL: std::async results are not %s\n", join(expected).c_str());
    ok = false;
  }
  if (timingChecked() && (asyncMs < 235 || asyncMs >= 450)) {
    std::printf("FAIL: expected 235 ms <= std::async total < 450 ms, got %ld ms\n", asyncMs);
    ok = false;
  }

  // 2. The same six calls on a pool of three threads (executor.map).
  start = Clock::now();
  std::vector<int> poolResults;
  {
    Pool<3> pool;
    std::vector<std::future<int>> pending;
    for (int i = 0; i < kInputs; ++i)
      pending.push_back(pool.submit([i] { return lookup(i); }));
    for (std::future<int> &f : pending)
      poolResults.push_back(f.get());
  }
  const long poolMs = msSince(start);
  std::printf("3-thread pool: results %s in %ld ms (sum of the calls: 840 ms)\n",
              join(poolResults).c_str(), poolMs);
  if (poolResults != expected) {
    std::printf("FAIL: pool results are not %s\n", join(expected).c_str());
    ok = false;
  }
  // Three threads share 840 ms of waiting: at least 840 / 3 = 280 ms.
  if (timingChecked() && (poolMs < 275 || poolMs >= 600)) {
    std::printf("FAIL: expected 275 ms <= pool total < 600 ms, got %ld ms\n", poolMs);
    ok = false;
  }

  std::printf("RESULT: results %s in input order; async %ld ms, 3-thread pool %ld ms "
              "(serial 840 ms)\n",
              join(poolResults).c_str(), asyncMs, poolMs);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
