//===-- BlockingCallsTest.cpp - unit tests for utils/BlockingCalls --------===//

#include "utils/BlockingCalls.h"
#include "utils/LockScopes.h"

#include "TestAST.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;
using namespace clang::tidy::conclint::test;

namespace {

/// For every call in function \p Function whose callee is not `mark`, in
/// source order: "<name>:<kind>" if the catalogue matches it, "-" if not.
std::vector<std::string> verdicts(ASTUnit &AST, llvm::StringRef Function,
                                  const BlockingCatalogue &C) {
  auto Found = match(functionDecl(hasName(Function), isDefinition(),
                                  forEachDescendant(callExpr().bind("c"))),
                     AST.getASTContext());
  std::vector<const CallExpr *> Calls;
  for (auto &M : Found)
    Calls.push_back(M.getNodeAs<CallExpr>("c"));
  llvm::sort(Calls, [](const CallExpr *A, const CallExpr *B) {
    return A->getBeginLoc() < B->getBeginLoc();
  });
  std::vector<std::string> Out;
  for (const CallExpr *Call : Calls) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD || !FD->getIdentifier() || FD->getName() != "probe")
      continue;
    // probe(call) or, for a void call, probe((call, 0)).
    const Expr *Arg = Call->getArg(0)->IgnoreImplicit()->IgnoreParens();
    if (const auto *BO = dyn_cast<BinaryOperator>(Arg); BO && BO->isCommaOp())
      Arg = BO->getLHS()->IgnoreImplicit()->IgnoreParens();
    const auto *Inner = dyn_cast<CallExpr>(Arg);
    auto M = Inner ? C.match(Inner) : std::nullopt;
    Out.push_back(M ? M->name().str() + ":" + blockingKindName(M->kind()).str()
                    : "-");
  }
  return Out;
}

const char *Prelude = R"cc(
  #include <chrono>
  #include <condition_variable>
  #include <fstream>
  #include <future>
  #include <iostream>
  #include <mutex>
  #include <sstream>
  #include <string>
  #include <thread>
  #include <unistd.h>
  template <class T> void probe(T &&);
  void probe_void();
  using namespace std::chrono_literals;
)cc";

TEST(BlockingCalls, KindsAndShapes) {
  auto AST = buildAST(std::string(Prelude) + R"cc(
    int f(std::future<int> &fut, std::ifstream &file, std::istringstream &ss,
          std::istream &any) {
      std::string s;
      int x = 0;
      probe((std::this_thread::sleep_for(1ms), 0));
      probe(fut.get());
      probe(fut.wait_for(0s));
      probe(fut.wait_for(5ms));
      probe(std::getline(file, s));
      probe(std::getline(ss, s));
      probe(std::getline(any, s));
      probe(std::cin >> x);
      probe(::read(0, nullptr, 0));
      probe(::getpid());
      return x;
    }
  )cc");
  BlockingCatalogue C;
  EXPECT_EQ(
      verdicts(*AST, "f", C),
      (std::vector<std::string>{
          "std::this_thread::sleep_for:sleep", "std::future::get:future wait",
          "-", "std::future::wait_for:future wait", "std::getline:blocking I/O",
          "-", "-", "std::basic_istream::operator>>:blocking I/O",
          "read:blocking I/O", "-"}));
}

TEST(BlockingCalls, NonBlockingDescriptors) {
  auto AST = buildAST(std::string(Prelude) + R"cc(
    #include <fcntl.h>
    #include <sys/socket.h>
    int f(int fd, int other, bool b) {
      int s = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      int t = ::socket(AF_INET, SOCK_STREAM, 0);
      probe(::recv(s, nullptr, 0, 0));
      probe(::recv(t, nullptr, 0, 0));
      probe(::read(fd, nullptr, 0));
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
      probe(::read(fd, nullptr, 0));
      if (b)
        ::fcntl(other, F_SETFL, O_NONBLOCK);
      probe(::read(other, nullptr, 0));
      return 0;
    }
    int g(int fd) {
      ::fcntl(fd, F_SETFL, O_NONBLOCK);
      probe(::write(fd, nullptr, 0));
      ::fcntl(fd, F_SETFL, 0);
      return 0;
    }
  )cc");
  BlockingCatalogue C;
  // Created non-blocking; a plain socket; before and after the fcntl; an
  // fcntl on one branch only.
  EXPECT_EQ(verdicts(*AST, "f", C),
            (std::vector<std::string>{"-", "recv:blocking I/O",
                                      "read:blocking I/O", "-",
                                      "read:blocking I/O"}));
  // An fcntl that leaves O_NONBLOCK out spoils the function's shown mode.
  EXPECT_EQ(verdicts(*AST, "g", C),
            (std::vector<std::string>{"write:blocking I/O"}));
}

TEST(BlockingCalls, OptionsKeepKindsAndAddNames) {
  auto AST = buildAST(std::string(Prelude) + R"cc(
    namespace db { int query(int); }
    namespace exec { int block_on(int); }
    int f(std::thread &t) {
      probe(db::query(1));
      probe(exec::block_on(2));
      probe((t.join(), 0));
      probe((std::this_thread::sleep_for(1ms), 0));
      return 0;
    }
  )cc");
  BlockingCatalogue C("::db::query;std::thread::join", "::exec::block_on");
  EXPECT_EQ(verdicts(*AST, "f", C),
            (std::vector<std::string>{"db::query:blocking call",
                                      "exec::block_on:sync_wait",
                                      "std::thread::join:thread join", "-"}));
}

TEST(BlockingCalls, ConditionWaitReleasesItsLock) {
  auto AST = buildAST(std::string(Prelude) + R"cc(
    std::mutex m;
    std::condition_variable cv;
    std::condition_variable_any cva;
    void f() {
      std::unique_lock<std::mutex> lk(m);
      cv.wait(lk);
      cva.wait(m);
    }
  )cc");
  auto &Ctx = AST->getASTContext();
  auto Found =
      match(functionDecl(hasName("f"), isDefinition(),
                         forEachDescendant(cxxMemberCallExpr().bind("c"))),
            Ctx);
  BlockingCatalogue C;
  std::vector<std::string> Released;
  for (auto &B : Found) {
    auto M = C.match(B.getNodeAs<CallExpr>("c"));
    ASSERT_TRUE(M);
    EXPECT_EQ(M->kind(), BlockingKind::ConditionWait);
    auto R = releasedLocks(*M);
    ASSERT_TRUE(R);
    ASSERT_EQ(R->size(), 1u);
    Released.push_back((*R)[0].str());
  }
  EXPECT_EQ(Released, (std::vector<std::string>{"m", "m"}));
}

TEST(LockScopes, ForeignReleases) {
  auto AST = buildAST(std::string(Prelude) + R"cc(
    std::mutex g;
    std::condition_variable cv;
    void own() {
      std::unique_lock<std::mutex> lk(g);
      cv.wait(lk);
      lk.unlock();
    }
    void param_guard(std::unique_lock<std::mutex> &lk) { cv.wait(lk); }
    void param_unlock(std::mutex &m) { m.unlock(); }
    void global_unlock() { g.unlock(); }
    void local_mutex() {
      std::mutex m;
      m.lock();
      m.unlock();
    }
  )cc");
  auto &Ctx = AST->getASTContext();
  BlockingCatalogue C;
  auto Fn = [&](llvm::StringRef N) {
    auto F = match(functionDecl(hasName(N), isDefinition()).bind("f"), Ctx);
    return F[0].getNodeAs<FunctionDecl>("f");
  };
  EXPECT_FALSE(releasesForeignLock(Fn("own"), C));
  EXPECT_TRUE(releasesForeignLock(Fn("param_guard"), C));
  EXPECT_TRUE(releasesForeignLock(Fn("param_unlock"), C));
  EXPECT_TRUE(releasesForeignLock(Fn("global_unlock"), C));
  EXPECT_FALSE(releasesForeignLock(Fn("local_mutex"), C));
  EXPECT_TRUE(takesLocks(Fn("local_mutex")->getBody()));
  EXPECT_FALSE(takesLocks(Fn("param_unlock")->getBody()));
}

} // namespace
