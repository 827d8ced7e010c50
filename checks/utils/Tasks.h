//===-- Tasks.h - which coroutine return types are lazy tasks ----*- C++ -*-===//
//
// Decides, for the type a call returns, whether it is a *lazy task*: the
// return type of a coroutine whose body does not start when the coroutine
// is called (its promise's initial_suspend() returns an awaiter that
// suspends), and that the caller is meant to co_await. Dropping such an
// object unawaited means the coroutine body never runs. Used by
// conclint-task-never-awaited.
//
// How a type is read:
//  - the promise type: a nested `promise_type` of the returned class (what
//    std::coroutine_traits uses by default), else the `promise_type` of a
//    std::coroutine_traits specialisation of this translation unit whose
//    first argument is the returned type (how Asio attaches its promise to
//    asio::awaitable); for a call of a coroutine defined in this
//    translation unit, the promise Sema chose for it;
//  - initial_suspend(): looked up in the promise and its base classes; the
//    awaiter it returns is read from its declared return type, or, for a
//    deduced `auto` not deduced in this translation unit, from the type of
//    the expression its body returns;
//  - the awaiter: std::suspend_always suspends (lazy), std::suspend_never
//    does not (eager); any other class is read through its await_ready(),
//    whose body must return a constant (false: lazy, true: eager);
//  - awaitable: the class has await_ready() or a member operator co_await
//    (a lazy generator that cannot be awaited is not a task).
// The LazyTaskTypes names (Names.h patterns, matched against the class or
// class template) are lazy tasks whatever their declarations say.
//
// Direction of approximation: anything not read as above (no promise found,
// an initial_suspend or await_ready whose answer is not a constant, a class
// awaited only through a free operator co_await or another coroutine's
// await_transform) is Unknown, and callers treat Unknown as "not a lazy
// task" (silence).
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_TASKS_H
#define CONCLINT_CHECKS_UTILS_TASKS_H

#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::conclint::utils {

/// How a coroutine with a given return type starts.
enum class TaskStart {
  Lazy,    ///< suspends before its body: nothing runs until it is resumed
  Eager,   ///< runs its body up to the first suspension when called
  Unknown, ///< not decided (see the header)
};

/// The promise class of a coroutine returning \p T (see the header), or null.
const CXXRecordDecl *promiseOf(QualType T, ASTContext &Ctx);

/// How a coroutine whose promise is \p Promise starts.
TaskStart startOfPromise(const CXXRecordDecl *Promise);

/// Whether \p T can be co_awaited by a coroutine whose promise has no
/// await_transform: it has await_ready() or a member operator co_await.
bool isAwaitableClass(QualType T);

/// Whether `co_await` of a \p Task value compiles in the coroutine \p Coro:
/// \p Task is awaitable (isAwaitableClass) and Coro's promise has no
/// await_transform, or Coro returns a specialisation of the same class
/// template as \p Task whose template arguments after the first are the
/// same (asio::awaitable<T, Executor> awaits any awaitable<U, Executor>).
/// False when not known.
bool canCoAwaitIn(QualType Task, const FunctionDecl *Coro);

/// Classifies task types; one per check instance, cleared per translation
/// unit (it caches per canonical type).
class TaskTypes {
public:
  /// \p LazyTaskTypes: the LazyTaskTypes option (`;`-separated patterns).
  explicit TaskTypes(llvm::StringRef LazyTaskTypes);

  /// Lazy for an awaitable class whose coroutines start suspended (or a
  /// configured one), Eager for one that starts eagerly, Unknown otherwise.
  TaskStart classify(QualType T, ASTContext &Ctx);
  /// classify(T) == Lazy.
  bool isLazyTask(QualType T, ASTContext &Ctx) {
    return classify(T, Ctx) == TaskStart::Lazy;
  }

  /// If \p E (a call, looked through implicit nodes, parentheses and
  /// temporaries) creates a lazy task, the call; else null. A call of a
  /// coroutine defined in this translation unit is decided by the promise
  /// Sema chose for it, any other by the type it returns.
  const CallExpr *lazyTaskCall(const Expr *E, ASTContext &Ctx);

  void clear() { Cache.clear(); }

private:
  NameSet Configured;
  llvm::DenseMap<const Type *, TaskStart> Cache;
};

/// The call under implicit nodes, parentheses, temporaries and
/// copy/move constructions of the same type; null if \p E is no call.
const CallExpr *underlyingCall(const Expr *E);

} // namespace clang::tidy::conclint::utils

#endif
