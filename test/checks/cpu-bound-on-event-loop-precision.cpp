// RUN: %check_conclint %s conclint-cpu-bound-on-event-loop %t -- -std=c++20-or-later -DASIO_HAS_CO_AWAIT=1

// Issue 13's cost-model rules, each with a control that is still reported:
// compile-time-sized loops written through std::array::size() / std::size;
// cheap scans whose bodies hold an assertion macro or whose element type is
// a template parameter; loops that drive the event loop (run_one, poll);
// printing one message. Every coroutine here is spawned on an io_context.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>

#include <array>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

using asio::awaitable;
using asio::use_awaitable;

#define EXPECT_VALID(x)                                                        \
  do {                                                                         \
    if (!(x))                                                                  \
      std::abort();                                                            \
  } while (false)

struct subscriber {
  void notify(const std::string &) {}
  bool alive = true;
};

// ------------------------------------------------- compile-time-sized loops

awaitable<int> std_array_size_ok() {
  std::array<int, 16> slots{};
  int used = 0;
  for (std::size_t i = 0; i < slots.size(); ++i)
    used += slots[i] != 0;
  co_return used;
}

awaitable<int> std_size_ok() {
  int weights[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  int s = 0;
  for (std::size_t i = 0; i < std::size(weights); ++i)
    s += weights[i];
  co_return s;
}

awaitable<long> big_std_array_bad() {
  std::array<long, 100000> table{};
  long s = 0;
  for (std::size_t i = 0; i < table.size(); ++i)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'big_std_array_bad' blocks the event loop
    s += table[i] * static_cast<long>(i);
  co_return s;
}

// ------------------------------------------- cheap scans, whatever the syntax

awaitable<void> scan_with_assertion_ok(std::vector<subscriber *> subs,
                                       std::string msg) {
  for (subscriber *s : subs) {
    EXPECT_VALID(s != nullptr);
    s->notify(msg);
  }
  co_return;
}

awaitable<void> iterator_pair_scan_ok(std::vector<subscriber> subs) {
  int alive = 0;
  for (auto it = subs.begin(); it != subs.end(); ++it)
    alive += it->alive;
  (void)alive;
  co_return;
}

template <class Sub>
awaitable<void> template_scan_ok(std::vector<Sub *> subs, std::string msg) {
  for (Sub *s : subs)
    s->notify(msg);
  co_return;
}

template <class T> awaitable<T> template_sum_bad(std::vector<T> values) {
  T s{};
  for (const T &v : values)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'template_sum_bad' blocks the event loop
    s += v * v;
  co_return s;
}

// ------------------------------------------- driving the event loop is waiting

void drive_loop_ok(asio::io_context &io, asio::io_context &inner) {
  asio::post(io, [&inner] {
    while (!inner.stopped()) {
      if (inner.poll() == 0)
        inner.run_one();
    }
  });
}

// ----------------------------------------------------- printing one message

struct message {
  std::string head;
  std::vector<char> body;
};
std::ostream &operator<<(std::ostream &os, const message &m) {
  os << m.head << '\n';
  for (char c : m.body)
    os.put(c);
  return os;
}

awaitable<void> print_message_ok(message m) {
  std::cout << m << std::endl;
  co_return;
}

awaitable<std::size_t> count_bytes_bad(std::vector<unsigned char> blob) {
  std::size_t ones = 0;
  for (unsigned char b : blob)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'count_bytes_bad' blocks the event loop
    ones += __builtin_popcount(b);
  co_return ones;
}

// ------------------------------------------------------------- known limits

// FP (corpus: Beast's `req.set(http::field::host, host)`, pattern
// CPU-ONE-STRING-SCAN): filing a header compares its name with the names
// already there, case-insensitively, one character at a time. That is a pass
// over one short string, but characters are data to the model, which has no
// sizes and cannot tell a header name from a request body; it does not track
// that the name is not data the coroutine hands over.
bool same_name(const std::string &a, const std::string &b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20))
      return false;
  return true;
}
struct header_fields {
  std::vector<std::pair<std::string, std::string>> fields;
  void set(const std::string &name, const std::string &value) {
    for (auto &f : fields)
      if (same_name(f.first, name)) {
        f.second = value;
        return;
      }
    fields.emplace_back(name, value);
  }
};
awaitable<void> FP_set_header(header_fields h, std::string host) {
  h.set("Host", host);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound call to 'set' in coroutine 'FP_set_header' blocks the event loop
  co_return;
}

// ------------------------------------------------------------- placement

void run_all(asio::io_context &io) {
  asio::co_spawn(io, std_array_size_ok(), asio::detached);
  asio::co_spawn(io, std_size_ok(), asio::detached);
  asio::co_spawn(io, big_std_array_bad(), asio::detached);
  asio::co_spawn(io, scan_with_assertion_ok({}, ""), asio::detached);
  asio::co_spawn(io, iterator_pair_scan_ok({}), asio::detached);
  asio::co_spawn(io, template_scan_ok<subscriber>({}, ""), asio::detached);
  asio::co_spawn(io, template_sum_bad<double>({}), asio::detached);
  asio::co_spawn(io, print_message_ok({}), asio::detached);
  asio::co_spawn(io, count_bytes_bad({}), asio::detached);
  asio::co_spawn(io, FP_set_header({}, "example.com"), asio::detached);
}
