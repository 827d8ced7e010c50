// The mistake twin of demo/good/blocking-call-under-lock.cpp. The workers
// wait for the slow call while still holding the queue mutex, so every other
// worker queues up behind it: 16 jobs of 50 ms take 800 ms on four workers,
// as if there were one. A logger that syncs its file under its mutex does
// the same to everyone who logs. conclint-blocking-call-under-lock reports
// both, with the lock's acquisition and the call chain as notes.

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <queue>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

std::mutex queue_mutex;
std::condition_variable queue_cv;
std::queue<int> jobs;
bool closed = false;

std::mutex log_mutex;
int log_fd = 2;

void sync_log() { ::fsync(log_fd); }

void log_job(int j) {
  std::lock_guard<std::mutex> g(log_mutex);
  std::fprintf(stderr, "job %d done\n", j);
  sync_log();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'sync_log' while holding 'log_mutex' reaches a blocking call to 'fsync', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

void worker() {
  for (;;) {
    std::unique_lock<std::mutex> lk(queue_mutex);
    queue_cv.wait(lk, [] { return closed || !jobs.empty(); });
    if (jobs.empty())
      return;
    int j = jobs.front();
    jobs.pop();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' while holding 'queue_mutex' stalls every thread waiting for it [conclint-blocking-call-under-lock]
    lk.unlock();
    log_job(j);
  }
}

} // namespace

int main() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back(worker);
  {
    std::lock_guard<std::mutex> g(queue_mutex);
    for (int j = 0; j < 16; ++j)
      jobs.push(j);
    closed = true;
  }
  queue_cv.notify_all();
  for (std::thread &t : workers)
    t.join();
  return 0;
}
