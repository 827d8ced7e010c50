#include "../task.h"

// A test coroutine that sleeps on purpose to let a timer fire.
task waits_for_timer() {
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  co_return;
}
