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
// dependentThisCallees(M) names the methods a member call on `this` in a
// template (`this->f(...)`, its callee a dependent member expression
// because `f` lives in a dependent base) can call: `f` looked up in each
// base of the enclosing class, a dependent base `B<T>` through its primary
// template and every partial or explicit specialisation of it that is
// visible, recursively (the first class on a path that declares the name
// ends that path). Only methods of classes that are not templates
// themselves are returned (a method of a template pattern is not the
// method an instantiation calls); returns false when the expression is not
// such a call or names none. Approximation: the candidates of every visible
// specialisation (an over-approximation of the callee set); a
// specialisation declared after the call, or in another file that is not
// included, is not seen.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_EXPRSHAPES_H
#define CONCLINT_CHECKS_UTILS_EXPRSHAPES_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::conclint::utils {

const Expr *stripValueWrappers(const Expr *E);
unsigned writtenArgs(const CallExpr *C);
const CallExpr *directCall(const Expr *E);
bool dependentThisCallees(const CXXDependentScopeMemberExpr *M,
                          llvm::SmallVectorImpl<const CXXMethodDecl *> &Out);

} // namespace clang::tidy::conclint::utils

#endif
