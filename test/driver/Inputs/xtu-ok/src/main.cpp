#include <coroutine>
#include <thread>
#include "shared.h"

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

Task loop() {
  poll_service();
  co_return;
}

int main() {
  std::thread t(add_one);
  {
    std::lock_guard<std::mutex> g(total_mu);
    total = 0;
  }
  t.join();
  total = 5; // after the join: not concurrent
  loop();
  return 0;
}
