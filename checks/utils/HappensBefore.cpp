//===-- HappensBefore.cpp - synchronisation edges beyond join -------------===//

#include "utils/HappensBefore.h"
#include "utils/SyncTypes.h"
#include "utils/Tasks.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::conclint::utils {

namespace {

llvm::StringRef stdName(const CXXRecordDecl *RD) {
  if (!RD || !RD->isInStdNamespace() || !RD->getIdentifier())
    return "";
  return RD->getName();
}

/// memory_order_relaxed / consume: no ordering.
bool isWeakOrder(const Expr *E) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts())) {
    llvm::StringRef N = DRE->getDecl()->getName();
    return N.contains("relaxed") || N.contains("consume");
  }
  return false;
}

/// The object of a member call and the call's method name.
const Expr *objectOf(const CXXMemberCallExpr *MC, bool &Arrow) {
  const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
  if (!ME)
    return nullptr;
  Arrow = ME->isArrow();
  return ME->getBase();
}

bool isAtomic(QualType T) { return stdName(recordBehind(T)).starts_with("atomic"); }

/// The atomic data member of `this` that \p E names (`flag_`,
/// `this->flag_`).
const FieldDecl *thisAtomicMember(const Expr *E) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  if (!ME || !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
  return F && isAtomic(F->getType()) ? F : nullptr;
}

/// The definition of the member function \p MC calls, when its body is the
/// one that runs: defined in the translation unit, outside system headers,
/// not virtual (an override may run instead).
const CXXMethodDecl *followedMethod(const CXXMemberCallExpr *MC) {
  const CXXMethodDecl *MD = MC->getMethodDecl();
  const FunctionDecl *Def = nullptr;
  if (!MD || MD->isVirtual() || MD->isStatic() || !MD->hasBody(Def) ||
      !Def->getBody())
    return nullptr;
  const SourceManager &SM = Def->getASTContext().getSourceManager();
  if (SM.isInSystemHeader(SM.getExpansionLoc(Def->getLocation())))
    return nullptr;
  return dyn_cast<CXXMethodDecl>(Def);
}

/// How many member function calls on `this` a callee release is looked for
/// through (`listen()` -> `listen_internal()` -> the store).
constexpr unsigned MaxReleaseDepth = 3;

/// The atomic members of `this` that \p S stores with release order or
/// stronger (assignment, store()), also through calls of followed member
/// functions on `this`, at most \p Depth deep. Lambda bodies run elsewhere
/// and are not looked into.
void storedAtomicMembers(const Stmt *S, unsigned Depth,
                         llvm::SmallPtrSetImpl<const Decl *> &Seen,
                         llvm::SmallVectorImpl<const FieldDecl *> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  auto Add = [&](const FieldDecl *F) {
    if (!llvm::is_contained(Out, F))
      Out.push_back(F);
  };
  if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
      OC && OC->getOperator() == OO_Equal && OC->getNumArgs() == 2)
    if (const FieldDecl *F = thisAtomicMember(OC->getArg(0)))
      Add(F);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    const Expr *Obj = MC->getImplicitObjectArgument();
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (const FieldDecl *F = Obj ? thisAtomicMember(Obj) : nullptr) {
      if (MD && MD->getIdentifier() && MD->getName() == "store" &&
          !(MC->getNumArgs() > 1 && isWeakOrder(MC->getArg(1))))
        Add(F);
    } else if (Obj && isa<CXXThisExpr>(Obj->IgnoreParenImpCasts()) &&
               Depth > 0) {
      if (const CXXMethodDecl *Def = followedMethod(MC);
          Def && Seen.insert(Def).second)
        storedAtomicMembers(Def->getBody(), Depth - 1, Seen, Out);
    }
  }
  for (const Stmt *C : S->children())
    storedAtomicMembers(C, Depth, Seen, Out);
}

/// The atomic member of `this` that the getter \p MC calls returns as it
/// loads it with acquire order or stronger: a bool member function whose
/// whole body is `return flag_;` or `return flag_.load(...);`.
const FieldDecl *loadedByGetter(const CXXMemberCallExpr *MC) {
  const CXXMethodDecl *Def = followedMethod(MC);
  if (!Def || MC->getNumArgs() != 0 || !Def->getReturnType()->isBooleanType())
    return nullptr;
  const auto *Body = dyn_cast<CompoundStmt>(Def->getBody());
  if (!Body || Body->size() != 1)
    return nullptr;
  const auto *RS = dyn_cast<ReturnStmt>(Body->body_front());
  const Expr *V = RS ? RS->getRetValue() : nullptr;
  const auto *Load =
      V ? dyn_cast<CXXMemberCallExpr>(V->IgnoreParenImpCasts()) : nullptr;
  const CXXMethodDecl *LD = Load ? Load->getMethodDecl() : nullptr;
  if (!LD || !Load->getType()->isBooleanType())
    return nullptr;
  bool IsLoad = isa<CXXConversionDecl>(LD) ||
                (LD->getIdentifier() && LD->getName() == "load");
  if (!IsLoad || (Load->getNumArgs() > 0 && isWeakOrder(Load->getArg(0))))
    return nullptr;
  return thisAtomicMember(Load->getImplicitObjectArgument());
}

} // namespace

ChannelOps &SyncFacts::ops(const AccessPath &C, ChannelKind K) {
  for (ChannelOps &O : Channels)
    if (O.Channel == C)
      return O;
  Channels.push_back(ChannelOps{C, K, {}, {}, {}});
  return Channels.back();
}

const ChannelOps *SyncFacts::find(const AccessPath &C) const {
  for (const ChannelOps &O : Channels)
    if (O.Channel == C)
      return &O;
  return nullptr;
}

SyncFacts::SyncFacts(const FunctionCFG &G, const AliasMap *Aliases) : G(G) {
  // Futures obtained from a promise: `auto f = p.get_future();`.
  llvm::DenseMap<const VarDecl *, AccessPath> FutureOf;
  auto atomicLoad = [&](const Expr *E, bool &Negated) -> std::optional<AccessPath> {
    E = decidingOperand(E, Negated);
    const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(E);
    if (!MC || !MC->getMethodDecl())
      return std::nullopt;
    bool Arrow = false;
    const Expr *Obj = objectOf(MC, Arrow);
    if (!Obj)
      return std::nullopt;
    if (!isAtomic(Obj->IgnoreParenImpCasts()->getType())) {
      // A getter returning the load: the same acquire, on the member.
      const FieldDecl *F = loadedByGetter(MC);
      std::optional<AccessPath> P =
          F ? objectPathOf(Obj, Arrow, Aliases) : std::nullopt;
      if (P)
        P->field(F);
      return P;
    }
    const CXXMethodDecl *MD = MC->getMethodDecl();
    bool Load = isa<CXXConversionDecl>(MD) ||
                (MD->getIdentifier() && MD->getName() == "load");
    if (!Load || (MC->getNumArgs() > 0 && isWeakOrder(MC->getArg(0))))
      return std::nullopt;
    return objectPathOf(Obj, Arrow, Aliases);
  };

  for (const CFGBlock *B : G.cfg()) {
    for (const CFGElement &E : *B) {
      auto CS = E.getAs<CFGStmt>();
      if (!CS)
        continue;
      const Stmt *S = CS->getStmt();
      if (const auto *DS = dyn_cast<DeclStmt>(S)) {
        for (const Decl *D : DS->decls())
          if (const auto *VD = dyn_cast<VarDecl>(D))
            if (VD->getInit())
              // Through the move construction a C++11/14 copy-initialisation
              // (`std::future<T> f = p.get_future();`) keeps.
              if (const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(
                      underlyingCall(VD->getInit())))
                if (MC->getMethodDecl() && MC->getMethodDecl()->getIdentifier() &&
                    MC->getMethodDecl()->getName() == "get_future") {
                  bool Arrow = false;
                  if (const Expr *Obj = objectOf(MC, Arrow))
                    if (auto P = objectPathOf(Obj, Arrow, Aliases))
                      FutureOf.try_emplace(VD, *P);
                }
        continue;
      }
      if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(S)) {
        // `flag = true;` on an atomic: a seq_cst store.
        if (OC->getOperator() == OO_Equal && OC->getNumArgs() == 2 &&
            stdName(recordBehind(OC->getArg(0)->IgnoreParenImpCasts()->getType())).starts_with("atomic"))
          if (auto P = accessPathOf(OC->getArg(0), Aliases))
            ops(*P, ChannelKind::Atomic).Releases.push_back(S);
        continue;
      }
      const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
      if (!MC || !MC->getMethodDecl() || !MC->getMethodDecl()->getIdentifier())
        continue;
      llvm::StringRef N = MC->getMethodDecl()->getName();
      bool Arrow = false;
      const Expr *Obj = objectOf(MC, Arrow);
      if (!Obj)
        continue;
      llvm::StringRef T = stdName(recordBehind(Obj->IgnoreParenImpCasts()->getType()));
      if (T.empty()) {
        // A member function whose body stores an atomic member of its
        // object releases that member, as the store itself would.
        if (const CXXMethodDecl *Def = followedMethod(MC)) {
          llvm::SmallVector<const FieldDecl *, 2> Stored;
          llvm::SmallPtrSet<const Decl *, 4> Seen;
          Seen.insert(Def);
          storedAtomicMembers(Def->getBody(), MaxReleaseDepth - 1, Seen,
                              Stored);
          if (!Stored.empty())
            if (std::optional<AccessPath> P = objectPathOf(Obj, Arrow, Aliases))
              for (const FieldDecl *F : Stored) {
                AccessPath C = *P;
                C.field(F);
                ops(C, ChannelKind::Atomic).Releases.push_back(S);
                CallReleases.insert(S);
              }
        }
        continue;
      }
      if (T == "future" || T == "shared_future") {
        if (N != "get" && N != "wait")
          continue;
        const auto *DRE = dyn_cast<DeclRefExpr>(Obj->IgnoreParenImpCasts());
        const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
        auto It = VD ? FutureOf.find(VD) : FutureOf.end();
        if (It != FutureOf.end())
          ops(It->second, ChannelKind::Promise).AcquireElements.insert(S);
        continue;
      }
      std::optional<AccessPath> P = objectPathOf(Obj, Arrow, Aliases);
      if (!P)
        continue;
      if (T == "promise") {
        if (N.starts_with("set_value") || N.starts_with("set_exception"))
          ops(*P, ChannelKind::Promise).Releases.push_back(S);
      } else if (T == "latch" || T == "barrier") {
        if (N == "count_down" || N == "arrive" || N == "arrive_and_drop")
          ops(*P, ChannelKind::Latch).Releases.push_back(S);
        else if (N == "arrive_and_wait") {
          ChannelOps &O = ops(*P, ChannelKind::Latch);
          O.Releases.push_back(S);
          O.AcquireElements.insert(S);
        } else if (N == "wait")
          ops(*P, ChannelKind::Latch).AcquireElements.insert(S);
      } else if (T == "counting_semaphore" || T == "binary_semaphore") {
        if (N == "release")
          ops(*P, ChannelKind::Semaphore).Releases.push_back(S);
        else if (N == "acquire")
          ops(*P, ChannelKind::Semaphore).AcquireElements.insert(S);
      } else if (T.starts_with("condition_variable")) {
        if (N == "notify_one" || N == "notify_all")
          ops(*P, ChannelKind::CondVar).Releases.push_back(S);
        else if (N == "wait" && MC->getNumArgs() == 2)
          ops(*P, ChannelKind::CondVar).AcquireElements.insert(S);
      } else if (T.starts_with("atomic")) {
        if (N == "store" &&
            !(MC->getNumArgs() > 1 && isWeakOrder(MC->getArg(1))))
          ops(*P, ChannelKind::Atomic).Releases.push_back(S);
      }
    }
    // An acquire load deciding this block's branch.
    const Stmt *Cond = B->getTerminatorCondition();
    if (Cond && B->succ_size() == 2)
      if (const auto *CE = dyn_cast<Expr>(Cond)) {
        bool Negated = false;
        if (auto P = atomicLoad(CE, Negated))
          ops(*P, ChannelKind::Atomic)
              .AcquireEdges.push_back({B, Negated ? 1u : 0u});
      }
  }
  FromReleases.resize(Channels.size());
  FromEntry.resize(Channels.size());
}

bool SyncFacts::beforeAllReleases(const AccessPath &C, const Stmt *S) {
  for (unsigned I = 0; I < Channels.size(); ++I) {
    if (Channels[I].Channel != C)
      continue;
    if (Channels[I].Releases.empty() || !G.elementOf(S))
      return false;
    if (!FromReleases[I]) {
      llvm::SmallVector<CFGReach::Pos, 2> Starts;
      for (const Stmt *R : Channels[I].Releases)
        if (auto P = CFGReach::after(G, R))
          Starts.push_back(*P);
      FromReleases[I] = std::make_unique<CFGReach>(
          G, Starts, [](const CFGElement &) { return false; },
          [](const CFGBlock &, unsigned) { return false; });
    }
    // The release statement itself (or the statement holding it) is not
    // before it.
    for (const Stmt *R : Channels[I].Releases) {
      if (G.elementOf(R) == G.elementOf(S))
        return false;
      // Nor is anything a releasing call evaluates or runs (its object and
      // arguments are CFG elements of their own, before the call's).
      if (CallReleases.count(R))
        for (const Stmt *P = S; P; P = G.parents().getParent(P))
          if (P == R)
            return false;
    }
    return !FromReleases[I]->reaches(S);
  }
  return false;
}

bool SyncFacts::afterAcquire(const AccessPath &C, const Stmt *S) {
  for (unsigned I = 0; I < Channels.size(); ++I) {
    const ChannelOps &O = Channels[I];
    if (O.Channel != C)
      continue;
    if ((O.AcquireElements.empty() && O.AcquireEdges.empty()) ||
        !G.elementOf(S))
      return false;
    if (!FromEntry[I]) {
      const CFGBlock &Entry = G.cfg().getEntry();
      FromEntry[I] = std::make_unique<CFGReach>(
          G, llvm::ArrayRef<CFGReach::Pos>{CFGReach::Pos{&Entry, 0}},
          [&](const CFGElement &E) {
            if (auto CS = E.getAs<CFGStmt>())
              return O.AcquireElements.count(CS->getStmt()) != 0;
            return false;
          },
          [&](const CFGBlock &B, unsigned Succ) {
            for (const auto &[EB, ES] : O.AcquireEdges)
              if (EB == &B && ES == Succ)
                return true;
            return false;
          });
    }
    // The acquire element itself is reached (and blocks): only what comes
    // after it counts.
    return !FromEntry[I]->reaches(S);
  }
  return false;
}

} // namespace clang::tidy::conclint::utils
