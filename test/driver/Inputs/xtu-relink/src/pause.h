// Defined in every TU that includes it: the link takes its facts from the
// first TU in plan order that defines it.
#pragma once
#include <chrono>
#include <thread>

inline void pause_briefly() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
}
