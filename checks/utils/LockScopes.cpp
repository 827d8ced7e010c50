//===-- LockScopes.cpp - what a body does with locks, read cheaply --------===//

#include "utils/LockScopes.h"
#include "utils/LockPath.h"
#include "utils/SyncTypes.h"
#include "utils/Walker.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::conclint::utils {

namespace {

/// Visits a body without entering nested lambdas, blocks or local classes.
template <class Derived> struct BodyVisitor : Walker {
  bool TraverseLambdaExpr(LambdaExpr *) override { return true; }
  bool TraverseBlockExpr(BlockExpr *) override { return true; }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) override { return true; }
  bool shouldVisitTemplateInstantiations() const override { return false; }
};

bool isLockName(llvm::StringRef N) {
  return N == "lock" || N == "lock_shared" || N == "try_lock" ||
         N == "try_lock_shared";
}

bool isUnlockName(llvm::StringRef N) {
  return N == "unlock" || N == "unlock_shared" || N == "release";
}

struct LockFinder : BodyVisitor<LockFinder> {
  bool Found = false;
  bool VisitVarDecl(VarDecl *VD) override {
    if (!VD->getType()->isReferenceType() && !VD->getType()->isPointerType() &&
        isGuardType(VD->getType()))
      Found = true;
    return !Found;
  }
  bool VisitCallExpr(CallExpr *C) override {
    const FunctionDecl *FD = C->getDirectCallee();
    if (!FD || !FD->getIdentifier())
      return true;
    llvm::StringRef N = FD->getName();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
      if (isLockName(N))
        if (const Expr *Obj = MC->getImplicitObjectArgument())
          if (isLockableType(Obj->getType()) || isGuardType(Obj->getType()))
            Found = true;
    } else if ((FD->isInStdNamespace() && N == "lock") ||
               N == "pthread_mutex_lock" || N == "pthread_mutex_trylock") {
      Found = true;
    }
    return !Found;
  }
  // Guards built as temporaries (std::lock_guard{m}) hold nothing past their
  // statement; variables are what matter, and VisitVarDecl sees them.
};

struct CallCollector : BodyVisitor<CallCollector> {
  llvm::SmallVector<const CallExpr *, 16> Calls;
  bool VisitCallExpr(CallExpr *C) override {
    Calls.push_back(C);
    return true;
  }
};

struct ExitCollector : BodyVisitor<ExitCollector> {
  llvm::SmallVector<const Stmt *, 8> Exits;
  bool VisitReturnStmt(ReturnStmt *S) override {
    Exits.push_back(S);
    return true;
  }
  bool VisitBreakStmt(BreakStmt *S) override {
    Exits.push_back(S);
    return true;
  }
  bool VisitContinueStmt(ContinueStmt *S) override {
    Exits.push_back(S);
    return true;
  }
  bool VisitCXXThrowExpr(CXXThrowExpr *S) override {
    Exits.push_back(S);
    return true;
  }
};

/// True if \p E names a local variable of \p FD (declared in its body).
bool isLocalOf(const Expr *E, const FunctionDecl *FD, bool IsArrow) {
  auto P = objectPathOf(E, IsArrow);
  if (!P || P->rootKind() != PathRoot::Local || !P->steps().empty())
    return false;
  const auto *VD = dyn_cast_or_null<VarDecl>(P->root());
  return VD && VD->getParentFunctionOrMethod() == FD;
}

struct ForeignRelease : BodyVisitor<ForeignRelease> {
  const FunctionDecl *FD = nullptr;
  const BlockingCatalogue *Catalogue = nullptr;
  bool Found = false;

  bool VisitCallExpr(CallExpr *C) override {
    const FunctionDecl *Callee = C->getDirectCallee();
    if (!Callee || !Callee->getIdentifier())
      return true;
    llvm::StringRef N = Callee->getName();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C)) {
      const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (ME && Obj && isUnlockName(N) &&
          (isLockableType(Obj->getType()) || isGuardType(Obj->getType())) &&
          !isLocalOf(ME->getBase(), FD, ME->isArrow()))
        Found = true;
    } else if (N == "pthread_mutex_unlock" && C->getNumArgs() == 1) {
      const auto *U =
          dyn_cast<UnaryOperator>(C->getArg(0)->IgnoreParenImpCasts());
      if (!U || U->getOpcode() != UO_AddrOf ||
          !isLocalOf(U->getSubExpr(), FD, false))
        Found = true;
    }
    if (!Found)
      if (auto M = Catalogue->match(C))
        if (M->kind() == BlockingKind::ConditionWait) {
          // The wait releases the lock of a guard this body built itself
          // (from its own lock() call) or something the caller gave it.
          const Expr *Arg = M->ReleasedLock
                                ? M->ReleasedLock->IgnoreParenImpCasts()
                                : nullptr;
          const auto *DRE = dyn_cast_or_null<DeclRefExpr>(Arg);
          const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
          bool OwnGuard = VD && VD->getParentFunctionOrMethod() == FD &&
                          !VD->getType()->isReferenceType() &&
                          isGuardType(VD->getType()) && VD->getInit();
          if (OwnGuard)
            if (auto G = guardConstruction(VD->getInit()))
              OwnGuard = !G->Adopt;
          if (!OwnGuard)
            Found = true;
        }
    return !Found;
  }
};

} // namespace

bool takesLocks(const Stmt *Body) {
  if (!Body)
    return false;
  LockFinder F;
  F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Found;
}

llvm::SmallVector<const CallExpr *, 16> callsOf(const Stmt *Body) {
  CallCollector C;
  if (Body)
    C.TraverseStmt(const_cast<Stmt *>(Body));
  return std::move(C.Calls);
}

llvm::SmallVector<const Stmt *, 8> earlyExitsOf(const Stmt *Body) {
  ExitCollector C;
  if (Body)
    C.TraverseStmt(const_cast<Stmt *>(Body));
  return std::move(C.Exits);
}

bool releasesForeignLock(const FunctionDecl *FD,
                         const BlockingCatalogue &Catalogue) {
  if (!FD || !FD->getBody())
    return false;
  ForeignRelease V;
  V.FD = FD;
  V.Catalogue = &Catalogue;
  V.TraverseStmt(FD->getBody());
  return V.Found;
}

} // namespace clang::tidy::conclint::utils
