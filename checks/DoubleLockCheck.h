//===-- DoubleLockCheck.h - conclint-double-lock -----------------*- C++ -*-===//

#ifndef CONCLINT_CHECKS_DOUBLELOCKCHECK_H
#define CONCLINT_CHECKS_DOUBLELOCKCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/Dataflow.h"
#include "utils/Lockset.h"
#include "utils/ThreadEntryPoints.h"

#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::conclint {

/// Finds a non-recursive mutex locked again while it may already be held on
/// that path (directly or through a callee), which deadlocks, and a mutex
/// unlocked where it is certainly not held.
///
/// Built on the lock facts of each function (utils/Lockset.h, callee effects
/// followed): a lock is "held" only when the analysis names it by the same
/// access path; an unknown lock or callee is silence.
class DoubleLockCheck : public ClangTidyCheck {
public:
  DoubleLockCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }

private:
  void analyse(const FunctionDecl *FD, ASTContext &Ctx);
  bool nonRecursive(QualType T) const;

  const std::string NonRecursiveTypesRaw;
  const std::vector<std::string> NonRecursiveTypes;
  const unsigned CallDepth;
  utils::CFGCache CFGs;
  std::unique_ptr<utils::LockEffectsTable> Effects;
  utils::FindingDeduplicator Reported;
};

} // namespace clang::tidy::conclint

#endif
