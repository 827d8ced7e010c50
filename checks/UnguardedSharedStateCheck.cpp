//===-- UnguardedSharedStateCheck.cpp - conclint-unguarded-shared-state ---===//
//
// The model, in one pass over the translation unit:
//  1. find every spawn (utils/ThreadEntryPoints) in user code (function
//     templates on their instantiations), and for each one the window of its
//     spawning function in which it runs (utils/ThreadLifetimes: CFG
//     reachability from the spawn to the joins that end it) and whether it
//     runs more than once at a time;
//  2. walk each entry point (and the functions it calls in the TU, up to
//     MaxCallDepth, binding reference and pointer parameters to the shared
//     objects passed), each spawning window, the public member functions of
//     classes whose members run as entry points, and those of classes that
//     own a mutex (the lock-consistency rule), recording every access to
//     shared state as an access path (utils/LockPath) with the locks held
//     there (utils/Lockset, locks also named by paths);
//  3. group alike accesses (same object, context and locks) and report, per
//     variable, the first write that can run at the same time as another
//     access to an overlapping object with no lock held in common and no
//     happens-before edge between them (utils/HappensBefore); else the
//     first access that breaks the class's own locking discipline.
// Synchronisation objects and guards are recognised by shape
// (utils/SyncTypes); whether a member call writes its object by issue 13's
// rule (utils/Accesses).
//===----------------------------------------------------------------------===//

#include "UnguardedSharedStateCheck.h"
#include "utils/CheckOptions.h"
#include "utils/Accesses.h"
#include "utils/Dataflow.h"
#include "utils/HappensBefore.h"
#include "utils/LockPath.h"
#include "utils/Lockset.h"
#include "utils/Summary.h"
#include "utils/SyncTypes.h"
#include "utils/ThreadLifetimes.h"

#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace cu = ::clang::tidy::conclint::utils;

namespace {

const char DefaultPoolFunctions[] =
    "submit;enqueue;post;push_task;detach_task;submit_task;schedule;run_async";

//===----------------------------------------------------------------------===//
// Types that are never shared state
//===----------------------------------------------------------------------===//

bool isSynchronisationType(QualType T) { return cu::isSynchronisationType(T); }

/// The variable or member an expression names (`t`, `this->t`, `obj.t`,
/// `*pt`, `&t`): used to match thread handles to their joins.
const ValueDecl *namedDecl(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref) {
        E = UO->getSubExpr();
        continue;
      }
      return nullptr;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl();
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return ME->getMemberDecl();
    return nullptr;
  }
  return nullptr;
}

bool isImmutable(QualType T) {
  T = T.getNonReferenceType();
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  return T.isConstQualified();
}

/// std::map and friends: operator[] inserts.
bool isAssociative(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  llvm::StringRef N = RD->getName();
  return N == "map" || N == "unordered_map" || N.ends_with("_map");
}

/// Non-const member functions of containers that hand out a reference or an
/// iterator without changing the container.
bool isAccessorName(llvm::StringRef N) {
  return N == "begin" || N == "end" || N == "rbegin" || N == "rend" ||
         N == "find" || N == "at" || N == "front" || N == "back" ||
         N == "data" || N == "lower_bound" || N == "upper_bound" ||
         N == "equal_range" || N == "get" || N == "value" || N == "first" ||
         N == "second";
}

//===----------------------------------------------------------------------===//
// Spawns
//===----------------------------------------------------------------------===//

/// The lambda a spawn runs: written in place or stored in a local first.
const LambdaExpr *spawnedLambda(const cu::ThreadSpawn &S) {
  if (!S.Callable)
    return nullptr;
  const Expr *C = cu::stripCallableWrappers(S.Callable);
  if (const auto *L = dyn_cast<LambdaExpr>(C))
    return L;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(C))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->hasLocalStorage() && VD->getInit())
        return dyn_cast<LambdaExpr>(cu::stripCallableWrappers(VD->getInit()));
  return nullptr;
}

struct SpawnInfo {
  cu::ThreadSpawn S;
  unsigned ID = 0;
  const FunctionDecl *Spawner = nullptr; ///< function (or lambda) spawning
  const Stmt *SpawnerBody = nullptr;
  const FunctionDecl *Entry = nullptr;
  bool Concurrent = true;     ///< runs on another thread at all
  bool SelfConcurrent = false; ///< several instances may overlap
  const CXXRecordDecl *ThisClass = nullptr; ///< `this` shared with the thread
  /// A member function of ThisClass (or a lambda in one) starts the thread:
  /// the object starts its own threads, as in `start()` or `listen()`.
  bool StartedByOwnMember = false;
  const Stmt *Loop = nullptr; ///< enclosing loop in the spawner, if any
  unsigned SiteBegin = 0, SiteEnd = 0;
  /// Where the thread may run in the spawning function (CFG reachability
  /// from the spawn to the joins that end it).
  cu::ThreadWindow Window;
};

//===----------------------------------------------------------------------===//
// Pass 1: spawns, functions, fix-it facts
//===----------------------------------------------------------------------===//

/// Uses of a global scalar, for deciding whether std::atomic<T> keeps every
/// use compiling.
struct ScalarUses {
  unsigned Total = 0;
  unsigned Fine = 0;
  bool Blocked = false;
};

class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(ASTContext &Ctx, const cu::SpawnOptions &Opts)
      : SM(Ctx.getSourceManager()), Opts(Opts) {}

  // Spawns inside function templates are analysed on their instantiations
  // (the dependent pattern is skipped: see TraverseDecl); the reports of
  // several instantiations at one source location are merged in check().
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    if (!isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
        SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
      return true;
    const auto *FD = dyn_cast<FunctionDecl>(D);
    // A template's pattern: analysed on its instantiations instead.
    if (FD && FD->doesThisDeclarationHaveABody() && FD->isDependentContext())
      return true;
    if (FD && FD->doesThisDeclarationHaveABody()) {
      Stack.push_back(FD);
      bool R = RecursiveASTVisitor::TraverseDecl(D);
      Stack.pop_back();
      return R;
    }
    return RecursiveASTVisitor::TraverseDecl(D);
  }

  bool TraverseLambdaExpr(LambdaExpr *L) {
    Stack.push_back(L->getCallOperator());
    bool R = RecursiveASTVisitor::TraverseLambdaExpr(L);
    Stack.pop_back();
    return R;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *E) { return spawn(E); }

  bool VisitCXXRecordDecl(CXXRecordDecl *RD) {
    if (!RD->isThisDeclarationADefinition() || RD->isDependentContext() ||
        RD->isLambda() || RD->isInStdNamespace())
      return true;
    for (const FieldDecl *F : RD->fields())
      if (cu::isLockableType(F->getType())) {
        Records.push_back(RD);
        break;
      }
    return true;
  }

  bool VisitCallExpr(CallExpr *E) {
    spawn(E);
    // io.run() inside a function: noted to tell single- from multi-threaded
    // io_contexts.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      if (const auto *MD = MC->getMethodDecl())
        if (MD->getIdentifier() && MD->getName() == "run" && !Stack.empty())
          if (cu::classifyExecutor(MC->getImplicitObjectArgument()) ==
              cu::ExecutorKind::IoContext)
            if (const ValueDecl *V = cu::executorDecl(MC->getImplicitObjectArgument()))
              IoRunners.push_back({V, Stack.back()});
    // Uses that std::atomic<T> would not accept.
    if (const FunctionDecl *FD = E->getDirectCallee()) {
      bool Template = FD->getPrimaryTemplate() != nullptr;
      for (unsigned I = 0; I < E->getNumArgs(); ++I) {
        bool Variadic = FD->isVariadic() && I >= FD->getNumParams();
        if (Template || Variadic)
          block(E->getArg(I));
      }
    }
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const VarDecl *VD = candidate(E))
      ++Uses[VD].Total;
    return true;
  }
  bool VisitImplicitCastExpr(ImplicitCastExpr *E) {
    if (E->getCastKind() == CK_LValueToRValue)
      fine(E->getSubExpr());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *E) {
    if (E->isIncrementDecrementOp())
      fine(E->getSubExpr());
    else if (E->getOpcode() == UO_Deref)
      block(E->getSubExpr());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *E) {
    auto Op = E->getOpcode();
    if (Op == BO_Assign || Op == BO_AddAssign || Op == BO_SubAssign)
      fine(E->getLHS());
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (E->isArrow())
      block(E->getBase());
    return true;
  }
  bool VisitArraySubscriptExpr(ArraySubscriptExpr *E) {
    block(E->getBase());
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (VD->getType()->getContainedAutoType() && VD->getInit())
      block(VD->getInit());
    return true;
  }

  std::vector<SpawnInfo> Spawns;
  /// User classes that own a lockable member (candidates for the
  /// lock-consistency rule).
  std::vector<const CXXRecordDecl *> Records;
  llvm::DenseMap<const VarDecl *, ScalarUses> Uses;
  std::vector<std::pair<const ValueDecl *, const FunctionDecl *>> IoRunners;

private:
  /// A global or static scalar that std::atomic<T> could replace.
  const VarDecl *candidate(const Expr *E) const {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParens());
    if (!DRE)
      return nullptr;
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD || !VD->hasGlobalStorage() || VD->getTLSKind() != VarDecl::TLS_None)
      return nullptr;
    QualType T = VD->getType();
    if (T.isConstQualified() || T.isVolatileQualified())
      return nullptr;
    if (!(T->isIntegerType() && !T->isEnumeralType()) && !T->isPointerType())
      return nullptr;
    return VD;
  }
  void fine(const Expr *E) {
    if (const VarDecl *VD = candidate(E))
      ++Uses[VD].Fine;
  }
  void block(const Expr *E) {
    if (const VarDecl *VD = candidate(E->IgnoreParenImpCasts()))
      Uses[VD].Blocked = true;
  }

  bool spawn(const Expr *E) {
    if (Stack.empty())
      return true;
    auto S = cu::classifySpawn(E, Opts);
    if (!S)
      return true;
    SpawnInfo I;
    I.S = std::move(*S);
    I.Spawner = Stack.back();
    I.SpawnerBody = I.Spawner->getBody();
    I.Entry = cu::entryFunction(I.S);
    if (I.Entry && I.Entry->getDefinition())
      I.Entry = I.Entry->getDefinition();
    I.SiteBegin = SM.getFileOffset(SM.getExpansionLoc(E->getBeginLoc()));
    I.SiteEnd = SM.getFileOffset(SM.getExpansionLoc(E->getEndLoc()));
    I.ID = Spawns.size();
    Spawns.push_back(std::move(I));
    return true;
  }

  const SourceManager &SM;
  const cu::SpawnOptions &Opts;
  llvm::SmallVector<const FunctionDecl *, 8> Stack;
};

//===----------------------------------------------------------------------===//
// Accesses
//===----------------------------------------------------------------------===//

/// Entry: a spawned thread; Window: the spawner while threads run;
/// External: a public method of a class whose members run on threads;
/// Recall: a public method of a class that locks its own mutex (issue 13's
/// lock-consistency rule; never paired with threads, only with each other).
enum class CtxKind { Entry, Window, External, Recall };

struct Access {
  const ValueDecl *Var = nullptr; ///< the variable or member named in messages
  cu::AccessPath Path;            ///< the object touched
  const Expr *E = nullptr;
  bool Write = false;
  cu::LockSet Locks;
  CtxKind Kind = CtxKind::Entry;
  unsigned Spawn = 0;                    ///< Entry: the spawn
  llvm::SmallVector<unsigned, 4> Alive;  ///< Window: spawns running here
  const CXXRecordDecl *Class = nullptr;  ///< External: the class
  unsigned Offset = 0;
  /// The statement of the context's own body that runs the access: the
  /// access itself, or the call (or lambda) through which it is reached.
  const Stmt *Top = nullptr;
  const FunctionDecl *Spawner = nullptr; ///< Window: the spawning function
  const FunctionDecl *RootFn = nullptr;  ///< Recall: the public method
};

/// What a walk over one function body knows about where it runs.
struct WalkCtx {
  CtxKind Kind = CtxKind::Entry;
  unsigned Spawn = 0;
  const CXXRecordDecl *Class = nullptr; ///< fields of `this` shared, if set
  /// Window: spawns alive at every access (set when walking a callee).
  const llvm::SmallVector<unsigned, 4> *AliveOverride = nullptr;
  /// Window: the spawner whose windows apply.
  const FunctionDecl *Spawner = nullptr;
  /// The statement of the context's own body the walk entered through (a
  /// call or lambda site); null in the context's body itself.
  const Stmt *TopSite = nullptr;
  /// Recall: the public method the walk started from.
  const FunctionDecl *RootFn = nullptr;
  /// A parameter bound to shared state: the parameter names Target (a
  /// reference), or points to it (ThroughPointer).
  struct Binding {
    const ParmVarDecl *Param = nullptr;
    cu::AccessPath Target;
    const ValueDecl *Var = nullptr;
    bool ThroughPointer = false;
  };
  llvm::SmallVector<Binding, 2> Bindings;
};

/// Shared state an expression names: its path and the variable in messages.
struct SharedRef {
  cu::AccessPath Path;
  const ValueDecl *Var = nullptr;
};

class Analysis {
public:
  Analysis(ASTContext &Ctx, Collector &C, unsigned MaxDepth)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), C(C), MaxDepth(MaxDepth),
        Oracle(Ctx, CFGs) {}

  void run();
  /// A happens-before edge orders \p X and \p Y (utils/HappensBefore.h).
  bool ordered(const Access &X, const Access &Y);
  /// What the happens-before question depends on for \p X (part of the
  /// class of alike accesses).
  std::string hbKey(const Access &X);

  std::vector<Access> Accesses;
  llvm::DenseMap<const FunctionDecl *, std::vector<unsigned>> SpawnsOf;

private:
  struct Frame {
    const cu::FunctionLockFacts *L = nullptr;
    const Decl *D = nullptr;
    llvm::SmallPtrSet<const VarDecl *, 4> CopyCaptures;
  };

  unsigned offset(SourceLocation L) const {
    return SM.getFileOffset(SM.getExpansionLoc(L));
  }
  bool isUserCode(const Decl *D) const {
    return D->getLocation().isValid() &&
           !SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
  }

  const cu::FunctionLockFacts *locksets(const Decl *D, const Stmt *Body,
                                        const cu::LockSet &Entry);
  /// The locks held at \p S in frame \p Fr, in the caller's terms (locks on
  /// bound parameters rebased, on unbound ones unknown).
  std::optional<cu::LockSet> heldAt(const Stmt *S, Frame &Fr,
                                    const WalkCtx &W) const;
  std::optional<SharedRef> sharedPath(const Expr *Arg, bool Pointee, Frame &Fr,
                                      const WalkCtx &W) const;
  bool sharedRoot(const cu::AccessPath &P, Frame &Fr) const;
  void walkLambdaAt(const LambdaExpr *L, const Stmt *Site, Frame &Fr,
                    WalkCtx &W, unsigned Depth);
  void prepareSpawns();
  void computeWindow(SpawnInfo &I, const ParentMap &PM);
  void walk(const FunctionDecl *F, const cu::LockSet &Entry, WalkCtx &W,
            unsigned Depth, const LambdaExpr *AsLambda = nullptr);
  void walkStmt(const Stmt *S, Frame &Fr, WalkCtx &W, unsigned Depth);
  void access(const Expr *Start, cu::AccessPath Path, const ValueDecl *Var,
              bool ThroughPointer, Frame &Fr, WalkCtx &W);
  /// True if a call of \p FD is followed by the walker (its effects on
  /// reference arguments are seen in its body).
  bool followed(const FunctionDecl *FD) const;
  bool alive(const SpawnInfo &I, const Stmt *S) const {
    return I.Concurrent && I.Window.runningAt(S);
  }
  std::optional<SharedRef> sharedVar(const DeclRefExpr *DRE, Frame &Fr,
                                     WalkCtx &W, bool &ThroughPointer) const;
  bool isSpawnCallable(const Expr *E) const {
    return SpawnCallables.count(E->IgnoreParenImpCasts()) != 0;
  }

  ASTContext &Ctx;
  const SourceManager &SM;
  Collector &C;
  unsigned MaxDepth;
  cu::CFGCache CFGs;
  llvm::DenseMap<const Decl *,
                 std::vector<std::pair<cu::LockSet,
                                       std::unique_ptr<cu::FunctionLockFacts>>>>
      Cache;
  const FunctionDecl *bodyOf(const Access &X) const;
  cu::SyncFacts *sync(const FunctionDecl *F);
  unsigned releasers(const cu::AccessPath &Channel);
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<cu::SyncFacts>> Syncs;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<cu::AliasMap>> SyncAliases;
  /// Lambdas stored in local variables: analysed where they are called.
  llvm::DenseMap<const VarDecl *, const LambdaExpr *> StoredLambdas;
  llvm::DenseSet<const LambdaExpr *> Stored;

public:
  cu::SelfSyncOracle Oracle;

private:
  llvm::DenseMap<const Stmt *, std::unique_ptr<ParentMap>> SpawnerPMs;
  llvm::DenseSet<const Expr *> SpawnCallables;  ///< lambdas handed to spawns
  llvm::DenseSet<const VarDecl *> EscapedLocals; ///< captured by reference
  llvm::DenseSet<const FunctionDecl *> ReachedFromEntries;
  llvm::DenseSet<std::pair<const Decl *, unsigned>> Visiting;
  llvm::StringSet<> Walked;
};

const cu::FunctionLockFacts *Analysis::locksets(const Decl *D, const Stmt *Body,
                                                const cu::LockSet &Entry) {
  auto &V = Cache[D];
  for (auto &P : V)
    if (P.first == Entry)
      return P.second.get();
  const cu::FunctionCFG *G = CFGs.get(D, Body, Ctx);
  V.emplace_back(Entry, G ? cu::FunctionLockFacts::analyze(*G, Ctx, Entry)
                          : nullptr);
  return V.back().second.get();
}

std::optional<cu::LockSet> Analysis::heldAt(const Stmt *S, Frame &Fr,
                                            const WalkCtx &W) const {
  const cu::LockSet *Must = Fr.L->mustHoldAt(S);
  if (!Must)
    return std::nullopt;
  cu::LockSet Out;
  if (Must->hasUnknown())
    Out.acquireUnknown();
  for (const cu::HeldLock &H : Must->locks()) {
    if (H.Lock.rootKind() != cu::PathRoot::Param) {
      Out.acquire(H.Lock, H.Shared, H.Site);
      continue;
    }
    bool Bound = false;
    for (const WalkCtx::Binding &B : W.Bindings)
      if (B.Param->getCanonicalDecl() == H.Lock.root()) {
        llvm::ArrayRef<cu::PathStep> Steps = H.Lock.steps();
        if (B.ThroughPointer) {
          if (Steps.empty() || Steps[0].Kind != cu::PathStep::Deref)
            break;
          Steps = Steps.drop_front();
        }
        cu::AccessPath P = B.Target;
        for (const cu::PathStep &St : Steps)
          P.append(St);
        Out.acquire(P, H.Shared, H.Site);
        Bound = true;
        break;
      }
    // A lock on an object the caller passed in and the walk cannot name:
    // some lock is held, maybe the one that matters.
    if (!Bound)
      Out.acquireUnknown();
  }
  return Out;
}

/// Does \p E (the object of a join-like call) refer to \p Handle?
bool refersTo(const Expr *E, const ValueDecl *Handle,
              const llvm::DenseMap<const VarDecl *, const ValueDecl *> &LoopVars) {
  E = E->IgnoreParenImpCasts();
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
    return refersTo(ASE->getBase(), Handle, LoopVars);
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E))
    return OC->getNumArgs() > 0 && refersTo(OC->getArg(0), Handle, LoopVars);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    return refersTo(MC->getImplicitObjectArgument(), Handle, LoopVars);
  const ValueDecl *D = namedDecl(E);
  if (!D)
    return false;
  if (D == Handle)
    return true;
  if (const auto *VD = dyn_cast<VarDecl>(D)) {
    auto It = LoopVars.find(VD);
    return It != LoopVars.end() && It->second == Handle;
  }
  return false;
}

/// Types whose destructor waits for the work (jthread, async futures, pools).
bool joinsOnDestruction(QualType T) {
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->getIdentifier())
    return false;
  if (RD->isInStdNamespace() && RD->getTemplateSpecializationKind() &&
      (RD->getName() == "vector" || RD->getName() == "list" ||
       RD->getName() == "deque" || RD->getName() == "array"))
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      if (Spec->getTemplateArgs().size() > 0 &&
          Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
        return joinsOnDestruction(Spec->getTemplateArgs()[0].getAsType());
  llvm::StringRef N = RD->getName();
  return N == "jthread" || N == "future" || N == "thread_pool";
}

void Analysis::computeWindow(SpawnInfo &I, const ParentMap &PM) {
  // The handles through which this spawn is joined.
  llvm::SmallVector<const ValueDecl *, 4> Handles;
  const Stmt *Cur = I.S.Site;
  bool Discarded = false;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Cur))
    if (const ValueDecl *D = namedDecl(MC->getImplicitObjectArgument()))
      Handles.push_back(D); // threads.emplace_back(f) or pool.submit(f)
  for (unsigned Depth = 0; Depth < 12; ++Depth) {
    const Stmt *P = PM.getParent(Cur);
    if (!P)
      break;
    if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
            ExprWithCleanups, CXXFunctionalCastExpr, ParenExpr,
            CXXConstructExpr, CStyleCastExpr, CXXStaticCastExpr>(P)) {
      Cur = P;
      continue;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          Handles.push_back(VD);
      break;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->isAssignmentOp())
        if (const ValueDecl *D = namedDecl(BO->getLHS()))
          Handles.push_back(D);
      break;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {
      if (OC->isAssignmentOp() && OC->getNumArgs() > 0)
        if (const ValueDecl *D = namedDecl(OC->getArg(0)))
          Handles.push_back(D);
      break;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P)) {
      if (const ValueDecl *D = namedDecl(MC->getImplicitObjectArgument()))
        Handles.push_back(D); // threads.push_back(std::thread(f))
      break;
    }
    if (isa<CompoundStmt>(P) || isa<ForStmt, WhileStmt, DoStmt, IfStmt>(P))
      Discarded = I.S.Kind == cu::SpawnKind::Async;
    // std::async(...).get(): waited for in the same statement.
    if (const auto *ME = dyn_cast<MemberExpr>(P))
      if (const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
        if (MD->getIdentifier() &&
            (MD->getName() == "get" || MD->getName() == "wait"))
          Discarded = I.S.Kind == cu::SpawnKind::Async;
    break;
  }
  if (I.S.Kind == cu::SpawnKind::PThreadCreate && I.S.Site)
    if (const auto *CE = dyn_cast<CallExpr>(I.S.Site))
      if (const ValueDecl *D = namedDecl(CE->getArg(0)))
        Handles.push_back(D);
  if (const ValueDecl *D = cu::executorDecl(I.S.Executor))
    Handles.push_back(D);

  // Parallel algorithms return when the work is done; a discarded
  // std::async future waits in its destructor at the end of the statement.
  if (I.S.Kind == cu::SpawnKind::ParallelAlgorithm || Discarded)
    return; // an empty window

  llvm::SmallPtrSet<const Stmt *, 8> Ends;
  llvm::SmallPtrSet<const VarDecl *, 4> EndVars;

  // Range-for variables over a handle container.
  llvm::DenseMap<const VarDecl *, const ValueDecl *> LoopVars;
  struct Finder : RecursiveASTVisitor<Finder> {
    bool shouldVisitLambdaBody() const { return false; }
    bool VisitCXXForRangeStmt(CXXForRangeStmt *S) {
      if (const ValueDecl *D = namedDecl(S->getRangeInit()))
        LoopVars[S->getLoopVariable()] = D;
      return true;
    }
    bool VisitCallExpr(CallExpr *CE) {
      const FunctionDecl *FD = CE->getDirectCallee();
      if (!FD || !FD->getIdentifier())
        return true;
      llvm::StringRef N = FD->getName();
      const Expr *Obj = nullptr;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
        if (N == "join" || N == "get" || N == "wait" || N == "wait_for_tasks" ||
            N == "wait_idle" || N == "wait_all")
          Obj = MC->getImplicitObjectArgument();
      } else if (N == "pthread_join" && CE->getNumArgs() >= 1) {
        Obj = CE->getArg(0);
      }
      if (Obj)
        for (const ValueDecl *H : *Handles)
          if (refersTo(Obj, H, LoopVars)) {
            Ends->insert(CE);
            break;
          }
      return true;
    }
    llvm::SmallPtrSetImpl<const Stmt *> *Ends;
    llvm::SmallVectorImpl<const ValueDecl *> *Handles;
    llvm::DenseMap<const VarDecl *, const ValueDecl *> LoopVars;
  } F;
  F.Ends = &Ends;
  F.Handles = &Handles;
  F.TraverseStmt(const_cast<Stmt *>(I.SpawnerBody));

  // Handles that wait when they go out of scope end the window there.
  for (const ValueDecl *H : Handles)
    if (const auto *VD = dyn_cast<VarDecl>(H))
      if (VD->hasLocalStorage() && joinsOnDestruction(VD->getType())) {
        // The enclosing compound statement of the declaration.
        struct ScopeFinder : RecursiveASTVisitor<ScopeFinder> {
          bool shouldVisitLambdaBody() const { return false; }
          bool VisitCompoundStmt(CompoundStmt *CS) {
            for (const Stmt *Child : CS->body())
              if (const auto *DS = dyn_cast<DeclStmt>(Child))
                for (const Decl *D : DS->decls())
                  if (D == Var)
                    Found = CS;
            return !Found;
          }
          const VarDecl *Var;
          const CompoundStmt *Found = nullptr;
        } SF;
        SF.Var = VD;
        SF.TraverseStmt(const_cast<Stmt *>(I.SpawnerBody));
        if (SF.Found)
          EndVars.insert(VD);
      }

  // A join inside a loop that does not hold the spawn (joining every
  // handle of a container) ends the window where the loop starts.
  auto contains = [&](const Stmt *Outer, const Stmt *S) {
    for (; S; S = PM.getParent(S))
      if (S == Outer)
        return true;
    return false;
  };
  llvm::SmallVector<const Stmt *, 4> Joins(Ends.begin(), Ends.end());
  for (const Stmt *J : Joins)
    for (const Stmt *P = PM.getParent(J); P; P = PM.getParent(P))
      if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P)) {
        if (!contains(P, I.S.Site))
          Ends.insert(P);
        break;
      }
  const cu::FunctionCFG *G = CFGs.get(I.Spawner, I.SpawnerBody, Ctx);
  if (G)
    I.Window = cu::ThreadWindow(*G, I.S.Site, Ends, EndVars);
}

void Analysis::prepareSpawns() {
  for (SpawnInfo &I : C.Spawns) {
    if (I.S.Callable)
      SpawnCallables.insert(cu::stripCallableWrappers(I.S.Callable));
    if (const LambdaExpr *L = spawnedLambda(I.S))
      SpawnCallables.insert(L);
    if (!I.SpawnerBody)
      continue;
    auto &PMPtr = SpawnerPMs[I.SpawnerBody];
    if (!PMPtr)
      PMPtr = std::make_unique<ParentMap>(const_cast<Stmt *>(I.SpawnerBody));
    const ParentMap &PM = *PMPtr;
    // The nearest loop around the spawn inside the spawning function.
    for (const Stmt *P = PM.getParent(I.S.Site); P; P = PM.getParent(P))
      if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P)) {
        I.Loop = P;
        break;
      }
    computeWindow(I, PM);
  }

  // Which io_contexts run on several threads: run() called from an entry
  // point that is started more than once (or from two of them).
  llvm::DenseMap<const ValueDecl *, unsigned> IoThreads;
  for (const auto &[Io, Fn] : C.IoRunners)
    for (const SpawnInfo &I : C.Spawns)
      if (I.Entry == Fn)
        IoThreads[Io] += I.Loop ? 2 : 1;

  for (SpawnInfo &I : C.Spawns) {
    if (I.S.Kind == cu::SpawnKind::AsioPost ||
        I.S.Kind == cu::SpawnKind::AsioCoSpawn) {
      switch (cu::classifyExecutor(I.S.Executor)) {
      case cu::ExecutorKind::ThreadPool:
        I.Concurrent = true;
        break;
      case cu::ExecutorKind::IoContext: {
        const ValueDecl *D = cu::executorDecl(I.S.Executor);
        I.Concurrent = D && IoThreads.lookup(D) >= 2;
        break;
      }
      default:
        I.Concurrent = false;
      }
    } else {
      I.Concurrent = I.S.runsOnAnotherThread();
    }
    if (!I.Entry || !I.Entry->hasBody())
      I.Concurrent = false;
    I.SelfConcurrent = I.Concurrent &&
                       (I.S.Kind == cu::SpawnKind::ParallelAlgorithm ||
                        I.Window.runsAgainWhileRunning());

    // Whose `this` the thread shares.
    const Expr *Callable =
        I.S.Callable ? cu::stripCallableWrappers(I.S.Callable) : nullptr;
    if (const Expr *Obj = cu::entryObjectArg(I.S)) {
      const Expr *O = Obj->IgnoreParenImpCasts();
      bool ByRef = O->getType()->isPointerType() ||
                   cu::stripCallableWrappers(Obj) != Obj->IgnoreImplicit();
      if (ByRef)
        I.ThisClass = cast<CXXMethodDecl>(I.Entry)->getParent();
    } else if (const LambdaExpr *L = spawnedLambda(I.S)) {
      for (const LambdaCapture &Cap : L->captures())
        if (Cap.capturesThis())
          if (const auto *MD = dyn_cast<CXXMethodDecl>(I.Spawner)) {
            const CXXRecordDecl *RD = MD->getParent();
            // A lambda inside a lambda inside a member function.
            while (RD && RD->isLambda())
              RD = dyn_cast<CXXRecordDecl>(RD->getDeclContext()->getParent());
            I.ThisClass = RD;
          }
    } else if (Callable && I.S.Callable &&
               Callable != I.S.Callable->IgnoreImplicit() && I.Entry &&
               isa<CXXMethodDecl>(I.Entry)) {
      // std::ref(functor): the thread runs on the caller's object.
      const auto *Strip = I.S.Callable->IgnoreImplicit();
      if (const auto *CE = dyn_cast<CallExpr>(Strip))
        if (const FunctionDecl *FD = CE->getDirectCallee())
          if (FD->getIdentifier() && FD->getName() == "ref")
            I.ThisClass = cast<CXXMethodDecl>(I.Entry)->getParent();
    }
    if (I.ThisClass)
      if (const auto *MD = dyn_cast<CXXMethodDecl>(I.Spawner)) {
        const CXXRecordDecl *RD = MD->getParent();
        while (RD && RD->isLambda())
          RD = dyn_cast<CXXRecordDecl>(RD->getDeclContext()->getParent());
        I.StartedByOwnMember =
            RD && RD->getCanonicalDecl() == I.ThisClass->getCanonicalDecl();
      }

    // Locals captured by reference or handed over by std::ref / pointer.
    if (const LambdaExpr *L = spawnedLambda(I.S))
      for (const LambdaCapture &Cap : L->captures())
        if (Cap.capturesVariable() && Cap.getCaptureKind() == LCK_ByRef)
          if (const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar()))
            if (VD->hasLocalStorage())
              EscapedLocals.insert(VD);
    for (const auto &[Param, Arg] : cu::entryParamBindings(I.S)) {
      (void)Param;
      if (const auto *VD = dyn_cast_or_null<VarDecl>(
              namedDecl(cu::stripCallableWrappers(Arg))))
        if (VD->hasLocalStorage())
          EscapedLocals.insert(VD);
    }
    SpawnsOf[I.Spawner].push_back(I.ID);
  }
}


bool Analysis::sharedRoot(const cu::AccessPath &P, Frame &Fr) const {
  switch (P.rootKind()) {
  case cu::PathRoot::Global: {
    const auto *VD = dyn_cast<VarDecl>(P.root());
    return VD && VD->getTLSKind() == VarDecl::TLS_None && isUserCode(VD) &&
           !isImmutable(VD->getType()) && !VD->isConstexpr();
  }
  case cu::PathRoot::Local: {
    const auto *VD = dyn_cast<VarDecl>(P.root());
    return VD && !Fr.CopyCaptures.count(VD) && EscapedLocals.count(VD);
  }
  default:
    return false;
  }
}

std::optional<SharedRef> Analysis::sharedPath(const Expr *Arg, bool Pointee,
                                              Frame &Fr,
                                              const WalkCtx &W) const {
  const cu::AliasMap *A = Fr.L ? &Fr.L->aliases() : nullptr;
  std::optional<cu::AccessPath> P =
      Pointee ? cu::pointeePathOf(Arg, A) : cu::accessPathOf(Arg, A);
  if (!P)
    return std::nullopt;
  if (P->rootKind() == cu::PathRoot::Param) {
    for (const WalkCtx::Binding &B : W.Bindings)
      if (B.Param->getCanonicalDecl() == P->root()) {
        llvm::ArrayRef<cu::PathStep> Steps = P->steps();
        if (B.ThroughPointer) {
          if (Steps.empty() || Steps[0].Kind != cu::PathStep::Deref)
            return std::nullopt; // the pointer itself, a local copy
          Steps = Steps.drop_front();
        }
        cu::AccessPath Out = B.Target;
        for (const cu::PathStep &St : Steps)
          Out.append(St);
        return SharedRef{Out, B.Var};
      }
    return std::nullopt;
  }
  if (P->rootKind() == cu::PathRoot::This) {
    if (!W.Class || P->steps().empty() ||
        P->steps()[0].Kind != cu::PathStep::Field)
      return std::nullopt;
    return SharedRef{*P, P->steps()[0].Decl};
  }
  if (!sharedRoot(*P, Fr))
    return std::nullopt;
  if (isSynchronisationType(P->root()->getType()) && P->steps().empty())
    return std::nullopt;
  return SharedRef{*P, P->root()};
}

std::optional<SharedRef> Analysis::sharedVar(const DeclRefExpr *DRE, Frame &Fr,
                                             WalkCtx &W,
                                             bool &ThroughPointer) const {
  ThroughPointer = false;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD)
    return std::nullopt;
  if (const auto *PVD = dyn_cast<ParmVarDecl>(VD))
    for (const WalkCtx::Binding &B : W.Bindings)
      if (B.Param->getCanonicalDecl() == PVD->getCanonicalDecl()) {
        ThroughPointer = B.ThroughPointer;
        return SharedRef{B.Target, B.Var};
      }
  if (VD->getTLSKind() != VarDecl::TLS_None || VD->getType()->isReferenceType())
    return std::nullopt;
  if (isImmutable(VD->getType()) || VD->isConstexpr() ||
      isSynchronisationType(VD->getType()))
    return std::nullopt;
  if (VD->hasGlobalStorage())
    return isUserCode(VD) ? std::optional<SharedRef>(SharedRef{
                                cu::AccessPath::ofDecl(VD), VD->getCanonicalDecl()})
                          : std::nullopt;
  if (Fr.CopyCaptures.count(VD))
    return std::nullopt;
  if (!EscapedLocals.count(VD))
    return std::nullopt;
  return SharedRef{cu::AccessPath::ofDecl(VD), VD};
}

bool Analysis::followed(const FunctionDecl *FD) const {
  if (!FD || isa<CXXConstructorDecl>(FD))
    return false;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return false;
  const FunctionDecl *Def = FD->getDefinition();
  return Def && Def->hasBody() && isUserCode(Def) && !Def->isDependentContext();
}

/// The element step of a subscript index.
cu::PathStep elementStepOf(const Expr *Idx) {
  cu::PathStep S;
  S.Kind = cu::PathStep::Element;
  Idx = Idx->IgnoreParenImpCasts();
  if (const auto *IL = dyn_cast<IntegerLiteral>(Idx))
    S.Constant = IL->getValue().getSExtValue();
  else if (const auto *DRE = dyn_cast<DeclRefExpr>(Idx))
    if (isa<VarDecl>(DRE->getDecl()))
      S.Decl = DRE->getDecl();
  return S;
}

/// Classifies the access that starts at \p Start by walking up its parents,
/// extending \p Path with the members and elements it selects.
void Analysis::access(const Expr *Start, cu::AccessPath Path,
                      const ValueDecl *Var, bool ThroughPointer, Frame &Fr,
                      WalkCtx &W) {
  const ParentMap &PM = Fr.L->parents();
  const Stmt *Cur = Start;
  bool Write = false, Known = false;
  bool NeedDeref = ThroughPointer;
  for (unsigned Depth = 0; Depth < 16 && !Known; ++Depth) {
    const Stmt *P = PM.getParent(Cur);
    if (!P)
      break;
    if (const auto *ICE = dyn_cast<ImplicitCastExpr>(P)) {
      if (ICE->getCastKind() == CK_LValueToRValue) {
        if (NeedDeref) { // reading the pointer itself
          Cur = P;
          continue;
        }
        Known = true;
        break;
      }
      Cur = P;
      continue;
    }
    if (isa<ParenExpr, CXXStaticCastExpr, CStyleCastExpr,
            CXXReinterpretCastExpr>(P)) {
      Cur = P;
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->getOpcode() == UO_Deref && NeedDeref) {
        NeedDeref = false;
        Cur = P;
        continue;
      }
      if (NeedDeref)
        return;
      if (UO->isIncrementDecrementOp())
        Write = Known = true;
      else if (UO->getOpcode() == UO_AddrOf)
        return; // escapes; where it goes is not followed
      else
        Known = true;
      break;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      if (ME->isArrow() != NeedDeref)
        break; // reads the pointer only
      NeedDeref = false;
      if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl())) {
        // A synchronisation member (`acct.m`): its own operations
        // synchronise; naming it is not an access of the data.
        if (isSynchronisationType(FD->getType()))
          return;
        if (FD->getType()->isReferenceType())
          return; // names another object, not followed
        Path.field(FD);
        Cur = P;
        continue;
      }
      // A member call: decided by the method.
      const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(P));
      const auto *MD = MC ? MC->getMethodDecl() : nullptr;
      if (!MD)
        break;
      Known = true;
      if (MD->isConst() || Oracle.callIsSynchronised(MD))
        break;
      if (MD->getIdentifier() && isAccessorName(MD->getName())) {
        Known = false;
        Cur = MC;
        continue;
      }
      Write = true;
      break;
    }
    if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(P)) {
      if (ASE->getBase()->IgnoreParenImpCasts() != Cur &&
          ASE->getBase() != Cur) {
        Known = true; // used as the index
        break;
      }
      NeedDeref = false;
      Path.append(elementStepOf(ASE->getIdx()));
      Cur = P;
      continue;
    }
    if (NeedDeref)
      return;
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      if (BO->isAssignmentOp() && BO->getLHS()->IgnoreParens() == Cur)
        Write = true;
      Known = true;
      break;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {
      auto Op = OC->getOperator();
      bool IsObject = OC->getNumArgs() > 0 &&
                      isa<Expr>(Cur) &&
                      OC->getArg(0)->IgnoreImplicit() ==
                          cast<Expr>(Cur)->IgnoreImplicit();
      if (IsObject && Op == OO_Subscript) {
        if (isAssociative(OC->getArg(0)->getType())) {
          Write = Known = true;
          break;
        }
        if (OC->getNumArgs() == 2)
          Path.append(elementStepOf(OC->getArg(1)));
        Cur = P;
        continue;
      }
      if (IsObject && (OC->isAssignmentOp() || Op == OO_PlusPlus ||
                       Op == OO_MinusMinus)) {
        Write = Known = true;
        break;
      }
      if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee()))
        if (IsObject) {
          Write = !MD->isConst() && !Oracle.callIsSynchronised(MD);
          Known = true;
          break;
        }
      // Fall through to argument handling.
    }
    if (const auto *CE = dyn_cast<CallExpr>(P)) {
      const FunctionDecl *FD = CE->getDirectCallee();
      Known = true;
      if (!FD)
        break;
      if (FD->isInStdNamespace() && FD->getIdentifier() &&
          (FD->getName() == "ref" || FD->getName() == "cref"))
        return; // handed to a spawn or wrapper, not accessed here
      unsigned Shift = isa<CXXOperatorCallExpr>(CE) &&
                               isa<CXXMethodDecl>(FD)
                           ? 1
                           : 0;
      for (unsigned I = 0; I < CE->getNumArgs(); ++I)
        if (CE->getArg(I) == Cur && I >= Shift &&
            I - Shift < FD->getNumParams()) {
          QualType PT = FD->getParamDecl(I - Shift)->getType();
          // Bound to a reference parameter of a function the walk follows:
          // the access is whatever the callee does with it.
          if (PT->isReferenceType() && followed(FD))
            return;
          Write = PT->isLValueReferenceType() &&
                  !PT.getNonReferenceType().isConstQualified();
          if (FD->isInStdNamespace() && FD->getIdentifier() &&
              FD->getName() == "move")
            Write = true;
        }
      break;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
      Known = true;
      const CXXConstructorDecl *Ctor = CE->getConstructor();
      for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams(); ++I)
        if (CE->getArg(I) == Cur) {
          QualType PT = Ctor->getParamDecl(I)->getType();
          Write = PT->isRValueReferenceType() ||
                  (PT->isLValueReferenceType() &&
                   !PT.getNonReferenceType().isConstQualified());
        }
      break;
    }
    Known = true;
    break;
  }
  if (NeedDeref)
    return;
  std::optional<cu::LockSet> Held = heldAt(Start, Fr, W);
  if (!Held)
    return; // unreachable code

  Access A;
  A.Var = Var;
  A.Path = std::move(Path);
  A.E = Start;
  A.Write = Write;
  A.Locks = std::move(*Held);
  A.Kind = W.Kind;
  A.Spawn = W.Spawn;
  A.Class = W.Class;
  A.Offset = offset(Start->getBeginLoc());
  A.Top = W.TopSite ? W.TopSite : Start;
  A.Spawner = W.Spawner;
  A.RootFn = W.RootFn;
  if (W.Kind == CtxKind::Window) {
    if (W.AliveOverride) {
      A.Alive = *W.AliveOverride;
    } else {
      for (unsigned ID : SpawnsOf.lookup(W.Spawner))
        if (alive(C.Spawns[ID], A.Top))
          A.Alive.push_back(ID);
    }
    if (A.Alive.empty())
      return;
  }
  Accesses.push_back(std::move(A));
}

void Analysis::walk(const FunctionDecl *F, const cu::LockSet &Entry,
                    WalkCtx &W, unsigned Depth, const LambdaExpr *AsLambda) {
  if (!F || !F->hasBody() || Depth > MaxDepth)
    return;
  F = F->getDefinition() ? F->getDefinition() : F;
  if (!isUserCode(F) || F->isDependentContext())
    return;
  unsigned Key = (W.Kind == CtxKind::Entry ? W.Spawn : 1000000u) +
                 (W.Kind == CtxKind::External ? 2000000u : 0u) +
                 (W.Kind == CtxKind::Recall ? 3000000u : 0u);
  if (Visiting.count({F, Key}))
    return; // recursion
  // The same function in the same context with the same locks records the
  // same accesses: walk it once (keeps dense call graphs cheap).
  std::string Memo;
  {
    llvm::raw_string_ostream OS(Memo);
    OS << static_cast<const void *>(F) << '/' << Key << '/'
       << static_cast<const void *>(W.Class) << '/'
       << static_cast<const void *>(AsLambda);
    OS << '+' << Entry.str();
    for (const cu::HeldLock &L : Entry.locks())
      OS << '+' << static_cast<const void *>(L.Lock.root());
    if (W.AliveOverride)
      for (unsigned ID : *W.AliveOverride)
        OS << ',' << ID;
    for (const WalkCtx::Binding &B : W.Bindings)
      OS << ';' << static_cast<const void *>(B.Param) << '='
         << B.Target.str() << '@'
         << static_cast<const void *>(B.Target.root());
  }
  if (!Walked.insert(Memo).second)
    return;
  Visiting.insert({F, Key});
  if (W.Kind == CtxKind::Entry)
    ReachedFromEntries.insert(F);
  Frame Fr;
  Fr.D = F;
  Fr.L = locksets(F, F->getBody(), Entry);
  if (!Fr.L) {
    Visiting.erase({F, Key});
    return;
  }
  if (AsLambda)
    for (const LambdaCapture &Cap : AsLambda->captures())
      if (Cap.capturesVariable() && Cap.getCaptureKind() == LCK_ByCopy)
        if (const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar()))
          Fr.CopyCaptures.insert(VD);
  walkStmt(F->getBody(), Fr, W, Depth);
  // Allow the same function to be walked again with another lockset.
  Visiting.erase({F, Key});
}

/// The lambda a local variable holds, if it was initialised with one.
const LambdaExpr *lambdaInit(const VarDecl *VD) {
  if (!VD || !VD->hasLocalStorage() || !VD->getInit())
    return nullptr;
  return dyn_cast<LambdaExpr>(cu::stripCallableWrappers(VD->getInit()));
}

void Analysis::walkLambdaAt(const LambdaExpr *L, const Stmt *Site, Frame &Fr,
                            WalkCtx &W, unsigned Depth) {
  std::optional<cu::LockSet> Held = heldAt(Site, Fr, W);
  if (!Held)
    return;
  Frame Inner;
  Inner.D = L->getCallOperator();
  Inner.L = locksets(L->getCallOperator(), L->getBody(), *Held);
  if (!Inner.L)
    return;
  Inner.CopyCaptures = Fr.CopyCaptures;
  for (const LambdaCapture &Cap : L->captures())
    if (Cap.capturesVariable() && Cap.getCaptureKind() == LCK_ByCopy)
      if (const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar()))
        Inner.CopyCaptures.insert(VD);
  // The body runs at the call: in a window, with the threads alive there.
  llvm::SmallVector<unsigned, 4> Alive;
  WalkCtx Sub = W;
  Sub.TopSite = W.TopSite ? W.TopSite : Site;
  if (W.Kind == CtxKind::Window && !W.AliveOverride) {
    for (unsigned ID : SpawnsOf.lookup(W.Spawner))
      if (alive(C.Spawns[ID], Sub.TopSite))
        Alive.push_back(ID);
    if (Alive.empty())
      return;
    Sub.AliveOverride = &Alive;
  }
  walkStmt(L->getBody(), Inner, Sub, Depth);
}

void Analysis::walkStmt(const Stmt *S, Frame &Fr, WalkCtx &W, unsigned Depth) {
  if (!S)
    return;
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (const LambdaExpr *L = lambdaInit(VD)) {
          StoredLambdas[VD] = L;
          Stored.insert(L);
        }
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    // Capture initialisers run here; naming a variable in a by-reference
    // capture is not an access.
    auto Init = L->capture_init_begin();
    for (const LambdaCapture &Cap : L->captures()) {
      const Expr *E = *Init++;
      if (Cap.capturesVariable() && Cap.getCaptureKind() == LCK_ByRef &&
          !Cap.capturesVLAType() && !L->isInitCapture(&Cap))
        continue;
      walkStmt(E, Fr, W, Depth);
    }
    // Spawned lambdas are contexts of their own; stored ones run where they
    // are called.
    if (isSpawnCallable(L) || Stored.count(L))
      return;
    // A lambda passed on or called in place runs here, with the locks held
    // here.
    walkLambdaAt(L, L, Fr, W, Depth);
    return;
  }
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    // std::call_once runs its callable once, before anyone else goes on.
    if (FD && FD->isInStdNamespace() && FD->getIdentifier() &&
        FD->getName() == "call_once")
      return;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    bool ThroughPointer = false;
    if (std::optional<SharedRef> R = sharedVar(DRE, Fr, W, ThroughPointer))
      access(DRE, R->Path, R->Var, ThroughPointer, Fr, W);
    return;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S)) {
    if (W.Class && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        if (!isImmutable(FD->getType()) && !isSynchronisationType(FD->getType()) &&
            !FD->getType()->isReferenceType() && !FD->isMutable()) {
          cu::AccessPath P = cu::AccessPath::ofThis(W.Class);
          P.field(FD);
          access(ME, P, FD, false, Fr, W);
          return;
        }
  }
  for (const Stmt *Child : S->children())
    walkStmt(Child, Fr, W, Depth);

  const auto *CE = dyn_cast<CallExpr>(S);
  if (!CE)
    return;
  // A stored lambda called here: its body runs here.
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(CE))
    if (OC->getOperator() == OO_Call && OC->getNumArgs() > 0)
      if (const auto *DRE =
              dyn_cast<DeclRefExpr>(OC->getArg(0)->IgnoreParenImpCasts()))
        if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl())) {
          auto It = StoredLambdas.find(VD);
          if (It != StoredLambdas.end()) {
            walkLambdaAt(It->second, CE, Fr, W, Depth);
            return;
          }
        }

  // Follow calls into functions defined in this TU, with the locks held.
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!followed(FD))
    return;
  if (cu::classifySpawn(CE))
    return;
  std::optional<cu::LockSet> Held = heldAt(CE, Fr, W);
  if (!Held)
    return;
  WalkCtx Sub;
  Sub.Kind = W.Kind;
  Sub.Spawn = W.Spawn;
  Sub.Spawner = W.Spawner;
  Sub.Class = nullptr;
  Sub.TopSite = W.TopSite ? W.TopSite : CE;
  Sub.RootFn = W.RootFn;
  llvm::SmallVector<unsigned, 4> Alive;
  if (W.Kind == CtxKind::Window) {
    if (W.AliveOverride) {
      Alive = *W.AliveOverride;
    } else {
      for (unsigned ID : SpawnsOf.lookup(W.Spawner))
        if (alive(C.Spawns[ID], Sub.TopSite))
          Alive.push_back(ID);
    }
    if (Alive.empty())
      return;
    Sub.AliveOverride = &Alive;
  }
  // Member calls on `this` keep the shared object.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
    if (isa<CXXThisExpr>(MC->getImplicitObjectArgument()->IgnoreParenImpCasts()))
      Sub.Class = W.Class;
  // Reference and pointer parameters bound to shared state: the callee's
  // accesses through them are accesses of that state.
  const FunctionDecl *Def = FD->getDefinition();
  unsigned Shift = isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(FD) ? 1 : 0;
  for (unsigned I = Shift; I < CE->getNumArgs(); ++I) {
    if (I - Shift >= Def->getNumParams())
      break;
    const ParmVarDecl *PVD = Def->getParamDecl(I - Shift);
    QualType PT = PVD->getType();
    bool Pointer = PT->isPointerType();
    if (!Pointer && !PT->isReferenceType())
      continue;
    if (std::optional<SharedRef> R = sharedPath(CE->getArg(I), Pointer, Fr, W))
      Sub.Bindings.push_back({PVD, R->Path, R->Var, Pointer});
  }
  walk(FD, *Held, Sub, Depth + 1);
}

const FunctionDecl *Analysis::bodyOf(const Access &X) const {
  switch (X.Kind) {
  case CtxKind::Entry:
    return C.Spawns[X.Spawn].Entry;
  case CtxKind::Window:
    return X.Spawner;
  case CtxKind::External:
  case CtxKind::Recall:
    return nullptr;
  }
  return nullptr;
}

cu::SyncFacts *Analysis::sync(const FunctionDecl *F) {
  if (!F || !F->hasBody())
    return nullptr;
  F = F->getDefinition() ? F->getDefinition() : F;
  auto It = Syncs.find(F);
  if (It != Syncs.end())
    return It->second.get();
  std::unique_ptr<cu::SyncFacts> S;
  if (const cu::FunctionCFG *G = CFGs.get(F, F->getBody(), Ctx)) {
    auto &A = SyncAliases[F];
    A = std::make_unique<cu::AliasMap>(F->getBody(), G->parents());
    S = std::make_unique<cu::SyncFacts>(*G, A.get());
  }
  cu::SyncFacts *R = S.get();
  Syncs[F] = std::move(S);
  return R;
}

unsigned Analysis::releasers(const cu::AccessPath &Channel) {
  unsigned N = 0;
  llvm::SmallPtrSet<const FunctionDecl *, 8> Spawners;
  for (const SpawnInfo &I : C.Spawns) {
    if (!I.Concurrent)
      continue;
    if (cu::SyncFacts *S = sync(I.Entry))
      if (S->releases(Channel))
        N += I.SelfConcurrent ? 2 : 1;
    if (Spawners.insert(I.Spawner).second)
      if (cu::SyncFacts *S = sync(I.Spawner))
        if (S->releases(Channel))
          ++N;
  }
  return N;
}

bool Analysis::ordered(const Access &X, const Access &Y) {
  for (int Dir = 0; Dir < 2; ++Dir) {
    const Access &P = Dir ? Y : X, &Q = Dir ? X : Y;
    cu::SyncFacts *SP = sync(bodyOf(P)), *SQ = sync(bodyOf(Q));
    if (!SP || !SQ || !P.Top || !Q.Top)
      continue;
    for (const cu::ChannelOps &O : SP->channels()) {
      if (O.Releases.empty())
        continue;
      if (O.Kind != cu::ChannelKind::Latch && releasers(O.Channel) > 1)
        continue;
      if (SP->beforeAllReleases(O.Channel, P.Top) &&
          SQ->afterAcquire(O.Channel, Q.Top))
        return true;
    }
  }
  return false;
}

std::string Analysis::hbKey(const Access &X) {
  cu::SyncFacts *S = sync(bodyOf(X));
  if (!S || !X.Top || S->channels().empty())
    return "";
  std::string K = "|hb";
  for (const cu::ChannelOps &O : S->channels()) {
    K += S->beforeAllReleases(O.Channel, X.Top) ? 'B' : '-';
    K += S->afterAcquire(O.Channel, X.Top) ? 'A' : '-';
  }
  return K;
}

void Analysis::run() {
  prepareSpawns();
  // Entry points.
  for (const SpawnInfo &I : C.Spawns) {
    if (!I.Concurrent)
      continue;
    WalkCtx W;
    W.Kind = CtxKind::Entry;
    W.Spawn = I.ID;
    W.Class = I.ThisClass;
    for (const auto &[Param, Arg] : cu::entryParamBindings(I.S)) {
      bool Pointer = Param->getType()->isPointerType();
      bool Ref = Param->getType()->isReferenceType() &&
                 !Param->getType().getNonReferenceType().isConstQualified();
      if (!Pointer && !Ref)
        continue;
      // std::ref(x) / &x / x: the object the parameter names or points to.
      const Expr *Stripped = Arg->IgnoreImplicit();
      if (const auto *CE = dyn_cast<CallExpr>(Stripped))
        if (const FunctionDecl *FD = CE->getDirectCallee())
          if (FD->isInStdNamespace() && FD->getIdentifier() &&
              (FD->getName() == "ref" || FD->getName() == "cref") &&
              CE->getNumArgs() == 1)
            Stripped = CE->getArg(0);
      Frame None;
      WalkCtx Outer;
      Outer.Class = I.ThisClass;
      if (std::optional<SharedRef> R = sharedPath(Stripped, Pointer, None, Outer))
        W.Bindings.push_back({Param, R->Path, R->Var, Pointer});
    }
    walk(I.Entry, cu::LockSet(), W, 0, spawnedLambda(I.S));
  }
  // Spawning functions while their threads run.
  for (const auto &[Spawner, IDs] : SpawnsOf) {
    bool Any = llvm::any_of(IDs, [&](unsigned ID) { return C.Spawns[ID].Concurrent; });
    if (!Any)
      continue;
    WalkCtx W;
    W.Kind = CtxKind::Window;
    W.Spawner = Spawner;
    if (isa<CXXMethodDecl>(Spawner))
      for (unsigned ID : IDs)
        if (C.Spawns[ID].ThisClass)
          W.Class = C.Spawns[ID].ThisClass;
    Frame Fr;
    Fr.D = Spawner;
    Fr.L = locksets(Spawner, Spawner->getBody(), cu::LockSet());
    if (Fr.L)
      walkStmt(Spawner->getBody(), Fr, W, 0);
  }
  // The public interface of classes whose members run as entry points.
  llvm::SmallPtrSet<const CXXRecordDecl *, 4> Classes;
  for (const SpawnInfo &I : C.Spawns)
    if (I.Concurrent && I.ThisClass)
      Classes.insert(I.ThisClass);
  for (const CXXRecordDecl *RD : Classes) {
    if (!RD->hasDefinition())
      continue;
    for (const CXXMethodDecl *MD : RD->getDefinition()->methods()) {
      if (isa<CXXConstructorDecl, CXXDestructorDecl>(MD) || MD->isStatic() ||
          MD->getAccess() == AS_private || MD->isCopyAssignmentOperator() ||
          MD->isMoveAssignmentOperator() || MD->isImplicit())
        continue;
      const FunctionDecl *Def = MD->getDefinition();
      if (!Def || ReachedFromEntries.count(Def) || SpawnsOf.count(Def))
        continue;
      WalkCtx W;
      W.Kind = CtxKind::External;
      W.Class = RD;
      walk(Def, cu::LockSet(), W, 0);
    }
  }
  // Classes that lock their own mutex: their public methods, each on its
  // own, for the lock-consistency rule.
  for (const CXXRecordDecl *RD : C.Records)
    for (const CXXMethodDecl *MD : RD->methods()) {
      if (isa<CXXConstructorDecl, CXXDestructorDecl>(MD) || MD->isStatic() ||
          MD->getAccess() != AS_public || MD->isCopyAssignmentOperator() ||
          MD->isMoveAssignmentOperator() || MD->isImplicit())
        continue;
      const FunctionDecl *Def = MD->getDefinition();
      if (!Def || !Def->hasBody())
        continue;
      WalkCtx W;
      W.Kind = CtxKind::Recall;
      W.Class = RD;
      W.RootFn = Def;
      walk(Def, cu::LockSet(), W, 0);
    }
}

//===----------------------------------------------------------------------===//
// Races
//===----------------------------------------------------------------------===//

/// Equal but for the indices of element steps: the same abstract location.
bool sameAbstract(const cu::AccessPath &A, const cu::AccessPath &B) {
  if (A.rootKind() != B.rootKind() || A.root() != B.root() ||
      A.thisClass() != B.thisClass() || A.steps().size() != B.steps().size())
    return false;
  for (unsigned I = 0; I < A.steps().size(); ++I) {
    const cu::PathStep &X = A.steps()[I], &Y = B.steps()[I];
    if (X.Kind != Y.Kind ||
        (X.Kind == cu::PathStep::Field && X.Decl != Y.Decl))
      return false;
  }
  return true;
}

/// Is the lock \p L held at access \p X the same object as the lock \p M
/// held at access \p Y?
///  - the same path to a fixed object (a global or local mutex, `this->mu_`
///    of the object the threads share, a constant element): yes;
///  - co-located with the data (`acct.m` held around `acct.balance`,
///    `accts[i].m` around `accts[i].balance`): the two accesses touch the
///    same object only if their prefixes name the same object, and then the
///    two locks are the same too. So the lock counts as common.
bool sameLock(const cu::AccessPath &L, const Access &X, const cu::AccessPath &M,
              const Access &Y) {
  if (!L.steps().empty() && L.steps().size() == M.steps().size() &&
      L.steps().back().Kind == cu::PathStep::Field &&
      L.steps().back() == M.steps().back()) {
    cu::AccessPath LP = L.prefix(L.steps().size() - 1);
    cu::AccessPath MP = M.prefix(M.steps().size() - 1);
    if (sameAbstract(LP, MP) && LP.isPrefixOf(X.Path) && MP.isPrefixOf(Y.Path))
      return true;
  }
  if (L != M)
    return false;
  for (const cu::PathStep &St : L.steps())
    if (St.Kind == cu::PathStep::Element && !St.Constant)
      return false; // `locks[i]`: which element differs between threads
  return true;
}

/// Some lock is held at both accesses, exclusively at one of them at least.
/// An unknown lock at either access counts (silence on what is not known).
bool protects(const Access &X, const Access &Y) {
  if (X.Locks.hasUnknown() || Y.Locks.hasUnknown())
    return true;
  for (const cu::HeldLock &L : X.Locks.locks())
    for (const cu::HeldLock &M : Y.Locks.locks())
      if ((!L.Shared || !M.Shared) && sameLock(L.Lock, X, M.Lock, Y))
        return true;
  return false;
}

/// The class of accesses that behave alike in the race search: same object,
/// kind, context and locks.
std::string signature(const Access &A) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << A.Path.str() << '@' << static_cast<const void *>(A.Path.root()) << '@'
     << static_cast<const void *>(A.Path.thisClass());
  for (const cu::PathStep &St : A.Path.steps())
    OS << '/' << static_cast<const void *>(St.Decl);
  OS << '|' << A.Write << static_cast<int>(A.Kind) << '|' << A.Spawn << '|'
     << static_cast<const void *>(A.Class) << '|';
  for (unsigned ID : A.Alive)
    OS << ID << ',';
  OS << '|' << A.Locks.str();
  for (const cu::HeldLock &L : A.Locks.locks()) {
    OS << '#' << static_cast<const void *>(L.Lock.root());
    for (const cu::PathStep &St : L.Lock.steps())
      OS << '/' << static_cast<const void *>(St.Decl);
  }
  return S;
}

/// Two spawns of one function overlap when one is started while the other
/// may run.
bool mayOverlap(const SpawnInfo &A, const SpawnInfo &B) {
  if (A.Spawner == B.Spawner)
    return A.Window.runningAt(B.S.Site) || B.Window.runningAt(A.S.Site);
  return true;
}

/// Configure, then start: \p Ext writes a member from a public member function
/// that no thread runs, and \p Entry only reads it on a thread that the object
/// starts from its own member function. Taken to mean the write is done
/// before that member starts the thread (thread creation orders it first);
/// a setter called while the threads run is missed (an assumption, not a
/// proof: ConfigureBeforeStart turns it off).
bool configuredBeforeStart(const Access &Entry, const Access &Ext,
                           const SpawnInfo &S) {
  return Ext.Write && !Entry.Write && S.StartedByOwnMember &&
         isa<FieldDecl>(Entry.Var);
}

bool concurrent(const Access &A, const Access &B,
                const std::vector<SpawnInfo> &Spawns,
                bool ConfigureBeforeStart) {
  if (A.Kind != CtxKind::Entry && B.Kind != CtxKind::Entry)
    return false;
  if (A.Kind != CtxKind::Entry)
    return concurrent(B, A, Spawns, ConfigureBeforeStart);
  const SpawnInfo &S = Spawns[A.Spawn];
  switch (B.Kind) {
  case CtxKind::Entry:
    if (A.Spawn == B.Spawn)
      return S.SelfConcurrent;
    return mayOverlap(S, Spawns[B.Spawn]);
  case CtxKind::Window:
    return llvm::is_contained(B.Alive, A.Spawn);
  case CtxKind::External:
    if (ConfigureBeforeStart && configuredBeforeStart(A, B, S))
      return false;
    return S.ThisClass && S.ThisClass == B.Class;
  case CtxKind::Recall:
    return false;
  }
  return false;
}

} // namespace

//===----------------------------------------------------------------------===//
// The check
//===----------------------------------------------------------------------===//

UnguardedSharedStateCheck::UnguardedSharedStateCheck(StringRef Name,
                                                     ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      ThreadTypes(Options.get("ThreadTypes", "::std::thread")),
      ThreadPoolSubmitFunctions(
          Options.get("ThreadPoolSubmitFunctions", DefaultPoolFunctions)),
      MaxCallDepth(Options.get("MaxCallDepth", 3U)),
      ConfigureBeforeStart(Options.get("ConfigureBeforeStart", true)),
      SpawnOpts(cu::SpawnOptions::fromStrings(ThreadTypes,
                                              ThreadPoolSubmitFunctions)),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        tidy::utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {}

void UnguardedSharedStateCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThreadTypes", ThreadTypes);
  Options.store(Opts, "ThreadPoolSubmitFunctions", ThreadPoolSubmitFunctions);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
  Options.store(Opts, "ConfigureBeforeStart", ConfigureBeforeStart);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void UnguardedSharedStateCheck::registerPPCallbacks(const SourceManager &SM,
                                                    Preprocessor *PP,
                                                    Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void UnguardedSharedStateCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

namespace {
/// The fix-it, when std::atomic<T> keeps every use compiling and meaning the
/// same.
std::optional<FixItHint> atomicFix(const VarDecl *VD, const ScalarUses *U,
                                   ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (!U || U->Blocked || U->Fine != U->Total || U->Total == 0)
    return std::nullopt;
  if (VD->getPreviousDecl() || VD->getMostRecentDecl() != VD ||
      !VD->getTypeSourceInfo() || !VD->isThisDeclarationADefinition())
    return std::nullopt;
  if (!SM.isInMainFile(SM.getExpansionLoc(VD->getLocation())))
    return std::nullopt;
  SourceRange TR = VD->getTypeSourceInfo()->getTypeLoc().getSourceRange();
  if (TR.getBegin().isMacroID() || TR.getEnd().isMacroID() ||
      VD->getLocation().isMacroID())
    return std::nullopt;
  // One declarator only: `int a = 0, b = 0;` shares the type.
  std::optional<Token> Next = Lexer::findNextToken(VD->getEndLoc(), SM,
                                                   Ctx.getLangOpts());
  if (!Next || !Next->is(tok::semi))
    return std::nullopt;
  StringRef Before = Lexer::getSourceText(
      CharSourceRange::getCharRange(VD->getBeginLoc(), VD->getLocation()), SM,
      Ctx.getLangOpts());
  if (Before.contains(','))
    return std::nullopt;
  PrintingPolicy PP(Ctx.getLangOpts());
  PP.SuppressTagKeyword = true;
  std::string Text = "std::atomic<" + VD->getType().getAsString(PP) + ">";
  if (VD->getType()->isPointerType())
    Text += " ";
  return FixItHint::CreateReplacement(CharSourceRange::getTokenRange(TR), Text);
}
} // namespace

void UnguardedSharedStateCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *TU = Result.Nodes.getNodeAs<TranslationUnitDecl>("tu");
  if (!TU)
    return;
  ASTContext &Ctx = *Result.Context;
  // The project-wide facts of this TU, for the driver's link (no-op unless
  // the driver's worker collects them).
  utils::summary::recordRaces(Ctx);
  Collector Col(Ctx, SpawnOpts);
  Col.TraverseDecl(const_cast<TranslationUnitDecl *>(TU));
  if (Col.Spawns.empty() && Col.Records.empty())
    return;
  Analysis A(Ctx, Col, MaxCallDepth);
  A.run();

  // Group by variable, in source order.
  llvm::DenseMap<const ValueDecl *, std::vector<unsigned>> ByVar;
  std::vector<const ValueDecl *> Order;
  for (unsigned I = 0; I < A.Accesses.size(); ++I) {
    auto &V = ByVar[A.Accesses[I].Var];
    if (V.empty())
      Order.push_back(A.Accesses[I].Var);
    V.push_back(I);
  }
  // One report per (source location, entity): the instantiations of one
  // template report the same race once.
  llvm::StringSet<> Reported;
  for (const ValueDecl *Var : Order) {
    std::vector<unsigned> &Idx = ByVar[Var];
    // Drop duplicates of the same expression in the same context.
    llvm::stable_sort(Idx, [&](unsigned X, unsigned Y) {
      return A.Accesses[X].Offset < A.Accesses[Y].Offset;
    });
    // A lock that guards some access of the variable.
    std::optional<cu::AccessPath> Guard;
    const Access *Guarded = nullptr;
    for (unsigned I : Idx)
      if (A.Accesses[I].Kind != CtxKind::Recall &&
          !A.Accesses[I].Locks.locks().empty()) {
        Guard = A.Accesses[I].Locks.locks()[0].Lock;
        Guarded = &A.Accesses[I];
        break;
      }
    // Accesses that behave alike are compared once: the first of each
    // class (in source order) stands for the class. N accesses with the
    // same locks in the same context cost one comparison, not N^2.
    std::vector<unsigned> Reps;
    llvm::StringSet<> Seen;
    for (unsigned I : Idx)
      if (Seen.insert(signature(A.Accesses[I]) + A.hbKey(A.Accesses[I])).second)
        Reps.push_back(I);
    const Access *W = nullptr, *O = nullptr;
    for (unsigned I : Reps) {
      const Access &X = A.Accesses[I];
      if (!X.Write)
        continue;
      for (unsigned J : Reps) {
        const Access &Y = A.Accesses[J];
        if (X.Path.mayAlias(Y.Path) &&
            concurrent(X, Y, Col.Spawns, ConfigureBeforeStart) &&
            !protects(X, Y) && !A.ordered(X, Y)) {
          W = &X;
          O = &Y;
          break;
        }
      }
      if (W)
        break;
    }
    // The lock-consistency rule: a member written under the object's own
    // lock in one public method and accessed without it in another.
    std::optional<cu::AccessPath> RecallGuard;
    const Access *RecallLocked = nullptr;
    if (!W)
      for (unsigned I : Reps) {
        const Access &X = A.Accesses[I];
        if (X.Kind != CtxKind::Recall || !X.Write)
          continue;
        const cu::HeldLock *Own = nullptr;
        for (const cu::HeldLock &L : X.Locks.locks())
          if (L.Lock.rootKind() == cu::PathRoot::This)
            Own = &L;
        if (!Own)
          continue;
        for (unsigned J : Reps) {
          const Access &Y = A.Accesses[J];
          if (Y.Kind != CtxKind::Recall || Y.RootFn == X.RootFn ||
              !X.Path.mayAlias(Y.Path) || protects(X, Y))
            continue;
          W = &Y;
          O = &X;
          RecallGuard = Own->Lock;
          RecallLocked = &X;
          break;
        }
        if (W)
          break;
      }
    if (!W)
      continue;
    {
      const SourceManager &SM = Ctx.getSourceManager();
      std::string Key =
          std::to_string(SM.getFileOffset(SM.getExpansionLoc(W->E->getBeginLoc()))) +
          "/" + Var->getNameAsString();
      if (!Reported.insert(Key).second)
        continue;
    }
    // The thread to point at: the one running the reported access if it is
    // an entry point, otherwise the one running the other access.
    auto threadOf = [&](const Access *First, const Access *Second) {
      return &Col.Spawns[First->Kind == CtxKind::Entry ? First->Spawn
                                                       : Second->Spawn];
    };

    if (RecallGuard) {
      diag(W->E->getBeginLoc(),
           W->Write ? "%0 is written without holding '%1', which guards it "
                      "in other member functions of %2"
                    : "%0 is read without holding '%1', while other member "
                      "functions of %2 write it under that lock")
          << Var << RecallGuard->str() << W->Class;
      diag(RecallLocked->E->getBeginLoc(), "%0 is written while holding '%1' here",
           DiagnosticIDs::Note)
          << Var << RecallGuard->str();
      continue;
    }
    if (Guard) {
      // Inconsistent locking: report the access that lacks the guard.
      auto HoldsGuard = [&](const Access *X) {
        for (const cu::HeldLock &L : X->Locks.locks())
          if (sameLock(L.Lock, *X, *Guard, *Guarded))
            return true;
        return false;
      };
      const Access *Lacking = !HoldsGuard(W) ? W : O;
      const Access *Other = Lacking == W ? O : W;
      diag(Lacking->E->getBeginLoc(),
           Lacking->Write
               ? "%0 is written without holding '%1', which guards it "
                 "elsewhere, while other threads access it"
               : "%0 is read without holding '%1', which guards it elsewhere, "
                 "while other threads write it")
          << Var << Guard->str();
      diag(threadOf(Lacking, Other)->S.Site->getBeginLoc(), "thread started here",
           DiagnosticIDs::Note);
      diag(Other->E->getBeginLoc(), "conflicting access here",
           DiagnosticIDs::Note);
      if (Guarded && Guarded != Other)
        diag(Guarded->E->getBeginLoc(), "%0 is accessed while holding '%1' here",
             DiagnosticIDs::Note)
            << Var << Guard->str();
      continue;
    }

    std::optional<FixItHint> Fix;
    if (const auto *VD = dyn_cast<VarDecl>(Var))
      if (VD->hasGlobalStorage()) {
        auto It = Col.Uses.find(VD);
        Fix = atomicFix(VD, It == Col.Uses.end() ? nullptr : &It->second, Ctx);
      }
    {
      auto D = diag(W->E->getBeginLoc(),
                    "%0 is written by concurrently running threads without "
                    "synchronization")
               << Var;
      if (Fix) {
        D << *Fix;
        const SourceManager &SM = Ctx.getSourceManager();
        if (auto Inc = Inserter.createIncludeInsertion(
                SM.getFileID(SM.getExpansionLoc(Var->getLocation())),
                "<atomic>"))
          D << *Inc;
      }
    }
    diag(threadOf(W, O)->S.Site->getBeginLoc(), "thread started here",
         DiagnosticIDs::Note);
    diag(O->E->getBeginLoc(), "conflicting access here", DiagnosticIDs::Note);
    if (!Fix)
      diag(Var->getLocation(),
           "protect %0 with a mutex held at every access, or make it atomic",
           DiagnosticIDs::Note)
          << Var;
  }
}

} // namespace clang::tidy::conclint
