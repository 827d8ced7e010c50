#include "shared.h"

int use_shared_ok(std::mutex &m, int &n) { return shared_bad(m, n); }
