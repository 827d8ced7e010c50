//===-- UnreleasedLockCheck.cpp - unreleased-lock -------------------------===//

#include "UnreleasedLockCheck.h"
#include "utils/LockScopes.h"
#include "utils/SyncTypes.h"
#include "utils/Throws.h"
#include "utils/Walker.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

#include <functional>

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace {

bool isWithin(const Stmt *S, const Stmt *Scope, const ParentMap &PM) {
  for (; S; S = PM.getParent(S))
    if (S == Scope)
      return true;
  return false;
}

/// The parent of \p S with implicit wrappers (cleanups, casts) looked
/// through.
const Stmt *statementParent(const Stmt *S, const ParentMap &PM) {
  const Stmt *P = PM.getParent(S);
  while (P && isa<ExprWithCleanups, ImplicitCastExpr>(P))
    P = PM.getParent(P);
  return P;
}

/// Whether leaving through \p J (return, break, continue, throw) takes
/// control out of \p Scope.
bool leavesScope(const Stmt *J, const Stmt *Scope, const ParentMap &PM) {
  if (isa<ReturnStmt>(J))
    return true;
  const Stmt *Child = J;
  for (const Stmt *P = PM.getParent(J); P; Child = P, P = PM.getParent(P)) {
    if (P == Scope)
      return true;
    if (isa<CXXThrowExpr>(J)) {
      if (const auto *Try = dyn_cast<CXXTryStmt>(P))
        if (Try->getTryBlock() == Child)
          return false; // may be caught inside the scope
      continue;
    }
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P))
      return false; // the loop it breaks or continues is inside the scope
    if (isa<BreakStmt>(J) && isa<SwitchStmt>(P))
      return false;
  }
  return true;
}

/// Whether an exception thrown at \p Call leaves \p Scope (no try block
/// between them).
bool exceptionLeavesScope(const Stmt *Call, const Stmt *Scope,
                          const ParentMap &PM) {
  const Stmt *Child = Call;
  for (const Stmt *P = PM.getParent(Call); P && P != Scope;
       Child = P, P = PM.getParent(P))
    if (const auto *Try = dyn_cast<CXXTryStmt>(P))
      if (Try->getTryBlock() == Child)
        return false;
  return true;
}

/// Whether \p Scope lies in the try block of a try statement of the body.
bool insideTry(const Stmt *Scope, const ParentMap &PM) {
  const Stmt *Child = Scope;
  for (const Stmt *P = PM.getParent(Scope); P; Child = P, P = PM.getParent(P))
    if (const auto *Try = dyn_cast<CXXTryStmt>(P))
      if (Try->getTryBlock() == Child)
        return true;
  return false;
}

bool isNothrowCall(const CallExpr *Call) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD)
    return false;
  if (const auto *FPT = FD->getType()->getAs<FunctionProtoType>())
    return FPT->isNothrow();
  return false;
}

/// A lock operation of a lockable or a guard (`m.lock()`, `lk.unlock()`,
/// `mu.unlock_upgrade_and_lock()`): it throws only when the primitive
/// itself fails (std::system_error, boost::lock_error), as std::mutex's own
/// operations do, which are not exception sources either (their bodies are
/// in a system header). Not an exception source.
bool isLockOperation(const CallExpr *Call) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(Call);
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  const Expr *Obj = MC ? MC->getImplicitObjectArgument() : nullptr;
  if (!MD || !MD->getIdentifier() || !Obj ||
      !MD->getName().contains_insensitive("lock"))
    return false;
  QualType T = Obj->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return utils::isLockableType(T) || utils::isGuardType(T);
}

struct ThrowFinder : utils::Walker {
  llvm::SmallVector<const Stmt *, 4> Throws;
  llvm::SmallVector<const CallExpr *, 8> Calls;
  /// The branches of the function's precondition guards (utils/Throws.h):
  /// they run only on a misuse of the receiver.
  llvm::SmallPtrSet<const Stmt *, 2> Guards;
  bool TraverseLambdaExpr(LambdaExpr *) override { return true; }
  bool TraverseIfStmt(IfStmt *S) override {
    if (!Guards.count(S->getThen()))
      return utils::Walker::TraverseIfStmt(S);
    TraverseStmt(S->getCond());
    TraverseStmt(S->getElse());
    return true;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) override { return true; }
  bool TraverseCXXTryStmt(CXXTryStmt *S) override {
    // What the try block throws may be caught here; the handlers may
    // rethrow.
    for (unsigned I = 0; I < S->getNumHandlers(); ++I)
      TraverseStmt(S->getHandler(I));
    return true;
  }
  bool VisitCXXThrowExpr(CXXThrowExpr *E) override {
    // An allocation failure is not counted (utils/Throws.h).
    if (!utils::throwsAllocationFailure(E))
      Throws.push_back(E);
    return true;
  }
  bool VisitCallExpr(CallExpr *C) override {
    Calls.push_back(C);
    return true;
  }
};

std::string exitName(const Stmt *J) {
  if (isa<ReturnStmt>(J))
    return "'return'";
  if (isa<BreakStmt>(J))
    return "'break'";
  if (isa<ContinueStmt>(J))
    return "'continue'";
  return "'throw'";
}

/// The object expression and arrow-ness of a manual `m.lock()`.
const MemberExpr *lockMember(const Stmt *Site) {
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(Site);
  return MC ? dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()) : nullptr;
}

} // namespace

UnreleasedLockCheck::UnreleasedLockCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      Throws(std::make_unique<utils::CallSummaries>(
          [this](const FunctionDecl *FD) { return throwSites(FD); })) {}

void UnreleasedLockCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(stmt()),
                                  unless(isExpansionInSystemHeader()))
                         .bind("fn"),
                     this);
}

void UnreleasedLockCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn"))
    analyse(FD, *Result.Context);
}

void UnreleasedLockCheck::onEndOfTranslationUnit() {
  Throws->clear();
  CFGs.clear();
}

llvm::SmallVector<utils::Site, 8>
UnreleasedLockCheck::throwSites(const FunctionDecl *FD) {
  llvm::SmallVector<utils::Site, 8> Out;
  ThrowFinder F;
  utils::preconditionGuardBranches(FD, F.Guards);
  F.TraverseStmt(FD->getBody());
  for (const Stmt *T : F.Throws) {
    Out.push_back(utils::Site::root(T));
    return Out;
  }
  const SourceManager &SM = FD->getASTContext().getSourceManager();
  for (const CallExpr *C : F.Calls) {
    if (isNothrowCall(C) || isLockOperation(C))
      continue;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
      if (utils::failedPrecondition(MC, FD->getBody())) {
        Out.push_back(utils::Site::root(C));
        return Out;
      }
    const FunctionDecl *Def = utils::definitionOf(C->getDirectCallee());
    if (Def && !Def->isDependentContext() &&
        !SM.isInSystemHeader(Def->getLocation()))
      Out.push_back(utils::Site::call(C, Def));
  }
  return Out;
}

void UnreleasedLockCheck::analyse(const FunctionDecl *FD, ASTContext &Ctx) {
  if (FD->isDependentContext() || !utils::takesLocks(FD->getBody()))
    return;
  // Exception edges only where a try statement can catch what a call
  // throws (without one the call rule below needs no CFG edge).
  struct HasTry : utils::Walker {
    bool Found = false;
    bool VisitCXXTryStmt(CXXTryStmt *) override {
      Found = true;
      return false;
    }
  } T;
  T.TraverseStmt(FD->getBody());
  const utils::FunctionCFG *G = CFGs.get(FD, FD->getBody(), Ctx, T.Found);
  if (!G)
    return;
  auto Facts = utils::FunctionLockFacts::analyze(*G, Ctx);
  if (!Facts)
    return;
  const ParentMap &PM = Facts->parents();
  const SourceManager &SM = Ctx.getSourceManager();
  auto Before = [&](const Stmt *A, const Stmt *B) {
    return SM.isBeforeInTranslationUnit(A->getBeginLoc(), B->getBeginLoc());
  };

  // Locks a guard also handles (adopt_lock, unique_lock over it) are left
  // alone: the facts cannot say which path the guard releases on.
  llvm::SmallVector<utils::AccessPath, 4> Guarded;
  for (const utils::LockEvent &E : Facts->events())
    if (E.Lock && (E.Scoped || E.Guard))
      Guarded.push_back(*E.Lock);

  auto Exits = utils::earlyExitsOf(FD->getBody());
  auto Calls = utils::callsOf(FD->getBody());

  for (const utils::LockEvent &A : Facts->events()) {
    if (A.Kind == utils::LockEvent::Release || A.Scoped || A.Guard || !A.Lock ||
        !A.Site || llvm::is_contained(Guarded, *A.Lock))
      continue;
    const utils::AccessPath &L = *A.Lock;
    // The scope the lock was taken in: the compound statement around the
    // lock() call, or the branch a successful try_lock() guards.
    const Stmt *Scope = nullptr;
    if (A.Kind == utils::LockEvent::TryAcquire) {
      const Stmt *Child = A.Site;
      for (const Stmt *P = PM.getParent(A.Site); P;
           Child = P, P = PM.getParent(P))
        if (const auto *If = dyn_cast<IfStmt>(P)) {
          if (If->getCond() == Child)
            Scope = If->getThen();
          break;
        }
      if (!Scope || !isa<CompoundStmt>(Scope))
        continue;
    } else {
      for (const Stmt *P = PM.getParent(A.Site); P; P = PM.getParent(P))
        if (isa<CompoundStmt>(P)) {
          Scope = P;
          break;
        }
    }
    if (!Scope)
      continue;

    // The releases of the lock in the scope after the acquire: the scope
    // means to unlock it before it ends.
    llvm::SmallVector<const Stmt *, 2> Releases;
    for (const utils::LockEvent &R : Facts->events())
      if (R.Kind == utils::LockEvent::Release && !R.Scoped && R.Lock &&
          *R.Lock == L && R.Site && isWithin(R.Site, Scope, PM) &&
          Before(A.Site, R.Site))
        Releases.push_back(R.Site);
    if (Releases.empty())
      continue;
    const Stmt *LastRelease = Releases.back();
    for (const Stmt *R : Releases)
      if (Before(LastRelease, R))
        LastRelease = R;

    auto HeldAt = [&](const Stmt *S) {
      const utils::LockSet *Must = Facts->mustHoldAt(S);
      return Must && Must->holds(L);
    };
    // At a break or continue (a block terminator, not an element): held at
    // the end of its block, on every path into it.
    std::function<bool(const CFGBlock *, unsigned)> HeldAtEnd =
        [&](const CFGBlock *B, unsigned Depth) -> bool {
      for (auto It = B->rbegin(); It != B->rend(); ++It)
        if (auto CSt = It->getAs<CFGStmt>()) {
          const Stmt *S = CSt->getStmt();
          bool H = HeldAt(S);
          for (const utils::LockEvent &E : Facts->events())
            if (E.Site == S && E.Lock && *E.Lock == L && !E.Scoped) {
              if (E.Kind == utils::LockEvent::Release)
                H = false;
              else if (E.Kind == utils::LockEvent::Acquire)
                H = true;
            }
          return H;
        }
      if (Depth > 8 || B->pred_empty())
        return false; // too far to tell: silence
      bool Any = false;
      for (const CFGBlock::AdjacentBlock &P : B->preds())
        if (const CFGBlock *PB = P.getReachableBlock()) {
          if (!HeldAtEnd(PB, Depth + 1))
            return false;
          Any = true;
        }
      return Any;
    };
    auto HeldAtExit = [&](const Stmt *J) {
      if (!isa<BreakStmt, ContinueStmt>(J))
        return HeldAt(J);
      const CFGBlock *B = G->blockOf(J);
      return B && B->getTerminatorStmt() == J && HeldAtEnd(B, 0);
    };
    auto InWindow = [&](const Stmt *S) {
      return isWithin(S, Scope, PM) && Before(A.Site, S) &&
             Before(S, LastRelease);
    };

    // The paths that leave the scope with the lock held.
    struct Leak {
      const Stmt *At;
      std::string What;
    };
    llvm::SmallVector<Leak, 2> Leaks;
    for (const Stmt *J : Exits)
      if (InWindow(J) && HeldAtExit(J) && leavesScope(J, Scope, PM))
        Leaks.push_back({J, exitName(J)});
    const bool TryAround = insideTry(Scope, PM);
    for (const CallExpr *C : Calls) {
      if (!InWindow(C) || isNothrowCall(C) || isLockOperation(C) ||
          !HeldAt(C) ||
          !exceptionLeavesScope(C, Scope, PM))
        continue;
      const FunctionDecl *Callee = C->getDirectCallee();
      if (!Callee)
        continue;
      bool Throws = false;
      const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
      if (TryAround || (MC && utils::failedPrecondition(MC, FD->getBody())))
        Throws = true;
      else if (const FunctionDecl *Def = utils::definitionOf(Callee))
        Throws = !SM.isInSystemHeader(Def->getLocation()) &&
                 !Def->isDependentContext() && this->Throws->get(Def).Holds;
      if (Throws)
        Leaks.push_back(
            {C, "an exception from '" + Callee->getNameAsString() + "'"});
    }
    if (Leaks.empty())
      continue;
    llvm::sort(Leaks, [&](const Leak &X, const Leak &Y) {
      return Before(X.At, Y.At);
    });

    bool FixOnNote = false;
    std::string GuardText;
    auto Fixes = [&]() -> llvm::SmallVector<FixItHint, 4> {
      // The fix: a std::lock_guard from the lock() to the end of the scope,
      // when that is exactly the locked region: lock() and the last unlock()
      // are statements of the scope, the unlock() is its last statement, and
      // no object declared in between would now be destroyed under the lock.
      const MemberExpr *ME = lockMember(A.Site);
      if (A.Kind != utils::LockEvent::Acquire || !ME)
        return {};
      const auto *CS = cast<CompoundStmt>(Scope);
      if (statementParent(A.Site, PM) != Scope ||
          statementParent(LastRelease, PM) != Scope || CS->body_empty())
        return {};
      // After the last unlock() only `return value;` of a plain value may
      // follow: evaluating it under the lock changes nothing else.
      bool SeenRelease = false;
      for (const Stmt *S : CS->body()) {
        const Stmt *E = S;
        if (const auto *EWC = dyn_cast<ExprWithCleanups>(E))
          E = EWC->getSubExpr();
        if (E == LastRelease) {
          SeenRelease = true;
          continue;
        }
        if (!SeenRelease)
          continue;
        const auto *Ret = dyn_cast<ReturnStmt>(S);
        if (!Ret)
          return {};
        if (const Expr *V = Ret->getRetValue())
          if (!V->getType()->isScalarType() || !utils::callsOf(V).empty())
            return {};
      }
      if (!SeenRelease)
        return {};
      bool Safe = true;
      for (const Stmt *S : CS->body())
        if (const auto *DS = dyn_cast<DeclStmt>(S))
          if (Before(A.Site, DS))
            for (const Decl *Dc : DS->decls())
              if (const auto *VD = dyn_cast<VarDecl>(Dc))
                if (const CXXRecordDecl *RD =
                        VD->getType()->getAsCXXRecordDecl())
                  if (RD->hasDefinition() && !RD->hasTrivialDestructor())
                    Safe = false;
      if (!Safe || A.Site->getBeginLoc().isMacroID() ||
          LastRelease->getBeginLoc().isMacroID())
        return {};
      const LangOptions &LO = Ctx.getLangOpts();
      QualType MT = ME->getBase()->getType();
      if (ME->isArrow())
        MT = MT->getPointeeType();
      MT = MT.getUnqualifiedType();
      if (!utils::isLockableType(MT) || !MT->getAsCXXRecordDecl() ||
          !MT->getAsCXXRecordDecl()->isInStdNamespace())
        return {};
      const auto *Lock = cast<CXXMemberCallExpr>(A.Site);
      llvm::StringRef LockName = Lock->getMethodDecl()->getName();
      StringRef Base = Lexer::getSourceText(
          CharSourceRange::getTokenRange(ME->getBase()->getSourceRange()), SM,
          LO);
      if (Base.empty() && !ME->isImplicitAccess())
        return {};
      std::string Object = ME->isImplicitAccess()
                               ? "*this"
                               : (ME->isArrow() ? "*" : "") + Base.str();
      StringRef BodyText = Lexer::getSourceText(
          CharSourceRange::getTokenRange(FD->getBody()->getSourceRange()), SM,
          LO);
      std::string Name;
      for (const char *N : {"guard", "lock_guard_", "held_lock_"})
        if (!BodyText.contains(N)) {
          Name = N;
          break;
        }
      if (Name.empty())
        return {};
      PrintingPolicy PP(LO);
      PP.SuppressScope = false;
      PP.FullyQualifiedName = true;
      std::string GuardType =
          LockName == "lock_shared"
              ? "std::shared_lock<" + MT.getAsString(PP) + ">"
              : "std::lock_guard<" + MT.getAsString(PP) + ">";
      SourceLocation AfterUnlock = Lexer::findLocationAfterToken(
          LastRelease->getEndLoc(), tok::semi, SM, LO, false);
      if (AfterUnlock.isInvalid())
        return {};
      FixItHint Replace = FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(A.Site->getSourceRange()),
          GuardType + " " + Name + "(" + Object + ")");
      GuardText = GuardType;
      if (Releases.size() == 1)
        return {Replace, FixItHint::CreateRemoval(CharSourceRange::getCharRange(
                             LastRelease->getBeginLoc(), AfterUnlock))};
      // More unlock() calls than the last one (before the exits that do
      // unlock): the fix removes them too, which changes more than the two
      // calls, so it goes on a note.
      llvm::SmallVector<FixItHint, 4> Out{Replace};
      for (const Stmt *R : Releases) {
        SourceLocation After = Lexer::findLocationAfterToken(
            R->getEndLoc(), tok::semi, SM, LO, false);
        if (After.isInvalid() || R->getBeginLoc().isMacroID() ||
            !isa_and_nonnull<CompoundStmt>(statementParent(R, PM))) {
          return {};
        }
        Out.push_back(FixItHint::CreateRemoval(
            CharSourceRange::getCharRange(R->getBeginLoc(), After)));
      }
      FixOnNote = true;
      return Out;
    }();
    {
      auto D = diag(A.Site->getBeginLoc(),
                    "'%0' stays locked when %1 leaves the scope; the next "
                    "attempt to lock it blocks forever")
               << L.str() << Leaks.front().What;
      if (!FixOnNote)
        for (const FixItHint &F : Fixes)
          D << F;
    }
    for (const Leak &K : Leaks)
      diag(K.At->getBeginLoc(), "%0 leaves the scope here with '%1' locked",
           DiagnosticIDs::Note)
          << K.What << L.str();
    if (!FixOnNote || Fixes.empty())
      continue;
    auto N = diag(A.Site->getBeginLoc(),
                  "replace the manual lock() and every unlock() of '%0' by "
                  "a '%1' that unlocks on every path out of the scope",
                  DiagnosticIDs::Note)
             << L.str() << GuardText;
    for (const FixItHint &F : Fixes)
      N << F;
  }
}

} // namespace clang::tidy::conclint
