#pragma once

// A delegate library in a header: function delegates are explicit
// specializations of a class template (ordinary classes, every member
// inline), each reading its target in equals() without its own mutex and
// clearing it in disable() under that mutex. The event that owns delegates
// (not here) calls both through the base, under the event's mutex. A
// decorator forwards both to the delegate it wraps, through the base, with
// no lock of its own, and inline factories build delegates by value.

#include <mutex>

namespace sd {

template <class Sender> class Delegate {
public:
  virtual ~Delegate() = default;
  virtual bool notify(const Sender *s) = 0;
  virtual bool equals(const Delegate &o) const = 0;
  virtual void disable() = 0;
  virtual Delegate *clone() const = 0;
  virtual const Delegate *unwrap() const { return this; }
};

template <class Sender> class FnDelegate;

// One specialization per case of the test (one place is reported once).

template <> class FnDelegate<void> : public Delegate<void> {
public:
  typedef void (*Fn)(const void *);
  explicit FnDelegate(Fn f) : F(f) {}
  FnDelegate(const FnDelegate &o) : Delegate<void>(o), F(o.F) {}
  bool notify(const void *s) override {
    std::lock_guard<std::mutex> g(Mu);
    if (!F)
      return false;
    F(s);
    return true;
  }
  bool equals(const Delegate<void> &o) const override {
    const auto *d = dynamic_cast<const FnDelegate *>(o.unwrap());
    return d && F == d->F;
  }
  void disable() override {
    std::lock_guard<std::mutex> g(Mu);
    F = nullptr;
  }
  Delegate<void> *clone() const override { return new FnDelegate(*this); }

private:
  Fn F;
  std::mutex Mu;
};

template <> class FnDelegate<char> : public Delegate<char> {
public:
  typedef void (*Fn)(const char *);
  explicit FnDelegate(Fn f) : F(f) {}
  FnDelegate(const FnDelegate &o) : Delegate<char>(o), F(o.F) {}
  bool notify(const char *s) override {
    std::lock_guard<std::mutex> g(Mu);
    if (!F)
      return false;
    F(s);
    return true;
  }
  bool equals(const Delegate<char> &o) const override {
    const auto *d = dynamic_cast<const FnDelegate *>(o.unwrap());
    return d && F == d->F;
  }
  void disable() override {
    std::lock_guard<std::mutex> g(Mu);
    F = nullptr;
  }
  Delegate<char> *clone() const override { return new FnDelegate(*this); }

private:
  Fn F;
  std::mutex Mu;
};

template <> class FnDelegate<int> : public Delegate<int> {
public:
  typedef void (*Fn)(const int *);
  explicit FnDelegate(Fn f) : F(f) {}
  FnDelegate(const FnDelegate &o) : Delegate<int>(o), F(o.F) {}
  bool notify(const int *s) override {
    std::lock_guard<std::mutex> g(Mu);
    if (!F)
      return false;
    F(s);
    return true;
  }
  bool equals(const Delegate<int> &o) const override {
    const auto *d = dynamic_cast<const FnDelegate *>(o.unwrap());
    return d && F == d->F;
  }
  void disable() override {
    std::lock_guard<std::mutex> g(Mu);
    F = nullptr;
  }
  Delegate<int> *clone() const override { return new FnDelegate(*this); }

private:
  Fn F;
  std::mutex Mu;
};

template <> class FnDelegate<short> : public Delegate<short> {
public:
  typedef void (*Fn)(const short *);
  explicit FnDelegate(Fn f) : F(f) {}
  FnDelegate(const FnDelegate &o) : Delegate<short>(o), F(o.F) {}
  bool notify(const short *s) override {
    std::lock_guard<std::mutex> g(Mu);
    if (!F)
      return false;
    F(s);
    return true;
  }
  bool equals(const Delegate<short> &o) const override {
    const auto *d = dynamic_cast<const FnDelegate *>(o.unwrap());
    return d && F == d->F;
  }
  void disable() override {
    std::lock_guard<std::mutex> g(Mu);
    F = nullptr;
  }
  Delegate<short> *clone() const override { return new FnDelegate(*this); }

private:
  Fn F;
  std::mutex Mu;
};

template <> class FnDelegate<long> : public Delegate<long> {
public:
  typedef void (*Fn)(const long *);
  explicit FnDelegate(Fn f) : F(f) {}
  FnDelegate(const FnDelegate &o) : Delegate<long>(o), F(o.F) {}
  bool notify(const long *s) override {
    std::lock_guard<std::mutex> g(Mu);
    if (!F)
      return false;
    F(s);
    return true;
  }
  bool equals(const Delegate<long> &o) const override {
    const auto *d = dynamic_cast<const FnDelegate *>(o.unwrap());
    return d && F == d->F;
  }
  void disable() override {
    std::lock_guard<std::mutex> g(Mu);
    F = nullptr;
  }
  Delegate<long> *clone() const override { return new FnDelegate(*this); }

private:
  Fn F;
  std::mutex Mu;
};

// The decorator: forwards through the base, without a lock.
template <class Sender> class Expiring;
template <> class Expiring<void> : public Delegate<void> {
public:
  Expiring(const Delegate<void> &d, long ms) : Inner(d.clone()), Ms(ms) {}
  Expiring(const Expiring &o) : Delegate<void>(o), Inner(o.Inner->clone()), Ms(o.Ms) {}
  ~Expiring() override { delete Inner; }
  bool notify(const void *s) override { return Ms > 0 && Inner->notify(s); }
  bool equals(const Delegate<void> &o) const override { return o.equals(*Inner); }
  void disable() override { Inner->disable(); }
  Delegate<void> *clone() const override { return new Expiring(*this); }
  const Delegate<void> *unwrap() const override { return Inner; }

private:
  Delegate<void> *Inner;
  long Ms;
};

// Factories: not templates, built in every translation unit that includes
// the header, used or not.
inline FnDelegate<void> delegate(void (*f)(const void *)) {
  return FnDelegate<void>(f);
}
inline Expiring<void> delegate(void (*f)(const void *), long ms) {
  return Expiring<void>(FnDelegate<void>(f), ms);
}
inline FnDelegate<long> delegate(void (*f)(const long *)) {
  return FnDelegate<long>(f);
}

} // namespace sd
