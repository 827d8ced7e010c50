//===-- ThrowsTest.cpp - unit tests for utils/Throws ------------------------===//
//
// The precondition-guard rule of Throws.h: a member function's entry test of
// its own receiver is no witness, unless the caller visibly misuses the
// receiver (moved from, default-constructed).
//
//===----------------------------------------------------------------------===//

#include "utils/Throws.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "gtest/gtest.h"
#include "TestAST.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace clang::tidy::conclint::utils;
using namespace clang::tidy::conclint::test;

namespace {

const char *Prelude = R"cc(
  #include <cassert>
  #include <memory>
  #include <stdexcept>
  #include <utility>
  int *acquire();
  void refresh();
  struct Promise {
    std::unique_ptr<int> state = std::make_unique<int>(0);
    void set(int v) {
      if (!state)
        throw std::logic_error("no state");
      *state = v;
    }
    void set_checked(int v) {
      assert(v >= 0);
      if (!state)
        throw std::logic_error("no state");
      *state = v;
    }
  };
  struct Task {
    int *impl = nullptr;
    bool done = false;
    int get() const {
      if (impl == nullptr || done)
        throw std::logic_error("empty");
      return *impl;
    }
    int peek() const {
      if (static_cast<bool>(__builtin_expect(!impl, 0)))
        throw std::logic_error("empty");
      else
        refresh();
      return *impl;
    }
  };
  struct Checked {
    std::unique_ptr<int> fd;
    int count = 0;
    Checked() = default;
    explicit Checked(bool) : fd(acquire()) {
      if (!fd)
        throw std::runtime_error("no descriptor");
    }
    void after_effect() {
      refresh();
      if (!fd)
        throw std::runtime_error("closed");
    }
    void with_parameter(int *p) {
      if (!fd || !p)
        throw std::invalid_argument("p");
    }
    void counted() {
      if (!count)
        throw std::runtime_error("none");
    }
    void lazy() {
      if (!fd)
        fd.reset(acquire());
    }
  };
)cc";

struct ThrowsTest : ::testing::Test {
  std::unique_ptr<ASTUnit> AST;
  ThrowAnalysis Throws{DefaultThrowingFunctions, DefaultThrowingAsyncOperations};

  void parse(const std::string &Body) {
    AST = buildAST(std::string(Prelude) + Body);
    ASSERT_TRUE(AST);
    ASSERT_FALSE(AST->getDiagnostics().hasErrorOccurred());
  }
  bool canThrow(llvm::StringRef Name) {
    const FunctionDecl *FD = definitionNamed(*AST, Name);
    return FD && Throws.canThrow(FD);
  }
  /// The member call of \p Method inside \p Caller.
  const CXXMemberCallExpr *callIn(llvm::StringRef Caller,
                                  llvm::StringRef Method) {
    auto M = match(cxxMemberCallExpr(callee(cxxMethodDecl(hasName(Method))),
                                     hasAncestor(functionDecl(hasName(Caller))))
                       .bind("c"),
                   AST->getASTContext());
    EXPECT_EQ(M.size(), 1u) << Caller.str() << " " << Method.str();
    return M.empty() ? nullptr : M[0].getNodeAs<CXXMemberCallExpr>("c");
  }
};

TEST_F(ThrowsTest, EntryGuardOnReceiverIsNoWitness) {
  parse(R"cc(
    void unknown_state(Promise &p, Task &t) { p.set(1); (void)t.get(); }
  )cc");
  EXPECT_FALSE(canThrow("Promise::set"));
  // An assertion before the guard has no effect: still at the entry.
  EXPECT_FALSE(canThrow("Promise::set_checked"));
  EXPECT_FALSE(canThrow("Task::get"));
  EXPECT_FALSE(canThrow("unknown_state"));
  llvm::SmallPtrSet<const Stmt *, 2> Branches;
  preconditionGuardBranches(definitionNamed(*AST, "Task::get"), Branches);
  EXPECT_EQ(Branches.size(), 1u);
}

TEST_F(ThrowsTest, GuardWithElseWalksTheElse) {
  parse("");
  llvm::SmallPtrSet<const Stmt *, 2> Branches;
  preconditionGuardBranches(definitionNamed(*AST, "Task::peek"), Branches);
  EXPECT_EQ(Branches.size(), 1u);
  EXPECT_FALSE(canThrow("Task::peek"));
}

TEST_F(ThrowsTest, NotGuardsStayWitnesses) {
  parse("");
  EXPECT_TRUE(canThrow("Checked::after_effect"));
  EXPECT_TRUE(canThrow("Checked::with_parameter"));
  EXPECT_TRUE(canThrow("Checked::counted"));
  auto Ctor = match(cxxConstructorDecl(ofClass(hasName("Checked")),
                                              parameterCountIs(1), isExplicit(), isDefinition())
                               .bind("c"),
                           AST->getASTContext());
  ASSERT_EQ(Ctor.size(), 1u);
  EXPECT_TRUE(Throws.canThrow(Ctor[0].getNodeAs<FunctionDecl>("c")));
  llvm::SmallPtrSet<const Stmt *, 2> Branches;
  preconditionGuardBranches(definitionNamed(*AST, "Checked::lazy"), Branches);
  EXPECT_TRUE(Branches.empty());
}

TEST_F(ThrowsTest, VisibleMisuseIsAWitness) {
  parse(R"cc(
    void moved() {
      Promise p;
      Promise q = std::move(p);
      p.set(1);
    }
    void moved_into_capture() {
      Promise p;
      auto f = [q = std::move(p)]() mutable { q.set(1); };
      f();
      p.set(2);
    }
    void defaulted() {
      Task t;
      (void)t.get();
    }
  )cc");
  EXPECT_TRUE(canThrow("moved"));
  EXPECT_TRUE(canThrow("moved_into_capture"));
  const FunctionDecl *Moved = definitionNamed(*AST, "moved");
  auto F = failedPrecondition(callIn("moved", "set"), Moved->getBody());
  ASSERT_TRUE(F.has_value());
  EXPECT_EQ(F->Receiver->getName(), "p");
  EXPECT_STREQ(F->State, "moved-from");
  // get()'s guard tests two members (impl, done): not one test, so the
  // default state is not read as failing it.
  EXPECT_FALSE(canThrow("defaulted"));
}

TEST_F(ThrowsTest, ReceiverInAGoodOrUnknownStateIsNoWitness) {
  parse(R"cc(
    Promise make();
    void constructed() { Promise p; p.set(1); }
    void reassigned() {
      Promise p;
      Promise q = std::move(p);
      p = Promise();
      p.set(1);
    }
    void returned() { make().set(1); }
    void through_pointer(Promise *p) { Promise q = std::move(*p); p->set(1); }
  )cc");
  EXPECT_FALSE(canThrow("constructed"));
  EXPECT_FALSE(canThrow("reassigned"));
  EXPECT_FALSE(canThrow("returned"));
  EXPECT_FALSE(canThrow("through_pointer"));
}

} // namespace
