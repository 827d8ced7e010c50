//===-- Handoff.cpp - work handed off, and what it takes along ------------===//

#include "utils/Handoff.h"
#include "utils/Executors.h"
#include "utils/ExprShapes.h"
#include "utils/Names.h"
#include "utils/Spawns.h"
#include "utils/Walker.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::conclint::utils {

namespace {

const CXXRecordDecl *recordOfType(QualType T) {
  return T.getNonReferenceType()->getAsCXXRecordDecl();
}

bool isStdRecordNamed(QualType T, std::initializer_list<llvm::StringRef> Names) {
  const CXXRecordDecl *RD = recordOfType(T);
  if (!RD || !RD->getIdentifier() || !RD->isInStdNamespace())
    return false;
  for (llvm::StringRef N : Names)
    if (RD->getName() == N)
      return true;
  return false;
}

/// A standard container or string that owns its elements' storage.
bool isOwningType(QualType T) {
  return T.getNonReferenceType()->isArrayType() ||
         isStdRecordNamed(T, {"basic_string", "vector", "array"});
}

/// A non-owning view: string_view, span, Asio's buffers.
bool isViewType(QualType T) {
  if (isStdRecordNamed(T, {"basic_string_view", "span", "reference_wrapper"}))
    return true;
  const CXXRecordDecl *RD = recordOfType(T);
  return RD && RD->getIdentifier() && isInNamespace(RD, "asio") &&
         (RD->getName() == "const_buffer" || RD->getName() == "mutable_buffer" ||
          RD->getName() == "const_buffers_1" ||
          RD->getName() == "mutable_buffers_1");
}

bool isPointerOrView(QualType T) {
  return T->isPointerType() || isViewType(T);
}

bool isAutomaticOf(const VarDecl *V, const DeclContext *Owner) {
  return V && Owner && V->hasLocalStorage() && !V->isInitCapture() &&
         V->getDeclContext() == Owner;
}

const Stmt *ownerBody(const DeclContext *Owner) {
  if (const auto *FD = dyn_cast_or_null<FunctionDecl>(Owner))
    return FD->getBody();
  return nullptr;
}

/// Whether \p V may be changed after its initialiser in \p Body: assigned,
/// incremented, or its address or a non-const reference to it taken.
bool mayChangeAfterInit(const VarDecl *V, const Stmt *Body) {
  if (!Body)
    return true;
  struct Finder : Walker {
    const VarDecl *V;
    bool Found = false;
    bool names(const Expr *E) const {
      const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
      return DRE && DRE->getDecl() == V;
    }
    bool VisitBinaryOperator(BinaryOperator *BO) override {
      if (BO->isAssignmentOp() && names(BO->getLHS()))
        Found = true;
      return !Found;
    }
    bool VisitUnaryOperator(UnaryOperator *UO) override {
      if ((UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf) &&
          names(UO->getSubExpr()))
        Found = true;
      return !Found;
    }
    bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *OC) override {
      if (OC->isAssignmentOp() && OC->getNumArgs() > 0 && names(OC->getArg(0)))
        Found = true;
      return !Found;
    }
  } F;
  F.V = V;
  F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Found;
}

/// The automatic object a local reference variable is bound to.
const VarDecl *automaticReferent(const VarDecl *V, const DeclContext *Owner,
                                 unsigned Depth = 0) {
  if (!isAutomaticOf(V, Owner) || Depth > 8)
    return nullptr;
  if (!V->getType()->isReferenceType())
    return V;
  if (isa<ParmVarDecl>(V) || !V->getInit())
    return nullptr; // a reference parameter: the caller's object
  return referencedAutomatic(V->getInit(), Owner);
}

const VarDecl *pointedImpl(const Expr *E, const DeclContext *Owner,
                           unsigned Depth);

const VarDecl *referencedImpl(const Expr *E, const DeclContext *Owner,
                              unsigned Depth) {
  if (!E || Depth > 12)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!isAutomaticOf(V, Owner))
      return nullptr;
    if (!V->getType()->isReferenceType())
      return V;
    if (isa<ParmVarDecl>(V) || !V->getInit())
      return nullptr;
    return referencedImpl(V->getInit(), Owner, Depth + 1);
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (ME->isArrow())
      return pointedImpl(ME->getBase(), Owner, Depth + 1);
    return referencedImpl(ME->getBase(), Owner, Depth + 1);
  }
  if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
    const Expr *Base = AS->getBase()->IgnoreParens();
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(Base);
        IC && IC->getCastKind() == CK_ArrayToPointerDecay)
      return referencedImpl(IC->getSubExpr(), Owner, Depth + 1);
    return pointedImpl(Base, Owner, Depth + 1);
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_Deref)
      return pointedImpl(UO->getSubExpr(), Owner, Depth + 1);
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    if (OC->getOperator() == OO_Subscript && OC->getNumArgs() == 2 &&
        isOwningType(OC->getArg(0)->getType()))
      return referencedImpl(OC->getArg(0), Owner, Depth + 1);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *MD = MC->getMethodDecl())
      if (MD->getIdentifier() &&
          (MD->getName() == "front" || MD->getName() == "back" ||
           MD->getName() == "at") &&
          isOwningType(MC->getImplicitObjectArgument()->getType()))
        return referencedImpl(MC->getImplicitObjectArgument(), Owner,
                              Depth + 1);
  return nullptr;
}

const VarDecl *pointedImpl(const Expr *E, const DeclContext *Owner,
                           unsigned Depth) {
  if (!E || Depth > 12)
    return nullptr;
  // Look through wrappers, but stop at an array decay (the array is what
  // the pointer points into).
  while (true) {
    E = E->IgnoreParens();
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(E)) {
      if (IC->getCastKind() == CK_ArrayToPointerDecay)
        return referencedImpl(IC->getSubExpr(), Owner, Depth + 1);
      E = IC->getSubExpr();
      continue;
    }
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(E)) {
      E = EWC->getSubExpr();
      continue;
    }
    if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = MT->getSubExpr();
      continue;
    }
    if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E)) {
      E = BT->getSubExpr();
      continue;
    }
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E)) {
      E = FC->getSubExpr();
      continue;
    }
    if (const auto *CE = dyn_cast<ExplicitCastExpr>(E)) {
      E = CE->getSubExpr();
      continue;
    }
    break;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf)
      return referencedImpl(UO->getSubExpr(), Owner, Depth + 1);
    return nullptr;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    if (BO->isAdditiveOp() && BO->getType()->isPointerType())
      return pointedImpl(BO->getLHS()->getType()->isPointerType()
                             ? BO->getLHS()
                             : BO->getRHS(),
                         Owner, Depth + 1);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!isAutomaticOf(V, Owner) || isa<ParmVarDecl>(V))
      return nullptr;
    // An array handed to a forwarding parameter (std::thread's arguments)
    // decays in the callee: a pointer to its first element.
    if (V->getType()->isArrayType())
      return V;
    if (V->getType()->isReferenceType()) {
      if (!V->getInit())
        return nullptr;
      return pointedImpl(V->getInit(), Owner, Depth + 1);
    }
    if (!isPointerOrView(V->getType()) || !V->getInit() ||
        mayChangeAfterInit(V, ownerBody(Owner)))
      return nullptr;
    return pointedImpl(V->getInit(), Owner, Depth + 1);
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const Expr *Obj = MC->getImplicitObjectArgument();
    if (!MD || !Obj)
      return nullptr;
    if (isa<CXXConversionDecl>(MD) || (MD->getIdentifier() &&
                                       (MD->getName() == "data" ||
                                        MD->getName() == "c_str" ||
                                        MD->getName() == "begin" ||
                                        MD->getName() == "cbegin"))) {
      if (isOwningType(Obj->getType()))
        return referencedImpl(Obj, Owner, Depth + 1);
      if (isViewType(Obj->getType()))
        return pointedImpl(Obj, Owner, Depth + 1);
    }
    return nullptr;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    if (!isViewType(CE->getType()) || CE->getNumArgs() == 0)
      return nullptr;
    const Expr *A = CE->getArg(0);
    if (isOwningType(A->getType()) && A->isGLValue())
      return referencedImpl(A, Owner, Depth + 1);
    return pointedImpl(A, Owner, Depth + 1);
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD || !FD->getIdentifier() || Call->getNumArgs() == 0)
      return nullptr;
    llvm::StringRef N = FD->getName();
    const Expr *A = Call->getArg(0);
    if (FD->isInStdNamespace() && (N == "ref" || N == "cref"))
      return referencedImpl(A, Owner, Depth + 1);
    if (FD->isInStdNamespace() && (N == "move" || N == "forward") &&
        isPointerOrView(Call->getType()))
      return pointedImpl(A, Owner, Depth + 1);
    if (N == "buffer" && isInNamespace(FD, "asio")) {
      if (isOwningType(A->getType()) && A->isGLValue())
        return referencedImpl(A, Owner, Depth + 1);
      return pointedImpl(A, Owner, Depth + 1);
    }
  }
  return nullptr;
}

/// Strips the wrappers of a callable; a local variable initialised with a
/// lambda (never reassigned) stands for the lambda.
const Expr *resolveCallable(const Expr *E, const DeclContext *Owner) {
  const Expr *C = stripCallableWrappers(E);
  if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(C))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (isAutomaticOf(V, Owner) && !isa<ParmVarDecl>(V) && V->getInit() &&
          !mayChangeAfterInit(V, ownerBody(Owner)))
        if (const auto *L =
                dyn_cast<LambdaExpr>(stripCallableWrappers(V->getInit())))
          return L;
  return C;
}

void captureEscapes(const LambdaExpr *L, const DeclContext *Owner,
                    bool ClosureIsTemporary,
                    llvm::SmallVectorImpl<Escape> &Out) {
  for (const LambdaCapture &C : L->captures()) {
    if (!C.capturesVariable())
      continue;
    const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!V)
      continue;
    Escape X;
    X.Loc = C.getLocation();
    bool ByRef = C.getCaptureKind() == LCK_ByRef;
    if (V->isInitCapture()) {
      const Expr *Init = V->getInit();
      if (V->getType()->isReferenceType()) {
        X.Data = referencedAutomatic(Init, Owner);
        X.How = EscapeHow::RefCapture;
      } else if (isPointerOrView(V->getType())) {
        X.Data = pointedAutomatic(Init, Owner);
        X.How = V->getType()->isPointerType() ? EscapeHow::PointerCapture
                                              : EscapeHow::ViewCapture;
      }
      if (!X.Data && ClosureIsTemporary &&
          !V->getType()->isReferenceType()) {
        X.How = EscapeHow::ClosureCopy;
        X.Captured = V;
        Out.push_back(X);
        continue;
      }
    } else if (ByRef) {
      X.Data = automaticReferent(V, Owner);
      X.How = EscapeHow::RefCapture;
    } else {
      if (isAutomaticOf(V, Owner) && isPointerOrView(V->getType()) &&
          !isa<ParmVarDecl>(V) && V->getInit() &&
          !mayChangeAfterInit(V, ownerBody(Owner))) {
        X.Data = pointedAutomatic(V->getInit(), Owner);
        X.How = V->getType()->isPointerType() ? EscapeHow::PointerCapture
                                              : EscapeHow::ViewCapture;
      }
      if (!X.Data && ClosureIsTemporary) {
        X.How = EscapeHow::ClosureCopy;
        X.Captured = V;
        Out.push_back(X);
        continue;
      }
    }
    if (X.Data)
      Out.push_back(X);
  }
}

EscapeHow argumentHow(const Expr *A) {
  const Expr *S = A->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = Call->getDirectCallee())
      if (FD->isInStdNamespace() && FD->getIdentifier() &&
          (FD->getName() == "ref" || FD->getName() == "cref"))
        return EscapeHow::RefArgument;
  if (isViewType(A->getType()) || isViewType(S->getType()))
    return EscapeHow::ViewArgument;
  return EscapeHow::PointerArgument;
}

/// A coroutine: its body is a coroutine body, or it returns an Asio
/// awaitable (only coroutines make one).
bool isCoroutineFunction(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (const FunctionDecl *Def = FD->getDefinition())
    if (isa_and_nonnull<CoroutineBodyStmt>(Def->getBody()))
      return true;
  const CXXRecordDecl *RD = recordOfType(FD->getReturnType());
  return RD && RD->getIdentifier() && RD->getName() == "awaitable" &&
         isInNamespace(RD, "asio");
}

/// The arguments of a coroutine call bound to its reference, pointer and
/// view parameters.
void coroutineArgEscapes(const CallExpr *Call, const FunctionDecl *FD,
                         const DeclContext *Owner,
                         llvm::SmallVectorImpl<Escape> &Out) {
  unsigned Shift = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
  for (unsigned I = 0; I < FD->getNumParams(); ++I) {
    if (I + Shift >= Call->getNumArgs())
      break;
    const ParmVarDecl *P = FD->getParamDecl(I);
    const Expr *A = Call->getArg(I + Shift);
    if (isa<CXXDefaultArgExpr>(A))
      continue;
    Escape X;
    X.Loc = A->getBeginLoc();
    X.Param = P;
    QualType T = P->getType();
    if (T->isReferenceType()) {
      if ((X.Data = referencedAutomatic(A, Owner))) {
        X.How = EscapeHow::RefArgument;
        Out.push_back(X);
        continue;
      }
      const Expr *S = A->IgnoreImpCasts()->IgnoreParens();
      if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(S);
          MT && !MT->getExtendingDecl()) {
        X.How = EscapeHow::Temporary;
        Out.push_back(X);
      }
      continue;
    }
    if (isPointerOrView(T) && (X.Data = pointedAutomatic(A, Owner))) {
      X.How = T->isPointerType() ? EscapeHow::PointerArgument
                                 : EscapeHow::ViewArgument;
      Out.push_back(X);
    }
  }
}

bool isCompletionTokenDetached(const Expr *E) {
  const CXXRecordDecl *RD = recordOfType(E->IgnoreParenImpCasts()->getType());
  return RD && RD->getIdentifier() && isInNamespace(RD, "asio") &&
         RD->getName() == "detached_t";
}

/// A member of `this` or a global/static variable: an object whose lifetime
/// is not the analysed function's scope.
const ValueDecl *nonAutomaticStore(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      return dyn_cast<FieldDecl>(ME->getMemberDecl());
    return nullptr;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      if (V->hasGlobalStorage())
        return V;
  return nullptr;
}

const ValueDecl *namedDeclOf(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreImplicit()->IgnoreParenImpCasts();
  if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
    if (CE->getNumArgs() == 1 && CE->getConstructor()->isCopyOrMoveConstructor())
      E = CE->getArg(0)->IgnoreImplicit()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl();
  return nullptr;
}

bool refersToHandle(const Expr *E, const ValueDecl *Handle,
                    const llvm::DenseMap<const VarDecl *, const ValueDecl *>
                        &LoopVars) {
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
    return refersToHandle(ASE->getBase(), Handle, LoopVars);
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    return OC->getNumArgs() > 0 && refersToHandle(OC->getArg(0), Handle, LoopVars);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return refersToHandle(MC->getImplicitObjectArgument(), Handle, LoopVars);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      return refersToHandle(UO->getSubExpr(), Handle, LoopVars);
  const ValueDecl *D = namedDeclOf(E);
  if (!D)
    return false;
  if (D == Handle)
    return true;
  if (const auto *VD = dyn_cast<VarDecl>(D)) {
    auto It = LoopVars.find(VD);
    return It != LoopVars.end() && It->second == Handle;
  }
  return false;
}

/// A completed wait on a standard synchronisation object (not a timed one).
bool isStandardWait(const CXXMemberCallExpr *MC) {
  const CXXMethodDecl *MD = MC->getMethodDecl();
  if (!MD || !MD->getIdentifier())
    return false;
  llvm::StringRef N = MD->getName();
  // The object's own type, not the base the member is declared in
  // (libstdc++ declares future<void>::wait in __basic_future).
  QualType T = MC->getImplicitObjectArgument()->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  if (isStdRecordNamed(T, {"future", "shared_future"}))
    return N == "get" || N == "wait";
  if (isStdRecordNamed(T, {"latch", "barrier"}))
    return N == "wait" || N == "arrive_and_wait";
  if (isStdRecordNamed(T, {"condition_variable", "condition_variable_any"}))
    return N == "wait";
  if (isStdRecordNamed(T, {"counting_semaphore"}))
    return N == "acquire";
  if (isStdRecordNamed(T, {"thread", "jthread"}))
    return N == "join";
  return false;
}

/// The variable a write to \p E changes: `x`, `x.a.b` (a member of an
/// automatic object is a part of it); null otherwise.
const VarDecl *writtenVar(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return nullptr;
      E = ME->getBase();
      continue;
    }
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  }
  return nullptr;
}

/// The writes that signal completion: of a variable in \p ByRef, by
/// assignment, increment, or a signalling member call (`store`, `fetch_add`,
/// `set_value`, `count_down`, `release`, ...); \p ThroughMembers: a write to a
/// member of such a variable (`state.done = true`) counts too.
struct SignalWrites : Walker {
  SignalWrites(const llvm::SmallPtrSetImpl<const VarDecl *> &ByRef,
               llvm::SmallPtrSetImpl<const VarDecl *> &Out, bool ThroughMembers)
      : ByRef(ByRef), Out(Out), ThroughMembers(ThroughMembers) {}
  const llvm::SmallPtrSetImpl<const VarDecl *> &ByRef;
  llvm::SmallPtrSetImpl<const VarDecl *> &Out;
  bool ThroughMembers;
  void note(const Expr *E) {
    const VarDecl *V = nullptr;
    if (ThroughMembers) {
      V = writtenVar(E);
    } else if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(
                   E ? E->IgnoreParenImpCasts() : nullptr)) {
      V = dyn_cast<VarDecl>(DRE->getDecl());
    }
    if (V && ByRef.count(V))
      Out.insert(V);
  }
  bool VisitBinaryOperator(BinaryOperator *BO) override {
    if (BO->isAssignmentOp())
      note(BO->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) override {
    if (UO->isIncrementDecrementOp())
      note(UO->getSubExpr());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *OC) override {
    if (OC->isAssignmentOp() && OC->getNumArgs() > 0)
      note(OC->getArg(0));
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MC) override {
    if (const CXXMethodDecl *MD = MC->getMethodDecl())
      if (MD->getIdentifier() &&
          llvm::is_contained({"store", "fetch_add", "fetch_sub", "exchange",
                              "set_value", "count_down", "release"},
                             MD->getName()))
        note(MC->getImplicitObjectArgument());
    return true;
  }
};

/// The completion signals of the work: automatic objects of \p Owner that
/// the work's lambda captures by reference and writes (`done = true`,
/// `flag.store(true)`, `++finished`): through them the work tells the scope
/// that it has finished.
llvm::SmallPtrSet<const VarDecl *, 4> completionSignals(const Handoff &H,
                                                        const DeclContext *Owner) {
  llvm::SmallPtrSet<const VarDecl *, 4> Out;
  if (!H.Callable)
    return Out;
  const auto *L = dyn_cast_or_null<LambdaExpr>(resolveCallable(H.Callable, Owner));
  if (!L)
    return Out;
  llvm::SmallPtrSet<const VarDecl *, 4> ByRef;
  for (const LambdaCapture &C : L->captures())
    if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
      if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
        if (isAutomaticOf(V, Owner))
          ByRef.insert(V);
  if (ByRef.empty())
    return Out;
  SignalWrites W(ByRef, Out, /*ThroughMembers=*/false);
  W.TraverseStmt(L->getBody());
  return Out;
}

bool isRunCall(const CXXMemberCallExpr *MC);

/// The completion signals of the work, followed further than
/// completionSignals: a write to a member of a captured object counts
/// (`state.done = true`), and so do the writes of a local lambda the work
/// captures by reference (the completion handler it passes on:
/// `socket.async_handshake(..., on_done)`), transitively.
llvm::SmallPtrSet<const VarDecl *, 4>
deepCompletionSignals(const Handoff &H, const DeclContext *Owner) {
  llvm::SmallPtrSet<const VarDecl *, 4> Out;
  if (!H.Callable)
    return Out;
  const auto *Root =
      dyn_cast_or_null<LambdaExpr>(resolveCallable(H.Callable, Owner));
  if (!Root)
    return Out;
  llvm::SmallVector<const LambdaExpr *, 4> Work{Root};
  llvm::SmallPtrSet<const LambdaExpr *, 4> Seen{Root};
  llvm::SmallPtrSet<const VarDecl *, 8> ByRef;
  while (!Work.empty()) {
    const LambdaExpr *L = Work.pop_back_val();
    for (const LambdaCapture &C : L->captures()) {
      if (!C.capturesVariable() || C.getCaptureKind() != LCK_ByRef)
        continue;
      const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
      if (!V || !isAutomaticOf(V, Owner))
        continue;
      ByRef.insert(V);
      if (const Expr *Init = V->getInit()) {
        Init = Init->IgnoreImplicit()->IgnoreParens();
        // Before C++17 the closure is moved into the variable.
        if (const auto *CE = dyn_cast<CXXConstructExpr>(Init);
            CE && CE->getNumArgs() == 1)
          Init = CE->getArg(0)->IgnoreImplicit()->IgnoreParens();
        if (const auto *Inner = dyn_cast<LambdaExpr>(Init))
          if (Seen.insert(Inner).second)
            Work.push_back(Inner);
      }
    }
  }
  SignalWrites W(ByRef, Out, /*ThroughMembers=*/true);
  for (const LambdaExpr *L : Seen)
    W.TraverseStmt(L->getBody());
  return Out;
}

/// Whether \p E mentions one of \p Vars.
bool mentionsAny(const Stmt *E, const llvm::SmallPtrSetImpl<const VarDecl *> &Vars) {
  if (!E)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && Vars.count(V))
      return true;
  for (const Stmt *C : E->children())
    if (mentionsAny(C, Vars))
      return true;
  return false;
}

/// Whether \p E is a member call on the object \p D names.
bool callOn(const CXXMemberCallExpr *MC, const ValueDecl *D) {
  return D && namedDeclOf(MC->getImplicitObjectArgument()) == D;
}

/// Whether \p Loop runs the work's event loop itself until the work has
/// signalled completion (WorkWindow's poll loop rule): its body calls
/// run/run_one/poll/poll_one/run_for/run_until on one of \p Execs; its
/// condition is absent, constant true, `!x.stopped()` on one of Execs (Asio
/// stops a context only when it has no work left or on stop(): the queued
/// work is outstanding until it has run) or mentions a signal; every break
/// out of it is under an `if` whose condition mentions a signal; and
/// nothing else leaves it (return, goto, co_return).
bool pollsUntilSignalled(const Stmt *Loop,
                         llvm::ArrayRef<const ValueDecl *> Execs,
                         const llvm::SmallPtrSetImpl<const VarDecl *> &Signals,
                         const ParentMap &PM) {
  const Expr *Cond = nullptr;
  const Stmt *LoopBody = nullptr;
  if (const auto *W = dyn_cast<WhileStmt>(Loop)) {
    Cond = W->getCond();
    LoopBody = W->getBody();
  } else if (const auto *D = dyn_cast<DoStmt>(Loop)) {
    Cond = D->getCond();
    LoopBody = D->getBody();
  } else if (const auto *F = dyn_cast<ForStmt>(Loop)) {
    Cond = F->getCond();
    LoopBody = F->getBody();
  } else {
    return false;
  }
  auto OnExec = [&](const CXXMemberCallExpr *MC) {
    return llvm::any_of(Execs,
                        [&](const ValueDecl *D) { return callOn(MC, D); });
  };
  if (Cond) {
    const Expr *C = Cond->IgnoreParenImpCasts();
    bool Ok = false;
    if (const auto *B = dyn_cast<CXXBoolLiteralExpr>(C))
      Ok = B->getValue();
    if (const auto *U = dyn_cast<UnaryOperator>(C); U && U->getOpcode() == UO_LNot)
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(
              U->getSubExpr()->IgnoreParenImpCasts()))
        if (const CXXMethodDecl *MD = MC->getMethodDecl())
          Ok = MD->getIdentifier() && MD->getName() == "stopped" && OnExec(MC);
    if (!Ok && !mentionsAny(Cond, Signals))
      return false;
  }
  struct Finder : Walker {
    // A lambda's returns and breaks are its own.
    bool TraverseLambdaExpr(LambdaExpr *) override { return true; }
    llvm::function_ref<bool(const CXXMemberCallExpr *)> OnExec;
    bool Runs = false, Leaves = false;
    llvm::SmallVector<const BreakStmt *, 4> Breaks;
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MC) override {
      if (isRunCall(MC) && OnExec(MC))
        Runs = true;
      return true;
    }
    bool VisitReturnStmt(ReturnStmt *) override { Leaves = true; return true; }
    bool VisitGotoStmt(GotoStmt *) override { Leaves = true; return true; }
    bool VisitCoreturnStmt(CoreturnStmt *) override { Leaves = true; return true; }
    bool VisitBreakStmt(BreakStmt *B) override { Breaks.push_back(B); return true; }
  } F;
  F.OnExec = OnExec;
  F.TraverseStmt(const_cast<Stmt *>(LoopBody));
  if (!F.Runs || F.Leaves)
    return false;
  for (const BreakStmt *B : F.Breaks) {
    // The statement this break leaves: the innermost loop or switch.
    const Stmt *Target = nullptr;
    bool Guarded = false;
    for (const Stmt *P = PM.getParent(B); P; P = PM.getParent(P)) {
      if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt, SwitchStmt>(P)) {
        Target = P;
        break;
      }
      if (const auto *If = dyn_cast<IfStmt>(P))
        Guarded |= mentionsAny(If->getCond(), Signals);
    }
    if (Target == Loop && !Guarded)
      return false;
  }
  return true;
}

/// Whether \p Body contains a completed wait on a standard synchronisation
/// object (isStandardWait), outside lambdas.
bool bodyWaits(const Stmt *Body) {
  struct Finder : Walker {
    bool Found = false;
    bool shouldVisitLambdaBody() const override { return false; }
    bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MC) override {
      if (isStandardWait(MC))
        Found = true;
      return !Found;
    }
  } F;
  F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Found;
}

/// Whether \p CE hands one of the work's completion \p Signals by reference
/// or pointer to a function that may wait on it: one whose body is not
/// visible here (unknown: it may wait), or whose body waits on a standard
/// synchronisation object. A copy of the signal cannot see the work's later
/// write, so a by-value parameter does not count.
bool mayWaitOnSignal(const CallExpr *CE,
                     const llvm::SmallPtrSetImpl<const VarDecl *> &Signals) {
  if (Signals.empty() || isa<CXXOperatorCallExpr>(CE))
    return false;
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD)
    return false;
  bool Passes = false;
  for (unsigned I = 0; I < CE->getNumArgs() && I < FD->getNumParams(); ++I) {
    QualType P = FD->getParamDecl(I)->getType();
    if (!P->isReferenceType() && !P->isPointerType())
      continue;
    const Expr *A = CE->getArg(I)->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(A);
        UO && UO->getOpcode() == UO_AddrOf)
      A = UO->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(A))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
        if (Signals.count(V))
          Passes = true;
  }
  if (!Passes)
    return false;
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def->getBody())
    return true;
  return bodyWaits(Def->getBody());
}

/// The local `std::unique_ptr` through which a pool is called
/// (`p->submit(f)`): its sole owner, so destroying the pointer destroys the
/// pool. Null otherwise (a shared_ptr may have other owners).
const ValueDecl *uniqueOwnerOfPool(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    if ((OC->getOperator() == OO_Arrow || OC->getOperator() == OO_Star) &&
        OC->getNumArgs() >= 1 &&
        isStdRecordNamed(OC->getArg(0)->IgnoreParenImpCasts()->getType(),
                         {"unique_ptr"}))
      return namedDeclOf(OC->getArg(0));
  return nullptr;
}

/// Handle types whose destructor waits for the work or ends the program.
bool destructorEndsWork(QualType T, bool Detached) {
  if (isStdRecordNamed(T, {"jthread", "future"}))
    return true;
  if (isStdRecordNamed(T, {"thread"}))
    return !Detached;
  if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
          recordOfType(T)))
    if (Spec->isInStdNamespace() && Spec->getTemplateArgs().size() > 0 &&
        Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type &&
        (Spec->getName() == "vector" || Spec->getName() == "list" ||
         Spec->getName() == "deque" || Spec->getName() == "array"))
      return destructorEndsWork(Spec->getTemplateArgs()[0].getAsType(),
                                Detached);
  return false;
}

bool isIoContextRecord(QualType T) {
  const CXXRecordDecl *RD = recordOfType(T);
  return RD && ExecutorNames::defaults().EventLoops.contains(RD);
}

bool isRunCall(const CXXMemberCallExpr *MC) {
  const CXXMethodDecl *MD = MC->getMethodDecl();
  if (!MD || !MD->getIdentifier())
    return false;
  llvm::StringRef N = MD->getName();
  return N == "run" || N == "run_one" || N == "run_for" ||
         N == "run_until" || N == "poll" || N == "poll_one";
}

/// Whether the local io_context \p Io is used anywhere but as an executor,
/// an I/O object's context or in its own calls: then another thread may run
/// it.
bool ioContextEscapes(const VarDecl *Io, const Stmt *Body) {
  struct Finder : Walker {
    const VarDecl *Io;
    bool Escapes = false;
    unsigned LambdaDepth = 0;
    llvm::SmallVector<const Stmt *, 32> Stack;
    bool TraverseLambdaExpr(LambdaExpr *L) override {
      ++LambdaDepth;
      bool R = Walker::TraverseLambdaExpr(L);
      --LambdaDepth;
      return R;
    }
    bool dataTraverseStmtPre(Stmt *S) override {
      Stack.push_back(S);
      return true;
    }
    bool dataTraverseStmtPost(Stmt *) override {
      Stack.pop_back();
      return true;
    }
    bool VisitDeclRefExpr(DeclRefExpr *DRE) override {
      if (DRE->getDecl() != Io)
        return true;
      if (LambdaDepth > 0) {
        Escapes = true;
        return false;
      }
      // The nearest enclosing non-wrapper expression.
      const Stmt *User = nullptr;
      for (unsigned I = Stack.size(); I-- > 0;) {
        const Stmt *S = Stack[I];
        if (S == DRE || isa<ImplicitCastExpr, ParenExpr, MaterializeTemporaryExpr,
                            CXXBindTemporaryExpr, UnaryOperator>(S))
          continue;
        User = S;
        break;
      }
      if (const auto *ME = dyn_cast_or_null<MemberExpr>(User))
        if (const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
          if (MD->getIdentifier() &&
              llvm::is_contained({"run", "run_one", "run_for", "run_until",
                                  "poll", "poll_one", "stop", "restart",
                                  "reset", "stopped", "get_executor"},
                                 MD->getName()))
            return true;
      if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(User))
        if (isInNamespace(CE->getConstructor()->getParent(), "asio"))
          return true;
      if (const auto *Call = dyn_cast_or_null<CallExpr>(User))
        if (const FunctionDecl *FD = Call->getDirectCallee())
          if (isInNamespace(FD, "asio"))
            return true;
      Escapes = true;
      return false;
    }
  } F;
  F.Io = Io;
  F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Escapes;
}

/// The DeclStmt declaring \p V inside \p Body.
const DeclStmt *declStmtOf(const VarDecl *V, const Stmt *Body) {
  struct Finder : Walker {
    const VarDecl *V;
    const DeclStmt *Found = nullptr;
    bool VisitDeclStmt(DeclStmt *DS) override {
      for (const Decl *D : DS->decls())
        if (D == V)
          Found = DS;
      return !Found;
    }
  } F;
  F.V = V;
  F.TraverseStmt(const_cast<Stmt *>(Body));
  return F.Found;
}

bool isInside(const Stmt *S, const Stmt *Scope, const ParentMap &PM) {
  for (; S; S = PM.getParent(S))
    if (S == Scope)
      return true;
  return false;
}

SourceLocation scopeEnd(const Stmt *Scope) {
  if (const auto *CS = dyn_cast<CompoundStmt>(Scope))
    return CS->getRBracLoc();
  return Scope->getEndLoc();
}

} // namespace

const VarDecl *referencedAutomatic(const Expr *E, const DeclContext *Owner) {
  return referencedImpl(E, Owner, 0);
}

const VarDecl *pointedAutomatic(const Expr *E, const DeclContext *Owner) {
  return pointedImpl(E, Owner, 0);
}

namespace {
/// The hand-off of a spawn: its callable and the arguments forwarded to it.
Handoff spawnHandoff(const Expr *E, const ThreadSpawn &S) {
  Handoff H;
  H.Kind = HandoffKind::Spawn;
  H.Site = E;
  H.Spawn = S;
  H.Callable = S.Callable;
  H.Args.append(S.ForwardedArgs.begin(), S.ForwardedArgs.end());
  return H;
}
} // namespace

std::optional<Handoff> classifyHandoff(const Expr *E, const SpawnOptions &Opts) {
  if (!E)
    return std::nullopt;
  if (auto S = classifySpawn(E, Opts)) {
    if (S->Kind == SpawnKind::ParallelAlgorithm || !S->Callable)
      return std::nullopt;
    Handoff H = spawnHandoff(E, *S);
    if (S->Kind == SpawnKind::AsioCoSpawn) {
      const auto *Call = cast<CallExpr>(E);
      unsigned N = writtenArgs(Call);
      if (N < 3)
        return std::nullopt;
      const Expr *Token = Call->getArg(N - 1);
      H.Detached = isCompletionTokenDetached(Token) ||
                   isa<LambdaExpr>(stripCallableWrappers(Token));
      if (!H.Detached)
        return std::nullopt;
    }
    return H;
  }
  if (auto S = classifyContainerEmplace(E, Opts))
    return spawnHandoff(E, *S);
  const CallExpr *Call = directCall(E);
  if (!Call)
    return std::nullopt;
  const FunctionDecl *FD = Call->getDirectCallee();

  // An Asio asynchronous operation with a handler.
  if (FD->getIdentifier() && FD->getName().starts_with("async_") &&
      isInNamespace(FD, "asio")) {
    unsigned N = writtenArgs(Call);
    if (N == 0)
      return std::nullopt;
    const Expr *Last = Call->getArg(N - 1);
    if (!isa<LambdaExpr>(stripCallableWrappers(Last)))
      return std::nullopt;
    Handoff H;
    H.Kind = HandoffKind::AsyncOperation;
    H.Site = E;
    H.Callable = Last;
    unsigned First = 0;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
      H.IoObject = MC->getImplicitObjectArgument();
    for (unsigned I = First; I + 1 < N; ++I)
      H.Args.push_back(Call->getArg(I));
    return H;
  }

  // A lambda stored into a member of `this` or a global.
  const Expr *Target = nullptr;
  const Expr *Value = nullptr;
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2) {
      Target = OC->getArg(0);
      Value = OC->getArg(1);
    }
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (MD && MD->getIdentifier() && MC->getNumArgs() >= 1 &&
        llvm::is_contained({"push_back", "emplace_back", "push", "emplace",
                            "push_front", "emplace_front", "insert"},
                           MD->getName()) &&
        MD->getParent()->isInStdNamespace()) {
      Target = MC->getImplicitObjectArgument();
      Value = MC->getArg(MC->getNumArgs() - 1);
    }
  }
  if (!Target || !Value || !isa<LambdaExpr>(stripCallableWrappers(Value)))
    return std::nullopt;
  const ValueDecl *Store = nonAutomaticStore(Target);
  if (!Store)
    return std::nullopt;
  Handoff H;
  H.Kind = HandoffKind::StoredCallback;
  H.Site = E;
  H.Callable = Value;
  H.Store = Store;
  return H;
}

llvm::SmallVector<Escape, 4> escapesOf(const Handoff &H,
                                       const FunctionDecl *Owner) {
  llvm::SmallVector<Escape, 4> Out;
  if (!H.Callable || !Owner)
    return Out;
  const Expr *C = resolveCallable(H.Callable, Owner);

  if (H.Kind == HandoffKind::Spawn &&
      H.Spawn.Kind == SpawnKind::AsioCoSpawn) {
    // co_spawn(ex, coro(args...), detached) or co_spawn(ex, lambda, ...).
    const Expr *S = H.Callable->IgnoreImplicit()->IgnoreParens();
    if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(S))
      S = MT->getSubExpr()->IgnoreImplicit();
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Call);
          OC && OC->getOperator() == OO_Call && OC->getNumArgs() > 0) {
        if (const auto *L =
                dyn_cast<LambdaExpr>(stripCallableWrappers(OC->getArg(0)))) {
          captureEscapes(L, Owner, /*ClosureIsTemporary=*/true, Out);
          coroutineArgEscapes(Call, L->getCallOperator(), Owner, Out);
        }
        return Out;
      }
      const FunctionDecl *FD = Call->getDirectCallee();
      if (!isCoroutineFunction(FD))
        return Out;
      coroutineArgEscapes(Call, FD, Owner, Out);
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
        const Expr *Obj = MC->getImplicitObjectArgument();
        Escape X;
        X.Loc = Obj->getBeginLoc();
        if (Obj->getType()->isPointerType()) {
          X.Data = pointedAutomatic(Obj, Owner);
          X.How = EscapeHow::PointerArgument;
        } else {
          X.Data = referencedAutomatic(Obj, Owner);
          X.How = EscapeHow::RefArgument;
        }
        if (X.Data)
          Out.push_back(X);
      }
      return Out;
    }
    if (const auto *L = dyn_cast<LambdaExpr>(C))
      captureEscapes(L, Owner, /*ClosureIsTemporary=*/false, Out);
    return Out;
  }

  if (const auto *L = dyn_cast<LambdaExpr>(C)) {
    captureEscapes(L, Owner, /*ClosureIsTemporary=*/false, Out);
  } else if (H.Kind == HandoffKind::Spawn) {
    // std::thread(&C::run, &obj) / std::ref(functor).
    if (const Expr *Obj = entryObjectArg(H.Spawn)) {
      Escape X;
      X.Loc = Obj->getBeginLoc();
      X.Data = pointedAutomatic(Obj, Owner);
      X.How = argumentHow(Obj);
      if (X.Data)
        Out.push_back(X);
    }
    const Expr *Raw = H.Callable->IgnoreParenImpCasts();
    if (argumentHow(Raw) == EscapeHow::RefArgument) {
      Escape X;
      X.Loc = Raw->getBeginLoc();
      X.Data = pointedAutomatic(Raw, Owner);
      X.How = EscapeHow::RefArgument;
      if (X.Data)
        Out.push_back(X);
    }
  }
  const Expr *ObjArg = H.Kind == HandoffKind::Spawn
                           ? entryObjectArg(H.Spawn)
                           : nullptr;
  for (const Expr *A : H.Args) {
    if (A == ObjArg)
      continue;
    Escape X;
    X.Loc = A->getBeginLoc();
    X.Data = pointedAutomatic(A, Owner);
    X.How = argumentHow(A);
    if (X.Data)
      Out.push_back(X);
  }
  return Out;
}

WorkWindow::WorkWindow(const FunctionCFG &G, const Handoff &H,
                       const Stmt *Body)
    : G(&G), Body(Body) {
  const ParentMap &PM = G.parents();
  const DeclContext *Owner = dyn_cast_or_null<DeclContext>(G.decl());

  // Where the result of the hand-off goes. Waited for in its own statement
  // (`.get()`, `.join()`): over before the data dies; passed on to code not
  // followed: unknown; both silent.
  SpawnDestination Dest =
      destinationOf(H.Site, PM, /*SiteObjectIsHandle=*/H.Kind ==
                                    HandoffKind::Spawn);
  if (Dest.K == SpawnDestination::WaitedInStatement ||
      Dest.K == SpawnDestination::Unknown)
    return;
  llvm::SmallVector<const ValueDecl *, 4> Handles = Dest.Handles;
  bool Discarded = Dest.K == SpawnDestination::Discarded;
  if (H.Kind == HandoffKind::Spawn) {
    SpawnKind K = H.Spawn.Kind;
    // A discarded future waits in its destructor; a discarded thread
    // temporary ends the program.
    if (Discarded && !isa<CXXMemberCallExpr>(H.Site) &&
        (K == SpawnKind::Async || K == SpawnKind::Thread ||
         K == SpawnKind::JThread))
      return;
    if (K == SpawnKind::PThreadCreate)
      if (const auto *CE = dyn_cast<CallExpr>(H.Site)) {
        if (const ValueDecl *D = namedDecl(CE->getArg(0)))
          Handles.push_back(D);
      }
    if (const ValueDecl *D = executorDecl(H.Spawn.Executor))
      Handles.push_back(D);
    else if (K == SpawnKind::PoolSubmit)
      if (const ValueDecl *D = uniqueOwnerOfPool(H.Spawn.Executor))
        Handles.push_back(D);
  }

  bool AsioWork = H.Kind == HandoffKind::AsyncOperation ||
                  (H.Kind == HandoffKind::Spawn &&
                   (H.Spawn.Kind == SpawnKind::AsioPost ||
                    H.Spawn.Kind == SpawnKind::AsioCoSpawn));

  // A local io_context runs the work only inside its run()/poll() calls.
  const VarDecl *LocalIo = nullptr;
  if (AsioWork) {
    if (H.Kind == HandoffKind::Spawn) {
      const auto *D = dyn_cast_or_null<VarDecl>(executorDecl(H.Spawn.Executor));
      if (D && isAutomaticOf(D, Owner) && !D->getType()->isReferenceType() &&
          isIoContextRecord(D->getType()))
        LocalIo = D;
    } else {
      // The handler of an I/O object's operation: the io_context that this
      // function runs, if it is a local one.
      struct RunFinder : Walker {
        const DeclContext *Owner;
        const VarDecl *Io = nullptr;
        bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MC) override {
          if (isRunCall(MC))
            if (const auto *V = dyn_cast_or_null<VarDecl>(
                    namedDeclOf(MC->getImplicitObjectArgument())))
              if (isAutomaticOf(V, Owner) &&
                  !V->getType()->isReferenceType() &&
                  isIoContextRecord(V->getType()))
                Io = V;
          return true;
        }
      } RF;
      RF.Owner = Owner;
      RF.TraverseStmt(const_cast<Stmt *>(Body));
      LocalIo = RF.Io;
    }
    if (LocalIo) {
      if (ioContextEscapes(LocalIo, Body))
        return; // another thread may run it: unknown
      OnlyInRunCalls = true;
      Handles.push_back(LocalIo);
    }
  }

  // The ends of the work.
  llvm::SmallPtrSet<const Stmt *, 8> Ends;
  llvm::SmallPtrSet<const VarDecl *, 4> EndVars;
  llvm::SmallPtrSet<const ValueDecl *, 4> DetachedHandles;
  struct EndFinder : Walker {
    bool shouldVisitLambdaBody() const override { return false; }
    bool VisitCXXForRangeStmt(CXXForRangeStmt *S) override {
      if (const ValueDecl *D = namedDeclOf(S->getRangeInit()))
        LoopVars[S->getLoopVariable()] = D;
      return true;
    }
    bool VisitCallExpr(CallExpr *CE) override {
      if (mayWaitOnSignal(CE, *Signals))
        Ends->insert(CE);
      const FunctionDecl *FD = CE->getDirectCallee();
      if (!FD || !FD->getIdentifier())
        return true;
      llvm::StringRef N = FD->getName();
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
        const Expr *Obj = MC->getImplicitObjectArgument();
        bool OnHandle = false;
        for (const ValueDecl *H : *Handles)
          if (refersToHandle(Obj, H, LoopVars))
            OnHandle = true;
        if (OnHandle && N == "detach")
          for (const ValueDecl *H : *Handles)
            if (refersToHandle(Obj, H, LoopVars))
              Detached->insert(H);
        bool HandleEnd =
            OnHandle && (N == "join" || N == "get" || N == "wait" ||
                         N == "wait_for_tasks" || N == "wait_idle" ||
                         N == "wait_all" || N == "join_all" ||
                         (N == "run" && AsioWork));
        bool AnyRun = AsioWork && !OnlyInRunCalls && N == "run" &&
                      isIoContextRecord(Obj->getType());
        if (OnHandle && isRunCall(MC) && OnlyInRunCalls)
          RunCalls->push_back(CE);
        if (HandleEnd || AnyRun || isStandardWait(MC))
          Ends->insert(CE);
      } else if ((N == "pthread_join" || N == "pthread_detach") &&
                 CE->getNumArgs() >= 1) {
        for (const ValueDecl *H : *Handles)
          if (refersToHandle(CE->getArg(0), H, LoopVars)) {
            if (N == "pthread_join")
              Ends->insert(CE);
            else
              Detached->insert(H);
          }
      }
      return true;
    }
    llvm::SmallPtrSetImpl<const Stmt *> *Ends;
    const llvm::SmallPtrSetImpl<const VarDecl *> *Signals;
    llvm::SmallPtrSetImpl<const ValueDecl *> *Detached;
    llvm::SmallVectorImpl<const ValueDecl *> *Handles;
    llvm::SmallVectorImpl<const Stmt *> *RunCalls;
    llvm::DenseMap<const VarDecl *, const ValueDecl *> LoopVars;
    bool AsioWork = false;
    bool OnlyInRunCalls = false;
  } F;
  llvm::SmallPtrSet<const VarDecl *, 4> Signals = completionSignals(H, Owner);
  F.Ends = &Ends;
  F.Signals = &Signals;
  F.Detached = &DetachedHandles;
  F.Handles = &Handles;
  F.RunCalls = &RunCalls;
  F.AsioWork = AsioWork;
  F.OnlyInRunCalls = OnlyInRunCalls;
  F.TraverseStmt(const_cast<Stmt *>(Body));

  // A loop after the hand-off that runs the work's own event loop until the
  // work has signalled completion ends the work where it starts (the scope
  // cannot leave the loop before the work has run).
  if (H.Kind == HandoffKind::Spawn && H.Spawn.Kind == SpawnKind::AsioPost) {
    llvm::SmallVector<const ValueDecl *, 2> Execs;
    if (const ValueDecl *D = executorDecl(H.Spawn.Executor)) {
      Execs.push_back(D);
      // A strand or executor object made from an io_context: that context.
      if (const auto *V = dyn_cast<VarDecl>(D))
        if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(
                V->getInit() ? V->getInit()->IgnoreImplicit() : nullptr))
          if (CE->getNumArgs() >= 1)
            if (const ValueDecl *Ctx = namedDeclOf(CE->getArg(0)))
              Execs.push_back(Ctx);
    }
    llvm::SmallPtrSet<const VarDecl *, 4> Deep =
        deepCompletionSignals(H, Owner);
    if (!Execs.empty() && !Deep.empty()) {
      struct LoopFinder : Walker {
        bool shouldVisitLambdaBody() const override { return false; }
        llvm::SmallVector<const Stmt *, 4> Loops;
        bool VisitWhileStmt(WhileStmt *S) override { Loops.push_back(S); return true; }
        bool VisitDoStmt(DoStmt *S) override { Loops.push_back(S); return true; }
        bool VisitForStmt(ForStmt *S) override { Loops.push_back(S); return true; }
      } LF;
      LF.TraverseStmt(const_cast<Stmt *>(Body));
      for (const Stmt *L : LF.Loops)
        if (!isInside(H.Site, L, PM) &&
            pollsUntilSignalled(L, Execs, Deep, PM))
          Ends.insert(L);
    }
  }

  // Handles moved out or returned leave the function: their destruction
  // here ends nothing.
  llvm::SmallPtrSet<const ValueDecl *, 4> MovedOut;
  {
    struct MoveFinder : Walker {
      llvm::SmallPtrSetImpl<const ValueDecl *> *Out;
      bool VisitReturnStmt(ReturnStmt *R) override {
        if (const ValueDecl *D = namedDeclOf(R->getRetValue()))
          Out->insert(D);
        return true;
      }
      bool VisitCallExpr(CallExpr *CE) override {
        if (const FunctionDecl *FD = CE->getDirectCallee())
          if (FD->isInStdNamespace() && FD->getIdentifier() &&
              FD->getName() == "move" && CE->getNumArgs() == 1)
            if (const ValueDecl *D = namedDeclOf(CE->getArg(0)))
              Out->insert(D);
        return true;
      }
    } MF;
    MF.Out = &MovedOut;
    MF.TraverseStmt(const_cast<Stmt *>(Body));
  }

  // Local handles that wait (or end the program) when destroyed.
  for (const ValueDecl *Hd : Handles)
    if (const auto *VD = dyn_cast<VarDecl>(Hd))
      if (isAutomaticOf(VD, Owner) && !VD->getType()->isReferenceType() &&
          !MovedOut.count(VD)) {
        bool Pool = H.Kind == HandoffKind::Spawn &&
                    (H.Spawn.Kind == SpawnKind::PoolSubmit ||
                     H.Spawn.Kind == SpawnKind::AsioPost ||
                     H.Spawn.Kind == SpawnKind::AsioCoSpawn) &&
                    (executorDecl(H.Spawn.Executor) == VD ||
                     namedDeclOf(H.Spawn.Executor) == VD ||
                     uniqueOwnerOfPool(H.Spawn.Executor) == VD);
        if (Pool || VD == LocalIo ||
            destructorEndsWork(VD->getType(), DetachedHandles.count(VD)))
          EndVars.insert(VD);
      }

  // A join inside a loop that does not hold the hand-off ends the work
  // where the loop starts (joining every handle of a container).
  llvm::SmallVector<const Stmt *, 4> Joins(Ends.begin(), Ends.end());
  for (const Stmt *J : Joins)
    for (const Stmt *P = PM.getParent(J); P; P = PM.getParent(P))
      if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P)) {
        if (!isInside(H.Site, P, PM))
          Ends.insert(P);
        break;
      }

  std::optional<CFGReach::Pos> Start = CFGReach::after(G, H.Site);
  if (!Start)
    return;
  Valid = true;
  const CFGBlock *Exit = &G.cfg().getExit();
  Reach = CFGReach(
      G, {*Start},
      [&](const CFGElement &E) {
        if (auto CS = E.getAs<CFGStmt>()) {
          const Stmt *S = CS->getStmt();
          Reached.push_back(S);
          if (const auto *R = dyn_cast<ReturnStmt>(S); R && !FirstReturn)
            FirstReturn = R;
          return Ends.count(S) != 0;
        }
        if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
          DestroyedVars.insert(D->getVarDecl());
          return EndVars.count(D->getVarDecl()) != 0;
        }
        return false;
      },
      [&](const CFGBlock &B, unsigned SuccIdx) {
        const CFGBlock *S = (B.succ_begin() + SuccIdx)->getReachableBlock();
        // A noreturn call (_exit, abort, std::terminate) ends the process:
        // nothing is destroyed after it.
        if (S == Exit && !B.hasNoReturnElement())
          ExitReached = true;
        return false;
      },
      [&](const Stmt *T) {
        Reached.push_back(T);
        return Ends.count(T) != 0;
      });
}

std::optional<SourceLocation>
WorkWindow::diesWhileRunning(const VarDecl *V) const {
  if (!Valid || !V)
    return std::nullopt;
  const ParentMap &PM = G->parents();
  const Stmt *Scope = Body;
  const DeclStmt *Decl = nullptr;
  if (!isa<ParmVarDecl>(V)) {
    Decl = declStmtOf(V, Body);
    if (!Decl)
      return std::nullopt;
    Scope = PM.getParent(Decl);
    if (!Scope)
      return std::nullopt;
  }
  SourceLocation End = scopeEnd(Scope);
  if (OnlyInRunCalls) {
    // The work runs inside a run() call made after V's scope ended.
    for (const Stmt *R : RunCalls)
      if (Reach.reaches(R) && !isInside(R, Scope, PM))
        return End;
    return std::nullopt;
  }
  if (DestroyedVars.count(V))
    return End;
  for (const Stmt *S : Reached)
    if (S == Decl || !isInside(S, Scope, PM))
      return End;
  if (ExitReached) {
    if (Scope == Body && FirstReturn)
      return FirstReturn->getBeginLoc();
    return End;
  }
  return std::nullopt;
}

} // namespace clang::tidy::conclint::utils
