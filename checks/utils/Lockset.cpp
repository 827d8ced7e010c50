//===-- Lockset.cpp - lock facts of one function --------------------------===//

#include "utils/Lockset.h"
#include "utils/SyncTypes.h"
#include "utils/Walker.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::conclint::utils {

//===----------------------------------------------------------------------===//
// LockSet
//===----------------------------------------------------------------------===//

void LockSet::acquire(const AccessPath &L, bool Shared, const Stmt *Site) {
  for (HeldLock &H : Locks)
    if (H.Lock == L) {
      H.Shared = H.Shared && Shared;
      return;
    }
  auto *It = llvm::lower_bound(
      Locks, L, [](const HeldLock &H, const AccessPath &P) { return H.Lock < P; });
  Locks.insert(It, HeldLock{L, Shared, Site});
}

void LockSet::release(const AccessPath &L) {
  llvm::erase_if(Locks, [&](const HeldLock &H) { return H.Lock == L; });
}

void LockSet::intersectWith(const LockSet &O) {
  llvm::SmallVector<HeldLock, 2> Out;
  for (const HeldLock &L : Locks)
    for (const HeldLock &R : O.Locks)
      if (L.Lock == R.Lock)
        Out.push_back(HeldLock{L.Lock, L.Shared || R.Shared, L.Site});
  Locks = std::move(Out);
  Unknown = Unknown && O.Unknown;
}

void LockSet::unionWith(const LockSet &O) {
  for (const HeldLock &R : O.Locks) {
    bool Found = false;
    for (HeldLock &L : Locks)
      if (L.Lock == R.Lock) {
        L.Shared = L.Shared && R.Shared;
        Found = true;
      }
    if (!Found)
      acquire(R.Lock, R.Shared, R.Site);
  }
  Unknown = Unknown || O.Unknown;
}

void LockSet::bindParam(const ValueDecl *P, const AccessPath &Arg) {
  llvm::SmallVector<HeldLock, 2> Old = std::move(Locks);
  Locks.clear();
  for (HeldLock &H : Old) {
    if (H.Lock.rootKind() == PathRoot::Param && H.Lock.root() == P)
      acquire(H.Lock.rebasedOn(Arg), H.Shared, H.Site);
    else
      acquire(H.Lock, H.Shared, H.Site);
  }
}

bool LockSet::forgetValueOf(const ValueDecl *V) {
  size_t Before = Locks.size();
  llvm::erase_if(Locks,
                 [&](const HeldLock &H) { return H.Lock.dependsOnValueOf(V); });
  return Locks.size() != Before;
}

bool LockSet::holds(const AccessPath &L) const {
  return llvm::any_of(Locks, [&](const HeldLock &H) { return H.Lock == L; });
}

bool LockSet::holdsExclusively(const AccessPath &L) const {
  return llvm::any_of(Locks,
                      [&](const HeldLock &H) { return H.Lock == L && !H.Shared; });
}

std::string LockSet::str() const {
  std::string S;
  for (const HeldLock &L : Locks) {
    if (!S.empty())
      S += ", ";
    S += L.Lock.str();
    if (L.Shared)
      S += " (shared)";
  }
  if (Unknown) {
    if (!S.empty())
      S += ", ";
    S += "<unknown>";
  }
  return S;
}

//===----------------------------------------------------------------------===//
// The transfer
//===----------------------------------------------------------------------===//

namespace {

using State = FunctionLockFacts::States;

/// What a guard variable owns.
struct ResolvedGuard {
  llvm::SmallVector<std::optional<AccessPath>, 2> Locks;
  GuardConstruction C;
};

bool inSystemHeader(const Decl *D) {
  const SourceManager &SM = D->getASTContext().getSourceManager();
  return SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
}

/// True if the variable \p VD is declared inside \p F (a local of F).
bool isLocalOf(const ValueDecl *VD, const FunctionDecl *F) {
  for (const DeclContext *DC = VD->getDeclContext(); DC; DC = DC->getParent())
    if (const auto *FD = dyn_cast<FunctionDecl>(DC))
      return FD->getCanonicalDecl() == F->getCanonicalDecl();
  return false;
}

/// The argument bound to parameter \p P of \p Callee at \p Call.
const Expr *argumentFor(const CallExpr *Call, const ParmVarDecl *P) {
  unsigned Idx = P->getFunctionScopeIndex();
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Call))
    if (isa_and_nonnull<CXXMethodDecl>(OC->getDirectCallee()) &&
        !cast<CXXMethodDecl>(OC->getDirectCallee())->isStatic())
      ++Idx; // argument 0 is the object
  if (Idx >= Call->getNumArgs())
    return nullptr;
  return Call->getArg(Idx);
}

/// The path of the object a member call runs on.
std::optional<AccessPath> callObjectPath(const CallExpr *Call,
                                         const AliasMap &A) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
      return objectPathOf(ME->getBase(), ME->isArrow(), &A);
    return std::nullopt;
  }
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Call))
    if (OC->getNumArgs() > 0)
      return accessPathOf(OC->getArg(0), &A);
  return std::nullopt;
}

/// Translates a lock \p P of \p Callee into the caller's names at \p Call
/// (see the header); std::nullopt when it cannot be translated.
std::optional<AccessPath> toCaller(const AccessPath &P, const CallExpr *Call,
                                   const FunctionDecl *Callee,
                                   const AliasMap &A) {
  switch (P.rootKind()) {
  case PathRoot::Global:
    return P;
  case PathRoot::Local:
    if (isLocalOf(P.root(), Callee))
      return std::nullopt;
    return P; // a variable of an enclosing function (a lambda's capture)
  case PathRoot::This: {
    const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
    if (MD && MD->getParent()->isLambda())
      return P; // `this` in a lambda is the enclosing object's
    std::optional<AccessPath> Obj = callObjectPath(Call, A);
    if (!Obj)
      return std::nullopt;
    return P.rebasedOn(*Obj);
  }
  case PathRoot::Param: {
    const auto *PVD = dyn_cast<ParmVarDecl>(P.root());
    if (!PVD)
      return std::nullopt;
    if (!isLocalOf(PVD, Callee))
      return P; // a parameter of an enclosing function
    const Expr *Arg = argumentFor(Call, PVD);
    if (!Arg)
      return std::nullopt;
    QualType T = PVD->getType();
    if (T->isReferenceType()) {
      std::optional<AccessPath> Base = accessPathOf(Arg, &A);
      if (!Base)
        return std::nullopt;
      return P.rebasedOn(*Base);
    }
    if (T->isPointerType()) {
      if (P.steps().empty() || P.steps()[0].Kind != PathStep::Deref)
        return std::nullopt;
      std::optional<AccessPath> Base = pointeePathOf(Arg, &A);
      if (!Base)
        return std::nullopt;
      for (const PathStep &St : P.steps().drop_front())
        Base->append(St);
      return Base;
    }
    return std::nullopt; // a copy: another object
  }
  }
  return std::nullopt;
}

class Transfer {
public:
  Transfer(const AliasMap &A, LockEffectsTable *Callees, LockReach *Reach)
      : Aliases(A), Callees(Callees),
        Reach(Reach ? Reach : Callees ? &Callees->reach() : nullptr) {}

  /// When set, events and order edges are recorded.
  std::vector<LockEvent> *Events = nullptr;
  std::vector<LockOrderEdge> *Edges = nullptr;

  void operator()(const CFGElement &E, State &S) {
    if (auto CS = E.getAs<CFGStmt>()) {
      applyStmt(CS->getStmt(), S);
      return;
    }
    if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
      const VarDecl *VD = D->getVarDecl();
      if (const ResolvedGuard *G = guard(VD))
        for (const auto &L : G->Locks)
          release(L, S, D->getTriggerStmt(), /*Scoped=*/true, VD,
                  !G->C.Shape.Relockable);
    }
  }

  /// The try_lock refinement along a branch: the lock a condition tries to
  /// take is held on its true edge.
  void edge(const CFGBlock &B, unsigned SuccIdx, State &S) {
    const Stmt *Cond = B.getTerminatorCondition();
    if (!Cond || B.succ_size() != 2)
      return;
    bool Negated = false;
    const Expr *E = decidingOperand(dyn_cast<Expr>(Cond), Negated);
    if (!E)
      return;
    bool TrueEdge = (SuccIdx == 0) != Negated;
    // A guard's owns_lock() (or `if (lk)`) decides whether it holds its
    // locks: held on the true edge, not held through it on the false one.
    if (const ResolvedGuard *G = ownershipTest(E)) {
      for (const auto &L : G->Locks) {
        if (TrueEdge)
          acquire(L, G->C.Shape.Shared, S, E, false, nullptr,
                  /*Record=*/false);
        else if (L) {
          S.Must.release(*L);
          S.May.release(*L);
        }
      }
      return;
    }
    // A lock call that returns an error code, tested: on the edge where it
    // failed the lock was not taken.
    bool FailsWhenTrue = false;
    if (const CallExpr *Lock = checkedLockCall(E, FailsWhenTrue))
      if (TrueEdge == FailsWhenTrue)
        if (std::optional<AccessPath> L =
                pointeePathOf(Lock->getArg(0), &Aliases)) {
          S.Must.release(*L);
          S.May.release(*L);
        }
    if (!TrueEdge)
      return;
    for (auto &[L, Shared] : triedLocks(E))
      acquire(L, Shared, S, E, false, nullptr, /*Record=*/false);
  }

private:
  /// The guard whose ownership \p E tests: `lk.owns_lock()`, or `lk`
  /// converted to bool.
  const ResolvedGuard *ownershipTest(const Expr *E) {
    const auto *MC = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
    const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
    if (!MD || MC->getNumArgs() != 0)
      return nullptr;
    const auto *Conv = dyn_cast<CXXConversionDecl>(MD);
    if (Conv ? !Conv->getConversionType()->isBooleanType()
             : !MD->getIdentifier() || MD->getName() != "owns_lock")
      return nullptr;
    const VarDecl *GV = guardVarOf(MC->getImplicitObjectArgument());
    return GV ? guard(GV) : nullptr;
  }

  const ResolvedGuard *guard(const VarDecl *VD) {
    auto It = Guards.find(VD);
    if (It != Guards.end())
      return It->second ? &*It->second : nullptr;
    std::optional<ResolvedGuard> R;
    if (VD && VD->getInit() && !VD->getType()->isReferenceType() &&
        !VD->getType()->isPointerType())
      if (auto C = guardConstruction(VD->getInit())) {
        R.emplace();
        R->C = *C;
        for (const GuardConstruction::LockArg &A : C->Locks)
          R->Locks.push_back(A.ByPointer ? pointeePathOf(A.Arg, &Aliases)
                                         : accessPathOf(A.Arg, &Aliases));
        // Built from another guard: it owns that guard's locks. An other
        // guard that is not a local guard variable names no lock.
        if (C->FromGuard)
          if (const VarDecl *Src = guardVarOf(C->FromGuard); Src && Src != VD)
            R->Locks = Guards.find(Src)->second->Locks;
      }
    It = Guards.try_emplace(VD, std::move(R)).first;
    return It->second ? &*It->second : nullptr;
  }

  /// `pthread_mutex_lock(&m)` as a condition, or compared with 0: the
  /// call, and whether the condition is true when it failed (it returns 0
  /// on success, an error number otherwise).
  static const CallExpr *checkedLockCall(const Expr *E, bool &FailsWhenTrue) {
    FailsWhenTrue = true;
    E = E->IgnoreParenImpCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
      auto IsZero = [](const Expr *X) {
        const auto *IL = dyn_cast<IntegerLiteral>(X->IgnoreParenImpCasts());
        return IL && IL->getValue() == 0;
      };
      const Expr *Other = IsZero(BO->getRHS())   ? BO->getLHS()
                          : IsZero(BO->getLHS()) ? BO->getRHS()
                                                 : nullptr;
      if (!Other)
        return nullptr;
      FailsWhenTrue = BO->getOpcode() == BO_NE;
      E = Other->IgnoreParenImpCasts();
    }
    const auto *C = dyn_cast<CallExpr>(E);
    const FunctionDecl *FD = C ? C->getDirectCallee() : nullptr;
    if (!FD || !FD->getIdentifier() || C->getNumArgs() != 1 ||
        FD->getName() != "pthread_mutex_lock")
      return nullptr;
    return C;
  }

  const VarDecl *guardVarOf(const Expr *Obj) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj->IgnoreParenImpCasts()))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (guard(VD))
          return VD;
    return nullptr;
  }

  /// The locks a condition tries to take: `m.try_lock()`, `lk.try_lock()`
  /// (a guard's `lk.owns_lock()` / `lk` is ownershipTest's).
  llvm::SmallVector<std::pair<std::optional<AccessPath>, bool>, 2>
  triedLocks(const Expr *E) {
    llvm::SmallVector<std::pair<std::optional<AccessPath>, bool>, 2> Out;
    const Expr *Obj = nullptr;
    bool Arrow = false;
    llvm::StringRef N;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
      if (!MD || !ME)
        return Out;
      if (MD->getIdentifier())
        N = MD->getName();
      Obj = ME->getBase();
      Arrow = ME->isArrow();
    }
    if (!Obj)
      return Out;
    if (const VarDecl *GV = guardVarOf(Obj)) {
      const ResolvedGuard *G = guard(GV);
      if (N == "try_lock")
        for (const auto &L : G->Locks)
          Out.push_back({L, G->C.Shape.Shared});
      return Out;
    }
    if ((N == "try_lock" || N == "try_lock_shared") &&
        isLockableType(Obj->getType()))
      Out.push_back({objectPathOf(Obj, Arrow, &Aliases), N == "try_lock_shared"});
    return Out;
  }

  void addEdges(const AccessPath &L, State &S, const Stmt *Site,
                llvm::ArrayRef<CallStep> Chain) {
    for (const HeldLock &H : S.Must.locks()) {
      if (H.Lock == L || H.Site == Site)
        continue; // taken together (std::lock, scoped_lock): no order
      LockOrderEdge E{H.Lock, H.Site, L, Site, {}, {}, {}};
      E.AcquiredChain.append(Chain.begin(), Chain.end());
      for (const HeldLock &O : S.Must.locks())
        if (O.Lock != H.Lock && O.Lock != L)
          E.AlsoHeld.push_back(O.Lock);
      Edges->push_back(std::move(E));
    }
  }

  void acquire(const std::optional<AccessPath> &L, bool Shared, State &S,
               const Stmt *Site, bool Scoped, const VarDecl *Guard,
               bool Record = true) {
    if (Record && Events)
      Events->push_back(
          LockEvent{LockEvent::Acquire, L, Shared, Scoped, Site, Guard, {}, false});
    if (Record && Edges && L)
      addEdges(*L, S, Site, {});
    if (!L) {
      S.Must.acquireUnknown();
      S.May.acquireUnknown();
      S.NotHeld = LockSet(); // the unknown lock may be any of them
      return;
    }
    S.Must.acquire(*L, Shared, Site);
    S.May.acquire(*L, Shared, Site);
    S.NotHeld.release(*L);
  }

  void release(const std::optional<AccessPath> &L, State &S, const Stmt *Site,
               bool Scoped, const VarDecl *Guard, bool Unconditional = false) {
    // A scoped release of a lock the guard no longer holds (unique_lock
    // after unlock()) is not an event, unless the guard unlocks
    // unconditionally and the lock is known to be released already.
    bool Held = L ? S.May.holds(*L) : S.May.hasUnknown();
    const HeldLock *Prior = nullptr;
    if (L)
      for (const HeldLock &H : S.NotHeld.locks())
        if (H.Lock == *L)
          Prior = &H;
    bool NotHeld = Prior != nullptr;
    if (Events && (Held || !Scoped || (Unconditional && NotHeld))) {
      LockEvent E{LockEvent::Release, L, false, Scoped, Site,
                  Guard, {}, Scoped && !Held && NotHeld};
      if (E.NotHeldRelease)
        E.PriorRelease = Prior->Site;
      Events->push_back(std::move(E));
    }
    if (!L) {
      S.Must.releaseUnknown();
      S.May.releaseUnknown();
      return;
    }
    S.Must.release(*L);
    S.May.release(*L);
    S.NotHeld.acquire(*L, false, Site);
  }

  void tryEvent(const std::optional<AccessPath> &L, bool Shared,
                const Stmt *Site, bool Scoped, const VarDecl *Guard) {
    if (Events)
      Events->push_back(LockEvent{LockEvent::TryAcquire, L, Shared, Scoped,
                                  Site, Guard, {}, false});
  }

  /// A call: the callee's known lock effects, then the guards it was
  /// handed (handedGuards).
  void applyCall(const CallExpr *C, State &S) {
    llvm::SmallVector<std::optional<AccessPath>, 2> Handed =
        handedGuards(C, S);
    applyCallEffects(C, S);
    for (const std::optional<AccessPath> &L : Handed) {
      if (L && S.Must.holds(*L))
        continue; // the callee's effects show it held
      // Not L itself in the may set: nothing shows it taken (a later
      // lk.lock() is no double lock); but no longer certainly not held.
      S.Must.acquireUnknown();
      S.May.acquireUnknown();
      if (L)
        S.NotHeld.release(*L);
      else
        S.NotHeld = LockSet();
    }
  }

  /// The locks of the guard variables that \p C hands to its callee by
  /// non-const reference or pointer while not holding them, when the call
  /// may lock them: `boost::lock(lk1, lk2)` on deferred guards, `swap(lk,
  /// other)`, a helper that calls `lk.lock()` on its parameter. The callee
  /// may return with the guard owning its lock, and no summary says which:
  /// after the call the must and may sets hold the unknown lock (an access
  /// there is not shown unprotected) and the lock is no longer certainly
  /// not held. Not such a call: one whose followed callee reaches no lock
  /// operation at all (Reach: the client's, or the LockEffectsTable's),
  /// and a guard whose locks are all held already (a condition-variable
  /// wait).
  llvm::SmallVector<std::optional<AccessPath>, 2>
  handedGuards(const CallExpr *C, const State &S) {
    llvm::SmallVector<std::optional<AccessPath>, 2> Out;
    const FunctionDecl *FD = C->getDirectCallee();
    if (FD && FD->getBuiltinID())
      return Out; // std::move, std::forward, std::addressof: casts
    if (const FunctionDecl *Followed = FD ? followedCallee(C) : nullptr)
      if (Reach && !Reach->reaches(Followed))
        return Out;
    // Arguments before the first parameter: the object of an operator
    // written as a member.
    unsigned Shift = isa<CXXOperatorCallExpr>(C) && FD &&
                             isa<CXXMethodDecl>(FD)
                         ? 1
                         : 0;
    for (unsigned I = 0; I < C->getNumArgs(); ++I) {
      const Expr *A = C->getArg(I)->IgnoreParenImpCasts();
      bool ByPointer = false;
      if (const auto *UO = dyn_cast<UnaryOperator>(A);
          UO && UO->getOpcode() == UO_AddrOf) {
        A = UO->getSubExpr()->IgnoreParenImpCasts();
        ByPointer = true;
      }
      const VarDecl *GV = guardVarOf(A);
      if (!GV || A->getType().isConstQualified())
        continue;
      if (FD && I >= Shift && I - Shift < FD->getNumParams()) {
        QualType P = FD->getParamDecl(I - Shift)->getType();
        bool Mutable =
            ByPointer ? P->isPointerType() &&
                            !P->getPointeeType().isConstQualified()
                      : P->isLValueReferenceType() &&
                            !P.getNonReferenceType().isConstQualified();
        if (!Mutable)
          continue;
      } else if (FD && I < Shift) {
        continue; // the object of a member operator: not handed over
      }
      for (const std::optional<AccessPath> &L : guard(GV)->Locks)
        if (!L || !S.Must.holds(*L))
          Out.push_back(L);
    }
    return Out;
  }

  /// A call of a function whose lock effects are known.
  void applyCallEffects(const CallExpr *C, State &S) {
    if (!Callees)
      return;
    const FunctionDecl *FD = followedCallee(C);
    if (!FD)
      return;
    const LockEffects *E = Callees->effectsOf(FD);
    if (!E)
      return;
    unsigned Max = Callees->maxDepth();
    auto Fits = [&](const CallChain &Ch) {
      return Max == UnlimitedCallDepth || Ch.Steps.size() + 1 <= Max;
    };
    auto Chain = [&](const CallChain &Inner) {
      CallChain Out;
      Out.Steps.push_back(CallStep{C, FD});
      Out.Steps.append(Inner.Steps.begin(), Inner.Steps.end());
      Out.Root = Inner.Root;
      return Out;
    };
    // A lock of the caller that the callee releases is not certainly held
    // when the callee takes its own: no edge from it.
    llvm::SmallVector<AccessPath, 2> Released;
    for (const LockEffects::Op &Op : E->Releases)
      if (std::optional<AccessPath> L = toCaller(Op.Lock, C, FD, Aliases))
        Released.push_back(*L);
    State ForEdges = S;
    for (const AccessPath &L : Released)
      ForEdges.Must.release(L);
    // The events in the callee's order: its acquires of locks it did not
    // release first, its releases of the caller's locks, then the
    // re-acquires of those (AfterRelease).
    auto AcquireEvents = [&](bool AfterRelease) {
      for (const LockEffects::Op &Op : E->Acquires) {
        if (Op.AfterRelease != AfterRelease || !Fits(Op.Chain))
          continue;
        std::optional<AccessPath> L = toCaller(Op.Lock, C, FD, Aliases);
        if (!L)
          continue;
        CallChain Ch = Chain(Op.Chain);
        if (Edges)
          addEdges(*L, ForEdges, Op.Chain.Root, Ch.Steps);
        if (Events) {
          LockEvent Ev{LockEvent::Acquire, L, Op.Shared, false,
                       C, nullptr, std::move(Ch), false};
          Ev.AfterRelease = Op.AfterRelease;
          Events->push_back(std::move(Ev));
        }
      }
    };
    AcquireEvents(false);
    if (Edges)
      for (const LockOrderEdge &In : E->Edges) {
        if (In.AcquiredChain.size() + 1 > Max && Max != UnlimitedCallDepth)
          continue;
        std::optional<AccessPath> H = toCaller(In.Held, C, FD, Aliases);
        std::optional<AccessPath> A = toCaller(In.Acquired, C, FD, Aliases);
        if (!H || !A || *H == *A)
          continue;
        LockOrderEdge Out{*H, In.HeldSite, *A, In.AcquiredSite, {}, {}, {}};
        Out.HeldChain.push_back(CallStep{C, FD});
        Out.HeldChain.append(In.HeldChain.begin(), In.HeldChain.end());
        Out.AcquiredChain.push_back(CallStep{C, FD});
        Out.AcquiredChain.append(In.AcquiredChain.begin(),
                                 In.AcquiredChain.end());
        for (const AccessPath &G : In.AlsoHeld)
          if (std::optional<AccessPath> GC = toCaller(G, C, FD, Aliases))
            Out.AlsoHeld.push_back(*GC);
        for (const HeldLock &G : ForEdges.Must.locks())
          if (G.Lock != *H && G.Lock != *A)
            Out.AlsoHeld.push_back(G.Lock);
        Edges->push_back(std::move(Out));
      }
    for (const LockEffects::Op &Op : E->Releases) {
      if (!Fits(Op.Chain))
        continue;
      std::optional<AccessPath> L = toCaller(Op.Lock, C, FD, Aliases);
      if (!L)
        continue;
      if (Events)
        Events->push_back(LockEvent{LockEvent::Release, L, false, false, C,
                                    nullptr, Chain(Op.Chain), false});
      if (Op.AtExit == LockEffects::Op::Held)
        continue; // given back and taken again: the caller still holds it
      S.Must.release(*L);
      if (Op.AtExit == LockEffects::Op::MayHeld)
        continue;
      S.May.release(*L);
      S.NotHeld.acquire(*L, false, C);
    }
    AcquireEvents(true);
    for (const LockEffects::Op &Op : E->HeldAtExit) {
      if (!Fits(Op.Chain))
        continue;
      std::optional<AccessPath> L = toCaller(Op.Lock, C, FD, Aliases);
      if (!L)
        continue;
      S.Must.acquire(*L, Op.Shared, C);
      S.May.acquire(*L, Op.Shared, C);
      S.NotHeld.release(*L);
    }
  }

  /// The variable \p St writes as a whole, if any: `v = e`, `v op= e`,
  /// `++v`, `v--`, builtin or overloaded.
  static const ValueDecl *assignedVar(const Stmt *St) {
    const Expr *Target = nullptr;
    if (const auto *BO = dyn_cast<BinaryOperator>(St)) {
      if (BO->isAssignmentOp())
        Target = BO->getLHS();
    } else if (const auto *UO = dyn_cast<UnaryOperator>(St)) {
      if (UO->isIncrementDecrementOp())
        Target = UO->getSubExpr();
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(St)) {
      OverloadedOperatorKind K = OC->getOperator();
      if (OC->getNumArgs() > 0 &&
          (OC->isAssignmentOp() || K == OO_PlusPlus || K == OO_MinusMinus))
        Target = OC->getArg(0);
    }
    if (!Target)
      return nullptr;
    const auto *DRE = dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts());
    return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  }

  /// A write of V ends the facts about paths through its value (see the
  /// header): the lock stays held, under no name.
  static void forgetValueOf(const ValueDecl *V, State &S) {
    if (S.Must.forgetValueOf(V))
      S.Must.acquireUnknown();
    if (S.May.forgetValueOf(V))
      S.May.acquireUnknown();
    S.NotHeld.forgetValueOf(V);
  }

  void applyStmt(const Stmt *St, State &S) {
    if (const ValueDecl *V = assignedVar(St))
      forgetValueOf(V, S); // and an overloaded operator is a call as well
    if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (const ResolvedGuard *G = guard(VD)) {
            for (const auto &L : G->Locks) {
              if (G->C.FromGuard) {
                // The other guard's hold becomes this one's, exclusive: no
                // new acquisition (no order edge, no double lock), the
                // shared hold replaced.
                if (L) {
                  S.Must.release(*L);
                  S.May.release(*L);
                }
                acquire(L, false, S, DS, true, VD, /*Record=*/false);
              } else if (G->C.TryLock)
                tryEvent(L, G->C.Shape.Shared, DS, true, VD);
              else if (G->C.Adopt)
                acquire(L, G->C.Shape.Shared, S, DS, true, VD,
                        /*Record=*/false);
              else if (G->C.StartsHeld)
                acquire(L, G->C.Shape.Shared, S, DS, true, VD);
            }
          }
      return;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(St)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
      if (!MD || !MD->getIdentifier() || !ME)
        return applyCall(MC, S);
      llvm::StringRef N = MD->getName();
      const Expr *Obj = ME->getBase();
      if (const VarDecl *GV = guardVarOf(Obj)) {
        const ResolvedGuard *G = guard(GV);
        for (const auto &L : G->Locks) {
          if (N == "lock")
            acquire(L, G->C.Shape.Shared, S, MC, false, GV);
          else if (N == "unlock" || N == "release")
            release(L, S, MC, false, GV);
          else if (N == "try_lock")
            tryEvent(L, G->C.Shape.Shared, MC, false, GV);
        }
        return;
      }
      if (!isLockableType(Obj->getType()))
        return applyCall(MC, S);
      std::optional<AccessPath> L = objectPathOf(Obj, ME->isArrow(), &Aliases);
      if (N == "lock")
        acquire(L, false, S, MC, false, nullptr);
      else if (N == "lock_shared")
        acquire(L, true, S, MC, false, nullptr);
      else if (N == "unlock" || N == "unlock_shared")
        release(L, S, MC, false, nullptr);
      else if (N == "try_lock" || N == "try_lock_shared")
        tryEvent(L, N == "try_lock_shared", MC, false, nullptr);
      else
        applyCall(MC, S);
      return;
    }
    if (const auto *C = dyn_cast<CallExpr>(St)) {
      const FunctionDecl *FD = C->getDirectCallee();
      if (!FD || !FD->getIdentifier())
        return applyCall(C, S);
      llvm::StringRef N = FD->getName();
      if (FD->isInStdNamespace() && N == "lock") {
        for (const Expr *A : C->arguments()) {
          // std::lock(lk1, lk2) on deferred unique_locks takes their mutexes.
          if (const VarDecl *GV = guardVarOf(A)) {
            for (const auto &L : guard(GV)->Locks)
              acquire(L, false, S, C, false, GV);
            continue;
          }
          acquire(accessPathOf(A, &Aliases), false, S, C, false, nullptr);
        }
        return;
      }
      if (C->getNumArgs() == 1) {
        if (N == "pthread_mutex_lock")
          return acquire(pointeePathOf(C->getArg(0), &Aliases), false, S, C,
                         false, nullptr);
        if (N == "pthread_mutex_unlock")
          return release(pointeePathOf(C->getArg(0), &Aliases), S, C, false,
                         nullptr);
        if (N == "pthread_mutex_trylock")
          return tryEvent(pointeePathOf(C->getArg(0), &Aliases), false, C,
                          false, nullptr);
      }
      applyCall(C, S);
    }
  }

  const AliasMap &Aliases;
  LockEffectsTable *Callees;
  LockReach *Reach; ///< the client's, else the Callees' (may be null)
  llvm::DenseMap<const VarDecl *, std::optional<ResolvedGuard>> Guards;
};

/// Equal as lock sets (operator==) and in every lock's recorded site.
bool identicalSets(const LockSet &A, const LockSet &B) {
  if (A != B)
    return false;
  for (unsigned I = 0, N = A.locks().size(); I < N; ++I)
    if (A.locks()[I].Site != B.locks()[I].Site)
      return false;
  return true;
}

bool identicalStates(const State &A, const State &B) {
  return identicalSets(A.Must, B.Must) && identicalSets(A.May, B.May) &&
         identicalSets(A.NotHeld, B.NotHeld);
}

bool joinStates(State &Into, const State &From) {
  State Old = Into;
  Into.Must.intersectWith(From.Must);
  Into.May.unionWith(From.May);
  Into.NotHeld.intersectWith(From.NotHeld);
  return Into != Old;
}

} // namespace

//===----------------------------------------------------------------------===//
// FunctionLockFacts
//===----------------------------------------------------------------------===//

FunctionLockFacts::~FunctionLockFacts() = default;

std::unique_ptr<FunctionLockFacts>
FunctionLockFacts::analyze(const FunctionCFG &G, ASTContext &,
                           const LockSet &Entry, LockEffectsTable *Callees,
                           LockReach *Reach) {
  std::unique_ptr<FunctionLockFacts> R(new FunctionLockFacts());
  R->G = &G;
  const Stmt *Body = nullptr;
  if (const auto *FD = dyn_cast<FunctionDecl>(G.decl()))
    Body = FD->getBody();
  R->Aliases = AliasMap(Body, G.parents());
  Transfer T(R->Aliases, Callees, Reach);
  DataflowResult<State> Sol = runForwardDataflow(
      G, State{Entry, Entry, LockSet()},
      [&](const CFGElement &E, State &S) { T(E, S); }, joinStates,
      [&](const CFGBlock &B, unsigned I, State &S) { T.edge(B, I, S); });
  if (!Sol.Converged)
    return nullptr;

  // Replay once to record the state before every statement, the events and
  // the order edges.
  T.Events = &R->Events;
  T.Edges = &R->Edges;
  for (const CFGBlock *B : G.cfg()) {
    replayBlock(Sol, *B, [&](const CFGElement &E, State &S) { T(E, S); },
                [&](const CFGElement &E, const State &S) {
                  auto CS = E.getAs<CFGStmt>();
                  if (!CS || R->Before.count(CS->getStmt()))
                    return;
                  // A new entry only when the state differs from the last
                  // one kept, sites included (clients read them).
                  if (R->Distinct.empty() ||
                      !identicalStates(R->Distinct.back(), S))
                    R->Distinct.push_back(S);
                  R->Before.try_emplace(
                      CS->getStmt(),
                      static_cast<unsigned>(R->Distinct.size() - 1));
                });
  }
  R->Distinct.shrink_to_fit();
  if (const auto &Exit = Sol.entryOf(G.cfg().getExit()))
    R->ExitState = *Exit;
  return R;
}

const FunctionLockFacts::States *
FunctionLockFacts::lookup(const Stmt *S) const {
  const ParentMap &PM = G->parents();
  for (; S; S = PM.getParent(S)) {
    auto It = Before.find(S);
    if (It != Before.end())
      return &Distinct[It->second];
  }
  return nullptr;
}

const LockSet *FunctionLockFacts::mustHoldAt(const Stmt *S) const {
  const auto *P = lookup(S);
  return P ? &P->Must : nullptr;
}

const LockSet *FunctionLockFacts::mayHoldAt(const Stmt *S) const {
  const auto *P = lookup(S);
  return P ? &P->May : nullptr;
}

const LockSet *FunctionLockFacts::mustNotHoldAt(const Stmt *S) const {
  const auto *P = lookup(S);
  return P ? &P->NotHeld : nullptr;
}

//===----------------------------------------------------------------------===//
// Callee lock effects
//===----------------------------------------------------------------------===//

const FunctionDecl *followedCallee(const CallExpr *Call) {
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  const FunctionDecl *Def = definitionOf(FD);
  if (!Def || inSystemHeader(Def))
    return nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Def))
    if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
        !MD->getParent()->hasAttr<FinalAttr>())
      return nullptr; // an override may run instead
  return Def;
}

namespace {

/// The sites of the "reaches a lock operation" family: the first lock
/// operation of the body (a root) and every followed call (lambda bodies
/// written inside are functions of their own, reached through their calls).
class LockOpScan : public Walker {
public:
  llvm::SmallVector<Site, 8> Sites;
  bool Found = false;

  bool TraverseLambdaExpr(LambdaExpr *) override { return true; }
  bool VisitVarDecl(VarDecl *VD) override {
    if (!Found && VD->getInit() && guardConstruction(VD->getInit())) {
      Found = true;
      Sites.push_back(Site::root(VD->getInit()));
    }
    return true;
  }
  bool VisitCallExpr(CallExpr *C) override {
    if (Found)
      return true;
    if (isLockOp(C)) {
      Found = true;
      Sites.push_back(Site::root(C));
      return true;
    }
    if (const FunctionDecl *Def = followedCallee(C))
      Sites.push_back(Site::call(C, Def));
    return true;
  }

private:
  static bool isLockOp(const CallExpr *C) {
    const FunctionDecl *FD = C->getDirectCallee();
    if (!FD || !FD->getIdentifier())
      return false;
    llvm::StringRef N = FD->getName();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (!Obj)
        return false;
      QualType T = Obj->getType();
      return (isLockableType(T) || isGuardType(T)) &&
             (N == "lock" || N == "unlock" || N == "lock_shared" ||
              N == "unlock_shared" || N == "release" || N == "try_lock" ||
              N == "try_lock_shared");
    }
    return (FD->isInStdNamespace() && (N == "lock" || N == "try_lock")) ||
           N == "pthread_mutex_lock" || N == "pthread_mutex_unlock" ||
           N == "pthread_mutex_trylock";
  }
};

llvm::SmallVector<Site, 8> lockOpSites(const FunctionDecl *F) {
  LockOpScan S;
  S.TraverseStmt(F->getBody());
  return std::move(S.Sites);
}

/// The effects of \p Def read off its lock facts.
std::unique_ptr<LockEffects> summarise(const FunctionLockFacts &F,
                                       const FunctionDecl *Def) {
  auto R = std::make_unique<LockEffects>();
  // A lock of the callee's own locals is another object on every call.
  auto Own = [&](const AccessPath &P) {
    return P.rootKind() == PathRoot::Local && P.root() &&
           isLocalOf(P.root(), Def);
  };
  auto ChainOf = [](const LockEvent &E) {
    if (!E.Via.Steps.empty())
      return E.Via;
    CallChain C;
    C.Root = E.Site;
    return C;
  };
  auto Has = [](const std::vector<LockEffects::Op> &V, const AccessPath &L) {
    return llvm::any_of(V, [&](const LockEffects::Op &O) { return O.Lock == L; });
  };
  for (const LockEvent &E : F.events()) {
    if (!E.Lock || Own(*E.Lock))
      continue;
    if (E.Kind == LockEvent::Acquire) {
      // Taken after a release on every path before: here, or inside the
      // callee that takes it.
      bool AfterRelease = E.AfterRelease;
      if (!AfterRelease)
        if (const LockSet *NotHeld = F.mustNotHoldAt(E.Site))
          AfterRelease = NotHeld->holds(*E.Lock);
      auto It = llvm::find_if(R->Acquires, [&](const LockEffects::Op &O) {
        return O.Lock == *E.Lock;
      });
      if (It == R->Acquires.end())
        R->Acquires.push_back({*E.Lock, E.Shared, ChainOf(E), AfterRelease});
      else if (It->AfterRelease && !AfterRelease)
        *It = {*E.Lock, E.Shared, ChainOf(E), false};
    }
    if (E.Kind == LockEvent::Release && !E.NotHeldRelease &&
        !Has(R->Releases, *E.Lock)) {
      const LockSet *May = F.mayHoldAt(E.Site);
      if (May && !May->holds(*E.Lock) && !May->hasUnknown())
        R->Releases.push_back({*E.Lock, false, ChainOf(E)});
    }
  }
  if (const LockSet *Exit = F.mustHoldAtExit())
    for (const HeldLock &H : Exit->locks()) {
      if (Own(H.Lock))
        continue;
      LockEffects::Op Op{H.Lock, H.Shared, {}};
      for (const LockEffects::Op &A : R->Acquires)
        if (A.Lock == H.Lock)
          Op.Chain = A.Chain;
      if (!Op.Chain.Root)
        continue; // held at entry already (an adopted lock): no effect
      R->HeldAtExit.push_back(std::move(Op));
    }
  for (const LockOrderEdge &E : F.orderEdges()) {
    if (Own(E.Held) || Own(E.Acquired))
      continue;
    if (llvm::any_of(R->Edges, [&](const LockOrderEdge &O) {
          return O.Held == E.Held && O.Acquired == E.Acquired;
        }))
      continue;
    R->Edges.push_back(E);
  }
  if (R->empty())
    return nullptr;
  return R;
}

} // namespace

LockReach::LockReach() : Sums(lockOpSites) {}
LockReach::~LockReach() = default;
bool LockReach::reaches(const FunctionDecl *FD) { return Sums.get(FD).Holds; }
void LockReach::clear() { Sums.clear(); }

LockEffectsTable::LockEffectsTable(CFGCache &CFGs, unsigned MaxDepth)
    : CFGs(CFGs), MaxDepth(MaxDepth) {}
LockEffectsTable::~LockEffectsTable() = default;

void LockEffectsTable::clear() {
  Done.clear();
  InProgress.clear();
  Touches.clear();
}

const LockEffects *LockEffectsTable::effectsOf(const FunctionDecl *FD) {
  const FunctionDecl *Def = definitionOf(FD);
  if (!Def)
    return nullptr;
  if (auto It = Done.find(Def); It != Done.end())
    return It->second.get();
  if (InProgress.contains(Def) || !Touches.reaches(Def))
    return nullptr;
  InProgress.insert(Def);
  std::unique_ptr<LockEffects> R;
  ASTContext &Ctx = Def->getASTContext();
  // Only the summary is kept: a CFG built here for the callee is released
  // once it is summarised (one its client had cached stays).
  const bool HadCFG = CFGs.contains(Def->getBody());
  if (const FunctionCFG *G = CFGs.get(Def, Def->getBody(), Ctx))
    if (auto F = FunctionLockFacts::analyze(*G, Ctx, LockSet(), this)) {
      R = summarise(*F, Def);
      // The caller's locks it releases: held again at the exit when they
      // were held at the entry?
      if (R && !R->Releases.empty()) {
        LockSet Entry;
        for (const LockEffects::Op &Op : R->Releases)
          Entry.acquire(Op.Lock, Op.Shared);
        if (auto H = FunctionLockFacts::analyze(*G, Ctx, Entry, this))
          if (const LockSet *Must = H->mustHoldAtExit()) {
            const LockSet *May = H->mayHoldAtExit();
            for (LockEffects::Op &Op : R->Releases)
              Op.AtExit = Must->holds(Op.Lock) ? LockEffects::Op::Held
                          : May && May->holds(Op.Lock)
                              ? LockEffects::Op::MayHeld
                              : LockEffects::Op::NotHeld;
          }
      }
    }
  if (!HadCFG)
    CFGs.release(Def->getBody());
  InProgress.erase(Def);
  auto &Slot = Done[Def];
  Slot = std::move(R);
  return Slot.get();
}

} // namespace clang::tidy::conclint::utils
