//===-- CoroutineContext.cpp - where a coroutine's code runs --------------===//

#include "CoroutineContext.h"
#include "ExprShapes.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ParentMapContext.h"
#include "llvm/ADT/STLExtras.h"
#include <algorithm>

namespace clang::tidy::conclint::utils {

const char DefaultThreadSwitchAwaitables[] =
    "::asio::post(::asio::bind_executor);"
    "::asio::dispatch(::asio::bind_executor);"
    "::asio::defer(::asio::bind_executor);"
    "resume_on;schedule";

namespace {

bool holdsCoroutineKeyword(const Stmt *S) {
  if (!S)
    return false;
  if (isa<CoroutineSuspendExpr, DependentCoawaitExpr, CoreturnStmt>(S))
    return true;
  if (isa<LambdaExpr>(S))
    return false; // a nested lambda's keywords are its own
  for (const Stmt *C : S->children())
    if (holdsCoroutineKeyword(C))
      return true;
  return false;
}

const Expr *strip(const Expr *E) { return stripValueWrappers(E); }

/// The declaration a call (resolved or not) names, if any.
const NamedDecl *calleeOf(const Expr *E) {
  E = strip(E);
  const Expr *Callee = nullptr;
  if (const auto *C = dyn_cast<CallExpr>(E)) {
    if (const Decl *D = C->getCalleeDecl())
      if (const auto *ND = dyn_cast<NamedDecl>(D))
        return ND;
    Callee = C->getCallee()->IgnoreParenImpCasts();
  } else if (const auto *U = dyn_cast<CXXUnresolvedConstructExpr>(E)) {
    (void)U;
    return nullptr;
  }
  if (!Callee)
    return nullptr;
  if (const auto *ULE = dyn_cast<UnresolvedLookupExpr>(Callee)) {
    if (ULE->getNumDecls() > 0)
      return (*ULE->decls_begin())->getUnderlyingDecl();
    return nullptr;
  }
  if (const auto *UME = dyn_cast<UnresolvedMemberExpr>(Callee)) {
    if (UME->getNumDecls() > 0)
      return (*UME->decls_begin())->getUnderlyingDecl();
    return nullptr;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Callee))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(Callee))
    return ME->getMemberDecl();
  return nullptr;
}

/// The member name of a call through a dependent member expression
/// (`pool.schedule()` with a dependent `pool`).
llvm::StringRef dependentMemberName(const Expr *E) {
  if (const auto *C = dyn_cast<CallExpr>(strip(E)))
    if (const auto *M = dyn_cast<CXXDependentScopeMemberExpr>(
            C->getCallee()->IgnoreParenImpCasts()))
      if (M->getMember().isIdentifier())
        return M->getMember().getAsIdentifierInfo()->getName();
  return {};
}

bool callMatches(const Expr *E, llvm::StringRef Text) {
  NamePattern Pattern(Text);
  if (const NamedDecl *D = calleeOf(E))
    return Pattern.matches(D);
  llvm::StringRef M = dependentMemberName(E);
  return !M.empty() && !Pattern.isQualified() && Pattern.matchesNames("", M);
}

const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  return T.getNonReferenceType()->getAsCXXRecordDecl();
}

/// `co_await asio::this_coro::executor` and friends do not suspend.
bool isNeutralAwaitable(const Expr *Operand) {
  const CXXRecordDecl *RD = recordOf(strip(Operand)->getType());
  if (!RD)
    return false;
  if (const auto *NS = dyn_cast<NamespaceDecl>(RD->getDeclContext()))
    return NS->getName() == "this_coro";
  return false;
}

} // namespace

bool isCoroutine(const FunctionDecl *FD) {
  if (!FD)
    return false;
  const Stmt *Body = FD->getBody();
  if (!Body)
    return false;
  if (isa<CoroutineBodyStmt>(Body))
    return true;
  // Sema wraps dependent bodies too, but keep to the definition's words.
  return FD->isDependentContext() && holdsCoroutineKeyword(Body);
}

const Stmt *userBody(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  const Stmt *Body = FD->getBody();
  if (const auto *CB = dyn_cast_or_null<CoroutineBodyStmt>(Body))
    return CB->getBody();
  return Body;
}

const FunctionDecl *enclosingCoroutine(const Stmt *S, ASTContext &Ctx) {
  if (!S)
    return nullptr;
  DynTypedNode Node = DynTypedNode::create(*S);
  for (unsigned Depth = 0; Depth < 1024; ++Depth) {
    auto Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return nullptr;
    DynTypedNode Up = Parents[0];
    if (const auto *L = Up.get<LambdaExpr>()) {
      // A capture's initialiser belongs to the enclosing function.
      const Expr *From = Node.get<Expr>();
      if (!From || !llvm::is_contained(L->capture_inits(), From)) {
        const CXXMethodDecl *Op = L->getCallOperator();
        return isCoroutine(Op) ? Op : nullptr;
      }
    }
    if (const auto *FD = Up.get<FunctionDecl>())
      return isCoroutine(FD) ? FD : nullptr;
    if (Up.get<CXXRecordDecl>())
      return nullptr;
    Node = Up;
  }
  return nullptr;
}

std::string coroutineDisplayName(const FunctionDecl *FD) {
  if (!FD)
    return "";
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    if (MD->getParent()->isLambda())
      return "lambda";
    return MD->getParent()->getNameAsString() + "::" + MD->getNameAsString();
  }
  return FD->getNameAsString();
}

std::vector<AwaitablePattern> parseAwaitablePatterns(llvm::StringRef S) {
  std::vector<AwaitablePattern> Out;
  llvm::SmallVector<llvm::StringRef, 8> Items;
  S.split(Items, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef Item : Items) {
    Item = Item.trim();
    if (Item.empty())
      continue;
    AwaitablePattern P;
    size_t Open = Item.find('(');
    if (Open != llvm::StringRef::npos && Item.ends_with(")")) {
      P.Callee = Item.take_front(Open).trim().str();
      P.Inner = Item.slice(Open + 1, Item.size() - 1).trim().str();
    } else {
      P.Callee = Item.str();
    }
    if (!P.Callee.empty())
      Out.push_back(std::move(P));
  }
  return Out;
}

AwaitKind classifyAwait(const Expr *Suspend,
                        llvm::ArrayRef<AwaitablePattern> Patterns) {
  const Expr *Operand = nullptr;
  if (const auto *CA = dyn_cast_or_null<CoawaitExpr>(Suspend))
    Operand = CA->getOperand();
  else if (const auto *DA = dyn_cast_or_null<DependentCoawaitExpr>(Suspend))
    Operand = DA->getOperand();
  if (!Operand)
    return AwaitKind::Ordinary; // co_yield, or nothing to look at
  if (isNeutralAwaitable(Operand))
    return AwaitKind::Neutral;
  const Expr *Call = strip(Operand);
  if (!isa<CallExpr>(Call))
    return AwaitKind::Ordinary;
  for (const AwaitablePattern &P : Patterns) {
    if (!callMatches(Call, P.Callee))
      continue;
    if (P.Inner.empty())
      return AwaitKind::ThreadSwitch;
    const auto *C = cast<CallExpr>(Call);
    if (writtenArgs(C) == 0)
      continue;
    const Expr *First = strip(C->getArg(0));
    if (!isa<CallExpr>(First) || !callMatches(First, P.Inner))
      continue;
    // bind_executor(io_context, ...) binds to an event loop: no switch.
    const auto *InnerCall = cast<CallExpr>(First);
    if (writtenArgs(InnerCall) >= 1 && isEventLoopExecutor(InnerCall->getArg(0)))
      continue;
    return AwaitKind::ThreadSwitch;
  }
  return AwaitKind::Ordinary;
}

CoroutineSwitchAnalysis::CoroutineSwitchAnalysis(
    const FunctionDecl *Coroutine, llvm::ArrayRef<AwaitablePattern> Patterns)
    : Coro(Coroutine), Patterns(Patterns.begin(), Patterns.end()) {
  const Stmt *Body = userBody(Coroutine);
  walk(Body, nullptr);
  AwaitsBefore.assign(Order.size() + 1, 0);
  for (const AwaitPoint &A : Awaits) {
    AwaitKinds[A.E] = A.Kind;
    ++AwaitsBefore[A.Enter + 1];
  }
  for (size_t I = 1; I < AwaitsBefore.size(); ++I)
    AwaitsBefore[I] += AwaitsBefore[I - 1];
  SwitchAt.assign(Order.size(), nullptr);
  if (Body)
    flow(Body, nullptr);
}

void CoroutineSwitchAnalysis::walk(const Stmt *S, const Stmt *Parent) {
  if (!S)
    return;
  // The same node can hang under two parents (OpaqueValueExpr sources):
  // keep the first place it was seen.
  if (Index.count(S))
    return;
  unsigned Enter = Order.size();
  Order.push_back(S);
  Parents[S] = Parent;
  Index[S] = {Enter, Enter + 1};
  const Expr *Await = nullptr;
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : L->capture_inits())
      walk(Init, S);
    // A nested coroutine lambda is a coroutine of its own.
    if (!isCoroutine(L->getCallOperator()))
      walk(L->getBody(), S);
  } else if (const auto *CS = dyn_cast<CoroutineSuspendExpr>(S)) {
    walk(CS->getOperand(), S);
    if (!(isa<CoawaitExpr>(CS) && cast<CoawaitExpr>(CS)->isImplicit()))
      Await = CS;
  } else if (const auto *DA = dyn_cast<DependentCoawaitExpr>(S)) {
    walk(DA->getOperand(), S);
    Await = DA;
  } else if (const auto *CR = dyn_cast<CoreturnStmt>(S)) {
    walk(CR->getOperand(), S);
  } else if (isa<DeclStmt>(S)) {
    for (const Stmt *C : S->children())
      walk(C, S);
  } else {
    for (const Stmt *C : S->children())
      walk(C, S);
  }
  unsigned Exit = Order.size();
  Index[S] = {Enter, Exit};
  if (Await)
    Awaits.push_back({Await, classifyAwait(Await, Patterns), Enter, Exit});
}

bool CoroutineSwitchAnalysis::holdsAwait(const Stmt *S) const {
  auto It = Index.find(S);
  if (It == Index.end())
    return false;
  return AwaitsBefore[It->second.Exit] != AwaitsBefore[It->second.Enter];
}

bool CoroutineSwitchAnalysis::isChild(const Stmt *C, const Stmt *S) const {
  auto It = Parents.find(C);
  return C && It != Parents.end() && It->second == S;
}

namespace {
using SwitchState = const Expr *;
/// Both paths meet: off the loop only when off on both.
SwitchState meet(SwitchState A, SwitchState B) { return A && B ? A : nullptr; }

bool isLoopStmt(const Stmt *S) {
  return isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S);
}

/// The parts of a loop that run again on every iteration, in order.
llvm::SmallVector<const Stmt *, 4> repeatedParts(const Stmt *Loop) {
  if (const auto *W = dyn_cast<WhileStmt>(Loop))
    return {W->getConditionVariableDeclStmt(), W->getCond(), W->getBody()};
  if (const auto *D = dyn_cast<DoStmt>(Loop))
    return {D->getBody(), D->getCond()};
  if (const auto *F = dyn_cast<ForStmt>(Loop))
    return {F->getConditionVariableDeclStmt(), F->getCond(), F->getBody(),
            F->getInc()};
  const auto *R = cast<CXXForRangeStmt>(Loop);
  return {R->getCond(), R->getInc(), R->getLoopVarStmt(), R->getBody()};
}
} // namespace

void CoroutineSwitchAnalysis::fill(const Stmt *S, State In) {
  auto It = Index.find(S);
  if (It == Index.end())
    return;
  for (unsigned I = It->second.Enter; I < It->second.Exit; ++I)
    SwitchAt[I] = In;
}

// Transfers compose as: later after earlier (a constant wins over what was
// before it), and meet pointwise at joins.
CoroutineSwitchAnalysis::Transfer
CoroutineSwitchAnalysis::loopTransfer(const Stmt *Loop) {
  // One pass of the repeated parts.
  Transfer Pass;
  for (const Stmt *P : repeatedParts(Loop)) {
    if (!isChild(P, Loop))
      continue;
    Transfer T = transfer(P);
    if (!T.Identity)
      Pass = T;
  }
  // The head is reached from before the loop and from the back edge: the
  // state there is the one before the loop unless a pass always ends back on
  // the event loop.
  Transfer Head;
  if (!Pass.Identity && !Pass.Const)
    Head = Pass; // constant "on the loop"
  return Head;
}

CoroutineSwitchAnalysis::Transfer
CoroutineSwitchAnalysis::transfer(const Stmt *S) {
  Transfer Id;
  if (!S || !holdsAwait(S))
    return Id;
  if (auto It = Transfers.find(S); It != Transfers.end())
    return It->second;
  auto Seq = [](Transfer Before, Transfer After) {
    return After.Identity ? Before : After;
  };
  auto Meet = [](Transfer A, Transfer B) {
    Transfer R;
    if (!A.Identity && !B.Identity) {
      R.Identity = false;
      R.Const = meet(A.Const, B.Const);
    } else if ((!A.Identity && !A.Const) || (!B.Identity && !B.Const)) {
      R.Identity = false; // one side always ends on the loop
    }
    return R;
  };
  auto Children = [&](const Stmt *P, Transfer T) {
    for (const Stmt *C : P->children())
      if (isChild(C, P))
        T = Seq(T, transfer(C));
    return T;
  };
  Transfer R;
  if (AwaitKinds.count(dyn_cast<Expr>(S))) {
    const Expr *E = cast<Expr>(S);
    R = Children(S, Id);
    AwaitKind K = AwaitKinds.lookup(E);
    if (K == AwaitKind::ThreadSwitch)
      R = {false, E};
    else if (K == AwaitKind::Ordinary)
      R = {false, nullptr};
  } else if (const auto *If = dyn_cast<IfStmt>(S)) {
    R = Seq(Seq(transfer(If->getInit()),
                transfer(If->getConditionVariableDeclStmt())),
            transfer(If->getCond()));
    R = Seq(R, Meet(transfer(If->getThen()), transfer(If->getElse())));
  } else if (const auto *CO = dyn_cast<ConditionalOperator>(S)) {
    R = Seq(transfer(CO->getCond()),
            Meet(transfer(CO->getTrueExpr()), transfer(CO->getFalseExpr())));
  } else if (const auto *BCO = dyn_cast<BinaryConditionalOperator>(S)) {
    R = Seq(transfer(BCO->getCommon()),
            Meet(Id, transfer(BCO->getFalseExpr())));
  } else if (const auto *BO = dyn_cast<BinaryOperator>(S);
             BO && BO->isLogicalOp()) {
    R = Seq(transfer(BO->getLHS()), Meet(Id, transfer(BO->getRHS())));
  } else if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    R = transfer(Try->getTryBlock());
    Transfer Out = R;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      Out = Meet(Out, Seq(R, transfer(Try->getHandler(I))));
    R = Out;
  } else if (const auto *Sw = dyn_cast<SwitchStmt>(S)) {
    R = Seq(Seq(transfer(Sw->getInit()),
                transfer(Sw->getConditionVariableDeclStmt())),
            transfer(Sw->getCond()));
    // Any case may be entered: an await in the body may or may not run.
    Transfer Body = Id;
    if (const Stmt *B = Sw->getBody())
      for (const Stmt *C : B->children())
        if (isChild(C, B))
          Body = Meet(Body, transfer(C));
    R = Seq(R, Body);
  } else if (isLoopStmt(S)) {
    Transfer Before = Id;
    if (const auto *F = dyn_cast<ForStmt>(S))
      Before = transfer(F->getInit());
    if (const auto *RF = dyn_cast<CXXForRangeStmt>(S))
      Before = Seq(Seq(Seq(transfer(RF->getInit()),
                           transfer(RF->getRangeStmt())),
                       transfer(RF->getBeginStmt())),
                   transfer(RF->getEndStmt()));
    R = Seq(Before, loopTransfer(S));
    // Leaving the loop: after its condition (the body of a do runs first).
    if (const auto *W = dyn_cast<WhileStmt>(S))
      R = Seq(R, Seq(transfer(W->getConditionVariableDeclStmt()),
                     transfer(W->getCond())));
    else if (const auto *D = dyn_cast<DoStmt>(S))
      R = Seq(R, Seq(transfer(D->getBody()), transfer(D->getCond())));
    else if (const auto *F = dyn_cast<ForStmt>(S))
      R = Seq(R, Seq(transfer(F->getConditionVariableDeclStmt()),
                     transfer(F->getCond())));
  } else {
    R = Children(S, Id);
  }
  Transfers[S] = R;
  return R;
}

CoroutineSwitchAnalysis::State
CoroutineSwitchAnalysis::flowLoop(const Stmt *Loop, State In) {
  Transfer Head = loopTransfer(Loop);
  State Entry = Head.Identity ? In : Head.Const;
  auto Part = [&](const Stmt *P, State X) {
    return isChild(P, Loop) ? flow(P, X) : X;
  };
  if (const auto *W = dyn_cast<WhileStmt>(Loop)) {
    State X = Part(W->getCond(), Part(W->getConditionVariableDeclStmt(), Entry));
    Part(W->getBody(), X);
    return X;
  }
  if (const auto *D = dyn_cast<DoStmt>(Loop))
    return Part(D->getCond(), Part(D->getBody(), Entry));
  if (const auto *F = dyn_cast<ForStmt>(Loop)) {
    State X = Part(F->getCond(), Part(F->getConditionVariableDeclStmt(), Entry));
    Part(F->getInc(), Part(F->getBody(), X));
    return X;
  }
  const auto *R = cast<CXXForRangeStmt>(Loop);
  State X = Part(R->getCond(), Entry);
  Part(R->getBody(), Part(R->getLoopVarStmt(), Part(R->getInc(), X)));
  return X;
}

CoroutineSwitchAnalysis::State CoroutineSwitchAnalysis::flow(const Stmt *S,
                                                             State In) {
  if (!S)
    return In;
  // A case label: entered from the switch head too.
  if (isa<SwitchCase>(S) && !SwitchEntry.empty())
    In = meet(In, SwitchEntry.back());
  if (!holdsAwait(S)) {
    fill(S, In);
    return In;
  }
  SwitchAt[Index.lookup(S).Enter] = In;
  auto Seq = [&](const Stmt *P, State X) {
    for (const Stmt *C : P->children())
      if (isChild(C, P))
        X = flow(C, X);
    return X;
  };
  auto Part = [&](const Stmt *P, const Stmt *Parent, State X) {
    return isChild(P, Parent) ? flow(P, X) : X;
  };
  if (const auto *E = dyn_cast<Expr>(S); E && AwaitKinds.count(E)) {
    State X = Seq(S, In);
    switch (AwaitKinds.lookup(E)) {
    case AwaitKind::ThreadSwitch:
      return E;
    case AwaitKind::Ordinary:
      return nullptr;
    case AwaitKind::Neutral:
      return X;
    }
  }
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    State X = Part(If->getInit(), S, In);
    X = Part(If->getConditionVariableDeclStmt(), S, X);
    X = Part(If->getCond(), S, X);
    State T = Part(If->getThen(), S, X);
    State F = Part(If->getElse(), S, X);
    return meet(T, F);
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(S)) {
    State X = Part(CO->getCond(), S, In);
    return meet(Part(CO->getTrueExpr(), S, X), Part(CO->getFalseExpr(), S, X));
  }
  if (const auto *BCO = dyn_cast<BinaryConditionalOperator>(S)) {
    State X = In, F = In;
    for (const Stmt *C : S->children()) {
      if (!isChild(C, S))
        continue;
      if (C == BCO->getFalseExpr())
        F = flow(C, X);
      else
        X = flow(C, X);
    }
    return meet(X, F);
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isLogicalOp()) {
    State L = Part(BO->getLHS(), S, In);
    return meet(L, Part(BO->getRHS(), S, L));
  }
  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    State X = Part(Try->getTryBlock(), S, In);
    State Out = X;
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      Out = meet(Out, Part(Try->getHandler(I), S, X));
    return Out;
  }
  if (const auto *Sw = dyn_cast<SwitchStmt>(S)) {
    State X = Part(Sw->getInit(), S, In);
    X = Part(Sw->getConditionVariableDeclStmt(), S, X);
    X = Part(Sw->getCond(), S, X);
    SwitchEntry.push_back(X);
    State B = Part(Sw->getBody(), S, X);
    SwitchEntry.pop_back();
    return meet(X, B);
  }
  if (isLoopStmt(S)) {
    State X = In;
    if (const auto *F = dyn_cast<ForStmt>(S))
      X = Part(F->getInit(), S, X);
    if (const auto *RF = dyn_cast<CXXForRangeStmt>(S)) {
      X = Part(RF->getInit(), S, X);
      X = Part(RF->getRangeStmt(), S, X);
      X = Part(RF->getBeginStmt(), S, X);
      X = Part(RF->getEndStmt(), S, X);
    }
    return flowLoop(S, X);
  }
  return Seq(S, In);
}

const Expr *CoroutineSwitchAnalysis::switchedBy(const Stmt *S) const {
  auto It = Index.find(S);
  if (It == Index.end())
    return nullptr;
  return SwitchAt[It->second.Enter];
}

} // namespace clang::tidy::conclint::utils
