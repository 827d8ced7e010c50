//===-- TaskNeverAwaitedCheck.h - conclint-task-never-awaited ---*- C++ -*-===//

#ifndef CONCLINT_CHECKS_TASKNEVERAWAITEDCHECK_H
#define CONCLINT_CHECKS_TASKNEVERAWAITEDCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/Dataflow.h"
#include "utils/Tasks.h"
#include "utils/ThreadEntryPoints.h"

#include "llvm/ADT/DenseSet.h"

#include <string>

namespace clang::tidy::conclint {

/// Finds lazy coroutine tasks that are created and then destroyed without
/// being awaited, so that the coroutine's body never runs.
///
/// A task is lazy when its promise's initial_suspend() suspends (Tasks.h).
/// Two shapes are reported: a call whose task is discarded (an expression
/// statement, or cast to void), and a local task that can leave scope on
/// some path on which it is never used at all -- a forward dataflow over
/// the function's CFG (Dataflow.h) in which any use of the variable
/// (co_await, a move, passing it anywhere, a capture) ends our concern.
/// Everything the check cannot follow counts as a use: silence.
class TaskNeverAwaitedCheck : public ClangTidyCheck {
public:
  TaskNeverAwaitedCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onEndOfTranslationUnit() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }

private:
  void checkDiscarded(const CallExpr *Call, const Expr *Statement,
                      ASTContext &Ctx);
  void analyzeFunction(const FunctionDecl *FD, ASTContext &Ctx);
  bool canAwaitHere(const Expr *Statement, const CallExpr *Call,
                    ASTContext &Ctx);

  const std::string LazyTaskTypesRaw;
  utils::TaskTypes Tasks;
  utils::CFGCache CFGs;
  llvm::DenseSet<const FunctionDecl *> Analyzed;
  utils::FindingDeduplicator Reported;
};

} // namespace clang::tidy::conclint

#endif
