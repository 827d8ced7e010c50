#pragma once
void refresh_cache();   // util.cpp: sleeps (through io.cpp)
void compute_digest();  // util.cpp: does not block
void wait_for_disk();   // io.cpp: blocks
