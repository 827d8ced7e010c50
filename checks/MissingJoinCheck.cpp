//===-- MissingJoinCheck.cpp - conclint-missing-join ----------------------===//

#include "MissingJoinCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

MissingJoinCheck::MissingJoinCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

void MissingJoinCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {}

void MissingJoinCheck::registerMatchers(MatchFinder *Finder) {
  // Temporary skeleton: the unnamed temporary only.
  Finder->addMatcher(
      cxxFunctionalCastExpr(hasType(cxxRecordDecl(hasName("::std::thread"))),
                            hasParent(compoundStmt()))
          .bind("temp"),
      this);
}

void MissingJoinCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *E = Result.Nodes.getNodeAs<Expr>("temp"))
    diag(E->getBeginLoc(), "temporary 'std::thread' is destroyed while joinable");
}

} // namespace clang::tidy::conclint
