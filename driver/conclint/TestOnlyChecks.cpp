//===-- TestOnlyChecks.cpp - checks that exist only for the test suite ----===//
//
// The driver's crash isolation is tested with a check that crashes on
// purpose, and its refusal of conflicting fixes with a check whose fix
// differs per translation unit. They live only in the conclint driver binary
// (never in checks/Checks.def, the plugin, conclint-tidy or clangd) and are
// registered only when CONCLINT_ENABLE_TEST_CHECKS=1 is set in the
// environment, so no user configuration ("conclint-*") can ever enable them
// by accident.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include "llvm/Support/Path.h"

#include <cstdlib>

using namespace clang::ast_matchers;

namespace clang::tidy::conclint_test {
namespace {

/// Aborts the process when it sees a definition of a function named
/// conclint_test_crash: a stand-in for a check that crashes on some code.
class InternalTestCrashCheck : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(
        functionDecl(hasName("conclint_test_crash"), isDefinition()).bind("f"),
        this);
  }
  void check(const MatchFinder::MatchResult &) override { std::abort(); }
};

/// On a function named conclint_test_fix, proposes to insert a comment
/// naming the translation unit before its name. A header with that function
/// included by two TUs thus gets two different insertions at one offset: the
/// conflict the driver's --fix must refuse cleanly.
class InternalTestFixCheck : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(
        functionDecl(hasName("conclint_test_fix"), isDefinition()).bind("f"),
        this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("f");
    const SourceManager &SM = *Result.SourceManager;
    OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
    std::string TU =
        Main ? llvm::sys::path::filename(Main->getName()).str() : "?";
    diag(F->getLocation(), "test fix from %0")
        << TU
        << FixItHint::CreateInsertion(F->getLocation(),
                                      "/* fixed from " + TU + " */ ");
  }
};

/// On a definition of a function named conclint_test_note that was declared
/// before (in a header), warns at the definition with a note at each earlier
/// declaration: a finding whose chain crosses files, for the report formats'
/// secondary locations, SARIF codeFlows and --changed-lines.
class InternalTestNoteCheck : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(
        functionDecl(hasName("conclint_test_note"), isDefinition()).bind("f"),
        this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("f");
    if (!F->getPreviousDecl())
      return;
    diag(F->getLocation(), "test finding with a chain in 'conclint_test_note'");
    for (const FunctionDecl *P = F->getPreviousDecl(); P;
         P = P->getPreviousDecl())
      diag(P->getLocation(), "declared here", DiagnosticIDs::Note);
  }
};

class TestOnlyModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    const char *Enable = std::getenv("CONCLINT_ENABLE_TEST_CHECKS");
    if (Enable && llvm::StringRef(Enable) == "1")
      Factories.registerCheck<InternalTestCrashCheck>(
          "conclint-internal-test-crash");
    if (Enable && llvm::StringRef(Enable) == "1")
      Factories.registerCheck<InternalTestFixCheck>(
          "conclint-internal-test-fix");
    if (Enable && llvm::StringRef(Enable) == "1")
      Factories.registerCheck<InternalTestNoteCheck>(
          "conclint-internal-test-note");
  }
};

} // namespace

static ClangTidyModuleRegistry::Add<TestOnlyModule>
    Registration("conclint-test-only", "Checks used by the test suite only.");

volatile int TestOnlyModuleAnchorSource = 0;

} // namespace clang::tidy::conclint_test
