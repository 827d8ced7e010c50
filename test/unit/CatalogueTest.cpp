//===-- CatalogueTest.cpp - the check catalogue stays consistent ----------===//

#include "ConclintModule.h"

#include "clang-tidy/ClangTidyModule.h"
#include "utils/Compat.h"
#include "gtest/gtest.h"

#include <set>
#include <string>

using namespace clang::tidy;

namespace {

TEST(Catalogue, IsSortedAndNamedConsistently) {
  const auto &Checks = conclint::allChecks();
  ASSERT_FALSE(Checks.empty());
  for (size_t I = 0; I < Checks.size(); ++I) {
    EXPECT_TRUE(Checks[I].Id.starts_with("conclint-")) << Checks[I].Id.str();
    EXPECT_FALSE(Checks[I].Summary.empty()) << Checks[I].Id.str();
    EXPECT_FALSE(Checks[I].Summary.ends_with(".")) << Checks[I].Id.str();
    if (I > 0) {
      EXPECT_LT(Checks[I - 1].Id, Checks[I].Id) << "Checks.def is not sorted";
    }
  }
}

TEST(Catalogue, EveryEntryIsRegistered) {
  (void)conclint::ConclintModuleAnchorSource;
  ClangTidyCheckFactories Factories;
  for (const auto &Entry : ClangTidyModuleRegistry::entries()) {
    if (Entry.getName() == "conclint")
      Entry.instantiate()->addCheckFactories(Factories);
  }
  std::set<std::string> Registered;
  for (const auto &F : Factories)
    Registered.insert(F.getKey().str());
  EXPECT_EQ(Registered.size(), conclint::allChecks().size());
  for (const auto &C : conclint::allChecks())
    EXPECT_TRUE(Registered.count(C.Id.str())) << C.Id.str();
}

} // namespace
