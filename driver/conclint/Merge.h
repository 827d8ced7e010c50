//===-- Merge.h - per-TU results into one project report ---------*- C++ -*-===//
//
// One place turns the results of many translation units into the findings
// of one report, whether the TUs were analysed by this process or by the
// shards of a CI matrix (`conclint --shard=I/N`, then `conclint merge`):
//
//   per-TU results (+ per-TU summaries) --mergeFindings--> findings
//                                  \--link phase (hook)--/
//
// A shard writes a results file: every analysed TU's findings and failure,
// with paths relative to the project root (so the merge may run in another
// checkout path), the shard's place in the plan, and the per-TU summaries of
// the project-wide analysis (issue 14), carried through unchanged. `conclint
// merge` checks that the files form one complete plan, and merges.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_MERGE_H
#define CONCLINT_DRIVER_MERGE_H

#include "Model.h"
#include "Shard.h"

#include "llvm/Support/JSON.h"
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace conclint {

/// What one shard (or a whole run) hands to the merge.
struct ShardResults {
  ShardSpec Shard;           ///< {1, 1} for an unsharded run
  std::string Plan;          ///< planHash() of every TU of the run
  unsigned PlanTUs = 0;      ///< TUs in the whole plan
  unsigned Analysed = 0;     ///< analysed by this shard
  unsigned Cached = 0;       ///< taken from the cache by this shard
  std::vector<TUResult> Results; ///< this shard's TUs (Inputs/Absent empty)
  /// Per-TU summaries for the link phase, in TU order, as compact JSON
  /// text ("" for none); opaque here (the format is checks/utils/Summary.h's,
  /// read by Link.h).
  std::vector<std::string> Summaries;
};

/// The link phase: from every TU's summary, the findings only the whole
/// program shows. Runs once, after all TUs, in the unsharded run and in the
/// merge alike.
using LinkPhase = std::function<std::vector<Finding>(
    const std::vector<std::string> &Summaries)>;

/// A link phase that finds nothing (projectLinkPhase in Link.h is the real one).
std::vector<Finding> noLinkPhase(const std::vector<std::string> &);

/// The findings of one report: every TU's findings, plus the link phase's,
/// each reported once however many TUs saw it (a header), sorted by file,
/// offset, check, message. Failures are appended to \p Failures in TU order.
std::vector<Finding>
mergeFindings(std::vector<TUResult> &Results,
              const std::vector<std::string> &Summaries,
              const LinkPhase &Link,
              std::vector<std::pair<std::string, std::string>> &Failures);

/// The results file of one shard; paths under \p Root are written relative
/// to it.
std::string renderShardResults(const ShardResults &S, llvm::StringRef Root);

/// Reads a results file; relative paths are resolved against \p Root.
/// Returns an error message or "".
std::string readShardResults(llvm::StringRef Path, llvm::StringRef Root,
                             ShardResults &Out);

/// Combines the results files of one plan into one. Every shard 1..N of the
/// same plan must be there exactly once. With \p SeveralPlans, the files may
/// come from several plans (each complete: e.g. one 1/1 run per TU, as the
/// Bazel aspect writes them). Returns an error message or "".
std::string combineShards(std::vector<ShardResults> &Shards,
                          ShardResults &Out, bool SeveralPlans = false);

} // namespace conclint

#endif
