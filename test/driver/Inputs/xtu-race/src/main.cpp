#include <thread>
#include "stats.h"

int main() {
  std::thread t(count_request);
  requests_served = 0;
  t.join();
  return 0;
}
