//===-- Cache.h - results of unchanged translation units ---------*- C++ -*-===//
//
// A TU's result is stored under a key made of everything that decides it
// except the files it reads: the conclint build, the compile command, the
// check configuration. The entry lists every file the TU read with a hash of
// its content (ccache's "direct mode"); it is reused only if all of them
// still hash the same, so an edit to a header invalidates exactly the TUs
// that include it.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_CACHE_H
#define CONCLINT_DRIVER_CACHE_H

#include "Model.h"

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/ADT/StringMap.h"

#include <mutex>
#include <optional>

namespace conclint {

class ResultCache {
public:
  /// \p Dir empty: caching disabled.
  explicit ResultCache(std::string Dir) : Dir(std::move(Dir)) {}

  bool enabled() const { return !Dir.empty(); }

  /// The key for one TU. \p Config is the effective clang-tidy configuration
  /// for the file as text; \p Identity names this conclint build.
  static std::string key(const clang::tooling::CompileCommand &Cmd,
                         llvm::StringRef Config, llvm::StringRef Identity);

  /// The stored result if every file it read is unchanged.
  std::optional<TUResult> lookup(llvm::StringRef Key);

  /// Stores a successful result. Failures are never cached.
  void store(llvm::StringRef Key, const TUResult &R);

private:
  std::string entryPath(llvm::StringRef Key) const;
  /// Hash of the file as it is now ("" if unreadable), computed once a run.
  std::string currentHash(llvm::StringRef Path);

  std::string Dir;
  std::mutex HashesLock;
  llvm::StringMap<std::string> Hashes;
};

/// Identifies this conclint build: version, LLVM version, and the size and
/// time of the executable (a rebuilt check must not reuse old results).
std::string buildIdentity(const char *Argv0, void *MainAddr);

} // namespace conclint

#endif
