//===-- TestAST.h - parsing snippets for the unit tests ----------*- C++ -*-===//
//
// The one way the unit tests turn a code snippet into an AST and find a
// function in it, so every test parses with the same flags.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_TEST_UNIT_TESTAST_H
#define CONCLINT_TEST_UNIT_TESTAST_H

#include "clang/AST/Decl.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/ADT/StringRef.h"
#include "gtest/gtest.h"

#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::conclint::test {

/// Parses \p Code as "input.cc" with C++20, -pthread and asio's coroutine
/// support switched on (what the headers of the snippets need), plus
/// \p Extra. Null when the snippet does not parse at all.
inline std::unique_ptr<ASTUnit>
buildAST(llvm::StringRef Code, const std::vector<std::string> &Extra = {}) {
  std::vector<std::string> Args = {"-std=c++20", "-pthread",
                                   "-DASIO_HAS_CO_AWAIT=1",
                                   "-Wno-deprecated-declarations"};
  Args.insert(Args.end(), Extra.begin(), Extra.end());
  return tooling::buildASTFromCodeWithArgs(Code, Args, "input.cc");
}

/// How many definitions definitionNamed expects.
enum class Expect { One, Some };

/// The first definition of a function named \p Name in the snippet itself
/// (not in a header it includes). It is a test failure unless there is
/// exactly one, or with Expect::Some at least one (a template and its
/// instantiations); null when there is none.
inline const FunctionDecl *definitionNamed(ASTUnit &AST, llvm::StringRef Name,
                                           Expect N = Expect::One) {
  using namespace ast_matchers;
  auto M = match(functionDecl(hasName(Name), isDefinition(),
                              isExpansionInMainFile())
                     .bind("f"),
                 AST.getASTContext());
  if (N == Expect::One)
    EXPECT_EQ(M.size(), 1u) << Name.str();
  else
    EXPECT_GE(M.size(), 1u) << Name.str();
  return M.empty() ? nullptr : M[0].getNodeAs<FunctionDecl>("f");
}

} // namespace clang::tidy::conclint::test

#endif
