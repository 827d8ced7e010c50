//===-- GuardWitness.cpp - a guard the caller passes in, followed ---------===//

#include "utils/GuardWitness.h"
#include "utils/Lockset.h"
#include "utils/SyncTypes.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::conclint::utils {

const ParmVarDecl *relockableGuardParam(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  for (const ParmVarDecl *P : FD->parameters()) {
    QualType T = P->getType();
    if (!T->isLValueReferenceType() || T.getNonReferenceType().isConstQualified())
      continue;
    if (std::optional<GuardShape> S =
            guardShapeOf(recordBehind(T.getNonReferenceType())))
      if (S->Relockable)
        return P;
  }
  return nullptr;
}

/// A condition-variable wait: wait/wait_for/wait_until/timed_wait on a
/// class named condition_variable* (std, Boost or a project's of the same
/// name): it returns with the lock it was given held.
bool isConditionWait(const CXXMemberCallExpr *MC) {
  const CXXMethodDecl *MD = MC->getMethodDecl();
  if (!MD || !MD->getIdentifier())
    return false;
  llvm::StringRef N = MD->getName();
  if (N != "wait" && N != "wait_for" && N != "wait_until" &&
      N != "timed_wait")
    return false;
  const CXXRecordDecl *RD = MD->getParent();
  return RD && RD->getIdentifier() &&
         RD->getName().starts_with("condition_variable");
}

namespace {

bool refersTo(const Expr *E, const ValueDecl *D) {
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E ? E->IgnoreParenImpCasts()
                                                    : nullptr);
  return DRE && DRE->getDecl() == D;
}

/// The parent of \p S in \p PM, looking through parentheses and implicit
/// casts.
const Stmt *userOf(const Stmt *S, const ParentMap &PM) {
  const Stmt *P = PM.getParent(S);
  while (P && (isa<ParenExpr, ImplicitCastExpr>(P)))
    P = PM.getParent(P);
  return P;
}


/// `m.lock();` or `if (!m.owns_lock()) m.lock();` (braces allowed) on the
/// member \p F of `this`.
bool relocksMember(const Stmt *S, const FieldDecl *F) {
  auto OnF = [&](const Expr *Obj) {
    const auto *ME = dyn_cast_or_null<MemberExpr>(Obj ? Obj->IgnoreParenImpCasts()
                                                      : nullptr);
    return ME && ME->getMemberDecl() == F &&
           isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts());
  };
  auto IsCall = [&](const Stmt *X, llvm::StringRef Name) {
    const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(X);
    const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
    return MD && MD->getIdentifier() && MD->getName() == Name &&
           OnF(MC->getImplicitObjectArgument());
  };
  auto Single = [](const Stmt *X) -> const Stmt * {
    while (const auto *CS = dyn_cast_or_null<CompoundStmt>(X)) {
      if (CS->size() != 1)
        return nullptr;
      X = CS->body_front();
    }
    return X;
  };
  S = Single(S);
  if (!S)
    return false;
  if (const auto *E = dyn_cast<Expr>(S))
    return IsCall(E->IgnoreParenImpCasts(), "lock");
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    if (If->getElse() || If->getInit() || If->getConditionVariable())
      return false;
    const auto *Not = dyn_cast<UnaryOperator>(If->getCond()->IgnoreParenImpCasts());
    if (!Not || Not->getOpcode() != UO_LNot)
      return false;
    const Stmt *Then = Single(If->getThen());
    const auto *ThenE = dyn_cast_or_null<Expr>(Then);
    return IsCall(Not->getSubExpr()->IgnoreParenImpCasts(), "owns_lock") &&
           ThenE && IsCall(ThenE->IgnoreParenImpCasts(), "lock");
  }
  return false;
}

/// A local object constructed with the guard \p P whose class relocks it
/// in its destructor (see the header).
bool isRelocker(const VarDecl *V, const ParmVarDecl *P) {
  if (!V->hasLocalStorage() || !V->getInit())
    return false;
  const auto *CE = dyn_cast<CXXConstructExpr>(V->getInit()->IgnoreImplicit());
  if (!CE)
    return false;
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  if (const auto *Def =
          dyn_cast_or_null<CXXConstructorDecl>(Ctor->getDefinition()))
    Ctor = Def;
  const CXXRecordDecl *RD = Ctor->getParent();
  const CXXDestructorDecl *Dtor = RD ? RD->getDestructor() : nullptr;
  if (const auto *Def =
          Dtor ? dyn_cast_or_null<CXXDestructorDecl>(Dtor->getDefinition())
               : nullptr)
    Dtor = Def;
  if (!Dtor || !Dtor->hasBody())
    return false;
  for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams(); ++I) {
    if (!refersTo(CE->getArg(I), P))
      continue;
    const ParmVarDecl *CP = Ctor->getParamDecl(I);
    if (!CP->getType()->isLValueReferenceType())
      continue;
    // The reference member the constructor binds to that parameter.
    for (const CXXCtorInitializer *Init : Ctor->inits()) {
      const FieldDecl *F = Init->getMember();
      if (!Init->isMemberInitializer() || !F ||
          !F->getType()->isLValueReferenceType() ||
          !refersTo(Init->getInit(), CP))
        continue;
      if (relocksMember(Dtor->getBody(), F))
        return true;
    }
  }
  return false;
}

} // namespace

bool GuardWitnessTable::relocks(const CallExpr *Call, const ParmVarDecl *P,
                                unsigned Depth) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (refersTo(MC->getImplicitObjectArgument(), P))
      return MD && MD->getIdentifier() && MD->getName() == "lock";
    if (isConditionWait(MC) && MC->getNumArgs() > 0 &&
        refersTo(MC->getArg(0), P))
      return true;
  }
  // A followed callee that takes the guard as its own guard parameter and
  // holds it at its exit.
  const FunctionDecl *FD = followedCallee(Call);
  if (!FD || Depth >= MaxDepth)
    return false;
  unsigned Shift = 0;
  if (isa<CXXOperatorCallExpr>(Call))
    if (isa<CXXMethodDecl>(FD) && !cast<CXXMethodDecl>(FD)->isStatic())
      Shift = 1;
  bool Passed = false, AllHeld = true;
  for (unsigned I = Shift; I < Call->getNumArgs(); ++I) {
    if (!refersTo(Call->getArg(I), P))
      continue;
    Passed = true;
    unsigned Idx = I - Shift;
    if (Idx >= FD->getNumParams()) {
      AllHeld = false;
      continue;
    }
    const ParmVarDecl *CP = FD->getParamDecl(Idx);
    if (relockableGuardParam(FD) != CP) {
      AllHeld = false;
      continue;
    }
    const GuardWitness *W = of(FD, CP, Depth + 1);
    AllHeld &= W && W->heldAtExit();
  }
  return Passed && AllHeld;
}

void GuardWitnessTable::transfer(const GuardWitness &W, const CFGElement &E,
                                 bool &Held, unsigned Depth) {
  if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
    const VarDecl *V = D->getVarDecl();
    auto It = RelockerVars.find(V);
    if (It == RelockerVars.end())
      It = RelockerVars.try_emplace(V, isRelocker(V, W.P)).first;
    if (It->second)
      Held = true;
    return;
  }
  auto CS = E.getAs<CFGStmt>();
  if (!CS)
    return;
  const Stmt *S = CS->getStmt();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    if (DRE->getDecl() != W.P)
      return;
    // Passed to a call or a constructor, or the object of a member call:
    // decided at that call (which comes later in the block). Any other use
    // (a reference bound to it, a capture) may release it.
    const ParentMap &PM = W.G->parents();
    const Stmt *U = userOf(DRE, PM);
    if (const auto *ME = dyn_cast_or_null<MemberExpr>(U))
      if (isa_and_nonnull<CXXMemberCallExpr>(userOf(ME, PM)))
        return;
    if (isa_and_nonnull<CallExpr, CXXConstructExpr>(U))
      return;
    Held = false;
    return;
  }
  auto Receives = [&](const Expr *const *Args, unsigned N) {
    for (unsigned I = 0; I < N; ++I)
      if (refersTo(Args[I], W.P))
        return true;
    return false;
  };
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
    if (Receives(CE->getArgs(), CE->getNumArgs()))
      Held = false; // a relocker gives it back at its scope's end
    return;
  }
  const auto *Call = dyn_cast<CallExpr>(S);
  if (!Call)
    return;
  bool OnIt = false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    OnIt = refersTo(MC->getImplicitObjectArgument(), W.P);
    // A const member call on the guard (`owns_lock()`, `mutex()`, the
    // conversion to bool) leaves it as it is.
    if (OnIt)
      if (const CXXMethodDecl *MD = MC->getMethodDecl(); MD && MD->isConst())
        return;
  }
  if (!OnIt && !Receives(Call->getArgs(), Call->getNumArgs()))
    return;
  Held = relocks(Call, W.P, Depth);
}

const GuardWitness *GuardWitnessTable::of(const FunctionDecl *FD,
                                          const ParmVarDecl *P,
                                          unsigned Depth) {
  if (!FD || !P)
    return nullptr;
  // Keyed by the parameter of the definition: the one its body names.
  const FunctionDecl *Def = FD->getDefinition();
  if (!Def || !Def->hasBody() ||
      P->getFunctionScopeIndex() >= Def->getNumParams())
    return nullptr;
  const ParmVarDecl *DP = Def->getParamDecl(P->getFunctionScopeIndex());
  auto It = Done.find(DP);
  if (It != Done.end())
    return It->second.get();
  if (!InProgress.insert(DP).second)
    return nullptr;
  std::unique_ptr<GuardWitness> W;
  {
    if (const FunctionCFG *G = CFGs.get(Def, Def->getBody(), Ctx)) {
      W = std::make_unique<GuardWitness>();
      W->G = G;
      W->P = DP;
      W->Table = this;
      GuardWitness &WR = *W;
      DataflowResult<bool> R = runForwardDataflow<bool>(
          *G, true,
          [&](const CFGElement &E, bool &Held) {
            transfer(WR, E, Held, Depth);
          },
          [](bool &Into, const bool &From) {
            bool Old = Into;
            Into = Into && From;
            return Into != Old;
          });
      if (!R.Converged) {
        W.reset();
      } else {
        W->In = std::move(R.In);
        const CFGBlock &Exit = G->cfg().getExit();
        W->AtExit = W->In[Exit.getBlockID()].value_or(false);
      }
    }
  }
  InProgress.erase(DP);
  return (Done[DP] = std::move(W)).get();
}

bool GuardWitness::heldAt(const Stmt *S) const {
  std::optional<std::pair<const CFGBlock *, unsigned>> At = G->elementOf(S);
  if (!At)
    return false;
  const std::optional<bool> &Start = In[At->first->getBlockID()];
  if (!Start)
    return false;
  bool Held = *Start;
  unsigned I = 0;
  for (const CFGElement &E : *At->first) {
    if (I++ >= At->second)
      break;
    Table->transfer(*this, E, Held, 0);
  }
  return Held;
}

} // namespace clang::tidy::conclint::utils
