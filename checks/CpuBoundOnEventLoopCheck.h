//===-- CpuBoundOnEventLoopCheck.h - conclint-cpu-bound-on-event-loop -*- C++ -*-===//

#ifndef CONCLINT_CHECKS_CPUBOUNDONEVENTLOOPCHECK_H
#define CONCLINT_CHECKS_CPUBOUNDONEVENTLOOPCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/CoroutineContext.h"
#include "utils/CostModel.h"

#include <memory>

namespace clang::tidy::conclint {

/// Finds CPU-bound work (long loops, sorting, hashing, regular expressions)
/// running on an event loop: in a coroutine before it switches to a thread
/// pool, or in a handler posted to an I/O executor such as asio::io_context.
class CpuBoundOnEventLoopCheck : public ClangTidyCheck {
public:
  CpuBoundOnEventLoopCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
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
  const std::vector<utils::AwaitablePattern> SwitchPatterns;
  const utils::ExecutorNames LoopExecutors;
  std::unique_ptr<utils::CostModel> Model;
};

} // namespace clang::tidy::conclint

#endif
