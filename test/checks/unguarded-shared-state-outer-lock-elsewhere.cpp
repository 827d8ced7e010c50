// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// The lock-consistency rule's exception for two methods the translation unit
// never runs (SharedAccesses::neitherRunsHere). A delegate class template
// reads its target in equals() without its own mutex and clears it in
// disable() under that mutex; the event that owns the delegates calls both
// through the delegate's base, under the event's mutex. When this
// translation unit only constructs delegates and hands them on, the two
// virtual members are instantiated for the vtable and nothing here calls
// them, not even through the base: their runs, and the locks around them,
// are in other translation units. Nothing here shows them concurrent:
// silence. A visible call of either one (even through the base), or a class
// that is not a template, keeps the report.

#include <memory>
#include <mutex>
#include <vector>

// One interface per case: a call through a base's virtual may run every
// override of it.
template <int Case> class DelegateIface {
public:
  virtual ~DelegateIface() = default;
  virtual void invoke() = 0;
  virtual bool equals(const DelegateIface &o) const = 0;
  virtual void disable() = 0;
  virtual DelegateIface *clone() const = 0;
};

template <class T, int Case> class MethodDelegate : public DelegateIface<Case> {
public:
  using Base = DelegateIface<Case>;
  MethodDelegate(T *t, void (T::*m)()) : Target(t), Method(m) {}
  MethodDelegate(const MethodDelegate &o) : Target(o.Target), Method(o.Method) {}
  void invoke() override {
    std::lock_guard<std::mutex> g(Mu);
    if (Target)
      (Target->*Method)();
  }
  bool equals(const Base &o) const override {
    const auto *d = dynamic_cast<const MethodDelegate *>(&o);
    return d && Target == d->Target && Method == d->Method;
  }
  void disable() override {
    std::lock_guard<std::mutex> g(Mu);
    Target = nullptr;
  }
  Base *clone() const override { return new MethodDelegate(*this); }

private:
  T *Target;
  void (T::*Method)();
  std::mutex Mu;
};

// The event: a list of delegates through their base, every change under the
// event's mutex. remove() and clear() are the only callers of equals() and
// disable(); a client that only adds never instantiates them.
template <int Case> class Event {
public:
  using Base = DelegateIface<Case>;
  void operator+=(const Base &d) {
    std::lock_guard<std::mutex> g(Mu);
    List.emplace_back(d.clone());
  }
  void operator-=(const Base &d) {
    std::lock_guard<std::mutex> g(Mu);
    for (auto it = List.begin(); it != List.end(); ++it)
      if (d.equals(**it)) {
        (*it)->disable();
        List.erase(it);
        return;
      }
  }
  void clear() {
    std::lock_guard<std::mutex> g(Mu);
    for (auto &p : List)
      p->disable();
    List.clear();
  }
  void fire() {
    std::vector<std::shared_ptr<Base>> Copy;
    {
      std::lock_guard<std::mutex> g(Mu);
      Copy = List;
    }
    for (auto &p : Copy)
      p->invoke();
  }

private:
  std::vector<std::shared_ptr<Base>> List;
  std::mutex Mu;
};

// The owner of the events is defined in another translation unit: its
// constructor, destructor and the code that removes delegates are not here.
class Watcher {
public:
  Watcher();
  ~Watcher();
  Event<0> changed;
  Event<1> moved;
  Event<2> closed;
  void stop(); // removes and disables every delegate, under the events' locks
};

struct Client {
  void onChanged() {}
  void onMoved() {}
  void onClosed() {}
};

// Only adds: equals() and disable() of MethodDelegate<Client, 0> exist for
// the vtable; the event's remove and clear are never instantiated here.
void watcher_ok(Watcher &w, Client &c) {
  w.changed += MethodDelegate<Client, 0>(&c, &Client::onChanged);
  w.changed.fire();
  w.stop();
}

// A helper that is not a template returns a delegate by value: the class is
// instantiated with its vtable, and nothing here uses it at all.
struct Ticker {
  void tick() {}
};
inline MethodDelegate<Ticker, 3> tickDelegate(Ticker *t) {
  return MethodDelegate<Ticker, 3>(t, &Ticker::tick);
}

// A visible call of equals() (through the base) without the event's lock:
// equals() runs here, unlocked, and disable() is declared concurrent by its
// lock: the report stays, though disable() itself is never called here.
// (Another template for each report: one place is reported once.)
template <class T> class KeyDelegate : public DelegateIface<1> {
public:
  KeyDelegate(T *t) : Target(t) {}
  void invoke() override {
    std::lock_guard<std::mutex> g(Mu);
    if (Target)
      Target->onMoved();
  }
  bool equals(const DelegateIface<1> &o) const override {
    const auto *d = dynamic_cast<const KeyDelegate *>(&o);
    return d && Target == d->Target;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'Target' is read without holding 'this->Mu', while other member functions of 'KeyDelegate' write it under that lock [conclint-unguarded-shared-state]
  }
  void disable() override {
    std::lock_guard<std::mutex> g(Mu);
    Target = nullptr;
  }
  DelegateIface<1> *clone() const override { return new KeyDelegate(Target); }

private:
  T *Target;
  std::mutex Mu;
};
bool sameDelegate(const DelegateIface<1> &a, const DelegateIface<1> &b) {
  return a.equals(b);
}
void watcher_bad(Watcher &w, Client &c) {
  KeyDelegate<Client> d(&c);
  w.moved += d;
  if (!sameDelegate(d, d))
    w.moved.fire();
}

// disable() runs here (closeAll(), through the base) without any outer
// lock, and equals() runs nowhere here: one of the two runs here, and the
// report stays.
template <class T> class HandlerDelegate : public DelegateIface<2> {
public:
  HandlerDelegate(T *t) : Target(t) {}
  void invoke() override {
    std::lock_guard<std::mutex> g(Mu);
    if (Target)
      Target->onClosed();
  }
  bool equals(const DelegateIface<2> &o) const override {
    const auto *d = dynamic_cast<const HandlerDelegate *>(&o);
    return d && Target == d->Target;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'Target' is read without holding 'this->Mu', while other member functions of 'HandlerDelegate' write it under that lock [conclint-unguarded-shared-state]
  }
  void disable() override {
    std::lock_guard<std::mutex> g(Mu);
    Target = nullptr;
  }
  DelegateIface<2> *clone() const override { return new HandlerDelegate(Target); }

private:
  T *Target;
  std::mutex Mu;
};
class Closer {
public:
  void closeAll(DelegateIface<2> &d) { d.disable(); }
};
void closer_bad(Watcher &w, Client &c) {
  HandlerDelegate<Client> d(&c);
  w.closed += d;
  Closer().closeAll(d);
}

// Not a template: a class's public virtuals are its interface, written to be
// called from elsewhere; nothing here calls them, and the report stays.
class Observer_bad : public DelegateIface<4> {
public:
  void invoke() override {
    std::lock_guard<std::mutex> g(Mu);
    ++Calls;
  }
  bool equals(const DelegateIface<4> &o) const override {
    const auto *d = dynamic_cast<const Observer_bad *>(&o);
    return d && Id == d->Id;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'Id' is read without holding 'this->Mu', while other member functions of 'Observer_bad' write it under that lock [conclint-unguarded-shared-state]
  }
  void disable() override {
    std::lock_guard<std::mutex> g(Mu);
    Id = 0;
  }
  DelegateIface<4> *clone() const override { return nullptr; }

private:
  int Id = 1;
  int Calls = 0;
  std::mutex Mu;
};
