//===-- LoopBoundsTest.cpp - unit tests for utils/LoopBounds ---------------===//
//
// loopCountsToScalar (a count to a parameter, member or option field is a
// configured degree of parallelism) and loopIsOpenEnded (a loop without a
// count runs as long as its input lasts) and scannedCharRange (a pointer
// stepped through a range of characters toward its end).
//
//===----------------------------------------------------------------------===//

#include "utils/LoopBounds.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "gtest/gtest.h"
#include "TestAST.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;
using namespace clang::tidy::conclint::test;

namespace {

/// The loops of \p Function directly in its body, in source order.
std::vector<const Stmt *> loopsOf(ASTUnit &AST, llvm::StringRef Function) {
  std::vector<const Stmt *> Out;
  const FunctionDecl *FD = definitionNamed(AST, Function);
  if (!FD || !FD->getBody())
    return Out;
  for (const Stmt *S : FD->getBody()->children())
    if (isLoopStmt(S))
      Out.push_back(S);
  return Out;
}

const char *Code = R"cc(
  #include <algorithm>
  #include <cstddef>
  #include <vector>
  void use(int);
  bool more();
  int next();
  struct Opts { unsigned parallel_threads; };
  unsigned g_workers;
  struct S {
    Opts opts;
    int limit_;
    void scalar(int n, const std::vector<int> &v) {
      for (int i = 0; i < n; ++i) use(i);                         // param
      for (unsigned i = 0; i < opts.parallel_threads; ++i) use(i); // option
      for (int i = 1; i < limit_ - 1; ++i) use(i);                 // member
      for (unsigned i = 0; i < g_workers; ++i) use(i);             // global
      const int m = n * 2;
      for (int i = 0; i < m; ++i) use(i);                          // local
      for (std::size_t i = 0; i < std::min<std::size_t>(v.size(), n); ++i)
        use(i);                                                    // min
    }
    void not_scalar(int n, const std::vector<int> &v) {
      for (std::size_t i = 0; i < v.size(); ++i) use(i);           // size
      const std::size_t k = v.size();
      for (std::size_t i = 0; i < k; ++i) use(i);                  // via local
      for (int i = 0; i < next(); ++i) use(i);                     // call
      for (int i = 0; i < 100; ++i) use(i);                        // constant
      for (int i = 0; i < std::min(n, 1000); ++i) use(i);          // capped
      for (int i = n; i > 0; --i) use(i);                          // down
      while (n < 3) use(n++);                                      // not a for
    }
  };
  void open(std::vector<int> &q, int n) {
    for (;;) { if (!more()) break; }
    while (more()) use(1);
    while (!q.empty()) q.pop_back();
    do { use(1); } while (more());
  }
  void counted(std::vector<int> &q, int n) {
    for (int i = 0; more(); ++i) use(i);                           // increment
    while (q.size() > 0) q.pop_back();
    while (n-- > 0) use(n);
    for (auto x : q) use(x);
    while (n--) use(n);
    while (n) use(--n);
  }
)cc";

TEST(LoopBounds, CountsToScalar) {
  auto AST = buildAST(Code);
  ASSERT_TRUE(AST);
  ASTContext &Ctx = AST->getASTContext();
  std::vector<bool> Yes, No;
  for (const Stmt *L : loopsOf(*AST, "scalar"))
    Yes.push_back(loopCountsToScalar(L, Ctx));
  for (const Stmt *L : loopsOf(*AST, "not_scalar"))
    No.push_back(loopCountsToScalar(L, Ctx));
  EXPECT_EQ(Yes, std::vector<bool>(6, true));
  EXPECT_EQ(No, std::vector<bool>(7, false));
}

TEST(LoopBounds, OpenEnded) {
  auto AST = buildAST(Code);
  ASSERT_TRUE(AST);
  std::vector<bool> Open, Counted;
  for (const Stmt *L : loopsOf(*AST, "open"))
    Open.push_back(loopIsOpenEnded(L));
  for (const Stmt *L : loopsOf(*AST, "counted"))
    Counted.push_back(loopIsOpenEnded(L));
  EXPECT_EQ(Open, std::vector<bool>(4, true));
  EXPECT_EQ(Counted, std::vector<bool>(6, false));
}

const char *CharRangeCode = R"cc(
  #include <string>
  #include <string_view>
  void use(int);
  void advance(const char *&p);
  void ranges(const char *p, const char *e, std::string_view v,
              const wchar_t *w, const wchar_t *we) {
    while (p != e) ++p;                                   // forward
    while (e != p && e[-1] == ' ') --e;                   // backward, swapped
    for (auto it = v.begin(); it != v.end(); ++it) use(*it); // string_view
    while (p < e && *p != ',') p++;                       // relational, conjunct
    while (w != we) ++w;                                  // wide characters
  }
  void not_ranges(const unsigned char *b, const unsigned char *be,
                  const char *p, const char *e, const int *i, const int *ie) {
    while (b != be) ++b;                                  // bytes
    while (i != ie) ++i;                                  // numbers
    while (p != e) { ++p; --p; }                          // back and forth
    while (p != e) { ++p; --e; }                          // end moves
    while (p != e) p += 2;                                // not a step by one
    while (p != e) advance(p);                            // by reference
    while (*p) ++p;                                       // no end
  }
)cc";

TEST(LoopBounds, ScannedCharRange) {
  auto AST = buildAST(CharRangeCode);
  ASSERT_TRUE(AST);
  std::vector<bool> Yes, No;
  for (const Stmt *L : loopsOf(*AST, "ranges"))
    Yes.push_back(scannedCharRange(L) != nullptr);
  for (const Stmt *L : loopsOf(*AST, "not_ranges"))
    No.push_back(scannedCharRange(L) != nullptr);
  EXPECT_EQ(Yes, std::vector<bool>(5, true));
  EXPECT_EQ(No, std::vector<bool>(7, false));
}

} // namespace
