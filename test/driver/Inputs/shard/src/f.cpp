int f_ok() { return 6; }
