//===-- WalkerTest.cpp - utils::Walker walks as RecursiveASTVisitor does ---===//
//
// The contract of utils/Walker.h: the same hooks, called on the same nodes in
// the same order as a RecursiveASTVisitor with the same settings and
// overrides, and a false return stops both at the same point. Each test
// records every hook call of a reference RecursiveASTVisitor and of a
// Walker over one snippet and compares the two traces.
//
//===----------------------------------------------------------------------===//

#include "utils/Walker.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "gtest/gtest.h"
#include "TestAST.h"

#include <string>
#include <vector>

using namespace clang;
using namespace clang::tidy::conclint::utils;
using namespace clang::tidy::conclint::test;

namespace {

/// What a walk is asked to do.
struct Settings {
  bool Templates = false;
  bool Implicit = false;
  bool LambdaBody = true;
  bool SkipLambdas = false; ///< TraverseLambdaExpr does not enter lambdas.
  bool SkipElse = false;    ///< TraverseIfStmt walks condition and then only.
  int StopAtCall = 0;       ///< VisitCallExpr returns false at this call.
};

/// Records hook calls; shared by both visitors.
struct Recorder {
  Recorder(const Settings &S, const SourceManager &SM) : S(S), SM(&SM) {}
  Settings S;
  const SourceManager *SM;
  std::vector<std::string> Trace;
  int Calls = 0;

  std::string where(SourceLocation L) const {
    return L.isValid() ? std::to_string(SM->getFileOffset(SM->getSpellingLoc(L)))
                       : "-";
  }
  bool record(const char *Hook, Stmt *N) {
    Trace.push_back(std::string(Hook) + ":" + N->getStmtClassName() + "@" +
                    where(N->getBeginLoc()));
    if (std::string(Hook) == "CallExpr" && ++Calls == S.StopAtCall)
      return false;
    return true;
  }
  bool record(const char *Hook, Decl *N) {
    Trace.push_back(std::string(Hook) + ":" + N->getDeclKindName() + "@" +
                    where(N->getLocation()));
    return true;
  }
};

struct Reference : RecursiveASTVisitor<Reference> {
  Recorder &R;
  explicit Reference(Recorder &R) : R(R) {}
  bool shouldVisitTemplateInstantiations() const { return R.S.Templates; }
  bool shouldVisitImplicitCode() const { return R.S.Implicit; }
  bool shouldVisitLambdaBody() const { return R.S.LambdaBody; }
  bool TraverseDecl(Decl *D) {
    if (D)
      R.record("TraverseDecl", D);
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool TraverseLambdaExpr(LambdaExpr *L) {
    return R.S.SkipLambdas || RecursiveASTVisitor::TraverseLambdaExpr(L);
  }
  bool dataTraverseStmtPre(Stmt *N) { return R.record("Pre", N); }
  bool dataTraverseStmtPost(Stmt *N) { return R.record("Post", N); }
  bool TraverseIfStmt(IfStmt *I) {
    if (!R.S.SkipElse)
      return RecursiveASTVisitor::TraverseIfStmt(I);
    return TraverseStmt(I->getCond()) && TraverseStmt(I->getThen());
  }
#define CONCLINT_WALKER_VISIT(CLASS)                                           \
  bool Visit##CLASS(CLASS *N) { return R.record(#CLASS, N); }
#include "utils/WalkerHooks.def"
};

struct Subject : Walker {
  Recorder &R;
  explicit Subject(Recorder &R) : R(R) {}
  bool shouldVisitTemplateInstantiations() const override {
    return R.S.Templates;
  }
  bool shouldVisitImplicitCode() const override { return R.S.Implicit; }
  bool shouldVisitLambdaBody() const override { return R.S.LambdaBody; }
  bool TraverseDecl(Decl *D) override {
    if (D)
      R.record("TraverseDecl", D);
    return Walker::TraverseDecl(D);
  }
  bool TraverseLambdaExpr(LambdaExpr *L) override {
    return R.S.SkipLambdas || Walker::TraverseLambdaExpr(L);
  }
  bool dataTraverseStmtPre(Stmt *N) override { return R.record("Pre", N); }
  bool dataTraverseStmtPost(Stmt *N) override { return R.record("Post", N); }
  bool TraverseIfStmt(IfStmt *I) override {
    if (!R.S.SkipElse)
      return Walker::TraverseIfStmt(I);
    return TraverseStmt(I->getCond()) && TraverseStmt(I->getThen());
  }
#define CONCLINT_WALKER_VISIT(CLASS)                                           \
  bool Visit##CLASS(CLASS *N) override { return R.record(#CLASS, N); }
#include "utils/WalkerHooks.def"
};

// Templates and their instantiations, lambdas, implicit members, every loop
// and jump, try/throw, new, operators, member calls, a coroutine.
const char *const Code = R"cpp(
#include <coroutine>
struct Lock { void lock(); void unlock(); };
template <class T> T twice(T v) {
  auto f = [&](T x) { return x + v; };
  return f(v);
}
struct S {
  int a[3] = {1, 2, 3};
  int sum() const {
    int s = 0;
    for (int x : a) s += x;
    for (int i = 0; i < 3; ++i) s += a[i];
    while (s > 10) { s--; if (s == 5) break; else continue; }
    do { s++; } while (s < 3);
    if (s) goto out;
  out:
    return s;
  }
  bool operator<(const S &o) const { return sum() < o.sum(); }
};
struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
Task co() { co_return; }
int use(S *p, Lock &l) {
  S s = *p;
  l.lock();
  try { if (s < *p) throw 1; } catch (...) {}
  l.unlock();
  int *q = new int(s.sum() + twice(1) + int(twice(2.0)));
  int r = -*q;
  auto g = [&] { return s.sum(); };
  r += g();
  delete q;
  return r;
}
)cpp";

std::vector<Settings> allSettings() {
  std::vector<Settings> Out;
  for (int Bits = 0; Bits < 32; ++Bits) {
    Settings S;
    S.Templates = Bits & 1;
    S.Implicit = Bits & 2;
    S.LambdaBody = Bits & 4;
    S.SkipLambdas = Bits & 8;
    S.SkipElse = Bits & 16;
    Out.push_back(S);
  }
  return Out;
}

std::string describe(const Settings &S) {
  return "templates=" + std::to_string(S.Templates) +
         " implicit=" + std::to_string(S.Implicit) +
         " lambda-body=" + std::to_string(S.LambdaBody) +
         " skip-lambdas=" + std::to_string(S.SkipLambdas) +
         " skip-else=" + std::to_string(S.SkipElse) +
         " stop-at-call=" + std::to_string(S.StopAtCall);
}

TEST(Walker, SameTraceAsRecursiveASTVisitorFromTheTranslationUnit) {
  auto AST = buildAST(Code);
  ASSERT_TRUE(AST);
  auto *TU = AST->getASTContext().getTranslationUnitDecl();
  for (const Settings &S : allSettings()) {
    Recorder Ref(S, AST->getSourceManager()), Got(S, AST->getSourceManager());
    Reference(Ref).TraverseDecl(TU);
    Subject(Got).TraverseDecl(TU);
    ASSERT_GT(Ref.Trace.size(), 100u) << describe(S);
    EXPECT_EQ(Ref.Trace, Got.Trace) << describe(S);
  }
}

TEST(Walker, SameTraceFromABody) {
  auto AST = buildAST(Code);
  ASSERT_TRUE(AST);
  for (const char *Name : {"use", "sum", "co"}) {
    const FunctionDecl *FD = definitionNamed(*AST, Name);
    ASSERT_TRUE(FD && FD->getBody());
    for (const Settings &S : allSettings()) {
      Recorder Ref(S, AST->getSourceManager()), Got(S, AST->getSourceManager());
      Reference(Ref).TraverseStmt(FD->getBody());
      Subject(Got).TraverseStmt(FD->getBody());
      ASSERT_FALSE(Ref.Trace.empty()) << Name << " " << describe(S);
      EXPECT_EQ(Ref.Trace, Got.Trace) << Name << " " << describe(S);
    }
  }
}

TEST(Walker, FalseStopsAtTheSamePoint) {
  auto AST = buildAST(Code);
  ASSERT_TRUE(AST);
  auto *TU = AST->getASTContext().getTranslationUnitDecl();
  for (int Stop = 1; Stop <= 6; ++Stop) {
    Settings S;
    S.Templates = true;
    S.StopAtCall = Stop;
    Recorder Ref(S, AST->getSourceManager()), Got(S, AST->getSourceManager());
    EXPECT_FALSE(Reference(Ref).TraverseDecl(TU));
    EXPECT_FALSE(Subject(Got).TraverseDecl(TU));
    EXPECT_EQ(Ref.Calls, Stop);
    EXPECT_EQ(Ref.Trace, Got.Trace) << describe(S);
  }
}

} // namespace
