//===-- CallSummaries.h - facts about calls, bottom-up over SCCs -*- C++ -*-===//
//
// One memoised table of per-function facts ("calling this function does
// CPU-heavy work", "... blocks", "... touches a Python object"), computed
// bottom-up over the strongly connected components of the call graph with
// llvm::scc_iterator (as upstream misc-no-recursion walks clang's CallGraph).
// Recursion needs no depth cap: a fact holds for a function when its own
// body shows it or a call in its body reaches a function for which it holds,
// along any chain, however long, cycles included.
//
// A fact family is given by one callback, Local(F), that reads one body and
// lists its *sites* in source order: a local witness (the loop, the blocking
// call) or a call that passes the fact on (the callee it runs). The edges of
// the graph are exactly these calls, so each family decides what it follows
// (functions of system headers, coroutines -- calling one only creates it --,
// lambdas handed to another thread); this is why the graph is built from the
// families' own edges and not from clang::CallGraph, whose edges would add
// calls a family must not follow and lack the call sites inside lambdas that
// a family may want. Every body is read once per family and translation unit.
//
// The witness of a function is its first site in source order for which the
// fact holds. Inside a recursive component the witness is the site of least
// depth (ties: first in source order), so a chain of witnesses never cycles
// and ends at a local witness.
//
// Direction of approximation: a fact holds only when a chain of visible
// calls shows it; a callee without a body in this translation unit, or one
// a family does not follow, contributes nothing (silence on unknown).
//
// The records are plain data: FactSummary's Holds/Depth/Payload are what a
// project-wide phase would serialise per function (keyed by USR); the AST
// pointers are the in-translation-unit witnesses used for notes and would be
// written as source locations.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_CALLSUMMARIES_H
#define CONCLINT_CHECKS_UTILS_CALLSUMMARIES_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/GraphTraits.h"
#include "llvm/ADT/SmallVector.h"

#include <climits>
#include <functional>
#include <memory>
#include <vector>
#include <string>

namespace clang::tidy::conclint::utils {

/// One step of a call chain: a call (or construction) expression and the
/// function whose body it runs.
struct CallStep {
  const Expr *Call = nullptr;
  const FunctionDecl *Callee = nullptr;
};

/// The one evidence type for notes that walk a call chain: Steps[0] is in
/// the analysed code, Steps[I + 1] inside Steps[I].Callee, and Root (the
/// local witness: a loop, a blocking call) inside the last callee, or in the
/// analysed code when Steps is empty.
struct CallChain {
  llvm::SmallVector<CallStep, 4> Steps;
  const Stmt *Root = nullptr;
  /// The family's payload of the root (see Site::Payload).
  unsigned Payload = 0;

  /// Where the chain shows in the analysed code: Steps[0].Call or Root.
  const Stmt *site() const;
  /// The function that holds Root: the last callee, or null.
  const FunctionDecl *rootFunction() const;
};

/// One site of a body, as a family's Local callback lists it.
struct Site {
  /// A local witness; null for a call site.
  const Stmt *Root = nullptr;
  /// For a call site: the call and the callee (its definition).
  CallStep Call;
  /// Anything the family wants to keep about a local witness (an index into
  /// its own tables: which blocking function, which kind of loop).
  unsigned Payload = 0;

  static Site root(const Stmt *S, unsigned Payload = 0) {
    Site X;
    X.Root = S;
    X.Payload = Payload;
    return X;
  }
  static Site call(const Expr *Call, const FunctionDecl *Callee) {
    Site X;
    X.Call = {Call, Callee};
    return X;
  }
};

/// The summary of one function for one family. Plain data.
struct FactSummary {
  /// The fact holds for a call of the function.
  bool Holds = false;
  /// Calls from the function to its witness: 0 when its own body shows it.
  unsigned Depth = 0;
  /// The payload of the local witness at the end of the chain.
  unsigned Payload = 0;
  /// The witness: Root when Depth is 0, else the call Via in the body.
  const Stmt *Root = nullptr;
  CallStep Via;
};

/// The depth bound meaning "follow calls as far as they go".
constexpr unsigned UnlimitedCallDepth = UINT_MAX;

/// The memoised table of one fact family over one ASTContext.
class CallSummaries {
public:
  /// Lists the sites of \p Def's body in source order. A callback may stop
  /// after its first local witness (later sites cannot become the witness
  /// except inside recursion, where a local witness already has depth 0).
  using LocalFn = std::function<llvm::SmallVector<Site, 8>(const FunctionDecl *)>;

  explicit CallSummaries(LocalFn Local);
  ~CallSummaries();
  CallSummaries(const CallSummaries &) = delete;
  CallSummaries &operator=(const CallSummaries &) = delete;

  /// The summary of calling \p FD (resolved to its definition); a function
  /// without a body here gets the empty summary.
  const FactSummary &get(const FunctionDecl *FD);
  /// Whether the fact holds for \p FD with its witness at most \p MaxDepth
  /// calls below FD's body (a call of FD from analysed code allowed to follow
  /// N calls asks holdsWithin(FD, N - 1)).
  bool holdsWithin(const FunctionDecl *FD, unsigned MaxDepth);
  /// The chain of witnesses from \p FD down to the local witness; Steps is
  /// empty when FD's own body shows it. Requires get(FD).Holds.
  CallChain chainFrom(const FunctionDecl *FD);
  /// The sites of \p FD's body as the family lists them (the body is read
  /// once either way); empty for a function without a body here. For the
  /// project-wide summaries (utils/Summary.h).
  llvm::ArrayRef<Site> sites(const FunctionDecl *FD);

  /// Forgets everything (a new translation unit).
  void clear();
  /// Number of bodies read (Local calls), for tests of the linear bound.
  unsigned bodiesRead() const { return BodiesRead; }

  struct Node;

private:
  Node *node(const FunctionDecl *Def);
  void solve(Node *Root);
  void solveComponent(llvm::ArrayRef<Node *> SCC);

  LocalFn Local;
  std::vector<std::unique_ptr<Node>> Storage;
  llvm::DenseMap<const FunctionDecl *, Node *> Nodes;
  unsigned BodiesRead = 0;
  const ASTContext *Ctx = nullptr;
};

/// The definition of \p FD when it has a body, else null.
const FunctionDecl *definitionOf(const FunctionDecl *FD);

} // namespace clang::tidy::conclint::utils

#endif
