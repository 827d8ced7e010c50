// RUN: %check_conclint %s conclint-blocking-call-under-lock %t -- -std=c++17-or-later -pthread

// I/O under a lock on a descriptor the function made non-blocking (issue
// 13): it returns at once, so the lock is not held across a wait. The same
// rule as for coroutines (utils/BlockingCalls): the descriptor's creation
// with SOCK_NONBLOCK / O_NONBLOCK, or an fcntl(fd, F_SETFL, ... | O_NONBLOCK)
// that every path to the call runs, with no fcntl clearing it.

#include <fcntl.h>
#include <mutex>
#include <sys/socket.h>
#include <unistd.h>

std::mutex m;

ssize_t drain_ok() {
  int s = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  char buf[256];
  std::lock_guard<std::mutex> g(m);
  ssize_t n = ::recv(s, buf, sizeof buf, 0);
  ::close(s);
  return n;
}

ssize_t pump_ok(int fd, const char *data, size_t len) {
  if (::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) < 0)
    return -1;
  std::lock_guard<std::mutex> g(m);
  return ::write(fd, data, len);
}

struct Pipe {
  std::mutex mu;
  ssize_t poll_once(char *buf, size_t n) {
    const int fd = ::open("/tmp/conclint-fifo", O_RDONLY | O_NONBLOCK);
    std::lock_guard<std::mutex> g(mu);
    return ::read(fd, buf, n);
  }
};

// ------------------------------------------------------ still reported

ssize_t blocking_socket_bad() {
  int s = ::socket(AF_UNIX, SOCK_DGRAM, 0);
  char buf[256];
  std::lock_guard<std::mutex> g(m);
  return ::recv(s, buf, sizeof buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'recv' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

ssize_t set_blocking_again_bad(int fd, char *buf, size_t n) {
  int flags = ::fcntl(fd, F_GETFL, 0);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  std::lock_guard<std::mutex> g(m);
  ::fcntl(fd, F_SETFL, flags);
  return ::read(fd, buf, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'read' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
}

ssize_t nonblocking_in_loop_after_bad(int fd, char *buf, size_t n) {
  std::lock_guard<std::mutex> g(m);
  ssize_t r = 0;
  for (int i = 0; i < 2; ++i) {
    r = ::read(fd, buf, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'read' while holding 'm' stalls every thread waiting for it [conclint-blocking-call-under-lock]
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
  }
  return r;
}
