// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread -fexperimental-library
// C++17, not the check's C++11: the cases are the C++17 parallel algorithms (<execution>).

// Parallel algorithms run their function object on several threads at once;
// the call itself returns only when all of them are done.

#include <algorithm>
#include <atomic>
#include <execution>
#include <mutex>
#include <numeric>
#include <vector>

long par_sum(const std::vector<int> &v) {
  long total = 0;
  std::for_each(std::execution::par, v.begin(), v.end(),
                [&total](int x) { total += x; });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'total' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  return total;
}

int unseq_hits = 0;
void par_unseq_bad(std::vector<int> &v) {
  std::for_each(std::execution::par_unseq, v.begin(), v.end(),
                [](int &x) { x = 0; unseq_hits++; });
  // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: 'unseq_hits' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
}

// --- good ------------------------------------------------------------------

long par_sum_atomic_ok(const std::vector<int> &v) {
  std::atomic<long> total{0};
  std::for_each(std::execution::par, v.begin(), v.end(),
                [&total](int x) { total += x; });
  return total.load();
}

long par_reduce_ok(const std::vector<int> &v) {
  return std::reduce(std::execution::par, v.begin(), v.end(), 0L);
}

long seq_sum_ok(const std::vector<int> &v) {
  long total = 0;
  std::for_each(std::execution::seq, v.begin(), v.end(),
                [&total](int x) { total += x; });
  return total;
}

std::mutex par_mutex;
long par_locked_ok(const std::vector<int> &v) {
  long total = 0;
  std::for_each(std::execution::par, v.begin(), v.end(), [&](int x) {
    std::lock_guard<std::mutex> g(par_mutex);
    total += x;
  });
  return total;
}
