#pragma once
int bump(int &n);
