// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// The lock-consistency rule's exception for a monotonic final state
// (utils/FinalStates.h): the unlocked access A in F comes after F stored a
// constant V to a state member S while holding the lock L; every locked
// write W of the same member runs under L behind a test that S is not V,
// made under the same hold of L; and S never leaves V (every other store
// stores V, is itself behind such a test, is in a constructor, or is F's
// own reset after A). A writer that saw S != V under L ran before the
// store's hold of L, so before A: the two cannot overlap.

#include <mutex>
#include <thread>
#include <vector>

// A pool whose shutdown sets a flag under the lock, then joins the thread
// vector without it. Every writer of the vector tests the flag under the
// lock first (one through a helper only this translation unit calls), and
// the flag is reset by the shutdown itself, after the joins.
class Pool_ok {
public:
  void submit() {
    std::lock_guard<std::mutex> g(mu);
    if (stopping)
      return;
    startThreads();
  }
  void resize(int n) {
    std::lock_guard<std::mutex> g(mu);
    if (!stopping) {
      limit = n;
      startThreads();
    }
  }
  void retire() {
    std::unique_lock<std::mutex> g(mu);
    if (stopping == false && !threads.empty()) {
      threads.back().detach();
      threads.pop_back();
    }
  }
  void shutdown() {
    std::unique_lock<std::mutex> g(mu);
    stopping = true;
    limit = 0;
    g.unlock();
    for (auto &t : threads) // no lock: no writer runs after `stopping`
      t.join();
    threads.clear();
    stopping = false;
  }

private:
  void startThreads() {
    while (static_cast<int>(threads.size()) < limit)
      threads.emplace_back([] {});
  }
  std::mutex mu;
  bool stopping = false;
  int limit = 4;
  std::vector<std::thread> threads;
};

// A task whose continuation list is appended only while the task is not
// completed (tested under the same lock), and run after the task stored
// `Completed` under it.
class Task_ok {
public:
  enum State { Created, Started, Completed };
  struct Node {
    Node *next = nullptr;
  };
  void addContinuation(Node *n) {
    std::lock_guard<std::mutex> g(mu);
    if (state != Completed) {
      n->next = head;
      head = n;
    }
  }
  void start() {
    std::lock_guard<std::mutex> g(mu);
    if (state == Created)
      state = Started;
  }
  void finish() {
    {
      std::lock_guard<std::mutex> g(mu);
      state = Completed;
    }
    Node *cur = head; // no lock: the list is closed
    head = nullptr;
    while (cur)
      cur = cur->next;
  }

private:
  std::mutex mu;
  State state = Created;
  Node *head = nullptr;
};

// A writer that does not test the flag: it can append after the shutdown.
class PoolNoTest_bad {
public:
  void submit() {
    std::lock_guard<std::mutex> g(mu);
    if (stopping)
      return;
    threads.emplace_back([] {});
  }
  void grow() {
    std::lock_guard<std::mutex> g(mu);
    threads.emplace_back([] {});
  }
  void shutdown() {
    std::unique_lock<std::mutex> g(mu);
    stopping = true;
    g.unlock();
    for (auto &t : threads)
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'threads' is read without holding 'this->mu', while other member functions of 'PoolNoTest_bad' write it under that lock [conclint-unguarded-shared-state]
      t.join();
  }

private:
  std::mutex mu;
  bool stopping = false;
  std::vector<std::thread> threads;
};

// The helper that writes is called from a caller that does not test the
// flag: the helper is not gated.
class PoolHelper_bad {
public:
  void submit() {
    std::lock_guard<std::mutex> g(mu);
    if (stopping)
      return;
    startThreads();
  }
  void grow() {
    std::lock_guard<std::mutex> g(mu);
    startThreads();
  }
  void shutdown() {
    std::unique_lock<std::mutex> g(mu);
    stopping = true;
    g.unlock();
    for (auto &t : threads)
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'threads' is read without holding 'this->mu', while other member functions of 'PoolHelper_bad' write it under that lock [conclint-unguarded-shared-state]
      t.join();
  }

private:
  void startThreads() { threads.emplace_back([] {}); }
  std::mutex mu;
  bool stopping = false;
  std::vector<std::thread> threads;
};

// The locked write is made inside a lambda behind the test: a lambda's
// body may run later, outside the gate, so the write is not gated.
class PoolLambda_bad {
public:
  void submit() {
    std::lock_guard<std::mutex> g(mu);
    if (stopping)
      return;
    auto add = [this] { threads.emplace_back([] {}); };
    add();
  }
  void shutdown() {
    std::unique_lock<std::mutex> g(mu);
    stopping = true;
    g.unlock();
    for (auto &t : threads)
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'threads' is read without holding 'this->mu', while other member functions of 'PoolLambda_bad' write it under that lock [conclint-unguarded-shared-state]
      t.join();
  }

private:
  std::mutex mu;
  bool stopping = false;
  std::vector<std::thread> threads;
};

// The flag is reset to its first value by another member function: a
// writer may pass the test again while the shutdown still walks the list.
class PoolRestart_bad {
public:
  void submit() {
    std::lock_guard<std::mutex> g(mu);
    if (stopping)
      return;
    threads.emplace_back([] {});
  }
  void restart() {
    std::lock_guard<std::mutex> g(mu);
    stopping = false;
  }
  void shutdown() {
    std::unique_lock<std::mutex> g(mu);
    stopping = true;
    g.unlock();
    for (auto &t : threads)
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'threads' is read without holding 'this->mu', while other member functions of 'PoolRestart_bad' write it under that lock [conclint-unguarded-shared-state]
      t.join();
  }

private:
  std::mutex mu;
  bool stopping = false;
  std::vector<std::thread> threads;
};

// The access comes before the store: writers still run.
class PoolEarly_bad {
public:
  void submit() {
    std::lock_guard<std::mutex> g(mu);
    if (stopping)
      return;
    threads.emplace_back([] {});
  }
  void shutdown() {
    for (auto &t : threads)
    // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'threads' is read without holding 'this->mu', while other member functions of 'PoolEarly_bad' write it under that lock [conclint-unguarded-shared-state]
      t.join();
    std::lock_guard<std::mutex> g(mu);
    stopping = true;
  }

private:
  std::mutex mu;
  bool stopping = false;
  std::vector<std::thread> threads;
};

// The test and the write are in two holds of the lock: the flag may be set
// in between.
class TaskTwoHolds_bad {
public:
  struct Node {
    Node *next = nullptr;
  };
  void addContinuation(Node *n) {
    std::unique_lock<std::mutex> g(mu);
    bool open = !done;
    if (!done) {
      g.unlock();
      g.lock();
      head = n;
    }
    (void)open;
  }
  void finish() {
    {
      std::lock_guard<std::mutex> g(mu);
      done = true;
    }
    Node *cur = head;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'head' is read without holding 'this->mu', while other member functions of 'TaskTwoHolds_bad' write it under that lock [conclint-unguarded-shared-state]
    (void)cur;
  }

private:
  std::mutex mu;
  bool done = false;
  Node *head = nullptr;
};

// The store is not made under the lock: a writer's test under the lock is
// not ordered with it.
class TaskUnlockedStore_bad {
public:
  struct Node {
    Node *next = nullptr;
  };
  void addContinuation(Node *n) {
    std::lock_guard<std::mutex> g(mu);
    if (!done)
      head = n;
  }
  void finish() {
    done = true;
    Node *cur = head;
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'head' is read without holding 'this->mu', while other member functions of 'TaskUnlockedStore_bad' write it under that lock [conclint-unguarded-shared-state]
    (void)cur;
  }

private:
  std::mutex mu;
  bool done = false;
  Node *head = nullptr;
};

int main() {
  Pool_ok p;
  p.submit();
  p.resize(2);
  p.retire();
  p.shutdown();
  Task_ok t;
  Task_ok::Node n;
  t.start();
  t.addContinuation(&n);
  t.finish();
  PoolNoTest_bad a;
  a.submit();
  a.grow();
  a.shutdown();
  PoolHelper_bad h;
  h.submit();
  h.grow();
  h.shutdown();
  PoolLambda_bad l;
  l.submit();
  l.shutdown();
  PoolRestart_bad b;
  b.submit();
  b.restart();
  b.shutdown();
  PoolEarly_bad c;
  c.submit();
  c.shutdown();
  TaskTwoHolds_bad d;
  TaskTwoHolds_bad::Node m;
  d.addContinuation(&m);
  d.finish();
  TaskUnlockedStore_bad e;
  TaskUnlockedStore_bad::Node k;
  e.addContinuation(&k);
  e.finish();
}
