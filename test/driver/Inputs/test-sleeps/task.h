#pragma once
#include <chrono>
#include <coroutine>
#include <exception>
#include <thread>

// A minimal eager coroutine type.
struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};
