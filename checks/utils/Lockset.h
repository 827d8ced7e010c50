//===-- Lockset.h - lock facts of one function ------------------*- C++ -*-===//
//
// The lock facts of one function body, computed once on the shared dataflow
// engine (utils/Dataflow.h) over the body's cached CFG. The base of every
// check about locks: unguarded shared state today; lock-order inversion,
// double lock, blocking under a lock and unreleased locks next.
//
// Locks are named by access paths (utils/LockPath.h): `m`, `acct.m`,
// `this->mu_`, `accts[i].m`. A lock operation whose lock cannot be named (a
// call result, a smart pointer) acquires the "unknown lock" instead: a
// LockSet says hasUnknown(), and a client must treat it as "some lock is
// held, maybe the one you need" (silence, not a report).
//
// What is understood (lockables and guards by shape, utils/SyncTypes.h):
//  - RAII guards (std::lock_guard, scoped_lock, unique_lock, shared_lock and
//    any project class with the guard shape): acquire at the declaration,
//    release at the end of the variable's scope (the CFG's implicit
//    destructor); std::defer_lock starts unlocked, std::adopt_lock takes over
//    a lock already held, std::try_to_lock is a TryAcquire event whose lock is
//    held on the branch that tests the guard (`if (lk)`, `lk.owns_lock()`);
//    unique_lock/shared_lock's own lock()/unlock()/try_lock();
//  - manual m.lock()/unlock(), lock_shared()/unlock_shared(), try_lock()
//    (held on the true branch of the condition that calls it),
//    std::lock(a, b, ...), pthread_mutex_lock/unlock.
//
// Facts (all per statement of the body, looked up through parents for
// sub-expressions and lambda bodies written inside the body):
//  - mustHoldAt: locks held on every path to the statement (intersection at
//    joins; a shared hold wins over an exclusive one);
//  - mayHoldAt: locks held on some path (union at joins);
//  - events(): every acquire, release and try-acquire, with the lock, shared
//    or exclusive, scoped (RAII) or manual, and its statement;
//  - orderEdges(): for each acquire, one edge from every lock certainly held
//    there (must set) to the lock acquired, with both sites: the input of a
//    lock-order (inversion) check;
//  - mustHoldAtExit / mayHoldAtExit: at the exit block. When the FunctionCFG
//    was built with exception edges, paths that leave through a throw are
//    included (a lock taken manually and not released before a throw shows
//    up in mayHoldAtExit).
// The entry state (locks held by the caller) is a parameter: a caller that
// follows calls passes its own must set at the call site.
//
// Direction of approximation: must sets under-approximate (a lock the
// analysis cannot see being taken is not in it), may sets over-approximate
// what the analysis sees, but both miss locks taken inside callees (no
// interprocedural effect: a function that returns with a lock held is not
// modelled). A non-converged solution (Converged = false) yields no facts at
// all (analyze returns null): callers stay silent on that function.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_LOCKSET_H
#define CONCLINT_CHECKS_UTILS_LOCKSET_H

#include "utils/Dataflow.h"
#include "utils/LockPath.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conclint::utils {

/// One lock held.
struct HeldLock {
  AccessPath Lock;
  bool Shared = false;          ///< held through a shared acquire
  const Stmt *Site = nullptr;   ///< where it was acquired (one of the sites)
  bool operator==(const HeldLock &O) const {
    return Lock == O.Lock && Shared == O.Shared; // the site is a note only
  }
};

/// A small sorted set of held locks, plus the unknown lock.
class LockSet {
public:
  void acquire(const AccessPath &L, bool Shared, const Stmt *Site = nullptr);
  void release(const AccessPath &L);
  void acquireUnknown() { Unknown = true; }
  void releaseUnknown() { Unknown = false; }
  /// Must-join: keeps the locks held in both (a shared hold wins).
  void intersectWith(const LockSet &O);
  /// May-join: keeps the locks held in either (an exclusive hold wins).
  void unionWith(const LockSet &O);
  /// Rewrites every lock whose path starts at parameter \p P to start at
  /// \p Arg instead (a caller binding its argument to the parameter).
  void bindParam(const ValueDecl *P, const AccessPath &Arg);

  bool holds(const AccessPath &L) const;
  bool holdsExclusively(const AccessPath &L) const;
  bool hasUnknown() const { return Unknown; }
  bool empty() const { return Locks.empty() && !Unknown; }
  llvm::ArrayRef<HeldLock> locks() const { return Locks; }
  bool operator==(const LockSet &O) const {
    return Unknown == O.Unknown && Locks == O.Locks;
  }
  bool operator!=(const LockSet &O) const { return !(*this == O); }
  /// "acct.m, this->mu_ (shared)" for diagnostics and tests.
  std::string str() const;

private:
  llvm::SmallVector<HeldLock, 2> Locks;
  bool Unknown = false;
};

/// One lock operation.
struct LockEvent {
  enum EventKind { Acquire, Release, TryAcquire } Kind = Acquire;
  std::optional<AccessPath> Lock; ///< std::nullopt: the unknown lock
  bool Shared = false;
  bool Scoped = false; ///< by an RAII guard (acquire, or release at scope end)
  /// The statement (a call, a declaration); for a release at scope end, the
  /// statement that ends the guard's scope (CFG trigger statement).
  const Stmt *Site = nullptr;
  const VarDecl *Guard = nullptr; ///< the guard variable, if any
};

/// `Held` was held when `Acquired` was acquired.
struct LockOrderEdge {
  AccessPath Held;
  const Stmt *HeldSite = nullptr;
  AccessPath Acquired;
  const Stmt *AcquiredSite = nullptr;
};

/// The lock facts of one body (see the header).
class FunctionLockFacts {
public:
  /// Runs the analysis over \p G from \p Entry. Null if the solver did not
  /// converge.
  static std::unique_ptr<FunctionLockFacts>
  analyze(const FunctionCFG &G, ASTContext &Ctx,
          const LockSet &Entry = LockSet());
  ~FunctionLockFacts();

  /// Locks held on every path to \p S; null if \p S is unreachable or not in
  /// the body.
  const LockSet *mustHoldAt(const Stmt *S) const;
  /// Locks held on some path to \p S; null as for mustHoldAt.
  const LockSet *mayHoldAt(const Stmt *S) const;
  llvm::ArrayRef<LockEvent> events() const { return Events; }
  llvm::ArrayRef<LockOrderEdge> orderEdges() const { return Edges; }
  /// At the exit block; null if the exit is unreachable.
  const LockSet *mustHoldAtExit() const {
    return ExitState ? &ExitState->first : nullptr;
  }
  const LockSet *mayHoldAtExit() const {
    return ExitState ? &ExitState->second : nullptr;
  }
  const FunctionCFG &cfg() const { return *G; }
  const ParentMap &parents() const { return G->parents(); }
  /// The constant local pointers of the body (for callers naming objects).
  const AliasMap &aliases() const { return Aliases; }

private:
  FunctionLockFacts() = default;
  const FunctionCFG *G = nullptr;
  AliasMap Aliases;
  llvm::DenseMap<const Stmt *, std::pair<LockSet, LockSet>> Before;
  std::vector<LockEvent> Events;
  std::vector<LockOrderEdge> Edges;
  std::optional<std::pair<LockSet, LockSet>> ExitState;
  const std::pair<LockSet, LockSet> *lookup(const Stmt *S) const;
};

} // namespace clang::tidy::conclint::utils

#endif
