//===-- CFGUtilsTest.cpp - unit tests for utils/CFGUtils ------------------===//

#include "utils/CFGUtils.h"
#include "utils/Dataflow.h"

#include "clang/AST/Decl.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

#include <string>
#include <vector>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;

namespace {

struct Exit {
  std::string Var;
  unsigned Line;
  unsigned Column;
};

/// Every automatic destructor in \p Function's CFG, as (variable, line:col of
/// the scope exit), in block order.
std::vector<Exit> exitsIn(ASTUnit &AST, llvm::StringRef Function) {
  auto M = match(functionDecl(hasName(Function), isDefinition()).bind("f"),
                 AST.getASTContext());
  EXPECT_EQ(M.size(), 1u);
  const auto *FD = M[0].getNodeAs<FunctionDecl>("f");
  auto Graph = FunctionCFG::build(FD, FD->getBody(), AST.getASTContext());
  EXPECT_TRUE(Graph);
  std::vector<Exit> Result;
  if (!Graph)
    return Result;
  const SourceManager &SM = AST.getSourceManager();
  for (const CFGBlock *B : Graph->cfg())
    for (const CFGElement &E : *B)
      if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
        SourceLocation L = scopeExitLocation(*D);
        Result.push_back({D->getVarDecl()->getNameAsString(),
                          SM.getSpellingLineNumber(L),
                          SM.getSpellingColumnNumber(L)});
      }
  return Result;
}

bool hasExit(const std::vector<Exit> &Exits, llvm::StringRef Var,
             unsigned Line, unsigned Col) {
  for (const Exit &E : Exits)
    if (E.Var == Var && E.Line == Line && E.Column == Col)
      return true;
  return false;
}

TEST(CFGUtils, ScopeExitsAreReturnBreakAndClosingBrace) {
  auto AST = tooling::buildASTFromCodeWithArgs(R"cc(
struct Guard { ~Guard(); };
bool c();
void f() {
  Guard g;
  if (c())
    return;
  for (int i = 0; i < 3; ++i) {
    Guard h;
    if (c())
      break;
    if (c())
      continue;
  }
}
)cc",
                                               {"-std=c++20"}, "input.cc");
  ASSERT_TRUE(AST);
  auto Exits = exitsIn(*AST, "f");
  EXPECT_TRUE(hasExit(Exits, "g", 7, 5));   // return
  EXPECT_TRUE(hasExit(Exits, "g", 15, 1));  // end of the body
  EXPECT_TRUE(hasExit(Exits, "h", 11, 7));  // break
  EXPECT_TRUE(hasExit(Exits, "h", 13, 7));  // continue
  EXPECT_TRUE(hasExit(Exits, "h", 14, 3));  // end of the loop body
}

TEST(CFGUtils, TrivialObjectsHaveNoDestructorElements) {
  auto AST = tooling::buildASTFromCodeWithArgs(
      "void f() { int x = 0; (void)x; }", {"-std=c++20"}, "input.cc");
  ASSERT_TRUE(AST);
  EXPECT_TRUE(exitsIn(*AST, "f").empty());
}

TEST(CFGUtils, EveryExpressionIsAnElement) {
  auto AST = tooling::buildASTFromCodeWithArgs(
      "int g(int); void f(int a) { g(a + 1); }", {"-std=c++20"}, "input.cc");
  ASSERT_TRUE(AST);
  auto M = match(functionDecl(hasName("f"), isDefinition()).bind("f"),
                 AST->getASTContext());
  ASSERT_EQ(M.size(), 1u);
  const auto *FD = M[0].getNodeAs<FunctionDecl>("f");
  auto Graph = FunctionCFG::build(FD, FD->getBody(), AST->getASTContext());
  ASSERT_TRUE(Graph);
  bool SawRefToA = false;
  for (const CFGBlock *B : Graph->cfg())
    for (const CFGElement &E : *B)
      if (auto S = E.getAs<CFGStmt>())
        if (const auto *R = dyn_cast<DeclRefExpr>(S->getStmt()))
          SawRefToA |= R->getDecl()->getName() == "a";
  EXPECT_TRUE(SawRefToA);
}

TEST(CFGUtils, NoBodyNoGraph) {
  auto AST = tooling::buildASTFromCodeWithArgs("void f();", {"-std=c++20"},
                                               "input.cc");
  ASSERT_TRUE(AST);
  auto M = match(functionDecl(hasName("f")).bind("f"), AST->getASTContext());
  ASSERT_EQ(M.size(), 1u);
  const auto *FD = M[0].getNodeAs<FunctionDecl>("f");
  EXPECT_FALSE(FunctionCFG::build(FD, FD->getBody(), AST->getASTContext()));
}

} // namespace
