//===-- Shard.h - one deterministic share of a project's TUs -----*- C++ -*-===//
//
// `conclint --shard=I/N` analyses shard I of N. Every machine of a CI matrix
// computes the same plan from the same checkout: the TUs are ordered by size
// (the main file's size, the cost the driver already schedules by; ties by
// path relative to the project root) and dealt greedily to the least loaded
// shard. Nothing in the plan depends on the machine, its paths or its clock.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_SHARD_H
#define CONCLINT_DRIVER_SHARD_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>
#include <vector>

namespace conclint {

struct ShardSpec {
  unsigned Index = 0; ///< 1-based, as GitLab's CI_NODE_INDEX
  unsigned Count = 0; ///< 0: not sharded
  bool enabled() const { return Count != 0; }
};

/// Parses "I/N" (1 <= I <= N). Returns an error message or "".
std::string parseShardSpec(llvm::StringRef Text, ShardSpec &Out);

/// The indices (into \p RelPaths) of the TUs shard \p S analyses, ascending.
/// \p RelPaths are the TUs' paths relative to the project root, \p Sizes
/// their cost estimates; both are the same on every machine.
std::vector<size_t> selectShard(const std::vector<std::string> &RelPaths,
                                const std::vector<uint64_t> &Sizes,
                                ShardSpec S);

/// A hash of the whole plan (every TU's relative path): shards made from
/// different compilation databases must not be merged.
std::string planHash(std::vector<std::string> RelPaths);

} // namespace conclint

#endif
