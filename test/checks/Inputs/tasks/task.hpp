// A hand-written lazy task<T> as libraries such as cppcoro and folly write
// it: the body starts only when the task is awaited (initial_suspend is
// suspend_always), the awaiter resumes it with symmetric transfer, and an
// exception of the body is stored and rethrown in the awaiter. With it: an
// eager task, a lazy type read through its own awaiter, a generator, and
// helpers that run a task (sync_wait, start_detached).
#ifndef CONCLINT_TEST_TASK_HPP
#define CONCLINT_TEST_TASK_HPP

#include <coroutine>
#include <exception>
#include <optional>
#include <utility>

namespace lib {

template <class T = void> class task;

namespace detail {
struct promise_base {
  std::coroutine_handle<> continuation = std::noop_coroutine();
  std::exception_ptr error;
  std::suspend_always initial_suspend() noexcept { return {}; }
  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class P>
    std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      return h.promise().continuation;
    }
    void await_resume() noexcept {}
  };
  final_awaiter final_suspend() noexcept { return {}; }
  void unhandled_exception() { error = std::current_exception(); }
};
} // namespace detail

/// What task<T> and task<void> share: owning the coroutine, moving it, and
/// resuming it with symmetric transfer when awaited.
template <class Promise> class task_base {
public:
  explicit task_base(std::coroutine_handle<Promise> h) : h_(h) {}
  task_base(task_base &&o) noexcept : h_(std::exchange(o.h_, {})) {}
  task_base &operator=(task_base &&o) noexcept {
    if (this != &o) {
      if (h_)
        h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  ~task_base() {
    if (h_)
      h_.destroy();
  }
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<> c) noexcept {
    h_.promise().continuation = c;
    return h_;
  }
  std::coroutine_handle<Promise> handle() const { return h_; }

protected:
  void rethrow_if_failed() const {
    if (h_.promise().error)
      std::rethrow_exception(h_.promise().error);
  }
  std::coroutine_handle<Promise> h_;
};

template <class T> struct value_promise;
struct void_promise;

template <class T> class task : public task_base<value_promise<T>> {
public:
  using promise_type = value_promise<T>;
  using task_base<promise_type>::task_base;
  T await_resume() {
    this->rethrow_if_failed();
    return std::move(*this->h_.promise().value);
  }
};

template <> class task<void> : public task_base<void_promise> {
public:
  using promise_type = void_promise;
  using task_base<promise_type>::task_base;
  void await_resume() { rethrow_if_failed(); }
};

template <class T> struct value_promise : detail::promise_base {
  std::optional<T> value;
  task<T> get_return_object() {
    return task<T>{std::coroutine_handle<value_promise>::from_promise(*this)};
  }
  void return_value(T v) { value = std::move(v); }
};

struct void_promise : detail::promise_base {
  task<void> get_return_object() {
    return task<void>{std::coroutine_handle<void_promise>::from_promise(*this)};
  }
  void return_void() {}
};

/// Runs a task to completion on the calling thread (its awaits must
/// complete inline, as in these tests).
template <class T> T sync_wait(task<T> t) {
  auto h = t.handle();
  h.resume();
  return t.await_resume();
}
inline void sync_wait(task<void> t) {
  auto h = t.handle();
  h.resume();
  t.await_resume();
}

/// Starts a task and lets it run on its own; an exception it throws is
/// lost (stored in a promise nobody reads).
inline void start_detached(task<void> &&t) {
  auto *owned = new task<void>(std::move(t));
  owned->handle().resume();
}

/// An eager task: the body runs when the coroutine is called.
struct eager_task {
  struct promise_type {
    eager_task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};

/// A lazy task whose initial awaiter is its own class (read through its
/// await_ready).
struct lazy_custom {
  struct start_later {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  struct promise_type {
    lazy_custom get_return_object() {
      return lazy_custom{
          std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    start_later initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  explicit lazy_custom(std::coroutine_handle<promise_type> h) : h(h) {}
  lazy_custom(lazy_custom &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~lazy_custom() {
    if (h)
      h.destroy();
  }
  bool await_ready() const noexcept { return false; }
  std::coroutine_handle<> await_suspend(std::coroutine_handle<>) noexcept {
    return h;
  }
  void await_resume() noexcept {}
  std::coroutine_handle<promise_type> h;
};

/// A lazy generator: not awaitable, so not a task.
struct generator {
  struct promise_type {
    int value = 0;
    generator get_return_object() {
      return generator{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int v) {
      value = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  explicit generator(std::coroutine_handle<promise_type> h) : h(h) {}
  generator(generator &&o) noexcept : h(std::exchange(o.h, {})) {}
  ~generator() {
    if (h)
      h.destroy();
  }
  std::coroutine_handle<promise_type> h;
};

} // namespace lib

#endif
