// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// Issue 13: "different data members of one object touched by different
// threads do not race". A member call whose body touches only the object's
// synchronisation state (atomics, mutexes, condition variables, const
// members, or members that synchronise themselves) is no access of the
// object's data, whatever the rest of the class does
// (utils/Accesses.h, SelfSyncOracle::callTouchesOnlySyncState). The shape
// the corpus had: a server whose `serve()` fills its containers on its own
// thread, stopped and polled from another through atomics only.

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

class Listener {
public:
  void route(const std::string &path, int code) { Routes[path] = code; }
  void clearLog() { Log.clear(); }
  void serve() {
    Running = true;
    while (!Stopping.load()) {
      Log.push_back("tick");
      Served++;
    }
    Running = false;
  }
  bool running() const { return Running.load(); }
  void stop() {
    if (Running)
      Stopping.store(true);
  }
  void stopAndWait() {
    stop(); // forwards to a method that touches atomics only
    while (running()) {
    }
  }
  int served() const { return Served; }
  size_t logged() const { return Log.size(); }

private:
  std::map<std::string, int> Routes;
  std::vector<std::string> Log;
  int Served = 0;
  std::atomic<bool> Running{false};
  std::atomic<bool> Stopping{false};
};

// Set up, started, polled and stopped through atomics only: no race.
void server_stopped_through_atomics_ok() {
  Listener L;
  L.route("/", 200);
  std::thread T([&L] { L.serve(); });
  while (!L.running()) {
  }
  L.stop();
  T.join();
}

// Forwarding to the atomics-only methods is the same.
void server_stopped_through_forwarder_ok() {
  Listener L2;
  std::thread T([&L2] { L2.serve(); });
  L2.stopAndWait();
  T.join();
}

// A const getter that reads a plain member written by `serve()` still races.
void getter_of_plain_member_bad() {
  Listener L3;
  std::thread T([&L3] { L3.serve(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'L3' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  int n = L3.served();
  (void)n;
  L3.stop();
  T.join();
}

// A setter that writes a container `serve()` writes too, while it runs,
// still races.
void setter_after_start_bad() {
  Listener L4;
  std::thread T([&L4] { L4.serve(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'L4' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  L4.clearLog();
  L4.stop();
  T.join();
}

// Changed verdict (2026-12-03, utils/FieldEffects.h): this case was
// `setter_after_start_bad` with `route()`. `route()` writes only `Routes`,
// which `serve()` never touches (it writes `Log` and `Served`, and the
// atomics): different members of one object, no race. The case above now
// writes a member `serve()` writes as well.
void setter_of_member_serve_never_touches_ok() {
  Listener L5;
  std::thread T([&L5] { L5.serve(); });
  L5.route("/late", 404);
  L5.stop();
  T.join();
}

// `this` handed on: what the callee does with the object is not shown, so
// the method is not "synchronisation only" and the race with serve() stays.
class Leaky;
void inspect(Leaky &);
class Leaky {
public:
  void serve() {
    while (!Stopping.load())
      Count++;
  }
  void poke() {
    Stopping.store(true);
    inspect(*this);
  }
  int Count = 0;
  std::atomic<bool> Stopping{false};
};
void this_escapes_bad() {
  Leaky K;
  std::thread T([&K] { K.serve(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'K' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  K.poke();
  T.join();
}

// A virtual method may be overridden by one that touches data: called
// through a reference (or pointer), an override may run. (This case used to
// call `B.halt()` on the local itself; a call on a complete object runs
// Base::halt exactly, which touches only the atomic, so that call is now
// silent: virtual_call_on_object_ok.)
class Base {
public:
  virtual ~Base() = default;
  virtual void halt() { Stopping.store(true); }
  void serve() {
    while (!Stopping.load())
      Count++;
  }
  int Count = 0;
  std::atomic<bool> Stopping{false};
};
void virtual_call_bad() {
  Base B;
  std::thread T([&B] { B.serve(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'B' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  Base &Ref = B;
  Ref.halt();
  T.join();
}
void virtual_call_on_object_ok() {
  Base B;
  std::thread T([&B] { B.serve(); });
  B.halt();
  T.join();
}

// ---------------------------------------------------------------------------
// The lock-consistency rule (issue 13's recall item) asks whether a class
// that locks its own mutex around a member writes or reads it elsewhere
// without the lock. A class that is itself a synchronisation type is not
// such a class: a guard's `Owns` flag is set after it locks the mutex it
// manages, which guards its users' data, not the guard (one thread owns a
// guard); a lockable's own bookkeeping is the lock's implementation.
class MyGuard {
public:
  explicit MyGuard(std::mutex &M) : Mu(&M) { lock(); }
  ~MyGuard() {
    if (Owns)
      Mu->unlock();
  }
  void lock() {
    Mu->lock();
    Owns = true;
  }
  void unlock() {
    Owns = false;
    Mu->unlock();
  }
  void release() { Owns = false; }

private:
  std::mutex *Mu;
  bool Owns = false;
};
void guard_bookkeeping_ok() {
  std::mutex M;
  MyGuard G(M);
  G.release();
}

// A class that merely locks its own mutex around a member is checked as
// before: an unlocked write in another public method is reported.
class Tally {
public:
  void add(int N) {
    std::lock_guard<std::mutex> L(Mu);
    Total += N;
  }
  void reset() { Total = 0; }
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'Total' is written without holding 'this->Mu', which guards it in other member functions of 'Tally' [conclint-unguarded-shared-state]
  // CHECK-MESSAGES: :[[@LINE-4]]:5: note: 'Total' is written while holding 'this->Mu' here

private:
  std::mutex Mu;
  int Total = 0;
};

// ---------------------------------------------------------------------------
// A project guard whose destructor unlocks through a method of its own
// (`~Guard() { unlock(); }`, `unlock()` releasing the mutex it remembers) is
// a guard (utils/SyncTypes.h): its scope holds the lock, and an early
// `unlock()` releases it like unique_lock's.
template <class M> class EarlyReleaseLock {
public:
  explicit EarlyReleaseLock(M &Mu) : P(&Mu) { P->lock(); }
  ~EarlyReleaseLock() { unlock(); }
  void unlock() {
    if (P) {
      P->unlock();
      P = nullptr;
    }
  }

private:
  M *P;
};

class Registry {
public:
  void add(int V) {
    std::lock_guard<std::mutex> L(Mu);
    Last = V;
  }
  int snapshot_ok() {
    EarlyReleaseLock<std::mutex> L(Mu);
    int Copy = Last;
    L.unlock();
    return Copy;
  }
  int afterRelease() {
    EarlyReleaseLock<std::mutex> L(Mu);
    L.unlock();
    return Last;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'Last' is read without holding 'this->Mu', while other member functions of 'Registry' write it under that lock [conclint-unguarded-shared-state]
    // CHECK-MESSAGES: :[[@LINE-13]]:5: note: 'Last' is written while holding 'this->Mu' here
  }

private:
  std::mutex Mu;
  int Last = 0;
};

// A virtual getter of a const member, called on a data member (a complete
// object, not a pointer or reference): the call runs that class's own
// override, which reads only a member set in the constructor, so it is no
// access of the member the locked methods write.
class Allocator {
public:
  virtual ~Allocator() = default;
  virtual unsigned blockSize() const = 0;
  virtual unsigned usedBytes() const = 0;
  virtual void take(unsigned n) = 0;
};

class Bump : public Allocator {
public:
  explicit Bump(unsigned b) : Block(b) {}
  unsigned blockSize() const override { return Block; }
  unsigned usedBytes() const override { return Used; }
  void take(unsigned n) override { Used += n; }

private:
  const unsigned Block;
  unsigned Used = 0;
};

class LockedBump_ok {
public:
  unsigned blockSize() const { return Arena.blockSize(); }
  void take(unsigned n) {
    std::lock_guard<std::mutex> L(Mu);
    Arena.take(n);
  }

private:
  std::mutex Mu;
  Bump Arena{64};
};

// The override read reads the data the locked call writes.
class LockedBump_bad {
public:
  unsigned used() const {
    return Arena.usedBytes();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'Arena' is read without holding 'this->Mu', while other member functions of 'LockedBump_bad' write it under that lock [conclint-unguarded-shared-state]
    // CHECK-MESSAGES: :[[@LINE+4]]:5: note: 'Arena' is written while holding 'this->Mu' here
  }
  void take(unsigned n) {
    std::lock_guard<std::mutex> L(Mu);
    Arena.take(n);
  }

private:
  std::mutex Mu;
  Bump Arena{64};
};

// A reader guard whose constructor locks through a method of its own
// (`shared_lock(M &m) : m(&m) { lock(); }`, `lock() { m->lock_shared(); }`,
// as Boost's shared_lock does) holds the lock shared for its scope.
class RWMutex {
public:
  void lock();
  void unlock();
  void lock_shared();
  void unlock_shared();
};

template <class M> class ReaderLock {
public:
  explicit ReaderLock(M &m) : Mx(&m) { lock(); }
  ~ReaderLock() {
    if (Held)
      Mx->unlock_shared();
  }
  void lock() {
    Mx->lock_shared();
    Held = true;
  }
  void unlock() {
    Mx->unlock_shared();
    Held = false;
  }

private:
  M *Mx;
  bool Held = false;
};

// Its lock() does not touch the mutex it was given: not a guard.
template <class M> class FakeLock {
public:
  explicit FakeLock(M &m) : Mx(&m) { lock(); }
  ~FakeLock() { Mx->unlock_shared(); }
  void lock() { Calls++; }
  void unlock() { Calls--; }

private:
  M *Mx;
  int Calls = 0;
};

class Roster {
public:
  bool has_ok(int v) {
    ReaderLock<RWMutex> G(Mu);
    for (int x : Items)
      if (x == v)
        return true;
    return false;
  }
  int first() {
    FakeLock<RWMutex> G(Mu);
    return Items.empty() ? 0 : Items.front();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'Items' is read without holding 'this->Mu', while other member functions of 'Roster' write it under that lock [conclint-unguarded-shared-state]
  }
  void add(int v) {
    std::lock_guard<RWMutex> G(Mu);
    Items.push_back(v);
  }

private:
  RWMutex Mu;
  std::vector<int> Items;
};

// A reader guard that acquires by another name: its constructor calls a
// member of the lockable it received other than lock() (pplx's
// `scoped_lock_read(rw &l) : m(l) { m.lock_read(); }`) and its destructor
// unlocks that lockable. Held shared: it excludes the holders of lock().
class RWLockImpl {
public:
  void lock();
  void lock_read();
  void unlock();
  bool try_read();
};

class ScopedRead {
public:
  explicit ScopedRead(RWLockImpl &l) : L(l) { L.lock_read(); }
  ~ScopedRead() { L.unlock(); }

private:
  RWLockImpl &L;
};

// Its constructor only asks (a member returning a value): not a guard.
class TryRead {
public:
  explicit TryRead(RWLockImpl &l) : L(l) { Got = L.try_read(); }
  ~TryRead() { L.unlock(); }

private:
  RWLockImpl &L;
  bool Got = false;
};

class Listeners {
public:
  int count_ok() {
    ScopedRead G(Lk);
    return static_cast<int>(Items.size());
  }
  int first() {
    TryRead G(Lk);
    return Items.empty() ? 0 : Items.front();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'Items' is read without holding 'this->Lk', while other member functions of 'Listeners' write it under that lock [conclint-unguarded-shared-state]
  }
  void add(int v) {
    std::lock_guard<RWLockImpl> G(Lk);
    Items.push_back(v);
  }

private:
  RWLockImpl Lk;
  std::vector<int> Items;
};
