//===-- ExprShapes.cpp - the wrappers around a written value ----*- C++ -*-===//

#include "ExprShapes.h"

#include "clang/AST/ExprCXX.h"

namespace clang::tidy::conclint::utils {

const Expr *stripValueWrappers(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    // IgnoreImplicit also steps over temporaries and full-expressions.
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
      if (CE->getNumArgs() == 1 && !isa<CXXTemporaryObjectExpr>(CE))
        E = CE->getArg(0);
    if (E == Prev)
      break;
  }
  return E;
}

unsigned writtenArgs(const CallExpr *C) {
  unsigned N = C->getNumArgs();
  while (N > 0 && isa<CXXDefaultArgExpr>(C->getArg(N - 1)))
    --N;
  return N;
}

const CallExpr *directCall(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CallExpr>(E);
  return Call && Call->getDirectCallee() ? Call : nullptr;
}

} // namespace clang::tidy::conclint::utils
