// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++11-or-later -pthread

// Exclusive modes (utils/SharedAccesses.h exclusiveModes): an object that
// starts its thread from its own member function only where a bool member
// is false, and whose public member function touches the data only where
// that member is true, never runs the two at once, provided the member is
// configuration: written only in public member functions that neither start
// the thread nor run the access, never by a thread (the ConfigureBeforeStart
// assumption: configuration comes before start).

#include <atomic>
#include <thread>

class Sink {
public:
  void configure(bool inline_mode) { inline_ = inline_mode; }
  void start() {
    if (inline_) {
      open();
    } else {
      worker_ = std::thread([this] { run(); });
    }
  }
  void log(int v) {
    if (inline_)
      write(v);
    else
      pending_.store(v);
  }
  void stop() {
    if (worker_.joinable())
      worker_.join();
  }

private:
  void open() { out_ = 1; }
  void run() {
    open();
    while (pending_.load() >= 0)
      write(pending_.exchange(0));
  }
  void write(int v) { out_ += v; }
  bool inline_ = false;
  int out_ = 0;
  std::atomic<int> pending_{0};
  std::thread worker_;
};

void inline_or_threaded_ok(bool b) {
  Sink s;
  s.configure(b);
  s.start();
  s.log(1);
  s.stop();
}

// The flag changes once the thread runs: the inline branch may run with it.
class FlippedSink {
public:
  void start() {
    if (!inline_)
      worker_ = std::thread([this] { run(); });
    inline_ = true;
  }
  void log(int v) {
    if (inline_)
      out_ += v;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'out_' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
  void stop() {
    if (worker_.joinable())
      worker_.join();
  }

private:
  void run() {
    out_ = 1;
  }
  bool inline_ = false;
  int out_ = 0;
  std::thread worker_;
};

// The thread writes the flag itself.
class SelfSwitchingSink {
public:
  void start() {
    if (!inline_)
      worker_ = std::thread([this] { run(); });
  }
  void log(int v) {
    if (inline_)
      out_ += v;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'out_' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
  void stop() {
    if (worker_.joinable())
      worker_.join();
  }

private:
  void run() {
    out_ = 1;
    inline_ = true;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'inline_' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
  bool inline_ = false;
  int out_ = 0;
  std::thread worker_;
};

// The public access does not test the flag.
class UngatedSink {
public:
  void start() {
    if (!inline_)
      worker_ = std::thread([this] { run(); });
  }
  void log(int v) { out_ += v; }
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'out_' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  void stop() {
    if (worker_.joinable())
      worker_.join();
  }

private:
  void run() {
    out_ = 1;
  }
  bool inline_ = false;
  int out_ = 0;
  std::thread worker_;
};
