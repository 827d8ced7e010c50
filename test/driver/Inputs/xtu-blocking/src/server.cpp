#include <chrono>
#include <thread>
#include "task.h"
#include "util.h"

Task serve() {
  compute_digest();
  refresh_cache();
  co_return;
}

static void tidy_up() { refresh_cache(); }

Task serve_again() {
  tidy_up();
  co_return;
}

// Blocks in this TU: the check's own finding, with or without summaries.
Task nap() {
  std::this_thread::sleep_for(std::chrono::seconds(1));
  co_return;
}
