#pragma once
struct Guard {
  explicit Guard(int &);
  ~Guard();
};

inline void common_bad(int &m) {
  Guard{m};
  ++m;
}
