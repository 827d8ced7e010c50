// padding line 0 so that this TU weighs more
// padding line 1 so that this TU weighs more
// padding line 2 so that this TU weighs more
// padding line 3 so that this TU weighs more
// padding line 4 so that this TU weighs more
// padding line 5 so that this TU weighs more
// padding line 6 so that this TU weighs more
// padding line 7 so that this TU weighs more
// padding line 8 so that this TU weighs more
// padding line 9 so that this TU weighs more
int d_ok() { return 4; }
