// The mistake twin of demo/good/unreleased-lock.cpp. A bank moves money
// between accounts under one mutex, taken with a manual lock(). A transfer
// that finds too little money returns early, before the unlock(): the mutex
// stays locked, and the next transfer (another thread, or the same one)
// blocks forever. The program hangs; conclint-unreleased-lock reports the
// lock() with a note at the return that leaks.

#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

namespace {

std::mutex bank_mutex;
long balances[2] = {100, 0};

bool transfer(int from, int to, long amount) {
  bank_mutex.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'bank_mutex' stays locked when 'return' leaves the scope; the next attempt to lock it blocks forever [conclint-unreleased-lock]
  if (balances[from] < amount)
    return false;
  balances[from] -= amount;
  balances[to] += amount;
  bank_mutex.unlock();
  return true;
}

} // namespace

int main() {
  std::vector<std::thread> clerks;
  for (int i = 0; i < 4; ++i)
    clerks.emplace_back([] {
      for (int k = 0; k < 100; ++k)
        transfer(0, 1, 1);
    });
  for (std::thread &t : clerks)
    t.join();
  std::printf("balances: %ld %ld\n", balances[0], balances[1]);
  return 0;
}
