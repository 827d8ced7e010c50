// RUN: %check_conclint %s conclint-gil-held-cpu-work %t -- -std=c++11-or-later $(/usr/bin/python3-config --includes)
// (The option variant below runs once, through conclint-tidy on libstdc++: the
// same check code reads the options in every front-end, and the first RUN line
// already covers both front-ends and both standard libraries.)
// RUN: %check_conclint --frontends=tidy --stdlibs=libstdc++ --check-suffix=STRICT \
// RUN:   --config='{CheckOptions: {conclint-gil-held-cpu-work.LinearScansAreHeavy: true}}' \
// RUN:   %s conclint-gil-held-cpu-work %t -- -std=c++11-or-later $(/usr/bin/python3-config --includes)

// Cheap linear scans under the GIL: one pass over a few objects is not worth
// releasing the GIL for; a pass over numbers is. The STRICT run sets
// LinearScansAreHeavy, which counts every loop of unknown trip count.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

namespace py = pybind11;

std::string join_ok(const std::vector<std::string> &words) {
  std::string out;
  for (const std::string &w : words)
    out += (out.empty() ? "" : ",") + w;
  return out;
}

double sum_bad(const std::vector<double> &values) {
  double s = 0;
  for (double v : values)
    s += v;
  return s;
}

// FN: a million points summed in one pass. The elements are structs, so the
// loop passes for a cheap scan over objects.
struct point {
  double x, y;
};
double FN_mean_x(const std::vector<point> &points) {
  double s = 0;
  for (const point &p : points)
    s += p.x;
  return points.empty() ? 0 : s / static_cast<double>(points.size());
}

PYBIND11_MODULE(scanmod, m) {
  m.def("join", &join_ok);
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:17: warning: function 'join' exposed to Python does CPU-bound work while holding the GIL
  m.def("sum", &sum_bad);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: function 'sum' exposed to Python does CPU-bound work while holding the GIL
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:16: warning: function 'sum' exposed to Python does CPU-bound work while holding the GIL
  m.def("mean_x", &FN_mean_x);
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:19: warning: function 'mean_x' exposed to Python does CPU-bound work while holding the GIL
}
