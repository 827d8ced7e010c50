#include "shared.h"
long total = 0;
std::mutex total_mu;
