//===-- Lockset.cpp - lock facts of one function --------------------------===//

#include "utils/Lockset.h"
#include "utils/SyncTypes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
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

using State = std::pair<LockSet, LockSet>; // (must, may)

/// What a guard variable owns.
struct ResolvedGuard {
  llvm::SmallVector<std::optional<AccessPath>, 2> Locks;
  GuardConstruction C;
};

class Transfer {
public:
  Transfer(const AliasMap &A) : Aliases(A) {}

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
          release(L, S, D->getTriggerStmt(), /*Scoped=*/true, VD);
    }
  }

  /// The try_lock refinement along a branch: the lock a condition tries to
  /// take is held on its true edge.
  void edge(const CFGBlock &B, unsigned SuccIdx, State &S) {
    const Stmt *Cond = B.getTerminatorCondition();
    if (!Cond || B.succ_size() != 2)
      return;
    bool Negated = false;
    const Expr *E = peelNegations(dyn_cast<Expr>(Cond), Negated);
    if (!E)
      return;
    bool TrueEdge = (SuccIdx == 0) != Negated;
    if (!TrueEdge)
      return;
    for (auto &[L, Shared] : triedLocks(E))
      acquire(L, Shared, S, E, false, nullptr, /*Record=*/false);
  }

private:
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
      }
    It = Guards.try_emplace(VD, std::move(R)).first;
    return It->second ? &*It->second : nullptr;
  }

  const VarDecl *guardVarOf(const Expr *Obj) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj->IgnoreParenImpCasts()))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        if (guard(VD))
          return VD;
    return nullptr;
  }

  /// The locks a condition tries to take: `m.try_lock()`, `lk.try_lock()`,
  /// `lk.owns_lock()` / `lk` (a try_to_lock guard).
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
      if (isa<CXXConversionDecl>(MD))
        N = "owns_lock"; // `if (lk)`
      else if (MD->getIdentifier())
        N = MD->getName();
      Obj = ME->getBase();
      Arrow = ME->isArrow();
    }
    if (!Obj)
      return Out;
    if (const VarDecl *GV = guardVarOf(Obj)) {
      const ResolvedGuard *G = guard(GV);
      if (N == "try_lock" || (N == "owns_lock" && G->C.TryLock))
        for (const auto &L : G->Locks)
          Out.push_back({L, G->C.Shape.Shared});
      return Out;
    }
    if ((N == "try_lock" || N == "try_lock_shared") &&
        isLockableType(Obj->getType()))
      Out.push_back({objectPathOf(Obj, Arrow, &Aliases), N == "try_lock_shared"});
    return Out;
  }

  void acquire(const std::optional<AccessPath> &L, bool Shared, State &S,
               const Stmt *Site, bool Scoped, const VarDecl *Guard,
               bool Record = true) {
    if (Record && Events)
      Events->push_back(
          LockEvent{LockEvent::Acquire, L, Shared, Scoped, Site, Guard});
    if (Record && Edges && L)
      for (const HeldLock &H : S.first.locks())
        if (H.Lock != *L)
          Edges->push_back(LockOrderEdge{H.Lock, H.Site, *L, Site});
    if (!L) {
      S.first.acquireUnknown();
      S.second.acquireUnknown();
      return;
    }
    S.first.acquire(*L, Shared, Site);
    S.second.acquire(*L, Shared, Site);
  }

  void release(const std::optional<AccessPath> &L, State &S, const Stmt *Site,
               bool Scoped, const VarDecl *Guard) {
    // A scoped release of a lock the guard no longer holds (unique_lock
    // after unlock()) is not an event.
    bool Held = L ? S.second.holds(*L) : S.second.hasUnknown();
    if (Events && (Held || !Scoped))
      Events->push_back(
          LockEvent{LockEvent::Release, L, false, Scoped, Site, Guard});
    if (!L) {
      S.first.releaseUnknown();
      S.second.releaseUnknown();
      return;
    }
    S.first.release(*L);
    S.second.release(*L);
  }

  void tryEvent(const std::optional<AccessPath> &L, bool Shared,
                const Stmt *Site, bool Scoped, const VarDecl *Guard) {
    if (Events)
      Events->push_back(
          LockEvent{LockEvent::TryAcquire, L, Shared, Scoped, Site, Guard});
  }

  void applyStmt(const Stmt *St, State &S) {
    if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (const ResolvedGuard *G = guard(VD)) {
            for (const auto &L : G->Locks) {
              if (G->C.TryLock)
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
        return;
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
        return;
      std::optional<AccessPath> L = objectPathOf(Obj, ME->isArrow(), &Aliases);
      if (N == "lock")
        acquire(L, false, S, MC, false, nullptr);
      else if (N == "lock_shared")
        acquire(L, true, S, MC, false, nullptr);
      else if (N == "unlock" || N == "unlock_shared")
        release(L, S, MC, false, nullptr);
      else if (N == "try_lock" || N == "try_lock_shared")
        tryEvent(L, N == "try_lock_shared", MC, false, nullptr);
      return;
    }
    if (const auto *C = dyn_cast<CallExpr>(St)) {
      const FunctionDecl *FD = C->getDirectCallee();
      if (!FD || !FD->getIdentifier())
        return;
      llvm::StringRef N = FD->getName();
      if (FD->isInStdNamespace() && N == "lock") {
        for (const Expr *A : C->arguments())
          acquire(accessPathOf(A, &Aliases), false, S, C, false, nullptr);
        return;
      }
      if (C->getNumArgs() == 1) {
        if (N == "pthread_mutex_lock")
          acquire(pointeePathOf(C->getArg(0), &Aliases), false, S, C, false,
                  nullptr);
        else if (N == "pthread_mutex_unlock")
          release(pointeePathOf(C->getArg(0), &Aliases), S, C, false, nullptr);
        else if (N == "pthread_mutex_trylock")
          tryEvent(pointeePathOf(C->getArg(0), &Aliases), false, C, false,
                   nullptr);
      }
    }
  }

  const AliasMap &Aliases;
  llvm::DenseMap<const VarDecl *, std::optional<ResolvedGuard>> Guards;
};

bool joinStates(State &Into, const State &From) {
  State Old = Into;
  Into.first.intersectWith(From.first);
  Into.second.unionWith(From.second);
  return Into != Old;
}

} // namespace

//===----------------------------------------------------------------------===//
// FunctionLockFacts
//===----------------------------------------------------------------------===//

FunctionLockFacts::~FunctionLockFacts() = default;

std::unique_ptr<FunctionLockFacts>
FunctionLockFacts::analyze(const FunctionCFG &G, ASTContext &,
                           const LockSet &Entry) {
  std::unique_ptr<FunctionLockFacts> R(new FunctionLockFacts());
  R->G = &G;
  const Stmt *Body = nullptr;
  if (const auto *FD = dyn_cast<FunctionDecl>(G.decl()))
    Body = FD->getBody();
  R->Aliases = AliasMap(Body, G.parents());
  Transfer T(R->Aliases);
  DataflowResult<State> Sol = runForwardDataflow(
      G, State(Entry, Entry),
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
                  if (auto CS = E.getAs<CFGStmt>())
                    R->Before.try_emplace(CS->getStmt(), S);
                });
  }
  if (const auto &Exit = Sol.entryOf(G.cfg().getExit()))
    R->ExitState = *Exit;
  return R;
}

const std::pair<LockSet, LockSet> *
FunctionLockFacts::lookup(const Stmt *S) const {
  const ParentMap &PM = G->parents();
  for (; S; S = PM.getParent(S)) {
    auto It = Before.find(S);
    if (It != Before.end())
      return &It->second;
  }
  return nullptr;
}

const LockSet *FunctionLockFacts::mustHoldAt(const Stmt *S) const {
  const auto *P = lookup(S);
  return P ? &P->first : nullptr;
}

const LockSet *FunctionLockFacts::mayHoldAt(const Stmt *S) const {
  const auto *P = lookup(S);
  return P ? &P->second : nullptr;
}

} // namespace clang::tidy::conclint::utils
