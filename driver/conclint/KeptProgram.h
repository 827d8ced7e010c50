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

#include <memory>
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
  /// facts are moved out by the caller after prune(). After decode(), the
  /// functions of the kept program stay encoded (not in Program.Functions
  /// nor DefinedIn) until materializeAll() or prune() decodes them.
  clang::tidy::conclint::utils::summary::Summary Program;

  /// Reads a kept program written by encode(); on failure (another version,
  /// malformed) returns why and leaves this empty. Each function's facts
  /// are only framed (its USR, its calls' callees, whether it has a fact of
  /// its own), not decoded.
  std::string decode(llvm::StringRef Bytes);
  /// Decodes every function still encoded. False if one is malformed (the
  /// caller then starts again from an empty kept program).
  bool materializeAll();
  /// The kept program as bytes for decode(); after materializeAll().
  std::string encode() const;
  /// utils/Summary.h's prune(Program, /*KeepExternal=*/false) fused with
  /// decoding: prune's graph is read from the frames, and only the
  /// functions it keeps are decoded (the same Program as materializeAll()
  /// then prune()). False if a function is malformed, as above.
  bool prune();

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

  /// A function of the decoded kept program whose facts are still encoded.
  struct Encoded {
    uint32_t Usr, In;              ///< indices into Table
    uint32_t Begin, End;           ///< its facts, in *Bytes
    uint32_t CalleesBegin, CalleesEnd; ///< its calls' callees, in Callees
    bool Own;   ///< hasOwnFacts
    bool Alive; ///< false once update() replaced or erased the function
  };
  std::unique_ptr<std::string> Bytes; ///< the decoded kept program
  std::vector<llvm::StringRef> Table; ///< its strings (into *Bytes)
  std::vector<clang::tidy::conclint::utils::summary::FileName> Files;
  std::vector<Encoded> Pending;
  std::vector<uint32_t> Callees;      ///< indices into Table
  std::vector<uint32_t> PendingAt;    ///< Table index -> Pending (or ~0)
  /// The index into Pending of \p Usr (or Gone): Pending is in USR order,
  /// as encode() writes it (decode() checks), so this is a binary search
  /// rather than a hash table of every USR of the program built at load.
  uint32_t pendingOf(llvm::StringRef Usr) const;
  /// Its facts now come from a summary (or it is gone): never decode it.
  void forget(llvm::StringRef Usr);
  /// \p FileCache: the interned file name of each table index, filled as
  /// met (one per thread decoding; nothing else here is written, so two
  /// threads may decode at once).
  bool decodeFacts(
      const Encoded &E, clang::tidy::conclint::utils::summary::FunctionFacts &F,
      std::vector<clang::tidy::conclint::utils::summary::FileName> &FileCache);
};

} // namespace conclint

#endif
