#include "stats.h"

void count_request() {
  for (int i = 0; i < 1000; ++i)
    ++requests_served;
}
