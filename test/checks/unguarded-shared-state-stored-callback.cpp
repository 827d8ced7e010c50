// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++11-or-later -pthread

// A lambda runs where it is called (utils/SharedAccesses.h). One handed to a
// function the walk follows, converted to a std::function parameter, runs
// where that function calls the parameter; a function that only stores it
// (a handler table, run later by whoever reads the table) does not run it at
// the call: its body is not an access of the caller at that point.

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

class Router {
public:
  void on(std::function<void()> h) { handlers_.push_back(std::move(h)); }
  void on_ref(const std::function<void()> &h) { handlers_.push_back(h); }
  void now(std::function<void()> h) { h(); }
  void now_ref(const std::function<void()> &h) {
    if (h)
      h();
  }

private:
  std::vector<std::function<void()>> handlers_;
};

// The handler is only registered: nothing here runs it while the thread
// writes the port.
void registered_handler_ok() {
  Router r;
  int port = 0;
  std::thread t([&] { port = 8080; });
  r.on([&] {
    int p = port;
    (void)p;
  });
  t.join();
}

void registered_by_reference_ok() {
  Router r;
  int port = 0;
  std::thread t([&] { port = 8080; });
  r.on_ref([&] { port = 1; });
  t.join();
}

// The callee calls the handler at once: its body runs at the call, while
// the thread writes the port.
void called_handler_bad() {
  Router r;
  int port = 0;
  std::thread t([&] {
    port = 8080;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'port' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  });
  r.now([&] {
    int p = port;
    (void)p;
  });
  t.join();
}

void called_by_reference_bad() {
  Router r;
  int port = 0;
  std::thread t([&] {
    port = 8080;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'port' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  });
  r.now_ref([&] {
    int p = port;
    (void)p;
  });
  t.join();
}

// A callee without a visible body may call it at once: it runs here.
void run_elsewhere(const std::function<void()> &h);
void unknown_callee_bad() {
  int port = 0;
  std::thread t([&] {
    port = 8080;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'port' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  });
  run_elsewhere([&] {
    int p = port;
    (void)p;
  });
  t.join();
}
