// RUN: %check_conclint %s conclint-thread-per-task %t -- -std=c++20-or-later
// C++20, not the check's C++11: std::jthread is one of the thread types reported.

// A parallel section over the shares of one job. The spawning thread starts
// a thread for shares 1..n-1 of a container, runs share 0 itself with the
// same function, and joins every thread before it returns: it counts itself
// as one of the section's workers, so the container is the job cut into as
// many shares as the section has threads, a degree of parallelism decided
// where the container was filled, not one thread per input item. The threads
// end with the section; they do not accumulate per task.
//
// A fork-join that puts every item on a thread of its own (from share 0),
// whose caller does something else with the first item, or that does not
// join what it started, still shows a thread per item.

#include <cstddef>
#include <functional>
#include <string>
#include <thread>
#include <vector>

struct Range {
  long lo = 0, hi = 0;
  long sum = 0;
};
void sum_range(Range *r);
void print_title(const std::string &);
void count_words(const std::string &);

// ----------------------------------------------------------------- ok cases

// The first share on the calling thread, through `front()`.
void sum_ranges_ok(std::vector<Range> &ranges) {
  std::vector<std::thread> helpers;
  for (std::size_t k = 1; k < ranges.size(); ++k)
    helpers.emplace_back(sum_range, &ranges[k]);
  sum_range(&ranges.front());
  for (std::thread &h : helpers)
    h.join();
}

// A member function over the shares held by the job's state, reached
// through a pointer member; the counter assigned in the init.
class Scan {
public:
  struct State {
    std::vector<Range> shares;
  };
  explicit Scan(State *st) : st_(st) {}
  void run() {
    std::vector<std::thread> extra;
    std::size_t n;
    for (n = 1; n < st_->shares.size(); n++)
      extra.emplace_back(&Scan::one, this, &st_->shares[n]);
    one(&st_->shares[0]);
    for (auto &t : extra)
      t.join();
  }

private:
  void one(Range *r) { r->sum = r->hi - r->lo; }
  State *st_;
};

// A lambda held in a variable, the share handed by reference; the caller
// takes `*begin()`.
void verify_ok(std::vector<Range> &parts) {
  auto verify = [](Range &r) { r.sum = r.sum < 0 ? 0 : r.sum; };
  std::vector<std::thread> ts;
  for (std::size_t j = 1; j < parts.size(); ++j)
    ts.emplace_back(verify, std::ref(parts[j]));
  verify(*parts.begin());
  for (auto &t : ts)
    t.join();
}

// std::jthread joins when the container goes out of scope.
void jthread_section_ok(std::vector<Range> &ranges) {
  std::vector<std::jthread> helpers;
  for (std::size_t k = 1; k < ranges.size(); ++k)
    helpers.emplace_back(sum_range, &ranges[k]);
  sum_range(&ranges[0]);
}

// ------------------------------------------------------------------ bad cases

// Every item on a thread of its own, joined: one thread per item.
void every_range_bad(std::vector<Range> &ranges) {
  std::vector<std::thread> helpers;
  for (std::size_t k = 0; k < ranges.size(); ++k)
    helpers.emplace_back(sum_range, &ranges[k]);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
  for (std::thread &h : helpers)
    h.join();
}

// The first line is a title the caller prints, not a share of the work:
// the other lines each get a thread.
void lines_after_title_bad(const std::vector<std::string> &lines) {
  std::vector<std::thread> ts;
  for (std::size_t i = 1; i < lines.size(); ++i)
    ts.emplace_back(count_words, lines[i]);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
  print_title(lines[0]);
  for (auto &t : ts)
    t.join();
}

// The caller takes share 0, but the threads are detached, not joined: they
// outlive the call and accumulate from one call to the next.
void detached_shares_bad(std::vector<Range> &ranges) {
  std::vector<std::thread> helpers;
  for (std::size_t k = 1; k < ranges.size(); ++k)
    helpers.emplace_back(sum_range, &ranges[k]);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
  sum_range(&ranges[0]);
  for (std::thread &h : helpers)
    h.detach();
}

// The threads go into a member that outlives the call, joined elsewhere.
class Spawner {
public:
  void start(std::vector<Range> &ranges) {
    for (std::size_t k = 1; k < ranges.size(); ++k)
      running_.emplace_back(sum_range, &ranges[k]);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'std::thread' starts a new thread for every iteration of a loop whose trip count depends on data
    sum_range(&ranges[0]);
  }
  ~Spawner() {
    for (auto &t : running_)
      t.join();
  }

private:
  std::vector<std::thread> running_;
};
