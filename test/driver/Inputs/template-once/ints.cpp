#include "channel.h"
bool drainInts(Channel<int> &C) {
  C.put(1);
  C.close();
  return C.closed();
}
