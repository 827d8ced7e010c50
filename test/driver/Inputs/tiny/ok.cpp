// A TU that needs no header: it analyses in a fraction of a second even on
// a loaded machine, and has one finding.
struct Guard {
  Guard(int);
  ~Guard();
};
void f() {
  Guard(1);
  Guard Named(2);
}
