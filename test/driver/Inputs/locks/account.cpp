#include <mutex>
std::mutex mu;
long balance = 0;
bool withdraw(long amount) {
  mu.lock();
  if (amount > balance)
    return false;
  balance -= amount;
  mu.unlock();
  return true;
}
