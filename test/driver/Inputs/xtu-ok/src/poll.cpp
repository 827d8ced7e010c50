#include "shared.h"
static int polls = 0;
void poll_service() { polls = polls + 1; }
