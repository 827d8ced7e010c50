//===-- LocksetTest.cpp - unit tests for utils/Lockset ---------------------===//

#include "utils/Lockset.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;

namespace {

std::unique_ptr<ASTUnit> build(llvm::StringRef Code) {
  return tooling::buildASTFromCodeWithArgs(Code, {"-std=c++20", "-pthread"},
                                           "input.cc");
}

/// Runs the analysis on function \p Function and returns, for every call to
/// a function named `mark`, the held locks as "m, n" ("<none>" if unknown).
std::vector<std::string> marks(ASTUnit &AST, llvm::StringRef Function,
                               const LockSet &Entry = LockSet()) {
  auto &Ctx = AST.getASTContext();
  auto F = match(functionDecl(hasName(Function), isDefinition()).bind("f"), Ctx);
  EXPECT_EQ(F.size(), 1u);
  const auto *FD = F[0].getNodeAs<FunctionDecl>("f");
  auto L = FunctionLocksets::analyze(FD, FD->getBody(), Ctx, Entry);
  EXPECT_TRUE(L);
  std::vector<std::string> Out;
  auto Calls = match(
      functionDecl(hasName(Function), isDefinition(),
                   forEachDescendant(callExpr(callee(functionDecl(hasName("mark"))))
                                         .bind("c"))),
      Ctx);
  std::vector<const CallExpr *> Sorted;
  for (auto &M : Calls)
    Sorted.push_back(M.getNodeAs<CallExpr>("c"));
  llvm::sort(Sorted, [](const CallExpr *A, const CallExpr *B) {
    return A->getBeginLoc() < B->getBeginLoc();
  });
  for (const CallExpr *C : Sorted) {
    const LockSet *S = L->heldAt(C);
    Out.push_back(!S ? "<none>" : S->empty() ? "" : S->str());
  }
  return Out;
}

TEST(Lockset, ScopedGuards) {
  auto AST = build(R"cc(
    #include <mutex>
    #include <shared_mutex>
    void mark();
    std::mutex m, n;
    std::shared_mutex sm;
    void f(bool c) {
      mark();
      {
        std::lock_guard<std::mutex> g(m);
        mark();
      }
      mark();
      {
        std::scoped_lock both(m, n);
        mark();
      }
      {
        std::shared_lock r(sm);
        mark();
      }
      if (c) {
        std::lock_guard g(m);
        mark();
      }
      mark();
    }
  )cc");
  ASSERT_TRUE(AST);
  EXPECT_EQ(marks(*AST, "f"),
            (std::vector<std::string>{"", "m", "", "m, n", "sm (shared)", "m",
                                      ""}) );
}

TEST(Lockset, UniqueLockAndManual) {
  auto AST = build(R"cc(
    #include <mutex>
    void mark();
    std::mutex m, n;
    void f(bool c) {
      std::unique_lock lk(m);
      mark();
      lk.unlock();
      mark();
      lk.lock();
      mark();
      std::unique_lock later(n, std::defer_lock);
      mark();
      later.lock();
      mark();
    }
    void g(bool c) {
      m.lock();
      mark();
      if (c)
        m.unlock();
      mark();          // unlocked on one path only: not certainly held
      m.unlock();
      std::lock(m, n);
      std::lock_guard a(m, std::adopt_lock);
      std::lock_guard b(n, std::adopt_lock);
      mark();
    }
  )cc");
  ASSERT_TRUE(AST);
  EXPECT_EQ(marks(*AST, "f"),
            (std::vector<std::string>{"m", "", "m", "m", "m, n"}));
  auto G = marks(*AST, "g");
  ASSERT_EQ(G.size(), 3u);
  EXPECT_EQ(G[0], "m");
  EXPECT_EQ(G[1], "");
  EXPECT_EQ(G[2].find("m") != std::string::npos &&
                G[2].find("n") != std::string::npos,
            true);
}

TEST(Lockset, EntryStateIsInheritedAndLoopsConverge) {
  auto AST = build(R"cc(
    #include <mutex>
    void mark();
    std::mutex m;
    void callee(int k) {
      mark();
      for (int i = 0; i < k; ++i) {
        mark();
        m.unlock();
        m.lock();
      }
      mark();
    }
    void early(bool c) {
      std::lock_guard g(m);
      if (c)
        return;
      mark();
    }
  )cc");
  ASSERT_TRUE(AST);
  auto &Ctx = AST->getASTContext();
  auto V = match(varDecl(hasName("m")).bind("m"), Ctx);
  ASSERT_EQ(V.size(), 1u);
  LockSet Entry;
  Entry.acquire(V[0].getNodeAs<ValueDecl>("m"), false);
  EXPECT_EQ(marks(*AST, "callee", Entry),
            (std::vector<std::string>{"m", "m", "m"}));
  EXPECT_EQ(marks(*AST, "callee"), (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(marks(*AST, "early"), (std::vector<std::string>{"m"}));
}

TEST(Lockset, MembersAndLambdas) {
  auto AST = build(R"cc(
    #include <mutex>
    #include <algorithm>
    #include <vector>
    void mark();
    struct Account {
      std::mutex mu;
      int balance = 0;
      void deposit(std::vector<int> &v) {
        std::lock_guard g(mu);
        std::for_each(v.begin(), v.end(), [&](int) { mark(); });
      }
    };
  )cc");
  ASSERT_TRUE(AST);
  // The lambda body inherits the lockset at the point the lambda is created.
  EXPECT_EQ(marks(*AST, "deposit"), (std::vector<std::string>{"mu"}));
}

TEST(Lockset, Types) {
  auto AST = build(R"cc(
    #include <mutex>
    #include <shared_mutex>
    struct Spin { void lock(); void unlock(); };
    struct NotOne { void lock(); };
    std::mutex a; std::recursive_mutex b; std::shared_mutex c; Spin d; NotOne e;
    std::lock_guard<std::mutex> *g;
  )cc");
  ASSERT_TRUE(AST);
  auto &Ctx = AST->getASTContext();
  auto typeOf = [&](llvm::StringRef N) {
    auto V = match(varDecl(hasName(N)).bind("v"), Ctx);
    return V[0].getNodeAs<VarDecl>("v")->getType();
  };
  EXPECT_TRUE(isMutexType(typeOf("a")));
  EXPECT_TRUE(isMutexType(typeOf("b")));
  EXPECT_TRUE(isMutexType(typeOf("c")));
  EXPECT_TRUE(isMutexType(typeOf("d")));
  EXPECT_FALSE(isMutexType(typeOf("e")));
  EXPECT_TRUE(isLockGuardType(typeOf("g")));
}

} // namespace
