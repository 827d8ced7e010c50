//===-- ForkAfterThreadsCheck.cpp - conclint-fork-after-threads -----------===//
//
// fork() copies one thread: the caller. A lock another thread held at that
// moment (malloc's arena lock, a stdio stream's lock, the program's own
// mutex) is copied locked, and nobody in the child will ever unlock it. So
// after fork() in a program that may have other threads, the child may only
// call async-signal-safe functions until exec or _exit.
//
// The check needs two facts at a fork:
//  1. another thread may be running: a CFG path reaches the fork from the
//     start of a thread without passing an end of it (utils::WorkWindow for
//     spawns in the same body; for calls, the summary "leaves a thread
//     running" over the call graph; globals whose initialiser starts one;
//     and callers whose thread runs while they call the forking function);
//  2. the child runs something that is not async-signal-safe before exec*
//     or _exit (or falls out of its branch and runs the parent's code).
// Anything not shown -- an unknown callee, a child branch that is not
// recognised as such -- is silence.
//
// Project-wide hook: the two per-function summaries below, LeavesThread
// ("after a call returns, a thread it started may still run") and
// ForksUnsafely ("a call may fork with an unsafe child"), are plain
// utils::FactSummary records over utils::CallSummaries. A link phase that
// joins them by USR across translation units answers the same questions
// for a thread started in one file and a fork in another; within one
// translation unit they are computed here.
//
//===----------------------------------------------------------------------===//

#include "ForkAfterThreadsCheck.h"
#include "utils/CallSummaries.h"
#include "utils/CheckOptions.h"
#include "utils/Dataflow.h"
#include "utils/Executors.h"
#include "utils/Handoff.h"
#include "utils/ThreadLifetimes.h"
#include "utils/Walker.h"

#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"

#include <functional>
#include <memory>

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace cu = utils;

namespace {

/// POSIX's async-signal-safe functions (signal-safety(7)) that a child
/// between fork and exec typically calls, and the exec family.
const char *const SafeList[] = {
    "_exit", "_Exit", "abort", "accept", "access", "alarm", "bind", "chdir",
    "chmod", "chown", "clock_gettime", "close", "close_range", "connect",
    "creat", "dup", "dup2", "dup3", "execl", "execle", "execlp", "execv",
    "execve", "execvp", "execvpe", "fchdir", "fchmod", "fchown", "fcntl",
    "fexecve", "fstat", "fsync", "ftruncate", "getegid", "geteuid",
    "getgid", "getgroups", "getpgrp", "getpid", "getppid", "getuid", "ioctl",
    "kill", "link", "listen", "lseek", "lstat", "memcpy", "memmove",
    "memset", "mkdir", "mkfifo", "open", "openat", "pause", "pipe", "pipe2",
    "poll", "prctl", "pselect", "pthread_sigmask", "raise", "read",
    "readlink", "recv", "recvfrom", "rename", "rmdir", "select", "send",
    "sendto", "setgid", "setpgid", "setsid", "setsockopt", "setuid",
    "shutdown", "sigaction", "sigaddset", "sigdelset", "sigemptyset",
    "sigfillset", "sigismember", "signal", "sigprocmask", "sigsuspend",
    "sleep", "socket", "socketpair", "stat", "strlen", "strcpy", "strncpy",
    "symlink", "sysconf", "tcgetattr", "tcsetattr", "time", "umask", "uname",
    "unlink", "wait", "waitpid", "write", "__errno_location"};

bool isExecOrExit(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return false;
  llvm::StringRef N = FD->getName();
  return N.starts_with("exec") || N == "fexecve" || N == "_exit" ||
         N == "_Exit" || N == "abort";
}

bool isGlobalCFunction(const FunctionDecl *FD, llvm::StringRef Name) {
  return FD && FD->getIdentifier() && FD->getName() == Name &&
         FD->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

bool isForkCall(const CallExpr *CE) {
  return CE && isGlobalCFunction(CE->getDirectCallee(), "fork");
}

bool inSystemHeader(const Decl *D) {
  const SourceManager &SM = D->getASTContext().getSourceManager();
  return SM.isInSystemHeader(D->getLocation());
}

/// What the child does that is not async-signal-safe.
struct ChildVerdict {
  bool Safe = false;
  /// The first unsafe operation, or null when the child runs on past its
  /// branch (or no branch was recognised).
  const Stmt *Witness = nullptr;
  std::string What;
};

class ChildChecker {
public:
  ChildChecker(const llvm::StringSet<> &Safe, const cu::NameSet &Extra)
      : Safe(Safe), Extra(Extra) {}

  /// The first unsafe operation in \p S (not entering lambdas), following
  /// calls of functions with a body here; null if none.
  const Stmt *firstUnsafe(const Stmt *S, std::string &What, unsigned Depth) {
    if (!S)
      return nullptr;
    if (isa<LambdaExpr>(S))
      return nullptr;
    if (isa<CXXNewExpr, CXXDeleteExpr, CXXThrowExpr>(S)) {
      What = isa<CXXThrowExpr>(S) ? "throw" : "operator new";
      if (isa<CXXDeleteExpr>(S))
        What = "operator delete";
      return S;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
      const CXXConstructorDecl *Ctor = CE->getConstructor();
      if (!Ctor->isTrivial() && !unsafeFunction(Ctor, What, Depth).empty())
        return S;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      const FunctionDecl *FD = Call->getDirectCallee();
      if (FD && !isExecOrExit(FD)) {
        bool Accessor = false;
        if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
          Accessor = MD->isConst() ||
                     (MD->getIdentifier() &&
                      (MD->getName() == "data" || MD->getName() == "c_str" ||
                       MD->getName() == "size")) ||
                     MD->getOverloadedOperator() == OO_Subscript;
        if (!Accessor && !unsafeFunction(FD, What, Depth).empty())
          return S;
      }
    }
    for (const Stmt *C : S->children())
      if (const Stmt *U = firstUnsafe(C, What, Depth))
        return U;
    return nullptr;
  }

  bool containsExec(const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return false;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (isExecOrExit(Call->getDirectCallee()))
        return true;
    for (const Stmt *C : S->children())
      if (containsExec(C))
        return true;
    return false;
  }

  /// Non-empty (the name of the unsafe function) when calling \p FD is not
  /// shown async-signal-safe: a function of a system header that POSIX does
  /// not list, or a function whose body here calls one.
  std::string unsafeFunction(const FunctionDecl *FD, std::string &What,
                             unsigned Depth) {
    if (FD->getIdentifier() && (Safe.contains(FD->getName()) ||
                                Extra.contains(FD)))
      return "";
    if (FD->isTrivial() || FD->isDefaulted())
      return "";
    const FunctionDecl *Def = cu::definitionOf(FD);
    if (inSystemHeader(FD) || (Def && inSystemHeader(Def))) {
      What = llvm::StringRef(cu::qualifiedName(FD)).drop_front(2).str();
      return What;
    }
    if (!Def || Depth > 4 || !Visiting.insert(Def).second)
      return ""; // unknown: silence
    std::string Inner;
    const Stmt *U = firstUnsafe(Def->getBody(), Inner, Depth + 1);
    Visiting.erase(Def);
    if (!U)
      return "";
    What = Inner;
    return What;
  }

private:
  const llvm::StringSet<> &Safe;
  const cu::NameSet &Extra;
  llvm::DenseSet<const FunctionDecl *> Visiting;
};

const Expr *skipWrappers(const Expr *E) { return E->IgnoreParenImpCasts(); }

bool isZero(const Expr *E) {
  E = skipWrappers(E);
  if (const auto *IL = dyn_cast<IntegerLiteral>(E))
    return IL->getValue() == 0;
  return false;
}

bool isMinusOne(const Expr *E) {
  E = skipWrappers(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_Minus)
      if (const auto *IL =
              dyn_cast<IntegerLiteral>(UO->getSubExpr()->IgnoreParenImpCasts()))
        return IL->getValue() == 1;
  return false;
}

/// Does \p E denote the fork's result (the call itself or the variable)?
bool isPid(const Expr *E, const CallExpr *Fork, const VarDecl *Pid) {
  E = skipWrappers(E);
  if (E == Fork)
    return true;
  // (pid = fork()) == 0
  if (const auto *BO = dyn_cast<BinaryOperator>(E))
    if (BO->getOpcode() == BO_Assign && skipWrappers(BO->getRHS()) == Fork)
      return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return Pid && DRE->getDecl() == Pid;
  return false;
}

/// How a condition splits on the fork's result: 1 the child takes the true
/// edge, 0 the false edge, -1 an error test (`pid < 0`, `pid == -1`: the
/// child is in the else), std::nullopt not a test of it.
std::optional<int> pidTest(const Expr *Cond, const CallExpr *Fork,
                           const VarDecl *Pid) {
  bool Negated = false;
  const Expr *Core = cu::peelNegations(Cond, Negated);
  std::optional<int> R;
  if (isPid(Core, Fork, Pid)) {
    R = 0; // `if (pid)`: the parent
  } else if (const auto *BO = dyn_cast<BinaryOperator>(skipWrappers(Core))) {
    const Expr *L = BO->getLHS(), *Rhs = BO->getRHS();
    BinaryOperatorKind Op = BO->getOpcode();
    if (!isPid(L, Fork, Pid)) {
      std::swap(L, Rhs);
      if (BO->isComparisonOp())
        Op = BinaryOperator::reverseComparisonOp(Op);
    }
    if (!isPid(L, Fork, Pid))
      return std::nullopt;
    if (isZero(Rhs)) {
      if (Op == BO_EQ || Op == BO_LE)
        R = 1;
      else if (Op == BO_NE || Op == BO_GT)
        R = 0;
      else if (Op == BO_LT)
        R = -1;
      else if (Op == BO_GE)
        return std::nullopt;
    } else if (isMinusOne(Rhs) && Op == BO_EQ) {
      R = -1;
    }
  }
  if (!R)
    return std::nullopt;
  if (Negated && *R != -1)
    R = 1 - *R;
  return R;
}

void appendBranch(const Stmt *S, llvm::SmallVectorImpl<const Stmt *> &Out) {
  if (!S)
    return;
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    Out.append(CS->body_begin(), CS->body_end());
  else
    Out.push_back(S);
}

/// The child's statements for an if-chain testing the fork's result.
bool childOfIf(const IfStmt *If, const CallExpr *Fork, const VarDecl *Pid,
               llvm::SmallVectorImpl<const Stmt *> &Out) {
  std::optional<int> T = pidTest(If->getCond(), Fork, Pid);
  if (!T)
    return false;
  if (*T == 1) {
    appendBranch(If->getThen(), Out);
    return true;
  }
  if (*T == 0) {
    // Without an else the child skips the parent's branch and runs on.
    appendBranch(If->getElse(), Out);
    return true;
  }
  // An error test: the child is in the else (often another if).
  if (const auto *Else = dyn_cast_or_null<IfStmt>(If->getElse()))
    return childOfIf(Else, Fork, Pid, Out);
  return false;
}

/// The statements the child runs first, or false when no branch on the
/// fork's result is recognised.
bool childStatements(const CallExpr *Fork, const Stmt *Body,
                     const ParentMap &PM,
                     llvm::SmallVectorImpl<const Stmt *> &Out) {
  const Stmt *Cur = Fork;
  const VarDecl *Pid = nullptr;
  for (unsigned Depth = 0; Depth < 8; ++Depth) {
    const Stmt *P = PM.getParent(Cur);
    if (!P)
      return false;
    if (isa<ImplicitCastExpr, ParenExpr>(P)) {
      Cur = P;
      continue;
    }
    if (const auto *If = dyn_cast<IfStmt>(P))
      return childOfIf(If, Fork, nullptr, Out);
    if (isa<BinaryOperator, UnaryOperator>(P)) {
      if (const auto *BO = dyn_cast<BinaryOperator>(P);
          BO && BO->getOpcode() == BO_Assign) {
        if (const auto *DRE =
                dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
          Pid = dyn_cast<VarDecl>(DRE->getDecl());
        // `if ((pid = fork()) == 0)`: keep climbing to the if.
      }
      Cur = P;
      continue;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      if (DS->isSingleDecl())
        Pid = dyn_cast<VarDecl>(DS->getSingleDecl());
      break;
    }
    if (const auto *SW = dyn_cast<SwitchStmt>(P)) {
      Cur = SW;
      break;
    }
    break;
  }
  // The first if or switch after the fork that tests the variable.
  const Stmt *Found = nullptr;
  std::function<void(const Stmt *)> Find = [&](const Stmt *S) {
    if (!S || Found || isa<LambdaExpr>(S))
      return;
    if (S->getBeginLoc() >= Fork->getBeginLoc() ||
        S->getEndLoc() >= Fork->getEndLoc()) {
      if (const auto *If = dyn_cast<IfStmt>(S)) {
        llvm::SmallVector<const Stmt *, 8> Tmp;
        if (childOfIf(If, Fork, Pid, Tmp)) {
          Found = S;
          return;
        }
      }
      if (const auto *SW = dyn_cast<SwitchStmt>(S))
        if (SW->getCond() && isPid(SW->getCond(), Fork, Pid)) {
          Found = S;
          return;
        }
    }
    for (const Stmt *C : S->children())
      Find(C);
  };
  if (!Pid && !isa_and_nonnull<SwitchStmt>(Cur))
    return false;
  if (isa_and_nonnull<SwitchStmt>(Cur))
    Found = Cur;
  else
    Find(Body);
  if (!Found)
    return false;
  if (const auto *If = dyn_cast<IfStmt>(Found))
    return childOfIf(If, Fork, Pid, Out);
  const auto *SW = cast<SwitchStmt>(Found);
  const auto *CS = dyn_cast_or_null<CompoundStmt>(SW->getBody());
  if (!CS)
    return false;
  bool In = false;
  for (const Stmt *S : CS->body()) {
    const Stmt *Inner = S;
    if (const auto *Case = dyn_cast<CaseStmt>(S)) {
      if (isZero(Case->getLHS())) {
        In = true;
        Inner = Case->getSubStmt();
      } else if (In) {
        break;
      }
    }
    if (!In)
      continue;
    if (isa<BreakStmt>(Inner))
      break;
    appendBranch(Inner, Out);
  }
  return In;
}

/// How a thread comes to run at the fork, for the notes.
struct ThreadWitness {
  const Stmt *Start = nullptr; ///< the spawn or call site in the function
  cu::CallChain Chain;         ///< for a call: down to the spawn
  const VarDecl *Global = nullptr;
};

} // namespace

ForkAfterThreadsCheck::ForkAfterThreadsCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThreadTypes(Options.get("ThreadTypes", "::std::thread")),
      RawSafeFunctions(Options.get("AsyncSignalSafeFunctions", "")),
      SpawnOpts(cu::SpawnOptions::fromStrings(ThreadTypes, "")),
      SafeFunctions(cu::NameSet::fromOption(RawSafeFunctions)) {}

void ForkAfterThreadsCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThreadTypes", ThreadTypes);
  Options.store(Opts, "AsyncSignalSafeFunctions", RawSafeFunctions);
}

void ForkAfterThreadsCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      callExpr(callee(functionDecl(hasName("::fork"))),
               unless(isExpansionInSystemHeader()),
               forCallable(functionDecl().bind("fn")))
          .bind("fork"),
      this);
}

void ForkAfterThreadsCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("fork");
  const auto *Fn = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  if (!Call || !Fn || !Fn->getBody() || cu::isTemplatePattern(Fn))
    return;
  Ctx = Result.Context;
  Forks.push_back({Call, Fn});
}

void ForkAfterThreadsCheck::onEndOfTranslationUnit() {
  if (Forks.empty() || !Ctx)
    return;
  ASTContext &C = *Ctx;
  cu::CFGCache CFGs;
  llvm::StringSet<> Safe;
  for (const char *N : SafeList)
    Safe.insert(N);
  ChildChecker Child(Safe, SafeFunctions);
  cu::FindingDeduplicator Reported;

  auto bodyOf = [](const FunctionDecl *F) -> const Stmt * {
    return F ? F->getBody() : nullptr;
  };
  auto isThreadSpawn = [](const cu::Handoff &H) {
    if (H.Kind != cu::HandoffKind::Spawn)
      return false;
    switch (H.Spawn.Kind) {
    case cu::SpawnKind::Thread:
    case cu::SpawnKind::JThread:
    case cu::SpawnKind::PThreadCreate:
    case cu::SpawnKind::PoolSubmit:
      return true;
    case cu::SpawnKind::Async:
      return !H.Spawn.Deferred;
    default:
      return false;
    }
  };
  auto isPoolConstruction = [](const Stmt *S) -> const CXXConstructExpr * {
    const auto *CE = dyn_cast<CXXConstructExpr>(S);
    if (!CE)
      return nullptr;
    const CXXRecordDecl *RD = CE->getConstructor()->getParent();
    return cu::ExecutorNames::defaults().ThreadPools.contains(RD) ? CE
                                                                   : nullptr;
  };
  /// Calls (and constructions) with a callee whose body is here.
  auto forEachCall = [](const Stmt *Body,
                        llvm::function_ref<void(const Expr *,
                                                const FunctionDecl *)>
                            Fn) {
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S || isa<LambdaExpr>(S))
        return;
      const FunctionDecl *Callee = nullptr;
      if (const auto *Call = dyn_cast<CallExpr>(S))
        Callee = Call->getDirectCallee();
      else if (const auto *CE = dyn_cast<CXXConstructExpr>(S))
        Callee = CE->getConstructor();
      if (const FunctionDecl *Def = cu::definitionOf(Callee))
        if (!inSystemHeader(Def) && !isa<CoroutineBodyStmt>(Def->getBody()))
          Fn(cast<Expr>(S), Def);
      for (const Stmt *Ch : S->children())
        Walk(Ch);
    };
    Walk(Body);
  };

  // "Calling this joins or waits for a thread."
  cu::CallSummaries Joins([&](const FunctionDecl *F) {
    llvm::SmallVector<cu::Site, 8> Out;
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S || isa<LambdaExpr>(S))
        return;
      if (const auto *Call = dyn_cast<CallExpr>(S))
        if (const FunctionDecl *FD = Call->getDirectCallee())
          if (FD->getIdentifier() &&
              (FD->getName() == "join" || FD->getName() == "pthread_join" ||
               FD->getName() == "wait")) {
            Out.push_back(cu::Site::root(S));
            return;
          }
      for (const Stmt *Ch : S->children())
        Walk(Ch);
    };
    Walk(bodyOf(F));
    if (!Out.empty())
      return Out;
    forEachCall(bodyOf(F), [&](const Expr *E, const FunctionDecl *D) {
      Out.push_back(cu::Site::call(E, D));
    });
    return Out;
  });
  auto endsThreads = [&](const CFGElement &E) {
    auto CS = E.getAs<CFGStmt>();
    if (!CS)
      return false;
    const FunctionDecl *Callee = nullptr;
    if (const auto *Call = dyn_cast<CallExpr>(CS->getStmt()))
      Callee = Call->getDirectCallee();
    if (!Callee)
      return false;
    if (Callee->getIdentifier() &&
        (Callee->getName() == "join" || Callee->getName() == "pthread_join"))
      return true;
    return Joins.get(Callee).Holds;
  };

  // A thread started by a call site may run from just after it until a
  // join (or a call that joins) or the destruction of the object it built.
  struct CallWindow {
    std::unique_ptr<cu::CFGReach> Reach;
    bool Exit = false;
  };
  auto callWindow = [&](const cu::FunctionCFG &G,
                        const Expr *Site) -> CallWindow {
    CallWindow W;
    std::optional<cu::CFGReach::Pos> Start = cu::CFGReach::after(G, Site);
    if (!Start)
      return W;
    const VarDecl *Built = nullptr;
    if (isa<CXXConstructExpr>(Site))
      if (const auto *DS =
              dyn_cast_or_null<DeclStmt>(G.parents().getParent(Site)))
        if (DS->isSingleDecl())
          Built = dyn_cast<VarDecl>(DS->getSingleDecl());
    const CFGBlock *ExitB = &G.cfg().getExit();
    W.Reach = std::make_unique<cu::CFGReach>(
        G, llvm::ArrayRef<cu::CFGReach::Pos>{*Start},
        [&](const CFGElement &E) {
          if (auto D = E.getAs<CFGAutomaticObjDtor>())
            return D->getVarDecl() == Built;
          return endsThreads(E);
        },
        [&](const CFGBlock &B, unsigned SuccIdx) {
          // A noreturn call (_exit, abort) ends the process, not the call.
          if ((B.succ_begin() + SuccIdx)->getReachableBlock() == ExitB &&
              !B.hasNoReturnElement())
            W.Exit = true;
          return false;
        });
    return W;
  };

  // "After a call of this returns, a thread it started may still run."
  std::unique_ptr<cu::CallSummaries> LeavesPtr;
  LeavesPtr = std::make_unique<cu::CallSummaries>([&](const FunctionDecl *F) {
    llvm::SmallVector<cu::Site, 8> Out;
    const Stmt *Body = bodyOf(F);
    const cu::FunctionCFG *G = CFGs.get(F, Body, C);
    if (!G)
      return Out;
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S || isa<LambdaExpr>(S))
        return;
      if (const auto *E = dyn_cast<Expr>(S)) {
        if (auto H = cu::classifyHandoff(E, SpawnOpts); H && isThreadSpawn(*H)) {
          cu::WorkWindow W(*G, *H, Body);
          if (W.reachesExit())
            Out.push_back(cu::Site::root(S));
        } else if (const CXXConstructExpr *PC = isPoolConstruction(S)) {
          // A pool built into a member or global outlives the call.
          const Stmt *P = G->parents().getParent(PC);
          if (!isa_and_nonnull<DeclStmt>(P))
            Out.push_back(cu::Site::root(S));
        }
      }
      for (const Stmt *Ch : S->children())
        Walk(Ch);
    };
    Walk(Body);
    // Constructors: members initialised with a thread or pool.
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(F))
      for (const CXXCtorInitializer *I : Ctor->inits())
        if (I->isWritten() || I->getInit())
          if (const Expr *Init = I->getInit()) {
            const Expr *In = Init->IgnoreImplicit();
            if (auto S = cu::classifySpawn(In, SpawnOpts);
                S && S->Kind == cu::SpawnKind::Thread)
              Out.push_back(cu::Site::root(In));
            else if (isPoolConstruction(In))
              Out.push_back(cu::Site::root(In));
          }
    // Every call whose window reaches the exit passes the callee's fact on
    // (the summaries decide whether the callee has it; asking them here
    // would re-enter the solver).
    forEachCall(Body, [&](const Expr *E, const FunctionDecl *D) {
      bool Exit = callWindow(*G, E).Exit;
      if (Exit)
        Out.push_back(cu::Site::call(E, D));
    });
    return Out;
  });
  cu::CallSummaries &Leaves = *LeavesPtr;

  // "Calling this may fork with a child that is not async-signal-safe."
  llvm::DenseMap<const CallExpr *, ChildVerdict> Verdicts;
  auto verdictOf = [&](const CallExpr *Fork,
                       const FunctionDecl *F) -> const ChildVerdict & {
    auto It = Verdicts.find(Fork);
    if (It != Verdicts.end())
      return It->second;
    ChildVerdict V;
    if (const cu::FunctionCFG *G = CFGs.get(F, F->getBody(), C)) {
      llvm::SmallVector<const Stmt *, 16> Stmts;
      if (childStatements(Fork, F->getBody(), G->parents(), Stmts)) {
        V.Safe = false;
        bool Ended = false;
        for (const Stmt *S : Stmts) {
          std::string What;
          if (const Stmt *U = Child.firstUnsafe(S, What, 0)) {
            V.Witness = U;
            V.What = What;
            break;
          }
          if (Child.containsExec(S)) {
            Ended = true;
            break;
          }
          if (isa<ReturnStmt>(S))
            break;
        }
        if (!V.Witness && Ended)
          V.Safe = true;
      } else {
        // A discarded result: parent and child both run on. A result used
        // in a way not recognised: unknown, silence.
        const Stmt *P = G->parents().getParent(Fork);
        while (P && isa<ImplicitCastExpr, ParenExpr, ExprWithCleanups,
                        CStyleCastExpr>(P))
          P = G->parents().getParent(P);
        V.Safe = !(P && !isa<Expr>(P) && !isa<DeclStmt>(P) &&
                   !isa<IfStmt, SwitchStmt, WhileStmt, ReturnStmt>(P));
      }
    } else {
      V.Safe = true; // no CFG: unknown
    }
    return Verdicts[Fork] = V;
  };
  cu::CallSummaries ForksUnsafely([&](const FunctionDecl *F) {
    llvm::SmallVector<cu::Site, 8> Out;
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S || isa<LambdaExpr>(S))
        return;
      if (const auto *Call = dyn_cast<CallExpr>(S))
        if (isForkCall(Call) && !verdictOf(Call, F).Safe)
          Out.push_back(cu::Site::root(S));
      for (const Stmt *Ch : S->children())
        Walk(Ch);
    };
    Walk(bodyOf(F));
    forEachCall(bodyOf(F), [&](const Expr *E, const FunctionDecl *D) {
      Out.push_back(cu::Site::call(E, D));
    });
    return Out;
  });

  auto report = [&](const CallExpr *Fork, const FunctionDecl *ForkFn,
                    const ThreadWitness &W,
                    llvm::ArrayRef<cu::CallStep> CallerSteps) {
    const ChildVerdict &V = verdictOf(Fork, ForkFn);
    if (V.Safe || !Reported.first(Fork->getBeginLoc()))
      return;
    diag(Fork->getBeginLoc(),
         "'fork' is called while another thread may be running, and the "
         "child %select{calls '%1', which is not async-signal-safe|runs on "
         "past the fork without exec or _exit}0: it can deadlock on a lock "
         "the other thread held")
        << (V.Witness ? 0 : 1) << V.What;
    if (W.Global) {
      diag(W.Global->getLocation(),
           "the initialiser of '%0' starts a thread before 'main'",
           DiagnosticIDs::Note)
          << W.Global->getName();
    } else if (W.Start) {
      if (W.Chain.Steps.empty() && !W.Chain.Root)
        diag(W.Start->getBeginLoc(),
             "thread started here may still be running at the fork",
             DiagnosticIDs::Note);
      else
        diag(W.Start->getBeginLoc(),
             "this call starts a thread that may still be running at the "
             "fork",
             DiagnosticIDs::Note);
      for (const cu::CallStep &S : W.Chain.Steps)
        if (S.Call != W.Start)
          diag(S.Call->getBeginLoc(), "'%0' called here",
               DiagnosticIDs::Note)
              << S.Callee->getNameAsString();
      if (W.Chain.Root && W.Chain.Root != W.Start)
        diag(W.Chain.Root->getBeginLoc(), "thread started here",
             DiagnosticIDs::Note);
    }
    for (const cu::CallStep &S : CallerSteps)
      diag(S.Call->getBeginLoc(), "'%0' called here, which forks",
           DiagnosticIDs::Note)
          << S.Callee->getNameAsString();
    if (V.Witness)
      diag(V.Witness->getBeginLoc(), "the child calls '%0' here",
           DiagnosticIDs::Note)
          << V.What;
  };

  /// The threads that may run at \p Target in \p F: local spawns whose
  /// window reaches it and calls that leave a thread running.
  auto threadsAt = [&](const FunctionDecl *F, const Stmt *Target)
      -> std::optional<ThreadWitness> {
    const Stmt *Body = bodyOf(F);
    const cu::FunctionCFG *G = CFGs.get(F, Body, C);
    if (!G)
      return std::nullopt;
    std::optional<ThreadWitness> Found;
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S || Found || isa<LambdaExpr>(S))
        return;
      if (const auto *E = dyn_cast<Expr>(S)) {
        if (auto H = cu::classifyHandoff(E, SpawnOpts); H && isThreadSpawn(*H)) {
          cu::WorkWindow W(*G, *H, Body);
          if (W.runningAt(Target)) {
            Found = ThreadWitness{S, {}, nullptr};
            return;
          }
        } else if (isPoolConstruction(S)) {
          CallWindow R = callWindow(*G, E);
          if (R.Reach && R.Reach->reaches(Target)) {
            Found = ThreadWitness{S, {}, nullptr};
            return;
          }
        }
      }
      for (const Stmt *Ch : S->children())
        Walk(Ch);
    };
    Walk(Body);
    if (Found)
      return Found;
    forEachCall(Body, [&](const Expr *E, const FunctionDecl *D) {
      if (Found || !Leaves.get(D).Holds)
        return;
      CallWindow R = callWindow(*G, E);
      if (R.Reach && R.Reach->reaches(Target)) {
        ThreadWitness W;
        W.Start = E;
        W.Chain = Leaves.chainFrom(D);
        W.Chain.Steps.insert(W.Chain.Steps.begin(), cu::CallStep{E, D});
        Found = W;
      }
    });
    return Found;
  };

  // 1. Threads visible in the forking function itself.
  for (const ForkSite &FS : Forks) {
    if (verdictOf(FS.Call, FS.Fn).Safe)
      continue;
    if (auto W = threadsAt(FS.Fn, FS.Call))
      report(FS.Call, FS.Fn, *W, {});
  }

  // 2. Globals whose initialiser leaves a thread running: every fork after
  // main started runs with it. 3. Callers whose thread runs while they call
  // a function that forks.
  struct Collector : utils::Walker {
    bool shouldVisitTemplateInstantiations() const override { return true; }
    bool VisitVarDecl(VarDecl *V) override {
      if (V->hasGlobalStorage() && !V->isStaticLocal() && V->getInit() &&
          !V->getASTContext().getSourceManager().isInSystemHeader(
              V->getLocation()))
        Globals.push_back(V);
      return true;
    }
    bool VisitFunctionDecl(FunctionDecl *F) override {
      if (F->doesThisDeclarationHaveABody() &&
          !F->getASTContext().getSourceManager().isInSystemHeader(
              F->getLocation()) &&
          !cu::isTemplatePattern(F))
        Functions.push_back(F);
      return true;
    }
    std::vector<const VarDecl *> Globals;
    std::vector<const FunctionDecl *> Functions;
  } Col;
  Col.TraverseDecl(C.getTranslationUnitDecl());

  for (const VarDecl *V : Col.Globals) {
    bool Starts = false;
    std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
      if (!S || Starts || isa<LambdaExpr>(S))
        return;
      if (isPoolConstruction(S))
        Starts = true;
      const FunctionDecl *Callee = nullptr;
      if (const auto *Call = dyn_cast<CallExpr>(S))
        Callee = Call->getDirectCallee();
      else if (const auto *CE = dyn_cast<CXXConstructExpr>(S))
        Callee = CE->getConstructor();
      if (Callee && Leaves.get(Callee).Holds)
        Starts = true;
      for (const Stmt *Ch : S->children())
        Walk(Ch);
    };
    Walk(V->getInit());
    if (!Starts)
      continue;
    for (const ForkSite &FS : Forks) {
      ThreadWitness W;
      W.Global = V;
      report(FS.Call, FS.Fn, W, {});
    }
  }

  for (const FunctionDecl *F : Col.Functions) {
    const Stmt *Body = F->getBody();
    bool Any = false;
    forEachCall(Body, [&](const Expr *, const FunctionDecl *D) {
      if (ForksUnsafely.get(D).Holds)
        Any = true;
    });
    if (!Any)
      continue;
    forEachCall(Body, [&](const Expr *E, const FunctionDecl *D) {
      if (!ForksUnsafely.get(D).Holds)
        return;
      auto W = threadsAt(F, E);
      if (!W)
        return;
      cu::CallChain Down = ForksUnsafely.chainFrom(D);
      const auto *Fork = dyn_cast_or_null<CallExpr>(Down.Root);
      const FunctionDecl *ForkFn =
          Down.Steps.empty() ? D : Down.Steps.back().Callee;
      if (!Fork || !ForkFn)
        return;
      llvm::SmallVector<cu::CallStep, 4> Steps;
      Steps.push_back({E, D});
      Steps.append(Down.Steps.begin(), Down.Steps.end());
      report(Fork, ForkFn, *W, Steps);
    });
  }
}

} // namespace clang::tidy::conclint
