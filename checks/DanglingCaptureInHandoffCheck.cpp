//===-- DanglingCaptureInHandoffCheck.cpp - conclint-dangling-capture-in-handoff -===//
//
// Work handed to another thread, an executor or a stored callback runs
// later; what it refers to must still exist then. For every hand-off in a
// body (utils::classifyHandoff) this check takes the automatic objects the
// work refers to (utils::escapesOf) and asks the work's window
// (utils::WorkWindow) whether one of them can be destroyed while the work
// may still run. Everything about lifetimes lives in utils/Handoff.h; this
// file only walks bodies and words the findings.
//
//===----------------------------------------------------------------------===//

#include "DanglingCaptureInHandoffCheck.h"
#include "utils/Handoff.h"
#include "utils/Names.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringExtras.h"

#include <algorithm>
#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace cu = utils;

namespace {

std::string defaultPoolFunctions() {
  return llvm::join(cu::SpawnOptions().PoolSubmitFunctions, ";");
}

/// What the work is, for the message.
std::string describeWork(const cu::Handoff &H) {
  switch (H.Kind) {
  case cu::HandoffKind::AsyncOperation: {
    const auto *Call = cast<CallExpr>(H.Site);
    std::string N = "an asynchronous operation";
    if (const FunctionDecl *FD = Call->getDirectCallee())
      N = FD->getNameAsString();
    return "the completion handler of '" + N + "'";
  }
  case cu::HandoffKind::StoredCallback:
    return "a callback stored in '" + H.Store->getNameAsString() + "'";
  case cu::HandoffKind::Spawn:
    break;
  }
  switch (H.Spawn.Kind) {
  case cu::SpawnKind::Thread:
    return "a thread";
  case cu::SpawnKind::JThread:
    return "a std::jthread";
  case cu::SpawnKind::Async:
    return "a std::async task";
  case cu::SpawnKind::PThreadCreate:
    return "a pthread";
  case cu::SpawnKind::AsioPost: {
    std::string N = "asio::post";
    if (const auto *Call = dyn_cast<CallExpr>(H.Site))
      if (const FunctionDecl *FD = Call->getDirectCallee())
        N = "asio::" + FD->getNameAsString();
    return "a handler queued by '" + N + "'";
  }
  case cu::SpawnKind::AsioCoSpawn:
    return "a detached coroutine";
  case cu::SpawnKind::PoolSubmit:
    return "a thread-pool task";
  case cu::SpawnKind::ParallelAlgorithm:
    break;
  }
  return "concurrent work";
}

unsigned howIndex(cu::EscapeHow How) {
  switch (How) {
  case cu::EscapeHow::RefCapture:
  case cu::EscapeHow::RefArgument:
    return 0;
  case cu::EscapeHow::PointerCapture:
  case cu::EscapeHow::PointerArgument:
    return 1;
  default:
    return 2;
  }
}

} // namespace

DanglingCaptureInHandoffCheck::DanglingCaptureInHandoffCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThreadTypes(Options.get("ThreadTypes", "::std::thread")),
      PoolSubmitFunctions(
          Options.get("PoolSubmitFunctions", defaultPoolFunctions())),
      SpawnOpts(cu::SpawnOptions::fromStrings(ThreadTypes,
                                              PoolSubmitFunctions)) {}

void DanglingCaptureInHandoffCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThreadTypes", ThreadTypes);
  Options.store(Opts, "PoolSubmitFunctions", PoolSubmitFunctions);
}

void DanglingCaptureInHandoffCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), hasBody(stmt()),
                   unless(isExpansionInSystemHeader()))
          .bind("fn"),
      this);
  Finder->addMatcher(lambdaExpr(unless(isExpansionInSystemHeader()))
                         .bind("lambda"),
                     this);
}

void DanglingCaptureInHandoffCheck::check(
    const MatchFinder::MatchResult &Result) {
  const FunctionDecl *F = nullptr;
  if (const auto *L = Result.Nodes.getNodeAs<LambdaExpr>("lambda"))
    F = L->getCallOperator();
  else
    F = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  if (!F || !F->getBody() || cu::isTemplatePattern(F))
    return;
  if (!Seen.insert(F->getBody()).second)
    return;
  analyse(F, F->getBody(), *Result.Context);
}

void DanglingCaptureInHandoffCheck::analyse(const FunctionDecl *F,
                                            const Stmt *Body,
                                            ASTContext &Ctx) {
  // The hand-offs of this body (not of the lambdas it contains: each lambda
  // body is analysed on its own).
  llvm::SmallVector<cu::Handoff, 4> Handoffs;
  // Pre-order, with an explicit stack: a statement may nest as deeply as
  // the parser allows (a 50,000-term expression), deeper than the stack.
  llvm::SmallVector<const Stmt *, 64> Work{Body};
  while (!Work.empty()) {
    const Stmt *S = Work.pop_back_val();
    if (!S || isa<LambdaExpr>(S))
      continue;
    if (const auto *E = dyn_cast<Expr>(S))
      if (isa<CallExpr, CXXConstructExpr>(E))
        if (auto H = cu::classifyHandoff(E, SpawnOpts))
          Handoffs.push_back(*H);
    size_t Mark = Work.size();
    for (const Stmt *C : S->children())
      Work.push_back(C);
    std::reverse(Work.begin() + Mark, Work.end());
  }
  if (Handoffs.empty())
    return;

  const cu::FunctionCFG *G = nullptr;
  bool Built = false;
  for (const cu::Handoff &H : Handoffs) {
    llvm::SmallVector<cu::Escape, 4> Escapes = cu::escapesOf(H, F);
    if (Escapes.empty())
      continue;
    if (!Built) {
      G = CFGs.get(F, Body, Ctx);
      Built = true;
    }
    if (!G)
      return;
    cu::WorkWindow W(*G, H, Body);
    if (!W.valid())
      continue;
    std::string Work = describeWork(H);
    for (const cu::Escape &X : Escapes) {
      if (X.How == cu::EscapeHow::Temporary ||
          X.How == cu::EscapeHow::ClosureCopy) {
        // Only a detached coroutine is handed temporaries here.
        if (!Reported.first(X.Loc))
          continue;
        if (X.How == cu::EscapeHow::Temporary)
          diag(X.Loc, "temporary bound to reference parameter '%0' of "
                      "coroutine '%1' is destroyed at the end of the "
                      "full-expression, while %2 can still use it")
              << X.Param->getNameAsString()
              << cast<NamedDecl>(cast<Decl>(X.Param->getDeclContext()))
                     ->getNameAsString()
              << Work;
        else
          diag(X.Loc, "capture '%0' lives in a temporary lambda that is "
                      "destroyed at the end of the full-expression, while "
                      "%1 can still use it")
              << X.Captured->getNameAsString() << Work;
        diag(H.Site->getBeginLoc(), "work handed off here",
             DiagnosticIDs::Note);
        continue;
      }
      std::optional<SourceLocation> Death = W.diesWhileRunning(X.Data);
      if (!Death || !Reported.first(X.Loc))
        continue;
      diag(X.Loc, "%select{reference to|pointer to|view of}0 "
                  "%select{local variable|parameter}1 '%2' escapes into "
                  "%3, which may still run after '%2' is destroyed")
          << howIndex(X.How) << (isa<ParmVarDecl>(X.Data) ? 1 : 0)
          << X.Data->getName() << Work;
      diag(H.Site->getBeginLoc(), "work handed off here",
           DiagnosticIDs::Note);
      diag(*Death, "'%0' is destroyed here", DiagnosticIDs::Note)
          << X.Data->getName();
    }
  }
}

} // namespace clang::tidy::conclint
