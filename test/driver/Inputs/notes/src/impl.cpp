#include "api.h"

int one() { return 1; }

void conclint_test_note() {}
