// Classes other translation units see (a header): their public methods may
// be called from anywhere, so only a lock witness parameter lets the
// visible callers decide what a method runs with.
#include <mutex>

namespace wit {

// Boost.Thread's executors: `closed(lock_guard<mutex>&)` is called only
// with a guard on `mtx_` held.
class Executor {
public:
  void close() {
    std::lock_guard<std::mutex> lk(mtx_);
    closed_ = true;
  }
  bool closed(std::lock_guard<std::mutex> &) { return closed_; }
  bool closed() {
    std::lock_guard<std::mutex> lk(mtx_);
    return closed(lk);
  }
  bool try_submit() {
    std::lock_guard<std::mutex> lk(mtx_);
    return !closed(lk);
  }

private:
  std::mutex mtx_;
  bool closed_ = false;
};

// A relockable guard (unique_lock&) is no witness: one visible caller here
// passes a deferred guard, so the lock is not held there (and a callee may
// release such a guard, waiting on a condition variable with it).
class Queue {
public:
  void close() {
    std::lock_guard<std::mutex> lk(mtx_);
    closed_ = true;
  }
  bool closed(std::unique_lock<std::mutex> &) { return closed_; }
  bool check() {
    std::unique_lock<std::mutex> lk(mtx_);
    return closed(lk);
  }
  bool peek() {
    std::unique_lock<std::mutex> lk(mtx_, std::defer_lock);
    return closed(lk);
  }

private:
  std::mutex mtx_;
  bool closed_ = false;
};

// No visible caller at all: the witness holds some lock, which one is not shown.
class Lonely {
public:
  void close() {
    std::lock_guard<std::mutex> lk(mtx_);
    closed_ = true;
  }
  bool closed(std::lock_guard<std::mutex> &) { return closed_; }

private:
  std::mutex mtx_;
  bool closed_ = false;
};

// A witness whose visible callers hold different locks: the intersection
// holds neither.
class TwoLocks {
public:
  void close() {
    std::lock_guard<std::mutex> lk(mtx_);
    closed_ = true;
  }
  bool closed(std::lock_guard<std::mutex> &) { return closed_; }
  bool check() {
    std::lock_guard<std::mutex> lk(mtx_);
    return closed(lk);
  }
  bool peek() {
    std::lock_guard<std::mutex> lk(other_);
    return closed(lk);
  }

private:
  std::mutex mtx_, other_;
  bool closed_ = false;
};

} // namespace wit
