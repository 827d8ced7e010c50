//===-- Walker.cpp - the one RecursiveASTVisitor instantiation ------------===//

#include "utils/Walker.h"

#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::conclint::utils {

namespace {

/// The traversal itself: RecursiveASTVisitor, with every setting and hook
/// forwarded to the Walker it serves.
class Impl : public RecursiveASTVisitor<Impl> {
public:
  using Base = RecursiveASTVisitor<Impl>;
  explicit Impl(Walker &W) : W(W) {}

  bool shouldVisitTemplateInstantiations() const {
    return W.shouldVisitTemplateInstantiations();
  }
  bool shouldVisitImplicitCode() const { return W.shouldVisitImplicitCode(); }
  bool shouldVisitLambdaBody() const { return W.shouldVisitLambdaBody(); }

  bool TraverseDecl(Decl *D) { return W.TraverseDecl(D); }
  bool dataTraverseStmtPre(Stmt *S) { return W.dataTraverseStmtPre(S); }
  bool dataTraverseStmtPost(Stmt *S) { return W.dataTraverseStmtPost(S); }

#define CONCLINT_WALKER_TRAVERSE(CLASS)                                        \
  bool Traverse##CLASS(CLASS *N) { return W.Traverse##CLASS(N); }
#define CONCLINT_WALKER_VISIT(CLASS)                                           \
  bool Visit##CLASS(CLASS *N) { return W.Visit##CLASS(N); }
#include "utils/WalkerHooks.def"

private:
  Walker &W;
};

} // namespace

Walker::~Walker() = default;

bool Walker::TraverseDecl(Decl *D) { return Impl(*this).Base::TraverseDecl(D); }

bool Walker::TraverseStmt(Stmt *S) { return Impl(*this).TraverseStmt(S); }

#define CONCLINT_WALKER_TRAVERSE(CLASS)                                        \
  bool Walker::Traverse##CLASS(CLASS *N) {                                     \
    return Impl(*this).Base::Traverse##CLASS(N);                               \
  }
#include "utils/WalkerHooks.def"

} // namespace clang::tidy::conclint::utils
