//===-- LocksetTest.cpp - unit tests for utils/Lockset ---------------------===//

#include "utils/Lockset.h"
#include "utils/LockPath.h"
#include "utils/SyncTypes.h"

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

/// The function named \p Function (its definition).

/// Runs the analysis on function \p Function and returns, for every call to
/// a function named `mark`, the held locks as "m, n" ("<none>" if unknown).
/// The type of the variable named \p Name in \p AST.
QualType typeOfVar(ASTUnit &AST, llvm::StringRef Name) {
  auto V = match(varDecl(hasName(Name)).bind("v"), AST.getASTContext());
  return V[0].getNodeAs<VarDecl>("v")->getType();
}

std::vector<std::string> marks(ASTUnit &AST, llvm::StringRef Function,
                               const LockSet &Entry = LockSet(),
                               bool May = false) {
  auto &Ctx = AST.getASTContext();
  const FunctionDecl *FD = definitionNamed(AST, Function);
  CFGCache Cache;
  const FunctionCFG *G = Cache.get(FD, FD->getBody(), Ctx);
  EXPECT_TRUE(G);
  auto L = FunctionLockFacts::analyze(*G, Ctx, Entry);
  EXPECT_TRUE(L);
  std::vector<std::string> Out;
  auto Calls = match(
      functionDecl(hasName(Function), isDefinition(),
                   forEachDescendant(callExpr(callee(functionDecl(hasName("mark"))))
                                         .bind("c"))),
      Ctx);
  std::vector<const CallExpr *> Sorted;
  for (auto &M : Calls)
    Sorted.push_back(M.getNodeAs<CallExpr>("c"));
  llvm::sort(Sorted, [](const CallExpr *A, const CallExpr *B) {
    return A->getBeginLoc() < B->getBeginLoc();
  });
  for (const CallExpr *C : Sorted) {
    const LockSet *S = May ? L->mayHoldAt(C) : L->mustHoldAt(C);
    Out.push_back(!S ? "<none>" : S->empty() ? "" : S->str());
  }
  return Out;
}

/// The calls of \p Callee in the definition of \p Function, in source
/// order.
std::vector<const CallExpr *> callsNamed(ASTUnit &AST, llvm::StringRef Function,
                                         llvm::StringRef Callee) {
  auto Calls = match(
      functionDecl(hasName(Function), isDefinition(),
                   forEachDescendant(
                       callExpr(callee(functionDecl(hasName(Callee))))
                           .bind("c"))),
      AST.getASTContext());
  std::vector<const CallExpr *> Out;
  for (auto &M : Calls)
    Out.push_back(M.getNodeAs<CallExpr>("c"));
  llvm::sort(Out, [](const CallExpr *A, const CallExpr *B) {
    return A->getBeginLoc() < B->getBeginLoc();
  });
  return Out;
}

TEST(Lockset, ScopedGuards) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    #include <shared_mutex>
    void mark();
    std::mutex m, n;
    std::shared_mutex sm;
    void f(bool c) {
      mark();
      {
        std::lock_guard<std::mutex> g(m);
        mark();
      }
      mark();
      {
        std::scoped_lock both(m, n);
        mark();
      }
      {
        std::shared_lock r(sm);
        mark();
      }
      if (c) {
        std::lock_guard g(m);
        mark();
      }
      mark();
    }
  )cc");
  ASSERT_TRUE(AST);
  EXPECT_EQ(marks(*AST, "f"),
            (std::vector<std::string>{"", "m", "", "m, n", "sm (shared)", "m",
                                      ""}) );
}

// The states are stored once per distinct state of the body (interned), but
// each statement still sees the sites of its own path's acquisitions: two
// holds of one mutex taken at different statements are equal as lock sets
// and differ in their sites.
TEST(Lockset, HeldSitesAreTheAcquisitionsOfThePath) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    void mark();
    bool cond();
    std::mutex m;
    void f() {
      m.lock();
      mark();
      m.unlock();
      m.lock();
      mark();
      m.unlock();
      if (cond()) {
        m.lock();
        mark();
      } else {
        m.lock();
        mark();
      }
      m.unlock();
    }
  )cc");
  ASSERT_TRUE(AST);
  auto &Ctx = AST->getASTContext();
  const FunctionDecl *FD = definitionNamed(*AST, "f");
  ASSERT_TRUE(FD);
  CFGCache Cache;
  const FunctionCFG *G = Cache.get(FD, FD->getBody(), Ctx);
  ASSERT_TRUE(G);
  auto L = FunctionLockFacts::analyze(*G, Ctx);
  ASSERT_TRUE(L);
  auto Sorted = [&](llvm::StringRef Callee) {
    std::vector<const CallExpr *> Out;
    for (auto &M : match(functionDecl(hasName("f"), isDefinition(),
                                      forEachDescendant(
                                          callExpr(callee(functionDecl(
                                                       hasName(Callee))))
                                              .bind("c"))),
                         Ctx))
      Out.push_back(M.getNodeAs<CallExpr>("c"));
    llvm::sort(Out, [](const CallExpr *A, const CallExpr *B) {
      return A->getBeginLoc() < B->getBeginLoc();
    });
    return Out;
  };
  std::vector<const CallExpr *> Marks = Sorted("mark"), Locks = Sorted("lock");
  ASSERT_EQ(Marks.size(), 4u);
  ASSERT_EQ(Locks.size(), 4u);
  for (unsigned I = 0; I < 4; ++I) {
    const LockSet *Must = L->mustHoldAt(Marks[I]);
    ASSERT_TRUE(Must);
    ASSERT_EQ(Must->locks().size(), 1u) << "mark " << I;
    EXPECT_EQ(Must->locks()[0].Site, Locks[I]) << "mark " << I;
  }
}

TEST(Lockset, UniqueLockAndManual) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    void mark();
    std::mutex m, n;
    void f(bool c) {
      std::unique_lock lk(m);
      mark();
      lk.unlock();
      mark();
      lk.lock();
      mark();
      std::unique_lock later(n, std::defer_lock);
      mark();
      later.lock();
      mark();
    }
    void g(bool c) {
      m.lock();
      mark();
      if (c)
        m.unlock();
      mark();          // unlocked on one path only: not certainly held
      m.unlock();
      std::lock(m, n);
      std::lock_guard a(m, std::adopt_lock);
      std::lock_guard b(n, std::adopt_lock);
      mark();
    }
  )cc");
  ASSERT_TRUE(AST);
  EXPECT_EQ(marks(*AST, "f"),
            (std::vector<std::string>{"m", "", "m", "m", "m, n"}));
  auto G = marks(*AST, "g");
  ASSERT_EQ(G.size(), 3u);
  EXPECT_EQ(G[0], "m");
  EXPECT_EQ(G[1], "");
  EXPECT_EQ(G[2].find("m") != std::string::npos &&
                G[2].find("n") != std::string::npos,
            true);
}

TEST(Lockset, OwnershipTestsDecideWhatAGuardHolds) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    void mark();
    std::mutex m;
    void f(bool fast) {
      std::unique_lock<std::mutex> lk(m, std::defer_lock);
      if (fast || lk.try_lock()) {
        mark();          // the try_lock path holds it, the fast one not
        if (!lk.owns_lock()) {
          mark();        // not owned
          lk.lock();
        }
        mark();          // held on both
      }
      if (lk)
        mark();
    }
  )cc");
  ASSERT_TRUE(AST);
  EXPECT_EQ(marks(*AST, "f"),
            (std::vector<std::string>{"", "", "m", "m"}));
  EXPECT_EQ(marks(*AST, "f", LockSet(), /*May=*/true),
            (std::vector<std::string>{"m", "", "m", "m"}));
}

TEST(Lockset, EntryStateIsInheritedAndLoopsConverge) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    void mark();
    std::mutex m;
    void callee(int k) {
      mark();
      for (int i = 0; i < k; ++i) {
        mark();
        m.unlock();
        m.lock();
      }
      mark();
    }
    void early(bool c) {
      std::lock_guard g(m);
      if (c)
        return;
      mark();
    }
  )cc");
  ASSERT_TRUE(AST);
  auto &Ctx = AST->getASTContext();
  auto V = match(varDecl(hasName("m")).bind("m"), Ctx);
  ASSERT_EQ(V.size(), 1u);
  LockSet Entry;
  Entry.acquire(AccessPath::ofDecl(V[0].getNodeAs<ValueDecl>("m")), false);
  EXPECT_EQ(marks(*AST, "callee", Entry),
            (std::vector<std::string>{"m", "m", "m"}));
  EXPECT_EQ(marks(*AST, "callee"), (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(marks(*AST, "early"), (std::vector<std::string>{"m"}));
}

TEST(Lockset, MembersAndLambdas) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    #include <algorithm>
    #include <vector>
    void mark();
    struct Account {
      std::mutex mu;
      int balance = 0;
      void deposit(std::vector<int> &v) {
        std::lock_guard g(mu);
        std::for_each(v.begin(), v.end(), [&](int) { mark(); });
      }
    };
  )cc");
  ASSERT_TRUE(AST);
  // The lambda body inherits the lockset at the point the lambda is created.
  EXPECT_EQ(marks(*AST, "deposit"), (std::vector<std::string>{"this->mu"}));
}

TEST(Lockset, Types) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    #include <shared_mutex>
    struct Spin { void lock(); void unlock(); };
    struct NotOne { void lock(); };
    std::mutex a; std::recursive_mutex b; std::shared_mutex c; Spin d; NotOne e;
    std::lock_guard<std::mutex> *g;
  )cc");
  ASSERT_TRUE(AST);
  auto typeOf = [&](llvm::StringRef N) { return typeOfVar(*AST, N); };
  EXPECT_TRUE(isLockableType(typeOf("a")));
  EXPECT_TRUE(isLockableType(typeOf("b")));
  EXPECT_TRUE(isLockableType(typeOf("c")));
  EXPECT_TRUE(isLockableType(typeOf("d")));
  EXPECT_FALSE(isLockableType(typeOf("e")));
  EXPECT_TRUE(isGuardType(typeOf("g")));
  EXPECT_TRUE(isSharedLockableType(typeOf("c")));
  EXPECT_FALSE(isSharedLockableType(typeOf("a")));
}

// Lock identity: the path of the object, not its declaration.
TEST(Lockset, LockIdentityIsAPath) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    void mark();
    struct Account { std::mutex m; long balance = 0; };
    Account a, b;
    Account accts[4];
    struct Owner {
      std::mutex mu_;
      void run() { std::lock_guard g(mu_); mark(); }
    };
    void paths(Account &p, int i) {
      { std::lock_guard g(a.m); mark(); }
      { std::lock_guard g(b.m); mark(); }
      { std::lock_guard g(p.m); mark(); }
      { std::lock_guard g(accts[i].m); mark(); }
      { std::lock_guard g(accts[2].m); mark(); }
      { auto &m = a.m; std::lock_guard g(m); mark(); }
      { std::mutex *q = &b.m; q->lock(); mark(); q->unlock(); }
      { std::mutex *r = &b.m; r = &a.m; r->lock(); mark(); r->unlock(); }
      { Account *pa = &a; std::lock_guard g(pa->m); mark(); }
    }
  )cc");
  ASSERT_TRUE(AST);
  EXPECT_EQ(marks(*AST, "paths"),
            (std::vector<std::string>{"a.m", "b.m", "p.m", "accts[i].m",
                                      "accts[2].m", "a.m", "b.m", "*r", "a.m"}));
  EXPECT_EQ(marks(*AST, "Owner::run"), (std::vector<std::string>{"this->mu_"}));
}

TEST(Lockset, PathsKeysAndAliasing) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    struct Account { std::mutex m; long balance = 0; };
    Account a, b;
    Account accts[4];
    void f(int i) { (void)a.m; (void)b.m; (void)accts[i].m; (void)accts[1].m; (void)accts[2].m; }
  )cc");
  ASSERT_TRUE(AST);
  auto &Ctx = AST->getASTContext();
  auto Ms = match(functionDecl(hasName("f"), forEachDescendant(memberExpr(
                      member(hasName("m"))).bind("e"))), Ctx);
  std::vector<const MemberExpr *> Es;
  for (auto &M : Ms)
    Es.push_back(M.getNodeAs<MemberExpr>("e"));
  llvm::sort(Es, [](const MemberExpr *X, const MemberExpr *Y) {
    return X->getBeginLoc() < Y->getBeginLoc();
  });
  ASSERT_EQ(Es.size(), 5u);
  std::vector<AccessPath> P;
  for (const MemberExpr *E : Es) {
    auto Path = accessPathOf(E);
    ASSERT_TRUE(Path);
    P.push_back(*Path);
  }
  EXPECT_NE(P[0], P[1]);                 // a.m vs b.m
  EXPECT_FALSE(P[0].mayAlias(P[1]));
  EXPECT_TRUE(P[2].mayAlias(P[3]));      // accts[i] may be accts[1]
  EXPECT_FALSE(P[3].mayAlias(P[4]));     // accts[1] is not accts[2]
  EXPECT_EQ(P[0].str(), "a.m");
  // The key names the root by USR: stable across translation units.
  EXPECT_NE(P[0].key().find("c:@a"), std::string::npos);
  EXPECT_NE(P[0].key(), P[1].key());
}

// A project's RAII guard over a project lockable, recognised by its shape.
TEST(Lockset, GuardsByShape) {
  auto AST = buildAST(R"cc(
    #include <atomic>
    void mark();
    class Spin {
    public:
      void lock() { while (f.test_and_set()) {} }
      void unlock() { f.clear(); }
    private:
      std::atomic_flag f = ATOMIC_FLAG_INIT;
    };
    class Scoped {
    public:
      explicit Scoped(Spin &s) : s_(s) { s_.lock(); }
      ~Scoped() { s_.unlock(); }
    private:
      Spin &s_;
    };
    class PtrGuard {
    public:
      explicit PtrGuard(Spin *s) : s_(s) { s_->lock(); }
      ~PtrGuard() { s_->unlock(); }
    private:
      Spin *s_;
    };
    class NotAGuard {  // locks but never unlocks
    public:
      explicit NotAGuard(Spin &s) { s.lock(); }
    };
    Spin sa, sb;
    void f() {
      { Scoped g(sa); mark(); }
      mark();
      { PtrGuard g(&sb); mark(); }
    }
    Scoped *gs; PtrGuard *gp; NotAGuard *gn;
  )cc");
  ASSERT_TRUE(AST);
  EXPECT_EQ(marks(*AST, "f"), (std::vector<std::string>{"sa", "", "sb"}));
  auto typeOf = [&](llvm::StringRef N) { return typeOfVar(*AST, N); };
  EXPECT_TRUE(isGuardType(typeOf("gs")));
  EXPECT_TRUE(isGuardType(typeOf("gp")));
  EXPECT_FALSE(isGuardType(typeOf("gn")));
  EXPECT_TRUE(isLockableType(typeOf("sa")));
  EXPECT_FALSE(isLockableType(typeOf("gs")));
  EXPECT_TRUE(isSynchronisationType(typeOf("sa")));
}

// May sets, events, order edges and locks held at exit.
TEST(Lockset, MayEventsOrderAndExit) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    void mark();
    std::mutex m, n;
    void f(bool c) {
      if (c)
        m.lock();
      mark();
      std::lock_guard g(n);
      if (m.try_lock()) {
        mark();
        m.unlock();
      }
    }
  )cc");
  ASSERT_TRUE(AST);
  EXPECT_EQ(marks(*AST, "f"), (std::vector<std::string>{"", "m, n"}));
  EXPECT_EQ(marks(*AST, "f", LockSet(), /*May=*/true),
            (std::vector<std::string>{"m", "m, n"}));
  auto &Ctx = AST->getASTContext();
  const FunctionDecl *FD = definitionNamed(*AST, "f");
  CFGCache Cache;
  auto L = FunctionLockFacts::analyze(*Cache.get(FD, FD->getBody(), Ctx), Ctx);
  ASSERT_TRUE(L);
  unsigned Acq = 0, Rel = 0, Try = 0;
  for (const LockEvent &E : L->events()) {
    Acq += E.Kind == LockEvent::Acquire;
    Rel += E.Kind == LockEvent::Release;
    Try += E.Kind == LockEvent::TryAcquire;
  }
  EXPECT_EQ(Acq, 2u);  // m.lock(), the guard on n
  EXPECT_EQ(Try, 1u);  // m.try_lock()
  EXPECT_GE(Rel, 2u);  // m.unlock(), the guard's scope end
  ASSERT_TRUE(L->mayHoldAtExit());
  EXPECT_EQ(L->mayHoldAtExit()->str(), "m"); // locked on one path, never released
  EXPECT_TRUE(L->mustHoldAtExit()->empty());
}

TEST(Lockset, CalleeEffects) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    std::mutex m, n;
    void mark();
    void take() { m.lock(); }
    void give() { m.unlock(); }
    void both(std::mutex &x) {
      std::lock_guard<std::mutex> g(x);
      n.lock();
      n.unlock();
    }
    void twice() { give(); }
    void f() { take(); mark(); give(); mark(); }
    void g() {
      std::lock_guard<std::mutex> h(n);
      both(m);
    }
    void d() { m.lock(); give(); twice(); }
  )cc");
  auto &Ctx = AST->getASTContext();
  CFGCache Cache;
  LockEffectsTable Table(Cache);
  auto Facts = [&](llvm::StringRef Name) {
    const FunctionDecl *FD = definitionNamed(*AST, Name);
    const FunctionCFG *G = Cache.get(FD, FD->getBody(), Ctx);
    return FunctionLockFacts::analyze(*G, Ctx, LockSet(), &Table);
  };
  // A callee that returns with m held holds it in the caller; one that
  // releases it releases it.
  auto F = Facts("f");
  ASSERT_TRUE(F);
  std::vector<std::string> Held;
  for (const LockEvent &E : F->events())
    if (E.Kind == LockEvent::Acquire)
      Held.push_back(E.Lock->str() + "@" +
                     std::to_string(E.Via.Steps.size()));
  EXPECT_EQ(Held, (std::vector<std::string>{"m@1"}));
  EXPECT_TRUE(F->mustHoldAtExit()->empty());

  // Edges through the call: n -> m (the caller holds n, the callee takes its
  // parameter bound to m) and m -> n (inside the callee, translated).
  auto G = Facts("g");
  ASSERT_TRUE(G);
  std::vector<std::string> Edges;
  for (const LockOrderEdge &E : G->orderEdges())
    Edges.push_back(E.Held.str() + "->" + E.Acquired.str() + "/" +
                    std::to_string(E.AcquiredChain.size()));
  llvm::sort(Edges);
  EXPECT_EQ(Edges, (std::vector<std::string>{"m->n/1", "n->m/1"}));

  // The second release, two calls deep, of a lock released before.
  auto D = Facts("d");
  ASSERT_TRUE(D);
  unsigned NotHeldReleases = 0;
  for (const LockEvent &E : D->events())
    if (E.Kind == LockEvent::Release && E.Lock &&
        D->mustNotHoldAt(E.Site)->holds(*E.Lock))
      ++NotHeldReleases;
  EXPECT_EQ(NotHeldReleases, 1u);
}

TEST(Lockset, AGuardHandedToACallMayComeBackLocked) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    std::mutex m;
    void mark();
    void opaque(std::unique_lock<std::mutex> &);
    void look(const std::unique_lock<std::mutex> &);
    void by_pointer(std::unique_lock<std::mutex> *);
    inline void nolock(std::unique_lock<std::mutex> &l) { (void)l.owns_lock(); }
    inline void locks(std::unique_lock<std::mutex> &l) { l.lock(); }
    inline void tries(std::unique_lock<std::mutex> &l) { (void)l.try_lock(); }
    void deferred() {
      std::unique_lock<std::mutex> lk(m, std::defer_lock);
      look(lk);
      mark();
      opaque(lk);
      mark();
    }
    void pointer() {
      std::unique_lock<std::mutex> lk(m, std::defer_lock);
      by_pointer(&lk);
      mark();
    }
    void held() {
      std::unique_lock<std::mutex> lk(m);
      opaque(lk);
      mark();
    }
    void visible() {
      std::unique_lock<std::mutex> lk(m, std::defer_lock);
      nolock(lk);
      mark();
      tries(lk);
      mark();
    }
    void moved() {
      std::unique_lock<std::mutex> lk(m, std::defer_lock);
      std::unique_lock<std::mutex> other(std::move(lk));
      mark();
    }
    void shown() {
      std::unique_lock<std::mutex> lk(m, std::defer_lock);
      locks(lk);
      mark();
    }
  )cc");
  // A const reference cannot lock it; a call that may leaves the unknown
  // lock in the must set (not m itself: nothing shows it taken).
  EXPECT_EQ(marks(*AST, "deferred"),
            (std::vector<std::string>{"", "<unknown>"}));
  EXPECT_EQ(marks(*AST, "pointer"), (std::vector<std::string>{"<unknown>"}));
  // Held before the call: it stays held, no unknown lock added.
  EXPECT_EQ(marks(*AST, "held"), (std::vector<std::string>{"m"}));
  // std::move is a cast, not a call that locks.
  EXPECT_EQ(marks(*AST, "moved"), (std::vector<std::string>{""}));
  // Without a reach oracle, every visible callee may lock; with one, a
  // callee reaching no lock operation leaves the guard as it was (a
  // try_lock is a lock operation).
  EXPECT_EQ(marks(*AST, "visible"),
            (std::vector<std::string>{"<unknown>", "<unknown>"}));
  auto &Ctx = AST->getASTContext();
  CFGCache Cache;
  LockReach Reach;
  auto WithReach = [&](llvm::StringRef Name) {
    const FunctionDecl *FD = definitionNamed(*AST, Name);
    const FunctionCFG *G = Cache.get(FD, FD->getBody(), Ctx);
    return FunctionLockFacts::analyze(*G, Ctx, LockSet(), nullptr, &Reach);
  };
  auto V = WithReach("visible");
  ASSERT_TRUE(V);
  std::vector<std::string> Held;
  for (const CallExpr *C : callsNamed(*AST, "visible", "mark"))
    Held.push_back(V->mustHoldAt(C)->str());
  EXPECT_EQ(Held, (std::vector<std::string>{"", "<unknown>"}));
  // The may set does not claim m (a later lk.lock() is no double lock),
  // and m is no longer certainly not held.
  const CallExpr *After = callsNamed(*AST, "visible", "mark")[1];
  EXPECT_TRUE(V->mayHoldAt(After)->locks().empty());
  // With the callee's effects (LockEffectsTable), a callee that shows the
  // lock taken holds it by name.
  LockEffectsTable Table(Cache);
  const FunctionDecl *SD = definitionNamed(*AST, "shown");
  auto S = FunctionLockFacts::analyze(*Cache.get(SD, SD->getBody(), Ctx), Ctx,
                                      LockSet(), &Table);
  ASSERT_TRUE(S);
  EXPECT_EQ(S->mustHoldAt(callsNamed(*AST, "shown", "mark")[0])->str(),
            "<unknown>");
}

TEST(Lockset, CalleeGivesTheLockBackAndTakesItAgain) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    std::mutex m;
    bool cond();
    void io();
    void cycle() { m.unlock(); io(); m.lock(); }
    void maybe_cycle() { if (cond()) return; cycle(); }
    void half(bool b) { if (b) m.unlock(); m.lock(); }
    void f() { m.lock(); maybe_cycle(); m.unlock(); }
    void h(bool b) { m.lock(); half(b); m.unlock(); }
  )cc");
  auto &Ctx = AST->getASTContext();
  CFGCache Cache;
  LockEffectsTable Table(Cache);
  // The summary: the caller's m is released, then taken again after that
  // release on every path; run with m held at entry, the callee holds it
  // again at its exit on every path.
  const LockEffects *E = Table.effectsOf(definitionNamed(*AST, "maybe_cycle"));
  ASSERT_TRUE(E);
  ASSERT_EQ(E->Releases.size(), 1u);
  EXPECT_EQ(E->Releases[0].AtExit, LockEffects::Op::Held);
  ASSERT_EQ(E->Acquires.size(), 1u);
  EXPECT_TRUE(E->Acquires[0].AfterRelease);
  // Released on one path only: the later lock() may be a second one.
  const LockEffects *H = Table.effectsOf(definitionNamed(*AST, "half"));
  ASSERT_TRUE(H);
  ASSERT_EQ(H->Acquires.size(), 1u);
  EXPECT_FALSE(H->Acquires[0].AfterRelease);

  auto Facts = [&](llvm::StringRef Name) {
    const FunctionDecl *FD = definitionNamed(*AST, Name);
    const FunctionCFG *G = Cache.get(FD, FD->getBody(), Ctx);
    return FunctionLockFacts::analyze(*G, Ctx, LockSet(), &Table);
  };
  // In the caller: the call's acquire is a re-acquire, m is still held
  // at the final unlock(), and that unlock() is not of a released lock.
  auto F = Facts("f");
  ASSERT_TRUE(F);
  for (const LockEvent &Ev : F->events()) {
    if (Ev.Kind == LockEvent::Acquire && !Ev.Via.Steps.empty())
      EXPECT_TRUE(Ev.AfterRelease);
    if (Ev.Kind == LockEvent::Release && Ev.Via.Steps.empty()) {
      EXPECT_TRUE(F->mustHoldAt(Ev.Site)->holds(*Ev.Lock));
      EXPECT_FALSE(F->mustNotHoldAt(Ev.Site)->holds(*Ev.Lock));
    }
  }
}

TEST(Lockset, AWriteOfTheRootVariableEndsThePath) {
  auto AST = buildAST(R"cc(
    #include <mutex>
    void mark();
    struct S { std::mutex mu; };
    void advance(std::mutex *p, S *arr, int i, S &s) {
      p->lock();
      mark();
      ++p;
      mark();
      arr[i].mu.lock();
      mark();
      i += 1;
      mark();
      s.mu.lock();
      mark();
      p = nullptr;
      mark();
    }
  )cc");
  ASSERT_TRUE(AST);
  // The lock stays held under no name; a write of another variable keeps
  // the paths that do not go through it.
  EXPECT_EQ(marks(*AST, "advance"),
            (std::vector<std::string>{"*p", "<unknown>", "arr[i].mu, <unknown>",
                                      "<unknown>", "s.mu, <unknown>",
                                      "s.mu, <unknown>"}));
}

} // namespace
