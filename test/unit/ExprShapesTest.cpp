//===-- ExprShapesTest.cpp - unit tests for utils/ExprShapes --------------===//
//
// dependentThisCallees: `this->f()` in a template whose `f` lives in a
// dependent base names the methods lookup finds in that base's primary
// template, its specialisations and their bases -- methods of classes that
// are not templates themselves only.

#include "utils/ExprShapes.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "gtest/gtest.h"
#include "TestAST.h"

#include <set>
#include <string>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;
using namespace clang::tidy::conclint::test;

namespace {

constexpr llvm::StringLiteral Code = R"cc(
  struct Root {
    void setup();
    void setup(int);
    void other();
  };
  struct Side {
    void setup();
  };
  template <class T> struct Mid : Root {};
  template <class T> struct Mid<T *> : Side {};
  template <> struct Mid<char> : Root {
    void other();
  };
  template <class T> struct Own {
    void setup();
  };
  template <class T> struct User : Mid<T> {
    void a() { this->setup(); }
    void b() { this->other(); }
    void c() { this->missing(); }
  };
  template <class T> struct OwnUser : Own<T> {
    void d() { this->setup(); }
  };
)cc";

/// The classes and names of the candidates for the dependent call in the
/// body of the method named \p Fn.
std::set<std::string> calleesIn(ASTUnit &AST, llvm::StringRef Fn,
                                bool &Found) {
  auto M = match(cxxDependentScopeMemberExpr(
                     hasAncestor(functionDecl(hasName(Fn))))
                     .bind("m"),
                 AST.getASTContext());
  EXPECT_EQ(M.size(), 1u) << Fn.str();
  std::set<std::string> Out;
  Found = false;
  if (M.empty())
    return Out;
  llvm::SmallVector<const CXXMethodDecl *, 4> Callees;
  Found = dependentThisCallees(
      M[0].getNodeAs<CXXDependentScopeMemberExpr>("m"), Callees);
  for (const CXXMethodDecl *MD : Callees)
    Out.insert(MD->getParent()->getNameAsString() + "::" +
               MD->getNameAsString() + "/" +
               std::to_string(MD->getNumParams()));
  return Out;
}

TEST(ExprShapes, DependentThisCalleesThroughEverySpecialisation) {
  auto AST = buildAST(Code);
  ASSERT_TRUE(AST);
  bool Found = false;
  // The primary template and the explicit specialisation derive from Root
  // (both overloads), the partial specialisation from Side.
  EXPECT_EQ(calleesIn(*AST, "a", Found),
            (std::set<std::string>{"Root::setup/0", "Root::setup/1",
                                   "Side::setup/0"}));
  EXPECT_TRUE(Found);
  // Mid<char> declares its own other(): a member of a class that is not a
  // template, found there; the others find Root's.
  EXPECT_EQ(calleesIn(*AST, "b", Found),
            (std::set<std::string>{"Mid::other/0", "Root::other/0"}));
  EXPECT_TRUE(Found);
  EXPECT_TRUE(calleesIn(*AST, "c", Found).empty());
  EXPECT_FALSE(Found);
  // Found in a template's own pattern: not the method an instantiation
  // calls, so none.
  EXPECT_TRUE(calleesIn(*AST, "d", Found).empty());
  EXPECT_FALSE(Found);
}

} // namespace
