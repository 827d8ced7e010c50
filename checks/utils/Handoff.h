//===-- Handoff.h - work handed off, and what it takes along -----*- C++ -*-===//
//
// "Which automatic objects does this piece of handed-off work refer to, and
// can it still run when they are gone?" Three pieces:
//
//  - classifyHandoff: an expression that hands a callable to work that may
//    run later, outside the current statement: every spawn of
//    ThreadEntryPoints.h (threads, std::async, pools, asio::post/dispatch/
//    defer, asio::co_spawn), an Asio asynchronous operation (`x.async_*(...,
//    handler)`, `asio::async_*(..., handler)`: the handler runs when the
//    operation completes) and a callable stored into an object that is not
//    automatic (`cb_ = [&] {...}`, `handlers_.push_back(...)` on a member or
//    global).
//
//  - escapesOf: the automatic objects of the analysed function (its locals
//    and by-value parameters) that the work refers to: by-reference
//    captures, by-copy captures of pointers and views (`std::string_view`,
//    `std::span`, `asio::buffer`) into them, arguments that carry a pointer,
//    a `std::ref` or a view, reference (and pointer/view) parameters of a
//    coroutine bound to them, and temporaries bound to a coroutine's
//    reference parameters or an immediately invoked lambda coroutine's
//    captures (destroyed at the end of the full-expression).
//
//  - WorkWindow: where, in the analysed function, the work may still run
//    (CFGReach from ThreadLifetimes.h), and whether a given automatic object
//    can die inside that window: its destructor, its scope's end, its
//    declaration re-run by a loop, or the function's exit is reached while
//    the work is not yet ended. The work ends at a join/get/wait on its
//    handle or executor (`t.join()`, `f.get()`, `pool.wait()`,
//    `io.run()`), at any completed wait on a standard synchronisation object
//    (`future::get/wait`, `latch::wait`, `barrier::arrive_and_wait`,
//    `condition_variable::wait`, semaphore `acquire`), at a call that hands
//    one of the work's completion signals (a local the work captures by
//    reference and writes: `done = true`) by reference or pointer to a
//    function that may wait on it (its body is not visible, or waits on a
//    standard synchronisation object: `wait_for(done)`), and at the
//    destruction of a local handle that waits or ends the program
//    (`std::jthread`, an async `std::future`, a `std::thread` never
//    detached, a local pool, or a local `std::unique_ptr` owning the pool
//    it was submitted through). Work queued on a local io_context runs only
//    inside its run()/poll() calls. Work posted with asio::post ends at a
//    loop after the post that runs its executor (or the io_context a local
//    strand was made from) until the work has signalled completion: the
//    loop's condition is absent, true, `!x.stopped()` on that executor, or
//    tests a completion signal; each break out of it is under an `if`
//    testing one; no return/goto/co_return leaves it. Here a completion
//    signal is followed further: a member write (`state.done = true`) and
//    the writes of a local lambda the work captures by reference (the
//    completion handler it passes on) count.
//
// Direction of approximation: every step errs toward silence.
//  - An object is automatic only when it is declared in the analysed body
//    (or is one of its by-value parameters); a reference parameter, `this`,
//    a captured variable of an enclosing function, a member or a global has
//    an unknown lifetime and never escapes here.
//  - A wait on any standard synchronisation object ends the window, even a
//    wait for something else (a visible FN_ in the tests).
//  - A callee that receives a completion signal and whose body is not
//    visible may wait for it: the window ends there (unknown: silence).
//  - A local io_context that is referenced anywhere but as an executor, an
//    I/O object's context or in its own run()/poll()/stop() calls may be run
//    by another thread: unknown, no window.
//  - The poll loop rule takes a test of a completion signal as proof that
//    the work ran (not which value it tests), and `!x.stopped()` as "no
//    work left": a stop() elsewhere is not seen. Both err toward silence.
//  - Only the windows of co_spawn with `asio::detached` (or a callable
//    completion handler) are built; other completion tokens are unknown.
//
// Every CFG path counts (as in ThreadLifetimes.h), so "dies while running"
// is shown for some path from the hand-off, feasible or not.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_HANDOFF_H
#define CONCLINT_CHECKS_UTILS_HANDOFF_H

#include "utils/Dataflow.h"
#include "utils/ThreadEntryPoints.h"
#include "utils/ThreadLifetimes.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace clang::tidy::conclint::utils {

/// How work was handed off.
enum class HandoffKind {
  Spawn,          ///< a spawn of ThreadEntryPoints.h (see Handoff::Spawn)
  AsyncOperation, ///< an Asio asynchronous operation with a handler
  StoredCallback, ///< a callable stored into a non-automatic object
};

/// One hand-off of work.
struct Handoff {
  HandoffKind Kind = HandoffKind::Spawn;
  /// The expression that hands the work over.
  const Expr *Site = nullptr;
  /// For Spawn: the spawn (its Callable, ForwardedArgs and Executor).
  ThreadSpawn Spawn;
  /// The callable: the spawn's callable, the handler, the stored value.
  const Expr *Callable = nullptr;
  /// Arguments whose values travel with the work (forwarded arguments, an
  /// asynchronous operation's buffers).
  llvm::SmallVector<const Expr *, 4> Args;
  /// For AsyncOperation: the I/O object (null for a free async_* function).
  const Expr *IoObject = nullptr;
  /// For StoredCallback: the member or global variable stored into.
  const ValueDecl *Store = nullptr;
  /// co_spawn with `asio::detached` or a callable completion handler: the
  /// coroutine runs on its own and nobody waits for it.
  bool Detached = false;
};

/// Classifies \p E (a call or construction); std::nullopt when it hands
/// nothing off, or hands it off in a way whose lifetime is unknown here.
std::optional<Handoff> classifyHandoff(const Expr *E,
                                       const SpawnOptions &Opts = {});

/// How an automatic object reaches the work.
enum class EscapeHow {
  RefCapture,     ///< captured by reference
  PointerCapture, ///< a pointer to it captured by copy
  ViewCapture,    ///< a view of it (string_view, span, buffer) captured
  RefArgument,    ///< passed as std::ref / bound to a reference parameter
  PointerArgument,///< a pointer to it passed
  ViewArgument,   ///< a view of it passed
  Temporary,      ///< a temporary bound to a coroutine's reference parameter
  ClosureCopy,    ///< captured by copy into an immediately invoked lambda
                  ///< coroutine whose closure is a temporary
};

/// One automatic object that the work refers to.
struct Escape {
  /// The object; null for a temporary.
  const VarDecl *Data = nullptr;
  /// Where it escapes (the capture, the argument).
  SourceLocation Loc;
  EscapeHow How = EscapeHow::RefCapture;
  /// For a coroutine parameter: the parameter it is bound to.
  const ParmVarDecl *Param = nullptr;
  /// For ClosureCopy: the captured variable (or init-capture).
  const ValueDecl *Captured = nullptr;
};

/// The variable \p E names (or a part of: a member, an element) when that
/// variable is an automatic object of \p Owner; looks through local
/// references initialised from one. Null otherwise.
const VarDecl *referencedAutomatic(const Expr *E, const DeclContext *Owner);

/// The automatic object of \p Owner that the value of \p E points into or
/// views: `&x`, an array `x`, `x.data()`, `x.c_str()`, `std::string_view(x)`,
/// `std::span(x)`, `asio::buffer(x)`, `std::ref(x)`, or a local pointer or
/// view never assigned after its initialiser from one of these. Null when
/// not shown.
const VarDecl *pointedAutomatic(const Expr *E, const DeclContext *Owner);

/// The automatic objects of \p Owner that \p H refers to (see the header).
llvm::SmallVector<Escape, 4> escapesOf(const Handoff &H,
                                       const FunctionDecl *Owner);

/// Where one hand-off's work may still run inside the analysed body.
class WorkWindow {
public:
  /// \p Body is the body of G's declaration (the analysed function).
  WorkWindow(const FunctionCFG &G, const Handoff &H, const Stmt *Body);

  /// False when the window is unknown (no CFG position, an escaping local
  /// io_context) or empty (the work ends within its own statement).
  bool valid() const { return Valid; }
  /// The work may still run after the function returns.
  bool reachesExit() const { return Valid && ExitReached; }
  /// The work may be running when \p S runs.
  bool runningAt(const Stmt *S) const { return Valid && Reach.reaches(S); }

  /// If \p V (an automatic object of the analysed function) can be
  /// destroyed while the work may still use it: where (the closing brace,
  /// the return, the loop that re-runs its declaration).
  std::optional<SourceLocation> diesWhileRunning(const VarDecl *V) const;

private:
  const FunctionCFG *G = nullptr;
  const Stmt *Body = nullptr;
  bool Valid = false;
  bool ExitReached = false;
  /// Work on a local io_context: runs only inside these calls.
  bool OnlyInRunCalls = false;
  CFGReach Reach;
  llvm::SmallVector<const Stmt *, 32> Reached; // statements, in visit order
  llvm::SmallPtrSet<const VarDecl *, 8> DestroyedVars;
  const ReturnStmt *FirstReturn = nullptr;
  llvm::SmallVector<const Stmt *, 4> RunCalls;
};

} // namespace clang::tidy::conclint::utils

#endif
