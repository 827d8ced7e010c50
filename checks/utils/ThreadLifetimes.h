//===-- ThreadLifetimes.h - where a spawned thread runs, on the CFG -*- C++ -*-===//
//
// "Is the thread started here still running there?" decided by CFG
// reachability instead of source order.
//
//  - CFGReach: the elements of one body reachable from given start
//    positions without passing a blocking element or a cut edge. The one
//    primitive thread windows and happens-before are built on.
//  - ThreadWindow: for one spawn in the spawning function, the statements
//    at which the spawned thread may still run: those reachable from just
//    after the spawn without passing an element that ends it (a join, a
//    get()/wait() on its future or pool, the destructor of a handle that
//    joins: jthread, an async future, a pool; the caller supplies them).
//    A spawn inside a loop whose join is not on the path back reaches
//    itself: runsAgainWhileRunning() (several instances at once).
//
// Direction of approximation: windows over-approximate where a thread may
// run (every CFG path counts, feasible or not), so "not running at S" is a
// proof: on every path from the spawn to S the thread was ended first. A
// statement the CFG does not contain (dead code) is not running. A thread
// ended in another function (joined by a callee, a destructor elsewhere) is
// taken to run until the end of the spawning function.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_THREADLIFETIMES_H
#define CONCLINT_CHECKS_UTILS_THREADLIFETIMES_H

#include "utils/Dataflow.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <vector>

namespace clang::tidy::conclint::utils {

/// Forward reachability over the elements of one CFG (see the header).
class CFGReach {
public:
  /// A position: element \p Idx of block \p B (Idx == size: the terminator).
  struct Pos {
    const CFGBlock *B;
    unsigned Idx;
  };
  using BlockFn = llvm::function_ref<bool(const CFGElement &)>;
  using CutFn = llvm::function_ref<bool(const CFGBlock &, unsigned SuccIdx)>;
  using TermFn = llvm::function_ref<bool(const Stmt *Terminator)>;

  CFGReach() = default;
  /// Marks every position reachable from \p Starts. A blocking element (or
  /// a block terminator for which \p BlocksTerm holds) is reached but not
  /// passed; a cut edge is not followed.
  CFGReach(const FunctionCFG &G, llvm::ArrayRef<Pos> Starts, BlockFn Blocks,
           CutFn Cut, TermFn BlocksTerm = TermFn());

  /// True if the position of \p S (see FunctionCFG::elementOf) is reached.
  bool reaches(const Stmt *S) const;
  /// True if any position was reached.
  bool any() const { return Any; }

  /// The position just after statement \p S; std::nullopt if \p S is not in
  /// the CFG.
  static std::optional<Pos> after(const FunctionCFG &G, const Stmt *S);

private:
  const FunctionCFG *G = nullptr;
  std::vector<llvm::BitVector> Marked; // per block ID, size + 1 positions
  bool Any = false;
};

/// Where one spawned thread may run inside its spawning function.
class ThreadWindow {
public:
  /// An empty window: the thread is waited for within its own statement
  /// (a parallel algorithm, a discarded std::async future).
  ThreadWindow() = default;
  /// The window of the spawn at \p Site, ended by any element that is one
  /// of \p Ends or destroys one of \p EndVars. A loop statement in \p Ends
  /// (a loop that joins every handle: `for (auto &t : ts) t.join();`) ends
  /// the window at its header: what follows the loop runs after it.
  ThreadWindow(const FunctionCFG &G, const Stmt *Site,
               const llvm::SmallPtrSetImpl<const Stmt *> &Ends,
               const llvm::SmallPtrSetImpl<const VarDecl *> &EndVars);

  /// The thread may be running when \p S (in the spawning body) runs.
  bool runningAt(const Stmt *S) const { return Valid && Reach.reaches(S); }
  /// The spawn can run again while an earlier instance still runs.
  bool runsAgainWhileRunning() const { return Valid && Reach.reaches(Site); }

private:
  bool Valid = false;
  const Stmt *Site = nullptr;
  CFGReach Reach;
};

} // namespace clang::tidy::conclint::utils

#endif
