#pragma once
struct Guard {
  explicit Guard(int &);
  ~Guard();
};
