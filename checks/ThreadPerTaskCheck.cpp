//===-- ThreadPerTaskCheck.cpp - conclint-thread-per-task -----------------===//
//
// A thread per element of a data-dependent loop: as many threads as there
// are items, each paying thread creation, all competing for the same cores.
// Loops with a small constant trip count (the tutorials' five workers), or
// capped by a small constant (`i < std::min(n, 4)`), and loops bounded by
// std::thread::hardware_concurrency() (a fixed pool) are fine; a count that
// reads only constants this TU does not show is unknown and stays silent.
// So is a loop that starts N identical workers -- nothing the new thread
// runs depends on the iteration -- or N workers that each run a worker loop
// taking jobs from shared state: a pool whatever N is. Exact trip counts
// come from utils::CostModel, spawns, their dependence on the iteration and
// worker loops from utils::ThreadEntryPoints.
//
//===----------------------------------------------------------------------===//

#include "ThreadPerTaskCheck.h"
#include "utils/CheckOptions.h"
#include "utils/CostModel.h"

#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <algorithm>
#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace {

/// std::async(std::launch::async, ...) spelled with the async policy.
bool hasAsyncLaunchPolicy(const Expr *Site) {
  const auto *Call = dyn_cast<CallExpr>(Site);
  if (!Call || Call->getNumArgs() == 0)
    return false;
  const Expr *P = Call->getArg(0)->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(P))
    if (const auto *EC = dyn_cast<EnumConstantDecl>(DRE->getDecl()))
      return EC->getName() == "async";
  return false;
}

/// Does \p E mention std::thread::hardware_concurrency(), directly or through
/// the initialiser of a variable it names (a few levels deep)?
bool mentionsHardwareConcurrency(const Stmt *S, unsigned Depth = 3) {
  if (!S)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = Call->getDirectCallee())
      if (FD->getIdentifier() && FD->getName() == "hardware_concurrency")
        return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (Depth > 0 && VD->getInit() &&
          mentionsHardwareConcurrency(VD->getInit(), Depth - 1))
        return true;
  for (const Stmt *C : S->children())
    if (mentionsHardwareConcurrency(C, Depth))
      return true;
  return false;
}

/// The part of a loop that decides how often it runs.
const Stmt *tripControl(const Stmt *Loop) {
  if (const auto *F = dyn_cast<ForStmt>(Loop))
    return F->getCond();
  if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop))
    return R->getRangeInit();
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    return W->getCond();
  if (const auto *D = dyn_cast<DoStmt>(Loop))
    return D->getCond();
  return nullptr;
}

/// The value of \p E when it is a constant: an integer constant expression,
/// or the size() of a std::array (a constant of its type, whatever the
/// object).
std::optional<int64_t> constantValue(const Expr *E, const ASTContext &Ctx) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (E->isValueDependent() || !E->getType()->isIntegralOrEnumerationType())
    return std::nullopt;
  Expr::EvalResult R;
  if (E->EvaluateAsInt(R, Ctx) && R.Val.getInt().getSignificantBits() <= 63)
    return R.Val.getInt().getExtValue();
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (const CXXMethodDecl *M = MC->getMethodDecl())
      if (M->getIdentifier() && M->getName() == "size" && MC->getNumArgs() == 0)
        if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(
                M->getParent()))
          if (Spec->isInStdNamespace() && Spec->getName() == "array" &&
              Spec->getTemplateArgs().size() == 2 &&
              Spec->getTemplateArgs()[1].getKind() ==
                  TemplateArgument::Integral)
            return Spec->getTemplateArgs()[1].getAsIntegral().getExtValue();
  return std::nullopt;
}

/// A constant that \p E never exceeds: a constant, or std::min of
/// arguments one of which has such a bound.
std::optional<int64_t> constantUpperBound(const Expr *E,
                                          const ASTContext &Ctx) {
  if (auto C = constantValue(E, Ctx))
    return C;
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD || !FD->isInStdNamespace() || !FD->getIdentifier() ||
      FD->getName() != "min")
    return std::nullopt;
  std::optional<int64_t> Best;
  for (const Expr *A : Call->arguments())
    if (auto B = constantUpperBound(A, Ctx))
      Best = Best ? std::min(*Best, *B) : *B;
  return Best;
}

const VarDecl *inductionVar(const Expr *E) {
  if (const auto *D = dyn_cast_or_null<DeclRefExpr>(
          E ? E->IgnoreParenImpCasts() : nullptr))
    return dyn_cast<VarDecl>(D->getDecl());
  return nullptr;
}

/// +1 / -1 when \p Inc (or one operand of a comma in it) steps \p V up or
/// down by one, +2 for a larger constant step up; 0 otherwise.
int stepOf(const Expr *Inc, const VarDecl *V, const ASTContext &Ctx) {
  if (!Inc)
    return 0;
  Inc = Inc->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(Inc)) {
    if (BO->getOpcode() == BO_Comma) {
      if (int S = stepOf(BO->getLHS(), V, Ctx))
        return S;
      return stepOf(BO->getRHS(), V, Ctx);
    }
    if (const auto *CA = dyn_cast<CompoundAssignOperator>(BO))
      if (inductionVar(CA->getLHS()) == V)
        if (auto C = constantValue(CA->getRHS(), Ctx); C && *C > 0)
          return CA->getOpcode() == BO_AddAssign   ? (*C == 1 ? 1 : 2)
                 : CA->getOpcode() == BO_SubAssign && *C == 1 ? -1
                                                              : 0;
    return 0;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(Inc))
    if (inductionVar(UO->getSubExpr()) == V)
      return UO->isIncrementOp() ? 1 : UO->isDecrementOp() ? -1 : 0;
  return 0;
}

void conjuncts(const Expr *E, llvm::SmallVectorImpl<const Expr *> &Out) {
  E = E->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(E);
      BO && BO->getOpcode() == BO_LAnd) {
    conjuncts(BO->getLHS(), Out);
    conjuncts(BO->getRHS(), Out);
    return;
  }
  Out.push_back(E);
}

/// A constant bound on the trip count of a counted for loop whose exact
/// count is unknown: one conjunct of its condition compares the induction
/// variable, stepped by one towards it, with a constant upper bound
/// (`i < std::min(n, 4)`, `i < v.size() && i < 8`, `i <= 4`), from a
/// constant start (or any start, for an unsigned variable counting up).
std::optional<uint64_t> boundedTripCount(const Stmt *Loop,
                                         const ASTContext &Ctx) {
  const auto *F = dyn_cast<ForStmt>(Loop);
  if (!F || !F->getCond())
    return std::nullopt;
  const VarDecl *V = nullptr;
  const Expr *Start = nullptr;
  if (const auto *DS = dyn_cast_or_null<DeclStmt>(F->getInit())) {
    if (DS->isSingleDecl())
      if ((V = dyn_cast<VarDecl>(DS->getSingleDecl())))
        Start = V->getInit();
  } else if (const auto *BO = dyn_cast_or_null<BinaryOperator>(F->getInit())) {
    if (BO->getOpcode() == BO_Assign) {
      V = inductionVar(BO->getLHS());
      Start = BO->getRHS();
    }
  }
  if (!V || !V->getType()->isIntegerType())
    return std::nullopt;
  int Step = stepOf(F->getInc(), V, Ctx);
  if (Step == 0)
    return std::nullopt;
  std::optional<int64_t> StartValue = constantValue(Start, Ctx);
  llvm::SmallVector<const Expr *, 3> Parts;
  conjuncts(F->getCond(), Parts);
  std::optional<int64_t> Best;
  for (const Expr *P : Parts) {
    const auto *Cmp = dyn_cast<BinaryOperator>(P);
    if (!Cmp || !Cmp->isComparisonOp())
      continue;
    BinaryOperatorKind Op = Cmp->getOpcode();
    const Expr *Other = nullptr;
    if (inductionVar(Cmp->getLHS()) == V) {
      Other = Cmp->getRHS();
    } else if (inductionVar(Cmp->getRHS()) == V) {
      Other = Cmp->getLHS();
      Op = BinaryOperator::reverseComparisonOp(Op);
    } else {
      continue;
    }
    std::optional<int64_t> N;
    if (Step > 0 && (Op == BO_LT || Op == BO_LE || (Op == BO_NE && Step == 1))) {
      std::optional<int64_t> From = StartValue;
      if (!From && V->getType()->isUnsignedIntegerType())
        From = 0;
      if (auto B = constantUpperBound(Other, Ctx); B && From)
        N = *B - *From + (Op == BO_LE ? 1 : 0);
    } else if (Step < 0 && (Op == BO_GT || Op == BO_GE || Op == BO_NE)) {
      std::optional<int64_t> From = constantUpperBound(Start, Ctx);
      if (auto B = constantValue(Other, Ctx); B && From)
        N = *From - *B + (Op == BO_GE ? 1 : 0);
    }
    if (N)
      Best = Best ? std::min(*Best, *N) : *N;
  }
  if (!Best)
    return std::nullopt;
  return uint64_t(std::max<int64_t>(*Best, 0));
}

/// Whether \p Control reads nothing but constants whose value this TU does
/// not show (`extern const int kWorkers;`, a static const member defined
/// elsewhere) besides literals and the loop's own variables: the trip count
/// is unknown, neither shown constant nor shown to come from data.
bool onlyOpaqueConstants(const Stmt *Control, const Stmt *Loop) {
  if (!Control)
    return false;
  llvm::SmallPtrSet<const VarDecl *, 4> Own;
  if (const auto *F = dyn_cast<ForStmt>(Loop))
    if (const auto *DS = dyn_cast_or_null<DeclStmt>(F->getInit()))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          Own.insert(VD);
  bool SawOpaque = false;
  std::function<bool(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S)
      return true;
    if (const auto *D = dyn_cast<DeclRefExpr>(S)) {
      const auto *VD = dyn_cast<VarDecl>(D->getDecl());
      if (!VD)
        return false;
      if (Own.contains(VD))
        return true;
      const VarDecl *Init = nullptr;
      if (VD->hasGlobalStorage() && VD->getType().isConstQualified() &&
          !VD->getAnyInitializer(Init)) {
        SawOpaque = true;
        return true;
      }
      return false;
    }
    if (isa<CallExpr, MemberExpr, CXXThisExpr>(S))
      return false;
    for (const Stmt *C : S->children())
      if (!Walk(C))
        return false;
    return true;
  };
  return Walk(Control) && SawOpaque;
}

/// The thread type a spawn constructs ("std::thread", "my::worker_thread"),
/// or the spawn kind's name.
std::string spawnedTypeName(const utils::ThreadSpawn &S) {
  const CXXRecordDecl *RD = nullptr;
  if (const auto *CE = dyn_cast<CXXConstructExpr>(S.Site))
    RD = CE->getConstructor()->getParent();
  else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S.Site))
    if (const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
            MC->getRecordDecl()))
      if (Spec->getTemplateArgs().size() > 0 &&
          Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type)
        RD = Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  if (RD && S.Kind != utils::SpawnKind::Async)
    return llvm::StringRef(utils::qualifiedName(RD)).drop_front(2).str();
  return utils::spawnKindName(S.Kind).str();
}

} // namespace

ThreadPerTaskCheck::ThreadPerTaskCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      SmallTripCount(Options.get("SmallTripCount", 64U)),
      ThreadTypes(Options.get("ThreadTypes", "::std::thread")),
      SpawnOpts(utils::SpawnOptions::fromStrings(ThreadTypes, "")),
      ReportIdenticalWorkers(Options.get("ReportIdenticalWorkers", false)) {}

void ThreadPerTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SmallTripCount", SmallTripCount);
  Options.store(Opts, "ThreadTypes", ThreadTypes);
  Options.store(Opts, "ReportIdenticalWorkers", ReportIdenticalWorkers);
}

void ThreadPerTaskCheck::registerMatchers(MatchFinder *Finder) {
  std::vector<std::string> Types = SpawnOpts.ThreadTypes;
  Types.push_back("::std::jthread");
  std::vector<StringRef> TypeRefs(Types.begin(), Types.end());
  auto ThreadType = cxxRecordDecl(hasAnyName(TypeRefs));
  auto Spawn = expr(anyOf(
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(ThreadType)))),
      callExpr(callee(functionDecl(hasName("::std::async")))),
      cxxMemberCallExpr(callee(cxxMethodDecl(
          hasAnyName("emplace_back", "emplace", "emplace_front"))))));
  Finder->addMatcher(
      stmt(anyOf(forStmt(), cxxForRangeStmt(), whileStmt(), doStmt()),
           unless(isExpansionInSystemHeader()), hasDescendant(Spawn),
           optionally(forCallable(decl().bind("fn"))))
          .bind("loop"),
      this);
}

void ThreadPerTaskCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Loop = Result.Nodes.getNodeAs<Stmt>("loop");
  ASTContext &Ctx = *Result.Context;
  // Templates are judged on their instantiations (ThreadEntryPoints.h).
  if (const auto *Fn = Result.Nodes.getNodeAs<Decl>("fn"))
    if (const auto *DC = dyn_cast<DeclContext>(Fn);
        DC && utils::isTemplatePattern(DC))
      return;

  // Outer loops are matched before inner ones, so the first match that sees
  // a spawn sees its whole loop nest; later matches skip it.
  llvm::SmallVector<const Stmt *, 4> Path;
  auto Decide = [&](const utils::ThreadSpawn &S) {
    if (!Decided.insert(S.Site).second)
      return;
    const Stmt *Culprit = nullptr;
    uint64_t Product = 1;
    bool Opaque = false;
    for (const Stmt *L : Path) {
      if (mentionsHardwareConcurrency(tripControl(L)))
        continue; // one per core: a fixed pool
      std::optional<uint64_t> N = utils::CostModel::constantTripCount(L, Ctx);
      // A data-dependent count capped by a small constant is small.
      if (!N)
        if (auto B = boundedTripCount(L, Ctx); B && *B <= SmallTripCount)
          N = B;
      if (!N && onlyOpaqueConstants(tripControl(L), L)) {
        Opaque = true; // truly unknown: neither constant nor data
        continue;
      }
      if (!N) {
        Culprit = L;
        break;
      }
      Product = *N != 0 && Product > UINT64_MAX / 4 / *N ? UINT64_MAX / 4
                                                         : Product * *N;
    }
    if (!Culprit && Opaque)
      return;
    bool LargeConstant = !Culprit && Product > SmallTripCount;
    if (!Culprit && !LargeConstant)
      return;
    if (LargeConstant)
      Culprit = Path.front();
    // N identical workers are a pool: only a spawn whose callable or
    // arguments change with the iteration starts a thread per task.
    // So are N workers that each run a worker loop taking jobs from shared
    // state, even when each is handed its index or name.
    if (!ReportIdenticalWorkers && (!utils::spawnVariesPerIteration(S, Culprit) ||
                                    utils::runsWorkerLoop(S)))
      return;

    if (!Reported.first(S.Site->getBeginLoc()))
      return;
    std::string What = spawnedTypeName(S);
    diag(S.Site->getBeginLoc(),
         "'%0' starts a new thread for every iteration of %select{a loop "
         "whose trip count depends on data|a loop nest of %2 iterations}1, "
         "which oversubscribes the CPU and pays thread start-up per task; "
         "run the tasks on a fixed pool of "
         "'std::thread::hardware_concurrency()' workers")
        << What << (LargeConstant ? 1 : 0) << std::to_string(Product);
    diag(Culprit->getBeginLoc(),
         LargeConstant ? "loop nest here" : "loop whose trip count depends "
                                            "on data here",
         DiagnosticIDs::Note);
  };

  std::function<void(const Stmt *)> Walk = [&](const Stmt *S) {
    if (!S || isa<LambdaExpr>(S))
      return;
    if (const auto *E = dyn_cast<Expr>(S)) {
      std::optional<utils::ThreadSpawn> Sp = utils::classifySpawn(E, SpawnOpts);
      if (!Sp)
        Sp = utils::classifyContainerEmplace(E, SpawnOpts);
      if (Sp && (Sp->Kind == utils::SpawnKind::Thread ||
                 Sp->Kind == utils::SpawnKind::JThread ||
                 (Sp->Kind == utils::SpawnKind::Async &&
                  hasAsyncLaunchPolicy(Sp->Site))))
        Decide(*Sp);
    }
    bool IsLoop = utils::CostModel::isLoop(S);
    if (IsLoop)
      Path.push_back(S);
    for (const Stmt *C : S->children())
      Walk(C);
    if (IsLoop)
      Path.pop_back();
  };
  Walk(Loop);
}

} // namespace clang::tidy::conclint
