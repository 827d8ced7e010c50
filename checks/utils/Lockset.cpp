//===-- Lockset.cpp - which mutexes are held where ------------------------===//

#include "Lockset.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"
#include "llvm/ADT/STLExtras.h"
#include <optional>

namespace clang::tidy::conclint::utils {

//===----------------------------------------------------------------------===//
// LockSet
//===----------------------------------------------------------------------===//

void LockSet::acquire(const ValueDecl *M, bool Shared) {
  if (!M)
    return;
  for (HeldLock &L : Locks)
    if (L.Mutex == M) {
      L.Shared = L.Shared && Shared;
      return;
    }
  auto *It = llvm::lower_bound(Locks, M, [](const HeldLock &L, const ValueDecl *V) {
    return L.Mutex < V;
  });
  Locks.insert(It, HeldLock{M, Shared});
}

void LockSet::release(const ValueDecl *M) {
  llvm::erase_if(Locks, [&](const HeldLock &L) { return L.Mutex == M; });
}

void LockSet::intersectWith(const LockSet &O) {
  llvm::SmallVector<HeldLock, 2> Out;
  for (const HeldLock &L : Locks)
    for (const HeldLock &R : O.Locks)
      if (L.Mutex == R.Mutex)
        Out.push_back(HeldLock{L.Mutex, L.Shared || R.Shared});
  Locks = std::move(Out);
}

bool LockSet::holds(const ValueDecl *M) const {
  return llvm::any_of(Locks, [&](const HeldLock &L) { return L.Mutex == M; });
}

bool LockSet::holdsExclusively(const ValueDecl *M) const {
  return llvm::any_of(Locks,
                      [&](const HeldLock &L) { return L.Mutex == M && !L.Shared; });
}

std::string LockSet::str() const {
  std::string S;
  for (const HeldLock &L : Locks) {
    if (!S.empty())
      S += ", ";
    S += L.Mutex->getName();
    if (L.Shared)
      S += " (shared)";
  }
  return S;
}

//===----------------------------------------------------------------------===//
// Recognising mutexes and guards
//===----------------------------------------------------------------------===//

namespace {

const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T->getAsCXXRecordDecl();
}

bool hasMethod(const CXXRecordDecl *RD, llvm::StringRef Name) {
  for (const auto *M : RD->methods())
    if (M->getIdentifier() && M->getName() == Name)
      return true;
  return false;
}

enum class GuardKind { None, Exclusive, Shared };

GuardKind guardKindOf(const CXXRecordDecl *RD) {
  if (!RD || !RD->isInStdNamespace() || !RD->getIdentifier())
    return GuardKind::None;
  llvm::StringRef N = RD->getName();
  if (N == "lock_guard" || N == "scoped_lock" || N == "unique_lock")
    return GuardKind::Exclusive;
  if (N == "shared_lock")
    return GuardKind::Shared;
  return GuardKind::None;
}

GuardKind guardKind(QualType T) { return guardKindOf(recordOf(T)); }

/// The tag types std::defer_lock_t / try_to_lock_t: the guard starts without
/// the lock (try_to_lock may fail, so it does not count as held).
bool isDeferTag(const Expr *E) {
  const CXXRecordDecl *RD = recordOf(E->IgnoreParenImpCasts()->getType());
  return RD && RD->getIdentifier() &&
         (RD->getName() == "defer_lock_t" || RD->getName() == "try_to_lock_t");
}

/// What a guard variable holds while it owns its lock.
struct Guard {
  llvm::SmallVector<const ValueDecl *, 2> Mutexes;
  bool Shared = false;
  bool StartsHeld = true;
};

std::optional<Guard> guardOf(const VarDecl *VD) {
  GuardKind K = guardKind(VD->getType());
  if (K == GuardKind::None)
    return std::nullopt;
  Guard G;
  G.Shared = K == GuardKind::Shared;
  const Expr *Init = VD->getInit();
  if (!Init)
    return G;
  Init = Init->IgnoreImplicit();
  if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(Init))
    Init = FC->getSubExpr()->IgnoreImplicit();
  const auto *CE = dyn_cast<CXXConstructExpr>(Init);
  if (!CE)
    return G;
  for (const Expr *A : CE->arguments()) {
    if (isDeferTag(A)) {
      G.StartsHeld = false;
      continue;
    }
    if (isMutexType(A->getType()))
      if (const ValueDecl *M = mutexDeclOf(A))
        G.Mutexes.push_back(M);
  }
  return G;
}

} // namespace

bool isMutexType(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || !RD->getIdentifier())
    return false;
  if (RD->isInStdNamespace()) {
    llvm::StringRef N = RD->getName();
    return N == "mutex" || N == "recursive_mutex" || N == "timed_mutex" ||
           N == "recursive_timed_mutex" || N == "shared_mutex" ||
           N == "shared_timed_mutex";
  }
  if (RD->getName() == "pthread_mutex_t")
    return true;
  RD = RD->getDefinition();
  return RD && guardKindOf(RD) == GuardKind::None &&
         hasMethod(RD, "lock") && hasMethod(RD, "unlock");
}

bool isLockGuardType(QualType T) { return guardKind(T) != GuardKind::None; }

const ValueDecl *mutexDeclOf(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref) {
        E = UO->getSubExpr();
        continue;
      }
      return nullptr;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl();
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return ME->getMemberDecl();
    return nullptr;
  }
  return nullptr;
}

//===----------------------------------------------------------------------===//
// The dataflow
//===----------------------------------------------------------------------===//

namespace {

class Transfer {
public:
  /// Applies the effect of one CFG element on \p S.
  void apply(const CFGElement &E, LockSet &S) {
    if (auto CS = E.getAs<CFGStmt>()) {
      applyStmt(CS->getStmt(), S);
      return;
    }
    if (auto D = E.getAs<CFGAutomaticObjDtor>())
      if (const Guard *G = guard(D->getVarDecl()))
        for (const ValueDecl *M : G->Mutexes)
          S.release(M);
  }

private:
  const Guard *guard(const VarDecl *VD) {
    auto It = Guards.find(VD);
    if (It == Guards.end())
      It = Guards.try_emplace(VD, guardOf(VD)).first;
    return It->second ? &*It->second : nullptr;
  }

  void applyStmt(const Stmt *St, LockSet &S) {
    if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (const Guard *G = guard(VD))
            if (G->StartsHeld)
              for (const ValueDecl *M : G->Mutexes)
                S.acquire(M, G->Shared);
      return;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(St)) {
      const auto *MD = MC->getMethodDecl();
      if (!MD || !MD->getIdentifier())
        return;
      llvm::StringRef N = MD->getName();
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (!Obj)
        return;
      // unique_lock / shared_lock: lk.lock() and lk.unlock().
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          if (const Guard *G = guard(VD)) {
            if (N == "lock")
              for (const ValueDecl *M : G->Mutexes)
                S.acquire(M, G->Shared);
            else if (N == "unlock")
              for (const ValueDecl *M : G->Mutexes)
                S.release(M);
            return;
          }
      if (!isMutexType(Obj->getType()))
        return;
      const ValueDecl *M = mutexDeclOf(Obj);
      if (N == "lock")
        S.acquire(M, false);
      else if (N == "lock_shared")
        S.acquire(M, true);
      else if (N == "unlock" || N == "unlock_shared")
        S.release(M);
      return;
    }
    if (const auto *C = dyn_cast<CallExpr>(St)) {
      const FunctionDecl *FD = C->getDirectCallee();
      if (!FD || !FD->getIdentifier())
        return;
      llvm::StringRef N = FD->getName();
      if (FD->isInStdNamespace() && N == "lock") {
        for (const Expr *A : C->arguments())
          S.acquire(mutexDeclOf(A), false);
        return;
      }
      if (C->getNumArgs() == 1 && (N == "pthread_mutex_lock" || N == "pthread_mutex_unlock")) {
        const ValueDecl *M = mutexDeclOf(C->getArg(0));
        if (N == "pthread_mutex_lock")
          S.acquire(M, false);
        else
          S.release(M);
      }
    }
  }

  llvm::DenseMap<const VarDecl *, std::optional<Guard>> Guards;
};

} // namespace

FunctionLocksets::~FunctionLocksets() = default;

std::unique_ptr<FunctionLocksets>
FunctionLocksets::analyze(const Decl *D, const Stmt *Body, ASTContext &Ctx,
                          const LockSet &Entry) {
  if (!Body)
    return nullptr;
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true;
  BO.AddTemporaryDtors = false;
  BO.setAllAlwaysAdd();
  std::unique_ptr<CFG> G =
      CFG::buildCFG(D, const_cast<Stmt *>(Body), &Ctx, BO);
  if (!G)
    return nullptr;

  std::unique_ptr<FunctionLocksets> R(new FunctionLocksets());
  R->PM = std::make_unique<ParentMap>(const_cast<Stmt *>(Body));

  // Forward must-analysis: a block's entry state is the intersection of its
  // predecessors' exit states; blocks not yet reached stay "unknown" (top).
  unsigned N = G->getNumBlockIDs();
  std::vector<std::optional<LockSet>> Out(N);
  Transfer T;
  auto inState = [&](const CFGBlock *B) -> std::optional<LockSet> {
    if (B == &G->getEntry())
      return Entry;
    std::optional<LockSet> In;
    for (const CFGBlock *P : B->preds()) {
      if (!P || !Out[P->getBlockID()])
        continue;
      if (!In)
        In = *Out[P->getBlockID()];
      else
        In->intersectWith(*Out[P->getBlockID()]);
    }
    return In;
  };

  // Blocks in reverse order of their IDs approximate a topological order
  // (the entry has the highest ID); iterate to a fixpoint.
  bool Changed = true;
  for (unsigned Round = 0; Changed && Round < 64; ++Round) {
    Changed = false;
    for (auto It = G->rbegin(); It != G->rend(); ++It) {
      const CFGBlock *B = *It;
      std::optional<LockSet> S = inState(B);
      if (!S)
        continue;
      for (const CFGElement &E : *B)
        T.apply(E, *S);
      std::optional<LockSet> &O = Out[B->getBlockID()];
      if (!O || *O != *S) {
        O = std::move(S);
        Changed = true;
      }
    }
  }

  // Record the state before every statement the CFG lists.
  for (const CFGBlock *B : *G) {
    std::optional<LockSet> S = inState(B);
    if (!S)
      continue;
    for (const CFGElement &E : *B) {
      if (auto CS = E.getAs<CFGStmt>())
        R->Before.try_emplace(CS->getStmt(), *S);
      T.apply(E, *S);
    }
  }
  return R;
}

const LockSet *FunctionLocksets::heldAt(const Stmt *S) const {
  for (unsigned Depth = 0; S && Depth < 64; ++Depth) {
    auto It = Before.find(S);
    if (It != Before.end())
      return &It->second;
    S = PM->getParent(S);
  }
  return nullptr;
}

} // namespace clang::tidy::conclint::utils
