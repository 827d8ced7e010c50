//===-- CpuBoundOnEventLoopCheck.h - conclint-cpu-bound-on-event-loop -*- C++ -*-===//

#ifndef CONCLINT_CHECKS_CPUBOUNDONEVENTLOOPCHECK_H
#define CONCLINT_CHECKS_CPUBOUNDONEVENTLOOPCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/CoroutineContext.h"
#include "utils/CostModel.h"
#include "utils/EventLoopPlacement.h"
#include "utils/ThreadEntryPoints.h"

#include <memory>

namespace clang::tidy::conclint {

/// Finds CPU-bound work (long loops, sorting, hashing, regular expressions)
/// running on an event loop: in a coroutine before it switches to a thread
/// pool, or in a handler posted to an I/O executor such as asio::io_context.
///
/// Reports only when it shows both halves: the work is CPU-bound
/// (utils::CostModel) and the code runs on an event loop
/// (utils::EventLoopPlacement: spawned or posted onto an event loop, started
/// from code there, or of a coroutine type that runs there). A coroutine
/// whose executor the translation unit does not show is silent.
class CpuBoundOnEventLoopCheck : public ClangTidyCheck {
public:
  CpuBoundOnEventLoopCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override {
    Placement->reset();
    Reported.clear();
  }
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }

private:
  void checkCoroutine(const FunctionDecl *FD, ASTContext &Ctx);
  void checkHandler(const CallExpr *Post, ASTContext &Ctx);
  bool isEventLoopExecutor(const Expr *E) const;

  const utils::CostCheckOptions Cost;
  const std::string ThreadSwitchAwaitables;
  const std::string EventLoopExecutors;
  const std::string EventLoopCoroutineTypes;
  const std::vector<utils::AwaitablePattern> SwitchPatterns;
  const utils::ExecutorNames LoopExecutors;
  std::unique_ptr<utils::CostModel> Model;
  std::unique_ptr<utils::EventLoopPlacement> Placement;
  /// Templates are judged on their instantiations, one report per location.
  utils::FindingDeduplicator Reported;
};

} // namespace clang::tidy::conclint

#endif
