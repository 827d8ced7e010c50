//===-- TaskNeverAwaitedCheck.cpp - conclint-task-never-awaited -----------===//
//
// A lazy task (Tasks.h) runs nothing until someone resumes it, normally by
// co_await. Two shapes drop one unrun:
//
//  * a discarded call: the task is a temporary destroyed at the end of its
//    statement. Inside a coroutine that can await it, the fix-it adds
//    `co_await`;
//  * a local variable initialised with the task that reaches the end of
//    its lifetime (scope end, return, break, continue, co_return) on some
//    path without any use: a forward "may be unused" bit per variable,
//    solved by utils::runForwardDataflow over the function's CFG, whose
//    implicit destructor elements mark the exits. Any reference to the
//    variable clears the bit (a co_await, a move, passing it on, a member
//    call, a capture): where it goes is not followed, so a task handed to
//    unknown code is taken as run.
//
//===----------------------------------------------------------------------===//

#include "TaskNeverAwaitedCheck.h"
#include "utils/CFGUtils.h"
#include "utils/CoroutineContext.h"
#include "utils/Walker.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace {

/// How diagnostics name the coroutine a call creates: 0 a named function,
/// 1 a coroutine lambda, 2 an unknown callee (a function pointer).
unsigned calleeKind(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return 2;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return 1;
  return 0;
}

std::string calleeName(const CallExpr *Call) {
  return utils::coroutineDisplayName(Call->getDirectCallee());
}

/// Where a call starts as written: a lambda called on the spot starts at
/// the lambda (CXXOperatorCallExpr::getBeginLoc names the parentheses).
SourceLocation callBegin(const CallExpr *Call) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call))
    if (Op->getOperator() == OO_Call && Op->getNumArgs() > 0)
      return Op->getArg(0)->getBeginLoc();
  return Call->getBeginLoc();
}

void addUnique(llvm::SmallVectorImpl<SourceLocation> &Locs, SourceLocation L) {
  if (L.isValid() && !llvm::is_contained(Locs, L))
    Locs.push_back(L);
}

} // namespace

TaskNeverAwaitedCheck::TaskNeverAwaitedCheck(StringRef Name,
                                             ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      LazyTaskTypesRaw(Options.get("LazyTaskTypes", "").str()),
      Tasks(LazyTaskTypesRaw) {}

void TaskNeverAwaitedCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LazyTaskTypes", LazyTaskTypesRaw);
}

void TaskNeverAwaitedCheck::registerMatchers(MatchFinder *Finder) {
  // A call of class type whose value is discarded: a statement of its own
  // (in a block, a branch, a loop body, a case, after a label) or cast to
  // void. Matched from the statement down, so no parent map is needed.
  auto RecordCall =
      callExpr(hasType(hasUnqualifiedDesugaredType(recordType())))
          .bind("call");
  auto Discarded =
      expr(anyOf(ignoringImplicit(RecordCall),
                 ignoringImplicit(explicitCastExpr(
                     hasDestinationType(voidType()),
                     hasSourceExpression(ignoringImplicit(RecordCall))))))
          .bind("statement");
  Finder->addMatcher(
      stmt(unless(isExpansionInSystemHeader()),
           anyOf(compoundStmt(forEach(Discarded)),
                 ifStmt(eachOf(hasThen(Discarded), hasElse(Discarded))),
                 forStmt(hasBody(Discarded)), cxxForRangeStmt(hasBody(Discarded)),
                 whileStmt(hasBody(Discarded)), doStmt(hasBody(Discarded)),
                 switchCase(has(Discarded)), labelStmt(has(Discarded)))),
      this);
  // A local initialised with a call of class type.
  Finder->addMatcher(
      varDecl(hasLocalStorage(), unless(parmVarDecl()),
              unless(isExpansionInSystemHeader()),
              hasType(hasUnqualifiedDesugaredType(recordType())),
              hasInitializer(ignoringImplicit(callExpr())))
          .bind("local"),
      this);
}

void TaskNeverAwaitedCheck::onEndOfTranslationUnit() {
  Tasks.clear();
  CFGs.clear();
  Analyzed.clear();
  Reported.clear();
}

void TaskNeverAwaitedCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call")) {
    checkDiscarded(Call, Result.Nodes.getNodeAs<Expr>("statement"), Ctx);
    return;
  }
  if (const auto *VD = Result.Nodes.getNodeAs<VarDecl>("local")) {
    const auto *FD =
        dyn_cast_or_null<FunctionDecl>(VD->getParentFunctionOrMethod());
    // Templates are analysed on their instantiations (ThreadEntryPoints.h).
    if (FD && !utils::isTemplatePattern(FD) &&
        Tasks.lazyTaskCall(VD->getInit(), Ctx) && Analyzed.insert(FD).second)
      analyzeFunction(FD, Ctx);
  }
}

bool TaskNeverAwaitedCheck::canAwaitHere(const Expr *Statement,
                                         const CallExpr *Call,
                                         ASTContext &Ctx) {
  if (Statement->getBeginLoc().isMacroID() ||
      isa<ExplicitCastExpr>(Statement->IgnoreImplicit()))
    return false;
  const FunctionDecl *Coro = utils::enclosingCoroutine(Statement, Ctx);
  if (!Coro || Coro->isTemplateInstantiation() ||
      utils::isTemplatePattern(Coro))
    return false;
  // co_await is not allowed in a handler.
  DynTypedNode Node = DynTypedNode::create(*Statement);
  for (;;) {
    auto Parents = Ctx.getParents(Node);
    if (Parents.empty())
      break;
    Node = Parents[0];
    if (Node.get<CXXCatchStmt>())
      return false;
    if (Node.get<FunctionDecl>() || Node.get<LambdaExpr>())
      break;
  }
  return utils::canCoAwaitIn(Call->getType(), Coro);
}

void TaskNeverAwaitedCheck::checkDiscarded(const CallExpr *Call,
                                           const Expr *Statement,
                                           ASTContext &Ctx) {
  if (!Statement || !Tasks.lazyTaskCall(Call, Ctx) ||
      !Reported.first(callBegin(Call)))
    return;
  auto D = diag(callBegin(Call),
                "lazy task returned by %select{'%1'|a coroutine lambda|this "
                "call}0 is discarded without being awaited, so the coroutine "
                "never runs")
           << calleeKind(Call) << calleeName(Call) << Call->getSourceRange();
  if (canAwaitHere(Statement, Call, Ctx))
    D << FixItHint::CreateInsertion(callBegin(Call), "co_await ");
}

void TaskNeverAwaitedCheck::analyzeFunction(const FunctionDecl *FD,
                                            ASTContext &Ctx) {
  if (!FD->hasBody())
    return;
  // The tracked variables: locals of this function (not of a lambda in it)
  // holding a lazy task, by value.
  llvm::SmallVector<const VarDecl *, 4> Vars;
  llvm::SmallVector<const CallExpr *, 4> Creators;
  struct Collect : utils::Walker {
    bool TraverseLambdaExpr(LambdaExpr *) override { return true; }
    bool VisitVarDecl(VarDecl *VD) override {
      if (VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
          !VD->getType()->isReferenceType() && VD->getInit() &&
          VD->getParentFunctionOrMethod() == FD)
        if (const CallExpr *C = Self->Tasks.lazyTaskCall(VD->getInit(), Ctx)) {
          Vars.push_back(VD);
          Creators.push_back(C);
        }
      return true;
    }
    TaskNeverAwaitedCheck *Self;
    const FunctionDecl *FD;
    ASTContext &Ctx;
    llvm::SmallVectorImpl<const VarDecl *> &Vars;
    llvm::SmallVectorImpl<const CallExpr *> &Creators;
    Collect(TaskNeverAwaitedCheck *Self, const FunctionDecl *FD,
            ASTContext &Ctx, llvm::SmallVectorImpl<const VarDecl *> &Vars,
            llvm::SmallVectorImpl<const CallExpr *> &Creators)
        : Self(Self), FD(FD), Ctx(Ctx), Vars(Vars), Creators(Creators) {}
  } Collector(this, FD, Ctx, Vars, Creators);
  Collector.TraverseStmt(FD->getBody());
  if (Vars.empty())
    return;
  llvm::DenseMap<const VarDecl *, unsigned> Index;
  for (unsigned I = 0; I < Vars.size(); ++I)
    Index[Vars[I]] = I;
  auto IndexOf = [&](const Decl *D) -> std::optional<unsigned> {
    if (const auto *VD = dyn_cast_or_null<VarDecl>(D)) {
      auto It = Index.find(VD);
      if (It != Index.end())
        return It->second;
    }
    return std::nullopt;
  };

  const utils::FunctionCFG *G = CFGs.get(FD, FD->getBody(), Ctx);
  if (!G)
    return;

  // "May hold a task nobody has used": set by the declaration, cleared by
  // any reference (a DeclRefExpr element, or a lambda capturing it).
  auto Transfer = [&](const CFGElement &E, llvm::BitVector &State) {
    auto S = E.getAs<CFGStmt>();
    if (!S)
      return;
    const Stmt *St = S->getStmt();
    if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls())
        if (auto I = IndexOf(D))
          State.set(*I);
      return;
    }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(St)) {
      if (auto I = IndexOf(DRE->getDecl()))
        State.reset(*I);
      return;
    }
    if (const auto *L = dyn_cast<LambdaExpr>(St))
      for (const LambdaCapture &C : L->captures())
        if (C.capturesVariable())
          if (auto I = IndexOf(C.getCapturedVar()))
            State.reset(*I);
  };
  auto Join = [](llvm::BitVector &Into, const llvm::BitVector &From) {
    llvm::BitVector Before = Into;
    Into |= From;
    return Into != Before;
  };
  utils::DataflowResult<llvm::BitVector> R = utils::runForwardDataflow(
      *G, llvm::BitVector(Vars.size()), Transfer, Join);
  if (!R.Converged)
    return;

  std::vector<llvm::SmallVector<SourceLocation, 2>> Exits(Vars.size());
  for (const CFGBlock *B : G->cfg())
    utils::replayBlock(R, *B, Transfer,
                       [&](const CFGElement &E, const llvm::BitVector &State) {
                         if (auto D = E.getAs<CFGAutomaticObjDtor>())
                           if (auto I = IndexOf(D->getVarDecl()))
                             if (State[*I])
                               addUnique(Exits[*I],
                                         utils::scopeExitLocation(*D));
                       });

  const SourceManager &SM = Ctx.getSourceManager();
  for (unsigned I = 0; I < Vars.size(); ++I) {
    if (Exits[I].empty() || !Reported.first(Vars[I]->getLocation()))
      continue;
    llvm::sort(Exits[I], [&](SourceLocation A, SourceLocation B) {
      return SM.isBeforeInTranslationUnit(A, B);
    });
    const CallExpr *C = Creators[I];
    diag(Vars[I]->getLocation(),
         "lazy task %0 returned by %select{'%2'|a coroutine lambda|this "
         "call}1 can be destroyed without being awaited, so the coroutine "
         "never runs")
        << Vars[I] << calleeKind(C) << calleeName(C);
    for (SourceLocation L : Exits[I])
      diag(L, "%0 leaves scope here without being awaited",
           DiagnosticIDs::Note)
          << Vars[I];
  }
}

} // namespace clang::tidy::conclint
