//===-- ThreadEntryPointsWorkersTest.cpp - worker loops and templates -----===//
//
// runsWorkerLoop (a thread that takes jobs from shared state in a loop is a
// pool worker), isTemplatePattern and FindingDeduplicator (the template
// policy of ThreadEntryPoints.h).
//
//===----------------------------------------------------------------------===//

#include "utils/ThreadEntryPoints.h"

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

/// Whether each spawn in \p Function (in source order) runs a worker loop.
std::vector<bool> workerLoops(ASTUnit &AST, llvm::StringRef Function) {
  auto M = match(functionDecl(hasName(Function), isDefinition()).bind("f"),
                 AST.getASTContext());
  EXPECT_EQ(M.size(), 1u);
  std::vector<bool> Out;
  if (M.size() != 1)
    return Out;
  for (const ThreadSpawn &S :
       findSpawns(M[0].getNodeAs<FunctionDecl>("f")->getBody()))
    Out.push_back(runsWorkerLoop(S));
  return Out;
}

const char *Prelude = R"cc(
  #include <atomic>
  #include <deque>
  #include <mutex>
  #include <queue>
  #include <thread>
  #include <vector>
  void work(int);
  struct Jobs {
    int pop();
    bool try_pop(int &);
    void push(int);
  };
  Jobs global_jobs;
)cc";

TEST(WorkerLoops, TakingFromSharedStateIsAWorkerLoop) {
  auto AST = buildAST(std::string(Prelude) + R"cc(
    struct Pool {
      Jobs jobs;
      std::mutex m;
      std::queue<int> q;
      void run(unsigned) {
        while (true) {
          int j = jobs.pop();
          if (j < 0) return;
          work(j);
        }
      }
      void start(unsigned n, Jobs &shared, std::atomic<int> &next) {
        std::thread a(&Pool::run, this, n);                        // member
        std::thread b([&shared] { int j; while (shared.try_pop(j)) work(j); });
        std::thread c([&next] { for (int i = next++; i < 10; i = next++) work(i); });
        std::thread d([] { for (;;) work(global_jobs.pop()); });   // global
        std::thread e([this] {
          for (;;) {
            std::lock_guard<std::mutex> g(m);
            int j = q.front();
            q.pop();
            work(j);
          }
        });
        a.join(); b.join(); c.join(); d.join(); e.join();
      }
    };
  )cc");
  ASSERT_TRUE(AST);
  EXPECT_EQ(workerLoops(*AST, "start"),
            (std::vector<bool>{true, true, true, true, true}));
}

TEST(WorkerLoops, OwnStateOrNoTakingIsNot) {
  auto AST = buildAST(std::string(Prelude) + R"cc(
    void undefined_worker(int);
    void start(const std::vector<int> &row, Jobs &out, std::deque<int> batch,
               std::atomic<long> &total) {
      std::thread a(undefined_worker, 1);                  // body not visible
      std::thread b([&row, &total] { for (int x : row) total += x; });
      std::thread c([&out] { for (int r = 0; r < 3; ++r) out.push(r); });
      std::thread d([b = batch]() mutable {                // its own copy
        while (!b.empty()) { work(b.front()); b.pop_front(); }
      });
      std::thread e([&out] { work(out.pop()); });          // no loop
      a.join(); b.join(); c.join(); d.join(); e.join();
    }
  )cc");
  ASSERT_TRUE(AST);
  EXPECT_EQ(workerLoops(*AST, "start"),
            (std::vector<bool>{false, false, false, false, false}));
}

TEST(WorkerLoops, ThroughCalledFunctions) {
  auto AST = buildAST(std::string(Prelude) + R"cc(
    struct Base {
      virtual void loop() = 0;
    };
    struct Pool {
      Jobs jobs;
      void drain() { for (;;) work(jobs.pop()); }
      void level1() { drain(); }
      void level2() { level1(); }
      static void trampoline(void *p) { static_cast<Pool *>(p)->drain(); }
      void start(Jobs &shared, Base &b) {
        std::thread a([this] { drain(); });                // one call deep
        std::thread c(&Pool::trampoline, this);            // static, then member
        std::thread d([&shared] {                           // immediately called
          [&shared] { for (;;) work(shared.pop()); }();
        });
        std::thread e([this] { level1(); });               // two calls deep
        std::thread f([this] { level2(); });               // three: not followed
        std::thread g([&b] { b.loop(); });                 // virtual: unknown
        a.join(); c.join(); d.join(); e.join(); f.join(); g.join();
      }
    };
  )cc");
  ASSERT_TRUE(AST);
  EXPECT_EQ(workerLoops(*AST, "start"),
            (std::vector<bool>{true, true, true, true, false, false}));
}

TEST(TemplatePolicy, PatternsAreNotAnalysedInstantiationsAre) {
  auto AST = buildAST(R"cc(
    template <class T> void f(T) {}
    void use() { f(1); }
    void plain() {}
  )cc");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  auto Pattern = match(functionTemplateDecl(hasName("f")).bind("t"), Ctx);
  ASSERT_EQ(Pattern.size(), 1u);
  const auto *Templ = Pattern[0].getNodeAs<FunctionTemplateDecl>("t");
  EXPECT_TRUE(isTemplatePattern(Templ->getTemplatedDecl()));
  ASSERT_EQ(std::distance(Templ->spec_begin(), Templ->spec_end()), 1);
  EXPECT_FALSE(isTemplatePattern(*Templ->spec_begin()));
  auto Plain = match(functionDecl(hasName("plain")).bind("p"), Ctx);
  ASSERT_EQ(Plain.size(), 1u);
  EXPECT_FALSE(isTemplatePattern(Plain[0].getNodeAs<FunctionDecl>("p")));
  EXPECT_FALSE(isTemplatePattern(nullptr));
}

TEST(TemplatePolicy, OneReportPerLocation) {
  auto AST = buildAST("int x; int y;");
  ASSERT_TRUE(AST);
  SourceManager &SM = AST->getSourceManager();
  SourceLocation A = SM.getLocForStartOfFile(SM.getMainFileID());
  SourceLocation B = A.getLocWithOffset(7);
  FindingDeduplicator D;
  EXPECT_TRUE(D.first(A));
  EXPECT_FALSE(D.first(A));
  EXPECT_TRUE(D.first(B));
  D.clear();
  EXPECT_TRUE(D.first(A));
}

} // namespace
