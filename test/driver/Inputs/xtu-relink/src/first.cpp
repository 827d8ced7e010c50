#include "pause.h"

void first_step() { pause_briefly(); }
