//===-- ExprShapes.cpp - the wrappers around a written value ----*- C++ -*-===//

#include "ExprShapes.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/STLExtras.h"

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

namespace {
/// The classes a base written as \p T may be: the class itself, or for a
/// specialisation of a class template the primary pattern and every
/// visible partial or explicit specialisation.
void baseCandidates(QualType T,
                    llvm::SmallVectorImpl<const CXXRecordDecl *> &Out) {
  if (const auto *TST = T->getAs<TemplateSpecializationType>()) {
    const auto *CTD = dyn_cast_or_null<ClassTemplateDecl>(
        TST->getTemplateName().getAsTemplateDecl());
    if (!CTD)
      return;
    Out.push_back(CTD->getTemplatedDecl());
    llvm::SmallVector<ClassTemplatePartialSpecializationDecl *, 4> Partial;
    const_cast<ClassTemplateDecl *>(CTD)->getPartialSpecializations(Partial);
    Out.append(Partial.begin(), Partial.end());
    for (const ClassTemplateSpecializationDecl *S : CTD->specializations())
      if (S->isExplicitSpecialization())
        Out.push_back(S);
    return;
  }
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    Out.push_back(RD);
}

void lookupInBases(const CXXRecordDecl *RD, DeclarationName N,
                   llvm::SmallVectorImpl<const CXXMethodDecl *> &Out,
                   unsigned Depth) {
  RD = RD->getDefinition();
  if (!RD || Depth > 8)
    return;
  for (const CXXBaseSpecifier &B : RD->bases()) {
    llvm::SmallVector<const CXXRecordDecl *, 4> Classes;
    baseCandidates(B.getType(), Classes);
    for (const CXXRecordDecl *C : Classes) {
      const CXXRecordDecl *Def = C->getDefinition();
      if (!Def)
        continue;
      auto Found = Def->lookup(N);
      if (Found.empty()) {
        lookupInBases(Def, N, Out, Depth + 1);
        continue;
      }
      if (Def->isDependentContext())
        continue; // a template's own member: not an instantiation's method
      for (const NamedDecl *D : Found)
        if (const auto *MD = dyn_cast<CXXMethodDecl>(D->getUnderlyingDecl()))
          if (!llvm::is_contained(Out, MD->getCanonicalDecl()))
            Out.push_back(MD->getCanonicalDecl());
    }
  }
}
} // namespace

bool dependentThisCallees(const CXXDependentScopeMemberExpr *M,
                          llvm::SmallVectorImpl<const CXXMethodDecl *> &Out) {
  if (!M || M->isImplicitAccess() || M->getQualifier() ||
      M->hasExplicitTemplateArgs() || !M->getMember().isIdentifier())
    return false;
  const auto *This =
      dyn_cast_or_null<CXXThisExpr>(M->getBase()->IgnoreParenImpCasts());
  if (!This)
    return false;
  const CXXRecordDecl *RD =
      This->getType()->getPointeeType()->getAsCXXRecordDecl();
  if (!RD)
    return false;
  size_t Before = Out.size();
  lookupInBases(RD, M->getMember(), Out, 0);
  return Out.size() > Before;
}

} // namespace clang::tidy::conclint::utils
