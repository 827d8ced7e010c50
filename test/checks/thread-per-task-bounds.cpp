// RUN: %check_conclint %s conclint-thread-per-task %t -- -std=c++11-or-later

// A loop bounded by a constant is not data-dependent, even when its exact
// trip count is not a constant; a trip count that is truly unknown (a
// constant whose value this translation unit does not show) is silent; a
// count that comes from data is reported.

#include <algorithm>
#include <array>
#include <cstddef>
#include <thread>
#include <vector>

void work(int);
extern const int kConfiguredWorkers; // defined in another translation unit

// ------------------------------------------------ constant-bounded: silent

void min_bound_ok(int n) {
  for (int i = 0; i < std::min(n, 4); ++i)
    std::thread(work, i).detach();
}

void conjunct_bound_ok(const std::vector<int> &v) {
  std::vector<std::thread> ts;
  for (std::size_t i = 0; i < v.size() && i < 8; ++i)
    ts.emplace_back(work, v[i]);
  for (auto &t : ts)
    t.join();
}

void inclusive_bound_ok(const std::vector<int> &v) {
  for (int i = 1; i <= 4 && i <= int(v.size()); ++i)
    std::thread(work, v[i - 1]).detach();
}

void unsigned_start_ok(unsigned first, const std::vector<int> &v) {
  for (unsigned i = first; i < 6; ++i)
    std::thread(work, v[i]).detach();
}

void countdown_ok(const std::vector<int> &v) {
  std::size_t left = v.size();
  for (int i = 4; i > 0 && left > 0; --i, --left)
    std::thread(work, v[left - 1]).detach();
}

struct Slots {
  std::array<int, 4> ids{};
  void start_ok() {
    for (std::size_t i = 0; i < ids.size(); ++i)
      std::thread(work, ids[i]).detach();
  }
};

// ------------------------------------------------- truly unknown: silent

void opaque_constant_ok() {
  // kConfiguredWorkers is a constant whose value is not shown here: neither
  // small nor data-dependent as far as this translation unit can tell.
  std::vector<std::thread> ts;
  for (int i = 0; i < kConfiguredWorkers; ++i)
    ts.emplace_back(work, i);
  for (auto &t : ts)
    t.join();
}

// ---------------------------------------------------- still reported

void max_bound_bad(const std::vector<int> &v) {
  // std::max gives a lower bound, not an upper one.
  for (std::size_t i = 0; i < std::max<std::size_t>(v.size(), 4); ++i)
    std::thread(work, v[i]).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
}

void large_cap_bad(const std::vector<int> &v) {
  // Capped, but by more than SmallTripCount (64): the count still follows
  // the data up to 1000.
  for (std::size_t i = 0; i < std::min<std::size_t>(v.size(), 1000); ++i)
    std::thread(work, v[i]).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
}

void either_bound_bad(const std::vector<int> &v, int n) {
  // `||`: neither side bounds the loop.
  for (int i = 0; i < n || i < 4; ++i)
    std::thread(work, v[i]).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
}

void const_local_bad(const std::vector<int> &v) {
  // A const local initialised at run time is data, not an unknown constant.
  const std::size_t n = v.size();
  for (std::size_t i = 0; i < n; ++i)
    std::thread(work, v[i]).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
}

void opaque_times_data_bad(const std::vector<std::vector<int>> &rows) {
  // An unknown constant does not hide a data-dependent loop in the nest.
  for (int r = 0; r < kConfiguredWorkers; ++r)
    for (int x : rows[r])
      std::thread(work, x).detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
}
