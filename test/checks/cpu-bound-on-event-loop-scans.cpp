// RUN: %check_conclint %s conclint-cpu-bound-on-event-loop %t -- -std=c++20-or-later -DASIO_HAS_CO_AWAIT=1
// (The option variant below runs once, through conclint-tidy on libstdc++: the
// same check code reads the options in every front-end, and the first RUN line
// already covers both front-ends and both standard libraries.)
// RUN: %check_conclint --frontends=tidy --stdlibs=libstdc++ --check-suffix=STRICT \
// RUN:   --config='{CheckOptions: {conclint-cpu-bound-on-event-loop.LinearScansAreHeavy: true}}' \
// RUN:   %s conclint-cpu-bound-on-event-loop %t -- -std=c++20-or-later -DASIO_HAS_CO_AWAIT=1

// Cheap linear scans: one pass over a collection of objects (sessions,
// messages, log lines, time stamps) with constant work per element is not
// CPU-bound by default; LinearScansAreHeavy (the STRICT run) restores the old
// rule that any loop of unknown trip count is.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// --------------------------------------------- a small chat room (own code)

// Something that can be handed a line of chat.
class member {
public:
  virtual ~member() = default;
  virtual void post_line(const std::string &line) = 0;
};

// The room keeps who is in and the last few lines, and fans every new line
// out to all members.
class room {
public:
  void enter(const std::shared_ptr<member> &m) {
    members_.insert(m);
    for (const std::string &line : backlog_) // catch the newcomer up
      m->post_line(line);
  }
  void leave(const std::shared_ptr<member> &m) { members_.erase(m); }
  void say(const std::string &line) {
    backlog_.push_back(line);
    while (backlog_.size() > backlog_limit) // a drain: one pass at most
      backlog_.pop_front();
    for (const std::shared_ptr<member> &m : members_) // broadcast
      m->post_line(line);
  }

private:
  static constexpr std::size_t backlog_limit = 50;
  std::set<std::shared_ptr<member>> members_;
  std::deque<std::string> backlog_;
};

// One connection: a reader coroutine feeds the room; post_line queues the
// line and wakes the writer, which waits on a timer that never expires.
class session : public member, public std::enable_shared_from_this<session> {
public:
  session(tcp::socket socket, room &r)
      : socket_(std::move(socket)), wakeup_(socket_.get_executor()), room_(r) {
    wakeup_.expires_at(asio::steady_timer::time_point::max());
  }

  void open() {
    room_.enter(shared_from_this());
    asio::co_spawn(socket_.get_executor(), read_lines_ok(), asio::detached);
    asio::co_spawn(socket_.get_executor(), write_lines(), asio::detached);
  }

  void post_line(const std::string &line) override {
    outbox_.push_back(line);
    wakeup_.cancel_one();
  }

  awaitable<void> read_lines_ok() {
    std::string buffer;
    for (;;) {
      std::size_t n = co_await asio::async_read_until(
          socket_, asio::dynamic_buffer(buffer, 1024), "\n", use_awaitable);
      room_.say(buffer.substr(0, n));
      // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:7: warning: CPU-bound call to 'say' in coroutine 'session::read_lines_ok' blocks the event loop
      buffer.erase(0, n);
    }
  }

  awaitable<void> write_lines() {
    while (socket_.is_open()) {
      if (outbox_.empty()) {
        asio::error_code ec;
        co_await wakeup_.async_wait(asio::redirect_error(use_awaitable, ec));
      } else {
        co_await asio::async_write(socket_, asio::buffer(outbox_.front()),
                                   use_awaitable);
        outbox_.pop_front();
      }
    }
  }

private:
  tcp::socket socket_;
  asio::steady_timer wakeup_;
  room &room_;
  std::deque<std::string> outbox_;
};

awaitable<void> accept_members_ok(tcp::acceptor acceptor, room &r) {
  for (;;)
    std::make_shared<session>(co_await acceptor.async_accept(use_awaitable), r)
        ->open();
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:5: warning: CPU-bound call to 'open' in coroutine 'accept_members_ok' blocks the event loop
}

// ------------------------------------ the lesson-7 loops (demo/good, own code)

awaitable<std::string> join_events_ok(std::vector<std::string> events) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  std::string joined;
  for (const std::string &event : events)
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'join_events_ok' blocks the event loop
    joined += (joined.empty() ? "" : " ") + event;
  co_return joined;
}

awaitable<int> count_ticks_ok(std::vector<Clock::time_point> ticks,
                              Clock::time_point from, Clock::time_point to) {
  int inside = 0;
  for (const Clock::time_point t : ticks)
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'count_ticks_ok' blocks the event loop
    inside += (t >= from && t <= to) ? 1 : 0;
  co_return inside;
}

// ------------------------------------- index and iterator loops over objects

struct peer {
  std::string name;
  bool idle = false;
};

awaitable<std::string> names_by_index_ok(std::vector<peer> peers) {
  std::string out;
  for (std::size_t i = 0; i < peers.size(); ++i)
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'names_by_index_ok'
    out += peers[i].name + ';';
  co_return out;
}

awaitable<int> idle_by_iterator_ok(std::map<std::string, peer> peers) {
  int idle = 0;
  for (auto it = peers.cbegin(); it != peers.cend(); ++it)
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'idle_by_iterator_ok'
    idle += it->second.idle ? 1 : 0;
  co_return idle;
}

// ------------------------------------------------ still CPU-bound by default

// Bytes and numbers are data: a pass over them counts as CPU-bound, however
// cheap each step is.
awaitable<int> count_newlines_bad(std::string text) {
  int lines = 0;
  for (char c : text)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'count_newlines_bad' blocks the event loop
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:3: warning: CPU-bound loop in coroutine 'count_newlines_bad' blocks the event loop
    lines += c == '\n';
  co_return lines;
}

// A loop inside the scan: not one pass.
awaitable<std::uint64_t> hash_lines_bad(std::vector<std::string> lines) {
  std::uint64_t h = 1469598103934665603u;
  for (const std::string &line : lines)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'hash_lines_bad' blocks the event loop
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:3: warning: CPU-bound loop in coroutine 'hash_lines_bad' blocks the event loop
    for (char c : line)
      h = (h ^ static_cast<unsigned char>(c)) * 1099511628211u;
  co_return h;
}

// A scan per element, hidden in a call: quadratic, not one pass.
static int idle_count(const std::vector<peer> &peers) {
  int n = 0;
  for (const peer &p : peers)
    n += p.idle ? 1 : 0;
  return n;
}
awaitable<int> idle_per_group_bad(std::vector<std::vector<peer>> groups) {
  int total = 0;
  for (const std::vector<peer> &g : groups)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'idle_per_group_bad' blocks the event loop
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:3: warning: CPU-bound loop in coroutine 'idle_per_group_bad' blocks the event loop
    total += idle_count(g);
  co_return total;
}

// A heavy call per element.
awaitable<void> sort_each_bad(std::vector<std::vector<std::string>> groups) {
  for (std::vector<std::string> &g : groups)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'sort_each_bad' blocks the event loop
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:3: warning: CPU-bound loop in coroutine 'sort_each_bad' blocks the event loop
    std::sort(g.begin(), g.end());
  co_return;
}

// A counting loop bounded by a plain number is not a scan over a container.
awaitable<long> count_to_bad(long limit) {
  long primes = 0;
  for (long i = 2; i < limit; ++i)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'count_to_bad' blocks the event loop
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:3: warning: CPU-bound loop in coroutine 'count_to_bad' blocks the event loop
    primes += (i % 6 == 1 || i % 6 == 5) ? 1 : 0;
  co_return primes;
}

// Every coroutine in this file runs on the event loop (the check reports a
// coroutine only when the translation unit shows that it runs on one;
// `socket_.get_executor()` above does not show it).
void run_all(asio::io_context &io, room &r, std::shared_ptr<session> s) {
  asio::co_spawn(io, s->read_lines_ok(), asio::detached);
  asio::co_spawn(io, accept_members_ok(tcp::acceptor(io), r), asio::detached);
  asio::co_spawn(io, join_events_ok({}), asio::detached);
  asio::co_spawn(io, count_ticks_ok({}, {}, {}), asio::detached);
  asio::co_spawn(io, names_by_index_ok({}), asio::detached);
  asio::co_spawn(io, idle_by_iterator_ok({}), asio::detached);
  asio::co_spawn(io, count_newlines_bad(""), asio::detached);
  asio::co_spawn(io, hash_lines_bad({}), asio::detached);
  asio::co_spawn(io, idle_per_group_bad({}), asio::detached);
  asio::co_spawn(io, sort_each_bad({}), asio::detached);
  asio::co_spawn(io, count_to_bad(10), asio::detached);
}

// ---------------------------------------------------------------- known limits

// FN: a big numeric sum in one pass, over a million records. The elements are
// structs, so the loop passes for a cheap scan over objects: the model cannot
// tell a large collection of small records from a few sessions. Set
// LinearScansAreHeavy to see it.
struct sample {
  double value;
  std::int64_t taken_at;
};
awaitable<double> FN_sum_samples(std::vector<sample> samples) {
  double total = 0;
  for (const sample &s : samples)
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'FN_sum_samples' blocks the event loop
    total += s.value * s.value;
  co_return total;
}
void run_known_limits(asio::io_context &io) {
  asio::co_spawn(io, FN_sum_samples({}), asio::detached);
}
