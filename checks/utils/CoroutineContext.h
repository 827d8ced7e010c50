//===-- CoroutineContext.h - where a coroutine's code runs ------*- C++ -*-===//
//
// Recognises C++20 coroutines and answers, for a statement in a coroutine
// body, whether it runs after a real switch to another executor (a thread
// pool) or on the executor that resumes the coroutine (usually an event
// loop). Shared by conclint-blocking-call-in-coroutine and
// conclint-cpu-bound-on-event-loop.
//
// The switch analysis is one structured dataflow pass over the coroutine
// body (no CFG), linear in the number of statements and awaits: each loop's
// effect is summarised once (the body's transfer function) to find the state
// at its head, so no statement is looked at twice. Its rules:
//  - a co_await of a thread-switch awaitable (ThreadSwitchAwaitables) moves
//    the coroutine off the event loop;
//  - the next co_await (or co_yield) of an ordinary awaitable brings it back:
//    Asio timers and sockets complete on the coroutine's own executor;
//  - an await inside a branch (if/else arm, switch body, loop body, the
//    right side of && and ||, a ?: arm, a catch handler) that does not also
//    hold the statement may or may not have run: an ordinary await there
//    ends a switch, a switch there does not start one (an await in the
//    other arm of the same if or ?: is not on the statement's path at all);
//  - inside a loop, the awaits after the statement reach it again through
//    the back edge (an ordinary one there ends a switch made before the
//    loop; an unconditional switch inside the loop before the statement
//    still counts);
//  - early exits (return, co_return, break, continue, throw) are ignored.
// So the answer errs towards "on the event loop": a checker using it may
// report a statement that only runs after a switch on paths the analysis
// cannot see, but does not miss one that can run on the loop.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_COROUTINECONTEXT_H
#define CONCLINT_CHECKS_UTILS_COROUTINECONTEXT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "Executors.h"
#include "Names.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::conclint::utils {

/// True if \p FD (a function, member function or lambda call operator,
/// template or not) has a body that holds co_await, co_yield or co_return.
bool isCoroutine(const FunctionDecl *FD);

/// The compound statement the user wrote as the coroutine's body (inside
/// clang's CoroutineBodyStmt); the plain body for any other function.
const Stmt *userBody(const FunctionDecl *FD);

/// The coroutine whose body directly contains \p S: not through a nested
/// lambda or local class (their bodies belong to them). Null if none. Uses
/// the ASTContext's parent map.
const FunctionDecl *enclosingCoroutine(const Stmt *S, ASTContext &Ctx);

/// The coroutine's name for diagnostics: "fetch", "Session::run", or
/// "lambda" for a lambda's call operator.
std::string coroutineDisplayName(const FunctionDecl *FD);

/// One entry of the ThreadSwitchAwaitables option: `callee` or
/// `callee(inner)`. `co_await X` is a thread switch when X is a call to
/// `callee` and, if `inner` is given, the call's first argument is a call to
/// `inner`. Both are patterns of the Names.h syntax (`::a::b`, `name`,
/// trailing `*`).
struct AwaitablePattern {
  std::string Callee;
  std::string Inner;
};

/// The default ThreadSwitchAwaitables option.
extern const char DefaultThreadSwitchAwaitables[];

// isEventLoopExecutor / isThreadPoolExecutor: see Executors.h.

/// Parses a `;`-separated ThreadSwitchAwaitables string.
std::vector<AwaitablePattern> parseAwaitablePatterns(llvm::StringRef S);

enum class AwaitKind {
  /// Resumes on the coroutine's own executor (timers, sockets, and the
  /// lookalike `asio::post(pool, asio::use_awaitable)`); ends a switch.
  Ordinary,
  /// Moves the coroutine to another executor until the next ordinary await.
  ThreadSwitch,
  /// Does not suspend and changes nothing (`co_await asio::this_coro::...`).
  Neutral,
};

/// Classifies one co_await / co_yield expression (CoawaitExpr,
/// DependentCoawaitExpr or CoyieldExpr; co_yield is always Ordinary).
AwaitKind classifyAwait(const Expr *Suspend,
                        llvm::ArrayRef<AwaitablePattern> Patterns);

/// The thread-switch analysis of one coroutine body. Build it once per
/// coroutine; queries are cheap. Statements inside nested lambdas that are
/// not coroutines themselves are known too (they are placed where the lambda
/// is written); nested coroutine lambdas and local classes are not.
class CoroutineSwitchAnalysis {
public:
  struct AwaitPoint {
    const Expr *E;
    AwaitKind Kind;
    unsigned Enter; ///< pre-order index of the await expression
    unsigned Exit;  ///< index after its last descendant
  };

  CoroutineSwitchAnalysis(const FunctionDecl *Coroutine,
                          llvm::ArrayRef<AwaitablePattern> Patterns);

  const FunctionDecl *coroutine() const { return Coro; }
  llvm::ArrayRef<AwaitPoint> awaits() const { return Awaits; }

  /// True if \p S was seen in the body.
  bool contains(const Stmt *S) const { return Index.count(S) != 0; }

  /// The parent of \p S inside the body (null at the body's root or for an
  /// unknown statement).
  const Stmt *parent(const Stmt *S) const { return Parents.lookup(S); }

  /// If \p S runs, on every path the analysis sees, after a real switch to
  /// another executor, returns the co_await that made the switch; else null
  /// (S may run on the coroutine's own executor, the event loop).
  const Expr *switchedBy(const Stmt *S) const;
  bool runsOffEventLoop(const Stmt *S) const { return switchedBy(S) != nullptr; }

  /// Every statement of the body in pre-order (lambda bodies included as
  /// described above).
  llvm::ArrayRef<const Stmt *> statements() const { return Order; }

private:
  struct Range {
    unsigned Enter = 0, Exit = 0;
  };
  /// The effect of a piece of code on "the switch in force": keep it, or
  /// replace it by a constant (null: back on the event loop).
  struct Transfer {
    bool Identity = true;
    const Expr *Const = nullptr;
  };
  using State = const Expr *; // the switch in force, or null
  void walk(const Stmt *S, const Stmt *Parent);
  bool holdsAwait(const Stmt *S) const;
  bool isChild(const Stmt *C, const Stmt *S) const;
  State flow(const Stmt *S, State In);
  State flowLoop(const Stmt *Loop, State In);
  Transfer transfer(const Stmt *S);
  Transfer loopTransfer(const Stmt *Loop);
  void fill(const Stmt *S, State In);

  const FunctionDecl *Coro;
  std::vector<AwaitablePattern> Patterns;
  std::vector<AwaitPoint> Awaits;
  std::vector<const Stmt *> Order;
  llvm::DenseMap<const Stmt *, const Stmt *> Parents;
  llvm::DenseMap<const Stmt *, Range> Index;
  llvm::DenseMap<const Expr *, AwaitKind> AwaitKinds;
  /// Number of awaits among Order[0, I).
  std::vector<unsigned> AwaitsBefore;
  /// The switch in force when Order[I] starts.
  std::vector<const Expr *> SwitchAt;
  llvm::DenseMap<const Stmt *, Transfer> Transfers;
  llvm::SmallVector<State, 2> SwitchEntry; // of the enclosing switch bodies
};

} // namespace clang::tidy::conclint::utils

#endif
