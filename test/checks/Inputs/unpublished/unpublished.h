#pragma once

// Setup on an object no other thread can know yet (issue 13): a shared
// state whose public methods write under its mutex, and helpers that write
// the same members without it, each called only while the object is still
// private to the thread building it -- or not.

#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace unp {

class State : public std::enable_shared_from_this<State> {
public:
  virtual ~State() = default;
  // Only from constructors of derived states, on the object they build.
  void set_lazy() {
    lazy_ = true;
    mode_ = 1;
  }
  // Only through set_pool_policy(), from init(), which factories run on the
  // state they have just created, before handing it on.
  void set_pooled() {
    pooled_ = true;
    mode_ = 2;
  }
  void set_pool_policy(int pool) {
    set_pooled();
    pool_ = pool;
  }
  // Only on a local state, before a thread is given it.
  void set_local() { local_ = 1; }
  // From a derived constructor and from restart() on any state.
  void set_eager() { eager_ = true; }
  // Virtual: only a constructor calls it here, but it is an interface.
  virtual void set_tag() { tag_ = 1; }
  // From a constructor, after it has handed `this` to a thread.
  void set_late() { late_ = true; }
  // From a constructor, after it has handed `this` to a registry.
  void set_registered() { registered_ = 1; }
  // From a factory, after it has handed the state to a thread.
  void set_after_thread() { after_thread_ = 1; }
  // From init(), after shared_from_this() was handed to a pool.
  void set_after_submit() { after_submit_ = 1; }
  // From init(), before it hands the state to a pool; but init() is run
  // again on the same state, in a loop.
  void set_round() { round_ = 1; }

  void run() {
    std::lock_guard<std::mutex> g(mu_);
    lazy_ = false;
    pooled_ = false;
    mode_ = 0;
    pool_ = 0;
    local_ = 0;
    eager_ = false;
    tag_ = 0;
    late_ = false;
    registered_ = 0;
    after_thread_ = 0;
    after_submit_ = 0;
    round_ = 0;
  }

protected:
  std::mutex mu_;
  bool lazy_ = false;
  bool pooled_ = false;
  int mode_ = 0;
  int pool_ = 0;
  int local_ = 0;
  bool eager_ = false;
  int tag_ = 0;
  bool late_ = false;
  int registered_ = 0;
  int after_thread_ = 0;
  int after_submit_ = 0;
  int round_ = 0;
};

// Derived constructors setting up the state they build.
class LazyState : public State {
public:
  LazyState() { set_lazy(); }
};
template <class T> class TypedLazyState : public State {
public:
  explicit TypedLazyState(T v) : value_(v) { this->set_lazy(); }

private:
  T value_;
};

struct Pool {
  int id() const { return 1; }
  void submit(std::function<void()> f) { std::thread(std::move(f)).detach(); }
};

// Set up first, then handed to the pool.
class PoolState : public State {
public:
  void init(Pool &pool) {
    this->set_pool_policy(pool.id());
    std::shared_ptr<State> self = shared_from_this();
    pool.submit([self] { self->run(); });
  }
};

inline std::shared_ptr<State> make_pool_state(Pool &pool) {
  std::shared_ptr<PoolState> s(new PoolState());
  s->init(pool);
  return s;
}
inline std::shared_ptr<State> make_pool_state_shared(Pool &pool) {
  auto s = std::make_shared<PoolState>();
  s->init(pool);
  return s;
}

inline void local_then_thread() {
  LazyState s;
  s.set_local();
  std::thread t([&s] { s.run(); });
  t.join();
}

// Bad: the helper is also called on a state that may be shared.
class EagerState : public State {
public:
  EagerState() { set_eager(); }
};
inline void restart(State &s) { s.set_eager(); }

// Bad: a virtual helper.
class TaggedState : public State {
public:
  TaggedState() { set_tag(); }
};

// Bad: the constructor hands `this` to a thread before the helper runs.
class ThreadedState : public State {
public:
  ThreadedState() : worker_([this] { run(); }) { set_late(); }
  ~ThreadedState() override { worker_.join(); }

private:
  std::thread worker_;
};

// Bad: the constructor hands `this` to code compiled elsewhere first.
void register_state(State *s);
class RegisteredState : public State {
public:
  RegisteredState() {
    register_state(this);
    set_registered();
  }
};

// Bad: the factory hands the state to a thread before the helper runs.
inline void thread_then_setup() {
  auto s = std::make_shared<LazyState>();
  std::thread t([s] { s->run(); });
  s->set_after_thread();
  t.join();
}

// Bad: init() hands shared_from_this() to the pool before the helper runs.
class SubmitFirstState : public State {
public:
  void init(Pool &pool) {
    std::shared_ptr<State> self = shared_from_this();
    pool.submit([self] { self->run(); });
    this->set_after_submit();
  }
};
inline std::shared_ptr<State> make_submit_first(Pool &pool) {
  auto s = std::make_shared<SubmitFirstState>();
  s->init(pool);
  return s;
}

// Bad: the second init() runs on a state the first one handed on.
class RoundState : public State {
public:
  void init(Pool &pool) {
    this->set_round();
    std::shared_ptr<State> self = shared_from_this();
    pool.submit([self] { self->run(); });
  }
};
inline std::shared_ptr<State> make_rounds(Pool &pool) {
  auto s = std::make_shared<RoundState>();
  for (int i = 0; i < 2; ++i)
    s->init(pool);
  return s;
}

} // namespace unp
