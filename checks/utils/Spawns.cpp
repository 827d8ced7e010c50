//===-- Spawns.cpp - the spawns of one translation unit ---------------===//

#include "utils/Spawns.h"

#include "utils/Executors.h"
#include "utils/SyncTypes.h"
#include "utils/Walker.h"

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::conclint::utils {

/// The variable or member an expression names (`t`, `this->t`, `obj.t`,
/// `*pt`, `&t`): used to match thread handles to their joins.
const ValueDecl *namedDecl(const Expr *E) {
  while (E) {
    E = E->IgnoreImplicit()->IgnoreParenImpCasts();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
      if (CE->getNumArgs() == 1 &&
          CE->getConstructor()->isCopyOrMoveConstructor()) {
        E = CE->getArg(0);
        continue;
      }
      return nullptr;
    }
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

SpawnDestination destinationOf(const Stmt *Site, const ParentMap &PM,
                               bool SiteObjectIsHandle) {
  SpawnDestination R;
  using K = SpawnDestination::Kind;
  if (SiteObjectIsHandle)
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Site))
      if (const ValueDecl *D = namedDecl(MC->getImplicitObjectArgument()))
        R.Handles.push_back(D); // pool.submit(f), threads.emplace_back(f)
  const Stmt *Cur = Site;
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    const Stmt *P = PM.getParent(Cur);
    if (!P) {
      R.K = K::Discarded;
      return R;
    }
    if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr,
            ExprWithCleanups, CXXFunctionalCastExpr, ParenExpr,
            CStyleCastExpr, CXXStaticCastExpr>(P) ||
        (isa<CXXConstructExpr>(P) &&
         cast<CXXConstructExpr>(P)->getNumArgs() == 1)) {
      Cur = P;
      continue;
    }
    if (const auto *DS = dyn_cast<DeclStmt>(P)) {
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          R.Handles.push_back(VD);
      R.K = K::Stored;
      return R;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      const ValueDecl *D =
          BO->isAssignmentOp() ? namedDecl(BO->getLHS()) : nullptr;
      if (D)
        R.Handles.push_back(D);
      R.K = D ? K::Stored : K::Unknown;
      return R;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(P)) {
      const ValueDecl *D = OC->isAssignmentOp() && OC->getNumArgs() > 0 &&
                                   OC->getArg(0) != Cur
                               ? namedDecl(OC->getArg(0))
                               : nullptr;
      if (D)
        R.Handles.push_back(D);
      R.K = D ? K::Stored : K::Unknown;
      return R;
    }
    if (const auto *ME = dyn_cast<MemberExpr>(P)) {
      // std::thread(f).detach(), std::async(f).get()
      const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl());
      llvm::StringRef N =
          MD && MD->getIdentifier() ? MD->getName() : llvm::StringRef();
      R.K = N == "detach" ? K::DetachedInStatement
            : (N == "get" || N == "wait" || N == "join")
                ? K::WaitedInStatement
                : K::Unknown;
      return R;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(P)) {
      // threads.push_back(std::thread(f))
      const ValueDecl *D = namedDecl(MC->getImplicitObjectArgument());
      if (D)
        R.Handles.push_back(D);
      R.K = D ? K::Stored : K::Unknown;
      return R;
    }
    if (isa<ReturnStmt>(P)) {
      R.K = K::Returned;
      return R;
    }
    if (isa<CompoundStmt, ForStmt, WhileStmt, DoStmt, IfStmt, SwitchStmt,
            CaseStmt, DefaultStmt, LabelStmt, AttributedStmt>(P)) {
      R.K = K::Discarded;
      return R;
    }
    R.K = K::Unknown; // an argument of another call, a conditional, ...
    return R;
  }
  R.K = K::Unknown;
  return R;
}

/// The lambda a spawn runs: written in place or stored in a local first.
const LambdaExpr *spawnedLambda(const ThreadSpawn &S) {
  if (!S.Callable)
    return nullptr;
  const Expr *C = stripCallableWrappers(S.Callable);
  if (const auto *L = dyn_cast<LambdaExpr>(C))
    return L;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(C))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->hasLocalStorage() && VD->getInit())
        return dyn_cast<LambdaExpr>(stripCallableWrappers(VD->getInit()));
  return nullptr;
}

bool skippedByAnalysis(const Decl *D, const SourceManager &SM) {
  if (!isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
      SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation())))
    return true;
  const auto *FD = dyn_cast<FunctionDecl>(D);
  return FD && FD->doesThisDeclarationHaveABody() && FD->isDependentContext();
}

namespace {

class Collector : public Walker {
public:
  Collector(ASTContext &Ctx, const SpawnOptions &Opts)
      : SM(Ctx.getSourceManager()), Opts(Opts) {}

  // Spawns inside function templates are analysed on their instantiations
  // (the dependent pattern is skipped: see TraverseDecl); the reports of
  // several instantiations at one source location are merged in check().
  bool shouldVisitTemplateInstantiations() const override { return true; }
  bool shouldVisitImplicitCode() const override { return false; }

  bool TraverseDecl(Decl *D) override {
    if (!D)
      return true;
    if (skippedByAnalysis(D, SM))
      return true;
    const auto *FD = dyn_cast<FunctionDecl>(D);
    if (FD && FD->doesThisDeclarationHaveABody()) {
      Stack.push_back(FD);
      bool R = Walker::TraverseDecl(D);
      Stack.pop_back();
      return R;
    }
    return Walker::TraverseDecl(D);
  }

  bool TraverseLambdaExpr(LambdaExpr *L) override {
    Stack.push_back(L->getCallOperator());
    bool R = Walker::TraverseLambdaExpr(L);
    Stack.pop_back();
    return R;
  }

  bool VisitCXXConstructExpr(CXXConstructExpr *E) override { return spawn(E); }

  bool VisitCXXRecordDecl(CXXRecordDecl *RD) override {
    if (!RD->isThisDeclarationADefinition() || RD->isDependentContext() ||
        RD->isLambda() || RD->isInStdNamespace())
      return true;
    for (const FieldDecl *F : RD->fields())
      if (isLockableType(F->getType())) {
        Records.push_back(RD);
        break;
      }
    return true;
  }

  bool VisitCallExpr(CallExpr *E) override {
    spawn(E);
    // io.run() inside a function: noted to tell single- from multi-threaded
    // io_contexts.
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      if (const auto *MD = MC->getMethodDecl())
        if (MD->getIdentifier() && MD->getName() == "run" && !Stack.empty())
          if (classifyExecutor(MC->getImplicitObjectArgument()) ==
              ExecutorKind::IoContext)
            if (const ValueDecl *V = executorDecl(MC->getImplicitObjectArgument()))
              IoRunners.push_back({V, Stack.back()});
    return true;
  }

  std::vector<SpawnInfo> Spawns;
  /// User classes that own a lockable member (candidates for the
  /// lock-consistency rule).
  std::vector<const CXXRecordDecl *> Records;
  std::vector<std::pair<const ValueDecl *, const FunctionDecl *>> IoRunners;

private:
  bool spawn(const Expr *E) {
    if (Stack.empty())
      return true;
    auto S = classifySpawn(E, Opts);
    if (!S)
      return true;
    SpawnInfo I;
    I.S = std::move(*S);
    I.Spawner = Stack.back();
    I.SpawnerBody = I.Spawner->getBody();
    I.Entry = entryFunction(I.S);
    if (I.Entry && I.Entry->getDefinition())
      I.Entry = I.Entry->getDefinition();
    I.ID = Spawns.size();
    Spawns.push_back(std::move(I));
    return true;
  }

  const SourceManager &SM;
  const SpawnOptions &Opts;
  llvm::SmallVector<const FunctionDecl *, 8> Stack;
};

/// The handles the object of a join-like call refers to: the variable or
/// member it names (through subscripts, `operator[]`, `.front()`-style
/// member calls), and for a range-for variable also the range it walks.
void referredDecls(
    const Expr *E,
    const llvm::DenseMap<const VarDecl *, const ValueDecl *> &LoopVars,
    llvm::SmallVectorImpl<const ValueDecl *> &Out) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
      E = ASE->getBase();
      continue;
    }
    if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (OC->getNumArgs() == 0)
        return;
      E = OC->getArg(0);
      continue;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      E = MC->getImplicitObjectArgument();
      if (!E)
        return;
      continue;
    }
    break;
  }
  const ValueDecl *D = namedDecl(E);
  if (!D)
    return;
  Out.push_back(D);
  if (const auto *VD = dyn_cast<VarDecl>(D)) {
    auto It = LoopVars.find(VD);
    if (It != LoopVars.end())
      Out.push_back(It->second);
  }
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

} // namespace

const SpawnModel::BodyJoins &SpawnModel::joinsOf(const Stmt *Body) {
  std::unique_ptr<BodyJoins> &Slot = Joins[Body];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<BodyJoins>();
  struct Finder : Walker {
    bool shouldVisitLambdaBody() const override { return false; }
    // Range-for variables over a handle container.
    bool VisitCXXForRangeStmt(CXXForRangeStmt *S) override {
      if (const ValueDecl *D = namedDecl(S->getRangeInit()))
        LoopVars[S->getLoopVariable()] = D;
      return true;
    }
    bool VisitCompoundStmt(CompoundStmt *CS) override {
      for (const Stmt *Child : CS->body())
        if (const auto *DS = dyn_cast<DeclStmt>(Child))
          for (const Decl *D : DS->decls())
            if (const auto *VD = dyn_cast<VarDecl>(D))
              Out->Scoped.insert(VD);
      return true;
    }
    bool VisitCallExpr(CallExpr *CE) override {
      const FunctionDecl *FD = CE->getDirectCallee();
      if (!FD || !FD->getIdentifier())
        return true;
      llvm::StringRef N = FD->getName();
      const Expr *Obj = nullptr;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE)) {
        if (N == "join" || N == "get" || N == "wait" ||
            N == "wait_for_tasks" || N == "wait_idle" || N == "wait_all")
          Obj = MC->getImplicitObjectArgument();
      } else if (N == "pthread_join" && CE->getNumArgs() >= 1) {
        Obj = CE->getArg(0);
      }
      if (!Obj)
        return true;
      llvm::SmallVector<const ValueDecl *, 2> Ds;
      referredDecls(Obj, LoopVars, Ds);
      for (const ValueDecl *D : Ds)
        Out->JoinsOf[D].push_back(CE);
      return true;
    }
    BodyJoins *Out = nullptr;
    llvm::DenseMap<const VarDecl *, const ValueDecl *> LoopVars;
  } F;
  F.Out = Slot.get();
  F.TraverseStmt(const_cast<Stmt *>(Body));
  return *Slot;
}

void SpawnModel::build(TranslationUnitDecl *TU) {
  collect(TU);
  prepare();
}

void SpawnModel::collect(TranslationUnitDecl *TU) {
  Collector Col(Ctx, Opts);
  Col.TraverseDecl(TU);
  Spawns = std::move(Col.Spawns);
  Records = std::move(Col.Records);
  IoRunners = std::move(Col.IoRunners);
}

llvm::ArrayRef<unsigned>
SpawnModel::spawnsOf(const FunctionDecl *Spawner) const {
  auto It = SpawnsOf.find(Spawner);
  if (It == SpawnsOf.end())
    return {};
  return It->second;
}

llvm::SmallVector<unsigned, 4> SpawnModel::aliveAt(const FunctionDecl *Spawner,
                                                   const Stmt *S) const {
  llvm::SmallVector<unsigned, 4> Out;
  for (unsigned ID : spawnsOf(Spawner))
    if (Spawns[ID].Concurrent && Spawns[ID].Window.runningAt(S))
      Out.push_back(ID);
  return Out;
}

bool SpawnModel::isSpawnCallable(const Expr *E) const {
  return SpawnCallables.count(E->IgnoreParenImpCasts()) != 0;
}

bool SpawnModel::mayOverlap(unsigned A, unsigned B) const {
  const SpawnInfo &X = Spawns[A], &Y = Spawns[B];
  if (X.Spawner == Y.Spawner)
    return X.Window.runningAt(Y.S.Site) || Y.Window.runningAt(X.S.Site);
  return true;
}

void SpawnModel::computeWindow(SpawnInfo &I, const ParentMap &PM) {
  // The handles through which this spawn is joined.
  SpawnDestination Dest = destinationOf(I.S.Site, PM);
  llvm::SmallVector<const ValueDecl *, 4> Handles = Dest.Handles;
  // A discarded std::async future waits in its destructor at the end of
  // the statement; a temporary waited for in its statement ends there.
  bool Discarded =
      (Dest.K == SpawnDestination::Discarded &&
       I.S.Kind == SpawnKind::Async) ||
      Dest.K == SpawnDestination::WaitedInStatement;
  if (I.S.Kind == SpawnKind::PThreadCreate && I.S.Site)
    if (const auto *CE = dyn_cast<CallExpr>(I.S.Site))
      if (const ValueDecl *D = namedDecl(CE->getArg(0)))
        Handles.push_back(D);
  if (const ValueDecl *D = executorDecl(I.S.Executor))
    Handles.push_back(D);

  // Parallel algorithms return when the work is done; a discarded
  // std::async future waits in its destructor at the end of the statement.
  if (I.S.Kind == SpawnKind::ParallelAlgorithm || Discarded)
    return; // an empty window

  llvm::SmallPtrSet<const Stmt *, 8> Ends;
  llvm::SmallPtrSet<const VarDecl *, 4> EndVars;

  // The joins and scoped handles of the spawning body, found in one pass
  // per body (not per spawn: N spawns in one function cost N, not N^2).
  const BodyJoins &BJ = joinsOf(I.SpawnerBody);
  for (const ValueDecl *H : Handles) {
    auto It = BJ.JoinsOf.find(H);
    if (It != BJ.JoinsOf.end())
      Ends.insert(It->second.begin(), It->second.end());
  }

  // Handles that wait when they go out of scope end the window there.
  for (const ValueDecl *H : Handles)
    if (const auto *VD = dyn_cast<VarDecl>(H))
      if (VD->hasLocalStorage() && joinsOnDestruction(VD->getType()) &&
          BJ.Scoped.count(VD))
        EndVars.insert(VD);

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
  const FunctionCFG *G = CFGs.get(I.Spawner, I.SpawnerBody, Ctx);
  if (G)
    I.Window = ThreadWindow(*G, I.S.Site, Ends, EndVars);
}

void SpawnModel::prepare() {
  for (SpawnInfo &I : Spawns) {
    if (I.S.Callable)
      SpawnCallables.insert(stripCallableWrappers(I.S.Callable));
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
  for (const auto &[Io, Fn] : IoRunners)
    for (const SpawnInfo &I : Spawns)
      if (I.Entry == Fn)
        IoThreads[Io] += I.Loop ? 2 : 1;

  for (SpawnInfo &I : Spawns) {
    if (I.S.Kind == SpawnKind::AsioPost ||
        I.S.Kind == SpawnKind::AsioCoSpawn) {
      switch (classifyExecutor(I.S.Executor)) {
      case ExecutorKind::ThreadPool:
        I.Concurrent = true;
        break;
      case ExecutorKind::IoContext: {
        const ValueDecl *D = executorDecl(I.S.Executor);
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
                       (I.S.Kind == SpawnKind::ParallelAlgorithm ||
                        I.Window.runsAgainWhileRunning());

    // Whose `this` the thread shares.
    const Expr *Callable =
        I.S.Callable ? stripCallableWrappers(I.S.Callable) : nullptr;
    if (const Expr *Obj = entryObjectArg(I.S)) {
      const Expr *O = Obj->IgnoreParenImpCasts();
      bool ByRef = O->getType()->isPointerType() ||
                   stripCallableWrappers(Obj) != Obj->IgnoreImplicit();
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
    for (const auto &[Param, Arg] : entryParamBindings(I.S)) {
      (void)Param;
      if (const auto *VD = dyn_cast_or_null<VarDecl>(
              namedDecl(stripCallableWrappers(Arg))))
        if (VD->hasLocalStorage())
          EscapedLocals.insert(VD);
    }
    auto &Of = SpawnsOf[I.Spawner];
    if (Of.empty())
      Spawners.push_back(I.Spawner);
    Of.push_back(I.ID);
  }
}


} // namespace clang::tidy::conclint::utils
