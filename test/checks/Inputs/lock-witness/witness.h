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
  bool is_closed(std::unique_lock<std::mutex> &) const { return closed_; }
  bool try_submit() {
    std::unique_lock<std::mutex> lk(mtx_);
    return !is_closed(lk);
  }

private:
  std::mutex mtx_;
  bool closed_ = false;
};

// One visible caller passes a deferred guard: the lock is not held there.
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

// No visible caller at all: nothing shows what the witness holds.
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

} // namespace wit
