//===-- ResourceDir.h - find Clang's resource directory ----------*- C++ -*-===//
//
// Clang computes its resource directory (builtin headers such as <stddef.h>)
// relative to the running executable: <exe>/../lib/clang/<major>. Our binaries
// are installed or run from build trees where that path does not exist, so
// each front-end asks here and passes the answer on explicitly.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_RESOURCEDIR_H
#define CONCLINT_DRIVER_RESOURCEDIR_H

#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace conclint {

/// The resource directory to use: $CONCLINT_RESOURCE_DIR if set, else the one
/// next to the executable if it holds Clang's headers, else the directory of
/// the Clang this build was configured with. Empty if none exists.
std::string findResourceDir(const char *Argv0, void *MainAddr);

/// Copies Argv and inserts \p Flag + resource dir right after argv[0] unless
/// an argument already starts with one of \p ExistingPrefixes. The returned
/// strings own the storage; \p Out points into them.
void injectResourceDirArg(int Argc, const char **Argv, llvm::StringRef Flag,
                          const std::vector<llvm::StringRef> &ExistingPrefixes,
                          std::vector<std::string> &Storage,
                          std::vector<const char *> &Out);

} // namespace conclint

#endif
