//===-- EventLoopPlacement.h - which code is shown to run on an event loop -*- C++ -*-===//
//
// Answers "is this coroutine (or handler) shown to run on an event loop?"
// for one translation unit, with the evidence. Code runs on an event loop
// when the TU shows one of:
//  - spawned there: `co_spawn(ex, f(...), token)` or `co_spawn(ex, lambda,
//    token)` with `ex` an event loop by utils::describeExecutor (an
//    io_context, its executor, a strand over either);
//  - posted there: the handler of a post / dispatch / defer onto such an
//    executor;
//  - started by code already on the event loop: a coroutine called (i.e.
//    created and started, or awaited) from a coroutine or handler on the
//    event loop at a point where that caller has not switched to another
//    executor (CoroutineSwitchAnalysis), or co_spawned there onto the
//    caller's own executor (`co_await this_coro::executor`, directly or
//    through a local variable initialised with it);
//  - of a coroutine type known to run on an event loop (the
//    EventLoopCoroutineTypes names, e.g. Qt's QCoro::Task).
//
// Direction of approximation: silence on unknown. A coroutine that nothing
// in the TU places (a library entry point, a coroutine taking its executor
// as a parameter, one spawned on an executor of unknown class, one driven
// by sync_wait on a plain thread, one only spawned on a thread pool) is not
// on an event loop. Once placed, a coroutine counts as on the event loop
// wherever else it is also started. Templates: placement is per template
// pattern (an instantiation placed places them all).
//
// The facts are computed once per TU, lazily, on the first query: one walk
// over the bodies of the TU's functions outside system headers, then a
// worklist over the "starts" edges, linear in their number.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_EVENTLOOPPLACEMENT_H
#define CONCLINT_CHECKS_UTILS_EVENTLOOPPLACEMENT_H

#include "CoroutineContext.h"
#include "Executors.h"
#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <vector>

namespace clang::tidy::conclint::utils {

/// Why a function runs on an event loop.
struct LoopPlacement {
  enum class How {
    Spawned,       ///< co_spawn onto an event loop at Site
    Posted,        ///< posted as a handler onto an event loop at Site
    StartedFrom,   ///< started at Site by From, which is on an event loop
    CoroutineType, ///< its coroutine type runs on an event loop
  };
  How Kind = How::Spawned;
  /// The co_spawn / post / call that puts it there (null for CoroutineType).
  const Stmt *Site = nullptr;
  /// For StartedFrom: the function on the event loop that starts it.
  const FunctionDecl *From = nullptr;
};

class EventLoopPlacement {
public:
  EventLoopPlacement(ExecutorNames Names,
                     std::vector<AwaitablePattern> SwitchPatterns,
                     NameSet EventLoopCoroutineTypes);
  ~EventLoopPlacement();

  /// The evidence that \p FD (a coroutine, a handler, a lambda's call
  /// operator) runs on an event loop; null when the TU does not show it.
  const LoopPlacement *placement(const FunctionDecl *FD, ASTContext &Ctx);

  /// Forgets the facts (call at the start of each translation unit).
  void reset();

private:
  struct Facts;
  void build(ASTContext &Ctx);

  ExecutorNames Names;
  std::vector<AwaitablePattern> SwitchPatterns;
  NameSet CoroutineTypes;
  std::unique_ptr<Facts> F;
  const ASTContext *FactsCtx = nullptr;
};

} // namespace clang::tidy::conclint::utils

#endif
