//===-- Tasks.cpp - which coroutine return types are lazy tasks -----------===//

#include "Tasks.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::conclint::utils {

namespace {

/// The definition of \p RD, or of the template it is a specialisation of
/// when this specialisation was never instantiated; null if neither exists.
const CXXRecordDecl *definitionOrPattern(const CXXRecordDecl *RD) {
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *Def = RD->getDefinition())
    return Def;
  if (const CXXRecordDecl *P = RD->getTemplateInstantiationPattern())
    return P->getDefinition();
  if (const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return S->getSpecializedTemplate()->getTemplatedDecl()->getDefinition();
  return nullptr;
}

const CXXRecordDecl *recordOfType(QualType T) {
  if (T.isNull())
    return nullptr;
  T = T.getNonReferenceType().getCanonicalType();
  if (const auto *RD = T->getAsCXXRecordDecl())
    return RD;
  // A dependent specialisation (a base written as `frame_base<Executor>`).
  if (const auto *TST = T->getAs<TemplateSpecializationType>())
    if (const auto *CTD = dyn_cast_or_null<ClassTemplateDecl>(
            TST->getTemplateName().getAsTemplateDecl()))
      return CTD->getTemplatedDecl();
  return nullptr;
}

/// The member named \p Name of \p RD or of one of its bases (first found,
/// breadth-first), looking at definitions or patterns.
const NamedDecl *lookupMember(const CXXRecordDecl *RD, DeclarationName Name) {
  llvm::SmallVector<const CXXRecordDecl *, 4> Work{definitionOrPattern(RD)};
  llvm::SmallPtrSet<const CXXRecordDecl *, 8> Seen;
  for (size_t I = 0; I < Work.size(); ++I) {
    const CXXRecordDecl *C = Work[I];
    if (!C || !Seen.insert(C).second)
      continue;
    for (const NamedDecl *D : C->lookup(Name))
      return D;
    for (const CXXBaseSpecifier &B : C->bases())
      Work.push_back(definitionOrPattern(recordOfType(B.getType())));
  }
  return nullptr;
}

const CXXRecordDecl *nestedPromise(const CXXRecordDecl *RD, ASTContext &Ctx) {
  const CXXRecordDecl *Def = definitionOrPattern(RD);
  if (!Def)
    return nullptr;
  for (const NamedDecl *D : Def->lookup(&Ctx.Idents.get("promise_type"))) {
    if (const auto *TD = dyn_cast<TypedefNameDecl>(D))
      return recordOfType(TD->getUnderlyingType());
    if (const auto *C = dyn_cast<CXXRecordDecl>(D))
      return C;
  }
  return nullptr;
}

/// The promise a std::coroutine_traits specialisation of this translation
/// unit gives coroutines returning \p T.
const CXXRecordDecl *traitsPromise(QualType T, ASTContext &Ctx) {
  for (const NamedDecl *NS :
       Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get("std"))) {
    const auto *Std = dyn_cast<NamespaceDecl>(NS);
    if (!Std)
      continue;
    // Inline namespaces (libc++'s std::__1) are visible in std's lookup.
    for (const NamedDecl *D : Std->lookup(&Ctx.Idents.get("coroutine_traits"))) {
      const auto *CTD = dyn_cast<ClassTemplateDecl>(D);
      if (!CTD)
        continue;
      for (const ClassTemplateSpecializationDecl *S : CTD->specializations()) {
        const TemplateArgumentList &Args = S->getTemplateArgs();
        if (Args.size() == 0 || Args[0].getKind() != TemplateArgument::Type ||
            !Ctx.hasSameType(Args[0].getAsType(), T))
          continue;
        if (const CXXRecordDecl *P = nestedPromise(S, Ctx))
          return P;
      }
    }
  }
  return nullptr;
}

/// The type \p M returns: its declared return type, or for an undeduced
/// `auto` the type of the expression its body returns.
QualType awaiterType(const FunctionDecl *M) {
  QualType R = M->getReturnType();
  if (!R->isUndeducedType() && !R->isDependentType())
    return R;
  const FunctionDecl *Body = nullptr;
  if (!M->hasBody(Body))
    return {};
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Body->getBody()))
    for (const Stmt *S : CS->body())
      if (const auto *Ret = dyn_cast<ReturnStmt>(S))
        if (const Expr *V = Ret->getRetValue())
          if (!V->getType()->isDependentType())
            return V->getType();
  return {};
}

/// Reads a body that is one `return <constant>;`.
std::optional<bool> constantReturn(const FunctionDecl *FD) {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def))
    return std::nullopt;
  const auto *CS = dyn_cast_or_null<CompoundStmt>(Def->getBody());
  if (!CS || CS->size() != 1)
    return std::nullopt;
  const auto *Ret = dyn_cast<ReturnStmt>(CS->body_front());
  if (!Ret || !Ret->getRetValue() || Ret->getRetValue()->isValueDependent())
    return std::nullopt;
  bool Value = false;
  if (!Ret->getRetValue()->EvaluateAsBooleanCondition(Value,
                                                      Def->getASTContext()))
    return std::nullopt;
  return Value;
}

} // namespace

const CallExpr *underlyingCall(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    // IgnoreImplicit also steps over temporaries and full-expressions
    // (MaterializeTemporaryExpr, CXXBindTemporaryExpr, ExprWithCleanups).
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *C = dyn_cast<CXXConstructExpr>(E))
      if (C->getNumArgs() == 1 && C->getConstructor()->isCopyOrMoveConstructor())
        E = C->getArg(0);
    if (const auto *Call = dyn_cast<CallExpr>(E))
      return Call;
    if (E == Prev)
      return nullptr;
  }
  return nullptr;
}

const CXXRecordDecl *promiseOf(QualType T, ASTContext &Ctx) {
  const CXXRecordDecl *RD = recordOfType(T);
  if (!RD)
    return nullptr;
  if (const CXXRecordDecl *P = nestedPromise(RD, Ctx))
    return P;
  return traitsPromise(T.getNonReferenceType().getCanonicalType()
                           .getUnqualifiedType(),
                       Ctx);
}

TaskStart startOfPromise(const CXXRecordDecl *Promise) {
  if (!Promise)
    return TaskStart::Unknown;
  ASTContext &Ctx = Promise->getASTContext();
  const NamedDecl *Found =
      lookupMember(Promise, &Ctx.Idents.get("initial_suspend"));
  const auto *Init = dyn_cast_or_null<FunctionDecl>(Found);
  if (const auto *FTD = dyn_cast_or_null<FunctionTemplateDecl>(Found))
    Init = FTD->getTemplatedDecl();
  if (!Init)
    return TaskStart::Unknown;
  const CXXRecordDecl *Awaiter = recordOfType(awaiterType(Init));
  if (!Awaiter || !Awaiter->getIdentifier())
    return TaskStart::Unknown;
  if (Awaiter->isInStdNamespace()) {
    if (Awaiter->getName() == "suspend_always")
      return TaskStart::Lazy;
    if (Awaiter->getName() == "suspend_never")
      return TaskStart::Eager;
  }
  const auto *Ready = dyn_cast_or_null<FunctionDecl>(
      lookupMember(Awaiter, &Ctx.Idents.get("await_ready")));
  if (std::optional<bool> R = constantReturn(Ready))
    return *R ? TaskStart::Eager : TaskStart::Lazy;
  return TaskStart::Unknown;
}

bool isAwaitableClass(QualType T) {
  const CXXRecordDecl *RD = recordOfType(T);
  if (!RD)
    return false;
  ASTContext &Ctx = RD->getASTContext();
  return lookupMember(RD, &Ctx.Idents.get("await_ready")) ||
         lookupMember(RD,
                      Ctx.DeclarationNames.getCXXOperatorName(OO_Coawait));
}

bool canCoAwaitIn(QualType Task, const FunctionDecl *Coro) {
  const auto *CB =
      Coro ? dyn_cast_or_null<CoroutineBodyStmt>(Coro->getBody()) : nullptr;
  if (!CB || !CB->getPromiseDecl() || Task.isNull())
    return false;
  ASTContext &Ctx = Coro->getASTContext();
  const auto *Mine = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      recordOfType(Coro->getReturnType()));
  const auto *Theirs =
      dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOfType(Task));
  if (Mine && Theirs &&
      Mine->getSpecializedTemplate()->getCanonicalDecl() ==
          Theirs->getSpecializedTemplate()->getCanonicalDecl()) {
    const TemplateArgumentList &A = Mine->getTemplateArgs();
    const TemplateArgumentList &B = Theirs->getTemplateArgs();
    bool Same = A.size() == B.size();
    for (unsigned I = 1; Same && I < A.size(); ++I)
      Same = A[I].getKind() == TemplateArgument::Type &&
             B[I].getKind() == TemplateArgument::Type &&
             Ctx.hasSameType(A[I].getAsType(), B[I].getAsType());
    if (Same)
      return true;
  }
  const CXXRecordDecl *Promise =
      recordOfType(CB->getPromiseDecl()->getType());
  if (!Promise || !isAwaitableClass(Task))
    return false;
  return !lookupMember(Promise, &Ctx.Idents.get("await_transform"));
}

TaskTypes::TaskTypes(llvm::StringRef LazyTaskTypes)
    : Configured(NameSet::fromOption(LazyTaskTypes)) {}

namespace {
bool isConfigured(const NameSet &Configured, const CXXRecordDecl *RD) {
  if (!RD || Configured.empty())
    return false;
  if (Configured.contains(RD))
    return true;
  if (const auto *S = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    return Configured.contains(S->getSpecializedTemplate()->getTemplatedDecl());
  return false;
}
} // namespace

TaskStart TaskTypes::classify(QualType T, ASTContext &Ctx) {
  if (T.isNull() || T->isDependentType())
    return TaskStart::Unknown;
  QualType C = T.getNonReferenceType().getCanonicalType().getUnqualifiedType();
  auto [It, New] = Cache.try_emplace(C.getTypePtr(), TaskStart::Unknown);
  if (!New)
    return It->second;
  const CXXRecordDecl *RD = C->getAsCXXRecordDecl();
  TaskStart R = TaskStart::Unknown;
  if (isConfigured(Configured, RD))
    R = TaskStart::Lazy;
  else if (RD && isAwaitableClass(C))
    R = startOfPromise(promiseOf(C, Ctx));
  // Reading the promise does not classify other types: It is still valid.
  It->second = R;
  return R;
}

const CallExpr *TaskTypes::lazyTaskCall(const Expr *E, ASTContext &Ctx) {
  const CallExpr *Call = underlyingCall(E);
  // A call returning a reference (emplace_back, std::move) creates nothing.
  if (!Call || Call->isTypeDependent() || !Call->isPRValue())
    return nullptr;
  QualType T = Call->getType();
  if (!T->isRecordType())
    return nullptr;
  // A coroutine defined here: the promise Sema chose for it.
  if (const FunctionDecl *FD = Call->getDirectCallee()) {
    const FunctionDecl *Def = nullptr;
    if (FD->hasBody(Def) && Def)
      if (const auto *CB = dyn_cast<CoroutineBodyStmt>(Def->getBody())) {
        const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
        if (isConfigured(Configured, RD))
          return Call;
        if (!isAwaitableClass(T))
          return nullptr;
        const CXXRecordDecl *P =
            recordOfType(CB->getPromiseDecl()->getType());
        return startOfPromise(P) == TaskStart::Lazy ? Call : nullptr;
      }
  }
  return classify(T, Ctx) == TaskStart::Lazy ? Call : nullptr;
}

} // namespace clang::tidy::conclint::utils
