//===-- DetachedExceptionLostCheck.h - detached-exception-lost --*- C++ -*-===//

#ifndef CONCLINT_CHECKS_DETACHEDEXCEPTIONLOSTCHECK_H
#define CONCLINT_CHECKS_DETACHEDEXCEPTIONLOSTCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/Names.h"
#include "utils/ThreadEntryPoints.h"
#include "utils/Throws.h"

#include <string>

namespace clang::tidy::conclint {

/// Finds work started with nowhere to deliver an exception that it can
/// visibly throw: a coroutine co_spawned with asio::detached (which
/// silently discards it), a thread whose entry function lets it escape
/// (which calls std::terminate), or a task handed to a configured
/// fire-and-forget starter such as start_detached.
///
/// "Can throw" is the call-summary fact of Throws.h: a throw expression, a
/// call of a function known to throw, or an Asio operation awaited with
/// use_awaitable, outside any try block, reached through visible calls.
/// An entry point the check cannot see is silence.
class DetachedExceptionLostCheck : public ClangTidyCheck {
public:
  DetachedExceptionLostCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onEndOfTranslationUnit() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }

private:
  void checkCoSpawn(const CallExpr *Call, ASTContext &Ctx);
  void checkThread(const utils::ThreadSpawn &S, ASTContext &Ctx);
  void checkStarter(const CallExpr *Call, ASTContext &Ctx);
  void explain(const FunctionDecl *Entry);

  const std::string ThrowingFunctionsRaw;
  const std::string ThrowingAsyncOperationsRaw;
  const std::string DetachedStartFunctionsRaw;
  const std::string ExceptionHandler;
  const std::string ThreadTypesRaw;
  utils::NameSet Starters;
  utils::SpawnOptions Spawns;
  utils::ThrowAnalysis Throws;
  utils::FindingDeduplicator Reported;
};

} // namespace clang::tidy::conclint

#endif
