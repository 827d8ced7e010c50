//===-- DataflowTest.cpp - unit tests for utils/Dataflow ------------------===//
//
// The engine's contract (Dataflow.h): a fixpoint on loops without a round
// cap, no state for unreachable blocks, edge refinement applied per
// successor, and Converged = false (never a silent fixpoint) when a
// transfer/join pair does not settle.
//
//===----------------------------------------------------------------------===//

#include "utils/Dataflow.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"
#include "TestAST.h"

#include <set>
#include <string>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;
using namespace clang::tidy::conclint::test;

namespace {

using Names = std::set<std::string>;

/// The call expression to \p Callee inside \p FD (exactly one expected).
const CallExpr *callTo(ASTUnit &AST, const FunctionDecl *FD,
                       llvm::StringRef Callee) {
  auto M = match(functionDecl(equalsNode(FD),
                              hasDescendant(callExpr(callee(functionDecl(
                                                         hasName(Callee))))
                                                .bind("c"))),
                 AST.getASTContext());
  return M.size() == 1 ? M[0].getNodeAs<CallExpr>("c") : nullptr;
}

/// "Declared so far": every DeclStmt adds its variables' names.
void declare(const CFGElement &E, Names &S) {
  if (auto CS = E.getAs<CFGStmt>())
    if (const auto *DS = dyn_cast<DeclStmt>(CS->getStmt()))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          S.insert(VD->getNameAsString());
}

bool unite(Names &Into, const Names &From) {
  size_t Before = Into.size();
  Into.insert(From.begin(), From.end());
  return Into.size() != Before;
}

TEST(Dataflow, LoopReachesFixpointThroughBackEdge) {
  auto AST = buildAST(R"cc(
void step();
void f(int n) {
  int a = 0;
  while (n) {
    step();
    int b = 1;
    n -= b;
  }
  int c = a;
}
)cc");
  ASSERT_TRUE(AST);
  const FunctionDecl *FD = definitionNamed(*AST, "f");
  ASSERT_TRUE(FD);
  auto G = FunctionCFG::build(FD, FD->getBody(), AST->getASTContext());
  ASSERT_TRUE(G);
  auto R = runForwardDataflow(*G, Names{}, declare, unite);
  EXPECT_TRUE(R.Converged);

  // step() is in the loop body: reached first with {a}, then again through
  // the back edge with {a, b}; the may-union must hold both.
  const CallExpr *Step = callTo(*AST, FD, "step");
  ASSERT_TRUE(Step);
  const CFGBlock *Body = G->blockOf(Step);
  ASSERT_TRUE(Body);
  ASSERT_TRUE(R.entryOf(*Body).has_value());
  EXPECT_EQ(*R.entryOf(*Body), (Names{"a", "b"}));

  // The exit sees everything declared on some path.
  const std::optional<Names> &Exit = R.entryOf(G->cfg().getExit());
  ASSERT_TRUE(Exit.has_value());
  EXPECT_EQ(*Exit, (Names{"a", "b", "c"}));
}

TEST(Dataflow, UnreachableBlocksHaveNoState) {
  auto AST = buildAST(R"cc(
void dead();
void f() {
  int a = 0;
  return;
  dead();
}
)cc");
  ASSERT_TRUE(AST);
  const FunctionDecl *FD = definitionNamed(*AST, "f");
  ASSERT_TRUE(FD);
  auto G = FunctionCFG::build(FD, FD->getBody(), AST->getASTContext());
  ASSERT_TRUE(G);
  auto R = runForwardDataflow(*G, Names{}, declare, unite);
  EXPECT_TRUE(R.Converged);
  const CallExpr *Dead = callTo(*AST, FD, "dead");
  ASSERT_TRUE(Dead);
  const CFGBlock *B = G->blockOf(Dead);
  ASSERT_TRUE(B);
  EXPECT_FALSE(R.entryOf(*B).has_value());

  // replayBlock visits nothing there.
  unsigned Visited = 0;
  replayBlock(R, *B, declare,
              [&](const CFGElement &, const Names &) { ++Visited; });
  EXPECT_EQ(Visited, 0u);
}

TEST(Dataflow, EdgeRefinementIsPerSuccessor) {
  auto AST = buildAST(R"cc(
void yes();
void no();
void f(bool c) {
  if (c)
    yes();
  else
    no();
}
)cc");
  ASSERT_TRUE(AST);
  const FunctionDecl *FD = definitionNamed(*AST, "f");
  ASSERT_TRUE(FD);
  auto G = FunctionCFG::build(FD, FD->getBody(), AST->getASTContext());
  ASSERT_TRUE(G);
  // Along the edges of the `if`, record which successor was taken.
  auto Edge = [](const CFGBlock &From, unsigned Succ, Names &S) {
    if (From.getTerminatorStmt() && isa<IfStmt>(From.getTerminatorStmt()))
      S.insert(Succ == 0 ? "then-edge" : "else-edge");
  };
  auto R = runForwardDataflow(*G, Names{}, declare, unite, Edge);
  EXPECT_TRUE(R.Converged);
  const CFGBlock *Yes = G->blockOf(callTo(*AST, FD, "yes"));
  const CFGBlock *No = G->blockOf(callTo(*AST, FD, "no"));
  ASSERT_TRUE(Yes && No);
  ASSERT_TRUE(R.entryOf(*Yes) && R.entryOf(*No));
  EXPECT_EQ(*R.entryOf(*Yes), (Names{"then-edge"}));
  EXPECT_EQ(*R.entryOf(*No), (Names{"else-edge"}));
  // Both reach the exit: the join keeps both facts.
  EXPECT_EQ(*R.entryOf(G->cfg().getExit()),
            (Names{"then-edge", "else-edge"}));
}

TEST(Dataflow, ReplaySeesStateBeforeEachElement) {
  auto AST = buildAST("void f() { int a = 0; int b = a; (void)b; }");
  ASSERT_TRUE(AST);
  const FunctionDecl *FD = definitionNamed(*AST, "f");
  ASSERT_TRUE(FD);
  auto G = FunctionCFG::build(FD, FD->getBody(), AST->getASTContext());
  ASSERT_TRUE(G);
  auto R = runForwardDataflow(*G, Names{}, declare, unite);
  bool SawBBeforeItsDecl = false, SawAAtB = false;
  for (const CFGBlock *B : G->cfg())
    replayBlock(R, *B, declare, [&](const CFGElement &E, const Names &S) {
      if (auto CS = E.getAs<CFGStmt>())
        if (const auto *DS = dyn_cast<DeclStmt>(CS->getStmt()))
          if (cast<VarDecl>(DS->getSingleDecl())->getName() == "b") {
            SawBBeforeItsDecl |= S.count("b") != 0;
            SawAAtB |= S.count("a") != 0;
          }
    });
  EXPECT_FALSE(SawBBeforeItsDecl);
  EXPECT_TRUE(SawAAtB);
}

TEST(Dataflow, NonMonotoneTransferIsReportedNotHidden) {
  auto AST = buildAST(R"cc(
void f(int n) {
  while (n)
    --n;
}
)cc");
  ASSERT_TRUE(AST);
  const FunctionDecl *FD = definitionNamed(*AST, "f");
  ASSERT_TRUE(FD);
  auto G = FunctionCFG::build(FD, FD->getBody(), AST->getASTContext());
  ASSERT_TRUE(G);
  // A counter that grows at every element and a "join" that always takes
  // the newer value: around the loop the state never repeats.
  auto Count = [](const CFGElement &, unsigned long &S) { ++S; };
  auto Replace = [](unsigned long &Into, const unsigned long &From) {
    bool Changed = Into != From;
    Into = From;
    return Changed;
  };
  auto R = runForwardDataflow(*G, 0ul, Count, Replace);
  EXPECT_FALSE(R.Converged);

  // The same transfer with a join that keeps the first state reaching a
  // block (height one) settles.
  auto KeepFirst = [](unsigned long &, const unsigned long &) { return false; };
  auto Settled = runForwardDataflow(*G, 0ul, Count, KeepFirst);
  EXPECT_TRUE(Settled.Converged);
}

TEST(Dataflow, CacheBuildsOneGraphPerBody) {
  auto AST = buildAST("void f(int n) { while (n) --n; }");
  ASSERT_TRUE(AST);
  const FunctionDecl *FD = definitionNamed(*AST, "f");
  ASSERT_TRUE(FD);
  CFGCache Cache;
  const FunctionCFG *A = Cache.get(FD, FD->getBody(), AST->getASTContext());
  const FunctionCFG *B = Cache.get(FD, FD->getBody(), AST->getASTContext());
  ASSERT_TRUE(A);
  EXPECT_EQ(A, B);
  const FunctionCFG *WithEH =
      Cache.get(FD, FD->getBody(), AST->getASTContext(), true);
  EXPECT_NE(A, WithEH);
}

// A released CFG leaves the cache (the other flavour stays) and a later
// get() builds the same graph again.
TEST(Dataflow, CacheReleaseFreesOneFlavourAndRebuildsTheSameGraph) {
  auto AST = buildAST("void f(int n) { while (n) --n; if (n) n = 1; }");
  ASSERT_TRUE(AST);
  const FunctionDecl *FD = definitionNamed(*AST, "f");
  ASSERT_TRUE(FD);
  ASTContext &Ctx = AST->getASTContext();
  CFGCache Cache;
  EXPECT_FALSE(Cache.contains(FD->getBody()));
  const FunctionCFG *A = Cache.get(FD, FD->getBody(), Ctx);
  ASSERT_TRUE(A);
  unsigned Blocks = A->cfg().getNumBlockIDs();
  ASSERT_TRUE(Cache.get(FD, FD->getBody(), Ctx, true));
  EXPECT_TRUE(Cache.contains(FD->getBody()));
  EXPECT_TRUE(Cache.contains(FD->getBody(), true));
  Cache.release(FD->getBody());
  EXPECT_FALSE(Cache.contains(FD->getBody()));
  EXPECT_TRUE(Cache.contains(FD->getBody(), true));
  const FunctionCFG *B = Cache.get(FD, FD->getBody(), Ctx);
  ASSERT_TRUE(B);
  EXPECT_EQ(B->cfg().getNumBlockIDs(), Blocks);
  EXPECT_TRUE(Cache.contains(FD->getBody()));
}

} // namespace

namespace {

/// The core and polarity peelNegations reads off the condition of the only
/// if statement of \p Fn.
std::pair<std::string, bool> peeled(ASTUnit &AST, llvm::StringRef Fn) {
  auto M = match(ifStmt(hasAncestor(functionDecl(hasName(Fn))),
                        hasCondition(expr().bind("c"))),
                 AST.getASTContext());
  if (M.size() != 1)
    return {"<no if>", false};
  bool Negated = true;
  const Expr *Core = peelNegations(M[0].getNodeAs<Expr>("c"), Negated);
  const auto *Call = dyn_cast_or_null<CallExpr>(Core);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return {Callee ? Callee->getNameAsString() : "<other>", Negated};
}

TEST(DataflowTest, PeelNegationsReadsEveryPolarity) {
  std::unique_ptr<ASTUnit> AST = buildAST(R"cpp(
    bool ready();
    void plain() { if (ready()) {} }
    void bang() { if (!ready()) {} }
    void twice() { if (!(!ready())) {} }
    void eq_false() { if (ready() == false) {} }
    void false_ne() { if (false != ready()) {} }
    void ne_true_bang() { if (!(ready() != true)) {} }
  )cpp");
  ASSERT_TRUE(AST);
  using R = std::pair<std::string, bool>;
  EXPECT_EQ(peeled(*AST, "plain"), R("ready", false));
  EXPECT_EQ(peeled(*AST, "bang"), R("ready", true));
  EXPECT_EQ(peeled(*AST, "twice"), R("ready", false));
  EXPECT_EQ(peeled(*AST, "eq_false"), R("ready", true));
  EXPECT_EQ(peeled(*AST, "false_ne"), R("ready", false));
  EXPECT_EQ(peeled(*AST, "ne_true_bang"), R("ready", false));
}

} // namespace

namespace {

/// The operand and polarity decidingOperand reads off the condition of the
/// only if statement of \p Fn.
std::pair<std::string, bool> decided(ASTUnit &AST, llvm::StringRef Fn) {
  auto M = match(ifStmt(hasAncestor(functionDecl(hasName(Fn))),
                        hasCondition(expr().bind("c"))),
                 AST.getASTContext());
  if (M.size() != 1)
    return {"<no if>", false};
  bool Negated = true;
  const Expr *Core = decidingOperand(M[0].getNodeAs<Expr>("c"), Negated);
  const auto *Call = dyn_cast_or_null<CallExpr>(Core);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return {Callee ? Callee->getNameAsString() : "<other>", Negated};
}

TEST(DataflowTest, DecidingOperandIsTheLastOperandEvaluated) {
  std::unique_ptr<ASTUnit> AST = buildAST(R"cpp(
    bool fast(); bool got(); bool other();
    void plain() { if (got()) {} }
    void or_rhs() { if (fast() || got()) {} }
    void and_not_rhs() { if (fast() && !got()) {} }
    void nested() { if (!(fast() || (other() && got()))) {} }
    void cast() { if (!static_cast<bool>(got())) {} }
  )cpp");
  ASSERT_TRUE(AST);
  using R = std::pair<std::string, bool>;
  EXPECT_EQ(decided(*AST, "plain"), R("got", false));
  EXPECT_EQ(decided(*AST, "or_rhs"), R("got", false));
  EXPECT_EQ(decided(*AST, "and_not_rhs"), R("got", true));
  EXPECT_EQ(decided(*AST, "nested"), R("got", true));
  EXPECT_EQ(decided(*AST, "cast"), R("got", true));
}

} // namespace
