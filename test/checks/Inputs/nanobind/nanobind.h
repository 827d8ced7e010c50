// A minimal stand-in for <nanobind/nanobind.h>: nanobind is not packaged for
// Debian 12, so the tests declare the few names the check looks at, with
// nanobind's own spelling (namespace nanobind, module_::def, class_<T>::def,
// gil_scoped_release, call_guard<...>). Only for -fsyntax-only tests.
#pragma once
#include <utility>

namespace nanobind {
struct handle {};
struct object : handle {};
struct list : object {
  void append(int);
};
struct gil_scoped_release {
  gil_scoped_release();
  ~gil_scoped_release();
};
struct gil_scoped_acquire {
  gil_scoped_acquire();
  ~gil_scoped_acquire();
};
template <typename... Ts> struct call_guard {};
struct arg {
  explicit arg(const char *);
};
struct module_ : object {
  template <typename Func, typename... Extra>
  module_ &def(const char *name, Func &&f, const Extra &...extra);
};
template <typename T> struct class_ : object {
  class_(handle scope, const char *name);
  template <typename Func, typename... Extra>
  class_ &def(const char *name, Func &&f, const Extra &...extra);
};
} // namespace nanobind

#define NB_MODULE(name, variable)                                              \
  void nanobind_init_##name(::nanobind::module_ &);                            \
  void nanobind_init_##name(::nanobind::module_ &variable)
