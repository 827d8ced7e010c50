//===-- UnreleasedLockCheck.h - unreleased-lock -----------------*- C++ -*-===//

#ifndef CONCLINT_CHECKS_UNRELEASEDLOCKCHECK_H
#define CONCLINT_CHECKS_UNRELEASEDLOCKCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/CallSummaries.h"
#include "utils/Dataflow.h"
#include "utils/Lockset.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>

namespace clang::tidy::conclint {

/// Finds mutexes locked with a manual lock() that some path leaves the
/// scope without unlocking (an early return, a break or continue, an
/// exception), so that the next lock of the mutex blocks forever.
class UnreleasedLockCheck : public ClangTidyCheck {
public:
  UnreleasedLockCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }

private:
  void analyse(const FunctionDecl *FD, ASTContext &Ctx);
  /// The "calling this may throw" family: a visible throw expression, or a
  /// call of a function for which it holds.
  llvm::SmallVector<utils::Site, 8> throwSites(const FunctionDecl *FD);

  std::unique_ptr<utils::CallSummaries> Throws;
  utils::CFGCache CFGs;
};

} // namespace clang::tidy::conclint

#endif
