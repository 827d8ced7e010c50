//===-- Spawns.h - the spawns of one translation unit, with windows -*- C++ -*-===//
//
// Every spawn of a translation unit's user code (utils/ThreadEntryPoints),
// each with what a race analysis needs to know about it:
//  - its entry function and the function (or lambda) that spawns it;
//  - whether it runs on another thread at all (Concurrent: a post onto an
//    io_context counts only when that io_context is run by two threads or
//    more; an entry without a visible body does not count);
//  - where it may run in its spawning function (utils/ThreadLifetimes: the
//    CFG window from the spawn to the joins, waits and joining destructors
//    of its handles) and whether several instances may overlap
//    (SelfConcurrent: a parallel algorithm, or a spawn that reaches itself
//    again before its join);
//  - whose `this` it shares (ThisClass), and whether a member function of
//    that class starts it (StartedByOwnMember);
//  - the locals it can reach (captured by reference, or handed over by
//    std::ref or by address): isEscapedLocal().
// aliveAt(Spawner, S) is the one answer to "which spawns of Spawner may be
// running when S runs".
//
// Templates: spawns inside function templates are taken from their
// instantiations, never from the dependent pattern (ThreadEntryPoints.h's
// policy); the caller merges reports of several instantiations.
//
// Direction of approximation: windows over-approximate where a thread runs
// (ThreadLifetimes.h), so "not alive at S" is a proof. A handle joined in
// another function (a callee, a destructor elsewhere) keeps the thread alive
// to the end of the spawner. Concurrent is under-approximated where the
// executor is unknown: a post onto an executor the analysis cannot classify
// is taken to run on the posting thread (silence).
//
// Cost: one AST pass for the collection; one pass per spawning body for
// the joins of its handles; per spawn, one CFG reachability walk.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_SPAWNS_H
#define CONCLINT_CHECKS_UTILS_SPAWNS_H

#include "utils/Dataflow.h"
#include "utils/ThreadEntryPoints.h"
#include "utils/ThreadLifetimes.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

#include <memory>
#include <vector>

namespace clang::tidy::conclint::utils {

/// The variable or member an expression names (`t`, `this->t`, `obj.t`,
/// `*pt`, `&t`, a copy or move of one): used to match thread handles to
/// their joins.
const ValueDecl *namedDecl(const Expr *E);

/// Where the value a spawn or hand-off expression produces goes: the
/// handles through which the work can later be joined, waited for or
/// detached. One answer for every analysis that needs it (the race
/// analysis's thread windows, the hand-off lifetimes).
struct SpawnDestination {
  enum Kind {
    Stored,            ///< into the Handles (a variable, a member, a container)
    Returned,          ///< returned to the caller
    Discarded,         ///< a temporary dropped at the end of its statement
    WaitedInStatement, ///< `.get()`, `.wait()`, `.join()` on the temporary
    DetachedInStatement, ///< `.detach()` on the temporary
    Unknown,           ///< passed to code the analysis does not follow
  } K = Unknown;
  /// Named objects that hold the work: the variable initialised or assigned,
  /// the container it is added to, and (when the site is a member call such
  /// as `pool.submit(f)` or `threads.emplace_back(f)`) the object called.
  llvm::SmallVector<const ValueDecl *, 4> Handles;
};
/// Walks up from Site through casts, temporaries and single-argument
/// constructions. SiteObjectIsHandle: the object of a member-call Site holds
/// the work (a pool, a container of threads). Approximation: anything not
/// listed above is Unknown, and callers stay silent or assume the work runs
/// on, as their contract needs.
SpawnDestination destinationOf(const Stmt *Site, const ParentMap &PM,
                               bool SiteObjectIsHandle = true);

/// A declaration the race analysis skips: one in a system header, or the
/// pattern of a template (analysed on its instantiations instead).
bool skippedByAnalysis(const Decl *D, const SourceManager &SM);

/// The lambda a spawn runs: written in place or stored in a local first.
const LambdaExpr *spawnedLambda(const ThreadSpawn &S);

struct SpawnInfo {
  ThreadSpawn S;
  unsigned ID = 0;
  const FunctionDecl *Spawner = nullptr; ///< function (or lambda) spawning
  const Stmt *SpawnerBody = nullptr;
  const FunctionDecl *Entry = nullptr;
  bool Concurrent = true;      ///< runs on another thread at all
  bool SelfConcurrent = false; ///< several instances may overlap
  const CXXRecordDecl *ThisClass = nullptr; ///< `this` shared with the thread
  /// A member function of ThisClass (or a lambda in one) starts the thread:
  /// the object starts its own threads, as in `start()` or `listen()`.
  bool StartedByOwnMember = false;
  const Stmt *Loop = nullptr; ///< enclosing loop in the spawner, if any
  /// Where the thread may run in the spawning function.
  ThreadWindow Window;
};

/// The spawns of one translation unit (see the header).
class SpawnModel {
public:
  SpawnModel(ASTContext &Ctx, const SpawnOptions &Opts, CFGCache &CFGs)
      : Ctx(Ctx), Opts(Opts), CFGs(CFGs) {}

  /// Collects the spawns of \p TU's user code, then decides their windows,
  /// concurrency and shared objects.
  void build(TranslationUnitDecl *TU);

  const std::vector<SpawnInfo> &spawns() const { return Spawns; }
  const SpawnInfo &operator[](unsigned ID) const { return Spawns[ID]; }
  /// User classes that own a lockable member (collected in the same pass:
  /// the candidates of the lock-consistency rule).
  llvm::ArrayRef<const CXXRecordDecl *> lockOwners() const { return Records; }
  /// The spawns started by \p Spawner (in source order).
  llvm::ArrayRef<unsigned> spawnsOf(const FunctionDecl *Spawner) const;
  /// The functions that spawn something, each once.
  llvm::ArrayRef<const FunctionDecl *> spawners() const { return Spawners; }
  /// The spawns of \p Spawner that run on another thread and may be running
  /// when \p S (a statement of Spawner's body) runs.
  llvm::SmallVector<unsigned, 4> aliveAt(const FunctionDecl *Spawner,
                                         const Stmt *S) const;
  /// The expression is the callable handed to a spawn (a spawned lambda).
  bool isSpawnCallable(const Expr *E) const;
  /// A local that a spawned thread reaches (captured by reference, passed
  /// by std::ref or by address).
  bool isEscapedLocal(const VarDecl *VD) const {
    return EscapedLocals.count(VD) != 0;
  }
  /// Two spawns may run at the same time (one is started while the other
  /// may run; spawns of different functions: always).
  bool mayOverlap(unsigned A, unsigned B) const;

private:
  /// The join-like calls of one spawning body by the handle they name, and
  /// the locals declared directly in one of its compound statements.
  struct BodyJoins {
    llvm::DenseMap<const ValueDecl *, llvm::SmallVector<const Stmt *, 2>>
        JoinsOf;
    llvm::DenseSet<const VarDecl *> Scoped;
  };
  const BodyJoins &joinsOf(const Stmt *Body);
  void collect(TranslationUnitDecl *TU);
  void computeWindow(SpawnInfo &I, const ParentMap &PM);
  void prepare();

  ASTContext &Ctx;
  const SpawnOptions &Opts;
  CFGCache &CFGs;
  std::vector<SpawnInfo> Spawns;
  std::vector<const CXXRecordDecl *> Records;
  std::vector<std::pair<const ValueDecl *, const FunctionDecl *>> IoRunners;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<unsigned, 2>> SpawnsOf;
  std::vector<const FunctionDecl *> Spawners;
  llvm::DenseMap<const Stmt *, std::unique_ptr<ParentMap>> SpawnerPMs;
  llvm::DenseMap<const Stmt *, std::unique_ptr<BodyJoins>> Joins;
  llvm::DenseSet<const Expr *> SpawnCallables;
  llvm::DenseSet<const VarDecl *> EscapedLocals;
};

} // namespace clang::tidy::conclint::utils

#endif
