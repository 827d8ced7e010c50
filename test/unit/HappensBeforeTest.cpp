//===-- HappensBeforeTest.cpp - thread windows and happens-before ---------===//

#include "utils/HappensBefore.h"
#include "utils/ThreadLifetimes.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"
#include "TestAST.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;
using namespace clang::tidy::conclint::test;

namespace {

struct Body {
  const FunctionDecl *FD = nullptr;
  const FunctionCFG *G = nullptr;
  std::vector<const CallExpr *> Marks; // calls to mark(), in source order
};

Body body(ASTUnit &AST, CFGCache &Cache, llvm::StringRef Name) {
  auto &Ctx = AST.getASTContext();
  Body B;
  auto F = match(functionDecl(hasName(Name), isDefinition()).bind("f"), Ctx);
  EXPECT_EQ(F.size(), 1u);
  B.FD = F[0].getNodeAs<FunctionDecl>("f");
  B.G = Cache.get(B.FD, B.FD->getBody(), Ctx);
  auto Calls = match(
      functionDecl(hasName(Name), isDefinition(),
                   forEachDescendant(
                       callExpr(callee(functionDecl(hasName("mark")))).bind("c"))),
      Ctx);
  for (auto &M : Calls)
    B.Marks.push_back(M.getNodeAs<CallExpr>("c"));
  llvm::sort(B.Marks, [](const CallExpr *X, const CallExpr *Y) {
    return X->getBeginLoc() < Y->getBeginLoc();
  });
  return B;
}

const Stmt *first(ASTUnit &AST, const FunctionDecl *FD,
                  StatementMatcher M) {
  auto R = match(functionDecl(equalsNode(FD), hasDescendant(stmt(M).bind("s"))),
                 AST.getASTContext());
  return R.empty() ? nullptr : R[0].getNodeAs<Stmt>("s");
}

// The window of a thread: from the spawn to the join, by CFG paths.
TEST(ThreadWindow, SpawnToJoinOnTheCFG) {
  auto AST = buildAST(R"cc(
    #include <thread>
    #include <vector>
    void mark();
    void work();
    void f(bool c) {
      mark();                    // before the spawn
      std::thread t(work);
      mark();                    // running
      if (c) {
        t.join();
        mark();                  // joined on this path
        return;
      }
      mark();                    // running: the join is on the other path
      t.join();
      mark();                    // joined
    }
    void g(int n) {
      std::vector<std::thread> ts;
      for (int i = 0; i < n; ++i) {
        mark();                  // the previous iteration's thread runs
        ts.emplace_back(work);
      }
      for (auto &t : ts)
        t.join();
      mark();                    // after the join loop
    }
  )cc");
  ASSERT_TRUE(AST);
  CFGCache Cache;
  {
    Body B = body(*AST, Cache, "f");
    ASSERT_EQ(B.Marks.size(), 5u);
    const Stmt *Site = first(*AST, B.FD, cxxConstructExpr(argumentCountIs(1)));
    const Stmt *J1, *J2;
    auto Js = match(functionDecl(equalsNode(B.FD),
                                 forEachDescendant(cxxMemberCallExpr(callee(
                                     cxxMethodDecl(hasName("join")))).bind("j"))),
                    AST->getASTContext());
    ASSERT_EQ(Js.size(), 2u);
    J1 = Js[0].getNodeAs<Stmt>("j");
    J2 = Js[1].getNodeAs<Stmt>("j");
    llvm::SmallPtrSet<const Stmt *, 4> Ends{J1, J2};
    llvm::SmallPtrSet<const VarDecl *, 1> NoVars;
    ThreadWindow W(*B.G, Site, Ends, NoVars);
    EXPECT_FALSE(W.runningAt(B.Marks[0]));
    EXPECT_TRUE(W.runningAt(B.Marks[1]));
    EXPECT_FALSE(W.runningAt(B.Marks[2]));
    EXPECT_TRUE(W.runningAt(B.Marks[3]));
    EXPECT_FALSE(W.runningAt(B.Marks[4]));
    EXPECT_FALSE(W.runsAgainWhileRunning());
  }
  {
    Body B = body(*AST, Cache, "g");
    ASSERT_EQ(B.Marks.size(), 2u);
    const Stmt *Site = first(*AST, B.FD, cxxMemberCallExpr(callee(
                                             cxxMethodDecl(hasName("emplace_back")))));
    const Stmt *Join = first(*AST, B.FD, cxxMemberCallExpr(callee(
                                             cxxMethodDecl(hasName("join")))));
    const Stmt *Loop = first(*AST, B.FD, cxxForRangeStmt());
    llvm::SmallPtrSet<const Stmt *, 4> Ends{Join, Loop};
    llvm::SmallPtrSet<const VarDecl *, 1> NoVars;
    ThreadWindow W(*B.G, Site, Ends, NoVars);
    EXPECT_TRUE(W.runningAt(B.Marks[0]));
    EXPECT_FALSE(W.runningAt(B.Marks[1]));
    EXPECT_TRUE(W.runsAgainWhileRunning());
  }
}

// Happens-before through a promise, a latch and an acquire load.
TEST(HappensBefore, ReleasesAndAcquires) {
  auto AST = buildAST(R"cc(
    #include <atomic>
    #include <future>
    #include <latch>
    void mark();
    std::promise<int> p;
    std::atomic<bool> flag;
    std::latch l(1);
    void producer() {
      mark();                    // before every release
      p.set_value(1);
      flag.store(true, std::memory_order_release);
      l.count_down();
      mark();                    // after them
    }
    void consumer() {
      auto f = p.get_future();
      mark();                    // before the get
      f.get();
      mark();                    // after the get
    }
    void spinner() {
      while (!flag.load(std::memory_order_acquire))
        mark();                  // inside the loop: not yet seen
      mark();                    // after the loop: seen
    }
    void relaxed() {
      while (!flag.load(std::memory_order_relaxed)) {
      }
      mark();                    // a relaxed load orders nothing
    }
    void waiter() {
      l.wait();
      mark();
    }
  )cc");
  ASSERT_TRUE(AST);
  CFGCache Cache;
  auto Path = [&](llvm::StringRef N) {
    auto V = match(varDecl(hasName(N), hasGlobalStorage()).bind("v"),
                   AST->getASTContext());
    return AccessPath::ofDecl(V[0].getNodeAs<VarDecl>("v"));
  };
  Body P = body(*AST, Cache, "producer");
  SyncFacts SP(*P.G, nullptr);
  EXPECT_TRUE(SP.beforeAllReleases(Path("p"), P.Marks[0]));
  EXPECT_FALSE(SP.beforeAllReleases(Path("p"), P.Marks[1]));
  EXPECT_TRUE(SP.beforeAllReleases(Path("flag"), P.Marks[0]));
  EXPECT_TRUE(SP.beforeAllReleases(Path("l"), P.Marks[0]));

  Body C = body(*AST, Cache, "consumer");
  SyncFacts SC(*C.G, nullptr);
  EXPECT_FALSE(SC.afterAcquire(Path("p"), C.Marks[0]));
  EXPECT_TRUE(SC.afterAcquire(Path("p"), C.Marks[1]));

  Body S = body(*AST, Cache, "spinner");
  SyncFacts SS(*S.G, nullptr);
  EXPECT_FALSE(SS.afterAcquire(Path("flag"), S.Marks[0]));
  EXPECT_TRUE(SS.afterAcquire(Path("flag"), S.Marks[1]));

  Body R = body(*AST, Cache, "relaxed");
  SyncFacts SR(*R.G, nullptr);
  EXPECT_FALSE(SR.afterAcquire(Path("flag"), R.Marks[0]));

  Body W = body(*AST, Cache, "waiter");
  SyncFacts SW(*W.G, nullptr);
  EXPECT_TRUE(SW.afterAcquire(Path("l"), W.Marks[0]));
}

} // namespace
