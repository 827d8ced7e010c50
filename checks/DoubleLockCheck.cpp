//===-- DoubleLockCheck.cpp - conclint-double-lock ------------------------===//
//
// The model, per function body (each on its own: nothing held at entry):
//  - relock: an Acquire event (a lock(), a guard's construction, a callee
//    that takes the lock, unless it released it first on every path: a
//    re-acquire) of a lock whose type is a configured non-recursive
//    lockable, while the same access path may be held (may set: held on
//    some path to it), exclusively on either side;
//  - unlock of a lock not held: a manual Release event (or a release by a
//    callee) of a lock in the must-not-hold set (released before on every
//    path), and a lock_guard/scoped_lock whose scope ends after its lock was
//    unlocked by hand.
// Facts come from utils/Lockset.h with callee effects (LockEffectsTable).
//===----------------------------------------------------------------------===//

#include "DoubleLockCheck.h"
#include "utils/CheckOptions.h"
#include "utils/Names.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace cu = ::clang::tidy::conclint::utils;

namespace {

const char DefaultNonRecursiveTypes[] =
    "::std::mutex;::std::timed_mutex;::std::shared_mutex;"
    "::std::shared_timed_mutex";

/// Notes for a callee chain, then the operation at its root.
template <typename DiagFn>
void chainNotes(const cu::CallChain &Via, DiagFn Diag) {
  for (const cu::CallStep &St : Via.Steps)
    Diag(St.Call->getBeginLoc(), "calls %0") << St.Callee;
}

} // namespace

DoubleLockCheck::DoubleLockCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      NonRecursiveTypesRaw(
          Options.get("NonRecursiveLockTypes", DefaultNonRecursiveTypes).str()),
      NonRecursiveTypes(cu::splitOptionList(NonRecursiveTypesRaw)),
      CallDepth(cu::readCallDepth(*this, Options)),
      Effects(std::make_unique<cu::LockEffectsTable>(CFGs, CallDepth)) {}

void DoubleLockCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "NonRecursiveLockTypes", NonRecursiveTypesRaw);
  Options.store(Opts, cu::CallDepthOption, cu::callDepthText(CallDepth));
}

void DoubleLockCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("fn"),
      this);
}

void DoubleLockCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn"))
    if (FD->hasBody() && !cu::isTemplatePattern(FD))
      analyse(FD, *Result.Context);
}

void DoubleLockCheck::onEndOfTranslationUnit() {
  Effects->clear();
  CFGs.clear();
  Reported.clear();
}

bool DoubleLockCheck::nonRecursive(QualType T) const {
  if (T.isNull())
    return false;
  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  const NamedDecl *ND = RD;
  if (!RD)
    if (const auto *TT = T->getAs<TypedefType>())
      ND = TT->getDecl();
  if (!ND)
    return false;
  for (const std::string &P : NonRecursiveTypes)
    if (cu::matchesName(ND, P))
      return true;
  return false;
}

void DoubleLockCheck::analyse(const FunctionDecl *FD, ASTContext &Ctx) {
  if (!Effects->reachesLockOperation(FD))
    return; // nothing to find: no CFG built
  const cu::FunctionCFG *G = CFGs.get(FD, FD->getBody(), Ctx);
  if (!G)
    return;
  auto Facts =
      cu::FunctionLockFacts::analyze(*G, Ctx, cu::LockSet(), Effects.get());
  if (!Facts)
    return;
  auto Note = [&](SourceLocation L, StringRef Msg) {
    return diag(L, Msg, DiagnosticIDs::Note);
  };
  for (const cu::LockEvent &E : Facts->events()) {
    if (!E.Lock || !E.Site)
      continue;
    SourceLocation Loc = E.Site->getBeginLoc();
    if (E.Kind == cu::LockEvent::Acquire) {
      // A callee that gives the caller's lock back before taking it again
      // (unlock, work, lock) does not lock it twice.
      if (E.AfterRelease)
        continue;
      const cu::LockSet *May = Facts->mayHoldAt(E.Site);
      if (!May)
        continue;
      const cu::HeldLock *Held = nullptr;
      for (const cu::HeldLock &H : May->locks())
        if (H.Lock == *E.Lock && !(H.Shared && E.Shared))
          Held = &H;
      if (!Held || !nonRecursive(cu::typeOfPath(*E.Lock, Ctx)) ||
          !Reported.first(Loc))
        continue;
      if (E.Via.Steps.empty())
        diag(Loc, "mutex '%0' is locked again while it may already be held "
                  "on this path; a non-recursive mutex deadlocks")
            << E.Lock->str();
      else
        diag(Loc, "mutex '%0' may already be held when %1 locks it again; a "
                  "non-recursive mutex deadlocks")
            << E.Lock->str() << E.Via.Steps.front().Callee;
      if (Held->Site)
        Note(Held->Site->getBeginLoc(), "'%0' acquired here") << E.Lock->str();
      if (!E.Via.Steps.empty()) {
        chainNotes(E.Via, Note);
        if (E.Via.Root)
          Note(E.Via.Root->getBeginLoc(), "'%0' locked again here")
              << E.Lock->str();
      }
      continue;
    }
    if (E.Kind != cu::LockEvent::Release || (E.Scoped && !E.NotHeldRelease))
      continue;
    // A recursive mutex counts its locks; the lock sets do not.
    if (!nonRecursive(cu::typeOfPath(*E.Lock, Ctx)))
      continue;
    if (E.NotHeldRelease) {
      // A guard that unlocks unconditionally outlives a manual unlock.
      if (!E.PriorRelease || !E.Guard)
        continue;
      SourceLocation At = E.PriorRelease->getBeginLoc();
      if (!Reported.first(At))
        continue;
      diag(At, "mutex '%0' is unlocked while %1 owns it, and %1 unlocks it "
               "again at the end of its scope; unlocking a mutex that is not "
               "held is undefined behavior")
          << E.Lock->str() << E.Guard;
      Note(E.Guard->getLocation(), "%0 acquires '%1' here") << E.Guard
                                                             << E.Lock->str();
      continue;
    }
    const cu::LockSet *NotHeld = Facts->mustNotHoldAt(E.Site);
    if (!NotHeld)
      continue;
    const cu::HeldLock *Released = nullptr;
    for (const cu::HeldLock &H : NotHeld->locks())
      if (H.Lock == *E.Lock)
        Released = &H;
    if (!Released || !Reported.first(Loc))
      continue;
    if (E.Via.Steps.empty())
      diag(Loc, "mutex '%0' is unlocked but it is not held on any path to "
                "here; unlocking a mutex that is not held is undefined "
                "behavior")
          << E.Lock->str();
    else
      diag(Loc, "%0 unlocks mutex '%1', which is not held on any path to "
                "here; unlocking a mutex that is not held is undefined "
                "behavior")
          << E.Via.Steps.front().Callee << E.Lock->str();
    if (Released->Site)
      Note(Released->Site->getBeginLoc(), "'%0' released here")
          << E.Lock->str();
    if (!E.Via.Steps.empty()) {
      chainNotes(E.Via, Note);
      if (E.Via.Root)
        Note(E.Via.Root->getBeginLoc(), "'%0' unlocked again here")
            << E.Lock->str();
    }
  }
}

} // namespace clang::tidy::conclint
