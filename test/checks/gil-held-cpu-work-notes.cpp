// RUN: %check_conclint %s conclint-gil-held-cpu-work %t -- -std=c++20 $(/usr/bin/python3-config --includes)
// RUN: %check_conclint --frontends=tidy --stdlibs=libstdc++ --check-suffix=OPT \
// RUN:   --config='{CheckOptions: {conclint-gil-held-cpu-work.SmallTripCount: 4, conclint-gil-held-cpu-work.HeavyFunctions: "+::expensive", conclint-gil-held-cpu-work.CalleeDepth: 0}}' \
// RUN:   %s conclint-gil-held-cpu-work %t -- -std=c++20 $(/usr/bin/python3-config --includes)

// The notes that walk from the binding to the heavy work, and the options.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <vector>

namespace py = pybind11;

static double inner(const std::vector<double> &v) {
  double s = 0;
  for (double x : v)
    s += x * x;
  return s;
}
static double middle(const std::vector<double> &v) { return inner(v); }
double chain_bad(const std::vector<double> &v) { return middle(v); }

double scaled_bad(py::object scale, const std::vector<double> &v) {
  double f = scale.cast<double>();
  double s = 0;
  for (double x : v)
    s += f * x;
  return s;
}

int eight_ok_by_default() {
  int s = 0;
  for (int i = 0; i < 8; ++i)
    s += i;
  return s;
}

void expensive(int);
void calls_expensive_ok_by_default(int n) { expensive(n); }

PYBIND11_MODULE(notesmod, m) {
  m.def("chain", &chain_bad);
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: function 'chain' exposed to Python does CPU-bound work while holding the GIL; Python threads calling it cannot run in parallel [conclint-gil-held-cpu-work]
  // CHECK-NOTES: :22:57: note: 'middle' called here does CPU-bound work
  // CHECK-NOTES: :21:61: note: 'inner' called here does CPU-bound work
  // CHECK-NOTES: :17:3: note: CPU-bound loop here; its trip count depends on data
  // With CalleeDepth 0 the chain is not followed: no OPT warning here.
  m.def("scaled", &scaled_bad);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: function 'scaled' exposed to Python does CPU-bound work
  // CHECK-NOTES: :27:3: note: CPU-bound loop here; its trip count depends on data
  // CHECK-NOTES: :27:3: note: the function uses Python objects elsewhere; release the GIL around this part only, with a scoped 'py::gil_scoped_release'
  // CHECK-MESSAGES-OPT: :[[@LINE-4]]:19: warning: function 'scaled' exposed to Python
  m.def("eight", &eight_ok_by_default);
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:18: warning: function 'eight' exposed to Python
  m.def("expensive", &calls_expensive_ok_by_default);
  // CHECK-MESSAGES-OPT: :[[@LINE-1]]:22: warning: function 'expensive' exposed to Python
}

// (The option variant RUN line runs once, through conclint-tidy on libstdc++:
// the same check code reads the options in every front-end, and the first RUN
// line already covers both front-ends and both standard libraries.)
