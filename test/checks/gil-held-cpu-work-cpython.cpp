// RUN: %check_conclint %s conclint-gil-held-cpu-work %t -- -std=c++11-or-later $(/usr/bin/python3-config --includes)

// CPython extension modules written against the C API: PyMethodDef tables.

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <algorithm>
#include <cstring>
#include <vector>

static PyObject *count_primes_bad(PyObject *, PyObject *args) {
  long n;
  if (!PyArg_ParseTuple(args, "l", &n))
    return nullptr;
  long count = 0;
  for (long i = 2; i < n; ++i) {
    bool prime = true;
    for (long d = 2; d * d <= i; ++d)
      if (i % d == 0) {
        prime = false;
        break;
      }
    count += prime;
  }
  return PyLong_FromLong(count);
}

static void sort_doubles(double *p, std::size_t n) { std::sort(p, p + n); }

static PyObject *sorted_copy_bad(PyObject *, PyObject *arg) {
  Py_ssize_t n = PyList_Size(arg);
  std::vector<double> v(n);
  for (Py_ssize_t i = 0; i < n; ++i) // touches Python: not the heavy part
    v[i] = PyFloat_AsDouble(PyList_GetItem(arg, i));
  sort_doubles(v.data(), v.size());
  PyObject *out = PyList_New(n);
  for (Py_ssize_t i = 0; i < n; ++i)
    PyList_SetItem(out, i, PyFloat_FromDouble(v[i]));
  return out;
}

static PyObject *checksum_bad(PyObject *, PyObject *arg) {
  const char *s = PyUnicode_AsUTF8(arg);
  if (!s)
    return nullptr;
  std::size_t len = std::strlen(s);
  unsigned long h = 5381;
  for (std::size_t i = 0; i < len; ++i)
    h = h * 33 + static_cast<unsigned char>(s[i]);
  return PyLong_FromUnsignedLong(h);
}

static PyObject *harmonic_bad(PyObject *, PyObject *arg) {
  long n = PyLong_AsLong(arg);
  double s = 0;
  long i = 1;
  while (i <= n) {
    s += 1.0 / i;
    ++i;
  }
  return PyFloat_FromDouble(s);
}

static PyObject *released_ok(PyObject *, PyObject *arg) {
  long n = PyLong_AsLong(arg);
  long count = 0;
  Py_BEGIN_ALLOW_THREADS
  for (long i = 0; i < n; ++i)
    count += i % 7 == 0;
  Py_END_ALLOW_THREADS
  return PyLong_FromLong(count);
}

static PyObject *sum_list_ok(PyObject *, PyObject *arg) {
  double s = 0;
  Py_ssize_t n = PyList_Size(arg);
  for (Py_ssize_t i = 0; i < n; ++i) // every iteration needs the GIL
    s += PyFloat_AsDouble(PyList_GetItem(arg, i));
  return PyFloat_FromDouble(s);
}

static PyObject *small_ok(PyObject *, PyObject *) {
  long s = 0;
  for (int i = 0; i < 10; ++i)
    s += i;
  return PyLong_FromLong(s);
}

static PyObject *none_ok(PyObject *, PyObject *) { Py_RETURN_NONE; }

static PyObject *released_save_ok(PyObject *, PyObject *arg) {
  long n = PyLong_AsLong(arg);
  double s = 0;
  PyThreadState *state = PyEval_SaveThread();
  for (long i = 1; i <= n; ++i)
    s += 1.0 / i;
  PyEval_RestoreThread(state);
  return PyFloat_FromDouble(s);
}

static PyMethodDef Methods[] = {
    {"count_primes", count_primes_bad, METH_VARARGS, "count primes below n"},
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: function 'count_primes' exposed to Python does CPU-bound work while holding the GIL; Python threads calling it cannot run in parallel [conclint-gil-held-cpu-work]
    {"sorted_copy", (PyCFunction)sorted_copy_bad, METH_O, nullptr},
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: function 'sorted_copy' exposed to Python
    {"checksum", reinterpret_cast<PyCFunction>(checksum_bad), METH_O, nullptr},
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: function 'checksum' exposed to Python
    {.ml_name = "harmonic", .ml_meth = harmonic_bad, .ml_flags = METH_O,
    // CHECK-MESSAGES: :[[@LINE-1]]:40: warning: function 'harmonic' exposed to Python
     .ml_doc = nullptr},
    {"released", released_ok, METH_O, nullptr},
    {"sum_list", sum_list_ok, METH_O, nullptr},
    {"small", small_ok, METH_NOARGS, nullptr},
    {"none", none_ok, METH_NOARGS, nullptr},
    {"released_save", released_save_ok, METH_O, nullptr},
    {nullptr, nullptr, 0, nullptr}};

static PyModuleDef Module = {PyModuleDef_HEAD_INIT, "capimod", nullptr, -1,
                             Methods, nullptr, nullptr, nullptr, nullptr};

PyMODINIT_FUNC PyInit_capimod() { return PyModule_Create(&Module); }
