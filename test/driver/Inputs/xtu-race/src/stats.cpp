#include "stats.h"
long requests_served = 0;
