//===-- Accesses.cpp - is a member call a write of its object? ------------===//

#include "utils/Accesses.h"
#include "utils/Lockset.h"
#include "utils/SyncTypes.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::conclint::utils {

namespace {

bool isConstType(QualType T) {
  T = T.getNonReferenceType();
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  return T.isConstQualified();
}

bool isPlainMethod(const CXXMethodDecl *MD) {
  return !MD->isStatic() && !MD->isConst() && !MD->isImplicit() &&
         !isa<CXXConstructorDecl, CXXDestructorDecl>(MD) &&
         !MD->isCopyAssignmentOperator() && !MD->isMoveAssignmentOperator() &&
         !MD->isDeleted();
}

bool hasLockableMember(const CXXRecordDecl *RD) {
  for (const FieldDecl *F : RD->fields())
    if (isLockableType(F->getType()))
      return true;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (const CXXRecordDecl *BR = B.getType()->getAsCXXRecordDecl())
      if (BR->hasDefinition() && hasLockableMember(BR->getDefinition()))
        return true;
  return false;
}

} // namespace

bool SelfSyncOracle::fieldIsSafe(const FieldDecl *FD) {
  QualType T = FD->getType();
  if (isConstType(T) || isSynchronisationType(T))
    return true;
  QualType U = T.getNonReferenceType();
  while (const ArrayType *AT = U->getAsArrayTypeUnsafe())
    U = AT->getElementType();
  if (U->isPointerType() && !T->isReferenceType())
    return false; // the pointer itself is mutable
  const CXXRecordDecl *RD = U->getAsCXXRecordDecl();
  if (!RD || RD->isInStdNamespace())
    return false;
  return synchronisesItself(RD) || holdsNoMutableState(RD);
}

bool SelfSyncOracle::holdsNoMutableState(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  if (RD->isInStdNamespace())
    return false;
  auto [It, New] = NoState.try_emplace(RD, Answer::InProgress);
  if (!New)
    return It->second == Answer::Yes;
  bool R = true;
  for (const FieldDecl *F : RD->fields())
    if (!fieldIsSafe(F)) {
      R = false;
      break;
    }
  if (R)
    for (const CXXBaseSpecifier &B : RD->bases())
      if (!holdsNoMutableState(B.getType()->getAsCXXRecordDecl())) {
        R = false;
        break;
      }
  NoState[RD] = R ? Answer::Yes : Answer::No;
  return R;
}

bool SelfSyncOracle::methodSynchronised(const CXXMethodDecl *MD) {
  const FunctionDecl *Def = MD->getDefinition();
  if (!Def || !Def->hasBody()) {
    // Defined in another translation unit: its class's rule decides (it
    // owns a lock, and every visible non-const method of it synchronises;
    // Poco's inline Event::wait() forwarding to EventImpl::waitImpl()).
    const CXXRecordDecl *RD = MD->getParent();
    return RD && !RD->isInStdNamespace() && RD->hasDefinition() &&
           hasLockableMember(RD->getDefinition()) && synchronisesItself(RD);
  }
  MD = cast<CXXMethodDecl>(Def);
  auto [It, New] = Methods.try_emplace(MD, Answer::InProgress);
  if (!New)
    return It->second != Answer::No; // in progress: optimistic
  bool R = false;
  if (const FunctionCFG *G = CFGs.get(MD, MD->getBody(), Ctx))
    if (auto Facts = FunctionLockFacts::analyze(*G, Ctx))
      for (const LockEvent &E : Facts->events())
        if (E.Kind == LockEvent::Acquire &&
            (!E.Lock || E.Lock->rootKind() == PathRoot::This)) {
          R = true;
          break;
        }
  if (!R) {
    // Forwarding only: every use of `this` state is safe.
    struct Visitor : RecursiveASTVisitor<Visitor> {
      SelfSyncOracle *O;
      bool Safe = true;
      bool VisitMemberExpr(MemberExpr *ME) {
        if (!isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
          return true;
        if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
          Safe = O->fieldIsSafe(FD);
        else if (const auto *M = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
          Safe = M->isConst() || M->isStatic() || O->methodSynchronised(M);
        return Safe;
      }
    } V;
    V.O = this;
    V.TraverseStmt(MD->getBody());
    R = V.Safe;
  }
  Methods[MD] = R ? Answer::Yes : Answer::No;
  return R;
}

bool SelfSyncOracle::callTouchesOnlySyncState(const CXXMethodDecl *MD,
                                              bool Exact) {
  if (!MD || MD->isStatic() ||
      isa<CXXConstructorDecl, CXXDestructorDecl>(MD))
    return false;
  const CXXRecordDecl *RD = MD->getParent();
  if (!RD || RD->isInStdNamespace() || RD->isLambda())
    return false;
  // A virtual call may run an override we do not see.
  if (!Exact && MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
      !RD->hasAttr<FinalAttr>())
    return false;
  const FunctionDecl *Def = MD->getDefinition();
  if (!Def || !Def->hasBody() || Def->isDependentContext())
    return false;
  MD = cast<CXXMethodDecl>(Def);
  auto [It, New] = OnlySync.try_emplace(MD, Answer::InProgress);
  if (!New)
    return It->second != Answer::No; // in progress: optimistic
  struct Visitor : RecursiveASTVisitor<Visitor> {
    SelfSyncOracle *O;
    bool Safe = true;
    llvm::SmallPtrSet<const CXXThisExpr *, 8> AsBase;
    bool VisitMemberExpr(MemberExpr *ME) {
      const auto *This =
          dyn_cast<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts());
      if (!This)
        return true;
      AsBase.insert(This);
      if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        Safe = O->fieldIsSafe(FD);
      else if (const auto *M = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
        Safe = M->isStatic() || O->callTouchesOnlySyncState(M);
      else
        Safe = false;
      return Safe;
    }
    // `this` other than as the object of a member access escapes.
    bool VisitCXXThisExpr(CXXThisExpr *TE) {
      Safe = AsBase.contains(TE);
      return Safe;
    }
    bool VisitLambdaExpr(LambdaExpr *) {
      Safe = false; // a lambda may capture `this`: not followed
      return false;
    }
  } V;
  V.O = this;
  V.TraverseStmt(MD->getBody());
  OnlySync[MD] = V.Safe ? Answer::Yes : Answer::No;
  return V.Safe;
}

bool SelfSyncOracle::synchronisesItself(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  if (RD->isInStdNamespace())
    return false;
  auto [It, New] = SelfSync.try_emplace(RD, Answer::InProgress);
  if (!New)
    return It->second != Answer::No;
  bool AnyVisible = false, All = true;
  for (const CXXMethodDecl *MD : RD->methods()) {
    if (!isPlainMethod(MD))
      continue;
    const FunctionDecl *Def = MD->getDefinition();
    if (!Def || !Def->hasBody())
      continue;
    AnyVisible = true;
    if (!methodSynchronised(MD)) {
      All = false;
      break;
    }
  }
  bool R = AnyVisible ? All : hasLockableMember(RD);
  SelfSync[RD] = R ? Answer::Yes : Answer::No;
  return R;
}

bool SelfSyncOracle::callIsSynchronised(const CXXMethodDecl *MD) {
  const CXXRecordDecl *RD = MD->getParent();
  if (!RD || RD->isInStdNamespace())
    return false;
  if (RD->isLambda())
    return true;
  return holdsNoMutableState(RD) || synchronisesItself(RD);
}

} // namespace clang::tidy::conclint::utils
