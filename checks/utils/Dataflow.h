//===-- Dataflow.h - one forward dataflow engine over clang's CFG -*- C++ -*-===//
//
// The single engine every flow-sensitive analysis of conclint runs on (lock
// facts, may-joinable threads, thread lifetimes). Two pieces:
//
//  - FunctionCFG: the CFG of one body (every expression its own element, the
//    implicit destructors of automatic objects, member initialisers), with
//    its ParentMap, its reverse post-order and a statement -> block map.
//    CFGCache keeps one per declaration and flavour for a translation unit,
//    so a body is never lowered twice, whichever check asks.
//
//  - runForwardDataflow: a worklist solver in reverse post-order (clang's
//    ForwardDataflowWorklist). The caller supplies the state type and three
//    functions:
//      Transfer(const CFGElement &, State &)          one element
//      Join(State &Into, const State &From) -> bool   merge, true if changed
//      Edge(const CFGBlock &From, unsigned SuccIdx, State &)
//                                                     refine along one edge
//    It computes the state on entry to every reachable block. There is no
//    fixed round cap: with a monotone transfer and a join of finite height
//    the solver terminates by itself. As a guard against a transfer that is
//    not monotone (a bug), each block may be re-entered at most
//    MaxVisitsPerBlock times; hitting that bound is not hidden: the result
//    says Converged = false, and every caller must treat a non-converged
//    result as "unknown" and stay silent on that function.
//
// Direction of approximation: the engine is exact for the lattice it is
// given. Unreachable blocks (no path from the entry) have no state
// (std::nullopt); what they contain never runs and callers ignore it.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_DATAFLOW_H
#define CONCLINT_CHECKS_UTILS_DATAFLOW_H

#include "clang/AST/ParentMap.h"
#include "clang/Analysis/Analyses/PostOrderCFGView.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/FlowSensitive/DataflowWorklist.h"
#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace clang {
class ASTContext;
class Decl;
} // namespace clang

namespace clang::tidy::conclint::utils {

/// The CFG of one body and what every analysis over it needs.
class FunctionCFG {
public:
  /// Builds the CFG of \p Body (the body of \p D: a function, method, lambda
  /// call operator or block). With \p ExceptionEdges, calls that may throw
  /// get an edge to the enclosing handler or the exit (try/catch modelled).
  /// Returns null when no CFG can be built.
  static std::unique_ptr<FunctionCFG> build(const Decl *D, const Stmt *Body,
                                            ASTContext &Ctx,
                                            bool ExceptionEdges = false);

  const Decl *decl() const { return D; }
  const CFG &cfg() const { return *Graph; }
  const ParentMap &parents() const { return *PM; }
  PostOrderCFGView &postOrder() const { return *PO; }
  /// The block whose elements evaluate \p S, looking through parents for a
  /// sub-expression the CFG does not list on its own; null if none.
  const CFGBlock *blockOf(const Stmt *S) const;
  /// Position of \p S among its block's elements (or of the nearest parent
  /// that is an element; a block's terminator counts as the position after
  /// its last element); std::nullopt if the statement is not in the CFG.
  std::optional<std::pair<const CFGBlock *, unsigned>>
  elementOf(const Stmt *S) const;

  ~FunctionCFG();

private:
  FunctionCFG() = default;
  const Decl *D = nullptr;
  std::unique_ptr<CFG> Graph;
  std::unique_ptr<ParentMap> PM;
  std::unique_ptr<PostOrderCFGView> PO;
  llvm::DenseMap<const Stmt *, std::pair<const CFGBlock *, unsigned>> Elements;
};

/// One FunctionCFG per (declaration, body, flavour) until it is released or
/// the cache is cleared. Make one per check instance and clear it at the end
/// of the TU (onEndOfTranslationUnit), or keep one per ASTContext.
///
/// Memory: a CFG with its parent map costs about as much as the body's AST.
/// A client that analyses many bodies and keeps only compact results (a
/// summary, a list of edges) should release each CFG once those are
/// extracted, so that what it holds is bounded by what is live rather than
/// by the size of the translation unit; a later get() builds the same CFG
/// again (deterministically: same blocks, same IDs).
class CFGCache {
public:
  /// The CFG of \p Body of \p D (null if it cannot be built; that answer is
  /// cached too).
  const FunctionCFG *get(const Decl *D, const Stmt *Body, ASTContext &Ctx,
                         bool ExceptionEdges = false);
  /// True if get() for \p Body (and flavour) would answer from the cache.
  bool contains(const Stmt *Body, bool ExceptionEdges = false) const {
    return Map.count(std::make_pair(Body, ExceptionEdges ? 1 : 0));
  }
  /// Frees the CFG of \p Body (and flavour), if cached. Every pointer get()
  /// returned for it, and everything computed over it that refers back to
  /// it (a FunctionLockFacts), must be dead by then.
  void release(const Stmt *Body, bool ExceptionEdges = false) {
    Map.erase(std::make_pair(Body, ExceptionEdges ? 1 : 0));
  }
  void clear() { Map.clear(); }

private:
  // Keyed by (body, exception edges): a body belongs to one declaration.
  llvm::DenseMap<std::pair<const Stmt *, int>, std::unique_ptr<FunctionCFG>>
      Map;
};

/// The core of a branch condition with its negations peeled off: `!c`,
/// `c == false`, `false != c`, `c != true` (any nesting, parentheses and
/// implicit casts looked through). \p Negated is set when the branch's true
/// edge is taken for the core being false. Edge refinements use it so that
/// every analysis reads conditions the same way.
const Expr *peelNegations(const Expr *Cond, bool &Negated);

/// The operand that decides the edges out of a CFG block whose terminator
/// condition is \p Cond: peelNegations, and of `a && b` / `a || b` the right
/// operand (the CFG gives each operand its own block, and the block that
/// branches on the whole evaluates only the right one, the left having
/// already let it decide), repeatedly; an explicit cast to bool (`bool(x)`,
/// `static_cast<bool>(x)`) is looked through. \p Negated as above.
const Expr *decidingOperand(const Expr *Cond, bool &Negated);

/// The solution of a forward problem: the state on entry to each block,
/// indexed by block ID (std::nullopt: unreachable from the entry).
template <typename State> struct DataflowResult {
  std::vector<std::optional<State>> In;
  /// False only when MaxVisitsPerBlock was hit (non-monotone transfer):
  /// callers must not draw conclusions from the states then.
  bool Converged = true;

  const std::optional<State> &entryOf(const CFGBlock &B) const {
    return In[B.getBlockID()];
  }
};

/// An edge function that changes nothing.
struct NoEdgeRefinement {
  template <typename State>
  void operator()(const CFGBlock &, unsigned, State &) const {}
};

/// Generous bound on how often one block is re-entered (see the header).
inline constexpr unsigned MaxVisitsPerBlock = 4096;

/// Solves a forward dataflow problem over \p G from \p Entry (the state on
/// entry to the CFG's entry block). See the header comment for the contract
/// of \p Transfer, \p Join and \p Edge.
template <typename State, typename TransferFn, typename JoinFn,
          typename EdgeFn = NoEdgeRefinement>
DataflowResult<State> runForwardDataflow(const FunctionCFG &G, State Entry,
                                         TransferFn &&Transfer, JoinFn &&Join,
                                         EdgeFn &&Edge = EdgeFn()) {
  const CFG &Graph = G.cfg();
  DataflowResult<State> R;
  R.In.resize(Graph.getNumBlockIDs());
  std::vector<unsigned> Visits(Graph.getNumBlockIDs(), 0);
  ForwardDataflowWorklist Work(Graph, &G.postOrder());
  const CFGBlock &EntryBlock = Graph.getEntry();
  R.In[EntryBlock.getBlockID()] = std::move(Entry);
  Work.enqueueBlock(&EntryBlock);
  while (const CFGBlock *B = Work.dequeue()) {
    if (++Visits[B->getBlockID()] > MaxVisitsPerBlock) {
      R.Converged = false;
      return R;
    }
    State S = *R.In[B->getBlockID()];
    for (const CFGElement &E : *B)
      Transfer(E, S);
    unsigned SuccIdx = 0;
    for (const CFGBlock::AdjacentBlock &Adj : B->succs()) {
      unsigned K = SuccIdx++;
      const CFGBlock *Succ = Adj.getReachableBlock();
      if (!Succ)
        continue;
      State Out = S;
      Edge(*B, K, Out);
      std::optional<State> &Target = R.In[Succ->getBlockID()];
      if (!Target) {
        Target = std::move(Out);
        Work.enqueueBlock(Succ);
      } else if (Join(*Target, Out)) {
        Work.enqueueBlock(Succ);
      }
    }
  }
  return R;
}

/// Replays the transfer over block \p B from its entry state in \p R,
/// calling \p Visit(const CFGElement &, const State &Before) before each
/// element is applied. Does nothing for an unreachable block.
template <typename State, typename TransferFn, typename VisitFn>
void replayBlock(const DataflowResult<State> &R, const CFGBlock &B,
                 TransferFn &&Transfer, VisitFn &&Visit) {
  const std::optional<State> &In = R.entryOf(B);
  if (!In)
    return;
  State S = *In;
  for (const CFGElement &E : B) {
    Visit(E, static_cast<const State &>(S));
    Transfer(E, S);
  }
}

} // namespace clang::tidy::conclint::utils

#endif
