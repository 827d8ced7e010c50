//===-- Throws.h - can running this function let an exception out -*- C++ -*-===//
//
// One fact family over CallSummaries.h: "running the body of F can let an
// exception escape, visibly". Used by conclint-detached-exception-lost to
// tell whether work started with nowhere to deliver an exception (a thread
// entry, a co_spawn with asio::detached) can throw.
//
// The witnesses, in a body, outside the try block of any try statement of
// that body (a handler's own code is outside it: `throw;` there rethrows):
//  - a throw expression, except a throw of std::bad_alloc (or a class
//    derived from it: allocation failure is not counted, as operator new
//    is not); `throw;` only inside a handler whose try block shows an
//    origin (a site that is a witness, or a call of a function not
//    visibly quiet within a few calls): outside one it re-raises the
//    exception its caller is handling, and after a try block that shows
//    nothing it relays an exception of unknown origin;
//  - a call of a function known to throw on failure (ThrowingFunctions,
//    Names.h patterns: std::vector::at, std::stoi, std::optional::value,
//    ...), except a checked accessor whose precondition the path has
//    established: `o.value()` of an optional-like local or parameter (its
//    class has has_value()) where `o` is known to hold a value -- under a
//    test of it (`o`, `o.has_value()`, `o != std::nullopt`, through `!`,
//    `&&`, `||`, in if, ?:, && / ||, while and for conditions), after
//    `if (!o) return;` (any branch that never falls through), or after `o`
//    was assigned or emplaced a value or declared with one, in the same
//    block --, and `c.at(i)` of a local or parameter whose at() takes a
//    position (an integer by value, not a map's key) where `i < c.size()`
//    is known the same ways (`i < c.size()`, `c.size() > i`, after
//    `if (i >= c.size()) return;`); with no other use of `o`, `c` or `i` in
//    between that could change them (any use other than a const member,
//    value(), at(), *, ->, [] of the object, or a read of the index;
//    inside a loop, any such use anywhere in the loop);
//  - std::rethrow_exception only of an exception made on the spot
//    (`std::rethrow_exception(std::make_exception_ptr(e))`): otherwise it
//    and std::rethrow_if_nested relay an exception captured elsewhere (an
//    event loop re-raising what a handler threw), whose origin the summary
//    does not track; the relay alone is no witness;
//  - a co_await of an Asio I/O operation (ThrowingAsyncOperations: reads,
//    writes, accepts, connects, resolves on sockets and streams) whose
//    completion token is asio::use_awaitable: Asio throws the operation's
//    error_code as std::system_error in the awaiting coroutine, and these
//    fail from outside the program (a peer gone). Timer and channel waits
//    are not listed: they fail only when the program cancels or closes them.
// A precondition guard is not a witness: in a non-static member function
// (not a constructor, destructor or lambda), an `if` among the statements
// its body runs first -- before any call (but of a const member function, a
// function that does not return, as in an assert(), or __builtin_expect),
// construction by a user-provided constructor, assignment, increment, new,
// delete, throw or suspension -- whose
// condition is made only of truth tests of direct members of *this (`m`,
// `!m`, `m == nullptr`, `m != nullptr`, through `&&`, `||`,
// static_cast<bool> and __builtin_expect; a member of bool, pointer or
// class type: an integer or an enumeration is a count or a code) and whose
// branch ends in a throw or a call that does not return
// (`if (!impl_) throw invalid_operation(...)`, `if (ready_) throw
// promise_already_satisfied()`). Such a branch runs only when the caller
// misuses the object (an empty task, a moved-from promise, a second
// set_value), not on a run-time failure, so nothing in it is walked. It is
// a witness at a call instead (FailedPrecondition) where the caller shows
// that its receiver fails the test: the receiver is a local of the caller
// called with `.` (not through a pointer), the guard tests one member of
// the receiver's own class, and the last thing the caller did to the local
// before the call was
//  - its default construction by a constructor that is not user-provided,
//    and the member's default initialiser is a constant (a null pointer,
//    false) or, with none, the member is an empty std::unique_ptr or
//    std::shared_ptr (or, value-initialised, a null pointer or false); or
//  - a move from it (`std::move(v)` consumed by a move constructor or move
//    assignment of its class that is not user-provided), in a block that
//    holds the call, and the member is a std::unique_ptr or std::shared_ptr
//    (empty after the move).
// A guard on the state the function itself set up, a test of a parameter
// or of a call's result, a throw after the function has started doing
// things: all stay witnesses. std::thread's constructor (a failed
// pthread_create) and other standard library functions are untouched:
// their bodies are never read (system headers), only ThrowingFunctions.
// A call edge is dropped where the callee throws only on a truth test of a
// parameter (`if (ec) throw ...;`, to a small depth: with that parameter
// taken as false, nothing the callee runs shows a witness) and the argument
// is a local of the caller still in its default state: default-constructed,
// and every use of it in the caller only reads it through const members or
// const references, assigns it a default value, clears it, or hands it by
// reference to visible non-virtual functions whose uses do the same (an
// error code that run(ec) only ever clears, then throw_error(ec)). The
// default state is taken to test false.
// The edges, also outside try blocks: calls of functions defined in this
// translation unit (functions, member functions, constructors, lambdas'
// call operators) that are not declared non-throwing, not virtual (unless
// final: the override that runs is unknown), and not coroutines -- calling a
// coroutine only creates it --, except a coroutine call that is the operand
// of a co_await and whose promise's unhandled_exception() hands the
// exception on (its body calls std::current_exception or rethrows): its
// exception reaches the awaiter. Lambda bodies met in a body are not
// entered (defining a lambda runs nothing); only the operand of co_await,
// co_yield and co_return is read, never the awaiter calls Sema adds.
//
// Direction of approximation: towards silence. A try statement is taken to
// catch everything thrown in its try block, whatever its handlers' types;
// a callee without a visible body, or not followed as above, does not
// throw; standard library functions throw only when listed; a relayed
// exception counts only where its origin is shown; a throw behind a
// precondition guard counts only where the call visibly misuses the
// receiver (a state the member function could still throw on at run time,
// such as `if (closed_) throw closed()` of a peer-closed channel, is read
// as a misuse: missed). The precondition facts
// do not follow aliases (a reference parameter or a pointer to the
// variable written elsewhere between the test and the call) nor jumps into
// a block past its test (goto; a case label drops what its block knew).
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_THROWS_H
#define CONCLINT_CHECKS_UTILS_THROWS_H

#include "CallSummaries.h"
#include "Names.h"
#include "clang/AST/Decl.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringRef.h"

#include <memory>
#include <optional>

namespace clang::tidy::conclint::utils {

/// The default ThrowingFunctions option.
extern const char DefaultThrowingFunctions[];
/// The default ThrowingAsyncOperations option.
extern const char DefaultThrowingAsyncOperations[];

class ThrowAnalysis {
public:
  /// The payload of a local witness.
  enum WitnessKind : unsigned {
    ThrowExpression = 0, ///< `throw e;` or `throw;`
    ThrowingCall = 1,    ///< a call of a ThrowingFunctions function
    AsyncOperation = 2,  ///< co_await of an I/O operation with use_awaitable
    /// A member call whose receiver fails the callee's precondition guard
    /// (failedPrecondition).
    FailedPrecondition = 3,
  };

  /// \p ThrowingAsyncOperations empty: no awaited operation throws.
  ThrowAnalysis(llvm::StringRef ThrowingFunctions,
                llvm::StringRef ThrowingAsyncOperations);

  /// Whether running the body of \p FD (its definition) can visibly let an
  /// exception out (see the header).
  bool canThrow(const FunctionDecl *FD);
  /// The witness chain from \p FD (requires canThrow(FD)); Root is a
  /// CXXThrowExpr, a CallExpr or a CoawaitExpr as Payload says.
  CallChain chainFrom(const FunctionDecl *FD);
  /// Forgets everything (a new translation unit).
  void clear();

private:
  llvm::SmallVector<Site, 8> sites(const FunctionDecl *FD);

  NameSet Throwing;
  NameSet AsyncThrowing;
  std::unique_ptr<CallSummaries> Facts;
};

/// Whether the promise of the coroutine \p Coro hands an exception from its
/// body on to whoever awaits or receives the result (its
/// unhandled_exception() calls std::current_exception or rethrows).
bool promiseForwardsExceptions(const FunctionDecl *Coro);

/// Whether \p T throws std::bad_alloc (or a class derived from it): an
/// allocation failure, which is not counted anywhere else either (operator
/// new is not a witness).
bool throwsAllocationFailure(const CXXThrowExpr *T);

/// The branches of \p FD's precondition guards (see the header): they run
/// only when the receiver is misused.
void preconditionGuardBranches(const FunctionDecl *FD,
                               llvm::SmallPtrSetImpl<const Stmt *> &Out);

/// A call on a receiver that its callee's precondition guard rejects.
struct PreconditionFailure {
  /// The caller's local the call is made on.
  const VarDecl *Receiver = nullptr;
  /// The callee's guard that fires.
  const IfStmt *Guard = nullptr;
  /// "default-constructed" or "moved-from".
  const char *State = "";
};

/// Whether the member call \p Call, in the body \p Body of its caller, is
/// made on a local that fails a precondition guard of the callee (see the
/// header); if so, which and why.
std::optional<PreconditionFailure>
failedPrecondition(const CXXMemberCallExpr *Call, const Stmt *Body);

/// Whether \p E has the type of Asio's use_awaitable completion token.
bool isUseAwaitableToken(const Expr *E);

} // namespace clang::tidy::conclint::utils

#endif
