//===-- LockPath.cpp - which object an lvalue names: root + path ----------===//

#include "utils/LockPath.h"
#include "utils/Compat.h"
#include "utils/Walker.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"

namespace clang::tidy::conclint::utils {

//===----------------------------------------------------------------------===//
// AccessPath
//===----------------------------------------------------------------------===//

AccessPath AccessPath::ofDecl(const ValueDecl *D) {
  AccessPath P;
  if (const auto *VD = dyn_cast<VarDecl>(D)) {
    D = VD->getCanonicalDecl();
    if (isa<ParmVarDecl>(VD))
      P.Kind = PathRoot::Param;
    else if (VD->hasGlobalStorage())
      P.Kind = PathRoot::Global;
    else
      P.Kind = PathRoot::Local;
  } else {
    P.Kind = PathRoot::Local;
  }
  P.Root = D;
  return P;
}

AccessPath AccessPath::ofThis(const CXXRecordDecl *Class) {
  AccessPath P;
  P.Kind = PathRoot::This;
  P.Class = Class ? Class->getCanonicalDecl() : nullptr;
  return P;
}

AccessPath AccessPath::prefix(unsigned N) const {
  AccessPath P = *this;
  P.Steps.truncate(std::min<size_t>(N, Steps.size()));
  return P;
}

AccessPath AccessPath::rebasedOn(const AccessPath &NewRoot) const {
  AccessPath P = NewRoot;
  P.Steps.append(Steps.begin(), Steps.end());
  return P;
}

bool AccessPath::isPrefixOf(const AccessPath &O) const {
  if (Kind != O.Kind || Root != O.Root || Class != O.Class ||
      Steps.size() > O.Steps.size())
    return false;
  for (unsigned I = 0; I < Steps.size(); ++I)
    if (Steps[I] != O.Steps[I])
      return false;
  return true;
}

bool AccessPath::mayAlias(const AccessPath &O) const {
  if (Kind != O.Kind || Root != O.Root || Class != O.Class)
    return false;
  size_t N = std::min(Steps.size(), O.Steps.size());
  for (unsigned I = 0; I < N; ++I) {
    const PathStep &A = Steps[I], &B = O.Steps[I];
    if (A.Kind != B.Kind)
      return true; // a cast or an unusual shape: cannot tell apart
    if (A.Kind == PathStep::Field && A.Decl != B.Decl)
      return false;
    if (A.Kind == PathStep::Element && A.Constant && B.Constant &&
        *A.Constant != *B.Constant)
      return false;
  }
  return true;
}

bool AccessPath::hasElementStep() const {
  for (const PathStep &S : Steps)
    if (S.Kind == PathStep::Element)
      return true;
  return false;
}

bool AccessPath::dependsOnValueOf(const ValueDecl *V) const {
  if (!V)
    return false;
  for (const PathStep &S : Steps)
    if (S.Kind == PathStep::Element && S.Decl == V)
      return true;
  if (Root != V || Steps.empty())
    return false;
  if (V->getType().getNonReferenceType()->isPointerType())
    return true;
  return llvm::any_of(Steps,
                      [](const PathStep &S) { return S.Kind == PathStep::Deref; });
}

const FieldDecl *AccessPath::lastField() const {
  if (Steps.empty() || Steps.back().Kind != PathStep::Field)
    return nullptr;
  return dyn_cast_or_null<FieldDecl>(Steps.back().Decl);
}

static std::string declName(const ValueDecl *D) {
  if (!D)
    return "?";
  if (const IdentifierInfo *II = D->getIdentifier())
    return II->getName().str();
  return D->getNameAsString();
}

std::string AccessPath::str() const {
  // `p->f` for a dereference followed by a field, `p[i]` for one followed by
  // an element, `*p` for a dereference at the end.
  std::string S = Kind == PathRoot::This ? "this" : declName(Root);
  bool PointerPending = Kind == PathRoot::This; // `this` is a pointer
  for (const PathStep &St : Steps) {
    switch (St.Kind) {
    case PathStep::Deref:
      if (PointerPending)
        S = "(*" + S + ")";
      PointerPending = true;
      break;
    case PathStep::Field:
      S += PointerPending ? "->" : ".";
      S += declName(St.Decl);
      PointerPending = false;
      break;
    case PathStep::Element:
      S += "[";
      S += St.Constant ? std::to_string(*St.Constant)
                       : St.Decl ? declName(St.Decl) : std::string("?");
      S += "]";
      PointerPending = false;
      break;
    }
  }
  if (PointerPending)
    S = "*" + S;
  return S;
}

std::string AccessPath::key() const {
  llvm::SmallString<128> USR;
  const Decl *D = Kind == PathRoot::This ? static_cast<const Decl *>(Class)
                                         : static_cast<const Decl *>(Root);
  std::string K = Kind == PathRoot::This ? "this:" : "";
  if (!D || index::generateUSRForDecl(D, USR))
    K += "<unnamed>";
  else
    K += USR.str().str();
  for (const PathStep &St : Steps) {
    switch (St.Kind) {
    case PathStep::Deref:
      K += "*";
      break;
    case PathStep::Field:
      K += ".";
      K += declName(St.Decl);
      break;
    case PathStep::Element:
      K += "[";
      if (St.Constant)
        K += std::to_string(*St.Constant);
      else if (St.Decl)
        K += declName(St.Decl);
      K += "]";
      break;
    }
  }
  return K;
}

bool AccessPath::operator<(const AccessPath &O) const {
  auto Tie = [](const AccessPath &P) {
    return std::make_tuple(static_cast<int>(P.Kind),
                           static_cast<const void *>(P.Root),
                           static_cast<const void *>(P.Class),
                           P.Steps.size());
  };
  if (Tie(*this) != Tie(O))
    return Tie(*this) < Tie(O);
  for (unsigned I = 0; I < Steps.size(); ++I) {
    const PathStep &A = Steps[I], &B = O.Steps[I];
    auto TA = std::make_tuple(static_cast<int>(A.Kind),
                              static_cast<const void *>(A.Decl),
                              A.Constant.has_value(), A.Constant.value_or(0));
    auto TB = std::make_tuple(static_cast<int>(B.Kind),
                              static_cast<const void *>(B.Decl),
                              B.Constant.has_value(), B.Constant.value_or(0));
    if (TA != TB)
      return TA < TB;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// AliasMap
//===----------------------------------------------------------------------===//

namespace {

/// Strips parentheses and the implicit casts that keep the object.
const Expr *stripObjectCasts(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) {
      switch (ICE->getCastKind()) {
      case CK_NoOp:
      case CK_DerivedToBase:
      case CK_UncheckedDerivedToBase:
        E = ICE->getSubExpr();
        continue;
      default:
        return E;
      }
    }
    if (const auto *MTE = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = MTE->getSubExpr();
      continue;
    }
    if (const auto *FE = dyn_cast<FullExpr>(E)) {
      E = FE->getSubExpr();
      continue;
    }
    return E;
  }
}

class PointerScan : public Walker {
public:
  explicit PointerScan(const ParentMap &PM) : PM(PM) {}
  bool VisitVarDecl(VarDecl *VD) override {
    if (!VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
        !VD->getType()->isPointerType() || !VD->getInit())
      return true;
    const Expr *Init = stripObjectCasts(VD->getInit());
    if (const auto *UO = dyn_cast<UnaryOperator>(Init))
      if (UO->getOpcode() == UO_AddrOf)
        Candidates[VD] = UO->getSubExpr();
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) override {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD || !VD->getType()->isPointerType())
      return true;
    // Only reads of the pointer's value keep it constant.
    const Stmt *P = PM.getParent(DRE);
    while (P && isa<ParenExpr>(P))
      P = PM.getParent(P);
    const auto *ICE = dyn_cast_or_null<ImplicitCastExpr>(P);
    if (!ICE || ICE->getCastKind() != CK_LValueToRValue)
      Written.insert(VD);
    return true;
  }
  bool shouldVisitLambdaBody() const override { return true; }

  llvm::DenseMap<const VarDecl *, const Expr *> Candidates;
  llvm::SmallPtrSet<const VarDecl *, 8> Written;

private:
  const ParentMap &PM;
};

} // namespace

AliasMap::AliasMap(const Stmt *Body, const ParentMap &PM) {
  if (!Body)
    return;
  PointerScan S(PM);
  S.TraverseStmt(const_cast<Stmt *>(Body));
  for (const auto &[VD, Pointee] : S.Candidates)
    if (!S.Written.count(VD))
      Pointees[VD] = Pointee;
}

//===----------------------------------------------------------------------===//
// Building paths
//===----------------------------------------------------------------------===//

namespace {

constexpr unsigned MaxAliasDepth = 8;

std::optional<AccessPath> lvaluePath(const Expr *E, const AliasMap *A,
                                     unsigned Depth);
std::optional<AccessPath> pointeePath(const Expr *E, const AliasMap *A,
                                      unsigned Depth);

/// Containers whose operator[] returns an element of the object itself.
bool isElementContainer(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->isInStdNamespace() || !RD->getIdentifier())
    return false;
  llvm::StringRef N = RD->getName();
  return N == "array" || N == "vector" || N == "deque";
}

PathStep elementStep(const Expr *Idx) {
  PathStep S;
  S.Kind = PathStep::Element;
  if (!Idx)
    return S;
  Idx = Idx->IgnoreParenImpCasts();
  if (const auto *IL = dyn_cast<IntegerLiteral>(Idx)) {
    S.Constant = IL->getValue().getSExtValue();
    return S;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Idx))
    if (isa<VarDecl>(DRE->getDecl()))
      S.Decl = DRE->getDecl();
  return S;
}

std::optional<AccessPath> declPath(const DeclRefExpr *DRE, const AliasMap *A,
                                   unsigned Depth) {
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD)
    return std::nullopt;
  if (VD->getType()->isReferenceType()) {
    // A reference names what it was bound to, for good.
    if (!isa<ParmVarDecl>(VD) && VD->getInit() && Depth < MaxAliasDepth)
      return lvaluePath(VD->getInit(), A, Depth + 1);
    if (isa<ParmVarDecl>(VD))
      return AccessPath::ofDecl(VD);
    return std::nullopt;
  }
  return AccessPath::ofDecl(VD);
}

std::optional<AccessPath> lvaluePath(const Expr *E, const AliasMap *A,
                                     unsigned Depth) {
  if (!E)
    return std::nullopt;
  E = stripObjectCasts(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return declPath(DRE, A, Depth);
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (!FD) {
      // A static data member is a global of its own.
      if (const auto *VD = dyn_cast<VarDecl>(ME->getMemberDecl()))
        return AccessPath::ofDecl(VD);
      return std::nullopt;
    }
    std::optional<AccessPath> Base =
        ME->isArrow() ? pointeePath(ME->getBase(), A, Depth)
                      : lvaluePath(ME->getBase(), A, Depth);
    if (!Base)
      return std::nullopt;
    if (FD->getType()->isReferenceType())
      return std::nullopt; // a reference member names another object
    Base->field(FD);
    return Base;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_Deref)
      return pointeePath(UO->getSubExpr(), A, Depth);
    return std::nullopt;
  }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    std::optional<AccessPath> Base = pointeePath(ASE->getBase(), A, Depth);
    if (!Base)
      return std::nullopt;
    // An array that decayed names its elements directly: drop the implicit
    // dereference of the decayed pointer.
    if (!Base->steps().empty() && Base->steps().back().Kind == PathStep::Deref &&
        isa<ImplicitCastExpr>(ASE->getBase()->IgnoreParens()) &&
        cast<ImplicitCastExpr>(ASE->getBase()->IgnoreParens())->getCastKind() ==
            CK_ArrayToPointerDecay)
      *Base = Base->prefix(Base->steps().size() - 1);
    Base->append(elementStep(ASE->getIdx()));
    return Base;
  }
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (OC->getOperator() == OO_Subscript && OC->getNumArgs() == 2 &&
        isElementContainer(OC->getArg(0)->getType())) {
      std::optional<AccessPath> Base = lvaluePath(OC->getArg(0), A, Depth);
      if (!Base)
        return std::nullopt;
      Base->append(elementStep(OC->getArg(1)));
      return Base;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<AccessPath> pointeePath(const Expr *E, const AliasMap *A,
                                      unsigned Depth) {
  if (!E)
    return std::nullopt;
  E = stripObjectCasts(E);
  if (const auto *ICE = dyn_cast<ImplicitCastExpr>(E)) {
    if (ICE->getCastKind() == CK_ArrayToPointerDecay) {
      std::optional<AccessPath> P = lvaluePath(ICE->getSubExpr(), A, Depth);
      if (P)
        P->deref(); // removed again by an enclosing subscript
      return P;
    }
    if (ICE->getCastKind() == CK_LValueToRValue) {
      const Expr *Sub = stripObjectCasts(ICE->getSubExpr());
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Sub))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
          if (A && Depth < MaxAliasDepth)
            if (const Expr *Pointee = A->pointeeOf(VD))
              return lvaluePath(Pointee, A, Depth + 1);
      std::optional<AccessPath> P = lvaluePath(Sub, A, Depth);
      if (P)
        P->deref();
      return P;
    }
    return std::nullopt;
  }
  if (const auto *TE = dyn_cast<CXXThisExpr>(E)) {
    QualType T = TE->getType()->getPointeeType();
    return AccessPath::ofThis(T->getAsCXXRecordDecl());
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf)
      return lvaluePath(UO->getSubExpr(), A, Depth);
  return std::nullopt;
}

} // namespace

std::optional<AccessPath> accessPathOf(const Expr *E, const AliasMap *A) {
  return lvaluePath(E, A, 0);
}

std::optional<AccessPath> pointeePathOf(const Expr *E, const AliasMap *A) {
  return pointeePath(E, A, 0);
}

std::optional<AccessPath> objectPathOf(const Expr *Base, bool IsArrow,
                                       const AliasMap *A) {
  return IsArrow ? pointeePath(Base, A, 0) : lvaluePath(Base, A, 0);
}

QualType typeOfPath(const AccessPath &P, const ASTContext &Ctx) {
  QualType T;
  if (P.rootKind() == PathRoot::This) {
    if (!P.thisClass())
      return QualType();
    T = compat::canonicalTagType(Ctx, P.thisClass());
  } else {
    if (!P.root())
      return QualType();
    T = P.root()->getType();
  }
  for (const PathStep &St : P.steps()) {
    T = T.getNonReferenceType();
    switch (St.Kind) {
    case PathStep::Field:
      if (!St.Decl)
        return QualType();
      T = St.Decl->getType();
      break;
    case PathStep::Deref:
      T = T->getPointeeType();
      break;
    case PathStep::Element:
      if (const ArrayType *AT = T->getAsArrayTypeUnsafe())
        T = AT->getElementType();
      else if (T->isPointerType())
        T = T->getPointeeType();
      else if (const auto *TS = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
                   T->getAsCXXRecordDecl());
               TS && TS->getTemplateArgs().size() > 0 &&
               TS->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
        T = TS->getTemplateArgs()[0].getAsType();
      else
        return QualType();
      break;
    }
    if (T.isNull())
      return T;
  }
  return T.getNonReferenceType();
}

} // namespace clang::tidy::conclint::utils
