// Lesson: take the lock to touch shared state, release it, then block. Four
// workers take jobs from one queue; each job waits 50 ms (a stand-in for a
// network call). The workers pop a job under the mutex and wait only after
// the unique_lock is unlocked, so the four waits overlap: 16 jobs take about
// 4 x 50 ms, not 16 x 50 ms. The program prints the time and exits with
// status 0 when the waits overlapped.

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

std::mutex queue_mutex;
std::condition_variable queue_cv;
std::queue<int> jobs;
bool closed = false;

void worker() {
  for (;;) {
    std::unique_lock<std::mutex> lk(queue_mutex);
    // The wait releases queue_mutex while it sleeps: not blocking under it.
    queue_cv.wait(lk, [] { return closed || !jobs.empty(); });
    if (jobs.empty())
      return;
    jobs.pop();
    lk.unlock(); // release before the slow part
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

} // namespace

int main() {
  const Clock::time_point start = Clock::now();
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
  const long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                           Clock::now() - start)
                           .count();
  std::printf("16 jobs of 50 ms on 4 workers took %lld ms (serial: 800 ms)\n",
              ms);
  std::printf("the waits %s\n", ms < 600 ? "overlapped" : "did not overlap");
  return ms < 600 ? 0 : 1;
}
