//===-- Shard.cpp - one deterministic share of a project's TUs ------------===//

#include "Shard.h"
#include "Model.h"

#include "llvm/ADT/STLExtras.h"
#include <numeric>
#include <tuple>

namespace conclint {

std::string parseShardSpec(llvm::StringRef Text, ShardSpec &Out) {
  auto [I, N] = Text.split('/');
  unsigned Index = 0, Count = 0;
  if (I.getAsInteger(10, Index) || N.getAsInteger(10, Count) || Count == 0 ||
      Index == 0 || Index > Count)
    return "invalid --shard='" + Text.str() +
           "': expected I/N with 1 <= I <= N, e.g. --shard=2/4";
  Out.Index = Index;
  Out.Count = Count;
  return "";
}

std::vector<size_t> selectShard(const std::vector<std::string> &RelPaths,
                                const std::vector<uint64_t> &Sizes,
                                ShardSpec S) {
  std::vector<size_t> Order(RelPaths.size());
  std::iota(Order.begin(), Order.end(), 0);
  // Largest first (longest-processing-time scheduling), ties by path: a
  // total order, so every machine deals the same cards.
  llvm::sort(Order, [&](size_t A, size_t B) {
    return std::make_tuple(Sizes[B], llvm::StringRef(RelPaths[A])) <
           std::make_tuple(Sizes[A], llvm::StringRef(RelPaths[B]));
  });
  std::vector<uint64_t> Load(S.Count, 0);
  std::vector<size_t> Mine;
  for (size_t I : Order) {
    // The least loaded shard; the lowest index among equals.
    size_t Target = 0;
    for (size_t K = 1; K < Load.size(); ++K)
      if (Load[K] < Load[Target])
        Target = K;
    // An empty file still costs a process: count at least one byte.
    Load[Target] += std::max<uint64_t>(Sizes[I], 1);
    if (Target + 1 == S.Index)
      Mine.push_back(I);
  }
  llvm::sort(Mine);
  return Mine;
}

std::string planHash(std::vector<std::string> RelPaths) {
  llvm::sort(RelPaths);
  std::string All;
  for (const std::string &P : RelPaths) {
    All += P;
    All += '\0';
  }
  return contentHash(All);
}

} // namespace conclint
