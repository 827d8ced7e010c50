// Lesson: when one operation needs two mutexes, take them together with
// std::scoped_lock. Its deadlock-avoidance algorithm never waits for one
// mutex while holding another, so transfers in opposite directions can
// overlap freely: two threads each make 20 000 transfers between the same
// two accounts, one from alice to bob, the other from bob to alice, at the
// same time. The program checks that no money was created or lost and that
// both threads finished.

#include <cstdio>
#include <mutex>
#include <thread>

namespace {

struct Account {
  std::mutex m;
  long balance = 1000;
};

Account alice, bob;
constexpr int Transfers = 20000;

void transfer(Account &from, Account &to, long amount) {
  std::scoped_lock both(from.m, to.m);
  from.balance -= amount;
  to.balance += amount;
}

} // namespace

int main() {
  std::thread pay([] {
    for (int i = 0; i < Transfers; ++i)
      transfer(alice, bob, 3);
  });
  std::thread refund([] {
    for (int i = 0; i < Transfers; ++i)
      transfer(bob, alice, 2);
  });
  pay.join();
  refund.join();
  long total = alice.balance + bob.balance;
  bool ok = total == 2000 && alice.balance == 1000 - Transfers;
  std::printf("alice %ld, bob %ld, total %ld\n", alice.balance, bob.balance,
              total);
  std::printf("RESULT: %d opposite transfers overlapped, total kept (%ld)\n",
              2 * Transfers, total);
  return ok ? 0 : 1;
}
