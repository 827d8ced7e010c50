#include "task.h"

task poll_device() {
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  co_return;
}

task flaky_retry() {
  // A sleep kept on purpose, with the reason beside it.
  std::this_thread::sleep_for(std::chrono::milliseconds(1)); // NOLINT(conclint-blocking-call-in-coroutine): stalls the test executor on purpose
  co_return;
}
