//===-- Merge.cpp - per-TU results into one project report ----------------===//

#include "Merge.h"
#include "Report.h"
#include "utils/Summary.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>
#include <tuple>

#ifndef CONCLINT_VERSION
#error "CONCLINT_VERSION must be defined by the build"
#endif

namespace conclint {

/// Bump when the results file changes incompatibly.
static constexpr int64_t ResultsFormatVersion = 1;

std::vector<Finding> noLinkPhase(const std::vector<std::string> &) {
  return {};
}

std::vector<Finding>
mergeFindings(std::vector<TUResult> &Results,
              const std::vector<std::string> &Summaries,
              const LinkPhase &Link,
              std::vector<std::pair<std::string, std::string>> &Failures) {
  std::vector<Finding> All;
  std::map<std::tuple<std::string, unsigned, std::string, std::string>, size_t>
      Seen;
  // A fix seen only from TUs with compiler errors waits for --fix-errors.
  auto Add = [&](Finding &F, bool FromBrokenTU) {
    auto [It, New] = Seen.insert(
        {{F.Loc.File, F.Loc.Offset, F.Check, F.Message}, All.size()});
    if (New) {
      F.FromBrokenTU = FromBrokenTU;
      All.push_back(std::move(F));
    } else if (!FromBrokenTU) {
      All[It->second].FromBrokenTU = false;
    }
  };
  for (TUResult &R : Results) {
    // One spelling per file (no `..`), so a header reached through two
    // include paths is one finding with one fingerprint.
    normalisePaths(R);
    if (!R.Ok)
      Failures.emplace_back(R.File, R.Error);
    bool Broken = R.doesNotCompile();
    for (Finding &F : R.Findings)
      Add(F, Broken);
  }
  if (Link) {
    // A place a TU already reported for the same check is that TU's finding
    // (it saw the chain within itself); the link adds only what it alone sees.
    std::set<std::tuple<std::string, unsigned, std::string>> Local;
    for (const Finding &F : All)
      Local.insert({F.Loc.File, F.Loc.Offset, F.Check});
    for (Finding &F : Link(Summaries))
      if (!Local.count({F.Loc.File, F.Loc.Offset, F.Check}))
        Add(F, false);
  }
  // By file: the same list whichever shard analysed which TU.
  std::stable_sort(Failures.begin(), Failures.end(),
                   [](const auto &A, const auto &B) { return A.first < B.first; });
  llvm::sort(All, [](const Finding &A, const Finding &B) {
    return std::tie(A.Loc.File, A.Loc.Offset, A.Check, A.Message) <
           std::tie(B.Loc.File, B.Loc.Offset, B.Check, B.Message);
  });
  return All;
}

//===----------------------------------------------------------------------===//
// The results file
//===----------------------------------------------------------------------===//

static void rebase(TUResult &R,
                   const std::function<std::string(llvm::StringRef)> &Map) {
  clang::tidy::conclint::utils::summary::rebaseFiles(R.Summary, Map);
  auto Loc = [&](Location &L) {
    if (!L.File.empty())
      L.File = Map(L.File);
  };
  R.File = Map(R.File);
  for (Finding &F : R.Findings) {
    Loc(F.Loc);
    for (Note &N : F.Notes)
      Loc(N.Loc);
    for (Edit &E : F.Fix) {
      E.File = Map(E.File);
      Loc(E.Begin);
    }
  }
}

std::string renderShardResults(const ShardResults &S, llvm::StringRef Root) {
  llvm::json::Array Results;
  for (TUResult R : S.Results) {
    rebase(R, [&](llvm::StringRef P) { return displayPath(P, Root); });
    llvm::json::Value V = toJSON(R);
    // What the cache needs to validate a result has no use in a merge, and
    // would carry this machine's absolute paths.
    V.getAsObject()->erase("inputs");
    V.getAsObject()->erase("absent");
    // Carried once, in "summaries" (TU order).
    V.getAsObject()->erase("summary");
    Results.push_back(std::move(V));
  }
  llvm::json::Object Doc{
      {"conclintResults", ResultsFormatVersion},
      {"tool", llvm::json::Object{{"name", "conclint"},
                                  {"version", CONCLINT_VERSION}}},
      {"shard", llvm::json::Object{{"index", S.Shard.Index},
                                   {"count", S.Shard.Count}}},
      {"plan", llvm::json::Object{{"hash", S.Plan},
                                  {"translationUnits", S.PlanTUs}}},
      {"analysed", S.Analysed},
      {"cached", S.Cached},
      {"results", std::move(Results)}};
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  // The summaries go in as their text, one at a time: the whole list as
  // json::Values would cost tens of times its size (see TUResult::Summary).
  std::string Head;
  llvm::raw_string_ostream HOS(Head);
  HOS << llvm::formatv("{0:1}", llvm::json::Value(std::move(Doc)));
  llvm::StringRef H = llvm::StringRef(Head).rtrim();
  assert(H.ends_with("}") && "a JSON object");
  OS << H.drop_back().rtrim() << ",\n \"summaries\": [";
  bool First = true;
  for (std::string V : S.Summaries) {
    clang::tidy::conclint::utils::summary::rebaseFiles(
        V, [&](llvm::StringRef P) { return displayPath(P, Root); });
    OS << (First ? "\n  " : ",\n  ") << (V.empty() ? "null" : V);
    First = false;
  }
  OS << "\n ]\n}\n";
  return Out;
}

std::string readShardResults(llvm::StringRef Path, llvm::StringRef Root,
                             ShardResults &Out) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return "cannot read '" + Path.str() + "': " + Buf.getError().message();
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Buf)->getBuffer());
  if (!V)
    return "'" + Path.str() +
           "' is not a conclint results file: " + llvm::toString(V.takeError());
  const llvm::json::Object *O = V->getAsObject();
  std::optional<int64_t> Version =
      O ? O->getInteger("conclintResults") : std::nullopt;
  if (!Version)
    return "'" + Path.str() +
           "' is not a conclint results file (write one with --shard=I/N)";
  if (*Version != ResultsFormatVersion)
    return "'" + Path.str() + "' has results format " +
           std::to_string(*Version) + "; this conclint reads format " +
           std::to_string(ResultsFormatVersion);
  const std::string Bad = "'" + Path.str() + "' is a malformed results file";
  const llvm::json::Object *Shard = O->getObject("shard");
  const llvm::json::Object *Plan = O->getObject("plan");
  const llvm::json::Array *Results = O->getArray("results");
  const llvm::json::Array *Summaries = O->getArray("summaries");
  if (!Shard || !Plan || !Results || !Summaries)
    return Bad;
  auto Index = Shard->getInteger("index"), Count = Shard->getInteger("count"),
       PlanTUs = Plan->getInteger("translationUnits"),
       Analysed = O->getInteger("analysed"), Cached = O->getInteger("cached");
  auto Hash = Plan->getString("hash");
  if (!Index || !Count || !PlanTUs || !Analysed || !Cached || !Hash ||
      *Count < 1 || *Index < 1 || *Index > *Count || *PlanTUs < 0 ||
      *Analysed < 0 || *Cached < 0)
    return Bad;
  Out.Shard.Index = static_cast<unsigned>(*Index);
  Out.Shard.Count = static_cast<unsigned>(*Count);
  Out.Plan = Hash->str();
  Out.PlanTUs = static_cast<unsigned>(*PlanTUs);
  Out.Analysed = static_cast<unsigned>(*Analysed);
  Out.Cached = static_cast<unsigned>(*Cached);
  for (const llvm::json::Value &RV : *Results) {
    llvm::json::Object WithCacheFields = RV.getAsObject()
                                             ? *RV.getAsObject()
                                             : llvm::json::Object();
    WithCacheFields.try_emplace("inputs", llvm::json::Array());
    WithCacheFields.try_emplace("absent", llvm::json::Array());
    TUResult R;
    llvm::json::Path::Root PR;
    if (!fromJSON(llvm::json::Value(std::move(WithCacheFields)), R, PR))
      return Bad;
    rebase(R, [&](llvm::StringRef P) {
      if (llvm::sys::path::is_absolute(P) || Root.empty())
        return P.str();
      llvm::SmallString<256> Abs(Root);
      llvm::sys::path::append(Abs, P);
      return std::string(Abs);
    });
    Out.Results.push_back(std::move(R));
  }
  for (const llvm::json::Value &SVal : *Summaries) {
    std::string SV;
    if (SVal.kind() != llvm::json::Value::Null) {
      llvm::raw_string_ostream SOS(SV);
      SOS << SVal;
    }
    clang::tidy::conclint::utils::summary::rebaseFiles(
        SV, [&](llvm::StringRef P) {
          if (llvm::sys::path::is_absolute(P) || Root.empty())
            return P.str();
          llvm::SmallString<256> Abs(Root);
          llvm::sys::path::append(Abs, P);
          return std::string(Abs);
        });
    Out.Summaries.push_back(std::move(SV));
  }
  return "";
}

/// Checks that \p Group (one plan) is complete.
static std::string checkPlan(const std::vector<const ShardResults *> &Group) {
  const ShardResults &First = *Group.front();
  std::vector<bool> Have(First.Shard.Count, false);
  unsigned TUs = 0;
  for (const ShardResults *S : Group) {
    if (S->Shard.Count != First.Shard.Count || S->PlanTUs != First.PlanTUs)
      return "the results files come from different plans (another "
             "compilation database, path selection or shard count): "
             "shard " + std::to_string(S->Shard.Index) + "/" +
             std::to_string(S->Shard.Count) + " does not match shard " +
             std::to_string(First.Shard.Index) + "/" +
             std::to_string(First.Shard.Count);
    if (Have[S->Shard.Index - 1])
      return "shard " + std::to_string(S->Shard.Index) + "/" +
             std::to_string(S->Shard.Count) + " is given twice";
    Have[S->Shard.Index - 1] = true;
    TUs += S->Results.size();
  }
  std::string Missing;
  for (size_t I = 0; I < Have.size(); ++I)
    if (!Have[I])
      Missing += (Missing.empty() ? "" : ", ") + std::to_string(I + 1);
  if (!Missing.empty())
    return "incomplete merge: shard(s) " + Missing + " of " +
           std::to_string(First.Shard.Count) + " missing";
  if (TUs != First.PlanTUs)
    return "the results files hold " + std::to_string(TUs) +
           " translation units; their plan has " +
           std::to_string(First.PlanTUs);
  return "";
}

std::string combineShards(std::vector<ShardResults> &Shards,
                          ShardResults &Out, bool SeveralPlans) {
  if (Shards.empty())
    return "no results files given: conclint merge FILE...";
  // Plan, then shard order: results are order-independent (mergeFindings
  // sorts), and so is everything else the report shows.
  // A plan is the TUs and how many shards share them.
  llvm::stable_sort(Shards, [](const ShardResults &A, const ShardResults &B) {
    return std::tie(A.Plan, A.Shard.Count, A.Shard.Index) <
           std::tie(B.Plan, B.Shard.Count, B.Shard.Index);
  });
  std::map<std::pair<std::string, unsigned>,
           std::vector<const ShardResults *>>
      Plans;
  for (const ShardResults &S : Shards)
    Plans[{S.Plan, S.Shard.Count}].push_back(&S);
  if (Plans.size() > 1 && !SeveralPlans) {
    // The same message as a count mismatch within one plan.
    const ShardResults &A = Shards.front(), &B = *Plans.rbegin()->second.front();
    return "the results files come from different plans (another "
           "compilation database, path selection or shard count): "
           "shard " + std::to_string(B.Shard.Index) + "/" +
           std::to_string(B.Shard.Count) + " does not match shard " +
           std::to_string(A.Shard.Index) + "/" +
           std::to_string(A.Shard.Count) +
           " (merge complete runs of different plans with --union)";
  }
  for (const auto &[Plan, Group] : Plans) {
    std::string E = checkPlan(Group);
    if (!E.empty())
      return E;
  }
  Out = ShardResults();
  Out.Shard = {1, 1};
  Out.Plan = Plans.size() == 1 ? Shards.front().Plan : std::string();
  for (ShardResults &S : Shards) {
    if (S.Shard.Index == 1)
      Out.PlanTUs += S.PlanTUs;
    Out.Analysed += S.Analysed;
    Out.Cached += S.Cached;
    for (TUResult &R : S.Results)
      Out.Results.push_back(std::move(R));
    for (std::string &V : S.Summaries)
      Out.Summaries.push_back(std::move(V));
  }
  return "";
}

} // namespace conclint
