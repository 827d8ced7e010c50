//===-- LockScopes.h - what a body does with locks, read cheaply -*- C++
//-*-===//
//
// Small syntactic facts about lock operations in one body, used next to the
// flow-sensitive facts of utils/Lockset.h by blocking-call-under-lock and
// unreleased-lock:
//
//  - takesLocks(Body): a quick pre-filter. False when no statement of the
//    body (nested lambdas and local classes excluded: their bodies are
//    functions of their own) can acquire a lock: no call of a member named
//    lock/lock_shared/try_lock/try_lock_shared on a lockable or guard, no
//    std::lock, no pthread_mutex_lock/trylock, no guard variable. A check
//    that only cares about locks taken in the body may skip building the
//    CFG and the lock facts when it is false (the facts would be empty).
//  - callsOf(Body): the calls of the body in source order, nested lambdas,
//    blocks and local classes excluded (what they call runs when they are
//    invoked, not where they are written).
//  - earlyExitsOf(Body): the return, break, continue and throw statements
//    of the body, with the same exclusions as callsOf.
//  - releasesForeignLock(FD): true when \p FD's body may release a lock it
//    did not take itself: an unlock()/unlock_shared()/release() of a
//    lockable or guard that is not a local variable of the body, a
//    pthread_mutex_unlock of something else than a local's address, or a
//    condition-variable wait on a lock the body did not lock itself. A
//    caller that holds a lock and calls such a function cannot know what is
//    still held after (silence).
//
// Direction of approximation: takesLocks over-approximates (a name match is
// enough to say "may"); releasesForeignLock over-approximates (any release
// it cannot prove local counts), so a client that stays silent on it never
// reports a lock that a callee may have released.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_LOCKSCOPES_H
#define CONCLINT_CHECKS_UTILS_LOCKSCOPES_H

#include "utils/BlockingCalls.h"

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::conclint::utils {

/// See the header.
bool takesLocks(const Stmt *Body);

/// See the header.
llvm::SmallVector<const CallExpr *, 16> callsOf(const Stmt *Body);

/// The statements of \p Body that may leave an enclosing scope early
/// (return, break, continue, throw), in source order, nested lambdas,
/// blocks and local classes excluded.
llvm::SmallVector<const Stmt *, 8> earlyExitsOf(const Stmt *Body);

/// See the header; \p Catalogue recognises the condition-variable waits.
bool releasesForeignLock(const FunctionDecl *FD,
                         const BlockingCatalogue &Catalogue);

} // namespace clang::tidy::conclint::utils

#endif
