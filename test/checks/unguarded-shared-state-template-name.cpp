// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// The lock-consistency message names the class whose code holds the
// access: a class template as written, however many instantiations show
// it (one finding per place); a partial specialisation by its own pattern;
// an explicit specialisation, whose code is its own, by its full name.

#include <mutex>

template <typename T> class Box {
public:
  void set(const T &V) {
    std::lock_guard<std::mutex> G(Mu);
    Value = V;
  }
  // CHECK-MESSAGES: :[[@LINE+1]]:27: warning: 'Value' is read without holding 'this->Mu', while other member functions of 'Box' write it under that lock [conclint-unguarded-shared-state]
  T peek() const { return Value; }

private:
  mutable std::mutex Mu;
  T Value{};
};

template <typename T> class Box<T *> {
public:
  void set(T *V) {
    std::lock_guard<std::mutex> G(Mu);
    Value = V;
  }
  // CHECK-MESSAGES: :[[@LINE+1]]:28: warning: 'Value' is read without holding 'this->Mu', while other member functions of 'Box<T *>' write it under that lock [conclint-unguarded-shared-state]
  T *peek() const { return Value; }

private:
  mutable std::mutex Mu;
  T *Value = nullptr;
};

template <> class Box<bool> {
public:
  void set(bool V) {
    std::lock_guard<std::mutex> G(Mu);
    Value = V;
  }
  // CHECK-MESSAGES: :[[@LINE+1]]:30: warning: 'Value' is read without holding 'this->Mu', while other member functions of 'Box<bool>' write it under that lock [conclint-unguarded-shared-state]
  bool peek() const { return Value; }

private:
  mutable std::mutex Mu;
  bool Value = false;
};

// Locked on both sides: silent in every instantiation.
template <typename T> class LockedBox {
public:
  void set(const T &V) {
    std::lock_guard<std::mutex> G(Mu);
    Value = V;
  }
  T peek() const {
    std::lock_guard<std::mutex> G(Mu);
    return Value;
  }

private:
  mutable std::mutex Mu;
  T Value{};
};

// Box<int> and Box<long> share one finding at Box's peek().
void use_boxes_bad(Box<int> &I, Box<long> &L, Box<char *> &P, Box<bool> &B) {
  I.set(1);
  L.set(2);
  P.set(nullptr);
  B.set(true);
  (void)(I.peek() + L.peek() + (P.peek() != nullptr) + B.peek());
}

void use_locked_boxes_ok(LockedBox<int> &I, LockedBox<double> &D) {
  I.set(1);
  D.set(2.0);
  (void)(I.peek() + D.peek());
}
