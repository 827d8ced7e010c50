//===-- Cache.h - results of unchanged translation units ---------*- C++ -*-===//
//
// A TU's result is reused only when the TU the compiler would see is the
// same as when it was stored, with the same flags, check configuration and
// conclint build. Preprocessing every TU again to compare would cost a good
// part of an analysis, so the entry records what decides the preprocessed
// TU instead (ccache's "direct mode", made exact):
//   - the key: the conclint build, the compile command, the check
//     configuration, and the environment variables that add include paths;
//   - every file the TU read, with a hash of its content;
//   - every path the compiler looked for and did not find (include
//     directories searched before the one that held a header,
//     __has_include, toolchain probes).
// Same files, same absences, same flags: same preprocessed TU. This is
// stricter than comparing preprocessor output in one respect, on purpose:
// an edit to a comment invalidates too, because NOLINT lives in comments
// and findings quote source lines. An edit to a header invalidates exactly
// the TUs that include it.
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
  /// Whether a path the TU found missing is still missing (once a run).
  bool stillAbsent(llvm::StringRef Path);

  std::string Dir;
  std::mutex HashesLock;
  llvm::StringMap<std::string> Hashes;
  llvm::StringMap<bool> Absences;
};

/// Identifies this conclint build: version, LLVM version, and the size and
/// time of the executable (a rebuilt check must not reuse old results).
std::string buildIdentity(const char *Argv0, void *MainAddr);

} // namespace conclint

#endif
