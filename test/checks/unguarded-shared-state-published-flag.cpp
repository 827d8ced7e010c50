// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// Happens-before through an atomic flag that member functions set and read
// (utils/HappensBefore.h): a call of a member function whose visible body
// stores an atomic member of its object (seq_cst or release; through calls
// on `this`, a few deep) releases that member as the store would, and a
// branch on a bool getter whose whole body returns that member's load
// (seq_cst or acquire) acquires it. A value written before the releasing
// call is read safely after a spin on the getter. Every condition of the
// direct form holds: one releasing context only, a strong order, the read
// after the spin on every path.

#include <atomic>
#include <thread>

class Server {
public:
  bool listen() { return run(); }
  bool is_running() const { return running_; }
  void stop() { stop_.store(true); }

private:
  bool run() {
    running_ = true;
    while (!stop_.load())
      std::this_thread::yield();
    running_ = false;
    return true;
  }
  std::atomic<bool> running_{false};
  std::atomic<bool> stop_{false};
};

// The corpus shape (cpp-httplib test.cc): the port is written on the
// server's thread before listen() sets the flag; the test spins on
// is_running() before it reads the port.
void port_before_listen_ok() {
  Server svr;
  int port = 0;
  std::thread t([&] {
    port = 8080;
    svr.listen();
  });
  while (!svr.is_running())
    std::this_thread::yield();
  int p = port;
  (void)p;
  svr.stop();
  t.join();
}

// Two servers, one spin over both: each operand of the `||` decides its own
// edge out of the loop.
void two_servers_ok() {
  Server a, b;
  int pa = 0, pb = 0;
  std::thread ta([&] {
    pa = 1;
    a.listen();
  });
  std::thread tb([&] {
    pb = 2;
    b.listen();
  });
  while (!a.is_running() || !b.is_running())
    std::this_thread::yield();
  int sum = pa + pb;
  (void)sum;
  a.stop();
  b.stop();
  ta.join();
  tb.join();
}

// Written after the releasing call: nothing orders it before the read.
void port_after_listen_bad() {
  Server svr;
  int port = 0;
  std::thread t([&] {
    svr.listen();
    port = 8080;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'port' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  });
  while (!svr.is_running())
    std::this_thread::yield();
  int p = port;
  (void)p;
  svr.stop();
  t.join();
}

// Two threads run the releasing call: the reader may have seen the other
// one's store, which does not order this thread's write.
void two_releasers_bad() {
  Server svr;
  int port = 0;
  std::thread t1([&] {
    port = 8080;
    svr.listen();
    // CHECK-MESSAGES: :[[@LINE-2]]:5: warning: 'port' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  });
  std::thread t2([&] { svr.listen(); });
  while (!svr.is_running())
    std::this_thread::yield();
  int p = port;
  (void)p;
  svr.stop();
  t1.join();
  t2.join();
}

// A relaxed store orders nothing, through a callee as directly.
class RelaxedServer {
public:
  void listen() { running_.store(true, std::memory_order_relaxed); }
  bool is_running() const { return running_; }

private:
  std::atomic<bool> running_{false};
};
void relaxed_publish_bad() {
  RelaxedServer svr;
  int port = 0;
  std::thread t([&] {
    port = 8080;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'port' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
    svr.listen();
  });
  while (!svr.is_running())
    std::this_thread::yield();
  int p = port;
  (void)p;
  t.join();
}

// A virtual listen() may be overridden by one that sets nothing: the call
// is not a release (silence would need the body that runs).
class VirtualServer {
public:
  virtual ~VirtualServer() = default;
  virtual void listen() { running_ = true; }
  bool is_running() const { return running_; }

private:
  std::atomic<bool> running_{false};
};
void virtual_publisher_bad(VirtualServer &svr) {
  int port = 0;
  std::thread t([&] {
    port = 8080;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'port' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
    svr.listen();
  });
  while (!svr.is_running())
    std::this_thread::yield();
  int p = port;
  (void)p;
  t.join();
}

// What the releasing call does after its store is not ordered before the
// reader: the accesses of the call itself (its object, its arguments and
// its body) do not count as before the release.
class Configured {
public:
  void serve() {
    running_ = true;
    level_ = 1;
  }
  bool is_running() const { return running_; }
  void set_level(int l) { level_ = l; }

private:
  std::atomic<bool> running_{false};
  int level_ = 0;
};
void write_after_store_in_callee_bad() {
  Configured c;
  std::thread t([&] { c.serve(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'c' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  while (!c.is_running())
    std::this_thread::yield();
  c.set_level(2);
  t.join();
}
