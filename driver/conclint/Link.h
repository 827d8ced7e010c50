//===-- Link.h - the link phase: project-wide findings -------------*- C++ -*-===//
//
// After every TU is analysed (or taken from the cache), the link phase reads
// every TU's summary (checks/utils/Summary.h), merges them by USR, and runs
// the project-wide analyses of utils/Summary.h over the merged facts:
// blocking calls reached from a coroutine through other TUs, races whose
// thread entry, accesses and spawn lie in different TUs. Its findings join
// the per-TU findings in mergeFindings (Merge.h), which drops one that a TU
// already reported at the same place. The merged facts are also what the
// run writes as the summary store for the single-file front-ends.
//
// The per-TU summaries come from the cache like every other result: a warm
// run re-analyses only the changed TUs. The merged program is kept in the
// cache between runs (KeptProgram.h): a warm link parses only the summaries
// that changed and re-merges them into the kept program, then runs the
// analyses (searches over the merged facts; --stats shows the times).
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_LINK_H
#define CONCLINT_DRIVER_LINK_H

#include "Cache.h"
#include "KeptProgram.h"
#include "Merge.h"
#include "utils/Summary.h"

namespace conclint {

/// What one link did, for --stats and the store.
struct LinkOutcome {
  clang::tidy::conclint::utils::summary::Summary Program;
  unsigned Summaries = 0;  ///< TU summaries linked
  unsigned Unreadable = 0; ///< summaries of another format, skipped
  unsigned Findings = 0;
  double Seconds = 0;      ///< time of the link phase
  double ReadSeconds = 0;  ///< of which parsing and merging the summaries
  /// The kept program: "off" (no cache), "kept" (loaded), or why it was
  /// rebuilt ("none", "not authentic or damaged", "another conclint
  /// build", "another version", "malformed").
  std::string Kept = "off";
  KeptStats Update;
  double LoadSeconds = 0, SaveSeconds = 0; ///< of the kept program
  uint64_t KeptBytes = 0; ///< the kept program as loaded or written
  /// Whether this link wrote the kept program (see keptProgramRewrite).
  bool Saved = false;
  /// The analyses over the merged program (the rest of Seconds): prune,
  /// then lock order beside blocking and races (two threads), so the
  /// three times overlap.
  double PruneSeconds = 0, BlockingSeconds = 0, RacesSeconds = 0,
         LockOrderSeconds = 0;
};

/// A kept program that differs from this run's program is rewritten only
/// when the summary text a link must parse on top of it (ParsedBytes: new
/// since it was written, or re-read) exceeds this percentage of its size;
/// below that, every warm link loads it and parses the same few summaries
/// again, which costs less than writing the whole program after each edit.
/// The result is the same either way (KeptProgram::update from any kept
/// program is the cold merge). CONCLINT_KEPT_REWRITE_PERCENT overrides it
/// (0: rewrite on every change).
unsigned keptProgramRewritePercent();

/// The link phase of mergeFindings; fills \p Out. With a \p Cache, the
/// merged program is kept there between runs, for this conclint build
/// (\p Identity) only.
LinkPhase projectLinkPhase(LinkOutcome &Out, ResultCache *Cache = nullptr,
                           std::string Identity = "");

/// The merged facts plus the hash of each file's content as analysed
/// (\p Results' inputs), as the store document (docs/summaries.md).
std::string renderSummaryStore(LinkOutcome &L,
                               const std::vector<TUResult> &Results);

} // namespace conclint

#endif
