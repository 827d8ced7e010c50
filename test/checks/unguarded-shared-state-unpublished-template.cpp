// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// A set-up helper whose only callers are constructors of class templates
// that this translation unit never instantiates (utils/ExprShapes.h
// dependentThisCallees, utils/SharedAccesses.h runsOnlyUnpublished): the
// call `this->mark_lazy()` in such a constructor names its callee only
// through a dependent base, `Typed<R>`, whose primary template derives from
// the lock-owning class. Looked up there, it is a visible call made by a
// constructor on the object it builds, as in an instantiated template.
// A helper that a template's ordinary method calls, or that nothing calls,
// stays a root of the lock-consistency rule.

#include <mutex>

class Base {
public:
  void wait_ready() {
    std::lock_guard<std::mutex> G(Mu);
    while (!Lazy && !Ready)
      Ready = Lazy;
  }
  void set_ready() {
    std::lock_guard<std::mutex> G(Mu);
    Ready = true;
    Lazy = false;
    Late = false;
    Escaped = false;
    Orphan = false;
  }
  // Called only from the constructors of LazyOf below.
  void mark_lazy() { Lazy = true; }
  // Called by LateOf::restart(), on an object other threads may know.
  // CHECK-MESSAGES: :[[@LINE+1]]:22: warning: 'Late' is written without holding 'this->Mu', which guards it in other member functions of 'Base' [conclint-unguarded-shared-state]
  void mark_late() { Late = true; }
  // Called only by EscapedOf's constructor, after it handed `this` on.
  // CHECK-MESSAGES: :[[@LINE+1]]:25: warning: 'Escaped' is written without holding 'this->Mu', which guards it in other member functions of 'Base' [conclint-unguarded-shared-state]
  void mark_escaped() { Escaped = true; }
  // Called by nothing this translation unit holds: any client may.
  // CHECK-MESSAGES: :[[@LINE+1]]:24: warning: 'Orphan' is written without holding 'this->Mu', which guards it in other member functions of 'Base' [conclint-unguarded-shared-state]
  void mark_orphan() { Orphan = true; }

private:
  std::mutex Mu;
  bool Ready = false;
  bool Lazy = false;
  bool Late = false;
  bool Escaped = false;
  bool Orphan = false;
};

template <typename R> class Typed : public Base {
public:
  R Value{};
};
// A partial specialisation: a dependent `Typed<R>` may be this one too.
template <typename R> class Typed<R *> : public Base {
public:
  R *Value = nullptr;
};

void publish(Base *B);

// mark_lazy_ok: the dependent call from each constructor, never instantiated.
template <typename R, typename F> class LazyOf : public Typed<R> {
public:
  explicit LazyOf(F Fn) : Fn(Fn) { this->mark_lazy(); }
  LazyOf(F Fn, int) : Fn(Fn) {
    if (Fn)
      this->mark_lazy();
  }

private:
  F Fn;
};

// mark_late_bad: a dependent call from a method that runs on a shared
// object.
template <typename R> class LateOf : public Typed<R> {
public:
  void restart() { this->mark_late(); }
};

// mark_escaped_bad: the constructor hands `this` on before the call.
template <typename R> class EscapedOf : public Typed<R> {
public:
  EscapedOf() {
    publish(this);
    this->mark_escaped();
  }
};
