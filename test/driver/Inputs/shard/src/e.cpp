#include "common.h"
// padding line 0 so that this TU weighs more
// padding line 1 so that this TU weighs more
// padding line 2 so that this TU weighs more
// padding line 3 so that this TU weighs more
// padding line 4 so that this TU weighs more
void e_bad(int &m) {
  Guard{m};
  ++m;
}
