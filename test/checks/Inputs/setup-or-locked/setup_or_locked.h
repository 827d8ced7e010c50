#pragma once

// A set-up helper that a class also reuses under its own lock (issue 13): a
// shared state whose public methods write under its mutex, and helpers that
// write the same members without it, each called on a state no other thread
// can know yet or with a lock held -- or not.

#include <memory>
#include <mutex>
#include <thread>

namespace sol {

class Cell : public std::enable_shared_from_this<Cell> {
public:
  virtual ~Cell() = default;

  // From configure(int) (only on a new cell, below) and from the witness
  // overload configure(int, lock_guard&), which no call here names: its
  // guard parameter says that its callers hold a lock.
  void mark_routed() { routed_ = true; }
  void configure(int route) {
    mark_routed();
    route_ = route;
  }
  void configure(int route, std::lock_guard<std::mutex> &) {
    mark_routed();
    route_ = route;
  }

  // From a derived constructor, and from reroute() under the cell's mutex.
  void mark_moved() { moved_ = true; }
  void reroute() {
    std::lock_guard<std::mutex> g(mu_);
    mark_moved();
  }

  // From a derived constructor, and from retry() without any lock.
  void mark_retried() { retried_ = true; }
  void retry() { mark_retried(); }

  // From a derived constructor, and from the destructor of another derived
  // cell, which holds no lock.
  void mark_closed() { closed_ = true; }

  void reset() {
    std::lock_guard<std::mutex> g(mu_);
    routed_ = false;
    route_ = 0;
    moved_ = false;
    retried_ = false;
    closed_ = false;
  }

protected:
  std::mutex mu_;
  bool routed_ = false;
  int route_ = 0;
  bool moved_ = false;
  bool retried_ = false;
  bool closed_ = false;
};

class RoutedCell : public Cell {
public:
  void init(int route) {
    this->configure(route);
    std::shared_ptr<Cell> self = shared_from_this();
    std::thread([self] { self->reset(); }).detach();
  }
};

inline std::shared_ptr<Cell> make_routed(int route) {
  auto c = std::make_shared<RoutedCell>();
  c->init(route);
  return c;
}

class MovedCell : public Cell {
public:
  MovedCell() { mark_moved(); }
};

class RetriedCell : public Cell {
public:
  RetriedCell() { mark_retried(); }
};

class ClosingCell : public Cell {
public:
  ClosingCell() { mark_closed(); }
  ~ClosingCell() override { mark_closed(); }
};

} // namespace sol
