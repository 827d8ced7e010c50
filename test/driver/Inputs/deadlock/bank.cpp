// A bank transfer with opposite orders, and a cache that relocks its mutex.
// Shared by the driver tests (test/driver/{lock-order-inversion,double-lock}.test)
// and the editor tests (test/clangd/{lock-order-inversion,double-lock}-lsp.test);
// their line:column expectations follow this file.
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

int main() {
  std::thread x([] { transfer(alice, bob, 1); });
  std::thread y([] { transfer(bob, alice, 1); });
  x.join();
  y.join();
}

class Cache {
public:
  void put(int v) {
    std::lock_guard<std::mutex> g(mu_);
    if (size() < 10)
      last_ = v;
  }
  int size() {
    std::lock_guard<std::mutex> g(mu_);
    return last_;
  }

private:
  std::mutex mu_;
  int last_ = 0;
};
