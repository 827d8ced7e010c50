//===-- Executors.h - what runs the work handed to an executor --*- C++ -*-===//
//
// The one executor classifier: given the executor or execution-context
// argument of a post/dispatch/defer/co_spawn/bind_executor (an
// `asio::io_context`, `pool.get_executor()`, a strand over either, ...),
// says what runs the handlers: an event loop (an io_context: as many
// threads as call run() on it), a thread pool (several threads), and
// whether a strand serialises them.
//
// Recognition is by the class of the expression (after `get_executor()`,
// wrappers and implicit conversions), named by the EventLoops / ThreadPools
// patterns of Names.h; a strand is looked through to the executor it wraps
// (`strand<io_context::executor_type>` is an event loop, serialised), and a
// nested executor type to its enclosing class (`io_context::executor_type`
// is the io_context's). The defaults name the classes by their own names
// (`io_context`, `io_service`; `thread_pool`, `static_thread_pool`) in any
// namespace, as Asio, Boost.Asio and the executors proposal spell them; a
// check with an EventLoopExecutors option passes its own names.
//
// Direction of approximation: an executor of any other class is Unknown,
// and every user of this header treats Unknown as "not known to be an event
// loop, not known to be a pool" (silence on unknown).
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_EXECUTORS_H
#define CONCLINT_CHECKS_UTILS_EXECUTORS_H

#include "Names.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::conclint::utils {

/// What an executor (or execution context) argument runs handlers on.
enum class ExecutorKind {
  ThreadPool, ///< a thread pool or its executor: several threads
  Strand,     ///< a strand: handlers never overlap
  IoContext,  ///< an io_context: as many threads as call run() on it
  Unknown,
};

/// The classes that are event loops and thread pools.
struct ExecutorNames {
  NameSet EventLoops;
  NameSet ThreadPools;
  /// `io_context;io_service` and `thread_pool;static_thread_pool`.
  static const ExecutorNames &defaults();
  static ExecutorNames fromOptions(llvm::StringRef EventLoops,
                                   llvm::StringRef ThreadPools);
};

/// The full answer for one executor expression.
struct ExecutorClass {
  /// IoContext, ThreadPool or Unknown: the execution context behind it.
  ExecutorKind Context = ExecutorKind::Unknown;
  /// A strand wraps it: its handlers never overlap.
  bool Strand = false;
};

ExecutorClass describeExecutor(const Expr *Executor,
                               const ExecutorNames &Names =
                                   ExecutorNames::defaults());

/// Strand for any strand, else the context's kind (the classification the
/// shared-state analysis uses: a strand serialises whatever it wraps).
ExecutorKind classifyExecutor(const Expr *Executor,
                              const ExecutorNames &Names =
                                  ExecutorNames::defaults());

/// An event loop, its executor, or a strand over either.
bool isEventLoopExecutor(const Expr *Executor,
                         const ExecutorNames &Names = ExecutorNames::defaults());
/// A thread pool, its executor, or a strand over either.
bool isThreadPoolExecutor(const Expr *Executor,
                          const ExecutorNames &Names =
                              ExecutorNames::defaults());

/// The variable or member naming the execution context behind an executor
/// expression (`pool`, `pool.get_executor()`, `io`); null when unnamed.
const ValueDecl *executorDecl(const Expr *Executor);

} // namespace clang::tidy::conclint::utils

#endif
