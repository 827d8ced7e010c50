// RUN: %check_conclint %s conclint-lock-order-inversion %t -- -std=c++17-or-later -pthread

// More shapes for conclint-lock-order-inversion: callbacks, try_lock,
// defer_lock with std::lock, static
// members, gates. Every case uses mutexes of its own.

#include <functional>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

void work();

// ---------------------------------------------------------------------------
// Reported.

std::mutex a1, b1;
void callback_under_lock_bad() {
  auto on_done = [] { std::lock_guard<std::mutex> g(b1); };
  std::thread x([on_done] {
    std::lock_guard<std::mutex> g(a1);
    on_done();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'b1' is acquired while holding 'a1'
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(b1);
    std::lock_guard<std::mutex> h(a1);
  });
  x.join();
  y.join();
}

std::mutex a2, b2;
void try_lock_then_blocking_bad() {
  std::thread x([] {
    if (a2.try_lock()) {
      b2.lock();
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: mutex 'b2' is acquired while holding 'a2'
      b2.unlock();
      a2.unlock();
    }
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(b2);
    std::lock_guard<std::mutex> h(a2);
  });
  x.join();
  y.join();
}

std::mutex a3, b3;
void defer_lock_one_side_bad() {
  std::thread x([] {
    std::unique_lock<std::mutex> g(a3, std::defer_lock);
    g.lock();
    std::unique_lock<std::mutex> h(b3);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'b3' is acquired while holding 'a3'
  });
  std::thread y([] {
    std::unique_lock<std::mutex> g(b3);
    std::unique_lock<std::mutex> h(a3);
  });
  x.join();
  y.join();
}

struct Pool {
  static std::mutex alloc_mu;
  static std::mutex free_mu;
};
std::mutex Pool::alloc_mu;
std::mutex Pool::free_mu;
void static_members_bad() {
  std::thread x([] {
    std::lock_guard<std::mutex> g(Pool::alloc_mu);
    std::lock_guard<std::mutex> h(Pool::free_mu);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'free_mu' is acquired while holding 'alloc_mu'
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(Pool::free_mu);
    std::lock_guard<std::mutex> h(Pool::alloc_mu);
  });
  x.join();
  y.join();
}

std::mutex gate1, a4, b4;
void gate_on_one_side_only_bad() {
  std::thread x([] {
    std::lock_guard<std::mutex> gate(gate1);
    std::lock_guard<std::mutex> g(a4);
    std::lock_guard<std::mutex> h(b4);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'b4' is acquired while holding 'a4'
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(b4);
    std::lock_guard<std::mutex> h(a4);
  });
  x.join();
  y.join();
}

class Cache {
public:
  void put() {
    std::lock_guard<std::mutex> g(map_mu_);
    std::lock_guard<std::mutex> h(stats_mu_);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'this->stats_mu_' is acquired while holding 'this->map_mu_'
  }
  void report() const {
    std::lock_guard<std::mutex> g(stats_mu_);
    std::lock_guard<std::mutex> h(map_mu_);
  }

private:
  mutable std::mutex map_mu_, stats_mu_;
};

class Table {
public:
  void write() {
    std::unique_lock<std::shared_mutex> g(rows_);
    std::lock_guard<std::mutex> h(index_);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'this->index_' is acquired while holding 'this->rows_'
  }
  void reindex() {
    std::lock_guard<std::mutex> g(index_);
    std::shared_lock<std::shared_mutex> h(rows_);
  }

private:
  std::shared_mutex rows_;
  std::mutex index_;
};

class Manual {
public:
  void f() {
    a_.lock();
    b_.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'this->b_' is acquired while holding 'this->a_'
    b_.unlock();
    a_.unlock();
  }
  void g() {
    b_.lock();
    lock_a();
    a_.unlock();
    b_.unlock();
  }

private:
  void lock_a() { a_.lock(); }
  std::mutex a_, b_;
};

std::mutex a5, b5;
void vector_of_threads_bad() {
  std::vector<std::thread> ts;
  ts.emplace_back([] {
    std::lock_guard<std::mutex> g(a5);
    std::lock_guard<std::mutex> h(b5);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'b5' is acquired while holding 'a5'
  });
  ts.emplace_back([] {
    std::lock_guard<std::mutex> g(b5);
    std::lock_guard<std::mutex> h(a5);
  });
  for (auto &t : ts)
    t.join();
}

// ---------------------------------------------------------------------------
// Silent.

std::mutex o1a, o1b;
void both_try_lock_second_ok() {
  std::thread x([] {
    std::lock_guard<std::mutex> g(o1a);
    if (o1b.try_lock())
      o1b.unlock();
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(o1b);
    if (o1a.try_lock())
      o1a.unlock();
  });
  x.join();
  y.join();
}

// The same function on disjoint instances (the inversion on the same two
// instances is bank_transfer_pointers_bad in lock-order-inversion.cpp).
struct Node {
  std::mutex m;
  int value = 0;
};
void link(Node *p, Node *q) {
  std::lock_guard<std::mutex> g(p->m);
  std::lock_guard<std::mutex> h(q->m);
  p->value = q->value;
}
Node n3, n4, n5, n6;
void pointer_members_different_nodes_ok() {
  std::thread x([] { link(&n3, &n4); });
  std::thread y([] { link(&n5, &n6); });
  x.join();
  y.join();
}

class Ordered {
public:
  void put() {
    std::lock_guard<std::mutex> g(a_);
    std::lock_guard<std::mutex> h(b_);
  }
  void get() {
    std::scoped_lock g(b_, a_);
  }
  void peek() {
    std::lock_guard<std::mutex> g(a_);
  }

private:
  std::mutex a_, b_;
};

class ReleasesFirst {
public:
  void f() {
    std::unique_lock<std::mutex> g(a_);
    g.unlock();
    std::lock_guard<std::mutex> h(b_);
  }
  void g() {
    std::lock_guard<std::mutex> g(b_);
    std::lock_guard<std::mutex> h(a_);
  }

private:
  std::mutex a_, b_;
};

std::mutex o2a, o2b;
void unrelated_threads_ok() {
  std::thread x([] { std::lock_guard<std::mutex> g(o2a); });
  std::thread y([] { std::lock_guard<std::mutex> g(o2b); });
  x.join();
  y.join();
}

std::mutex o3a, o3b;
void nested_scopes_released_ok() {
  std::thread x([] {
    {
      std::lock_guard<std::mutex> g(o3a);
      work();
    }
    std::lock_guard<std::mutex> h(o3b);
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(o3b);
    std::lock_guard<std::mutex> h(o3a);
  });
  x.join();
  y.join();
}

std::mutex o4gate, o4a, o4b;
void o4_lock_gate() { o4gate.lock(); }
void gate_taken_by_callee_ok() {
  std::thread x([] {
    o4_lock_gate();
    std::lock_guard<std::mutex> g(o4a);
    std::lock_guard<std::mutex> h(o4b);
    o4gate.unlock();
  });
  std::thread y([] {
    o4_lock_gate();
    std::lock_guard<std::mutex> g(o4b);
    std::lock_guard<std::mutex> h(o4a);
    o4gate.unlock();
  });
  x.join();
  y.join();
}

struct Base {
  virtual void hook() {}
  virtual ~Base() = default;
};
std::mutex o5a, o5b;
void virtual_hook_ok(Base *b) {
  // The override that runs is not known here: silence.
  std::thread x([b] {
    std::lock_guard<std::mutex> g(o5a);
    b->hook();
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(o5b);
    std::lock_guard<std::mutex> h(o5a);
  });
  x.join();
  y.join();
}

void opaque(std::mutex &m);
std::mutex o6a, o6b;
void unknown_callee_ok() {
  // What 'opaque' does with the mutex is not visible: silence.
  std::thread x([] {
    std::lock_guard<std::mutex> g(o6a);
    opaque(o6b);
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(o6b);
    std::lock_guard<std::mutex> h(o6a);
  });
  x.join();
  y.join();
}

std::mutex o7a, o7b;
void std_function_callback_ok() {
  // A std::function's target is not known at the call.
  std::function<void()> cb = [] { std::lock_guard<std::mutex> g(o7b); };
  std::thread x([cb] {
    std::lock_guard<std::mutex> g(o7a);
    cb();
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(o7b);
    std::lock_guard<std::mutex> h(o7a);
  });
  x.join();
  y.join();
}
