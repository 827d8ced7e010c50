//===-- CostModelTest.cpp - unit tests for utils/CostModel ----------------===//

#include "utils/CostModel.h"

#include "clang/AST/StmtCXX.h"
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

const Stmt *bodyOf(ASTUnit &AST, llvm::StringRef Name) {
  const FunctionDecl *FD = definitionNamed(AST, Name);
  if (!FD)
    return nullptr;
  const Stmt *B = FD->getBody();
  if (const auto *CB = dyn_cast<CoroutineBodyStmt>(B))
    return CB->getBody();
  return B;
}

/// The first loop of a function.
const Stmt *firstLoop(const Stmt *S) {
  if (!S)
    return nullptr;
  if (CostModel::isLoop(S))
    return S;
  for (const Stmt *C : S->children())
    if (const Stmt *L = firstLoop(C))
      return L;
  return nullptr;
}

unsigned lineOf(ASTUnit &AST, const Stmt *S) {
  return AST.getSourceManager().getPresumedLineNumber(S->getBeginLoc());
}

TEST(CostModel, TripCounts) {
  auto AST = buildAST(R"cc(
    #include <array>
    #include <vector>
    constexpr int N = 10;
    void a() { for (int i = 0; i < 5; ++i) {} }
    void b() { for (int i = 0; i <= N; i += 2) {} }
    void c() { for (int i = 100; i > 0; --i) {} }
    void d() { for (unsigned i = 0; i != 12; i += 3) {} }
    void e(int n) { for (int i = 0; i < n; ++i) {} }
    void f() { int a[7]; for (int x : a) (void)x; }
    void g() { std::array<int, 9> a{}; for (int x : a) (void)x; }
    void h() { for (int x : {1, 2, 3}) (void)x; }
    void i(std::vector<int> &v) { for (int x : v) (void)x; }
    void j() { do {} while (false); }
    void k(bool b) { while (b) {} }
    void l() { for (;;) {} }
    void m() { for (int i = 0; 8 > i; i++) {} }
    void n() { for (int i = 0; i < 5; ++i) for (int j = 0; j < 20; ++j) {} }
  )cc");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  auto Trips = [&](llvm::StringRef F) {
    return CostModel::constantTripCount(firstLoop(bodyOf(*AST, F)), Ctx);
  };
  EXPECT_EQ(Trips("a"), std::optional<uint64_t>(5));
  EXPECT_EQ(Trips("b"), std::optional<uint64_t>(6));
  EXPECT_EQ(Trips("c"), std::optional<uint64_t>(100));
  EXPECT_EQ(Trips("d"), std::optional<uint64_t>(4));
  EXPECT_EQ(Trips("e"), std::nullopt);
  EXPECT_EQ(Trips("f"), std::optional<uint64_t>(7));
  EXPECT_EQ(Trips("g"), std::optional<uint64_t>(9));
  EXPECT_EQ(Trips("h"), std::optional<uint64_t>(3));
  EXPECT_EQ(Trips("i"), std::nullopt);
  EXPECT_EQ(Trips("j"), std::optional<uint64_t>(1));
  EXPECT_EQ(Trips("k"), std::nullopt);
  EXPECT_EQ(Trips("l"), std::nullopt);
  EXPECT_EQ(Trips("m"), std::optional<uint64_t>(8));
  EXPECT_EQ(CostModel::nestTripCount(firstLoop(bodyOf(*AST, "n")), Ctx),
            std::optional<uint64_t>(100));
}

TEST(CostModel, HeavyLoops) {
  auto AST = buildAST(R"cc(
    #include <cstdio>
    #include <iostream>
    #include <sstream>
    #include <thread>
    #include <vector>
    long sum(const std::vector<int> &v) {
      long s = 0;
      for (int x : v) s += x;
      return s;
    }
    long small() {
      long s = 0;
      for (int i = 0; i < 64; ++i) s += i;
      return s;
    }
    long big() {
      long s = 0;
      for (int i = 0; i < 65; ++i) s += i;
      return s;
    }
    long nest() {
      long s = 0;
      for (int i = 0; i < 10; ++i)
        for (int j = 0; j < 10; ++j) s += i * j;
      return s;
    }
    void sleeps(int n) {
      for (int i = 0; i < n; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    void prints(const std::vector<int> &v) {
      for (int x : v) std::cout << x << '\n';
    }
    void printfs(const std::vector<int> &v) {
      for (int x : v) std::printf("%d\n", x);
    }
    std::string formats(const std::vector<int> &v) {
      std::ostringstream os;
      for (int x : v) os << x << ',';
      return os.str();
    }
    void waitOne() { std::this_thread::sleep_for(std::chrono::milliseconds(1)); }
    void callsBlocking(int n) { for (int i = 0; i < n; ++i) waitOne(); }
    void inner(int n, int k) {
      for (int r = 0; r < 3; ++r)
        for (int i = 0; i < n; ++i) k += i;
    }
    void lambdaOnly(int n) {
      auto f = [n] { long s = 0; for (int i = 0; i < n; ++i) s += i; return s; };
      (void)f;
    }
    void lambdaCalled(int n) {
      auto f = [n] { long s = 0; for (int i = 0; i < n; ++i) s += i; return s; };
      (void)f();
    }
  )cc");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  CostModel M;
  auto Heavy = [&](llvm::StringRef F) { return M.findHeavy(bodyOf(*AST, F), Ctx); };

  auto S = Heavy("sum");
  ASSERT_TRUE(S);
  EXPECT_EQ(S->Kind, CostEvidence::RootKind::Loop);
  EXPECT_FALSE(S->TripCount);
  EXPECT_EQ(S->describeSite(), "loop");
  EXPECT_FALSE(Heavy("small"));
  auto B = Heavy("big");
  ASSERT_TRUE(B);
  EXPECT_EQ(B->TripCount, std::optional<uint64_t>(65));
  auto N = Heavy("nest");
  ASSERT_TRUE(N);
  EXPECT_EQ(N->TripCount, std::optional<uint64_t>(100));
  EXPECT_FALSE(Heavy("sleeps"));
  EXPECT_FALSE(Heavy("prints"));
  EXPECT_FALSE(Heavy("printfs"));
  EXPECT_TRUE(Heavy("formats")) << "a string stream computes, it does no I/O";
  EXPECT_FALSE(Heavy("callsBlocking"));
  // The constant outer loop is cheap; the data-dependent inner one is the
  // evidence.
  auto I = Heavy("inner");
  ASSERT_TRUE(I);
  EXPECT_TRUE(isa<ForStmt>(I->Root));
  EXPECT_EQ(lineOf(*AST, I->Root), lineOf(*AST, firstLoop(bodyOf(*AST, "inner"))) + 1);
  EXPECT_FALSE(Heavy("lambdaOnly"));
  auto L = Heavy("lambdaCalled");
  ASSERT_TRUE(L);
  EXPECT_EQ(L->Chain.size(), 1u);
  EXPECT_EQ(L->describeSite(), "call to 'lambda'");
}

TEST(CostModel, HeavyCalls) {
  auto AST = buildAST(R"cc(
    #include <algorithm>
    #include <array>
    #include <numeric>
    #include <regex>
    #include <string>
    #include <vector>
    void sorts(std::vector<int> &v) { std::sort(v.begin(), v.end()); }
    void ranges(std::vector<int> &v) { std::ranges::sort(v); }
    void tiny() {
      std::array<int, 4> a{4, 3, 2, 1};
      std::sort(a.begin(), a.end());
      int b[3] = {3, 1, 2};
      std::sort(b, b + 3);
    }
    long acc(const std::vector<long> &v) {
      return std::accumulate(v.begin(), v.end(), 0L);
    }
    bool re(const std::string &s) { return std::regex_match(s, std::regex("a+")); }
    extern "C" unsigned long crc32(unsigned long, const unsigned char *, unsigned);
    unsigned long hash(const std::string &s) {
      return crc32(0, reinterpret_cast<const unsigned char *>(s.data()), s.size());
    }
    void level3(std::vector<int> &v) { std::stable_sort(v.begin(), v.end()); }
    void level2(std::vector<int> &v) { level3(v); }
    void level1(std::vector<int> &v) { level2(v); }
    void level0(std::vector<int> &v) { level1(v); }
    void top(std::vector<int> &v) { level0(v); }
    int recurse(int n) { return n <= 0 ? 0 : recurse(n - 1) + 1; }
  )cc");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  CostModel M;
  auto Heavy = [&](llvm::StringRef F) { return M.findHeavy(bodyOf(*AST, F), Ctx); };

  auto S = Heavy("sorts");
  ASSERT_TRUE(S);
  EXPECT_EQ(S->Kind, CostEvidence::RootKind::HeavyCall);
  EXPECT_EQ(S->HeavyName, "std::sort");
  EXPECT_EQ(S->describeSite(), "call to 'std::sort'");
  auto R = Heavy("ranges");
  ASSERT_TRUE(R);
  EXPECT_EQ(R->HeavyName, "std::ranges::sort");
  EXPECT_FALSE(Heavy("tiny"));
  ASSERT_TRUE(Heavy("acc"));
  auto Re = Heavy("re");
  ASSERT_TRUE(Re);
  EXPECT_EQ(Re->HeavyName, "std::regex_match");
  auto H = Heavy("hash");
  ASSERT_TRUE(H);
  EXPECT_EQ(H->HeavyName, "crc32");

  // Transitive: level1 -> level2 -> level3 -> stable_sort is three calls deep.
  auto L1 = Heavy("level1");
  ASSERT_TRUE(L1);
  EXPECT_EQ(L1->Chain.size(), 2u);
  EXPECT_EQ(L1->chainCallee(0)->getName(), "level2");
  EXPECT_EQ(L1->chainCallee(1)->getName(), "level3");
  EXPECT_EQ(L1->HeavyName, "std::stable_sort");
  ASSERT_TRUE(Heavy("level0")); // depth 3: level1, level2, level3
  auto Top = Heavy("top");
  ASSERT_TRUE(Top) << "summaries follow calls without a depth cap";
  EXPECT_EQ(Top->Chain.size(), 4u);
  EXPECT_FALSE(Heavy("recurse"));

  CostModel Three(CostOptions::fromStrings(64, "", "", 3));
  EXPECT_TRUE(Three.findHeavy(bodyOf(*AST, "level0"), Ctx));
  EXPECT_FALSE(Three.findHeavy(bodyOf(*AST, "top"), Ctx))
      << "CallDepth 3 still bounds the chain from the analysed code";

  CostModel Shallow(CostOptions::fromStrings(64, "", "", 1));
  EXPECT_TRUE(Shallow.findHeavy(bodyOf(*AST, "level2"), Ctx));
  EXPECT_FALSE(Shallow.findHeavy(bodyOf(*AST, "level1"), Ctx));
}

TEST(CostModel, OptionsAndFilters) {
  auto AST = buildAST(R"cc(
    #include <vector>
    void crunch(std::vector<int> &);
    void user(std::vector<int> &v) { crunch(v); }
    long two(const std::vector<int> &a, const std::vector<int> &b) {
      long s = 0;
      for (int x : a) s += x;
      for (int y : b) s -= y;
      return s;
    }
    long outer(const std::vector<std::vector<int>> &m) {
      long s = 0;
      for (const auto &row : m) {
        s += row.size();
        for (int x : row) s += x;
      }
      return s;
    }
  )cc");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  CostModel Default;
  EXPECT_FALSE(Default.findHeavy(bodyOf(*AST, "user"), Ctx));
  CostModel Extended(CostOptions::fromStrings(64, "+::crunch", "", 3));
  auto E = Extended.findHeavy(bodyOf(*AST, "user"), Ctx);
  ASSERT_TRUE(E);
  EXPECT_EQ(E->HeavyName, "crunch");
  EXPECT_GT(Extended.options().HeavyFunctions.size(), 10u);
  CostModel Replaced(CostOptions::fromStrings(64, "crunch", "", 3));
  EXPECT_EQ(Replaced.options().HeavyFunctions.size(), 1u);

  auto All = Default.findAllHeavy(bodyOf(*AST, "two"), Ctx);
  EXPECT_EQ(All.size(), 2u);

  // Rejecting the outer loop exposes the inner one.
  const Stmt *Outer = firstLoop(bodyOf(*AST, "outer"));
  auto Reject = [&](const CostEvidence &Ev) { return Ev.Root != Outer; };
  auto Inner = Default.findHeavy(bodyOf(*AST, "outer"), Ctx, {nullptr, Reject});
  ASSERT_TRUE(Inner);
  EXPECT_NE(Inner->Root, Outer);
  auto SkipAll = [](const Stmt *S) { return CostModel::isLoop(S); };
  EXPECT_FALSE(Default.findHeavy(bodyOf(*AST, "outer"), Ctx, {SkipAll, nullptr}));
}

TEST(CostModel, Coroutines) {
  auto AST = buildAST(R"cc(
    #include <asio.hpp>
    #include <vector>
    asio::awaitable<void> echo(asio::ip::tcp::socket s, int n) {
      char buf[64];
      for (int i = 0; i < n; ++i)
        co_await s.async_read_some(asio::buffer(buf), asio::use_awaitable);
    }
    asio::awaitable<long> crunch(std::vector<int> v) {
      long s = 0;
      for (int x : v) s += x;
      co_return s;
    }
    asio::awaitable<void> caller(std::vector<int> v) {
      long r = co_await crunch(v); // crunch is a coroutine: analysed on its own
      (void)r;
    }
    void handler(asio::ip::tcp::socket &s, std::vector<asio::const_buffer> &bs) {
      for (auto &b : bs) s.async_write_some(b, [](std::error_code, std::size_t) {});
    }
  )cc");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  CostModel M;
  EXPECT_FALSE(M.findHeavy(bodyOf(*AST, "echo"), Ctx));
  EXPECT_TRUE(M.findHeavy(bodyOf(*AST, "crunch"), Ctx));
  EXPECT_FALSE(M.findHeavy(bodyOf(*AST, "caller"), Ctx));
  EXPECT_FALSE(M.findHeavy(bodyOf(*AST, "handler"), Ctx))
      << "initiating asynchronous I/O per element is not CPU work";
}

TEST(CostModel, Names) {
  auto AST = buildAST(R"cc(
    #include <algorithm>
    #include <vector>
    namespace outer { inline namespace v1 { struct S { void run(); }; } }
    void outer::S::run() {}
    void f(std::vector<int> &v) { std::sort(v.begin(), v.end()); }
  )cc",
                   {"-stdlib=libc++"});
  ASSERT_TRUE(AST);
  const FunctionDecl *Run = definitionNamed(*AST, "run");
  ASSERT_TRUE(Run);
  EXPECT_EQ(qualifiedName(Run), "::outer::S::run");
  EXPECT_TRUE(matchesName(Run, "::outer::S::run"));
  EXPECT_TRUE(matchesName(Run, "run"));
  EXPECT_TRUE(matchesName(Run, "::outer::*"));
  EXPECT_FALSE(matchesName(Run, "::S::run"));
  CostModel M;
  auto S = M.findHeavy(bodyOf(*AST, "f"), AST->getASTContext());
  ASSERT_TRUE(S) << "libc++'s std::__1::sort is std::sort";
  EXPECT_EQ(S->HeavyName, "std::sort");
}

TEST(CostModel, LinearScans) {
  auto AST = buildAST(R"cc(
    #include <algorithm>
    #include <chrono>
    #include <map>
    #include <memory>
    #include <set>
    #include <string>
    #include <vector>
    struct listener { virtual ~listener() = default; virtual void notify(int) = 0; };
    struct record { double value; };
    enum class color { red, green };
    std::string join(const std::vector<std::string> &v) {
      std::string out;
      for (const std::string &s : v) out += s + ' ';
      return out;
    }
    void broadcast(const std::set<std::shared_ptr<listener>> &ls, int e) {
      for (const auto &l : ls) l->notify(e);
    }
    int byIndex(const std::vector<std::string> &v) {
      int n = 0;
      for (std::size_t i = 0; i < v.size(); ++i) n += v[i].empty();
      return n;
    }
    int byIterator(const std::map<int, std::string> &m) {
      int n = 0;
      for (auto it = m.begin(); it != m.end(); ++it) n += it->second.empty();
      return n;
    }
    int byStdSize(const std::vector<std::string> &v) {
      int n = 0;
      for (std::size_t i = 0; i < std::size(v); ++i) n += v[i].empty();
      return n;
    }
    double records(const std::vector<record> &v) {
      double s = 0;
      for (const record &r : v) s += r.value;
      return s;
    }
    long numbers(const std::vector<long> &v) {
      long s = 0;
      for (long x : v) s += x;
      return s;
    }
    long numbersByIndex(const std::vector<long> &v) {
      long s = 0;
      for (std::size_t i = 0; i < v.size(); ++i) s += v[i];
      return s;
    }
    int colors(const std::vector<color> &v) {
      int n = 0;
      for (color c : v) n += c == color::red;
      return n;
    }
    int bytes(const std::string &s) {
      int n = 0;
      for (char c : s) n += c == ' ';
      return n;
    }
    long counting(long limit) {
      long s = 0;
      for (long i = 2; i < limit; ++i) s += i % 3;
      return s;
    }
    int whileScan(const std::vector<std::string> &v) {
      int n = 0;
      auto it = v.begin();
      while (it != v.end()) { n += it->empty(); ++it; }
      return n;
    }
    int wobble(const std::vector<std::string> &v) {
      int n = 0;
      auto it = v.begin();
      while (it != v.end()) { n += it->empty(); ++it; if (n > 3) --it; }
      return n;
    }
    int nested(const std::vector<std::string> &v) {
      int n = 0;
      for (const std::string &s : v)
        for (char c : s) n += c == ' ';
      return n;
    }
    void sorts(std::vector<std::vector<std::string>> &v) {
      for (auto &g : v) std::sort(g.begin(), g.end());
    }
    static std::size_t total(const std::vector<std::string> &v) {
      std::size_t n = 0;
      for (const std::string &s : v) n += s.size();
      return n;
    }
    std::size_t quadratic(const std::vector<std::vector<std::string>> &m) {
      std::size_t n = 0;
      for (const auto &row : m) n += total(row);
      return n;
    }
    std::size_t callsScan(const std::vector<std::vector<std::string>> &m) {
      return total(m.front());
    }
    #include <deque>
    void trim(std::deque<std::string> &q, std::size_t limit) {
      while (q.size() > limit) q.pop_front();
    }
    void drain(std::deque<std::string> &q, std::string &out) {
      while (!q.empty()) { out += q.front(); q.pop_front(); }
    }
    void trimNumbers(std::deque<long> &q, std::size_t limit) {
      while (q.size() > limit) q.pop_front();
    }
    void grow(std::deque<std::string> &q, std::size_t n) {
      while (q.size() < n) q.push_back("x");
    }
    template <class T> T generic(const std::vector<T> &v) {
      T s{};
      for (const T &x : v) s += x;
      return s;
    }
  )cc");
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  CostModel M;
  auto Scan = [&](llvm::StringRef F) {
    return M.isLinearScan(firstLoop(bodyOf(*AST, F)), Ctx);
  };
  auto Heavy = [&](llvm::StringRef F) { return M.findHeavy(bodyOf(*AST, F), Ctx); };

  // An iterator stepped forward to the end in a while loop is the for loop
  // over the iterator pair written another way; stepped back and forth it is
  // not one pass.
  for (llvm::StringRef F : {"join", "broadcast", "byIndex", "byIterator",
                            "byStdSize", "records", "trim", "drain",
                            "whileScan"}) {
    EXPECT_TRUE(Scan(F)) << F.str();
    EXPECT_FALSE(Heavy(F)) << F.str();
  }
  EXPECT_FALSE(Heavy("callsScan")) << "one call to a cheap scan is cheap";

  for (llvm::StringRef F : {"numbers", "numbersByIndex", "colors", "bytes",
                            "counting", "wobble", "nested", "sorts",
                            "quadratic", "trimNumbers", "grow"}) {
    EXPECT_FALSE(Scan(F)) << F.str();
    auto H = Heavy(F);
    ASSERT_TRUE(H) << F.str();
    EXPECT_EQ(H->Root, firstLoop(bodyOf(*AST, F))) << F.str();
  }
  // The primary template's element type is dependent: not a scan.
  const FunctionTemplateDecl *G = nullptr;
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(D))
      if (FT->getName() == "generic")
        G = FT;
  ASSERT_TRUE(G);
  EXPECT_FALSE(M.isLinearScan(firstLoop(G->getTemplatedDecl()->getBody()), Ctx));
  // A constant trip count is no scan: the nest's count decides.
  EXPECT_FALSE(M.isLinearScan(nullptr, Ctx));

  // LinearScansAreHeavy restores the old rule.
  CostModel Strict(CostOptions::fromStrings(
      64, "", "", 3, /*LinearScansAreHeavy=*/true));
  for (llvm::StringRef F : {"join", "broadcast", "byIndex", "records"}) {
    auto H = Strict.findHeavy(bodyOf(*AST, F), Ctx);
    ASSERT_TRUE(H) << F.str();
    EXPECT_FALSE(H->TripCount);
  }
  EXPECT_TRUE(Strict.findHeavy(bodyOf(*AST, "callsScan"), Ctx));
  EXPECT_TRUE(Strict.isLinearScan(firstLoop(bodyOf(*AST, "join")), Ctx))
      << "isLinearScan describes the loop whatever the option";
}

TEST(CostModel, LinearScansOptionDefault) {
  EXPECT_FALSE(CostOptions().LinearScansAreHeavy);
}

} // namespace
