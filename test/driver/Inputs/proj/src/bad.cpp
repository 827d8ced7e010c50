#include <mutex>
#include "shared.h"

std::mutex bad_m;
int bad_counter = 0;

void increment_bad() {
  std::lock_guard<std::mutex>{bad_m};
  ++bad_counter;
}
