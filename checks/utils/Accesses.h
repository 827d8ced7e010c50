//===-- Accesses.h - is a member call a write of its object? -----*- C++ -*-===//
//
// The read/write side of the race analysis that needs more than syntax:
// whether a non-const member call on an object of a user class is an
// unguarded write of that object (issue 13's rule).
//
// Contract (SelfSyncOracle::synchronisesItself, holdsNoMutableState: the
// members that callTouchesOnlySyncState takes as safe): a class is safe
// to call into from several threads when
//  - the class holds no mutable state: every data member (of it and its
//    bases) is const, a synchronisation object (utils/SyncTypes.h), or of a
//    class that itself synchronises itself or holds no mutable state; or
//  - the class synchronises itself: every non-const member function with a
//    visible body either acquires a lock rooted at `this` (a member mutex,
//    `this->mu_`, through any guard the lock facts understand), or touches
//    no mutable state of its own but through members that synchronise
//    themselves and calls of its own methods that do (forwarding). A class
//    whose non-const methods have no visible body (defined in another
//    translation unit) is taken to synchronise itself when it owns a
//    lockable member, and not otherwise. Likewise a method with no visible
//    body, called by a visible one on `this` (forwarding to a base:
//    Poco's `Event::wait() { waitImpl(); }` over a private EventImpl whose
//    inline methods lock a pthread_mutex_t member), is synchronised when
//    its class owns a lockable member and every visible non-const method
//    of that class is synchronised.
// Standard-library classes are never "self-synchronising" here (containers
// are data); the synchronisation types of SyncTypes.h are excluded before
// this question is asked.
//
// Contract (SelfSyncOracle::callTouchesOnlySyncState): a member call (const
// or not) is no access of its object's data at all when the method's body
// is visible and every use of `this` in it names a member that is safe in
// the sense above (const, a synchronisation object, or of a class that
// synchronises itself or holds no mutable state) or calls a method of the
// class that is itself such a call (recursion optimistic). `this` used any
// other way (passed on, dereferenced whole, captured) and a virtual method
// that a derived class may override answer "no" (unless the caller shows
// the call is exact: made on a complete object, so no override runs). This is per method, not
// per class: a server whose `listen()` fills containers on its own thread
// still has a `stop()` and an `is_running()` that touch only atomics, and
// calling those from another thread cannot race with `listen()` (different
// members of one object, the shared ones atomic).
//
// Contract (SelfSyncOracle::callShownToWrite): a call of a non-const
// method of a user class is a write of its object only when the write can
// be shown: the callee's body is visible, and it, or a method it calls on
// `this` or on a data member of `this` (a member object: its writes are
// writes of the whole object), writes a data member of `this` that is not
// const and not a synchronisation object (assignment, increment, a
// non-const non-accessor call on a standard-library member: the standard's
// data-race rule [res.on.data.races] makes that a write) -- the member
// itself or an element of it at a constant index (an element each call
// computes for itself, `Slots[claimed]`, is not shown to be the one another
// call writes; a map's operator[] inserts, whatever the key) --, and
// nothing in that body or in any function it calls synchronises: no object
// of a synchronisation type other than an atomic (a lock, guard, condition
// variable, thread, future, latch, semaphore, project event) is named, no
// work is handed to a thread or an executor (utils/ThreadEntryPoints'
// classifySpawn), no call goes where it cannot be followed (an indirect or
// virtual call, a function of user code with no body here) -- except inside
// a throw expression: building the exception a path leaves by does not
// order the writes of the paths that go on. An atomic
// orders only itself: a plain member written beside an atomic counter is
// still written (a lock-free structure's own claim protocol shows as
// per-call elements, above). Functions of namespace std and C
// functions of system headers are not followed: by the standard they
// synchronise only through the synchronisation types, which are seen by
// type at the call. Both facts are CallSummaries families (bottom-up over
// the call graph, no depth cap). A method with no visible body, a
// dependent one, a virtual call that may run an override, or a lambda's
// call operator is not shown to write: the call counts as a read (silence
// on unknown). This is per method: a server's `stop_ = true` store is a
// write, its `listen()` that polls atomics is not.
//
// Direction of approximation: errs towards "synchronised" (silence) only
// where the bodies are invisible and the class owns a lock; a visible method
// that writes its state without taking a lock makes every non-const call a
// write. Recursion between methods is resolved optimistically (a method
// being decided is taken as synchronised while its callers are decided).
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_ACCESSES_H
#define CONCLINT_CHECKS_UTILS_ACCESSES_H

#include "utils/CallSummaries.h"
#include "utils/Dataflow.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>

namespace clang::tidy::conclint::utils {

/// Non-const member functions of containers that hand out a reference or an
/// iterator without changing the container (`begin`, `find`, `at`, ...).
bool isAccessorName(llvm::StringRef N);

class SelfSyncOracle {
public:
  SelfSyncOracle(ASTContext &Ctx, CFGCache &CFGs) : Ctx(Ctx), CFGs(CFGs) {}

  bool synchronisesItself(const CXXRecordDecl *RD);
  bool holdsNoMutableState(const CXXRecordDecl *RD);
  /// True if the body of \p MD acquires a lock rooted at `this`, or touches
  /// only self-synchronising state (see the header).
  bool methodSynchronised(const CXXMethodDecl *MD);
  /// True if a call of \p MD touches no data of its object, only its
  /// synchronisation state (see the header). \p Exact: the call runs \p MD
  /// itself (made on a complete object, not through a pointer or
  /// reference, so no override can run instead), virtual or not.
  bool callTouchesOnlySyncState(const CXXMethodDecl *MD, bool Exact = false);
  /// True if a call of the non-const method \p MD of a user class can be
  /// shown to write its object (see the header). \p Exact as above.
  bool callShownToWrite(const CXXMethodDecl *MD, bool Exact = false);

private:
  enum class Answer : uint8_t { InProgress, Yes, No };
  bool fieldIsSafe(const FieldDecl *FD);
  ASTContext &Ctx;
  CFGCache &CFGs;
  llvm::DenseMap<const CXXRecordDecl *, Answer> SelfSync, NoState;
  llvm::DenseMap<const CXXMethodDecl *, Answer> Methods, OnlySync;
  /// callShownToWrite's two facts: "writes state of `this`, unguarded"
  /// and "synchronises, or calls what cannot be followed".
  std::unique_ptr<CallSummaries> WritesState, Synchronises;
};

} // namespace clang::tidy::conclint::utils

#endif
