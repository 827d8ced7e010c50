#include <mutex>

std::mutex good_m;
int good_counter = 0;

void increment_ok() {
  std::lock_guard<std::mutex> guard(good_m);
  ++good_counter;
}
