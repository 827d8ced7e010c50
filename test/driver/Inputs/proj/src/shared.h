#pragma once
#include <mutex>

inline int shared_bad(std::mutex &m, int &n) {
  std::unique_lock<std::mutex>{m};
  return ++n;
}
