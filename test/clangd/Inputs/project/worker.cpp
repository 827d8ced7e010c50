#include <thread>

void work();

void run(bool fail) {
  std::thread t(work);
  if (fail)
    return;
  t.join();
}
