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
#include "utils/LoopBounds.h"

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
      ReportIdenticalWorkers(
          utils::readBoolOption(*this, Options, "ReportIdenticalWorkers",
                                false)) {}

void ThreadPerTaskCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "SmallTripCount", SmallTripCount);
  Options.store(Opts, "ThreadTypes", ThreadTypes);
  Options.store(Opts, "ReportIdenticalWorkers",
                utils::boolOptionText(ReportIdenticalWorkers));
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
      if (utils::mentionsHardwareConcurrency(utils::loopTripControl(L)))
        continue; // one per core: a fixed pool
      std::optional<uint64_t> N = utils::CostModel::constantTripCount(L, Ctx);
      // A data-dependent count capped by a small constant is small.
      if (!N)
        if (auto B = utils::loopTripCountBound(L, Ctx); B && *B <= SmallTripCount)
          N = B;
      if (!N && utils::loopBoundIsOpaqueConstant(L)) {
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
