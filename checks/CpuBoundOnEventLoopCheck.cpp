//===-- CpuBoundOnEventLoopCheck.cpp - conclint-cpu-bound-on-event-loop ---===//
//
// The asyncio lesson "CPU-bound work inside async def freezes the loop; offload
// it" in C++. Where code runs comes from utils::CoroutineContext (the thread
// switch analysis, ThreadSwitchAwaitables) and utils::ThreadEntryPoints
// (handlers posted to an executor); what is heavy from utils::CostModel.
//
//===----------------------------------------------------------------------===//

#include "CpuBoundOnEventLoopCheck.h"
#include "utils/CheckOptions.h"
#include "utils/ThreadEntryPoints.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace {

constexpr llvm::StringLiteral DefaultEventLoopExecutors =
    "::asio::io_context;::asio::io_service;::boost::asio::io_context;"
    "::boost::asio::io_service";

/// Coroutine types whose coroutines run on an event loop by construction:
/// QCoro's tasks resume on the thread of the Qt event loop that completes
/// what they await.
constexpr llvm::StringLiteral DefaultEventLoopCoroutineTypes = "::QCoro::Task";

bool isAsioDecl(const Decl *D) {
  return utils::isInNamespace(D, "asio") ||
         utils::isInNamespace(D, "boost::asio");
}

/// asio::awaitable<T> (or boost::asio::awaitable<T>).
bool returnsAsioAwaitable(const FunctionDecl *FD) {
  const auto *RD = FD->getReturnType()->getAsCXXRecordDecl();
  return RD && RD->getName() == "awaitable" && isAsioDecl(RD);
}

/// A pure generator: it yields but never awaits. It runs on its consumer's
/// thread, not on an event loop.
bool holdsAwait(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CoawaitExpr>(S) || isa<DependentCoawaitExpr>(S) ||
      isa<CoreturnStmt>(S))
    return true;
  if (isa<LambdaExpr>(S))
    return false;
  for (const Stmt *C : S->children())
    if (holdsAwait(C))
      return true;
  return false;
}

void addEvidenceNotes(ClangTidyCheck &Check, const utils::CostEvidence &Ev) {
  auto Notes = utils::evidenceNotes(Ev);
  // With no call chain the warning already points at the loop or call.
  if (Ev.Chain.empty())
    return;
  for (const auto &[Loc, Text] : Notes)
    Check.diag(Loc, Text, DiagnosticIDs::Note);
}

/// Where the coroutine was put on the event loop.
void addPlacementNote(ClangTidyCheck &Check, const utils::LoopPlacement &P,
                      llvm::StringRef Name) {
  using How = utils::LoopPlacement::How;
  if (!P.Site)
    return;
  switch (P.Kind) {
  case How::Spawned:
    Check.diag(P.Site->getBeginLoc(),
               "coroutine '%0' is spawned on an event loop here",
               DiagnosticIDs::Note)
        << Name;
    break;
  case How::Posted:
    Check.diag(P.Site->getBeginLoc(),
               "coroutine '%0' is started by a handler posted to an event "
               "loop here",
               DiagnosticIDs::Note)
        << Name;
    break;
  case How::StartedFrom:
    Check.diag(P.Site->getBeginLoc(),
               "coroutine '%0' is started here by '%1', which runs on an "
               "event loop",
               DiagnosticIDs::Note)
        << Name << utils::coroutineDisplayName(P.From);
    break;
  case How::CoroutineType:
    break;
  }
}

} // namespace

CpuBoundOnEventLoopCheck::CpuBoundOnEventLoopCheck(StringRef Name,
                                                   ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      Cost(utils::CostCheckOptions::read(*this, Options)),
      ThreadSwitchAwaitables(Options.get(
          "ThreadSwitchAwaitables", utils::DefaultThreadSwitchAwaitables)),
      EventLoopExecutors(
          Options.get("EventLoopExecutors", DefaultEventLoopExecutors)),
      EventLoopCoroutineTypes(Options.get("EventLoopCoroutineTypes",
                                          DefaultEventLoopCoroutineTypes)),
      SwitchPatterns(utils::parseAwaitablePatterns(ThreadSwitchAwaitables)),
      LoopExecutors(utils::ExecutorNames::fromOptions(
          EventLoopExecutors, "thread_pool;static_thread_pool")),
      Model(std::make_unique<utils::CostModel>(Cost.model())),
      Placement(std::make_unique<utils::EventLoopPlacement>(
          LoopExecutors, SwitchPatterns,
          utils::NameSet::fromOption(EventLoopCoroutineTypes))) {}

void CpuBoundOnEventLoopCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Cost.store(Options, Opts);
  Options.store(Opts, "ThreadSwitchAwaitables", ThreadSwitchAwaitables);
  Options.store(Opts, "EventLoopExecutors", EventLoopExecutors);
  Options.store(Opts, "EventLoopCoroutineTypes", EventLoopCoroutineTypes);
}

void CpuBoundOnEventLoopCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(),
                                  unless(isExpansionInSystemHeader()),
                                  hasBody(coroutineBodyStmt()))
                         .bind("coro"),
                     this);
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader()),
               callee(functionDecl(hasAnyName("post", "dispatch", "defer"))))
          .bind("post"),
      this);
}

bool CpuBoundOnEventLoopCheck::isEventLoopExecutor(const Expr *E) const {
  return utils::isEventLoopExecutor(E, LoopExecutors);
}

void CpuBoundOnEventLoopCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("coro"))
    checkCoroutine(FD, *Result.Context);
  else if (const auto *Post = Result.Nodes.getNodeAs<CallExpr>("post"))
    checkHandler(Post, *Result.Context);
}

void CpuBoundOnEventLoopCheck::checkCoroutine(const FunctionDecl *FD,
                                              ASTContext &Ctx) {
  // A template's pattern has dependent types the cost model cannot judge:
  // its instantiations are analysed instead (ThreadEntryPoints.h policy).
  if (!utils::isCoroutine(FD) || utils::isTemplatePattern(FD))
    return;
  const Stmt *Body = utils::userBody(FD);
  if (!holdsAwait(Body))
    return; // a generator
  utils::CoroutineSwitchAnalysis Switches(FD, SwitchPatterns);
  // The thread-switch awaitable itself is machinery, not the coroutine's
  // work: its operand is never charged.
  llvm::DenseSet<const Stmt *> SwitchOperands;
  for (const auto &A : Switches.awaits()) {
    if (A.Kind != utils::AwaitKind::ThreadSwitch)
      continue;
    if (const auto *CA = dyn_cast<CoawaitExpr>(A.E))
      SwitchOperands.insert(CA->getOperand());
    else if (const auto *DA = dyn_cast<DependentCoawaitExpr>(A.E))
      SwitchOperands.insert(DA->getOperand());
  }
  auto Skip = [&](const Stmt *S) {
    return SwitchOperands.contains(S) || Switches.runsOffEventLoop(S);
  };
  std::vector<utils::CostEvidence> All =
      Model->findAllHeavy(Body, Ctx, utils::CostFilter{Skip, nullptr});
  if (All.empty())
    return;
  // Silent unless the translation unit shows the coroutine on an event loop.
  const utils::LoopPlacement *Where = Placement->placement(FD, Ctx);
  if (!Where)
    return;
  bool Asio = returnsAsioAwaitable(FD);
  std::string Name = utils::coroutineDisplayName(FD);
  for (const utils::CostEvidence &Ev : All) {
    if (!Reported.first(Ev.site()->getBeginLoc()))
      continue;
    diag(Ev.site()->getBeginLoc(),
         "CPU-bound %0 in coroutine '%1' blocks the event loop; offload it to "
         "a thread pool")
        << Ev.describeSite() << Name;
    addEvidenceNotes(*this, Ev);
    addPlacementNote(*this, *Where, Name);
    if (Asio)
      diag(Ev.site()->getBeginLoc(),
           "switch to a pool first with 'co_await asio::post("
           "asio::bind_executor(pool, asio::use_awaitable))'; "
           "'co_await asio::post(pool, asio::use_awaitable)' resumes on the "
           "event loop again",
           DiagnosticIDs::Note);
    else
      diag(Ev.site()->getBeginLoc(),
           "run it on a thread pool or with 'std::async(std::launch::async, "
           "...)' and await the result",
           DiagnosticIDs::Note);
  }
}

void CpuBoundOnEventLoopCheck::checkHandler(const CallExpr *Post,
                                            ASTContext &Ctx) {
  std::optional<utils::ThreadSpawn> S = utils::classifySpawn(Post);
  if (!S || S->Kind != utils::SpawnKind::AsioPost || !S->Callable ||
      !isEventLoopExecutor(S->Executor))
    return;
  const FunctionDecl *Handler = utils::entryFunction(*S);
  const FunctionDecl *Def = nullptr;
  if (!Handler || !Handler->hasBody(Def) || !Def || utils::isCoroutine(Def))
    return;
  for (const utils::CostEvidence &Ev :
       Model->findAllHeavy(Def->getBody(), Ctx)) {
    diag(Ev.site()->getBeginLoc(),
         "CPU-bound %0 in a handler posted to an event loop blocks the event "
         "loop; offload it to a thread pool")
        << Ev.describeSite();
    addEvidenceNotes(*this, Ev);
    diag(Post->getBeginLoc(),
         "handler posted here; post the work to an 'asio::thread_pool' and "
         "post the result back to the event loop",
         DiagnosticIDs::Note);
  }
}

} // namespace clang::tidy::conclint
