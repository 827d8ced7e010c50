//===-- Model.h - findings as the driver passes them around ------*- C++ -*-===//
//
// One translation unit is analysed in a child process; its findings travel
// back to the driver (and into the cache) as JSON. These are the plain data
// types for that, with their JSON mapping.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_MODEL_H
#define CONCLINT_DRIVER_MODEL_H

#include "JsonCompat.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/FileSystem.h"
#include <optional>
#include <string>
#include <vector>

namespace conclint {

/// A point in a source file, as it was when the file was analysed.
struct Location {
  std::string File;     ///< absolute path
  unsigned Offset = 0;  ///< byte offset
  unsigned Line = 0;    ///< 1-based
  unsigned Column = 0;  ///< 1-based, in bytes
  std::string LineText; ///< the whole source line, without its newline
};

/// One textual replacement of a fix-it.
struct Edit {
  std::string File;
  unsigned Offset = 0;
  unsigned Length = 0;
  std::string Text;
  Location Begin; ///< where the replaced range starts (for display)
};

struct Note {
  std::string Message;
  Location Loc;
};

/// One diagnostic of one check.
struct Finding {
  std::string Check;
  std::string Level; ///< "warning" or "error"
  std::string Message;
  Location Loc;
  std::vector<Note> Notes;
  std::vector<Edit> Fix;
  std::string Fingerprint; ///< filled in by the driver (baseline)
  /// Seen only in translation units with compiler errors (not serialised):
  /// its fix is applied only with --fix-errors, as clang-tidy does.
  bool FromBrokenTU = false;
};

/// How TUResult::Error begins for a TU the compiler rejects: the one failure
/// that is a function of the TU's inputs alone (so the cache may keep it),
/// unlike a crash, a time-out or running out of memory.
inline constexpr llvm::StringLiteral DoesNotCompile = "does not compile: ";

/// What analysing one translation unit produced.
struct TUResult {
  std::string File;
  bool Ok = false;            ///< false: the TU could not be analysed
  std::string Error;          ///< why not (first compiler error, crash)
  std::vector<Finding> Findings;
  /// Every file the TU read, with a hash of the content that was analysed.
  std::vector<std::pair<std::string, std::string>> Inputs;
  /// Every path the compiler looked for and did not find (header search
  /// directories tried before the one that held a header, __has_include,
  /// the driver's toolchain probes). A file appearing at one of them would
  /// change the preprocessed TU although no input changed.
  std::vector<std::string> Absent;
  /// The TU's project-wide facts (checks/utils/Summary.h; docs/summaries.md)
  /// as compact JSON text, empty when none were recorded (a failed TU, a
  /// cache entry without). Kept as text, not as a json::Value: a run holds
  /// every TU's summary until the link, and a json::Value costs tens of
  /// times its text (a 580-TU corpus ran out of 24 GB that way).
  std::string Summary;

  /// The TU was analysed to the end and the compiler rejected it.
  bool doesNotCompile() const {
    return !Ok && llvm::StringRef(Error).starts_with(DoesNotCompile);
  }
};

llvm::json::Value toJSON(const Location &L);
llvm::json::Value toJSON(const Edit &E);
llvm::json::Value toJSON(const Note &N);
llvm::json::Value toJSON(const Finding &F);
llvm::json::Value toJSON(const TUResult &R);
bool fromJSON(const llvm::json::Value &V, Location &L, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, Edit &E, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, Note &N, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, Finding &F, llvm::json::Path P);
bool fromJSON(const llvm::json::Value &V, TUResult &R, llvm::json::Path P);

/// Every path in \p R (findings, notes, fixes) in one spelling: absolute,
/// without "." or ".." components, so that a header reached through
/// different relative include paths is one file.
void normalisePaths(TUResult &R);

/// Hash of a file's content as the cache records it (hex).
std::string contentHash(llvm::StringRef Content);

/// Writes \p Content to \p Path atomically: a temporary file in the same
/// directory, then a rename; with \p Perms the new file gets those
/// permissions. Returns an error message, or "" on success.
std::string writeFileAtomically(
    llvm::StringRef Path, llvm::StringRef Content,
    std::optional<llvm::sys::fs::perms> Perms = std::nullopt);

/// Where a report or baseline named \p Path is really written: the target
/// of a symbolic link (the link stays), the path itself otherwise. Sets
/// \p Error for what must not be replaced by a regular file: a dangling
/// link, a directory, a FIFO, a socket, a block device. A character device
/// (/dev/null, /dev/stdout) is written in place.
std::string resolveOutputPath(llvm::StringRef Path, std::string &Error);

/// Writes a report or baseline to \p Path (see resolveOutputPath):
/// atomically for a regular file, in place for a character device.
std::string writeOutputFile(llvm::StringRef Path, llvm::StringRef Content);

/// Replaces the content of the existing regular file \p Path (already
/// resolved through links) atomically, keeping its permission bits.
std::string replaceFileContent(llvm::StringRef Path, llvm::StringRef Content);

} // namespace conclint

#endif
