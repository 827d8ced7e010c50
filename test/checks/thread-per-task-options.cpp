// RUN: %check_conclint %s conclint-thread-per-task %t -- -std=c++20-or-later
// C++20, not the check's C++11: std::jthread is one of the thread types reported.
// (The option variant below runs once, through conclint-tidy on libstdc++: the
// same check code reads the options in every front-end, and the first RUN line
// already covers both front-ends and both standard libraries.)
// RUN: %check_conclint --frontends=tidy --stdlibs=libstdc++ --check-suffix=OPT \
// RUN:   --config='{CheckOptions: {conclint-thread-per-task.ThreadTypes: "::std::thread;::my::worker_thread", conclint-thread-per-task.SmallTripCount: 4}}' \
// RUN:   %s conclint-thread-per-task %t -- -std=c++20-or-later

// Notes, and the ThreadTypes / SmallTripCount options.

#include <thread>
#include <utility>
#include <vector>

namespace my {
// A project's own thread wrapper: starts a std::thread, joins on destruction.
class worker_thread {
public:
  template <class F> explicit worker_thread(F f) : t_(std::move(f)) {}
  worker_thread(worker_thread &&) = default;
  ~worker_thread() {
    if (t_.joinable())
      t_.join();
  }

private:
  std::thread t_;
};
} // namespace my

void work(int);

void per_item(const std::vector<int> &items) {
  std::vector<my::worker_thread> ws;
  for (int x : items)
    ws.emplace_back([x] { work(x); });
}
// CHECK-MESSAGES-OPT: :[[@LINE-2]]:5: warning: 'my::worker_thread' starts a new thread for every iteration of a loop whose trip count depends on data

void eight() {
  std::vector<std::jthread> ts;
  for (int i = 0; i < 8; ++i)
    ts.emplace_back(work, i);
}
// CHECK-MESSAGES-OPT: :[[@LINE-2]]:5: warning: 'std::jthread' starts a new thread for every iteration of a loop nest of 8 iterations

void nested(const std::vector<std::vector<int>> &rows) {
  std::vector<std::jthread> ts;
  for (const auto &row : rows)
    for (int c = 0; c < 2; ++c)
      ts.emplace_back(work, row[c]);
}
// CHECK-NOTES: :[[@LINE-2]]:7: warning: 'std::jthread' starts a new thread for every iteration of a loop whose trip count depends on data, which oversubscribes the CPU and pays thread start-up per task; run the tasks on a fixed pool of 'std::thread::hardware_concurrency()' workers [conclint-thread-per-task]
// CHECK-NOTES: :[[@LINE-5]]:3: note: loop whose trip count depends on data here
// CHECK-MESSAGES-OPT: :[[@LINE-4]]:7: warning: 'std::jthread' starts a new thread
