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
#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <mutex>
#include <optional>

namespace conclint {

/// Trust and sharing (docs/reliability.md): the directory is created 0700
/// with a random per-cache key (file "key", 0600); every entry carries an
/// MAC (keyed BLAKE3) of its content under that key, and an entry whose MAC, key
/// or content does not check out (a finding or fix in a file the TU did
/// not read) is a miss. Paths under the project root are stored relative to
/// it and keys are computed with the root abstracted, so one cache serves
/// several checkouts (a CI cache restored into another path). Concurrent
/// writers are safe: entries and the key are created atomically.
class ResultCache {
public:
  /// \p Dir empty: caching disabled. \p Root: the project root.
  explicit ResultCache(std::string Dir, std::string Root = "")
      : Dir(std::move(Dir)), Root(std::move(Root)) {
    open();
  }

  bool enabled() const { return !Dir.empty() && !Secret.empty(); }

  /// The key for one TU. \p Config is the effective clang-tidy configuration
  /// for the file as text; \p Identity names this conclint build; paths
  /// under \p Root are taken relative to it.
  static std::string key(const clang::tooling::CompileCommand &Cmd,
                         llvm::StringRef Config, llvm::StringRef Identity,
                         llvm::StringRef Root = "");

  /// The stored result if every file it read is unchanged: a success, or
  /// the compiler's rejection of the TU (see cacheable()).
  std::optional<TUResult> lookup(llvm::StringRef Key);

  /// Stores \p R if cacheable().
  void store(llvm::StringRef Key, const TUResult &R);

  /// Whether \p R is a function of what the key and the entry record:
  /// a success, or a TU that does not compile (its first error comes from
  /// the same files, absences and flags every time). A crash, a time-out,
  /// running out of memory, a signal or an I/O error reading a file may not
  /// happen again: never kept, so the next run tries again and keeps its
  /// evidence.
  static bool cacheable(const TUResult &R);

  /// A file of the driver's own in the cache (the link's kept program,
  /// KeptProgram.h), authenticated like the entries. Null when there is
  /// none or it is not authentic (planted, altered, truncated): \p Why
  /// says which. On success \p Payload points into the returned buffer.
  std::unique_ptr<llvm::MemoryBuffer> loadBlob(llvm::StringRef Name,
                                               llvm::StringRef &Payload,
                                               std::string &Why);
  /// Writes it atomically; a cache that cannot be written only costs speed.
  void storeBlob(llvm::StringRef Name, llvm::StringRef Payload);

private:
  std::string entryPath(llvm::StringRef Key) const;
  /// Hash of the file as it is now ("" if unreadable), computed once a run.
  std::string currentHash(llvm::StringRef Path);
  /// Whether a path the TU found missing is still missing (once a run).
  bool stillAbsent(llvm::StringRef Path);

  /// Creates the directory (0700) and reads or creates the secret.
  void open();
  std::string mac(llvm::StringRef Key, llvm::StringRef Payload) const;

  std::string Dir;
  std::string Root;
  std::string Secret;
  std::mutex HashesLock;
  llvm::StringMap<std::string> Hashes;
  llvm::StringMap<bool> Absences;
};

/// Identifies this conclint build: version, LLVM version, and the size and
/// time of the executable (a rebuilt check must not reuse old results).
std::string buildIdentity(const char *Argv0, void *MainAddr);

} // namespace conclint

#endif
