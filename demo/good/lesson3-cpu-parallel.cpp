// Lesson 3: CPU-bound work in parallel. In CPython, threads that compute take
// turns holding the GIL, so a CPU-bound job split over threads runs no faster.
// C++ has no GIL: std::thread workers run on separate cores at the same time.
// The program computes the same CPU-heavy sum (total Collatz stopping times of
// 1..N) once on one thread and once split into hardware_concurrency() slices,
// one worker per slice, each summing privately and adding its part to a
// std::atomic once at the end. Both sums must be equal; the ratio of the two
// wall times is the speed-up, printed below (best times of 3 to 8 rounds, as
// a shared machine is noisy; on an idle 2-core machine it approaches 2). It
// must reach 1.3x, unless /proc/stat shows that other processes kept the
// cores busy meanwhile: then the run says INCONCLUSIVE rather than pass.
//
// DEMO: shows: a CPU-heavy sum on hardware_concurrency() threads vs 1 thread (no GIL)

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

bool timingChecked() { return std::getenv("CONCLINT_DEMO_NO_TIMING") == nullptr; }

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Number of Collatz steps from n down to 1: cheap to state, impossible for the
// compiler to fold into a formula, and uneven from one n to the next.
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

std::uint64_t sumParallel(std::uint64_t limit, unsigned workers) {
  std::atomic<std::uint64_t> total{0};
  std::vector<std::thread> threads;
  // Never more threads than cores: a fixed set of workers, not one per task.
  const unsigned threadCount =
      std::min(workers, std::max(1u, std::thread::hardware_concurrency()));
  const std::uint64_t slice = (limit + threadCount - 1) / threadCount;
  for (unsigned w = 0; w < threadCount; ++w) {
    // Interleaved slices would balance better; contiguous ones keep it simple.
    const std::uint64_t first = std::max<std::uint64_t>(1, w * slice);
    const std::uint64_t last = std::min<std::uint64_t>(limit, (w + 1) * slice);
    threads.emplace_back([first, last, &total] {
      total.fetch_add(sumRange(first, last), std::memory_order_relaxed);
    });
  }
  for (std::thread &t : threads)
    t.join();
  return total.load();
}

// CPU seconds the whole machine spent busy (from /proc/stat), and this process
// alone (getrusage): their difference is what other processes used.
double machineBusySeconds() {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0,
                     softirq = 0, steal = 0;
  if (!(stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal))
    return 0;
  return static_cast<double>(user + nice + system + irq + softirq + steal) /
         static_cast<double>(sysconf(_SC_CLK_TCK));
}

double ownCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

} // namespace

int main() {
  constexpr std::uint64_t kLimit = 600'000;
  const unsigned workers = std::max(1u, std::thread::hardware_concurrency());

  double serialMs = 1e300;
  double parallelMs = 1e300;
  std::uint64_t serial = 0;
  std::uint64_t parallel = 0;
  // Best of at least 3 and at most 8 rounds: stop once a clear speed-up has
  // been seen, keep trying while other work on the machine hides it. Without
  // timing checks (e.g. under ThreadSanitizer) one round shows the sums agree.
  const int maxRounds = timingChecked() ? 8 : 1;
  const auto measureStart = Clock::now();
  const double busyBefore = machineBusySeconds();
  const double ownBefore = ownCpuSeconds();
  for (int round = 0; round < maxRounds; ++round) {
    auto start = Clock::now();
    serial = sumRange(1, kLimit);
    serialMs = std::min(serialMs, msSince(start));
    start = Clock::now();
    parallel = sumParallel(kLimit, workers);
    parallelMs = std::min(parallelMs, msSince(start));
    if (round >= 2 && serialMs / parallelMs >= 1.5)
      break;
  }
  const double speedup = serialMs / parallelMs;
  // Cores that other processes kept busy meanwhile, on average.
  const double othersCores =
      std::max(0.0, (machineBusySeconds() - busyBefore) - (ownCpuSeconds() - ownBefore)) /
      (msSince(measureStart) / 1000.0);
  std::printf("sum of Collatz steps for 1..%llu: 1 thread %llu in %.0f ms, "
              "%u threads %llu in %.0f ms\n",
              static_cast<unsigned long long>(kLimit - 1),
              static_cast<unsigned long long>(serial), serialMs, workers,
              static_cast<unsigned long long>(parallel), parallelMs);

  bool ok = true;
  if (serial != parallel) {
    std::printf("FAIL: the parallel sum differs from the serial one\n");
    ok = false;
  }
  // With two or more cores, parallel threads must beat one thread clearly;
  // 1.3x leaves room for a machine that other work keeps busy. When other
  // processes took the cores the threads needed, no speed-up can show: say
  // so instead of claiming a result either way.
  const bool measurable = othersCores < 0.5;
  const bool fast = speedup >= 1.3;
  std::printf("other processes kept %.1f of %u cores busy during the measurement\n",
              othersCores, workers);
  if (timingChecked() && workers >= 2 && !fast && measurable) {
    std::printf("FAIL: expected a speed-up of at least 1.3x on %u cores, got %.2fx\n",
                workers, speedup);
    ok = false;
  }
  std::printf("RESULT: speed-up %.2fx on %u threads (1 thread %.0f ms, %u threads %.0f ms), "
              "sums equal%s\n",
              speedup, workers, serialMs, workers, parallelMs,
              (timingChecked() && workers >= 2 && !fast && !measurable)
                  ? "; INCONCLUSIVE: the machine was busy"
                  : "");
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
