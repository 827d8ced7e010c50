//===-- HappensBefore.h - synchronisation edges beyond join ----*- C++ -*-===//
//
// The release and acquire operations of one body, grouped by the object
// they synchronise through (the channel, named by an access path), and the
// two questions a race check asks about them:
//  - beforeAllReleases(C, S): S never runs after a release of C in this body
//    (no CFG path from a release of C to S): whatever release an acquirer
//    observes, S happened before it;
//  - afterAcquire(C, S): S runs only after a completed acquire of C (every
//    CFG path from the entry to S passes one).
// Access a in thread X happens before access b in thread Y when, for one
// channel C, a is beforeAllReleases(C) in X's body and b is afterAcquire(C)
// in Y's, provided X is the only context releasing C (several releasers:
// the acquirer may have seen another one's release), except for latches and
// barriers, whose wait returns only after every count.
//
// Operations understood (standard library types, by their documented
// semantics; thread creation and join are in ThreadLifetimes.h):
//  - promise::set_value / set_exception (release) -> future::get / wait on
//    a future obtained from that promise's get_future() (acquire);
//  - latch::count_down / arrive_and_wait, barrier::arrive /
//    arrive_and_wait / arrive_and_drop (release) -> latch::wait,
//    arrive_and_wait (acquire);
//  - counting_semaphore::release -> acquire;
//  - condition_variable(_any)::notify_one / notify_all (release) ->
//    wait(lock, predicate) (acquire: returns only once the predicate holds);
//  - an atomic store of release order or stronger (store(), assignment)
//    (release) -> an atomic load of acquire order or stronger (load(), the
//    implicit conversion) that decides a branch, along the edge on which the
//    loaded value is true (`while (!ready) {}` exits only after seeing it);
//  - the same atomic operations on a data member, behind member function
//    calls: a call `obj.f()` of a non-virtual member function defined in
//    the translation unit (outside system headers) whose body stores an
//    atomic member `flag_` of its object with release order or stronger
//    (directly, or through calls of such functions on `this`, at most
//    MaxReleaseDepth calls deep; lambda bodies excluded) is a release of
//    the channel `obj.flag_` at the call; a branch on `obj.g()`, where g is
//    such a function returning bool whose whole body is `return flag_;` or
//    `return flag_.load(order);` (acquire or stronger), is an acquire of
//    `obj.flag_` along the edge where g returned true;
//  - in a block that branches on `a && b` / `a || b`, the operand that
//    decides the edge (utils/Dataflow.h decidingOperand): `while
//    (!a.ready() || !b.ready())` acquires both;
//  - std::call_once: handled by the race check (the callable is not a
//    concurrent context of its own).
//
// Direction of approximation: an edge is only claimed when the operations
// are visible in the two bodies themselves or in the member functions
// above, so missing edges leave the race check reporting (a visible FP_
// case), never the reverse. The condition-variable edge assumes the waited-for state is set
// before notify (the usual hand-off); a notify before the data write would
// be taken as ordering it.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_HAPPENSBEFORE_H
#define CONCLINT_CHECKS_UTILS_HAPPENSBEFORE_H

#include "utils/Dataflow.h"
#include "utils/LockPath.h"
#include "utils/ThreadLifetimes.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <vector>

namespace clang::tidy::conclint::utils {

/// What kind of object a channel is.
enum class ChannelKind { Promise, Latch, Semaphore, CondVar, Atomic };

/// The release and acquire operations of one body on one channel.
struct ChannelOps {
  AccessPath Channel;
  ChannelKind Kind = ChannelKind::Atomic;
  llvm::SmallVector<const Stmt *, 2> Releases;
  llvm::SmallPtrSet<const Stmt *, 2> AcquireElements;
  llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, 2> AcquireEdges;
};

/// The synchronisation operations of one body (see the header).
class SyncFacts {
public:
  SyncFacts(const FunctionCFG &G, const AliasMap *Aliases);

  llvm::ArrayRef<ChannelOps> channels() const { return Channels; }
  const ChannelOps *find(const AccessPath &C) const;
  /// True if the body releases \p C at all.
  bool releases(const AccessPath &C) const {
    const ChannelOps *O = find(C);
    return O && !O->Releases.empty();
  }
  bool beforeAllReleases(const AccessPath &C, const Stmt *S);
  bool afterAcquire(const AccessPath &C, const Stmt *S);

private:
  ChannelOps &ops(const AccessPath &C, ChannelKind K);
  const FunctionCFG &G;
  std::vector<ChannelOps> Channels;
  /// Releases that are member function calls: what the call itself
  /// accesses (its object, arguments, body) may follow the store in it.
  llvm::SmallPtrSet<const Stmt *, 4> CallReleases;
  // Lazily computed reachability per channel index.
  std::vector<std::unique_ptr<CFGReach>> FromReleases, FromEntry;
};

} // namespace clang::tidy::conclint::utils

#endif
