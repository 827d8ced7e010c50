//===-- NamesTest.cpp - unit tests for utils/Names ------------------------===//

#include "utils/Names.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"
#include "TestAST.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;
using namespace clang::tidy::conclint::test;

namespace {

template <typename T>
const T *first(ASTUnit &AST, internal::BindableMatcher<Decl> M) {
  auto Matches = match(M.bind("d"), AST.getASTContext());
  EXPECT_FALSE(Matches.empty());
  return Matches.empty() ? nullptr : Matches[0].getNodeAs<T>("d");
}

constexpr llvm::StringLiteral Code = R"cc(
  namespace outer {
  inline namespace v1 {
  namespace {
  template <class T> struct Box {
    Box() {}
    ~Box() {}
    void put(T) {}
    template <class U> void emplace(U) {}
  };
  } // namespace
  } // namespace v1
  void free_fn() {}
  } // namespace outer
  void use() {
    outer::Box<int> b;
    b.put(1);
    b.emplace(2.0);
    struct Local { void run() {} };
    Local().run();
    auto l = [] {};
    l();
  }
)cc";

TEST(Names, QualifiedNameSkipsInlineAnonymousAndTemplateArgs) {
  auto AST = buildAST(Code);
  const auto *Put = first<FunctionDecl>(
      *AST, cxxMethodDecl(hasName("put"), isTemplateInstantiation()));
  ASSERT_TRUE(Put);
  EXPECT_EQ(qualifiedName(Put), "::outer::Box::put");
  EXPECT_EQ(simpleName(Put), "put");
  const auto *Ctor = first<FunctionDecl>(
      *AST, cxxConstructorDecl(ofClass(hasName("Box")),
                               isTemplateInstantiation()));
  ASSERT_TRUE(Ctor);
  EXPECT_EQ(qualifiedName(Ctor), "::outer::Box::Box");
  const auto *Dtor = first<FunctionDecl>(*AST, cxxDestructorDecl());
  ASSERT_TRUE(Dtor);
  EXPECT_EQ(simpleName(Dtor), "~Box");
  const auto *Emplace = first<FunctionDecl>(
      *AST, functionDecl(hasName("emplace"), isTemplateInstantiation()));
  ASSERT_TRUE(Emplace);
  EXPECT_EQ(qualifiedName(Emplace), "::outer::Box::emplace");
  const auto *Run = first<FunctionDecl>(*AST, cxxMethodDecl(hasName("run")));
  ASSERT_TRUE(Run);
  EXPECT_EQ(qualifiedName(Run), "::Local::run"); // relative to its function
  const auto *Lambda = first<FunctionDecl>(
      *AST, cxxMethodDecl(ofClass(cxxRecordDecl(isLambda()))));
  ASSERT_TRUE(Lambda);
  EXPECT_EQ(qualifiedName(Lambda), "::operator()");
  EXPECT_EQ(qualifiedName(nullptr), "");
}

TEST(Names, PatternSyntax) {
  auto AST = buildAST(Code);
  const auto *Put = first<FunctionDecl>(
      *AST, cxxMethodDecl(hasName("put"), isTemplateInstantiation()));
  const auto *Free = first<FunctionDecl>(*AST, functionDecl(hasName("free_fn")));
  ASSERT_TRUE(Put && Free);
  EXPECT_TRUE(matchesName(Put, "::outer::Box::put"));
  EXPECT_TRUE(matchesName(Put, "outer::Box::put")); // leading :: optional
  EXPECT_TRUE(matchesName(Put, "put"));
  EXPECT_TRUE(matchesName(Put, "pu*"));
  EXPECT_TRUE(matchesName(Put, "::outer::*"));
  EXPECT_TRUE(matchesName(Put, "  ::outer::Box::put  "));
  EXPECT_FALSE(matchesName(Put, "::Box::put"));
  EXPECT_FALSE(matchesName(Put, "::outer::v1::Box::put"));
  EXPECT_FALSE(matchesName(Put, "Put"));
  EXPECT_FALSE(matchesName(Put, "::outer::Box::pu"));
  EXPECT_TRUE(matchesName(Free, "::outer::free_fn"));
  EXPECT_FALSE(matchesName(Free, "free"));

  NamePattern P("outer::Box::*");
  EXPECT_TRUE(P.isQualified());
  EXPECT_TRUE(P.isPrefix());
  EXPECT_EQ(P.text(), "::outer::Box::");
  EXPECT_FALSE(NamePattern("put").isQualified());
}

TEST(Names, NameSetReturnsFirstMatchAndCaches) {
  auto AST = buildAST(Code);
  const auto *Put = first<FunctionDecl>(
      *AST, cxxMethodDecl(hasName("put"), isTemplateInstantiation()));
  ASSERT_TRUE(Put);
  NameSet S = NameSet::fromOption(" nothing ; ::outer::Box::put ;put;;");
  ASSERT_EQ(S.patterns().size(), 3u);
  const NamePattern *M = S.match(Put);
  ASSERT_TRUE(M);
  EXPECT_EQ(M->text(), "::outer::Box::put");
  EXPECT_EQ(S.match(Put), M); // cached
  EXPECT_FALSE(NameSet().contains(Put));
}

TEST(Names, NamespaceChecks) {
  auto AST = buildAST(R"cc(
    namespace boost { namespace asio { inline namespace x { struct io_context {}; } } }
    namespace asio { struct io_context {}; }
    namespace other { namespace asio { struct io_context {}; } }
  )cc");
  auto Matches = match(cxxRecordDecl(hasName("io_context"), isDefinition()).bind("d"),
                       AST->getASTContext());
  ASSERT_EQ(Matches.size(), 3u);
  int Asio = 0, Boost = 0;
  for (auto &M : Matches) {
    const auto *D = M.getNodeAs<Decl>("d");
    Asio += isInNamespace(D, "asio");
    Boost += isInNamespace(D, "boost::asio");
  }
  EXPECT_EQ(Asio, 1);
  EXPECT_EQ(Boost, 1);
}

} // namespace
