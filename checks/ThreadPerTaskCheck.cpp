//===-- ThreadPerTaskCheck.cpp - conclint-thread-per-task -----------------===//
//
// A thread per element of a data-dependent loop: as many threads as there
// are items, each paying thread creation, all competing for the same cores.
// Loops with a small constant trip count (the tutorials' five workers), or
// capped by a small constant (`i < std::min(n, 4)`), and loops bounded by
// std::thread::hardware_concurrency() (a fixed pool) are fine; a count that
// reads only constants this TU does not show is unknown and stays silent.
// So is a loop that starts N identical workers -- nothing the new thread
// runs depends on the iteration -- or N workers that each run a worker loop
// taking jobs from shared state: a pool whatever N is; or a fork-join whose
// caller runs the first share itself (a parallel section over the shares of
// one job, their number a degree of parallelism). Exact trip counts
// come from utils::CostModel, spawns, their dependence on the iteration and
// worker loops from utils::ThreadEntryPoints.
//
//===----------------------------------------------------------------------===//

#include "ThreadPerTaskCheck.h"
#include "utils/CheckOptions.h"
#include "utils/CostModel.h"
#include "utils/LoopBounds.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <algorithm>
#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace {

/// A function whose body is a template pattern (utils::isTemplatePattern).
AST_MATCHER(FunctionDecl, isDependentCallable) {
  return utils::isTemplatePattern(&Node);
}

/// std::async(std::launch::async, ...) spelled with the async policy.
bool hasAsyncLaunchPolicy(const Expr *Site) {
  const auto *Call = dyn_cast<CallExpr>(Site);
  if (!Call || Call->getNumArgs() == 0)
    return false;
  const Expr *P = Call->getArg(0)->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(P))
    if (const auto *EC = dyn_cast<EnumConstantDecl>(DRE->getDecl()))
      return EC->getName() == "async";
  return false;
}

/// The record a spawn constructs as its thread (std::thread, a ThreadTypes
/// class), or null for std::async.
const CXXRecordDecl *spawnedRecord(const utils::ThreadSpawn &S) {
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S.Site))
    return CE->getConstructor()->getParent();
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S.Site))
    if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
            MC->getRecordDecl()))
      if (Spec->getTemplateArgs().size() > 0 &&
          Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
        return Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  return nullptr;
}

/// A loop that grows a set of threads up to a bound: one conjunct of its
/// condition compares the size() of a container of threads (`while
/// (threads.size() < limit_)`). It builds a pool of `limit_` workers,
/// whatever the limit is.
bool growsThreadSetToBound(const Stmt *Loop, const CXXRecordDecl *Thread,
                           ASTContext &Ctx) {
  if (!Thread)
    return false;
  llvm::SmallVector<const Expr *, 3> Parts;
  utils::loopConditionConjuncts(Loop, Parts);
  for (const Expr *P : Parts) {
    const auto *Cmp = dyn_cast<BinaryOperator>(P->IgnoreParenImpCasts());
    if (!Cmp || !Cmp->isRelationalOp())
      continue;
    for (const Expr *Side : {Cmp->getLHS(), Cmp->getRHS()}) {
      // `(int)threads.size() < limit_`: an explicit cast keeps the count.
      const auto *MC = dyn_cast<CXXMemberCallExpr>(Side->IgnoreParenCasts());
      const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
      if (!MD || !MD->getIdentifier() || MD->getName() != "size")
        continue;
      QualType E =
          utils::elementTypeOf(MC->getImplicitObjectArgument(), Ctx);
      if (E.isNull())
        continue;
      const CXXRecordDecl *RD = E->getAsCXXRecordDecl();
      if (RD && RD->getCanonicalDecl() == Thread->getCanonicalDecl())
        return true;
    }
  }
  return false;
}

/// Whether \p S (or \p V, a variable declared outside \p Loop) contains
/// something that is not the induction variable or loop-invariant: a call,
/// an element access, a dereference, or a variable declared inside the loop.
bool mentionsMoreThanIndex(const Stmt *S, const VarDecl *V, const Stmt *Loop,
                           const SourceManager &SM) {
  if (!S)
    return false;
  if (isa<ArraySubscriptExpr>(S))
    return true;
  if (const auto *UO = dyn_cast<UnaryOperator>(S);
      UO && UO->getOpcode() == UO_Deref)
    return true;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S))
    if (Op->getOperator() == OO_Subscript || Op->getOperator() == OO_Star ||
        Op->getOperator() == OO_Arrow)
      return true;
  if (isa<CallExpr>(S) && !isa<CXXOperatorCallExpr>(S))
    return true;
  if (const auto *D = dyn_cast<DeclRefExpr>(S))
    if (const auto *VD = dyn_cast<VarDecl>(D->getDecl()))
      if (VD != V && VD->isLocalVarDecl() &&
          Loop->getSourceRange().fullyContains(VD->getSourceRange()))
        return true; // declared in the loop: differs per iteration
  for (const Stmt *C : S->children())
    if (mentionsMoreThanIndex(C, V, Loop, SM))
      return true;
  return false;
}

/// The thread is handed nothing that changes per iteration but the counter
/// of a loop bounded by a plain number (not a container's size): a worker's
/// index or a task's number, the translation unit cannot tell which, so the
/// count is not shown to follow data.
bool handsOnlyCounter(const utils::ThreadSpawn &S, const Stmt *Loop,
                      const SourceManager &SM) {
  const auto *F = dyn_cast<ForStmt>(Loop);
  if (!F || utils::boundingContainer(F))
    return false;
  const VarDecl *V = utils::loopInductionVariable(F);
  if (!V)
    return false;
  for (const Expr *A : S.ForwardedArgs)
    if (mentionsMoreThanIndex(A, V, Loop, SM))
      return false;
  if (!S.Callable)
    return false;
  const Expr *C = utils::stripCallableWrappers(S.Callable);
  if (const auto *L = dyn_cast<LambdaExpr>(C)) {
    for (const Expr *Init : L->capture_inits())
      if (mentionsMoreThanIndex(Init, V, Loop, SM))
        return false;
    // The body may index data with the counter: `items[i]`.
    std::function<bool(const Stmt *)> IndexesWithCounter =
        [&](const Stmt *X) {
          if (!X)
            return false;
          const Expr *Index = nullptr;
          if (const auto *AS = dyn_cast<ArraySubscriptExpr>(X))
            Index = AS->getIdx();
          else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(X);
                   Op && Op->getOperator() == OO_Subscript &&
                   Op->getNumArgs() == 2)
            Index = Op->getArg(1);
          else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(X))
            if (MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
                MC->getMethodDecl()->getName() == "at" && MC->getNumArgs() == 1)
              Index = MC->getArg(0);
          if (Index)
            return true; // any element access in a per-iteration lambda
          for (const Stmt *Ch : X->children())
            if (IndexesWithCounter(Ch))
              return true;
          return false;
        };
    return !IndexesWithCounter(L->getBody());
  }
  return !mentionsMoreThanIndex(C, V, Loop, SM);
}

/// Whether what the thread runs is chosen by a virtual call on what the
/// iteration hands it, so the item's dynamic type decides whether it is
/// one task or a long-lived worker (a test harness's `thread::run()`
/// calling each worker's `test()`): the TU cannot tell. The entry's body
/// is a virtual member function started on the item, or calls one (not
/// final, unqualified) on
///  - `this`, when the entry is a member function started on an object
///    other than the spawning function's own `this` (`&Worker::run, w`);
///  - a parameter of the entry, or a variable declared in \p Loop (a
///    lambda's capture of the range-for element: `[w] { w->run(); }`),
///    directly or through `*`, `->` or a smart pointer's `get()`.
/// Virtual calls on anything else (an iterator, a logger, the spawning
/// object itself, the same for every thread) do not choose the work.
bool dispatchesOnItem(const utils::ThreadSpawn &S, const Stmt *Loop) {
  const FunctionDecl *Entry = utils::entryFunction(S);
  if (!Entry)
    return false;
  const Expr *Obj = utils::entryObjectArg(S);
  bool ThisIsItem =
      Obj && !isa<CXXThisExpr>(Obj->IgnoreParenImpCasts()) &&
      !(isa<UnaryOperator>(Obj->IgnoreParenImpCasts()) &&
        isa<CXXThisExpr>(cast<UnaryOperator>(Obj->IgnoreParenImpCasts())
                             ->getSubExpr()
                             ->IgnoreParenImpCasts()));
  // The entry itself is virtual on the item (`&Task::run, t`).
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Entry);
      MD && ThisIsItem && MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
      !MD->getParent()->hasAttr<FinalAttr>())
    return true;
  std::function<bool(const FunctionDecl *, bool, unsigned)> Body =
      [&](const FunctionDecl *F, bool ThisItem, unsigned Depth) {
        const FunctionDecl *Def = nullptr;
        if (!F->hasBody(Def) || !Def->getBody())
          return false;
        auto IsItem = [&](const Expr *R) {
          while (R) {
            R = R->IgnoreParenImpCasts();
            if (isa<CXXThisExpr>(R))
              return ThisItem;
            if (const auto *UO = dyn_cast<UnaryOperator>(R);
                UO && UO->getOpcode() == UO_Deref) {
              R = UO->getSubExpr();
              continue;
            }
            if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(R);
                Op && (Op->getOperator() == OO_Arrow ||
                       Op->getOperator() == OO_Star) &&
                Op->getNumArgs() > 0) {
              R = Op->getArg(0);
              continue;
            }
            if (const auto *MC = dyn_cast<CXXMemberCallExpr>(R);
                MC && MC->getMethodDecl() &&
                MC->getMethodDecl()->getIdentifier() &&
                MC->getMethodDecl()->getName() == "get") {
              R = MC->getImplicitObjectArgument();
              continue;
            }
            if (const auto *DRE = dyn_cast<DeclRefExpr>(R)) {
              const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
              if (!VD)
                return false;
              // The entry's parameters hold what the spawn handed it.
              if (const auto *PD = dyn_cast<ParmVarDecl>(VD))
                return F == Entry && PD->getDeclContext() == Def;
              return VD->isLocalVarDecl() && Loop &&
                     Loop->getSourceRange().fullyContains(VD->getSourceRange());
            }
            return false;
          }
          return false;
        };
        std::function<bool(const Stmt *)> Walk = [&](const Stmt *X) {
          if (!X || isa<LambdaExpr>(X))
            return false;
          if (const auto *MC = dyn_cast<CXXMemberCallExpr>(X)) {
            const CXXMethodDecl *MD = MC->getMethodDecl();
            const auto *ME =
                dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
            if (MD && !(ME && ME->hasQualifier()) &&
                IsItem(MC->getImplicitObjectArgument())) {
              if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
                  !MD->getParent()->hasAttr<FinalAttr>())
                return true;
              // A non-virtual member of the item: what it dispatches on
              // its own `this` is dispatched on the item.
              if (Depth > 0 && Body(MD, /*ThisItem=*/true, Depth - 1))
                return true;
            }
          }
          for (const Stmt *C : X->children())
            if (Walk(C))
              return true;
          return false;
        };
        return Walk(Def->getBody());
      };
  return Body(Entry, ThisIsItem, /*Depth=*/2);
}

/// The call \p E makes: its callee, or for a call of a function object
/// (a lambda in a variable: `share(parts[0])`) the call operator.
const FunctionDecl *calledFunction(const CallExpr *E) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getOperator() == OO_Call)
    return dyn_cast_or_null<FunctionDecl>(Op->getCalleeDecl());
  return E->getDirectCallee();
}

/// Whether \p E designates the first element of the container named \p D:
/// `X[0]`, `X.at(0)`, `X.front()`, `*X.begin()` (through `&`, `.member`).
bool mentionsFirstElement(const Stmt *E, const ValueDecl *D,
                          const ASTContext &Ctx) {
  if (!E || isa<LambdaExpr>(E))
    return false;
  auto IsZero = [&](const Expr *I) {
    std::optional<int64_t> V = utils::evalConstantInt(I, Ctx);
    return V && *V == 0;
  };
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
    if (utils::objectDecl(AS->getBase()) == D && IsZero(AS->getIdx()))
      return true;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
        utils::objectDecl(Op->getArg(0)) == D && IsZero(Op->getArg(1)))
      return true;
    if (Op->getOperator() == OO_Star && Op->getNumArgs() == 1)
      if (const auto *B = dyn_cast<CXXMemberCallExpr>(
              Op->getArg(0)->IgnoreParenImpCasts());
          B && B->getMethodDecl() && B->getMethodDecl()->getIdentifier() &&
          B->getMethodDecl()->getName() == "begin" &&
          utils::objectDecl(B->getImplicitObjectArgument()) == D)
        return true;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *MD = MC->getMethodDecl();
        MD && MD->getIdentifier() &&
        utils::objectDecl(MC->getImplicitObjectArgument()) == D &&
        (MD->getName() == "front" ||
         (MD->getName() == "at" && MC->getNumArgs() == 1 &&
          IsZero(MC->getArg(0)))))
      return true;
  for (const Stmt *C : E->children())
    if (mentionsFirstElement(C, D, Ctx))
      return true;
  return false;
}

/// A parallel section over the shares of one job, in which the spawning
/// thread is one of the workers: \p Loop counts from 1 to the size of a
/// container X (`for (i = 1; i < X.size(); ++i)`), the spawn puts each
/// thread into a local container of threads T, and the function that owns
/// T, outside the loop, calls the thread's own entry function on X's first
/// element itself (`run(&X[0])`, `X.front()`, `*X.begin()`) and then joins
/// every thread of T (a range-for over T calling `join()` on each, after
/// the loop; a container of std::jthread joins when it goes out of scope).
/// The caller counting itself as the worker of share 0 says X is the job
/// cut into as many shares as the section has threads: its size is the
/// section's degree of parallelism, decided where X was filled, not shown
/// to be the number of input items; and the threads end before the
/// function returns, so they do not accumulate per task.
bool callerTakesFirstShare(const utils::ThreadSpawn &S, const Stmt *Loop,
                           ASTContext &Ctx) {
  const auto *F = dyn_cast<ForStmt>(Loop);
  if (!F)
    return false;
  const ValueDecl *X = utils::objectDecl(utils::boundingContainer(F));
  const VarDecl *I = utils::loopInductionVariable(F);
  if (!X || !I)
    return false;
  // The loop starts at the second element.
  const Expr *Start = nullptr;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(F->getInit());
      DS && DS->isSingleDecl() && DS->getSingleDecl() == I)
    Start = I->getInit();
  else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(F->getInit());
           BO && BO->getOpcode() == BO_Assign)
    Start = BO->getRHS();
  std::optional<int64_t> First = Start ? utils::evalConstantInt(Start, Ctx)
                                       : std::nullopt;
  if (!First || *First != 1)
    return false;
  // The threads go into a local container of the spawning function.
  const auto *Emplace = dyn_cast<CXXMemberCallExpr>(S.Site);
  if (!Emplace)
    return false;
  const auto *TRef = dyn_cast<DeclRefExpr>(
      Emplace->getImplicitObjectArgument()->IgnoreParenImpCasts());
  const auto *T = TRef ? dyn_cast<VarDecl>(TRef->getDecl()) : nullptr;
  if (!T || !T->isLocalVarDecl() || T->isStaticLocal())
    return false;
  const auto *Fn = dyn_cast<FunctionDecl>(T->getDeclContext());
  const FunctionDecl *Entry = utils::entryFunction(S);
  if (!Fn || !Fn->getBody() || !Entry)
    return false;
  const SourceManager &SM = Ctx.getSourceManager();
  const CXXRecordDecl *Thread = spawnedRecord(S);
  bool JoinsOnScopeExit = Thread && Thread->isInStdNamespace() &&
                          Thread->getIdentifier() &&
                          Thread->getName() == "jthread";
  bool Share = false, Joins = JoinsOnScopeExit;
  std::function<void(const Stmt *)> Walk = [&](const Stmt *X2) {
    if (!X2 || isa<LambdaExpr>(X2) || X2 == Loop)
      return;
    if (const auto *Call = dyn_cast<CallExpr>(X2)) {
      const FunctionDecl *Callee = calledFunction(Call);
      if (Callee && Callee->getCanonicalDecl() == Entry->getCanonicalDecl())
        for (const Expr *A : Call->arguments())
          if (mentionsFirstElement(A, X, Ctx))
            Share = true;
    }
    if (const auto *R = dyn_cast<CXXForRangeStmt>(X2);
        R && R->getLoopVariable() &&
        SM.isBeforeInTranslationUnit(Loop->getEndLoc(), R->getBeginLoc()) &&
        utils::objectDecl(R->getRangeInit()) == T) {
      const VarDecl *Each = R->getLoopVariable();
      std::function<bool(const Stmt *)> JoinsEach = [&](const Stmt *B) {
        if (!B)
          return false;
        if (const auto *MC = dyn_cast<CXXMemberCallExpr>(B))
          if (const CXXMethodDecl *MD = MC->getMethodDecl();
              MD && MD->getIdentifier() && MD->getName() == "join" &&
              utils::objectDecl(MC->getImplicitObjectArgument()) == Each)
            return true;
        for (const Stmt *C : B->children())
          if (JoinsEach(C))
            return true;
        return false;
      };
      if (JoinsEach(R->getBody()))
        Joins = true;
    }
    for (const Stmt *C : X2->children())
      Walk(C);
  };
  Walk(Fn->getBody());
  return Share && Joins;
}

/// The thread type a spawn constructs ("std::thread", "my::worker_thread"),
/// or the spawn kind's name.
std::string spawnedTypeName(const utils::ThreadSpawn &S) {
  const CXXRecordDecl *RD = nullptr;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S.Site))
    RD = CE->getConstructor()->getParent();
  else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S.Site))
    if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
            MC->getRecordDecl()))
      if (Spec->getTemplateArgs().size() > 0 &&
          Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
        RD = Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  if (RD && S.Kind != utils::SpawnKind::Async)
    return llvm::StringRef(utils::qualifiedName(RD)).drop_front(2).str();
  return utils::spawnKindName(S.Kind).str();
}

} // namespace

ThreadPerTaskCheck::ThreadPerTaskCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SmallTripCount(Options.get("SmallTripCount", 64U)),
      ThreadTypes(Options.get("ThreadTypes", "::std::thread")),
      SpawnOpts(utils::SpawnOptions::fromStrings(ThreadTypes, "")),
      ReportIdenticalWorkers(Options.get("ReportIdenticalWorkers", false)) {}

void ThreadPerTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SmallTripCount", SmallTripCount);
  Options.store(Opts, "ThreadTypes", ThreadTypes);
  Options.store(Opts, "ReportIdenticalWorkers", ReportIdenticalWorkers);
}

void ThreadPerTaskCheck::registerMatchers(MatchFinder *Finder) {
  std::vector<std::string> Types = SpawnOpts.ThreadTypes;
  Types.push_back("::std::jthread");
  std::vector<StringRef> TypeRefs(Types.begin(), Types.end());
  auto ThreadType = cxxRecordDecl(hasAnyName(TypeRefs));
  auto Spawn = expr(anyOf(
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(ThreadType)))),
      callExpr(callee(functionDecl(hasName("::std::async")))),
      cxxMemberCallExpr(callee(cxxMethodDecl(
          hasAnyName("emplace_back", "emplace", "emplace_front"))))));
  Finder->addMatcher(
      stmt(anyOf(forStmt(), cxxForRangeStmt(), whileStmt(), doStmt()),
           unless(isExpansionInSystemHeader()), hasDescendant(Spawn))
          .bind("loop"),
      this);
  // The callables whose loops are judged on their instantiations instead
  // (template patterns). The matcher visits a declaration or a lambda before
  // what it contains, so their loops are known before they are matched;
  // walking down from them avoids asking for the loop's parents, which
  // would build a parent map of the whole translation unit.
  Finder->addMatcher(functionDecl(isDefinition(), isDependentCallable(),
                                  unless(isExpansionInSystemHeader()))
                         .bind("pattern"),
                     this);
  Finder->addMatcher(
      lambdaExpr(unless(isExpansionInSystemHeader())).bind("lambda"), this);
}

void ThreadPerTaskCheck::notePatternLoops(const Stmt *S) {
  llvm::SmallVector<const Stmt *, 64> Work;
  if (S)
    Work.push_back(S);
  while (!Work.empty()) {
    const Stmt *X = Work.pop_back_val();
    // A lambda is a callable of its own (its captures included): it is
    // judged when the matcher reaches it.
    if (isa<LambdaExpr>(X))
      continue;
    if (utils::CostModel::isLoop(X))
      PatternLoops.insert(X);
    for (const Stmt *C : X->children())
      if (C)
        Work.push_back(C);
  }
}

void ThreadPerTaskCheck::check(const MatchFinder::MatchResult &Result) {
  // Templates are judged on their instantiations (ThreadEntryPoints.h): the
  // loops of a pattern's callables are noted here and skipped below.
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("pattern")) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        notePatternLoops(Init->getInit());
    for (const ParmVarDecl *P : FD->parameters())
      if (P->hasDefaultArg() && !P->hasUninstantiatedDefaultArg() &&
          !P->hasUnparsedDefaultArg())
        notePatternLoops(P->getDefaultArg());
    notePatternLoops(FD->getBody());
    return;
  }
  if (const auto *L = Result.Nodes.getNodeAs<LambdaExpr>("lambda")) {
    if (utils::isTemplatePattern(L->getCallOperator())) {
      for (const Expr *Init : L->capture_inits())
        notePatternLoops(Init);
      notePatternLoops(L->getBody());
    }
    return;
  }
  const auto *Loop = Result.Nodes.getNodeAs<Stmt>("loop");
  if (!Loop || PatternLoops.contains(Loop))
    return;
  ASTContext &Ctx = *Result.Context;

  // Outer loops are matched before inner ones, so the first match that sees
  // a spawn sees its whole loop nest; later matches skip it.
  llvm::SmallVector<const Stmt *, 4> Path;
  auto Decide = [&](const utils::ThreadSpawn &S) {
    if (!Decided.insert(S.Site).second)
      return;
    const Stmt *Culprit = nullptr;
    uint64_t Product = 1;
    bool Opaque = false;
    for (const Stmt *L : Path) {
      if (utils::mentionsHardwareConcurrency(utils::loopTripControl(L)))
        continue; // one per core: a fixed pool
      std::optional<uint64_t> N = utils::CostModel::constantTripCount(L, Ctx);
      // A data-dependent count capped by a small constant is small.
      if (!N)
        if (auto B = utils::loopTripCountBound(L, Ctx); B && *B <= SmallTripCount)
          N = B;
      if (!N && utils::loopBoundIsOpaqueConstant(L)) {
        Opaque = true; // truly unknown: neither constant nor data
        continue;
      }
      if (!N) {
        Culprit = L;
        break;
      }
      Product = *N != 0 && Product > UINT64_MAX / 4 / *N ? UINT64_MAX / 4
                                                         : Product * *N;
    }
    if (!Culprit && Opaque)
      return;
    bool LargeConstant = !Culprit && Product > SmallTripCount;
    if (!Culprit && !LargeConstant)
      return;
    if (LargeConstant)
      Culprit = Path.front();
    // N identical workers are a pool: only a spawn whose callable or
    // arguments change with the iteration starts a thread per task.
    if (!ReportIdenticalWorkers && !utils::spawnVariesPerIteration(S, Culprit))
      return;
    // A loop filling a set of threads up to its bound builds a pool.
    if (!ReportIdenticalWorkers && !LargeConstant &&
        growsThreadSetToBound(Culprit, spawnedRecord(S), Ctx))
      return;
    // Counting to a plain scalar (a parameter, a member, an option field):
    // a configured degree of parallelism as far as the TU shows, not a
    // count shown to grow with the input, whatever each thread is handed.
    if (!ReportIdenticalWorkers && !LargeConstant &&
        utils::loopCountsToScalar(Culprit, Ctx))
      return;
    // Counting to a plain number and handing each thread only the counter:
    // worker indices or task numbers, unknown which; silence.
    if (!ReportIdenticalWorkers && !LargeConstant &&
        handsOnlyCounter(S, Culprit, Ctx.getSourceManager()))
      return;
    // A loop without a count (`for (;;) { fd = accept(...); ... }`, `while
    // (read(job))`, draining a queue) that hands each thread what it
    // changed shows a thread per input on its own. Any other loop shows it
    // only when the thread is known to run one task: not a worker loop
    // taking jobs from shared state (a pool, whether or not each worker
    // gets its index), not work chosen by a virtual call (unknown).
    // A parallel section whose spawning thread runs the first share of
    // the job itself and joins the rest: the container is the job cut into
    // as many shares as the section has threads (callerTakesFirstShare).
    if (!ReportIdenticalWorkers && !LargeConstant &&
        callerTakesFirstShare(S, Culprit, Ctx))
      return;
    bool PerInput = !LargeConstant && utils::loopIsOpenEnded(Culprit);
    if (!ReportIdenticalWorkers && !PerInput &&
        (utils::runsWorkerLoop(S) || dispatchesOnItem(S, Culprit)))
      return;

    if (!Reported.first(S.Site->getBeginLoc()))
      return;
    std::string What = spawnedTypeName(S);
    diag(S.Site->getBeginLoc(),
         "'%0' starts a new thread for every iteration of %select{a loop "
         "whose trip count depends on data|a loop nest of %2 iterations}1, "
         "which oversubscribes the CPU and pays thread start-up per task; "
         "run the tasks on a fixed pool of "
         "'std::thread::hardware_concurrency()' workers")
        << What << (LargeConstant ? 1 : 0) << std::to_string(Product);
    diag(Culprit->getBeginLoc(),
         LargeConstant ? "loop nest here" : "loop whose trip count depends "
                                            "on data here",
         DiagnosticIDs::Note);
  };

  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *E = dyn_cast<Expr>(S)) {
      std::optional<utils::ThreadSpawn> Sp = utils::classifySpawn(E, SpawnOpts);
      if (!Sp)
        Sp = utils::classifyContainerEmplace(E, SpawnOpts);
      if (Sp && (Sp->Kind == utils::SpawnKind::Thread ||
                 Sp->Kind == utils::SpawnKind::JThread ||
                 (Sp->Kind == utils::SpawnKind::Async &&
                  hasAsyncLaunchPolicy(Sp->Site))))
        Decide(*Sp);
    }
    bool IsLoop = utils::CostModel::isLoop(S);
    if (IsLoop)
      Path.push_back(S);
    for (const Stmt *C : S->children())
      Walk(C);
    if (IsLoop)
      Path.pop_back();
  };
  Walk(Loop);
}

} // namespace clang::tidy::conclint
