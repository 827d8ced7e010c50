//===-- ClangdMain.cpp - conclint-clangd: clangd with conclint built in ---===//
//
// clangd runs clang-tidy checks from the module registry, so linking the
// conclint objects is enough for editors to show our diagnostics and fix-its.
// ClangdHooks.cpp makes them run without configuration. Debian ships no
// clangd headers: clangdMain is declared here by hand.
//
//===----------------------------------------------------------------------===//

#include "ConclintModule.h"
#include "common/ResourceDir.h"
#include "llvm/ADT/StringRef.h"

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
  // `--check=FILE` is clangd's self-test of one file; by default it prints
  // only errors. Users run it to see what we find, so print warnings too.
  bool Check = false, Warnings = false;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef A(argv[I]);
    Check |= A.starts_with("--check=") || A.starts_with("-check=");
    Warnings |= A.starts_with("--check-warnings") ||
                A.starts_with("-check-warnings");
  }
  if (Check && !Warnings)
    Args.insert(Args.begin() + 1, "--check-warnings");
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(static_cast<int>(Args.size() - 1),
                                   const_cast<char **>(Args.data()));
}
