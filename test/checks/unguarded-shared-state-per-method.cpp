// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++11-or-later -pthread

// The lock-consistency rule reports a member's first unlocked access that
// breaks the class's discipline. Another public member function's unlocked
// access of the same member is a finding of its own only when that function
// itself accesses the member under the lock elsewhere: its own code shows
// that the member is shared (a locked section followed by an unlocked use,
// or a size tested before the lock is taken). A helper reached from two
// such functions is one access, reported once.

#include <cstring>
#include <mutex>
#include <string>
#include <vector>

// A locked section, then an unlocked use of the same member in the same
// function: reported there too, besides the member's first finding.
class Outbox_bad {
public:
  void push(int v) {
    std::lock_guard<std::mutex> g(mu_);
    queue_.push_back(v);
  }
  void reset() {
    queue_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'queue_' is written without holding 'this->mu_', which guards it in other member functions of 'Outbox_bad' [conclint-unguarded-shared-state]
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'queue_' is written while holding 'this->mu_' here
  }
  bool flush() {
    {
      std::lock_guard<std::mutex> g(mu_);
      sent_ += queue_.size();
    }
    return queue_.empty();
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'queue_' is read without holding 'this->mu_', while other member functions of 'Outbox_bad' write it under that lock [conclint-unguarded-shared-state]
    // CHECK-MESSAGES: :[[@LINE-14]]:5: note: 'queue_' is written while holding 'this->mu_' here
    // CHECK-MESSAGES: :[[@LINE-5]]:16: note: 'queue_' is accessed while holding 'this->mu_' here, in the same call of 'flush'
  }

private:
  std::mutex mu_;
  std::vector<int> queue_;
  unsigned long sent_ = 0;
};

// Check-then-lock: the size is read before the lock that guards the copy.
class Label_bad {
public:
  void set(const std::string &s) {
    std::lock_guard<std::mutex> g(mu_);
    name_ = s;
  }
  void clear() {
    name_.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'name_' is written without holding 'this->mu_', which guards it in other member functions of 'Label_bad' [conclint-unguarded-shared-state]
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'name_' is written while holding 'this->mu_' here
  }
  bool copy_to(char *out, std::size_t n) {
    if (n <= name_.size())
      // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'name_' is read without holding 'this->mu_', while other member functions of 'Label_bad' write it under that lock [conclint-unguarded-shared-state]
      // CHECK-MESSAGES: :[[@LINE-10]]:5: note: 'name_' is written while holding 'this->mu_' here
      // CHECK-MESSAGES: :[[@LINE+3]]:22: note: 'name_' is accessed while holding 'this->mu_' here, in the same call of 'copy_to'
      return false;
    std::lock_guard<std::mutex> g(mu_);
    std::memcpy(out, name_.c_str(), name_.size() + 1);
    return true;
  }

private:
  std::mutex mu_;
  std::string name_;
};

// A second unlocked method that never takes the lock: the member's first
// finding (clear() above it) stands for it; not a finding of its own.
class Ledger_ok {
public:
  void credit(int n) {
    std::lock_guard<std::mutex> g(mu_);
    balance_ += n;
  }
  void clear() {
    balance_ = 0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'balance_' is written without holding 'this->mu_', which guards it in other member functions of 'Ledger_ok' [conclint-unguarded-shared-state]
    // CHECK-MESSAGES: :[[@LINE-5]]:5: note: 'balance_' is written while holding 'this->mu_' here
  }
  int peek() const { return balance_; }

private:
  std::mutex mu_;
  int balance_ = 0;
};

// Every method takes the lock around every access: no finding.
class Counter_ok {
public:
  void add(int n) {
    std::lock_guard<std::mutex> g(mu_);
    value_ += n;
  }
  int take() {
    std::lock_guard<std::mutex> g(mu_);
    int v = value_;
    value_ = 0;
    return v;
  }

private:
  std::mutex mu_;
  int value_ = 0;
};

void use(Outbox_bad &O, Label_bad &L, Ledger_ok &G, Counter_ok &C, char *buf) {
  O.push(1);
  O.reset();
  (void)O.flush();
  L.set("x");
  L.clear();
  (void)L.copy_to(buf, 8);
  G.credit(1);
  G.clear();
  (void)G.peek();
  C.add(1);
  (void)C.take();
}
