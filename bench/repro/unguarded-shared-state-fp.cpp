#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// A class that locks inside every member function.
class Counter {
public:
  void add() {
    std::lock_guard<std::mutex> g(m_);
    ++n_;
  }
  int get() const {
    std::lock_guard<std::mutex> g(m_);
    return n_;
  }

private:
  mutable std::mutex m_;
  int n_ = 0;
};

// FP_: Counter synchronizes itself; calling add() from two threads is safe.
int FP_internally_locked_object() {
  Counter c;
  std::thread t([&] { c.add(); });
  c.add();
  t.join();
  return c.get();
}

// A server whose cross-thread API touches only atomics.
class Loop {
public:
  void run() {
    running_ = true;
    while (running_)
      std::this_thread::yield();
  }
  void stop() { running_ = false; }
  bool is_running() const { return running_; }

private:
  std::atomic<bool> running_{false};
};

// FP_: run() and stop() only touch an std::atomic member.
void FP_object_with_atomic_members() {
  Loop l;
  std::thread t([&] { l.run(); });
  while (!l.is_running())
    std::this_thread::yield();
  l.stop();
  t.join();
}

// Configured first, then started: routes_ is written before any thread runs.
class Router {
public:
  void route(std::string r) { routes_.push_back(std::move(r)); }
  void listen() {
    for (int i = 0; i < 2; ++i)
      pool_.emplace_back([this] { serve(); });
    for (auto &t : pool_)
      t.join();
  }

private:
  void serve() {
    for (auto &r : routes_)
      (void)r.size();
  }
  std::vector<std::string> routes_;
  std::vector<std::thread> pool_;
};

// FP_: route() runs before listen() starts the threads that read routes_.
void FP_configure_then_start() {
  Router s;
  s.route("/");
  s.listen();
}

// FP_: port is published before the atomic flag the reader waits for.
void FP_published_before_atomic_flag() {
  int port = 0;
  std::atomic<bool> ready{false};
  std::thread t([&] {
    port = 8080;
    ready = true;
  });
  while (!ready)
    std::this_thread::yield();
  int p = port;
  (void)p;
  t.join();
}
