// Includes no header of the runner's prelude, so no run of it gets the
// precompiled prelude: a file that does not include the standard library
// may declare what the prelude would bring in.
namespace std {
struct thread_like {};
}
int f() { return 0; }
