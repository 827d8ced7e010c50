//===-- Accesses.cpp - is a member call a write of its object? ------------===//

#include "utils/Accesses.h"
#include "utils/Lockset.h"
#include "utils/SyncTypes.h"
#include "utils/ThreadEntryPoints.h"
#include "utils/Walker.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
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

/// Declared anywhere inside namespace std (a member of a library class, a
/// function of an implementation namespace such as std::__detail).
bool inStd(const Decl *D) {
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent())
    if (DC->isStdNamespace())
      return true;
  return false;
}

/// Non-const member functions of standard containers that hand out a
/// reference or an iterator without changing the container.
bool isStdAccessorName(const CXXMethodDecl *MD) {
  if (!MD->getIdentifier())
    return MD->getOverloadedOperator() == OO_Subscript ||
           MD->getOverloadedOperator() == OO_Arrow ||
           MD->getOverloadedOperator() == OO_Star;
  return isAccessorName(MD->getName());
}

/// An element index that names one element whoever runs the call.
bool fixedIndex(const Expr *Idx, const ASTContext &Ctx) {
  return Idx && !Idx->isValueDependent() &&
         Idx->IgnoreParenImpCasts()->isIntegerConstantExpr(Ctx);
}

/// The data member of `this` that \p E names, through member and element
/// selections of an object (`this->a.b[0]` names `a`); null otherwise: a
/// selection through a pointer names another object, and an element whose
/// index each call computes for itself (`Slots[claimed]`, `v_[i]`) is not
/// shown to be the element another call touches (SharedAccesses'
/// mayTouchSame has the same rule).
const FieldDecl *thisField(const Expr *E, const ASTContext &Ctx) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
      if (!ASE->getBase()->IgnoreParenImpCasts()->getType()->isArrayType() ||
          !fixedIndex(ASE->getIdx(), Ctx))
        return nullptr; // through a pointer, or a per-call element
      E = ASE->getBase();
      continue;
    }
    // An element of a standard container (`v_[0] = x`, `m_[k] = v`: a map's
    // operator[] inserts, whatever the key).
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee());
      if (OC->getOperator() != OO_Subscript || !MD || !inStd(MD) ||
          OC->getNumArgs() != 2)
        return nullptr;
      const CXXRecordDecl *RD = MD->getParent();
      bool Inserts = RD->getIdentifier() && RD->getName().ends_with("map");
      if (!Inserts && !fixedIndex(OC->getArg(1), Ctx))
        return nullptr;
      E = OC->getArg(0);
      continue;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (!MD || !inStd(MD) || !isStdAccessorName(MD))
        return nullptr;
      if (MC->getNumArgs() > 0 && !fixedIndex(MC->getArg(0), Ctx))
        return nullptr; // `at(i)`, `find(k)`: a per-call element
      E = MC->getImplicitObjectArgument();
      continue;
    }
    const auto *ME = dyn_cast<MemberExpr>(E);
    if (!ME)
      return nullptr;
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD)
      return nullptr;
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      return FD;
    if (ME->isArrow() || FD->getType()->isReferenceType())
      return nullptr;
    E = ME->getBase();
  }
  return nullptr;
}

/// A member that a write can change: not const, not a reference (it names
/// another object), not a synchronisation object.
bool writableField(const FieldDecl *FD) {
  QualType T = FD->getType();
  return !T->isReferenceType() && !isConstType(T) &&
         !isSynchronisationType(T);
}

/// The sites of "writes state of its `this` with no synchronisation in
/// sight" (callShownToWrite): a write of a writable data member of `this`
/// is a local witness; a non-const call on `this`, or on a data member of
/// user class type, passes the fact on.
class WriteSites : public Walker {
public:
  explicit WriteSites(const ASTContext &Ctx) : Ctx(Ctx) {}
  const ASTContext &Ctx;
  llvm::SmallVector<Site, 8> Out;
  bool shouldVisitTemplateInstantiations() const override { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) override { return true; } // runs elsewhere

  void written(const Expr *Target, const Stmt *At) {
    if (const FieldDecl *FD = thisField(Target, Ctx))
      if (writableField(FD))
        Out.push_back(Site::root(At));
  }
  bool VisitBinaryOperator(BinaryOperator *BO) override {
    if (BO->isAssignmentOp())
      written(BO->getLHS(), BO);
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) override {
    if (UO->isIncrementDecrementOp())
      written(UO->getSubExpr(), UO);
    return true;
  }
  void call(const CallExpr *E, const CXXMethodDecl *MD, const Expr *Obj) {
    if (!MD || MD->isStatic() || MD->isConst() || !Obj)
      return;
    Obj = Obj->IgnoreParenImpCasts();
    if (isa<CXXThisExpr>(Obj)) {
      if (const FunctionDecl *Def = definitionOf(MD))
        Out.push_back(Site::call(E, Def));
      return;
    }
    const FieldDecl *FD = thisField(Obj, Ctx);
    if (!FD || !writableField(FD))
      return;
    if (inStd(MD)) {
      // The standard's contract: a non-const member function of a
      // library object modifies it ([res.on.data.races]).
      if (!isStdAccessorName(MD))
        Out.push_back(Site::root(E));
      return;
    }
    if (const FunctionDecl *Def = definitionOf(MD))
      Out.push_back(Site::call(E, Def));
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *E) override {
    call(E, E->getMethodDecl(), E->getImplicitObjectArgument());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *E) override {
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(E->getDirectCallee());
    if (!MD || E->getNumArgs() == 0)
      return true;
    if (E->isAssignmentOp() || E->getOperator() == OO_PlusPlus ||
        E->getOperator() == OO_MinusMinus)
      written(E->getArg(0), E);
    else
      call(E, MD, E->getArg(0));
    return true;
  }
};

/// The sites of "synchronises, or calls what cannot be followed"
/// (callShownToWrite): a synchronisation object other than an atomic
/// named, work handed off, an indirect, virtual or invisible call are local
/// witnesses; a call of a visible function outside namespace std passes
/// the fact on.
class SyncSites : public Walker {
public:
  explicit SyncSites(const SourceManager &SM) : SM(SM) {}
  llvm::SmallVector<Site, 8> Out;
  bool shouldVisitTemplateInstantiations() const override { return false; }
  bool TraverseLambdaExpr(LambdaExpr *) override { return true; }
  /// The exception a throw builds runs only on the path that leaves the
  /// function by that throw: whatever its constructor calls does not order
  /// the writes of the paths that go on.
  bool TraverseCXXThrowExpr(CXXThrowExpr *) override { return true; }

  /// A synchronisation object other than an atomic: an atomic orders
  /// itself, not the plain members written beside it (a claim protocol
  /// gives each call its own element, which WriteSites does not count).
  static bool syncTyped(QualType T) {
    const CXXRecordDecl *RD = recordBehind(T);
    if (RD && (RD->isLambda() ||
               (RD->isInStdNamespace() && RD->getIdentifier() &&
                RD->getName().starts_with("atomic"))))
      return false;
    if (T->isPointerType())
      T = T->getPointeeType();
    return !T->isAtomicType() && isSynchronisationType(T);
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) override {
    if (isa<VarDecl>(E->getDecl()) && syncTyped(E->getType()))
      Out.push_back(Site::root(E));
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) override {
    if (isa<FieldDecl>(E->getMemberDecl()) && syncTyped(E->getType()))
      Out.push_back(Site::root(E));
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) override {
    if (classifySpawn(E))
      Out.push_back(Site::root(E));
    else if (syncTyped(E->getType()))
      Out.push_back(Site::root(E));
    else
      callee(E, E->getConstructor());
    return true;
  }
  bool VisitCallExpr(CallExpr *E) override {
    if (classifySpawn(E)) {
      Out.push_back(Site::root(E));
      return true;
    }
    const FunctionDecl *FD = E->getDirectCallee();
    if (!FD) {
      // A call through a pointer; a pseudo-destructor call is none.
      if (!isa<CXXPseudoDestructorExpr>(E->getCallee()->IgnoreParens()))
        Out.push_back(Site::root(E));
      return true;
    }
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
      if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
          !MD->getParent()->hasAttr<FinalAttr>()) {
        Out.push_back(Site::root(E)); // an override may run
        return true;
      }
    callee(E, FD);
    return true;
  }

private:
  void callee(const Expr *E, const FunctionDecl *FD) {
    if (!FD)
      return;
    if (FD->getBuiltinID())
      return; // atomic builtins included (see syncTyped)
    if (inStd(FD) || FD->isReplaceableGlobalAllocationFunction())
      return; // the standard's contract (see the header)
    if (const FunctionDecl *Def = definitionOf(FD)) {
      Out.push_back(Site::call(E, Def));
      return;
    }
    // No body here: a C function of a system header synchronises only
    // through its arguments (seen by type); anything else is unknown.
    if (FD->isExternC() && SM.isInSystemHeader(FD->getLocation()))
      return;
    if (FD->isDefaulted() || FD->isTrivial())
      return;
    Out.push_back(Site::root(E));
  }
  const SourceManager &SM;
};

} // namespace

bool isAccessorName(llvm::StringRef N) {
  return N == "begin" || N == "end" || N == "rbegin" || N == "rend" ||
         N == "find" || N == "at" || N == "front" || N == "back" ||
         N == "data" || N == "lower_bound" || N == "upper_bound" ||
         N == "equal_range" || N == "get" || N == "value" || N == "first" ||
         N == "second";
}

bool SelfSyncOracle::callShownToWrite(const CXXMethodDecl *MD, bool Exact) {
  if (!MD || MD->isStatic() || MD->isConst())
    return false;
  const CXXRecordDecl *RD = MD->getParent();
  if (!RD || RD->isLambda() || inStd(MD))
    return false;
  if (!Exact && MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
      !RD->hasAttr<FinalAttr>())
    return false; // an override may run instead
  const FunctionDecl *Def = definitionOf(MD);
  if (!Def || Def->isDependentContext())
    return false;
  if (!WritesState) {
    WritesState = std::make_unique<CallSummaries>([](const FunctionDecl *F) {
      WriteSites V(F->getASTContext());
      if (isa<CXXMethodDecl>(F) && !F->isDependentContext())
        V.TraverseStmt(F->getBody());
      return std::move(V.Out);
    });
    const SourceManager &SM = Ctx.getSourceManager();
    Synchronises =
        std::make_unique<CallSummaries>([&SM](const FunctionDecl *F) {
          SyncSites V(SM);
          if (F->isDependentContext())
            V.Out.push_back(Site::root(F->getBody()));
          else
            V.TraverseStmt(F->getBody());
          return std::move(V.Out);
        });
  }
  return WritesState->get(Def).Holds && !Synchronises->get(Def).Holds;
}

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
    struct Visitor : Walker {
      SelfSyncOracle *O;
      bool Safe = true;
      bool VisitMemberExpr(MemberExpr *ME) override {
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
  struct Visitor : Walker {
    SelfSyncOracle *O;
    bool Safe = true;
    llvm::SmallPtrSet<const CXXThisExpr *, 8> AsBase;
    bool VisitMemberExpr(MemberExpr *ME) override {
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
    bool VisitCXXThisExpr(CXXThisExpr *TE) override {
      Safe = AsBase.contains(TE);
      return Safe;
    }
    bool VisitLambdaExpr(LambdaExpr *) override {
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

} // namespace clang::tidy::conclint::utils
