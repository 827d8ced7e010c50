//===-- SummaryRaces.cpp - race and lock-order facts, and their link ------===//
//
// The race family of the project-wide summaries (Summary.h). Per user
// function definition of the TU, from the core:
//  - every access to a variable with static storage (a global, a static
//    member, a function-local static) that is neither constant, atomic,
//    thread-local nor a synchronisation object, as an access path
//    (utils/LockPath) with Lockset's must set there;
//  - every direct call of a user function, with the must set at the call;
//  - every spawn (utils/ThreadEntryPoints) with its entry's USR, and the
//    function's own accesses and calls while the thread may run
//    (utils/ThreadLifetimes' window; ended by any join, get or wait in the
//    function and by handles that join when destroyed -- more ends than the
//    spawn's own, so the window is smaller: fewer findings, never more);
//  - Lockset's order edges, joins and detaches.
//
// A lock is written "g:<key>" when it is rooted at a variable with static
// storage (the same object in every TU) and "l:<path>" otherwise; a held
// "l:" lock or the unknown lock ("?") may be any lock, so the link stays
// silent on such an access.
//
//===----------------------------------------------------------------------===//

#include "Summary.h"
#include "utils/Walker.h"
#include "CoroutineContext.h"
#include "Dataflow.h"
#include "LockPath.h"
#include "Lockset.h"
#include "SyncTypes.h"
#include "ThreadEntryPoints.h"
#include "ThreadLifetimes.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

namespace clang::tidy::conclint::utils::summary {

namespace {

/// A variable whose accesses are facts: static storage, mutable, plain.
bool isSharedVariable(const VarDecl *VD) {
  if (!VD || !VD->hasGlobalStorage() || VD->getTLSKind() != VarDecl::TLS_None)
    return false;
  QualType T = VD->getType().getNonReferenceType();
  if (T.isConstQualified() || VD->isConstexpr() || T->isReferenceType())
    return false;
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  if (T.isConstQualified() || isSynchronisationType(T))
    return false;
  const SourceManager &SM = VD->getASTContext().getSourceManager();
  return !SM.isInSystemHeader(VD->getLocation());
}

std::vector<std::string> heldLocks(const FunctionLockFacts *LF, const Stmt *S) {
  std::vector<std::string> Out;
  const LockSet *L = LF ? LF->mustHoldAt(S) : nullptr;
  if (!LF) {
    Out.push_back("?");
    return Out;
  }
  if (!L)
    return Out;
  if (L->hasUnknown())
    Out.push_back("?");
  for (const HeldLock &H : L->locks())
    Out.push_back(H.Lock.rootKind() == PathRoot::Global ? "g:" + H.Lock.key()
                                                        : "l:" + H.Lock.str());
  return Out;
}

/// The outermost expression designating (a part of) the variable that
/// \p DRE names, and whether it is written there.
std::pair<const Expr *, bool> accessOf(const DeclRefExpr *DRE,
                                       const ParentMap &PM) {
  const Expr *E = DRE;
  for (;;) {
    const Stmt *P = PM.getParentIgnoreParens(E);
    if (const auto *ME = dyn_cast_or_null<MemberExpr>(P);
        ME && !ME->isArrow() && ME->getBase()->IgnoreParenImpCasts() == E) {
      E = ME;
      continue;
    }
    if (const auto *AS = dyn_cast_or_null<ArraySubscriptExpr>(P);
        AS && AS->getBase()->IgnoreParenImpCasts() == E &&
        E->getType()->isArrayType()) {
      E = AS;
      continue;
    }
    if (const auto *IC = dyn_cast_or_null<ImplicitCastExpr>(P);
        IC && IC->getCastKind() == CK_ArrayToPointerDecay) {
      if (const auto *AS = dyn_cast_or_null<ArraySubscriptExpr>(
              PM.getParentIgnoreParens(IC));
          AS && AS->getBase()->IgnoreParens() == IC) {
        E = AS;
        continue;
      }
    }
    break;
  }
  const Stmt *P = PM.getParentIgnoreParens(E);
  bool Write = false;
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P))
    Write = BO->isAssignmentOp() && BO->getLHS()->IgnoreParens() == E;
  else if (const auto *UO = dyn_cast_or_null<UnaryOperator>(P))
    Write = UO->isIncrementDecrementOp();
  return {E, Write};
}

class Recorder {
public:
  /// \p LockOrder: the lock-order family's facts, else the race family's
  /// (the calls are both's).
  Recorder(ASTContext &Ctx, Summary &Out, bool LockOrder)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Out(Out), LockMode(LockOrder) {}

  void function(const FunctionDecl *FD) {
    const Stmt *Body = FD->getBody();
    // clang's CFG does not model coroutine bodies (and may crash on them,
    // as on invalid declarations): no race facts for those.
    if (!Body || FD->isInvalidDecl() || isa<CoroutineBodyStmt>(Body))
      return;
    std::string Usr = usrOf(FD);
    if (Usr.empty())
      return;
    const FunctionCFG *G = CFGs.get(FD, Body, Ctx);
    if (!G)
      return;
    std::unique_ptr<FunctionLockFacts> LF = FunctionLockFacts::analyze(*G, Ctx);
    const ParentMap &PM = G->parents();

    FunctionFacts F;
    std::vector<std::pair<const Stmt *, Access>> Accesses;
    std::vector<std::pair<const Stmt *, Call>> Calls;
    llvm::SmallPtrSet<const Stmt *, 8> Ends;
    llvm::SmallPtrSet<const VarDecl *, 4> EndVars;

    struct Walk : Walker {
      std::function<void(const Stmt *)> Fn;
      bool shouldVisitLambdaBody() const override { return false; }
      bool VisitStmt(Stmt *S) override {
        Fn(S);
        return true;
      }
    } W;
    W.Fn = [&](const Stmt *S) {
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
        if (LockMode)
          return;
        const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        if (!isSharedVariable(VD))
          return;
        auto [E, Write] = accessOf(DRE, PM);
        std::optional<AccessPath> P = accessPathOf(E);
        Access A;
        A.Var = usrOf(VD);
        if (A.Var.empty())
          return;
        A.Path = P ? P->key() : A.Var;
        A.Write = Write;
        A.Held = heldLocks(LF.get(), E);
        A.At = locOf(SM, E->getBeginLoc());
        Out.Globals.emplace(A.Var, std::make_pair(VD->getNameAsString(),
                                                  locOf(SM, VD->getLocation())));
        Accesses.push_back({E, std::move(A)});
        return;
      }
      if (const auto *CE = dyn_cast<CallExpr>(S)) {
        const FunctionDecl *Callee = CE->getDirectCallee();
        if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
          llvm::StringRef N = MC->getMethodDecl() &&
                                      MC->getMethodDecl()->getIdentifier()
                                  ? MC->getMethodDecl()->getName()
                                  : "";
          if (N == "join" || N == "get" || N == "wait")
            Ends.insert(CE);
          if (N == "join")
            ++F.Joins;
          if (N == "detach")
            ++F.Detaches;
        }
        if (!Callee || SM.isInSystemHeader(Callee->getLocation()))
          return;
        if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee))
          if (MD->isVirtual() || MD->getParent()->isLambda())
            return;
        const FunctionDecl *Target = definitionOf(Callee) ? definitionOf(Callee)
                                                          : Callee;
        Call C;
        C.Usr = usrOf(Target);
        if (C.Usr.empty())
          return;
        C.Name = coroutineDisplayName(Callee);
        C.At = locOf(SM, CE->getBeginLoc());
        C.Held = heldLocks(LF.get(), CE);
        Calls.push_back({CE, std::move(C)});
        return;
      }
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D)) {
            const CXXRecordDecl *RD = VD->getType()->getAsCXXRecordDecl();
            if (RD && RD->getIdentifier() &&
                (RD->getName() == "jthread" || RD->getName() == "future" ||
                 RD->getName() == "shared_future"))
              EndVars.insert(VD);
          }
    };
    W.TraverseStmt(const_cast<Stmt *>(Body));

    for (const ThreadSpawn &TS : findSpawns(Body)) {
      if (!TS.runsOnAnotherThread())
        continue;
      const FunctionDecl *Entry = entryFunction(TS);
      if (!Entry)
        continue;
      if (const auto *MD = dyn_cast<CXXMethodDecl>(Entry);
          MD && MD->getParent()->isLambda())
        function(Entry); // a lambda entry: its facts under its own USR
      Spawn Sp;
      Sp.Entry = usrOf(definitionOf(Entry) ? definitionOf(Entry) : Entry);
      if (Sp.Entry.empty())
        continue;
      Sp.EntryName = coroutineDisplayName(Entry);
      Sp.At = locOf(SM, TS.Site->getBeginLoc());
      ThreadWindow Win(*G, TS.Site, Ends, EndVars);
      Sp.Repeats = Win.runsAgainWhileRunning();
      if (LockMode) { // roots only: no window
        F.Spawns.push_back(std::move(Sp));
        continue;
      }
      for (const auto &[S, A] : Accesses)
        if (Win.runningAt(S))
          Sp.Window.push_back(A);
      for (const auto &[S, C] : Calls)
        if (S != TS.Site && Win.runningAt(S))
          Sp.WindowCalls.push_back(C);
      F.Spawns.push_back(std::move(Sp));
    }
    for (auto &[S, A] : Accesses)
      F.Accesses.push_back(std::move(A));
    for (auto &[S, C] : Calls)
      F.Calls.push_back(std::move(C));
    if (LF && LockMode) {
      auto Name = [&](const AccessPath &P) {
        if (P.rootKind() != PathRoot::Global)
          return "l:" + P.str();
        std::string K = "g:" + P.key();
        Out.Locks.emplace(K, P.str());
        return K;
      };
      // The body's own order edges (Lockset's: pairs taken together
      // excepted), each with its gates; they also give each acquisition
      // the locks held before it.
      llvm::DenseMap<const Stmt *, std::vector<std::string>> HeldBefore;
      for (const LockOrderEdge &E : LF->orderEdges()) {
        if (!E.HeldSite || !E.AcquiredSite || !E.HeldChain.empty() ||
            !E.AcquiredChain.empty())
          continue;
        OrderEdge O;
        O.Held = Name(E.Held);
        O.Acquired = Name(E.Acquired);
        O.HeldAt = locOf(SM, E.HeldSite->getBeginLoc());
        O.AcquiredAt = locOf(SM, E.AcquiredSite->getBeginLoc());
        for (const AccessPath &P : E.AlsoHeld)
          O.AlsoHeld.push_back(Name(P));
        std::vector<std::string> &H = HeldBefore[E.AcquiredSite];
        for (const std::string &L : O.AlsoHeld)
          if (!llvm::is_contained(H, L))
            H.push_back(L);
        if (!llvm::is_contained(H, O.Held))
          H.push_back(O.Held);
        F.LockOrder.push_back(std::move(O));
      }
      std::set<std::pair<std::string, unsigned>> SeenAcq;
      for (const LockEvent &Ev : LF->events()) {
        if (Ev.Kind != LockEvent::Acquire || !Ev.Lock || !Ev.Site ||
            !Ev.Via.Steps.empty())
          continue;
        Acquire A;
        A.Lock = Name(*Ev.Lock);
        A.At = locOf(SM, Ev.Site->getBeginLoc());
        if (!SeenAcq.insert({A.Lock, A.At.Offset}).second)
          continue;
        A.Held = HeldBefore.lookup(Ev.Site);
        F.Acquires.push_back(std::move(A));
      }
      if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
        F.ConcurrentRoot = isPublicMethodOfLockingClass(MD);
    }
    if (F.Accesses.empty() && F.Calls.empty() && F.Spawns.empty() &&
        F.LockOrder.empty() && F.Acquires.empty() && !F.ConcurrentRoot &&
        !F.Joins && !F.Detaches)
      return;
    FunctionFacts &Into = Out.Functions[Usr];
    if (Into.Name.empty()) {
      Into.Name = coroutineDisplayName(FD);
      Into.At = locOf(SM, FD->getLocation());
      Into.Coroutine = isCoroutine(FD);
      if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
        Into.Lambda = MD->getParent()->isLambda();
    }
    Into.Calls = std::move(F.Calls);
    if (LockMode) {
      // The race family's spawns carry their windows: keep those.
      if (Into.Spawns.empty())
        Into.Spawns = std::move(F.Spawns);
      Into.LockOrder = std::move(F.LockOrder);
      Into.Acquires = std::move(F.Acquires);
      Into.ConcurrentRoot = F.ConcurrentRoot;
      return;
    }
    Into.Accesses = std::move(F.Accesses);
    Into.Spawns = std::move(F.Spawns);
    Into.Joins = F.Joins;
    Into.Detaches = F.Detaches;
  }

private:
  ASTContext &Ctx;
  const SourceManager &SM;
  Summary &Out;
  const bool LockMode;
  CFGCache CFGs;
};

} // namespace

static void collect(ASTContext &Ctx, bool LockOrder, Summary &Out) {
  if (Out.TU.empty())
    Out.TU = mainFileOf(Ctx.getSourceManager());
  Recorder R(Ctx, Out, LockOrder);
  for (const FunctionDecl *FD : definitionsOf(Ctx))
    R.function(FD);
}

static void record(ASTContext &Ctx, bool LockOrder) {
  Sink &K = Sink::get();
  // A TU that does not compile has no summary (the driver keeps none).
  if (!K.enabled() || Ctx.getDiagnostics().hasUncompilableErrorOccurred())
    return;
  collect(Ctx, LockOrder, K.current());
}

Summary collectRaces(ASTContext &Ctx) {
  Summary Out;
  if (!Ctx.getDiagnostics().hasUncompilableErrorOccurred())
    collect(Ctx, /*LockOrder=*/false, Out);
  return Out;
}

Summary collectLockOrder(ASTContext &Ctx) {
  Summary Out;
  if (!Ctx.getDiagnostics().hasUncompilableErrorOccurred())
    collect(Ctx, /*LockOrder=*/true, Out);
  return Out;
}

void recordRaces(ASTContext &Ctx) { record(Ctx, /*LockOrder=*/false); }

void recordLockOrder(ASTContext &Ctx) { record(Ctx, /*LockOrder=*/true); }

//===----------------------------------------------------------------------===//
// The link
//===----------------------------------------------------------------------===//

namespace {

/// An access as a thread reaches it: the locks held on the way in.
/// The locks held on the way to a function: shared by every access of the
/// function (one copy per function entered, not per access).
using HeldSet = std::shared_ptr<const std::set<std::string>>;

struct Reached {
  const Access *A;
  const std::string *Function; ///< USR of the function whose body holds it
  HeldSet PathHeld;            ///< held along the call chain to it
  /// Whether \p L is held at the access (on the path or in the function).
  bool holds(const std::string &L) const {
    return PathHeld->count(L) ||
           std::find(A->Held.begin(), A->Held.end(), L) != A->Held.end();
  }
  template <class Fn> bool anyHeld(Fn F) const {
    for (const std::string &L : *PathHeld)
      if (F(L))
        return true;
    for (const std::string &L : A->Held)
      if (F(L))
        return true;
    return false;
  }
};

bool ambiguous(const Reached &R) {
  return R.anyHeld([](const std::string &L) {
    return L == "?" || llvm::StringRef(L).starts_with("l:");
  });
}

/// Every access reachable from \p Usr's calls (and its own), with the
/// locks held along the call chain (the first path found: a function is
/// entered once per search, and \p Seen is shared by all the searches of
/// one side of one spawn, so a side holds each access at most once and the
/// link's memory and time stay proportional to the program's accesses per
/// spawn). Iterative: no recursion on deep call chains.
void reach(const Summary &S, const std::string &Usr, HeldSet Held,
           std::set<std::string> &Seen, std::vector<Reached> &Out) {
  struct Item {
    const std::string *Usr;
    HeldSet Held;
    unsigned Depth;
  };
  std::vector<Item> Work{{&Usr, std::move(Held), 0}};
  while (!Work.empty()) {
    Item I = std::move(Work.back());
    Work.pop_back();
    auto It = S.Functions.find(*I.Usr);
    if (It == S.Functions.end() || I.Depth > 64 || !Seen.insert(*I.Usr).second)
      continue;
    for (const Access &A : It->second.Accesses)
      Out.push_back({&A, &It->first, I.Held});
    const auto &Calls = It->second.Calls;
    for (auto C = Calls.rbegin(); C != Calls.rend(); ++C) {
      HeldSet H = I.Held;
      if (!C->Held.empty()) {
        auto More = std::make_shared<std::set<std::string>>(*I.Held);
        More->insert(C->Held.begin(), C->Held.end());
        H = std::move(More);
      }
      Work.push_back({&C->Usr, std::move(H), I.Depth + 1});
    }
  }
}

bool overlaps(const Access &X, const Access &Y) {
  if (X.Var != Y.Var)
    return false;
  llvm::StringRef A = X.Path, B = Y.Path;
  return A.starts_with(B) || B.starts_with(A);
}

bool commonLock(const Reached &X, const Reached &Y) {
  return X.anyHeld([&](const std::string &L) { return Y.holds(L); });
}

} // namespace

std::vector<LinkFinding>
linkRaces(const Summary &S, const std::function<bool(const Loc &)> &Prefer) {
  std::vector<LinkFinding> Out;
  std::set<std::string> ReportedVars;
  auto TUOf = [&](const std::string &Usr) {
    auto It = S.DefinedIn.find(Usr);
    return It == S.DefinedIn.end() ? std::string() : It->second;
  };
  const HeldSet None = std::make_shared<const std::set<std::string>>();
  auto heldOf = [](const std::vector<std::string> &L) -> HeldSet {
    return std::make_shared<const std::set<std::string>>(L.begin(), L.end());
  };
  for (const auto &[Spawner, F] : S.Functions) {
    for (const Spawn &Sp : F.Spawns) {
      std::vector<Reached> Thread;
      std::set<std::string> Seen;
      reach(S, Sp.Entry, None, Seen, Thread);
      if (Thread.empty())
        continue;
      // The other side: the spawner while the thread runs, or another
      // instance of the same thread.
      std::vector<Reached> Other;
      for (const Access &A : Sp.Window)
        Other.push_back({&A, &Spawner, None});
      std::set<std::string> SeenW;
      for (const Call &C : Sp.WindowCalls)
        reach(S, C.Usr, heldOf(C.Held), SeenW, Other);
      if (Sp.Repeats)
        Other.insert(Other.end(), Thread.begin(), Thread.end());
      // The other side by variable: each access of the thread meets only
      // the accesses to the same variable.
      std::map<llvm::StringRef, std::vector<const Reached *>> OtherByVar;
      for (const Reached &Y : Other)
        OtherByVar[Y.A->Var].push_back(&Y);
      const std::string Home = TUOf(Spawner);
      for (const Reached &X : Thread) {
        if (ambiguous(X) || ReportedVars.count(X.A->Var))
          continue;
        auto Same = OtherByVar.find(X.A->Var);
        if (Same == OtherByVar.end())
          continue;
        for (const Reached *YP : Same->second) {
          const Reached &Y = *YP;
          if (!(X.A->Write || Y.A->Write) || !overlaps(*X.A, *Y.A) ||
              ambiguous(Y) || commonLock(X, Y))
            continue;
          // What one TU saw entirely is that TU's check's to report.
          if (TUOf(*X.Function) == Home && TUOf(*Y.Function) == Home &&
              TUOf(Sp.Entry) == Home)
            continue;
          const Reached *WP = X.A->Write ? &X : &Y;
          // Both write: either may be the place; take the one \p Prefer
          // accepts.
          if (Prefer && !Prefer(WP->A->At) && X.A->Write && Y.A->Write &&
              Prefer(Y.A->At))
            WP = &Y;
          if (Prefer && !Prefer(WP->A->At))
            continue;
          const Reached &W = *WP;
          const Reached &O = &W == &X ? Y : X;
          if (!ReportedVars.insert(W.A->Var).second)
            continue;
          auto G = S.Globals.find(W.A->Var);
          std::string Name = G == S.Globals.end() ? W.A->Path : G->second.first;
          LinkFinding LF;
          LF.Check = "conclint-unguarded-shared-state";
          LF.Message = "'" + Name +
                       "' is written by concurrently running threads without "
                       "synchronization";
          LF.At = W.A->At;
          LF.Notes.push_back({"thread started here", Sp.At});
          LF.Notes.push_back({"conflicting access here", O.A->At});
          if (G != S.Globals.end() && G->second.second.valid())
            LF.Notes.push_back({"protect '" + Name +
                                    "' with a mutex held at every access, or "
                                    "make it atomic",
                                G->second.second});
          Out.push_back(std::move(LF));
          break;
        }
      }
    }
  }
  return Out;
}

} // namespace clang::tidy::conclint::utils::summary
