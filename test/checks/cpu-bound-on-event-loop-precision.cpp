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
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
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

// ------------------------------------------------- one pass over one string

// Beast's `req.set(http::field::host, host)` (corpus pattern
// CPU-ONE-STRING-SCAN): filing a header compares its name with the names
// already there, case-insensitively, one character at a time. In a callee,
// one pass over one string costs that string's length, which the
// context-free summary cannot show is large (a header name, a field already
// filed): not charged.
bool same_name(const std::string &a, const std::string &b) {
  if (a.size() != b.size())
    return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20))
      return false;
  return true;
}
// The same compare as a countdown from the size (Beast's iequals).
bool same_name_countdown(std::string_view a, std::string_view b) {
  auto n = a.size();
  if (b.size() != n)
    return false;
  const char *p = a.data(), *q = b.data();
  while (n--)
    if ((*p++ | 0x20) != (*q++ | 0x20))
      return false;
  return true;
}
struct header_fields {
  std::vector<std::pair<std::string, std::string>> fields;
  void set(const std::string &name, const std::string &value) {
    for (auto &f : fields)
      if (same_name(f.first, name) || same_name_countdown(f.first, name)) {
        f.second = value;
        return;
      }
    fields.emplace_back(name, value);
  }
};
awaitable<void> set_header_ok(header_fields h, std::string host) {
  h.set("Host", host);
  co_return;
}
// In the coroutine's own code a pass over a short literal is cheap ...
awaitable<int> count_commas_in_literal_ok() {
  int n = 0;
  for (char c : std::string_view("a,b,c"))
    n += c == ',';
  co_return n;
}
// ... and a pass over its own string data is not (see count_newlines_bad
// in cpu-bound-on-event-loop-scans.cpp).
awaitable<int> count_commas_bad(std::string csv) {
  int n = 0;
  for (std::size_t i = 0; i < csv.size(); ++i)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'count_commas_bad' blocks the event loop
    n += csv[i] == ',';
  co_return n;
}
// A helper whose pass over a string runs once per element of a list, or
// with a loop per character, is charged.
std::uint64_t hash_all(const std::vector<std::string> &lines) {
  std::uint64_t h = 0;
  for (const std::string &line : lines)
    for (char c : line)
      h = h * 31 + static_cast<unsigned char>(c);
  return h;
}
awaitable<std::uint64_t> hash_all_bad(std::vector<std::string> lines) {
  co_return hash_all(lines);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: CPU-bound call to 'hash_all' in coroutine 'hash_all_bad' blocks the event loop
}
std::size_t count_all(const std::vector<std::string> &lines) {
  std::size_t n = 0;
  for (const std::string &line : lines)
    n += same_name(line, "x") ? 1 : 0;
  return n;
}
// One pass over a list comparing each element with a short name.
awaitable<std::size_t> count_all_ok(std::vector<std::string> lines) {
  co_return count_all(lines);
}
int squares_per_char(std::string_view s) {
  int n = 0;
  for (char c : s)
    for (int k = 0; k < c; ++k)
      n += k;
  return n;
}
awaitable<int> squares_per_char_bad(std::string s) {
  co_return squares_per_char(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: CPU-bound call to 'squares_per_char' in coroutine 'squares_per_char_bad' blocks the event loop
}
// Known miss: a helper that scans the coroutine's whole string is called
// with the coroutine's data, but the summary of the helper has no context.
int count_lines(const std::string &text) {
  int n = 0;
  for (char c : text)
    n += c == '\n';
  return n;
}
awaitable<int> FN_count_lines_in_helper(std::string text) {
  co_return count_lines(text);
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
  asio::co_spawn(io, set_header_ok({}, "example.com"), asio::detached);
  asio::co_spawn(io, count_commas_in_literal_ok(), asio::detached);
  asio::co_spawn(io, count_commas_bad(""), asio::detached);
  asio::co_spawn(io, hash_all_bad({}), asio::detached);
  asio::co_spawn(io, count_all_ok({}), asio::detached);
  asio::co_spawn(io, squares_per_char_bad(""), asio::detached);
  asio::co_spawn(io, FN_count_lines_in_helper(""), asio::detached);
}
