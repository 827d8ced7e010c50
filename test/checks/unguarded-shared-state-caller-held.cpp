// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// The lock-consistency rule (issue 13's recall item) reports an access in a
// public member function that lacks the lock the class's writers hold. A
// member function that only this translation unit can call (a private one,
// or any non-virtual one of a class defined in the main file or in an
// anonymous namespace, whose address is never taken) runs with the locks
// that EVERY one of its visible callers holds around the call: the
// intersection over the call sites, following a chain of such helpers
// (SharedAccesses::callerHeld). A lock of another object held at every call
// site (an outer lock) is held, though the callee cannot name it: silence.
// A method that other translation units may call (public in a header, or
// virtual) gets no such assumption.

#include <condition_variable>
#include <mutex>
#include <vector>

// Every caller of the predicate holds `mu`, also through a second helper and
// a condition-variable wait loop (the lock is re-held when the predicate is
// evaluated again).
class WorkerSet_ok {
public:
  bool overLimit() const { return static_cast<int>(workers.size()) > limit; }
  bool lastOverLimit(unsigned id) const {
    return overLimit() && id + 1 == workers.size();
  }
  void setLimit(int n) {
    std::lock_guard<std::mutex> g(mu);
    limit = n;
  }
  void work(unsigned id) {
    std::unique_lock<std::mutex> l(mu);
    while (!lastOverLimit(id) && jobs == 0)
      cv.wait(l);
    if (overLimit())
      cv.notify_all();
  }
  void add() {
    std::lock_guard<std::mutex> g(mu);
    ++jobs;
    if (!overLimit())
      cv.notify_one();
  }

private:
  std::mutex mu;
  std::condition_variable cv;
  std::vector<int> workers;
  int limit = 0;
  int jobs = 0;
};

// Both the read and the write run only under a lock of the owner (another
// object): the owner's lock orders them.
class Entry_ok {
public:
  bool matches(int k) const { return key == k; }
  void disable() {
    std::lock_guard<std::mutex> g(mu);
    key = -1;
  }

private:
  std::mutex mu;
  int key = 0;
};

class Table_ok {
public:
  void remove(int k) {
    std::lock_guard<std::mutex> g(tableMu);
    for (Entry_ok &e : entries)
      if (e.matches(k))
        e.disable();
  }

private:
  std::mutex tableMu;
  std::vector<Entry_ok> entries;
};

// One call site without the lock: the intersection is empty, the read in the
// helper is reported.
class Budget_bad {
public:
  int remaining() const {
    return left;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'left' is read without holding 'this->mu', while other member functions of 'Budget_bad' write it under that lock [conclint-unguarded-shared-state]
  }
  void spend(int n) {
    std::lock_guard<std::mutex> g(mu);
    if (remaining() >= n)
      left -= n;
  }
  bool empty() const { return remaining() == 0; }

private:
  mutable std::mutex mu;
  int left = 10;
};

// A virtual method may be called through its base from anywhere: no
// assumption, even if every call here holds the lock.
class Base {
public:
  virtual ~Base() = default;
  virtual int level() const = 0;
};

class Meter_bad : public Base {
public:
  int level() const override {
    return value;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'value' is read without holding 'this->mu', while other member functions of 'Meter_bad' write it under that lock [conclint-unguarded-shared-state]
  }
  void bump() {
    std::lock_guard<std::mutex> g(mu);
    value = level() + 1;
  }

private:
  mutable std::mutex mu;
  int value = 0;
};

// Its address is taken: it may be called from wherever the pointer goes.
class Dial_bad {
public:
  int get() const {
    return pos;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'pos' is read without holding 'this->mu', while other member functions of 'Dial_bad' write it under that lock [conclint-unguarded-shared-state]
  }
  void turn() {
    std::lock_guard<std::mutex> g(mu);
    pos = get() + 1;
  }

private:
  mutable std::mutex mu;
  int pos = 0;
};

int (Dial_bad::*dialGetter)() const = &Dial_bad::get;

// A call inside a lambda: where the lambda runs is not known, the lock held
// around its creation is not held around its call.
class Counter_bad {
public:
  int read() const {
    return n;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'n' is read without holding 'this->mu', while other member functions of 'Counter_bad' write it under that lock [conclint-unguarded-shared-state]
  }
  void inc() {
    std::lock_guard<std::mutex> g(mu);
    n = n + 1;
  }
  void schedule() {
    std::lock_guard<std::mutex> g(mu);
    auto f = [this] { return read(); };
    (void)f;
  }

private:
  mutable std::mutex mu;
  int n = 0;
};

// A lambda handed to a member function that calls it under the lock runs
// there, with that lock held (an arena whose allocation path takes its
// mutex around the callback that touches the backing store).
class Arena_ok {
public:
  int allocate(int n) {
    return locked([this, n] { return top += n; });
  }
  int size() {
    std::lock_guard<std::mutex> g(mu);
    return top;
  }
  void reset() {
    std::lock_guard<std::mutex> g(mu);
    top = 0;
  }

private:
  template <class F> int locked(F f) {
    std::lock_guard<std::mutex> g(mu);
    return f();
  }
  std::mutex mu;
  int top = 0;
};

// The callee calls it after releasing the lock: the write is unguarded.
class Spill_bad {
public:
  int allocate(int n) {
    return unlockedCall([this, n] { return top += n; });
    // CHECK-MESSAGES: :[[@LINE-1]]:44: warning: 'top' is written without holding 'this->mu', which guards it in other member functions of 'Spill_bad' [conclint-unguarded-shared-state]
  }
  int size() {
    std::lock_guard<std::mutex> g(mu);
    return top;
  }
  void reset() {
    std::lock_guard<std::mutex> g(mu);
    top = 0;
  }

private:
  template <class F> int unlockedCall(F f) {
    { std::lock_guard<std::mutex> g(mu); }
    return f();
  }
  std::mutex mu;
  int top = 0;
};

void use() {
  WorkerSet_ok w;
  w.setLimit(2);
  w.add();
  w.work(0);
  Table_ok t;
  t.remove(1);
  Budget_bad b;
  b.spend(1);
  (void)b.empty();
  Meter_bad m;
  m.bump();
  Dial_bad d;
  d.turn();
  Counter_bad c;
  c.inc();
  c.schedule();
  Arena_ok a;
  a.allocate(1);
  Spill_bad sp;
  sp.allocate(1);
}
