#pragma once

// A virtual method taking a relockable guard by reference (Boost.Thread's
// shared_state_base::set_continuation_ptr(c, unique_lock<mutex>&)): the
// callers pass the guard they hold. A call may reach an override through a
// base, so every call of the method or of one it overrides is asked.

#include <memory>
#include <mutex>

namespace vw {

class Node {
public:
  virtual ~Node() = default;
  virtual void attach(int c, std::unique_lock<std::mutex> &lk) {
    pending_ = c;
    if (done_)
      fire(lk);
  }
  void attach(int c) {
    std::unique_lock<std::mutex> lk(mutex);
    attach(c, lk);
  }
  void finish() {
    std::lock_guard<std::mutex> g(mutex);
    done_ = true;
    pending_ = 0;
  }
  void fire(std::unique_lock<std::mutex> &) {}

  std::mutex mutex;

protected:
  bool done_ = false;
  int pending_ = 0;
};

// An override: calls through Node reach it too.
class Leaf : public Node {
public:
  using Node::attach;
  void attach(int c, std::unique_lock<std::mutex> &lk) override {
    pending_ = c + 1;
    if (done_)
      fire(lk);
  }
};

// A caller holding the lock of another node (the parent of a
// continuation): some lock is held.
inline void chain(const std::shared_ptr<Node> &parent, int c) {
  std::unique_lock<std::mutex> lk(parent->mutex);
  parent->attach(c, lk);
}

// Bad: a call through the base passes a guard that does not hold its lock.
class Base {
public:
  virtual ~Base() = default;
  virtual void poll(std::unique_lock<std::mutex> &lk) = 0;
};
class Impl : public Base {
public:
  void poll(std::unique_lock<std::mutex> &lk) override {
    if (ready_)
      lk.unlock();
  }
  void poll() {
    std::unique_lock<std::mutex> lk(mutex);
    poll(lk);
  }
  void set() {
    std::lock_guard<std::mutex> g(mutex);
    ready_ = true;
  }
  std::mutex mutex;

private:
  bool ready_ = false;
};
inline void poll_deferred(Base &b, std::mutex &m) {
  std::unique_lock<std::mutex> lk(m, std::defer_lock);
  b.poll(lk);
}

} // namespace vw
