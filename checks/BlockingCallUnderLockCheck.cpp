//===-- BlockingCallUnderLockCheck.cpp - blocking-call-under-lock ---------===//

#include "BlockingCallUnderLockCheck.h"
#include "utils/Compat.h"
#include "utils/CheckOptions.h"
#include "utils/ConstArgs.h"
#include "utils/CoroutineContext.h"
#include "utils/LockScopes.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace {

/// "'m'", "'a' and 'b'", "'a', 'b' and 'c'".
std::string lockList(llvm::ArrayRef<const utils::HeldLock *> Held) {
  std::string S;
  for (size_t I = 0; I < Held.size(); ++I) {
    if (I > 0)
      S += I + 1 == Held.size() ? " and " : ", ";
    S += "'" + Held[I]->Lock.str() + "'";
  }
  return S;
}

/// The named locks of \p Must, sorted by their printed name (the set's own
/// order is by pointer and would make messages unstable).
llvm::SmallVector<const utils::HeldLock *, 2>
namedLocks(const utils::LockSet &Must) {
  llvm::SmallVector<const utils::HeldLock *, 2> Out;
  for (const utils::HeldLock &H : Must.locks())
    Out.push_back(&H);
  llvm::sort(Out, [](const utils::HeldLock *A, const utils::HeldLock *B) {
    return A->Lock.str() < B->Lock.str();
  });
  return Out;
}

} // namespace

BlockingCallUnderLockCheck::BlockingCallUnderLockCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      CatalogueOptions(utils::BlockingCatalogueOptions::read(Options)),
      AllowedUnderLockRaw(Options.get("AllowedUnderLock", "").str()),
      CallDepth(utils::readCallDepth(*this, Options)),
      Catalogue(CatalogueOptions.catalogue()),
      Allowed(utils::NameSet::fromOption(AllowedUnderLockRaw)),
      Facts(std::make_unique<utils::CallSummaries>(
          [this](const FunctionDecl *FD) { return blockingSites(FD); })) {}

void BlockingCallUnderLockCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  CatalogueOptions.store(Options, Opts);
  Options.store(Opts, "AllowedUnderLock", AllowedUnderLockRaw);
  Options.store(Opts, utils::CallDepthOption, utils::callDepthText(CallDepth));
}

void BlockingCallUnderLockCheck::registerMatchers(MatchFinder *Finder) {
  // Every function body outside system headers: functions, methods, lambda
  // call operators, template instantiations (the patterns are skipped).
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(stmt()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("fn"),
                     this);
}

void BlockingCallUnderLockCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn"))
    analyse(FD, *Result.Context);
}

void BlockingCallUnderLockCheck::onEndOfTranslationUnit() {
  Facts->clear();
  CFGs.clear();
  Reported.clear();
}

bool BlockingCallUnderLockCheck::allowed(const CallExpr *Call) const {
  const auto *Callee = dyn_cast_or_null<NamedDecl>(Call->getCalleeDecl());
  return Callee && !Allowed.empty() && Allowed.contains(Callee);
}

const FunctionDecl *
BlockingCallUnderLockCheck::followedCallee(const CallExpr *Call) const {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || allowed(Call))
    return nullptr;
  const FunctionDecl *Def = utils::definitionOf(FD);
  if (!Def || Def->isDependentContext() || utils::isCoroutine(Def) ||
      Def->getASTContext().getSourceManager().isInSystemHeader(
          Def->getLocation()))
    return nullptr;
  return Def;
}

llvm::SmallVector<utils::Site, 8>
BlockingCallUnderLockCheck::blockingSites(const FunctionDecl *FD) {
  llvm::SmallVector<utils::Site, 8> Out;
  // A function that may release a lock its caller holds (it unlocks a
  // parameter's mutex, or waits on a condition variable with it) leaves the
  // caller's lockset unknown: no fact.
  if (utils::releasesForeignLock(FD, Catalogue))
    return Out;
  for (const CallExpr *Call : utils::callsOf(FD->getBody())) {
    if (allowed(Call))
      continue;
    if (auto M = Catalogue.match(Call)) {
      if (M->kind() == utils::BlockingKind::Lock)
        continue;
      Out.push_back(
          utils::Site::root(Call, M->Entry - Catalogue.entries().data()));
      // The first blocking call is the witness; after a readiness probe
      // that polls when its caller passes zero, the rest of the body is
      // listed for the chains that bind it so (chainUnder).
      if (M->ZeroIf.empty())
        break;
      continue;
    }
    if (const FunctionDecl *Callee = followedCallee(Call))
      Out.push_back(utils::Site::call(Call, Callee));
  }
  return Out;
}

std::optional<utils::CallChain> BlockingCallUnderLockCheck::chainUnder(
    const FunctionDecl *F, llvm::ArrayRef<const ParmVarDecl *> Zero,
    unsigned Depth, llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen) {
  if (!Seen.insert(F).second)
    return std::nullopt;
  // Copy: sites() may grow the table while we recurse.
  llvm::SmallVector<utils::Site, 8> Sites(Facts->sites(F));
  for (const utils::Site &S : Sites) {
    if (S.Root) {
      auto M = Catalogue.match(dyn_cast<CallExpr>(S.Root));
      if (M && !M->ZeroIf.empty() && utils::zeroUnder(M->ZeroIf, Zero))
        continue; // polls in this chain
      utils::CallChain C;
      C.Root = S.Root;
      C.Payload = S.Payload;
      return C;
    }
    if (Depth == 0 || !Facts->get(S.Call.Callee).Holds)
      continue;
    auto Sub = chainUnder(S.Call.Callee,
                          utils::zeroArgs(S.Call.Call, S.Call.Callee, Zero),
                          Depth - 1, Seen);
    if (Sub) {
      Sub->Steps.insert(Sub->Steps.begin(), S.Call);
      return Sub;
    }
  }
  return std::nullopt;
}

void BlockingCallUnderLockCheck::noteHeld(
    llvm::ArrayRef<const utils::HeldLock *> Held) {
  for (const utils::HeldLock *H : Held)
    if (H->Site)
      diag(H->Site->getBeginLoc(), "'%0' acquired here", DiagnosticIDs::Note)
          << H->Lock.str();
}

void BlockingCallUnderLockCheck::analyse(const FunctionDecl *FD,
                                         ASTContext &Ctx) {
  if (FD->isDependentContext() || !utils::takesLocks(FD->getBody()))
    return;
  const utils::FunctionCFG *G = CFGs.get(FD, FD->getBody(), Ctx);
  if (!G)
    return;
  auto Locks = utils::FunctionLockFacts::analyze(*G, Ctx);
  if (!Locks)
    return; // no converged facts: silence

  for (const CallExpr *Call : utils::callsOf(FD->getBody())) {
    const utils::LockSet *Must = Locks->mustHoldAt(Call);
    if (!Must || Must->locks().empty() || allowed(Call))
      continue;
    auto Held = namedLocks(*Must);
    auto M = Catalogue.match(Call);
    if (M && M->kind() == utils::BlockingKind::Lock)
      continue; // nested locking: the lock-order checks' business
    if (M && M->kind() == utils::BlockingKind::ConditionWait) {
      // The wait releases its own lock; the others stay held.
      auto Released = utils::releasedLocks(*M, &Locks->aliases());
      if (!Released || Must->hasUnknown())
        continue;
      llvm::SmallVector<const utils::HeldLock *, 2> Kept, Freed;
      for (const utils::HeldLock *H : Held) {
        bool Rel = llvm::any_of(*Released, [&](const utils::AccessPath &P) {
          return P.mayAlias(H->Lock);
        });
        (Rel ? Freed : Kept).push_back(H);
      }
      if (Kept.empty() || !Reported.insert(compat::callLoc(Call)).second)
        continue;
      std::string ReleasedNames;
      for (const utils::AccessPath &P : *Released)
        ReleasedNames += (ReleasedNames.empty() ? "'" : ", '") + P.str() + "'";
      diag(compat::callLoc(Call),
           "waiting in '%0' releases only %1; holding %2 across the wait "
           "stalls every thread waiting for %select{it|them}3")
          << M->name() << ReleasedNames << lockList(Kept) << (Kept.size() > 1)
          << Call->getSourceRange();
      noteHeld(Kept);
      continue;
    }
    if (M) {
      if (!Reported.insert(compat::callLoc(Call)).second)
        continue;
      diag(compat::callLoc(Call), "blocking call to '%0' while holding %1 "
                                "stalls every thread waiting for %select{it|"
                                "them}2")
          << M->name() << lockList(Held) << (Held.size() > 1)
          << Call->getSourceRange();
      noteHeld(Held);
      continue;
    }
    const FunctionDecl *Callee = CallDepth > 0 ? followedCallee(Call) : nullptr;
    if (!Callee || !Facts->holdsWithin(Callee, CallDepth - 1) ||
        Reported.contains(compat::callLoc(Call)))
      continue;
    utils::CallChain C = Facts->chainFrom(Callee);
    if (auto RootM = Catalogue.match(dyn_cast<CallExpr>(C.Root));
        RootM && !RootM->ZeroIf.empty()) {
      // The witness is a readiness probe whose timeout the chain may make
      // zero: follow this call's own arguments.
      llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
      auto W = chainUnder(Callee, utils::zeroArgs(Call, Callee, {}),
                          CallDepth - 1, Seen);
      if (!W)
        continue;
      C = std::move(*W);
    }
    Reported.insert(compat::callLoc(Call));
    diag(compat::callLoc(Call), "call to '%0' while holding %1 reaches a "
                              "blocking call to '%2', which stalls every "
                              "thread waiting for %select{it|them}3")
        << utils::coroutineDisplayName(Callee) << lockList(Held)
        << StringRef(Catalogue.entries()[C.Payload].Pattern).ltrim(':')
        << (Held.size() > 1) << Call->getSourceRange();
    utils::noteBlockingChain(*this, Callee, C, Catalogue);
    noteHeld(Held);
  }
}

} // namespace clang::tidy::conclint
