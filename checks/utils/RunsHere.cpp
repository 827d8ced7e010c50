//===-- RunsHere.cpp - the code a translation unit shows running ----------===//

#include "utils/RunsHere.h"

#include "utils/Spawns.h"
#include "utils/Walker.h"

#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <functional>

namespace clang::tidy::conclint::utils {

namespace {

/// What a body names: the functions it may run, the methods it calls
/// through dispatch, and the classes whose objects it creates.
struct Edges {
  llvm::SmallVector<const FunctionDecl *, 8> Calls;
  llvm::SmallVector<const CXXMethodDecl *, 4> Virtual;
  llvm::SmallVector<const CXXRecordDecl *, 4> Created;
};

class Collector : public Walker {
public:
  explicit Collector(const SourceManager &SM) : SM(SM) {}
  bool shouldVisitTemplateInstantiations() const override { return true; }
  // Range-for's begin()/end(), default arguments, implicit special members
  // and lambda classes: all code that runs.
  bool shouldVisitImplicitCode() const override { return true; }

  bool TraverseDecl(Decl *D) override {
    if (!D || skippedByAnalysis(D, SM))
      return true;
    const auto *FD = dyn_cast<FunctionDecl>(D);
    // A lambda's body is the enclosing function's: it exists only where
    // that code runs.
    if (!FD || !FD->doesThisDeclarationHaveABody() ||
        (isa<CXXMethodDecl>(FD) && cast<CXXMethodDecl>(FD)->getParent() &&
         cast<CXXMethodDecl>(FD)->getParent()->isLambda()))
      return Walker::TraverseDecl(D);
    const FunctionDecl *C = FD->getCanonicalDecl();
    Bodies.push_back(C);
    Stack.push_back(C);
    bool R = Walker::TraverseDecl(D);
    Stack.pop_back();
    return R;
  }

  bool VisitCXXMethodDecl(CXXMethodDecl *MD) override {
    if (!MD->isVirtual())
      return true;
    llvm::SmallVector<const CXXMethodDecl *, 8> Bases;
    for (const CXXMethodDecl *B : MD->overridden_methods())
      Bases.push_back(B->getCanonicalDecl());
    for (unsigned I = 0; I < Bases.size() && I < 64; ++I) {
      Overriders[Bases[I]].push_back(MD->getCanonicalDecl());
      for (const CXXMethodDecl *B : Bases[I]->overridden_methods())
        if (!llvm::is_contained(Bases, B->getCanonicalDecl()))
          Bases.push_back(B->getCanonicalDecl());
    }
    return true;
  }

  bool VisitCallExpr(CallExpr *E) override {
    const FunctionDecl *F = E->getDirectCallee();
    if (!F)
      return true;
    here().Calls.push_back(F->getCanonicalDecl());
    if (const auto *MD = dyn_cast<CXXMethodDecl>(F)) {
      const auto *ME =
          dyn_cast<MemberExpr>(E->getCallee()->IgnoreParenImpCasts());
      // A qualified call (`Base::f()`) does not dispatch.
      if (MD->isVirtual() && !(ME && ME->hasQualifier()))
        here().Virtual.push_back(MD->getCanonicalDecl());
    }
    libraryCreates(F);
    return true;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *E) override {
    const CXXConstructorDecl *Ctor = E->getConstructor();
    if (!Ctor)
      return true;
    here().Calls.push_back(Ctor->getCanonicalDecl());
    here().Created.push_back(Ctor->getParent());
    libraryCreates(Ctor);
    return true;
  }

  bool VisitCXXNewExpr(CXXNewExpr *E) override {
    if (const CXXRecordDecl *RD = E->getAllocatedType()->getAsCXXRecordDecl())
      here().Created.push_back(RD);
    return true;
  }

  /// Names a function: a call, or an address taken (`&f`, `&C::m`).
  bool VisitDeclRefExpr(DeclRefExpr *E) override {
    if (const auto *F = dyn_cast<FunctionDecl>(E->getDecl()))
      here().Calls.push_back(F->getCanonicalDecl());
    return true;
  }

  const FunctionDecl *top() const {
    return Stack.empty() ? nullptr : Stack.back();
  }
  Edges &here() { return Out[top()]; }

  const SourceManager &SM;
  llvm::SmallVector<const FunctionDecl *, 8> Stack;
  /// Every user function with a body (canonical), in traversal order.
  std::vector<const FunctionDecl *> Bodies;
  /// Keyed by the function (canonical); null: code outside any function.
  llvm::DenseMap<const FunctionDecl *, Edges> Out;
  /// For a virtual method: every method of the TU that overrides it,
  /// directly or not.
  llvm::DenseMap<const CXXMethodDecl *,
                 llvm::SmallVector<const CXXMethodDecl *, 4>>
      Overriders;

private:
  /// A call of a library function (a system header) on the classes its
  /// template arguments name, or those of its class: `make_shared<C>(...)`,
  /// `vector<C>::emplace_back(...)` construct a C where no user code shows.
  void libraryCreates(const FunctionDecl *F) {
    if (!SM.isInSystemHeader(SM.getExpansionLoc(F->getLocation())))
      return;
    if (const TemplateArgumentList *Args = F->getTemplateSpecializationArgs())
      for (const TemplateArgument &A : Args->asArray())
        argCreates(A, 0);
    if (const auto *Spec =
            dyn_cast<ClassTemplateSpecializationDecl>(F->getParent()))
      for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
        argCreates(A, 0);
  }
  void argCreates(const TemplateArgument &A, unsigned Depth) {
    if (Depth > 4)
      return;
    if (A.getKind() == TemplateArgument::Pack) {
      for (const TemplateArgument &P : A.pack_elements())
        argCreates(P, Depth + 1);
      return;
    }
    if (A.getKind() != TemplateArgument::Type)
      return;
    QualType T = A.getAsType().getNonReferenceType();
    while (T->isPointerType() || T->isArrayType())
      T = T->isPointerType() ? T->getPointeeType()
                             : QualType(T->getArrayElementTypeNoTypeQual(), 0);
    const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
    if (!RD)
      return;
    here().Created.push_back(RD);
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      for (const TemplateArgument &B : Spec->getTemplateArgs().asArray())
        argCreates(B, Depth + 1);
  }
};

/// A function this translation unit runs whatever calls it (see the
/// header): defined in the main file, a destructor, or a definition that is
/// neither inline nor an implicit template instantiation.
bool isRoot(const FunctionDecl *F, const SourceManager &SM) {
  const FunctionDecl *Def = F->getDefinition();
  if (!Def)
    return false;
  if (isa<CXXDestructorDecl>(Def))
    return true;
  if (SM.isInMainFile(SM.getExpansionLoc(Def->getLocation())))
    return true;
  if (Def->getTemplateSpecializationKind() == TSK_ImplicitInstantiation)
    return false;
  return !Def->isInlined();
}

} // namespace

RunsHere::RunsHere(ASTContext &Ctx,
                   const llvm::DenseSet<const FunctionDecl *> &Extra) {
  const SourceManager &SM = Ctx.getSourceManager();
  Collector C(SM);
  C.TraverseDecl(Ctx.getTranslationUnitDecl());

  llvm::SmallVector<const FunctionDecl *, 64> Work;
  llvm::DenseSet<const CXXRecordDecl *> CreatedSeen;
  auto Mark = [&](const FunctionDecl *F) {
    F = F->getCanonicalDecl();
    if (Live.insert(F).second)
      Work.push_back(F);
  };
  // Every method of a created class and of its bases.
  std::function<void(const CXXRecordDecl *)> Create =
      [&](const CXXRecordDecl *RD) {
        RD = RD ? RD->getDefinition() : nullptr;
        if (!RD || !CreatedSeen.insert(RD).second)
          return;
        for (const CXXMethodDecl *M : RD->methods())
          Mark(M);
        for (const CXXBaseSpecifier &B : RD->bases())
          Create(B.getType()->getAsCXXRecordDecl());
      };
  auto Follow = [&](const Edges &E) {
    for (const FunctionDecl *F : E.Calls)
      Mark(F);
    for (const CXXMethodDecl *M : E.Virtual) {
      auto It = C.Overriders.find(M);
      if (It != C.Overriders.end())
        for (const CXXMethodDecl *O : It->second)
          Mark(O);
    }
    for (const CXXRecordDecl *RD : E.Created)
      Create(RD);
  };

  for (const FunctionDecl *F : C.Bodies)
    if (isRoot(F, SM))
      Mark(F);
  for (const FunctionDecl *F : Extra)
    Mark(F);
  if (auto It = C.Out.find(nullptr); It != C.Out.end())
    Follow(It->second);
  while (!Work.empty()) {
    const FunctionDecl *F = Work.pop_back_val();
    auto It = C.Out.find(F);
    if (It != C.Out.end())
      Follow(It->second);
  }
}

} // namespace clang::tidy::conclint::utils
