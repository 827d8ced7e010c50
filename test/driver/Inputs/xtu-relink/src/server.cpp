#include "task.h"

void first_step();  // first.cpp: blocks through pause.h
void second_step(); // second.cpp: blocks through pause.h

Task serve() {
  first_step();
  co_return;
}

Task serve_more() {
  second_step();
  co_return;
}
