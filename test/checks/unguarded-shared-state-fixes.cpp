// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++11-or-later -pthread

// The std::atomic<T> fix-it is offered only when the fixed program compiles
// (from C++11 on: this file is fixed and compiled under the lowest and the
// highest standard) and means the same: every use a load, a store that does
// not read the variable, or one read-modify-write that std::atomic<T> does
// as one atomic operation; no external linkage. Otherwise the warning stays,
// with no fix and a note.

#include <thread>
// CHECK-FIXES: #include <atomic>

// A copy-initialiser becomes direct-initialisation: `std::atomic<int> x = 0;`
// does not compile before C++17.
static int hits = 0;
// CHECK-FIXES: {{^}}static std::atomic<int> hits{0};{{$}}
void hit() { hits++; }
// CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'hits' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
void increment_fixed_bad() {
  std::thread A(hit), B(hit);
  A.join();
  B.join();
}

// No initialiser: zero-initialised before and after.
static long total;
// CHECK-FIXES: {{^}}static std::atomic<long> total;{{$}}
void add_two() { total += 2; }
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'total' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
void compound_fixed_bad() {
  std::thread A(add_two), B(add_two);
  A.join();
  B.join();
}

// A constant the type holds exactly keeps its braces; |= is one fetch_or.
static unsigned mask = 0;
// CHECK-FIXES: {{^}}static std::atomic<unsigned int> mask{0};{{$}}
void set_bit() { mask |= 4u; }
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'mask' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
void fetch_or_fixed_bad() {
  std::thread A(set_bit), B(set_bit);
  A.join();
  B.join();
}

// A value braces would narrow (not a constant of the type): parentheses.
int start_value() { return 7; }
static short level = start_value();
// CHECK-FIXES: {{^}}static std::atomic<short> level(start_value());{{$}}
void raise_level() { level = 3; }
// CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'level' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
void narrowing_init_fixed_bad() {
  std::thread A(raise_level), B(raise_level);
  A.join();
  B.join();
}

// Internal linkage through an unnamed namespace.
namespace {
bool stop = false;
// CHECK-FIXES: {{^}}std::atomic<bool> stop{false};{{$}}
} // namespace
void flag_fixed_bad() {
  std::thread T([] {
    while (!stop) {
    }
  });
  stop = true;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'stop' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  T.join();
}

// `x = x + 1` is a load and a store: as two atomic operations it would still
// lose updates, silently. The warning stays, with no fix.
static int lost = 0;
// CHECK-FIXES: {{^}}static int lost = 0;{{$}}
void bump_twice() { lost = lost + 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'lost' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
void load_then_store_no_fix_bad() {
  std::thread A(bump_twice), B(bump_twice);
  A.join();
  B.join();
}

// `x += x`: the right-hand side reads the variable again.
static int doubled = 1;
// CHECK-FIXES: {{^}}static int doubled = 1;{{$}}
void double_it() { doubled += doubled; }
// CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'doubled' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
void self_read_rmw_no_fix_bad() {
  std::thread A(double_it), B(double_it);
  A.join();
  B.join();
}

// `*=` has no atomic counterpart.
static int scaled = 1;
// CHECK-FIXES: {{^}}static int scaled = 1;{{$}}
void scale() { scaled *= 3; }
// CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'scaled' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
void multiply_no_fix_bad() {
  std::thread A(scale), B(scale);
  A.join();
  B.join();
}

// External linkage: another translation unit's `extern int requests;` would
// name an object of another type. No fix.
int requests = 0;
// CHECK-FIXES: {{^}}int requests = 0;{{$}}
void serve() { requests++; }
// CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'requests' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
void external_linkage_no_fix_bad() {
  std::thread A(serve), B(serve);
  A.join();
  B.join();
}

// Bound to a non-const reference: std::atomic<int> does not bind to int&.
static int bumped = 0;
// CHECK-FIXES: {{^}}static int bumped = 0;{{$}}
struct Bump {
  explicit Bump(int &X) { ++X; }
};
void bump_ref() { Bump B(bumped); }
// CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'bumped' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
void reference_binding_no_fix_bad() {
  std::thread A(bump_ref), B(bump_ref);
  A.join();
  B.join();
}
