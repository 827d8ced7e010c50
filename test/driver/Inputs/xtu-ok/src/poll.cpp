#include "shared.h"
static int polls = 0;
void poll_service() { polls = polls + 1; }

// A lockable whose destructor unlocks itself: deciding whether it is a
// guard asks whether it is lockable (once a stack overflow, seen on the
// corpus when every function's locks are summarised).
struct SelfUnlocking {
  void lock() {}
  void unlock() {}
  ~SelfUnlocking() { unlock(); }
};
static SelfUnlocking self_lock;
void poll_locked() {
  self_lock.lock();
  polls = polls + 1;
  self_lock.unlock();
}
