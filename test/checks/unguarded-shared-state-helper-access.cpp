// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// The unlocked access of a lock-consistency finding may sit in a helper
// that a public method hands the member to by reference (a free function,
// not a member of the class): the message names the class whose member
// functions lock the member, the one of the public method the walk started
// from. (It used to name the helper's frame's class, which has none: a
// crash on Boost's synchronized_value.)

#include <mutex>

namespace util {
template <typename T> void exchange(T &A, T &B) {
  // CHECK-MESSAGES: :[[@LINE+1]]:11: warning: 'Value' is read without holding 'this->Mu', while other member functions of 'Slot' write it under that lock [conclint-unguarded-shared-state]
  T Tmp = A;
  A = B;
  B = Tmp;
}
} // namespace util

class Slot {
public:
  void set(int V) {
    std::lock_guard<std::mutex> G(Mu);
    Value = V;
  }

  void swap_bad(Slot &Other) { util::exchange(Value, Other.Value); }

private:
  std::mutex Mu;
  int Value = 0;
};

void use(Slot &S, Slot &T) {
  S.swap_bad(T);
  S.set(3);
}
