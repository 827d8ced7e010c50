//===-- UnguardedSharedStateCheck.h - conclint-unguarded-shared-state -*- C++ -*-===//

#ifndef CONCLINT_CHECKS_UNGUARDEDSHAREDSTATECHECK_H
#define CONCLINT_CHECKS_UNGUARDEDSHAREDSTATECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"
#include "utils/ThreadEntryPoints.h"

namespace clang::tidy::conclint {

/// Finds variables written by concurrently running threads with no mutex held
/// in common (data races), and variables guarded by a mutex in one place but
/// accessed without it in another.
class UnguardedSharedStateCheck : public ClangTidyCheck {
public:
  UnguardedSharedStateCheck(StringRef Name, ClangTidyContext *Context);
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }

private:
  /// The races that need facts of other files, from the summary store
  /// (docs/summaries.md) in the single-file front-ends.
  void linkWithStore(ASTContext &Ctx);

  const std::string ThreadTypes;
  const std::string ThreadPoolSubmitFunctions;
  const unsigned MaxCallDepth;
  const bool ConfigureBeforeStart;
  const utils::SpawnOptions SpawnOpts;
  const std::string SummaryStore;
  ClangTidyContext *const TidyContext;
  tidy::utils::IncludeInserter Inserter;
};

} // namespace clang::tidy::conclint

#endif
