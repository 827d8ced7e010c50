//===-- ThreadEntryPointsTest.cpp - unit tests for utils/ThreadEntryPoints -===//

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

std::vector<ThreadSpawn> spawnsIn(ASTUnit &AST, llvm::StringRef Function,
                                  const SpawnOptions &Opts = {}) {
  auto Matches = match(functionDecl(hasName(Function), isDefinition()).bind("f"),
                       AST.getASTContext());
  EXPECT_EQ(Matches.size(), 1u);
  const auto *FD = Matches[0].getNodeAs<FunctionDecl>("f");
  return findSpawns(FD->getBody(), Opts);
}

TEST(ThreadEntryPoints, StandardSpawns) {
  auto AST = buildAST(R"cc(
    #include <thread>
    #include <future>
    #include <pthread.h>
    void work(int);
    void *pwork(void *);
    struct Functor { void operator()() const; };
    void f() {
      std::thread a(work, 1);
      std::jthread b([] {});
      auto c = std::async(std::launch::async, work, 2);
      auto d = std::async(std::launch::deferred, work, 3);
      pthread_t t;
      pthread_create(&t, nullptr, pwork, nullptr);
      std::thread e{Functor{}};
      a.join();
      pthread_join(t, nullptr);
      e.join();
    }
  )cc");
  ASSERT_TRUE(AST);
  auto S = spawnsIn(*AST, "f");
  ASSERT_EQ(S.size(), 6u);
  EXPECT_EQ(S[0].Kind, SpawnKind::Thread);
  EXPECT_EQ(S[0].ForwardedArgs.size(), 1u);
  EXPECT_EQ(entryFunction(S[0])->getName(), "work");
  EXPECT_EQ(S[1].Kind, SpawnKind::JThread);
  EXPECT_TRUE(isa<CXXMethodDecl>(entryFunction(S[1])));
  EXPECT_EQ(S[2].Kind, SpawnKind::Async);
  EXPECT_TRUE(S[2].runsOnAnotherThread());
  EXPECT_TRUE(S[3].Deferred);
  EXPECT_FALSE(S[3].runsOnAnotherThread());
  EXPECT_EQ(S[4].Kind, SpawnKind::PThreadCreate);
  EXPECT_EQ(entryFunction(S[4])->getName(), "pwork");
  EXPECT_EQ(S[5].Kind, SpawnKind::Thread);
  ASSERT_TRUE(entryFunction(S[5]));
  EXPECT_EQ(entryFunction(S[5])->getOverloadedOperator(), OO_Call);
}

TEST(ThreadEntryPoints, PoolsAndOptions) {
  auto AST = buildAST(R"cc(
    #include <functional>
    struct Pool { void submit(std::function<void()>); void enqueue(int); };
    struct MyThread { template <class F> explicit MyThread(F) {} };
    void f(Pool &p) {
      p.submit([] {});
      p.enqueue(3);           // not callable: no spawn
      MyThread t([] {});
    }
  )cc");
  ASSERT_TRUE(AST);
  auto S = spawnsIn(*AST, "f");
  ASSERT_EQ(S.size(), 1u);
  EXPECT_EQ(S[0].Kind, SpawnKind::PoolSubmit);
  auto Opts = SpawnOptions::fromStrings("::std::thread;::MyThread", "");
  auto S2 = spawnsIn(*AST, "f", Opts);
  ASSERT_EQ(S2.size(), 2u);
  EXPECT_EQ(S2[1].Kind, SpawnKind::Thread);
}

TEST(ThreadEntryPoints, AsioPostTellsTokensFromHandlers) {
  auto AST = buildAST(R"cc(
    #include <asio.hpp>
    asio::awaitable<void> co(asio::thread_pool &pool) {
      co_await asio::post(pool, asio::use_awaitable);
    }
    void f(asio::io_context &io) {
      asio::post(io, [] {});
      asio::co_spawn(io, [&]() -> asio::awaitable<void> { co_return; }, asio::detached);
    }
  )cc");
  ASSERT_TRUE(AST);
  auto S = spawnsIn(*AST, "co");
  ASSERT_EQ(S.size(), 1u);
  EXPECT_EQ(S[0].Kind, SpawnKind::AsioPost);
  EXPECT_EQ(S[0].Callable, nullptr);
  auto S2 = spawnsIn(*AST, "f");
  ASSERT_EQ(S2.size(), 2u);
  EXPECT_EQ(S2[0].Kind, SpawnKind::AsioPost);
  EXPECT_NE(S2[0].Callable, nullptr);
  EXPECT_FALSE(S2[0].runsOnAnotherThread());
  EXPECT_EQ(S2[1].Kind, SpawnKind::AsioCoSpawn);
}

TEST(ThreadEntryPoints, EnclosingSpawnedCallable) {
  auto AST = buildAST(R"cc(
    #include <thread>
    #include <future>
    void marker_direct();
    void marker_var();
    void marker_outside();
    void marker_deferred();
    void f() {
      std::thread a([] { marker_direct(); });
      auto body = [] { marker_var(); };
      std::thread b(body);
      marker_outside();
      auto d = std::async(std::launch::deferred, [] { marker_deferred(); });
      a.join(); b.join();
    }
  )cc");
  ASSERT_TRUE(AST);
  auto &Ctx = AST->getASTContext();
  auto find = [&](llvm::StringRef Callee) {
    auto M = match(callExpr(callee(functionDecl(hasName(Callee)))).bind("c"), Ctx);
    EXPECT_EQ(M.size(), 1u);
    return enclosingSpawnedCallable(M[0].getNodeAs<CallExpr>("c"), Ctx);
  };
  auto Direct = find("marker_direct");
  ASSERT_TRUE(Direct);
  EXPECT_EQ(Direct->Kind, SpawnKind::Thread);
  auto Var = find("marker_var");
  ASSERT_TRUE(Var);
  EXPECT_EQ(Var->Kind, SpawnKind::Thread);
  EXPECT_FALSE(find("marker_outside"));
  auto Deferred = find("marker_deferred");
  ASSERT_TRUE(Deferred);
  EXPECT_FALSE(Deferred->runsOnAnotherThread());
}

TEST(ThreadEntryPoints, ContainersMemberPointersAndBindings) {
  auto AST = buildAST(R"cc(
    #include <thread>
    #include <vector>
    #include <functional>
    #include <pthread.h>
    void work(int &n, int *p);
    void *pwork(void *);
    struct Worker { void run(int); void start(); std::thread t; };
    struct Pool {
      std::vector<std::thread> workers;
      template <class F> void post(F) {}
    };
    // Runs the work in place, or queues it for its caller: no thread.
    struct Inline { template <class F> void post(F f) { f(); } };
    struct Manual {
      std::vector<std::function<void()>> q;
      void submit(std::function<void()> f) { q.push_back(std::move(f)); }
    };
    void Worker::start() { t = std::thread(&Worker::run, this, 3); }
    void f(Pool &pool, Inline &in, Manual &man) {
      in.post([] {});
      man.submit([] {});
      int a = 0, b = 0;
      std::vector<std::thread> ts;
      ts.emplace_back(work, std::ref(a), &b);
      std::vector<std::jthread> js;
      js.emplace_back([] {});
      std::vector<int> notThreads;
      notThreads.emplace_back(3);
      pool.post([] {});
      pthread_t t;
      pthread_create(&t, nullptr, pwork, &a);
    }
  )cc");
  ASSERT_TRUE(AST);
  auto S = spawnsIn(*AST, "f");
  ASSERT_EQ(S.size(), 4u);
  EXPECT_EQ(S[0].Kind, SpawnKind::Thread);
  EXPECT_EQ(entryFunction(S[0])->getName(), "work");
  auto B = entryParamBindings(S[0]);
  ASSERT_EQ(B.size(), 2u);
  EXPECT_EQ(B[0].first->getName(), "n");
  EXPECT_EQ(B[1].first->getName(), "p");
  EXPECT_EQ(entryObjectArg(S[0]), nullptr);
  EXPECT_EQ(S[1].Kind, SpawnKind::JThread);
  EXPECT_EQ(S[2].Kind, SpawnKind::PoolSubmit);
  EXPECT_EQ(S[3].Kind, SpawnKind::PThreadCreate);
  auto PB = entryParamBindings(S[3]);
  ASSERT_EQ(PB.size(), 1u);

  auto M = spawnsIn(*AST, "start");
  ASSERT_EQ(M.size(), 1u);
  EXPECT_EQ(entryFunction(M[0])->getName(), "run");
  ASSERT_NE(entryObjectArg(M[0]), nullptr);
  EXPECT_TRUE(isa<CXXThisExpr>(entryObjectArg(M[0])->IgnoreParenImpCasts()));
  auto MB = entryParamBindings(M[0]);
  ASSERT_EQ(MB.size(), 1u);
  EXPECT_EQ(MB[0].first->getName(), "");
}

TEST(ThreadEntryPoints, ExecutorKinds) {
  auto AST = buildAST(R"cc(
    #include <asio.hpp>
    void f(asio::io_context &io, asio::thread_pool &pool) {
      asio::post(pool, [] {});
      asio::post(pool.get_executor(), [] {});
      asio::post(io, [] {});
      auto s = asio::make_strand(pool);
      asio::post(s, [] {});
    }
  )cc");
  ASSERT_TRUE(AST);
  auto S = spawnsIn(*AST, "f");
  ASSERT_EQ(S.size(), 4u);
  EXPECT_EQ(classifyExecutor(S[0].Executor), ExecutorKind::ThreadPool);
  EXPECT_EQ(executorDecl(S[0].Executor)->getName(), "pool");
  EXPECT_EQ(classifyExecutor(S[1].Executor), ExecutorKind::ThreadPool);
  EXPECT_EQ(executorDecl(S[1].Executor)->getName(), "pool");
  EXPECT_EQ(classifyExecutor(S[2].Executor), ExecutorKind::IoContext);
  EXPECT_EQ(classifyExecutor(S[3].Executor), ExecutorKind::Strand);
}

} // namespace

namespace {
/// For each spawn in the first loop of \p Function: does it vary per
/// iteration of that loop?
std::vector<bool> variesInFirstLoop(ASTUnit &AST, llvm::StringRef Function) {
  auto Matches = match(
      functionDecl(hasName(Function), isDefinition(),
                   hasDescendant(stmt(anyOf(forStmt(), cxxForRangeStmt(),
                                            whileStmt(), doStmt()))
                                     .bind("loop"))),
      AST.getASTContext());
  EXPECT_EQ(Matches.size(), 1u);
  std::vector<bool> Out;
  if (Matches.empty())
    return Out;
  const auto *Loop = Matches[0].getNodeAs<Stmt>("loop");
  for (const ThreadSpawn &S : findSpawns(Loop))
    Out.push_back(spawnVariesPerIteration(S, Loop));
  return Out;
}
} // namespace

TEST(ThreadEntryPoints, SpawnVariesPerIteration) {
  auto AST = buildAST(R"cc(
    #include <memory>
    #include <queue>
    #include <thread>
    #include <vector>
    void work(int);
    int fresh();
    bool fill(int &);
    struct Sink { void flush(); };
    void element(const std::vector<int> &v) {
      for (int x : v) std::thread(work, x).detach();
    }
    void derived(const std::vector<int> &v) {
      for (unsigned i = 0; i < v.size(); ++i) {
        const int &e = v[i];
        std::thread([&e] { work(e); }).detach();
      }
    }
    void popped(std::queue<int> &q) {
      while (!q.empty()) { std::thread(work, q.front()).detach(); q.pop(); }
    }
    void by_reference() {
      int j = 0;
      while (fill(j)) std::thread(work, j).detach();
    }
    void from_call(int n) {
      for (int k = 0; k < n; ++k) std::thread(work, fresh()).detach();
    }
    void identical(int n, int seed, std::shared_ptr<Sink> s) {
      for (int k = 0; k < n; ++k) {
        std::thread([s, seed] { s->flush(); work(seed); }).detach();
        s->flush();
      }
    }
    void shared_counter(int n) {
      int next = 0;
      for (int k = 0; k < n; ++k) std::thread([&next] { ++next; }).detach();
    }
  )cc");
  EXPECT_EQ(variesInFirstLoop(*AST, "element"), std::vector<bool>{true});
  EXPECT_EQ(variesInFirstLoop(*AST, "derived"), std::vector<bool>{true});
  EXPECT_EQ(variesInFirstLoop(*AST, "popped"), std::vector<bool>{true});
  EXPECT_EQ(variesInFirstLoop(*AST, "by_reference"), std::vector<bool>{true});
  EXPECT_EQ(variesInFirstLoop(*AST, "from_call"), std::vector<bool>{true});
  // The pointee changes (s->flush()), not the pointer the thread gets.
  EXPECT_EQ(variesInFirstLoop(*AST, "identical"), std::vector<bool>{false});
  // Changed inside the thread, not by the loop.
  EXPECT_EQ(variesInFirstLoop(*AST, "shared_counter"),
            std::vector<bool>{false});
}
