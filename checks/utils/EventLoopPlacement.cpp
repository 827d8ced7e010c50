//===-- EventLoopPlacement.cpp - which code is shown to run on an event loop ===//

#include "EventLoopPlacement.h"
#include "utils/Walker.h"
#include "CallSummaries.h"
#include "ThreadEntryPoints.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::conclint::utils {

namespace {

/// One placement per template pattern: instantiations share their pattern's.
const FunctionDecl *placementKey(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
    FD = P;
  return FD->getCanonicalDecl();
}

/// The function a co_spawn's second argument starts: the coroutine a call
/// creates (`f(args)`, `obj.run()`), or a lambda's / function object's call
/// operator (entryFunction).
const FunctionDecl *spawnedFunction(const ThreadSpawn &S,
                                    const CallExpr *&CreatingCall) {
  CreatingCall = nullptr;
  if (!S.Callable)
    return nullptr;
  const Expr *C = stripCallableWrappers(S.Callable)->IgnoreImplicit();
  while (true) {
    C = C->IgnoreParens()->IgnoreImplicit();
    if (const auto *Cons = dyn_cast<CXXConstructExpr>(C);
        Cons && Cons->getNumArgs() == 1 && !isa<CXXTemporaryObjectExpr>(Cons)) {
      C = Cons->getArg(0);
      continue;
    }
    if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(C)) {
      C = BT->getSubExpr();
      continue;
    }
    break;
  }
  if (const auto *Call = dyn_cast<CallExpr>(C)) {
    if (isa<CXXOperatorCallExpr>(Call) &&
        cast<CXXOperatorCallExpr>(Call)->getOperator() == OO_Call)
      return nullptr; // an immediately invoked lambda: its result is spawned
    const FunctionDecl *Def = definitionOf(Call->getDirectCallee());
    if (Def && isCoroutine(Def)) {
      CreatingCall = Call;
      return Def;
    }
    return nullptr;
  }
  return entryFunction(S);
}

/// `co_await this_coro::executor` (Asio, Boost.Asio).
bool isThisCoroExecutor(const Expr *E) {
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  const Expr *Operand = nullptr;
  if (const auto *CA = dyn_cast<CoawaitExpr>(E))
    Operand = CA->getOperand();
  else if (const auto *DA = dyn_cast<DependentCoawaitExpr>(E))
    Operand = DA->getOperand();
  if (!Operand)
    return false;
  const auto *DRE = dyn_cast<DeclRefExpr>(Operand->IgnoreParenImpCasts());
  if (!DRE || !DRE->getDecl()->getIdentifier() ||
      DRE->getDecl()->getName() != "executor")
    return false;
  const auto *NS = dyn_cast<NamespaceDecl>(DRE->getDecl()->getDeclContext());
  return NS && NS->getIdentifier() && NS->getName() == "this_coro";
}

/// The executor expression names the running coroutine's own executor:
/// `co_await this_coro::executor`, or a local variable initialised with it.
bool isOwnExecutor(const Expr *E) {
  if (!E)
    return false;
  E = stripCallableWrappers(E)->IgnoreImplicit()->IgnoreParens();
  while (const auto *Cons = dyn_cast<CXXConstructExpr>(E)) {
    if (Cons->getNumArgs() != 1)
      break;
    E = Cons->getArg(0)->IgnoreImplicit()->IgnoreParens();
  }
  if (isThisCoroExecutor(E))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->isLocalVarDecl() && VD->getInit()) {
        const Expr *Init = VD->getInit()->IgnoreImplicit();
        if (const auto *Cons = dyn_cast<CXXConstructExpr>(Init);
            Cons && Cons->getNumArgs() == 1)
          Init = Cons->getArg(0)->IgnoreImplicit();
        return isThisCoroExecutor(Init);
      }
  return false;
}

} // namespace

struct EventLoopPlacement::Facts {
  struct Edge {
    const FunctionDecl *Owner;  ///< the function (as walked) that starts it
    const FunctionDecl *Target; ///< what it starts
    const Stmt *Site;
  };
  llvm::DenseMap<const FunctionDecl *, LoopPlacement> Placed;
  llvm::DenseMap<const FunctionDecl *, std::vector<Edge>> Edges;
  std::vector<std::pair<const FunctionDecl *, LoopPlacement>> Roots;
  llvm::DenseSet<const FunctionDecl *> Walked;
  llvm::DenseMap<const FunctionDecl *,
                 std::unique_ptr<CoroutineSwitchAnalysis>>
      Switches;
};

EventLoopPlacement::EventLoopPlacement(ExecutorNames N,
                                       std::vector<AwaitablePattern> P,
                                       NameSet T)
    : Names(std::move(N)), SwitchPatterns(std::move(P)),
      CoroutineTypes(std::move(T)) {}

EventLoopPlacement::~EventLoopPlacement() = default;

void EventLoopPlacement::reset() {
  F.reset();
  FactsCtx = nullptr;
}

namespace {
class PlacementWalker : public Walker {
public:
  using Visit = llvm::function_ref<void(const FunctionDecl *)>;
  PlacementWalker(const SourceManager &SM, Visit V) : SM(SM), V(V) {}
  bool shouldVisitTemplateInstantiations() const override { return true; }
  bool VisitFunctionDecl(FunctionDecl *FD) override {
    if (FD->doesThisDeclarationHaveABody() &&
        !SM.isInSystemHeader(FD->getLocation()))
      V(FD);
    return true;
  }

private:
  const SourceManager &SM;
  Visit V;
};
} // namespace

void EventLoopPlacement::build(ASTContext &Ctx) {
  F = std::make_unique<Facts>();
  FactsCtx = &Ctx;
  Facts &Fs = *F;

  std::function<void(const FunctionDecl *)> Process;
  std::function<void(const Stmt *, const FunctionDecl *,
                     llvm::SmallPtrSetImpl<const Stmt *> &)>
      Walk = [&](const Stmt *S, const FunctionDecl *Owner,
                 llvm::SmallPtrSetImpl<const Stmt *> &Skip) {
        if (!S)
          return;
        if (const auto *L = dyn_cast<LambdaExpr>(S)) {
          Process(L->getCallOperator());
          for (const Expr *Init : L->capture_inits())
            Walk(Init, Owner, Skip);
          return;
        }
        if (const auto *E = dyn_cast<Expr>(S)) {
          if (std::optional<ThreadSpawn> Sp = classifySpawn(E)) {
            const FunctionDecl *Target = nullptr;
            const CallExpr *Creating = nullptr;
            LoopPlacement::How How = LoopPlacement::How::Spawned;
            if (Sp->Kind == SpawnKind::AsioCoSpawn) {
              Target = spawnedFunction(*Sp, Creating);
            } else if (Sp->Kind == SpawnKind::AsioPost && Sp->Callable) {
              Target = entryFunction(*Sp);
              How = LoopPlacement::How::Posted;
            }
            if (Creating)
              Skip.insert(Creating); // started where the executor says
            if (Target && Sp->Executor) {
              if (describeExecutor(Sp->Executor, Names).Context ==
                  ExecutorKind::IoContext) {
                LoopPlacement P;
                P.Kind = How;
                P.Site = E;
                Fs.Roots.push_back({Target, P});
              } else if (isOwnExecutor(Sp->Executor)) {
                Fs.Edges[placementKey(Owner)].push_back({Owner, Target, E});
              }
            }
          }
          if (const auto *Call = dyn_cast<CallExpr>(E); Call && !Skip.contains(Call))
            if (const FunctionDecl *Def =
                    definitionOf(Call->getDirectCallee());
                Def && isCoroutine(Def))
              Fs.Edges[placementKey(Owner)].push_back({Owner, Def, Call});
        }
        for (const Stmt *C : S->children())
          Walk(C, Owner, Skip);
      };

  Process = [&](const FunctionDecl *FD) {
    if (!FD || !FD->getBody() || !Fs.Walked.insert(FD).second)
      return;
    if (isCoroutine(FD) && !CoroutineTypes.empty())
      if (const auto *RD = FD->getReturnType()->getAsCXXRecordDecl())
        if (CoroutineTypes.contains(RD)) {
          LoopPlacement P;
          P.Kind = LoopPlacement::How::CoroutineType;
          Fs.Roots.push_back({FD, P});
        }
    llvm::SmallPtrSet<const Stmt *, 4> Skip;
    Walk(FD->getBody(), FD, Skip);
  };

  auto Visit = [&](const FunctionDecl *FD) { Process(FD); };
  PlacementWalker W(Ctx.getSourceManager(), Visit);
  W.TraverseDecl(Ctx.getTranslationUnitDecl());

  // Propagate along the "starts" edges from the roots.
  std::vector<const FunctionDecl *> Work;
  for (auto &[Target, P] : Fs.Roots)
    if (Fs.Placed.try_emplace(placementKey(Target), P).second)
      Work.push_back(placementKey(Target));
  while (!Work.empty()) {
    const FunctionDecl *K = Work.back();
    Work.pop_back();
    auto It = Fs.Edges.find(K);
    if (It == Fs.Edges.end())
      continue;
    for (const Facts::Edge &E : It->second) {
      const FunctionDecl *TK = placementKey(E.Target);
      if (Fs.Placed.count(TK))
        continue;
      if (isCoroutine(E.Owner)) {
        auto &A = Fs.Switches[E.Owner];
        if (!A)
          A = std::make_unique<CoroutineSwitchAnalysis>(E.Owner,
                                                        SwitchPatterns);
        if (A->runsOffEventLoop(E.Site))
          continue; // started after a switch to another executor
      }
      LoopPlacement P;
      P.Kind = LoopPlacement::How::StartedFrom;
      P.Site = E.Site;
      P.From = E.Owner;
      Fs.Placed.try_emplace(TK, P);
      Work.push_back(TK);
    }
  }
}

const LoopPlacement *EventLoopPlacement::placement(const FunctionDecl *FD,
                                                   ASTContext &Ctx) {
  if (!F || FactsCtx != &Ctx)
    build(Ctx);
  auto It = F->Placed.find(placementKey(FD));
  return It == F->Placed.end() ? nullptr : &It->second;
}

} // namespace clang::tidy::conclint::utils
