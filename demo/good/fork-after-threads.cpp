// Lesson: fork the worker processes before starting threads. fork() copies
// only the calling thread; a mutex another thread holds at that moment is
// copied locked, and nobody in the child will ever unlock it. Here the
// parent forks its worker first, while it is still single-threaded, and
// only then starts its logger thread, which holds the log mutex for long
// stretches. The child takes the same mutex, logs and exits; the parent
// waits for it, stops the logger and checks that the child finished.
// (Python's multiprocessing has the same rule for its fork start method.)

#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace {

std::mutex log_mutex;
std::atomic<bool> stop{false};
int ticks = 0; // guarded by log_mutex

void logger() {
  while (!stop) {
    {
      std::lock_guard<std::mutex> lock(log_mutex);
      ++ticks; // the logger's work, done under the mutex
    }
    // Sleep with the mutex released, so nobody waits on the logger.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

} // namespace

int main() {
  // Fork first: the child starts with the only thread there is.
  pid_t pid = fork();
  if (pid < 0)
    return 1;
  if (pid == 0) {
    std::lock_guard<std::mutex> lock(log_mutex);
    std::printf("child: logged under the mutex\n");
    std::fflush(stdout);
    _exit(0);
  }

  std::thread t(logger); // threads only after the fork
  int status = 0;
  waitpid(pid, &status, 0);
  stop = true;
  t.join();

  bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  std::printf("RESULT: child %s\n", ok ? "finished" : "failed");
  return ok ? 0 : 1;
}
