//===-- TestOnlyChecks.cpp - checks that exist only for the test suite ----===//
//
// The driver's crash isolation is tested with a check that crashes on
// purpose. It lives only in the conclint driver binary (never in
// checks/Checks.def, the plugin, conclint-tidy or clangd) and is registered
// only when CONCLINT_ENABLE_TEST_CHECKS=1 is set in the environment, so no
// user configuration ("conclint-*") can ever enable it by accident.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

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

class TestOnlyModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
    const char *Enable = std::getenv("CONCLINT_ENABLE_TEST_CHECKS");
    if (Enable && llvm::StringRef(Enable) == "1")
      Factories.registerCheck<InternalTestCrashCheck>(
          "conclint-internal-test-crash");
  }
};

} // namespace

static ClangTidyModuleRegistry::Add<TestOnlyModule>
    Registration("conclint-test-only", "Checks used by the test suite only.");

volatile int TestOnlyModuleAnchorSource = 0;

} // namespace clang::tidy::conclint_test
