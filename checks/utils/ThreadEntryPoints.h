//===-- ThreadEntryPoints.h - where concurrent work starts -------*- C++ -*-===//
//
// Recognises the expressions that hand a callable to another thread (or to an
// executor) and the callable that becomes the entry point. Shared by every
// check that needs to know "does this code run concurrently with its caller?".
//
// Templates: one policy for every check that analyses spawns
// ---------------------------------------------------------
// Code inside a template (a function template, a member function of a class
// template, a generic lambda, a lambda written in any of these) is analysed
// on each of its instantiations, where every call and type is resolved, and
// never on the dependent pattern: there the spawn, its callable and its
// arguments are often unresolved, and an unresolved piece is an unknown.
// isTemplatePattern() tells the two apart.
//
// Instantiations keep the source locations of their pattern, so a finding
// is identified by its location, and FindingDeduplicator reports it once,
// from the first instantiation (in traversal order) that shows it. An
// instantiation that does not show the hazard does not withdraw it: each
// instantiation is code the program runs, and one that shows the hazard
// proves it (the other instantiations only show it does not happen for
// their arguments). A template that this translation unit never
// instantiates is not analysed here; a translation unit that instantiates
// it reports it.
//
// One exception, for facts about a class as a whole (does any member
// function join this member?): they are read on the class template's
// pattern, where every member function exists, which an instantiation does
// not promise (only the members it uses are instantiated). Dependent
// expressions met there are unknowns and resolve to silence.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_THREADENTRYPOINTS_H
#define CONCLINT_CHECKS_UTILS_THREADENTRYPOINTS_H

#include "Executors.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conclint::utils {

/// How a piece of work was started.
enum class SpawnKind {
  Thread,            ///< a thread type's constructor (std::thread, ThreadTypes)
  JThread,           ///< std::jthread's constructor
  Async,             ///< std::async (Deferred tells launch::deferred apart)
  PThreadCreate,     ///< ::pthread_create
  AsioPost,          ///< asio::post / dispatch / defer (free or member)
  AsioCoSpawn,       ///< asio::co_spawn
  PoolSubmit,        ///< a configured thread-pool method (submit, enqueue, ...)
                     ///< (also emplace_back of a callable into a container
                     ///< of threads, which constructs the thread in place:
                     ///< reported as Thread / JThread)
  ParallelAlgorithm, ///< a standard algorithm with execution::par(_unseq)
};

/// Returns a short name for diagnostics ("std::thread", "std::async", ...).
llvm::StringRef spawnKindName(SpawnKind K);

/// One expression that starts concurrent work.
struct ThreadSpawn {
  const Expr *Site = nullptr; ///< the constructor or call expression
  SpawnKind Kind = SpawnKind::Thread;
  /// The argument that becomes the entry point; null when the call only takes
  /// a completion token (asio::post(ex, asio::use_awaitable)).
  const Expr *Callable = nullptr;
  /// Arguments forwarded to the callable (std::thread(f, a, b): a, b).
  llvm::SmallVector<const Expr *, 4> ForwardedArgs;
  /// The executor or execution context argument (Asio), if any.
  const Expr *Executor = nullptr;
  /// std::async(std::launch::deferred, ...): runs on the caller's thread.
  bool Deferred = false;

  /// True for kinds that certainly run the callable on another thread than
  /// the caller's (threads, async without deferred, pthread_create, pools,
  /// parallel algorithms). Asio posts depend on the executor: false here.
  bool runsOnAnotherThread() const;
};

/// What counts as a spawn; defaults follow the checks' documented options.
struct SpawnOptions {
  /// Fully qualified thread types whose constructor starts a thread.
  std::vector<std::string> ThreadTypes = {"::std::thread"};
  /// Member-function names of thread pools that run their argument on a
  /// worker (unqualified names match any class outside the asio namespaces).
  std::vector<std::string> PoolSubmitFunctions = {
      "submit", "enqueue", "post", "push_task", "detach_task", "submit_task",
      "schedule", "run_async"};

  /// Parses the `;`-separated option strings (empty keeps the default).
  static SpawnOptions fromStrings(llvm::StringRef ThreadTypes,
                                  llvm::StringRef PoolSubmitFunctions);
};

/// Classifies \p E; std::nullopt if it starts no concurrent work. A
/// submit-like method (PoolSubmitFunctions) starts work only when its class
/// may run a thread: not for a non-virtual method of a user class whose
/// every method body is here and starts nothing, whose members hold no
/// thread, pool or other library's object, and whose bases are alike (it
/// runs the work in place, or queues it for the thread that drains it:
/// issue 13's inline and manual executors). Unknown bodies keep the call a
/// spawn.
std::optional<ThreadSpawn> classifySpawn(const Expr *E,
                                         const SpawnOptions &Opts = {});

/// The function whose body runs as the entry point of \p S: the lambda's call
/// operator, the named function or member function, or a functor's
/// operator(). Null when it cannot be resolved in this TU.
const FunctionDecl *entryFunction(const ThreadSpawn &S);

/// Strips implicit nodes, temporaries, std::ref/std::move/std::bind wrappers
/// and `&` from a callable argument to reach what is actually called.
const Expr *stripCallableWrappers(const Expr *E);

/// Every spawn lexically inside \p Body (in source order).
std::vector<ThreadSpawn> findSpawns(const Stmt *Body,
                                    const SpawnOptions &Opts = {});

/// If \p S lies inside a lambda (or a local variable's lambda) that a spawn of
/// the enclosing function hands to another thread, returns that spawn. Stops
/// at the first enclosing function that is not a lambda.
std::optional<ThreadSpawn>
enclosingSpawnedCallable(const Stmt *S, ASTContext &Ctx,
                         const SpawnOptions &Opts = {});

/// For an entry point that is a member function called through a member
/// pointer (std::thread(&C::run, this)), the argument that becomes `this`;
/// null otherwise.
const Expr *entryObjectArg(const ThreadSpawn &S);

/// The object a std::bind / std::bind_front of \p MD in \p Callable binds
/// as its first argument (`std::bind(&C::run, this)`: `this`), through
/// value wrappers, functional casts and std::ref / std::cref / std::move;
/// null otherwise. (entryObjectArg does not use it yet: only the
/// forwarded arguments of the spawn name the object there.)
const Expr *boundObjectArg(const Expr *Callable, const FunctionDecl *MD);

/// Pairs each parameter of entryFunction(S) with the argument the spawn binds
/// to it (std::thread(f, std::ref(x), &y), pthread_create's last argument).
llvm::SmallVector<std::pair<const ParmVarDecl *, const Expr *>, 4>
entryParamBindings(const ThreadSpawn &S);

// classifyExecutor, executorDecl and ExecutorKind live in Executors.h (the
// one executor classifier); included here for the existing users.

/// `threads.emplace_back(f, args...)` (also emplace, emplace_front) on a
/// container whose element type is a thread type: the thread is constructed
/// inside the container, so classifySpawn never sees a constructor in user
/// code. Returns the spawn with Site = the call and Callable = its first
/// argument.
std::optional<ThreadSpawn> classifyContainerEmplace(const Expr *E,
                                                    const SpawnOptions &Opts = {});

/// Whether what the thread started by \p S runs can differ from one iteration
/// of \p Loop (which contains the spawn) to the next: the callable or its
/// forwarded arguments (for a lambda: its captures, never its body) refer to
/// something that changes per iteration -- the range-for element, a variable
/// the loop modifies (induction variable, iterator, a queue it pops, a
/// variable passed to a non-const reference), a variable declared in the loop
/// whose initialiser varies (`auto &item = items[i]`, `int fd = accept(...)`)
/// -- or evaluating them changes state or calls a function outside namespace
/// std whose result may differ per call. False means every iteration starts
/// the same worker: a pool, not a thread per task.
bool spawnVariesPerIteration(const ThreadSpawn &S, const Stmt *Loop);

/// Whether the thread started by \p S visibly runs a worker loop, i.e. it is
/// a worker of a pool that takes many jobs, not one task: the body of
/// entryFunction(S) (defined in this TU; nested lambdas are not entered)
/// holds a loop that, in its condition,
/// increment or body, takes its next job from state the thread shares with
/// the other workers:
///  - a non-const member call whose value (not a reference or pointer) is
///    used: `while (auto j = q.pop())`, `if (!q.try_pop(j))`,
///    `next.fetch_add(1)`;
///  - an increment, decrement or compound assignment whose value is used:
///    `k = next++`;
///  - reading an element by reference and removing it with a discarded
///    non-const call on the same object: `j = q.front(); q.pop();`.
/// Shared state is what the thread does not own: a global or static, a
/// member reached through a captured or passed `this`, a by-reference
/// capture, a reference or pointer parameter, anything reached through a
/// pointer, reference or iterator dereference. Locals of the entry
/// function, by-value parameters, by-copy captures and a functor's own
/// value members are the thread's own.
/// The loop may also sit in a function the entry calls, up to two calls
/// deep (direct, non-virtual callees defined in this TU: `[this] {
/// drain_queue(); }`, a static trampoline calling the pool's member loop).
/// Direction: false when the body is not visible or the loop takes its
/// work in a way not listed here (through a virtual call, say); callers
/// that must stay silent on unknowns treat false as "not shown to be a
/// pool", not as "shown to be one task".
bool runsWorkerLoop(const ThreadSpawn &S);

/// Whether \p DC (a function, a lambda's call operator, a class) is or lies
/// inside a template pattern: analyse its instantiations instead (see the
/// template policy at the top of this file). Null is not a pattern.
bool isTemplatePattern(const DeclContext *DC);

/// Reports a finding once per source location, whichever instantiation of
/// a template (or whichever repeated match) finds it first; see the
/// template policy at the top of this file. Keep one per check instance and
/// clear it at the end of the translation unit.
class FindingDeduplicator {
public:
  /// True the first time \p Loc is passed.
  bool first(SourceLocation Loc) { return Seen.insert(Loc).second; }
  void clear() { Seen.clear(); }

private:
  llvm::DenseSet<SourceLocation> Seen;
};

} // namespace clang::tidy::conclint::utils

#endif
