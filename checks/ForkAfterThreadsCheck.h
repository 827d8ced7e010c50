//===-- ForkAfterThreadsCheck.h - conclint-fork-after-threads ----*- C++ -*-===//

#ifndef CONCLINT_CHECKS_FORKAFTERTHREADSCHECK_H
#define CONCLINT_CHECKS_FORKAFTERTHREADSCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/Names.h"
#include "utils/ThreadEntryPoints.h"

#include <vector>

namespace clang::tidy::conclint {

/// Finds fork() called while another thread of the program may be running,
/// when the child then runs code that is not async-signal-safe before it
/// calls exec or _exit: the child has one thread, and a lock another thread
/// held at the fork (malloc's, stdio's, the program's own mutex) stays
/// locked in the child forever.
///
/// A thread may be running at the fork when a CFG path from its start
/// reaches the fork without a join: a spawn in the forking function, a call
/// before the fork to a function that leaves a thread running (its summary,
/// bottom-up over the call graph), the initialiser of a global that does,
/// or a spawn in a caller whose thread runs while it calls the forking
/// function. Within one translation unit; the summaries are the per-function
/// records the project-wide link phase joins across translation units (see
/// the .cpp). A child that only makes async-signal-safe calls before exec*
/// or _exit is fine; so is posix_spawn. Unknown callees are silent.
class ForkAfterThreadsCheck : public ClangTidyCheck {
public:
  ForkAfterThreadsCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override {
    Forks.clear();
    Ctx = nullptr;
  }
  void onEndOfTranslationUnit() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }

private:
  struct ForkSite {
    const CallExpr *Call;
    const FunctionDecl *Fn;
  };
  const std::string ThreadTypes;
  const std::string RawSafeFunctions;
  const utils::SpawnOptions SpawnOpts;
  const utils::NameSet SafeFunctions;
  std::vector<ForkSite> Forks;
  ASTContext *Ctx = nullptr;
};

} // namespace clang::tidy::conclint

#endif
