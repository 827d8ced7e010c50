// RUN: %check_conclint %s conclint-double-lock %t -- -std=c++17-or-later -pthread

// Every note: where the mutex was taken first, the call chain to the second
// lock, where it was released before.

#include <mutex>

std::mutex m;
void inner() { std::lock_guard<std::mutex> g(m); }
void outer() { inner(); }

void through_two_calls_bad() {
  std::lock_guard<std::mutex> g(m);
  outer();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'm' may already be held when 'outer' locks it again; a non-recursive mutex deadlocks [conclint-double-lock]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'm' acquired here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: calls 'outer'
  // CHECK-NOTES: :[[@LINE-8]]:16: note: calls 'inner'
  // CHECK-NOTES: :[[@LINE-10]]:16: note: 'm' locked again here
}

std::mutex n;
void unlock_twice_bad() {
  n.lock();
  n.unlock();
  n.unlock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'n' is unlocked but it is not held on any path to here; unlocking a mutex that is not held is undefined behavior [conclint-double-lock]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'n' released here
}

std::mutex k;
void guard_and_manual_unlock_bad() {
  std::lock_guard<std::mutex> g(k);
  k.unlock();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: mutex 'k' is unlocked while 'g' owns it, and 'g' unlocks it again at the end of its scope; unlocking a mutex that is not held is undefined behavior [conclint-double-lock]
  // CHECK-NOTES: :[[@LINE-3]]:31: note: 'g' acquires 'k' here
}
