#include "pause.h"

void second_step() { pause_briefly(); }
