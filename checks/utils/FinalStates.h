//===-- FinalStates.h - a monotonic state stored under a lock ---*- C++ -*-===//
//
// The lock-consistency rule's exception for a final state (issue 13,
// US-LC-SHUTDOWN-FLAG / USX-STATE-GATED): a shutdown that sets
// `stopping = true` under the lock, releases it, and then walks the thread
// vector that every writer changes only under the lock after testing
// `!stopping`. orders() decides, for an unlocked access A run by a public
// member function F and a locked write W of the same member run by another
// member function R holding the object's lock L, that W cannot run after A
// started:
//
//  (1) in F, a store `this->S = V` (S a field of integral, enumeration or
//      bool type, V a constant) made with L held (Lockset must set) reaches
//      A on every path with no other store to S in between (a forward
//      must-analysis on F's CFG; a call that may store S, see below, ends
//      the fact too), and so does it reach A inside the call through which
//      F reaches A (no call there may store S);
//  (2) W runs under a test showing S != V (`S != V`, `S == C` for a
//      constant C other than V, `!S` or `S` as a truth value, through
//      negations and `&&`/`||`, utils/Dataflow.h decidingOperand) made
//      under the same hold of L: a forward must-analysis on R's CFG whose
//      facts end wherever L is not must-held (a release, even one followed
//      by a re-acquire), at a call passing a guard (a condition-variable
//      wait gives the lock back), at a call that may store S or reaches a
//      lock operation (LockEffectsTable), at a virtual call, and at any
//      store to S. Where R holds L only because its callers do (R is
//      non-virtual, private or of a class only this translation unit sees,
//      its address never taken: SharedAccesses::callerHeld's helpers), the
//      facts at R's entry are those holding at every one of its visible
//      calls, each made on `this` (two levels of callers at most);
//  (3) S never leaves V: every use of S in the translation unit is a read,
//      a store of V, a store in a constructor of the object itself (`this`),
//      a store behind the test of (2) under L, or a store in F itself (by
//      (1), not between F's store of V and A); and all code that can store
//      S is visible: the class is one only this translation unit sees
//      (utils/SharedAccesses.h isTranslationUnitLocal), or S is private and
//      the class has no friend, no nested class and every member function
//      it declares defined here. Any other use (`&S`, a non-const reference
//      bound to it, `++S`, a store of a value not constant) is unknown: no
//      exemption.
// Then W's hold of L either ended before F's hold in which V was stored
// (W happens before the store, which precedes A in F) or began after it,
// and then S is V and W's test fails: A and W cannot overlap.
//
// "May store S" for a call: the callee (visible, user code) or a function it
// calls, up to four calls deep, stores S; deeper, or a virtual callee:
// assumed to store (the fact ends).
//
// Direction of approximation: every step under-approximates the facts (a
// fact that is not shown ends), so the exemption is taken only where the
// order is shown, with one stated assumption: a store of another value in F
// itself after A (the shutdown's own reset, `stopping = false` after the
// joins) is taken as not undoing another run of F's store, i.e. two runs of
// F do not overlap (the lock-consistency rule never pairs F with itself).
// Each (function, lock, field) is analysed once (memoised): the cost is
// linear in the bodies asked about, plus one walk of the translation unit's
// user code for the uses of fields and the calls of methods.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_FINALSTATES_H
#define CONCLINT_CHECKS_UTILS_FINALSTATES_H

#include "utils/Dataflow.h"
#include "utils/LockPath.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

#include <memory>

namespace clang::tidy::conclint::utils {

class FinalStates {
public:
  FinalStates(ASTContext &Ctx, CFGCache &CFGs);
  ~FinalStates();
  FinalStates(const FinalStates &) = delete;
  FinalStates &operator=(const FinalStates &) = delete;

  /// A state: the member S holds the constant V.
  struct State {
    const FieldDecl *Field = nullptr;
    llvm::APSInt Value;
  };

  /// (1): the states stored under \p L (a lock of `this`) in force at the
  /// unlocked access \p A, run at \p TopA (the statement of F's body that
  /// runs it) of the member function \p F; std::nullopt when none is shown.
  /// A must be in F's own body (an access in a callee is recorded for one
  /// of the roots reaching it only) and not inside a lambda.
  std::optional<llvm::SmallVector<State, 2>>
  storedBefore(const FunctionDecl *F, const Stmt *TopA, const Expr *A,
               const AccessPath &L);
  /// (2): the write \p W, run at \p TopW of the member function \p R
  /// while holding \p L, runs behind a test showing the state is not \p S
  /// made under the same hold of L. W is judged in \p WBody, the function
  /// whose body the walk found it in (Access::BodyFn; a helper: at every
  /// visible call); a write inside a lambda or a block never is (it may run
  /// later, outside the gate).
  bool gated(const FunctionDecl *R, const Stmt *TopW, const Expr *W,
             const FunctionDecl *WBody, const AccessPath &L, const State &S);
  /// (3): the state never leaves \p S once stored (\p F's own stores
  /// excepted, see the header).
  bool neverLeaves(const State &S, const AccessPath &L,
                   const FunctionDecl *F);

  /// The order, for a pair of accesses, is: a state S in storedBefore() of
  /// the unlocked access, gated() for the write, neverLeaves() for S with
  /// the unlocked access's F. A client comparing classes of accesses asks
  /// for a state common to every unlocked access and every write (linear in
  /// the two classes, each question memoised).

  struct Impl;

private:
  std::unique_ptr<Impl> P;
};

} // namespace clang::tidy::conclint::utils

#endif
