// RUN: %check_conclint %s conclint-lock-order-inversion %t -- -std=c++17-or-later -pthread

// conclint-lock-order-inversion: code paths that can run on different
// threads (thread entry points, the functions that start them, public member
// functions of classes that own a mutex) acquire the same mutexes in
// opposite orders. Every case uses mutexes of its own.

#include <functional>
#include <future>
#include <mutex>
#include <shared_mutex>
#include <thread>

void work();
bool cond();

// ---------------------------------------------------------------------------
// Two threads, opposite orders.

std::mutex a1, b1;
void t1_first() {
  std::lock_guard<std::mutex> g(a1);
  std::lock_guard<std::mutex> h(b1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'b1' is acquired while holding 'a1', but another path acquires them in the opposite order; threads taking both can deadlock [conclint-lock-order-inversion]
}
void t1_second() {
  std::lock_guard<std::mutex> g(b1);
  std::lock_guard<std::mutex> h(a1);
}
void two_threads_bad() {
  std::thread x(t1_first), y(t1_second);
  x.join();
  y.join();
}

std::mutex a2, b2;
void manual_locks_bad() {
  std::thread x([] {
    a2.lock();
    b2.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'b2' is acquired while holding 'a2'
    b2.unlock();
    a2.unlock();
  });
  std::thread y([] {
    b2.lock();
    a2.lock();
    a2.unlock();
    b2.unlock();
  });
  x.join();
  y.join();
}

std::mutex a3, b3;
void unique_locks_bad() {
  std::thread x([] {
    std::unique_lock<std::mutex> g(a3);
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

void locals_captured_bad() {
  std::mutex a, b;
  std::thread x([&] {
    std::lock_guard<std::mutex> g(a);
    std::lock_guard<std::mutex> h(b);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'b' is acquired while holding 'a'
  });
  std::thread y([&] {
    std::lock_guard<std::mutex> g(b);
    std::lock_guard<std::mutex> h(a);
  });
  x.join();
  y.join();
}

std::mutex a4, b4;
void spawner_and_thread_bad() {
  std::thread x([] {
    std::lock_guard<std::mutex> g(b4);
    std::lock_guard<std::mutex> h(a4);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'a4' is acquired while holding 'b4'
  });
  std::lock_guard<std::mutex> g(a4);
  std::lock_guard<std::mutex> h(b4);
  x.join();
}

std::shared_mutex a5, b5;
void shared_and_exclusive_bad() {
  std::thread x([] {
    std::shared_lock<std::shared_mutex> g(a5);
    std::unique_lock<std::shared_mutex> h(b5);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'b5' is acquired while holding 'a5'
  });
  std::thread y([] {
    std::unique_lock<std::shared_mutex> g(b5);
    std::unique_lock<std::shared_mutex> h(a5);
  });
  x.join();
  y.join();
}

std::mutex a6, b6, c6;
void three_cycle_bad() {
  std::thread x([] {
    std::lock_guard<std::mutex> g(a6);
    std::lock_guard<std::mutex> h(b6);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutexes are acquired in a cycle of orders ('a6' -> 'b6' -> 'c6' -> 'a6'); threads taking them can deadlock [conclint-lock-order-inversion]
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(b6);
    std::lock_guard<std::mutex> h(c6);
  });
  std::thread z([] {
    std::lock_guard<std::mutex> g(c6);
    std::lock_guard<std::mutex> h(a6);
  });
  x.join();
  y.join();
  z.join();
}

std::mutex a7, b7;
void jthread_bad() {
  std::thread x([] {
    std::scoped_lock g(a7);
    std::lock_guard<std::mutex> h(b7);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'b7' is acquired while holding 'a7'
  });
  std::thread y([] {
    std::scoped_lock g(b7);
    std::scoped_lock h(a7);
  });
  x.join();
  y.join();
}

std::mutex a8, b8;
void async_tasks_bad() {
  auto x = std::async(std::launch::async, [] {
    std::lock_guard<std::mutex> g(a8);
    std::lock_guard<std::mutex> h(b8);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'b8' is acquired while holding 'a8'
  });
  auto y = std::async(std::launch::async, [] {
    std::lock_guard<std::mutex> g(b8);
    std::lock_guard<std::mutex> h(a8);
  });
  x.get();
  y.get();
}

pthread_mutex_t pa = PTHREAD_MUTEX_INITIALIZER, pb = PTHREAD_MUTEX_INITIALIZER;
void *p_first(void *) {
  pthread_mutex_lock(&pa);
  pthread_mutex_lock(&pb);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'pb' is acquired while holding 'pa'
  pthread_mutex_unlock(&pb);
  pthread_mutex_unlock(&pa);
  return nullptr;
}
void *p_second(void *) {
  pthread_mutex_lock(&pb);
  pthread_mutex_lock(&pa);
  pthread_mutex_unlock(&pa);
  pthread_mutex_unlock(&pb);
  return nullptr;
}
void pthreads_bad() {
  pthread_t x, y;
  pthread_create(&x, nullptr, p_first, nullptr);
  pthread_create(&y, nullptr, p_second, nullptr);
  pthread_join(x, nullptr);
  pthread_join(y, nullptr);
}

// ---------------------------------------------------------------------------
// Through calls.

std::mutex a9, b9;
void take_b9() { std::lock_guard<std::mutex> g(b9); }
void take_a9() { std::lock_guard<std::mutex> g(a9); }
void through_callee_bad() {
  std::thread x([] {
    std::lock_guard<std::mutex> g(a9);
    take_b9();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'b9' is acquired while holding 'a9'
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(b9);
    take_a9();
  });
  x.join();
  y.join();
}

std::mutex a10, b10;
void inner_b10() { b10.lock(); b10.unlock(); }
void outer_b10() { inner_b10(); }
void both_in_callee_a10() {
  std::lock_guard<std::mutex> g(b10);
  std::lock_guard<std::mutex> h(a10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'a10' is acquired while holding 'b10'
}
void two_calls_deep_bad() {
  std::thread x([] {
    std::lock_guard<std::mutex> g(a10);
    outer_b10();
  });
  std::thread y(both_in_callee_a10);
  x.join();
  y.join();
}

std::mutex a11, b11;
void acquire_a11() { a11.lock(); }
void callee_returns_held_bad() {
  std::thread x([] {
    acquire_a11();
    b11.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'b11' is acquired while holding 'a11'
    b11.unlock();
    a11.unlock();
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(b11);
    std::lock_guard<std::mutex> h(a11);
  });
  x.join();
  y.join();
}

struct Account {
  std::mutex m;
  long balance = 0;
};
void transfer(Account &from, Account &to, long n) {
  std::lock_guard<std::mutex> g(from.m);
  std::lock_guard<std::mutex> h(to.m);
  from.balance -= n;
  to.balance += n;
}
Account alice, bob;
void bank_transfer_bad() {
  std::thread x([] { transfer(alice, bob, 10); });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: mutex 'bob.m' is acquired while holding 'alice.m'
  std::thread y([] { transfer(bob, alice, 5); });
  x.join();
  y.join();
}

void transfer_ptr(Account *from, Account *to) {
  std::lock_guard<std::mutex> g(from->m);
  std::lock_guard<std::mutex> h(to->m);
}
Account carol, dave;
void bank_transfer_pointers_bad() {
  std::thread x([] { transfer_ptr(&carol, &dave); });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: mutex 'dave.m' is acquired while holding 'carol.m'
  std::thread y([] { transfer_ptr(&dave, &carol); });
  x.join();
  y.join();
}

// ---------------------------------------------------------------------------
// Classes with two mutexes: public methods run on any thread.

class Inventory {
public:
  void restock() {
    std::lock_guard<std::mutex> g(items_mu_);
    std::lock_guard<std::mutex> h(log_mu_);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'this->log_mu_' is acquired while holding 'this->items_mu_'
    ++items_;
  }
  void audit() {
    std::lock_guard<std::mutex> g(log_mu_);
    std::lock_guard<std::mutex> h(items_mu_);
    ++audits_;
  }

private:
  std::mutex items_mu_, log_mu_;
  int items_ = 0, audits_ = 0;
};

class Session {
public:
  void send() {
    std::lock_guard<std::mutex> g(out_);
    flush_in();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'this->in_' is acquired while holding 'this->out_'
  }
  void receive() {
    std::lock_guard<std::mutex> g(in_);
    std::lock_guard<std::mutex> h(out_);
  }

private:
  void flush_in() { std::lock_guard<std::mutex> g(in_); }
  std::mutex in_, out_;
};

class Observer {
public:
  void notify() {
    std::lock_guard<std::mutex> g(mu_);
    on_event();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'this->cb_mu_' is acquired while holding 'this->mu_'
  }
  void subscribe() {
    std::lock_guard<std::mutex> g(cb_mu_);
    std::lock_guard<std::mutex> h(mu_);
  }

private:
  void on_event() {
    std::lock_guard<std::mutex> g(cb_mu_);
    ++events_;
  }
  std::mutex mu_, cb_mu_;
  int events_ = 0;
};

class Worker {
public:
  void start() {
    t_ = std::thread([this] {
      std::lock_guard<std::mutex> g(queue_mu_);
      std::lock_guard<std::mutex> h(state_mu_);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: mutex 'this->state_mu_' is acquired while holding 'this->queue_mu_'
    });
  }
  void stop() {
    std::lock_guard<std::mutex> g(state_mu_);
    std::lock_guard<std::mutex> h(queue_mu_);
  }
  ~Worker() {
    if (t_.joinable())
      t_.join();
  }

private:
  std::mutex queue_mu_, state_mu_;
  std::thread t_;
};

std::mutex a12, b12;
void same_entry_twice_bad() {
  auto body = [] {
    if (cond()) {
      std::lock_guard<std::mutex> g(a12);
      std::lock_guard<std::mutex> h(b12);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: mutex 'b12' is acquired while holding 'a12'
    } else {
      std::lock_guard<std::mutex> g(b12);
      std::lock_guard<std::mutex> h(a12);
    }
  };
  std::thread x(body), y(body);
  x.join();
  y.join();
}

std::mutex a13, b13;
void thread_per_iteration_bad(int n) {
  for (int i = 0; i < n; ++i) {
    std::thread([i] {
      if (i % 2) {
        std::lock_guard<std::mutex> g(a13);
        std::lock_guard<std::mutex> h(b13);
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: mutex 'b13' is acquired while holding 'a13'
      } else {
        std::lock_guard<std::mutex> g(b13);
        std::lock_guard<std::mutex> h(a13);
      }
    }).detach();
  }
}

std::mutex a14, b14;
void mixed_manual_and_guard_bad() {
  std::thread x([] {
    a14.lock();
    {
      std::lock_guard<std::mutex> h(b14);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: mutex 'b14' is acquired while holding 'a14'
      work();
    }
    a14.unlock();
  });
  std::thread y([] {
    std::unique_lock<std::mutex> g(b14, std::defer_lock);
    g.lock();
    std::lock_guard<std::mutex> h(a14);
  });
  x.join();
  y.join();
}

// ---------------------------------------------------------------------------
// Correct code: silent.

std::mutex o1a, o1b;
void same_order_ok() {
  auto body = [] {
    std::lock_guard<std::mutex> g(o1a);
    std::lock_guard<std::mutex> h(o1b);
  };
  std::thread x(body), y(body);
  x.join();
  y.join();
}

std::mutex o2a, o2b;
void scoped_lock_pairs_ok() {
  std::thread x([] { std::scoped_lock g(o2a, o2b); });
  std::thread y([] { std::scoped_lock g(o2b, o2a); });
  x.join();
  y.join();
}

std::mutex o3a, o3b;
void std_lock_with_defer_ok() {
  std::thread x([] {
    std::unique_lock<std::mutex> g(o3a, std::defer_lock), h(o3b, std::defer_lock);
    std::lock(g, h);
  });
  std::thread y([] {
    std::unique_lock<std::mutex> g(o3b, std::defer_lock), h(o3a, std::defer_lock);
    std::lock(h, g);
  });
  x.join();
  y.join();
}

std::mutex o4a, o4b;
void std_lock_adopt_ok() {
  std::thread x([] {
    std::lock(o4a, o4b);
    std::lock_guard<std::mutex> g(o4a, std::adopt_lock), h(o4b, std::adopt_lock);
  });
  std::thread y([] {
    std::lock(o4b, o4a);
    std::lock_guard<std::mutex> g(o4b, std::adopt_lock), h(o4a, std::adopt_lock);
  });
  x.join();
  y.join();
}

std::mutex o5gate, o5a, o5b;
void gate_lock_ok() {
  std::thread x([] {
    std::lock_guard<std::mutex> gate(o5gate);
    std::lock_guard<std::mutex> g(o5a);
    std::lock_guard<std::mutex> h(o5b);
  });
  std::thread y([] {
    std::lock_guard<std::mutex> gate(o5gate);
    std::lock_guard<std::mutex> g(o5b);
    std::lock_guard<std::mutex> h(o5a);
  });
  x.join();
  y.join();
}

std::mutex o6gate, o6a, o6b;
void o6_inner() {
  std::lock_guard<std::mutex> g(o6b);
  std::lock_guard<std::mutex> h(o6a);
}
void gate_lock_through_callee_ok() {
  std::thread x([] {
    std::lock_guard<std::mutex> gate(o6gate);
    std::lock_guard<std::mutex> g(o6a);
    std::lock_guard<std::mutex> h(o6b);
  });
  std::thread y([] {
    std::lock_guard<std::mutex> gate(o6gate);
    o6_inner();
  });
  x.join();
  y.join();
}

Account erin, frank, gina, hank;
void different_instances_ok() {
  std::thread x([] { transfer(erin, frank, 1); });
  std::thread y([] { transfer(gina, hank, 1); });
  x.join();
  y.join();
}

std::mutex o7a, o7b;
void one_thread_both_orders_ok() {
  // One thread, one after the other: nothing runs beside it.
  std::thread x([] {
    {
      std::lock_guard<std::mutex> g(o7a);
      std::lock_guard<std::mutex> h(o7b);
    }
    {
      std::lock_guard<std::mutex> g(o7b);
      std::lock_guard<std::mutex> h(o7a);
    }
  });
  x.join();
}

std::mutex o8a, o8b;
void try_lock_backoff_ok() {
  std::thread x([] {
    std::lock_guard<std::mutex> g(o8a);
    std::lock_guard<std::mutex> h(o8b);
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(o8b);
    if (o8a.try_lock()) // does not wait: no deadlock
      o8a.unlock();
  });
  x.join();
  y.join();
}

std::mutex o9a, o9b;
void release_before_next_ok() {
  std::thread x([] {
    std::lock_guard<std::mutex> g(o9a);
    std::lock_guard<std::mutex> h(o9b);
  });
  std::thread y([] {
    std::unique_lock<std::mutex> g(o9b);
    g.unlock();
    std::lock_guard<std::mutex> h(o9a);
  });
  x.join();
  y.join();
}

class Consistent {
public:
  void f() {
    std::lock_guard<std::mutex> g(a_);
    std::lock_guard<std::mutex> h(b_);
  }
  void g() {
    std::lock_guard<std::mutex> g(a_);
    std::lock_guard<std::mutex> h(b_);
  }

private:
  std::mutex a_, b_;
};

std::mutex o10a, o10b;
void free_functions_without_threads_1() {
  std::lock_guard<std::mutex> g(o10a);
  std::lock_guard<std::mutex> h(o10b);
}
void free_functions_without_threads_ok() {
  // No thread runs either: nothing here shows they run at the same time.
  std::lock_guard<std::mutex> g(o10b);
  std::lock_guard<std::mutex> h(o10a);
}

std::mutex o11arr[4];
void constant_elements_ok() {
  std::thread x([] {
    std::lock_guard<std::mutex> g(o11arr[0]);
    std::lock_guard<std::mutex> h(o11arr[1]);
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(o11arr[2]);
    std::lock_guard<std::mutex> h(o11arr[3]);
  });
  x.join();
  y.join();
}

void per_thread_locals_ok() {
  auto body = [](bool first) {
    std::mutex a, b; // each thread its own
    if (first) {
      std::lock_guard<std::mutex> g(a);
      std::lock_guard<std::mutex> h(b);
    } else {
      std::lock_guard<std::mutex> g(b);
      std::lock_guard<std::mutex> h(a);
    }
  };
  std::thread x(body, true), y(body, false);
  x.join();
  y.join();
}

std::mutex o12a, o12b;
void o12_release_a() { o12a.unlock(); }
void callee_releases_before_ok() {
  std::thread x([] {
    o12a.lock();
    o12_release_a();
    std::lock_guard<std::mutex> h(o12b);
  });
  std::thread y([] {
    std::lock_guard<std::mutex> g(o12b);
    std::lock_guard<std::mutex> h(o12a);
  });
  x.join();
  y.join();
}

std::recursive_mutex o13;
void same_lock_nested_ok() {
  std::thread x([] {
    std::lock_guard<std::recursive_mutex> g(o13);
    std::lock_guard<std::recursive_mutex> h(o13);
  });
  x.join();
}

std::mutex o14a, o14b;
void scoped_lock_against_ordered_ok() {
  // std::scoped_lock never waits while holding one of its mutexes.
  std::thread x([] { std::scoped_lock g(o14a, o14b); });
  std::thread y([] {
    std::lock_guard<std::mutex> g(o14b);
    std::lock_guard<std::mutex> h(o14a);
  });
  x.join();
  y.join();
}

class Private {
public:
  void run() { step1(); }

private:
  void step1() {
    std::lock_guard<std::mutex> g(a_);
    std::lock_guard<std::mutex> h(b_);
  }
  void unused_step2() {
    // Private and never called: no path runs it.
    std::lock_guard<std::mutex> g(b_);
    std::lock_guard<std::mutex> h(a_);
  }
  std::mutex a_, b_;
};

std::mutex o16a, o16b;
void o16_same_order() {
  std::lock_guard<std::mutex> g(o16a);
  std::lock_guard<std::mutex> h(o16b);
}
void callees_same_order_ok() {
  std::thread x(o16_same_order);
  std::thread y([] {
    std::lock_guard<std::mutex> g(o16a);
    std::lock_guard<std::mutex> h(o16b);
  });
  x.join();
  y.join();
}

std::shared_mutex o17a, o17b;
void readers_only_ok() {
  // Shared locks in opposite orders do not wait for each other without a
  // writer; no thread here takes them exclusively.
  std::thread x([] {
    std::shared_lock<std::shared_mutex> g(o17a);
    std::shared_lock<std::shared_mutex> h(o17b);
  });
  std::thread y([] {
    std::shared_lock<std::shared_mutex> g(o17a);
    std::shared_lock<std::shared_mutex> h(o17b);
  });
  x.join();
  y.join();
}

// ---------------------------------------------------------------------------
// Known limits, kept visible.

Account ivan, judy;
void FN_spawn_arguments_not_bound() {
  // The entry point is `transfer` itself, with parameters: the accounts the
  // spawn passes are not bound to them (yet), so both edges are
  // 'from.m -> to.m' on one path.
  std::thread x(transfer, std::ref(ivan), std::ref(judy), 1);
  std::thread y(transfer, std::ref(judy), std::ref(ivan), 1);
  x.join();
  y.join();
}

std::mutex fn1[4];
void index_variables_bad(int i, int j) {
  // The same i and j (copies of the same variables) in opposite orders.
  std::thread x([i, j] {
    std::lock_guard<std::mutex> g(fn1[i]);
    std::lock_guard<std::mutex> h(fn1[j]);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'fn1[j]' is acquired while holding 'fn1[i]'
  });
  std::thread y([i, j] {
    std::lock_guard<std::mutex> g(fn1[j]);
    std::lock_guard<std::mutex> h(fn1[i]);
  });
  x.join();
  y.join();
}

std::mutex fp1a, fp1b;
void FP_ordered_by_join() {
  // The first thread is joined before the second starts: they never run at
  // the same time (ThreadSanitizer reports this one too: the order itself
  // is the hazard the next change will trip over).
  std::thread x([] {
    std::lock_guard<std::mutex> g(fp1a);
    std::lock_guard<std::mutex> h(fp1b);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'fp1b' is acquired while holding 'fp1a'
  });
  x.join();
  std::thread y([] {
    std::lock_guard<std::mutex> g(fp1b);
    std::lock_guard<std::mutex> h(fp1a);
  });
  y.join();
}

std::mutex fp2a, fp2b;
void FP_spawner_after_join() {
  // The spawning function's own edges count wherever they are in it, even
  // after the join that ends the thread (thread windows are not used yet).
  auto f = [] {
    std::lock_guard<std::mutex> g(fp2b);
    std::lock_guard<std::mutex> h(fp2a);
  };
  std::thread x([] {
    std::lock_guard<std::mutex> g(fp2a);
    std::lock_guard<std::mutex> h(fp2b);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'fp2b' is acquired while holding 'fp2a'
  });
  x.join();
  f();
}
