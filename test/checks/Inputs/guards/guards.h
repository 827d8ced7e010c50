// Classes other translation units see (a header): their public methods may
// be called from anywhere, so only a guard parameter lets the visible
// callers decide what a method runs with.
#include <condition_variable>
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

} // namespace grd
