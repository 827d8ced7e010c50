// RUN: %check_conclint %s conclint-blocking-call-under-lock %t -- -std=c++20-or-later -pthread

// C++20's synchronisation primitives: semaphores, latches, barriers and
// jthread, waited on while a mutex is held.

#include <barrier>
#include <chrono>
#include <latch>
#include <mutex>
#include <semaphore>
#include <thread>

std::mutex m;
std::counting_semaphore<8> slots(8);
std::binary_semaphore signal_(0);
std::latch started(2);
std::barrier<> phase(2);

void semaphore_acquire_bad() {
  std::lock_guard<std::mutex> g(m);
  slots.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::counting_semaphore::acquire' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
  slots.release();
}

void binary_semaphore_bad() {
  std::lock_guard<std::mutex> g(m);
  signal_.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::counting_semaphore::acquire' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

void latch_wait_bad() {
  std::lock_guard<std::mutex> g(m);
  started.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::latch::wait' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

void barrier_bad() {
  std::lock_guard<std::mutex> g(m);
  phase.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::barrier::arrive_and_wait' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

void jthread_join_bad(std::jthread &t) {
  std::lock_guard<std::mutex> g(m);
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::jthread::join' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

// Non-blocking forms are fine under a lock.
bool try_acquire_ok() {
  std::lock_guard<std::mutex> g(m);
  return slots.try_acquire();
}

void count_down_ok() {
  std::lock_guard<std::mutex> g(m);
  started.count_down();
}

bool try_wait_ok() {
  std::lock_guard<std::mutex> g(m);
  return started.try_wait();
}

bool try_acquire_zero_ok() {
  std::lock_guard<std::mutex> g(m);
  return slots.try_acquire_for(std::chrono::seconds(0));
}

void wait_after_unlock_ok() {
  {
    std::lock_guard<std::mutex> g(m);
  }
  started.wait();
}
