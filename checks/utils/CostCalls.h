//===-- CostCalls.h - what does one call cost? -------------------*- C++ -*-===//
//
// The cost model's knowledge of single calls, without following them into
// their callees (CostModel.h does that, with CallSummaries):
//  - the default catalogues of CPU-heavy library functions (sorting,
//    whole-range numeric algorithms, regular expressions, compression,
//    hashing) and of calls that suspend, block or do I/O (a loop making one
//    waits rather than computes);
//  - stream I/O (`os << x` on a stream that is not a string stream);
//  - iterator steps (`++it`, `--it` on a class that declares itself an
//    iterator): amortised constant time, as the standard requires of every
//    iterator ([iterator.requirements.general]), whatever walk the increment
//    makes inside (the next node of a tree climbs or descends links), so a
//    whole traversal costs one pass over the container;
//  - erasing the element an iterator designates from a node-based container
//    (`c.erase(it)`, the iterator not random-access): amortised constant, as
//    the standard requires of erase(q) on associative, unordered and list
//    containers, whatever walks the erase makes (the successor down the left
//    links of a subtree, the rebalancing up the parents), so a walk that
//    erases the elements it visits costs one pass;
//  - what a call expression calls (the function, or the function object
//    variable of `std::ranges::sort(...)`), and the constant size of an
//    algorithm's first range (`std::sort` over a std::array).
//
// Direction of approximation: a call is heavy only when it names a function
// of the HeavyFunctions catalogue; an unknown function is not heavy here
// (whether its body is, is CostModel's question). A range size is returned
// only when the type shows it.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_COSTCALLS_H
#define CONCLINT_CHECKS_UTILS_COSTCALLS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>

namespace clang::tidy::conclint::utils {

/// The default HeavyFunctions and NonCpuFunctions catalogues, `;`-separated
/// patterns of the Names.h syntax.
llvm::StringRef defaultHeavyFunctionList();
llvm::StringRef defaultNonCpuFunctionList();

/// `stream << x` / `stream >> x` (also chained) on a standard stream that
/// does I/O, i.e. not a string stream.
bool isStreamIO(const CallExpr *Call);

/// `++it`, `it++`, `--it`, `it--` (operator call or explicit
/// `it.operator++()`) on an object of class type that declares an
/// `iterator_category` (itself or a base): amortised constant work, not a
/// call whose body the cost model should charge. A class that does not say
/// it is an iterator is not one here.
bool isIteratorStep(const Expr *E);

/// `c.erase(it)`: a member `erase` whose one parameter is an iterator of a
/// node-based container (its class declares an `iterator_category` that is
/// not random-access or contiguous: a tree's, a list's, a hash table's).
/// Unlinking the one node it designates is amortised constant, as the
/// standard requires of `erase(q)` on associative, unordered and list
/// containers, whatever walks the implementation makes to find the
/// successor or to rebalance: not a call whose body the cost model should
/// charge. The erase of a range, of a key (all equal elements), or by a
/// random-access iterator (a contiguous container shifts its tail) is not
/// one.
bool isNodeErase(const Expr *E);

/// The declaration a call is made through: the function, or for a call of a
/// function object stored in a non-local variable (std::ranges::sort), that
/// variable; the constructor of a construction.
const NamedDecl *costCalledEntity(const Expr *E);

/// The function whose body runs for a call or construction, when known.
const FunctionDecl *costCalledFunction(const Expr *E);

/// For an algorithm call, the size of its first range when that range is a
/// constant-size array or std::array (sort(a.begin(), a.end()),
/// sort(std::begin(a), ...), ranges::sort(a), sort(a, a + N)); an execution
/// policy argument is skipped.
std::optional<uint64_t> firstRangeConstantSize(const Expr *Call,
                                               const ASTContext &Ctx);

} // namespace clang::tidy::conclint::utils

#endif
