// The Asio fix rides on a note (it changes what happens at run time): plain
// -fix leaves the file alone, --fix-notes replaces asio::detached by the
// ExceptionHandler expression, and the result compiles with both standard
// libraries, for awaitable<void> and awaitable<int> alike.
// RUN: %check_conclint --expect-no-fixes %s conclint-detached-exception-lost %t -- -std=c++20-or-later -DASIO_HAS_CO_AWAIT=1
// RUN: cp %s %t.notes.cpp
// RUN: %conclint_tidy %t.notes.cpp --checks='-*,conclint-detached-exception-lost' --fix-notes -config={} -- -std=c++20 -DASIO_HAS_CO_AWAIT=1 > %t.notes.out 2>&1
// RUN: FileCheck %s --check-prefix=FIXED --input-file=%t.notes.cpp
// RUN: %clangxx -std=c++20 -DASIO_HAS_CO_AWAIT=1 -fsyntax-only %t.notes.cpp
// RUN: %clangxx -std=c++20 -stdlib=libc++ -DASIO_HAS_CO_AWAIT=1 -fsyntax-only %t.notes.cpp
// A configured handler is written as given.
// RUN: cp %s %t.custom.cpp
// RUN: %conclint_tidy %t.custom.cpp --checks='-*,conclint-detached-exception-lost' --fix-notes -config="{CheckOptions: {conclint-detached-exception-lost.ExceptionHandler: 'report_and_rethrow'}}" -- -std=c++20 -DASIO_HAS_CO_AWAIT=1 > %t.custom.out 2>&1
// RUN: FileCheck %s --check-prefix=CUSTOM --input-file=%t.custom.cpp
// RUN: %clangxx -std=c++20 -DASIO_HAS_CO_AWAIT=1 -fsyntax-only %t.custom.cpp

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>
#include <cstdio>
#include <stdexcept>

asio::awaitable<void> fails() {
  throw std::runtime_error("lost");
  co_return;
}

asio::awaitable<int> fails_with_value() {
  throw std::runtime_error("lost too");
  co_return 1;
}

struct Rethrower {
  template <class... Ts> void operator()(std::exception_ptr e, Ts &&...) {
    std::puts("reporting");
    if (e)
      std::rethrow_exception(e);
  }
};
inline Rethrower report_and_rethrow;

void start(asio::io_context &io) {
  asio::co_spawn(io, fails(), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'fails' can throw an exception, which 'asio::detached' silently discards [conclint-detached-exception-lost]
  // FIXED: {{^}}  asio::co_spawn(io, fails(), {{\[}}](std::exception_ptr e, auto &&...) { if (e) std::rethrow_exception(e); });{{$}}
  // CUSTOM: {{^}}  asio::co_spawn(io, fails(), report_and_rethrow);{{$}}
  asio::co_spawn(io.get_executor(), fails_with_value(), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: coroutine 'fails_with_value' can throw an exception
  // FIXED: {{^}}  asio::co_spawn(io.get_executor(), fails_with_value(), {{\[}}](std::exception_ptr e, auto &&...) { if (e) std::rethrow_exception(e); });{{$}}
  // CUSTOM: {{^}}  asio::co_spawn(io.get_executor(), fails_with_value(), report_and_rethrow);{{$}}
}
