// RUN: %check_conclint %s conclint-unreleased-lock %t -- -std=c++17-or-later -pthread

// The fix: when the locked region is exactly one compound statement, the
// manual lock()/unlock() pair becomes a guard; the fixed file must compile
// (check_conclint.py compiles it) and keep its meaning on the paths that
// did unlock. Where more would change, a note carries the fix or says what
// to do. The fixes of the pointer, shared and loop cases are checked in
// unreleased-lock.cpp.

#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

std::mutex m;
std::shared_mutex sm;
int n = 0;

int lookup_bad(bool miss) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope
  // CHECK-FIXES: {{^}}  std::lock_guard<std::mutex> guard(m);{{$}}
  if (miss)
    return -1;
  ++n;
  m.unlock();
  // CHECK-FIXES: {{^}}  {{$}}
  return n;
}

struct Stats {
  std::mutex mu_;
  std::vector<int> samples_;
  void add_bad(int v) {
    mu_.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'this->mu_' stays locked when 'return' leaves the scope
    // CHECK-FIXES: {{^}}    std::lock_guard<std::mutex> guard(mu_);{{$}}
    if (v < 0)
      return;
    samples_.push_back(v);
    mu_.unlock();
  }
};

// A name already used in the function: the guard gets another.
void name_clash_bad(bool stop) {
  int guard = 1;
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope
  // CHECK-FIXES: {{^}}  std::lock_guard<std::mutex> lock_guard_(m);{{$}}
  if (stop)
    return;
  n += guard;
  m.unlock();
}

// Another unlock() before a return that does unlock: the fix would remove
// it too, more than the two calls, so it goes on a note.
int multi_unlock_bad(bool a, bool b) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope
  if (a) {
    m.unlock();
    return 0;
  }
  if (b)
    return 1;
  ++n;
  m.unlock();
  return 2;
}

// Work after the unlock(): a guard would hold the lock over it. No fix.
void work_after_unlock_bad(bool stop) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope
  if (stop)
    return;
  ++n;
  m.unlock();
  n *= 2;
}

// An object declared under the lock would be destroyed under it. No fix.
void object_in_region_bad(bool stop) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope
  std::string s = "x";
  if (stop)
    return;
  n += s.size();
  m.unlock();
}

// A return whose value needs a call after the unlock: no fix.
int call_after_unlock_bad(bool stop) {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' stays locked when 'return' leaves the scope
  if (stop)
    return 0;
  ++n;
  m.unlock();
  return std::stoi("1");
}
