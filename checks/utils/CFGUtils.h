//===-- CFGUtils.h - small helpers around clang's CFG -----------*- C++ -*-===//
//
// Naming the source location at which an automatic object leaves scope, for
// notes that point at the path. The CFG itself (with the implicit destructor
// elements this reads) comes from utils::FunctionCFG in Dataflow.h.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_CFGUTILS_H
#define CONCLINT_CHECKS_UTILS_CFGUTILS_H

#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceLocation.h"

namespace clang::tidy::conclint::utils {

/// Where the object destroyed by \p Dtor leaves scope: the 'return',
/// 'break', 'continue' or 'goto' that triggers the destructor, or the closing
/// brace of the block that ends.
SourceLocation scopeExitLocation(const CFGAutomaticObjDtor &Dtor);

} // namespace clang::tidy::conclint::utils

#endif
