//===-- SyncTypes.cpp - lockables, guards and synchronisation objects -----===//

#include "utils/SyncTypes.h"
#include "utils/LockPath.h"
#include "utils/Walker.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::conclint::utils {

const CXXRecordDecl *recordBehind(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType();
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T->getAsCXXRecordDecl();
}

namespace {

/// Finds a method named \p Name in \p RD or its bases.
bool hasMethod(const CXXRecordDecl *RD, llvm::StringRef Name,
               unsigned Depth = 0) {
  if (!RD || Depth > 8)
    return false;
  RD = RD->getDefinition();
  if (!RD)
    return false;
  for (const Decl *D : RD->decls()) {
    const NamedDecl *ND = dyn_cast<NamedDecl>(D);
    if (const auto *FTD = dyn_cast_or_null<FunctionTemplateDecl>(ND))
      ND = FTD->getTemplatedDecl();
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(ND))
      if (MD->getIdentifier() && MD->getName() == Name)
        return true;
  }
  for (const CXXBaseSpecifier &B : RD->bases())
    if (hasMethod(B.getType()->getAsCXXRecordDecl(), Name, Depth + 1))
      return true;
  return false;
}

bool isStdNamed(const CXXRecordDecl *RD, std::initializer_list<const char *> Names) {
  if (!RD || !RD->isInStdNamespace() || !RD->getIdentifier())
    return false;
  llvm::StringRef N = RD->getName();
  for (const char *X : Names)
    if (N == X)
      return true;
  return false;
}

std::optional<GuardShape> stdGuard(const CXXRecordDecl *RD) {
  if (isStdNamed(RD, {"lock_guard", "scoped_lock"}))
    return GuardShape{false, false, true};
  if (isStdNamed(RD, {"unique_lock"}))
    return GuardShape{false, true, true};
  if (isStdNamed(RD, {"shared_lock"}))
    return GuardShape{true, true, true};
  return std::nullopt;
}

/// A member call or pthread call that locks (1), locks shared (2) or
/// unlocks (3) a lockable; 0 otherwise. \p Obj receives the object
/// expression and whether it is a pointer.
int lockCallKind(const Stmt *S, const Expr *&Obj, bool &ByPointer) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || !MD->getIdentifier())
      return 0;
    const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
    if (!ME)
      return 0;
    QualType OT = ME->getBase()->getType();
    if (!isLockableType(OT))
      return 0;
    Obj = ME->getBase();
    ByPointer = ME->isArrow();
    llvm::StringRef N = MD->getName();
    if (N == "lock")
      return 1;
    if (N == "lock_shared")
      return 2;
    if (N == "unlock" || N == "unlock_shared")
      return 3;
    // A release by another name: `unlock_` and what it releases, taking no
    // argument and returning nothing (Boost's `unlock_upgrade()`, an
    // `unlock_read()`); not a conversion (`unlock_and_lock_upgrade()`,
    // `unlock_upgrade_and_lock()`), which keeps the lockable held. Only a
    // guard's destructor is asked (dtorUnlocks).
    if (N.starts_with("unlock_") && !N.contains("_and_") &&
        !MD->isStatic() && MD->getNumParams() == 0 &&
        MD->getReturnType()->isVoidType())
      return 3;
    // Another acquisition by shape: a non-const member taking no argument
    // and returning nothing (pplx's `lock_read()`, an upgrade lock's
    // `lock_upgrade()`); whether it is one is decided by the guard around
    // it (ctorLocks: only when the destructor unlocks the same lockable).
    if (!MD->isConst() && !MD->isStatic() && MD->getNumParams() == 0 &&
        MD->getReturnType()->isVoidType())
      return 4;
    return 0;
  }
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->getIdentifier() || CE->getNumArgs() != 1)
      return 0;
    Obj = CE->getArg(0);
    ByPointer = true;
    if (FD->getName() == "pthread_mutex_lock")
      return 1;
    if (FD->getName() == "pthread_mutex_unlock")
      return 3;
  }
  return 0;
}

/// Which parameters of \p Ctor its body (or member initialisers) locks,
/// and whether shared.
struct CtorLocks {
  llvm::SmallVector<unsigned, 2> Params;
  bool Shared = false;
  /// Parameters whose lockable gets only a lock by another name.
  llvm::SmallVector<unsigned, 2> OtherParams;
};

CtorLocks ctorLocks(const CXXConstructorDecl *Ctor) {
  CtorLocks R;
  if (!Ctor->hasBody())
    return R;
  // Fields initialised from a parameter.
  llvm::DenseMap<const FieldDecl *, unsigned> FieldFromParam;
  for (const CXXCtorInitializer *I : Ctor->inits()) {
    if (!I->isMemberInitializer() || !I->getInit())
      continue;
    for (unsigned P = 0; P < Ctor->getNumParams(); ++P) {
      struct Finder : Walker {
        const ParmVarDecl *PVD;
        bool Found = false;
        bool VisitDeclRefExpr(DeclRefExpr *D) override {
          Found |= D->getDecl() == PVD;
          return !Found;
        }
      } F;
      F.PVD = Ctor->getParamDecl(P);
      F.TraverseStmt(const_cast<Expr *>(I->getInit()));
      if (F.Found)
        FieldFromParam[I->getMember()] = P;
    }
  }
  struct Visitor : Walker {
    const CXXConstructorDecl *Ctor;
    llvm::DenseMap<const FieldDecl *, unsigned> *FieldFromParam;
    CtorLocks *R;
    llvm::SmallPtrSet<const FunctionDecl *, 4> Seen;
    bool VisitStmt(Stmt *S) override {
      const Expr *Obj = nullptr;
      bool ByPointer = false;
      int K = lockCallKind(S, Obj, ByPointer);
      // A lock by another name (kind 4) counts only on a lockable that the
      // constructor received (decided below), and as shared: it is known to
      // exclude the exclusive holders (`lock()`), not other holders of it.
      // `lock()` on the guard itself (a guard with lock()/unlock() of its own
      // looks lockable while its shape is being decided): follow it.
      if ((K == 1 || K == 2 || K == 4) &&
          isa<CXXThisExpr>(Obj->IgnoreParenImpCasts()))
        K = 0;
      if (K != 1 && K != 2 && K != 4) {
        // The lock may sit in a method of the class the constructor calls
        // on `this` (Boost's `shared_lock(Mutex &m) : m(&m) { lock(); }`
        // with `lock() { m->lock_shared(); }`): followed, each method once;
        // there only members initialised from a parameter can name it.
        if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
          if (const CXXMethodDecl *MD = MC->getMethodDecl())
            if (MD->getParent()->getCanonicalDecl() ==
                    Ctor->getParent()->getCanonicalDecl() &&
                isa<CXXThisExpr>(
                    MC->getImplicitObjectArgument()->IgnoreParenImpCasts()))
              if (const FunctionDecl *Def = MD->getDefinition())
                if (Def->hasBody() && Seen.insert(Def).second)
                  TraverseStmt(Def->getBody());
        return true;
      }
      // The object locked: a parameter, or a member initialised from one
      // (a reference or pointer member, which a path does not look through).
      const Expr *O = Obj;
      while (true) {
        O = O->IgnoreParenImpCasts();
        if (const auto *UO = dyn_cast<UnaryOperator>(O);
            UO && UO->getOpcode() == UO_Deref) {
          O = UO->getSubExpr();
          continue;
        }
        break;
      }
      std::optional<unsigned> Param;
      if (const auto *DRE = dyn_cast<DeclRefExpr>(O)) {
        for (unsigned I = 0; I < Ctor->getNumParams(); ++I)
          if (Ctor->getParamDecl(I) == DRE->getDecl())
            Param = I;
      } else if (const auto *ME = dyn_cast<MemberExpr>(O)) {
        if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
          if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
            auto It = FieldFromParam->find(FD);
            if (It != FieldFromParam->end())
              Param = It->second;
          }
      }
      if (!Param)
        return true;
      if (K == 4) {
        if (!llvm::is_contained(R->OtherParams, *Param))
          R->OtherParams.push_back(*Param);
        return true;
      }
      if (!llvm::is_contained(R->Params, *Param)) {
        R->Params.push_back(*Param);
        R->Shared |= K == 2;
      }
      return true;
    }
  } V;
  V.Ctor = Ctor;
  V.FieldFromParam = &FieldFromParam;
  V.R = &R;
  V.TraverseStmt(Ctor->getBody());
  // No lock()/lock_shared(): a lockable that the constructor received and
  // called a lock by another name on is taken, shared (the destructor's
  // unlock, checked by the caller, pairs with it).
  if (R.Params.empty() && !R.OtherParams.empty()) {
    R.Params = R.OtherParams;
    R.Shared = true;
  }
  return R;
}

bool dtorUnlocks(const CXXRecordDecl *RD) {
  const CXXDestructorDecl *D = RD->getDestructor();
  if (!D || !D->hasBody())
    return false;
  // The unlock may sit in a method of the class the destructor calls on
  // `this` (Poco's `~ScopedLockWithUnlock() { unlock(); }` with
  // `unlock() { if (_pMutex) { _pMutex->unlock(); _pMutex = 0; } }`):
  // such calls are followed, each method once.
  struct Visitor : Walker {
    const CXXRecordDecl *RD;
    llvm::SmallPtrSet<const FunctionDecl *, 4> Seen;
    bool Found = false;
    bool VisitStmt(Stmt *S) override {
      const Expr *Obj = nullptr;
      bool ByPointer = false;
      Found |= lockCallKind(S, Obj, ByPointer) == 3;
      if (!Found)
        if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
          if (const CXXMethodDecl *MD = MC->getMethodDecl())
            if (MD->getParent()->getCanonicalDecl() == RD->getCanonicalDecl() &&
                isa<CXXThisExpr>(
                    MC->getImplicitObjectArgument()->IgnoreParenImpCasts()))
              if (const FunctionDecl *Def = MD->getDefinition())
                if (Def->hasBody() && Seen.insert(Def).second)
                  TraverseStmt(Def->getBody());
      return !Found;
    }
  } V;
  V.RD = RD;
  V.Seen.insert(D);
  V.TraverseStmt(D->getBody());
  return V.Found;
}

/// The parameter of \p Ctor through which it takes over the lock of
/// another guard, converting it to an exclusive hold: the parameter is an
/// lvalue reference to a guard, the body calls `release()` on it (the other
/// guard gives its lockable up) and converts a lockable to exclusive with a
/// member named `..._and_lock` taking no argument (`unlock_upgrade_and_lock()`,
/// `unlock_shared_and_lock()`). caf's `upgrade_to_unique_lock(LockType
/// &other) { lockable_ = other.release(); if (lockable_)
/// lockable_->unlock_upgrade_and_lock(); }`. Whether the conversion happened
/// is not tested: `release()` returning null means the other guard held
/// nothing, and then neither holds the lock afterwards.
std::optional<unsigned> convertedGuardParam(const CXXConstructorDecl *Ctor) {
  if (!Ctor || !Ctor->hasBody())
    return std::nullopt;
  std::optional<unsigned> Param;
  for (unsigned I = 0; I < Ctor->getNumParams(); ++I) {
    QualType T = Ctor->getParamDecl(I)->getType();
    if (!T->isLValueReferenceType() || T.getNonReferenceType().isConstQualified())
      continue;
    const CXXRecordDecl *G = recordBehind(T);
    if (G && G != Ctor->getParent() && guardShapeOf(G))
      Param = I;
  }
  if (!Param)
    return std::nullopt;
  struct Visitor : Walker {
    const ParmVarDecl *Other;
    bool Released = false, Converted = false;
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MC) override {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (!MD || !MD->getIdentifier() || MD->getNumParams() != 0)
        return true;
      const Expr *Obj = MC->getImplicitObjectArgument()->IgnoreParenImpCasts();
      llvm::StringRef N = MD->getName();
      if (N == "release")
        if (const auto *DRE = dyn_cast<DeclRefExpr>(Obj))
          Released |= DRE->getDecl() == Other;
      if (N.ends_with("_and_lock") && N.starts_with("unlock_") &&
          isLockableType(Obj->getType()))
        Converted = true;
      return true;
    }
  } V;
  V.Other = Ctor->getParamDecl(*Param);
  V.TraverseStmt(Ctor->getBody());
  if (!V.Released || !V.Converted)
    return std::nullopt;
  return Param;
}

/// The constructors of \p RD, those instantiated from a constructor
/// template included.
llvm::SmallVector<const CXXConstructorDecl *, 4>
allConstructors(const CXXRecordDecl *RD) {
  llvm::SmallVector<const CXXConstructorDecl *, 4> Out;
  for (const CXXConstructorDecl *C : RD->ctors())
    Out.push_back(C);
  for (const Decl *D : RD->decls())
    if (const auto *FTD = dyn_cast<FunctionTemplateDecl>(D))
      for (const FunctionDecl *Spec : FTD->specializations())
        if (const auto *C = dyn_cast<CXXConstructorDecl>(Spec))
          Out.push_back(C);
  return Out;
}

std::optional<GuardShape> shapeGuard(const CXXRecordDecl *RD) {
  RD = RD->getDefinition();
  // A class whose destructor unlocks itself (`~Lock() { unlock(); }`) asks
  // whether it is lockable while deciding whether it is a guard: inside
  // that question it is not a guard (no shape without a constructor that
  // locks a parameter), which ends the recursion.
  static thread_local llvm::SmallPtrSet<const CXXRecordDecl *, 4> Asking;
  if (!RD || RD->isInStdNamespace() || RD->isLambda() || !Asking.insert(RD).second)
    return std::nullopt;
  struct Done {
    const CXXRecordDecl *RD;
    ~Done() { Asking.erase(RD); }
  } Leave{RD};
  if (!dtorUnlocks(RD))
    return std::nullopt;
  for (const CXXConstructorDecl *C : RD->ctors()) {
    if (const CXXConstructorDecl *Def =
            dyn_cast_or_null<CXXConstructorDecl>(C->getDefinition()))
      C = Def;
    CtorLocks L = ctorLocks(C);
    // With an unlock() of its own it may be released early, like
    // unique_lock: its destructor then unlocks only what it still holds.
    if (!L.Params.empty())
      return GuardShape{L.Shared, hasMethod(RD, "unlock"), false};
  }
  // A guard built from another guard, whose lock it takes over exclusively.
  for (const CXXConstructorDecl *C : allConstructors(RD)) {
    if (const CXXConstructorDecl *Def =
            dyn_cast_or_null<CXXConstructorDecl>(C->getDefinition()))
      C = Def;
    if (convertedGuardParam(C))
      return GuardShape{false, hasMethod(RD, "unlock"), false};
  }
  return std::nullopt;
}

} // namespace

std::optional<GuardShape> guardShapeOf(const CXXRecordDecl *RD) {
  if (!RD)
    return std::nullopt;
  if (auto S = stdGuard(RD))
    return S;
  return shapeGuard(RD);
}

bool ownsLockableMember(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  for (const FieldDecl *F : RD->getDefinition()->fields())
    if (isLockableType(F->getType()) ||
        (F->getType()->isArrayType() &&
         isLockableType(
             F->getType()->getAsArrayTypeUnsafe()->getElementType())))
      return true;
  return false;
}

bool isPublicMethodOfLockingClass(const CXXMethodDecl *MD) {
  if (!MD || isa<CXXConstructorDecl, CXXDestructorDecl>(MD) ||
      MD->isStatic() || MD->getAccess() != AS_public || MD->isImplicit() ||
      MD->isCopyAssignmentOperator() || MD->isMoveAssignmentOperator())
    return false;
  return ownsLockableMember(MD->getParent());
}

namespace {
/// A POSIX synchronisation type named \p Names: a record of the global
/// namespace called so, or an anonymous one behind a typedef called so
/// (glibc's `typedef union { ... } pthread_mutex_t;`, for either standard
/// library).
bool isPosixRecord(const CXXRecordDecl *RD,
                   std::initializer_list<llvm::StringRef> Names) {
  if (!RD || !RD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return false;
  llvm::StringRef N;
  if (RD->getIdentifier())
    N = RD->getName();
  else if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
    N = TD->getName();
  return !N.empty() && llvm::is_contained(Names, N);
}
} // namespace

bool isLockableType(QualType T) {
  const CXXRecordDecl *RD = recordBehind(T);
  if (isPosixRecord(RD, {"pthread_mutex_t"}))
    return true;
  if (!RD || !RD->getIdentifier())
    return false;
  if (RD->isInStdNamespace())
    return isStdNamed(RD, {"mutex", "recursive_mutex", "timed_mutex",
                           "recursive_timed_mutex", "shared_mutex",
                           "shared_timed_mutex"});
  if (!hasMethod(RD, "lock") || !hasMethod(RD, "unlock"))
    return false;
  // A guard with lock()/unlock() of its own (a relockable guard) is not a
  // lockable: it names another object's lock.
  return !stdGuard(RD) && !shapeGuard(RD);
}

bool isSharedLockableType(QualType T) {
  const CXXRecordDecl *RD = recordBehind(T);
  return isLockableType(T) && hasMethod(RD, "lock_shared");
}

std::optional<GuardConstruction> guardConstruction(const Expr *Init) {
  if (!Init)
    return std::nullopt;
  const Expr *E = Init;
  while (true) {
    E = E->IgnoreImplicit();
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = FC->getSubExpr();
      continue;
    }
    break;
  }
  const auto *CE = dyn_cast<CXXConstructExpr>(E);
  if (!CE)
    return std::nullopt;
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  std::optional<GuardShape> Shape = guardShapeOf(Ctor->getParent());
  if (!Shape)
    return std::nullopt;
  GuardConstruction G;
  G.Shape = *Shape;
  if (Shape->Standard) {
    for (const Expr *A : CE->arguments()) {
      const CXXRecordDecl *Tag = recordBehind(A->IgnoreParenImpCasts()->getType());
      if (isStdNamed(Tag, {"defer_lock_t"})) {
        G.StartsHeld = false;
        continue;
      }
      if (isStdNamed(Tag, {"try_to_lock_t"})) {
        G.StartsHeld = false;
        G.TryLock = true;
        continue;
      }
      if (isStdNamed(Tag, {"adopt_lock_t"})) {
        G.Adopt = true;
        continue;
      }
      if (isLockableType(A->getType()))
        G.Locks.push_back({A, A->getType()->isPointerType()});
    }
    return G;
  }
  const CXXConstructorDecl *Def =
      dyn_cast_or_null<CXXConstructorDecl>(Ctor->getDefinition());
  if (std::optional<unsigned> P = convertedGuardParam(Def ? Def : Ctor)) {
    if (*P >= CE->getNumArgs())
      return std::nullopt;
    G.FromGuard = CE->getArg(*P);
    G.Shape.Shared = false;
    return G;
  }
  CtorLocks L = ctorLocks(Def ? Def : Ctor);
  if (L.Params.empty())
    return std::nullopt; // this constructor does not lock
  for (unsigned P : L.Params)
    if (P < CE->getNumArgs()) {
      const Expr *A = CE->getArg(P);
      G.Locks.push_back({A, A->getType()->isPointerType()});
    }
  G.Shape.Shared = L.Shared;
  return G;
}

bool isSynchronisationType(QualType T) {
  const CXXRecordDecl *RD = recordBehind(T);
  if (T.isNull())
    return false;
  {
    // Pointers are data (the pointer itself), unless to a sync object whose
    // identity is all that is shared: keep the old view that a pointer-typed
    // variable is data.
    QualType U = T.getNonReferenceType();
    while (const ArrayType *AT = U->getAsArrayTypeUnsafe())
      U = AT->getElementType();
    if (U->isPointerType())
      return false;
  }
  // pthread's mutex, condition variable, read-write lock and barrier and
  // POSIX semaphores: their operations synchronise.
  if (isPosixRecord(RD, {"pthread_mutex_t", "pthread_cond_t",
                         "pthread_rwlock_t", "pthread_barrier_t", "sem_t"}))
    return true;
  if (!RD || !RD->getIdentifier())
    return RD && RD->isLambda();
  if (RD->isLambda())
    return true;
  if (isLockableType(T) || guardShapeOf(RD))
    return true;
  if (RD->isInStdNamespace()) {
    llvm::StringRef N = RD->getName();
    return N.starts_with("atomic") || N.starts_with("condition_variable") ||
           N == "once_flag" || N == "latch" || N == "barrier" ||
           N == "counting_semaphore" || N == "binary_semaphore" ||
           N == "thread" || N == "jthread" || N == "future" ||
           N == "shared_future" || N == "promise" || N == "packaged_task" ||
           N == "stop_source" || N == "stop_token" || N == "stop_callback";
  }
  // Asio's execution contexts, executors and strands are documented as safe
  // to use from several threads at once; its other objects (sockets,
  // timers, buffers) are not, and are data like any other.
  for (const DeclContext *C = RD->getDeclContext(); C; C = C->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(C))
      if (NS->getName() == "asio") {
        llvm::StringRef N = RD->getName();
        if (N == "io_context" || N == "thread_pool" || N == "system_context" ||
            N == "strand" || N == "io_context_strand" ||
            N == "basic_executor_type" || N == "any_executor" ||
            N == "executor" || N == "any_io_executor" ||
            N == "executor_work_guard" || N == "basic_system_executor")
          return true;
        // Nested in io_context / thread_pool (their executor types).
        if (const auto *Outer = dyn_cast<CXXRecordDecl>(RD->getDeclContext()))
          if (Outer->getIdentifier() &&
              (Outer->getName() == "io_context" ||
               Outer->getName() == "thread_pool"))
            return true;
        return false;
      }
  return false;
}

} // namespace clang::tidy::conclint::utils
