#include "shared.h"

void add_one() {
  std::lock_guard<std::mutex> g(total_mu);
  ++total;
}
