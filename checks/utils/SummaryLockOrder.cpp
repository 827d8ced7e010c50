//===-- SummaryLockOrder.cpp - lock-order cycles across TUs ---------------===//
//
// linkLockOrder (Summary.h): conclint-lock-order-inversion over the merged
// facts. The edges are made here from the summaries (roots, calls with the
// locks held, acquisitions, order edges); the cycle search is
// utils/LockOrder's, the one the per-TU check calls.
//
//===----------------------------------------------------------------------===//

#include "LockOrder.h"
#include "Summary.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <set>

namespace clang::tidy::conclint::utils::summary {

namespace {

using PlainEdge = ::clang::tidy::conclint::utils::OrderEdge;

/// Calls followed below a root: the per-TU check's default CallDepth is
/// unlimited, so this only bounds pathological summaries.
constexpr unsigned MaxLinkDepth = 32;
/// (function, locks held) pairs visited per root, for the same reason.
constexpr unsigned MaxVisitsPerRoot = 4096;

bool isStatic(llvm::StringRef Lock) { return Lock.starts_with("g:"); }

/// Whether \p F's own facts make a lock-order edge of the link: a static
/// acquisition, or an order edge between two static locks.
bool hasStaticFacts(const FunctionFacts &F) {
  return llvm::any_of(F.Acquires,
                      [](const Acquire &A) { return isStatic(A.Lock); }) ||
         llvm::any_of(F.LockOrder, [](const OrderEdge &E) {
           return isStatic(E.Held) && isStatic(E.Acquired);
         });
}

/// (References into the Summary the link reads: the walk below makes
/// one path per edge.)
struct Step {
  llvm::StringRef Caller, Callee; ///< USRs
  llvm::StringRef CalleeName;
  Loc At;
};

/// A lock held on the way into a function: where it was taken, and after
/// how many of the path's calls.
struct HeldLock {
  std::string Lock;
  Loc At;
  unsigned Depth = 0;
};

/// One edge as the link shows it.
struct LinkEdge {
  std::string Root;
  std::vector<Step> Path; ///< root -> ... -> the acquiring function
  unsigned HeldDepth = 0; ///< calls of Path before the held lock's function
  std::string Held, Acquired;
  Loc HeldAt, AcquiredAt;
  /// Where the acquisition shows in the root's body (its first call, or the
  /// site itself).
  const Loc &shownAt() const { return Path.empty() ? AcquiredAt : Path[0].At; }
};

struct RootInfo {
  bool Concurrent = false;
  unsigned Starts = 0;
  /// TUs whose facts make it a root (its own; a thread entry's spawners').
  std::set<std::string> Spawners;
};

class EdgeBuilder {
public:
  EdgeBuilder(const Summary &S, std::vector<LinkEdge> &Edges,
              std::vector<PlainEdge> &Plain)
      : Edges(Edges), Plain(Plain) {
    // By hash, the keys referring into S: the walks look a callee up at
    // every call of every path.
    ByUsr.reserve(S.Functions.size());
    for (const auto &[Usr, F] : S.Functions)
      ByUsr.try_emplace(Usr, &F);
  }

  /// Marks the roots a walk from which can add an edge: some function
  /// reached over the calls walk() follows, at any depth, acquires a static
  /// lock or records an order edge between two. A root that reaches none
  /// adds no edge, so skipping its walk changes nothing (the visit budget is
  /// per root). One search over what the roots reach, then backwards from
  /// the functions with static facts.
  template <typename RootsT> void findRelevant(const RootsT &Roots) {
    std::vector<const FunctionFacts *> Nodes;
    llvm::DenseMap<const FunctionFacts *, unsigned> Id;
    std::vector<std::vector<unsigned>> Callers;
    std::vector<unsigned> Work;
    auto IdOf = [&](const FunctionFacts *F) {
      auto [It, New] = Id.try_emplace(F, unsigned(Nodes.size()));
      if (New) {
        Nodes.push_back(F);
        Callers.emplace_back();
        Work.push_back(It->second);
      }
      return It->second;
    };
    for (const auto &R : Roots)
      if (const FunctionFacts *F = ByUsr.lookup(R.first))
        IdOf(F);
    while (!Work.empty()) {
      unsigned N = Work.back();
      Work.pop_back();
      for (const Call &C : Nodes[N]->Calls)
        if (const FunctionFacts *G = ByUsr.lookup(C.Usr)) {
          unsigned M = IdOf(G);
          Callers[M].push_back(N);
        }
    }
    std::vector<char> Mark(Nodes.size(), 0);
    for (unsigned N = 0; N < Nodes.size(); ++N)
      Mark[N] = hasStaticFacts(*Nodes[N]);
    markCallers(Callers, Mark);
    for (unsigned N = 0; N < Nodes.size(); ++N)
      if (Mark[N])
        Relevant.insert(Nodes[N]);
  }

  bool mayAddEdges(llvm::StringRef Usr) const {
    const FunctionFacts *F = ByUsr.lookup(Usr);
    return F && Relevant.count(F);
  }

  void root(llvm::StringRef Usr, bool Concurrent) {
    RootUsr = Usr.str();
    RootConcurrent = Concurrent;
    Visited.clear();
    std::vector<Step> Path;
    walk(RootUsr, {}, {}, Path);
  }

private:
  void add(LinkEdge E, std::vector<std::string> AlsoHeld) {
    PlainEdge P;
    P.Held = E.Held;
    P.Acquired = E.Acquired;
    llvm::erase_if(AlsoHeld, [&](const std::string &L) {
      return L == E.Held || L == E.Acquired;
    });
    P.AlsoHeld = std::move(AlsoHeld);
    P.Context = RootUsr;
    P.ContextRunsConcurrently = RootConcurrent;
    P.Tag = Edges.size();
    Edges.push_back(std::move(E));
    Plain.push_back(std::move(P));
  }

  /// \p Held: static locks held on the way in; \p Gates: every lock held
  /// on the way in as the summary names it ("g:", "l:", "?").
  void walk(const std::string &Usr, const std::vector<HeldLock> &Held,
            const std::set<std::string> &Gates, std::vector<Step> &Path) {
    const FunctionFacts *Fn = ByUsr.lookup(Usr);
    if (!Fn || Path.size() > MaxLinkDepth ||
        Visited.size() >= MaxVisitsPerRoot)
      return;
    std::string Key = Usr;
    for (const std::string &G : Gates)
      Key += "\n" + G;
    if (!Visited.insert(Key).second)
      return;
    const FunctionFacts &F = *Fn;
    unsigned Depth = Path.size();
    // The body's own edges, with the callers' locks as further gates.
    for (const OrderEdge &E : F.LockOrder) {
      if (!isStatic(E.Held) || !isStatic(E.Acquired))
        continue;
      LinkEdge L{RootUsr, Path, Depth, E.Held, E.Acquired, E.HeldAt,
                 E.AcquiredAt};
      std::vector<std::string> Also = E.AlsoHeld;
      Also.insert(Also.end(), Gates.begin(), Gates.end());
      add(std::move(L), std::move(Also));
    }
    // A caller's lock -> each acquisition of the body.
    for (const Acquire &A : F.Acquires) {
      if (!isStatic(A.Lock))
        continue;
      for (const HeldLock &H : Held) {
        if (H.Lock == A.Lock)
          continue;
        LinkEdge L{RootUsr, Path, H.Depth, H.Lock, A.Lock, H.At, A.At};
        std::vector<std::string> Also = A.Held;
        Also.insert(Also.end(), Gates.begin(), Gates.end());
        add(std::move(L), std::move(Also));
      }
    }
    // Into the callees known by USR, with the locks held at the call.
    for (const Call &C : F.Calls) {
      if (!ByUsr.count(C.Usr))
        continue;
      Path.push_back({Usr, C.Usr, C.Name, C.At});
      if (C.Held.empty()) { // the same locks held: no copies
        walk(C.Usr, Held, Gates, Path);
        Path.pop_back();
        continue;
      }
      std::vector<HeldLock> H = Held;
      std::set<std::string> G = Gates;
      for (const std::string &L : C.Held) {
        G.insert(L);
        if (!isStatic(L) ||
            llvm::any_of(H, [&](const HeldLock &X) { return X.Lock == L; }))
          continue;
        // Shown at the last acquisition of L before the call.
        HeldLock N{L, C.At, Depth};
        for (const Acquire &A : F.Acquires)
          if (A.Lock == L && A.At.File == C.At.File &&
              A.At.Offset <= C.At.Offset)
            N.At = A.At;
        H.push_back(std::move(N));
      }
      walk(C.Usr, H, G, Path);
      Path.pop_back();
    }
  }

  llvm::DenseMap<llvm::StringRef, const FunctionFacts *> ByUsr;
  llvm::DenseSet<const FunctionFacts *> Relevant;
  std::vector<LinkEdge> &Edges;
  std::vector<PlainEdge> &Plain;
  std::string RootUsr;
  bool RootConcurrent = false;
  llvm::StringSet<> Visited;
};

bool before(const Loc &A, const Loc &B) {
  return std::tie(A.File, A.Offset) < std::tie(B.File, B.Offset);
}

std::string display(const Summary &S, const std::string &Lock) {
  auto It = S.Locks.find(Lock);
  if (It != S.Locks.end())
    return It->second;
  return llvm::StringRef(Lock).drop_front(2).str();
}

} // namespace

std::vector<LinkFinding>
linkLockOrder(const Summary &S, unsigned MaxCycleLength,
              const std::function<bool(const Loc &)> &Prefer) {
  auto TUOf = [&](const std::string &Usr) {
    auto It = S.DefinedIn.find(Usr);
    return It == S.DefinedIn.end() ? std::string() : It->second;
  };
  // 1. Roots, as the per-TU check takes them (by reference into S: the
  // program has tens of thousands), and whether an edge can exist at all:
  // edges are made only from static acquisitions and static order edges.
  std::map<llvm::StringRef, RootInfo> Roots;
  bool AnyStatic = false;
  for (const auto &[Usr, F] : S.Functions) {
    AnyStatic = AnyStatic || hasStaticFacts(F);
    if (F.ConcurrentRoot)
      Roots[Usr].Concurrent = true;
    for (const Spawn &Sp : F.Spawns) {
      Roots[Usr]; // the spawner runs beside its threads
      RootInfo &E = Roots[Sp.Entry];
      E.Starts += Sp.Repeats ? 2 : 1;
      E.Concurrent |= E.Starts > 1;
      E.Spawners.insert(TUOf(Usr));
    }
  }

  if (!AnyStatic)
    return {};

  // 2. Edges, from each root over the recorded calls.
  std::vector<LinkEdge> Edges;
  std::vector<PlainEdge> Plain;
  EdgeBuilder B(S, Edges, Plain);
  B.findRelevant(Roots);
  for (const auto &[Usr, R] : Roots)
    if (B.mayAddEdges(Usr))
      B.root(Usr, R.Concurrent);

  // The TUs whose facts an edge needs.
  auto TUsOf = [&](const LinkEdge &E) {
    std::set<std::string> Out{TUOf(E.Root)};
    const RootInfo &R = Roots.find(E.Root)->second;
    if (!R.Spawners.empty() && !R.Spawners.count(TUOf(E.Root)))
      Out.insert(*R.Spawners.begin());
    for (const Step &St : E.Path)
      Out.insert(TUOf(St.Callee.str()));
    return Out;
  };

  // The cycle search reports each cycle of locks once, with one choice of
  // edges: a cycle of locks that one TU's edges already close is that TU's
  // check's finding, whichever edges the whole program's search chose.
  auto CycleKey = [](llvm::ArrayRef<PlainEdge> Es, const OrderCycle &C) {
    std::string K;
    for (unsigned Id : C.Edges)
      K += Es[Id].Held + "\n";
    return K;
  };
  std::set<std::string> Local;
  {
    std::map<std::string, std::vector<PlainEdge>> ByTU;
    for (const PlainEdge &P : Plain) {
      std::set<std::string> T = TUsOf(Edges[P.Tag]);
      if (T.size() == 1)
        ByTU[*T.begin()].push_back(P);
    }
    for (const auto &[TU, Es] : ByTU)
      for (const OrderCycle &C : findOrderInversions(Es, MaxCycleLength))
        Local.insert(CycleKey(Es, C));
  }

  // 3. Cycles that only the whole program shows.
  std::vector<LinkFinding> Out;
  std::set<std::pair<std::string, unsigned>> Seen;
  for (const OrderCycle &C : findOrderInversions(Plain, MaxCycleLength)) {
    if (Local.count(CycleKey(Plain, C)))
      continue; // one TU's check sees it
    std::vector<unsigned> Order = C.Edges;
    auto Shown = [&](unsigned I) -> const Loc & {
      return Edges[Plain[Order[I]].Tag].shownAt();
    };
    auto Preferred = [&](unsigned I) { return !Prefer || Prefer(Shown(I)); };
    unsigned Start = 0;
    for (unsigned I = 1; I < Order.size(); ++I)
      if ((Preferred(I) && !Preferred(Start)) ||
          (Preferred(I) == Preferred(Start) && before(Shown(I), Shown(Start))))
        Start = I;
    std::rotate(Order.begin(), Order.begin() + Start, Order.end());
    const LinkEdge &First = Edges[Plain[Order[0]].Tag];
    if (!Seen.insert({First.shownAt().File.str(), First.shownAt().Offset}).second)
      continue;
    LinkFinding X;
    X.Check = "conclint-lock-order-inversion";
    X.At = First.shownAt();
    if (Order.size() == 2) {
      X.Message = "mutex '" + display(S, First.Acquired) +
                  "' is acquired while holding '" + display(S, First.Held) +
                  "', but another path acquires them in the opposite order; "
                  "threads taking both can deadlock";
    } else {
      std::string Names;
      for (unsigned Id : Order) {
        if (!Names.empty())
          Names += "' -> '";
        Names += display(S, Edges[Plain[Id].Tag].Held);
      }
      Names += "' -> '" + display(S, First.Held);
      X.Message = "mutexes are acquired in a cycle of orders ('" + Names +
                  "'); threads taking them can deadlock";
    }
    for (unsigned Id : Order) {
      const LinkEdge &E = Edges[Plain[Id].Tag];
      std::string H = display(S, E.Held), A = display(S, E.Acquired);
      const FunctionFacts &R = S.Functions.at(E.Root);
      X.Notes.push_back({(R.Lambda ? std::string("on this path, the lambda")
                                   : "on this path, '" + R.Name + "'") +
                             " acquires '" + H + "' and then '" + A + "'",
                         R.At});
      for (unsigned I = 0; I < E.HeldDepth; ++I)
        X.Notes.push_back({"calls '" + E.Path[I].CalleeName.str() + "'",
                           E.Path[I].At});
      X.Notes.push_back({"'" + H + "' acquired here", E.HeldAt});
      for (unsigned I = E.HeldDepth; I < E.Path.size(); ++I)
        X.Notes.push_back({"calls '" + E.Path[I].CalleeName.str() + "'",
                           E.Path[I].At});
      X.Notes.push_back(
          {"'" + A + "' acquired here while '" + H + "' is held",
           E.AcquiredAt});
    }
    Out.push_back(std::move(X));
  }
  return Out;
}

} // namespace clang::tidy::conclint::utils::summary
