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
