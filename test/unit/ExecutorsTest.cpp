//===-- ExecutorsTest.cpp - unit tests for utils/Executors ----------------===//

#include "utils/Executors.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;

namespace {

TEST(Executors, NamesStrandsAndNestedTypes) {
  auto AST = tooling::buildASTFromCodeWithArgs(R"cc(
    namespace app {
    struct loop { struct executor_type {}; executor_type get_executor(); };
    struct workers { struct executor_type {}; };
    template <class E> struct strand { E inner; };
    }
    void use(app::loop &l, app::workers &w, app::strand<app::loop::executor_type> s,
             app::workers::executor_type we, int other) {
      (void)l; (void)l.get_executor(); (void)w; (void)s; (void)we; (void)other;
    }
  )cc", {"-std=c++20"}, "input.cc");
  ASSERT_TRUE(AST);
  auto M = match(functionDecl(hasName("use"),
                              forEachDescendant(cStyleCastExpr().bind("c"))),
                 AST->getASTContext());
  ASSERT_EQ(M.size(), 6u);
  std::vector<const Expr *> E;
  for (auto &R : M)
    E.push_back(R.getNodeAs<CStyleCastExpr>("c")->getSubExpr());
  ExecutorNames Mine = ExecutorNames::fromOptions("::app::loop", "workers");
  EXPECT_EQ(describeExecutor(E[0], Mine).Context, ExecutorKind::IoContext);
  EXPECT_EQ(describeExecutor(E[1], Mine).Context, ExecutorKind::IoContext)
      << "get_executor() and the nested executor type lead to the context";
  EXPECT_EQ(classifyExecutor(E[2], Mine), ExecutorKind::ThreadPool);
  ExecutorClass S = describeExecutor(E[3], Mine);
  EXPECT_TRUE(S.Strand);
  EXPECT_EQ(S.Context, ExecutorKind::IoContext);
  EXPECT_EQ(classifyExecutor(E[3], Mine), ExecutorKind::Strand);
  EXPECT_TRUE(isThreadPoolExecutor(E[4], Mine));
  EXPECT_EQ(classifyExecutor(E[5], Mine), ExecutorKind::Unknown);
  // The defaults know neither class: silence on unknown.
  EXPECT_EQ(classifyExecutor(E[0]), ExecutorKind::Unknown);
  EXPECT_FALSE(isEventLoopExecutor(E[0]));
  ASSERT_TRUE(executorDecl(E[1]));
  EXPECT_EQ(executorDecl(E[1])->getName(), "l");
}

} // namespace
