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
//  - a branch on any guard's ownership (`lk.owns_lock()`, `lk` or
//    `bool(lk)` as a condition): its locks are held on the true edge and
//    not held through it on the false edge (dropped from the must and may
//    sets, not added to mustNotHold), so `if (!lk.owns_lock()) lk.lock();`
//    joins to held and is no relock;
//  - a condition `a && b` / `a || b` decides each edge out of the block
//    that evaluates `b` by `b` alone (the CFG gives each operand its own
//    block): `if (fast || lk.try_lock())` holds the lock on the try_lock's
//    true edge;
//  - manual m.lock()/unlock(), lock_shared()/unlock_shared(), try_lock()
//    (held on the true branch of the condition that calls it),
//    std::lock(a, b, ...), pthread_mutex_lock/unlock (a pthread_mutex_lock
//    whose result a condition tests, `if (pthread_mutex_lock(&m))` or
//    compared with 0, holds the lock only on the edge where it returned 0);
//  - a guard variable whose locks are not must-held, handed by non-const
//    reference or pointer to any other call (`boost::lock(lk1, lk2)` on
//    deferred guards, `swap(lk, other)`, a helper locking its parameter, a
//    function defined elsewhere) may come back owning them: unless the
//    callee's effects show a lock held by name, the must and may sets get
//    the unknown lock after the call and mustNotHold drops the guard's
//    locks. Not for a callee shown to reach no lock operation (a followed
//    body: LockEffectsTable, or the LockReach a client passes), a builtin
//    cast (std::move, std::forward), or a const reference.
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
//  - Assignments: a statement that writes a variable V (`p = q`, `++p`,
//    `i += 1`, builtin or overloaded) ends every fact about a path that
//    reaches its object through V's value (`*p`, `p->m`, `a[i]`): the same
//    text names another mutex afterwards, as in a loop locking each element
//    of an array through an advancing pointer. A lock dropped from the must
//    or may set that way leaves the unknown lock in its place (it is still
//    held, under no name). Writes the transfer does not see (V's address
//    passed on, a non-const reference bound to it) keep the old facts.
//  - mustNotHoldAt: locks certainly NOT held on every path to the statement
//    (released earlier in the body on every path and not taken again; the
//    entry state knows nothing, so a lock the caller may hold is never in
//    it): the proof a double-unlock report needs.
//
// Calls (opt-in, analyze's \p Callees): with a LockEffectsTable, a call of a
// function whose body is visible in the translation unit changes the
// caller's lockset as the callee does: a callee that returns with a lock
// held (acquired and not released on every path) adds it, one that releases
// a lock it did not take (its caller's) removes it, unless the callee, run
// once more with that lock held at entry, holds it again at its exit (on
// every path: the caller still holds it; on some: the caller may). Every lock the callee
// takes (anywhere in it, through further calls too) is an Acquire event at
// the call site with the call chain in Via (marked AfterRelease when the
// callee takes it only after releasing it on every path before: the
// caller's hold is given back first, as in `mu.unlock(); io(); mu.lock();`
// run with the caller's lock held), and makes order edges from the
// caller's held locks; the callee's own order edges are carried up with the
// chain. Callee locks are translated to the caller's names: a path rooted at
// a reference parameter is rebased on the argument, one rooted at a pointer
// parameter on the argument's pointee, one rooted at `this` on the call's
// object, globals stay; a lock of the callee's own locals, and any lock that
// cannot be translated, is dropped (silence). Not followed: callees in
// system headers, virtual calls (the body may be overridden), callees
// without a body here, and a call back into a function whose summary is
// being computed (recursion contributes nothing).
//
// Pairs taken together by one statement (std::scoped_lock(a, b),
// std::lock(a, b)) use the standard library's deadlock avoidance: no order
// edge is recorded between them.
//
// Direction of approximation: must sets under-approximate (a lock the
// analysis cannot see being taken is not in it), may sets over-approximate
// what the analysis sees, but both miss locks taken inside callees it does
// not follow (see above). A non-converged solution (Converged = false)
// yields no facts at all (analyze returns null): callers stay silent on that
// function.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_LOCKSET_H
#define CONCLINT_CHECKS_UTILS_LOCKSET_H

#include "utils/CallSummaries.h"
#include "utils/Dataflow.h"
#include "utils/LockPath.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
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
  /// Drops every lock whose path names its object through the value of \p V
  /// (AccessPath::dependsOnValueOf): V was just assigned, the text now
  /// names another object. Returns true if one was dropped.
  bool forgetValueOf(const ValueDecl *V);

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
  /// An event inside a callee: Via.Steps[0].Call is Site, Via.Root the lock
  /// operation in the last callee. Empty for an operation of the body.
  CallChain Via;
  /// A scoped release by a guard that unlocks unconditionally
  /// (std::lock_guard, std::scoped_lock) of a lock the body already
  /// released: recorded so that a double unlock can be reported.
  bool NotHeldRelease = false;
  /// For NotHeldRelease: where the lock was released before.
  const Stmt *PriorRelease = nullptr;
  /// An acquire inside a callee that the callee makes only after it released
  /// the same lock on every path before (`mu.unlock(); work(); mu.lock();`):
  /// a lock the caller holds at the call is given back first, so this is a
  /// re-acquire, never a second acquire of the caller's hold.
  bool AfterRelease = false;
};

/// `Held` was held when `Acquired` was acquired.
struct LockOrderEdge {
  AccessPath Held;
  const Stmt *HeldSite = nullptr;
  AccessPath Acquired;
  const Stmt *AcquiredSite = nullptr;
  /// Calls from the analysed body down to the function holding HeldSite
  /// (resp. AcquiredSite); empty when the site is in the body itself.
  llvm::SmallVector<CallStep, 2> HeldChain, AcquiredChain;
  /// The other locks certainly held when Acquired was taken (gate locks).
  llvm::SmallVector<AccessPath, 2> AlsoHeld;
};

/// What calling one function does to its caller's locks, in the callee's
/// own names (parameters, `this`, globals; see the header).
struct LockEffects {
  struct Op {
    AccessPath Lock;
    bool Shared = false;
    /// The calls inside the callee down to the operation (Root).
    CallChain Chain;
    /// For Acquires: taken only after the callee released it on every path
    /// before (see LockEvent::AfterRelease).
    bool AfterRelease = false;
    /// For Releases: whether the callee, run with the lock held at entry,
    /// holds it again at its exit on every path (Held: `unlock(); io();
    /// lock();` on every path that releases) or on some path (MayHeld); the
    /// caller's lock set after the call follows that, not the bare release.
    enum ExitHold { NotHeld, MayHeld, Held } AtExit = NotHeld;
  };
  /// Every lock taken: one site per lock, the first that is not AfterRelease
  /// if there is one, else the first.
  std::vector<Op> Acquires;
  std::vector<Op> HeldAtExit; ///< taken and held on every path at the exit
  std::vector<Op> Releases;   ///< released without being taken: the caller's
  std::vector<LockOrderEdge> Edges; ///< order edges inside (deduplicated)
  bool empty() const {
    return Acquires.empty() && Releases.empty() && Edges.empty();
  }
};

class FunctionLockFacts;

/// Whether calling a function reaches a lock operation: a lock, try-lock or
/// unlock in its body or in a function it calls (followed as below), over
/// strongly connected components (utils/CallSummaries.h). LockEffectsTable
/// prunes with it; a client that follows calls itself and needs only this
/// (SharedAccesses) passes its own to analyze(). A function without a body
/// here reaches none; ask only about followed callees.
class LockReach {
public:
  LockReach();
  ~LockReach();
  LockReach(const LockReach &) = delete;
  LockReach &operator=(const LockReach &) = delete;
  bool reaches(const FunctionDecl *FD);
  void clear();

private:
  CallSummaries Sums;
};

/// The memoised LockEffects of the functions of one translation unit,
/// computed on demand (a callee before its caller). A CallSummaries family
/// ("reaches a lock operation") prunes the functions that need no lock
/// analysis at all, over strongly connected components. Only the summaries
/// are kept: the CFG and lock facts of a callee are freed once it is
/// summarised (a CFG the client had put in the shared CFGCache stays).
class LockEffectsTable {
public:
  /// \p MaxDepth bounds the length of the call chains kept (CallDepth).
  LockEffectsTable(CFGCache &CFGs, unsigned MaxDepth = UnlimitedCallDepth);
  ~LockEffectsTable();
  /// The effects of calling \p FD; null when calling it has none or is not
  /// followed (see the header).
  const LockEffects *effectsOf(const FunctionDecl *FD);
  unsigned maxDepth() const { return MaxDepth; }
  /// True if \p FD's body, or a function it calls (followed as above),
  /// performs a lock operation: a function for which this is false has no
  /// lock facts worth computing.
  bool reachesLockOperation(const FunctionDecl *FD) {
    return Touches.reaches(FD);
  }
  /// The reach family itself (for the handed-guard rule).
  LockReach &reach() { return Touches; }
  /// Forgets everything (a new translation unit).
  void clear();

private:
  CFGCache &CFGs;
  unsigned MaxDepth;
  LockReach Touches;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<LockEffects>> Done;
  llvm::DenseSet<const FunctionDecl *> InProgress;
};

/// True if a call of \p FD is followed into its body for lock effects (has
/// a body, not in a system header, not virtual).
const FunctionDecl *followedCallee(const CallExpr *Call);

/// The lock facts of one body (see the header).
class FunctionLockFacts {
public:
  /// Runs the analysis over \p G from \p Entry. Null if the solver did not
  /// converge.
  /// \p Reach, for a client that does not pass \p Callees, says which
  /// callees reach no lock operation (a guard handed to one stays as it
  /// was); without either, every call handed a guard may lock it.
  static std::unique_ptr<FunctionLockFacts>
  analyze(const FunctionCFG &G, ASTContext &Ctx,
          const LockSet &Entry = LockSet(),
          LockEffectsTable *Callees = nullptr, LockReach *Reach = nullptr);
  ~FunctionLockFacts();

  /// Locks held on every path to \p S; null if \p S is unreachable or not in
  /// the body.
  const LockSet *mustHoldAt(const Stmt *S) const;
  /// Locks held on some path to \p S; null as for mustHoldAt.
  const LockSet *mayHoldAt(const Stmt *S) const;
  /// Locks certainly not held on any path to \p S (see the header).
  const LockSet *mustNotHoldAt(const Stmt *S) const;
  llvm::ArrayRef<LockEvent> events() const { return Events; }
  llvm::ArrayRef<LockOrderEdge> orderEdges() const { return Edges; }
  /// At the exit block; null if the exit is unreachable.
  const LockSet *mustHoldAtExit() const {
    return ExitState ? &ExitState->Must : nullptr;
  }
  const LockSet *mayHoldAtExit() const {
    return ExitState ? &ExitState->May : nullptr;
  }
  const FunctionCFG &cfg() const { return *G; }
  const ParentMap &parents() const { return G->parents(); }
  /// The constant local pointers of the body (for callers naming objects).
  const AliasMap &aliases() const { return Aliases; }

  /// The lock states at one point.
  struct States {
    LockSet Must, May, NotHeld;
    bool operator==(const States &O) const {
      return Must == O.Must && May == O.May && NotHeld == O.NotHeld;
    }
    bool operator!=(const States &O) const { return !(*this == O); }
  };

private:
  FunctionLockFacts() = default;
  const FunctionCFG *G = nullptr;
  AliasMap Aliases;
  /// The states before each statement, interned: a statement maps to an
  /// index into Distinct. Consecutive statements mostly share one state (it
  /// changes only at lock operations and joins), so the facts of a body cost
  /// a few bytes per statement, not a copy of three lock sets each.
  llvm::DenseMap<const Stmt *, unsigned> Before;
  std::vector<States> Distinct;
  std::vector<LockEvent> Events;
  std::vector<LockOrderEdge> Edges;
  std::optional<States> ExitState;
  const States *lookup(const Stmt *S) const;
};

} // namespace clang::tidy::conclint::utils

#endif
