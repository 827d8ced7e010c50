//===-- SharedAccesses.cpp - accesses to shared state, by context ---===//

#include "utils/SharedAccesses.h"
#include "utils/Compat.h"
#include "utils/ConstArgs.h"
#include "utils/ExprShapes.h"
#include "utils/SyncTypes.h"
#include "utils/ThreadEntryPoints.h"
#include "utils/Unpublished.h"
#include "utils/Walker.h"

#include "clang/AST/ParentMap.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::conclint::utils {

namespace {

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

} // namespace


/// A parameter bound to shared state: the parameter names Target (a
/// reference), or points to it (ThroughPointer).
struct SharedAccesses::Binding {
  const ParmVarDecl *Param = nullptr;
  AccessPath Target;
  const ValueDecl *Var = nullptr;
  bool ThroughPointer = false;
};

/// What a walk over one function body knows about where it runs.
struct SharedAccesses::WalkCtx {
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
  /// Recall: the root's entry locks are its callers', passed with this
  /// relockable guard (held only up to where it may be released).
  const ParmVarDecl *WitnessGuard = nullptr;
  llvm::SmallVector<Binding, 2> Bindings;
  /// Parameters that are zero in this chain of calls (utils/ConstArgs.h):
  /// a branch their values decide against does not run here.
  llvm::SmallVector<const ParmVarDecl *, 4> Zero;
};

/// One body being walked: its lock facts and what its lambda copies.
struct SharedAccesses::Frame {
  const FunctionLockFacts *L = nullptr;
  /// A root taking a relockable witness: L holds its callers' locks only
  /// where Witness says the guard is still held; NoWitness elsewhere.
  const GuardWitness *Witness = nullptr;
  const FunctionLockFacts *NoWitness = nullptr;
  const Decl *D = nullptr;
  llvm::SmallPtrSet<const VarDecl *, 4> CopyCaptures;
};

/// Shared state an expression names: its path and the variable in messages.
struct SharedAccesses::SharedRef {
  AccessPath Path;
  const ValueDecl *Var = nullptr;
};

/// The visible calls of the candidate methods of the caller-held rule
/// (SharedAccesses::callerHeld), each with the function whose body makes it
/// (null inside a lambda: where it runs is not known), and the candidates
/// whose address is taken (called from where the walk cannot see).
struct SharedAccesses::CallSites {
  struct Site {
    const FunctionDecl *Caller = nullptr;
    const CallExpr *Call = nullptr;
    const Expr *Object = nullptr; ///< the object the method is called on
  };
  llvm::DenseMap<const CXXMethodDecl *, llvm::SmallVector<Site, 4>> Calls;
  /// Method calls in the bodies of templates that this translation unit
  /// never instantiates (CallSiteCollector::finish), `this->f()` through a
  /// dependent base included (utils/ExprShapes.h dependentThisCallees:
  /// every candidate callee). Only the set-up rule (runsOnlyUnpublished,
  /// setupOrLockedRoot) reads them: no instantiated call stands for them.
  /// A method's address taken in such a body counts in AddressTaken.
  llvm::DenseMap<const CXXMethodDecl *, llvm::SmallVector<Site, 4>>
      DependentCalls;
  llvm::DenseSet<const CXXMethodDecl *> AddressTaken;
};

namespace {
class CallSiteCollector : public Walker {
public:
  /// \p All: every method call (and operator call of a method), not only
  /// those of \p Wanted.
  CallSiteCollector(const SourceManager &SM,
                    const llvm::DenseSet<const CXXMethodDecl *> &Wanted,
                    SharedAccesses::CallSites &Out, bool All = false)
      : SM(SM), Wanted(Wanted), Out(Out), All(All) {}
  bool shouldVisitTemplateInstantiations() const override { return true; }
  bool shouldVisitImplicitCode() const override { return false; }

  bool TraverseDecl(Decl *D) override {
    if (!D)
      return true;
    const auto *FD = dyn_cast<FunctionDecl>(D);
    bool Pattern = false;
    if (skippedByAnalysis(D, SM)) {
      // The body of a template: only the set-up rule's calls, kept apart
      // until finish() knows whether an instantiation stands for them.
      if (!All || !FD || !FD->doesThisDeclarationHaveABody() ||
          SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation())))
        return true;
      Pattern = !InPattern; // a body nested in one: part of it
    }
    if (!FD || !FD->doesThisDeclarationHaveABody())
      return Walker::TraverseDecl(D);
    if (!Pattern && All)
      if (const FunctionDecl *P = FD->getTemplateInstantiationPattern())
        Instantiated.insert(P->getCanonicalDecl());
    Stack.push_back(FD);
    if (Pattern) {
      InPattern = true;
      PatternFn = FD->getCanonicalDecl();
    }
    bool R = Walker::TraverseDecl(D);
    if (Pattern)
      InPattern = false;
    Stack.pop_back();
    return R;
  }
  /// Hands over the calls of template bodies that no instantiation here
  /// stands for (an instantiated body's calls are in Calls already).
  void finish() {
    for (const PatternSite &P : PatternSites)
      if (!Instantiated.count(P.Pattern))
        Out.DependentCalls[P.MD].push_back(P.S);
    PatternSites.clear();
  }
  bool TraverseLambdaExpr(LambdaExpr *L) override {
    Stack.push_back(nullptr);
    bool R = Walker::TraverseLambdaExpr(L);
    Stack.pop_back();
    return R;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *E) override {
    if (const CXXMethodDecl *MD = E->getMethodDecl())
      if (All || Wanted.count(MD->getCanonicalDecl()))
        add(MD->getCanonicalDecl(), {Stack.empty() ? nullptr : Stack.back(),
                                     E, E->getImplicitObjectArgument()});
    return true;
  }
  bool VisitCallExpr(CallExpr *E) override {
    if (!InPattern || !E->isTypeDependent())
      return true;
    const auto *M =
        dyn_cast<CXXDependentScopeMemberExpr>(E->getCallee()->IgnoreParens());
    llvm::SmallVector<const CXXMethodDecl *, 2> Callees;
    if (!dependentThisCallees(M, Callees))
      return true;
    for (const CXXMethodDecl *MD : Callees)
      add(MD, {Stack.empty() ? nullptr : Stack.back(), E, M->getBase()});
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *E) override {
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(E->getDirectCallee());
    if (MD && !MD->isStatic() && E->getNumArgs() > 0 &&
        (All || Wanted.count(MD->getCanonicalDecl())))
      add(MD->getCanonicalDecl(),
          {Stack.empty() ? nullptr : Stack.back(), E, E->getArg(0)});
    // Its callee names the operator without taking its address.
    if (const auto *DRE =
            dyn_cast<DeclRefExpr>(E->getCallee()->IgnoreParenImpCasts()))
      OperatorCallees.insert(DRE);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) override {
    if (OperatorCallees.count(E))
      return true;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(E->getDecl()))
      if (All || Wanted.count(MD->getCanonicalDecl()))
        Out.AddressTaken.insert(MD->getCanonicalDecl());
    return true;
  }

private:
  const SourceManager &SM;
  const llvm::DenseSet<const CXXMethodDecl *> &Wanted;
  SharedAccesses::CallSites &Out;
  bool All;
  llvm::SmallVector<const FunctionDecl *, 8> Stack;
  llvm::SmallPtrSet<const DeclRefExpr *, 8> OperatorCallees;
  bool InPattern = false; ///< in the body of a template
  const FunctionDecl *PatternFn = nullptr; ///< that template (canonical)
  struct PatternSite {
    const FunctionDecl *Pattern;
    const CXXMethodDecl *MD;
    SharedAccesses::CallSites::Site S;
  };
  std::vector<PatternSite> PatternSites;
  /// The templates some body here is an instantiation of (canonical).
  llvm::DenseSet<const FunctionDecl *> Instantiated;

  void add(const CXXMethodDecl *MD, SharedAccesses::CallSites::Site S) {
    if (InPattern)
      PatternSites.push_back({PatternFn, MD, S});
    else
      Out.Calls[MD].push_back(S);
  }
};

} // namespace

bool isTranslationUnitLocal(const CXXRecordDecl *RD, const SourceManager &SM) {
  const CXXRecordDecl *Def = RD->getDefinition();
  if (!Def)
    return false;
  if (Def->isInAnonymousNamespace())
    return true;
  // An instantiation: where its template is defined.
  SourceLocation L = Def->getLocation();
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(Def))
    if (const ClassTemplateDecl *T = Spec->getSpecializedTemplate())
      L = T->getTemplatedDecl()->getLocation();
  return L.isValid() && SM.isInMainFile(SM.getExpansionLoc(L));
}

namespace {

/// A lock witness: \p MD takes a guard that cannot be released by lvalue
/// reference (`closed(lock_guard<mutex>&)`), the documented proof that its
/// caller holds a lock for the whole call. Which lock is not in the
/// signature; the visible callers show it. A relockable guard
/// (`unique_lock&`) is no witness: it may be unlocked or deferred, and the
/// callee may release it (a condition-variable wait on it), while the lock
/// facts do not tie the callers' lock to the parameter.
bool takesLockWitness(const CXXMethodDecl *MD) {
  for (const ParmVarDecl *P : MD->parameters()) {
    QualType T = P->getType();
    if (!T->isLValueReferenceType())
      continue;
    if (std::optional<GuardShape> G =
            guardShapeOf(recordBehind(T.getNonReferenceType())))
      if (!G->Relockable)
        return true;
  }
  return false;
}

/// \p Call passes to a guard parameter of \p MD a guard that \p Caller
/// itself received by lvalue reference (a parameter of its own).
bool passesOwnGuard(const CallExpr *Call, const CXXMethodDecl *MD,
                    const FunctionDecl *Caller) {
  unsigned Shift = isa<CXXOperatorCallExpr>(Call) ? 1 : 0;
  for (unsigned I = Shift; I < Call->getNumArgs(); ++I) {
    unsigned Idx = I - Shift;
    if (Idx >= MD->getNumParams() ||
        !MD->getParamDecl(Idx)->getType()->isLValueReferenceType() ||
        !isGuardType(MD->getParamDecl(Idx)->getType()))
      continue;
    const auto *DRE =
        dyn_cast<DeclRefExpr>(Call->getArg(I)->IgnoreParenImpCasts());
    const auto *P = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
    if (P && P->getType()->isLValueReferenceType() &&
        isGuardType(P->getType()) &&
        llvm::is_contained(Caller->parameters(), P))
      return true;
  }
  return false;
}

/// A guard parameter of \p Caller is still as its own caller passed it at
/// \p Call: always for a guard that cannot be released, up to its first
/// releasing use for a relockable one.
/// \p MD and every method it overrides, directly or not: a call of any of
/// them may run \p MD.
void overriddenClosure(const CXXMethodDecl *MD,
                       llvm::SmallVectorImpl<const CXXMethodDecl *> &Out) {
  MD = MD->getCanonicalDecl();
  if (llvm::is_contained(Out, MD) || Out.size() > 16)
    return;
  Out.push_back(MD);
  for (const CXXMethodDecl *B : MD->overridden_methods())
    overriddenClosure(B, Out);
}

/// Calls of \p MD come only from this translation unit: a private method,
/// or any non-virtual one of a class only this translation unit sees; or it
/// takes a lock witness (then a caller elsewhere holds a lock too, and the
/// visible callers name it: the same one is assumed). A virtual method only
/// as a witness: every call that may run it names it or a method it
/// overrides, and SharedAccesses::callerHeld counts the calls of them all
/// (a call through a base passes its guard as well).
bool onlyCalledHere(const CXXMethodDecl *MD, const SourceManager &SM) {
  // A relockable guard (`unique_lock &`) is a witness too, up to the first
  // use that may release it (SharedAccesses::witnessOf).
  const bool Witness = takesLockWitness(MD) || relockableGuardParam(MD);
  if (MD->isVirtual())
    return Witness;
  return MD->getAccess() == AS_private ||
         isTranslationUnitLocal(MD->getParent(), SM) || Witness;
}

/// The methods whose calls may run \p MD: itself, and for a virtual one
/// every method it overrides (false when there are too many to list).
bool callTargets(const CXXMethodDecl *MD,
                 llvm::SmallVectorImpl<const CXXMethodDecl *> &Out) {
  MD = MD->getCanonicalDecl();
  if (!MD->isVirtual()) {
    Out.push_back(MD);
    return true;
  }
  overriddenClosure(MD, Out);
  return Out.size() <= 16;
}

/// Adds to \p Here the locks \p Must (held at a call of a method of \p RD on
/// \p Object) means inside the callee: a global as it is; a lock of the
/// caller's `this`, when the call is on `this`, named from the callee's
/// `this`; a lock of another object held exclusively (an outer lock of the
/// caller's, the owner's) as "some lock", since the callee cannot name it.
/// Held shared, such a lock does not keep two callers apart: nothing.
void addLocksAroundCall(const LockSet &Must, bool OnThis,
                        const CXXRecordDecl *RD, LockSet &Here);
/// \p All := \p All intersected with \p Here, where a lock that cannot be
/// named on either side may be one the other names: when both hold some
/// lock and either holds the unknown one, the result holds some lock.
void intersectKeepingSomeLock(LockSet &All, const LockSet &Here) {
  bool SomeLock = !All.empty() && !Here.empty() &&
                  (All.hasUnknown() || Here.hasUnknown());
  All.intersectWith(Here);
  if (SomeLock)
    All.acquireUnknown();
}
void addLocksAroundCall(const LockSet &Must, const Expr *Object,
                        const CXXRecordDecl *RD, LockSet &Here) {
  addLocksAroundCall(Must, isa<CXXThisExpr>(Object->IgnoreParenImpCasts()),
                     RD, Here);
}
void addLocksAroundCall(const LockSet &Must, bool OnThis,
                        const CXXRecordDecl *RD, LockSet &Here) {
  if (Must.hasUnknown())
    Here.acquireUnknown();
  for (const HeldLock &H : Must.locks()) {
    if (H.Lock.rootKind() == PathRoot::Global) {
      Here.acquire(H.Lock, H.Shared, H.Site);
    } else if (OnThis && H.Lock.rootKind() == PathRoot::This) {
      AccessPath P = AccessPath::ofThis(RD);
      for (const PathStep &St : H.Lock.steps())
        P.append(St);
      Here.acquire(P, H.Shared, H.Site);
    } else if (!H.Shared) {
      Here.acquireUnknown();
    }
  }
}
} // namespace

const GuardWitness *SharedAccesses::witnessOf(const FunctionDecl *F) {
  const ParmVarDecl *P = relockableGuardParam(F);
  if (!P)
    return nullptr;
  if (!Witnesses)
    Witnesses = std::make_unique<GuardWitnessTable>(CFGs, Ctx, MaxDepth);
  return Witnesses->of(F, P);
}

/// Every naming of a method in the translation unit (a call, its address,
/// a member expression), each either inside the predicate of a
/// condition-variable wait (with that wait and the function making it) or
/// not.
struct SharedAccesses::PredicateRefs {
  struct Use {
    const CXXMemberCallExpr *Wait = nullptr; ///< null: outside a predicate
    const FunctionDecl *Fn = nullptr;        ///< the function making the wait
    bool OnThis = false; ///< the predicate names `this` (binds the waiter)
  };
  llvm::DenseMap<const CXXMethodDecl *, llvm::SmallVector<Use, 4>> Uses;
};

namespace {
class PredicateRefCollector : public Walker {
public:
  PredicateRefCollector(const SourceManager &SM,
                        SharedAccesses::PredicateRefs &Out)
      : SM(SM), Out(Out) {}
  bool shouldVisitTemplateInstantiations() const override { return true; }
  bool shouldVisitImplicitCode() const override { return false; }
  bool TraverseDecl(Decl *D) override {
    if (!D || skippedByAnalysis(D, SM))
      return true;
    const auto *FD = dyn_cast<FunctionDecl>(D);
    // Uninstantiated templates do not run; their waits are not resolved.
    if (FD && FD->isDependentContext())
      return true;
    if (!FD || !FD->doesThisDeclarationHaveABody())
      return Walker::TraverseDecl(D);
    Fns.push_back(FD);
    bool R = Walker::TraverseDecl(D);
    Fns.pop_back();
    return R;
  }
  bool TraverseCXXMemberCallExpr(CXXMemberCallExpr *E) override {
    if (!isConditionWait(E) || E->getNumArgs() < 2 || Fns.empty())
      return Walker::TraverseCXXMemberCallExpr(E);
    // Everything but the predicate (the last argument) as usual.
    if (!TraverseStmt(E->getCallee()))
      return false;
    for (unsigned I = 0; I + 1 < E->getNumArgs(); ++I)
      if (!TraverseStmt(E->getArg(I)))
        return false;
    Expr *Pred = E->getArg(E->getNumArgs() - 1);
    struct FindThis : Walker {
      bool Found = false;
      bool VisitCXXThisExpr(CXXThisExpr *) override {
        Found = true;
        return false;
      }
    } F;
    F.TraverseStmt(Pred);
    Stack.push_back({E, Fns.back(), F.Found});
    bool R = TraverseStmt(Pred);
    Stack.pop_back();
    return R;
  }
  bool VisitMemberExpr(MemberExpr *E) override {
    // Called on `this` (`ready()` in `[this] { return ready(); }`).
    if (const auto *MD = dyn_cast<CXXMethodDecl>(E->getMemberDecl()))
      add(MD, isa<CXXThisExpr>(E->getBase()->IgnoreParenImpCasts()));
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) override {
    // Its address, bound with the predicate's object (`bind(&C::ready,
    // ref(*this))`): on `this` when the predicate names it.
    if (const auto *MD = dyn_cast<CXXMethodDecl>(E->getDecl()))
      add(MD, !Stack.empty() && Stack.back().OnThis);
    return true;
  }

private:
  void add(const CXXMethodDecl *MD, bool OnThis) {
    SharedAccesses::PredicateRefs::Use U;
    if (!Stack.empty())
      U = Stack.back();
    U.OnThis = OnThis;
    Out.Uses[MD->getCanonicalDecl()].push_back(U);
  }
  const SourceManager &SM;
  SharedAccesses::PredicateRefs &Out;
  llvm::SmallVector<const FunctionDecl *, 8> Fns;
  llvm::SmallVector<SharedAccesses::PredicateRefs::Use, 2> Stack;
};
} // namespace

std::optional<LockSet>
SharedAccesses::predicateHeld(const CXXMethodDecl *MD) {
  MD = MD->getCanonicalDecl();
  if (MD->isVirtual())
    return std::nullopt;
  if (!PredRefs) {
    PredRefs = std::make_unique<PredicateRefs>();
    PredicateRefCollector C(SM, *PredRefs);
    C.TraverseDecl(Ctx.getTranslationUnitDecl());
  }
  auto It = PredRefs->Uses.find(MD);
  if (It == PredRefs->Uses.end() || It->second.empty())
    return std::nullopt;
  const CXXRecordDecl *RD = MD->getParent();
  std::optional<LockSet> All;
  for (const PredicateRefs::Use &U : It->second) {
    if (!U.Wait)
      return std::nullopt; // named outside a predicate
    const FunctionDecl *F =
        U.Fn->getDefinition() ? U.Fn->getDefinition() : U.Fn;
    // The wait holds its guard's lock while it evaluates the predicate:
    // the locks held at the wait, with the function's own witness locks
    // when its guard is a parameter (its callers' lock).
    LockSet Entry;
    const auto *GuardRef = dyn_cast<DeclRefExpr>(
        U.Wait->getArg(0)->IgnoreParenImpCasts());
    const auto *GuardParam =
        GuardRef ? dyn_cast<ParmVarDecl>(GuardRef->getDecl()) : nullptr;
    if (GuardParam) {
      const auto *FMD = dyn_cast<CXXMethodDecl>(F);
      std::optional<LockSet> E = FMD ? callerHeld(FMD) : std::nullopt;
      if (!E || E->empty())
        continue; // its callers' lock: not named here, contradicts none
      Entry = *E;
    }
    const FunctionLockFacts *L = F->hasBody()
                                     ? locksets(F, F->getBody(), Entry)
                                     : nullptr;
    const LockSet *Must = L ? L->mustHoldAt(U.Wait) : nullptr;
    LockSet Here;
    if (Must) {
      // Bound to the waiter's own object: its locks are the callee's.
      addLocksAroundCall(*Must, U.OnThis, RD, Here);
    }
    if (!All) {
      All = Here;
      continue;
    }
    // A wait whose lock cannot be named (its guard is the callers' of a
    // witness no visible call names a lock for) holds some lock, maybe the
    // one the other waits name: some lock is held at every wait, as for
    // the calls of a witness (callerHeld).
    intersectKeepingSomeLock(*All, Here);
  }
  return All;
}

const SharedAccesses::CallSites &SharedAccesses::allSites() {
  if (!AllSites) {
    AllSites = std::make_unique<CallSites>();
    llvm::DenseSet<const CXXMethodDecl *> None;
    CallSiteCollector C(SM, None, *AllSites, /*All=*/true);
    C.TraverseDecl(Ctx.getTranslationUnitDecl());
    C.finish();
  }
  return *AllSites;
}

bool SharedAccesses::runsOnlyUnpublished(const CXXMethodDecl *MD,
                                         unsigned Depth) {
  MD = MD->getCanonicalDecl();
  if (!setupCandidate(MD, Depth))
    return false;
  for (const auto *Sites : {&AllSites->Calls, &AllSites->DependentCalls}) {
    auto It = Sites->find(MD);
    if (It == Sites->end())
      continue;
    for (const CallSites::Site &S : It->second)
      if (!unpublishedSite(MD, S.Caller, S.Call, S.Object, Depth))
        return false;
  }
  return true;
}

bool SharedAccesses::setupCandidate(const CXXMethodDecl *MD, unsigned Depth) {
  // A virtual method is an interface: code compiled elsewhere (a framework
  // that dispatches to it) calls it through a base, on objects it knows.
  if (MD->isVirtual() || Depth > MaxDepth)
    return false;
  allSites();
  if (AllSites->AddressTaken.count(MD))
    return false;
  auto Some = [&](const auto &Sites) {
    auto It = Sites.find(MD);
    return It != Sites.end() && !It->second.empty();
  };
  if (!Some(AllSites->Calls) && !Some(AllSites->DependentCalls))
    return false;
  if (!Unpub)
    Unpub = std::make_unique<Unpublished>(Ctx, CFGs, MaxDepth);
  return true;
}

bool SharedAccesses::unpublishedSite(const CXXMethodDecl *MD,
                                     const FunctionDecl *Caller,
                                     const CallExpr *Call, const Expr *Object,
                                     unsigned Depth) {
  Caller = definitionOf(Caller);
  if (!Caller || !Object)
    return false;
  // On a local the caller itself just created and has not handed on.
  if (!isa<CXXThisExpr>(Object->IgnoreParenImpCasts()))
    return Unpub->onFreshLocal(Caller, Call, Object);
  const auto *CallerMD = dyn_cast<CXXMethodDecl>(Caller);
  if (!CallerMD || isa<CXXDestructorDecl>(CallerMD))
    return false;
  // Constructors (of the class or of a derived one: the call is on the
  // object being built), and methods that themselves run only on an
  // object not yet handed on; in either, before `this` escapes. Not
  // destructors: a destructor's helper is typically a public teardown
  // (`clear()`, `close()`) that clients call on a shared object as well
  // (caf's proxy_registry::clear()).
  if (!isa<CXXConstructorDecl>(CallerMD) &&
      (CallerMD->getCanonicalDecl() == MD ||
       !runsOnlyUnpublished(CallerMD, Depth + 1)))
    return false;
  return Unpub->beforeThisEscapes(Caller, Call);
}

bool SharedAccesses::lockedSite(const CXXMethodDecl *MD,
                                const FunctionDecl *Caller,
                                const CallExpr *Call, const Expr *Object) {
  Caller = definitionOf(Caller);
  if (!Caller || !Caller->hasBody() || !Object ||
      !isa<CXXThisExpr>(Object->IgnoreParenImpCasts()))
    return false;
  const auto *CallerMD = dyn_cast<CXXMethodDecl>(Caller);
  if (!CallerMD || isa<CXXConstructorDecl, CXXDestructorDecl>(CallerMD) ||
      CallerMD->getCanonicalDecl() == MD)
    return false;
  // The caller's own entry locks, as its Recall root is walked with them
  // (run()): a lock witness's callers' lock, some lock when no visible
  // call names it.
  LockSet Entry;
  if (std::optional<LockSet> E = callerHeld(CallerMD))
    Entry = *E;
  if (!Entry.empty() && relockableGuardParam(Caller))
    if (const GuardWitness *GW = witnessOf(Caller); !GW || !GW->heldAt(Call))
      Entry = LockSet();
  const FunctionLockFacts *F = locksets(Caller, Caller->getBody(), Entry);
  const LockSet *Must = F ? F->mustHoldAt(Call) : nullptr;
  return Must && !Must->empty();
}

bool SharedAccesses::unpublishedRoot(const CXXMethodDecl *MD) {
  if (!runsOnlyUnpublished(MD))
    return false;
  // Its own body must not hand `this` on either: what it does after that
  // may run concurrently with whoever received it.
  return !Unpub->publishesThis(MD);
}

bool SharedAccesses::setupOrLockedRoot(const CXXMethodDecl *MD) {
  MD = MD->getCanonicalDecl();
  if (!setupCandidate(MD, 0))
    return false;
  bool Setup = false;
  if (auto It = AllSites->Calls.find(MD); It != AllSites->Calls.end())
    for (const CallSites::Site &S : It->second) {
      if (unpublishedSite(MD, S.Caller, S.Call, S.Object, 0)) {
        Setup = true;
        continue;
      }
      if (!lockedSite(MD, S.Caller, S.Call, S.Object))
        return false;
    }
  // A call in a template not instantiated here: set-up, or not shown.
  if (auto It = AllSites->DependentCalls.find(MD);
      It != AllSites->DependentCalls.end())
    for (const CallSites::Site &S : It->second) {
      if (!unpublishedSite(MD, S.Caller, S.Call, S.Object, 0))
        return false;
      Setup = true;
    }
  return Setup && !Unpub->publishesThis(MD);
}

std::optional<LockSet> SharedAccesses::callerHeld(const CXXMethodDecl *MD,
                                                  unsigned Depth) {
  MD = MD->getCanonicalDecl();
  if (!onlyCalledHere(MD, SM))
    return std::nullopt;
  auto Memo = CallerHeldMemo.find(MD);
  if (Memo != CallerHeldMemo.end())
    return Memo->second;
  if (!Sites) {
    // One pass over the translation unit for every candidate of every
    // lock-owning class.
    llvm::DenseSet<const CXXMethodDecl *> Wanted;
    for (const CXXRecordDecl *RD : Sp.lockOwners())
      for (const CXXMethodDecl *M : RD->methods())
        if (onlyCalledHere(M, SM)) {
          llvm::SmallVector<const CXXMethodDecl *, 4> Targets;
          callTargets(M, Targets);
          for (const CXXMethodDecl *T : Targets)
            Wanted.insert(T);
        }
    Sites = std::make_unique<CallSites>();
    CallSiteCollector C(SM, Wanted, *Sites);
    C.TraverseDecl(Ctx.getTranslationUnitDecl());
  }
  // A cycle (or a chain deeper than the walk's bound) assumes nothing.
  CallerHeldMemo[MD] = std::nullopt;
  // Every call that may run it: of it, or (virtual) of a method it
  // overrides, through a base.
  llvm::SmallVector<const CXXMethodDecl *, 4> Targets;
  if (!callTargets(MD, Targets) || Depth > MaxDepth)
    return std::nullopt;
  llvm::SmallVector<const CallSites::Site *, 8> Calls;
  for (const CXXMethodDecl *T : Targets) {
    if (Sites->AddressTaken.count(T))
      return std::nullopt;
    auto It = Sites->Calls.find(T);
    if (It != Sites->Calls.end())
      for (const CallSites::Site &S : It->second)
        Calls.push_back(&S);
  }
  const bool Witness = takesLockWitness(MD) || relockableGuardParam(MD);
  // A lock witness no visible call names a lock for (no visible call, or
  // only calls whose locks are not known or that pass on their own
  // caller's guard): its guard parameter shows that the caller holds a
  // lock, and nothing here shows which: some lock (silence on what is not
  // known; the translation units that make the calls name it).
  auto SomeLockHeld = [&]() -> std::optional<LockSet> {
    if (!Witness)
      return std::nullopt;
    LockSet Some;
    Some.acquireUnknown();
    return Some;
  };
  if (Calls.empty()) {
    CallerHeldMemo[MD] = SomeLockHeld();
    return CallerHeldMemo[MD];
  }
  const CXXRecordDecl *RD = MD->getParent();
  std::optional<LockSet> All;
  for (const CallSites::Site *SP : Calls) {
    const CallSites::Site &S = *SP;
    LockSet Here;
    const auto *CallerMD = dyn_cast_or_null<CXXMethodDecl>(S.Caller);
    const FunctionDecl *Caller =
        S.Caller && S.Caller->getDefinition() ? S.Caller->getDefinition()
                                              : S.Caller;
    const FunctionLockFacts *F = nullptr;
    LockSet Entry;
    if (Caller && Caller->hasBody()) {
      // What the caller itself is called with, when that is known too.
      if (CallerMD && CallerMD->getParent() == RD)
        if (std::optional<LockSet> E = callerHeld(CallerMD, Depth + 1))
          Entry = *E;
      // A caller whose own entry locks come with a relockable guard keeps
      // them only while that guard is still held.
      if (!Entry.empty() && relockableGuardParam(Caller))
        if (const GuardWitness *GW = witnessOf(Caller);
            !GW || !GW->heldAt(S.Call))
          Entry = LockSet();
      F = locksets(Caller, Caller->getBody(), Entry);
    }
    const LockSet *Must = F ? F->mustHoldAt(S.Call) : nullptr;
    // For a witness, a call whose locks are not known (in a catch handler,
    // which the CFG without exception edges does not reach) names no lock
    // and contradicts none, like a caller elsewhere.
    if (Witness && !Must)
      continue;
    if (Must)
      addLocksAroundCall(*Must, S.Object, RD, Here);
    // A witness passed on: the caller hands over a guard it received by
    // reference itself, still held there. When its own callers' lock is
    // not known above, the call is one more whose caller is elsewhere: it
    // names no lock and contradicts none (the others name it).
    if (Witness && Entry.empty() && Caller &&
        passesOwnGuard(S.Call, MD, Caller) &&
        (!relockableGuardParam(Caller) ||
         (witnessOf(Caller) && witnessOf(Caller)->heldAt(S.Call))))
      continue;
    if (!All) {
      All = Here;
      continue;
    }
    // For a witness, a call where the lock held cannot be named (a guard
    // on `p->mu` around `p->f(lk)` through a smart pointer) holds some
    // lock, maybe the one the other calls name: some lock is held at
    // every call (silence on what is not known).
    if (Witness)
      intersectKeepingSomeLock(*All, Here);
    else
      All->intersectWith(Here);
  }
  if (!All)
    All = SomeLockHeld();
  CallerHeldMemo[MD] = All;
  return All;
}

namespace {
/// \p MD exists in this translation unit only because its class template
/// was instantiated: an implicit instantiation of a virtual member (the
/// language instantiates every virtual member with the class, for its
/// vtable, used or not) that nothing here calls, directly or through a
/// method it overrides, whose address is not taken, and that no thread
/// entry of the translation unit reaches. Whether and under which locks it
/// runs is not shown by anything in the translation unit.
bool unusedVirtualInstantiation(
    const CXXMethodDecl *MD, const SharedAccesses::CallSites &All,
    const llvm::DenseSet<const FunctionDecl *> &ReachedFromEntries) {
  if (!MD->isVirtual() ||
      MD->getTemplateSpecializationKind() != TSK_ImplicitInstantiation)
    return false;
  if (const FunctionDecl *Def = MD->getDefinition())
    if (ReachedFromEntries.count(Def))
      return false;
  llvm::SmallVector<const CXXMethodDecl *, 4> Targets;
  overriddenClosure(MD, Targets);
  for (const CXXMethodDecl *T : Targets)
    if (All.AddressTaken.count(T) || All.Calls.count(T))
      return false;
  return true;
}
} // namespace

std::optional<LockSet>
SharedAccesses::visibleCallerHeld(const CXXMethodDecl *MD, unsigned Depth,
                                  bool &Assumed) {
  MD = MD->getCanonicalDecl();
  auto Memo = VisibleHeldMemo.find(MD);
  if (Memo != VisibleHeldMemo.end()) {
    if (!Memo->second.Done) {
      // On the current chain: a cycle adds no caller of its own; what the
      // result assumes about it is checked by the caller's memo.
      Assumed = true;
      return std::nullopt;
    }
    return Memo->second.Held;
  }
  allSites();
  llvm::SmallVector<const CXXMethodDecl *, 4> Targets;
  overriddenClosure(MD, Targets);
  for (const CXXMethodDecl *T : Targets)
    if (AllSites->AddressTaken.count(T))
      return std::nullopt;
  if (Depth > MaxDepth)
    return std::nullopt;
  VisibleHeldMemo[MD] = {};
  std::optional<LockSet> All;
  bool MineAssumed = false;
  for (const CXXMethodDecl *T : Targets) {
    auto It = AllSites->Calls.find(T);
    if (It == AllSites->Calls.end())
      continue;
    for (const CallSites::Site &S : It->second) {
      LockSet Here;
      const FunctionDecl *Caller =
          S.Caller && S.Caller->getDefinition() ? S.Caller->getDefinition()
                                                : S.Caller;
      if (Caller && Caller->hasBody()) {
        LockSet Entry;
        if (const auto *CallerMD = dyn_cast<CXXMethodDecl>(Caller)) {
          // A call in a body that nothing here runs is no call chain this
          // translation unit shows (see the header).
          if (unusedVirtualInstantiation(CallerMD, *AllSites,
                                         ReachedFromEntries))
            continue;
          bool Skip = false;
          std::optional<LockSet> E =
              visibleCallerHeld(CallerMD, Depth + 1, Skip);
          if (Skip && !E) {
            // The caller is on the chain being computed: its calls are
            // counted where the chain was entered.
            MineAssumed = true;
            continue;
          }
          MineAssumed |= Skip;
          if (E)
            Entry = *E;
        }
        if (const FunctionLockFacts *F =
                locksets(Caller, Caller->getBody(), Entry))
          if (const LockSet *Must = F->mustHoldAt(S.Call))
            addLocksAroundCall(*Must, S.Object, MD->getParent(), Here);
      }
      if (!All)
        All = Here;
      else
        All->intersectWith(Here);
    }
  }
  Assumed |= MineAssumed;
  if (MineAssumed)
    VisibleHeldMemo.erase(MD); // depends on a caller still being computed
  else
    VisibleHeldMemo[MD] = {true, All};
  return All;
}

namespace {
/// The public methods \p X and \p Y run in, when both run in Recall roots.
bool recallRoots(const Access &X, const Access &Y, const CXXMethodDecl *&MX,
                 const CXXMethodDecl *&MY) {
  if (X.Kind != CtxKind::Recall || Y.Kind != CtxKind::Recall || !X.RootFn ||
      !Y.RootFn)
    return false;
  MX = dyn_cast<CXXMethodDecl>(X.RootFn);
  MY = dyn_cast<CXXMethodDecl>(Y.RootFn);
  return MX && MY;
}
} // namespace

bool SharedAccesses::neitherRunsHere(const Access &X, const Access &Y) {
  const CXXMethodDecl *MX = nullptr, *MY = nullptr;
  if (!recallRoots(X, Y, MX, MY))
    return false;
  return notRunHere(MX) && notRunHere(MY);
}

bool SharedAccesses::notRunHere(const CXXMethodDecl *MD) {
  MD = MD->getCanonicalDecl();
  if (unusedVirtualInstantiation(MD, allSites(), ReachedFromEntries))
    return true;
  // A virtual method that no code running here calls, even through a base,
  // names, or creates an object for (utils/RunsHere.h): its body is in a
  // header, seen by the translation units that do.
  if (!MD->isVirtual())
    return false;
  if (!Running)
    Running = std::make_unique<RunsHere>(Ctx, ReachedFromEntries);
  return !Running->runs(MD);
}

bool SharedAccesses::heldByAllCallers(const Access &X, const Access &Y) {
  const CXXMethodDecl *MX = nullptr, *MY = nullptr;
  if (!recallRoots(X, Y, MX, MY))
    return false;
  bool Unused = false;
  std::optional<LockSet> OX = visibleCallerHeld(MX, 0, Unused);
  if (!OX || OX->empty())
    return false;
  std::optional<LockSet> OY = visibleCallerHeld(MY, 0, Unused);
  if (!OY || OY->empty())
    return false;
  Access X2 = X, Y2 = Y;
  X2.Locks = *OX;
  Y2.Locks = *OY;
  return protects(X2, Y2);
}

SharedAccesses::SharedAccesses(ASTContext &Ctx, const SpawnModel &Spawns,
                               CFGCache &CFGs, unsigned MaxDepth)
    : Ctx(Ctx), SM(Ctx.getSourceManager()), Sp(Spawns), CFGs(CFGs),
      MaxDepth(MaxDepth), Oracle(Ctx, CFGs),
      Mutations(std::make_unique<ExprMutationAnalyzer::Memoized>()) {}

SharedAccesses::~SharedAccesses() = default;

bool SharedAccesses::isUserCode(const Decl *D) const {
  return D->getLocation().isValid() &&
         !SM.isInSystemHeader(SM.getExpansionLoc(D->getLocation()));
}

bool SharedAccesses::aliveFor(const WalkCtx &W, const Stmt *Top,
                              llvm::SmallVectorImpl<unsigned> &Out) const {
  Out.clear();
  if (W.AliveOverride)
    Out.append(W.AliveOverride->begin(), W.AliveOverride->end());
  else
    Out = Sp.aliveAt(W.Spawner, Top);
  return !Out.empty();
}

const FunctionLockFacts *SharedAccesses::locksets(const Decl *D, const Stmt *Body,
                                                const LockSet &Entry) {
  auto &V = Cache[D];
  for (auto &P : V)
    if (P.first == Entry)
      return P.second.get();
  const FunctionCFG *G = CFGs.get(D, Body, Ctx);
  V.emplace_back(Entry, G ? FunctionLockFacts::analyze(*G, Ctx, Entry,
                                                      nullptr, &Reach)
                          : nullptr);
  return V.back().second.get();
}

std::optional<LockSet> SharedAccesses::heldAt(const Stmt *S, Frame &Fr,
                                            const WalkCtx &W) const {
  const FunctionLockFacts *L = Fr.L;
  if (Fr.Witness && Fr.NoWitness && !Fr.Witness->heldAt(S))
    L = Fr.NoWitness;
  const LockSet *Must = L->mustHoldAt(S);
  if (!Must)
    return std::nullopt;
  LockSet Out;
  if (Must->hasUnknown())
    Out.acquireUnknown();
  for (const HeldLock &H : Must->locks()) {
    if (H.Lock.rootKind() != PathRoot::Param) {
      Out.acquire(H.Lock, H.Shared, H.Site);
      continue;
    }
    bool Bound = false;
    for (const Binding &B : W.Bindings)
      if (B.Param->getCanonicalDecl() == H.Lock.root()) {
        llvm::ArrayRef<PathStep> Steps = H.Lock.steps();
        if (B.ThroughPointer) {
          if (Steps.empty() || Steps[0].Kind != PathStep::Deref)
            break;
          Steps = Steps.drop_front();
        }
        AccessPath P = B.Target;
        for (const PathStep &St : Steps)
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


bool SharedAccesses::sharedRoot(const AccessPath &P, Frame &Fr) const {
  switch (P.rootKind()) {
  case PathRoot::Global: {
    const auto *VD = dyn_cast<VarDecl>(P.root());
    return VD && VD->getTLSKind() == VarDecl::TLS_None && isUserCode(VD) &&
           !isImmutable(VD->getType()) && !VD->isConstexpr();
  }
  case PathRoot::Local: {
    const auto *VD = dyn_cast<VarDecl>(P.root());
    return VD && !Fr.CopyCaptures.count(VD) && Sp.isEscapedLocal(VD);
  }
  default:
    return false;
  }
}

std::optional<SharedAccesses::SharedRef> SharedAccesses::sharedPath(const Expr *Arg, bool Pointee,
                                              Frame &Fr,
                                              const WalkCtx &W) const {
  const AliasMap *A = Fr.L ? &Fr.L->aliases() : nullptr;
  std::optional<AccessPath> P =
      Pointee ? pointeePathOf(Arg, A) : accessPathOf(Arg, A);
  if (!P)
    return std::nullopt;
  if (P->rootKind() == PathRoot::Param) {
    for (const Binding &B : W.Bindings)
      if (B.Param->getCanonicalDecl() == P->root()) {
        llvm::ArrayRef<PathStep> Steps = P->steps();
        if (B.ThroughPointer) {
          if (Steps.empty() || Steps[0].Kind != PathStep::Deref)
            return std::nullopt; // the pointer itself, a local copy
          Steps = Steps.drop_front();
        }
        AccessPath Out = B.Target;
        for (const PathStep &St : Steps)
          Out.append(St);
        return SharedRef{Out, B.Var};
      }
    return std::nullopt;
  }
  if (P->rootKind() == PathRoot::This) {
    if (!W.Class || P->steps().empty() ||
        P->steps()[0].Kind != PathStep::Field)
      return std::nullopt;
    return SharedRef{*P, P->steps()[0].Decl};
  }
  if (!sharedRoot(*P, Fr))
    return std::nullopt;
  if (isSynchronisationType(P->root()->getType()) && P->steps().empty())
    return std::nullopt;
  return SharedRef{*P, P->root()};
}

std::optional<SharedAccesses::SharedRef> SharedAccesses::sharedVar(const DeclRefExpr *DRE, Frame &Fr,
                                             WalkCtx &W,
                                             bool &ThroughPointer) const {
  ThroughPointer = false;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD)
    return std::nullopt;
  if (const auto *PVD = dyn_cast<ParmVarDecl>(VD))
    for (const Binding &B : W.Bindings)
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
    return isUserCode(VD) ? std::optional<SharedAccesses::SharedRef>(SharedRef{
                                AccessPath::ofDecl(VD), VD->getCanonicalDecl()})
                          : std::nullopt;
  if (Fr.CopyCaptures.count(VD))
    return std::nullopt;
  if (!Sp.isEscapedLocal(VD))
    return std::nullopt;
  return SharedRef{AccessPath::ofDecl(VD), VD};
}

bool SharedAccesses::followed(const FunctionDecl *FD) const {
  if (!FD || isa<CXXConstructorDecl>(FD))
    return false;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda())
      return false;
  const FunctionDecl *Def = FD->getDefinition();
  return Def && Def->hasBody() && isUserCode(Def) && !Def->isDependentContext();
}

/// The class of \p Base when it names a complete object (a variable or a
/// data member of class type, not a reference): a call on it is not
/// dispatched to a more derived override.
static const CXXRecordDecl *completeObjectClass(const Expr *Base) {
  Base = Base->IgnoreParenImpCasts();
  const ValueDecl *D = nullptr;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Base))
    D = dyn_cast<VarDecl>(DRE->getDecl());
  else if (const auto *ME = dyn_cast<MemberExpr>(Base))
    D = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!D || D->getType()->isReferenceType())
    return nullptr;
  return D->getType()->getAsCXXRecordDecl();
}

/// The element step of a subscript index.
static PathStep elementStepOf(const Expr *Idx) {
  PathStep S;
  S.Kind = PathStep::Element;
  Idx = Idx->IgnoreParenImpCasts();
  if (const auto *IL = dyn_cast<IntegerLiteral>(Idx))
    S.Constant = IL->getValue().getSExtValue();
  else if (const auto *DRE = dyn_cast<DeclRefExpr>(Idx))
    if (isa<VarDecl>(DRE->getDecl()))
      S.Decl = DRE->getDecl();
  return S;
}

bool SharedAccesses::writesThroughParam(const FunctionDecl *FD,
                                        unsigned Idx) {
  QualType PT = FD->getParamDecl(Idx)->getType();
  if (!PT->isRValueReferenceType() &&
      !(PT->isLValueReferenceType() &&
        !PT.getNonReferenceType().isConstQualified()))
    return false; // by value, by const reference, a pointer copied
  // What the callee does with the parameter, when its body is visible.
  // Unknown: not shown to write (silence), the access counts as a read.
  const FunctionDecl *Def = FD->getDefinition();
  if (!Def || !Def->hasBody() || Def->isDependentContext() ||
      Idx >= Def->getNumParams())
    return false;
  return FunctionParmMutationAnalyzer::getFunctionParmMutationAnalyzer(
             *Def, Ctx, *Mutations)
      ->isMutated(Def->getParamDecl(Idx));
}

/// Classifies the access that starts at \p Start by walking up its parents,
/// extending \p Path with the members and elements it selects.
void SharedAccesses::access(const Expr *Start, AccessPath Path,
                      const ValueDecl *Var, bool ThroughPointer, Frame &Fr,
                      WalkCtx &W) {
  const ParentMap &PM = Fr.L->parents();
  const Stmt *Cur = Start;
  bool Write = false, Known = false;
  bool NeedDeref = ThroughPointer;
  const FieldSet *Fields = nullptr;
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
      // A member call: decided by the method. A call on a synchronisation
      // object (reached through a pointer or reference: `m->lock()`,
      // `cv->wait(l)`) is the synchronisation itself, not an access.
      if (isSynchronisationType(ME->getBase()->getType()->isPointerType()
                                    ? ME->getBase()->getType()->getPointeeType()
                                    : ME->getBase()->getType()))
        return;
      const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(PM.getParent(P));
      const auto *MD = MC ? MC->getMethodDecl() : nullptr;
      if (!MD)
        break;
      // A method that touches only the object's synchronisation state
      // (`is_running()` on an atomic flag, a getter of a const member) is
      // no access of its data. On a complete object (a variable or data
      // member, not a pointer or reference) a virtual call runs the
      // overrider of the object's own class, whose body is the one asked.
      if (Oracle.callTouchesOnlySyncState(MD))
        return;
      if (MD->isVirtual() && !ME->isArrow())
        if (const CXXRecordDecl *Static = completeObjectClass(ME->getBase()))
          if (const CXXMethodDecl *Final =
                  MD->getCorrespondingMethodInClass(Static))
            if (Oracle.callTouchesOnlySyncState(Final, /*Exact=*/true))
              return;
      Known = true;
      // A user class's method, run exactly (not virtual, or on a complete
      // object): the members it touches, where they can be shown.
      const CXXMethodDecl *Callee = MD;
      bool Exact = false;
      if (MD->isVirtual() && !ME->isArrow())
        if (const CXXRecordDecl *Static = completeObjectClass(ME->getBase()))
          if (const CXXMethodDecl *Final =
                  MD->getCorrespondingMethodInClass(Static)) {
            Callee = Final;
            Exact = true;
          }
      if (!MD->getParent()->isInStdNamespace() && (!MD->isVirtual() || Exact))
        Fields = FieldFx.of(Callee);
      if (MD->isConst())
        break;
      if (MD->getParent()->isInStdNamespace()) {
        // A library object: by the standard's data-race rule, a non-const
        // member function modifies it, unless it only selects a part.
        if (MD->getIdentifier() && isAccessorName(MD->getName())) {
          Known = false;
          Cur = MC;
          continue;
        }
        Write = true;
        break;
      }
      // A user class: a write only when its body shows one (issue 13's
      // rule, utils/Accesses.h); otherwise the call reads the object.
      // On a complete object a virtual call runs its class's overrider.
      Write = Oracle.callShownToWrite(Callee, Exact);
      // A getter handing out a modifiable part of the object (`log()`
      // returning `Logger &`, `items()` a `std::vector<int> &`): what is
      // done with the result decides, as for a container's accessors.
      // Only a visible getter: where an unknown one's reference points is
      // not known.
      QualType RT = MD->getReturnType();
      if (!Write && RT->isLValueReferenceType() &&
          !RT.getNonReferenceType().isConstQualified() &&
          definitionOf(Callee)) {
        Known = false;
        Fields = nullptr; // the access goes on on what it returns
        Cur = MC;
        continue;
      }
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
          if (Oracle.callTouchesOnlySyncState(MD))
            return;
          Write = !MD->isConst() &&
                  (MD->getParent()->isInStdNamespace() ||
                   Oracle.callShownToWrite(MD));
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
      // std::move / std::forward only cast: what receives the result
      // decides (a by-value or rvalue-reference parameter may move from
      // it, a const reference only reads it).
      if (FD->isInStdNamespace() && FD->getIdentifier() &&
          (FD->getName() == "move" || FD->getName() == "forward") &&
          CE->getNumArgs() == 1) {
        Known = false;
        Cur = P;
        continue;
      }
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
          Write = writesThroughParam(FD, I - Shift);
        }
      break;
    }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(P)) {
      Known = true;
      const CXXConstructorDecl *Ctor = CE->getConstructor();
      for (unsigned I = 0; I < CE->getNumArgs() && I < Ctor->getNumParams(); ++I)
        if (CE->getArg(I) == Cur)
          Write = writesThroughParam(Ctor, I);
      break;
    }
    Known = true;
    break;
  }
  if (NeedDeref)
    return;
  // The object reached is a synchronisation object (`*m` handed to a
  // guard, `++*c` on an atomic, a mutex bound to a reference parameter):
  // operating on it is the synchronisation, not a data access.
  if (const auto *CurE = dyn_cast<Expr>(Cur))
    if (isSynchronisationType(CurE->getType()))
      return;
  // The lock-consistency rule is about the class's own fields: in a Recall
  // root, an object reached by name (a global, a static member) is not a
  // field its lock is shown to guard.
  if (W.Kind == CtxKind::Recall && Path.rootKind() != PathRoot::This)
    return;
  std::optional<LockSet> Held = heldAt(Start, Fr, W);
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
  A.Offset = SM.getFileOffset(SM.getExpansionLoc(Start->getBeginLoc()));
  A.Top = W.TopSite ? W.TopSite : Start;
  A.Spawner = W.Spawner;
  A.RootFn = W.RootFn;
  A.BodyFn = dyn_cast_or_null<FunctionDecl>(Fr.D);
  A.Fields = Fields;
  if (W.Kind == CtxKind::Window && !aliveFor(W, A.Top, A.Alive))
    return;
  Accesses.push_back(std::move(A));
}

void SharedAccesses::walk(const FunctionDecl *F, const LockSet &Entry,
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
    // External: which public method the walk started from decides whether
    // a thread start orders it (callsPrecedeStart), so a helper reached from
    // two of them is recorded for each.
    if (W.Kind == CtxKind::External)
      OS << '^' << static_cast<const void *>(W.RootFn);
    OS << '+' << Entry.str();
    if (Depth == 0 && W.WitnessGuard)
      OS << "~witness";
    for (const HeldLock &L : Entry.locks())
      OS << '+' << static_cast<const void *>(L.Lock.root());
    if (W.AliveOverride)
      for (unsigned ID : *W.AliveOverride)
        OS << ',' << ID;
    for (const Binding &B : W.Bindings)
      OS << ';' << static_cast<const void *>(B.Param) << '='
         << B.Target.str() << '@'
         << static_cast<const void *>(B.Target.root());
    for (const ParmVarDecl *P : W.Zero)
      OS << ";0=" << static_cast<const void *>(P);
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
  if (Depth == 0 && !AsLambda && W.WitnessGuard) {
    Fr.Witness = witnessOf(F);
    Fr.NoWitness = locksets(F, F->getBody(), LockSet());
    if (!Fr.Witness) // nothing shows where the guard is held
      Fr.L = Fr.NoWitness;
    if (!Fr.L) {
      Visiting.erase({F, Key});
      return;
    }
  }
  if (AsLambda)
    for (const LambdaCapture &Cap : AsLambda->captures())
      if (Cap.capturesVariable() && Cap.getCaptureKind() == LCK_ByCopy)
        if (const auto *VD = dyn_cast<VarDecl>(Cap.getCapturedVar()))
          Fr.CopyCaptures.insert(VD);
  walkBody(F->getBody(), Fr, W, Depth);
  // Allow the same function to be walked again with another lockset.
  Visiting.erase({F, Key});
}

/// A standard type-erased callable that a lambda converts to: calling it
/// calls the lambda.
static bool isTypeErasedCallable(const CXXRecordDecl *RD) {
  return RD->isInStdNamespace() && RD->getIdentifier() &&
         (RD->getName() == "function" || RD->getName() == "move_only_function" ||
          RD->getName() == "copyable_function");
}

/// The lambda a local variable holds, if it was initialised with one.
static const LambdaExpr *lambdaInit(const VarDecl *VD) {
  if (!VD || !VD->hasLocalStorage() || !VD->getInit())
    return nullptr;
  return dyn_cast<LambdaExpr>(stripCallableWrappers(VD->getInit()));
}

void SharedAccesses::walkLambdaAt(const LambdaExpr *L, const Stmt *Site, Frame &Fr,
                            WalkCtx &W, unsigned Depth) {
  std::optional<LockSet> Held = heldAt(Site, Fr, W);
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
    if (!aliveFor(W, Sub.TopSite, Alive))
      return;
    Sub.AliveOverride = &Alive;
  }
  walkBody(L->getBody(), Inner, Sub, Depth);
}

void SharedAccesses::walkBody(const Stmt *Body, Frame &Fr, WalkCtx &W,
                              unsigned Depth) {
  // An explicit stack instead of recursion: a statement is handled before
  // its children (in source order); a call or lambda is finished (leave())
  // after them. The depth of an expression costs heap, not stack.
  struct Item {
    const Stmt *S;
    bool Leave;
  };
  llvm::SmallVector<Item, 64> Stack;
  llvm::SmallVector<const Stmt *, 8> Kids;
  Stack.push_back({Body, false});
  while (!Stack.empty()) {
    Item It = Stack.pop_back_val();
    const Stmt *S = It.S;
    if (!S)
      continue;
    if (It.Leave) {
      leave(S, Fr, W, Depth);
      continue;
    }
    Kids.clear();
    if (!enter(S, Fr, W, Kids))
      continue;
    if (isa<CallExpr, LambdaExpr>(S))
      Stack.push_back({S, true});
    for (const Stmt *K : llvm::reverse(Kids))
      Stack.push_back({K, false});
  }
}

namespace {
/// \p S always leaves the block it is in: a return, a throw, a break or
/// continue, or a block that ends in one.
bool leavesBlock(const Stmt *S) {
  if (!S)
    return false;
  if (isa<ReturnStmt, BreakStmt, ContinueStmt, CoreturnStmt>(S))
    return true;
  if (const auto *E = dyn_cast<Expr>(S))
    return isa<CXXThrowExpr>(E->IgnoreParenImpCasts());
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return !CS->body_empty() && leavesBlock(CS->body_back());
  return false;
}

/// \p S holds a label or a case a jump may enter by (lambdas aside).
/// Iterative, like the walk: an expression's depth costs heap, not stack.
bool hasJumpTarget(const Stmt *S) {
  llvm::SmallVector<const Stmt *, 32> Work{S};
  while (!Work.empty()) {
    const Stmt *X = Work.pop_back_val();
    if (!X || isa<LambdaExpr>(X))
      continue;
    if (isa<SwitchCase, LabelStmt>(X))
      return true;
    Work.append(X->child_begin(), X->child_end());
  }
  return false;
}

/// The children of \p S that run when the parameters \p Zero are zero,
/// when a condition they decide rules some out: an if or ?: decided by
/// them runs its condition and the branch taken; in a block, an if whose
/// taken branch always leaves the block (`if (!ack) return;`) ends it, up to
/// the next statement a jump may enter by (a case, a label). False: no
/// condition decided, \p Kids untouched.
bool liveKids(const Stmt *S, llvm::ArrayRef<const ParmVarDecl *> Zero,
              const ASTContext &Ctx, llvm::SmallVectorImpl<const Stmt *> &Kids) {
  auto Taken = [&](const IfStmt *IS) -> std::optional<const Stmt *> {
    if (IS->isConsteval())
      return std::nullopt;
    std::optional<bool> V = conditionUnder(IS->getCond(), Zero, Ctx);
    if (!V)
      return std::nullopt;
    return *V ? IS->getThen() : IS->getElse();
  };
  if (const auto *IS = dyn_cast<IfStmt>(S)) {
    std::optional<const Stmt *> Branch = Taken(IS);
    if (!Branch)
      return false;
    Kids.push_back(IS->getInit());
    Kids.push_back(IS->getConditionVariableDeclStmt());
    Kids.push_back(IS->getCond());
    Kids.push_back(*Branch);
    return true;
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(S)) {
    std::optional<bool> V = conditionUnder(CO->getCond(), Zero, Ctx);
    if (!V)
      return false;
    Kids.push_back(CO->getCond());
    Kids.push_back(*V ? CO->getTrueExpr() : CO->getFalseExpr());
    return true;
  }
  const auto *CS = dyn_cast<CompoundStmt>(S);
  if (!CS)
    return false;
  size_t Start = Kids.size();
  bool Dead = false, Cut = false;
  for (const Stmt *C : CS->body()) {
    if (Dead && !hasJumpTarget(C))
      continue;
    Dead = false;
    Kids.push_back(C);
    if (const auto *IS = dyn_cast<IfStmt>(C))
      if (std::optional<const Stmt *> Branch = Taken(IS))
        Dead = Cut = leavesBlock(*Branch);
  }
  if (!Cut)
    Kids.resize(Start);
  return Cut;
}
} // namespace

bool SharedAccesses::enter(const Stmt *S, Frame &Fr, WalkCtx &W,
                           llvm::SmallVectorImpl<const Stmt *> &Kids) {
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
      Kids.push_back(E);
    }
    return true;
  }
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    // std::call_once runs its callable once, before anyone else goes on.
    if (FD && FD->isInStdNamespace() && FD->getIdentifier() &&
        FD->getName() == "call_once")
      return false;
  }
  // A branch that the zero parameters of this chain decide against does
  // not run here (utils/ConstArgs.h).
  if (!W.Zero.empty() && liveKids(S, W.Zero, Ctx, Kids))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    bool ThroughPointer = false;
    if (std::optional<SharedRef> R = sharedVar(DRE, Fr, W, ThroughPointer))
      access(DRE, R->Path, R->Var, ThroughPointer, Fr, W);
    return false;
  }
  if (const auto *ME = dyn_cast<MemberExpr>(S)) {
    if (W.Class && isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
      if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        if (!isImmutable(FD->getType()) &&
            !isSynchronisationType(FD->getType()) &&
            !FD->getType()->isReferenceType() && !FD->isMutable()) {
          AccessPath P = AccessPath::ofThis(W.Class);
          P.field(FD);
          access(ME, P, FD, false, Fr, W);
          return false;
        }
  }
  for (const Stmt *Child : S->children())
    Kids.push_back(Child);
  return true;
}

void SharedAccesses::leave(const Stmt *S, Frame &Fr, WalkCtx &W,
                           unsigned Depth) {
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    // Handed straight to a function the walk follows, as a parameter of the
    // lambda's own type (`template <class F> T run(F f)`) or of the standard
    // type-erased callable built from it (`void on(std::function<void()>
    // h)`): it runs where that function calls the parameter, with the locks
    // held there (a callee that locks, then calls `f()`). Not called there
    // (stored in a handler table, passed on): not walked (silence).
    if (!Sp.isSpawnCallable(L) && !Stored.count(L)) {
      const Stmt *Cur = L;
      const Stmt *P = Fr.L->parents().getParent(Cur);
      const CXXRecordDecl *Wrapper = nullptr;
      while (P) {
        // The conversion, and before C++17 the (elidable) moves of the
        // lambda and of the temporary the conversion makes.
        if (const auto *Construct = dyn_cast<CXXConstructExpr>(P);
            Construct && Construct->getNumArgs() >= 1 &&
            Construct->getArg(0) == Cur)
          if (const CXXRecordDecl *RD = Construct->getConstructor()->getParent();
              RD && ((!Wrapper && RD == L->getLambdaClass()) ||
                     (isTypeErasedCallable(RD) &&
                      (!Wrapper || RD->getCanonicalDecl() ==
                                       Wrapper->getCanonicalDecl())))) {
            if (RD != L->getLambdaClass())
              Wrapper = RD;
            Cur = P;
            P = Fr.L->parents().getParent(P);
            continue;
          }
        if (!isa<ImplicitCastExpr, MaterializeTemporaryExpr,
                 CXXBindTemporaryExpr, CXXFunctionalCastExpr>(P))
          break;
        Cur = P;
        P = Fr.L->parents().getParent(P);
      }
      if (const auto *CE = dyn_cast_or_null<CallExpr>(P))
        if (const FunctionDecl *FD = CE->getDirectCallee())
          if (followed(FD) && !classifySpawn(CE)) {
            const FunctionDecl *Def = FD->getDefinition();
            unsigned Shift =
                isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(FD) ? 1 : 0;
            for (unsigned I = Shift; I < CE->getNumArgs(); ++I)
              if (CE->getArg(I) == Cur && I - Shift < Def->getNumParams()) {
                const ParmVarDecl *PVD = Def->getParamDecl(I - Shift);
                const CXXRecordDecl *ParamRD =
                    PVD->getType().getNonReferenceType()->getAsCXXRecordDecl();
                if (ParamRD && (ParamRD == L->getLambdaClass() ||
                                (Wrapper && ParamRD->getCanonicalDecl() ==
                                                Wrapper->getCanonicalDecl()))) {
                  StoredLambdas[PVD] = L;
                  Stored.insert(L);
                }
              }
          }
    }
    // Spawned lambdas are contexts of their own; stored ones run where they
    // are called.
    if (Sp.isSpawnCallable(L) || Stored.count(L))
      return;
    // A lambda passed on or called in place runs here, with the locks held
    // here.
    walkLambdaAt(L, L, Fr, W, Depth);
    return;
  }
  const auto *CE = cast<CallExpr>(S);
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
  if (classifySpawn(CE))
    return;
  std::optional<LockSet> Held = heldAt(CE, Fr, W);
  if (!Held)
    return;
  // A lock witness passed on (see callerHeld): the guard this body
  // received, still held, goes to a callee whose visible callers name the
  // lock it holds; here it cannot be named: some lock.
  if (const auto *CalleeMD = dyn_cast<CXXMethodDecl>(FD);
      CalleeMD && Fr.D && isa<FunctionDecl>(Fr.D) &&
      passesOwnGuard(CE, CalleeMD, cast<FunctionDecl>(Fr.D)) &&
      (!relockableGuardParam(cast<FunctionDecl>(Fr.D)) ||
       (witnessOf(cast<FunctionDecl>(Fr.D)) &&
        witnessOf(cast<FunctionDecl>(Fr.D))->heldAt(CE))))
    if (std::optional<LockSet> Named = callerHeld(CalleeMD);
        Named && !Named->empty())
      Held->acquireUnknown();
  WalkCtx Sub;
  Sub.Kind = W.Kind;
  Sub.Spawn = W.Spawn;
  Sub.Spawner = W.Spawner;
  Sub.Class = nullptr;
  Sub.TopSite = W.TopSite ? W.TopSite : CE;
  Sub.RootFn = W.RootFn;
  llvm::SmallVector<unsigned, 4> Alive;
  if (W.Kind == CtxKind::Window) {
    if (!aliveFor(W, Sub.TopSite, Alive))
      return;
    Sub.AliveOverride = &Alive;
  }
  // Member calls on `this` keep the shared object.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(CE))
    if (isa<CXXThisExpr>(
            MC->getImplicitObjectArgument()->IgnoreParenImpCasts()))
      Sub.Class = W.Class;
  // Reference and pointer parameters bound to shared state: the callee's
  // accesses through them are accesses of that state.
  const FunctionDecl *Def = FD->getDefinition();
  unsigned Shift =
      isa<CXXOperatorCallExpr>(CE) && isa<CXXMethodDecl>(FD) ? 1 : 0;
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
  // Arguments zero at this call: the callee's branches they rule out do not
  // run in this chain.
  Sub.Zero = zeroArgs(CE, Def, W.Zero);
  walk(FD, *Held, Sub, Depth + 1);
}

bool SharedAccesses::sharedIndex(const ValueDecl *D) const {
  const auto *VD = dyn_cast_or_null<VarDecl>(D);
  if (!VD || VD->getTLSKind() != VarDecl::TLS_None)
    return false;
  if (VD->hasGlobalStorage())
    return true;
  return VD->hasLocalStorage() && Sp.isEscapedLocal(VD);
}

bool SharedAccesses::mayTouchSame(const Access &X, const Access &Y) const {
  if (!X.Path.mayAlias(Y.Path))
    return false;
  llvm::ArrayRef<PathStep> XS = X.Path.steps(), YS = Y.Path.steps();
  // A pointer and an object found through it are two objects: `this->p_`
  // read (`p_->a`) and `this->p_->items[i]` written (through a reference
  // the spawner bound) do not touch one location. A path steps through a
  // dereference only where a binding made it (access() stops at `->` and
  // records the pointer read): the pointer was read where the reference
  // was bound, an access of that context. Only when every common step has
  // one shape (a cast between them: cannot tell).
  if (XS.size() != YS.size()) {
    llvm::ArrayRef<PathStep> Short = XS.size() < YS.size() ? XS : YS;
    llvm::ArrayRef<PathStep> Long = XS.size() < YS.size() ? YS : XS;
    bool SameShape = true;
    for (size_t I = 0; I < Short.size(); ++I)
      SameShape &= Short[I].Kind == Long[I].Kind;
    if (SameShape && Long[Short.size()].Kind == PathStep::Deref)
      return false;
  }
  for (size_t I = 0, N = std::min(XS.size(), YS.size()); I < N; ++I) {
    const PathStep &S = XS[I], &T = YS[I];
    if (S.Kind != PathStep::Element || T.Kind != PathStep::Element)
      continue;
    if (S.Constant && T.Constant)
      continue; // equal: mayAlias told unequal constants apart
    if (S.Decl && S.Decl == T.Decl && sharedIndex(S.Decl))
      continue; // both threads read one index variable
    return false; // which elements: not shown to be one
  }
  // Two calls on one object whose methods touch disjoint members of it
  // (utils/FieldEffects.h): the writer side and the reader side of a
  // single-producer, single-consumer structure.
  if (X.Fields && Y.Fields && X.Path == Y.Path)
    return FieldEffects::conflict(X.Fields, Y.Fields);
  return true;
}

const FunctionDecl *SharedAccesses::bodyOf(const Access &X) const {
  switch (X.Kind) {
  case CtxKind::Entry:
    return Sp[X.Spawn].Entry;
  case CtxKind::Window:
    return X.Spawner;
  case CtxKind::External:
  case CtxKind::Recall:
    return nullptr;
  }
  return nullptr;
}

SyncFacts *SharedAccesses::sync(const FunctionDecl *F) {
  if (!F || !F->hasBody())
    return nullptr;
  F = F->getDefinition() ? F->getDefinition() : F;
  auto It = Syncs.find(F);
  if (It != Syncs.end())
    return It->second.get();
  std::unique_ptr<SyncFacts> S;
  if (const FunctionCFG *G = CFGs.get(F, F->getBody(), Ctx)) {
    auto &A = SyncAliases[F];
    A = std::make_unique<AliasMap>(F->getBody(), G->parents());
    S = std::make_unique<SyncFacts>(*G, A.get());
  }
  SyncFacts *R = S.get();
  Syncs[F] = std::move(S);
  return R;
}

unsigned SharedAccesses::releasers(const AccessPath &Channel) {
  // Memoised per channel: asked for every pair of accesses compared.
  for (const auto &[C, N] : ReleasersMemo)
    if (C == Channel)
      return N;
  unsigned N = 0;
  llvm::SmallPtrSet<const FunctionDecl *, 8> Spawners;
  for (const SpawnInfo &I : Sp.spawns()) {
    if (!I.Concurrent)
      continue;
    if (SyncFacts *S = sync(I.Entry))
      if (S->releases(Channel))
        N += I.SelfConcurrent ? 2 : 1;
    if (Spawners.insert(I.Spawner).second)
      if (SyncFacts *S = sync(I.Spawner))
        if (S->releases(Channel))
          ++N;
  }
  ReleasersMemo.emplace_back(Channel, N);
  return N;
}

/// The member calls on one spawn's thread object (see callsPrecedeStart).
struct SharedAccesses::ObjectCalls {
  bool Closed = false;
  /// Per method (canonical): every call on the object precedes the spawn.
  llvm::DenseMap<const CXXMethodDecl *, bool> Before;
};

namespace {
/// The uses of one object in one body: direct member calls (with whether
/// they are inside a lambda), the spawn's own argument, anything else.
class ObjectUses : public Walker {
public:
  ObjectUses(const FieldDecl *FD, const VarDecl *VD, const Expr *SpawnArg,
             const ParentMap &PM)
      : FD(FD), VD(VD), SpawnArg(SpawnArg), PM(PM) {}
  bool TraverseLambdaExpr(LambdaExpr *L) override {
    ++InLambda;
    bool R = Walker::TraverseLambdaExpr(L);
    --InLambda;
    return R;
  }
  bool VisitMemberExpr(MemberExpr *E) override {
    if (FD && E->getMemberDecl() == FD &&
        isa<CXXThisExpr>(E->getBase()->IgnoreParenImpCasts()))
      use(E);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) override {
    if (VD && E->getDecl() == VD)
      use(E);
    return true;
  }
  struct Call {
    const CXXMemberCallExpr *E;
    bool InLambda;
  };
  llvm::SmallVector<Call, 4> Calls;
  bool Escapes = false;

private:
  const Stmt *up(const Stmt *S) const {
    const Stmt *P = PM.getParent(S);
    while (P && isa<ImplicitCastExpr, ParenExpr>(P))
      P = PM.getParent(P);
    return P;
  }
  void use(const Expr *E) {
    if (E == SpawnArg)
      return;
    const Stmt *P = up(E);
    if (const auto *ME = dyn_cast_or_null<MemberExpr>(P))
      if (!ME->isArrow() && isa<CXXMethodDecl>(ME->getMemberDecl()))
        if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(up(ME)))
          if (MC->getCallee()->IgnoreParens() == ME) {
            Calls.push_back({MC, InLambda > 0});
            return;
          }
    Escapes = true; // passed on, its address taken, a field read: not followed
  }
  const FieldDecl *FD;
  const VarDecl *VD;
  const Expr *SpawnArg;
  const ParentMap &PM;
  unsigned InLambda = 0;
};

/// The expressions of one constructor body (or member initialiser) through
/// which the object under construction may become reachable to other code:
/// `this` other than as the object of a data member access (a call of a
/// member function on `this`, `this` passed or stored), and a lambda that
/// captures `this`. Before the first of them, no member function of the
/// object can run anywhere but in the constructor itself.
class ThisEscapes : public Walker {
public:
  explicit ThisEscapes(const ParentMap &PM) : PM(PM) {}
  bool TraverseLambdaExpr(LambdaExpr *L) override {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesThis()) {
        Escapes.push_back(L);
        return true;
      }
    return Walker::TraverseLambdaExpr(L);
  }
  bool VisitCXXThisExpr(CXXThisExpr *E) override {
    const Stmt *P = PM.getParent(E);
    while (P && isa<ImplicitCastExpr, ParenExpr>(P))
      P = PM.getParent(P);
    if (const auto *ME = dyn_cast_or_null<MemberExpr>(P))
      if (isa<FieldDecl>(ME->getMemberDecl()))
        return true;
    Escapes.push_back(E);
    return true;
  }
  llvm::SmallVector<const Stmt *, 4> Escapes;

private:
  const ParentMap &PM;
};
} // namespace

/// \p Call (in constructor \p Ctor's body) runs before any other code can
/// reach the object under construction: the constructor does not delegate,
/// its member initialisers do not hand `this` on, and no CFG path of its
/// body leads from a statement that hands `this` on (ThisEscapes) to the
/// call. Whatever member function later starts a thread on one of the
/// object's members is called on the constructed object, after the call.
static bool runsBeforeObjectEscapes(const CXXConstructorDecl *Ctor,
                                    const Stmt *Call, CFGCache &CFGs,
                                    ASTContext &Ctx) {
  if (!Ctor->hasBody() || Ctor->isDelegatingConstructor())
    return false;
  for (const CXXCtorInitializer *In : Ctor->inits()) {
    const Expr *IE = In->getInit();
    if (const auto *DI = dyn_cast_or_null<CXXDefaultInitExpr>(IE))
      IE = DI->getExpr(); // a default member initialiser runs here too
    if (!IE)
      continue;
    ParentMap IPM(const_cast<Expr *>(IE));
    ThisEscapes T(IPM);
    T.TraverseStmt(const_cast<Expr *>(IE));
    if (!T.Escapes.empty())
      return false;
  }
  const FunctionCFG *G = CFGs.get(Ctor, Ctor->getBody(), Ctx);
  if (!G || !G->elementOf(Call))
    return false;
  ThisEscapes T(G->parents());
  T.TraverseStmt(const_cast<Stmt *>(Ctor->getBody()));
  llvm::SmallVector<CFGReach::Pos, 4> Starts;
  for (const Stmt *E : T.Escapes) {
    if (G->elementOf(E) == G->elementOf(Call))
      return false;
    if (std::optional<CFGReach::Pos> P = CFGReach::after(*G, E))
      Starts.push_back(*P);
  }
  if (Starts.empty())
    return true;
  CFGReach FromEscape(
      *G, Starts, [](const CFGElement &) { return false; },
      [](const CFGBlock &, unsigned) { return false; });
  return !FromEscape.reaches(Call);
}

bool SharedAccesses::callsPrecedeStart(unsigned Spawn,
                                       const FunctionDecl *Root) {
  std::unique_ptr<ObjectCalls> &OC = ObjectCallsOf[Spawn];
  if (!OC) {
    OC = std::make_unique<ObjectCalls>();
    const SpawnInfo &I = Sp[Spawn];
    const Expr *Obj = entryObjectArg(I.S);
    const FunctionDecl *F = I.Spawner;
    const FunctionCFG *G =
        F && F->hasBody() ? CFGs.get(F, F->getBody(), Ctx) : nullptr;
    if (!Obj || !G)
      return false;
    // The expression naming the object in the spawn: `&obj`, `std::ref(obj)`.
    const Expr *Target = Obj->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(Target))
      if (UO->getOpcode() == UO_AddrOf)
        Target = UO->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *CE = dyn_cast<CallExpr>(Target))
      if (const FunctionDecl *RF = CE->getDirectCallee())
        if (RF->isInStdNamespace() && RF->getIdentifier() &&
            RF->getName() == "ref" && CE->getNumArgs() == 1)
          Target = CE->getArg(0)->IgnoreParenImpCasts();
    const FieldDecl *FD = nullptr;
    const VarDecl *VD = nullptr;
    llvm::SmallVector<const FunctionDecl *, 8> Bodies;
    if (const auto *ME = dyn_cast<MemberExpr>(Target)) {
      // A non-public member of a class only this translation unit sees,
      // started by one of its member functions: every use of the member is
      // in a body visible here. Started by a constructor (once per
      // object), the calls before the spawn precede it; started by another
      // member function (which may run again), the calls made while the
      // object is constructed do (runsBeforeObjectEscapes).
      FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
      const auto *Owner = dyn_cast<CXXMethodDecl>(F);
      if (!FD || !Owner || Owner->isStatic() || FD->getAccess() == AS_public ||
          !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()) ||
          FD->getParent() != Owner->getParent() ||
          !isTranslationUnitLocal(Owner->getParent(), SM) ||
          Owner->getParent()->friends().begin() !=
              Owner->getParent()->friends().end())
        return false;
      for (const CXXMethodDecl *M : Owner->getParent()->methods()) {
        const FunctionDecl *Def = M->getDefinition();
        if (!Def)
          continue;
        if (const auto *C = dyn_cast<CXXConstructorDecl>(Def))
          for (const CXXCtorInitializer *In : C->inits()) {
            // A member initialiser naming the object: not followed.
            const Expr *IE = In->getInit();
            if (!IE)
              continue;
            ParentMap IPM(const_cast<Expr *>(IE));
            ObjectUses U(FD, nullptr, nullptr, IPM);
            U.TraverseStmt(const_cast<Expr *>(IE));
            if (!U.Calls.empty() || U.Escapes)
              return false;
          }
        Bodies.push_back(Def);
      }
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(Target)) {
      // A local of the spawner: its uses are in the spawner's body.
      VD = dyn_cast<VarDecl>(DRE->getDecl());
      if (!VD || !VD->isLocalVarDecl() || VD->isStaticLocal() ||
          VD->getType()->isReferenceType() || VD->getDeclContext() != F)
        return false;
      Bodies.push_back(F);
    } else {
      return false;
    }
    std::optional<CFGReach::Pos> AfterSpawn = CFGReach::after(*G, I.S.Site);
    if (!AfterSpawn)
      return false;
    CFGReach FromSpawn(
        *G, {*AfterSpawn}, [](const CFGElement &) { return false; },
        [](const CFGBlock &, unsigned) { return false; });
    for (const FunctionDecl *B : Bodies) {
      if (!B->hasBody())
        continue;
      ParentMap PM(const_cast<Stmt *>(B->getBody()));
      ObjectUses U(FD, VD, Target, PM);
      U.TraverseStmt(const_cast<Stmt *>(B->getBody()));
      // A body that hands the object on (its address bound into a
      // handler, passed to a call) lets unknown code call its methods at
      // unknown times: no order is shown for those calls, and no race
      // either (an unknown is silence). The calls this TU shows still
      // decide: a visible call after the start keeps the methods apart.
      for (const ObjectUses::Call &C : U.Calls) {
        const CXXMethodDecl *MD = C.E->getMethodDecl();
        if (!MD)
          return false;
        // In the spawner, before the spawn: ordered when the spawner runs
        // once per object (a local of it; a constructor). In a
        // constructor of the owner, when a member function that is not a
        // constructor starts the thread: ordered when the call precedes
        // every way the object under construction can reach other code.
        bool Before = false;
        if (B == F->getDefinition())
          Before = (VD || isa<CXXConstructorDecl>(F)) && !C.InLambda &&
                   G->elementOf(C.E) &&
                   G->elementOf(C.E) != G->elementOf(I.S.Site) &&
                   !FromSpawn.reaches(C.E);
        else if (const auto *BC = dyn_cast<CXXConstructorDecl>(B))
          Before = FD && !isa<CXXConstructorDecl>(F) && !C.InLambda &&
                   runsBeforeObjectEscapes(BC, C.E, CFGs, Ctx);
        auto [It, New] = OC->Before.try_emplace(MD->getCanonicalDecl(), Before);
        if (!New)
          It->second = It->second && Before;
      }
    }
    OC->Closed = true;
  }
  if (!OC->Closed)
    return false;
  const auto *MD = dyn_cast<CXXMethodDecl>(Root);
  if (!MD)
    return false;
  auto It = OC->Before.find(MD->getCanonicalDecl());
  // Never called on the object here: it runs on it only inside the object's
  // own methods, each walked as a root of its own.
  return It == OC->Before.end() || It->second;
}

namespace {
/// The spawn runs its entry, a member function, on the spawner's own
/// `this`: the spawn model says so (SpawnInfo::StartedByOwnMember), or the
/// callable binds it (`std::bind(&C::run, this)`, which the spawn model
/// does not take apart).
bool runsOnSpawnersThis(const SpawnInfo &I) {
  if (I.StartedByOwnMember && I.ThisClass)
    return true;
  const Expr *Obj = I.S.Callable && I.Entry
                        ? boundObjectArg(I.S.Callable, I.Entry)
                        : nullptr;
  return Obj && isa<CXXThisExpr>(Obj->IgnoreParenImpCasts());
}
} // namespace

bool SharedAccesses::setBeforeOwnThread(const Access &Unlocked,
                                        const AccessPath &Lock,
                                        const Access &Locked) {
  if (Unlocked.Kind != CtxKind::Recall || !Unlocked.RootFn || !Unlocked.Top)
    return false;
  const auto *R = dyn_cast<CXXMethodDecl>(Unlocked.RootFn);
  if (!R || !R->hasBody())
    return false;
  const FunctionCFG *G = CFGs.get(R, R->getBody(), Ctx);
  if (!G || !G->elementOf(Unlocked.Top))
    return false;
  for (unsigned ID : Sp.spawnsOf(R->getDefinition())) {
    const SpawnInfo &I = Sp[ID];
    // A thread of the object itself, run on `this`.
    const auto *EntryMD = dyn_cast_or_null<CXXMethodDecl>(I.Entry);
    if (!I.Concurrent || !EntryMD || !runsOnSpawnersThis(I))
      continue;
    const CXXRecordDecl *Own = R->getParent()->getCanonicalDecl();
    const CXXRecordDecl *Run = EntryMD->getParent()->getCanonicalDecl();
    if (Own != Run && !(Own->hasDefinition() && Own->isDerivedFrom(Run)))
      continue;
    if (!G->elementOf(I.S.Site) ||
        G->elementOf(I.S.Site) == G->elementOf(Unlocked.Top))
      continue;
    // Before the start: the access reaches the spawn, the spawn does not
    // reach the access.
    std::optional<CFGReach::Pos> AfterSpawn = CFGReach::after(*G, I.S.Site);
    std::optional<CFGReach::Pos> AfterAccess =
        CFGReach::after(*G, Unlocked.Top);
    if (!AfterSpawn || !AfterAccess)
      continue;
    auto NoBlock = [](const CFGElement &) { return false; };
    auto NoCut = [](const CFGBlock &, unsigned) { return false; };
    if (CFGReach(*G, {*AfterSpawn}, NoBlock, NoCut).reaches(Unlocked.Top) ||
        !CFGReach(*G, {*AfterAccess}, NoBlock, NoCut).reaches(I.S.Site))
      continue;
    // The thread holds the lock around the same member: the lock is the
    // protocol with that thread. Its recorded accesses (its callees
    // included), or its entry's own body naming the member of `this`.
    for (const Access &T : Accesses)
      if (T.Kind == CtxKind::Entry && T.Spawn == ID &&
          T.Var == Unlocked.Var && mayTouchSame(T, Unlocked) &&
          llvm::any_of(T.Locks.locks(), [&](const HeldLock &H) {
            return sameLock(H.Lock, T, Lock, Locked);
          }))
        return true;
    const FunctionDecl *E = EntryMD->getDefinition();
    if (Lock.rootKind() != PathRoot::This || !E || !E->hasBody())
      continue;
    const FunctionLockFacts *LF = locksets(E, E->getBody(), LockSet());
    if (!LF)
      continue;
    llvm::SmallVector<const Stmt *, 32> Work{E->getBody()};
    while (!Work.empty()) {
      const Stmt *S = Work.pop_back_val();
      if (!S || isa<LambdaExpr>(S))
        continue;
      if (const auto *ME = dyn_cast<MemberExpr>(S))
        if (ME->getMemberDecl() == Unlocked.Var &&
            isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
          if (const LockSet *Held = LF->mustHoldAt(ME))
            if (llvm::any_of(Held->locks(), [&](const HeldLock &H) {
                  return H.Lock == Lock;
                }))
              return true;
      for (const Stmt *C : S->children())
        Work.push_back(C);
    }
  }
  return false;
}

bool SharedAccesses::ordered(const Access &X, const Access &Y) {
  // Thread start: a public method called on the thread's object only
  // before the spawn happens before everything the thread does.
  for (int Dir = 0; Dir < 2; ++Dir) {
    const Access &P = Dir ? Y : X, &Q = Dir ? X : Y;
    if (P.Kind == CtxKind::Entry && Q.Kind == CtxKind::External &&
        Q.RootFn && callsPrecedeStart(P.Spawn, Q.RootFn))
      return true;
  }
  for (int Dir = 0; Dir < 2; ++Dir) {
    const Access &P = Dir ? Y : X, &Q = Dir ? X : Y;
    SyncFacts *SP = sync(bodyOf(P)), *SQ = sync(bodyOf(Q));
    if (!SP || !SQ || !P.Top || !Q.Top)
      continue;
    for (const ChannelOps &O : SP->channels()) {
      if (O.Releases.empty())
        continue;
      if (O.Kind != ChannelKind::Latch && releasers(O.Channel) > 1)
        continue;
      if (SP->beforeAllReleases(O.Channel, P.Top) &&
          SQ->afterAcquire(O.Channel, Q.Top))
        return true;
    }
  }
  return false;
}

/// The bool members of `this` that decide branches of one body: for each
/// (member, value), the edges along which the member has that value.
struct SharedAccesses::ModeTests {
  const FunctionCFG *G = nullptr;
  struct Test {
    AccessPath Flag;
    bool Value = false;
    llvm::SmallVector<std::pair<const CFGBlock *, unsigned>, 2> Edges;
    std::unique_ptr<CFGReach> Avoiding; ///< reach from the entry, edges cut
  };
  std::vector<Test> Tests;
};

/// A bool member of `this` (a chain of fields) that \p E reads.
static std::optional<AccessPath> thisFlagRead(const Expr *E) {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParenImpCasts();
  if (!isa<MemberExpr>(E) || !E->getType()->isBooleanType())
    return std::nullopt;
  std::optional<AccessPath> P = accessPathOf(E);
  if (!P || P->rootKind() != PathRoot::This || P->steps().empty())
    return std::nullopt;
  for (const PathStep &St : P->steps())
    if (St.Kind != PathStep::Field)
      return std::nullopt;
  return P;
}

llvm::SmallVector<SharedAccesses::ModeGuard, 2>
SharedAccesses::modeGuards(const FunctionDecl *F, const Stmt *S) {
  llvm::SmallVector<ModeGuard, 2> Out;
  if (!F || !S || !isa<CXXMethodDecl>(F) || !F->hasBody())
    return Out;
  F = F->getDefinition() ? F->getDefinition() : F;
  std::unique_ptr<ModeTests> &MT = ModeTestsOf[F];
  if (!MT) {
    MT = std::make_unique<ModeTests>();
    MT->G = CFGs.get(F, F->getBody(), Ctx);
    if (MT->G)
      for (const CFGBlock *B : MT->G->cfg()) {
        if (!B || B->succ_size() != 2)
          continue;
        const auto *Cond = dyn_cast_or_null<Expr>(B->getTerminatorCondition());
        bool Negated = false;
        const Expr *Core = Cond ? decidingOperand(Cond, Negated) : nullptr;
        std::optional<AccessPath> Flag = thisFlagRead(Core);
        if (!Flag)
          continue;
        // Successor 0 is taken when the condition holds.
        for (unsigned Succ = 0; Succ < 2; ++Succ) {
          bool Value = (Succ == 0) != Negated;
          auto It = llvm::find_if(MT->Tests, [&](const ModeTests::Test &T) {
            return T.Flag == *Flag && T.Value == Value;
          });
          if (It == MT->Tests.end()) {
            MT->Tests.emplace_back();
            MT->Tests.back().Flag = *Flag;
            MT->Tests.back().Value = Value;
            It = MT->Tests.end() - 1;
          }
          It->Edges.push_back({B, Succ});
        }
      }
  }
  if (!MT->G || !MT->G->elementOf(S))
    return Out;
  for (ModeTests::Test &T : MT->Tests) {
    if (!T.Avoiding) {
      const CFGBlock &Entry = MT->G->cfg().getEntry();
      T.Avoiding = std::make_unique<CFGReach>(
          *MT->G, llvm::ArrayRef<CFGReach::Pos>{CFGReach::Pos{&Entry, 0}},
          [](const CFGElement &) { return false; },
          [&T](const CFGBlock &B, unsigned Succ) {
            return llvm::is_contained(T.Edges, std::make_pair(&B, Succ));
          });
    }
    // Every path from the entry to S passes an edge with that value.
    if (!T.Avoiding->reaches(S))
      Out.push_back({T.Flag, T.Value});
  }
  return Out;
}

bool SharedAccesses::reachesCall(const FunctionDecl *From,
                                 const FunctionDecl *Target,
                                 unsigned Depth) const {
  if (!From || !Target)
    return false;
  if (From->getCanonicalDecl() == Target->getCanonicalDecl())
    return true;
  const FunctionDecl *Def = From->getDefinition();
  if (!Def || !Def->hasBody() || Depth == 0)
    return false;
  struct Calls : Walker {
    llvm::SmallVector<const FunctionDecl *, 8> Callees;
    bool VisitCallExpr(CallExpr *CE) override {
      if (const FunctionDecl *FD = CE->getDirectCallee())
        Callees.push_back(FD);
      return true;
    }
    bool VisitCXXConstructExpr(CXXConstructExpr *CE) override {
      Callees.push_back(CE->getConstructor());
      return true;
    }
  } C;
  C.TraverseStmt(const_cast<Stmt *>(Def->getBody()));
  for (const FunctionDecl *FD : C.Callees)
    if (FD->getCanonicalDecl() == Target->getCanonicalDecl() ||
        (followed(FD) && reachesCall(FD, Target, Depth - 1)))
      return true;
  return false;
}

bool SharedAccesses::configurationOnly(const AccessPath &Flag,
                                       const FunctionDecl *Spawner,
                                       const FunctionDecl *Root) {
  // Asked per pair of accesses: memoised per (flag, spawner, root).
  std::string Key;
  llvm::raw_string_ostream(Key) << Flag.key() << '|'
                                << static_cast<const void *>(Spawner) << '|'
                                << static_cast<const void *>(Root);
  auto [It, New] = ConfigurationOnlyMemo.try_emplace(Key, true);
  if (!New)
    return It->second;
  for (const Access &W : Accesses) {
    if (!W.Write || !W.Path.mayAlias(Flag))
      continue;
    if (W.Kind == CtxKind::Entry || W.Kind == CtxKind::Window ||
        !W.RootFn || W.RootFn == Root ||
        reachesCall(W.RootFn, Spawner, MaxDepth)) {
      It->second = false;
      break;
    }
  }
  return It->second;
}

bool SharedAccesses::exclusiveModes(const Access &X, const Access &Y) {
  const Access &P = X.Kind == CtxKind::Entry ? X : Y;
  const Access &Q = X.Kind == CtxKind::Entry ? Y : X;
  if (P.Kind != CtxKind::Entry || Q.Kind != CtxKind::External || !Q.RootFn ||
      !Q.Top)
    return false;
  const SpawnInfo &S = Sp[P.Spawn];
  const auto *Spawner = dyn_cast_or_null<CXXMethodDecl>(S.Spawner);
  if (!S.StartedByOwnMember || !Spawner || !S.ThisClass ||
      S.ThisClass != Q.Class ||
      Spawner->getParent()->getCanonicalDecl() !=
          S.ThisClass->getCanonicalDecl())
    return false;
  llvm::SmallVector<ModeGuard, 2> AtSpawn = modeGuards(Spawner, S.S.Site);
  if (AtSpawn.empty())
    return false;
  for (const ModeGuard &A : modeGuards(Q.RootFn, Q.Top))
    for (const ModeGuard &B : AtSpawn)
      if (A.Flag == B.Flag && A.Value != B.Value &&
          configurationOnly(A.Flag, Spawner, Q.RootFn))
        return true;
  return false;
}

std::string SharedAccesses::hbKey(const Access &X) {
  std::string K;
  if (X.Kind == CtxKind::External) {
    llvm::raw_string_ostream OS(K);
    OS << "|root" << static_cast<const void *>(X.RootFn);
    // exclusiveModes depends on where in the root the access runs.
    for (const ModeGuard &M : modeGuards(X.RootFn, X.Top))
      OS << "|mode" << M.Flag.key() << (M.Value ? '1' : '0');
  }
  SyncFacts *S = sync(bodyOf(X));
  if (!S || !X.Top || S->channels().empty())
    return K;
  K += "|hb";
  for (const ChannelOps &O : S->channels()) {
    K += S->beforeAllReleases(O.Channel, X.Top) ? 'B' : '-';
    K += S->afterAcquire(O.Channel, X.Top) ? 'A' : '-';
  }
  return K;
}

void SharedAccesses::run() {
  // Entry points.
  for (const SpawnInfo &I : Sp.spawns()) {
    if (!I.Concurrent)
      continue;
    WalkCtx W;
    W.Kind = CtxKind::Entry;
    W.Spawn = I.ID;
    W.Class = I.ThisClass;
    for (const auto &[Param, Arg] : entryParamBindings(I.S)) {
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
      if (std::optional<SharedAccesses::SharedRef> R = sharedPath(Stripped, Pointer, None, Outer))
        W.Bindings.push_back({Param, R->Path, R->Var, Pointer});
    }
    walk(I.Entry, LockSet(), W, 0, spawnedLambda(I.S));
  }
  // Spawning functions while their threads run.
  for (const FunctionDecl *Spawner : Sp.spawners()) {
    llvm::ArrayRef<unsigned> IDs = Sp.spawnsOf(Spawner);
    bool Any = llvm::any_of(IDs, [&](unsigned ID) { return Sp[ID].Concurrent; });
    if (!Any)
      continue;
    WalkCtx W;
    W.Kind = CtxKind::Window;
    W.Spawner = Spawner;
    if (isa<CXXMethodDecl>(Spawner))
      for (unsigned ID : IDs)
        if (Sp[ID].ThisClass)
          W.Class = Sp[ID].ThisClass;
    Frame Fr;
    Fr.D = Spawner;
    Fr.L = locksets(Spawner, Spawner->getBody(), LockSet());
    if (Fr.L)
      walkBody(Spawner->getBody(), Fr, W, 0);
  }
  // The public interface of classes whose members run as entry points.
  llvm::SmallPtrSet<const CXXRecordDecl *, 4> Classes;
  for (const SpawnInfo &I : Sp.spawns())
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
      if (!Def || ReachedFromEntries.count(Def) || !Sp.spawnsOf(Def).empty())
        continue;
      WalkCtx W;
      W.Kind = CtxKind::External;
      W.Class = RD;
      W.RootFn = Def;
      walk(Def, LockSet(), W, 0);
    }
  }
  // Classes that lock their own mutex: their public methods, each on its
  // own, for the lock-consistency rule. Not a class that is itself a
  // synchronisation type (a lockable, a guard): its members are the
  // implementation of the lock (a guard's `owns` flag, a shared mutex's
  // counters and condition variables), not data that the lock it manages
  // guards for its users.
  for (const CXXRecordDecl *RD : Sp.lockOwners()) {
    if (isSynchronisationType(compat::canonicalTagType(Ctx, RD)))
      continue;
    for (const CXXMethodDecl *MD : RD->methods()) {
      if (isa<CXXConstructorDecl, CXXDestructorDecl>(MD) || MD->isStatic() ||
          MD->getAccess() != AS_public || MD->isCopyAssignmentOperator() ||
          MD->isMoveAssignmentOperator() || MD->isImplicit())
        continue;
      const FunctionDecl *Def = MD->getDefinition();
      if (!Def || !Def->hasBody())
        continue;
      // Like a constructor: a helper that runs only on an object no other
      // thread can know yet.
      if (unpublishedRoot(MD) || setupOrLockedRoot(MD))
        continue;
      WalkCtx W;
      W.Kind = CtxKind::Recall;
      W.Class = RD;
      W.RootFn = Def;
      // A method only this translation unit calls runs with the locks that
      // every one of its visible callers holds around the call.
      std::optional<LockSet> Entry = callerHeld(MD);
      // Or one only a condition-variable wait calls, as its predicate.
      if (!Entry)
        Entry = predicateHeld(MD);
      if (Entry && !Entry->empty())
        W.WitnessGuard = relockableGuardParam(Def);
      walk(Def, Entry ? *Entry : LockSet(), W, 0);
    }
  }
}

//===----------------------------------------------------------------------===//
// Races
//===----------------------------------------------------------------------===//

namespace {
/// Equal but for the indices of element steps: the same abstract location.
bool sameAbstract(const AccessPath &A, const AccessPath &B) {
  if (A.rootKind() != B.rootKind() || A.root() != B.root() ||
      A.thisClass() != B.thisClass() || A.steps().size() != B.steps().size())
    return false;
  for (unsigned I = 0; I < A.steps().size(); ++I) {
    const PathStep &X = A.steps()[I], &Y = B.steps()[I];
    if (X.Kind != Y.Kind ||
        (X.Kind == PathStep::Field && X.Decl != Y.Decl))
      return false;
  }
  return true;
}
} // namespace

/// Is the lock \p L held at access \p X the same object as the lock \p M
/// held at access \p Y?
///  - the same path to a fixed object (a global or local mutex, `this->mu_`
///    of the object the threads share, a constant element): yes;
///  - co-located with the data (`acct.m` held around `acct.balance`,
///    `accts[i].m` around `accts[i].balance`): the two accesses touch the
///    same object only if their prefixes name the same object, and then the
///    two locks are the same too. So the lock counts as common.
bool sameLock(const AccessPath &L, const Access &X, const AccessPath &M,
              const Access &Y) {
  if (!L.steps().empty() && L.steps().size() == M.steps().size() &&
      L.steps().back().Kind == PathStep::Field &&
      L.steps().back() == M.steps().back()) {
    AccessPath LP = L.prefix(L.steps().size() - 1);
    AccessPath MP = M.prefix(M.steps().size() - 1);
    if (sameAbstract(LP, MP) && LP.isPrefixOf(X.Path) && MP.isPrefixOf(Y.Path))
      return true;
  }
  if (L != M)
    return false;
  for (const PathStep &St : L.steps())
    if (St.Kind == PathStep::Element && !St.Constant)
      return false; // `locks[i]`: which element differs between threads
  return true;
}

/// Some lock is held at both accesses, exclusively at one of them at least.
/// An unknown lock at either access counts (silence on what is not known).
bool protects(const Access &X, const Access &Y) {
  if (X.Locks.hasUnknown() || Y.Locks.hasUnknown())
    return true;
  for (const HeldLock &L : X.Locks.locks())
    for (const HeldLock &M : Y.Locks.locks())
      if ((!L.Shared || !M.Shared) && sameLock(L.Lock, X, M.Lock, Y))
        return true;
  return false;
}

/// The class of accesses that behave alike in the race search: same object,
/// kind, context and locks.
std::string signature(const Access &A, bool WithContext) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  OS << A.Path.str() << '@' << static_cast<const void *>(A.Path.root()) << '@'
     << static_cast<const void *>(A.Path.thisClass());
  for (const PathStep &St : A.Path.steps())
    OS << '/' << static_cast<const void *>(St.Decl);
  OS << '|' << A.Write << static_cast<int>(A.Kind) << '|'
     << static_cast<const void *>(A.Fields) << '|';
  if (WithContext) {
    OS << A.Spawn << '|';
    for (unsigned ID : A.Alive)
      OS << ID << ',';
  }
  OS << '|' << static_cast<const void *>(A.Class);
  OS << '|' << A.Locks.str();
  for (const HeldLock &L : A.Locks.locks()) {
    OS << '#' << static_cast<const void *>(L.Lock.root());
    for (const PathStep &St : L.Lock.steps())
      OS << '/' << static_cast<const void *>(St.Decl);
  }
  return S;
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

bool concurrent(const Access &A, const Access &B, const SpawnModel &Spawns,
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
    return Spawns.mayOverlap(A.Spawn, B.Spawn);
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

} // namespace clang::tidy::conclint::utils
