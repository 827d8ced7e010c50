//===-- ConstArgsTest.cpp - unit tests for utils/ConstArgs ----------------===//
//
// The contract: zeroArgs binds a callee's parameter when its argument is a
// constant zero or a caller parameter bound zero (any depth); conditionUnder
// decides a condition only from such parameters (never written in their
// body) and constants, and leaves everything else undecided.
//
//===----------------------------------------------------------------------===//

#include "utils/ConstArgs.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "gtest/gtest.h"
#include "TestAST.h"

#include <algorithm>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;
using namespace clang::tidy::conclint::test;

namespace {

const char *const Code = R"cc(
  int m;
  void g(int a, int w, int *p) {
    if (a) m = 1;
    if (!a) m = 2;
    if (a && m) m = 3;
    if (a || m) m = 4;
    if (a == 0) m = 5;
    if (w != 3) m = 6;
    if (a == 2) m = 7;
    if (p) m = 8;
    if (m || !a) m = 9;
  }
  void written(int a) { a = m; if (a) m = 10; }
  void f(int x) { g(x, 3, nullptr); g(m, 0, nullptr); written(0); }
  void top() { f(0); f(1); }
)cc";

/// The calls of \p Callee made in \p Caller, in source order.
std::vector<const CallExpr *> callsIn(ASTContext &Ctx, llvm::StringRef Caller,
                                      llvm::StringRef Callee) {
  auto M = match(callExpr(callee(functionDecl(hasName(Callee))),
                          hasAncestor(functionDecl(hasName(Caller))))
                     .bind("c"),
                 Ctx);
  std::vector<const CallExpr *> Out;
  for (const auto &N : M)
    Out.push_back(N.getNodeAs<CallExpr>("c"));
  std::sort(Out.begin(), Out.end(), [](const CallExpr *A, const CallExpr *B) {
    return A->getBeginLoc() < B->getBeginLoc();
  });
  return Out;
}

/// The conditions of the if statements of \p Fn, in source order.
std::vector<const Expr *> conditionsIn(ASTContext &Ctx, llvm::StringRef Fn) {
  auto M = match(ifStmt(hasAncestor(functionDecl(hasName(Fn)))).bind("i"),
                 Ctx);
  std::vector<const Expr *> Out;
  for (const auto &N : M)
    Out.push_back(N.getNodeAs<IfStmt>("i")->getCond());
  std::sort(Out.begin(), Out.end(), [](const Expr *A, const Expr *B) {
    return A->getBeginLoc() < B->getBeginLoc();
  });
  return Out;
}

TEST(ConstArgs, ZeroArgsFollowTheChain) {
  auto AST = buildAST(Code);
  ASTContext &Ctx = AST->getASTContext();
  const FunctionDecl *F = definitionNamed(*AST, "f");
  const FunctionDecl *G = definitionNamed(*AST, "g");
  auto Top = callsIn(Ctx, "top", "f");
  ASSERT_EQ(Top.size(), 2u);
  auto Zero0 = zeroArgs(Top[0], F, {});
  ASSERT_EQ(Zero0.size(), 1u);
  EXPECT_EQ(Zero0[0], F->getParamDecl(0));
  EXPECT_TRUE(zeroArgs(Top[1], F, {}).empty()); // f(1)

  auto InF = callsIn(Ctx, "f", "g");
  ASSERT_EQ(InF.size(), 2u);
  // g(x, 3, nullptr) with x zero: a is; w (3) and p (nullptr) are not; x
  // (f's) is kept for lambdas.
  auto Z = zeroArgs(InF[0], G, Zero0);
  EXPECT_TRUE(llvm::is_contained(Z, G->getParamDecl(0)));
  EXPECT_FALSE(llvm::is_contained(Z, G->getParamDecl(1)));
  EXPECT_FALSE(llvm::is_contained(Z, G->getParamDecl(2)));
  EXPECT_TRUE(llvm::is_contained(Z, F->getParamDecl(0)));
  // g(m, 0, nullptr): a global decides nothing; the constant 0 binds w.
  auto Z2 = zeroArgs(InF[1], G, Zero0);
  EXPECT_FALSE(llvm::is_contained(Z2, G->getParamDecl(0)));
  EXPECT_TRUE(llvm::is_contained(Z2, G->getParamDecl(1)));
  // Without the caller's binding, x is not shown zero.
  EXPECT_FALSE(llvm::is_contained(zeroArgs(InF[0], G, {}), G->getParamDecl(0)));
}

TEST(ConstArgs, ConditionsDecidedOnlyByBoundParameters) {
  auto AST = buildAST(Code);
  ASTContext &Ctx = AST->getASTContext();
  const FunctionDecl *G = definitionNamed(*AST, "g");
  auto Conds = conditionsIn(Ctx, "g");
  ASSERT_EQ(Conds.size(), 9u);
  const ParmVarDecl *A = G->getParamDecl(0);
  const ParmVarDecl *Zero[] = {A};
  using B = std::optional<bool>;
  const B Expected[] = {B(false),     B(true),  B(false),
                        std::nullopt, B(true),  std::nullopt,
                        B(false),     std::nullopt, B(true)};
  for (size_t I = 0; I < Conds.size(); ++I)
    EXPECT_EQ(conditionUnder(Conds[I], Zero, Ctx), Expected[I]) << I;
  // Nothing bound: nothing decided.
  for (size_t I = 0; I < Conds.size(); ++I)
    EXPECT_EQ(conditionUnder(Conds[I], {}, Ctx), std::nullopt) << I;
}

TEST(ConstArgs, WrittenParameterDecidesNothing) {
  auto AST = buildAST(Code);
  ASTContext &Ctx = AST->getASTContext();
  const FunctionDecl *W = definitionNamed(*AST, "written");
  auto Calls = callsIn(Ctx, "f", "written");
  ASSERT_EQ(Calls.size(), 1u);
  auto Z = zeroArgs(Calls[0], W, {});
  ASSERT_EQ(Z.size(), 1u); // bound at the call...
  auto Conds = conditionsIn(Ctx, "written");
  ASSERT_EQ(Conds.size(), 1u);
  EXPECT_EQ(conditionUnder(Conds[0], Z, Ctx), std::nullopt); // ...not used
}

} // namespace
