//===-- Dataflow.cpp - one forward dataflow engine over clang's CFG -------===//

#include "utils/Dataflow.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::conclint::utils {

FunctionCFG::~FunctionCFG() = default;

std::unique_ptr<FunctionCFG> FunctionCFG::build(const Decl *D,
                                                const Stmt *Body,
                                                ASTContext &Ctx,
                                                bool ExceptionEdges) {
  if (!D || !Body)
    return nullptr;
  CFG::BuildOptions Options;
  Options.setAllAlwaysAdd();
  Options.AddImplicitDtors = true;
  Options.AddInitializers = true;
  Options.AddTemporaryDtors = true;
  Options.AddCXXNewAllocator = false;
  Options.AddEHEdges = ExceptionEdges;
  std::unique_ptr<CFG> Graph =
      CFG::buildCFG(D, const_cast<Stmt *>(Body), &Ctx, Options);
  if (!Graph)
    return nullptr;
  std::unique_ptr<FunctionCFG> F(new FunctionCFG());
  F->D = D;
  F->Graph = std::move(Graph);
  F->PM = std::make_unique<ParentMap>(const_cast<Stmt *>(Body));
  F->PO = std::make_unique<PostOrderCFGView>(F->Graph.get());
  for (const CFGBlock *B : *F->Graph) {
    unsigned I = 0;
    for (const CFGElement &E : *B) {
      if (auto CS = E.getAs<CFGStmt>())
        F->Elements.try_emplace(CS->getStmt(), B, I);
      ++I;
    }
    // A terminator (if, loop, switch, &&, ?:) is "evaluated" after the
    // block's elements.
    if (const Stmt *T = B->getTerminatorStmt())
      F->Elements.try_emplace(T, B, I);
  }
  return F;
}

std::optional<std::pair<const CFGBlock *, unsigned>>
FunctionCFG::elementOf(const Stmt *S) const {
  for (; S; S = PM->getParent(S)) {
    auto It = Elements.find(S);
    if (It != Elements.end())
      return It->second;
  }
  return std::nullopt;
}

const CFGBlock *FunctionCFG::blockOf(const Stmt *S) const {
  if (auto E = elementOf(S))
    return E->first;
  return nullptr;
}

const Expr *peelNegations(const Expr *Cond, bool &Negated) {
  Negated = false;
  if (!Cond)
    return nullptr;
  Cond = Cond->IgnoreParenImpCasts();
  for (;;) {
    if (const auto *U = dyn_cast<UnaryOperator>(Cond);
        U && U->getOpcode() == UO_LNot) {
      Negated = !Negated;
      Cond = U->getSubExpr()->IgnoreParenImpCasts();
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
        BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
      const auto *L =
          dyn_cast<CXXBoolLiteralExpr>(BO->getLHS()->IgnoreParenImpCasts());
      const auto *R =
          dyn_cast<CXXBoolLiteralExpr>(BO->getRHS()->IgnoreParenImpCasts());
      if (bool(L) != bool(R)) {
        bool Value = L ? L->getValue() : R->getValue();
        if (Value != (BO->getOpcode() == BO_EQ))
          Negated = !Negated;
        Cond = (L ? BO->getRHS() : BO->getLHS())->IgnoreParenImpCasts();
        continue;
      }
    }
    return Cond;
  }
}

const Expr *decidingOperand(const Expr *E, bool &Negated) {
  Negated = false;
  for (;;) {
    bool N = false;
    E = peelNegations(E, N);
    if (!E)
      return nullptr;
    Negated = Negated != N;
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && BO->isLogicalOp()) {
      E = BO->getRHS();
      continue;
    }
    if (const auto *CE = dyn_cast<ExplicitCastExpr>(E);
        CE && CE->getType()->isBooleanType()) {
      E = CE->getSubExpr();
      continue;
    }
    return E;
  }
}

const FunctionCFG *CFGCache::get(const Decl *D, const Stmt *Body,
                                 ASTContext &Ctx, bool ExceptionEdges) {
  auto Key = std::make_pair(Body, ExceptionEdges ? 1 : 0);
  auto It = Map.find(Key);
  if (It != Map.end())
    return It->second.get();
  std::unique_ptr<FunctionCFG> F =
      FunctionCFG::build(D, Body, Ctx, ExceptionEdges);
  const FunctionCFG *Result = F.get();
  Map.try_emplace(Key, std::move(F));
  return Result;
}

} // namespace clang::tidy::conclint::utils
