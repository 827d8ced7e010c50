// RUN: %check_conclint %s conclint-cpu-bound-on-event-loop %t -- -std=c++20-or-later -DASIO_HAS_CO_AWAIT=1
// (The option variant below runs once, through conclint-tidy on libstdc++.)
// RUN: %check_conclint --frontends=tidy --stdlibs=libstdc++ --check-suffix=STRICT \
// RUN:   --config='{CheckOptions: {conclint-cpu-bound-on-event-loop.LinearScansAreHeavy: true}}' \
// RUN:   %s conclint-cpu-bound-on-event-loop %t -- -std=c++20-or-later -DASIO_HAS_CO_AWAIT=1

// Draining a queue by its next element: `while (T *op = q.front()) {
// ...; q.pop(); }` takes one element per iteration and stops when the queue
// is empty, so it is one pass over the queue, like the `while (!q.empty())`
// drain. With constant work per element it is a cheap linear scan: cancelling
// the operations waiting on a timer or a socket is bookkeeping, not CPU-bound
// work. The work done per element still counts.
//
// A loop whose control variable is divided (or multiplied) by at least 2 at
// every step runs at most once per bit of it: sifting an entry through a
// binary heap of deadlines is logarithmic, not CPU-bound. Stepping by one
// through the same heap is.
//
// Following links, `while (p) { ...; p = p->next; }`, visits each node of a
// list once: with constant work per node it is a cheap linear scan (looking
// up the handler context of the current thread), and so does a for loop whose
// increment follows a link (a path down a tree). Work per node that is a pass
// over data still counts.
//
// Stepping an iterator (`++it` on a class that declares an
// `iterator_category`) is amortised constant, as the standard requires of
// every iterator, whatever its increment walks (the successor in a tree climbs
// parent links): a loop stepping one is one pass, not a walk per element.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>

#include <chrono>
#include <cstddef>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

using asio::awaitable;
using asio::use_awaitable;

// An intrusive queue of waiting operations (own code, not a system header, so
// the model follows into it).
struct waiter {
  waiter *next = nullptr;
  bool aborted = false;
  std::string payload;
};

class waiter_queue {
public:
  waiter *front() const { return head_; }
  void pop() {
    if (head_)
      head_ = head_->next;
  }
  void push(waiter *w) { (head_ ? tail_->next : head_) = w, tail_ = w; }

private:
  waiter *head_ = nullptr;
  waiter *tail_ = nullptr;
};

class deadline {
public:
  // Aborts every waiter, at most `max` of them; returns how many.
  std::size_t cancel(std::size_t max = ~std::size_t(0)) {
    std::size_t n = 0;
    while (waiter *w = n != max ? pending_.front() : nullptr) {
      w->aborted = true;
      pending_.pop();
      done_.push(w);
      ++n;
    }
    return n;
  }
  std::size_t rearm(std::chrono::seconds s) {
    std::size_t n = cancel();
    expiry_ = std::chrono::steady_clock::now() + s;
    return n;
  }

  // The same drain, hashing each waiter's payload byte by byte: the work per
  // element is a pass over data.
  std::size_t cancel_and_hash() {
    std::size_t h = 0;
    while (waiter *w = pending_.front()) {
      for (char c : w->payload)
        h = h * 31 + static_cast<unsigned char>(c);
      pending_.pop();
    }
    return h;
  }

private:
  waiter_queue pending_;
  waiter_queue done_;
  std::chrono::steady_clock::time_point expiry_;
};

// A binary min-heap of deadlines (own code).
class deadline_heap {
public:
  using time_point = std::chrono::steady_clock::time_point;
  void push(time_point t) {
    heap_.push_back(t);
    up(heap_.size() - 1);
  }
  void pop() {
    heap_.front() = heap_.back();
    heap_.pop_back();
    if (!heap_.empty())
      down(0);
  }
  std::size_t count_earlier(time_point t) const {
    std::size_t n = 0;
    std::size_t i = heap_.size();
    while (i > 0) {
      --i;
      n += heap_[i] < t;
    }
    return n;
  }

private:
  void up(std::size_t i) {
    while (i > 0) {
      std::size_t parent = (i - 1) / 2;
      if (!(heap_[i] < heap_[parent]))
        break;
      std::swap(heap_[i], heap_[parent]);
      i = parent;
    }
  }
  void down(std::size_t i) {
    std::size_t child = i * 2 + 1;
    while (child < heap_.size()) {
      std::size_t m =
          child + 1 == heap_.size() || heap_[child] < heap_[child + 1]
              ? child
              : child + 1;
      if (heap_[i] < heap_[m])
        break;
      std::swap(heap_[i], heap_[m]);
      i = m;
      child = i * 2 + 1;
    }
  }
  std::vector<time_point> heap_;
};

awaitable<void> schedule_ok(deadline_heap &h) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  h.push(std::chrono::steady_clock::now() + std::chrono::seconds(5));
  co_await t.async_wait(use_awaitable);
  h.pop();
}

awaitable<std::size_t> count_earlier_bad(deadline_heap &h) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  co_return h.count_earlier(std::chrono::steady_clock::now());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: CPU-bound call to 'count_earlier' in coroutine 'count_earlier_bad' blocks the event loop
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:13: warning: CPU-bound call to 'count_earlier' in coroutine 'count_earlier_bad' blocks the event loop
}

// The handler contexts active on this thread, innermost first (own code).
struct context_frame {
  const void *owner;
  int depth;
  std::string label;
  context_frame *next;
};
thread_local context_frame *innermost_frame = nullptr;

int depth_of(const void *owner) {
  context_frame *f = innermost_frame;
  while (f) {
    if (f->owner == owner)
      return f->depth;
    f = f->next;
  }
  return -1;
}

std::size_t label_bytes_upper() {
  std::size_t n = 0;
  context_frame *f = innermost_frame;
  while (f != nullptr) {
    for (char c : f->label)
      n += c >= 'A' && c <= 'Z';
    f = f->next;
  }
  return n;
}

// A binary search tree of timers (own code): the latest deadline is found by
// following right links from the root, a path down the tree written as a for
// loop whose increment moves the pointer to its child.
struct timer_node {
  timer_node *left = nullptr, *right = nullptr, *parent = nullptr;
  long expiry = 0;
  std::string name;
};
struct timer_tree {
  static timer_node *right_of(timer_node *n) { return n->right; }
  timer_node *root = nullptr;
  long latest() const {
    timer_node *last = nullptr;
    for (timer_node *p = root; p; p = right_of(p))
      last = p;
    return last ? last->expiry : 0;
  }
  // The same descent written the way node-algorithm libraries do: the link
  // is read into one pointer and the position kept in another.
  static timer_node *rightmost(timer_node *n) {
    for (timer_node *r = right_of(n); r; r = right_of(n))
      n = r;
    return n;
  }
  static timer_node *parent_of(timer_node *n) { return n->parent; }
  static timer_node *left_of(timer_node *n) { return n->left; }
  // The in-order predecessor: down the left subtree's right spine, or up the
  // parent links while coming from a left child. Both walks follow links.
  static timer_node *previous(timer_node *n) {
    if (left_of(n))
      return rightmost(left_of(n));
    timer_node *p = n;
    timer_node *x = parent_of(p);
    while (x && p == left_of(x)) {
      p = x;
      x = parent_of(x);
    }
    return x;
  }
  // The number of links from the root, the step taken inside the condition.
  static std::size_t depth(timer_node *n, const timer_node *root) {
    std::size_t d = 0;
    timer_node *up;
    while (n != root && (up = parent_of(n)) != nullptr) {
      ++d;
      n = up;
    }
    return d;
  }
  // Recolouring after an insertion: up the tree two links at a time until a
  // black parent; the loop has no condition, its state is the one pointer.
  static void recolour(timer_node *p, timer_node *root) {
    for (;;) {
      timer_node *up = parent_of(p);
      if (up == nullptr || up == root || up->expiry < 0)
        break;
      timer_node *grand = parent_of(up);
      if (grand == nullptr)
        break;
      grand->expiry = -grand->expiry;
      p = grand;
    }
  }
  // Up the parent links summing the bytes of every name on the way.
  static std::size_t path_name_bytes(timer_node *n) {
    std::size_t bytes = 0;
    timer_node *x = n;
    while (x != nullptr) {
      for (char c : x->name)
        bytes += c != ' ';
      x = parent_of(x);
    }
    return bytes;
  }
  // The same walk hashing every node's name: a pass over data per node.
  std::size_t name_hash() const {
    std::size_t h = 0;
    timer_node *p;
    for (p = root; p != nullptr; p = p->right)
      for (char c : p->name)
        h = h * 31 + static_cast<unsigned char>(c);
    return h;
  }
};

awaitable<long> latest_deadline_ok(const timer_tree &t) {
  asio::steady_timer tm(co_await asio::this_coro::executor);
  co_await tm.async_wait(use_awaitable);
  co_return t.latest();
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:13: warning: CPU-bound call to 'latest' in coroutine 'latest_deadline_ok' blocks the event loop
}

awaitable<long> previous_deadline_ok(timer_node *n) {
  asio::steady_timer tm(co_await asio::this_coro::executor);
  co_await tm.async_wait(use_awaitable);
  timer_node *p = timer_tree::previous(n);
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:19: warning: CPU-bound call to 'previous' in coroutine 'previous_deadline_ok' blocks the event loop
  if (p)
    timer_tree::recolour(p, nullptr);
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:5: warning: CPU-bound call to 'recolour' in coroutine 'previous_deadline_ok' blocks the event loop
  std::size_t d = p ? timer_tree::depth(p, nullptr) : 0;
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:23: warning: CPU-bound call to 'depth' in coroutine 'previous_deadline_ok' blocks the event loop
  co_return p ? p->expiry + static_cast<long>(d) : 0;
}

awaitable<std::size_t> path_names_bad(timer_node *n) {
  asio::steady_timer tm(co_await asio::this_coro::executor);
  co_await tm.async_wait(use_awaitable);
  co_return timer_tree::path_name_bytes(n);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: CPU-bound call to 'path_name_bytes' in coroutine 'path_names_bad' blocks the event loop
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:13: warning: CPU-bound call to 'path_name_bytes' in coroutine 'path_names_bad' blocks the event loop
}

// Replacing every entry of one name in a multimap of headers (own code): the
// loop has no condition; its state is one iterator stepped forward past the
// entries it erases, so it ends within one pass over the map.
struct header_set {
  std::multimap<std::string, std::string> fields;
  void replace(const std::string &name, std::string value) {
    auto it = fields.lower_bound(name);
    if (it != fields.end() && it->first == name) {
      for (;;) {
        auto next = it;
        ++next;
        fields.erase(it);
        it = next;
        if (it == fields.end() || it->first != name)
          break;
      }
    }
    fields.emplace_hint(it, name, std::move(value));
  }
  // Stepping back and forth is not one pass.
  int wobble(int rounds) const {
    auto it = fields.begin();
    int seen = 0;
    for (;;) {
      if (it == fields.end() || seen > rounds)
        break;
      ++it;
      if (it != fields.end() && it->second.empty())
        --it;
      ++seen;
    }
    return seen;
  }
};

awaitable<void> replace_header_ok(header_set &h) {
  asio::steady_timer tm(co_await asio::this_coro::executor);
  co_await tm.async_wait(use_awaitable);
  h.replace("host", "example.org");
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:3: warning: CPU-bound call to 'replace' in coroutine 'replace_header_ok' blocks the event loop
}

awaitable<int> wobble_bad(const header_set &h) {
  asio::steady_timer tm(co_await asio::this_coro::executor);
  co_await tm.async_wait(use_awaitable);
  co_return h.wobble(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: CPU-bound call to 'wobble' in coroutine 'wobble_bad' blocks the event loop
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:13: warning: CPU-bound call to 'wobble' in coroutine 'wobble_bad' blocks the event loop
}

awaitable<std::size_t> timer_names_bad(const timer_tree &t) {
  asio::steady_timer tm(co_await asio::this_coro::executor);
  co_await tm.async_wait(use_awaitable);
  co_return t.name_hash();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: CPU-bound call to 'name_hash' in coroutine 'timer_names_bad' blocks the event loop
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:13: warning: CPU-bound call to 'name_hash' in coroutine 'timer_names_bad' blocks the event loop
}

awaitable<int> context_depth_ok(const void *owner) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  co_return depth_of(owner);
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:13: warning: CPU-bound call to 'depth_of' in coroutine 'context_depth_ok' blocks the event loop
}

awaitable<std::size_t> label_bytes_bad() {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  co_return label_bytes_upper();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: CPU-bound call to 'label_bytes_upper' in coroutine 'label_bytes_bad' blocks the event loop
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:13: warning: CPU-bound call to 'label_bytes_upper' in coroutine 'label_bytes_bad' blocks the event loop
}

awaitable<void> session_timeouts_ok(deadline &d) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  for (int i = 0; i < 3; ++i) {
    d.rearm(std::chrono::seconds(30));
    // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:5: warning: CPU-bound call to 'rearm' in coroutine 'session_timeouts_ok' blocks the event loop
    co_await t.async_wait(use_awaitable);
  }
}

awaitable<void> hash_waiters_bad(deadline &d) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  d.cancel_and_hash();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound call to 'cancel_and_hash' in coroutine 'hash_waiters_bad' blocks the event loop
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:3: warning: CPU-bound call to 'cancel_and_hash' in coroutine 'hash_waiters_bad' blocks the event loop
}

// A tree of timers with its own iterator (own code: the model follows into
// it). The increment finds the in-order successor by climbing or descending
// links.
struct tnode {
  tnode *left = nullptr, *right = nullptr, *parent = nullptr;
  int key = 0;
  bool armed = false;
  std::string label;
};

struct tnode_iterator {
  using iterator_category = std::bidirectional_iterator_tag;
  tnode *n = nullptr;
  tnode &operator*() const { return *n; }
  tnode_iterator &operator++() {
    if (n->right) {
      n = n->right;
      while (n->left)
        n = n->left;
    } else {
      tnode *p = n->parent;
      while (p && n == p->right) {
        n = p;
        p = p->parent;
      }
      n = p;
    }
    return *this;
  }
  bool operator!=(const tnode_iterator &o) const { return n != o.n; }
};

struct timer_index {
  tnode *first = nullptr;
  tnode_iterator begin() const { return {first}; }
  tnode_iterator end() const { return {}; }

  // Disarms the timers of one key: the body steps the iterator itself
  // (`auto next = it; ++next; ... it = next;`), constant work besides.
  void disarm(tnode_iterator it, int key) {
    for (;;) {
      auto next = it;
      ++next;
      (*it).armed = false;
      it = next;
      if (!(it != end()) || (*it).key != key)
        break;
    }
  }

  // The same walk, hashing each timer's label: a pass over data per element.
  void disarm_and_hash(tnode_iterator it, int key) {
    for (;;) {
      auto next = it;
      ++next;
      std::size_t h = 0;
      for (char c : (*it).label)
        h = h * 131 + static_cast<unsigned char>(c);
      (*it).key = static_cast<int>(h);
      it = next;
      if (!(it != end()) || (*it).key != key)
        break;
    }
  }
};

awaitable<void> disarm_key_ok(timer_index &ix) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  ix.disarm(ix.begin(), 7);
  // CHECK-MESSAGES-STRICT: :[[@LINE-1]]:3: warning: CPU-bound call to 'disarm' in coroutine 'disarm_key_ok' blocks the event loop
}

awaitable<void> disarm_and_hash_bad(timer_index &ix) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  ix.disarm_and_hash(ix.begin(), 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound call to 'disarm_and_hash' in coroutine 'disarm_and_hash_bad' blocks the event loop
  // CHECK-MESSAGES-STRICT: :[[@LINE-2]]:3: warning: CPU-bound call to 'disarm_and_hash' in coroutine 'disarm_and_hash_bad' blocks the event loop
}

void run_all(asio::io_context &io, deadline &d, deadline_heap &h,
             const timer_tree &tt, header_set &hs, timer_index &ix) {
  asio::co_spawn(io, disarm_key_ok(ix), asio::detached);
  asio::co_spawn(io, disarm_and_hash_bad(ix), asio::detached);
  asio::co_spawn(io, replace_header_ok(hs), asio::detached);
  asio::co_spawn(io, wobble_bad(hs), asio::detached);
  asio::co_spawn(io, latest_deadline_ok(tt), asio::detached);
  asio::co_spawn(io, timer_names_bad(tt), asio::detached);
  asio::co_spawn(io, previous_deadline_ok(tt.root), asio::detached);
  asio::co_spawn(io, path_names_bad(tt.root), asio::detached);
  asio::co_spawn(io, schedule_ok(h), asio::detached);
  asio::co_spawn(io, context_depth_ok(&h), asio::detached);
  asio::co_spawn(io, label_bytes_bad(), asio::detached);
  asio::co_spawn(io, count_earlier_bad(h), asio::detached);
  asio::co_spawn(io, session_timeouts_ok(d), asio::detached);
  asio::co_spawn(io, hash_waiters_bad(d), asio::detached);
}
