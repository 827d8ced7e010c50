// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// A guard built from another guard (utils/SyncTypes.h): its constructor
// takes the other guard by reference, makes it give up its lockable
// (`release()`) and converts that lockable's shared hold to an exclusive
// one (`unlock_upgrade_and_lock()`); its destructor unlocks. From the
// conversion on, the lock the other guard held is held exclusively: a
// write there is not a write "under a shared lock" that a shared reader
// races with.

#include <atomic>
#include <map>
#include <thread>

// A reader-writer spinlock with an upgrade step, written for this test.
class RwSpin {
public:
  void lock() {
    int Free = 0;
    while (!State.compare_exchange_weak(Free, -1))
      Free = 0;
  }
  void unlock() { State.store(0); }
  void lock_shared() {
    int N = State.load();
    while (N < 0 || !State.compare_exchange_weak(N, N + 1))
      N = State.load();
  }
  void unlock_shared() { State.fetch_sub(1); }
  void unlock_upgrade_and_lock() {
    // The caller holds one shared share; wait until it is the only one.
    int One = 1;
    while (!State.compare_exchange_weak(One, -1))
      One = 1;
  }

private:
  std::atomic<int> State{0};
};

template <class L> class ReadHold {
public:
  explicit ReadHold(L &M) : M_(&M) { M_->lock_shared(); }
  ~ReadHold() { unlock(); }
  void unlock() {
    if (M_) {
      M_->unlock_shared();
      M_ = nullptr;
    }
  }
  L *release() {
    L *R = M_;
    M_ = nullptr;
    return R;
  }

private:
  L *M_;
};

template <class L> class WriteFromRead {
public:
  template <class G> explicit WriteFromRead(G &Other) {
    M_ = Other.release();
    if (M_)
      M_->unlock_upgrade_and_lock();
  }
  ~WriteFromRead() { unlock(); }
  void unlock() {
    if (M_) {
      M_->unlock();
      M_ = nullptr;
    }
  }

private:
  L *M_ = nullptr;
};

// Readers look names up under the shared hold; a writer that misses
// upgrades its shared hold to an exclusive one before it inserts.
class NameCache_ok {
public:
  int lookup(int Key) {
    ReadHold<RwSpin> R(Lock);
    auto It = Names.find(Key);
    return It == Names.end() ? -1 : It->second;
  }
  int intern(int Key, int Value) {
    ReadHold<RwSpin> R(Lock);
    auto It = Names.find(Key);
    if (It != Names.end())
      return It->second;
    WriteFromRead<RwSpin> W(R);
    Names.emplace(Key, Value);
    return Value;
  }

private:
  RwSpin Lock;
  std::map<int, int> Names;
};

// The same class inserting under the shared hold alone: a shared hold
// does not keep two writers, or a writer and a reader, apart.
class NameCache_bad {
public:
  int lookup(int Key) {
    ReadHold<RwSpin> R(Lock);
    auto It = Names.find(Key);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'Names' is read without holding 'this->Lock', while other member functions of 'NameCache_bad' write it under that lock [conclint-unguarded-shared-state]
    return It == Names.end() ? -1 : It->second;
  }
  int intern(int Key, int Value) {
    ReadHold<RwSpin> R(Lock);
    Names.emplace(Key, Value);
    return Value;
  }

private:
  RwSpin Lock;
  std::map<int, int> Names;
};

// The upgrade taken in one branch only: on the other path the insert runs
// under the shared hold.
class NameCache_branch_bad {
public:
  int lookup(int Key) {
    ReadHold<RwSpin> R(Lock);
    auto It = Names.find(Key);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'Names' is read without holding 'this->Lock', while other member functions of 'NameCache_branch_bad' write it under that lock [conclint-unguarded-shared-state]
    return It == Names.end() ? -1 : It->second;
  }
  int intern(int Key, int Value, bool Exclusive) {
    ReadHold<RwSpin> R(Lock);
    if (Exclusive) {
      WriteFromRead<RwSpin> W(R);
      Names.emplace(Key, Value);
      return Value;
    }
    Names.emplace(Key, Value);
    return Value;
  }

private:
  RwSpin Lock;
  std::map<int, int> Names;
};

void use() {
  NameCache_ok A;
  NameCache_bad B;
  NameCache_branch_bad C;
  std::thread T([&] {
    A.intern(1, 2);
    B.intern(1, 2);
    C.intern(1, 2, true);
  });
  A.lookup(1);
  B.lookup(1);
  C.lookup(1);
  T.join();
}
