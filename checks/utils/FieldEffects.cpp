//===-- FieldEffects.cpp - which fields of its object a method touches ----===//

#include "utils/FieldEffects.h"
#include "utils/SyncTypes.h"
#include "utils/Walker.h"

#include "clang/AST/ParentMap.h"
#include "clang/Basic/SourceManager.h"

#include <map>
#include <vector>

namespace clang::tidy::conclint::utils {

namespace {

constexpr unsigned MaxPath = 8;

bool declaredInSystemHeader(const Decl *D) {
  const SourceManager &SM = D->getASTContext().getSourceManager();
  return SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
}

/// A library class: its members are its implementation, touched whole.
bool libraryClass(const CXXRecordDecl *RD) {
  return RD->isInStdNamespace() || declaredInSystemHeader(RD);
}

/// Hands out a non-const lvalue reference or a pointer to non-const: the
/// caller may write what it names.
bool handsOutWritable(QualType T) {
  if (T->isLValueReferenceType() || T->isPointerType())
    return !T->getPointeeType().isConstQualified();
  return false;
}

/// \p Parent dereferences the pointer value \p Ptr: `p->m`, `*p`, `p[i]`.
bool derefs(const Stmt *Parent, const Stmt *Ptr) {
  if (!Parent)
    return false;
  if (const auto *ME = dyn_cast<MemberExpr>(Parent))
    return ME->isArrow() && ME->getBase() == Ptr;
  if (const auto *UO = dyn_cast<UnaryOperator>(Parent))
    return UO->getOpcode() == UO_Deref && UO->getSubExpr() == Ptr;
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(Parent))
    return ASE->getBase() == Ptr;
  return false;
}

/// A parameter through which the callee may write its argument.
bool writableParam(QualType T) {
  if (T->isReferenceType())
    return !T.getNonReferenceType().isConstQualified();
  return false;
}

} // namespace

/// One walk over one method body.
class FieldWalk : public Walker {
public:
  FieldWalk(FieldEffects &FE, const CXXMethodDecl *MD, unsigned Depth,
            Stmt *Body)
      : FE(FE), MD(MD), Depth(Depth), PM(Body) {}

  FieldSet Out;
  bool Unknown = false;

  bool shouldVisitImplicitCode() const override { return true; }

  // A lambda that captures `this` (or initialises a capture from it) may
  // touch the object wherever it runs; one that does not, never does.
  bool TraverseLambdaExpr(LambdaExpr *L) override {
    for (const LambdaCapture &C : L->captures()) {
      const auto *V = C.capturesVariable()
                          ? dyn_cast<VarDecl>(C.getCapturedVar())
                          : nullptr;
      if (C.capturesThis() || (V && V->isInitCapture()))
        Unknown = true;
    }
    return !Unknown;
  }

  bool VisitCXXThisExpr(CXXThisExpr *E) override {
    classify(E);
    return !Unknown;
  }

private:
  void add(const llvm::SmallVectorImpl<const FieldDecl *> &Path, bool Write) {
    FieldTouch T;
    T.Path.assign(Path.begin(), Path.end());
    T.Write = Write;
    Out.push_back(std::move(T));
  }

  /// The argument \p Cur of \p Call: written through a non-const reference
  /// parameter (or a variadic / unknown one), otherwise read.
  static bool writesArgument(const Stmt *Cur, const CallExpr *Call) {
    const FunctionDecl *FD = Call->getDirectCallee();
    unsigned Shift =
        isa<CXXOperatorCallExpr>(Call) && FD && isa<CXXMethodDecl>(FD) ? 1 : 0;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (Call->getArg(I) == Cur) {
        if (!FD || I < Shift || I - Shift >= FD->getNumParams())
          return true;
        return writableParam(FD->getParamDecl(I - Shift)->getType());
      }
    return true; // the callee expression itself
  }

  /// A call of \p M on the member at \p Path (empty: on `this`).
  void call(const CXXMethodDecl *M, const llvm::SmallVectorImpl<const FieldDecl *> &Path,
            bool Frozen) {
    if (M->isStatic())
      return;
    const CXXRecordDecl *Cls = M->getParent();
    if (libraryClass(Cls)) {
      add(Path, !M->isConst());
      return;
    }
    if (Frozen) {
      // On an element of an array member, or inside a union or bit-field
      // holder: the whole holder, written (a const method may still write
      // a mutable member).
      add(Path, true);
      return;
    }
    const CXXMethodDecl *Target = M;
    if (M->isVirtual()) {
      // Exact only on a member object (a complete object: its own class's
      // overrider runs) or when no override can exist.
      const CXXRecordDecl *Static = nullptr;
      bool Exact = false;
      if (!Path.empty()) {
        Static = Path.back()->getType()->getAsCXXRecordDecl();
        Exact = Static != nullptr;
      } else {
        Static = MD->getParent();
        Exact = M->hasAttr<FinalAttr>() || Static->hasAttr<FinalAttr>();
      }
      const CXXMethodDecl *F =
          Exact ? M->getCorrespondingMethodInClass(Static) : nullptr;
      if (!F || (Path.empty() && !F->hasAttr<FinalAttr>() &&
                 !F->getParent()->hasAttr<FinalAttr>() &&
                 !Static->hasAttr<FinalAttr>())) {
        Unknown = true;
        return;
      }
      Target = F;
    }
    const FieldSet *Sub = FE.compute(Target, Depth + 1);
    if (!Sub) {
      Unknown = true;
      return;
    }
    for (const FieldTouch &X : *Sub) {
      FieldTouch Y;
      Y.Path.assign(Path.begin(), Path.end());
      for (const FieldDecl *F : X.Path)
        if (Y.Path.size() < MaxPath)
          Y.Path.push_back(F); // cut short: a prefix stands for more
      Y.Write = X.Write;
      Out.push_back(std::move(Y));
    }
  }

  void classify(const CXXThisExpr *E) {
    llvm::SmallVector<const FieldDecl *, 4> Path;
    bool Frozen = false; // the path stays at the holder from here on
    const Stmt *Cur = E;
    for (unsigned Steps = 0; Steps < 64; ++Steps) {
      const Stmt *P = PM.getParent(Cur);
      if (!P)
        break;
      if (const auto *ICE = dyn_cast<ImplicitCastExpr>(P)) {
        CastKind K = ICE->getCastKind();
        if (K == CK_LValueToRValue) {
          if (Path.empty())
            break;
          // A pointer member read to reach what it points to: the pointee
          // is touched under the pointer's path (see the header).
          if (ICE->getType()->isPointerType() && derefs(PM.getParent(P), P)) {
            Frozen = true;
            Cur = P;
            continue;
          }
          return add(Path, false);
        }
        if (K == CK_NoOp || K == CK_DerivedToBase ||
            K == CK_UncheckedDerivedToBase ||
            (K == CK_ArrayToPointerDecay && !Path.empty())) {
          Cur = P;
          continue;
        }
        if (Path.empty())
          break;
        return add(Path, false);
      }
      if (isa<ParenExpr>(P)) {
        Cur = P;
        continue;
      }
      if (const auto *ME = dyn_cast<MemberExpr>(P)) {
        // `this->a` then `.b`: still this object; `->` past the first step
        // goes through a pointer member to what it points to (Frozen).
        if (Path.empty() && !ME->isArrow())
          break;
        if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
          QualType T = FD->getType();
          if (T.isConstQualified() || isSynchronisationType(T))
            return; // no data race on it
          if (!Frozen) {
            if (T->isReferenceType())
              break; // names another object: not followed
            if (FD->isBitField() || FD->getParent()->isUnion())
              Frozen = true;
            else if (Path.size() < MaxPath)
              Path.push_back(FD);
          }
          Cur = P;
          continue;
        }
        if (const auto *M = dyn_cast<CXXMethodDecl>(ME->getMemberDecl())) {
          const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(P));
          if (!MC)
            break; // a bound member function not called here
          return call(M, Path, Frozen);
        }
        return; // a static data member or an enumerator: not this object
      }
      if (Path.empty())
        break; // `this` itself handed on, dereferenced whole, compared
      if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(P)) {
        if (ASE->getBase() == Cur) {
          Frozen = true; // an element: the array stands for it
          Cur = P;
          continue;
        }
        return add(Path, false); // used as the index
      }
      if (const auto *BO = dyn_cast<BinaryOperator>(P))
        return add(Path, BO->isAssignmentOp() && BO->getLHS() == Cur);
      if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
        if (UO->getOpcode() == UO_Deref) {
          Frozen = true; // what a pointer member points to
          Cur = P;
          continue;
        }
        return add(Path, UO->isIncrementDecrementOp() ||
                             UO->getOpcode() == UO_AddrOf);
      }
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {
        const auto *M = dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee());
        if (M && OC->getNumArgs() > 0 && OC->getArg(0) == Cur)
          return call(M, Path, Frozen);
        return add(Path, writesArgument(Cur, OC));
      }
      if (const auto *CE = dyn_cast<CallExpr>(P))
        return add(Path, writesArgument(Cur, CE));
      if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
        const CXXConstructorDecl *Ctor = CE->getConstructor();
        for (unsigned I = 0; I < CE->getNumArgs(); ++I)
          if (CE->getArg(I) == Cur)
            return add(Path, I >= Ctor->getNumParams() ||
                                 writableParam(Ctor->getParamDecl(I)->getType()));
        return add(Path, true);
      }
      if (isa<ReturnStmt>(P))
        return add(Path, handsOutWritable(MD->getReturnType()));
      // Anything else (a reference bound to it, a conditional operator
      // yielding it): written unless it is const.
      const auto *CurE = dyn_cast<Expr>(Cur);
      return add(Path, !CurE || !CurE->getType().isConstQualified());
    }
    Unknown = true;
  }

  FieldEffects &FE;
  const CXXMethodDecl *MD;
  unsigned Depth;
  ParentMap PM;
};

FieldEffects::~FieldEffects() = default;

const FieldSet *FieldEffects::of(const CXXMethodDecl *MD) {
  return compute(MD, 0);
}

const FieldSet *FieldEffects::compute(const CXXMethodDecl *MD, unsigned Depth) {
  const auto *Def = dyn_cast_or_null<CXXMethodDecl>(MD ? MD->getDefinition() : nullptr);
  if (!Def || !Def->hasBody() || Def->isStatic() ||
      isa<CXXConstructorDecl, CXXDestructorDecl>(Def) ||
      libraryClass(Def->getParent()))
    return nullptr;
  auto It = Memo.find(Def);
  if (It != Memo.end())
    return It->second->InProgress || !It->second->Set ? nullptr
                                                       : &*It->second->Set;
  if (Depth > MaxDepth)
    return nullptr;
  Entry *E = Memo.try_emplace(Def, std::make_unique<Entry>()).first->second.get();
  FieldWalk W(*this, Def, Depth, Def->getBody());
  W.TraverseStmt(Def->getBody());
  E->InProgress = false;
  if (W.Unknown)
    return nullptr;
  // One touch per path, written if any touch writes.
  std::map<std::vector<const FieldDecl *>, bool> Merged;
  for (const FieldTouch &T : W.Out) {
    bool &Wr = Merged[std::vector<const FieldDecl *>(T.Path.begin(), T.Path.end())];
    Wr = Wr || T.Write;
  }
  FieldSet S;
  for (const auto &[Path, Wr] : Merged) {
    FieldTouch T;
    T.Path.assign(Path.begin(), Path.end());
    T.Write = Wr;
    S.push_back(std::move(T));
  }
  E->Set = std::move(S);
  return &*E->Set;
}

bool FieldEffects::conflict(const FieldSet *A, const FieldSet *B) {
  if (!A || !B)
    return true;
  for (const FieldTouch &X : *A)
    for (const FieldTouch &Y : *B) {
      if (!X.Write && !Y.Write)
        continue;
      size_t N = std::min(X.Path.size(), Y.Path.size());
      if (std::equal(X.Path.begin(), X.Path.begin() + N, Y.Path.begin()))
        return true;
    }
  return false;
}

} // namespace clang::tidy::conclint::utils
