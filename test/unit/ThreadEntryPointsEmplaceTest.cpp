//===-- ThreadEntryPointsEmplaceTest.cpp - classifyContainerEmplace -------===//

#include "utils/ThreadEntryPoints.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"
#include <map>
#include <string>

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;

namespace {

TEST(ThreadEntryPointsEmplace, ContainersOfThreads) {
  auto AST = tooling::buildASTFromCodeWithArgs(R"cc(
    #include <deque>
    #include <list>
    #include <thread>
    #include <vector>
    void work(int);
    void f(int n) {
      std::vector<std::thread> a;
      a.emplace_back(work, 1);                       // spawn
      std::vector<std::jthread> b;
      b.emplace_back([] {});                         // spawn (jthread)
      std::deque<std::thread> c;
      c.emplace_front([n] { work(n); });             // spawn
      std::list<std::thread> d;
      d.emplace(d.end(), work, 2);                   // spawn, after a position
      std::thread t(work, 3);
      a.emplace_back(std::move(t));                  // moves a thread: none
      std::vector<int> e;
      e.emplace_back(4);                             // not threads: none
      for (auto &x : a) x.join();
      for (auto &x : c) x.join();
      for (auto &x : d) x.join();
    }
  )cc",
                                               {"-std=c++20", "-pthread"},
                                               "input.cc");
  ASSERT_TRUE(AST);
  auto Calls = match(
      cxxMemberCallExpr(isExpansionInMainFile(),
                        callee(cxxMethodDecl(matchesName("emplace"))))
          .bind("c"),
      AST->getASTContext());
  ASSERT_EQ(Calls.size(), 6u);
  // Index the results by the comment on each line.
  std::map<std::string, std::optional<ThreadSpawn>> Got;
  const SourceManager &SM = AST->getSourceManager();
  const CXXMemberCallExpr *First = nullptr;
  for (const auto &M : Calls) {
    const auto *C = M.getNodeAs<CXXMemberCallExpr>("c");
    unsigned Line = SM.getPresumedLineNumber(C->getBeginLoc());
    std::string Key = "line" + std::to_string(Line);
    Got[Key] = classifyContainerEmplace(C);
    if (Line == 9)
      First = C;
  }
  ASSERT_TRUE(Got["line9"]);
  EXPECT_EQ(Got["line9"]->Kind, SpawnKind::Thread);
  EXPECT_EQ(entryFunction(*Got["line9"])->getName(), "work");
  EXPECT_EQ(Got["line9"]->ForwardedArgs.size(), 1u);
  ASSERT_TRUE(Got["line11"]);
  EXPECT_EQ(Got["line11"]->Kind, SpawnKind::JThread);
  ASSERT_TRUE(Got["line13"]);
  ASSERT_TRUE(Got["line15"]);
  EXPECT_EQ(entryFunction(*Got["line15"])->getName(), "work");
  EXPECT_FALSE(Got["line17"]);
  EXPECT_FALSE(Got["line19"]);
  ASSERT_TRUE(First);
  // classifySpawn delegates to classifyContainerEmplace: one answer.
  auto ViaSpawn = classifySpawn(First);
  ASSERT_TRUE(ViaSpawn);
  EXPECT_EQ(ViaSpawn->Kind, SpawnKind::Thread);
  EXPECT_EQ(ViaSpawn->Site, Got["line9"]->Site);
}

} // namespace
