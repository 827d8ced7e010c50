//===-- PluginEntry.cpp - conclint as a plugin for stock clang-tidy -------===//
//
// conclint-plugin.so is what users pass to `clang-tidy-22 -load=...`. It is a
// shim without any LLVM dependency: plugins have no ABI stability, so before
// anything of ours touches the host we make sure the host is the LLVM major
// version this plugin was compiled against, and stop with one clear message
// if not. Only then do we load conclint-plugin-checks.so from the same
// directory; its static initialiser registers the module in the host's
// clang-tidy module registry.
//
//===----------------------------------------------------------------------===//

#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <link.h>
#include <string>
#include <unistd.h>

#ifndef CONCLINT_PLUGIN_LLVM_MAJOR
#error "CONCLINT_PLUGIN_LLVM_MAJOR must be defined by the build"
#endif
#ifndef CONCLINT_SUPPORTED_LLVM_MAJORS
#error "CONCLINT_SUPPORTED_LLVM_MAJORS must be defined by the build"
#endif
#ifndef CONCLINT_PLUGIN_CHECKS_FILE
#error "CONCLINT_PLUGIN_CHECKS_FILE must be defined by the build"
#endif

namespace {

/// Finds a loaded libLLVM ("libLLVM.so.22.1", "libLLVM-14.so.1") and reads
/// the major version from its name. Used when LLVMGetVersion is not exported.
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

[[noreturn]] void stop() {
  std::fflush(stderr);
  // We are inside the host's dlopen: do not run its exit handlers from here.
  _exit(2);
}

/// The directory this shim was loaded from, with a trailing '/'.
std::string ownDirectory() {
  Dl_info Info;
  if (!dladdr(reinterpret_cast<void *>(&hostLLVMMajor), &Info) ||
      !Info.dli_fname)
    return "";
  std::string Path = Info.dli_fname;
  size_t Slash = Path.rfind('/');
  return Slash == std::string::npos ? "" : Path.substr(0, Slash + 1);
}

__attribute__((constructor)) void conclintPluginLoad() {
  int Host = hostLLVMMajor();
  if (Host == 0) {
    std::fprintf(stderr,
                 "warning: conclint-plugin: cannot tell which LLVM version "
                 "loaded this plugin; it was built for clang-tidy-%d\n",
                 CONCLINT_PLUGIN_LLVM_MAJOR);
  } else if (Host != CONCLINT_PLUGIN_LLVM_MAJOR) {
    bool Supported = false;
    for (int V : {CONCLINT_SUPPORTED_LLVM_MAJORS})
      Supported |= V == Host;
    char Remedy[96];
    if (Supported)
      std::snprintf(Remedy, sizeof Remedy,
                    "rebuild conclint with -DCONCLINT_LLVM_VERSION=%d", Host);
    else
      std::snprintf(Remedy, sizeof Remedy,
                    "conclint supports LLVM " CONCLINT_SUPPORTED_LLVM_TEXT);
    std::fprintf(stderr,
                 "error: conclint-plugin was built for clang-tidy %d but was "
                 "loaded by clang-tidy %d; plugins only work with the exact "
                 "major version they were built against (use clang-tidy-%d, "
                 "conclint-tidy, or %s)\n",
                 CONCLINT_PLUGIN_LLVM_MAJOR, Host, CONCLINT_PLUGIN_LLVM_MAJOR,
                 Remedy);
    stop();
  }
  std::string Checks = ownDirectory() + CONCLINT_PLUGIN_CHECKS_FILE;
  if (!dlopen(Checks.c_str(), RTLD_NOW | RTLD_LOCAL)) {
    const char *Why = dlerror();
    std::fprintf(stderr, "error: conclint-plugin: cannot load the checks: %s\n",
                 Why ? Why : Checks.c_str());
    stop();
  }
}

} // namespace
