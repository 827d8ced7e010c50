// Lesson: let a guard unlock the mutex, so that every path out of the scope
// releases it: early returns, breaks and exceptions included. Four clerks
// move money between two accounts; a transfer that finds too little money
// returns early. With std::lock_guard the early return unlocks too, so all
// 400 attempts finish: 100 succeed and 300 are refused. The program checks
// the totals and exits with status 0.

#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

namespace {

std::mutex bank_mutex;
long balances[2] = {100, 0};
int refused = 0;

bool transfer(int from, int to, long amount) {
  std::lock_guard<std::mutex> guard(bank_mutex);
  if (balances[from] < amount) {
    ++refused;
    return false; // the guard unlocks here too
  }
  balances[from] -= amount;
  balances[to] += amount;
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
  std::printf("balances: %ld %ld, refused %d\n", balances[0], balances[1],
              refused);
  const bool ok = balances[0] == 0 && balances[1] == 100 && refused == 300;
  std::printf("%s\n", ok ? "every transfer finished" : "wrong totals");
  return ok ? 0 : 1;
}
