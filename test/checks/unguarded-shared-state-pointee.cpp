// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++11-or-later -pthread

// A pointer and the object found through it are two objects
// (utils/SharedAccesses.h mayTouchSame): reading the pointer member `state_`
// (to reach `state_->config`) does not touch what threads write through it
// (`state_->items[i].status`, bound by reference where the spawner started
// them). Writes that meet at one pointee are still races.

#include <functional>
#include <thread>
#include <vector>

struct Item {
  int status = 0;
};
struct State {
  int config = 0;
  std::vector<Item> items;
};

class Job {
public:
  explicit Job(State *s) : state_(s) {}
  // Reads the pointer state_, not what the threads write through it.
  int prepare() { return state_->config; }
  void run() {
    auto work = [&](int &out) {
      if (state_->config > 0)
        out = 1;
    };
    std::vector<std::thread> pool;
    for (size_t i = 1; i < state_->items.size(); ++i)
      pool.emplace_back(work, std::ref(state_->items[i].status));
    work(state_->items[0].status);
    for (auto &t : pool)
      t.join();
  }

private:
  State *state_;
};

void pointer_read_vs_pointee_write_ok(State &s) {
  Job j(&s);
  j.run();
}

// Every thread writes the one object behind the pointer.
class SharedTarget {
public:
  explicit SharedTarget(State *s) : state_(s) {}
  int prepare() { return state_->config; }
  void run() {
    auto work = [&](int &out) {
      if (state_->config > 0)
        out = 1;
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'state_' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
    };
    std::vector<std::thread> pool;
    for (size_t i = 1; i < state_->items.size(); ++i)
      pool.emplace_back(work, std::ref(state_->config));
    work(state_->config);
    for (auto &t : pool)
      t.join();
  }

private:
  State *state_;
};

void one_pointee_bad(State &s) {
  SharedTarget t(&s);
  t.run();
}
