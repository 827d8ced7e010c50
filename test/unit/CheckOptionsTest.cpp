//===-- CheckOptionsTest.cpp - the shared option readers ------------------===//

#include "utils/CheckOptions.h"

#include "gtest/gtest.h"

using namespace clang::tidy::conclint::utils;

namespace {

TEST(CheckOptions, SplitsListsOnSemicolons) {
  EXPECT_EQ(splitOptionList("::std::thread; ::std::jthread"),
            (std::vector<std::string>{"::std::thread", "::std::jthread"}));
  EXPECT_EQ(splitOptionList(" a ;; ;b; "),
            (std::vector<std::string>{"a", "b"}))
      << "blanks are trimmed and empty entries dropped";
  EXPECT_TRUE(splitOptionList("").empty());
  EXPECT_TRUE(splitOptionList(" ; ").empty());
  EXPECT_EQ(splitOptionList("f(int, long)"),
            (std::vector<std::string>{"f(int, long)"}))
      << "only ';' separates";
}

} // namespace
