//===-- ExprShapes.h - the wrappers around a written value ------*- C++ -*-===//
//
// Clang wraps the value a programmer wrote in implicit nodes (casts,
// temporaries, full-expressions, parentheses, and a converting or copying
// constructor of one argument). Analyses that ask "which expression was
// written here" look through them with this one function.
//
// Contract: stripValueWrappers(E) returns the innermost expression reached by
// repeatedly removing implicit nodes, parentheses and a one-argument
// constructor call that is not written as a temporary object (`T(x)` written
// with braces or a type name stays). It never moves to a different value
// (a call's argument other than the constructed one, a member's base); null
// stays null. Exact: no approximation.
//
// writtenArgs(C) is the number of arguments written in the source: trailing
// default arguments (Asio's constraint parameters, defaulted ones) left out.
// directCall(E) is E as a call whose callee is a known function, else null.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_EXPRSHAPES_H
#define CONCLINT_CHECKS_UTILS_EXPRSHAPES_H

#include "clang/AST/Expr.h"

namespace clang::tidy::conclint::utils {

const Expr *stripValueWrappers(const Expr *E);
unsigned writtenArgs(const CallExpr *C);
const CallExpr *directCall(const Expr *E);

} // namespace clang::tidy::conclint::utils

#endif
