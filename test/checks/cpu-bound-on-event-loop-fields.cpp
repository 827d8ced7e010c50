// RUN: %check_conclint %s conclint-cpu-bound-on-event-loop %t -- -std=c++20-or-later -DASIO_HAS_CO_AWAIT=1

// Filing a header field in a coroutine on the event loop: what the container
// of fields does per call is bookkeeping, not CPU-bound work.
//
// Erasing the element an iterator designates from a node-based container (a
// tree, a list, a hash table: its iterator declares a non-random-access
// iterator_category) unlinks one node: amortised constant, as the standard
// requires of `erase(q)` on associative, unordered and list containers,
// whatever walk the implementation makes to find the successor (down the
// left links of the right subtree) or to restore balance (up the parents).
// So a walk that replaces every entry of one name, erasing them one by one,
// is one pass with constant work per element, like its std::multimap twin.
// A contiguous container (random-access iterator) shifts the tail on erase:
// its erase is followed and charged as before. Other work per erased element
// still counts.
//
// Trimming the blanks around the value walks a range of characters with a
// pointer stepped toward the other end: one pass over one string, which in a
// callee is not charged (the string is whatever the caller passed), like a
// range-for over it. A pass over bytes, or one in the coroutine's own code,
// is charged.
//
// The table of known field names is built in the initialiser of a
// function-local static: once, on the first call, not per call.

// libc++ in C++23 no longer includes <exception> for Asio 1.22.
#include <exception>

#include <asio.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

using asio::awaitable;
using asio::use_awaitable;

// ------------------------------------------- a small intrusive search tree

struct hnode {
  hnode *left = nullptr, *right = nullptr, *up = nullptr;
  bool black = true;
  std::string name, value;
};

inline bool same_key(const hnode *n, const std::string &k) {
  return n->name.size() == k.size() && n->name.compare(k) == 0;
}

struct hnode_iterator {
  using iterator_category = std::bidirectional_iterator_tag;
  using value_type = hnode;
  using difference_type = std::ptrdiff_t;
  using pointer = hnode *;
  using reference = hnode &;
  hnode *n = nullptr;
  hnode &operator*() const { return *n; }
  hnode *operator->() const { return n; }
  hnode_iterator &operator++() {
    if (n->right) {
      n = n->right;
      while (n->left)
        n = n->left;
    } else {
      hnode *p = n->up;
      while (p && n == p->right) {
        n = p;
        p = p->up;
      }
      n = p;
    }
    return *this;
  }
  bool operator==(const hnode_iterator &o) const { return n == o.n; }
  bool operator!=(const hnode_iterator &o) const { return n != o.n; }
};

class hnode_tree {
public:
  hnode_iterator lower_bound(const std::string &k) const {
    hnode *x = root_, *y = nullptr;
    while (x) {
      if (x->name < k) {
        x = x->right;
      } else {
        y = x;
        x = x->left;
      }
    }
    return {y};
  }
  hnode_iterator end() const { return {}; }

  // Unlinks one node: the successor is the leftmost node of the right
  // subtree; the colours are then repaired on the way up.
  void erase(hnode_iterator pos) {
    hnode *z = pos.n;
    hnode *y = z;
    if (z->left && z->right) {
      y = z->right;
      while (y->left)
        y = y->left;
    }
    hnode *x = y->left ? y->left : y->right;
    if (x)
      x->up = y->up;
    if (!y->up)
      root_ = x;
    else if (y == y->up->left)
      y->up->left = x;
    else
      y->up->right = x;
    if (y != z) {
      z->name.swap(y->name);
      z->value.swap(y->value);
    }
    hnode *p = y->up;
    while (p && p->up && p->black) {
      p->black = false;
      p = p->up;
    }
    delete y;
  }

  void insert_before(hnode_iterator pos, hnode *n) {
    n->up = pos.n;
    if (pos.n)
      pos.n->left = n;
    else
      root_ = n;
  }

private:
  hnode *root_ = nullptr;
};

// Replaces every entry of one name: from the first not below it, while the
// name matches, erasing each (constant per element); then files the new one.
class header_tree {
public:
  void set(const std::string &name, const std::string &value) {
    hnode_iterator it = tree_.lower_bound(name);
    if (it != tree_.end() && same_key(it.n, name)) {
      for (;;) {
        hnode_iterator next = it;
        ++next;
        tree_.erase(it);
        it = next;
        if (it == tree_.end() || !same_key(it.n, name))
          break;
      }
    }
    tree_.insert_before(it, new hnode{nullptr, nullptr, nullptr, true, name, value});
  }

  // The same walk, but each erased entry is also looked for in a list of
  // watchers, which is a pass per element.
  void set_and_notify(const std::string &name, const std::string &value) {
    hnode_iterator it = tree_.lower_bound(name);
    if (it != tree_.end() && same_key(it.n, name)) {
      for (;;) {
        hnode_iterator next = it;
        ++next;
        notify(it.n);
        tree_.erase(it);
        it = next;
        if (it == tree_.end() || !same_key(it.n, name))
          break;
      }
    }
    tree_.insert_before(it, new hnode{nullptr, nullptr, nullptr, true, name, value});
  }

private:
  struct watcher {
    watcher *next = nullptr;
    const hnode *on = nullptr;
    int fired = 0;
  };
  void notify(const hnode *n) {
    for (watcher *w = watchers_; w; w = w->next)
      if (w->on == n)
        ++w->fired;
  }
  hnode_tree tree_;
  watcher *watchers_ = nullptr;
};

// --------------------------------- a contiguous container with the same walk

struct slot {
  std::string name, value;
};

struct slot_iterator {
  using iterator_category = std::random_access_iterator_tag;
  using value_type = slot;
  using difference_type = std::ptrdiff_t;
  using pointer = slot *;
  using reference = slot &;
  slot *p = nullptr;
  slot &operator*() const { return *p; }
  slot_iterator &operator++() {
    ++p;
    return *this;
  }
  bool operator==(const slot_iterator &o) const { return p == o.p; }
  bool operator!=(const slot_iterator &o) const { return p != o.p; }
};

// Slots in an array: erasing one moves every later slot down.
class slot_array {
public:
  slot_iterator begin() { return {slots_}; }
  void erase(slot_iterator pos) {
    for (slot *q = pos.p; q + 1 < slots_ + n_; ++q)
      *q = std::move(q[1]);
    --n_;
  }

private:
  slot slots_[256];
  std::size_t n_ = 0;
};

class header_array {
public:
  slot_iterator begin() { return slots_.begin(); }
  void drop_at(slot_iterator it) { slots_.erase(it); }

private:
  slot_array slots_;
};

// ------------------------------------------------- trimming the value

std::string_view strip_blanks(std::string_view v) {
  const char *first = v.data();
  const char *last = v.data() + v.size();
  while (first != last && (*first == ' ' || *first == '\t'))
    ++first;
  while (last != first && (last[-1] == ' ' || last[-1] == '\t'))
    --last;
  return {first, static_cast<std::size_t>(last - first)};
}

// The same walk over bytes: data, charged wherever it is.
std::uint32_t sum_bytes(const unsigned char *p, const unsigned char *e) {
  std::uint32_t s = 0;
  while (p != e)
    s += *p++;
  return s;
}

// ------------------------------------------ a table built on the first call

struct name_table {
  std::array<std::uint32_t, 512> slots{};
  name_table() {
    for (std::uint32_t i = 0; i < 512; ++i)
      slots[i] = i * 2654435761u;
  }
};

const name_table &names() {
  static const name_table table;
  return table;
}

// A header store: the value trimmed, the name's slot looked up.
class header_store {
public:
  void file(std::string name, std::string_view value) {
    values_.emplace_back(std::move(name), std::string(strip_blanks(value)));
  }
  void note_slot(const std::string &name) {
    slots_.push_back(names().slots[name.size() & 511]);
  }
  // The table built again at every call.
  void file_rebuilding(std::string name, std::string_view value) {
    name_table fresh;
    slots_.push_back(fresh.slots[name.size() & 511]);
    values_.emplace_back(std::move(name), std::string(value));
  }

private:
  std::vector<std::uint32_t> slots_;
  std::vector<std::pair<std::string, std::string>> values_;
};

// ------------------------------------------------------------- coroutines

awaitable<void> set_header_in_tree_ok(header_tree &h, std::string host) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  h.set("Host", host);
}

awaitable<void> set_and_notify_bad(header_tree &h, std::string host) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  h.set_and_notify("Host", host);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound call to 'set_and_notify' in coroutine 'set_and_notify_bad' blocks the event loop
}

awaitable<void> drop_from_array_bad(header_array &h) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  h.drop_at(h.begin());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound call to 'drop_at' in coroutine 'drop_from_array_bad' blocks the event loop
}

awaitable<void> file_header_ok(header_store &h, std::string v) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  h.file("Host", v);
}

awaitable<void> note_slot_ok(header_store &h) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  h.note_slot("Host");
}

awaitable<void> file_rebuilding_bad(header_store &h, std::string v) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  h.file_rebuilding("Host", v);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound call to 'file_rebuilding' in coroutine 'file_rebuilding_bad' blocks the event loop
}

awaitable<std::uint32_t> sum_payload_bad(std::vector<unsigned char> payload) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  co_return sum_bytes(payload.data(), payload.data() + payload.size());
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: CPU-bound call to 'sum_bytes' in coroutine 'sum_payload_bad' blocks the event loop
}

// The coroutine's own pass over the characters it received is its data.
awaitable<std::size_t> first_line_bad(std::string text) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  co_await t.async_wait(use_awaitable);
  const char *p = text.data();
  const char *e = text.data() + text.size();
  while (p != e && *p != '\n')
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: CPU-bound loop in coroutine 'first_line_bad' blocks the event loop
    ++p;
  co_return static_cast<std::size_t>(p - text.data());
}

void run_more(asio::io_context &io, header_store &hs) {
  asio::co_spawn(io, file_header_ok(hs, " example.org "), asio::detached);
  asio::co_spawn(io, note_slot_ok(hs), asio::detached);
  asio::co_spawn(io, file_rebuilding_bad(hs, "example.org"), asio::detached);
  asio::co_spawn(io, sum_payload_bad({}), asio::detached);
  asio::co_spawn(io, first_line_bad(""), asio::detached);
}

void run_all(asio::io_context &io, header_tree &ht, header_array &ha) {
  asio::co_spawn(io, set_header_in_tree_ok(ht, "example.org"), asio::detached);
  asio::co_spawn(io, set_and_notify_bad(ht, "example.org"), asio::detached);
  asio::co_spawn(io, drop_from_array_bad(ha), asio::detached);
}
