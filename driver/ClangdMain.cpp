//===-- ClangdMain.cpp - conclint-clangd: clangd with conclint built in ---===//
//
// clangd runs clang-tidy checks from the module registry, so linking the
// conclint objects is enough for editors to show our diagnostics and fix-its.
// Debian ships no clangd headers: clangdMain is declared here by hand.
//
//===----------------------------------------------------------------------===//

#include "ConclintModule.h"
#include "common/ResourceDir.h"

namespace clang::clangd {
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

int main(int argc, char **argv) {
  (void)clang::tidy::conclint::ConclintModuleAnchorSource;
  std::vector<std::string> Storage;
  std::vector<const char *> Args;
  conclint::injectResourceDirArg(argc, const_cast<const char **>(argv),
                                 "--resource-dir=",
                                 {"--resource-dir", "-resource-dir"}, Storage,
                                 Args);
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size() - 1),
                                   const_cast<char **>(Args.data()));
}
