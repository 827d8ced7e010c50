//===-- RunsHereTest.cpp - the code a translation unit runs ---------------===//

#include "utils/RunsHere.h"

#include "TestAST.h"

using namespace clang;
using namespace clang::ast_matchers;
using clang::tidy::conclint::utils::RunsHere;

namespace {

/// A header of inline code (lib.h) and the main file including it.
std::unique_ptr<ASTUnit> buildWithHeader(llvm::StringRef Header,
                                         llvm::StringRef Main) {
  std::vector<std::string> Args = {"-std=c++20", "-pthread", "-I."};
  tooling::FileContentMappings Files = {{"lib.h", Header.str()}};
  return tooling::buildASTFromCodeWithArgs(
      Main, Args, "input.cc", "clang-tool",
      std::make_shared<PCHContainerOperations>(),
      tooling::getClangStripDependencyFileAdjuster(), Files);
}

/// The definition of the function named \p Name (qualified or not) in the
/// header or the main file.
const FunctionDecl *named(ASTUnit &AST, llvm::StringRef Name) {
  auto M = match(functionDecl(hasName(Name), isDefinition()).bind("f"),
                 AST.getASTContext());
  EXPECT_EQ(M.size(), 1u) << Name.str();
  return M.empty() ? nullptr : M[0].getNodeAs<FunctionDecl>("f");
}

const char *Lib = R"cpp(
#pragma once
#include <memory>
struct Base {
  virtual ~Base() {}
  virtual void f() = 0;
};
struct Unused : Base {
  void f() override {}
};
struct Dispatched : Base {
  void f() override {}
};
struct Wrapper : Base {
  explicit Wrapper(Base *i) : Inner(i) {}
  void f() override { Inner->f(); }
  Base *Inner;
};
struct Leaf : Base {
  void f() override {}
  void g() {}
};
struct Shared : Base {
  void f() override {}
};
struct Made : Base {
  void f() override {}
};
inline Wrapper *wrapLeaf() { return new Wrapper(new Leaf); }
inline void helper() {}
inline void unusedHelper() {}
inline Made *make() { return new Made; }
)cpp";

TEST(RunsHereTest, HeaderCodeRunsOnlyWhereRunningCodeReachesIt) {
  auto AST = buildWithHeader(Lib, R"cpp(
#include "lib.h"
void local() { helper(); }
void created() { Shared s; (void)s; }
void viaLibrary() { auto p = std::make_shared<Made>(); (void)p; }
)cpp");
  ASSERT_TRUE(AST);
  llvm::DenseSet<const FunctionDecl *> None;
  RunsHere R(AST->getASTContext(), None);
  // The main file's functions, and what they call.
  EXPECT_TRUE(R.runs(named(*AST, "local")));
  EXPECT_TRUE(R.runs(named(*AST, "helper")));
  // Inline header code nothing running calls.
  EXPECT_FALSE(R.runs(named(*AST, "unusedHelper")));
  EXPECT_FALSE(R.runs(named(*AST, "wrapLeaf")));
  EXPECT_FALSE(R.runs(named(*AST, "make")));
  EXPECT_FALSE(R.runs(named(*AST, "Unused::f")));
  // A decorator that forwards through the base, and the class it wraps
  // (created only in wrapLeaf): nothing running dispatches to either.
  EXPECT_FALSE(R.runs(named(*AST, "Wrapper::f")));
  EXPECT_FALSE(R.runs(named(*AST, "Leaf::f")));
  EXPECT_FALSE(R.runs(named(*AST, "Leaf::g")));
  // An object created by running code: every method of its class, also
  // when a library call constructs it.
  EXPECT_TRUE(R.runs(named(*AST, "Shared::f")));
  EXPECT_TRUE(R.runs(named(*AST, "Made::f")));
  // Destructors run however objects die.
  EXPECT_TRUE(R.runs(named(*AST, "Base::~Base")));
}

TEST(RunsHereTest, DispatchFromRunningCodeReachesEveryOverride) {
  auto AST = buildWithHeader(Lib, R"cpp(
#include "lib.h"
void call(Base &b) { b.f(); }
)cpp");
  ASSERT_TRUE(AST);
  llvm::DenseSet<const FunctionDecl *> None;
  RunsHere R(AST->getASTContext(), None);
  EXPECT_TRUE(R.runs(named(*AST, "Dispatched::f")));
  EXPECT_TRUE(R.runs(named(*AST, "Wrapper::f")));
  EXPECT_TRUE(R.runs(named(*AST, "Unused::f")));
  // Leaf::g is not virtual, and no Leaf is created by running code.
  EXPECT_FALSE(R.runs(named(*AST, "Leaf::g")));
}

TEST(RunsHereTest, ExtraRootsAndAddressesTaken) {
  auto AST = buildWithHeader(Lib, R"cpp(
#include "lib.h"
void (*P)() = &unusedHelper;
)cpp");
  ASSERT_TRUE(AST);
  llvm::DenseSet<const FunctionDecl *> Extra;
  Extra.insert(named(*AST, "wrapLeaf"));
  RunsHere R(AST->getASTContext(), Extra);
  // A global's initialiser runs; what it names runs.
  EXPECT_TRUE(R.runs(named(*AST, "unusedHelper")));
  // A root given by the caller (a thread entry), and what it creates.
  EXPECT_TRUE(R.runs(named(*AST, "wrapLeaf")));
  EXPECT_TRUE(R.runs(named(*AST, "Wrapper::f")));
  EXPECT_TRUE(R.runs(named(*AST, "Leaf::f")));
  EXPECT_FALSE(R.runs(named(*AST, "make")));
}

} // namespace
