//===-- ConclintModule.cpp - the conclint clang-tidy module ---------------===//
//
// Registers every check of the catalogue (Checks.def) with clang-tidy's module
// registry. The same object file serves the plugin, conclint-tidy,
// conclint-clangd and the conclint driver.
//
//===----------------------------------------------------------------------===//

#include "ConclintModule.h"
#include "AllChecks.h"

#include "clang-tidy/ClangTidyModule.h"
#include "utils/Compat.h"

namespace clang::tidy::conclint {
namespace {

class ConclintModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &Factories) override {
#define CONCLINT_CHECK(Id, Class, Summary) Factories.registerCheck<Class>(Id);
#include "Checks.def"
  }
};

} // namespace

const std::vector<CheckInfo> &allChecks() {
  static const std::vector<CheckInfo> Checks = {
#define CONCLINT_CHECK(Id, Class, Summary) {Id, Summary},
#include "Checks.def"
  };
  return Checks;
}

static ClangTidyModuleRegistry::Add<ConclintModule>
    Registration("conclint", "Checks for concurrency mistakes.");

// Referenced by front-ends that link the checks statically, so the linker
// keeps this object and its registration.
volatile int ConclintModuleAnchorSource = 0;

} // namespace clang::tidy::conclint
