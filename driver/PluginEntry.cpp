//===-- PluginEntry.cpp - conclint as a plugin for stock clang-tidy -------===//
//
// conclint-plugin.so is loaded by `clang-tidy-22 -load=conclint-plugin.so`.
// It links no clang-tidy archive: the module registry and every clang-tidy
// symbol resolve from the host executable. Plugins have no ABI stability, so
// before anything registers we make sure the host is the LLVM major version
// this plugin was compiled against, and stop with one clear message if not.
//
//===----------------------------------------------------------------------===//

#include "ConclintModule.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <link.h>
#include <unistd.h>

#ifndef CONCLINT_PLUGIN_LLVM_MAJOR
#error "CONCLINT_PLUGIN_LLVM_MAJOR must be defined by the build"
#endif

namespace {

/// Finds a loaded libLLVM ("libLLVM.so.22.1", "libLLVM-22.so") and reads the
/// major version from its name. Used when LLVMGetVersion is not exported.
int majorFromLoadedLibLLVM() {
  int Major = 0;
  dl_iterate_phdr(
      [](dl_phdr_info *Info, size_t, void *Data) -> int {
        const char *Name = Info->dlpi_name ? std::strrchr(Info->dlpi_name, '/')
                                           : nullptr;
        Name = Name ? Name + 1 : Info->dlpi_name;
        if (!Name)
          return 0;
        int V = 0;
        if (std::sscanf(Name, "libLLVM.so.%d", &V) == 1 ||
            std::sscanf(Name, "libLLVM-%d", &V) == 1) {
          *static_cast<int *>(Data) = V;
          return 1;
        }
        return 0;
      },
      &Major);
  return Major;
}

/// The LLVM major version of the process that loaded us, or 0 if unknown.
int hostLLVMMajor() {
  using GetVersionFn = void (*)(unsigned *, unsigned *, unsigned *);
  if (void *Sym = dlsym(RTLD_DEFAULT, "LLVMGetVersion")) {
    unsigned Major = 0, Minor = 0, Patch = 0;
    reinterpret_cast<GetVersionFn>(Sym)(&Major, &Minor, &Patch);
    return static_cast<int>(Major);
  }
  return majorFromLoadedLibLLVM();
}

// Priority 101 runs before the default-priority constructor that registers
// the module, so an incompatible host never sees our registration.
__attribute__((constructor(101))) void conclintCheckHostVersion() {
  int Host = hostLLVMMajor();
  if (Host == CONCLINT_PLUGIN_LLVM_MAJOR)
    return;
  if (Host == 0) {
    std::fprintf(stderr,
                 "warning: conclint-plugin: cannot tell which LLVM version "
                 "loaded this plugin; it was built for clang-tidy-%d\n",
                 CONCLINT_PLUGIN_LLVM_MAJOR);
    return;
  }
  std::fprintf(stderr,
               "error: conclint-plugin was built for clang-tidy %d but was "
               "loaded by clang-tidy %d; plugins only work with the exact "
               "major version they were built against (use clang-tidy-%d, "
               "conclint-tidy, or rebuild conclint against LLVM %d)\n",
               CONCLINT_PLUGIN_LLVM_MAJOR, Host, CONCLINT_PLUGIN_LLVM_MAJOR,
               Host);
  std::fflush(stderr);
  // We are inside dlopen: do not run the host's exit handlers from here.
  _exit(2);
}

} // namespace
