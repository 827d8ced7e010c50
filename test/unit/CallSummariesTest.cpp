//===-- CallSummariesTest.cpp - unit tests for utils/CallSummaries --------===//
//
// The contract: a fact holds for a function when a chain of calls of any
// length (cycles included) reaches a local witness; witnesses never cycle;
// every body is read once per family; the depth of a summary is the length
// of its witness chain.
//
//===----------------------------------------------------------------------===//

#include "utils/CallSummaries.h"
#include "utils/CostModel.h"

#include "clang/AST/RecursiveASTVisitor.h"
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

/// A toy family: "calls the function named `sink`". Local witness: a call to
/// sink; sites: calls to other defined functions, in source order.
struct SinkFamily {
  static void collect(const Stmt *S, llvm::SmallVectorImpl<Site> &Out) {
    if (!S || (!Out.empty() && Out.back().Root))
      return;
    if (const auto *C = dyn_cast<CallExpr>(S))
      if (const FunctionDecl *FD = C->getDirectCallee()) {
        if (FD->getName() == "sink") {
          Out.push_back(Site::root(C, 7));
          return;
        }
        if (const FunctionDecl *Def = definitionOf(FD))
          Out.push_back(Site::call(C, Def));
      }
    for (const Stmt *Child : S->children())
      collect(Child, Out);
  }
  static llvm::SmallVector<Site, 8> sites(const FunctionDecl *Def) {
    llvm::SmallVector<Site, 8> Out;
    collect(Def->getBody(), Out);
    return Out;
  }
};

TEST(CallSummaries, RecursionWithoutDepthCap) {
  auto AST = buildAST(R"cc(
    void sink();
    void a(int n);
    void b(int n) { if (n) a(n - 1); }
    void c(int n) { b(n); }
    void a(int n) { if (n > 10) c(n); else sink(); }
    void loop1();
    void loop2() { loop1(); }
    void loop1() { loop2(); }
    void self(int n) { if (n) self(n - 1); }
    void self_sink(int n) { if (n) self_sink(n - 1); sink(); }
    void d5(); void d4() { d5(); } void d3() { d4(); } void d2() { d3(); }
    void d1() { d2(); } void d0() { d1(); }
    void d5() { sink(); }
  )cc");
  ASSERT_TRUE(AST);
  CallSummaries T(SinkFamily::sites);

  // a, b, c are one component; a holds locally, c and b through it.
  const FactSummary &A = T.get(definitionNamed(*AST, "a"));
  EXPECT_TRUE(A.Holds);
  EXPECT_EQ(A.Depth, 0u);
  EXPECT_EQ(A.Payload, 7u);
  const FactSummary &B = T.get(definitionNamed(*AST, "b"));
  EXPECT_TRUE(B.Holds);
  EXPECT_EQ(B.Depth, 1u);
  const FactSummary &C = T.get(definitionNamed(*AST, "c"));
  EXPECT_TRUE(C.Holds);
  EXPECT_EQ(C.Depth, 2u);
  CallChain Chain = T.chainFrom(definitionNamed(*AST, "c"));
  ASSERT_EQ(Chain.Steps.size(), 2u);
  EXPECT_EQ(Chain.Steps[0].Callee->getName(), "b");
  EXPECT_EQ(Chain.Steps[1].Callee->getName(), "a");
  ASSERT_TRUE(Chain.Root);
  EXPECT_EQ(Chain.Payload, 7u);

  // A cycle with no witness holds nowhere, and terminates.
  EXPECT_FALSE(T.get(definitionNamed(*AST, "loop1")).Holds);
  EXPECT_FALSE(T.get(definitionNamed(*AST, "loop2")).Holds);
  EXPECT_FALSE(T.get(definitionNamed(*AST, "self")).Holds);
  EXPECT_TRUE(T.get(definitionNamed(*AST, "self_sink")).Holds);
  EXPECT_EQ(T.get(definitionNamed(*AST, "self_sink")).Depth, 0u);

  // Six functions deep: no cap.
  const FactSummary &D0 = T.get(definitionNamed(*AST, "d0"));
  EXPECT_TRUE(D0.Holds);
  EXPECT_EQ(D0.Depth, 5u);
  EXPECT_EQ(T.chainFrom(definitionNamed(*AST, "d0")).Steps.size(), 5u);
  EXPECT_TRUE(T.holdsWithin(definitionNamed(*AST, "d0"), 5));
  EXPECT_FALSE(T.holdsWithin(definitionNamed(*AST, "d0"), 4));
}

TEST(CallSummaries, EveryBodyReadOnce) {
  // A long chain and a wide fan: asking about every function reads each
  // body exactly once, whatever order the questions come in.
  std::string Code = "void sink();\n";
  const int N = 200;
  Code += "void f" + std::to_string(N) + "() { sink(); }\n";
  for (int I = N - 1; I >= 0; --I)
    Code += "void f" + std::to_string(I) + "() { f" + std::to_string(I + 1) +
            "(); f" + std::to_string(I + 1) + "(); }\n";
  auto AST = buildAST(Code);
  ASSERT_TRUE(AST);
  CallSummaries T(SinkFamily::sites);
  for (int I = N; I >= 0; --I) // bottom-up questions
    EXPECT_TRUE(T.get(definitionNamed(*AST, "f" + std::to_string(I))).Holds);
  EXPECT_EQ(T.bodiesRead(), unsigned(N + 1));
  EXPECT_EQ(T.get(definitionNamed(*AST, "f0")).Depth, unsigned(N));
}

TEST(CallSummaries, CostModelFollowsRecursion) {
  auto AST = buildAST(R"cc(
    void crunch(int *p, int n) { for (int i = 0; i < n; ++i) p[i] *= 2; }
    void walk(int *p, int n);
    void down(int *p, int n) { if (n > 1) walk(p, n / 2); else crunch(p, n); }
    void walk(int *p, int n) { down(p, n); }
    void entry(int *p, int n) { walk(p, n); }
    int fact(int n) { return n <= 1 ? 1 : n * fact(n - 1); }
    void calls_fact() { fact(5); }
  )cc");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  CostModel M;
  auto Ev = M.findHeavy(definitionNamed(*AST, "entry")->getBody(), Ctx);
  ASSERT_TRUE(Ev);
  ASSERT_EQ(Ev->Chain.size(), 3u); // walk -> down -> crunch
  EXPECT_EQ(Ev->chainCallee(0)->getName(), "walk");
  EXPECT_EQ(Ev->chainCallee(2)->getName(), "crunch");
  EXPECT_EQ(Ev->Kind, CostEvidence::RootKind::Loop);
  EXPECT_FALSE(M.findHeavy(definitionNamed(*AST, "calls_fact")->getBody(), Ctx))
      << "recursion alone is not a loop";
}

} // namespace
