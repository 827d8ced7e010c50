//===-- CoroutineContext.cpp - where a coroutine's code runs --------------===//

#include "CoroutineContext.h"

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

const Expr *strip(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    E = E->IgnoreImplicit()->IgnoreParens();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
      if (CE->getNumArgs() == 1 && !isa<CXXTemporaryObjectExpr>(CE))
        E = CE->getArg(0);
    if (E == Prev)
      break;
  }
  return E;
}

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

unsigned writtenArgs(const CallExpr *C) {
  unsigned N = C->getNumArgs();
  while (N > 0 && isa<CXXDefaultArgExpr>(C->getArg(N - 1)))
    --N;
  return N;
}

} // namespace

namespace {
/// Does the type of \p E (an executor or execution context) name one of
/// \p Names, directly, as the class around a nested executor type, or
/// through a strand over it?
bool executorNamed(const Expr *E, std::initializer_list<llvm::StringRef> Names) {
  const CXXRecordDecl *RD = recordOf(strip(E)->getType());
  for (int Depth = 0; RD && Depth < 4; ++Depth) {
    if (llvm::is_contained(Names, RD->getName()))
      return true;
    if (RD->getName() == "strand")
      if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
        if (Spec->getTemplateArgs().size() >= 1 &&
            Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type) {
          RD = recordOf(Spec->getTemplateArgs()[0].getAsType());
          continue;
        }
    // io_context::executor_type is basic_executor_type nested in io_context.
    RD = dyn_cast<CXXRecordDecl>(RD->getDeclContext());
  }
  return false;
}
} // namespace

bool isEventLoopExecutor(const Expr *E) {
  return E && executorNamed(E, {"io_context", "io_service"});
}

bool isThreadPoolExecutor(const Expr *E) {
  return E && executorNamed(E, {"thread_pool", "static_thread_pool"});
}

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
  walk(userBody(Coroutine), nullptr);
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

bool CoroutineSwitchAnalysis::within(const Stmt *Inner,
                                     const Stmt *Outer) const {
  auto I = Index.find(Inner), O = Index.find(Outer);
  if (I == Index.end() || O == Index.end())
    return false;
  return O->second.Enter <= I->second.Enter && I->second.Enter < O->second.Exit;
}

namespace {
/// Is \p Child a part of \p P that runs only on some paths (or repeatedly)?
bool isConditionalPart(const Stmt *P, const Stmt *Child,
                       const llvm::DenseMap<const Stmt *, const Stmt *> &Par) {
  if (const auto *If = dyn_cast<IfStmt>(P))
    return Child == If->getThen() || Child == If->getElse();
  if (const auto *W = dyn_cast<WhileStmt>(P))
    return Child == W->getBody();
  if (const auto *F = dyn_cast<ForStmt>(P))
    return Child == F->getBody() || Child == F->getInc();
  if (const auto *R = dyn_cast<CXXForRangeStmt>(P))
    return Child == R->getBody();
  if (const auto *Sw = dyn_cast<SwitchStmt>(P))
    return Child == Sw->getBody();
  if (const auto *CO = dyn_cast<ConditionalOperator>(P))
    return Child == CO->getTrueExpr() || Child == CO->getFalseExpr();
  if (const auto *BCO = dyn_cast<BinaryConditionalOperator>(P))
    return Child == BCO->getFalseExpr();
  if (const auto *BO = dyn_cast<BinaryOperator>(P))
    return BO->isLogicalOp() && Child == BO->getRHS();
  if (isa<CXXTryStmt>(P))
    return isa<CXXCatchStmt>(Child);
  // Statements of a switch body: each case is a branch of its own.
  if (isa<CompoundStmt>(P))
    if (const Stmt *Up = Par.lookup(P))
      if (const auto *Sw = dyn_cast<SwitchStmt>(Up))
        return Sw->getBody() == P;
  return false;
}

bool isLoopBodyPart(const Stmt *P, const Stmt *Child) {
  if (const auto *W = dyn_cast<WhileStmt>(P))
    return Child == W->getBody() || Child == W->getCond();
  if (const auto *D = dyn_cast<DoStmt>(P))
    return Child == D->getBody() || Child == D->getCond();
  if (const auto *F = dyn_cast<ForStmt>(P))
    return Child == F->getBody() || Child == F->getInc() ||
           Child == F->getCond();
  if (const auto *R = dyn_cast<CXXForRangeStmt>(P))
    return Child == R->getBody();
  return false;
}
} // namespace

CoroutineSwitchAnalysis::PathRelation
CoroutineSwitchAnalysis::relation(const AwaitPoint &A, const Stmt *S) const {
  const Stmt *Child = A.E;
  PathRelation R = PathRelation::Always;
  for (const Stmt *P = Parents.lookup(Child); P;
       Child = P, P = Parents.lookup(P)) {
    if (!isConditionalPart(P, Child, Parents) || within(S, Child))
      continue;
    // The other arm of the same if or ?: never runs before S.
    if (const auto *If = dyn_cast<IfStmt>(P))
      if (within(S, If->getThen()) || within(S, If->getElse()))
        return PathRelation::Never;
    if (const auto *CO = dyn_cast<ConditionalOperator>(P))
      if (within(S, CO->getTrueExpr()) || within(S, CO->getFalseExpr()))
        return PathRelation::Never;
    R = PathRelation::Sometimes;
  }
  return R;
}

const Expr *CoroutineSwitchAnalysis::switchedBy(const Stmt *S) const {
  auto It = Index.find(S);
  if (It == Index.end())
    return nullptr;
  const unsigned SEnter = It->second.Enter;

  // Events in path order: awaits that finish before S, and for each loop
  // around S the back edge (awaits of the loop that do not precede S).
  struct Event {
    unsigned Pos;
    int Order; // awaits before loop heads at the same position
    const AwaitPoint *Await;
    const Stmt *Loop;
  };
  llvm::SmallVector<Event, 16> Events;
  for (const AwaitPoint &A : Awaits)
    if (A.Exit <= SEnter)
      Events.push_back({A.Exit, 0, &A, nullptr});
  const Stmt *Child = S;
  for (const Stmt *P = Parents.lookup(S); P; Child = P, P = Parents.lookup(P))
    if (isLoopBodyPart(P, Child))
      Events.push_back({Index.lookup(P).Enter, 1, nullptr, P});
  llvm::stable_sort(Events, [](const Event &L, const Event &R) {
    return std::tie(L.Pos, L.Order) < std::tie(R.Pos, R.Order);
  });

  const Expr *Switch = nullptr;
  for (const Event &E : Events) {
    if (E.Loop) {
      for (const AwaitPoint &A : Awaits)
        if (A.Exit > SEnter && A.Kind == AwaitKind::Ordinary &&
            within(A.E, E.Loop))
          Switch = nullptr;
      continue;
    }
    const AwaitPoint &A = *E.Await;
    if (A.Kind == AwaitKind::Neutral)
      continue;
    PathRelation Rel = relation(A, S);
    if (Rel == PathRelation::Never)
      continue;
    if (A.Kind == AwaitKind::ThreadSwitch) {
      if (Rel == PathRelation::Always)
        Switch = A.E;
    } else {
      Switch = nullptr;
    }
  }
  return Switch;
}

} // namespace clang::tidy::conclint::utils
