//===-- AccessesTest.cpp - unit tests for utils/Accesses -------------------===//
//
// The contract of SelfSyncOracle::callShownToWrite: a non-const call of a
// user class's method is a write only when the visible body (through calls
// on `this` and on member objects) writes a plain member and nothing in its
// closure synchronises or goes where it cannot be followed.
//
//===----------------------------------------------------------------------===//

#include "utils/Accesses.h"
#include "utils/Dataflow.h"

#include "clang/AST/DeclCXX.h"
#include "gtest/gtest.h"
#include "TestAST.h"

using namespace clang;
using namespace clang::tidy::conclint::utils;
using namespace clang::tidy::conclint::test;

namespace {

const char *const Code = R"cc(
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

void elsewhere();

struct Plain {
  bool stop = false;
  void set() { stop = true; }
};

struct Locked {
  std::mutex mu;
  int n = 0;
  void add() {
    std::lock_guard<std::mutex> g(mu);
    ++n;
  }
};

struct Declared {
  int n = 0;
  void add();
};

struct Helper {
  std::vector<int> items;
  void add(int v) { store(v); }
  void store(int v) { items.push_back(v); }
};

struct Tally {
  int n = 0;
  void bump() { ++n; }
};

struct Holder {
  Tally t;
  void hit() { t.bump(); }
};

struct AtomicBeside {
  std::atomic<int> hits{0};
  std::vector<int> samples;
  void add(int v) {
    hits++;
    samples.push_back(v);
  }
};

struct Claim {
  std::atomic<unsigned> next{0};
  int slots[8] = {};
  int first[8] = {};
  void put(int v) { slots[next.fetch_add(1) % 8] = v; }
  void put_first(int v) { first[0] = v; }
};

struct Unknown {
  int n = 0;
  void add() {
    elsewhere();
    ++n;
  }
};

struct Spawner {
  int n = 0;
  void go() {
    ++n;
    std::thread([] {}).detach();
  }
};

struct Base {
  int n = 0;
  virtual void poke() { ++n; }
  virtual ~Base() = default;
};

struct Reader {
  int n = 0;
  int *p = nullptr;
  void through_pointer() { *p = 1; }
};

void use() {
  Plain{}.set();
  Locked l;
  l.add();
  Declared{}.add();
  Helper{}.add(1);
  Holder{}.hit();
  AtomicBeside a;
  a.add(1);
  Claim c;
  c.put(1);
  c.put_first(1);
  Unknown{}.add();
  Spawner{}.go();
  Base b;
  b.poke();
  Reader{}.through_pointer();
}
)cc";

class AccessesTest : public ::testing::Test {
protected:
  // One parse for the suite (the snippet includes <thread>); a fresh oracle
  // per test, so no answer is memoised across tests.
  static void SetUpTestSuite() { AST = buildAST(Code).release(); }
  static void TearDownTestSuite() {
    delete AST;
    AST = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(AST);
    Oracle = std::make_unique<SelfSyncOracle>(AST->getASTContext(), CFGs);
  }
  /// The method \p Name ("Class::method"), declared or defined.
  const CXXMethodDecl *method(llvm::StringRef Name) {
    using namespace ast_matchers;
    auto M = match(cxxMethodDecl(hasName(Name), isExpansionInMainFile())
                       .bind("m"),
                   AST->getASTContext());
    EXPECT_FALSE(M.empty()) << Name.str();
    return M.empty() ? nullptr : M[0].getNodeAs<CXXMethodDecl>("m");
  }
  bool writes(llvm::StringRef Name, bool Exact = false) {
    const CXXMethodDecl *MD = method(Name);
    return MD && Oracle->callShownToWrite(MD, Exact);
  }
  static ASTUnit *AST;
  CFGCache CFGs;
  std::unique_ptr<SelfSyncOracle> Oracle;
};

ASTUnit *AccessesTest::AST = nullptr;

TEST_F(AccessesTest, PlainStoreIsAWrite) { EXPECT_TRUE(writes("Plain::set")); }

TEST_F(AccessesTest, LockedBodyIsNoWrite) {
  EXPECT_FALSE(writes("Locked::add"));
}

TEST_F(AccessesTest, InvisibleBodyIsNoWrite) {
  EXPECT_FALSE(writes("Declared::add"));
}

TEST_F(AccessesTest, WriteThroughHelperOnThis) {
  EXPECT_TRUE(writes("Helper::add"));
}

TEST_F(AccessesTest, WriteThroughMemberObject) {
  EXPECT_TRUE(writes("Holder::hit"));
}

TEST_F(AccessesTest, AnAtomicBesideDoesNotSynchroniseTheWrite) {
  EXPECT_TRUE(writes("AtomicBeside::add"));
}

TEST_F(AccessesTest, PerCallElementIsNoWriteConstantElementIs) {
  EXPECT_FALSE(writes("Claim::put"));
  EXPECT_TRUE(writes("Claim::put_first"));
}

TEST_F(AccessesTest, UnknownCalleeIsNoWrite) {
  EXPECT_FALSE(writes("Unknown::add"));
}

TEST_F(AccessesTest, HandingWorkOffIsSynchronisation) {
  EXPECT_FALSE(writes("Spawner::go"));
}

TEST_F(AccessesTest, VirtualOnlyWhenExact) {
  EXPECT_FALSE(writes("Base::poke"));
  EXPECT_TRUE(writes("Base::poke", /*Exact=*/true));
}

TEST_F(AccessesTest, WriteThroughPointerMemberIsAnotherObject) {
  EXPECT_FALSE(writes("Reader::through_pointer"));
}

} // namespace
