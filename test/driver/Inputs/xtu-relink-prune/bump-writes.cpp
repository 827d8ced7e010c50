#include "stats.h"

void bump() { ++requests_served; }
