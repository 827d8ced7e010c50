#include <chrono>
#include <thread>
#include "src/pause.h"

void pause_briefly() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
}
