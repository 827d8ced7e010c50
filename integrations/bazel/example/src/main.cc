#include "src/counter.h"

int main() {
  int n = 0;
  return bump(n) - 1;
}
