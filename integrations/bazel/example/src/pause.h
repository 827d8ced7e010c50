#pragma once
void pause_briefly(); // pause.cc: sleeps
