#include <mutex>
extern std::mutex m1, m2;
void g();
void h();
