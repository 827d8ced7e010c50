//===-- FieldEffects.h - which fields of its object a method touches -*- C++ -*-===//
//
// The parts of its own object that a call of a member function reads and
// writes, as paths of data members below `this` (`_queue._begin_pos`), so
// that two calls on one object that touch disjoint members are not taken
// to race ("different data members of one object touched by different
// threads do not race", issue 13): a single-producer/single-consumer pipe
// whose writer side moves its back pointers under the producers' lock and
// whose reader side moves its front pointers alone.
//
// Contract (FieldEffects::of): for a method with a visible body, the set of
// member paths of `*this` that the call may touch, each marked read or
// written, following calls on `this` and on data members of class type
// (the callee's set, under the member's path), or std::nullopt ("may touch
// anything": the whole object) when that cannot be shown:
//  - `this` used other than to name a data member or call a method (passed
//    on, `*this`, captured by a lambda), a reference member (names another
//    object), a virtual call that another override may answer (not final,
//    not made on a complete member object), a callee with no visible body,
//    recursion, or more than MaxDepth calls deep: the whole object;
//  - a member of a standard-library class (or a class declared in a system
//    header) called with a non-const method: the member written whole;
//  - a member written, incremented, its address taken, bound to a
//    non-const reference or pointer parameter, or returned by non-const
//    reference or pointer: written (over-approximated: more written, fewer
//    pairs shown disjoint);
//  - a bit-field, or a member of a union, stands for the object that holds
//    it (adjacent bit-fields share a memory location; union members
//    overlap); an element of an array member for the array;
//  - what a pointer member points to is touched under the pointer
//    member's path, read or written as the use decides (`p_->x = 1`
//    writes `p_`), as the write oracle counts it (utils/Accesses.h); two
//    different pointer members are taken to point to different objects, as
//    the race analysis's paths take them (SharedAccesses::mayTouchSame);
//  - const members and synchronisation objects (utils/SyncTypes.h: atomics,
//    mutexes) are left out: accessing them is no data race.
//
// FieldEffects::conflict: two sets conflict when a path of one is a prefix
// of a path of the other (or equal) and at least one of the two is a write;
// an unknown set conflicts with everything.
//
// Direction of approximation: towards "touches more" (the whole object on
// every unknown), so that disjointness -- which makes the race check
// silent -- is shown, never guessed.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_FIELDEFFECTS_H
#define CONCLINT_CHECKS_UTILS_FIELDEFFECTS_H

#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <optional>

namespace clang::tidy::conclint::utils {

/// One member path below `this`, read or written.
struct FieldTouch {
  llvm::SmallVector<const FieldDecl *, 4> Path;
  bool Write = false;
};

/// What a call touches of its object.
using FieldSet = llvm::SmallVector<FieldTouch, 8>;

class FieldEffects {
public:
  explicit FieldEffects(unsigned MaxDepth = 12) : MaxDepth(MaxDepth) {}
  ~FieldEffects();

  /// The members a call of \p MD touches (see the header), or null when it
  /// may touch the whole object. The pointer stays valid as long as this
  /// object lives (callers compare sets by it).
  const FieldSet *of(const CXXMethodDecl *MD);

  /// True when \p A and \p B may touch one member location with one of
  /// them writing it; a null set conflicts with everything.
  static bool conflict(const FieldSet *A, const FieldSet *B);

private:
  struct Entry {
    bool InProgress = true;
    std::optional<FieldSet> Set;
  };
  const FieldSet *compute(const CXXMethodDecl *MD, unsigned Depth);

  unsigned MaxDepth;
  llvm::DenseMap<const CXXMethodDecl *, std::unique_ptr<Entry>> Memo;
  friend class FieldWalk;
};

} // namespace clang::tidy::conclint::utils

#endif
