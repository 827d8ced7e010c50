#include "common.h"
// padding line 0 so that this TU weighs more
// padding line 1 so that this TU weighs more
// padding line 2 so that this TU weighs more
// padding line 3 so that this TU weighs more
// padding line 4 so that this TU weighs more
// padding line 5 so that this TU weighs more
// padding line 6 so that this TU weighs more
// padding line 7 so that this TU weighs more
// padding line 8 so that this TU weighs more
// padding line 9 so that this TU weighs more
// padding line 10 so that this TU weighs more
// padding line 11 so that this TU weighs more
// padding line 12 so that this TU weighs more
// padding line 13 so that this TU weighs more
// padding line 14 so that this TU weighs more
// padding line 15 so that this TU weighs more
// padding line 16 so that this TU weighs more
// padding line 17 so that this TU weighs more
// padding line 18 so that this TU weighs more
// padding line 19 so that this TU weighs more
// padding line 20 so that this TU weighs more
// padding line 21 so that this TU weighs more
// padding line 22 so that this TU weighs more
// padding line 23 so that this TU weighs more
// padding line 24 so that this TU weighs more
void c_bad(int &m) {
  Guard{m};
  ++m;
}
