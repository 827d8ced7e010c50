//===-- ConstArgs.h - zero arguments along a call chain ---------*- C++ -*-===//
//
// What a callee's body does can depend on the arguments of the call that
// runs it: `send(msg, /*ack=*/false)` never runs the `if (ack)` branch of
// `send`. A client that follows one call chain (blocking-call-under-lock's
// chains, utils/SharedAccesses' walk) specialises the callee on that call:
//
//  - zeroArgs(): the parameters of the callee that are zero at one call.
//    An argument is zero when utils::zeroCondition (BlockingCalls.h) shows
//    it zero given the zero parameters of the caller: a constant zero
//    (`0`, `false`, an enumerator of value 0, a constant default argument),
//    or `p`, `(long)p`, `p * 1000 + q / 1000` ... of caller parameters p, q
//    that are zero in this chain and never written in the caller's body.
//    So a binding follows the chain through any number of calls.
//  - conditionUnder(): the value of a branch condition given such zero
//    parameters (parameters never written in their body): false when it is
//    shown zero (`ack`, `n * k`, `p && x`, `p == 1`... see the function),
//    true when shown non-zero (`!ack`, `p == 0`, `ack || x` with x shown
//    non-zero); std::nullopt when not decided. A branch whose condition is
//    decided against it does not run in that chain.
//
// Only zero is bound: a non-zero constant (`true`, `42`) decides nothing
// about `p == 42` here, and a pointer argument `nullptr` is not bound.
//
// Direction of approximation: prunes only what is shown dead. A condition
// that reads anything but a constant or a parameter bound zero in this
// chain (a member, a call, a parameter the body writes, one whose argument
// is not a constant) is not decided, and both of its branches run; a
// client with no chain (a function analysed on its own) binds nothing.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_CONSTARGS_H
#define CONCLINT_CHECKS_UTILS_CONSTARGS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace clang::tidy::conclint::utils {

/// The zero parameters of \p Callee at \p Call (a CallExpr; anything else
/// binds nothing new): those whose argument is zero given the caller's zero
/// parameters \p Outer. The parameters of \p Outer that belong to other
/// functions than \p Callee are kept: a lambda run inside the callee reads
/// its enclosing frames.
llvm::SmallVector<const ParmVarDecl *, 4>
zeroArgs(const Expr *Call, const FunctionDecl *Callee,
         llvm::ArrayRef<const ParmVarDecl *> Outer);

/// The value of the branch condition \p Cond when every parameter of
/// \p Zero is zero: false when shown zero, true when shown non-zero,
/// std::nullopt when not decided (see the header).
std::optional<bool> conditionUnder(const Expr *Cond,
                                   llvm::ArrayRef<const ParmVarDecl *> Zero,
                                   const ASTContext &Ctx);

} // namespace clang::tidy::conclint::utils

#endif
