// Lesson (the mistake): a bank transfer locks the source account, then the
// destination. Two transfers in opposite directions take the same two
// mutexes in opposite orders: one thread holds alice.m and waits for bob.m,
// the other holds bob.m and waits for alice.m, and both wait forever. It
// happens only when the two transfers overlap at the wrong moment, so this
// demo runs them one after the other to never hang; ThreadSanitizer still
// sees the inverted order and reports a potential deadlock, and
// conclint-lock-order-inversion reports it without running the program. The
// correct twin is demo/good/lock-order-inversion.cpp.
// DEMO: tsan-race
// TSAN: WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock)

#include <cstdio>
#include <mutex>
#include <thread>

namespace {

struct Account {
  std::mutex m;
  long balance = 100;
};

Account alice, bob;

void transfer(Account &from, Account &to, long amount) {
  std::lock_guard<std::mutex> take_from(from.m);
  std::lock_guard<std::mutex> take_to(to.m);
  from.balance -= amount;
  to.balance += amount;
}

} // namespace

int main() {
  std::thread pay([] { transfer(alice, bob, 30); });
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: mutex 'bob.m' is acquired while holding 'alice.m', but another path acquires them in the opposite order; threads taking both can deadlock [conclint-lock-order-inversion]
  pay.join();
  std::thread refund([] { transfer(bob, alice, 10); });
  refund.join();
  std::printf("alice %ld, bob %ld\n", alice.balance, bob.balance);
  return alice.balance + bob.balance == 200 ? 0 : 1;
}
