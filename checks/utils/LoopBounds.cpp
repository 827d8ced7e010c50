//===-- LoopBounds.cpp - how often does a loop run? -----------------------===//

#include "LoopBounds.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <algorithm>
#include <functional>

namespace clang::tidy::conclint::utils {

namespace {

const VarDecl *varOf(const Expr *E) {
  if (!E)
    return nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

/// The number of elements of a type known at compile time: built-in arrays

/// A braced list used as a range ({1, 2, 3}).
const InitListExpr *bracedList(const Expr *E) {
  while (E) {
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *IL = dyn_cast<InitListExpr>(E))
      return IL;
    if (const auto *SIL = dyn_cast<CXXStdInitializerListExpr>(E)) {
      E = SIL->getSubExpr();
      continue;
    }
    if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = MT->getSubExpr();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

std::optional<uint64_t> forStmtTripCount(const ForStmt *F,
                                         const ASTContext &Ctx) {
  // Loop variable and start value.
  const VarDecl *Var = nullptr;
  std::optional<int64_t> Start;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(F->getInit())) {
    if (!DS->isSingleDecl())
      return std::nullopt;
    Var = dyn_cast<VarDecl>(DS->getSingleDecl());
    if (Var)
      Start = evalConstantInt(Var->getInit(), Ctx);
  } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(F->getInit())) {
    if (BO->getOpcode() == BO_Assign) {
      Var = varOf(BO->getLHS());
      Start = evalConstantInt(BO->getRHS(), Ctx);
    }
  }
  if (!Var || !Start || !Var->getType()->isIntegerType())
    return std::nullopt;

  // Condition: Var op Bound, or Bound op Var.
  const auto *Cond =
      dyn_cast_or_null<BinaryOperator>(F->getCond() ? F->getCond()->IgnoreParenImpCasts() : nullptr);
  if (!Cond)
    return std::nullopt;
  BinaryOperatorKind Op = Cond->getOpcode();
  std::optional<int64_t> Bound;
  if (varOf(Cond->getLHS()) == Var) {
    Bound = constantIntValue(Cond->getRHS(), Ctx);
  } else if (varOf(Cond->getRHS()) == Var) {
    Bound = constantIntValue(Cond->getLHS(), Ctx);
    switch (Op) { // Bound op Var  ==  Var op' Bound
    case BO_LT: Op = BO_GT; break;
    case BO_GT: Op = BO_LT; break;
    case BO_LE: Op = BO_GE; break;
    case BO_GE: Op = BO_LE; break;
    default: break;
    }
  }
  if (!Bound)
    return std::nullopt;

  // Step.
  std::optional<int64_t> Step;
  const Expr *Inc = F->getInc() ? F->getInc()->IgnoreParenImpCasts() : nullptr;
  if (const auto *UO = dyn_cast_or_null<UnaryOperator>(Inc)) {
    if (varOf(UO->getSubExpr()) == Var)
      Step = UO->isIncrementOp() ? 1 : UO->isDecrementOp() ? -1 : 0;
  } else if (const auto *CA = dyn_cast_or_null<CompoundAssignOperator>(Inc)) {
    if (varOf(CA->getLHS()) == Var)
      if (auto C = evalConstantInt(CA->getRHS(), Ctx)) {
        if (CA->getOpcode() == BO_AddAssign)
          Step = *C;
        else if (CA->getOpcode() == BO_SubAssign)
          Step = -*C;
      }
  } else if (const auto *OC = dyn_cast_or_null<CXXOperatorCallExpr>(Inc)) {
    // Overloaded ++ on an enum or integer-like wrapper: give up.
    (void)OC;
  }
  if (!Step || *Step == 0)
    return std::nullopt;

  // Count the iterations in 128-bit arithmetic to stay clear of overflow.
  __int128 A = *Start, B = *Bound, S = *Step;
  __int128 Count = 0;
  switch (Op) {
  case BO_LT:
  case BO_LE: {
    if (S < 0)
      return std::nullopt; // runs until overflow: treat as unknown
    __int128 End = Op == BO_LE ? B + 1 : B;
    Count = End > A ? (End - A + S - 1) / S : 0;
    break;
  }
  case BO_GT:
  case BO_GE: {
    if (S > 0)
      return std::nullopt;
    __int128 End = Op == BO_GE ? B - 1 : B;
    Count = A > End ? (A - End + (-S) - 1) / (-S) : 0;
    break;
  }
  case BO_NE: {
    __int128 D = B - A;
    if (D % S != 0 || D / S < 0)
      return std::nullopt;
    Count = D / S;
    break;
  }
  default:
    return std::nullopt;
  }
  if (Count > static_cast<__int128>(UINT64_MAX / 2))
    return std::nullopt;
  return static_cast<uint64_t>(Count);
}

llvm::StringRef identName(const NamedDecl *D) {
  return D && D->getIdentifier() ? D->getName() : llvm::StringRef();
}

bool isSizeOrEnd(llvm::StringRef Name) {
  return Name == "size" || Name == "ssize" || Name == "length" ||
         Name == "end" || Name == "cend";
}

/// A call on a standard atomic (std::atomic, atomic_ref, atomic_flag and
/// their implementation bases).
bool isAtomicCall(const Stmt *S) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
  if (!MC)
    return false;
  const CXXMethodDecl *MD = MC->getMethodDecl();
  return MD && MD->getParent()->isInStdNamespace() &&
         MD->getParent()->getName().contains("atomic");
}

/// Whether \p T is std::coroutine_handle<...>.
bool isCoroutineHandle(QualType T) {
  const auto *RD = T.isNull() ? nullptr
                              : T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->isInStdNamespace() && RD->getIdentifier() &&
         RD->getName() == "coroutine_handle";
}

/// A call that resumes a coroutine (`h.resume()`, `h()`) or hands a
/// coroutine handle on (`ready.push_back(w->h)`, `post(h)`).
bool schedulesCoroutine(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
    if (isCoroutineHandle(MC->getImplicitObjectArgument()->getType()))
      if (const CXXMethodDecl *MD = MC->getMethodDecl();
          MD && MD->getIdentifier() && MD->getName() == "resume")
        return true;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
      OC && OC->getOperator() == OO_Call && OC->getNumArgs() > 0 &&
      isCoroutineHandle(OC->getArg(0)->getType()))
    return true;
  if (const auto *C = dyn_cast<CallExpr>(S))
    for (const Expr *A : C->arguments())
      if (isCoroutineHandle(A->getType()))
        return true;
  return llvm::any_of(S->children(),
                      [](const Stmt *C) { return schedulesCoroutine(C); });
}

bool holdsAtomicCall(const Stmt *S) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isAtomicCall(S))
    return true;
  for (const Stmt *C : S->children())
    if (holdsAtomicCall(C))
      return true;
  return false;
}
} // namespace

std::optional<int64_t> evalConstantInt(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  Expr::EvalResult R;
  if (!E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  const llvm::APSInt &V = R.Val.getInt();
  if (V.getSignificantBits() > 63)
    return std::nullopt;
  return V.getExtValue();
}


/// and std::array.
std::optional<uint64_t> constantSizeOfType(QualType T, const ASTContext &Ctx) {
  T = T.getNonReferenceType().getCanonicalType();
  if (const auto *CAT = Ctx.getAsConstantArrayType(T))
    return CAT->getSize().getZExtValue();
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          T->getAsCXXRecordDecl()))
    if (Spec->getName() == "array" && Spec->isInStdNamespace() &&
        Spec->getTemplateArgs().size() == 2 &&
        Spec->getTemplateArgs()[1].getKind() == TemplateArgument::Integral)
      return Spec->getTemplateArgs()[1].getAsIntegral().getZExtValue();
  return std::nullopt;
}


bool isLoopStmt(const Stmt *S) {
  return S && (isa<ForStmt>(S) || isa<CXXForRangeStmt>(S) ||
               isa<WhileStmt>(S) || isa<DoStmt>(S));
}

std::optional<uint64_t> loopConstantTripCount(const Stmt *Loop,
                                                     ASTContext &Ctx) {
  if (const auto *F = dyn_cast<ForStmt>(Loop))
    return forStmtTripCount(F, Ctx);
  if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop)) {
    const Expr *Init = R->getRangeInit();
    if (!Init)
      return std::nullopt;
    if (const InitListExpr *IL = bracedList(Init))
      return IL->getNumInits();
    return constantSizeOfType(Init->getType(), Ctx);
  }
  if (const auto *D = dyn_cast<DoStmt>(Loop)) {
    if (auto C = evalConstantInt(D->getCond(), Ctx); C && *C == 0)
      return 1;
    return std::nullopt;
  }
  if (const auto *W = dyn_cast<WhileStmt>(Loop)) {
    if (auto C = evalConstantInt(W->getCond(), Ctx); C && *C == 0)
      return 0;
    return std::nullopt;
  }
  return std::nullopt;
}

/// Loops directly nested in \p S (not inside lambdas, not inside the nested
/// loops themselves).
void collectInnerLoops(const Stmt *S, llvm::SmallVectorImpl<const Stmt *> &Out) {
  for (const Stmt *Child : S->children()) {
    if (!Child || isa<LambdaExpr>(Child))
      continue;
    if (isLoopStmt(Child)) {
      Out.push_back(Child);
      continue;
    }
    collectInnerLoops(Child, Out);
  }
}

const Stmt *loopBody(const Stmt *Loop) {
  if (const auto *F = dyn_cast<ForStmt>(Loop))
    return F->getBody();
  if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop))
    return R->getBody();
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    return W->getBody();
  if (const auto *D = dyn_cast<DoStmt>(Loop))
    return D->getBody();
  return nullptr;
}

namespace {
/// The container whose size or end bounds a loop: X in `X.size()`,
/// `X.end()`, `std::size(X)`, `std::end(X)`; null otherwise.
const Expr *containerOfBound(const Expr *E) {
  while (E) {
    E = E->IgnoreImplicit()->IgnoreParens();
    // iterator -> const_iterator conversions
    if (const auto *Cons = dyn_cast<CXXConstructExpr>(E)) {
      if (Cons->getNumArgs() != 1)
        return nullptr;
      E = Cons->getArg(0);
      continue;
    }
    break;
  }
  if (!E)
    return nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return isSizeOrEnd(identName(MC->getMethodDecl()))
               ? MC->getImplicitObjectArgument()
               : nullptr;
  if (const auto *C = dyn_cast<CallExpr>(E))
    if (const auto *FD = C->getDirectCallee())
      if (FD->isInStdNamespace() && C->getNumArgs() == 1 &&
          isSizeOrEnd(identName(FD)))
        return C->getArg(0);
  return nullptr;
}

} // namespace

/// The variable or member an object expression names (`q`, `this->q_`).
const ValueDecl *objectDecl(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl();
  return nullptr;
}

/// Whether \p S removes an element from the container named \p D
/// (pop_front, pop_back, pop, erase).
bool removesFrom(const Stmt *S, const ValueDecl *D) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    llvm::StringRef N = identName(MC->getMethodDecl());
    if ((N == "pop_front" || N == "pop_back" || N == "pop" || N == "erase") &&
        objectDecl(MC->getImplicitObjectArgument()) == D)
      return true;
  }
  for (const Stmt *C : S->children())
    if (removesFrom(C, D))
      return true;
  return false;
}

namespace {

/// The operands of a comparison (built-in, overloaded or rewritten).
llvm::SmallVector<const Expr *, 2> comparisonOperands(const Expr *Cond) {
  llvm::SmallVector<const Expr *, 2> Out;
  if (!Cond)
    return Out;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond)) {
    if (BO->isComparisonOp())
      Out = {BO->getLHS(), BO->getRHS()};
  } else if (const auto *RW = dyn_cast<CXXRewrittenBinaryOperator>(Cond)) {
    Out = {RW->getLHS(), RW->getRHS()};
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Cond)) {
    if (OC->isComparisonOp() && OC->getNumArgs() == 2)
      Out = {OC->getArg(0), OC->getArg(1)};
  }
  return Out;
}

const Expr *drainedContainer(const Expr *Cond) {
  if (!Cond)
    return nullptr;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(Cond)) {
    if (UO->getOpcode() != UO_LNot)
      return nullptr;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(
            UO->getSubExpr()->IgnoreParenImpCasts()))
      if (identName(MC->getMethodDecl()) == "empty")
        return MC->getImplicitObjectArgument();
    return nullptr;
  }
  for (const Expr *Op : comparisonOperands(Cond))
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Op->IgnoreParenImpCasts()))
      if (identName(MC->getMethodDecl()) == "size")
        return MC->getImplicitObjectArgument();
  return nullptr;
}
} // namespace

const Expr *boundingContainer(const ForStmt *F) {
  if (!F->getInc())
    return nullptr;
  for (const Expr *Op : comparisonOperands(F->getCond()))
    if (const Expr *Container = containerOfBound(Op))
      return Container;
  return nullptr;
}

const Expr *drainedContainerOf(const WhileStmt *W) {
  const Expr *Container = drainedContainer(W->getCond());
  const ValueDecl *D = objectDecl(Container);
  if (!D || !removesFrom(W->getBody(), D))
    return nullptr;
  return Container;
}

bool isStringType(QualType T) {
  if (T.isNull())
    return false;
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || !Spec->getIdentifier())
    return false;
  llvm::StringRef N = Spec->getName();
  return N == "basic_string" || N == "basic_string_view";
}

namespace {
/// The counter `n` of a countdown condition `n--`, `n-- > 0`, `n-- != 0`.
const VarDecl *countdownVariable(const Expr *Cond) {
  if (!Cond)
    return nullptr;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond)) {
    const auto *Zero =
        dyn_cast<IntegerLiteral>(BO->getRHS()->IgnoreParenImpCasts());
    if (!Zero || Zero->getValue() != 0 ||
        (BO->getOpcode() != BO_GT && BO->getOpcode() != BO_NE))
      return nullptr;
    Cond = BO->getLHS()->IgnoreParenImpCasts();
  }
  const auto *UO = dyn_cast<UnaryOperator>(Cond);
  if (!UO || !UO->isDecrementOp())
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParens());
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V || isa<ParmVarDecl>(V) || !V->hasLocalStorage() ||
      !V->getType()->isIntegerType())
    return nullptr;
  return V;
}

/// Whether every write of the local \p V in \p S is the decrement of a
/// loop's countdown condition (reads are free).
bool onlyCountedDown(const Stmt *S, const VarDecl *V,
                     const Stmt *Parent = nullptr) {
  if (!S)
    return true;
  if (const auto *UO = dyn_cast<UnaryOperator>(S))
    if (const auto *DRE =
            dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenImpCasts());
        DRE && DRE->getDecl() == V) {
      if (UO->isDecrementOp() || UO->isIncrementOp() ||
          UO->getOpcode() == UO_AddrOf) {
        // Only as the condition of a loop.
        const Expr *Cond = nullptr;
        if (const auto *W = dyn_cast_or_null<WhileStmt>(Parent))
          Cond = W->getCond();
        else if (const auto *D = dyn_cast_or_null<DoStmt>(Parent))
          Cond = D->getCond();
        else if (const auto *B = dyn_cast_or_null<BinaryOperator>(Parent))
          Cond = B; // `n-- > 0`: checked at the loop
        return Cond && countdownVariable(Cond) == V;
      }
    }
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    if (BO->isAssignmentOp())
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts());
          DRE && DRE->getDecl() == V)
        return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S);
      DRE && DRE->getDecl() == V && Parent &&
      (isa<CallExpr>(Parent) || isa<LambdaExpr>(Parent)) &&
      !DRE->getType().isConstQualified())
    return false; // may be bound to a reference and changed
  for (const Stmt *C : S->children())
    if (!onlyCountedDown(C, V, isa<ParenExpr>(S) || isa<ImplicitCastExpr>(S)
                                   ? Parent
                                   : S))
      return false;
  return true;
}
} // namespace

namespace {
void conjuncts(const Expr *E, llvm::SmallVectorImpl<const Expr *> &Out);

/// A pointer to characters, or an iterator class whose value_type is a
/// character type (plain char, wchar_t, char8/16/32_t; not signed or
/// unsigned char, which are bytes).
bool isCharacter(QualType T) {
  // Not Type::isCharType(), which counts signed and unsigned char too.
  const auto *BT = dyn_cast<BuiltinType>(T.getCanonicalType());
  if (!BT)
    return false;
  switch (BT->getKind()) {
  case BuiltinType::Char_S:
  case BuiltinType::Char_U:
  case BuiltinType::WChar_S:
  case BuiltinType::WChar_U:
  case BuiltinType::Char8:
  case BuiltinType::Char16:
  case BuiltinType::Char32:
    return true;
  default:
    return false;
  }
}

bool isCharacterIterator(QualType T) {
  T = T.getNonReferenceType();
  if (T.isNull() || T->isDependentType())
    return false;
  if (const auto *PT = T->getAs<PointerType>())
    return isCharacter(PT->getPointeeType());
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return false;
  for (const NamedDecl *ND :
       RD->lookup(&RD->getASTContext().Idents.get("value_type")))
    if (const auto *TD = dyn_cast<TypedefNameDecl>(ND))
      return isCharacter(TD->getUnderlyingType());
  return false;
}

/// The variable a write in \p S changes (`++v`, `v--`, `v = e`, `v += e`,
/// built-in or overloaded) and, for a step by one, its direction (+1 / -1;
/// 0 for any other write). Null when \p S writes no variable directly.
std::pair<const VarDecl *, int> writeAt(const Stmt *S) {
  if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->isIncrementDecrementOp())
      return {varOf(UO->getSubExpr()), UO->isIncrementOp() ? 1 : -1};
    return {nullptr, 0};
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp())
      return {varOf(BO->getLHS()), 0};
    return {nullptr, 0};
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
      Op && Op->getNumArgs() >= 1) {
    OverloadedOperatorKind K = Op->getOperator();
    if (K == OO_PlusPlus || K == OO_MinusMinus)
      return {varOf(Op->getArg(0)), K == OO_PlusPlus ? 1 : -1};
    if (Op->isAssignmentOp())
      return {varOf(Op->getArg(0)), 0};
  }
  return {nullptr, 0};
}

/// Every variable written in \p S (outside lambdas), with its steps; a
/// variable passed to a non-const reference parameter counts as written
/// (step 0).
void collectVarWrites(const Stmt *S,
                      llvm::SmallVectorImpl<std::pair<const VarDecl *, int>> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (auto W = writeAt(S); W.first)
    Out.push_back(W);
  if (const auto *Call = dyn_cast<CallExpr>(S);
      Call && !isa<CXXOperatorCallExpr>(S))
    if (const FunctionDecl *FD = Call->getDirectCallee())
      for (unsigned I = 0; I < Call->getNumArgs() && I < FD->getNumParams();
           ++I) {
        QualType P = FD->getParamDecl(I)->getType();
        if (P->isReferenceType() &&
            !P.getNonReferenceType().isConstQualified())
          if (const VarDecl *V = varOf(Call->getArg(I)))
            Out.push_back({V, 0});
      }
  for (const Stmt *C : S->children())
    collectVarWrites(C, Out);
}

bool mentionsVarIn(const Stmt *S,
                   llvm::ArrayRef<std::pair<const VarDecl *, int>> Writes) {
  if (!S)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    for (const auto &W : Writes)
      if (DRE->getDecl() == W.first)
        return true;
  for (const Stmt *C : S->children())
    if (mentionsVarIn(C, Writes))
      return true;
  return false;
}
} // namespace

const Expr *scannedCharRange(const Stmt *Loop) {
  const Expr *Cond = nullptr;
  const Stmt *Inc = nullptr;
  if (const auto *F = dyn_cast<ForStmt>(Loop)) {
    Cond = F->getCond();
    Inc = F->getInc();
  } else if (const auto *W = dyn_cast<WhileStmt>(Loop)) {
    if (W->getConditionVariable())
      return nullptr;
    Cond = W->getCond();
  }
  if (!Cond)
    return nullptr;
  llvm::SmallVector<std::pair<const VarDecl *, int>, 8> Writes;
  collectVarWrites(Cond, Writes);
  collectVarWrites(loopBody(Loop), Writes);
  collectVarWrites(Inc, Writes);
  llvm::SmallVector<const Expr *, 3> Parts;
  conjuncts(Cond, Parts);
  for (const Expr *P : Parts) {
    const Expr *L = nullptr, *R = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(P);
        BO && (BO->isRelationalOp() || BO->getOpcode() == BO_NE)) {
      L = BO->getLHS();
      R = BO->getRHS();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(P);
               Op && Op->getNumArgs() == 2 &&
               (Op->getOperator() == OO_ExclaimEqual ||
                Op->getOperator() == OO_Less ||
                Op->getOperator() == OO_LessEqual ||
                Op->getOperator() == OO_Greater ||
                Op->getOperator() == OO_GreaterEqual)) {
      L = Op->getArg(0);
      R = Op->getArg(1);
    }
    if (!L || !R)
      continue;
    for (auto [Cur, End] : {std::pair(L, R), std::pair(R, L)}) {
      const VarDecl *V = varOf(Cur);
      if (!V || !isCharacterIterator(V->getType()) ||
          !isCharacterIterator(End->getType()))
        continue;
      // Every write of the cursor is a step by one, all the same way; the
      // end is not written in the loop.
      int Dir = 0;
      bool Ok = true;
      for (const auto &W : Writes)
        if (W.first == V) {
          if (W.second == 0 || (Dir && W.second != Dir))
            Ok = false;
          Dir = W.second;
        }
      if (!Ok || !Dir || mentionsVarIn(End, Writes))
        continue;
      return End;
    }
  }
  return nullptr;
}

const Expr *scannedString(const Stmt *Loop) {
  if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop)) {
    const Expr *Range = R->getRangeInit();
    return Range && isStringType(Range->getType()) ? Range : nullptr;
  }
  if (const auto *F = dyn_cast<ForStmt>(Loop)) {
    const Expr *C = boundingContainer(F);
    return C && isStringType(C->getType()) ? C : nullptr;
  }
  const Expr *Cond = nullptr;
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    Cond = W->getCond();
  else if (const auto *D = dyn_cast<DoStmt>(Loop))
    Cond = D->getCond();
  const VarDecl *N = countdownVariable(Cond);
  if (!N || !N->getInit())
    return nullptr;
  const auto *Size =
      dyn_cast<CXXMemberCallExpr>(N->getInit()->IgnoreParenImpCasts());
  const auto *MD = Size ? Size->getMethodDecl() : nullptr;
  if (!MD || !MD->getIdentifier() ||
      (MD->getName() != "size" && MD->getName() != "length"))
    return nullptr;
  const Expr *Str = Size->getImplicitObjectArgument();
  if (!Str || !isStringType(Str->getType()))
    return nullptr;
  const auto *FD = dyn_cast<FunctionDecl>(N->getDeclContext());
  if (!FD || !FD->getBody() || !onlyCountedDown(FD->getBody(), N))
    return nullptr;
  return Str;
}

/// The element type of a container expression: an array's element type or
/// the class's value_type; null when unknown.
QualType elementTypeOf(const Expr *Container, ASTContext &Ctx) {
  QualType T = Container->getType().getNonReferenceType().getCanonicalType();
  if (T->isDependentType())
    return {};
  if (const ArrayType *AT = Ctx.getAsArrayType(T))
    return AT->getElementType();
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return {};
  for (const NamedDecl *ND : RD->lookup(&Ctx.Idents.get("value_type")))
    if (const auto *TD = dyn_cast<TypedefNameDecl>(ND))
      return TD->getUnderlyingType();
  return {};
}

/// Elements that are data (bytes, numbers, enumerators), which come in
/// large quantities, as opposed to objects (class types, pointers), which a
/// program keeps for bookkeeping. Unknown or dependent types count as data.
bool isDataElement(QualType T) {
  if (T.isNull())
    return true;
  T = T.getNonReferenceType().getCanonicalType();
  if (T->isDependentType())
    return true;
  return T->isArithmeticType() || T->isEnumeralType();
}

std::optional<uint64_t> loopNestTripCount(const Stmt *Loop,
                                                 ASTContext &Ctx) {
  std::optional<uint64_t> Own = loopConstantTripCount(Loop, Ctx);
  if (!Own)
    return std::nullopt;
  llvm::SmallVector<const Stmt *, 4> Inner;
  if (const Stmt *Body = loopBody(Loop)) {
    if (isLoopStmt(Body))
      Inner.push_back(Body);
    else
      collectInnerLoops(Body, Inner);
  }
  uint64_t Max = 1;
  for (const Stmt *L : Inner) {
    std::optional<uint64_t> N = loopNestTripCount(L, Ctx);
    if (!N)
      return std::nullopt;
    Max = std::max(Max, *N);
  }
  if (*Own != 0 && Max > UINT64_MAX / 4 / *Own)
    return UINT64_MAX / 4;
  return *Own * Max;
}

/// A compare-and-swap retry loop (`do { ... } while
/// (!a.compare_exchange_weak(...))`) or a spin-wait on an atomic (`while
/// (!ready.load())`): its condition reads an atomic that another thread
/// changes. Such a loop runs O(1) times amortised, or waits; it is not a
/// data-dependent computation.
bool isAtomicRetryOrSpin(const Stmt *Loop) {
  const Expr *Cond = nullptr;
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    Cond = W->getCond();
  else if (const auto *D = dyn_cast<DoStmt>(Loop))
    Cond = D->getCond();
  else if (const auto *F = dyn_cast<ForStmt>(Loop))
    Cond = F->getCond();
  return holdsAtomicCall(Cond);
}

/// A loop that walks waiting coroutines to resume or re-queue them: its
/// body resumes a std::coroutine_handle or hands one on. That is
/// scheduling: the resumed coroutines' work is charged where it is written.
bool isCoroutineSchedulingLoop(const Stmt *Loop) {
  return schedulesCoroutine(loopBody(Loop));
}

/// Does \p E mention std::thread::hardware_concurrency(), directly or through
/// the initialiser of a variable it names (a few levels deep)?
bool mentionsHardwareConcurrency(const Stmt *S, unsigned Depth) {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = Call->getDirectCallee())
      if (FD->getIdentifier() && FD->getName() == "hardware_concurrency")
        return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (Depth > 0 && VD->getInit() &&
          mentionsHardwareConcurrency(VD->getInit(), Depth - 1))
        return true;
  for (const Stmt *C : S->children())
    if (mentionsHardwareConcurrency(C, Depth))
      return true;
  return false;
}

/// The part of a loop that decides how often it runs.
const Stmt *loopTripControl(const Stmt *Loop) {
  if (const auto *F = dyn_cast<ForStmt>(Loop))
    return F->getCond();
  if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop))
    return R->getRangeInit();
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    return W->getCond();
  if (const auto *D = dyn_cast<DoStmt>(Loop))
    return D->getCond();
  return nullptr;
}

/// The value of \p E when it is a constant: an integer constant expression,
/// or the size() of a std::array (a constant of its type, whatever the
/// object).
std::optional<int64_t> constantIntValue(const Expr *E, const ASTContext &Ctx) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (E->isValueDependent() || !E->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  Expr::EvalResult R;
  if (E->EvaluateAsInt(R, Ctx) && R.Val.getInt().getSignificantBits() <= 63)
    return R.Val.getInt().getExtValue();
  // std::size(a) / std::ssize(a) of a built-in array or std::array.
  if (const auto *C = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *FD = C->getDirectCallee())
      if (FD->isInStdNamespace() && FD->getIdentifier() &&
          (FD->getName() == "size" || FD->getName() == "ssize") &&
          C->getNumArgs() == 1)
        if (auto N = constantSizeOfType(C->getArg(0)->getType(), Ctx))
          return static_cast<int64_t>(*N);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = MC->getMethodDecl())
      if (M->getIdentifier() && M->getName() == "size" && MC->getNumArgs() == 0)
        if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(
                M->getParent()))
          if (Spec->isInStdNamespace() && Spec->getName() == "array" &&
              Spec->getTemplateArgs().size() == 2 &&
              Spec->getTemplateArgs()[1].getKind() ==
                  TemplateArgument::Integral)
            return Spec->getTemplateArgs()[1].getAsIntegral().getExtValue();
  return std::nullopt;
}

/// A constant that \p E never exceeds: a constant, or std::min of
/// arguments one of which has such a bound.
std::optional<int64_t> constantUpperBound(const Expr *E,
                                          const ASTContext &Ctx) {
  if (auto C = constantIntValue(E, Ctx))
    return C;
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || !FD->isInStdNamespace() || !FD->getIdentifier() ||
      FD->getName() != "min")
    return std::nullopt;
  std::optional<int64_t> Best;
  for (const Expr *A : Call->arguments())
    if (auto B = constantUpperBound(A, Ctx))
      Best = Best ? std::min(*Best, *B) : *B;
  return Best;
}

namespace {
const VarDecl *inductionVar(const Expr *E) {
  if (const auto *D = dyn_cast_or_null<DeclRefExpr>(
          E ? E->IgnoreParenImpCasts() : nullptr))
    return dyn_cast<VarDecl>(D->getDecl());
  return nullptr;
}

/// The comparison \p Cmp as `V Op Other`: its operands swapped and the
/// operator reversed when the induction variable \p V is on the right; a null
/// Other when \p V is on neither side.
std::pair<BinaryOperatorKind, const Expr *>
comparisonWith(const BinaryOperator *Cmp, const VarDecl *V) {
  if (inductionVar(Cmp->getLHS()) == V)
    return {Cmp->getOpcode(), Cmp->getRHS()};
  if (inductionVar(Cmp->getRHS()) == V)
    return {BinaryOperator::reverseComparisonOp(Cmp->getOpcode()),
            Cmp->getLHS()};
  return {Cmp->getOpcode(), nullptr};
}

/// +1 / -1 when \p Inc (or one operand of a comma in it) steps \p V up or
/// down by one, +2 for a larger constant step up; 0 otherwise.
int stepOf(const Expr *Inc, const VarDecl *V, const ASTContext &Ctx) {
  if (!Inc)
    return 0;
  Inc = Inc->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(Inc)) {
    if (BO->getOpcode() == BO_Comma) {
      if (int S = stepOf(BO->getLHS(), V, Ctx))
        return S;
      return stepOf(BO->getRHS(), V, Ctx);
    }
    if (const auto *CA = dyn_cast<CompoundAssignOperator>(BO))
      if (inductionVar(CA->getLHS()) == V)
        if (auto C = constantIntValue(CA->getRHS(), Ctx); C && *C > 0)
          return CA->getOpcode() == BO_AddAssign   ? (*C == 1 ? 1 : 2)
                 : CA->getOpcode() == BO_SubAssign && *C == 1 ? -1
                                                              : 0;
    return 0;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(Inc))
    if (inductionVar(UO->getSubExpr()) == V)
      return UO->isIncrementOp() ? 1 : UO->isDecrementOp() ? -1 : 0;
  return 0;
}

void conjuncts(const Expr *E, llvm::SmallVectorImpl<const Expr *> &Out) {
  E = E->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && BO->getOpcode() == BO_LAnd) {
    conjuncts(BO->getLHS(), Out);
    conjuncts(BO->getRHS(), Out);
    return;
  }
  Out.push_back(E);
}
} // namespace

/// A constant bound on the trip count of a counted for loop whose exact
/// count is unknown: one conjunct of its condition compares the induction
/// variable, stepped by one towards it, with a constant upper bound
/// (`i < std::min(n, 4)`, `i < v.size() && i < 8`, `i <= 4`), from a
/// constant start (or any start, for an unsigned variable counting up).
std::optional<uint64_t> loopTripCountBound(const Stmt *Loop,
                                         const ASTContext &Ctx) {
  const auto *F = dyn_cast<ForStmt>(Loop);
  if (!F || !F->getCond())
    return std::nullopt;
  const VarDecl *V = nullptr;
  const Expr *Start = nullptr;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(F->getInit())) {
    if (DS->isSingleDecl())
      if ((V = dyn_cast<VarDecl>(DS->getSingleDecl())))
        Start = V->getInit();
  } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(F->getInit())) {
    if (BO->getOpcode() == BO_Assign) {
      V = inductionVar(BO->getLHS());
      Start = BO->getRHS();
    }
  }
  if (!V || !V->getType()->isIntegerType())
    return std::nullopt;
  int Step = stepOf(F->getInc(), V, Ctx);
  if (Step == 0)
    return std::nullopt;
  std::optional<int64_t> StartValue = constantIntValue(Start, Ctx);
  llvm::SmallVector<const Expr *, 3> Parts;
  conjuncts(F->getCond(), Parts);
  std::optional<int64_t> Best;
  for (const Expr *P : Parts) {
    const auto *Cmp = dyn_cast<BinaryOperator>(P);
    if (!Cmp || !Cmp->isComparisonOp())
      continue;
    auto [Op, Other] = comparisonWith(Cmp, V);
    if (!Other)
      continue;
    std::optional<int64_t> N;
    if (Step > 0 && (Op == BO_LT || Op == BO_LE || (Op == BO_NE && Step == 1))) {
      std::optional<int64_t> From = StartValue;
      if (!From && V->getType()->isUnsignedIntegerType())
        From = 0;
      if (auto B = constantUpperBound(Other, Ctx); B && From)
        N = *B - *From + (Op == BO_LE ? 1 : 0);
    } else if (Step < 0 && (Op == BO_GT || Op == BO_GE || Op == BO_NE)) {
      std::optional<int64_t> From = constantUpperBound(Start, Ctx);
      if (auto B = constantIntValue(Other, Ctx); B && From)
        N = *From - *B + (Op == BO_GE ? 1 : 0);
    }
    if (N)
      Best = Best ? std::min(*Best, *N) : *N;
  }
  if (!Best)
    return std::nullopt;
  return uint64_t(std::max<int64_t>(*Best, 0));
}

/// Whether \p Control reads nothing but constants whose value this TU does
/// not show (`extern const int kWorkers;`, a static const member defined
/// elsewhere) besides literals and the loop's own variables: the trip count
/// is unknown, neither shown constant nor shown to come from data.
bool loopBoundIsOpaqueConstant(const Stmt *Loop) {
  const Stmt *Control = loopTripControl(Loop);
  if (!Control)
    return false;
  llvm::SmallPtrSet<const VarDecl *, 4> Own;
  if (const auto *F = dyn_cast<ForStmt>(Loop))
    if (const auto *DS = dyn_cast_or_null<DeclStmt>(F->getInit()))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          Own.insert(VD);
  bool SawOpaque = false;
  std::function<bool(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S)
      return true;
    if (const auto *D = dyn_cast<DeclRefExpr>(S)) {
      const auto *VD = dyn_cast<VarDecl>(D->getDecl());
      if (!VD)
        return false;
      if (Own.contains(VD))
        return true;
      const VarDecl *Init = nullptr;
      if (VD->hasGlobalStorage() && VD->getType().isConstQualified() &&
          !VD->getAnyInitializer(Init)) {
        SawOpaque = true;
        return true;
      }
      return false;
    }
    if (isa<CallExpr, MemberExpr, CXXThisExpr>(S))
      return false;
    for (const Stmt *C : S->children())
      if (!Walk(C))
        return false;
    return true;
  };
  return Walk(Control) && SawOpaque;
}

const VarDecl *loopInductionVariable(const Stmt *Loop) {
  const auto *F = dyn_cast_or_null<ForStmt>(Loop);
  if (!F)
    return nullptr;
  const VarDecl *V = nullptr;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(F->getInit())) {
    if (DS->isSingleDecl())
      V = dyn_cast<VarDecl>(DS->getSingleDecl());
  } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(F->getInit())) {
    if (BO->getOpcode() == BO_Assign)
      V = inductionVar(BO->getLHS());
  }
  return V && V->getType()->isIntegerType() ? V : nullptr;
}

void loopConditionConjuncts(const Stmt *Loop,
                            llvm::SmallVectorImpl<const Expr *> &Out) {
  const Expr *Cond = nullptr;
  if (const auto *F = dyn_cast<ForStmt>(Loop))
    Cond = F->getCond();
  else if (const auto *W = dyn_cast<WhileStmt>(Loop))
    Cond = W->getCond();
  if (Cond)
    conjuncts(Cond, Out);
}

namespace {
/// A bound built from plain scalars (see loopCountsToScalar).
bool isPlainScalarBound(const Expr *E, const ASTContext &Ctx, unsigned Depth) {
  if (!E)
    return false;
  E = E->IgnoreParenCasts();
  if (E->isTypeDependent() || E->isValueDependent())
    return false;
  if (constantIntValue(E, Ctx))
    return true;
  if (!E->getType()->isIntegralOrEnumerationType())
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    if (isa<EnumConstantDecl, ParmVarDecl>(DRE->getDecl()))
      return true;
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD)
      return false;
    if (VD->hasGlobalStorage())
      return true;
    // A local: what it was initialised with (a count read from a
    // container, `n = v.size()`, is not a plain scalar).
    return Depth > 0 && VD->getInit() &&
           isPlainScalarBound(VD->getInit(), Ctx, Depth - 1);
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return isa<FieldDecl>(ME->getMemberDecl()) ||
           (isa<VarDecl>(ME->getMemberDecl()) &&
            cast<VarDecl>(ME->getMemberDecl())->hasGlobalStorage());
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    return BO->isAdditiveOp() || BO->isMultiplicativeOp() || BO->isShiftOp()
               ? isPlainScalarBound(BO->getLHS(), Ctx, Depth) &&
                     isPlainScalarBound(BO->getRHS(), Ctx, Depth)
               : false;
  if (const auto *CO = dyn_cast<ConditionalOperator>(E))
    return isPlainScalarBound(CO->getTrueExpr(), Ctx, Depth) &&
           isPlainScalarBound(CO->getFalseExpr(), Ctx, Depth);
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD || !FD->getIdentifier())
      return false;
    if (FD->getName() == "hardware_concurrency")
      return true;
    if (!FD->isInStdNamespace())
      return false;
    if (FD->getName() == "min")
      return llvm::any_of(Call->arguments(), [&](const Expr *A) {
        return isPlainScalarBound(A, Ctx, Depth);
      });
    if (FD->getName() == "max")
      return Call->getNumArgs() > 0 &&
             llvm::all_of(Call->arguments(), [&](const Expr *A) {
               return isPlainScalarBound(A, Ctx, Depth);
             });
  }
  return false;
}
} // namespace

bool loopCountsToScalar(const Stmt *Loop, const ASTContext &Ctx) {
  const auto *F = dyn_cast_or_null<ForStmt>(Loop);
  if (!F || !F->getCond())
    return false;
  const VarDecl *V = loopInductionVariable(F);
  if (!V || stepOf(F->getInc(), V, Ctx) <= 0)
    return false;
  llvm::SmallVector<const Expr *, 3> Parts;
  conjuncts(F->getCond(), Parts);
  for (const Expr *P : Parts) {
    const auto *Cmp = dyn_cast<BinaryOperator>(P);
    if (!Cmp || !Cmp->isRelationalOp())
      continue;
    auto [Op, Other] = comparisonWith(Cmp, V);
    // A constant cap (`std::min(v.size(), 1000)`) is a bound of its own,
    // see loopTripCountBound; it says nothing about configuration.
    if (Other && (Op == BO_LT || Op == BO_LE) &&
        !constantUpperBound(Other, Ctx) &&
        isPlainScalarBound(Other, Ctx, /*Depth=*/3))
      return true;
  }
  return false;
}

bool loopIsOpenEnded(const Stmt *Loop) {
  const Expr *Cond = nullptr;
  if (const auto *F = dyn_cast<ForStmt>(Loop)) {
    if (F->getInc())
      return false;
    Cond = F->getCond();
  } else if (const auto *W = dyn_cast<WhileStmt>(Loop)) {
    Cond = W->getCond();
  } else if (const auto *D = dyn_cast<DoStmt>(Loop)) {
    Cond = D->getCond();
  } else {
    return false;
  }
  if (!Cond)
    return true;
  llvm::SmallVector<const Expr *, 3> Parts;
  conjuncts(Cond, Parts);
  for (const Expr *P : Parts) {
    const Expr *X = P->IgnoreParenCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(X);
        BO && BO->isRelationalOp())
      return false;
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(X))
      if (OC->getOperator() == OO_Less || OC->getOperator() == OO_LessEqual ||
          OC->getOperator() == OO_Greater ||
          OC->getOperator() == OO_GreaterEqual)
        return false;
    if (const auto *RW = dyn_cast<CXXRewrittenBinaryOperator>(X);
        RW && RW->getOperator() != BO_EQ && RW->getOperator() != BO_NE)
      return false;
    // A countdown (`while (n--)`, `while (--n)`) or an integer tested for
    // zero (`while (left)`) counts too.
    if (const auto *UO = dyn_cast<UnaryOperator>(X);
        UO && UO->isIncrementDecrementOp())
      return false;
    if (isa<DeclRefExpr, MemberExpr>(X) && X->getType()->isIntegerType() &&
        !X->getType()->isBooleanType())
      return false;
  }
  return true;
}

} // namespace clang::tidy::conclint::utils
