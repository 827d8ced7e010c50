//===-- Compat.h - differences between the supported LLVM versions -*- C++ -*-===//
//
// conclint builds against LLVM 22 and LLVM 19 from one source tree
// (CONCLINT_LLVM_VERSION, see the README). Every difference between them that
// our sources meet is bridged here, so the checks read as LLVM 22 code.
// Contract: including this header changes nothing when built against LLVM 22.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_COMPAT_H
#define CONCLINT_CHECKS_UTILS_COMPAT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/Config/llvm-config.h"

#if LLVM_VERSION_MAJOR < 22
// LLVM 22 declares ClangTidyModuleRegistry in ClangTidyModule.h (and
// deprecates the separate header); LLVM 19 has it only in the separate one.
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

namespace clang::tidy::conclint::compat {

/// The canonical type of a class (LLVM 22 names it getCanonicalTagType; LLVM
/// 19 spells it getRecordType, whose result is canonical for a class).
inline QualType canonicalTagType(const ASTContext &Ctx,
                                 const CXXRecordDecl *RD) {
#if LLVM_VERSION_MAJOR < 22
  return Ctx.getRecordType(RD).getCanonicalType();
#else
  return Ctx.getCanonicalTagType(RD);
#endif
}

/// Where a call is reported: an overloaded operator call (`in >> x`) at its
/// operator token, any other call at its start. LLVM 22's
/// CallExpr::getBeginLoc, called through a CallExpr pointer, reaches the
/// operator token through the callee; LLVM 19's goes to the left operand.
/// This gives LLVM 22's answer under both.
inline SourceLocation callLoc(const CallExpr *Call) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    if (const Expr *Callee = Op->getCallee();
        Callee && Callee->getBeginLoc().isValid())
      return Callee->getBeginLoc();
  return Call->getBeginLoc();
}

} // namespace clang::tidy::conclint::compat

#endif
