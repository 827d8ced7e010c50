//===-- LockOrder.h - cycles in the lock-order graph, on plain data -*- C++ -*-===//
//
// Finds lock-order inversions: a cycle of "held -> acquired" edges whose
// locks are taken in opposite orders by code that can run on different
// threads, so that each thread may wait for a lock another one holds.
//
// The function is PURE and works on plain data only: locks are stable
// identity strings (utils::AccessPath::key(): USR of the root and the field
// chain, the same in every translation unit), contexts are strings, and the
// notes an edge needs are an opaque Tag the caller keeps. So the project-wide
// link phase (issue 14) can call it on the edges of all translation units
// merged, exactly as conclint-lock-order-inversion calls it on one
// translation unit's.
//
// Contract of findOrderInversions:
//  - a cycle is a sequence of edges e1..ek (2 <= k <= MaxCycleLength) with
//    e_i.Acquired == e_{i+1}.Held and e_k.Acquired == e_1.Held, over k
//    distinct locks;
//  - the edges must be able to run on different threads: at least two
//    different Contexts among them, or one Context that runs concurrently
//    with itself (ContextRunsConcurrently: a public method, a thread entry
//    started more than once);
//  - silent when a gate lock is held on every edge (a lock in the AlsoHeld of
//    all of them, other than the cycle's own): the gate serialises the
//    paths;
//  - silent for pairs taken together by std::scoped_lock / std::lock: the
//    producer records no edge between them, or marks the edge Together
//    (ignored here);
//  - provably different instances have different keys (`a.m` and `b.m`,
//    `accts[0].m` and `accts[1].m`), so they never meet in a cycle; a key
//    naming an unknown element (`accts[i].m`) only meets the same key.
//  - each cycle is reported once, whatever edge it is entered from (rotations
//    and duplicate edges collapse), in a deterministic order (by the keys).
//
// Direction of approximation: exact on the edges it is given; whatever the
// producer cannot name (an unknown lock) is not an edge, so it stays silent
// there.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_LOCKORDER_H
#define CONCLINT_CHECKS_UTILS_LOCKORDER_H

#include "llvm/ADT/ArrayRef.h"

#include <string>
#include <vector>

namespace clang::tidy::conclint::utils {

/// One "Held was held when Acquired was taken" fact. Plain data.
struct OrderEdge {
  std::string Held;                  ///< lock identity (AccessPath::key())
  std::string Acquired;              ///< lock identity
  std::vector<std::string> AlsoHeld; ///< other locks held then (gates)
  std::string Context;               ///< the code path (thread root) it is on
  bool ContextRunsConcurrently = false;
  bool Together = false; ///< taken with Held by one std::lock/scoped_lock
  unsigned Tag = 0;      ///< the caller's payload (its notes)
};

/// One inversion: indices into the edges given, in cycle order.
struct OrderCycle {
  std::vector<unsigned> Edges;
};

/// The lock-order inversions among \p Edges (see the header).
std::vector<OrderCycle> findOrderInversions(llvm::ArrayRef<OrderEdge> Edges,
                                            unsigned MaxCycleLength = 3);

} // namespace clang::tidy::conclint::utils

#endif
