//===-- DetachedExceptionLostCheck.cpp - detached-exception-lost ----------===//
//
// Work started with nowhere to deliver its exception:
//
//  * asio::co_spawn(ex, coro(), asio::detached): the coroutine's exception
//    reaches the completion handler as a std::exception_ptr, and detached
//    ignores it. The fix, on a note because it changes what happens at run
//    time (the exception now leaves io_context::run()), replaces the token
//    by the ExceptionHandler expression;
//  * a thread (std::thread, std::jthread, ThreadTypes) whose entry function
//    lets an exception out: std::terminate;
//  * a call of a DetachedStartFunctions function (start_detached) whose
//    first argument is a call of a coroutine that can throw.
//
// Whether the entry can throw is utils::ThrowAnalysis (Throws.h), a
// bottom-up call summary: silence when it cannot be shown.
//
//===----------------------------------------------------------------------===//

#include "DetachedExceptionLostCheck.h"
#include "utils/CheckOptions.h"
#include "utils/CoroutineContext.h"
#include "utils/Tasks.h"

#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace {

const char DefaultExceptionHandler[] =
    "[](std::exception_ptr e, auto &&...) { if (e) "
    "std::rethrow_exception(e); }";

/// asio::detached (or boost::asio::detached), by the type of the token.
bool isDetachedToken(const Expr *E) {
  if (!E)
    return false;
  const auto *RD = E->getType().getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == "detached_t" &&
         (utils::isInNamespace(RD, "asio") ||
          utils::isInNamespace(RD, "boost::asio"));
}

bool isLambdaOperator(const FunctionDecl *FD) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  return MD && MD->getParent()->isLambda();
}

/// The coroutine whose body a co_spawn or a starter runs: the callee of a
/// coroutine call, or the callable (a lambda, a function) that returns one.
const FunctionDecl *coroutineEntry(const Expr *Arg) {
  const Expr *E = utils::stripCallableWrappers(Arg);
  if (const CallExpr *Call = utils::underlyingCall(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    return utils::isCoroutine(utils::definitionOf(FD)) ? FD : nullptr;
  }
  utils::ThreadSpawn Fake;
  Fake.Callable = Arg;
  const FunctionDecl *FD = utils::entryFunction(Fake);
  return utils::isCoroutine(utils::definitionOf(FD)) ? FD : nullptr;
}

} // namespace

DetachedExceptionLostCheck::DetachedExceptionLostCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThrowingFunctionsRaw(
          Options.get("ThrowingFunctions", utils::DefaultThrowingFunctions)
              .str()),
      ThrowingAsyncOperationsRaw(
          Options
              .get("ThrowingAsyncOperations",
                   utils::DefaultThrowingAsyncOperations)
              .str()),
      DetachedStartFunctionsRaw(
          Options.get("DetachedStartFunctions", "start_detached").str()),
      ExceptionHandler(
          Options.get("ExceptionHandler", DefaultExceptionHandler).str()),
      ThreadTypesRaw(Options.get("ThreadTypes", "::std::thread").str()),
      Starters(utils::NameSet::fromOption(DetachedStartFunctionsRaw)),
      Spawns(utils::SpawnOptions::fromStrings(ThreadTypesRaw, "")),
      Throws(ThrowingFunctionsRaw, ThrowingAsyncOperationsRaw) {}

void DetachedExceptionLostCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThrowingFunctions", ThrowingFunctionsRaw);
  Options.store(Opts, "ThrowingAsyncOperations", ThrowingAsyncOperationsRaw);
  Options.store(Opts, "DetachedStartFunctions", DetachedStartFunctionsRaw);
  Options.store(Opts, "ExceptionHandler", ExceptionHandler);
  Options.store(Opts, "ThreadTypes", ThreadTypesRaw);
}

void DetachedExceptionLostCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      callExpr(unless(isExpansionInSystemHeader()), callee(functionDecl()))
          .bind("call"),
      this);
  Finder->addMatcher(
      cxxConstructExpr(unless(isExpansionInSystemHeader()),
                       hasDeclaration(cxxConstructorDecl(unless(
                           anyOf(isCopyConstructor(), isMoveConstructor())))),
                       unless(argumentCountIs(0)))
          .bind("construct"),
      this);
}

void DetachedExceptionLostCheck::onEndOfTranslationUnit() {
  Throws.clear();
  Reported.clear();
}

void DetachedExceptionLostCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (const auto *E = Result.Nodes.getNodeAs<CXXConstructExpr>("construct")) {
    if (auto S = utils::classifySpawn(E, Spawns))
      checkThread(*S, Ctx);
    return;
  }
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  if (!Call || Call->isTypeDependent())
    return;
  if (auto S = utils::classifyContainerEmplace(Call, Spawns)) {
    checkThread(*S, Ctx);
    return;
  }
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return;
  if (FD->getName() == "co_spawn" &&
      (utils::isInNamespace(FD, "asio") ||
       utils::isInNamespace(FD, "boost::asio"))) {
    checkCoSpawn(Call, Ctx);
    return;
  }
  if (!Starters.empty() && Starters.contains(FD))
    checkStarter(Call, Ctx);
}

void DetachedExceptionLostCheck::explain(const FunctionDecl *Entry) {
  utils::CallChain C = Throws.chainFrom(Entry);
  const FunctionDecl *Caller = Entry;
  for (const utils::CallStep &Step : C.Steps) {
    diag(Step.Call->getBeginLoc(), "'%0' calls '%1' here", DiagnosticIDs::Note)
        << utils::coroutineDisplayName(Caller)
        << utils::coroutineDisplayName(Step.Callee);
    Caller = Step.Callee;
  }
  const std::string Where = utils::coroutineDisplayName(Caller);
  switch (C.Payload) {
  case utils::ThrowAnalysis::ThrowExpression:
    diag(C.Root->getBeginLoc(), "'%0' throws here", DiagnosticIDs::Note)
        << Where;
    break;
  case utils::ThrowAnalysis::ThrowingCall: {
    const FunctionDecl *Callee = nullptr;
    if (const auto *Call = dyn_cast<CallExpr>(C.Root))
      Callee = Call->getDirectCallee();
    else if (const auto *Ctor = dyn_cast<CXXConstructExpr>(C.Root))
      Callee = Ctor->getConstructor();
    diag(C.Root->getBeginLoc(), "'%0' calls '%1' here, which throws on failure",
         DiagnosticIDs::Note)
        << Where << StringRef(utils::qualifiedName(Callee)).ltrim(':');
    break;
  }
  case utils::ThrowAnalysis::FailedPrecondition: {
    const auto *Call = cast<CXXMemberCallExpr>(C.Root);
    if (auto F = utils::failedPrecondition(Call, utils::userBody(Caller))) {
      diag(C.Root->getBeginLoc(), "'%0' calls '%1' here on '%2', which is %3",
           DiagnosticIDs::Note)
          << Where
          << StringRef(utils::qualifiedName(Call->getMethodDecl())).ltrim(':')
          << F->Receiver->getName() << F->State;
      diag(F->Guard->getThen()->getBeginLoc(),
           "'%0' throws here when its receiver is in that state",
           DiagnosticIDs::Note)
          << StringRef(utils::qualifiedName(Call->getMethodDecl())).ltrim(':');
    }
    break;
  }
  case utils::ThrowAnalysis::AsyncOperation:
    diag(C.Root->getBeginLoc(),
         "'%0' awaits '%1' here with 'use_awaitable', which throws when "
         "the operation fails",
         DiagnosticIDs::Note)
        << Where
        << StringRef(utils::qualifiedName(
                         cast<CallExpr>(C.Root)->getDirectCallee()))
               .ltrim(':');
    break;
  default:
    break;
  }
}

void DetachedExceptionLostCheck::checkCoSpawn(const CallExpr *Call,
                                              ASTContext &Ctx) {
  if (Call->getNumArgs() < 3 || !isDetachedToken(Call->getArg(2)))
    return;
  const FunctionDecl *Entry = coroutineEntry(Call->getArg(1));
  if (!Entry || !Throws.canThrow(Entry) ||
      !Reported.first(Call->getBeginLoc()))
    return;
  diag(Call->getBeginLoc(),
       "%select{coroutine '%1'|coroutine lambda}0 can throw an exception, "
       "which 'asio::detached' silently discards")
      << isLambdaOperator(Entry) << utils::coroutineDisplayName(Entry)
      << Call->getSourceRange();
  explain(Entry);
  const Expr *Token = Call->getArg(2);
  SourceRange R = Token->getSourceRange();
  auto N = diag(R.getBegin(),
                "complete with a handler that rethrows the exception, so that "
                "it leaves the executor's run()",
                DiagnosticIDs::Note);
  if (!R.getBegin().isMacroID() && !R.getEnd().isMacroID() &&
      !ExceptionHandler.empty())
    N << FixItHint::CreateReplacement(CharSourceRange::getTokenRange(R),
                                      ExceptionHandler);
}

void DetachedExceptionLostCheck::checkThread(const utils::ThreadSpawn &S,
                                             ASTContext &Ctx) {
  if (S.Kind != utils::SpawnKind::Thread &&
      S.Kind != utils::SpawnKind::JThread)
    return;
  const FunctionDecl *Entry = utils::entryFunction(S);
  if (!Entry || utils::isCoroutine(utils::definitionOf(Entry)) ||
      !Throws.canThrow(Entry) || !Reported.first(S.Site->getBeginLoc()))
    return;
  diag(S.Site->getBeginLoc(),
       "%select{'%1'|the thread's lambda}0 can throw an exception that "
       "escapes the thread's entry function, which calls std::terminate")
      << isLambdaOperator(Entry) << utils::coroutineDisplayName(Entry)
      << S.Site->getSourceRange();
  explain(Entry);
}

void DetachedExceptionLostCheck::checkStarter(const CallExpr *Call,
                                              ASTContext &Ctx) {
  if (Call->getNumArgs() < 1)
    return;
  const FunctionDecl *Entry = coroutineEntry(Call->getArg(0));
  if (!Entry || !Throws.canThrow(Entry) ||
      !Reported.first(Call->getBeginLoc()))
    return;
  diag(Call->getBeginLoc(),
       "%select{coroutine '%1'|coroutine lambda}0 can throw an exception, "
       "which work started by '%2' delivers to no one")
      << isLambdaOperator(Entry) << utils::coroutineDisplayName(Entry)
      << utils::simpleName(Call->getDirectCallee()) << Call->getSourceRange();
  explain(Entry);
}

} // namespace clang::tidy::conclint
