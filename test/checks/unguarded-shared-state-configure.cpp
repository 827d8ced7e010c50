// RUN: %check_conclint --config='{CheckOptions: {conclint-unguarded-shared-state.ConfigureBeforeStart: false}}' \
// RUN:   %s conclint-unguarded-shared-state %t \
// RUN:   -- -std=c++11-or-later -pthread

// ConfigureBeforeStart off: any public member function may run while the
// threads the object started run, setters included.

#include <string>
#include <thread>
#include <utility>
#include <vector>

class Server {
public:
  void add_route(std::string r) { routes_.push_back(std::move(r)); }
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'routes_' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  void set_timeout(int ms) { timeout_ms_ = ms; }
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'timeout_ms_' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  void start() {
    for (int i = 0; i < 2; ++i)
      workers_.emplace_back([this] { serve(); });
  }
  void stop() {
    for (auto &t : workers_)
      t.join();
  }

private:
  void serve() {
    for (const auto &r : routes_)
      (void)(r.size() + static_cast<std::size_t>(timeout_ms_));
  }
  std::vector<std::string> routes_;
  int timeout_ms_ = 1000;
  std::vector<std::thread> workers_;
};

void setter_after_start_bad() {
  Server s;
  s.start();
  s.add_route("/late");
  s.set_timeout(50);
  s.stop();
}
