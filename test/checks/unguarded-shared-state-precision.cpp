// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// Report what can be shown (issue 13): the false-positive patterns of the
// corpus as general rules, each with cases written fresh, and the `_bad`
// cases that keep the rule honest.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

// ---------------------------------------------------------------------------
// Elements: two writes race only when both threads can be shown to use one
// index (one constant, or one shared variable). An index a thread claimed for
// itself (fetch_add on a counter) or computed from its own range is not.

void claimed_index_ok() {
  std::vector<int> results(64);
  std::atomic<int> next{0};
  auto worker = [&] {
    for (int i = next.fetch_add(1); i < 64; i = next.fetch_add(1))
      results[i] = i * 2;
  };
  std::thread A(worker), B(worker);
  A.join();
  B.join();
}

void own_range_ok() {
  int sums[8] = {};
  std::vector<std::thread> ts;
  for (int t = 0; t < 8; ++t)
    ts.emplace_back([&sums, t] {
      for (int k = 0; k < 100; ++k)
        sums[t] += k;
    });
  for (auto &th : ts)
    th.join();
}

// One constant index in both threads: the same element.
void same_constant_index_bad() {
  int cells[4] = {};
  std::thread A([&cells] { cells[1] = 5; });
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'cells' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread B([&cells] { cells[1] = 6; });
  A.join();
  B.join();
}

// One shared index variable: both threads read it, so both name one element.
int cursor = 0;
int board[16];
void write_at_cursor() { board[cursor] = 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:26: warning: 'board' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
void shared_index_bad() {
  std::thread A(write_at_cursor), B(write_at_cursor);
  A.join();
  B.join();
}

// ---------------------------------------------------------------------------
// Synchronisation objects reached through pointers and references are the
// synchronisation, exactly as when named directly.

struct Shared {
  std::mutex m;
  std::condition_variable cv;
  std::atomic<int> hits{0};
  bool ready = false;
};

void lock_through_pointer(std::mutex *m, int *value) {
  std::unique_lock<std::mutex> l(*m);
  ++*value;
}

void sync_through_pointer_ok() {
  std::mutex m;
  int value = 0;
  std::thread A(lock_through_pointer, &m, &value);
  std::thread B(lock_through_pointer, &m, &value);
  A.join();
  B.join();
}

void count_through_pointer(std::atomic<int> *c) { ++*c; }

void atomic_through_pointer_ok() {
  std::atomic<int> c{0};
  std::thread A(count_through_pointer, &c);
  std::thread B(count_through_pointer, &c);
  A.join();
  B.join();
}

void lock_through_reference(std::mutex &m, Shared &s) {
  std::lock_guard<std::mutex> g(m);
  s.ready = true;
  s.cv.notify_all();
}

void sync_through_reference_ok() {
  Shared s;
  std::thread A(lock_through_reference, std::ref(s.m), std::ref(s));
  std::thread B(lock_through_reference, std::ref(s.m), std::ref(s));
  A.join();
  B.join();
}

// ---------------------------------------------------------------------------
// The lock-consistency rule is about the class's own fields: a class locking
// its mutex around writes to a member says its methods run concurrently, but
// says nothing about a global or a static member it names. A global touched
// under the class's lock in one method and without it in another is reported
// only when threads that touch it are shown (the thread rule), not by the
// lock-consistency rule.

struct Directory {
  int entries = 0;
  int lookup(int k) const { return entries + k; }
};
Directory directory_ok; // namespace scope, not a field of Registry_ok

class Registry_ok {
public:
  void add(int k) {
    std::lock_guard<std::mutex> g(m_);
    ++count_;
    directory_ok.entries += k;
  }
  int find(int k) const { return directory_ok.lookup(k); }
  int count() {
    std::lock_guard<std::mutex> g(m_);
    return count_;
  }

private:
  std::mutex m_;
  int count_ = 0;
};

class Registry_bad {
public:
  void add(int k) {
    std::lock_guard<std::mutex> g(m_);
    count_ += k;
  }
  // The class's own field, read without the lock its writer holds.
  int count() const { return count_; }
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'count_' is read without holding 'this->m_', while other member functions of 'Registry_bad' write it under that lock

private:
  std::mutex m_;
  int count_ = 0;
};

void use_registries(Registry_ok &a, Registry_bad &b) {
  a.add(1);
  (void)a.find(2);
  (void)a.count();
  b.add(1);
  (void)b.count();
}
