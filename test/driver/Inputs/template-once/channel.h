// A class template that locks its own mutex around the writes of `Closed`
// and reads it without the lock in `closed()`: one mistake, in one place,
// whatever the template argument.
#pragma once
#include <mutex>

template <typename T> class Channel {
public:
  void close() {
    std::lock_guard<std::mutex> G(Mu);
    Closed = true;
  }
  bool closed() const { return Closed; }
  void put(const T &V) {
    std::lock_guard<std::mutex> G(Mu);
    if (!Closed)
      Last = V;
  }

private:
  mutable std::mutex Mu;
  bool Closed = false;
  T Last{};
};
