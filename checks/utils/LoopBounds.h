//===-- LoopBounds.h - how often does a loop run? ----------------*- C++ -*-===//
//
// Syntactic facts about how often a loop runs, shared by the cost model
// (CostModel.h) and conclint-thread-per-task:
//  - exact trip counts: a counted `for` over integer constants, a range-for
//    over a constant-size array / std::array / braced list, `do {} while
//    (false)`, `while (false)`; and the trip count of a nest of such loops;
//  - the shape of a one-pass loop over a container: a `for` bounded by a
//    container's size() / end(), a `while` draining a container (its
//    condition tests size() / empty(), its body removes an element), and
//    the element type walked;
//  - loops whose trip count is not data at all: a compare-and-swap retry or
//    a spin-wait on a standard atomic (amortised O(1), or waiting).
//
// Direction of approximation: a trip count (exact or a bound) is returned
// only when the code shows it; anything else is std::nullopt ("not shown
// constant"), and it is the caller's decision what an unknown count means.
// Shapes are recognised by their syntax only: a loop that is a one-pass
// scan written some other way is not recognised (the callers then treat it
// as a loop of unknown trip count).
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_LOOPBOUNDS_H
#define CONCLINT_CHECKS_UTILS_LOOPBOUNDS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::conclint::utils {

/// The value of an integer constant expression (not value- or
/// type-dependent, fitting in 63 bits), or std::nullopt.
std::optional<int64_t> evalConstantInt(const Expr *E, const ASTContext &Ctx);

/// The number of elements of a type known at compile time: built-in arrays
/// and std::array (through references); std::nullopt for any other type.
std::optional<uint64_t> constantSizeOfType(QualType T, const ASTContext &Ctx);

/// True for for, range-for, while and do statements.
bool isLoopStmt(const Stmt *S);

/// The body of a loop statement; null for anything else.
const Stmt *loopBody(const Stmt *Loop);

/// Loops directly nested in \p S (not inside lambdas, not inside the nested
/// loops themselves).
void collectInnerLoops(const Stmt *S, llvm::SmallVectorImpl<const Stmt *> &Out);

/// The constant trip count of a single loop (for, range-for over a
/// constant-size array / std::array / braced list, do-while(false),
/// while(false)), or std::nullopt when it depends on data or is unbounded.
std::optional<uint64_t> loopConstantTripCount(const Stmt *Loop,
                                              ASTContext &Ctx);

/// The trip count of the loop nest rooted at \p Loop (product along the
/// deepest nest, saturating), std::nullopt when any part is unknown.
std::optional<uint64_t> loopNestTripCount(const Stmt *Loop, ASTContext &Ctx);

/// The part of a loop that decides how often it runs: a for or while
/// condition, a range-for's range, a do loop's condition.
const Stmt *loopTripControl(const Stmt *Loop);

/// The value of \p E when it is a constant: an integer constant expression,
/// or the size() of a std::array (a constant of its type, whatever the
/// object).
std::optional<int64_t> constantIntValue(const Expr *E, const ASTContext &Ctx);

/// A constant that \p E never exceeds: a constant, or std::min of
/// arguments one of which has such a bound.
std::optional<int64_t> constantUpperBound(const Expr *E, const ASTContext &Ctx);

/// A constant bound on the trip count of a counted for loop whose exact
/// count is unknown: one conjunct of its condition compares the induction
/// variable, stepped by one towards it, with a constant upper bound
/// (`i < std::min(n, 4)`, `i < v.size() && i < 8`, `i <= 4`), from a
/// constant start (or any start, for an unsigned variable counting up).
std::optional<uint64_t> loopTripCountBound(const Stmt *Loop,
                                           const ASTContext &Ctx);

/// Whether the loop's trip control reads nothing but constants whose value
/// this TU does not show (`extern const int kWorkers;`, a static const
/// member defined elsewhere) besides literals and the loop's own variables:
/// the trip count is unknown, neither shown constant nor shown to come from
/// data.
bool loopBoundIsOpaqueConstant(const Stmt *Loop);

/// The induction variable of a counted for loop: the single integer
/// variable its init declares or assigns; null otherwise.
const VarDecl *loopInductionVariable(const Stmt *Loop);

/// The conjuncts (`a && b && c`) of a for or while loop's condition.
void loopConditionConjuncts(const Stmt *Loop,
                            llvm::SmallVectorImpl<const Expr *> &Out);

/// Whether a counted for loop counts to a plain scalar: its induction
/// variable, stepped by one or more, is compared in one `&&`-conjunct of the
/// condition with a bound built only from constants, parameters, data
/// members and globals of scalar type (`opts.parallel_threads`, `n`,
/// `limit_ - 1`), `std::min` with one such argument, `std::max` of such
/// arguments, or `hardware_concurrency()`; a local variable counts through
/// its initialiser. A bound that reads a container's size or any other
/// call result is not a plain scalar, and a bound with a constant cap
/// (`std::min(v.size(), 1000)`) is left to loopTripCountBound. Such a count is a configured degree
/// of parallelism as far as the translation unit shows, not shown to grow
/// with the input. Direction: false whenever the bound is not recognised.
bool loopCountsToScalar(const Stmt *Loop, const ASTContext &Ctx);

/// Whether a loop has no count at all: a while, do or for loop without an
/// increment whose condition is absent or has no relational comparison
/// (`<`, `<=`, `>`, `>=`), countdown (`n--`) or integer tested for zero
/// among its `&&`-conjuncts (`for (;;)`,
/// `while (running)`, `while (read(job))`, `while (!q.empty())`). Such a
/// loop runs as long as its input lasts; it is not counting anything.
bool loopIsOpenEnded(const Stmt *Loop);

/// Whether \p S mentions std::thread::hardware_concurrency(), directly or
/// through the initialiser of a variable it names (\p Depth levels deep).
bool mentionsHardwareConcurrency(const Stmt *S, unsigned Depth = 3);

/// The container whose size or end bounds a for loop with an increment: X
/// in `i < X.size()`, `it != X.end()`, `i < std::size(X)`; null otherwise.
const Expr *boundingContainer(const ForStmt *F);

/// The container a while loop drains: its condition tests `X.size()` or
/// `!X.empty()` and its body removes an element of X (pop_front, pop_back,
/// pop, erase), so it ends within one pass over X; null otherwise.
const Expr *drainedContainerOf(const WhileStmt *W);

/// The variable or member an expression names (`q`, `this->q`, `t.q`),
/// null for anything else.
const ValueDecl *objectDecl(const Expr *E);

/// Whether \p S (outside lambdas) removes an element from the container
/// named \p D: pop_front, pop_back, pop, erase.
bool removesFrom(const Stmt *S, const ValueDecl *D);

/// Whether \p T (through references) is a character string object: a
/// specialisation of a class template named basic_string or
/// basic_string_view (std::, boost:: or any other namespace).
bool isStringType(QualType T);

/// The string whose length bounds a one-pass loop over its characters: the
/// range of a range-for over a string; X in a for loop bounded by
/// `i < X.size()` / `it != X.end()` with X a string; or, for a while / do
/// loop whose condition is a countdown `n--` (`n-- > 0`, `n-- != 0`), the
/// string X of the local `n` initialised from `X.size()` / `X.length()` and
/// written nowhere but in such countdowns (`auto n = s.size(); while (n--)`).
/// Null otherwise.
const Expr *scannedString(const Stmt *Loop);

/// The end of the character range a one-pass loop walks: a for or while
/// loop one `&&`-conjunct of whose condition compares a variable that
/// points to characters (a `const char *`, or an iterator whose value_type
/// is a character type: plain char, wchar_t, char8/16/32_t, not the bytes
/// of signed or unsigned char) with an end of the same kind that the loop
/// does not write (`it != end`, `first != last`, `p < e`), every write of
/// the variable in the loop being a step by one, all in the same direction
/// (`++it`, `--last`; not passed to a non-const reference). It ends within
/// one pass over the characters between them: one pass over one string,
/// like scannedString's. Returns that end; null otherwise.
const Expr *scannedCharRange(const Stmt *Loop);

/// The element type of a container expression: an array's element type or
/// the class's value_type; null when unknown or dependent.
QualType elementTypeOf(const Expr *Container, ASTContext &Ctx);

/// Elements that are data (bytes, numbers, enumerators), which come in
/// large quantities, as opposed to objects (class types, pointers), which a
/// program keeps for bookkeeping. Unknown or dependent types count as data.
bool isDataElement(QualType T);

/// A compare-and-swap retry loop (`do { ... } while
/// (!a.compare_exchange_weak(...))`) or a spin-wait on an atomic (`while
/// (!ready.load())`): its condition calls a member of a standard atomic.
bool isAtomicRetryOrSpin(const Stmt *Loop);

/// A loop that walks waiting coroutines to resume or re-queue them (`while
/// (w) { n = w->next; w->h.resume(); w = n; }`): its body resumes a
/// std::coroutine_handle (`resume()`, `operator()`) or passes one to a call.
/// Scheduling, not computation: the loop itself is not CPU work (the loops
/// and calls inside it are judged on their own).
bool isCoroutineSchedulingLoop(const Stmt *Loop);

} // namespace clang::tidy::conclint::utils

#endif
