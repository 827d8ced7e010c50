//===-- GilHeldCpuWorkCheck.h - conclint-gil-held-cpu-work -------*- C++ -*-===//

#ifndef CONCLINT_CHECKS_GILHELDCPUWORKCHECK_H
#define CONCLINT_CHECKS_GILHELDCPUWORKCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/CostModel.h"

#include <memory>

namespace clang::tidy::conclint {

/// Finds C++ functions exposed to Python (pybind11 and nanobind `def`, CPython
/// `PyMethodDef` tables) that do CPU-bound work touching no Python object
/// while still holding the GIL, so Python threads calling them cannot run in
/// parallel.
class GilHeldCpuWorkCheck : public ClangTidyCheck {
public:
  GilHeldCpuWorkCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }

private:
  enum class Binding { Pybind11, Nanobind, CPython };
  void checkExposed(const FunctionDecl *FD, StringRef PyName, Binding B,
                    const CallExpr *Def, SourceLocation Loc, ASTContext &Ctx);

  const utils::CostCheckOptions Cost;
  std::unique_ptr<utils::CostModel> Model;
  /// "Calling this function touches a Python object", per function.
  std::unique_ptr<utils::CallSummaries> PythonFacts;
  /// "Calling this function touches a Python object, or runs code this
  /// translation unit cannot show", per function: what decides whether the
  /// GIL release may be offered as a fix (see mayTouchPythonSites).
  std::unique_ptr<utils::CallSummaries> MayTouchPythonFacts;
};

} // namespace clang::tidy::conclint

#endif
