// RUN: %check_conclint %s conclint-blocking-call-under-lock %t -- -std=c++17-or-later -pthread

// The notes: where each held lock was acquired, and the chain of calls down
// to the blocking call.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unistd.h>

struct Journal {
  std::mutex mu_;
  std::mutex io_mu_;
  std::condition_variable cv_;
  bool flushed_ = false;
  int fd_ = -1;

  void sync_disk() {
    ::fsync(fd_);
  }
  void flush() {
    sync_disk();
  }
  void append_bad() {
    std::lock_guard<std::mutex> g(mu_);
    flush();
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: call to 'Journal::flush' while holding 'this->mu_' reaches a blocking call to 'fsync', which stalls every thread waiting for it [conclint-blocking-call-under-lock]
    // CHECK-NOTES: :[[@LINE-6]]:5: note: 'Journal::flush' calls 'Journal::sync_disk' here
    // CHECK-NOTES: :[[@LINE-10]]:5: note: 'Journal::sync_disk' calls blocking function 'fsync' here
    // CHECK-NOTES: :[[@LINE-5]]:5: note: 'this->mu_' acquired here
  }
  void wait_flushed_bad() {
    std::lock_guard<std::mutex> io(io_mu_);
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [this] { return flushed_; });
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: waiting in 'std::condition_variable::wait' releases only 'this->mu_'; holding 'this->io_mu_' across the wait stalls every thread waiting for it [conclint-blocking-call-under-lock]
    // CHECK-NOTES: :[[@LINE-4]]:5: note: 'this->io_mu_' acquired here
  }
  void wait_flushed_ok() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [this] { return flushed_; });
  }
};
