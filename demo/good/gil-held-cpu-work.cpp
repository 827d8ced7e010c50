// DEMO: no-generic-build
// Lesson (the GIL, from the C++ side): a C++ function that computes without
// touching Python objects should release the GIL while it runs. Bound with
// py::call_guard<py::gil_scoped_release>(), four Python threads calling
// count_primes run on all cores at once: on 2 cores the four calls finish in
// about half the time of the GIL-holding twin (demo/bad/gil-held-cpu-work.cpp).
// Built as the Python module `gil_released` by demo/gil/CMakeLists.txt;
// demo/gil/run.sh prints both wall times.

#include <pybind11/pybind11.h>

namespace py = pybind11;

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

PYBIND11_MODULE(gil_released, m) {
  m.doc() = "count_primes bound with the GIL released during the call";
  m.def("count_primes", &count_primes,
        py::call_guard<py::gil_scoped_release>());
}
