// RUN: %check_conclint %s conclint-blocking-call-in-coroutine %t -- -std=c++20-or-later -pthread -DASIO_HAS_CO_AWAIT=1

// Socket and file I/O on a descriptor the coroutine's own code made
// non-blocking (issue 13): it returns at once (EAGAIN when nothing is
// ready), so it does not stall the thread. Shown by the descriptor's
// creation (SOCK_NONBLOCK, accept4(..., SOCK_NONBLOCK), O_NONBLOCK) or by an
// fcntl(fd, F_SETFL, ... | O_NONBLOCK) that every path to the call runs; an
// Asio socket by s.non_blocking(true) on every path.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>
#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

using asio::awaitable;

// Stands in for a readiness wait on the event loop.
awaitable<void> readable(int fd);

awaitable<int> created_nonblocking_ok() {
  int s = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  char buf[64];
  co_await readable(s);
  ssize_t n = ::recv(s, buf, sizeof buf, 0);
  ::close(s);
  co_return static_cast<int>(n);
}

awaitable<void> accepted_nonblocking_ok() {
  int l = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  co_await readable(l);
  int c = ::accept4(l, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
  char buf[64];
  co_await readable(c);
  ::read(c, buf, sizeof buf); // the accepted descriptor is non-blocking
  ::close(c);
  ::close(l);
}

awaitable<void> opened_nonblocking_ok() {
  const int fd = ::open("/tmp/conclint-fifo", O_RDONLY | O_NONBLOCK);
  char buf[64];
  ::read(fd, buf, sizeof buf);
  ::close(fd);
  co_return;
}

awaitable<void> fcntl_before_ok(int fd) {
  int flags = ::fcntl(fd, F_GETFL, 0);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  char buf[64];
  for (;;) {
    co_await readable(fd);
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EAGAIN)
      continue;
    break;
  }
}

awaitable<void> fcntl_in_condition_ok(int fd) {
  if (::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK) == -1)
    co_return;
  char buf[64];
  ::write(fd, buf, sizeof buf);
}

// The listening socket itself is non-blocking: accept returns EAGAIN.
awaitable<void> nonblocking_listener_ok() {
  int l = ::socket(AF_INET6, SOCK_STREAM | SOCK_NONBLOCK, 0);
  co_await readable(l);
  int c = ::accept(l, nullptr, nullptr);
  ::close(c);
  ::close(l);
}

// Readiness awaited on the descriptor before the call, on every path, and
// EAGAIN handled: the code treats the descriptor as non-blocking, and after
// readiness the call returns what is ready.
awaitable<void> readiness_then_read_ok(int fd) {
  char buf[64];
  for (;;) {
    co_await readable(fd);
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      continue;
    if (n <= 0)
      break;
  }
}

// A switch on errno inside the loop is no jump past the fcntl.
awaitable<void> errno_switch_ok(int fd) {
  ::fcntl(fd, F_SETFL, O_NONBLOCK);
  char buf[64];
  for (;;) {
    co_await readable(fd);
    if (::recv(fd, buf, sizeof buf, 0) >= 0)
      break;
    switch (errno) {
    case EINTR:
    case EAGAIN:
      continue;
    default:
      co_return;
    }
  }
}

// An Asio socket put in non-blocking mode: its synchronous operations fail
// with would_block instead of waiting.
awaitable<void> asio_nonblocking_socket_ok(asio::ip::tcp::socket &s) {
  s.non_blocking(true);
  char buf[64];
  asio::error_code ec;
  for (;;) {
    co_await s.async_wait(asio::ip::tcp::socket::wait_read,
                          asio::use_awaitable);
    s.read_some(asio::buffer(buf), ec);
    if (ec != asio::error::would_block)
      break;
  }
  s.write_some(asio::buffer(buf), ec);
}

// ------------------------------------------------------ still reported

awaitable<void> plain_socket_bad() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  char buf[64];
  ::recv(s, buf, sizeof buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv' in coroutine 'plain_socket_bad'
  co_return;
}

awaitable<void> fcntl_after_bad(int fd) {
  char buf[64];
  ::read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'fcntl_after_bad'
  ::fcntl(fd, F_SETFL, O_NONBLOCK);
  co_return;
}

awaitable<void> fcntl_on_one_branch_bad(int fd, bool fast) {
  if (fast)
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
  char buf[64];
  ::read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'fcntl_on_one_branch_bad'
  co_return;
}

awaitable<void> fcntl_after_and_bad(int fd, bool fast) {
  if (fast && ::fcntl(fd, F_SETFL, O_NONBLOCK) == 0)
    co_return;
  char buf[64];
  ::read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'fcntl_after_and_bad'
}

// Made non-blocking, then blocking again: the flags are not shown.
awaitable<void> cleared_again_bad(int fd) {
  int flags = ::fcntl(fd, F_GETFL, 0);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  char buf[64];
  ::read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'cleared_again_bad'
  co_return;
}

// Another descriptor was made non-blocking.
awaitable<void> other_descriptor_bad(int fd, int other) {
  ::fcntl(other, F_SETFL, O_NONBLOCK);
  char buf[64];
  ::read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'other_descriptor_bad'
  co_return;
}

// The variable is assigned a descriptor of unknown mode later.
awaitable<void> reassigned_bad(int listener) {
  int s = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  ::close(s);
  s = ::accept(listener, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: blocking call to 'accept' in coroutine 'reassigned_bad'
  char buf[64];
  ::read(s, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'reassigned_bad'
  co_return;
}

// A jump could enter past the fcntl.
awaitable<void> label_bad(int fd, bool again) {
  char buf[64];
  if (again)
    goto retry;
  ::fcntl(fd, F_SETFL, O_NONBLOCK);
retry:
  ::read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'label_bad'
  co_return;
}

// Readiness awaited, but nothing shows the descriptor non-blocking.
awaitable<void> readiness_without_eagain_bad(int fd) {
  char buf[64];
  co_await readable(fd);
  ::read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'readiness_without_eagain_bad'
}

// EAGAIN handled, but the readiness of the descriptor is not awaited first.
awaitable<void> eagain_without_readiness_bad(int fd) {
  char buf[64];
  ssize_t n = ::read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'read' in coroutine 'eagain_without_readiness_bad'
  if (n < 0 && errno == EAGAIN)
    co_await readable(fd);
}

// A case label lets the switch enter past the fcntl.
awaitable<void> case_past_fcntl_bad(int fd, int mode) {
  char buf[64];
  switch (mode) {
  case 0:
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    [[fallthrough]];
  case 1:
    ::read(fd, buf, sizeof buf);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'read' in coroutine 'case_past_fcntl_bad'
    break;
  }
  co_return;
}

awaitable<void> asio_blocking_socket_bad(asio::ip::tcp::socket &s) {
  char buf[64];
  asio::error_code ec;
  s.read_some(asio::buffer(buf), ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_stream_socket::read_some' in coroutine 'asio_blocking_socket_bad'
  co_return;
}

// Put back in blocking mode before the read.
awaitable<void> asio_mode_reset_bad(asio::ip::tcp::socket &s, bool block) {
  s.non_blocking(true);
  s.non_blocking(block);
  char buf[64];
  asio::error_code ec;
  s.read_some(asio::buffer(buf), ec);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'asio::basic_stream_socket::read_some' in coroutine 'asio_mode_reset_bad'
  co_return;
}

// ------------------------------------------------------- known limitations

// FP: a helper's fcntl is not followed, so the
// descriptor's mode is not known and the call is reported (FP).
void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, O_NONBLOCK); }
awaitable<void> FP_helper_sets_nonblocking(int fd) {
  set_nonblocking(fd);
  char buf[64];
  ::read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'FP_helper_sets_nonblocking'
  co_return;
}
