#include "src/guard.h"
Guard::Guard(int &) {}
Guard::~Guard() {}
