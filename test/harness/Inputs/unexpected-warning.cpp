// Bad code with no expectation written down: the runner must reject it.
#include <thread>
void bad() {
  std::thread{[] {}};
}
