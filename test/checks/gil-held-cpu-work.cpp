// RUN: %check_conclint --fix-notes %s conclint-gil-held-cpu-work %t -- -std=c++11-or-later $(/usr/bin/python3-config --includes)
// Plain -fix leaves the file alone: releasing the GIL changes what the
// program does, so the fix sits on a note.
// RUN: %check_conclint --expect-no-fixes --frontends=tidy --stdlibs=libstdc++ %s conclint-gil-held-cpu-work %t.nofix -- -std=c++11 $(/usr/bin/python3-config --includes)

// pybind11 modules and classes. CPython's PyMethodDef tables are in
// gil-held-cpu-work-cpython.cpp, nanobind in gil-held-cpu-work-nanobind.cpp,
// the notes in gil-held-cpu-work-notes.cpp.

#include <pybind11/iostream.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <regex>
#include <string>
#include <thread>
#include <vector>
#include <zlib.h>

namespace py = pybind11;

// ---------------------------------------------------------------- bad cases

double sum_squares_bad(std::int64_t n) {
  double s = 0;
  for (std::int64_t i = 0; i < n; ++i)
    s += double(i) * double(i);
  return s;
}

double median_bad(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

static long collatz_steps(long n) {
  long steps = 0;
  while (n != 1) {
    n = n % 2 ? 3 * n + 1 : n / 2;
    ++steps;
  }
  return steps;
}

long longest_collatz_bad(long limit) {
  long best = 0;
  for (long i = 1; i < limit; ++i)
    best = std::max(best, collatz_steps(i));
  return best;
}

// Transitive: the heavy loop is two calls down.
static double dot(const std::vector<double> &a, const std::vector<double> &b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    s += a[i] * b[i];
  return s;
}
static double norm2(const std::vector<double> &a) { return dot(a, a); }
double norm_bad(const std::vector<double> &a) { return norm2(a); }

bool matches_bad(const std::string &text, const std::string &pattern) {
  return std::regex_search(text, std::regex(pattern));
}

unsigned long checksum_bad(const std::string &data) {
  return crc32(0, reinterpret_cast<const Bytef *>(data.data()),
               static_cast<uInt>(data.size()));
}

long grid_bad() {
  long s = 0;
  for (int i = 0; i < 100; ++i)
    for (int j = 0; j < 100; ++j)
      s += i ^ j;
  return s;
}

double mixed_bad(py::list values) {
  std::vector<double> v;
  for (py::handle h : values) // touches Python objects: stays under the GIL
    v.push_back(h.cast<double>());
  double s = 0;
  for (std::size_t r = 0; r < v.size(); ++r) // pure C++: could release
    for (std::size_t c = 0; c < v.size(); ++c)
      s += v[r] * v[c];
  return s;
}

double array_bad(py::array_t<double> a) {
  auto r = a.unchecked<1>();
  double s = 0;
  for (py::ssize_t i = 0; i < r.shape(0); ++i) // raw view: no Python object
    s += r(i) * r(i);
  return s;
}

double scoped_too_short_bad(std::vector<double> v) {
  {
    py::gil_scoped_release release;
    std::sort(v.begin(), v.end());
  }
  double s = 0;
  for (double x : v) // after the release scope ended: GIL held again
    s += x;
  return s;
}

class Matrix {
public:
  explicit Matrix(std::size_t n) : n_(n), data_(n * n, 1.0) {}
  double trace_of_square() const {
    double t = 0;
    for (std::size_t i = 0; i < n_; ++i)
      for (std::size_t k = 0; k < n_; ++k)
        t += data_[i * n_ + k] * data_[k * n_ + i];
    return t;
  }
  static Matrix identity(std::size_t n) {
    Matrix m(n);
    for (std::size_t i = 0; i < n * n; ++i)
      m.data_[i] = i % (n + 1) == 0 ? 1.0 : 0.0;
    return m;
  }
  std::size_t size() const { return n_; }

private:
  std::size_t n_;
  std::vector<double> data_;
};

struct Stats {
  double mean_bad(const std::vector<double> &v) const {
    return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / v.size();
  }
};

// ---------------------------------------------------------------- good cases

double small_ok() {
  double s = 0;
  for (int i = 0; i < 5; ++i)
    s += i;
  return s;
}

double released_inside_ok(std::vector<double> v) {
  py::gil_scoped_release release;
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v.front();
}

double guarded_ok(std::int64_t n) {
  double s = 0;
  for (std::int64_t i = 0; i < n; ++i)
    s += double(i);
  return s;
}

double sum_list_ok(py::list values) {
  double s = 0;
  for (py::handle h : values) // every iteration needs the GIL
    s += h.cast<double>();
  return s;
}

void print_all_ok(const std::vector<int> &v) {
  for (int x : v)
    py::print(x);
}

void log_all_ok(const std::vector<int> &v) {
  for (int x : v) // I/O, not CPU
    std::printf("%d\n", x);
}

void poll_ok(int n) {
  for (int i = 0; i < n; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

int sort_four_ok() {
  std::array<int, 4> a{4, 2, 3, 1};
  std::sort(a.begin(), a.end());
  return a[0];
}

double defined_elsewhere_ok(int n);

int lambda_not_called_ok(int n) {
  auto later = [n] {
    long s = 0;
    for (int i = 0; i < n; ++i)
      s += i;
    return s;
  };
  (void)later;
  return n;
}

int boundary_ok() {
  int s = 0;
  for (int i = 0; i < 64; ++i)
    s += i;
  return s;
}

py::object make_list_ok(int n) {
  py::list out;
  for (int i = 0; i < n; ++i)
    out.append(i);
  return std::move(out);
}

double release_and_loop_ok(const std::vector<double> &v) {
  double s = 0;
  {
    py::gil_scoped_release release;
    for (double x : v)
      s += x * x;
  }
  return s;
}

struct Counter {
  int value = 0;
  int get_ok() const { return value; }
  void add_ok(int n) { value += n; }
};

// FN: the function is only reachable through a pointer chosen at run time.
using Kernel = double (*)(std::int64_t);
static Kernel pick(bool) { return &sum_squares_bad; }

PYBIND11_MODULE(gilmod, m) {
  m.def("sum_squares", &sum_squares_bad);
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: function 'sum_squares' exposed to Python does CPU-bound work while holding the GIL; Python threads calling it cannot run in parallel [conclint-gil-held-cpu-work]
  // CHECK-FIXES: m.def("sum_squares", &sum_squares_bad, py::call_guard<py::gil_scoped_release>());
  m.def("median", &median_bad, py::arg("values"));
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: function 'median' exposed to Python does CPU-bound work
  // CHECK-FIXES: m.def("median", &median_bad, py::arg("values"), py::call_guard<py::gil_scoped_release>());
  m.def("longest_collatz", longest_collatz_bad, "longest Collatz chain below limit");
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: function 'longest_collatz' exposed to Python does CPU-bound work
  m.def("norm", &norm_bad);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: function 'norm' exposed to Python does CPU-bound work
  m.def("matches", &matches_bad);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: function 'matches' exposed to Python
  m.def("checksum", &checksum_bad);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: function 'checksum' exposed to Python
  m.def("grid", &grid_bad);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: function 'grid' exposed to Python
  m.def("mixed", &mixed_bad);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: function 'mixed' exposed to Python
  // CHECK-FIXES: m.def("mixed", &mixed_bad);
  m.def("array_sum", &array_bad);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: function 'array_sum' exposed to Python
  // CHECK-FIXES: m.def("array_sum", &array_bad);
  m.def("scoped_too_short", &scoped_too_short_bad);
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: function 'scoped_too_short' exposed to Python
  m.def("primes_below", [](int n) {
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: function 'primes_below' exposed to Python
    std::vector<int> out;
    for (int i = 2; i < n; ++i) {
      bool prime = true;
      for (int d = 2; d * d <= i; ++d)
        if (i % d == 0) {
          prime = false;
          break;
        }
      if (prime)
        out.push_back(i);
    }
    return out;
  });
  m.def("other_guard", &guarded_ok,
        py::call_guard<py::scoped_ostream_redirect>());
  // CHECK-MESSAGES: :[[@LINE-2]]:24: warning: function 'other_guard' exposed to Python

  py::class_<Matrix>(m, "Matrix")
      .def(py::init<std::size_t>())
      .def("trace_of_square", &Matrix::trace_of_square)
      // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: function 'trace_of_square' exposed to Python
      // CHECK-FIXES: .def("trace_of_square", &Matrix::trace_of_square, py::call_guard<py::gil_scoped_release>())
      .def_static("identity", &Matrix::identity)
      // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: function 'identity' exposed to Python
      .def("size", &Matrix::size);
  py::class_<Stats>(m, "Stats")
      .def(py::init<>())
      .def("mean", &Stats::mean_bad);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: function 'mean' exposed to Python

  // Good: silent.
  m.def("small", &small_ok);
  m.def("released_inside", &released_inside_ok);
  m.def("guarded", &guarded_ok, py::call_guard<py::gil_scoped_release>());
  m.def("sum_list", &sum_list_ok);
  m.def("print_all", &print_all_ok);
  m.def("log_all", &log_all_ok);
  m.def("poll", &poll_ok);
  m.def("sort_four", &sort_four_ok);
  m.def("defined_elsewhere", &defined_elsewhere_ok);
  m.def("lambda_not_called", &lambda_not_called_ok);
  m.def("boundary", &boundary_ok);
  m.def("make_list", &make_list_ok);
  m.def("release_and_loop", &release_and_loop_ok);
  m.def("sum_released", [](const std::vector<double> &v) {
    py::gil_scoped_release release;
    return std::accumulate(v.begin(), v.end(), 0.0);
  });
  m.def("guarded_lambda", [](int n) {
    long s = 0;
    for (int i = 0; i < n; ++i)
      s += i;
    return s;
  }, py::call_guard<py::gil_scoped_release>());
  py::class_<Counter>(m, "Counter")
      .def(py::init<>())
      .def("get", &Counter::get_ok)
      .def("add", &Counter::add_ok);
  // FN: resolved only at run time.
  m.def("FN_kernel", pick(true));
}
