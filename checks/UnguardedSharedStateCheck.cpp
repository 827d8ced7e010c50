//===-- UnguardedSharedStateCheck.cpp - conclint-unguarded-shared-state ---===//
//
// The check keeps its decision and its diagnostics; the model is in
// checks/utils:
//  - utils/Spawns: every spawn, its window in the spawning function, whether
//    it runs concurrently and several times at once;
//  - utils/SharedAccesses: every access to shared state, as an access path
//    with the locks held there and the context that runs it, and the
//    relations between two accesses (concurrent, protected by a common
//    lock, ordered by a happens-before edge).
// The decision, per variable: the first write that can run at the same time
// as another access to an overlapping object with no lock held in common and
// no happens-before edge between them; else the first access that breaks the
// class's own locking discipline (the lock-consistency rule; a pair ordered
// by a final state stored under the lock is not, utils/FinalStates), and
// the first such access of each other public member function that itself
// accesses the variable under the lock elsewhere. The std::atomic
// fix-it is offered only when every use still compiles and means the same.
//===----------------------------------------------------------------------===//

#include "UnguardedSharedStateCheck.h"
#include "utils/CheckOptions.h"
#include "utils/Dataflow.h"
#include "utils/FinalStates.h"
#include "utils/LockPath.h"
#include "utils/SharedAccesses.h"
#include "utils/Spawns.h"
#include "utils/Summary.h"
#include "utils/Walker.h"

#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace cu = ::clang::tidy::conclint::utils;

namespace {

/// The class as its code is written: an implicit instantiation of a class
/// template is named by its template (the accesses are in the template's
/// code, one finding for all instantiations; each instantiation's name
/// would make one finding per template argument list).
const CXXRecordDecl *asWritten(const CXXRecordDecl *RD) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(RD);
  if (!Spec || Spec->isExplicitSpecialization())
    return RD;
  auto From = Spec->getSpecializedTemplateOrPartial();
  if (const auto *P =
          From.dyn_cast<ClassTemplatePartialSpecializationDecl *>())
    return P;
  return Spec->getSpecializedTemplate()->getTemplatedDecl();
}

const char DefaultPoolFunctions[] =
    "submit;enqueue;post;push_task;detach_task;submit_task;schedule;run_async";

/// Uses of a global scalar, for deciding whether std::atomic<T> keeps every
/// use compiling.
struct ScalarUses {
  unsigned Total = 0;
  unsigned Fine = 0;
  bool Blocked = false;
};

/// The uses of every global scalar of user code that std::atomic<T> would
/// not accept (in templates: on their instantiations).
class FixFacts : public utils::Walker {
public:
  explicit FixFacts(ASTContext &Ctx) : SM(Ctx.getSourceManager()) {}
  bool shouldVisitTemplateInstantiations() const override { return true; }
  bool shouldVisitImplicitCode() const override { return false; }

  bool TraverseDecl(Decl *D) override {
    if (!D || cu::skippedByAnalysis(D, SM))
      return true;
    return utils::Walker::TraverseDecl(D);
  }

  bool VisitCallExpr(CallExpr *E) override {
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
  bool VisitDeclRefExpr(DeclRefExpr *E) override {
    if (const VarDecl *VD = candidate(E))
      ++Uses[VD].Total;
    return true;
  }
  bool VisitImplicitCastExpr(ImplicitCastExpr *E) override {
    if (E->getCastKind() == CK_LValueToRValue)
      fine(E->getSubExpr());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *E) override {
    // One fetch_add / fetch_sub (std::atomic<bool> has neither).
    if (E->isIncrementDecrementOp() && !isBool(E->getSubExpr()))
      fine(E->getSubExpr());
    else if (E->getOpcode() == UO_Deref)
      block(E->getSubExpr());
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *E) override {
    auto Op = E->getOpcode();
    const Expr *LHS = E->getLHS();
    bool Integral = !LHS->getType()->isPointerType() && !isBool(LHS);
    // A store, or one read-modify-write that std::atomic<T> offers as one
    // atomic operation (+= -= for integers and pointers; &= |= ^= for
    // integers).
    bool Single = Op == BO_Assign ||
                  ((Op == BO_AddAssign || Op == BO_SubAssign) &&
                   !isBool(LHS)) ||
                  ((Op == BO_AndAssign || Op == BO_OrAssign ||
                    Op == BO_XorAssign) &&
                   Integral);
    if (!Single)
      return true;
    // `x = x + 1`, `x += x`: the right-hand side reads the variable again,
    // which would become a second atomic operation (a lost update that the
    // fix would hide): no fix for that variable.
    if (const VarDecl *VD = candidate(LHS))
      if (mentions(E->getRHS(), VD)) {
        Uses[VD].Blocked = true;
        return true;
      }
    fine(LHS);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) override {
    if (E->isArrow())
      block(E->getBase());
    return true;
  }
  bool VisitArraySubscriptExpr(ArraySubscriptExpr *E) override {
    block(E->getBase());
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) override {
    if (VD->getType()->getContainedAutoType() && VD->getInit())
      block(VD->getInit());
    return true;
  }

  llvm::DenseMap<const VarDecl *, ScalarUses> Uses;

private:
  static bool isBool(const Expr *E) {
    return E->getType()->isBooleanType();
  }
  /// \p E names \p VD somewhere (an explicit stack: expressions can be
  /// deep).
  static bool mentions(const Expr *E, const VarDecl *VD) {
    llvm::SmallVector<const Stmt *, 16> Work{E};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S)
        continue;
      if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
        if (DRE->getDecl()->getCanonicalDecl() == VD->getCanonicalDecl())
          return true;
      for (const Stmt *C : S->children())
        Work.push_back(C);
    }
    return false;
  }
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

  const SourceManager &SM;
};

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
      SummaryStore(Options.getLocalOrGlobal("SummaryStore", "").str()),
      TidyContext(Context),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        tidy::utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {}

void UnguardedSharedStateCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "ThreadTypes", ThreadTypes);
  Options.store(Opts, "ThreadPoolSubmitFunctions", ThreadPoolSubmitFunctions);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
  Options.store(Opts, "ConfigureBeforeStart", ConfigureBeforeStart);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
  Options.store(Opts, "SummaryStore", SummaryStore);
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
/// same (see the doc page, "Fix-its"): every use a load, a store that does
/// not read the variable, or one atomic read-modify-write; one declarator;
/// no external linkage (another translation unit's declaration would name
/// a different type); a copy-initialiser becomes direct-initialisation
/// (`= 0` does not compile for std::atomic before C++17).
llvm::SmallVector<FixItHint, 2> atomicFix(const VarDecl *VD,
                                          const ScalarUses *U,
                                          ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  if (!U || U->Blocked || U->Fine != U->Total || U->Total == 0)
    return {};
  if (VD->getPreviousDecl() || VD->getMostRecentDecl() != VD ||
      !VD->getTypeSourceInfo() || !VD->isThisDeclarationADefinition())
    return {};
  if (VD->hasExternalFormalLinkage())
    return {};
  if (!SM.isInMainFile(SM.getExpansionLoc(VD->getLocation())))
    return {};
  SourceRange TR = VD->getTypeSourceInfo()->getTypeLoc().getSourceRange();
  if (TR.getBegin().isMacroID() || TR.getEnd().isMacroID() ||
      VD->getLocation().isMacroID())
    return {};
  // One declarator only: `int a = 0, b = 0;` shares the type.
  std::optional<Token> Next = Lexer::findNextToken(VD->getEndLoc(), SM, LO);
  if (!Next || !Next->is(tok::semi))
    return {};
  StringRef Before = Lexer::getSourceText(
      CharSourceRange::getCharRange(VD->getBeginLoc(), VD->getLocation()), SM,
      LO);
  if (Before.contains(','))
    return {};
  PrintingPolicy PP(LO);
  PP.SuppressTagKeyword = true;
  std::string Text = "std::atomic<" + VD->getType().getAsString(PP) + ">";
  if (VD->getType()->isPointerType())
    Text += " ";
  llvm::SmallVector<FixItHint, 2> Fixes;
  Fixes.push_back(
      FixItHint::CreateReplacement(CharSourceRange::getTokenRange(TR), Text));
  const Expr *Init = VD->getInit();
  if (Init && VD->getInitStyle() == VarDecl::CInit) {
    // `T x = e;` -> `std::atomic<T> x{e};` (or `x(e)` where braces would
    // narrow a value that is not a constant of the variable's type).
    std::optional<Token> Eq = Lexer::findNextToken(VD->getLocation(), SM, LO);
    CharSourceRange IR = Lexer::makeFileCharRange(
        CharSourceRange::getTokenRange(Init->getSourceRange()), SM, LO);
    if (!Eq || !Eq->is(tok::equal) || Eq->getLocation().isMacroID() ||
        IR.isInvalid())
      return {};
    StringRef InitText = Lexer::getSourceText(IR, SM, LO);
    if (InitText.empty())
      return {};
    QualType From = Init->IgnoreImpCasts()->getType();
    bool Braces = Ctx.hasSameUnqualifiedType(From, VD->getType()) ||
                  Init->isNullPointerConstant(
                      Ctx, Expr::NPC_ValueDependentIsNotNull);
    if (!Braces && VD->getType()->isIntegerType())
      if (std::optional<llvm::APSInt> V = Init->getIntegerConstantExpr(Ctx)) {
        // A constant that the type holds exactly is not narrowed.
        llvm::APSInt C = V->extOrTrunc(Ctx.getIntWidth(VD->getType()));
        C.setIsSigned(VD->getType()->isSignedIntegerType());
        Braces = llvm::APSInt::isSameValue(C, *V);
      }
    std::string New =
        (Braces ? "{" : "(") + InitText.str() + (Braces ? "}" : ")");
    // From just after the name: `x = 0` becomes `x{0}`.
    SourceLocation NameEnd =
        Lexer::getLocForEndOfToken(VD->getLocation(), 0, SM, LO);
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getCharRange(NameEnd, IR.getEnd()), New));
  }
  return Fixes;
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
  linkWithStore(Ctx);
  cu::CFGCache CFGs;
  cu::SpawnModel Spawns(Ctx, SpawnOpts, CFGs);
  Spawns.build(const_cast<TranslationUnitDecl *>(TU));
  if (Spawns.spawns().empty() && Spawns.lockOwners().empty())
    return;
  cu::SharedAccesses A(Ctx, Spawns, CFGs, MaxCallDepth);
  A.run();
  const std::vector<cu::Access> &Accesses = A.accesses();
  std::unique_ptr<cu::FinalStates> Final; // made when first asked

  std::unique_ptr<FixFacts> Facts; // computed when a fix is first considered

  // Group by variable, in source order.
  llvm::DenseMap<const ValueDecl *, std::vector<unsigned>> ByVar;
  std::vector<const ValueDecl *> Order;
  for (unsigned I = 0; I < Accesses.size(); ++I) {
    auto &V = ByVar[Accesses[I].Var];
    if (V.empty())
      Order.push_back(Accesses[I].Var);
    V.push_back(I);
  }
  // One report per (source location, entity): the instantiations of one
  // template report the same race once.
  llvm::StringSet<> Reported;
  for (const ValueDecl *Var : Order) {
    std::vector<unsigned> &Idx = ByVar[Var];
    // Drop duplicates of the same expression in the same context.
    llvm::stable_sort(Idx, [&](unsigned X, unsigned Y) {
      return Accesses[X].Offset < Accesses[Y].Offset;
    });
    // A lock that guards some access of the variable.
    std::optional<cu::AccessPath> Guard;
    const cu::Access *Guarded = nullptr;
    for (unsigned I : Idx)
      if (Accesses[I].Kind != cu::CtxKind::Recall &&
          !Accesses[I].Locks.locks().empty()) {
        Guard = Accesses[I].Locks.locks()[0].Lock;
        Guarded = &Accesses[I];
        break;
      }
    // Accesses that behave alike are compared once: the first of each
    // class (in source order) stands for the class. N accesses with the
    // same locks in the same context cost one comparison, not N^2.
    std::vector<unsigned> Reps;
    llvm::StringMap<unsigned> Seen; // signature -> its class in Members
    // The accesses each representative stands for (itself first): an
    // exemption that depends on where an access runs (the final-state
    // order) must hold for every member of both classes.
    llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>> Members;
    // Classes that differ only in which spawn runs them (N threads running
    // alike code) form a group: whether two accesses may alias and share a
    // lock is decided once per pair of groups, so N spawns cost N
    // comparisons of those, not N^2. Within a group only the cheap
    // questions (concurrent, then ordered) are asked per member.
    std::vector<std::vector<unsigned>> Groups;
    llvm::StringMap<unsigned> GroupOf;
    for (unsigned I : Idx) {
      std::string HB = A.hbKey(Accesses[I]);
      auto [SeenIt, First] =
          Seen.try_emplace(cu::signature(Accesses[I]) + HB, I);
      Members[SeenIt->second].push_back(I);
      if (!First)
        continue;
      Reps.push_back(I);
      auto [It, New] = GroupOf.try_emplace(
          cu::signature(Accesses[I], /*WithContext=*/false) + HB,
          Groups.size());
      if (New)
        Groups.emplace_back();
      Groups[It->second].push_back(static_cast<unsigned>(Reps.size() - 1));
    }
    // The final-state order (utils/FinalStates.h) between every access the
    // representative \p Unlocked stands for and every one \p Locked does:
    // a state stored before each unlocked access, that gates each write and
    // never leaves its value. Linear in the two classes.
    auto finalStateOrders = [&](unsigned Unlocked, unsigned Locked,
                                const cu::AccessPath &L) {
      if (!Final)
        Final = std::make_unique<cu::FinalStates>(Ctx, CFGs);
      std::optional<llvm::SmallVector<cu::FinalStates::State, 2>> Common;
      for (unsigned U : Members[Unlocked]) {
        const cu::Access &X = Accesses[U];
        auto St = Final->storedBefore(X.RootFn, X.Top, X.E, L);
        if (!St)
          return false;
        if (!Common) {
          Common = std::move(*St);
          continue;
        }
        llvm::erase_if(*Common, [&](const cu::FinalStates::State &C) {
          return llvm::none_of(*St, [&](const cu::FinalStates::State &D) {
            return C.Field == D.Field &&
                   llvm::APSInt::isSameValue(C.Value, D.Value);
          });
        });
        if (Common->empty())
          return false;
      }
      if (!Common)
        return false;
      for (const cu::FinalStates::State &S : *Common)
        if (llvm::all_of(Members[Locked],
                         [&](unsigned K) {
                           const cu::Access &Y = Accesses[K];
                           return Final->gated(Y.RootFn, Y.Top, Y.E, Y.BodyFn, L, S);
                         }) &&
            llvm::all_of(Members[Unlocked], [&](unsigned U) {
              return Final->neverLeaves(S, L, Accesses[U].RootFn);
            }))
          return true;
      return false;
    };
    const cu::Access *W = nullptr, *O = nullptr;
    for (unsigned I : Reps) {
      const cu::Access &X = Accesses[I];
      if (!X.Write)
        continue;
      // The first conflicting access in source order (position in Reps).
      unsigned Best = ~0u;
      for (const std::vector<unsigned> &G : Groups) {
        const cu::Access &Y0 = Accesses[Reps[G.front()]];
        if (G.front() >= Best || !A.mayTouchSame(X, Y0) ||
            cu::protects(X, Y0))
          continue;
        for (unsigned Pos : G) {
          if (Pos >= Best)
            break;
          const cu::Access &Y = Accesses[Reps[Pos]];
          if (cu::concurrent(X, Y, Spawns, ConfigureBeforeStart) &&
              !A.ordered(X, Y) &&
              !(ConfigureBeforeStart && A.exclusiveModes(X, Y))) {
            Best = Pos;
            break;
          }
        }
      }
      if (Best != ~0u) {
        W = &X;
        O = &Accesses[Reps[Best]];
        break;
      }
    }
    // The lock-consistency rule: a member written under the object's own
    // lock in one public method and accessed without it in another, unless
    // the unlocked access comes after a final state that every such write
    // is gated on (utils/FinalStates.h), or before the start of the
    // object's own thread that the lock is shown to serve
    // (SharedAccesses::setBeforeOwnThread).
    // The first unlocked access that breaks the discipline is the member's
    // finding. Another public method's unlocked access is one more only
    // when that method itself accesses the member under the lock elsewhere
    // (check-then-lock, or a locked section followed by an unlocked use):
    // the method's own code shows that its accesses race. Its first such
    // access is reported, with the method's locked access as a note.
    struct RecallPair {
      const cu::Access *Unlocked, *Locked;
      cu::AccessPath Lock;
      const cu::Access *SameFn = nullptr; // the root's own locked access
    };
    llvm::SmallVector<RecallPair, 2> Recalls;
    llvm::SmallPtrSet<const FunctionDecl *, 4> RecallRoots;
    // The accesses each public method's walk makes with one of the object's
    // own locks held, grouped by method once per variable.
    llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<unsigned, 2>>
        LockedByRoot;
    for (unsigned K : Idx) {
      const cu::Access &Z = Accesses[K];
      if (Z.Kind == cu::CtxKind::Recall &&
          llvm::any_of(Z.Locks.locks(), [](const cu::HeldLock &H) {
            return H.Lock.rootKind() == cu::PathRoot::This;
          }))
        LockedByRoot[Z.RootFn].push_back(K);
    }
    // An access of the member made by \p Root's walk with \p L held.
    auto lockedInRoot = [&](const FunctionDecl *Root, const cu::AccessPath &L,
                            const cu::Access &LockedAt) -> const cu::Access * {
      auto It = LockedByRoot.find(Root);
      if (It == LockedByRoot.end())
        return nullptr;
      for (unsigned K : It->second) {
        const cu::Access &Z = Accesses[K];
        for (const cu::HeldLock &H : Z.Locks.locks())
          if (H.Lock.rootKind() == cu::PathRoot::This &&
              cu::sameLock(H.Lock, Z, L, LockedAt))
            return &Z;
      }
      return nullptr;
    };
    if (!W)
      for (unsigned I : Reps) {
        const cu::Access &X = Accesses[I];
        if (X.Kind != cu::CtxKind::Recall || !X.Write)
          continue;
        const cu::HeldLock *Own = nullptr;
        for (const cu::HeldLock &L : X.Locks.locks())
          if (L.Lock.rootKind() == cu::PathRoot::This)
            Own = &L;
        if (!Own)
          continue;
        for (unsigned J : Reps) {
          const cu::Access &Y = Accesses[J];
          if (Y.Kind != cu::CtxKind::Recall || Y.RootFn == X.RootFn ||
              RecallRoots.count(Y.RootFn))
            continue;
          const cu::Access *SameFn = nullptr;
          if (!Recalls.empty() &&
              !(SameFn = lockedInRoot(Y.RootFn, Own->Lock, X)))
            continue;
          if (!A.mayTouchSame(X, Y) || cu::protects(X, Y) ||
              A.heldByAllCallers(X, Y) || A.neitherRunsHere(X, Y) ||
              llvm::all_of(Members[J],
                           [&](unsigned K) {
                             return A.setBeforeOwnThread(Accesses[K],
                                                         Own->Lock, X);
                           }) ||
              finalStateOrders(J, I, Own->Lock))
            continue;
          RecallRoots.insert(Y.RootFn);
          Recalls.push_back({&Y, &X, Own->Lock, SameFn});
        }
      }
    const SourceManager &SM = Ctx.getSourceManager();
    // One report per (source location, entity).
    auto firstReport = [&](const cu::Access *At) {
      std::string Key =
          std::to_string(SM.getFileOffset(SM.getExpansionLoc(At->E->getBeginLoc()))) +
          "/" + Var->getNameAsString();
      return Reported.insert(Key).second;
    };
    if (!W) {
      llvm::stable_sort(Recalls, [](const RecallPair &P, const RecallPair &Q) {
        return P.Unlocked->Offset < Q.Unlocked->Offset;
      });
      for (const RecallPair &P : Recalls) {
        if (!firstReport(P.Unlocked))
          continue;
        const cu::Access *U = P.Unlocked;
        diag(U->E->getBeginLoc(),
             U->Write ? "%0 is written without holding '%1', which guards it "
                        "in other member functions of %2"
                      : "%0 is read without holding '%1', while other member "
                        "functions of %2 write it under that lock")
            << Var << P.Lock.str()
            << asWritten(cast<CXXMethodDecl>(U->RootFn)->getParent());
        diag(P.Locked->E->getBeginLoc(),
             "%0 is written while holding '%1' here", DiagnosticIDs::Note)
            << Var << P.Lock.str();
        if (P.SameFn)
          diag(P.SameFn->E->getBeginLoc(),
               "%0 is accessed while holding '%1' here, in the same call of "
               "%2",
               DiagnosticIDs::Note)
              << Var << P.Lock.str() << cast<NamedDecl>(U->RootFn);
      }
      continue;
    }
    if (!firstReport(W))
      continue;
    // The thread to point at: the one running the reported access if it is
    // an entry point, otherwise the one running the other access.
    auto threadOf = [&](const cu::Access *First, const cu::Access *Second) {
      return &Spawns[First->Kind == cu::CtxKind::Entry ? First->Spawn
                                                       : Second->Spawn];
    };

    if (Guard) {
      // Inconsistent locking: report the access that lacks the guard.
      auto HoldsGuard = [&](const cu::Access *X) {
        for (const cu::HeldLock &L : X->Locks.locks())
          if (cu::sameLock(L.Lock, *X, *Guard, *Guarded))
            return true;
        return false;
      };
      const cu::Access *Lacking = !HoldsGuard(W) ? W : O;
      const cu::Access *Other = Lacking == W ? O : W;
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

    llvm::SmallVector<FixItHint, 2> Fix;
    if (const auto *VD = dyn_cast<VarDecl>(Var))
      if (VD->hasGlobalStorage()) {
        if (!Facts) {
          Facts = std::make_unique<FixFacts>(Ctx);
          Facts->TraverseDecl(const_cast<TranslationUnitDecl *>(TU));
        }
        auto It = Facts->Uses.find(VD);
        Fix = atomicFix(VD, It == Facts->Uses.end() ? nullptr : &It->second,
                        Ctx);
      }
    {
      auto D = diag(W->E->getBeginLoc(),
                    "%0 is written by concurrently running threads without "
                    "synchronization")
               << Var;
      if (!Fix.empty()) {
        for (const FixItHint &H : Fix)
          D << H;
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
    if (Fix.empty())
      diag(Var->getLocation(),
           "protect %0 with a mutex held at every access, or make it atomic",
           DiagnosticIDs::Note)
          << Var;
  }
}

void UnguardedSharedStateCheck::linkWithStore(ASTContext &Ctx) {
  namespace sm = utils::summary;
  std::shared_ptr<const sm::Summary> Store = sm::storeToLinkWith(
      Ctx, SummaryStore, std::string(TidyContext->getCurrentBuildDirectory()),
      [this](const std::string &W) {
        configurationDiag(W, DiagnosticIDs::Warning);
      });
  if (!Store)
    return;
  SourceManager &SM = Ctx.getSourceManager();
  sm::Summary Mine = sm::collectRaces(Ctx);
  // Only a TU that touches a global or starts a thread can be on a race.
  if (llvm::none_of(Mine.Functions, [](const auto &KV) {
        return !KV.second.Accesses.empty() || !KV.second.Spawns.empty();
      }))
    return;
  llvm::StringSet<> Own = sm::filesOfTU(SM);
  // A race this TU shows alone is check()'s finding; the link reports those
  // that need another file's facts, at a write in this TU.
  for (const sm::LinkFinding &X :
       sm::linkRaces(sm::withStore(std::move(Mine), *Store, SM),
                     [&](const sm::Loc &L) { return Own.contains(L.File); })) {
    SourceLocation At = sm::toSourceLocation(SM, X.At);
    if (At.isValid())
      sm::emitLinkFinding(*this, SM, At, X);
  }
}

} // namespace clang::tidy::conclint