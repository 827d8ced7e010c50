#include "src/counter.h"
#include "src/guard.h"

int bump(int &n) {
  Guard{n};
  return ++n;
}
