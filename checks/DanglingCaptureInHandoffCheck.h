//===-- DanglingCaptureInHandoffCheck.h - conclint-dangling-capture-in-handoff -*- C++ -*-===//

#ifndef CONCLINT_CHECKS_DANGLINGCAPTUREINHANDOFFCHECK_H
#define CONCLINT_CHECKS_DANGLINGCAPTUREINHANDOFFCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/Dataflow.h"
#include "utils/ThreadEntryPoints.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::conclint {

/// Finds a reference, pointer or view to a local variable (or a by-value
/// parameter) that escapes into work that can outlive it: a detached
/// thread, a std::async whose future leaves the scope, an asio::post or
/// asynchronous operation's handler, a detached co_spawn, a pool task or a
/// callback stored in a member, with no wait for the work before the
/// variable is destroyed.
///
/// Reports only when the variable is an automatic object of the analysed
/// function and some CFG path from the hand-off reaches its destruction
/// before anything ends the work (utils/Handoff.h). References to objects
/// of unknown lifetime (reference parameters, `this`, members) and captures
/// by value stay silent. Templates: per instantiation, one report per
/// location.
class DanglingCaptureInHandoffCheck : public ClangTidyCheck {
public:
  DanglingCaptureInHandoffCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override {
    Seen.clear();
    Reported.clear();
    CFGs.clear();
  }
  void onEndOfTranslationUnit() override { CFGs.clear(); }
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }

private:
  void analyse(const FunctionDecl *F, const Stmt *Body, ASTContext &Ctx);

  const std::string ThreadTypes;
  const std::string PoolSubmitFunctions;
  const utils::SpawnOptions SpawnOpts;
  llvm::DenseSet<const Stmt *> Seen;
  utils::FindingDeduplicator Reported;
  utils::CFGCache CFGs;
};

} // namespace clang::tidy::conclint

#endif
