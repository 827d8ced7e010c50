//===-- CostModel.cpp - is this code CPU-heavy? ---------------------------===//
//
// The model proper: options, evidence, and the walk that finds heavy loops
// and calls and follows calls into this TU's functions through call
// summaries. Loop trip counts and shapes are LoopBounds.h's, the cost of a
// single call CostCalls.h's.
//
//===----------------------------------------------------------------------===//

#include "CostModel.h"
#include "CostCalls.h"
#include "LoopBounds.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::conclint::utils {

namespace {

bool inSystemHeader(const Decl *D, const ASTContext &Ctx) {
  return Ctx.getSourceManager().isInSystemHeader(D->getLocation());
}

bool isCoroutineFunction(const FunctionDecl *FD) {
  return FD && FD->getBody() && isa<CoroutineBodyStmt>(FD->getBody());
}

} // namespace

//===----------------------------------------------------------------------===//
// Names and options
//===----------------------------------------------------------------------===//

CostOptions::CostOptions()
    : HeavyFunctions(splitOptionList(defaultHeavyFunctionList())),
      NonCpuFunctions(splitOptionList(defaultNonCpuFunctionList())) {}

llvm::StringRef CostOptions::defaultHeavyFunctions() {
  return defaultHeavyFunctionList();
}
llvm::StringRef CostOptions::defaultNonCpuFunctions() {
  return defaultNonCpuFunctionList();
}

CostOptions CostOptions::fromStrings(unsigned SmallTripCount,
                                     llvm::StringRef Heavy,
                                     llvm::StringRef NonCpu,
                                     unsigned CallDepth,
                                     bool LinearScansAreHeavy) {
  CostOptions O;
  O.SmallTripCount = SmallTripCount;
  O.CallDepth = CallDepth;
  O.LinearScansAreHeavy = LinearScansAreHeavy;
  auto Apply = [](llvm::StringRef S, std::vector<std::string> &L) {
    S = S.trim();
    if (S.empty())
      return;
    if (S.consume_front("+")) {
      for (std::string &N : splitOptionList(S))
        L.push_back(std::move(N));
      return;
    }
    L = splitOptionList(S);
  };
  Apply(Heavy, O.HeavyFunctions);
  Apply(NonCpu, O.NonCpuFunctions);
  return O;
}

CostCheckOptions
CostCheckOptions::read(const ClangTidyCheck &Check,
                       const ClangTidyCheck::OptionsView &Options) {
  return {Options.get("SmallTripCount", 64U),
          Options.get("HeavyFunctions", CostOptions::defaultHeavyFunctions())
              .str(),
          Options.get("NonCpuFunctions", CostOptions::defaultNonCpuFunctions())
              .str(),
          readCallDepth(Check, Options, {"CalleeDepth"}),
          Options.get("LinearScansAreHeavy", false)};
}

void CostCheckOptions::store(const ClangTidyCheck::OptionsView &Options,
                             ClangTidyOptions::OptionMap &Opts) const {
  Options.store(Opts, "SmallTripCount", SmallTripCount);
  Options.store(Opts, "HeavyFunctions", HeavyFunctions);
  Options.store(Opts, "NonCpuFunctions", NonCpuFunctions);
  Options.store(Opts, CallDepthOption, callDepthText(CallDepth));
  Options.store(Opts, "LinearScansAreHeavy", LinearScansAreHeavy);
}

//===----------------------------------------------------------------------===//
// Evidence
//===----------------------------------------------------------------------===//

const Stmt *CostEvidence::site() const {
  return Chain.empty() ? Root : Chain.front().Call;
}

const FunctionDecl *CostEvidence::chainCallee(unsigned I) const {
  if (I >= Chain.size())
    return nullptr;
  return Chain[I].Callee;
}

std::string CostEvidence::describeSite() const {
  if (!Chain.empty()) {
    const FunctionDecl *FD = chainCallee(0);
    std::string Name = FD ? FD->getNameAsString() : "function";
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD))
      if (MD->getParent()->isLambda())
        Name = "lambda";
    return "call to '" + Name + "'";
  }
  if (Kind == RootKind::HeavyCall)
    return "call to '" + HeavyName + "'";
  return "loop";
}

llvm::SmallVector<std::pair<SourceLocation, std::string>, 4>
evidenceNotes(const CostEvidence &Ev) {
  llvm::SmallVector<std::pair<SourceLocation, std::string>, 4> Notes;
  for (unsigned I = 0; I < Ev.Chain.size(); ++I) {
    const FunctionDecl *FD = Ev.chainCallee(I);
    std::string Name = FD ? FD->getNameAsString() : "function";
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD))
      if (MD->getParent()->isLambda())
        Name = "lambda";
    Notes.emplace_back(Ev.Chain[I].Call->getBeginLoc(),
                       "'" + Name + "' called here does CPU-bound work");
  }
  std::string Root;
  if (Ev.Kind == CostEvidence::RootKind::HeavyCall) {
    Root = "CPU-bound call to '" + Ev.HeavyName + "' here";
  } else if (Ev.TripCount) {
    Root = "CPU-bound loop of " + std::to_string(*Ev.TripCount) +
           " iterations here";
  } else {
    Root = "CPU-bound loop here; its trip count depends on data";
  }
  Notes.emplace_back(Ev.Root->getBeginLoc(), std::move(Root));
  return Notes;
}

//===----------------------------------------------------------------------===//
// Loops
//===----------------------------------------------------------------------===//

bool CostModel::isLoop(const Stmt *S) { return isLoopStmt(S); }

std::optional<uint64_t> CostModel::constantTripCount(const Stmt *Loop,
                                                     ASTContext &Ctx) {
  return loopConstantTripCount(Loop, Ctx);
}

std::optional<uint64_t> CostModel::nestTripCount(const Stmt *Loop,
                                                 ASTContext &Ctx) {
  return loopNestTripCount(Loop, Ctx);
}

//===----------------------------------------------------------------------===//
// The model
//===----------------------------------------------------------------------===//

namespace {
/// A callee whose body the cost families follow: defined here, outside
/// system headers, not a coroutine (calling one only creates it).
const FunctionDecl *heavyCallee(const Expr *E, const ASTContext &Ctx) {
  const FunctionDecl *Def = definitionOf(costCalledFunction(E));
  if (!Def || inSystemHeader(Def, Ctx) || isCoroutineFunction(Def))
    return nullptr;
  return Def;
}
/// A callee whose body the non-CPU family follows (coroutines included).
const FunctionDecl *nonCpuCallee(const Expr *E, const ASTContext &Ctx) {
  const FunctionDecl *Def = definitionOf(costCalledFunction(E));
  if (!Def || inSystemHeader(Def, Ctx))
    return nullptr;
  return Def;
}
} // namespace

namespace {
/// The children of \p S that the code evaluates as written: for a co_await
/// or co_yield only its operand (the awaiter's await_ready / await_suspend /
/// await_resume are scheduling machinery, never the coroutine's own work);
/// for co_return only its operand (not the promise's return_value).
llvm::SmallVector<const Stmt *, 4> evaluatedChildren(const Stmt *S) {
  if (const auto *CS = dyn_cast<CoroutineSuspendExpr>(S))
    return {CS->getOperand()};
  if (const auto *DA = dyn_cast<DependentCoawaitExpr>(S))
    return {DA->getOperand()};
  if (const auto *CR = dyn_cast<CoreturnStmt>(S))
    return {CR->getOperand()};
  llvm::SmallVector<const Stmt *, 4> Out(S->child_begin(), S->child_end());
  return Out;
}
} // namespace

CostModel::CostModel(CostOptions O)
    : Opts(std::move(O)), HeavyNames(Opts.HeavyFunctions),
      NonCpuNames(Opts.NonCpuFunctions),
      NonCpu([this](const FunctionDecl *D) { return nonCpuSites(D); }),
      StrictHeavy([this](const FunctionDecl *D) { return heavySites(D, true); }),
      Heavy([this](const FunctionDecl *D) { return heavySites(D, false); }) {}

void CostModel::reset(ASTContext &Ctx) {
  if (&Ctx == MemoCtx)
    return;
  NonCpu.clear();
  StrictHeavy.clear();
  Heavy.clear();
  FunctionMemo.clear();
  MemoCtx = &Ctx;
}

std::optional<std::string> CostModel::heavyCallName(const Expr *Call,
                                                    ASTContext &Ctx) {
  const NamedDecl *Entity = costCalledEntity(Call);
  if (!Entity)
    return std::nullopt;
  if (!HeavyNames.contains(Entity))
    return std::nullopt;
  std::string Name = llvm::StringRef(qualifiedName(Entity)).drop_front(2).str();
  // Standard algorithms over a small constant-size array are cheap.
  if (llvm::StringRef(Name).starts_with("std::") &&
      !llvm::StringRef(Name).contains("regex"))
    if (auto N = firstRangeConstantSize(Call, Ctx); N && *N <= Opts.SmallTripCount)
      return std::nullopt;
  return Name;
}

namespace {
/// The local witness of the non-CPU family at \p S itself (not its
/// children): a suspension, a NonCpuFunctions call, stream I/O.
bool nonCpuHere(const Stmt *S, const NameSet &NonCpuNames) {
  if (isa<CoawaitExpr>(S) || isa<DependentCoawaitExpr>(S) ||
      isa<CoyieldExpr>(S))
    return true;
  if (const auto *E = dyn_cast<Expr>(S))
    if (const FunctionDecl *FD = costCalledFunction(E)) {
      if (NonCpuNames.contains(FD))
        return true;
      if (const auto *Call = dyn_cast<CallExpr>(E); Call && isStreamIO(Call))
        return true;
    }
  return false;
}

void collectNonCpuSites(const Stmt *S, const NameSet &Names,
                        const ASTContext &Ctx,
                        llvm::SmallVectorImpl<Site> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  if (!Out.empty() && Out.back().Root)
    return; // stop after the first local witness
  if (nonCpuHere(S, Names)) {
    Out.push_back(Site::root(S));
    return;
  }
  if (const auto *E = dyn_cast<Expr>(S))
    if (const FunctionDecl *Def = nonCpuCallee(E, Ctx))
      Out.push_back(Site::call(E, Def));
  for (const Stmt *Child : S->children())
    collectNonCpuSites(Child, Names, Ctx, Out);
}
} // namespace

llvm::SmallVector<Site, 8> CostModel::nonCpuSites(const FunctionDecl *Def) {
  llvm::SmallVector<Site, 8> Out;
  collectNonCpuSites(Def->getBody(), NonCpuNames, Def->getASTContext(), Out);
  return Out;
}

bool CostModel::nonCpuAt(const Stmt *S, ASTContext &Ctx, unsigned Budget) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (nonCpuHere(S, NonCpuNames))
    return true;
  if (Budget > 0)
    if (const auto *E = dyn_cast<Expr>(S))
      if (const FunctionDecl *Def = nonCpuCallee(E, Ctx))
        if (NonCpu.holdsWithin(Def, Budget - 1))
          return true;
  for (const Stmt *Child : S->children())
    if (nonCpuAt(Child, Ctx, Budget))
      return true;
  return false;
}

bool CostModel::suspendsBlocksOrDoesIO(const Stmt *S, ASTContext &Ctx) {
  reset(Ctx);
  return nonCpuAt(S, Ctx, Opts.CallDepth);
}

CostEvidence CostModel::chainEvidence(const Expr *Call,
                                      const FunctionDecl *Callee, bool Strict,
                                      ASTContext &Ctx) {
  CallChain C = heavyTable(Strict).chainFrom(Callee);
  CostEvidence Ev;
  Ev.Chain.push_back({Call, Callee});
  Ev.Chain.append(C.Steps.begin(), C.Steps.end());
  Ev.Root = C.Root;
  if (isLoop(C.Root)) {
    Ev.Kind = CostEvidence::RootKind::Loop;
    if (constantTripCount(C.Root, Ctx))
      Ev.TripCount = nestTripCount(C.Root, Ctx);
  } else {
    Ev.Kind = CostEvidence::RootKind::HeavyCall;
    if (auto Name = heavyCallName(cast<Expr>(C.Root), Ctx))
      Ev.HeavyName = std::move(*Name);
  }
  return Ev;
}

namespace {
llvm::StringRef plainName(const NamedDecl *D) {
  return D && D->getIdentifier() ? D->getName() : llvm::StringRef();
}

const ValueDecl *nextElementSource(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    if (const ValueDecl *D = nextElementSource(CO->getTrueExpr()))
      return D;
    return nextElementSource(CO->getFalseExpr());
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    llvm::StringRef N = plainName(MC->getMethodDecl());
    if (N == "front" || N == "back" || N == "top")
      return objectDecl(MC->getImplicitObjectArgument());
  }
  return nullptr;
}

/// A while loop that takes the elements of a queue one at a time:
/// `while (T *op = q.front()) { ...; q.pop(); }` (the condition variable is
/// the queue's next element, null once it is empty, and the body removes
/// it), so it ends within one pass over the queue. Returns the element type
/// (the condition variable's), null when the loop is not of this shape.
/// (LoopBounds.h's drainedContainerOf covers the `size()` / `!empty()`
/// conditions; this is the same drain with the emptiness test folded into
/// the element.)
QualType poppedElementType(const WhileStmt *W) {
  const VarDecl *V = W->getConditionVariable();
  if (!V || !V->getType()->isPointerType())
    return {};
  const ValueDecl *Queue = nextElementSource(V->getInit());
  if (!Queue || !removesFrom(W->getBody(), Queue))
    return {};
  return V->getType();
}

bool mentionsAny(const Stmt *E,
                 const llvm::SmallPtrSetImpl<const VarDecl *> &Vars);

struct VarWrite {
  const VarDecl *Var;
  const Stmt *Write; ///< the assignment, increment or initialiser
  const Expr *Value; ///< the value stored by `=` or an initialiser, else null
};
void collectWrites(const Stmt *S, llvm::SmallVectorImpl<VarWrite> &Out) {
  if (!S || isa<LambdaExpr>(S))
    return;
  auto VarOf = [](const Expr *E) -> const VarDecl * {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
      return dyn_cast<VarDecl>(DRE->getDecl());
    return nullptr;
  };
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp())
      if (const VarDecl *V = VarOf(BO->getLHS()))
        Out.push_back(
            {V, BO, BO->getOpcode() == BO_Assign ? BO->getRHS() : nullptr});
  } else if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->isIncrementDecrementOp())
      if (const VarDecl *V = VarOf(UO->getSubExpr()))
        Out.push_back({V, UO, nullptr});
  } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls())
      if (const auto *V = dyn_cast<VarDecl>(D); V && V->getInit())
        Out.push_back({V, V->getInit(), V->getInit()});
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
             Op && Op->getNumArgs() >= 1) {
    // The same writes of a class-type variable (an iterator).
    OverloadedOperatorKind K = Op->getOperator();
    if (const VarDecl *V = VarOf(Op->getArg(0))) {
      if (K == OO_Equal && Op->getNumArgs() == 2)
        Out.push_back({V, Op, Op->getArg(1)});
      else if (K == OO_PlusPlus || K == OO_MinusMinus || Op->isAssignmentOp())
        Out.push_back({V, Op, nullptr});
    }
  }
  for (const Stmt *C : S->children())
    collectWrites(C, Out);
}

/// The direction of a step `++it` / `it--` (+1, -1) of a class-type variable,
/// 0 when the write is not one.
int iteratorStep(const VarWrite &W) {
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(W.Write)) {
    if (Op->getOperator() == OO_PlusPlus)
      return 1;
    if (Op->getOperator() == OO_MinusMinus)
      return -1;
  }
  return 0;
}

/// The element an iterator variable designates: what its `operator*`
/// returns, references removed; null when the type has none (not an
/// iterator).
QualType iteratorElementType(const VarDecl *V) {
  const auto *RD = V->getType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return {};
  DeclarationName Star =
      V->getASTContext().DeclarationNames.getCXXOperatorName(OO_Star);
  for (const NamedDecl *ND : RD->lookup(Star))
    if (const auto *M = dyn_cast<CXXMethodDecl>(ND->getUnderlyingDecl()))
      if (M->getNumParams() == 0)
        return M->getReturnType().getNonReferenceType();
  return {};
}

/// A loop that follows links: its state is pointers to nodes (objects) that
/// move along the structure they point into. The condition reads only such
/// pointer variables (`while (p)`, `p != nullptr`, `while (p == left(x))`,
/// a parent walk) and variables the loop does not write (`p != end`); a loop
/// without a condition, or with a constant true one, ended by `break`s, has
/// as its state the variables declared before it that it writes (a
/// rebalancing walk up a tree: `for (;;) { ...; p = grandparent; }`), which
/// must then all be such pointers. Every write of a walk variable either moves
/// it along a link (`p = p->next`, `x = parent(x)`, `p = right(n)` after
/// `n = p`: a value computed from the walk's own pointers, not by pointer
/// arithmetic) or copies one walk pointer into another (`n = p`, `p = x`),
/// and at least one write moves (writes in the condition count too). A
/// pointer variable the loop assigns from the walk's pointers joins the walk.
/// An iterator (a class with a unary `operator*`) walks too when every write
/// of it is a step the same way (`++it`) or a copy of another walk variable
/// (`auto next = it; ++next; c.erase(it); it = next;`). The for loop's
/// initialisation only chooses where the walk starts. It visits each node of a
/// list, of a path up or down a tree, or of a container, at most once.
/// Returns the element: the first walk pointer's type, or what the iterator
/// designates; null when the loop is not of this shape.
QualType linkWalkElementType(const Expr *CondE, const Stmt *Inc,
                             const Stmt *Body, const ASTContext &Ctx) {
  bool Forever = !CondE;
  if (bool True = false;
      CondE && !CondE->isValueDependent() &&
      CondE->EvaluateAsBooleanCondition(True, Ctx) && True)
    Forever = true;
  auto IsNodePointer = [](const VarDecl *V) {
    return V->getType()->isPointerType() &&
           V->getType()->getPointeeType()->isRecordType();
  };
  // An iterator steps with ++ (or --) through its container: one pass when
  // every step goes the same way. Its element is what it designates.
  auto ElementOf = [](const VarDecl *V) -> QualType {
    if (V->getType()->isPointerType())
      return V->getType();
    return iteratorElementType(V);
  };
  auto IsWalker = [&](const VarDecl *V) {
    return IsNodePointer(V) || !iteratorElementType(V).isNull();
  };
  llvm::SmallVector<VarWrite, 8> Writes;
  collectWrites(CondE, Writes); // `while (n != parent(p = parent(n)))`
  collectWrites(Body, Writes);
  collectWrites(Inc, Writes);
  auto Written = [&](const VarDecl *V) {
    return llvm::any_of(Writes, [&](const VarWrite &W) { return W.Var == V; });
  };
  // The condition's variables: walk pointers (written in the loop) and
  // invariants; any other variable the loop writes is state of another kind.
  llvm::SmallPtrSet<const VarDecl *, 4> Walk;
  QualType Element;
  bool Foreign = false;
  auto ScanCond = [&](const Stmt *S, auto &Self) -> void {
    if (!S || Foreign)
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && Written(V)) {
        if (!IsWalker(V))
          Foreign = true;
        else if (Walk.insert(V).second && Element.isNull())
          Element = ElementOf(V);
      }
    for (const Stmt *C : S->children())
      Self(C, Self);
  };
  if (!Forever) {
    ScanCond(CondE, ScanCond);
  } else {
    // The state of an unconditional loop: what it writes and did not declare.
    llvm::SmallPtrSet<const VarDecl *, 8> Declared;
    auto Declare = [&](const Stmt *S, auto &Self) -> void {
      if (!S || isa<LambdaExpr>(S))
        return;
      if (const auto *DS = dyn_cast<DeclStmt>(S))
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D))
            Declared.insert(V);
      for (const Stmt *C : S->children())
        Self(C, Self);
    };
    Declare(Body, Declare);
    Declare(Inc, Declare);
    for (const VarWrite &W : Writes)
      if (!Declared.contains(W.Var)) {
        if (!IsWalker(W.Var))
          Foreign = true;
        else if (Walk.insert(W.Var).second && Element.isNull())
          Element = ElementOf(W.Var);
      }
  }
  if (Foreign || Walk.empty())
    return {};
  // Pointers assigned from the walk's pointers join it (`n = p_right`).
  for (bool Grew = true; Grew;) {
    Grew = false;
    for (const VarWrite &W : Writes)
      if (W.Value && IsWalker(W.Var) && !Walk.contains(W.Var) &&
          mentionsAny(W.Value, Walk)) {
        Walk.insert(W.Var);
        Grew = true;
      }
  }
  bool Moves = false;
  int Direction = 0;
  for (const VarWrite &W : Writes) {
    if (!Walk.contains(W.Var))
      continue;
    if (int Step = iteratorStep(W)) {
      if (Direction && Step != Direction)
        return {}; // back and forth: not one pass
      Direction = Step;
      Moves = true;
      continue;
    }
    // `p++`, `p += n`, `p = head`: arithmetic over an array, or a restart.
    if (!W.Value || !mentionsAny(W.Value, Walk))
      return {};
    const Expr *R = W.Value->IgnoreParenImpCasts();
    if (const auto *Copy = dyn_cast<CXXConstructExpr>(R);
        Copy && Copy->getNumArgs() == 1 && Copy->getConstructor() &&
        (Copy->getConstructor()->isCopyOrMoveConstructor()))
      R = Copy->getArg(0)->IgnoreParenImpCasts();
    if (const auto *Arith = dyn_cast<BinaryOperator>(R);
        Arith && Arith->isAdditiveOp())
      return {};
    if (const auto *DRE = dyn_cast<DeclRefExpr>(R);
        DRE && isa<VarDecl>(DRE->getDecl()))
      continue; // a copy between walk variables
    if (!IsNodePointer(W.Var))
      return {}; // an iterator set from a computation: a jump, not a step
    Moves = true;
  }
  return Moves ? Element : QualType();
}
} // namespace

bool CostModel::linearScanAt(const Stmt *Loop, ASTContext &Ctx,
                             unsigned Budget) {
  QualType Element;
  const Stmt *Body = nullptr;
  if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop)) {
    if (!R->getLoopVariable())
      return false;
    Element = R->getLoopVariable()->getType();
    Body = R->getBody();
  } else if (const auto *F = dyn_cast<ForStmt>(Loop)) {
    if (const Expr *Container = boundingContainer(F))
      Element = elementTypeOf(Container, Ctx);
    else if (!F->getConditionVariable())
      // `for (p = first(n); p; p = right(p))`
      Element = linkWalkElementType(F->getCond(), F->getInc(), F->getBody(),
                                    Ctx);
    if (Element.isNull())
      return false;
    Body = F->getBody();
  } else if (const auto *W = dyn_cast<WhileStmt>(Loop)) {
    // A drain: `while (q.size() > limit) q.pop_front();` removes an element
    // per iteration, so it ends within one pass over the container.
    if (const Expr *Container = drainedContainerOf(W))
      Element = elementTypeOf(Container, Ctx);
    else if (W->getConditionVariable())
      Element = poppedElementType(W); // `while (T *p = q.front()) q.pop();`
    else
      Element = linkWalkElementType(W->getCond(), nullptr, W->getBody(),
                                    Ctx); // `while (p) p = p->next;`
    if (Element.isNull())
      return false;
    Body = W->getBody();
  } else {
    return false; // do loops are not scans over a container
  }
  if (!Body || isDataElement(Element))
    return false;
  return constantWorkPerIteration(Body, Ctx, Budget);
}

bool CostModel::constantWorkPerIteration(const Stmt *Body, ASTContext &Ctx,
                                         unsigned Budget) {
  if (isLoop(Body))
    return false;
  llvm::SmallVector<const Stmt *, 2> Inner;
  collectInnerLoops(Body, Inner);
  // A loop that runs at most once (the `do { ... } while (false)` of an
  // assertion macro) is a statement, not an inner loop.
  if (llvm::any_of(Inner, [&](const Stmt *L) {
        auto N = loopConstantTripCount(L, Ctx);
        return !N || *N > 1;
      }))
    return false;
  // Nothing heavy in the body, even counting the scans in the functions it
  // calls as heavy.
  return !heavyIn(Body, Ctx, Budget, {}, nullptr, /*Strict=*/true);
}

namespace {
/// A string literal (through the conversions that make a std::string or a
/// string_view of it) of at most \p Limit characters.
bool isShortLiteralString(const Expr *E, unsigned Limit) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *SL = dyn_cast<StringLiteral>(E))
      return SL->getLength() <= Limit;
    if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
      E = MT->getSubExpr();
    else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(E))
      E = BT->getSubExpr();
    else if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      E = FC->getSubExpr();
    else if (const auto *CE = dyn_cast<CXXConstructExpr>(E);
             CE && CE->getNumArgs() >= 1)
      E = CE->getArg(0);
    else
      return false;
  }
  return false;
}
} // namespace

bool CostModel::stringScanAt(const Stmt *Loop, ASTContext &Ctx,
                             unsigned Budget) {
  if (!scannedString(Loop) && !scannedCharRange(Loop))
    return false;
  const Stmt *Body = loopBody(Loop);
  // Constant work per character.
  return Body && constantWorkPerIteration(Body, Ctx, Budget);
}

bool CostModel::isLinearScan(const Stmt *Loop, ASTContext &Ctx) {
  reset(Ctx);
  if (!isLoop(Loop) || constantTripCount(Loop, Ctx))
    return false;
  return linearScanAt(Loop, Ctx, Opts.CallDepth);
}

const CostEvidence *CostModel::heavyFunction(const FunctionDecl *FD,
                                             ASTContext &Ctx) {
  reset(Ctx);
  const FunctionDecl *Def = definitionOf(FD);
  if (!Def || inSystemHeader(Def, Ctx) || isCoroutineFunction(Def))
    return nullptr;
  auto [It, New] = FunctionMemo.try_emplace(Def);
  if (New) {
    const FactSummary &S = Heavy.get(Def);
    if (S.Holds && (Opts.CallDepth == UnlimitedCallDepth ||
                    S.Depth <= Opts.CallDepth)) {
      CostEvidence Ev = chainEvidence(nullptr, Def, false, Ctx);
      Ev.Chain.erase(Ev.Chain.begin()); // FD's own body is the analysed code
      It->second = std::move(Ev);
    }
  }
  return It->second ? &*It->second : nullptr;
}

namespace {
/// Whether \p E mentions one of \p Vars.
bool mentionsAny(const Stmt *E,
                 const llvm::SmallPtrSetImpl<const VarDecl *> &Vars) {
  if (!E)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      return Vars.contains(V);
  for (const Stmt *C : E->children())
    if (mentionsAny(C, Vars))
      return true;
  return false;
}

/// The positive constant value of \p E, when it is one.
std::optional<uint64_t> positiveConstant(const Expr *E, const ASTContext &Ctx) {
  std::optional<int64_t> V = constantIntValue(E, Ctx);
  if (!V || *V <= 0)
    return std::nullopt;
  return static_cast<uint64_t>(*V);
}

enum class Step { None, Halves, Doubles };

/// How \p E, a new value of a loop's control variable, relates to the values
/// in \p From (the variable and what the body derives from it): divided by
/// a constant of at least 2 (`(i - 1) / 2`, `i >> 1`) or multiplied by one
/// (`i * 2 + 1`, `i << 1`), give or take a constant.
Step geometricStep(const Expr *E,
                   const llvm::SmallPtrSetImpl<const VarDecl *> &From,
                   const ASTContext &Ctx) {
  E = E->IgnoreParenImpCasts();
  const auto *BO = dyn_cast<BinaryOperator>(E);
  if (!BO)
    return Step::None;
  const Expr *L = BO->getLHS(), *R = BO->getRHS();
  switch (BO->getOpcode()) {
  case BO_Div:
    if (auto K = positiveConstant(R, Ctx); K && *K >= 2 && mentionsAny(L, From))
      return Step::Halves;
    return Step::None;
  case BO_Shr:
    if (positiveConstant(R, Ctx) && mentionsAny(L, From))
      return Step::Halves;
    return Step::None;
  case BO_Mul:
    if (auto K = positiveConstant(R, Ctx); K && *K >= 2 && mentionsAny(L, From))
      return Step::Doubles;
    if (auto K = positiveConstant(L, Ctx); K && *K >= 2 && mentionsAny(R, From))
      return Step::Doubles;
    return Step::None;
  case BO_Shl:
    if (positiveConstant(R, Ctx) && mentionsAny(L, From))
      return Step::Doubles;
    return Step::None;
  case BO_Add:
  case BO_Sub:
    if (constantIntValue(R, Ctx))
      return geometricStep(L, From, Ctx);
    if (BO->getOpcode() == BO_Add && constantIntValue(L, Ctx))
      return geometricStep(R, From, Ctx);
    return Step::None;
  default:
    return Step::None;
  }
}

/// The writes to variables in \p S (outside lambdas): `v = e`, `v op= e`,
/// `++v`, and the initialisers of variables declared there.
/// A loop whose control variable moves geometrically: every iteration
/// divides it by at least 2 (`while (i > 0) { ...; i = (i - 1) / 2; }`, a heap
/// sift up, `for (; n; n >>= 1)`) or multiplies it by at least 2 against a
/// bound (`while (c < n) { ...; c = i * 2 + 1; }` with i taken from c, a heap
/// sift down). An integer variable takes at most its width in such steps, so
/// the loop runs at most 64 times, whatever the data: a walk of logarithmic
/// length, not CPU-bound. The variable must be an integer that the condition
/// reads and whose every write in the body is such a step; the values the
/// body computes from it (`parent = (i - 1) / 2`, `m = c or c + 1`) count as
/// the variable. (A trip-count rule: it belongs next to LoopBounds.h's.)
bool isLogarithmicLoop(const Stmt *Loop, const ASTContext &Ctx) {
  const Expr *Cond = nullptr;
  const Stmt *Body = loopBody(Loop);
  const Stmt *Inc = nullptr;
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    Cond = W->getCond();
  else if (const auto *F = dyn_cast<ForStmt>(Loop)) {
    Cond = F->getCond();
    Inc = F->getInc();
  } else if (const auto *D = dyn_cast<DoStmt>(Loop))
    Cond = D->getCond();
  if (!Cond || !Body)
    return false;
  // `i > 0 || more()`: the geometric variable alone does not end the loop.
  bool Disjunction = false;
  auto FindOr = [&](const Stmt *S, auto &Self) -> void {
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->getOpcode() == BO_LOr)
      Disjunction = true;
    for (const Stmt *C : S->children())
      if (C)
        Self(C, Self);
  };
  FindOr(Cond, FindOr);
  if (Disjunction)
    return false;
  llvm::SmallVector<VarWrite, 8> Writes;
  collectWrites(Body, Writes);
  collectWrites(Inc, Writes);
  llvm::SmallVector<const VarDecl *, 4> Candidates;
  auto Collect = [&](const Stmt *S, auto &Self) -> void {
    if (!S)
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
          V && V->getType()->isIntegerType() &&
          !V->getType()->isBooleanType() && !llvm::is_contained(Candidates, V))
        Candidates.push_back(V);
    for (const Stmt *C : S->children())
      Self(C, Self);
  };
  Collect(Cond, Collect);
  for (const VarDecl *V : Candidates) {
    // The variable and the values derived from it in the body.
    llvm::SmallPtrSet<const VarDecl *, 8> From;
    From.insert(V);
    for (bool Grew = true; Grew;) {
      Grew = false;
      for (const VarWrite &Wr : Writes) {
        if (Wr.Var == V || From.contains(Wr.Var) || !Wr.Value ||
            !mentionsAny(Wr.Value, From))
          continue;
        // Every write of the value must derive from the variable.
        if (llvm::all_of(Writes, [&](const VarWrite &P) {
              return P.Var != Wr.Var || (P.Value && mentionsAny(P.Value, From));
            })) {
          From.insert(Wr.Var);
          Grew = true;
        }
      }
    }
    Step Dir = Step::None;
    bool Ok = true;
    unsigned Steps = 0;
    auto Note = [&](Step St) {
      if (St == Step::None || (Dir != Step::None && St != Dir))
        return false;
      Dir = St;
      ++Steps;
      return true;
    };
    for (const VarWrite &Wr : Writes) {
      if (Wr.Var != V)
        continue;
      const auto *BO = dyn_cast<BinaryOperator>(Wr.Write);
      if (!BO || !BO->isAssignmentOp()) {
        Ok = false; // ++i, --i: linear
        break;
      }
      Step St = Step::None;
      switch (BO->getOpcode()) {
      case BO_Assign: {
        const Expr *R = BO->getRHS()->IgnoreParenImpCasts();
        St = geometricStep(R, From, Ctx);
        // `i = parent` with `parent = (i - 1) / 2` (or `c = k * 2 + 1`, k
        // derived from c): the step of the value assigned.
        if (St == Step::None)
          if (const auto *DRE = dyn_cast<DeclRefExpr>(R))
            if (const auto *P = dyn_cast<VarDecl>(DRE->getDecl());
                P && P != V && From.contains(P)) {
              Step PS = Step::None;
              bool Same = true;
              for (const VarWrite &P2 : Writes)
                if (P2.Var == P) {
                  Step Q = P2.Value ? geometricStep(P2.Value, From, Ctx)
                                    : Step::None;
                  if (Q == Step::None || (PS != Step::None && Q != PS))
                    Same = false;
                  PS = Q;
                }
              if (Same)
                St = PS;
            }
        break;
      }
      case BO_DivAssign:
        if (auto K = positiveConstant(BO->getRHS(), Ctx); K && *K >= 2)
          St = Step::Halves;
        break;
      case BO_ShrAssign:
        if (positiveConstant(BO->getRHS(), Ctx))
          St = Step::Halves;
        break;
      case BO_MulAssign:
        if (auto K = positiveConstant(BO->getRHS(), Ctx); K && *K >= 2)
          St = Step::Doubles;
        break;
      case BO_ShlAssign:
        if (positiveConstant(BO->getRHS(), Ctx))
          St = Step::Doubles;
        break;
      default:
        break;
      }
      if (!Note(St)) {
        Ok = false;
        break;
      }
    }
    if (Ok && Steps > 0)
      return true;
  }
  return false;
}
} // namespace

struct CostModel::Walker {
  CostModel &M;
  ASTContext &Ctx;
  /// Calls that may still be followed; UnlimitedCallDepth for any.
  unsigned Budget;
  const Filter &F;
  std::vector<CostEvidence> *All;
  bool Strict;
  /// Collecting the sites of a callee's body for a summary table instead of
  /// finding evidence: calls become sites whatever their callee does.
  llvm::SmallVectorImpl<Site> *Sites = nullptr;
  std::optional<CostEvidence> First;

  bool done() const {
    if (Sites)
      return !Sites->empty() && Sites->back().Root;
    return !All && First.has_value();
  }

  /// Records accepted evidence; returns whether it was accepted.
  bool offer(CostEvidence Ev) {
    if (F.Accept && !F.Accept(Ev))
      return false;
    if (All)
      All->push_back(Ev);
    if (!First)
      First = std::move(Ev);
    return true;
  }

  bool loopIsHeavy(const Stmt *L, std::optional<uint64_t> &Trips) {
    if (isAtomicRetryOrSpin(L))
      return false; // the loops and calls inside are found on their own
    if (isCoroutineSchedulingLoop(L))
      return false; // resuming waiters: their work is charged where written
    if (isLogarithmicLoop(L, Ctx))
      return false; // at most 64 geometric steps; the inner code on its own
    std::optional<uint64_t> Own = constantTripCount(L, Ctx);
    if (Own) {
      Trips = nestTripCount(L, Ctx);
      if (!Trips || *Trips <= M.Opts.SmallTripCount)
        return false; // the unknown inner loop is found on its own
    } else {
      Trips.reset();
      if (!Strict && !M.Opts.LinearScansAreHeavy &&
          M.linearScanAt(L, Ctx, Budget))
        return false; // one pass, constant work per element
      const Expr *Str = scannedString(L);
      if (!Str)
        Str = scannedCharRange(L); // the end of a range of characters
      if (Str) {
        // One pass over one string: its length is the cost. In a callee
        // the string is whatever its caller passed or it stores, whose
        // size the summary cannot show (silence); in the analysed code it
        // is charged unless it is a short literal.
        if ((Sites || isShortLiteralString(Str, M.Opts.SmallTripCount)) &&
            M.stringScanAt(L, Ctx, Budget))
          return false;
      }
    }
    return !M.nonCpuAt(L, Ctx, Budget);
  }

  void visit(const Stmt *S) {
    if (!S || done())
      return;
    if (F.Skip && F.Skip(S))
      return;
    if (isa<LambdaExpr>(S))
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      // The initialiser of a function-local static (or thread_local) runs
      // once, on the first call (per thread): amortised over every call,
      // it is not the declaring code's work per call.
      bool HasStatic = llvm::any_of(DS->decls(), [](const Decl *D) {
        const auto *V = dyn_cast<VarDecl>(D);
        return V && V->isStaticLocal();
      });
      if (HasStatic) {
        for (const Decl *D : DS->decls())
          if (const auto *V = dyn_cast<VarDecl>(D);
              V && !V->isStaticLocal() && V->getInit()) {
            visit(V->getInit());
            if (done())
              return;
          }
        return;
      }
    }
    if (isLoop(S)) {
      std::optional<uint64_t> Trips;
      if (loopIsHeavy(S, Trips)) {
        if (Sites) {
          Sites->push_back(Site::root(S));
          return;
        }
        CostEvidence Ev;
        Ev.Kind = CostEvidence::RootKind::Loop;
        Ev.Root = S;
        Ev.TripCount = Trips;
        if (offer(std::move(Ev)))
          return;
      }
    } else if (const auto *E = dyn_cast<Expr>(S);
               E && (isa<CallExpr>(E) || isa<CXXConstructExpr>(E))) {
      if (std::optional<std::string> Name = M.heavyCallName(E, Ctx)) {
        if (Sites) {
          Sites->push_back(Site::root(E));
          return;
        }
        CostEvidence Ev;
        Ev.Kind = CostEvidence::RootKind::HeavyCall;
        Ev.Root = E;
        Ev.HeavyName = std::move(*Name);
        if (offer(std::move(Ev)) && !All)
          return;
      } else if (isIteratorStep(E) || isNodeErase(E)) {
        // `++it` on an iterator, `c.erase(it)` on a node-based container:
        // amortised constant, whatever walk the increment or the unlinking
        // makes (the next node of a tree, its rebalancing); the loop
        // stepping or erasing is judged as the pass it is.
      } else if (nonCpuHere(E, M.NonCpuNames)) {
        // A call that suspends, blocks or does I/O (printing a message,
        // running the event loop's own dispatch) waits; whatever loops its
        // implementation runs are not the caller's CPU work.
      } else if (const FunctionDecl *Def = heavyCallee(E, Ctx)) {
        if (Sites) {
          Sites->push_back(Site::call(E, Def));
        } else if (Budget > 0 &&
                   M.heavyTable(Strict).holdsWithin(Def, Budget - 1)) {
          if (offer(M.chainEvidence(E, Def, Strict, Ctx)) && !All)
            return;
        }
      }
    }
    for (const Stmt *Child : evaluatedChildren(S)) {
      visit(Child);
      if (done())
        return;
    }
  }
};

llvm::SmallVector<Site, 8> CostModel::heavySites(const FunctionDecl *Def,
                                                 bool Strict) {
  llvm::SmallVector<Site, 8> Out;
  Filter None;
  Walker W{*this, Def->getASTContext(), UnlimitedCallDepth, None, nullptr,
           Strict, &Out, std::nullopt};
  W.visit(Def->getBody());
  return Out;
}

std::optional<CostEvidence> CostModel::heavyIn(const Stmt *S, ASTContext &Ctx,
                                               unsigned Budget, const Filter &F,
                                               std::vector<CostEvidence> *All,
                                               bool Strict) {
  Walker W{*this, Ctx, Budget, F, All, Strict, nullptr, std::nullopt};
  W.visit(S);
  return std::move(W.First);
}

std::optional<CostEvidence> CostModel::findHeavy(const Stmt *S,
                                                 ASTContext &Ctx, Filter F) {
  reset(Ctx);
  return heavyIn(S, Ctx, Opts.CallDepth, F, nullptr, /*Strict=*/false);
}

std::vector<CostEvidence> CostModel::findAllHeavy(const Stmt *S,
                                                  ASTContext &Ctx, Filter F) {
  reset(Ctx);
  std::vector<CostEvidence> All;
  heavyIn(S, Ctx, Opts.CallDepth, F, &All, /*Strict=*/false);
  return All;
}

} // namespace clang::tidy::conclint::utils
