// Control: a "good" program that runs cleanly but holds a thread temporary
// that would be destroyed while joinable (never reached at run time). Its
// silent test must fail and name this file.
#include <thread>

int main(int argc, char **) {
  if (argc > 5) {
    std::thread([] {});
  }
  return 0;
}
