#pragma once
extern long requests_served;   // stats.cpp
void count_request();          // worker.cpp: the thread entry
