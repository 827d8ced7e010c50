//===-- BlockingCallInCoroutineCheck.cpp - blocking-call-in-coroutine -----===//

#include "BlockingCallInCoroutineCheck.h"
#include "utils/CheckOptions.h"
#include "utils/Summary.h"
#include "utils/ThreadEntryPoints.h"

#include "clang/AST/APValue.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace {

const char DefaultBlockingFunctions[] =
    "::std::this_thread::sleep_for;::std::this_thread::sleep_until;"
    "::sleep;::usleep;::nanosleep;::clock_nanosleep;"
    "::std::thread::join;::std::jthread::join;"
    "::std::future::get;::std::future::wait;::std::future::wait_for;"
    "::std::future::wait_until;"
    "::std::shared_future::get;::std::shared_future::wait;"
    "::std::shared_future::wait_for;::std::shared_future::wait_until;"
    "::std::condition_variable::wait;::std::condition_variable::wait_for;"
    "::std::condition_variable::wait_until;"
    "::std::condition_variable_any::wait;"
    "::std::condition_variable_any::wait_for;"
    "::std::condition_variable_any::wait_until;"
    "::std::mutex::lock;::std::timed_mutex::lock;"
    "::std::recursive_mutex::lock;::std::recursive_timed_mutex::lock;"
    "::std::shared_mutex::lock;::std::shared_mutex::lock_shared;"
    "::std::shared_timed_mutex::lock;::std::shared_timed_mutex::lock_shared;"
    "::std::counting_semaphore::acquire;::std::latch::wait;"
    "::std::barrier::arrive_and_wait;"
    "::read;::write;::recv;::send;::accept;::connect;::poll;::select;"
    "::epoll_wait;::fgets;::fread;::std::getline;::system;::popen;"
    "::asio::read;::asio::write;::asio::read_until;::asio::connect;"
    "::asio::basic_stream_socket::read_some;"
    "::asio::basic_stream_socket::write_some;"
    "::asio::basic_stream_socket::receive;::asio::basic_stream_socket::send;"
    "::asio::basic_socket::connect;::asio::basic_socket_acceptor::accept;"
    "::asio::ip::basic_resolver::resolve;"
    "::asio::io_context::run;::asio::io_context::run_one;"
    "::asio::io_context::run_for;::asio::io_context::run_until";

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
    "*=offload it to a thread pool or use an asynchronous alternative";

const char DefaultOffloadFunctions[] = "to_thread;run_in_executor;offload";

bool isStdCin(const Expr *E) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    return utils::matchesName(DRE->getDecl(), "::std::cin");
  return false;
}

/// A std::chrono::duration argument that is a constant zero (0s, zero()).
bool isZeroDuration(const Expr *E, const ASTContext &Ctx) {
  const CXXRecordDecl *RD = E->getType()->getAsCXXRecordDecl();
  if (!RD || RD->getName() != "duration" || E->isValueDependent())
    return false;
  Expr::EvalResult R;
  if (!E->EvaluateAsRValue(R, Ctx) || !R.Val.isStruct() ||
      R.Val.getStructNumFields() < 1)
    return false;
  const APValue &Rep = R.Val.getStructField(0);
  if (Rep.isInt())
    return Rep.getInt().isZero();
  if (Rep.isFloat())
    return Rep.getFloat().isZero();
  return false;
}

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
      BlockingFunctionsRaw(
          Options.get("BlockingFunctions", DefaultBlockingFunctions).str()),
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
      TidyContext(Context),
      BlockingFacts(std::make_unique<utils::CallSummaries>(
          [this](const FunctionDecl *FD) { return blockingSites(FD); })) {
  for (const std::string &Raw : utils::splitOptionList(BlockingFunctionsRaw)) {
    // Names.h syntax: `a::b` is qualified like `::a::b`.
    std::string P = utils::NamePattern(Raw).isQualified() &&
                            !llvm::StringRef(Raw).starts_with("::")
                        ? "::" + Raw
                        : Raw;
    BlockingEntry E;
    E.Pattern = P;
    size_t Sep = P.rfind("::");
    if (Sep == std::string::npos) {
      E.Name = P;
    } else {
      E.Scope = P.substr(0, Sep);
      E.Name = P.substr(Sep + 2);
    }
    if (E.Name.empty())
      continue;
    EntryNames.insert(E.Name);
    Entries.push_back(std::move(E));
  }
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
  Options.store(Opts, "BlockingFunctions", BlockingFunctionsRaw);
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
  // The project-wide facts are recorded for every TU, coroutines or not.
  if (utils::summary::Sink::get().enabled())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void BlockingCallInCoroutineCheck::check(
    const MatchFinder::MatchResult &Result) {
  Ctx = Result.Context;
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("coro"))
    Pending.push_back(FD);
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("spawn"))
    if (auto Spawn = utils::classifySpawn(Call))
      if (handedOff(*Spawn))
        if (const FunctionDecl *Entry = utils::entryFunction(*Spawn))
          SpawnedOnPool.insert(Entry);
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
  BlockingFacts->clear();
  Reported.clear();
  Ctx = nullptr;
}

const BlockingCallInCoroutineCheck::BlockingEntry *
BlockingCallInCoroutineCheck::matchBlocking(const CallExpr *Call) const {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getDeclName().isIdentifier() ||
      !EntryNames.contains(FD->getName()))
    return nullptr;
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  // The class of the object as written, before any derived-to-base cast.
  const CXXRecordDecl *Object = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    if (const Expr *Obj = MC->getImplicitObjectArgument()) {
      QualType T = Obj->IgnoreParenImpCasts()->getType();
      if (T->isPointerType())
        T = T->getPointeeType();
      Object = T->getAsCXXRecordDecl();
    }
  for (const BlockingEntry &E : Entries) {
    if (E.Name != FD->getName())
      continue;
    bool Match = false;
    if (!StringRef(E.Pattern).starts_with("::")) {
      Match = true;
    } else if (MD && !MD->isStatic()) {
      // The method's own class, or the class of the object it is called on
      // (libstdc++ defines future::wait in a base class).
      Match = utils::qualifiedName(MD->getParent()) == E.Scope ||
              (Object && utils::qualifiedName(Object) == E.Scope);
    } else {
      Match = utils::qualifiedName(FD) == E.Pattern;
    }
    if (!Match)
      continue;
    // getline blocks on the terminal, not on a string stream.
    if (E.Pattern == "::std::getline" &&
        (Call->getNumArgs() == 0 || !isStdCin(Call->getArg(0))))
      continue;
    return &E;
  }
  return nullptr;
}

bool BlockingCallInCoroutineCheck::isPollingWait(const CallExpr *Call,
                                                 const BlockingEntry &E) const {
  if (E.Name != "wait_for" && E.Name != "try_acquire_for")
    return false;
  const FunctionDecl *FD = Call->getDirectCallee();
  const ASTContext &Ctx = FD->getASTContext();
  for (const Expr *Arg : Call->arguments())
    if (isZeroDuration(Arg, Ctx))
      return true;
  return false;
}

namespace {
/// The lambdas (and named callables) that the body hands to another thread
/// or to an offloading helper, by their call operator.
llvm::DenseSet<const FunctionDecl *>
collectOffloaded(const utils::CoroutineSwitchAnalysis &A,
                 const std::vector<std::string> &OffloadFunctions) {
  llvm::DenseSet<const FunctionDecl *> Out;
  for (const Stmt *S : A.statements()) {
    const auto *E = dyn_cast<Expr>(S);
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
    const auto *Callee = dyn_cast_or_null<NamedDecl>(Call->getCalleeDecl());
    if (!Callee || !llvm::any_of(OffloadFunctions, [&](const std::string &N) {
          return utils::matchesName(Callee, N);
        }))
      continue;
    // Every callable argument of an offloading helper runs elsewhere.
    for (const Expr *Arg : Call->arguments()) {
      utils::ThreadSpawn Fake;
      Fake.Callable = Arg;
      if (const FunctionDecl *Entry = utils::entryFunction(Fake))
        Out.insert(Entry);
    }
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
    if (const BlockingEntry *E = matchBlocking(Call)) {
      if (!isPollingWait(Call, *E)) {
        Out.push_back(utils::Site::root(Call, E - Entries.data()));
        break; // the first blocking call is the witness
      }
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

std::string
BlockingCallInCoroutineCheck::alternativeFor(const BlockingEntry &E) const {
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

  utils::CoroutineSwitchAnalysis A(Coro, SwitchPatterns);
  auto Offloaded = collectOffloaded(A, OffloadFunctions);
  const std::string CoroName = utils::coroutineDisplayName(Coro);

  for (const Stmt *S : A.statements()) {
    const auto *Call = dyn_cast<CallExpr>(S);
    if (!Call)
      continue;
    const BlockingEntry *E = matchBlocking(Call);
    const FunctionDecl *Callee =
        (!E && CallDepth > 0) ? localCallee(Call, SM) : nullptr;
    const FunctionDecl *Elsewhere =
        (!E && !Callee && CallDepth > 0)
            ? utils::summary::calleeDefinedElsewhere(Call, SM)
            : nullptr;
    if (!E && !Callee && !Elsewhere)
      continue;
    if ((E && isPollingWait(Call, *E)) || isExempt(Call, A, Offloaded))
      continue;
    if (!E) // for the project-wide facts (utils/Summary.h)
      CoroutineCalls.push_back(
          {Coro, Call, Callee ? Callee : Elsewhere,
           CallDepth == utils::UnlimitedCallDepth ? CallDepth
                                                  : CallDepth - 1});
    if (Elsewhere)
      continue;

    if (E) {
      if (!Reported.insert(Call->getBeginLoc()).second)
        continue;
      auto D = diag(Call->getBeginLoc(),
                    "blocking call to '%0' in %select{coroutine '%2'|a "
                    "coroutine lambda}1 stalls every coroutine on the thread "
                    "that resumes it; %3")
               << StringRef(E->Pattern).ltrim(':') << IsLambda << CoroName
               << alternativeFor(*E) << Call->getSourceRange();
      // The fix-it: `std::this_thread::sleep_for(d);` as a statement of the
      // coroutine itself (not a nested lambda, not a handler, where
      // co_await is not allowed) becomes `co_await <AsyncSleep>(d);`.
      if (AsyncSleep.empty() || E->Pattern != "::std::this_thread::sleep_for" ||
          Call->getBeginLoc().isMacroID())
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
        !Reported.insert(Call->getBeginLoc()).second)
      continue;
    utils::CallChain C = BlockingFacts->chainFrom(Callee);
    const BlockingEntry &Final = Entries[C.Payload];
    diag(Call->getBeginLoc(),
         "call to '%0' in %select{coroutine '%2'|a coroutine lambda}1 reaches "
         "a blocking call to '%3', which stalls every coroutine on the thread "
         "that resumes it; %4")
        << utils::coroutineDisplayName(Callee) << IsLambda << CoroName
        << StringRef(Final.Pattern).ltrim(':') << alternativeFor(Final)
        << Call->getSourceRange();
    const FunctionDecl *Caller = Callee;
    for (const utils::CallStep &Step : C.Steps) {
      diag(Step.Call->getBeginLoc(), "'%0' calls '%1' here",
           DiagnosticIDs::Note)
          << utils::coroutineDisplayName(Caller)
          << utils::coroutineDisplayName(Step.Callee);
      Caller = Step.Callee;
    }
    diag(C.Root->getBeginLoc(), "'%0' calls blocking function '%1' here",
         DiagnosticIDs::Note)
        << utils::coroutineDisplayName(Caller)
        << StringRef(Final.Pattern).ltrim(':');
  }
}

void BlockingCallInCoroutineCheck::finishSummaries(ASTContext &Ctx) {
  namespace sm = utils::summary;
  const SourceManager &SM = Ctx.getSourceManager();
  std::shared_ptr<const sm::Summary> Store;
  if (!sm::Sink::get().enabled() && !CoroutineCalls.empty()) {
    OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
    // clang-tidy names the compile command's directory; clangd does not,
    // but runs the TU in that directory.
    std::string BuildDir = TidyContext->getCurrentBuildDirectory();
    if (BuildDir.empty())
      if (auto CWD = SM.getFileManager()
                         .getVirtualFileSystem()
                         .getCurrentWorkingDirectory())
        BuildDir = *CWD;
    Store = sm::loadStore(SummaryStore, BuildDir,
                          Main ? Main->getName() : StringRef(),
                          [this](const std::string &W) {
                            configurationDiag(W, DiagnosticIDs::Warning);
                          });
  }
  sm::BlockingTU B;
  B.Facts = BlockingFacts.get();
  B.Describe = [this](unsigned Payload) {
    const BlockingEntry &E = Entries[Payload];
    return std::make_pair(StringRef(E.Pattern).ltrim(':').str(),
                          alternativeFor(E));
  };
  B.CoroutineCalls = CoroutineCalls;
  sm::finishBlocking(B, Ctx, Store.get(), [&](const sm::LinkFinding &X) {
    SourceManager &MSM = Ctx.getSourceManager();
    SourceLocation At = sm::toSourceLocation(MSM, X.At);
    if (At.isInvalid() || !Reported.insert(At).second)
      return;
    diag(At, "%0") << X.Message;
    for (const auto &[Text, L] : X.Notes)
      if (SourceLocation NL = sm::toSourceLocation(MSM, L); NL.isValid())
        diag(NL, "%0", DiagnosticIDs::Note) << Text;
  });
}

} // namespace clang::tidy::conclint
