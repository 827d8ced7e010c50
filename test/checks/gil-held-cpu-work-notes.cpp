// RUN: %check_conclint %s conclint-gil-held-cpu-work %t -- -std=c++11-or-later $(/usr/bin/python3-config --includes)
// RUN: %check_conclint --frontends=tidy --stdlibs=libstdc++ --check-suffix=OPT \
// RUN:   --config='{CheckOptions: {conclint-gil-held-cpu-work.SmallTripCount: 4, conclint-gil-held-cpu-work.HeavyFunctions: "+::expensive", conclint-gil-held-cpu-work.CalleeDepth: 0}}' \
// RUN:   %s conclint-gil-held-cpu-work %t -- -std=c++11-or-later $(/usr/bin/python3-config --includes)

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
  // CHECK-NOTES: :[[@LINE-5]]:18: note: pass 'py::call_guard<py::gil_scoped_release>()' to the binding to release the GIL during the call
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

// The GIL release is offered as a fix only when nothing the released call
// runs may touch a Python object. Code whose body this file does not show
// (a function defined elsewhere, a call through a pointer, a virtual call, a
// function handed to the standard library) might, so there the note names it
// and no fix is attached.
void log_progress(int done); // Defined in another file: may call into Python.
double unknown_callee_bad(const std::vector<double> &v) {
  double s = 0;
  for (double x : v)
    s += x * x;
  log_progress(1);
  return s;
}

double through_pointer_bad(const std::vector<double> &v, double (*f)(double)) {
  double s = 0;
  for (double x : v)
    s += f(x);
  return s;
}

struct Sink {
  virtual void put(double) {}
  virtual ~Sink() = default;
};
double virtual_callee_bad(const std::vector<double> &v, Sink &out) {
  double s = 0;
  for (double x : v)
    s += x * x;
  out.put(s);
  return s;
}

static double square(double x) { return x * x; }
struct Acc { double s = 0; };
struct Pod { int n; };
double known_callees_bad(const std::vector<double> &v) {
  Acc a; Pod p; p.n = 0;
  for (double x : v)
    a.s += square(x) + p.n;
  return a.s;
}

PYBIND11_MODULE(unknownmod, m) {
  m.def("unknown_callee", &unknown_callee_bad);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: function 'unknown_callee' exposed to Python does CPU-bound work
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:27: warning: function 'unknown_callee' exposed to Python
  // CHECK-NOTES: :69:3: note: CPU-bound loop here; its trip count depends on data
  // CHECK-NOTES: :71:3: note: this runs code whose body is not visible here; if it uses no Python object, pass 'py::call_guard<py::gil_scoped_release>()' to the binding to release the GIL during the call
  m.def("through_pointer", &through_pointer_bad);
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: function 'through_pointer' exposed to Python does CPU-bound work
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:28: warning: function 'through_pointer' exposed to Python
  // CHECK-NOTES: :77:3: note: CPU-bound loop here; its trip count depends on data
  // CHECK-NOTES: :78:10: note: this runs code whose body is not visible here; if it uses no Python object, pass 'py::call_guard<py::gil_scoped_release>()' to the binding to release the GIL during the call
  m.def("virtual_callee", &virtual_callee_bad);
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: function 'virtual_callee' exposed to Python does CPU-bound work
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:27: warning: function 'virtual_callee' exposed to Python
  // CHECK-NOTES: :88:3: note: CPU-bound loop here; its trip count depends on data
  // CHECK-NOTES: :90:3: note: this runs code whose body is not visible here; if it uses no Python object, pass 'py::call_guard<py::gil_scoped_release>()' to the binding to release the GIL during the call
  m.def("known_callees", &known_callees_bad);
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: function 'known_callees' exposed to Python does CPU-bound work
  // CHECK-MESSAGES-OPT: :[[@LINE-2]]:26: warning: function 'known_callees' exposed to Python
  // CHECK-NOTES: :99:3: note: CPU-bound loop here; its trip count depends on data
  // CHECK-NOTES: :[[@LINE-4]]:26: note: pass 'py::call_guard<py::gil_scoped_release>()' to the binding to release the GIL during the call
}

// (The option variant RUN line runs once, through conclint-tidy on libstdc++:
// the same check code reads the options in every front-end, and the first RUN
// line already covers both front-ends and both standard libraries.)
