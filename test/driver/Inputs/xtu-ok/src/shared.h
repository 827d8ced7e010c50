#pragma once
#include <mutex>
extern long total;        // state.cpp
extern std::mutex total_mu;
void add_one();           // worker.cpp: locks total_mu
void poll_service();      // poll.cpp: does not block
