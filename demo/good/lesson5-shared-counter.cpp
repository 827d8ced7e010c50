// Lesson 5: a counter shared by 5 threads, each adding 1 a hundred thousand
// times. `counter += 1` is a read, an add and a write; two threads that
// interleave them lose updates (a data race, undefined behaviour in C++). Two
// correct ways: every increment under a std::mutex taken by std::lock_guard,
// or a std::atomic whose fetch_add is one indivisible step. Both end at exactly
// 500 000. Processes share no memory unless asked to: the last part maps one
// page MAP_SHARED, places a lock-free std::atomic in it and lets 5 forked
// children increment it, which is what Python's multiprocessing.Value does
// (there with a lock). The processes run first, while the program still has
// a single thread, so fork is safe.
//
// DEMO: shows: 5 threads x 100 000 increments with a mutex and with an atomic; 5 processes via shared memory

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

namespace {

constexpr int kWorkers = 5;
constexpr int kIncrements = 100'000;

long countWithMutex() {
  std::mutex m;
  long counter = 0; // guarded by m
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) {
    threads.emplace_back([&m, &counter] {
      for (int i = 0; i < kIncrements; ++i) {
        const std::lock_guard<std::mutex> lock(m);
        ++counter;
      }
    });
  }
  for (std::thread &t : threads)
    t.join();
  const std::lock_guard<std::mutex> lock(m);
  return counter;
}

long countWithAtomic() {
  std::atomic<long> counter{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWorkers; ++w) {
    threads.emplace_back([&counter] {
      for (int i = 0; i < kIncrements; ++i)
        counter.fetch_add(1, std::memory_order_relaxed);
    });
  }
  for (std::thread &t : threads)
    t.join();
  return counter.load();
}

// An atomic in memory shared between processes works only if it is lock-free:
// a lock-based one would hide its lock inside one process.
static_assert(std::atomic<long>::is_always_lock_free);

// Returns -1 if a child could not be started or did not finish cleanly.
long countWithProcesses() {
  void *page = ::mmap(nullptr, sizeof(std::atomic<long>), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (page == MAP_FAILED)
    return -1;
  auto *counter = new (page) std::atomic<long>(0);
  std::vector<pid_t> children;
  for (int w = 0; w < kWorkers; ++w) {
    const pid_t pid = ::fork();
    if (pid < 0)
      break;
    if (pid == 0) {
      for (int i = 0; i < kIncrements; ++i)
        counter->fetch_add(1, std::memory_order_relaxed);
      ::_exit(0);
    }
    children.push_back(pid);
  }
  bool ok = children.size() == static_cast<std::size_t>(kWorkers);
  for (const pid_t pid : children) {
    int status = 0;
    ok = ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
         WEXITSTATUS(status) == 0 && ok;
  }
  const long total = counter->load();
  counter->~atomic();
  ::munmap(page, sizeof(std::atomic<long>));
  return ok ? total : -1;
}

} // namespace

int main() {
  std::fflush(stdout);
  const long processes = countWithProcesses(); // before any thread exists
  const long withMutex = countWithMutex();
  const long withAtomic = countWithAtomic();
  const long expected = static_cast<long>(kWorkers) * kIncrements;
  std::printf("5 threads x 100000: std::mutex + std::lock_guard -> %ld, std::atomic -> %ld\n",
              withMutex, withAtomic);
  std::printf("5 processes x 100000 on a shared-memory std::atomic -> %ld\n", processes);

  bool ok = true;
  if (withMutex != expected || withAtomic != expected || processes != expected) {
    std::printf("FAIL: every counter must be exactly %ld\n", expected);
    ok = false;
  }
  std::printf("RESULT: mutex %ld, atomic %ld, shared-memory atomic across processes %ld "
              "(expected %ld each)\n",
              withMutex, withAtomic, processes, expected);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
