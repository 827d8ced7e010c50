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
/// Local threads and local containers of threads are followed through the
/// function's control-flow graph; unnamed temporaries and thread members that
/// no member function joins are found on the AST.
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
