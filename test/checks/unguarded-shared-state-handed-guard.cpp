// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// A guard handed to a call by non-const reference may come back owning its
// lock: a deadlock-avoiding helper over two deferred guards, or one whose
// body is not in the translation unit. The access after such a call is not
// shown to be unlocked (utils/Lockset.h, handedGuards). A guard handed by
// const reference, or to a callee that reaches no lock operation, is not
// locked by the call.

#include <mutex>

namespace algo {
// Takes both locks without a fixed order: the first blocking, the second
// tried, and back off and start again if the try fails.
template <typename L1, typename L2> void lock_both(L1 &A, L2 &B) {
  for (;;) {
    A.lock();
    if (B.try_lock())
      return;
    A.unlock();
  }
}
// Defined in another translation unit.
void lock_pair(std::unique_lock<std::mutex> &A,
               std::unique_lock<std::mutex> &B);
void inspect(const std::unique_lock<std::mutex> &L);
inline void touch(std::unique_lock<std::mutex> &L) { (void)L.owns_lock(); }
template <typename T> void exchange(T &A, T &B) {
  T Tmp = A;
  A = B;
  B = Tmp;
}
} // namespace algo

class Cell {
public:
  void set(int V) {
    std::lock_guard<std::mutex> G(Mu);
    Value = V;
  }

  void swap_ok(Cell &Other) {
    if (this == &Other)
      return;
    std::unique_lock<std::mutex> Mine(Mu, std::defer_lock);
    std::unique_lock<std::mutex> Theirs(Other.Mu, std::defer_lock);
    algo::lock_both(Mine, Theirs);
    algo::exchange(Value, Other.Value);
  }

  void reset_bad() {
    std::unique_lock<std::mutex> Mine(Mu, std::defer_lock);
    algo::inspect(Mine);
    // CHECK-MESSAGES: :[[@LINE+1]]:5: warning: 'Value' is written without holding 'this->Mu', which guards it in other member functions of 'Cell' [conclint-unguarded-shared-state]
    Value = 0;
  }

private:
  std::mutex Mu;
  int Value = 0;
};

class Register {
public:
  void set(int V) {
    std::lock_guard<std::mutex> G(Mu);
    Value = V;
  }

  void copy_from_ok(Register &Other) {
    std::unique_lock<std::mutex> Mine(Mu, std::defer_lock);
    std::unique_lock<std::mutex> Theirs(Other.Mu, std::defer_lock);
    algo::lock_pair(Mine, Theirs);
    Value = Other.Value;
  }

private:
  std::mutex Mu;
  int Value = 0;
};

class Gauge {
public:
  void set(int V) {
    std::lock_guard<std::mutex> G(Mu);
    Level = V;
  }

  void clear_bad() {
    std::unique_lock<std::mutex> Mine(Mu, std::defer_lock);
    algo::touch(Mine);
    // CHECK-MESSAGES: :[[@LINE+1]]:5: warning: 'Level' is written without holding 'this->Mu', which guards it in other member functions of 'Gauge' [conclint-unguarded-shared-state]
    Level = 0;
  }

private:
  std::mutex Mu;
  int Level = 0;
};

void use(Cell &A, Cell &B, Register &R, Register &Q, Gauge &G) {
  A.swap_ok(B);
  R.copy_from_ok(Q);
  R.set(4);
  A.reset_bad();
  A.set(1);
  G.clear_bad();
  G.set(2);
}
