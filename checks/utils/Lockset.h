//===-- Lockset.h - which mutexes are held where ------------------*- C++ -*-===//
//
// A must-hold lockset analysis over the CFG of one function: for every
// expression of the body it tells which mutexes are certainly held when the
// expression runs. Understands std::lock_guard, std::scoped_lock,
// std::unique_lock (with defer_lock / adopt_lock and its unlock()/lock()),
// std::shared_lock (a shared hold, enough for reads only), std::lock, manual
// m.lock()/m.unlock() (and the _shared variants) and pthread_mutex_lock.
// Callers that follow calls pass the caller's lockset as the entry state, so a
// callee called with a lock held inherits it.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_LOCKSET_H
#define CONCLINT_CHECKS_UTILS_LOCKSET_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <string>

namespace clang {
class CFG;
class ParentMap;
} // namespace clang

namespace clang::tidy::conclint::utils {

/// One mutex held, identified by its declaration (a variable, parameter or
/// data member).
struct HeldLock {
  const ValueDecl *Mutex = nullptr;
  bool Shared = false; ///< held through shared_lock / lock_shared()
  bool operator==(const HeldLock &O) const {
    return Mutex == O.Mutex && Shared == O.Shared;
  }
};

/// A small sorted set of held mutexes.
class LockSet {
public:
  void acquire(const ValueDecl *M, bool Shared);
  void release(const ValueDecl *M);
  /// Keeps only the locks held in both (a shared hold wins over exclusive).
  void intersectWith(const LockSet &O);
  bool holds(const ValueDecl *M) const;
  bool holdsExclusively(const ValueDecl *M) const;
  bool empty() const { return Locks.empty(); }
  llvm::ArrayRef<HeldLock> locks() const { return Locks; }
  bool operator==(const LockSet &O) const { return Locks == O.Locks; }
  bool operator!=(const LockSet &O) const { return !(*this == O); }
  /// "m, n" for diagnostics and tests.
  std::string str() const;

private:
  llvm::SmallVector<HeldLock, 2> Locks;
};

/// True for std mutex types and any class with lock() and unlock() members.
bool isMutexType(QualType T);

/// True for std::lock_guard, scoped_lock, unique_lock and shared_lock.
bool isLockGuardType(QualType T);

/// The declaration naming the mutex in \p E (`m`, `this->m`, `obj.m`, `*pm`);
/// null when it cannot be named.
const ValueDecl *mutexDeclOf(const Expr *E);

/// The locksets of one function body.
class FunctionLocksets {
public:
  /// Runs the analysis over \p Body of \p D (a function, method or lambda
  /// call operator), starting from \p Entry. Returns null if no CFG can be
  /// built.
  static std::unique_ptr<FunctionLocksets>
  analyze(const Decl *D, const Stmt *Body, ASTContext &Ctx,
          const LockSet &Entry = LockSet());
  ~FunctionLocksets();

  /// Mutexes certainly held when \p S runs (S inside the body). Statements
  /// the CFG does not list are looked up through their parents; null for
  /// statements that are unreachable or outside the body.
  const LockSet *heldAt(const Stmt *S) const;

  /// The parent map of the body, shared with callers that classify accesses.
  const ParentMap &parents() const { return *PM; }

private:
  FunctionLocksets() = default;
  llvm::DenseMap<const Stmt *, LockSet> Before;
  std::unique_ptr<ParentMap> PM;
};

} // namespace clang::tidy::conclint::utils

#endif
