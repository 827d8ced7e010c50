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
#include "utils/Compat.h" // ClangTidyModuleRegistry on LLVM 19
#include "clang/ASTMatchers/ASTMatchFinder.h"

#include "llvm/Support/Path.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

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

/// Never returns when it sees a definition of conclint_test_hang: a stand-in
/// for an analysis that runs for hours (the driver's --timeout, and its
/// handling of SIGINT/SIGTERM while children run).
class InternalTestHangCheck : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(
        functionDecl(hasName("conclint_test_hang"), isDefinition()).bind("f"),
        this);
  }
  void check(const MatchFinder::MatchResult &) override {
    for (;;)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
};

/// On a definition of conclint_test_hog, allocates and touches 1.5 GB in
/// 64 MB blocks, then frees it: harmless without a memory limit, out of
/// memory under --memory-limit=512 (the driver's per-worker cap).
class InternalTestHogCheck : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(
        functionDecl(hasName("conclint_test_hog"), isDefinition()).bind("f"),
        this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    std::vector<std::unique_ptr<char[]>> Blocks;
    constexpr size_t Block = 64u << 20;
    for (int I = 0; I < 24; ++I) {
      Blocks.emplace_back(new char[Block]);
      std::memset(Blocks.back().get(), I + 1, Block);
    }
    const auto *F = Result.Nodes.getNodeAs<FunctionDecl>("f");
    diag(F->getLocation(), "test hog allocated %0 blocks") << Blocks.size();
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
    if (Enable && llvm::StringRef(Enable) == "1") {
      Factories.registerCheck<InternalTestHangCheck>(
          "conclint-internal-test-hang");
      Factories.registerCheck<InternalTestHogCheck>(
          "conclint-internal-test-hog");
    }
  }
};

} // namespace

static ClangTidyModuleRegistry::Add<TestOnlyModule>
    Registration("conclint-test-only", "Checks used by the test suite only.");

volatile int TestOnlyModuleAnchorSource = 0;

} // namespace clang::tidy::conclint_test
