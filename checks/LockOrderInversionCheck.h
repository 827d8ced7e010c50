//===-- LockOrderInversionCheck.h - conclint-lock-order-inversion -*- C++ -*-===//

#ifndef CONCLINT_CHECKS_LOCKORDERINVERSIONCHECK_H
#define CONCLINT_CHECKS_LOCKORDERINVERSIONCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/Dataflow.h"
#include "utils/Lockset.h"
#include "utils/ThreadEntryPoints.h"
#include "llvm/ADT/DenseSet.h"

#include <memory>
#include <vector>

namespace clang::tidy::conclint {

/// Finds mutexes that code paths able to run on different threads acquire in
/// opposite orders, directly or through calls, so that the threads can
/// deadlock.
///
/// The paths are the thread entry points of the translation unit (and the
/// functions that start them), and the public member functions of classes
/// that own a mutex. Each path's order edges come from the lock facts
/// (utils/Lockset.h, callee effects followed); the cycles from the pure
/// utils/LockOrder.h, which the project-wide link phase shares.
class LockOrderInversionCheck : public ClangTidyCheck {
public:
  LockOrderInversionCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }

private:
  void analyse(ASTContext &Ctx);
  /// The cycles that need facts of other files, from the summary store
  /// (docs/summaries.md) in the single-file front-ends.
  void linkWithStore(ASTContext &Ctx);

  const unsigned CallDepth;
  const unsigned MaxCycleLength;
  const std::string SummaryStore;
  ClangTidyContext *const TidyContext;
  /// Where this TU's findings are (the link adds none there).
  llvm::DenseSet<SourceLocation> Reported;
  std::vector<const FunctionDecl *> Functions;
  std::vector<const CXXRecordDecl *> Records;
  ASTContext *Ctx = nullptr;
  utils::CFGCache CFGs;
  std::unique_ptr<utils::LockEffectsTable> Effects;
};

} // namespace clang::tidy::conclint

#endif
