//===-- SyncTypes.h - lockables, guards and synchronisation objects -*- C++ -*-===//
//
// Recognises the types that take part in synchronisation, by shape first and
// by the standard library's names where the entity is known:
//  - a lockable: std::mutex and friends, pthread_mutex_t (also glibc's
//    anonymous union behind that typedef), and any class with
//    lock() and unlock() members (inherited ones count) that is not a guard;
//    lock_shared()/unlock_shared() make it a shared lockable;
//  - a guard: std::lock_guard, scoped_lock, unique_lock, shared_lock, and
//    any class one of whose constructors locks (lock() or lock_shared()) a
//    lockable it receives as a reference or pointer parameter (directly or
//    through a member initialised from it, in its body or in a method of
//    its own it calls on `this`: Boost's `shared_lock(M &m) : m(&m) {
//    lock(); }`) and whose destructor unlocks a
//    lockable (directly, or in a method of its own it calls on `this`:
//    `~G() { unlock(); }`): a project's ScopedSpinLock works exactly like
//    lock_guard; such a guard with an unlock() of its own is relockable
//    (released early, like unique_lock). A constructor that calls no
//    lock() or lock_shared() on the lockable it received, but another
//    non-const member of it that takes no argument and returns nothing
//    (pplx's `scoped_lock_read(rw &l) : m(l) { m.lock_read(); }`), with the
//    destructor unlocking, acquires it by another name: held shared (it
//    excludes the holders of lock(); whether it excludes its own other
//    holders is not known). The destructor may release by another name
//    too: `unlock_` and what it releases, no argument, returning nothing
//    (Boost's upgrade_lock: `lock_upgrade()` / `unlock_upgrade()`); a
//    conversion (`unlock_upgrade_and_lock()`) is no release; a class whose
//    constructor takes another guard by reference, calls `release()` on it
//    and converts the lockable it got to exclusive (`unlock_upgrade_and_lock()`,
//    caf's upgrade_to_unique_lock), with the destructor unlocking, is a
//    guard that holds the other guard's lock exclusively from then on;
//  - a synchronisation object: lockables, guards, atomics, condition
//    variables (pthread_cond_t too; pthread_rwlock_t, pthread_barrier_t
//    and sem_t as well), once flags, latches, barriers, semaphores, futures,
//    promises, packaged tasks, stop tokens, thread handles, closures, and
//    Asio's execution contexts, executors and strands (documented as safe to
//    share). These are never "shared data": their own operations
//    synchronise (or they are handles).
//
// Direction of approximation: a class is a guard only when both halves of
// the shape are visible (constructor and destructor bodies); a guard whose
// bodies live in another translation unit is not recognised, so its scope
// does not count as holding a lock (the race check may then report, but a
// lock-order or double-lock check built on it stays silent). Whether a
// *user* class synchronises itself (issue 13's rule) is answered by
// SelfSyncOracle in Accesses.h, not here.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_SYNCTYPES_H
#define CONCLINT_CHECKS_UTILS_SYNCTYPES_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace clang::tidy::conclint::utils {

/// The class behind \p T (through references, pointers and arrays).
const CXXRecordDecl *recordBehind(QualType T);

/// True for a lockable type (see the header).
bool isLockableType(QualType T);

/// True if \p RD has a lockable member (or an array of them): a class that
/// locks, whose public methods conclint-lock-order-inversion takes as
/// callable from any thread.
bool ownsLockableMember(const CXXRecordDecl *RD);
/// A public, non-static, user-written member function (not a constructor,
/// destructor or assignment) of a class that owns a lockable member.
bool isPublicMethodOfLockingClass(const CXXMethodDecl *MD);
/// True for a lockable with lock_shared()/unlock_shared().
bool isSharedLockableType(QualType T);

/// What a guard class does with its lock.
struct GuardShape {
  bool Shared = false;     ///< holds the lock shared (std::shared_lock)
  bool Relockable = false; ///< has lock()/unlock() of its own (unique_lock)
  bool Standard = false;   ///< one of the std guards
};

/// The guard shape of \p RD, or std::nullopt if it is not a guard.
std::optional<GuardShape> guardShapeOf(const CXXRecordDecl *RD);
inline bool isGuardType(QualType T) {
  return guardShapeOf(recordBehind(T)).has_value();
}

/// One construction of a guard object.
struct GuardConstruction {
  /// The arguments that name the locks taken (a lockable lvalue, or a
  /// pointer to one when ByPointer).
  struct LockArg {
    const Expr *Arg = nullptr;
    bool ByPointer = false;
  };
  llvm::SmallVector<LockArg, 2> Locks;
  GuardShape Shape;
  bool StartsHeld = true; ///< false with std::defer_lock / try_to_lock
  bool TryLock = false;   ///< std::try_to_lock: held only if it succeeded
  bool Adopt = false;     ///< std::adopt_lock: already held by the caller
  /// A guard that takes over the lock another guard holds and converts it
  /// to an exclusive hold (caf's `upgrade_to_unique_lock uguard{guard}`):
  /// the argument naming that other guard. Locks is then empty: the locks
  /// are those the other guard holds, which the lockset knows.
  const Expr *FromGuard = nullptr;
};

/// The guard constructed by \p CE (looked through for a variable's
/// initialiser: functional casts, temporaries); std::nullopt if \p CE does
/// not construct a guard.
std::optional<GuardConstruction> guardConstruction(const Expr *Init);

/// True for a synchronisation object (see the header).
bool isSynchronisationType(QualType T);

} // namespace clang::tidy::conclint::utils

#endif
