//===-- LockOrderInversionCheck.cpp - conclint-lock-order-inversion -------===//
//
// The model:
//  1. the paths that can run on different threads (roots): every thread
//     entry point of the translation unit (utils/ThreadEntryPoints), which
//     runs concurrently with itself when started from more than one place or
//     from a loop; every function that starts one (it runs beside its
//     threads); every public member function of a class that owns a
//     lockable member (callable from any thread, so concurrently with
//     itself);
//  2. each root's lock-order edges (utils/Lockset: held -> acquired, pairs
//     taken together by std::lock/scoped_lock excepted, locks held by
//     callees and taken inside callees followed through LockEffectsTable),
//     with locks named by access path and keyed by AccessPath::key();
//  3. the cycles among all roots' edges (utils/LockOrder: different threads,
//     no common gate lock), each reported once with every edge's sites and
//     call chains as notes.
//===----------------------------------------------------------------------===//

#include "LockOrderInversionCheck.h"
#include "utils/CheckOptions.h"
#include "utils/LockOrder.h"
#include "utils/Summary.h"
#include "utils/SyncTypes.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <algorithm>
#include <set>

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace cu = ::clang::tidy::conclint::utils;

namespace {

/// The statements among \p Sites (all inside \p Body) that are inside a
/// loop of the function: the nearest loop or declaration above them is a
/// loop. A declaration stops the search as it would for a walk up the AST:
/// the initialiser of a variable (`std::thread t(f);`), the body of a lambda
/// or of a local class's method. Walks down from \p Body, so no parent map
/// of the translation unit is needed.
llvm::SmallPtrSet<const Stmt *, 8>
sitesInsideLoop(const Stmt *Body, const llvm::SmallPtrSetImpl<const Stmt *> &Sites) {
  llvm::SmallPtrSet<const Stmt *, 8> Out;
  llvm::SmallVector<std::pair<const Stmt *, bool>, 64> Work;
  Work.push_back({Body, false});
  while (!Work.empty() && Out.size() < Sites.size()) {
    auto [S, InLoop] = Work.pop_back_val();
    if (InLoop && Sites.contains(S))
      Out.insert(S);
    if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      // The captures belong to the enclosing function, the body to the
      // lambda's call operator (a declaration).
      for (const Expr *Init : L->capture_inits())
        if (Init)
          Work.push_back({Init, InLoop});
      continue;
    }
    bool Below = isa<DeclStmt>(S) ? false // a variable's initialiser
                 : isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S)
                     ? true
                     : InLoop;
    for (const Stmt *C : S->children())
      if (C)
        Work.push_back({C, Below});
  }
  return Out;
}

struct Root {
  const FunctionDecl *F = nullptr;
  bool Concurrent = false;
  /// The root's order edges, copied out of its lock facts (which are freed
  /// with the CFG once the root is analysed).
  std::vector<cu::LockOrderEdge> Edges;
};

/// The location in the root's body where an edge's acquisition shows.
SourceLocation acquiredLoc(const cu::LockOrderEdge &E) {
  if (!E.AcquiredChain.empty())
    return E.AcquiredChain.front().Call->getBeginLoc();
  return E.AcquiredSite->getBeginLoc();
}

unsigned readCycleLength(const ClangTidyCheck &Check,
                         const ClangTidyCheck::OptionsView &Options) {
  StringRef Raw = Options.get("MaxCycleLength", "3");
  unsigned N = 0;
  if (Raw.trim().getAsInteger(10, N) || N < 2) {
    Check.configurationDiag(
        "invalid configuration value '%0' for option 'MaxCycleLength'; "
        "expected a number of mutexes, at least 2")
        << Raw;
    return 3;
  }
  return N;
}

} // namespace

LockOrderInversionCheck::LockOrderInversionCheck(StringRef Name,
                                                 ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      CallDepth(cu::readCallDepth(*this, Options)),
      MaxCycleLength(readCycleLength(*this, Options)),
      SummaryStore(Options.getLocalOrGlobal("SummaryStore", "").str()),
      TidyContext(Context),
      Effects(std::make_unique<cu::LockEffectsTable>(CFGs, CallDepth)) {}

void LockOrderInversionCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, cu::CallDepthOption, cu::callDepthText(CallDepth));
  Options.store(Opts, "MaxCycleLength", std::to_string(MaxCycleLength));
  Options.store(Opts, "SummaryStore", SummaryStore);
}

void LockOrderInversionCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), unless(isExpansionInSystemHeader()))
          .bind("fn"),
      this);
  Finder->addMatcher(cxxRecordDecl(isDefinition(),
                                   unless(isExpansionInSystemHeader()))
                         .bind("record"),
                     this);
}

void LockOrderInversionCheck::check(const MatchFinder::MatchResult &Result) {
  Ctx = Result.Context;
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn")) {
    if (FD->hasBody() && !cu::isTemplatePattern(FD))
      Functions.push_back(FD);
    return;
  }
  if (const auto *RD = Result.Nodes.getNodeAs<CXXRecordDecl>("record"))
    if (!RD->isLambda() && !cu::isTemplatePattern(RD))
      Records.push_back(RD);
}

void LockOrderInversionCheck::onEndOfTranslationUnit() {
  if (Ctx) {
    // The project-wide facts of this TU, for the driver's link (no-op
    // unless the driver's worker collects them).
    utils::summary::recordLockOrder(*Ctx);
    analyse(*Ctx);
    linkWithStore(*Ctx);
  }
  Functions.clear();
  Records.clear();
  Effects->clear();
  CFGs.clear();
  Ctx = nullptr;
  Reported.clear();
}

void LockOrderInversionCheck::linkWithStore(ASTContext &Ctx) {
  namespace sm = utils::summary;
  std::shared_ptr<const sm::Summary> Store = sm::storeToLinkWith(
      Ctx, SummaryStore, std::string(TidyContext->getCurrentBuildDirectory()),
      [this](const std::string &W) {
        configurationDiag(W, DiagnosticIDs::Warning);
      });
  if (!Store)
    return;
  SourceManager &SM = Ctx.getSourceManager();
  sm::Summary Mine = sm::collectLockOrder(Ctx);
  // Only a TU that takes a lock, holds one over a call, or starts a thread
  // can be on a cycle's path.
  bool Relevant = llvm::any_of(Mine.Functions, [](const auto &KV) {
    const sm::FunctionFacts &F = KV.second;
    return !F.Acquires.empty() || !F.LockOrder.empty() || !F.Spawns.empty() ||
           llvm::any_of(F.Calls,
                        [](const sm::Call &C) { return !C.Held.empty(); });
  });
  if (!Relevant)
    return;
  llvm::StringSet<> Own = sm::filesOfTU(SM);
  // Cycles this TU's edges close alone were reported by analyse(); the link
  // reports those that need another file's facts, at a place of this TU.
  for (const sm::LinkFinding &X :
       sm::linkLockOrder(sm::withStore(std::move(Mine), *Store, SM),
                         MaxCycleLength, [&](const sm::Loc &L) {
                           return Own.contains(L.File);
                         })) {
    SourceLocation At = sm::toSourceLocation(SM, X.At);
    if (At.isInvalid() || !Own.contains(X.At.File) ||
        !Reported.insert(At).second)
      continue;
    sm::emitLinkFinding(*this, SM, At, X);
  }
}

void LockOrderInversionCheck::analyse(ASTContext &Ctx) {
  // 1. Roots.
  llvm::DenseMap<const FunctionDecl *, unsigned> RootIndex;
  std::vector<Root> Roots;
  auto AddRoot = [&](const FunctionDecl *F, bool Concurrent) {
    const FunctionDecl *Def = cu::definitionOf(F);
    if (!Def || cu::isTemplatePattern(Def))
      return;
    auto [It, New] = RootIndex.try_emplace(Def, Roots.size());
    if (New) {
      Roots.emplace_back();
      Roots.back().F = Def;
    }
    Roots[It->second].Concurrent |= Concurrent;
  };
  llvm::DenseMap<const FunctionDecl *, unsigned> Starts;
  for (const FunctionDecl *FD : Functions) {
    std::vector<cu::ThreadSpawn> Spawns = cu::findSpawns(FD->getBody());
    llvm::erase_if(Spawns, [](const cu::ThreadSpawn &S) {
      return !S.runsOnAnotherThread() || !cu::entryFunction(S);
    });
    if (Spawns.empty())
      continue;
    llvm::SmallPtrSet<const Stmt *, 8> Sites;
    for (const cu::ThreadSpawn &S : Spawns)
      Sites.insert(S.Site);
    llvm::SmallPtrSet<const Stmt *, 8> InLoop =
        sitesInsideLoop(FD->getBody(), Sites);
    for (const cu::ThreadSpawn &S : Spawns) {
      const FunctionDecl *Entry = cu::entryFunction(S);
      unsigned &N = Starts[cu::definitionOf(Entry)];
      N += InLoop.contains(S.Site) ? 2 : 1;
      AddRoot(Entry, N > 1);
      AddRoot(FD, false);
    }
  }
  for (const CXXRecordDecl *RD : Records) {
    if (!cu::ownsLockableMember(RD))
      continue;
    for (const CXXMethodDecl *MD : RD->methods())
      if (cu::isPublicMethodOfLockingClass(MD))
        AddRoot(MD, true);
  }

  // 2. Edges.
  struct EdgeRef {
    unsigned Root;
    const cu::LockOrderEdge *E;
  };
  std::vector<EdgeRef> Refs;
  std::vector<cu::OrderEdge> Plain;
  for (unsigned R = 0; R < Roots.size(); ++R) {
    Root &Rt = Roots[R];
    if (!Effects->reachesLockOperation(Rt.F))
      continue;
    // Only the edges outlive the analysis of the root: its lock facts and
    // CFG are freed here (the callees' are, once summarised, by the
    // LockEffectsTable), so memory stays bounded by one root at a time.
    {
      const cu::FunctionCFG *G = CFGs.get(Rt.F, Rt.F->getBody(), Ctx);
      if (!G)
        continue;
      std::unique_ptr<cu::FunctionLockFacts> Facts =
          cu::FunctionLockFacts::analyze(*G, Ctx, cu::LockSet(),
                                         Effects.get());
      if (Facts)
        Rt.Edges.assign(Facts->orderEdges().begin(),
                        Facts->orderEdges().end());
      Facts.reset();
      CFGs.release(Rt.F->getBody());
    }
    for (const cu::LockOrderEdge &E : Rt.Edges) {
      cu::OrderEdge P;
      P.Held = E.Held.key();
      P.Acquired = E.Acquired.key();
      for (const cu::AccessPath &G : E.AlsoHeld)
        P.AlsoHeld.push_back(G.key());
      P.Context = std::to_string(R);
      // A local of the root is another object in each running instance:
      // with respect to it, the root does not run beside itself.
      auto OwnLocal = [&](const cu::AccessPath &L) {
        if (L.rootKind() != cu::PathRoot::Local || !L.root())
          return false;
        for (const DeclContext *DC = L.root()->getDeclContext(); DC;
             DC = DC->getParent())
          if (const auto *FD = dyn_cast<FunctionDecl>(DC))
            return FD->getCanonicalDecl() == Rt.F->getCanonicalDecl();
        return false;
      };
      P.ContextRunsConcurrently =
          Rt.Concurrent && !OwnLocal(E.Held) && !OwnLocal(E.Acquired);
      P.Tag = Refs.size();
      Refs.push_back({R, &E});
      Plain.push_back(std::move(P));
    }
  }

  // 3. Cycles.
  std::set<std::pair<unsigned, unsigned>> Seen; // reported at (offset, file)
  const SourceManager &SM = Ctx.getSourceManager();
  for (const cu::OrderCycle &C : cu::findOrderInversions(Plain, MaxCycleLength)) {
    if (llvm::any_of(C.Edges, [&](unsigned Id) {
          return !Refs[Plain[Id].Tag].E->AcquiredSite;
        }))
      continue;
    // Reported at the acquisition that comes first in the file; the notes
    // follow the cycle from there.
    std::vector<unsigned> Order = C.Edges;
    unsigned Start = 0;
    for (unsigned I = 1; I < Order.size(); ++I)
      if (SM.isBeforeInTranslationUnit(
              SM.getExpansionLoc(acquiredLoc(*Refs[Plain[Order[I]].Tag].E)),
              SM.getExpansionLoc(
                  acquiredLoc(*Refs[Plain[Order[Start]].Tag].E))))
        Start = I;
    std::rotate(Order.begin(), Order.begin() + Start, Order.end());
    const EdgeRef &First = Refs[Plain[Order[0]].Tag];
    SourceLocation Loc = SM.getExpansionLoc(acquiredLoc(*First.E));
    if (!Seen.insert({SM.getFileOffset(Loc), SM.getFileID(Loc).getHashValue()})
             .second)
      continue;
    Reported.insert(Loc);
    if (Order.size() == 2) {
      diag(Loc, "mutex '%0' is acquired while holding '%1', but another path "
                "acquires them in the opposite order; threads taking both can "
                "deadlock")
          << First.E->Acquired.str() << First.E->Held.str();
    } else {
      std::string Names;
      for (unsigned Id : Order) {
        if (!Names.empty())
          Names += "' -> '";
        Names += Refs[Plain[Id].Tag].E->Held.str();
      }
      Names += "' -> '" + First.E->Held.str();
      diag(Loc, "mutexes are acquired in a cycle of orders ('%0'); threads "
                "taking them can deadlock")
          << Names;
    }
    for (unsigned Id : Order) {
      const EdgeRef &R = Refs[Plain[Id].Tag];
      const cu::LockOrderEdge &E = *R.E;
      const FunctionDecl *RootFn = Roots[R.Root].F;
      const auto *MD = dyn_cast<CXXMethodDecl>(RootFn);
      if (MD && MD->getParent()->isLambda())
        diag(RootFn->getLocation(),
             "on this path, the lambda acquires '%0' and then '%1'",
             DiagnosticIDs::Note)
            << E.Held.str() << E.Acquired.str();
      else
        diag(RootFn->getLocation(),
             "on this path, %0 acquires '%1' and then '%2'",
             DiagnosticIDs::Note)
            << RootFn << E.Held.str() << E.Acquired.str();
      unsigned Common = 0;
      if (E.HeldSite) {
        for (const cu::CallStep &St : E.HeldChain)
          diag(St.Call->getBeginLoc(), "calls %0", DiagnosticIDs::Note)
              << St.Callee;
        diag(E.HeldSite->getBeginLoc(), "'%0' acquired here",
             DiagnosticIDs::Note)
            << E.Held.str();
        while (Common < E.HeldChain.size() &&
               Common < E.AcquiredChain.size() &&
               E.HeldChain[Common].Call == E.AcquiredChain[Common].Call)
          ++Common;
      }
      for (const cu::CallStep &St :
           llvm::ArrayRef(E.AcquiredChain).drop_front(Common))
        diag(St.Call->getBeginLoc(), "calls %0", DiagnosticIDs::Note)
            << St.Callee;
      diag(E.AcquiredSite->getBeginLoc(), "'%0' acquired here while '%1' is held",
           DiagnosticIDs::Note)
          << E.Acquired.str() << E.Held.str();
    }
  }
}

} // namespace clang::tidy::conclint
