// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++11-or-later -pthread

// The notes that go with each warning, and the std::atomic fix-it (with the
// #include it needs) checked against the fixed file. The fix-it rules have
// their own file: unguarded-shared-state-fixes.cpp.

#include <mutex>
#include <thread>
#include <vector>
// CHECK-FIXES: #include <atomic>

static int counter = 0;
// CHECK-FIXES: {{^}}static std::atomic<int> counter{0};{{$}}
void count_up() {
  for (int i = 0; i < 100000; ++i)
    counter++;
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'counter' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  // CHECK-NOTES: :[[@LINE+6]]:5: note: thread started here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: conflicting access here
}
void counter_bad() {
  std::vector<std::thread> threads;
  for (int i = 0; i < 5; ++i)
    threads.emplace_back(count_up);
  for (auto &t : threads)
    t.join();
}

static bool done = false;
// CHECK-FIXES: {{^}}static std::atomic<bool> done{false};{{$}}
void flag_bad() {
  std::thread t([] {
    while (!done) {
    }
  });
  done = true;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'done' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  // CHECK-NOTES: :[[@LINE-6]]:15: note: thread started here
  // CHECK-NOTES: :[[@LINE-6]]:13: note: conflicting access here
  t.join();
}

// A use std::atomic<T> would not accept (a variadic argument): no fix-it, a
// note instead.
long printed = 0;
// CHECK-FIXES: long printed = 0;
extern "C" int printf(const char *, ...);
void show() {
  printed += 1;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'printed' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  // CHECK-NOTES: :[[@LINE+6]]:15: note: thread started here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: conflicting access here
  // CHECK-NOTES: :[[@LINE-8]]:6: note: protect 'printed' with a mutex held at every access, or make it atomic
  printf("%ld\n", printed);
}
void printed_bad() {
  std::thread a(show);
  std::thread b(show);
  a.join();
  b.join();
}

// Inconsistent locking names the mutex and points at the guarded access.
std::mutex stock_mutex;
int stock = 0;
// CHECK-FIXES: int stock = 0;
void restock() {
  std::lock_guard<std::mutex> g(stock_mutex);
  stock += 5;
}
void sell() {
  stock -= 1;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'stock' is written without holding 'stock_mutex', which guards it elsewhere, while other threads access it [conclint-unguarded-shared-state]
  // CHECK-NOTES: :[[@LINE+5]]:15: note: thread started here
  // CHECK-NOTES: :[[@LINE-6]]:3: note: conflicting access here
}
void inconsistent_bad() {
  std::thread a(restock);
  std::thread b(sell);
  std::thread c(sell);
  a.join();
  b.join();
  c.join();
}
