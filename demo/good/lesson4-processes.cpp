// Lesson 4: CPU-bound work in child processes, the multiprocessing /
// ProcessPoolExecutor lesson. Each child computes part of a CPU-heavy sum and
// sends its part back through a pipe; the parent adds the parts and compares
// them with the sum it computes itself. The children are made two ways:
// fork() while the process still has a single thread (the only moment fork
// without exec is safe), and posix_spawn() of this same program in a worker
// mode, which is safe at any time because the child starts afresh. The last
// part shows why fork after threads exist is unsafe: fork copies only the
// calling thread, so a mutex another thread held at that moment stays locked
// in the child for ever, with no owner left to unlock it (the child only
// try_locks it to show this; lock() would hang). Python's multiprocessing
// moved its default away from "fork" for exactly this reason.
//
// DEMO: shows: child processes (fork before threads, posix_spawn) return results through pipes

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

extern char **environ;

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::uint64_t collatzSteps(std::uint64_t n) {
  std::uint64_t steps = 0;
  while (n != 1) {
    n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
    ++steps;
  }
  return steps;
}

std::uint64_t sumRange(std::uint64_t first, std::uint64_t last) {
  std::uint64_t sum = 0;
  for (std::uint64_t n = first; n < last; ++n)
    sum += collatzSteps(n);
  return sum;
}

// Writes all of `text` to `fd`, retrying short writes.
bool writeAll(int fd, const std::string &text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0)
      return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads `fd` to end of file and parses the number a child sent.
bool readNumber(int fd, std::uint64_t &value) {
  std::string text;
  char buffer[64];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<std::size_t>(n));
  if (text.empty())
    return false;
  value = std::strtoull(text.c_str(), nullptr, 10);
  return true;
}

bool waitOk(pid_t pid) {
  int status = 0;
  return ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct Slice {
  std::uint64_t first, last;
};

// fork() children; call only while this process has a single thread.
bool sumWithFork(const std::vector<Slice> &slices, std::uint64_t &total) {
  std::vector<pid_t> pids;
  std::vector<int> readEnds;
  for (const Slice &s : slices) {
    int fds[2];
    if (::pipe(fds) != 0)
      return false;
    const pid_t pid = ::fork();
    if (pid < 0)
      return false;
    if (pid == 0) { // child: compute, report, and leave without running atexit handlers
      ::close(fds[0]);
      const bool sent = writeAll(fds[1], std::to_string(sumRange(s.first, s.last)));
      ::_exit(sent ? 0 : 1);
    }
    ::close(fds[1]);
    pids.push_back(pid);
    readEnds.push_back(fds[0]);
  }
  bool ok = true;
  total = 0;
  for (std::size_t i = 0; i < pids.size(); ++i) {
    std::uint64_t part = 0;
    ok = readNumber(readEnds[i], part) && ok;
    ::close(readEnds[i]);
    ok = waitOk(pids[i]) && ok;
    total += part;
  }
  return ok;
}

// posix_spawn() this program in worker mode, its stdout connected to a pipe.
bool sumWithSpawn(const std::vector<Slice> &slices, std::uint64_t &total) {
  std::vector<pid_t> pids;
  std::vector<int> readEnds;
  for (const Slice &s : slices) {
    int fds[2];
    if (::pipe(fds) != 0)
      return false;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[1]);
    std::string first = std::to_string(s.first);
    std::string last = std::to_string(s.last);
    char self[] = "/proc/self/exe";
    char mode[] = "--worker";
    char *argv[] = {self, mode, first.data(), last.data(), nullptr};
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, self, &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
      std::printf("posix_spawn failed: %s\n", std::strerror(rc));
      ::close(fds[0]);
      return false;
    }
    pids.push_back(pid);
    readEnds.push_back(fds[0]);
  }
  bool ok = true;
  total = 0;
  for (std::size_t i = 0; i < pids.size(); ++i) {
    std::uint64_t part = 0;
    ok = readNumber(readEnds[i], part) && ok;
    ::close(readEnds[i]);
    ok = waitOk(pids[i]) && ok;
    total += part;
  }
  return ok;
}

// Forks while another thread holds a mutex and reports whether the child
// found that mutex still locked (it always is: its owner was not copied).
bool childSeesOrphanedLock() {
  std::mutex m;
  std::promise<void> locked;
  std::promise<void> release;
  std::future<void> releaseSignal = release.get_future();
  std::thread holder([&m, &locked, &releaseSignal] {
    const std::lock_guard<std::mutex> lock(m);
    locked.set_value();
    // Blocking with the mutex held is the point here: it stays locked until
    // the parent is done forking.
    releaseSignal.wait(); // NOLINT(conclint-blocking-call-under-lock)
  });
  locked.get_future().wait();
  // The lesson forks after a thread on purpose, to show the orphaned lock;
  // the child only calls try_lock, which cannot block, then _exit.
  // NOLINTNEXTLINE(conclint-fork-after-threads)
  const pid_t pid = ::fork();
  if (pid == 0) {
    // Only the forking thread exists here. The mutex is locked and nobody is
    // left to unlock it: m.lock() would wait for ever.
    const bool gotIt = m.try_lock();
    ::_exit(gotIt ? 4 : 3);
  }
  release.set_value();
  holder.join();
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
    return false;
  return WEXITSTATUS(status) == 3;
}

} // namespace

int main(int argc, char **argv) {
  if (argc == 4 && std::strcmp(argv[1], "--worker") == 0) {
    const std::uint64_t first = std::strtoull(argv[2], nullptr, 10);
    const std::uint64_t last = std::strtoull(argv[3], nullptr, 10);
    std::printf("%llu", static_cast<unsigned long long>(sumRange(first, last)));
    return std::fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
  }

  constexpr std::uint64_t kLimit = 400'000;
  const std::vector<Slice> slices = {{1, kLimit / 2}, {kLimit / 2, kLimit}};
  std::fflush(stdout); // nothing buffered may be duplicated into children
  bool ok = true;

  // 1. fork() first, while main() is still the only thread.
  auto start = Clock::now();
  std::uint64_t forked = 0;
  if (!sumWithFork(slices, forked)) {
    std::printf("FAIL: a forked child did not report\n");
    ok = false;
  }
  const double forkMs = msSince(start);

  // 2. posix_spawn(): a fresh program image, safe even with threads around.
  start = Clock::now();
  std::uint64_t spawned = 0;
  if (!sumWithSpawn(slices, spawned)) {
    std::printf("FAIL: a spawned worker did not report\n");
    ok = false;
  }
  const double spawnMs = msSince(start);

  start = Clock::now();
  const std::uint64_t serial = sumRange(1, kLimit);
  const double serialMs = msSince(start);

  std::printf("in-process: %llu in %.0f ms; 2 forked children: %llu in %.0f ms; "
              "2 spawned workers: %llu in %.0f ms\n",
              static_cast<unsigned long long>(serial), serialMs,
              static_cast<unsigned long long>(forked), forkMs,
              static_cast<unsigned long long>(spawned), spawnMs);
  if (forked != serial || spawned != serial) {
    std::printf("FAIL: the children's sums differ from the in-process sum\n");
    ok = false;
  }

  // 3. Why not fork once threads exist.
  std::fflush(stdout);
  const bool orphaned = childSeesOrphanedLock();
  std::printf("fork while another thread holds a mutex: the child finds it %s\n",
              orphaned ? "locked for ever (owner not copied)" : "unlocked (unexpected)");
  if (!orphaned) {
    std::printf("FAIL: expected the child to find the mutex locked\n");
    ok = false;
  }

  std::printf("RESULT: sum %llu from 2 forked and 2 spawned children (in-process %.0f ms, "
              "fork %.0f ms, spawn %.0f ms); after-thread fork leaves a mutex locked\n",
              static_cast<unsigned long long>(serial), serialMs, forkMs, spawnMs);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
