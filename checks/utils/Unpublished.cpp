//===-- Unpublished.cpp - an object no other thread can know yet ----------===//

#include "utils/Unpublished.h"
#include "utils/ExprShapes.h"
#include "utils/Names.h"
#include "utils/Walker.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::conclint::utils {

struct Unpublished::BodyEscapes {
  bool Done = false; ///< false while being computed (a cycle)
  std::vector<const Stmt *> Escapes;
};

namespace {

/// \p A is \p RD, a base or a derived class of it: a pointer to an \p A may
/// point to the object being built.
bool relatedClass(const CXXRecordDecl *A, const CXXRecordDecl *RD) {
  if (!A || !RD)
    return false;
  A = A->getCanonicalDecl();
  RD = RD->getCanonicalDecl();
  if (A == RD)
    return true;
  const CXXRecordDecl *AD = A->getDefinition(), *RDD = RD->getDefinition();
  return AD && RDD && (AD->isDerivedFrom(RDD) || RDD->isDerivedFrom(AD));
}

/// A value of type \p T may hold a pointer to an object of class \p RD: a
/// pointer or reference to it (or to void), or a class template
/// specialization with it (or such a pointer) among its type arguments
/// (`weak_ptr<Base>`, `vector<shared_ptr<Base>>`).
bool mayPointTo(QualType T, const CXXRecordDecl *RD, unsigned Depth = 0) {
  if (T.isNull() || Depth > 3)
    return false;
  if (T->isReferenceType() || T->isPointerType()) {
    QualType P = T->getPointeeType();
    if (P->isVoidType())
      return true;
    if (P->isPointerType() || P->isReferenceType())
      return mayPointTo(P, RD, Depth + 1);
    return relatedClass(P->getAsCXXRecordDecl(), RD) ||
           mayPointTo(P, RD, Depth + 1);
  }
  if (const auto *AT = T->getAsArrayTypeUnsafe())
    return mayPointTo(AT->getElementType(), RD, Depth + 1);
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      T->getAsCXXRecordDecl());
  if (!Spec)
    return false;
  for (const TemplateArgument &A : Spec->getTemplateArgs().asArray()) {
    if (A.getKind() != TemplateArgument::Type)
      continue;
    QualType AT = A.getAsType();
    if (relatedClass(AT->getAsCXXRecordDecl(), RD) ||
        mayPointTo(AT, RD, Depth + 1))
      return true;
  }
  return false;
}

/// The parent of \p S, looking through parentheses and the casts that keep
/// an lvalue the same object (a derived-to-base conversion, a no-op cast).
const Stmt *objectParent(const ParentMap &PM, const Stmt *S,
                         const Stmt *&Child) {
  Child = S;
  const Stmt *P = PM.getParent(S);
  while (P) {
    if (isa<ParenExpr>(P)) {
      Child = P;
      P = PM.getParent(P);
      continue;
    }
    if (const auto *C = dyn_cast<ImplicitCastExpr>(P);
        C && (C->getCastKind() == CK_NoOp ||
              C->getCastKind() == CK_DerivedToBase ||
              C->getCastKind() == CK_UncheckedDerivedToBase)) {
      Child = P;
      P = PM.getParent(P);
      continue;
    }
    break;
  }
  return P;
}

bool nonConstLvalueRef(QualType T) {
  return T->isLValueReferenceType() &&
         !T.getNonReferenceType().isConstQualified();
}

/// The argument \p Arg of \p Callee (at position \p Idx of its parameters)
/// is bound to a non-const lvalue reference: the callee may keep its
/// address. std::move and std::forward only name it again.
bool bindsByReference(const FunctionDecl *Callee, unsigned Idx) {
  if (!Callee)
    return true; // an indirect call: unknown
  if (Callee->isInStdNamespace() && Callee->getIdentifier() &&
      (Callee->getName() == "move" || Callee->getName() == "forward"))
    return false;
  if (Idx >= Callee->getNumParams())
    return false; // C varargs copy
  return nonConstLvalueRef(Callee->getParamDecl(Idx)->getType());
}

/// A data member named through `this` (\p E, in a body whose parents are
/// \p PM, of function \p F) is handed on: its address taken, bound to a
/// non-const lvalue reference, returned by reference, decayed to a pointer.
bool memberHandedOn(const MemberExpr *E, const ParentMap &PM,
                    const FunctionDecl *F) {
  const Stmt *Child = nullptr;
  const Stmt *P = objectParent(PM, E, Child);
  if (!P)
    return false;
  if (const auto *UO = dyn_cast<UnaryOperator>(P))
    return UO->getOpcode() == UO_AddrOf;
  if (const auto *C = dyn_cast<ImplicitCastExpr>(P))
    return C->getCastKind() == CK_ArrayToPointerDecay;
  if (isa<ReturnStmt>(P))
    return F && (F->getReturnType()->isReferenceType());
  if (const auto *DS = dyn_cast<DeclStmt>(P)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D))
        if (V->getInit() == Child && V->getType()->isReferenceType())
          return true;
    return false;
  }
  if (const auto *Call = dyn_cast<CallExpr>(P)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    unsigned Shift = 0;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
      if (isa_and_nonnull<CXXMethodDecl>(Callee)) {
        if (Op->getNumArgs() > 0 && Op->getArg(0) == Child)
          return false; // the object of the operator: a call on the member
        Shift = 1;
      }
    for (unsigned I = Shift; I < Call->getNumArgs(); ++I)
      if (Call->getArg(I) == Child)
        return bindsByReference(Callee, I - Shift);
    return false;
  }
  if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
    for (unsigned I = 0; I < CE->getNumArgs(); ++I)
      if (CE->getArg(I) == Child)
        return bindsByReference(CE->getConstructor(), I);
    return false;
  }
  return false;
}

/// The uses of `this` in one body (or one initialiser) that let it escape
/// (see the header).
class ThisUses : public Walker {
public:
  ThisUses(Unpublished &U, const FunctionDecl *F, const CXXRecordDecl *RD,
           const ParentMap &PM, unsigned Depth, std::vector<const Stmt *> &Out)
      : U(U), F(F), RD(RD), PM(PM), Depth(Depth), Out(Out) {}
  bool shouldVisitImplicitCode() const override { return true; }

  bool VisitLambdaExpr(LambdaExpr *L) override {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesThis()) {
        Out.push_back(L);
        break;
      }
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *E) override {
    const Expr *Obj = E->getImplicitObjectArgument();
    const auto *T =
        Obj ? dyn_cast<CXXThisExpr>(Obj->IgnoreParenImpCasts()) : nullptr;
    const CXXMethodDecl *MD = E->getMethodDecl();
    if (!T || !MD)
      return true;
    const auto *ME = dyn_cast<MemberExpr>(E->getCallee()->IgnoreParens());
    bool Direct = !MD->isVirtual() || (ME && ME->hasQualifier()) ||
                  MD->hasAttr<FinalAttr>() ||
                  MD->getParent()->hasAttr<FinalAttr>();
    if (Direct && !U.publishesThis(MD, Depth + 1))
      Allowed.insert(T);
    return true;
  }
  /// `this->f(...)` in a template, `f` in a dependent base: as a call of
  /// each method it can name (utils/ExprShapes.h dependentThisCallees),
  /// every one non-virtual and letting `this` not escape.
  bool VisitCXXDependentScopeMemberExpr(CXXDependentScopeMemberExpr *E) override {
    llvm::SmallVector<const CXXMethodDecl *, 2> Callees;
    const auto *Call = dyn_cast_or_null<CallExpr>(PM.getParent(E));
    if (!Call || Call->getCallee()->IgnoreParens() != E ||
        !dependentThisCallees(E, Callees))
      return true;
    for (const CXXMethodDecl *MD : Callees)
      if (MD->isVirtual() || U.publishesThis(MD, Depth + 1))
        return true;
    Allowed.insert(cast<CXXThisExpr>(E->getBase()->IgnoreParenImpCasts()));
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) override {
    const auto *T = dyn_cast<CXXThisExpr>(E->getBase()->IgnoreParenImpCasts());
    const auto *FD = dyn_cast<FieldDecl>(E->getMemberDecl());
    if (!T || !FD)
      return true; // a method: the call decides
    if (mayPointTo(FD->getType(), RD) || memberHandedOn(E, PM, F))
      return true;
    Allowed.insert(T);
    return true;
  }
  bool VisitCXXThisExpr(CXXThisExpr *E) override {
    if (!Allowed.count(E))
      Out.push_back(E);
    return true;
  }

private:
  Unpublished &U;
  const FunctionDecl *F;
  const CXXRecordDecl *RD;
  const ParentMap &PM;
  unsigned Depth;
  std::vector<const Stmt *> &Out;
  llvm::SmallPtrSet<const CXXThisExpr *, 16> Allowed;
};

/// Looks through what only wraps the expression that creates an object:
/// implicit nodes, parentheses, a functional cast, an elidable copy.
const Expr *creation(const Expr *E) {
  while (E) {
    const Expr *Next = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(Next))
      Next = FC->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(Next);
             CE && CE->isElidable() && CE->getNumArgs() == 1)
      Next = CE->getArg(0);
    if (Next == E)
      return E;
    E = Next;
  }
  return E;
}

bool isAllocatingFactory(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return false;
  llvm::StringRef N = FD->getName();
  if (N != "make_shared" && N != "make_unique" && N != "allocate_shared")
    return false;
  return FD->isInStdNamespace() || isInNamespace(FD, "boost");
}

/// The uses of local \p V in a body, each marked when it may hand the
/// object on: all but a call, on it, of a non-virtual method that lets
/// `this` not escape.
class LocalUses : public Walker {
public:
  LocalUses(Unpublished &U, const VarDecl *V, const ParentMap &PM,
            std::vector<std::pair<const DeclRefExpr *, bool>> &Out)
      : U(U), V(V), PM(PM), Out(Out) {}
  bool shouldVisitImplicitCode() const override { return true; }
  bool VisitDeclRefExpr(DeclRefExpr *E) override {
    if (E->getDecl() == V)
      Out.push_back({E, !privateCall(E)});
    return true;
  }

private:
  const Stmt *up(const Stmt *S) const {
    const Stmt *P = PM.getParent(S);
    while (P && isa<ParenExpr, ImplicitCastExpr>(P))
      P = PM.getParent(P);
    return P;
  }
  /// \p E is the object (or the pointer to it) of a call of a method of
  /// the object that lets `this` not escape: `v.f()`, `p->f()`, `sp->f()`
  /// (not a method of the smart pointer itself: `sp.get()`).
  bool privateCall(const DeclRefExpr *E) const {
    const Stmt *P = up(E);
    bool ViaArrow = false;
    if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(P);
        Op && Op->getOperator() == OO_Arrow) {
      P = up(Op);
      ViaArrow = true;
    }
    if (Smart != ViaArrow)
      return false;
    const auto *ME = dyn_cast_or_null<MemberExpr>(P);
    if (!ME)
      return false;
    const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(up(ME));
    if (!MC || MC->getCallee()->IgnoreParens() != ME)
      return false;
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!MD || (MD->isVirtual() && !ME->hasQualifier()))
      return false;
    return !U.publishesThis(MD);
  }

public:
  bool Smart = false; ///< V is a smart pointer (its own methods hand on)

private:
  Unpublished &U;
  const VarDecl *V;
  const ParentMap &PM;
  std::vector<std::pair<const DeclRefExpr *, bool>> &Out;
};

} // namespace

Unpublished::Unpublished(ASTContext &Ctx, CFGCache &CFGs, unsigned MaxDepth)
    : Ctx(Ctx), CFGs(CFGs), MaxDepth(MaxDepth) {}

Unpublished::~Unpublished() = default;

const Unpublished::BodyEscapes *
Unpublished::escapesOf(const FunctionDecl *F, unsigned Depth) {
  const FunctionDecl *Def = F ? F->getDefinition() : nullptr;
  if (!Def || !Def->hasBody())
    return nullptr;
  std::unique_ptr<BodyEscapes> &B = Bodies[Def];
  if (B)
    return B->Done ? B.get() : nullptr;
  B = std::make_unique<BodyEscapes>();
  const auto *MD = dyn_cast<CXXMethodDecl>(Def);
  std::vector<const Stmt *> Out;
  if (MD) {
    Stmt *Body = const_cast<Stmt *>(Def->getBody());
    ParentMap PM(Body);
    ThisUses V(*this, Def, MD->getParent(), PM, Depth, Out);
    V.TraverseStmt(Body);
  }
  // `B` may have been moved by a rehash during the walk: look it up again.
  BodyEscapes &R = *Bodies[Def];
  R.Escapes = std::move(Out);
  R.Done = true;
  return &R;
}

bool Unpublished::initsPublish(const CXXConstructorDecl *C, unsigned Depth) {
  for (const CXXCtorInitializer *I : C->inits()) {
    Expr *Init = I->getInit();
    if (!Init)
      continue;
    if (I->isBaseInitializer() || I->isDelegatingInitializer()) {
      const auto *CE = dyn_cast<CXXConstructExpr>(Init->IgnoreImplicit());
      if (!CE || publishesThis(CE->getConstructor(), Depth + 1))
        return true;
    }
    ParentMap PM(Init);
    std::vector<const Stmt *> Out;
    ThisUses V(*this, C, C->getParent(), PM, Depth, Out);
    V.TraverseStmt(Init);
    if (!Out.empty())
      return true;
  }
  return false;
}

bool Unpublished::publishesThis(const FunctionDecl *F, unsigned Depth) {
  if (!F)
    return true;
  if (const auto *C = dyn_cast<CXXConstructorDecl>(F); C && C->isTrivial())
    return false;
  const FunctionDecl *Def = F->getDefinition();
  if (!Def || Depth > MaxDepth)
    return true;
  auto [It, New] = Publishes.try_emplace(Def);
  if (!New)
    return It->second.value_or(true); // a cycle counts as an escape
  bool R = true;
  const BodyEscapes *B = nullptr;
  if (const auto *C = dyn_cast<CXXConstructorDecl>(Def);
      C && initsPublish(C, Depth))
    R = true;
  else if ((B = escapesOf(Def, Depth)))
    R = !B->Escapes.empty();
  Publishes[Def] = R;
  return R;
}

bool Unpublished::noneReaches(const FunctionDecl *F,
                              llvm::ArrayRef<const Stmt *> Escapes,
                              const Stmt *Call, const Stmt *AtCall) {
  const FunctionCFG *G = CFGs.get(F, F->getBody(), Ctx);
  if (!G)
    return false;
  auto CallPos = G->elementOf(Call);
  if (!CallPos)
    return false;
  if (Escapes.empty() && !AtCall)
    return true;
  llvm::SmallVector<CFGReach::Pos, 8> Starts;
  if (AtCall) {
    // From after the call itself (its object is evaluated before it).
    if (std::optional<CFGReach::Pos> P = CFGReach::after(*G, Call))
      Starts.push_back(*P);
    else
      return false;
  }
  for (const Stmt *E : Escapes) {
    auto EP = G->elementOf(E);
    if (!EP)
      return false; // where it escapes is not known
    if (*EP == *CallPos)
      return false; // in the same element: no order shown
    if (std::optional<CFGReach::Pos> P = CFGReach::after(*G, E))
      Starts.push_back(*P);
    else
      return false;
  }
  CFGReach R(
      *G, Starts, [](const CFGElement &) { return false; },
      [](const CFGBlock &, unsigned) { return false; });
  return !R.reaches(Call);
}

bool Unpublished::beforeThisEscapes(const FunctionDecl *F, const Stmt *Call) {
  const FunctionDecl *Def = F ? F->getDefinition() : nullptr;
  if (!Def || !Def->hasBody() || !isa<CXXMethodDecl>(Def))
    return false;
  if (const auto *C = dyn_cast<CXXConstructorDecl>(Def);
      C && initsPublish(C, 0))
    return false;
  const BodyEscapes *B = escapesOf(Def, 0);
  if (!B)
    return false;
  return noneReaches(Def, B->Escapes, Call);
}

bool Unpublished::everyConstructorPrivate(const CXXRecordDecl *RD) {
  RD = RD ? RD->getDefinition() : nullptr;
  if (!RD)
    return false;
  bool Any = false;
  auto Check = [&](const CXXConstructorDecl *C) {
    if (C->isDeleted() || (C->isImplicit() && !C->hasBody() && !C->isTrivial()))
      return true; // never run here
    Any = true;
    return !publishesThis(C);
  };
  for (const CXXConstructorDecl *C : RD->ctors())
    if (!Check(C))
      return false;
  for (const Decl *D : RD->decls())
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
      for (const FunctionDecl *S : FT->specializations())
        if (const auto *C = dyn_cast<CXXConstructorDecl>(S))
          if (!Check(C))
            return false;
  return Any || RD->hasTrivialDefaultConstructor();
}

bool Unpublished::onFreshLocal(const FunctionDecl *F, const Stmt *Call,
                               const Expr *Object) {
  const FunctionDecl *Def = F ? F->getDefinition() : nullptr;
  if (!Def || !Def->hasBody() || !Object)
    return false;
  // The variable: `v.f()`, `p->f()`, `sp->f()`, `(*p).f()`.
  const Expr *E = Object->IgnoreParenImpCasts();
  bool Pointee = false;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if ((Op->getOperator() != OO_Arrow && Op->getOperator() != OO_Star) ||
        Op->getNumArgs() != 1)
      return false;
    E = Op->getArg(0)->IgnoreParenImpCasts();
    Pointee = true;
  } else if (const auto *UO = dyn_cast<UnaryOperator>(E);
             UO && UO->getOpcode() == UO_Deref) {
    E = UO->getSubExpr()->IgnoreParenImpCasts();
    Pointee = true;
  }
  const auto *Own = dyn_cast<DeclRefExpr>(E);
  const auto *V = Own ? dyn_cast<VarDecl>(Own->getDecl()) : nullptr;
  if (!V || isa<ParmVarDecl>(V) || !V->isLocalVarDecl() ||
      V->isStaticLocal() || V->getType()->isReferenceType() ||
      !V->getInit() ||
      V->getDeclContext()->getPrimaryContext() !=
          cast<DeclContext>(Def)->getPrimaryContext())
    return false;
  if (V->getType()->isPointerType())
    Pointee = true;
  // The object created: in place, or by `new`, or by a factory.
  const Expr *Init = creation(V->getInit());
  bool Smart = false;
  if (!Pointee) {
    const auto *CE = dyn_cast<CXXConstructExpr>(Init);
    if (!CE || publishesThis(CE->getConstructor()))
      return false;
  } else {
    if (const auto *CE = dyn_cast<CXXConstructExpr>(Init)) {
      // A smart pointer taking ownership of a new object.
      if (CE->getNumArgs() < 1)
        return false;
      Init = creation(CE->getArg(0));
      Smart = true;
    }
    if (const auto *N = dyn_cast<CXXNewExpr>(Init)) {
      const CXXConstructExpr *CE = N->getConstructExpr();
      if (!CE || publishesThis(CE->getConstructor()))
        return false;
    } else if (const auto *C = dyn_cast<CallExpr>(Init);
               C && isAllocatingFactory(C->getDirectCallee())) {
      Smart = true;
      const TemplateArgumentList *Args =
          C->getDirectCallee()->getTemplateSpecializationArgs();
      if (!Args || Args->size() < 1 ||
          Args->get(0).getKind() != TemplateArgument::Type ||
          !everyConstructorPrivate(Args->get(0).getAsType()->getAsCXXRecordDecl()))
        return false;
    } else {
      return false;
    }
  }
  // Every use of it that may hand it on, before the call? The call's own
  // use hands it on only after the call (to a later one, around a loop).
  Stmt *Body = const_cast<Stmt *>(Def->getBody());
  const FunctionCFG *G = CFGs.get(Def, Body, Ctx);
  if (!G)
    return false;
  auto [It, New] = LocalUsesOf.try_emplace(V);
  if (New) {
    LocalUses U(*this, V, G->parents(), It->second);
    U.Smart = Smart;
    U.TraverseStmt(Body);
  }
  std::vector<const Stmt *> Escapes;
  const Stmt *OwnEscape = nullptr;
  for (const auto &[Use, Escape] : LocalUsesOf[V])
    if (Escape) {
      if (Use == Own)
        OwnEscape = Use;
      else
        Escapes.push_back(Use);
    }
  return noneReaches(Def, Escapes, Call, OwnEscape);
}

} // namespace clang::tidy::conclint::utils
