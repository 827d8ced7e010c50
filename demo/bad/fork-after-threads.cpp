// The mistake twin of demo/good/fork-after-threads.cpp. The logger thread
// is started first and holds the log mutex when the parent forks; the child
// is a copy of the parent with one thread and a mutex that is locked
// forever, so its lock_guard never returns. The parent gives the child two
// seconds, then kills it and reports the hang
// (test/demo/fork-after-threads-hang.test runs it).
// conclint-fork-after-threads reports the fork, with notes at the thread's
// start and at the child's first call that is not async-signal-safe.

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

std::mutex log_mutex;
std::atomic<bool> holding{false};
std::atomic<bool> stop{false};

void logger() {
  while (!stop) {
    std::lock_guard<std::mutex> lock(log_mutex);
    holding = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // NOLINT(conclint-blocking-call-under-lock): holding the lock is what strands the child
  }
}

} // namespace

int main() {
  std::thread t(logger);
  while (!holding)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));

  pid_t pid = fork();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'fork' is called while another thread may be running, and the child calls 'std::lock_guard::lock_guard', which is not async-signal-safe: it can deadlock on a lock the other thread held [conclint-fork-after-threads]
  if (pid < 0) {
    stop = true;
    t.join();
    return 1;
  }
  if (pid == 0) {
    std::lock_guard<std::mutex> lock(log_mutex); // never returns
    std::printf("child: logged under the mutex\n");
    _exit(0);
  }

  // Give the child two seconds.
  int status = 0;
  bool finished = false;
  for (int i = 0; i < 200 && !finished; ++i) {
    finished = waitpid(pid, &status, WNOHANG) == pid;
    if (!finished)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!finished) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  stop = true;
  t.join();
  std::printf("RESULT: child %s\n",
              finished ? "finished" : "did not finish within 2 s: deadlocked");
  return finished ? 0 : 1;
}
