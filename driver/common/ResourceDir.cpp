//===-- ResourceDir.cpp - find Clang's resource directory -----------------===//

#include "ResourceDir.h"

#include "llvm/Config/llvm-config.h"
#if LLVM_VERSION_MAJOR >= 22
#include "clang/Options/OptionUtils.h"
#else
#include "clang/Driver/Driver.h"
#endif
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <cstdlib>

#ifndef CONCLINT_CLANG_RESOURCE_DIR
#error "CONCLINT_CLANG_RESOURCE_DIR must be defined by the build"
#endif

namespace conclint {

static bool holdsBuiltinHeaders(llvm::StringRef Dir) {
  llvm::SmallString<256> Probe(Dir);
  llvm::sys::path::append(Probe, "include", "stddef.h");
  return !Dir.empty() && llvm::sys::fs::exists(Probe);
}

std::string findResourceDir(const char *Argv0, void *MainAddr) {
  if (const char *Env = std::getenv("CONCLINT_RESOURCE_DIR"))
    if (*Env)
      return Env;
#if LLVM_VERSION_MAJOR >= 22
  std::string NextToExe = clang::GetResourcesPath(Argv0, MainAddr);
#else
  std::string NextToExe = clang::driver::Driver::GetResourcesPath(
      llvm::sys::fs::getMainExecutable(Argv0, MainAddr));
#endif
  if (holdsBuiltinHeaders(NextToExe))
    return NextToExe;
  if (holdsBuiltinHeaders(CONCLINT_CLANG_RESOURCE_DIR))
    return CONCLINT_CLANG_RESOURCE_DIR;
  return "";
}

void injectResourceDirArg(int Argc, const char **Argv, llvm::StringRef Flag,
                          const std::vector<llvm::StringRef> &ExistingPrefixes,
                          std::vector<std::string> &Storage,
                          std::vector<const char *> &Out) {
  Out.assign(Argv, Argv + Argc);
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef A(Argv[I]);
    if (A == "--")
      break;
    for (llvm::StringRef P : ExistingPrefixes)
      if (A.starts_with(P))
        return; // The user chose one; respect it.
  }
  std::string Dir = findResourceDir(Argv[0], (void *)&findResourceDir);
  if (Dir.empty())
    return; // Let Clang fall back to its own guess (and report what it misses).
  Storage.push_back((Flag + Dir).str());
  Out.insert(Out.begin() + 1, Storage.back().c_str());
}

} // namespace conclint
