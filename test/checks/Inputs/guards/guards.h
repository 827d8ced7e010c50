// Classes other translation units see (a header): their public methods may
// be called from anywhere, so only a guard parameter lets the visible
// callers decide what a method runs with.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

namespace grd {

// A lockable with an upgrade mode, the shape of Boost's shared_mutex: an
// upgrade owner excludes exclusive owners and other upgrade owners, not
// shared owners.
class UpgradeMutex {
public:
  void lock() { m_.lock(); }
  void unlock() { m_.unlock(); }
  void lock_shared() { m_.lock(); }
  void unlock_shared() { m_.unlock(); }
  void lock_upgrade() { m_.lock(); }
  void unlock_upgrade() { m_.unlock(); }
  void unlock_upgrade_and_lock() {}
  void unlock_and_lock_upgrade() {}

private:
  std::mutex m_;
};

// The shape of Boost's upgrade_lock: the constructor calls its own lock(),
// which calls the lockable's lock_upgrade(); the destructor calls
// unlock_upgrade() when it owns the lock.
template <class M> class UpgradeLock {
public:
  explicit UpgradeLock(M &m) : m_(&m), owns_(false) { lock(); }
  ~UpgradeLock() {
    if (owns_lock())
      m_->unlock_upgrade();
  }
  void lock() {
    m_->lock_upgrade();
    owns_ = true;
  }
  void unlock() {
    m_->unlock_upgrade();
    owns_ = false;
  }
  bool owns_lock() const { return owns_; }

private:
  M *m_;
  bool owns_;
};

// Not a guard: the destructor converts (unlock_upgrade_and_lock() keeps the
// lockable held), it never releases it.
template <class M> class Converter {
public:
  explicit Converter(M &m) : m_(&m) { m_->lock_upgrade(); }
  ~Converter() { m_->unlock_upgrade_and_lock(); }

private:
  M *m_;
};

// Defined in another translation unit: what it does with the guard is not
// known (it may release it).
void hand_off(std::unique_lock<std::mutex> &lk);

// A relockable guard by reference (`unique_lock<mutex> &`) is a lock
// witness up to its first use that may release it: Boost.Thread's
// `valid(unique_lock<mutex> &)` and `mark_finished_internal(lk)`.
class State {
public:
  bool valid(std::unique_lock<std::mutex> &) { return valid_; }
  bool valid() {
    std::unique_lock<std::mutex> lk(mu_);
    return valid(lk);
  }
  void invalidate() {
    std::lock_guard<std::mutex> g(mu_);
    valid_ = false;
  }
  // Written and read before the guard is first passed on.
  void finish_internal(std::unique_lock<std::mutex> &lk) {
    done_ = true;
    int n = waiters_;
    (void)n;
    hand_off(lk);
  }
  void finish() {
    std::unique_lock<std::mutex> lk(mu_);
    finish_internal(lk);
  }
  void add_waiter() {
    std::lock_guard<std::mutex> g(mu_);
    ++waiters_;
  }
  bool done() {
    std::lock_guard<std::mutex> g(mu_);
    return done_;
  }
  // After the guard is given to a function that may release it: no lock.
  int count_after_hand_off(std::unique_lock<std::mutex> &lk) {
    hand_off(lk);
    return handed_;
  }
  // After its own unlock(): no lock.
  int count_after_unlock(std::unique_lock<std::mutex> &lk) {
    lk.unlock();
    return unlocked_;
  }
  // Before the use in source order, after it on the loop's next turn.
  int count_in_loop(std::unique_lock<std::mutex> &lk, int n) {
    int sum = 0;
    for (int i = 0; i < n; ++i) {
      sum += looped_;
      hand_off(lk);
    }
    return sum;
  }
  // Its own owns_lock() leaves it as it is.
  int count_after_query(std::unique_lock<std::mutex> &lk) {
    if (!lk.owns_lock())
      return 0;
    return queried_;
  }
  int counts() {
    std::unique_lock<std::mutex> lk(mu_);
    return count_after_hand_off(lk) + count_after_unlock(lk) +
           count_in_loop(lk, 2) + count_after_query(lk);
  }
  void bump() {
    std::lock_guard<std::mutex> g(mu_);
    ++handed_;
    ++unlocked_;
    ++looped_;
    ++queried_;
  }

private:
  std::mutex mu_;
  bool valid_ = true;
  bool done_ = false;
  int waiters_ = 0;
  int handed_ = 0, unlocked_ = 0, looped_ = 0, queried_ = 0;
};

void callback();

// Unlocks the guard it is given for its lifetime and locks it again in its
// destructor (Boost.Thread's relocker).
class Relocker {
public:
  explicit Relocker(std::unique_lock<std::mutex> &lk) : lk_(lk) {
    lk_.unlock();
  }
  ~Relocker() {
    if (!lk_.owns_lock())
      lk_.lock();
  }

private:
  std::unique_lock<std::mutex> &lk_;
};

// A callee that receives the guard and provably returns with it locked
// leaves the lock held; so does a condition-variable wait with it.
class Waiter {
public:
  // Runs the callback with the lock released; returns with it held again.
  void run_callback(std::unique_lock<std::mutex> &lk) {
    if (armed_) {
      Relocker r(lk);
      callback();
    }
  }
  // Releases the guard and does not take it back.
  void run_unlocked(std::unique_lock<std::mutex> &lk) {
    lk.unlock();
    callback();
  }
  int wait_relocked(std::unique_lock<std::mutex> &lk) {
    run_callback(lk);
    return relocked_;
  }
  int wait_released(std::unique_lock<std::mutex> &lk) {
    run_unlocked(lk);
    return released_;
  }
  int wait_ready(std::unique_lock<std::mutex> &lk) {
    hand_off(lk);
    cv_.wait(lk);
    return waited_;
  }
  int get() {
    std::unique_lock<std::mutex> lk(mu_);
    return wait_relocked(lk) + wait_released(lk) + wait_ready(lk);
  }
  void set() {
    std::lock_guard<std::mutex> g(mu_);
    armed_ = true;
    ++relocked_;
    ++released_;
    ++waited_;
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool armed_ = false;
  int relocked_ = 0, released_ = 0, waited_ = 0;
};

// A helper that only constructors call, on the object they build (Boost's
// shared_state_base::set_deferred(), called by the derived deferred
// states' constructors), runs before the object is shared.
class Base {
public:
  void set_deferred() { deferred_ = true; }
  void set_async() { async_ = true; }
  void reset() { counter_ = 0; }
  ~Base() { reset(); }
  bool deferred() {
    std::lock_guard<std::mutex> g(mu_);
    return deferred_;
  }
  bool async() {
    std::lock_guard<std::mutex> g(mu_);
    return async_;
  }
  void run() {
    std::lock_guard<std::mutex> g(mu_);
    deferred_ = false;
    async_ = false;
    ++counter_;
  }

protected:
  std::mutex mu_;
  bool deferred_ = false;
  bool async_ = false;
  int counter_ = 0;
};

class Deferred : public Base {
public:
  Deferred() { set_deferred(); }
};

// set_async() is also called on an object already shared.
class Async : public Base {
public:
  Async() { this->set_async(); }
};
inline void restart(Async &a) { a.set_async(); }

// A witness called on another object through a smart pointer: the lock
// held there (`p_->mu_`) cannot be named from the callee; some lock is
// held at every call.
class Flag {
public:
  bool ready(std::unique_lock<std::mutex> &) { return ready_; }
  bool ready() {
    std::unique_lock<std::mutex> lk(mu_);
    return ready(lk);
  }
  void set() {
    std::lock_guard<std::mutex> g(mu_);
    ready_ = true;
  }
  std::mutex mu_;

private:
  bool ready_ = false;
};

class FlagUser {
public:
  bool check() {
    std::unique_lock<std::mutex> lk(p_->mu_);
    return p_->ready(lk);
  }

private:
  std::shared_ptr<Flag> p_;
};

// A witness passed on: a virtual method (callable from anywhere) hands its
// own guard on, still held (some lock); once released, nothing.
class Relay {
public:
  virtual ~Relay() = default;
  virtual int get(std::unique_lock<std::mutex> &lk) { return held(lk); }
  virtual int get_released(std::unique_lock<std::mutex> &lk) {
    lk.unlock();
    return released(lk);
  }
  int held(std::unique_lock<std::mutex> &) { return held_; }
  int released(std::unique_lock<std::mutex> &) { return released_; }
  int get() {
    std::unique_lock<std::mutex> lk(mu_);
    return held(lk) + released(lk);
  }
  void set() {
    std::lock_guard<std::mutex> g(mu_);
    ++held_;
    ++released_;
  }

private:
  std::mutex mu_;
  int held_ = 0, released_ = 0;
};

// A witness called in a catch handler: the CFG does not reach it, what is
// held there is not known; the other callers name the lock.
class Catcher {
public:
  void fail_internal(std::unique_lock<std::mutex> &) { failed_ = true; }
  void fail() {
    std::unique_lock<std::mutex> lk(mu_);
    fail_internal(lk);
  }
  void run() {
    std::unique_lock<std::mutex> lk(mu_);
    try {
      callback();
    } catch (...) {
      fail_internal(lk);
    }
  }
  bool failed() {
    std::lock_guard<std::mutex> g(mu_);
    return failed_;
  }

private:
  std::mutex mu_;
  bool failed_ = false;
};

// A getter only condition-variable waits call, as their predicate (a
// lambda, or a member pointer bound to the object), runs with the wait's
// lock held (Boost.Thread's `waiters.wait(lk, bind(&C::is_done,
// ref(*this)))`); one also called elsewhere does not.
class Latch {
public:
  bool is_done() { return done_; }
  bool is_ready() { return ready_; }
  bool is_open() { return open_; }
  void wait() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [this] { return is_done(); });
  }
  void wait_ready() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, std::bind(&Latch::is_ready, std::ref(*this)));
  }
  void wait_open() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [this] { return is_open(); });
  }
  bool peek() { return is_open(); }
  void finish() {
    std::lock_guard<std::mutex> g(mu_);
    done_ = true;
    ready_ = true;
    open_ = true;
    cv_.notify_all();
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false, ready_ = false, open_ = false;
};

// A getter named only in wait predicates, one wait on a guard a lock
// witness received (no visible call of wait_for_done(lk): some lock), the
// other on a guard of mu_: some lock at each wait, so some lock at every
// wait (Boost.Thread's is_done() in wait_internal(lk) and in a derived
// state's destructor).
class Gauge {
public:
  bool is_done() { return done_; }
  void wait_for_done(std::unique_lock<std::mutex> &lk) {
    cv_.wait(lk, std::bind(&Gauge::is_done, std::ref(*this)));
  }
  void drain() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, std::bind(&Gauge::is_done, std::ref(*this)));
  }
  void finish() {
    std::lock_guard<std::mutex> g(mu_);
    done_ = true;
    cv_.notify_all();
  }

private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
};

// A virtual witness: every visible caller (of it, or of a method it
// overrides: none here) passes its locked guard, so it runs with the
// callers' lock (Boost.Thread's set_continuation_ptr(c, unique_lock&)).
class Continuation {
public:
  virtual ~Continuation() = default;
  virtual void attach(std::unique_lock<std::mutex> &) {
    if (done_)
      callback();
  }
  void attach() {
    std::unique_lock<std::mutex> lk(mu_);
    attach(lk);
  }
  void finish() {
    std::lock_guard<std::mutex> g(mu_);
    done_ = true;
  }

private:
  std::mutex mu_;
  bool done_ = false;
};

} // namespace grd
