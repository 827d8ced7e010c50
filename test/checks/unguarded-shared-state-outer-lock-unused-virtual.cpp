// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// The lock-consistency rule's outer-lock exception
// (SharedAccesses::heldByAllCallers) follows every visible call of both
// methods up through their callers. A class template's virtual member is
// instantiated with the class, for its vtable, whether or not anything calls
// it; when nothing in the translation unit calls it (directly or through a
// method it overrides) nor takes its address, and no thread entry reaches
// it, the translation unit shows no chain through it: its calls are not
// counted (neither as holding a lock nor as holding none). Every other
// visible chain must still hold the lock, and each method needs at least
// one visible call.

#include <functional>
#include <mutex>
#include <thread>
#include <vector>

// A handle in the shape of a smart pointer: calls go through operator->.
template <class T> class Handle {
public:
  explicit Handle(T *p) : P(p) {}
  T *operator->() const { return P; }
  T &operator*() const { return *P; }

private:
  T *P;
};

// Hooks are called through their abstract base. matches() reads the target
// without the hook's own mutex; cut() clears it under that mutex (fire()
// runs on copies of the registry, outside the owner's lock). One base per
// case below: a call through a base's virtual may run every override.
template <int Case> class HookIface {
public:
  virtual ~HookIface() = default;
  virtual void fire() = 0;
  virtual bool matches(const HookIface &o) const = 0;
  virtual void cut() = 0;
};
using HookBase = HookIface<0>;
using TapBase = HookIface<1>;
using ProbeBase = HookIface<2>;

template <class T> class Hook_ok : public HookBase {
public:
  explicit Hook_ok(T *t) : Target(t) {}
  void fire() override {
    std::lock_guard<std::mutex> g(Mu);
    if (Target)
      Target->ping();
  }
  bool matches(const HookBase &o) const override {
    const auto *h = dynamic_cast<const Hook_ok *>(&o);
    return h && Target == h->Target;
  }
  void cut() override {
    std::lock_guard<std::mutex> g(Mu);
    Target = nullptr;
  }

private:
  T *Target;
  std::mutex Mu;
};

// A registry policy with a virtual interface. Its owner calls erase() and
// dropAll() under the owner's lock; eraseAt() is a virtual that nothing here
// calls: it exists only because the template was instantiated.
template <class H> class RegistryBase {
public:
  virtual ~RegistryBase() = default;
  virtual void erase(const H &h) = 0;
  virtual void eraseAt(H *p) = 0;
};

template <class H> class Registry : public RegistryBase<H> {
public:
  void add(Handle<H> h) { Hooks.push_back(h); }
  void erase(const H &h) override {
    for (auto it = Hooks.begin(); it != Hooks.end(); ++it)
      if (h.matches(**it)) {
        (*it)->cut();
        Hooks.erase(it);
        return;
      }
  }
  void eraseAt(H *p) override {
    for (auto it = Hooks.begin(); it != Hooks.end(); ++it)
      if (&**it == p) {
        (*it)->cut();
        Hooks.erase(it);
        return;
      }
  }
  void dropAll() {
    for (auto &h : Hooks)
      h->cut();
    Hooks.clear();
  }
  void fireAll() {
    for (auto &h : Hooks)
      h->fire();
  }

private:
  std::vector<Handle<H>> Hooks;
};

template <class H> class Signal {
public:
  void connect(Handle<H> h) {
    std::lock_guard<std::mutex> g(Mu);
    Reg.add(h);
  }
  void disconnect(const H &h) {
    std::lock_guard<std::mutex> g(Mu);
    Reg.erase(h);
  }
  void reset() {
    std::lock_guard<std::mutex> g(Mu);
    Reg.dropAll();
  }
  void emit() {
    Registry<H> copy;
    {
      std::lock_guard<std::mutex> g(Mu);
      copy = Reg;
    }
    copy.fireAll();
  }

private:
  Registry<H> Reg;
  std::mutex Mu;
};

struct Pinger {
  void ping() {}
};

void signal_ok() {
  Pinger p;
  Hook_ok<Pinger> stored(&p);
  Signal<HookBase> s;
  s.connect(Handle<HookBase>(&stored));
  s.emit();
  s.disconnect(Hook_ok<Pinger>(&p));
  s.reset();
}

// The same shape, but the owner also empties its registry without its lock
// (a visible call chain that holds nothing): the report stays.
template <class T> class Tap_bad : public TapBase {
public:
  explicit Tap_bad(T *t) : Target(t) {}
  void fire() override {
    std::lock_guard<std::mutex> g(Mu);
    if (Target)
      Target->ping();
  }
  bool matches(const TapBase &o) const override {
    const auto *h = dynamic_cast<const Tap_bad *>(&o);
    return h && Target == h->Target;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'Target' is read without holding 'this->Mu', while other member functions of 'Tap_bad' write it under that lock [conclint-unguarded-shared-state]
  }
  void cut() override {
    std::lock_guard<std::mutex> g(Mu);
    Target = nullptr;
  }

private:
  T *Target;
  std::mutex Mu;
};

class Bus {
public:
  void detach(const TapBase &h) {
    std::lock_guard<std::mutex> g(Mu);
    Reg.erase(h);
  }
  void shutdown() { Reg.dropAll(); }

private:
  Registry<TapBase> Reg;
  std::mutex Mu;
};

void bus_bad() {
  Pinger p;
  Bus b;
  b.detach(Tap_bad<Pinger>(&p));
  b.shutdown();
}

// Not a template: a public virtual that nothing here calls is part of the
// class's interface, written to be called from elsewhere, and its chain holds
// no lock: the report stays.
class Probe_bad : public ProbeBase {
public:
  void fire() override {}
  bool matches(const ProbeBase &o) const override {
    const auto *h = dynamic_cast<const Probe_bad *>(&o);
    return h && Id == h->Id;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'Id' is read without holding 'this->Mu', while other member functions of 'Probe_bad' write it under that lock [conclint-unguarded-shared-state]
  }
  void cut() override {
    std::lock_guard<std::mutex> g(Mu);
    Id = 0;
  }

private:
  int Id = 1;
  std::mutex Mu;
};

class ProbeList : public RegistryBase<ProbeBase> {
public:
  void erase(const ProbeBase &h) override {
    for (ProbeBase *p : Probes)
      if (h.matches(*p))
        p->cut();
  }
  void eraseAt(ProbeBase *p) override { p->cut(); }

private:
  std::vector<ProbeBase *> Probes;
};

class Panel {
public:
  void remove(const Probe_bad &p) {
    std::lock_guard<std::mutex> g(Mu);
    L.erase(p);
  }

private:
  ProbeList L;
  std::mutex Mu;
};

void panel_bad() {
  Panel pn;
  pn.remove(Probe_bad());
}

// A class template's virtual member that nothing here calls by name, but that
// a thread runs (a functor handed to std::thread): it runs, so its call of
// clear() is a visible chain, and it holds no lock.
class Meter_bad {
public:
  int peek() const {
    return V;
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'V' is read without holding 'this->Mu', while other member functions of 'Meter_bad' write it under that lock [conclint-unguarded-shared-state]
  }
  void clear() {
    std::lock_guard<std::mutex> g(Mu);
    V = 0;
  }

private:
  mutable std::mutex Mu;
  int V = 0;
};

template <int Case> class TaskIface {
public:
  virtual ~TaskIface() = default;
  virtual void operator()() = 0;
};

template <class M> class ClearTask : public TaskIface<0> {
public:
  explicit ClearTask(M *m) : Mt(m) {}
  void operator()() override { Mt->clear(); }

private:
  M *Mt;
};

std::mutex BoardMu;

void meter_bad() {
  Meter_bad m;
  {
    std::lock_guard<std::mutex> l(BoardMu);
    m.clear();
    (void)m.peek();
  }
  ClearTask<Meter_bad> t(&m);
  std::thread th(std::ref(t));
  th.join();
}
