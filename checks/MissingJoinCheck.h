//===-- MissingJoinCheck.h - conclint-missing-join ---------------*- C++ -*-===//

#ifndef CONCLINT_CHECKS_MISSINGJOINCHECK_H
#define CONCLINT_CHECKS_MISSINGJOINCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::conclint {

/// Finds std::thread objects that can be destroyed or assigned to while still
/// joinable, which calls std::terminate.
class MissingJoinCheck : public ClangTidyCheck {
public:
  MissingJoinCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
};

} // namespace clang::tidy::conclint

#endif
