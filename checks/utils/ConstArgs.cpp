//===-- ConstArgs.cpp - zero arguments along a call chain -----------------===//

#include "utils/ConstArgs.h"
#include "utils/BlockingCalls.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::conclint::utils {

llvm::SmallVector<const ParmVarDecl *, 4>
zeroArgs(const Expr *CallE, const FunctionDecl *Callee,
         llvm::ArrayRef<const ParmVarDecl *> Outer) {
  llvm::SmallVector<const ParmVarDecl *, 4> Zero;
  for (const ParmVarDecl *P : Outer)
    if (P->getDeclContext() != Callee)
      Zero.push_back(P);
  const auto *Call = dyn_cast_or_null<CallExpr>(CallE);
  if (!Call || !Callee)
    return Zero;
  // An operator call on an object lists the object as its first argument.
  const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
  unsigned Off =
      isa<CXXOperatorCallExpr>(Call) && MD && MD->isInstance() ? 1 : 0;
  for (unsigned I = 0; I < Callee->getNumParams(); ++I) {
    if (I + Off >= Call->getNumArgs())
      break;
    auto C = zeroCondition(Call->getArg(I + Off), Callee->getASTContext());
    if (C && zeroUnder(*C, Outer))
      Zero.push_back(Callee->getParamDecl(I));
  }
  return Zero;
}

namespace {

/// \p E is shown zero under \p Zero.
bool shownZero(const Expr *E, llvm::ArrayRef<const ParmVarDecl *> Zero,
               const ASTContext &Ctx) {
  auto C = zeroCondition(E, Ctx);
  return C && zeroUnder(*C, Zero);
}

/// \p E is an integer constant other than zero.
bool nonZeroConstant(const Expr *E, const ASTContext &Ctx) {
  if (E->isValueDependent() || !E->getType()->isIntegralOrEnumerationType())
    return false;
  Expr::EvalResult R;
  return E->EvaluateAsInt(R, Ctx) && !R.Val.getInt().isZero();
}

std::optional<bool> valueUnder(const Expr *E,
                               llvm::ArrayRef<const ParmVarDecl *> Zero,
                               const ASTContext &Ctx, unsigned Depth) {
  if (!E || Depth > 8 || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  const Expr *S = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(S);
      UO && UO->getOpcode() == UO_LNot) {
    if (auto V = valueUnder(UO->getSubExpr(), Zero, Ctx, Depth + 1))
      return !*V;
    return std::nullopt;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    BinaryOperatorKind Op = BO->getOpcode();
    if (Op == BO_LAnd || Op == BO_LOr) {
      // Either side decides the value alone (the other may still run: it
      // is part of the condition, not of a branch).
      auto L = valueUnder(BO->getLHS(), Zero, Ctx, Depth + 1);
      auto R = valueUnder(BO->getRHS(), Zero, Ctx, Depth + 1);
      bool Absorbing = Op == BO_LOr; // true || x, false && x
      if ((L && *L == Absorbing) || (R && *R == Absorbing))
        return Absorbing;
      if (L && R)
        return !Absorbing;
      return std::nullopt;
    }
    if (BO->isComparisonOp() && Op != BO_Cmp) {
      const Expr *A = BO->getLHS(), *B = BO->getRHS();
      bool ZA = shownZero(A, Zero, Ctx), ZB = shownZero(B, Zero, Ctx);
      if (ZA && ZB) // 0 op 0
        return Op == BO_EQ || Op == BO_LE || Op == BO_GE;
      if ((ZA && nonZeroConstant(B, Ctx)) || (ZB && nonZeroConstant(A, Ctx))) {
        if (Op == BO_EQ)
          return false;
        if (Op == BO_NE)
          return true;
      }
      return std::nullopt;
    }
  }
  if (shownZero(E, Zero, Ctx))
    return false;
  bool B = false;
  if (E->EvaluateAsBooleanCondition(B, Ctx))
    return B;
  return std::nullopt;
}

} // namespace

std::optional<bool> conditionUnder(const Expr *Cond,
                                   llvm::ArrayRef<const ParmVarDecl *> Zero,
                                   const ASTContext &Ctx) {
  return valueUnder(Cond, Zero, Ctx, 0);
}

} // namespace clang::tidy::conclint::utils
