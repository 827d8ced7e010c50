// RUN: %check_conclint --fix-notes %s conclint-gil-held-cpu-work %t -- -std=c++11-or-later -isystem %S/Inputs/nanobind
// Plain -fix leaves the file alone: releasing the GIL changes what the
// program does, so the fix sits on a note.
// RUN: %check_conclint --expect-no-fixes --frontends=tidy --stdlibs=libstdc++ %s conclint-gil-held-cpu-work %t.nofix -- -std=c++11 -isystem %S/Inputs/nanobind

// nanobind bindings (against a stand-in header: nanobind is not packaged for
// Debian 12; see Inputs/nanobind/nanobind.h).

#include <nanobind.h>

#include <algorithm>
#include <vector>

namespace nb = nanobind;

long sum_to_bad(long n) {
  long s = 0;
  for (long i = 0; i < n; ++i)
    s += i;
  return s;
}

struct Sorter {
  std::vector<int> data;
  void sort_bad() { std::sort(data.begin(), data.end()); }
  int first_ok() const { return data.empty() ? 0 : data.front(); }
};

long released_ok(long n) {
  nb::gil_scoped_release release;
  long s = 0;
  for (long i = 0; i < n; ++i)
    s += i;
  return s;
}

void fill_ok(nb::list out, int n) {
  for (int i = 0; i < n; ++i)
    out.append(i);
}

NB_MODULE(nbmod, m) {
  m.def("sum_to", &sum_to_bad);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: function 'sum_to' exposed to Python does CPU-bound work while holding the GIL; Python threads calling it cannot run in parallel [conclint-gil-held-cpu-work]
  // CHECK-FIXES: m.def("sum_to", &sum_to_bad, nb::call_guard<nb::gil_scoped_release>());
  nb::class_<Sorter>(m, "Sorter")
      .def("sort", &Sorter::sort_bad, nb::arg("self"))
      // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: function 'sort' exposed to Python
      // CHECK-FIXES: .def("sort", &Sorter::sort_bad, nb::arg("self"), nb::call_guard<nb::gil_scoped_release>())
      .def("first", &Sorter::first_ok);
  m.def("released", &released_ok);
  m.def("guarded", &sum_to_bad, nb::call_guard<nb::gil_scoped_release>());
  m.def("fill", &fill_ok);
}
