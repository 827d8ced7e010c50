//===-- ThreadTypesTest.cpp - unit tests for utils/ThreadTypes ------------===//

#include "utils/ThreadTypes.h"

#include "clang/AST/Decl.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

#include <map>
#include <memory>
#include <string>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;

namespace {

const char *const Code = R"cc(
  #include <array>
  #include <map>
  #include <memory>
  #include <optional>
  #include <thread>
  #include <vector>
  namespace app { class Worker { public: void join(); }; }
  namespace other { class thread {}; }
  using Alias = std::thread;
  void f() {
    std::thread plain;
    const std::thread konst;
    Alias aliased;
    std::jthread joining;
    app::Worker worker;
    other::thread lookalike;
    std::vector<std::thread> vec;
    std::array<std::thread, 2> arr;
    std::map<int, std::thread> byId;
    std::vector<std::jthread> jvec;
    std::unique_ptr<std::thread> owned;
    std::optional<std::thread> maybe;
    std::vector<app::Worker> workers;
    std::thread &ref = plain;
  }
)cc";

class ThreadTypesTest : public ::testing::TestWithParam<const char *> {
protected:
  // Parsing the standard headers is the slow part: once per library.
  void SetUp() override {
    static std::map<std::string, std::unique_ptr<ASTUnit>> Parsed;
    auto &Slot = Parsed[GetParam()];
    if (!Slot)
      Slot = tooling::buildASTFromCodeWithArgs(
          Code, {"-std=c++20", std::string("-stdlib=") + GetParam()},
          "input.cc");
    AST = Slot.get();
    ASSERT_TRUE(AST);
  }
  QualType typeOf(llvm::StringRef Var) {
    auto M = match(varDecl(hasName(Var)).bind("v"), AST->getASTContext());
    EXPECT_EQ(M.size(), 1u) << Var.str();
    return M.empty() ? QualType() : M[0].getNodeAs<VarDecl>("v")->getType();
  }
  ASTUnit *AST = nullptr;
};

TEST_P(ThreadTypesTest, DefaultSetIsStdThreadOnly) {
  ThreadTypeSet Set(llvm::ArrayRef<llvm::StringRef>{"::std::thread"});
  EXPECT_TRUE(Set.isThread(typeOf("plain")));
  EXPECT_TRUE(Set.isThread(typeOf("konst")));
  EXPECT_TRUE(Set.isThread(typeOf("aliased")));
  EXPECT_FALSE(Set.isThread(typeOf("joining")));
  EXPECT_FALSE(Set.isThread(typeOf("worker")));
  EXPECT_FALSE(Set.isThread(typeOf("lookalike")));
  EXPECT_FALSE(Set.isThread(typeOf("ref")));
  EXPECT_FALSE(Set.isThread(typeOf("vec")));
}

TEST_P(ThreadTypesTest, ContainersOwnTheirThreads) {
  ThreadTypeSet Set(llvm::ArrayRef<llvm::StringRef>{"::std::thread"});
  EXPECT_TRUE(Set.isThreadContainer(typeOf("vec")));
  EXPECT_TRUE(Set.isThreadContainer(typeOf("arr")));
  EXPECT_TRUE(Set.isThreadContainer(typeOf("byId")));
  EXPECT_FALSE(Set.isThreadContainer(typeOf("jvec")));
  EXPECT_FALSE(Set.isThreadContainer(typeOf("owned")));
  EXPECT_FALSE(Set.isThreadContainer(typeOf("maybe")));
  EXPECT_FALSE(Set.isThreadContainer(typeOf("plain")));
  EXPECT_FALSE(Set.isThreadContainer(typeOf("workers")));
}

TEST_P(ThreadTypesTest, UserTypesAndMissingLeadingColons) {
  ThreadTypeSet Set(
      llvm::ArrayRef<llvm::StringRef>{"std::thread", " app::Worker ", ""});
  ASSERT_EQ(Set.names().size(), 2u);
  EXPECT_EQ(Set.names()[0], "::std::thread");
  EXPECT_EQ(Set.names()[1], "::app::Worker");
  EXPECT_TRUE(Set.isThread(typeOf("worker")));
  EXPECT_TRUE(Set.isThreadContainer(typeOf("workers")));
  EXPECT_FALSE(Set.isThread(typeOf("lookalike")));
}

TEST_P(ThreadTypesTest, NamesSkipInlineNamespaces) {
  const auto *RD = typeOf("plain")->getAsCXXRecordDecl();
  ASSERT_TRUE(RD);
  // libc++ spells it std::__1::thread; both print as ::std::thread.
  EXPECT_EQ(qualifiedName(RD), "::std::thread");
}

INSTANTIATE_TEST_SUITE_P(StandardLibraries, ThreadTypesTest,
                         ::testing::Values("libstdc++", "libc++"));

} // namespace
