#pragma once

// Set-up before the object's own thread (issue 13): a member written
// without the lock in the method that then starts the object's thread, and
// under the lock in another method, the thread reading it under the lock.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace own {

// running_: set in start() before the thread starts; cleared in stop()
// under mu_, which the thread holds to read it.
class Feeder {
public:
  void start() {
    running_ = true;
    worker_ = new std::thread(&Feeder::run, this);
  }
  void stop() {
    {
      std::lock_guard<std::mutex> g(mu_);
      running_ = false;
      wake_.notify_one();
    }
    if (worker_) {
      worker_->join();
      delete worker_;
      worker_ = nullptr;
    }
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> l(mu_);
      if (!running_)
        break;
      wake_.wait(l);
    }
  }
  bool running_ = false;
  std::thread *worker_ = nullptr;
  std::mutex mu_;
  std::condition_variable wake_;
};

// armed_: set in start() only after the thread has started.
class LateFeeder {
public:
  void start() {
    worker_ = new std::thread(&LateFeeder::run, this);
    armed_ = true;
  }
  void stop() {
    {
      std::lock_guard<std::mutex> g(mu_);
      armed_ = false;
      wake_.notify_one();
    }
    if (worker_) {
      worker_->join();
      delete worker_;
      worker_ = nullptr;
    }
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> l(mu_);
      if (!armed_)
        break;
      wake_.wait(l);
    }
  }
  bool armed_ = false;
  std::thread *worker_ = nullptr;
  std::mutex mu_;
  std::condition_variable wake_;
};

// paused_: set in start() before the thread starts, cleared under mu_ in
// pause(); the thread never reads it, under mu_ or otherwise: the lock is
// not shown to serve the thread, so it says that start() and pause() run
// concurrently.
class Ticker {
public:
  void start() {
    paused_ = false;
    worker_ = new std::thread(&Ticker::run, this);
  }
  void pause() {
    std::lock_guard<std::mutex> g(mu_);
    paused_ = true;
  }
  void stop() {
    {
      std::lock_guard<std::mutex> g(mu_);
      done_ = true;
      wake_.notify_one();
    }
    if (worker_) {
      worker_->join();
      delete worker_;
      worker_ = nullptr;
    }
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> l(mu_);
      if (done_)
        break;
      wake_.wait(l);
    }
  }
  bool paused_ = false;
  bool done_ = false;
  std::thread *worker_ = nullptr;
  std::mutex mu_;
  std::condition_variable wake_;
};

// The same, the thread started on a callable that binds `this`.
template <typename T> class BoundFeeder {
public:
  void start() {
    running_ = true;
    worker_ = new std::thread(std::bind(&BoundFeeder<T>::run, this));
  }
  void stop() {
    {
      std::unique_lock<std::mutex> l(mu_);
      running_ = false;
      wake_.notify_one();
    }
    if (worker_) {
      worker_->join();
      delete worker_;
      worker_ = nullptr;
    }
  }

private:
  void run() {
    for (;;) {
      std::unique_lock<std::mutex> l(mu_);
      if (!running_)
        break;
      wake_.wait(l);
    }
  }
  bool running_ = false;
  std::thread *worker_ = nullptr;
  std::mutex mu_;
  std::condition_variable wake_;
};

// Bound too, but the thread never takes mu_ around muted_.
class BoundTicker {
public:
  void start() {
    muted_ = false;
    worker_ = new std::thread(std::bind(&BoundTicker::run, this));
  }
  void mute() {
    std::lock_guard<std::mutex> g(mu_);
    muted_ = true;
  }
  void stop() {
    if (worker_) {
      worker_->join();
      delete worker_;
      worker_ = nullptr;
    }
  }

private:
  void run() { ++ticks_; }
  bool muted_ = false;
  int ticks_ = 0;
  std::thread *worker_ = nullptr;
  std::mutex mu_;
};

} // namespace own
