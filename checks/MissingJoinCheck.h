//===-- MissingJoinCheck.h - conclint-missing-join ---------------*- C++ -*-===//

#ifndef CONCLINT_CHECKS_MISSINGJOINCHECK_H
#define CONCLINT_CHECKS_MISSINGJOINCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/utils/IncludeInserter.h"
#include "utils/Dataflow.h"
#include "utils/ThreadEntryPoints.h"
#include "utils/ThreadTypes.h"

#include "llvm/ADT/DenseSet.h"

#include <string>

namespace clang::tidy::conclint {

/// Finds std::thread objects that can be destroyed or assigned to while still
/// joinable, which calls std::terminate.
///
/// Reports only what the CFG shows: a path from a local thread's start (or a
/// local container's filling) to its scope exit or a move assignment with no
/// join, detach or hand-over on it; a discarded temporary; a started member
/// that no member function of its class (all visible) ends. Every use it
/// cannot follow (an unknown callee, a reference, a capture, an element it
/// cannot name) counts as a hand-over: silence. Local threads and containers
/// are followed by utils::runForwardDataflow; templates per instantiation,
/// one report per location (ThreadEntryPoints.h).
class MissingJoinCheck : public ClangTidyCheck {
public:
  MissingJoinCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void onEndOfTranslationUnit() override;

private:
  void analyzeFunction(const FunctionDecl *FD, ASTContext &Ctx);
  void checkTemporary(const CXXConstructExpr *E, ASTContext &Ctx);
  void checkMember(const FieldDecl *F, ASTContext &Ctx);
  /// True the first time \p Loc is passed: template instantiations share
  /// their pattern's locations and report once (ThreadEntryPoints.h).
  bool firstReportAt(SourceLocation Loc);

  const bool WarnOnDetach;
  const std::string RawThreadTypes;
  const utils::ThreadTypeSet Threads;
  tidy::utils::IncludeInserter Inserter;
  llvm::DenseSet<const FunctionDecl *> AnalyzedFunctions;
  llvm::DenseSet<const FieldDecl *> AnalyzedFields;
  utils::FindingDeduplicator Reported;
  /// The CFGs of the functions analysed in this translation unit.
  utils::CFGCache CFGs;
};

} // namespace clang::tidy::conclint

#endif
