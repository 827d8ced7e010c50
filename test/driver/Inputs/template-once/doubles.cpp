#include "channel.h"
bool drainDoubles(Channel<double> &C) {
  C.put(1.0);
  C.close();
  return C.closed();
}
