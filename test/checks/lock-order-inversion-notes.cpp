// RUN: %check_conclint %s conclint-lock-order-inversion %t -- -std=c++17-or-later -pthread

// Every note: each path, where the first mutex was taken, the calls to the
// second and where it was taken.

#include <mutex>
#include <thread>

struct Account {
  std::mutex m;
  long balance = 0;
};

void transfer(Account &from, Account &to, long n) {
  std::lock_guard<std::mutex> g(from.m);
  std::lock_guard<std::mutex> h(to.m);
  from.balance -= n;
  to.balance += n;
}

Account alice, bob;

void bank_bad() {
  std::thread x([] { transfer(alice, bob, 10); });
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: mutex 'bob.m' is acquired while holding 'alice.m', but another path acquires them in the opposite order; threads taking both can deadlock [conclint-lock-order-inversion]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: on this path, the lambda acquires 'alice.m' and then 'bob.m'
  // CHECK-NOTES: :[[@LINE-3]]:22: note: calls 'transfer'
  // CHECK-NOTES: :[[@LINE-13]]:3: note: 'alice.m' acquired here
  // CHECK-NOTES: :[[@LINE-13]]:3: note: 'bob.m' acquired here while 'alice.m' is held
  std::thread y([] { transfer(bob, alice, 5); });
  // CHECK-NOTES: :[[@LINE-1]]:17: note: on this path, the lambda acquires 'bob.m' and then 'alice.m'
  // CHECK-NOTES: :[[@LINE-2]]:22: note: calls 'transfer'
  // CHECK-NOTES: :[[@LINE-18]]:3: note: 'bob.m' acquired here
  // CHECK-NOTES: :[[@LINE-18]]:3: note: 'alice.m' acquired here while 'bob.m' is held
  x.join();
  y.join();
}
