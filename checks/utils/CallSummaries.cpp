//===-- CallSummaries.cpp - facts about calls, bottom-up over SCCs --------===//

#include "CallSummaries.h"

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/SCCIterator.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <queue>

namespace clang::tidy::conclint::utils {

const Stmt *CallChain::site() const {
  return Steps.empty() ? Root : Steps.front().Call;
}

const FunctionDecl *CallChain::rootFunction() const {
  return Steps.empty() ? nullptr : Steps.back().Callee;
}

const FunctionDecl *definitionOf(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || !Def)
    return nullptr;
  return Def;
}

/// One function of the graph. Its successors are computed on first use
/// (reading the body once) and leave out functions already summarised, so
/// a traversal never walks into a finished part of the graph again.
struct CallSummaries::Node {
  CallSummaries *Owner = nullptr;
  const FunctionDecl *Def = nullptr;
  llvm::SmallVector<Site, 8> Sites;
  std::vector<Node *> Succ;
  bool Expanded = false;
  bool Done = false;
  FactSummary Summary;

  std::vector<Node *> &successors() {
    if (!Expanded) {
      Expanded = true;
      ++Owner->BodiesRead;
      Sites = Owner->Local(Def);
      for (const Site &S : Sites)
        if (!S.Root && S.Call.Callee)
          if (Node *N = Owner->node(S.Call.Callee); N && !N->Done)
            Succ.push_back(N);
    }
    return Succ;
  }
};

} // namespace clang::tidy::conclint::utils

namespace llvm {
using SummaryNode = clang::tidy::conclint::utils::CallSummaries::Node;
template <> struct GraphTraits<SummaryNode *> {
  using NodeRef = SummaryNode *;
  using ChildIteratorType = std::vector<SummaryNode *>::iterator;
  static NodeRef getEntryNode(NodeRef N) { return N; }
  static ChildIteratorType child_begin(NodeRef N) {
    return N->successors().begin();
  }
  static ChildIteratorType child_end(NodeRef N) {
    return N->successors().end();
  }
};
} // namespace llvm

namespace clang::tidy::conclint::utils {

CallSummaries::CallSummaries(LocalFn L) : Local(std::move(L)) {}
CallSummaries::~CallSummaries() = default;

CallSummaries::Node *CallSummaries::node(const FunctionDecl *FD) {
  const FunctionDecl *Def = definitionOf(FD);
  if (!Def)
    return nullptr;
  if (&Def->getASTContext() != Ctx) {
    clear();
    Ctx = &Def->getASTContext();
  }
  Node *&Slot = Nodes[Def];
  if (!Slot) {
    Storage.push_back(std::make_unique<Node>());
    Slot = Storage.back().get();
    Slot->Owner = this;
    Slot->Def = Def;
  }
  return Slot;
}

void CallSummaries::clear() {
  Nodes.clear();
  Storage.clear();
  Ctx = nullptr;
}

const FactSummary &CallSummaries::get(const FunctionDecl *FD) {
  static const FactSummary None;
  Node *N = node(FD);
  if (!N)
    return None;
  if (!N->Done)
    solve(N);
  return N->Summary;
}

bool CallSummaries::holdsWithin(const FunctionDecl *FD, unsigned MaxDepth) {
  const FactSummary &S = get(FD);
  return S.Holds && S.Depth <= MaxDepth;
}

CallChain CallSummaries::chainFrom(const FunctionDecl *FD) {
  CallChain C;
  const FactSummary *S = &get(FD);
  // Depth strictly decreases along witnesses: the walk ends.
  while (S->Holds && S->Depth > 0) {
    C.Steps.push_back(S->Via);
    S = &get(S->Via.Callee);
  }
  C.Root = S->Root;
  C.Payload = S->Payload;
  return C;
}

llvm::ArrayRef<Site> CallSummaries::sites(const FunctionDecl *FD) {
  Node *N = node(FD);
  if (!N)
    return {};
  N->successors();
  return N->Sites;
}

void CallSummaries::solve(Node *Root) {
  // scc_iterator yields the components bottom-up: every callee outside a
  // component is finished before the component itself.
  for (auto I = llvm::scc_begin(Root); !I.isAtEnd(); ++I)
    solveComponent(*I);
}

void CallSummaries::solveComponent(llvm::ArrayRef<Node *> SCC) {
  llvm::SmallPtrSet<const Node *, 8> Members(SCC.begin(), SCC.end());
  auto Inside = [&](const Site &S) -> Node * {
    if (S.Root || !S.Call.Callee)
      return nullptr;
    auto It = Nodes.find(definitionOf(S.Call.Callee));
    if (It == Nodes.end() || !Members.contains(It->second))
      return nullptr;
    return It->second;
  };
  // The value of a site whose callee is outside the component.
  auto Outside = [&](const Site &S, FactSummary &Out) {
    if (S.Root) {
      Out = {};
      Out.Holds = true;
      Out.Root = S.Root;
      Out.Payload = S.Payload;
      return true;
    }
    const FactSummary &C = get(S.Call.Callee); // finished: no recursion
    if (!C.Holds)
      return false;
    Out = {};
    Out.Holds = true;
    Out.Depth = C.Depth + 1;
    Out.Payload = C.Payload;
    Out.Via = S.Call;
    return true;
  };

  bool Recursive = SCC.size() > 1;
  if (!Recursive)
    for (const Site &S : SCC[0]->Sites)
      Recursive |= Inside(S) == SCC[0];

  if (!Recursive) {
    Node *N = SCC[0];
    for (const Site &S : N->Sites) {
      FactSummary V;
      if (Outside(S, V)) {
        N->Summary = V;
        break;
      }
    }
    N->Done = true;
    return;
  }

  // Recursion: least depth first (Dijkstra with unit steps), ties broken by
  // source order, so that witnesses never form a cycle.
  llvm::DenseMap<const Node *, std::vector<std::pair<Node *, unsigned>>>
      Callers; // callee -> (caller, site index)
  using Item = std::tuple<unsigned, unsigned, Node *>; // depth, site, node
  std::priority_queue<Item, std::vector<Item>, std::greater<Item>> Queue;
  for (Node *N : SCC) {
    for (unsigned I = 0; I < N->Sites.size(); ++I) {
      const Site &S = N->Sites[I];
      if (Node *C = Inside(S)) {
        Callers[C].push_back({N, I});
        continue;
      }
      FactSummary V;
      if (Outside(S, V)) {
        if (!N->Summary.Holds || V.Depth < N->Summary.Depth) {
          N->Summary = V;
          Queue.push({V.Depth, I, N});
        }
      }
    }
  }
  llvm::SmallPtrSet<const Node *, 8> Final;
  while (!Queue.empty()) {
    auto [Depth, Index, N] = Queue.top();
    Queue.pop();
    if (Final.contains(N) || !N->Summary.Holds || N->Summary.Depth != Depth)
      continue;
    Final.insert(N);
    for (auto [Caller, I] : Callers.lookup(N)) {
      if (Final.contains(Caller))
        continue;
      FactSummary &CS = Caller->Summary;
      unsigned D = Depth + 1;
      bool Better = !CS.Holds || D < CS.Depth;
      if (!Better && D == CS.Depth) {
        // Same depth: keep the earlier site.
        const Site &Cur = Caller->Sites[I];
        for (const Site &S : Caller->Sites) {
          if (&S == &Cur) {
            Better = true;
            break;
          }
          if (S.Root ? CS.Depth == 0 && CS.Root == S.Root
                     : CS.Depth > 0 && CS.Via.Call == S.Call.Call)
            break;
        }
      }
      if (!Better)
        continue;
      CS = {};
      CS.Holds = true;
      CS.Depth = D;
      CS.Payload = N->Summary.Payload;
      CS.Via = Caller->Sites[I].Call;
      Queue.push({D, I, Caller});
    }
  }
  for (Node *N : SCC)
    N->Done = true;
}

} // namespace clang::tidy::conclint::utils
