//===-- CFGUtils.h - small helpers around clang's CFG -----------*- C++ -*-===//
//
// Building a statement-level CFG that also shows where automatic objects are
// destroyed, and naming the source location at which such an object leaves
// scope (for notes that point at the path).
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_CFGUTILS_H
#define CONCLINT_CHECKS_UTILS_CFGUTILS_H

#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceLocation.h"

#include <memory>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace clang::tidy::conclint::utils {

/// Builds the CFG of \p FD's body with every expression as its own element
/// (so each DeclRefExpr appears in evaluation order) and with the implicit
/// destructor calls of automatic objects. Returns null when \p FD has no body
/// or the CFG cannot be built.
std::unique_ptr<CFG> buildCFGWithDestructors(const FunctionDecl *FD,
                                             ASTContext &Ctx);

/// Where the object destroyed by \p Dtor leaves scope: the 'return',
/// 'break', 'continue' or 'goto' that triggers the destructor, or the closing
/// brace of the block that ends.
SourceLocation scopeExitLocation(const CFGAutomaticObjDtor &Dtor);

} // namespace clang::tidy::conclint::utils

#endif
