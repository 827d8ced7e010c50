//===-- GuardWitness.h - a guard the caller passes in, followed -*- C++ -*-===//
//
// A function that takes a relockable guard by lvalue reference
// (`valid(unique_lock<mutex> &)`, any guard class with lock()/unlock() of
// its own, utils/SyncTypes.h) receives its caller's lock: the caller passes
// the guard it holds. Unlike a `lock_guard &`, such a guard may be
// released inside the function. This analysis answers, at each statement
// of the function's body, whether the guard is still as the caller passed
// it (held, when the caller held it), over the body's CFG (utils/Dataflow):
//
//  - held at entry;
//  - lost at any other use of the parameter: a member call on it that is
//    not const (`unlock()`, `release()`, `swap()`), passing it to a call or
//    a constructor, binding it to a reference, capturing it (whatever
//    receives it may release it);
//  - held again after what provably returns with it locked:
//      - its own `lock()`;
//      - a condition-variable wait with it (`cv.wait(lk)`, `wait_for`,
//        `wait_until`, `timed_wait`, on a class named condition_variable*
//        in any namespace: the wait returns with the lock held, also on a
//        timeout);
//      - a call of a function followed here (body visible, not virtual, not
//        in a system header) that takes it as a guard parameter of the same
//        kind and, by this same analysis of its body, holds it at its exit
//        on every path (Boost.Thread's `do_callback(lk)`);
//      - the end of the scope of a local object constructed with it whose
//        class's destructor locks it again (a "relocker": a reference
//        member initialised from the constructor's parameter, and a
//        destructor whose body is `m.lock();` or
//        `if (!m.owns_lock()) m.lock();`);
//  - at a join: held only if held on every incoming path.
//
// Direction of approximation: "held" is under-approximated: anything not
// shown to leave the guard locked loses it. A client that seeds the body
// with its callers' locks (SharedAccesses::callerHeld) keeps them only where
// this says held, so an unknown use reports as today, never hides a race.
// Recursion and a call chain deeper than MaxDepth: lost.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_GUARDWITNESS_H
#define CONCLINT_CHECKS_UTILS_GUARDWITNESS_H

#include "utils/Dataflow.h"

#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <optional>
#include <vector>

namespace clang::tidy::conclint::utils {

/// The first parameter of \p FD that takes a relockable guard by lvalue
/// reference (`unique_lock<mutex> &`); null if none.
const ParmVarDecl *relockableGuardParam(const FunctionDecl *FD);

/// A condition-variable wait: wait/wait_for/wait_until/timed_wait on a
/// class named condition_variable* (std, Boost or a project's of the same
/// name): it returns with the lock it was given (argument 0) held, and
/// evaluates its predicate (its last argument) with it held.
bool isConditionWait(const CXXMemberCallExpr *MC);

/// Whether the guard parameter is still held, per statement of one body.
class GuardWitness {
public:
  /// The guard held on every path to \p S (before \p S runs).
  bool heldAt(const Stmt *S) const;
  /// The guard held on every path at the exit.
  bool heldAtExit() const { return AtExit; }

private:
  friend class GuardWitnessTable;
  const FunctionCFG *G = nullptr;
  const ParmVarDecl *P = nullptr;
  class GuardWitnessTable *Table = nullptr;
  std::vector<std::optional<bool>> In;
  bool AtExit = false;
};

/// The GuardWitness of (function, parameter) pairs of one translation unit,
/// memoised.
class GuardWitnessTable {
public:
  GuardWitnessTable(CFGCache &CFGs, ASTContext &Ctx, unsigned MaxDepth = 8)
      : CFGs(CFGs), Ctx(Ctx), MaxDepth(MaxDepth) {}
  /// The facts of \p FD's body for its guard parameter \p P; null when no
  /// CFG can be built, the solver did not converge, or \p FD is being
  /// analysed (recursion).
  const GuardWitness *of(const FunctionDecl *FD, const ParmVarDecl *P,
                         unsigned Depth = 0);

  /// The transfer of one element (internal, used by GuardWitness too).
  void transfer(const GuardWitness &W, const CFGElement &E, bool &Held,
                unsigned Depth);

private:
  bool relocks(const CallExpr *Call, const ParmVarDecl *P, unsigned Depth);
  CFGCache &CFGs;
  ASTContext &Ctx;
  unsigned MaxDepth;
  llvm::DenseMap<const ParmVarDecl *, std::unique_ptr<GuardWitness>> Done;
  llvm::DenseSet<const ParmVarDecl *> InProgress;
  /// Local objects of a relocker class constructed with the guard.
  llvm::DenseMap<const VarDecl *, bool> RelockerVars;
};

} // namespace clang::tidy::conclint::utils

#endif
