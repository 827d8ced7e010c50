#include "stats.h"

void bump(); // bump.cpp

void count_request() {
  for (int i = 0; i < 1000; ++i)
    bump();
}
