//===-- ThreadLifetimes.cpp - where a spawned thread runs, on the CFG -----===//

#include "utils/ThreadLifetimes.h"

namespace clang::tidy::conclint::utils {

CFGReach::CFGReach(const FunctionCFG &G, llvm::ArrayRef<Pos> Starts,
                   BlockFn Blocks, CutFn Cut, TermFn BlocksTerm)
    : G(&G) {
  const CFG &Graph = G.cfg();
  Marked.resize(Graph.getNumBlockIDs());
  for (const CFGBlock *B : Graph)
    Marked[B->getBlockID()].resize(B->size() + 1);
  llvm::SmallVector<Pos, 16> Work(Starts.begin(), Starts.end());
  while (!Work.empty()) {
    Pos P = Work.pop_back_val();
    llvm::BitVector &M = Marked[P.B->getBlockID()];
    unsigned N = P.B->size();
    bool Stopped = false;
    unsigned I = P.Idx;
    for (; I < N; ++I) {
      if (M.test(I)) {
        Stopped = true; // walked from here (or earlier) already
        break;
      }
      M.set(I);
      Any = true;
      if (Blocks((*P.B)[I])) {
        Stopped = true;
        break;
      }
    }
    if (Stopped)
      continue;
    if (M.test(N))
      continue;
    M.set(N);
    Any = true;
    if (BlocksTerm)
      if (const Stmt *T = P.B->getTerminatorStmt(); T && BlocksTerm(T))
        continue;
    unsigned K = 0;
    for (const CFGBlock::AdjacentBlock &Adj : P.B->succs()) {
      unsigned SuccIdx = K++;
      const CFGBlock *S = Adj.getReachableBlock();
      if (!S || Cut(*P.B, SuccIdx))
        continue;
      if (!Marked[S->getBlockID()].test(0) || S->empty())
        Work.push_back(Pos{S, 0});
    }
  }
}

bool CFGReach::reaches(const Stmt *S) const {
  if (!G || !S)
    return false;
  auto E = G->elementOf(S);
  if (!E)
    return false;
  return Marked[E->first->getBlockID()].test(E->second);
}

std::optional<CFGReach::Pos> CFGReach::after(const FunctionCFG &G,
                                             const Stmt *S) {
  auto E = G.elementOf(S);
  if (!E)
    return std::nullopt;
  return Pos{E->first, E->second + 1 > E->first->size() ? E->second
                                                        : E->second + 1};
}

ThreadWindow::ThreadWindow(const FunctionCFG &G, const Stmt *Site,
                           const llvm::SmallPtrSetImpl<const Stmt *> &Ends,
                           const llvm::SmallPtrSetImpl<const VarDecl *> &EndVars)
    : Site(Site) {
  std::optional<CFGReach::Pos> Start = CFGReach::after(G, Site);
  if (!Start)
    return;
  Valid = true;
  Reach = CFGReach(
      G, {*Start},
      [&](const CFGElement &E) {
        if (auto CS = E.getAs<CFGStmt>())
          return Ends.count(CS->getStmt()) != 0;
        if (auto D = E.getAs<CFGAutomaticObjDtor>())
          return EndVars.count(D->getVarDecl()) != 0;
        return false;
      },
      [](const CFGBlock &, unsigned) { return false; },
      [&](const Stmt *T) { return Ends.count(T) != 0; });
}

} // namespace clang::tidy::conclint::utils
