#include <thread>
#include "locks.h"
std::mutex m1, m2;

void g() {
  std::lock_guard<std::mutex> l(m2);
}

void audit() {
  std::lock_guard<std::mutex> l2(m2);
  std::lock_guard<std::mutex> l1(m1);
}

void start_audit() {
  std::thread t(audit);
  t.detach();
}
