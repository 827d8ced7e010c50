//===-- LockOrder.cpp - cycles in the lock-order graph, on plain data -----===//

#include "utils/LockOrder.h"

#include <algorithm>
#include <map>
#include <set>

namespace clang::tidy::conclint::utils {

namespace {

class CycleSearch {
public:
  CycleSearch(llvm::ArrayRef<OrderEdge> Edges, unsigned MaxLen)
      : Edges(Edges), MaxLen(MaxLen) {
    for (unsigned I = 0; I < Edges.size(); ++I) {
      const OrderEdge &E = Edges[I];
      if (E.Together || E.Held == E.Acquired)
        continue;
      Out[E.Held][E.Acquired].push_back(I);
    }
  }

  std::vector<OrderCycle> run() {
    // Start every cycle at its least lock: each is found from one node.
    for (const auto &[Start, Succ] : Out) {
      (void)Succ;
      Path.assign(1, Start);
      dfs(Start);
    }
    return std::move(Found);
  }

private:
  void dfs(const std::string &Node) {
    auto It = Out.find(Node);
    if (It == Out.end())
      return;
    for (const auto &[Next, Ids] : It->second) {
      (void)Ids;
      if (Next == Path.front() && Path.size() >= 2) {
        closeCycle();
        continue;
      }
      if (Next <= Path.front() || Path.size() >= MaxLen ||
          std::find(Path.begin(), Path.end(), Next) != Path.end())
        continue;
      Path.push_back(Next);
      dfs(Next);
      Path.pop_back();
    }
  }

  /// Picks one edge per hop such that the cycle can run on several threads
  /// and no gate is common to all; the first such choice, in edge order.
  void closeCycle() {
    std::vector<const std::vector<unsigned> *> Hops;
    for (unsigned I = 0; I < Path.size(); ++I)
      Hops.push_back(&Out[Path[I]][Path[(I + 1) % Path.size()]]);
    std::vector<unsigned> Choice;
    if (choose(Hops, 0, Choice))
      Found.push_back(OrderCycle{Choice});
  }

  bool choose(const std::vector<const std::vector<unsigned> *> &Hops,
              unsigned I, std::vector<unsigned> &Choice) {
    if (I == Hops.size())
      return acceptable(Choice);
    for (unsigned Id : *Hops[I]) {
      Choice.push_back(Id);
      if (choose(Hops, I + 1, Choice))
        return true;
      Choice.pop_back();
    }
    return false;
  }

  bool acceptable(const std::vector<unsigned> &Choice) const {
    std::set<std::string> Contexts;
    bool Concurrent = false;
    for (unsigned Id : Choice) {
      Contexts.insert(Edges[Id].Context);
      Concurrent |= Edges[Id].ContextRunsConcurrently;
    }
    if (Contexts.size() < 2 && !Concurrent)
      return false;
    // A gate: held on every edge, not one of the cycle's locks.
    std::set<std::string> Gates(Edges[Choice[0]].AlsoHeld.begin(),
                                Edges[Choice[0]].AlsoHeld.end());
    for (unsigned Id : Choice) {
      std::set<std::string> Here(Edges[Id].AlsoHeld.begin(),
                                 Edges[Id].AlsoHeld.end());
      std::set<std::string> Keep;
      std::set_intersection(Gates.begin(), Gates.end(), Here.begin(),
                            Here.end(), std::inserter(Keep, Keep.begin()));
      Gates = std::move(Keep);
    }
    for (const std::string &L : Path)
      Gates.erase(L);
    return Gates.empty();
  }

  llvm::ArrayRef<OrderEdge> Edges;
  unsigned MaxLen;
  // Held -> Acquired -> edge indices; std::map keeps the search ordered.
  std::map<std::string, std::map<std::string, std::vector<unsigned>>> Out;
  std::vector<std::string> Path;
  std::vector<OrderCycle> Found;
};

} // namespace

std::vector<OrderCycle> findOrderInversions(llvm::ArrayRef<OrderEdge> Edges,
                                            unsigned MaxCycleLength) {
  if (MaxCycleLength < 2)
    return {};
  return CycleSearch(Edges, MaxCycleLength).run();
}

} // namespace clang::tidy::conclint::utils
