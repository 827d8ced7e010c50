//===-- TidyMain.cpp - conclint-tidy: clang-tidy with conclint built in ---===//
//
// For users who cannot load plugins: the full upstream clang-tidy (every
// upstream module is linked through clangTidyMain) with the conclint module
// linked in statically.
//
//===----------------------------------------------------------------------===//

#include "ConclintModule.h"
#include "common/ResourceDir.h"

#include "clang-tidy/tool/ClangTidyMain.h"

int main(int argc, const char **argv) {
  // Keep the module's registration in the link.
  (void)clang::tidy::conclint::ConclintModuleAnchorSource;
  std::vector<std::string> Storage;
  std::vector<const char *> Args;
  conclint::injectResourceDirArg(
      argc, argv, "--extra-arg-before=-resource-dir=",
      {"--extra-arg-before=-resource-dir", "--extra-arg=-resource-dir",
       "-extra-arg-before=-resource-dir", "-extra-arg=-resource-dir"},
      Storage, Args);
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size()),
                                    Args.data());
}
