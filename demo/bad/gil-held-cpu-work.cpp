// DEMO: no-generic-build
// Lesson (the GIL, from the C++ side): a C++ function bound into Python keeps
// the GIL for its whole run unless it releases it. Four Python threads
// calling this CPU-bound count_primes therefore take turns: the wall time of
// four calls is about four single calls, however many cores there are. The
// twin, demo/good/gil-held-cpu-work.cpp, binds the same function with
// py::call_guard<py::gil_scoped_release>() and runs in parallel. Built as the
// Python module `gil_held` by demo/gil/CMakeLists.txt; demo/gil/run.sh times
// both from a ThreadPoolExecutor with four workers.

#include <pybind11/pybind11.h>

namespace py = pybind11;

// Touches no Python object: safe to run without the GIL.
long long count_primes(long long limit) {
  long long count = 0;
  for (long long i = 2; i < limit; ++i) {
    bool prime = true;
    for (long long d = 2; d * d <= i; ++d)
      if (i % d == 0) {
        prime = false;
        break;
      }
    count += prime;
  }
  return count;
}

PYBIND11_MODULE(gil_held, m) {
  m.doc() = "count_primes bound with the GIL held (the mistake)";
  m.def("count_primes", &count_primes);
  // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: function 'count_primes' exposed to Python does CPU-bound work while holding the GIL; Python threads calling it cannot run in parallel [conclint-gil-held-cpu-work]
}
