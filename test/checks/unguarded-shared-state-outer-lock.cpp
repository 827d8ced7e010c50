// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// The lock-consistency rule reports a member that one public method writes
// under the object's lock and another accesses without it, on the
// assumption that clients call the two concurrently. When every call this
// translation unit shows of BOTH methods (directly, or through a virtual
// method of a base that they override, following their callers' own
// callers) holds a lock in common (here the owner's lock, which the callee
// cannot name), all the evidence there is says they run under one lock:
// silence (SharedAccesses::heldByAllCallers). One method without a visible
// call, or one visible call without the lock, keeps the report.

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <vector>

// An observer list in the shape of Poco's events: the delegates are class
// templates called through their abstract base; equals() reads without the
// delegate's own mutex, disable() writes under it; both run only from the
// strategy, which the event calls under the event's mutex.
template <class A> class AbstractDelegate {
public:
  virtual ~AbstractDelegate() = default;
  virtual bool notify(A &a) = 0;
  virtual bool equals(const AbstractDelegate &o) const = 0;
  virtual void disable() = 0;
};

template <class T, class A> class Delegate_ok : public AbstractDelegate<A> {
public:
  Delegate_ok(T *t, void (T::*m)(A &)) : Target(t), Method(m) {}
  bool notify(A &a) override {
    std::lock_guard<std::mutex> g(Mu);
    if (!Target)
      return false;
    (Target->*Method)(a);
    return true;
  }
  bool equals(const AbstractDelegate<A> &o) const override {
    const auto *d = dynamic_cast<const Delegate_ok *>(&o);
    return d && Target == d->Target && Method == d->Method;
  }
  void disable() override {
    std::lock_guard<std::mutex> g(Mu);
    Target = nullptr;
  }

private:
  T *Target;
  void (T::*Method)(A &);
  std::mutex Mu;
};

template <class A> class Strategy {
public:
  void add(std::shared_ptr<AbstractDelegate<A>> d) { Ds.push_back(d); }
  void remove(const AbstractDelegate<A> &d) {
    for (auto &p : Ds)
      if (d.equals(*p))
        p->disable();
  }
  void clear() {
    for (auto &p : Ds)
      p->disable();
    Ds.clear();
  }
  void notify(A &a) {
    for (auto &p : Ds)
      p->notify(a);
  }

private:
  std::vector<std::shared_ptr<AbstractDelegate<A>>> Ds;
};

template <class A> class Event {
public:
  void add(std::shared_ptr<AbstractDelegate<A>> d) {
    std::lock_guard<std::mutex> g(Mu);
    S.add(d);
  }
  void remove(const AbstractDelegate<A> &d) {
    std::lock_guard<std::mutex> g(Mu);
    S.remove(d);
  }
  void clear() {
    std::lock_guard<std::mutex> g(Mu);
    S.clear();
  }
  void notify(A &a) {
    Strategy<A> copy;
    {
      std::lock_guard<std::mutex> g(Mu);
      copy = S;
    }
    copy.notify(a);
  }

private:
  Strategy<A> S;
  std::mutex Mu;
};

struct Listener {
  void onValue(int &) {}
};

void events_ok() {
  Listener l;
  Event<int> e;
  e.add(std::make_shared<Delegate_ok<Listener, int>>(&l, &Listener::onValue));
  int v = 1;
  e.notify(v);
  e.remove(Delegate_ok<Listener, int>(&l, &Listener::onValue));
  e.clear();
}

// The same delegate shape, but one visible call of the writer holds no lock
// (a client disables it directly): the evidence does not show a lock in
// common.
template <class T> class Slot_bad {
public:
  explicit Slot_bad(T *t) : Target(t) {}
  virtual ~Slot_bad() = default;
  virtual bool same(const Slot_bad &o) const {
    return Target == o.Target;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'Target' is read without holding 'this->Mu', while other member functions of 'Slot_bad' write it under that lock [conclint-unguarded-shared-state]
  }
  virtual void disable() {
    std::lock_guard<std::mutex> g(Mu);
    Target = nullptr;
  }

private:
  T *Target;
  std::mutex Mu;
};

template <class T> class Board {
public:
  void drop(const Slot_bad<T> &s) {
    std::lock_guard<std::mutex> g(Mu);
    for (auto &p : Slots)
      if (s.same(*p))
        p->disable();
  }

private:
  std::vector<std::unique_ptr<Slot_bad<T>>> Slots;
  std::mutex Mu;
};

void slots_bad() {
  Listener l;
  Board<Listener> b;
  Slot_bad<Listener> s(&l);
  b.drop(s);
  s.disable();
}

// The reader has no visible call at all: nothing contradicts the rule's
// assumption.
class Gauge_bad {
public:
  int read() const {
    return Level;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'Level' is read without holding 'this->Mu', while other member functions of 'Gauge_bad' write it under that lock [conclint-unguarded-shared-state]
  }
  void set(int v) {
    std::lock_guard<std::mutex> g(Mu);
    Level = v;
  }

private:
  mutable std::mutex Mu;
  int Level = 0;
};

std::mutex PanelMu;

void gauge_bad() {
  Gauge_bad g;
  std::lock_guard<std::mutex> l(PanelMu);
  g.set(1);
}

// The lock around the calls is held only shared: two callers may run them at
// once.
class Cell_bad {
public:
  int get() const {
    return V;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'V' is read without holding 'this->Mu', while other member functions of 'Cell_bad' write it under that lock [conclint-unguarded-shared-state]
  }
  void put(int v) {
    std::lock_guard<std::mutex> g(Mu);
    V = v;
  }

private:
  mutable std::mutex Mu;
  int V = 0;
};

std::shared_mutex TableMu;

int read_cell(Cell_bad &c) {
  std::shared_lock<std::shared_mutex> l(TableMu);
  return c.get();
}

void write_cell(Cell_bad &c, int v) {
  std::shared_lock<std::shared_mutex> l(TableMu);
  c.put(v);
}
