//===-- FinalStates.cpp - a monotonic state stored under a lock -----------===//
//
// See FinalStates.h for the rule and its direction of approximation.
//
//===----------------------------------------------------------------------===//

#include "utils/FinalStates.h"
#include "utils/Lockset.h"
#include "utils/SharedAccesses.h"
#include "utils/Spawns.h"
#include "utils/SyncTypes.h"
#include "utils/Walker.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "llvm/ADT/APSInt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

#include <map>
#include <optional>
#include <tuple>

namespace clang::tidy::conclint::utils {

namespace {

/// `this->S` (implicit or explicit `this`): the field, else null.
const FieldDecl *fieldOfThis(const Expr *E) {
  const auto *ME = dyn_cast_or_null<MemberExpr>(E ? E->IgnoreParenImpCasts()
                                                  : nullptr);
  if (!ME || !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  return dyn_cast<FieldDecl>(ME->getMemberDecl());
}

bool stateType(const FieldDecl *FD) {
  QualType T = FD->getType();
  return !T.isVolatileQualified() &&
         (T->isIntegralOrEnumerationType() || T->isBooleanType());
}

std::optional<llvm::APSInt> constantOf(const Expr *E, const ASTContext &Ctx) {
  if (!E || E->isValueDependent())
    return std::nullopt;
  return E->IgnoreParenImpCasts()->getIntegerConstantExpr(Ctx);
}

bool same(const llvm::APSInt &A, const llvm::APSInt &B) {
  return llvm::APSInt::isSameValue(A, B);
}

/// One use of a field in user code.
struct FieldUse {
  const MemberExpr *ME = nullptr; ///< null: named otherwise (`&C::S`)
  const FunctionDecl *Fn = nullptr;
  enum Kind { Read, Store, Other } K = Other;
  const Expr *Value = nullptr; ///< Store: the value stored
};

struct CallSite {
  const CallExpr *Call = nullptr;
  const FunctionDecl *Fn = nullptr;
  bool OnThis = false;
};

/// One walk of the translation unit's user code: the uses of every field,
/// the calls of every method, the callees of every function.
class Scan : public Walker {
public:
  explicit Scan(const SourceManager &SM) : SM(SM) {}
  bool shouldVisitTemplateInstantiations() const override { return true; }
  bool shouldVisitImplicitCode() const override { return false; }

  bool TraverseDecl(Decl *D) override {
    if (!D || skippedByAnalysis(D, SM))
      return true;
    const auto *FD = dyn_cast<FunctionDecl>(D);
    if (FD)
      Stack.push_back(FD);
    bool R = Walker::TraverseDecl(D);
    if (FD)
      Stack.pop_back();
    return R;
  }
  bool TraverseLambdaExpr(LambdaExpr *L) override {
    Stack.push_back(L->getCallOperator());
    bool R = Walker::TraverseLambdaExpr(L);
    Stack.pop_back();
    return R;
  }
  // Parents are visited before their children: the use's role is recorded
  // first, the use itself classified from it.
  bool VisitBinaryOperator(BinaryOperator *E) override {
    if (E->getOpcode() == BO_Assign)
      if (const auto *ME = dyn_cast<MemberExpr>(E->getLHS()->IgnoreParens()))
        StoreOf[ME] = E->getRHS();
    return true;
  }
  bool VisitImplicitCastExpr(ImplicitCastExpr *E) override {
    if (E->getCastKind() == CK_LValueToRValue)
      if (const auto *ME = dyn_cast<MemberExpr>(E->getSubExpr()->IgnoreParens()))
        Reads.insert(ME);
    return true;
  }
  bool VisitCallExpr(CallExpr *E) override {
    const FunctionDecl *Callee = E->getDirectCallee();
    if (!Callee)
      return true;
    Callees[cur()].insert(Callee->getCanonicalDecl());
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
      if (ME)
        CalleeExprs.insert(ME);
      const Expr *Obj = MC->getImplicitObjectArgument();
      Calls[Callee->getCanonicalDecl()].push_back(
          {E, cur(), Obj && isa<CXXThisExpr>(Obj->IgnoreParenImpCasts())});
    }
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) override {
    if (const auto *FD = dyn_cast<FieldDecl>(E->getMemberDecl())) {
      FieldUse U{E, cur()};
      auto It = StoreOf.find(E);
      if (It != StoreOf.end()) {
        U.K = FieldUse::Store;
        U.Value = It->second;
      } else if (Reads.count(E)) {
        U.K = FieldUse::Read;
      }
      Uses[FD->getCanonicalDecl()].push_back(U);
    } else if (const auto *MD = dyn_cast<CXXMethodDecl>(E->getMemberDecl())) {
      if (!CalleeExprs.count(E))
        Taken.insert(MD->getCanonicalDecl());
    }
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) override {
    if (const auto *FD = dyn_cast<FieldDecl>(E->getDecl()))
      Uses[FD->getCanonicalDecl()].push_back({nullptr, cur()});
    else if (const auto *MD = dyn_cast<CXXMethodDecl>(E->getDecl()))
      Taken.insert(MD->getCanonicalDecl());
    return true;
  }

  llvm::DenseMap<const FieldDecl *, std::vector<FieldUse>> Uses;
  llvm::DenseMap<const FunctionDecl *, std::vector<CallSite>> Calls;
  llvm::DenseMap<const FunctionDecl *, llvm::DenseSet<const FunctionDecl *>>
      Callees;
  llvm::DenseSet<const FunctionDecl *> Taken;

private:
  const FunctionDecl *cur() const {
    return Stack.empty() ? nullptr : Stack.back();
  }
  const SourceManager &SM;
  llvm::SmallVector<const FunctionDecl *, 8> Stack;
  llvm::DenseMap<const MemberExpr *, const Expr *> StoreOf;
  llvm::DenseSet<const MemberExpr *> Reads;
  llvm::DenseSet<const MemberExpr *> CalleeExprs;
};

/// A fact about S under the current hold of L: S == C (Eq) or S != C.
struct Fact {
  bool Eq = false;
  llvm::APSInt C;
};
using Facts = llvm::SmallVector<Fact, 2>;

bool joinFacts(Facts &Into, const Facts &From) {
  Facts Kept;
  for (const Fact &F : Into)
    for (const Fact &G : From)
      if (F.Eq == G.Eq && same(F.C, G.C)) {
        Kept.push_back(F);
        break;
      }
  bool Changed = Kept.size() != Into.size();
  Into = std::move(Kept);
  return Changed;
}

/// The facts show S != V.
bool excludes(const Facts &Fs, const llvm::APSInt &V) {
  for (const Fact &F : Fs)
    if (F.Eq ? !same(F.C, V) : same(F.C, V))
      return true;
  return false;
}

/// Stores made under L, still in force: S == C.
using Stored = llvm::SmallVector<std::pair<const FieldDecl *, llvm::APSInt>, 2>;

bool joinStored(Stored &Into, const Stored &From) {
  Stored Kept;
  for (const auto &F : Into)
    for (const auto &G : From)
      if (F.first == G.first && same(F.second, G.second)) {
        Kept.push_back(F);
        break;
      }
  bool Changed = Kept.size() != Into.size();
  Into = std::move(Kept);
  return Changed;
}

/// The CallExprs of \p S, not inside lambda bodies.
void callsIn(const Stmt *S, llvm::SmallVectorImpl<const CallExpr *> &Out) {
  llvm::SmallVector<const Stmt *, 16> Work{S};
  while (!Work.empty()) {
    const Stmt *X = Work.pop_back_val();
    if (!X || isa<LambdaExpr>(X))
      continue;
    if (const auto *C = dyn_cast<CallExpr>(X))
      Out.push_back(C);
    for (const Stmt *K : X->children())
      Work.push_back(K);
  }
}

} // namespace

struct FinalStates::Impl {
  ASTContext &Ctx;
  CFGCache &CFGs;
  std::unique_ptr<Scan> S;
  LockEffectsTable Locks;
  /// Lock facts per (function, L held at entry).
  std::map<std::tuple<const Decl *, bool, std::string>,
           std::unique_ptr<FunctionLockFacts>>
      LockFacts;
  llvm::DenseMap<std::pair<const FunctionDecl *, const FieldDecl *>, bool>
      MayStoreMemo;
  std::map<std::tuple<const FieldDecl *, std::string, std::string,
                      const FunctionDecl *>,
           bool>
      NeverLeavesMemo;

  /// The dataflow solutions, once per (function, lock[, field, depth]).
  std::map<std::tuple<const Decl *, std::string, const FieldDecl *, unsigned>,
           DataflowResult<Facts>>
      GateMemo;
  std::map<std::pair<const Decl *, std::string>, DataflowResult<Stored>>
      StoredMemo;

  Impl(ASTContext &Ctx, CFGCache &CFGs) : Ctx(Ctx), CFGs(CFGs), Locks(CFGs) {}

  Scan &scan() {
    if (!S) {
      S = std::make_unique<Scan>(Ctx.getSourceManager());
      S->TraverseDecl(Ctx.getTranslationUnitDecl());
    }
    return *S;
  }

  const FunctionCFG *cfgOf(const FunctionDecl *F) {
    if (!F || !F->hasBody())
      return nullptr;
    const FunctionDecl *Def = nullptr;
    const Stmt *Body = F->getBody(Def);
    return Body ? CFGs.get(Def, Body, Ctx) : nullptr;
  }

  const FunctionLockFacts *lockFacts(const FunctionDecl *F, const AccessPath *Held) {
    const FunctionCFG *G = cfgOf(F);
    if (!G)
      return nullptr;
    auto Key = std::make_tuple(G->decl(), Held != nullptr,
                               Held ? Held->str() : std::string());
    auto It = LockFacts.find(Key);
    if (It != LockFacts.end())
      return It->second.get();
    LockSet Entry;
    if (Held)
      Entry.acquire(*Held, false);
    auto &Slot = LockFacts[Key];
    Slot = FunctionLockFacts::analyze(*G, Ctx, Entry);
    return Slot.get();
  }

  static bool holds(const FunctionLockFacts &LF, const Stmt *St,
                    const AccessPath &L) {
    const LockSet *M = LF.mustHoldAt(St);
    return M && M->holdsExclusively(L);
  }

  /// A call of \p FD may store \p FD (see the header), up to four calls deep.
  bool mayStore(const FunctionDecl *FD, const FieldDecl *Field,
                unsigned Depth = 0) {
    if (!FD)
      return false;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
      if (MD->isVirtual())
        return true;
    if (Depth > 4)
      return true;
    const FunctionDecl *Def = FD->getDefinition();
    if (!Def)
      return false; // not visible: cannot name S (see the header's (3))
    auto Key = std::make_pair(Def, Field);
    auto It = MayStoreMemo.find(Key);
    if (It != MayStoreMemo.end())
      return It->second;
    MayStoreMemo[Key] = false; // a cycle contributes nothing new
    bool R = false;
    auto U = scan().Uses.find(Field);
    if (U != scan().Uses.end())
      for (const FieldUse &X : U->second)
        if (X.Fn && X.Fn->getCanonicalDecl() == Def->getCanonicalDecl() &&
            X.K != FieldUse::Read)
          R = true;
    if (!R) {
      auto C = scan().Callees.find(Def);
      if (C != scan().Callees.end())
        for (const FunctionDecl *Callee : C->second)
          if (mayStore(Callee, Field, Depth + 1)) {
            R = true;
            break;
          }
    }
    MayStoreMemo[Key] = R;
    return R;
  }

  /// A call that may end a gate or a stored fact about \p Field.
  bool callEnds(const CallExpr *C, const FieldDecl *Field, bool LockOps) {
    const FunctionDecl *Callee = C->getDirectCallee();
    if (LockOps)
      for (const Expr *A : C->arguments())
        if (isGuardType(A->getType()))
          return true; // a wait gives the lock back
    // A call of an unknown target (a pointer, a stored callable) may run
    // anything, a store of S included.
    if (!Callee)
      return true;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(C))
      if (Op->getOperator() == OO_Call)
        return true;
    if (mayStore(Callee, Field))
      return true;
    if (LockOps && Callee->hasBody() &&
        !Ctx.getSourceManager().isInSystemHeader(Callee->getLocation()) &&
        Locks.reachesLockOperation(Callee))
      return true;
    return false;
  }

  /// Gate facts about \p Field before \p At in \p Fn, under L held since the
  /// test; std::nullopt if not known (no body, L not held).
  std::optional<Facts> gateAt(const FunctionDecl *Fn, const Stmt *At,
                              const AccessPath &L, const FieldDecl *Field,
                              unsigned Depth) {
    const FunctionCFG *G = cfgOf(Fn);
    if (!G)
      return std::nullopt;
    const FunctionLockFacts *LF = lockFacts(Fn, nullptr);
    Facts Entry;
    bool FromCallers = false;
    if (!LF || !holds(*LF, At, L)) {
      FromCallers = true;
      // L is held because the callers hold it.
      if (Depth >= 2)
        return std::nullopt;
      std::optional<Facts> E = callerFacts(Fn, L, Field, Depth);
      if (!E)
        return std::nullopt;
      Entry = std::move(*E);
      LF = lockFacts(Fn, &L);
      if (!LF || !holds(*LF, At, L))
        return std::nullopt;
    }
    auto MemoKey =
        std::make_tuple(G->decl(), L.str(), Field, Depth * 2 + FromCallers);
    auto Memo = GateMemo.find(MemoKey);
    auto Transfer = [&](const CFGElement &El, Facts &St) {
      auto CS = El.getAs<CFGStmt>();
      if (!CS)
        return;
      const Stmt *X = CS->getStmt();
      if (!holds(*LF, X, L)) {
        St.clear();
        return;
      }
      if (const auto *B = dyn_cast<BinaryOperator>(X))
        if (B->isAssignmentOp() && fieldOfThis(B->getLHS()) == Field)
          St.clear();
      if (const auto *U = dyn_cast<UnaryOperator>(X))
        if (U->isIncrementDecrementOp() && fieldOfThis(U->getSubExpr()) == Field)
          St.clear();
      if (const auto *C = dyn_cast<CallExpr>(X))
        if (callEnds(C, Field, /*LockOps=*/true))
          St.clear();
    };
    auto Edge = [&](const CFGBlock &B, unsigned Succ, Facts &St) {
      if (B.succ_size() != 2)
        return;
      const auto *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
      if (!Cond || !holds(*LF, Cond, L))
        return;
      bool Neg = false;
      const Expr *Op = decidingOperand(Cond, Neg);
      if (!Op)
        return;
      bool TrueEdge = (Succ == 0) != Neg;
      Op = Op->IgnoreParenImpCasts();
      if (fieldOfThis(Op) == Field) {
        llvm::APSInt Zero(Ctx.getIntWidth(Field->getType()),
                          !Field->getType()->isSignedIntegerOrEnumerationType());
        St.push_back({/*Eq=*/!TrueEdge, Zero});
        return;
      }
      const auto *BO = dyn_cast<BinaryOperator>(Op);
      if (!BO || (BO->getOpcode() != BO_EQ && BO->getOpcode() != BO_NE))
        return;
      const Expr *Other = nullptr;
      if (fieldOfThis(BO->getLHS()) == Field)
        Other = BO->getRHS();
      else if (fieldOfThis(BO->getRHS()) == Field)
        Other = BO->getLHS();
      if (!Other)
        return;
      std::optional<llvm::APSInt> C = constantOf(Other, Ctx);
      if (!C)
        return;
      St.push_back({(BO->getOpcode() == BO_EQ) == TrueEdge, *C});
    };
    if (Memo == GateMemo.end())
      Memo = GateMemo
                 .emplace(MemoKey,
                          runForwardDataflow(*G, Entry, Transfer, joinFacts,
                                             Edge))
                 .first;
    const DataflowResult<Facts> &R = Memo->second;
    if (!R.Converged)
      return std::nullopt;
    std::optional<Facts> Out = factsBefore(*G, R, At, Transfer);
    if (!Out)
      return std::nullopt;
    // Inside the statement that runs the access (a call into a helper).
    llvm::SmallVector<const CallExpr *, 4> Calls;
    callsIn(At, Calls);
    for (const CallExpr *C : Calls)
      if (callEnds(C, Field, /*LockOps=*/true))
        return std::nullopt;
    return Out;
  }

  /// The facts holding at every visible call of \p Fn (made on `this`, L
  /// held), when \p Fn can be called only from this translation unit.
  std::optional<Facts> callerFacts(const FunctionDecl *Fn, const AccessPath &L,
                                   const FieldDecl *Field, unsigned Depth) {
    const auto *MD = dyn_cast<CXXMethodDecl>(Fn);
    if (!MD || MD->isVirtual() || isa<CXXConstructorDecl>(MD) ||
        isa<CXXDestructorDecl>(MD))
      return std::nullopt;
    if (MD->getAccess() != AS_private &&
        !isTranslationUnitLocal(MD->getParent(), Ctx.getSourceManager()))
      return std::nullopt;
    const FunctionDecl *Canon = MD->getCanonicalDecl();
    if (scan().Taken.count(Canon))
      return std::nullopt;
    auto It = scan().Calls.find(Canon);
    if (It == scan().Calls.end() || It->second.empty())
      return std::nullopt;
    std::optional<Facts> Out;
    for (const CallSite &C : It->second) {
      if (!C.OnThis || !C.Fn)
        return std::nullopt;
      std::optional<Facts> At = gateAt(C.Fn, C.Call, L, Field, Depth + 1);
      if (!At)
        return std::nullopt;
      if (!Out)
        Out = std::move(*At);
      else
        joinFacts(*Out, *At);
    }
    return Out;
  }

  /// The state before \p At (replaying its block).
  template <typename State, typename TransferFn>
  std::optional<State> factsBefore(const FunctionCFG &G,
                                   const DataflowResult<State> &R,
                                   const Stmt *At, TransferFn &Transfer) {
    auto Pos = G.elementOf(At);
    if (!Pos)
      return std::nullopt;
    const std::optional<State> &In = R.entryOf(*Pos->first);
    if (!In)
      return std::nullopt;
    State St = *In;
    unsigned I = 0;
    for (const CFGElement &E : *Pos->first) {
      if (I++ == Pos->second)
        break;
      Transfer(E, St);
    }
    return St;
  }

  /// The stores of (1) in force before \p At in \p F.
  std::optional<Stored> storedBefore(const FunctionDecl *F, const Stmt *At,
                                     const AccessPath &L) {
    const FunctionCFG *G = cfgOf(F);
    const FunctionLockFacts *LF = lockFacts(F, nullptr);
    if (!G || !LF)
      return std::nullopt;
    auto Transfer = [&](const CFGElement &El, Stored &St) {
      auto CS = El.getAs<CFGStmt>();
      if (!CS)
        return;
      const Stmt *X = CS->getStmt();
      auto Drop = [&](const FieldDecl *FD) {
        llvm::erase_if(St, [&](const auto &P) { return P.first == FD; });
      };
      if (const auto *B = dyn_cast<BinaryOperator>(X)) {
        if (B->isAssignmentOp())
          if (const FieldDecl *FD = fieldOfThis(B->getLHS())) {
            Drop(FD);
            if (B->getOpcode() == BO_Assign && stateType(FD) &&
                holds(*LF, X, L))
              if (std::optional<llvm::APSInt> C = constantOf(B->getRHS(), Ctx))
                St.push_back({FD, *C});
          }
        return;
      }
      if (const auto *U = dyn_cast<UnaryOperator>(X)) {
        if (const FieldDecl *FD = fieldOfThis(U->getSubExpr()))
          if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
            Drop(FD);
        return;
      }
      if (const auto *C = dyn_cast<CallExpr>(X))
        llvm::erase_if(St, [&](const auto &P) {
          return callEnds(C, P.first, /*LockOps=*/false);
        });
    };
    auto MemoKey = std::make_pair(G->decl(), L.str());
    auto Memo = StoredMemo.find(MemoKey);
    if (Memo == StoredMemo.end())
      Memo = StoredMemo
                 .emplace(MemoKey, runForwardDataflow(*G, Stored(), Transfer,
                                                      joinStored))
                 .first;
    const DataflowResult<Stored> &R = Memo->second;
    if (!R.Converged)
      return std::nullopt;
    std::optional<Stored> Out = factsBefore(*G, R, At, Transfer);
    if (!Out)
      return std::nullopt;
    llvm::SmallVector<const CallExpr *, 4> Calls;
    callsIn(At, Calls);
    for (const CallExpr *C : Calls)
      llvm::erase_if(*Out, [&](const auto &P) {
        return callEnds(C, P.first, /*LockOps=*/false);
      });
    return Out;
  }

  /// \p Fn (its definition) when \p E lies in Fn's own body, not inside a
  /// lambda or a block there (it may run later, outside the gate); null
  /// otherwise. Asked of the parent map of that one body, which its CFG
  /// holds: the whole translation unit's (ASTContext::getParents) took a
  /// third of the memory of a large TU.
  const FunctionDecl *ownBody(const FunctionDecl *Fn, const Expr *E) {
    if (!Fn || !E)
      return nullptr;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Fn))
      if (MD->getParent()->isLambda())
        return nullptr;
    const FunctionCFG *G = cfgOf(Fn);
    if (!G)
      return nullptr;
    const auto *Def = cast<FunctionDecl>(G->decl());
    const Stmt *Body = Def->getBody();
    const ParentMap &PM = G->parents();
    for (const Stmt *S = PM.getParent(E); S; S = PM.getParent(S)) {
      if (isa<LambdaExpr, BlockExpr>(S))
        return nullptr;
      if (S == Body)
        return Def;
    }
    return nullptr;
  }

  /// (3)'s visibility: all code that can store \p Field is here.
  bool allStoresVisible(const FieldDecl *Field) {
    const auto *RD = dyn_cast<CXXRecordDecl>(Field->getParent());
    if (!RD)
      return false;
    if (isTranslationUnitLocal(RD, Ctx.getSourceManager()))
      return true;
    if (Field->getAccess() != AS_private || RD->hasFriends())
      return false;
    for (const Decl *D : RD->decls()) {
      if (const auto *N = dyn_cast<CXXRecordDecl>(D))
        if (!N->isInjectedClassName())
          return false;
      if (isa<FunctionTemplateDecl>(D))
        return false;
      if (const auto *M = dyn_cast<CXXMethodDecl>(D))
        if (!M->isImplicit() && !M->isDeleted() && !M->isDefaulted() &&
            !M->isDefined())
          return false;
    }
    return true;
  }

  /// (3): \p Field never leaves \p V.
  bool neverLeaves(const FieldDecl *Field, const llvm::APSInt &V,
                   const AccessPath &L, const FunctionDecl *F) {
    auto Key = std::make_tuple(Field, llvm::toString(V, 10), L.str(),
                               F->getCanonicalDecl());
    auto It = NeverLeavesMemo.find(Key);
    if (It != NeverLeavesMemo.end())
      return It->second;
    bool R = neverLeavesUncached(Field, V, L, F);
    NeverLeavesMemo[Key] = R;
    return R;
  }

  bool neverLeavesUncached(const FieldDecl *Field, const llvm::APSInt &V,
                           const AccessPath &L, const FunctionDecl *F) {
    if (!allStoresVisible(Field))
      return false;
    auto U = scan().Uses.find(Field->getCanonicalDecl());
    if (U == scan().Uses.end())
      return false;
    for (const FieldUse &X : U->second) {
      if (X.K == FieldUse::Read)
        continue;
      if (X.K != FieldUse::Store || !X.Fn || !X.ME ||
          !isa<CXXThisExpr>(X.ME->getBase()->IgnoreParenImpCasts()))
        return false;
      if (isa<CXXConstructorDecl>(X.Fn))
        continue;
      if (std::optional<llvm::APSInt> C = constantOf(X.Value, Ctx))
        if (same(*C, V))
          continue;
      if (X.Fn->getCanonicalDecl() == F->getCanonicalDecl())
        continue; // F's own reset, not before A (see the header)
      std::optional<Facts> G = gateAt(X.Fn, X.ME, L, Field, 0);
      if (!G || !excludes(*G, V))
        return false;
    }
    return true;
  }
};

FinalStates::FinalStates(ASTContext &Ctx, CFGCache &CFGs)
    : P(std::make_unique<Impl>(Ctx, CFGs)) {}
FinalStates::~FinalStates() = default;

std::optional<llvm::SmallVector<FinalStates::State, 2>>
FinalStates::storedBefore(const FunctionDecl *F, const Stmt *TopA,
                          const Expr *A, const AccessPath &L) {
  if (!F || !TopA || L.rootKind() != PathRoot::This || !isa<CXXMethodDecl>(F))
    return std::nullopt;
  // The walk records an access in a callee once, for the first root that
  // reaches it: the unlocked access must be in F's own body.
  if (!P->ownBody(F, A))
    return std::nullopt;
  std::optional<Stored> St = P->storedBefore(F, TopA, L);
  if (!St || St->empty())
    return std::nullopt;
  llvm::SmallVector<State, 2> Out;
  for (const auto &[Field, V] : *St)
    Out.push_back({Field, V});
  return Out;
}

bool FinalStates::gated(const FunctionDecl *R, const Stmt *TopW,
                        const Expr *W, const FunctionDecl *WBody,
                        const AccessPath &L, const State &S) {
  if (!R || !TopW || L.rootKind() != PathRoot::This || !isa<CXXMethodDecl>(R))
    return false;
  // Judged where it is written (a helper: at every visible call of it).
  const FunctionDecl *WFn = P->ownBody(WBody, W);
  if (!WFn)
    return false;
  std::optional<Facts> G = P->gateAt(
      WFn, WFn->getCanonicalDecl() == R->getCanonicalDecl() ? TopW : W, L,
      S.Field, 0);
  return G && excludes(*G, S.Value);
}

bool FinalStates::neverLeaves(const State &S, const AccessPath &L,
                              const FunctionDecl *F) {
  return F && P->neverLeaves(S.Field, S.Value, L, F);
}

} // namespace clang::tidy::conclint::utils
