//===-- CoroutineContextTest.cpp - unit tests for utils/CoroutineContext ---===//

#include "utils/CoroutineContext.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"
#include "TestAST.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;
using namespace clang::tidy::conclint::test;

namespace {

/// The call `marker(N)` (every test body tags its statements this way).
const CallExpr *marker(ASTUnit &AST, int N) {
  auto M = match(
      callExpr(callee(functionDecl(hasName("marker"))),
               hasArgument(0, integerLiteral(equals(N))))
          .bind("c"),
      AST.getASTContext());
  EXPECT_EQ(M.size(), 1u) << "marker(" << N << ")";
  return M.empty() ? nullptr : M[0].getNodeAs<CallExpr>("c");
}

const char *TaskPrelude = R"cc(
  #include <coroutine>
  #include <exception>
  void marker(int);
  struct task {
    struct promise_type {
      task get_return_object() { return {}; }
      std::suspend_never initial_suspend() noexcept { return {}; }
      std::suspend_never final_suspend() noexcept { return {}; }
      void return_void() {}
      void unhandled_exception() { std::terminate(); }
    };
  };
  struct generator {
    struct promise_type {
      generator get_return_object() { return {}; }
      std::suspend_always initial_suspend() noexcept { return {}; }
      std::suspend_always final_suspend() noexcept { return {}; }
      std::suspend_always yield_value(int) { return {}; }
      void return_void() {}
      void unhandled_exception() { std::terminate(); }
    };
  };
  struct pool_t {
    struct awaiter {
      bool await_ready() { return false; }
      void await_suspend(std::coroutine_handle<>) {}
      void await_resume() {}
    };
    awaiter schedule();
  };
  pool_t::awaiter resume_on(pool_t &);
  pool_t::awaiter sleep_async(int);
)cc";

TEST(CoroutineContext, RecognisesCoroutines) {
  std::string Code = std::string(TaskPrelude) + R"cc(
    void plain() { marker(1); }
    task awaits(pool_t &p) { marker(2); co_await p.schedule(); }
    task returns_only() { co_return; }
    generator yields() { co_yield 1; }
    struct S {
      task member() { co_await sleep_async(1); marker(3); }
    };
    template <class P> task templ(P &p) { co_await p.schedule(); marker(4); }
    void host() {
      auto l = []() -> task { marker(5); co_return; };
      auto n = [] { marker(6); };
      (void)l; (void)n;
    }
    task outer() {
      auto inner = [] { marker(7); };
      inner();
      struct Local { void m() { marker(8); } };
      marker(9);
      co_return;
    }
  )cc";
  auto AST = buildAST(Code);
  ASSERT_TRUE(AST);
  EXPECT_FALSE(isCoroutine(definitionNamed(*AST, "plain", Expect::Some)));
  EXPECT_TRUE(isCoroutine(definitionNamed(*AST, "awaits", Expect::Some)));
  EXPECT_TRUE(isCoroutine(definitionNamed(*AST, "returns_only", Expect::Some)));
  EXPECT_TRUE(isCoroutine(definitionNamed(*AST, "yields", Expect::Some)));
  EXPECT_TRUE(isCoroutine(definitionNamed(*AST, "member", Expect::Some)));
  EXPECT_TRUE(isCoroutine(definitionNamed(*AST, "templ", Expect::Some)));
  EXPECT_FALSE(isCoroutine(definitionNamed(*AST, "host", Expect::Some)));

  ASTContext &Ctx = AST->getASTContext();
  EXPECT_EQ(enclosingCoroutine(marker(*AST, 1), Ctx), nullptr);
  EXPECT_EQ(enclosingCoroutine(marker(*AST, 2), Ctx), definitionNamed(*AST, "awaits", Expect::Some));
  EXPECT_EQ(coroutineDisplayName(enclosingCoroutine(marker(*AST, 3), Ctx)),
            "S::member");
  EXPECT_EQ(enclosingCoroutine(marker(*AST, 4), Ctx), definitionNamed(*AST, "templ", Expect::Some));
  const FunctionDecl *Lambda = enclosingCoroutine(marker(*AST, 5), Ctx);
  ASSERT_TRUE(Lambda);
  EXPECT_EQ(coroutineDisplayName(Lambda), "lambda");
  EXPECT_EQ(enclosingCoroutine(marker(*AST, 6), Ctx), nullptr);
  // A nested plain lambda and a local class are not the coroutine's body.
  EXPECT_EQ(enclosingCoroutine(marker(*AST, 7), Ctx), nullptr);
  EXPECT_EQ(enclosingCoroutine(marker(*AST, 8), Ctx), nullptr);
  EXPECT_EQ(enclosingCoroutine(marker(*AST, 9), Ctx), definitionNamed(*AST, "outer", Expect::Some));
}

TEST(CoroutineContext, ParsesPatterns) {
  auto P = parseAwaitablePatterns(" ::a::post(::a::bind) ; resume_on;;x() ");
  ASSERT_EQ(P.size(), 3u);
  EXPECT_EQ(P[0].Callee, "::a::post");
  EXPECT_EQ(P[0].Inner, "::a::bind");
  EXPECT_EQ(P[1].Callee, "resume_on");
  EXPECT_EQ(P[1].Inner, "");
  EXPECT_EQ(P[2].Callee, "x");
  EXPECT_EQ(P[2].Inner, "");
  EXPECT_EQ(parseAwaitablePatterns(DefaultThreadSwitchAwaitables).size(), 5u);
}

TEST(CoroutineContext, AsioSwitchesAndTheLookalike) {
  auto AST = buildAST(R"cc(
    #include <asio.hpp>
    void marker(int);
    bool cond();
    asio::awaitable<void> f(asio::thread_pool &pool, asio::io_context &io) {
      marker(1);
      co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
      marker(2);
      auto ex = co_await asio::this_coro::executor;
      marker(3);
      asio::steady_timer t(ex);
      co_await t.async_wait(asio::use_awaitable);
      marker(4);
      co_await asio::post(pool, asio::use_awaitable);
      marker(5);
      co_await asio::dispatch(asio::bind_executor(pool, asio::use_awaitable));
      marker(6);
      if (cond())
        co_await t.async_wait(asio::use_awaitable);
      marker(7);
      co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
      for (int i = 0; i < 3; ++i) {
        marker(8);
        co_await t.async_wait(asio::use_awaitable);
      }
      co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
      while (cond()) {
        co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
        marker(9);
        co_await t.async_wait(asio::use_awaitable);
      }
      if (cond())
        co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
      marker(10);
      co_await asio::post(asio::bind_executor(io, asio::use_awaitable));
      marker(11);
      co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
      auto l = [] { marker(12); };
      l();
      if (cond())
        co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
      else
        marker(13);
      co_await t.async_wait(asio::use_awaitable);
      co_await asio::defer(asio::bind_executor(pool.get_executor(), asio::use_awaitable));
      marker(14);
      co_await asio::post(asio::bind_executor(
          asio::make_strand(io), asio::use_awaitable));
      marker(15);
      co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
      if (cond())
        co_await t.async_wait(asio::use_awaitable);
      else
        marker(16);
    }
    template <class Pool>
    asio::awaitable<void> g(Pool &pool) {
      co_await asio::post(asio::bind_executor(pool, asio::use_awaitable));
      marker(20);
      co_await asio::post(pool, asio::use_awaitable);
      marker(21);
    }
  )cc");
  ASSERT_TRUE(AST);
  const FunctionDecl *F = definitionNamed(*AST, "f", Expect::Some);
  ASSERT_TRUE(F);
  EXPECT_TRUE(isCoroutine(F));
  CoroutineSwitchAnalysis A(F, parseAwaitablePatterns(DefaultThreadSwitchAwaitables));
  auto Off = [&](int N) { return A.runsOffEventLoop(marker(*AST, N)); };
  EXPECT_FALSE(Off(1)) << "before any switch";
  EXPECT_TRUE(Off(2)) << "after post(bind_executor(pool))";
  EXPECT_TRUE(Off(3)) << "this_coro::executor does not suspend";
  EXPECT_FALSE(Off(4)) << "a timer resumes on the coroutine's executor";
  EXPECT_FALSE(Off(5)) << "post(pool, use_awaitable) only hops through";
  EXPECT_TRUE(Off(6)) << "dispatch(bind_executor(pool))";
  EXPECT_FALSE(Off(7)) << "a timer on some path";
  EXPECT_FALSE(Off(8)) << "the loop's timer reaches it on the back edge";
  EXPECT_TRUE(Off(9)) << "a switch at the top of each iteration";
  EXPECT_FALSE(Off(10)) << "a switch on some path only";
  EXPECT_FALSE(Off(11)) << "bind_executor(io_context) is the loop";
  EXPECT_TRUE(Off(12)) << "a lambda runs where it is written";
  EXPECT_TRUE(Off(13)) << "the then-arm is not on its path";
  EXPECT_TRUE(Off(14)) << "defer(bind_executor(pool executor))";
  EXPECT_FALSE(Off(15)) << "a strand over the io_context is the loop";
  EXPECT_TRUE(Off(16)) << "the timer in the then-arm is not on its path";
  EXPECT_NE(A.switchedBy(marker(*AST, 2)), nullptr);
  EXPECT_EQ(A.awaits().size(), 20u);

  const FunctionDecl *G = definitionNamed(*AST, "g", Expect::Some);
  ASSERT_TRUE(G);
  EXPECT_TRUE(isCoroutine(G));
  CoroutineSwitchAnalysis B(G, parseAwaitablePatterns(DefaultThreadSwitchAwaitables));
  EXPECT_TRUE(B.runsOffEventLoop(marker(*AST, 20))) << "template, dependent";
  EXPECT_FALSE(B.runsOffEventLoop(marker(*AST, 21)));

  // The executors behind the switches.
  auto Args = match(
      callExpr(isExpansionInMainFile(),
               callee(functionDecl(hasName("::asio::bind_executor"))),
               hasArgument(0, expr().bind("ex"))),
      AST->getASTContext());
  unsigned Pools = 0, Loops = 0;
  llvm::SmallPtrSet<const Expr *, 32> Seen; // a co_await operand is reached twice
  for (auto &B : Args) {
    const auto *Ex = B.getNodeAs<Expr>("ex");
    if (!Seen.insert(Ex).second)
      continue;
    Pools += isThreadPoolExecutor(Ex);
    Loops += isEventLoopExecutor(Ex);
    EXPECT_FALSE(isThreadPoolExecutor(Ex) && isEventLoopExecutor(Ex));
  }
  EXPECT_EQ(Loops, 2u) << "bind_executor(io) and the strand over io";
  EXPECT_GE(Pools, 10u);

  // Without the option's defaults nothing is a switch.
  CoroutineSwitchAnalysis C(F, parseAwaitablePatterns("resume_on"));
  EXPECT_FALSE(C.runsOffEventLoop(marker(*AST, 2)));
}

TEST(CoroutineContext, GenericResumeOnAndSchedule) {
  std::string Code = std::string(TaskPrelude) + R"cc(
    task f(pool_t &p) {
      co_await resume_on(p);
      marker(1);
      co_await sleep_async(1);
      marker(2);
      co_await p.schedule();
      marker(3);
    }
    generator gen(pool_t &p) {
      co_await p.schedule();
      marker(4);
      co_yield 1;
      marker(5);
    }
  )cc";
  auto AST = buildAST(Code);
  ASSERT_TRUE(AST);
  auto Pat = parseAwaitablePatterns(DefaultThreadSwitchAwaitables);
  CoroutineSwitchAnalysis A(definitionNamed(*AST, "f", Expect::Some), Pat);
  EXPECT_TRUE(A.runsOffEventLoop(marker(*AST, 1)));
  EXPECT_FALSE(A.runsOffEventLoop(marker(*AST, 2)));
  EXPECT_TRUE(A.runsOffEventLoop(marker(*AST, 3)));
  CoroutineSwitchAnalysis G(definitionNamed(*AST, "gen", Expect::Some), Pat);
  EXPECT_TRUE(G.runsOffEventLoop(marker(*AST, 4)));
  EXPECT_FALSE(G.runsOffEventLoop(marker(*AST, 5))) << "co_yield resumes on the consumer";
}

TEST(CoroutineContext, NamesMatchAcrossInlineNamespaces) {
  auto AST = buildAST(R"cc(
    #include <future>
    #include <thread>
    void f(std::future<int> &fu) { (void)fu.get(); }
  )cc");
  ASSERT_TRUE(AST);
  auto M = match(cxxMemberCallExpr().bind("c"), AST->getASTContext());
  const CXXMethodDecl *Get = nullptr;
  for (auto &B : M)
    if (const auto *MD = B.getNodeAs<CXXMemberCallExpr>("c")->getMethodDecl())
      if (MD->getName() == "get" && MD->getParent()->getName() == "future")
        Get = MD;
  ASSERT_TRUE(Get);
  EXPECT_TRUE(matchesName(Get, "::std::future::get"));
  EXPECT_TRUE(matchesName(Get, "get"));
  EXPECT_FALSE(matchesName(Get, "::std::shared_future::get"));
}

} // namespace
