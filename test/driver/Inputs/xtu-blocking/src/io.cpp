#include <thread>
#include <chrono>
#include "util.h"

void wait_for_disk() {
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
}
