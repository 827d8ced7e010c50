//===-- BlockingCallInCoroutineCheck.cpp - blocking-call-in-coroutine -----===//

#include "BlockingCallInCoroutineCheck.h"
#include "utils/Compat.h"
#include "utils/CheckOptions.h"
#include "utils/Summary.h"
#include "utils/ThreadEntryPoints.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace {

const char DefaultAsyncAlternatives[] =
    "::std::this_thread::sleep_for=await an asynchronous timer instead;"
    "::std::this_thread::sleep_until=await an asynchronous timer instead;"
    "::sleep=await an asynchronous timer instead;"
    "::usleep=await an asynchronous timer instead;"
    "::nanosleep=await an asynchronous timer instead;"
    "::clock_nanosleep=await an asynchronous timer instead;"
    "::std::future::get=await the result asynchronously or offload the wait "
    "to a thread pool;"
    "::std::future::wait=await the result asynchronously or offload the wait "
    "to a thread pool;"
    "::std::mutex::lock=serialise with a strand or an asynchronous channel "
    "instead;"
    "::asio::read=use asio::async_read with asio::use_awaitable instead;"
    "::asio::write=use asio::async_write with asio::use_awaitable instead;"
    "::std::this_thread::sync_wait=co_await the work instead;"
    "::cppcoro::sync_wait=co_await the task instead;"
    "*=offload it to a thread pool or use an asynchronous alternative";

const char DefaultOffloadFunctions[] = "to_thread;run_in_executor;offload";

/// Does the spawn run its callable somewhere else than the coroutine's
/// thread (a thread, a pool, Asio work posted to a thread pool)?
bool handedOff(const utils::ThreadSpawn &S) {
  if (S.runsOnAnotherThread())
    return true;
  return (S.Kind == utils::SpawnKind::AsioPost ||
          S.Kind == utils::SpawnKind::AsioCoSpawn) &&
         utils::isThreadPoolExecutor(S.Executor);
}

} // namespace

BlockingCallInCoroutineCheck::BlockingCallInCoroutineCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      CatalogueOptions(utils::BlockingCatalogueOptions::read(Options)),
      AsyncAlternativesRaw(
          Options.get("AsyncAlternatives", DefaultAsyncAlternatives).str()),
      AsyncSleep(Options.get("AsyncSleep", "").trim().str()),
      ThreadSwitchAwaitablesRaw(
          Options
              .get("ThreadSwitchAwaitables",
                   utils::DefaultThreadSwitchAwaitables)
              .str()),
      OffloadFunctionsRaw(
          Options.get("OffloadFunctions", DefaultOffloadFunctions).str()),
      CallDepth(utils::readCallDepth(*this, Options, {"TransitiveDepth"})),
      SummaryStore(Options.getLocalOrGlobal("SummaryStore", "").str()),
      TidyContext(Context), Catalogue(CatalogueOptions.catalogue()),
      BlockingFacts(std::make_unique<utils::CallSummaries>(
          [this](const FunctionDecl *FD) { return blockingSites(FD); })) {
  for (const std::string &Item : utils::splitOptionList(AsyncAlternativesRaw)) {
    size_t Eq = Item.find('=');
    if (Eq == std::string::npos)
      continue;
    Alternatives[StringRef(Item).take_front(Eq).trim()] =
        StringRef(Item).drop_front(Eq + 1).trim().str();
  }
  SwitchPatterns = utils::parseAwaitablePatterns(ThreadSwitchAwaitablesRaw);
  OffloadFunctions = utils::splitOptionList(OffloadFunctionsRaw);
}

void BlockingCallInCoroutineCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  CatalogueOptions.store(Options, Opts);
  Options.store(Opts, "AsyncAlternatives", AsyncAlternativesRaw);
  Options.store(Opts, "AsyncSleep", AsyncSleep);
  Options.store(Opts, "ThreadSwitchAwaitables", ThreadSwitchAwaitablesRaw);
  Options.store(Opts, "OffloadFunctions", OffloadFunctionsRaw);
  Options.store(Opts, utils::CallDepthOption, utils::callDepthText(CallDepth));
  Options.store(Opts, "SummaryStore", SummaryStore);
}

void BlockingCallInCoroutineCheck::registerMatchers(MatchFinder *Finder) {
  // Every coroutine definition (templates, their instantiations and lambda
  // call operators included) outside system headers.
  Finder->addMatcher(functionDecl(isDefinition(),
                                  hasBody(coroutineBodyStmt()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("coro"),
                     this);
  // Coroutine lambdas co_spawned onto a thread pool run there. Seen here so
  // that no parent map is needed (building one costs more than the check).
  Finder->addMatcher(
      callExpr(callee(functionDecl(hasName("::asio::co_spawn")))).bind("spawn"),
      this);
  // Every call that creates a named coroutine (to tell one only ever
  // co_spawned onto a thread pool).
  Finder->addMatcher(
      callExpr(callee(functionDecl(hasBody(coroutineBodyStmt()))),
               unless(isExpansionInSystemHeader()))
          .bind("start"),
      this);
  // The project-wide facts are recorded for every TU, coroutines or not.
  if (utils::summary::Sink::get().enabled())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void BlockingCallInCoroutineCheck::check(
    const MatchFinder::MatchResult &Result) {
  Ctx = Result.Context;
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("coro"))
    Pending.push_back(FD);
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("start"))
    if (const FunctionDecl *FD = Call->getDirectCallee())
      ++CoroutineStarts[FD->getCanonicalDecl()];
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("spawn"))
    if (auto Spawn = utils::classifySpawn(Call))
      if (handedOff(*Spawn)) {
        if (const FunctionDecl *Entry = utils::entryFunction(*Spawn))
          SpawnedOnPool.insert(Entry);
        // co_spawn(pool, coro(args), token): the named coroutine starts there.
        if (const auto *Made = dyn_cast_or_null<CallExpr>(
                Spawn->Callable ? Spawn->Callable->IgnoreImplicit() : nullptr))
          if (const FunctionDecl *FD = Made->getDirectCallee())
            ++PoolStarts[FD->getCanonicalDecl()];
      }
}

void BlockingCallInCoroutineCheck::onEndOfTranslationUnit() {
  // Analysed at the end, once every co_spawn has been seen.
  if (Ctx) {
    for (const FunctionDecl *FD : Pending)
      analyse(FD, *Ctx);
    finishSummaries(*Ctx);
  }
  Pending.clear();
  CoroutineCalls.clear();
  SpawnedOnPool.clear();
  CoroutineStarts.clear();
  PoolStarts.clear();
  BlockingFacts->clear();
  Reported.clear();
  Ctx = nullptr;
}

namespace {
/// The function a callable argument runs (a lambda's call operator, a
/// named function, a functor's operator()), as for a spawn's entry.
const FunctionDecl *callableEntry(const Expr *Arg) {
  utils::ThreadSpawn Fake;
  Fake.Callable = Arg;
  return utils::entryFunction(Fake);
}

/// Whether the body \p S of a callee hands its parameter \p P to another
/// thread: a spawn there (a thread, a pool, an Asio post to a thread pool)
/// whose callable is the parameter itself (through std::move, std::forward
/// and the other wrappers). Lambdas written in the body are not entered.
bool spawnsParameter(const Stmt *S, const ParmVarDecl *P) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (const auto *E = dyn_cast<Expr>(S); E && isa<CallExpr, CXXConstructExpr>(E))
    if (auto Spawn = utils::classifySpawn(E); Spawn && handedOff(*Spawn))
      if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(
              Spawn->Callable ? utils::stripCallableWrappers(Spawn->Callable)
                              : nullptr);
          DRE && DRE->getDecl() == P)
        return true;
  return llvm::any_of(S->children(), [&](const Stmt *C) {
    return spawnsParameter(C, P);
  });
}

/// The lambdas (and named callables) that the body hands to another thread
/// or to an offloading helper, by their call operator.
llvm::DenseSet<const FunctionDecl *>
collectOffloaded(const utils::CoroutineSwitchAnalysis &A,
                 const std::vector<std::string> &OffloadFunctions) {
  llvm::DenseSet<const FunctionDecl *> Out;
  // The callables handed to a call whose callee is not known (a dependent
  // call in a template: `asio::post(pool, [] {...})`, `std::thread([]
  // {...})` with a dependent argument, `run_elsewhere(f)`): where they run
  // is decided by the instantiation, not shown here (silence on unknown).
  auto HandedToUnknown = [&](llvm::ArrayRef<const Expr *> Args) {
    for (const Expr *Arg : Args)
      if (const FunctionDecl *Entry = callableEntry(Arg))
        Out.insert(Entry);
  };
  for (const Stmt *S : A.statements()) {
    const auto *E = dyn_cast<Expr>(S);
    if (const auto *U = dyn_cast_or_null<CXXUnresolvedConstructExpr>(E)) {
      HandedToUnknown(llvm::ArrayRef<const Expr *>(U->arg_begin(), U->arg_end()));
      continue;
    }
    if (const auto *Call = dyn_cast_or_null<CallExpr>(E);
        Call && !Call->getCalleeDecl() && Call->isTypeDependent()) {
      HandedToUnknown(
          llvm::ArrayRef<const Expr *>(Call->getArgs(), Call->getNumArgs()));
      continue;
    }
    if (!E || !isa<CallExpr, CXXConstructExpr>(E))
      continue;
    if (auto Spawn = utils::classifySpawn(E)) {
      if (handedOff(*Spawn))
        if (const FunctionDecl *Entry = utils::entryFunction(*Spawn))
          Out.insert(Entry);
      continue;
    }
    const auto *Call = dyn_cast<CallExpr>(E);
    if (!Call)
      continue;
    // A function whose visible body starts a thread (or posts to a pool)
    // with one of its parameters runs the argument bound to it there.
    // (Not an operator call: its arguments count the object.)
    if (const FunctionDecl *FD = Call->getDirectCallee();
        FD && !isa<CXXOperatorCallExpr>(Call))
      if (const FunctionDecl *Def = FD->getDefinition(); Def && Def->hasBody())
        for (unsigned I = 0, N = std::min(Call->getNumArgs(), Def->getNumParams());
             I < N; ++I)
          if (const FunctionDecl *Entry = callableEntry(Call->getArg(I)))
            if (spawnsParameter(Def->getBody(), Def->getParamDecl(I)))
              Out.insert(Entry);
    const auto *Callee = dyn_cast_or_null<NamedDecl>(Call->getCalleeDecl());
    if (!Callee || !llvm::any_of(OffloadFunctions, [&](const std::string &N) {
          return utils::matchesName(Callee, N);
        }))
      continue;
    // Every callable argument of an offloading helper runs elsewhere.
    for (const Expr *Arg : Call->arguments())
      if (const FunctionDecl *Entry = callableEntry(Arg))
        Out.insert(Entry);
  }
  return Out;
}
} // namespace

bool BlockingCallInCoroutineCheck::isExempt(
    const Stmt *S, const utils::CoroutineSwitchAnalysis &A,
    const llvm::DenseSet<const FunctionDecl *> &Offloaded) const {
  if (A.runsOffEventLoop(S))
    return true;
  for (const Stmt *P = A.parent(S); P; P = A.parent(P))
    if (const auto *L = dyn_cast<LambdaExpr>(P))
      if (Offloaded.contains(L->getCallOperator()))
        return true;
  return false;
}

const FunctionDecl *
BlockingCallInCoroutineCheck::localCallee(const CallExpr *Call,
                                          const SourceManager &SM) const {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return nullptr;
  // Lambdas written in the body are analysed where they are written.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return nullptr;
  const FunctionDecl *Def = FD->getDefinition();
  if (!Def || !Def->doesThisDeclarationHaveABody() ||
      SM.isInSystemHeader(Def->getLocation()) || utils::isCoroutine(Def))
    return nullptr;
  return Def;
}

llvm::SmallVector<utils::Site, 8>
BlockingCallInCoroutineCheck::blockingSites(const FunctionDecl *FD) {
  llvm::SmallVector<utils::Site, 8> Out;
  const SourceManager &SM = FD->getASTContext().getSourceManager();
  // The index of a plain body: no awaits, so nothing runs "off the loop".
  utils::CoroutineSwitchAnalysis A(FD, {});
  auto Offloaded = collectOffloaded(A, OffloadFunctions);
  for (const Stmt *S : A.statements()) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call || isExempt(Call, A, Offloaded))
      continue;
    if (auto M = Catalogue.match(Call)) {
      Out.push_back(
          utils::Site::root(Call, M->Entry - Catalogue.entries().data()));
      break; // the first blocking call is the witness
    } else if (const FunctionDecl *Callee = localCallee(Call, SM)) {
      Out.push_back(utils::Site::call(Call, Callee));
    } else if (const FunctionDecl *Ext =
                   utils::summary::calleeDefinedElsewhere(Call, SM)) {
      // No body here: no fact in this TU; the project-wide link follows it.
      Out.push_back(utils::Site::call(Call, Ext));
    }
  }
  return Out;
}

std::string BlockingCallInCoroutineCheck::alternativeFor(
    const utils::BlockingEntry &E) const {
  auto It = Alternatives.find(E.Pattern);
  if (It != Alternatives.end())
    return It->second;
  It = Alternatives.find("*");
  if (It != Alternatives.end())
    return It->second;
  return "offload it to a thread pool or use an asynchronous alternative";
}

void BlockingCallInCoroutineCheck::analyse(const FunctionDecl *Coro,
                                           ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const auto *MD = dyn_cast<CXXMethodDecl>(Coro);
  const bool IsLambda = MD && MD->getParent()->isLambda();
  // A coroutine lambda co_spawned onto a thread pool runs there from its
  // first statement.
  if (IsLambda && SpawnedOnPool.contains(Coro))
    return;
  // A named coroutine whose every start in the TU is a co_spawn onto a
  // thread pool runs there from its first statement. (Not a template: an
  // instantiation's starts say nothing of the others.)
  if (!IsLambda && !Coro->isTemplated() &&
      !Coro->isTemplateInstantiation()) {
    const FunctionDecl *C = Coro->getCanonicalDecl();
    auto Pool = PoolStarts.find(C);
    auto All = CoroutineStarts.find(C);
    if (Pool != PoolStarts.end() && All != CoroutineStarts.end() &&
        Pool->second == All->second)
      return;
  }

  utils::CoroutineSwitchAnalysis A(Coro, SwitchPatterns);
  auto Offloaded = collectOffloaded(A, OffloadFunctions);
  const std::string CoroName = utils::coroutineDisplayName(Coro);

  for (const Stmt *S : A.statements()) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      continue;
    auto M = Catalogue.match(Call);
    const utils::BlockingEntry *E = M ? M->Entry : nullptr;
    const FunctionDecl *Callee =
        (!E && CallDepth > 0) ? localCallee(Call, SM) : nullptr;
    const FunctionDecl *Elsewhere =
        (!E && !Callee && CallDepth > 0)
            ? utils::summary::calleeDefinedElsewhere(Call, SM)
            : nullptr;
    if (!E && !Callee && !Elsewhere)
      continue;
    if (isExempt(Call, A, Offloaded))
      continue;
    if (!E) // for the project-wide facts (utils/Summary.h)
      CoroutineCalls.push_back(
          {Coro, Call, Callee ? Callee : Elsewhere,
           CallDepth == utils::UnlimitedCallDepth ? CallDepth
                                                  : CallDepth - 1});
    if (Elsewhere)
      continue;

    if (E) {
      if (!Reported.insert(compat::callLoc(Call)).second)
        continue;
      auto D = diag(compat::callLoc(Call),
                    "blocking call to '%0' in %select{coroutine '%2'|a "
                    "coroutine lambda}1 stalls every coroutine on the thread "
                    "that resumes it; %3")
               << StringRef(E->Pattern).ltrim(':') << IsLambda << CoroName
               << alternativeFor(*E) << Call->getSourceRange();
      // The fix-it: `std::this_thread::sleep_for(d);` as a statement of the
      // coroutine itself (not a nested lambda, not a handler, where
      // co_await is not allowed) becomes `co_await <AsyncSleep>(d);`.
      if (AsyncSleep.empty() || E->Pattern != "::std::this_thread::sleep_for" ||
          compat::callLoc(Call).isMacroID())
        continue;
      const Stmt *Up = A.parent(Call);
      while (Up && isa<ExprWithCleanups, ImplicitCastExpr>(Up))
        Up = A.parent(Up);
      if (!Up || !isa<CompoundStmt>(Up))
        continue;
      bool Allowed = true;
      for (const Stmt *P = Up; P; P = A.parent(P))
        if (isa<LambdaExpr, CXXCatchStmt>(P))
          Allowed = false;
      if (Allowed)
        D << FixItHint::CreateReplacement(
            CharSourceRange::getTokenRange(Call->getCallee()->getSourceRange()),
            "co_await " + AsyncSleep);
      continue;
    }

    if (!BlockingFacts->holdsWithin(Callee, CallDepth - 1) ||
        !Reported.insert(compat::callLoc(Call)).second)
      continue;
    utils::CallChain C = BlockingFacts->chainFrom(Callee);
    const utils::BlockingEntry &Final = Catalogue.entries()[C.Payload];
    diag(compat::callLoc(Call),
         "call to '%0' in %select{coroutine '%2'|a coroutine lambda}1 reaches "
         "a blocking call to '%3', which stalls every coroutine on the thread "
         "that resumes it; %4")
        << utils::coroutineDisplayName(Callee) << IsLambda << CoroName
        << StringRef(Final.Pattern).ltrim(':') << alternativeFor(Final)
        << Call->getSourceRange();
    utils::noteBlockingChain(*this, Callee, C, Catalogue);
  }
}

void BlockingCallInCoroutineCheck::finishSummaries(ASTContext &Ctx) {
  namespace sm = utils::summary;
  const SourceManager &SM = Ctx.getSourceManager();
  std::shared_ptr<const sm::Summary> Store;
  if (!sm::Sink::get().enabled() && !CoroutineCalls.empty())
    Store = sm::loadStoreForTU(SummaryStore,
                               std::string(TidyContext->getCurrentBuildDirectory()),
                               SM, [this](const std::string &W) {
                                 configurationDiag(W, DiagnosticIDs::Warning);
                               });
  sm::BlockingTU B;
  B.Facts = BlockingFacts.get();
  B.Describe = [this](unsigned Payload) {
    const utils::BlockingEntry &E = Catalogue.entries()[Payload];
    return std::make_pair(StringRef(E.Pattern).ltrim(':').str(),
                          alternativeFor(E));
  };
  B.CoroutineCalls = CoroutineCalls;
  sm::finishBlocking(B, Ctx, Store.get(), [&](const sm::LinkFinding &X) {
    SourceManager &MSM = Ctx.getSourceManager();
    SourceLocation At = sm::toSourceLocation(MSM, X.At);
    if (At.isInvalid() || !Reported.insert(At).second)
      return;
    sm::emitLinkFinding(*this, MSM, At, X);
  });
}

} // namespace clang::tidy::conclint
