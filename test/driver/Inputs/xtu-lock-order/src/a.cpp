#include <thread>
#include "locks.h"

void transfer() {
  std::lock_guard<std::mutex> l(m1);
  g();
}

int main() {
  std::thread t(transfer);
  t.join();
  return 0;
}
