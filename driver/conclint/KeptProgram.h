//===-- KeptProgram.h - the merged program, kept between runs ------*- C++ -*-===//
//
// The link merges every TU's summary by USR (the first TU in plan order to
// define a USR wins, utils/Summary.h's mergeInto). Parsing every summary
// again on each run costs the whole program's facts whatever changed; the
// kept program makes a warm link cost what changed:
//
//  - each distinct summary text is a *contribution*, known by the hash of
//    its text (a TU's summary text names its files, so the same text is
//    the same facts);
//  - for every function, global and lock, the kept program holds the
//    winner's facts and the contributions that define it (the winner
//    first);
//  - on the next run, contributions whose text is gone are removed, new
//    texts are parsed and added, and an entry whose winner left (or moved
//    behind another definer in the new plan order) takes the facts of its
//    new winner, re-reading that contribution's summary if it was not
//    parsed already.
//
// The result is, by construction, the program mergeInto builds from the
// same texts in the same order: the same findings as a cold link. A cold
// link is the same update from an empty kept program.
//
// Kept in the result cache (ResultCache::storeBlob, authenticated like its
// entries) in a compact binary form that loads without json::Value. A kept
// program that is missing, not authentic, of another version or malformed
// is dropped whole and rebuilt from the summaries: it only costs time.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_KEPTPROGRAM_H
#define CONCLINT_DRIVER_KEPTPROGRAM_H

#include "utils/Summary.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace conclint {

/// What one update did, for --stats.
struct KeptStats {
  unsigned Kept = 0;    ///< contributions taken from the kept program
  unsigned Parsed = 0;  ///< summaries parsed: new or changed
  unsigned Reread = 0;  ///< unchanged summaries parsed for a new winner
  unsigned Removed = 0; ///< contributions gone since the kept program
  unsigned Summaries = 0;  ///< summaries linked (each text occurrence)
  unsigned Unreadable = 0; ///< summaries of another format, skipped
  /// Bytes of summary text parsed (new) or re-read by this update: the
  /// distance from the kept program to this run's program, paid again by
  /// every run until the kept program is rewritten.
  uint64_t ParsedBytes = 0;
  bool Changed = false; ///< differs from the kept program as loaded
};

class KeptProgram {
public:
  /// The program a cold link of \p Texts would merge (unpruned); its
  /// facts are moved out by the caller after encode().
  clang::tidy::conclint::utils::summary::Summary Program;

  /// Reads a kept program written by encode(); on failure (another version,
  /// malformed) returns why and leaves this empty.
  std::string decode(llvm::StringRef Bytes);
  /// The kept program as bytes for decode().
  std::string encode() const;

  /// Makes this the merge of \p Texts (per-TU summaries in plan order; ""
  /// for none). Returns false only if a summary that was readable is not
  /// any more (its text has not changed, so: never); the caller then
  /// starts again from an empty kept program.
  bool update(const std::vector<std::string> &Texts, KeptStats &Stats);

private:
  enum Kind : uint8_t { Facts, Unreadable, Null };
  struct Contribution {
    std::string Hash;
    Kind K = Facts;
  };
  /// The contributions that define an entry, the winner (least) first.
  using Definers = llvm::SmallVector<uint32_t, 1>;
  std::vector<Contribution> Contributions;
  llvm::StringMap<Definers> FunctionDefs, GlobalDefs, LockDefs;
};

} // namespace conclint

#endif
