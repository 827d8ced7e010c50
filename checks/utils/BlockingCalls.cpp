//===-- BlockingCalls.cpp - the one catalogue of blocking calls -----------===//

#include "utils/BlockingCalls.h"
#include "utils/CheckOptions.h"
#include "utils/CoroutineContext.h"
#include "utils/Names.h"
#include "utils/SyncTypes.h"

#include "clang/AST/APValue.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"


namespace clang::tidy::conclint::utils {

namespace {

/// The default table: each group of patterns with its kind. The order is the
/// order of defaultFunctions().
struct Group {
  BlockingKind Kind;
  const char *Patterns;
};

const Group DefaultGroups[] = {
    {BlockingKind::Sleep,
     "::std::this_thread::sleep_for;::std::this_thread::sleep_until;"
     "::sleep;::usleep;::nanosleep;::clock_nanosleep"},
    {BlockingKind::Join,
     "::std::thread::join;::std::jthread::join;::pthread_join"},
    {BlockingKind::FutureWait,
     "::std::future::get;::std::future::wait;::std::future::wait_for;"
     "::std::future::wait_until;"
     "::std::shared_future::get;::std::shared_future::wait;"
     "::std::shared_future::wait_for;::std::shared_future::wait_until"},
    {BlockingKind::ConditionWait,
     "::std::condition_variable::wait;::std::condition_variable::wait_for;"
     "::std::condition_variable::wait_until;"
     "::std::condition_variable_any::wait;"
     "::std::condition_variable_any::wait_for;"
     "::std::condition_variable_any::wait_until;"
     "::pthread_cond_wait;::pthread_cond_timedwait"},
    {BlockingKind::Lock,
     "::std::mutex::lock;::std::timed_mutex::lock;"
     "::std::recursive_mutex::lock;::std::recursive_timed_mutex::lock;"
     "::std::shared_mutex::lock;::std::shared_mutex::lock_shared;"
     "::std::shared_timed_mutex::lock;::std::shared_timed_mutex::lock_shared"},
    {BlockingKind::SyncPrimitive,
     "::std::counting_semaphore::acquire;::std::latch::wait;"
     "::std::barrier::arrive_and_wait;::sem_wait;::sem_timedwait;"
     "::pthread_barrier_wait"},
    {BlockingKind::Io,
     "::read;::write;::pread;::readv;::recv;::recvfrom;::recvmsg;::send;"
     "::accept;::accept4;::connect;::poll;::select;::epoll_wait;::fgets;"
     "::fread;::fgetc;::getc;::getchar;::fscanf;::scanf;::getline;"
     "::getdelim;::fsync;::fdatasync;::waitpid;::system;::popen;::pclose;"
     "::std::getline;::std::operator>>;"
     "::std::basic_istream::operator>>;::std::basic_istream::read;"
     "::std::basic_istream::get;::std::basic_istream::getline;"
     "::std::basic_istream::ignore;::std::basic_istream::peek;"
     "::asio::read;::asio::write;::asio::read_until;::asio::connect;"
     "::asio::basic_stream_socket::read_some;"
     "::asio::basic_stream_socket::write_some;"
     "::asio::basic_stream_socket::receive;::asio::basic_stream_socket::send;"
     "::asio::basic_socket::connect;::asio::basic_socket_acceptor::accept;"
     "::asio::ip::basic_resolver::resolve"},
    {BlockingKind::EventLoop,
     "::asio::io_context::run;::asio::io_context::run_one;"
     "::asio::io_context::run_for;::asio::io_context::run_until;"
     "::asio::thread_pool::join;::asio::thread_pool::wait"},
};

const char DefaultSyncWait[] =
    "::std::this_thread::sync_wait;::std::execution::sync_wait;"
    "::stdexec::sync_wait;::stdexec::sync_wait_with_variant;"
    "::cppcoro::sync_wait;::folly::coro::blockingWait;::unifex::sync_wait";

const std::string &defaultFunctionList() {
  static const std::string S = [] {
    std::string Out;
    for (const Group &G : DefaultGroups) {
      if (!Out.empty())
        Out += ';';
      Out += G.Patterns;
    }
    return Out;
  }();
  return S;
}

/// The kind the default table gives \p Pattern (normalised).
std::optional<BlockingKind> defaultKind(llvm::StringRef Pattern) {
  static const llvm::StringMap<BlockingKind> Table = [] {
    llvm::StringMap<BlockingKind> T;
    for (const Group &G : DefaultGroups)
      for (const std::string &P : splitOptionList(G.Patterns))
        T[P] = G.Kind;
    return T;
  }();
  auto It = Table.find(Pattern);
  if (It == Table.end())
    return std::nullopt;
  return It->second;
}

bool isStreamReadPattern(llvm::StringRef P) {
  return P == "::std::getline" || P == "::std::operator>>" ||
         P.starts_with("::std::basic_istream::");
}

/// A std::chrono::duration argument that is a constant zero (0s, zero()).
bool isZeroDuration(const Expr *E, const ASTContext &Ctx) {
  const CXXRecordDecl *RD = E->getType()->getAsCXXRecordDecl();
  if (!RD || RD->getName() != "duration" || E->isValueDependent())
    return false;
  Expr::EvalResult R;
  if (!E->EvaluateAsRValue(R, Ctx) || !R.Val.isStruct() ||
      R.Val.getStructNumFields() < 1)
    return false;
  const APValue &Rep = R.Val.getStructField(0);
  if (Rep.isInt())
    return Rep.getInt().isZero();
  if (Rep.isFloat())
    return Rep.getFloat().isZero();
  return false;
}

using ParmList = llvm::SmallVector<const ParmVarDecl *, 2>;

void addParms(ParmList &Into, llvm::ArrayRef<const ParmVarDecl *> From) {
  for (const ParmVarDecl *P : From)
    if (!llvm::is_contained(Into, P))
      Into.push_back(P);
}

/// The body of the function that owns the local variable or parameter \p V.
const Stmt *owningBody(const VarDecl *V) {
  const auto *FD = dyn_cast<FunctionDecl>(V->getDeclContext());
  return FD ? FD->getBody() : nullptr;
}

/// Every reference to \p V in \p S (lambda bodies included).
void collectRefs(const Stmt *S, const VarDecl *V,
                 llvm::SmallVectorImpl<const DeclRefExpr *> &Out) {
  if (!S)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (DRE->getDecl() == V)
      Out.push_back(DRE);
  for (const Stmt *C : S->children())
    collectRefs(C, V, Out);
}

/// Whether the scalar local or parameter \p V is only ever read in the body
/// of its function after its initialiser (every reference an rvalue read,
/// or a lambda capturing it, whose own uses are in the same walk).
bool neverWritten(const VarDecl *V) {
  if (V->getType()->isReferenceType() || !V->getType()->isScalarType() ||
      !V->hasLocalStorage())
    return false;
  const Stmt *Body = owningBody(V);
  if (!Body)
    return false;
  llvm::SmallVector<const DeclRefExpr *, 8> Refs;
  collectRefs(Body, V, Refs);
  if (Refs.empty())
    return true;
  ParentMap PM(const_cast<Stmt *>(Body));
  for (const DeclRefExpr *R : Refs) {
    const Stmt *P = PM.getParentIgnoreParens(R);
    if (const auto *IC = dyn_cast_or_null<ImplicitCastExpr>(P))
      if (IC->getCastKind() == CK_LValueToRValue)
        continue;
    if (isa_and_nonnull<LambdaExpr>(P))
      continue;
    return false;
  }
  return true;
}

std::optional<ParmList> zeroConditionImpl(const Expr *E, const ASTContext &Ctx,
                                          unsigned Depth) {
  if (!E || Depth > 6 || E->isValueDependent() || E->isTypeDependent())
    return std::nullopt;
  E = E->IgnoreParenCasts();
  if (E->getType()->isIntegralOrEnumerationType()) {
    Expr::EvalResult R;
    if (E->EvaluateAsInt(R, Ctx))
      return R.Val.getInt().isZero() ? std::optional<ParmList>(ParmList())
                                     : std::nullopt;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V || !neverWritten(V))
      return std::nullopt;
    if (const auto *P = dyn_cast<ParmVarDecl>(V))
      return ParmList{P};
    // A local: through its initialiser.
    return V->getInit() ? zeroConditionImpl(V->getInit(), Ctx, Depth + 1)
                        : std::nullopt;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    auto L = zeroConditionImpl(BO->getLHS(), Ctx, Depth + 1);
    switch (BO->getOpcode()) {
    case BO_Add:
    case BO_Sub:
    case BO_Or:
    case BO_Xor: {
      auto R = zeroConditionImpl(BO->getRHS(), Ctx, Depth + 1);
      if (!L || !R)
        return std::nullopt;
      addParms(*L, *R);
      return L;
    }
    case BO_Mul:
    case BO_And: {
      // Zero when either side is: the cheaper of the two conditions.
      auto R = zeroConditionImpl(BO->getRHS(), Ctx, Depth + 1);
      if (L && (!R || L->size() <= R->size()))
        return L;
      return R;
    }
    case BO_Div:
    case BO_Rem:
    case BO_Shl:
    case BO_Shr:
      return L;
    default:
      return std::nullopt;
    }
  }
  if (const auto *CO = dyn_cast<ConditionalOperator>(E)) {
    auto T = zeroConditionImpl(CO->getTrueExpr(), Ctx, Depth + 1);
    auto F = zeroConditionImpl(CO->getFalseExpr(), Ctx, Depth + 1);
    if (!T || !F)
      return std::nullopt;
    addParms(*T, *F);
    return T;
  }
  return std::nullopt;
}

bool isCallTo(const Stmt *S, llvm::StringRef Name) {
  const auto *CE = dyn_cast_or_null<CallExpr>(S);
  const FunctionDecl *FD = CE ? CE->getDirectCallee() : nullptr;
  return FD && FD->getIdentifier() && FD->getName() == Name &&
         FD->getDeclContext()->getRedeclContext()->isTranslationUnit();
}

/// The zero condition of the timeout `&tv` given to select: tv is a local
/// struct timeval whose every write stores a value with a zero condition
/// and which goes to no call but select's timeout. std::nullopt for a null
/// timeval (waits for ever) and anything not shown.
std::optional<ParmList> selectTimeoutCondition(const Expr *Arg,
                                               const ASTContext &Ctx) {
  const auto *UO = dyn_cast<UnaryOperator>(Arg->IgnoreParenImpCasts());
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return std::nullopt;
  const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParens());
  const auto *TV = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!TV || isa<ParmVarDecl>(TV) || !TV->hasLocalStorage() ||
      TV->getType()->isReferenceType())
    return std::nullopt;
  const RecordDecl *RD = TV->getType()->getAsRecordDecl();
  const Stmt *Body = owningBody(TV);
  if (!RD || RD->getName() != "timeval" || !Body)
    return std::nullopt;
  ParmList Cond;
  bool SecSet = false, UsecSet = false;
  const Expr *Init = TV->getInit();
  if (const auto *CE = dyn_cast_or_null<CXXConstructExpr>(Init))
    if (CE->getNumArgs() == 0 && CE->getConstructor()->isTrivial() &&
        !CE->requiresZeroInitialization())
      Init = nullptr; // `timeval tv;`: indeterminate until written
  if (Init) {
    const auto *IL = dyn_cast<InitListExpr>(Init->IgnoreImplicit());
    if (!IL)
      return std::nullopt;
    for (const Expr *I : IL->inits()) {
      if (isa<ImplicitValueInitExpr>(I))
        continue;
      auto C = zeroConditionImpl(I, Ctx, 0);
      if (!C)
        return std::nullopt;
      addParms(Cond, *C);
    }
    SecSet = UsecSet = true;
  }
  llvm::SmallVector<const DeclRefExpr *, 8> Refs;
  collectRefs(Body, TV, Refs);
  ParentMap PM(const_cast<Stmt *>(Body));
  for (const DeclRefExpr *R : Refs) {
    const Stmt *P = PM.getParentIgnoreParens(R);
    if (isa_and_nonnull<LambdaExpr>(P))
      continue; // a capture: its uses are in this walk
    if (const auto *ME = dyn_cast_or_null<MemberExpr>(P)) {
      const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (ME->isArrow() || !Field || !Field->getIdentifier())
        return std::nullopt;
      const Stmt *G = PM.getParentIgnoreParens(ME);
      if (const auto *IC = dyn_cast_or_null<ImplicitCastExpr>(G))
        if (IC->getCastKind() == CK_LValueToRValue)
          continue; // a read
      const auto *As = dyn_cast_or_null<BinaryOperator>(G);
      if (!As || As->getOpcode() != BO_Assign ||
          As->getLHS()->IgnoreParens() != ME)
        return std::nullopt;
      auto C = zeroConditionImpl(As->getRHS(), Ctx, 0);
      if (!C)
        return std::nullopt;
      addParms(Cond, *C);
      llvm::StringRef F = Field->getName();
      SecSet |= F == "tv_sec";
      UsecSet |= F == "tv_usec";
      continue;
    }
    if (const auto *A = dyn_cast_or_null<UnaryOperator>(P);
        A && A->getOpcode() == UO_AddrOf) {
      // Only as select's timeout: select lowers it to the time left.
      const Stmt *Up = PM.getParentIgnoreParenImpCasts(const_cast<UnaryOperator *>(A));
      const auto *CE = dyn_cast_or_null<CallExpr>(Up);
      if (CE && (isCallTo(CE, "select")) && CE->getNumArgs() == 5 &&
          CE->getArg(4)->IgnoreParenImpCasts() == A)
        continue;
      return std::nullopt;
    }
    return std::nullopt;
  }
  if (!SecSet || !UsecSet)
    return std::nullopt;
  return Cond;
}

/// When \p Call polls: {} always (a constant zero timeout), the parameters
/// whose being zero makes it poll, or std::nullopt (it may block).
std::optional<ParmList> pollCondition(const CallExpr *Call,
                                      const FunctionDecl *FD) {
  if (!FD->getIdentifier())
    return std::nullopt;
  llvm::StringRef N = FD->getName();
  const ASTContext &Ctx = FD->getASTContext();
  if (FD->getDeclContext()->getRedeclContext()->isTranslationUnit()) {
    // ::poll(fds, n, 0) and ::epoll_wait(ep, evs, max, 0) return at once.
    unsigned TimeoutArg = N == "poll" ? 2 : N == "epoll_wait" ? 3 : ~0U;
    if (TimeoutArg != ~0U)
      return Call->getNumArgs() == TimeoutArg + 1
                 ? zeroConditionImpl(Call->getArg(TimeoutArg), Ctx, 0)
                 : std::nullopt;
    // ::select(n, r, w, e, &tv) with a zero timeval.
    if (N == "select")
      return Call->getNumArgs() == 5
                 ? selectTimeoutCondition(Call->getArg(4), Ctx)
                 : std::nullopt;
  }
  if (N != "wait_for" && N != "try_acquire_for")
    return std::nullopt;
  for (const Expr *Arg : Call->arguments())
    if (isZeroDuration(Arg, Ctx))
      return ParmList();
  return std::nullopt;
}

/// The class of the object a member call is made on, as written (before any
/// derived-to-base cast).
const CXXRecordDecl *objectClass(const CallExpr *Call) {
  const Expr *Obj = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    Obj = MC->getImplicitObjectArgument();
  else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Call))
    if (isa_and_nonnull<CXXMethodDecl>(OC->getDirectCallee()) &&
        OC->getNumArgs() > 0)
      Obj = OC->getArg(0);
  if (!Obj)
    return nullptr;
  QualType T = Obj->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return T->getAsCXXRecordDecl();
}

/// The stream a stream read reads from: the object of a member, the first
/// argument of a free function.
const Expr *streamOf(const CallExpr *Call) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
    return MC->getImplicitObjectArgument();
  return Call->getNumArgs() > 0 ? Call->getArg(0) : nullptr;
}

bool derivesFrom(const CXXRecordDecl *RD,
                 llvm::ArrayRef<llvm::StringRef> Names) {
  if (!RD || !RD->hasDefinition())
    return false;
  RD = RD->getDefinition();
  for (llvm::StringRef N : Names)
    if (qualifiedName(RD) == N)
      return true;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (derivesFrom(B.getType()->getAsCXXRecordDecl(), Names))
      return true;
  return false;
}

/// Whether the integer expression \p E, a bitwise-or of flags, names the
/// flag \p Flag among its operands: the enumerator (glibc's SOCK_NONBLOCK)
/// or a macro of that name (O_NONBLOCK, expanded to a literal), also as a
/// macro defined through other macros.
bool namesFlag(const Expr *E, llvm::StringRef Flag, const ASTContext &Ctx) {
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(E)) {
    if (BO->getOpcode() == BO_Or)
      return namesFlag(BO->getLHS(), Flag, Ctx) ||
             namesFlag(BO->getRHS(), Flag, Ctx);
    return false;
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *EC = dyn_cast<EnumConstantDecl>(DRE->getDecl()))
      return EC->getIdentifier() && EC->getName() == Flag;
  const SourceManager &SM = Ctx.getSourceManager();
  for (SourceLocation L = E->getBeginLoc(); L.isMacroID();
       L = SM.getImmediateMacroCallerLoc(L))
    if (Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts()) == Flag)
      return true;
  return false;
}

/// For `fcntl(fd, F_SETFL, flags)`: true when the flags name O_NONBLOCK,
/// false when they do not (the descriptor may become blocking),
/// std::nullopt for any other call.
std::optional<bool> setsNonBlocking(const CallExpr *CE, const VarDecl *V,
                                    const ASTContext &Ctx) {
  if (!isCallTo(CE, "fcntl") || CE->getNumArgs() < 3)
    return std::nullopt;
  const auto *DRE = dyn_cast<DeclRefExpr>(CE->getArg(0)->IgnoreParenImpCasts());
  if (!DRE || DRE->getDecl() != V)
    return std::nullopt;
  const Expr *Cmd = CE->getArg(1)->IgnoreParenImpCasts();
  if (!namesFlag(Cmd, "F_SETFL", Ctx))
    return std::nullopt;
  return namesFlag(CE->getArg(2), "O_NONBLOCK", Ctx);
}

/// Whether the call \p CE creates a descriptor in non-blocking mode:
/// socket(d, SOCK_STREAM | SOCK_NONBLOCK, p), accept4(..., SOCK_NONBLOCK),
/// open(path, ... | O_NONBLOCK), openat(dir, path, ... | O_NONBLOCK).
bool createsNonBlocking(const Expr *E, const ASTContext &Ctx) {
  const auto *CE = dyn_cast_or_null<CallExpr>(E ? E->IgnoreParenCasts() : E);
  if (!CE)
    return false;
  struct Creator {
    const char *Name;
    unsigned FlagsArg;
    const char *Flag;
  };
  static const Creator Creators[] = {{"socket", 1, "SOCK_NONBLOCK"},
                                     {"accept4", 3, "SOCK_NONBLOCK"},
                                     {"open", 1, "O_NONBLOCK"},
                                     {"openat", 2, "O_NONBLOCK"}};
  for (const Creator &C : Creators)
    if (isCallTo(CE, C.Name) && CE->getNumArgs() > C.FlagsArg)
      return namesFlag(CE->getArg(C.FlagsArg), C.Flag, Ctx);
  return false;
}

/// Whether evaluating \p S always evaluates an expression matching \p Pred
/// before it finishes: not inside the right operand of && or ||, a branch
/// of ?:, a lambda's body, or the body of a statement; the condition of if
/// / switch and the initialisers of a declaration count.
bool alwaysEvaluates(const Stmt *S,
                     llvm::function_ref<bool(const Expr *)> Pred) {
  if (!S)
    return false;
  if (const auto *If = dyn_cast<IfStmt>(S))
    return alwaysEvaluates(If->getInit(), Pred) ||
           alwaysEvaluates(If->getConditionVariableDeclStmt(), Pred) ||
           alwaysEvaluates(If->getCond(), Pred);
  if (const auto *Sw = dyn_cast<SwitchStmt>(S))
    return alwaysEvaluates(Sw->getInit(), Pred) ||
           alwaysEvaluates(Sw->getCond(), Pred);
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    return llvm::any_of(DS->decls(), [&](const Decl *D) {
      const auto *VD = dyn_cast<VarDecl>(D);
      return VD && alwaysEvaluates(VD->getInit(), Pred);
    });
  const auto *E = dyn_cast<Expr>(S);
  if (!E || isa<LambdaExpr>(E))
    return false;
  if (Pred(E))
    return true;
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->isLogicalOp())
    return alwaysEvaluates(BO->getLHS(), Pred);
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(E))
    return alwaysEvaluates(CO->getCond(), Pred);
  return llvm::any_of(E->children(), [&](const Stmt *C) {
    return alwaysEvaluates(C, Pred);
  });
}

/// Whether a jump can enter \p S from outside it: a label (a goto's target
/// anywhere in the function) or a case of a switch that \p S does not hold.
bool hasJumpTarget(const Stmt *S, bool InOwnSwitch = false) {
  if (!S || isa<LambdaExpr>(S))
    return false;
  if (isa<LabelStmt>(S) || (isa<SwitchCase>(S) && !InOwnSwitch))
    return true;
  bool Inner = InOwnSwitch || isa<SwitchStmt>(S);
  return llvm::any_of(S->children(), [&](const Stmt *C) {
    return hasJumpTarget(C, Inner);
  });
}

/// Whether every path to \p Call evaluates an expression matching \p Pred:
/// an earlier statement of a block that holds the call (directly or within
/// one of its statements) always evaluates one (alwaysEvaluates), and no
/// jump can enter past it (no label or outside case from that statement
/// up to and within the one holding the call).
bool precededBy(const CallExpr *Call, const ParentMap &PM,
                llvm::function_ref<bool(const Expr *)> Pred) {
  const Stmt *Child = Call;
  for (const Stmt *P = PM.getParent(Child); P;
       Child = P, P = PM.getParent(P)) {
    const auto *CS = dyn_cast<CompoundStmt>(P);
    if (!CS)
      continue;
    llvm::ArrayRef<Stmt *> Stmts(CS->body_begin(), CS->body_end());
    const auto *At = llvm::find(Stmts, Child);
    if (At == Stmts.end() || hasJumpTarget(*At))
      return false;
    for (const auto *It = At; It != Stmts.begin();) {
      --It;
      if (hasJumpTarget(*It))
        return false;
      if (alwaysEvaluates(*It, Pred))
        return true;
    }
  }
  return false;
}

/// Whether \p S or a node below it (lambda bodies included) matches \p Pred.
bool anyNode(const Stmt *S, llvm::function_ref<bool(const Stmt *)> Pred) {
  if (!S)
    return false;
  if (Pred(S))
    return true;
  return llvm::any_of(S->children(),
                      [&](const Stmt *C) { return anyNode(C, Pred); });
}

/// Whether \p S names the variable \p V.
bool refersTo(const Stmt *S, const VarDecl *V) {
  return anyNode(S, [&](const Stmt *N) {
    const auto *DRE = dyn_cast<DeclRefExpr>(N);
    return DRE && DRE->getDecl() == V;
  });
}

/// Whether \p Body compares a value with EAGAIN or EWOULDBLOCK (`errno ==
/// EAGAIN`, `e != EWOULDBLOCK`, a case label).
bool handlesWouldBlock(const Stmt *Body, const ASTContext &Ctx) {
  auto IsCode = [&](const Expr *E) {
    return namesFlag(E, "EAGAIN", Ctx) || namesFlag(E, "EWOULDBLOCK", Ctx);
  };
  return anyNode(Body, [&](const Stmt *S) {
    if (const auto *BO = dyn_cast<BinaryOperator>(S); BO && BO->isEqualityOp())
      return IsCode(BO->getLHS()) || IsCode(BO->getRHS());
    const auto *CS = dyn_cast<CaseStmt>(S);
    return CS && IsCode(CS->getLHS());
  });
}

/// Whether the descriptor the argument \p Fd names is shown non-blocking at
/// \p Call: a local or parameter of integer type that its function never
/// writes after its initialiser and never hands out by address or
/// reference, and either
///  - initialised by a call creating it non-blocking (createsNonBlocking),
///  - or set non-blocking by `fcntl(fd, F_SETFL, ... | O_NONBLOCK)` that
///    every path to \p Call runs: an earlier statement of a block that
///    holds the call (directly or within one of its statements) evaluates
///    it unconditionally, and the function has no label or case a jump
///    could enter past it;
/// and no `fcntl(fd, F_SETFL, flags)` in its function leaves O_NONBLOCK out
/// of the flags (it may make the descriptor blocking again). A descriptor
/// passed to other code keeps its mode as far as this rule knows (what
/// that code does is unknown; the call is then silent).
bool nonBlockingDescriptor(const Expr *Fd, const CallExpr *Call,
                           const ASTContext &Ctx) {
  const auto *DRE = dyn_cast<DeclRefExpr>(Fd->IgnoreParenImpCasts());
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V || !V->getType()->isIntegerType() || !neverWritten(V))
    return false;
  const Stmt *Body = owningBody(V);
  if (!Body)
    return false;
  // Any fcntl(fd, F_SETFL, ...) that does not name O_NONBLOCK spoils it.
  if (anyNode(Body, [&](const Stmt *S) {
        const auto *CE = dyn_cast<CallExpr>(S);
        std::optional<bool> Sets =
            CE ? setsNonBlocking(CE, V, Ctx) : std::nullopt;
        return Sets && !*Sets;
      }))
    return false;
  if (!isa<ParmVarDecl>(V) && createsNonBlocking(V->getInit(), Ctx))
    return true;
  ParentMap PM(const_cast<Stmt *>(Body));
  auto SetsIt = [&](const Expr *E) {
    const auto *CE = dyn_cast<CallExpr>(E);
    std::optional<bool> Sets = CE ? setsNonBlocking(CE, V, Ctx) : std::nullopt;
    return Sets && *Sets;
  };
  if (precededBy(Call, PM, SetsIt))
    return true;
  // Readiness awaited, EAGAIN handled: `co_await readable(fd)` before the
  // call on every path, and the function compares errno with EAGAIN or
  // EWOULDBLOCK (it expects the descriptor to be non-blocking, and after
  // readiness the call returns what is ready).
  auto AwaitsFd = [&](const Expr *E) {
    const auto *CA = dyn_cast<CoawaitExpr>(E);
    return CA && refersTo(CA->getOperand(), V);
  };
  return handlesWouldBlock(Body, Ctx) && precededBy(Call, PM, AwaitsFd);
}

/// Whether \p C is `v.non_blocking(arg)` on the variable \p V; \p Value is
/// then set to whether the argument is the constant true.
bool nonBlockingCallOn(const Stmt *S, const VarDecl *V, const ASTContext &Ctx,
                       bool &Value) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(S);
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  if (!MD || !MD->getIdentifier() || MD->getName() != "non_blocking" ||
      MC->getNumArgs() == 0)
    return false;
  const auto *DRE = dyn_cast<DeclRefExpr>(
      MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
  if (!DRE || DRE->getDecl() != V)
    return false;
  bool B = false;
  Value = MC->getArg(0)->EvaluateAsBooleanCondition(B, Ctx) && B;
  return true;
}

/// Whether the Asio socket \p Obj (a local or parameter the function names)
/// is in non-blocking mode at \p Call: `s.non_blocking(true)` runs on every
/// path to the call (precededBy), and the function neither calls
/// `s.non_blocking(x)` with anything but a constant true, nor assigns,
/// opens or assigns a native handle to `s` (a fresh socket is blocking).
/// Its synchronous operations then fail with would_block instead of
/// waiting.
bool nonBlockingAsioSocket(const Expr *Obj, const CallExpr *Call,
                           const ASTContext &Ctx) {
  const auto *DRE = dyn_cast<DeclRefExpr>(Obj->IgnoreParenImpCasts());
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V)
    return false;
  const Stmt *Body = owningBody(V);
  if (!Body)
    return false;
  // Anything but non_blocking(true), or a fresh socket, spoils it.
  if (anyNode(Body, [&](const Stmt *S) {
        bool Value = false;
        if (nonBlockingCallOn(S, V, Ctx, Value) && !Value)
          return true;
        if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S))
          if (const CXXMethodDecl *MD = MC->getMethodDecl();
              MD && MD->getIdentifier() &&
              (MD->getName() == "open" || MD->getName() == "assign") &&
              refersTo(MC->getImplicitObjectArgument(), V))
            return true;
        const auto *OC = dyn_cast<CXXOperatorCallExpr>(S);
        return OC && OC->getOperator() == OO_Equal && OC->getNumArgs() > 0 &&
               refersTo(OC->getArg(0), V);
      }))
    return false;
  ParentMap PM(const_cast<Stmt *>(Body));
  return precededBy(Call, PM, [&](const Expr *E) {
    bool Value = false;
    return nonBlockingCallOn(E, V, Ctx, Value) && Value;
  });
}

/// Descriptor calls whose first argument is the descriptor they block on.
bool isDescriptorCall(const FunctionDecl *FD) {
  if (!FD->getIdentifier() ||
      !FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return false;
  return llvm::is_contained(
      {"read", "write", "pread", "readv", "recv", "recvfrom", "recvmsg",
       "send", "accept", "accept4", "connect"},
      FD->getName());
}

} // namespace

llvm::StringRef blockingKindName(BlockingKind K) {
  switch (K) {
  case BlockingKind::Sleep:
    return "sleep";
  case BlockingKind::Io:
    return "blocking I/O";
  case BlockingKind::Join:
    return "thread join";
  case BlockingKind::FutureWait:
    return "future wait";
  case BlockingKind::ConditionWait:
    return "condition variable wait";
  case BlockingKind::SyncPrimitive:
    return "synchronisation wait";
  case BlockingKind::Lock:
    return "lock acquisition";
  case BlockingKind::EventLoop:
    return "event loop run";
  case BlockingKind::SyncWait:
    return "sync_wait";
  case BlockingKind::Other:
    return "blocking call";
  }
  return "blocking call";
}

bool isSyncWaitKind(BlockingKind K) {
  switch (K) {
  case BlockingKind::Join:
  case BlockingKind::FutureWait:
  case BlockingKind::ConditionWait:
  case BlockingKind::SyncPrimitive:
  case BlockingKind::SyncWait:
    return true;
  default:
    return false;
  }
}

llvm::StringRef BlockingCatalogue::defaultFunctions() {
  return defaultFunctionList();
}

llvm::StringRef BlockingCatalogue::defaultSyncWaitFunctions() {
  return DefaultSyncWait;
}

BlockingCatalogue::BlockingCatalogue(llvm::StringRef Functions,
                                     llvm::StringRef SyncWaitFunctions) {
  for (const std::string &Raw : splitOptionList(Functions))
    add(Raw, std::nullopt);
  for (const std::string &Raw : splitOptionList(SyncWaitFunctions))
    add(Raw, BlockingKind::SyncWait);
}

void BlockingCatalogue::add(llvm::StringRef Raw,
                            std::optional<BlockingKind> Kind) {
  // Names.h syntax: `a::b` is qualified like `::a::b`.
  std::string P = NamePattern(Raw).isQualified() && !Raw.starts_with("::")
                      ? "::" + Raw.str()
                      : Raw.str();
  BlockingEntry E;
  E.Pattern = P;
  size_t Sep = P.rfind("::");
  if (Sep == std::string::npos) {
    E.Name = P;
  } else {
    E.Scope = P.substr(0, Sep);
    E.Name = P.substr(Sep + 2);
  }
  if (E.Name.empty())
    return;
  E.Kind = Kind ? *Kind : defaultKind(P).value_or(BlockingKind::Other);
  E.StreamRead = isStreamReadPattern(P);
  ByName[E.Name].push_back(Entries.size());
  Entries.push_back(std::move(E));
}

std::optional<BlockingMatch>
BlockingCatalogue::match(const CallExpr *Call) const {
  const FunctionDecl *FD = Call ? Call->getDirectCallee() : nullptr;
  if (!FD)
    return std::nullopt;
  std::string Simple = simpleName(FD);
  auto It = ByName.find(Simple);
  if (It == ByName.end())
    return std::nullopt;
  const auto *MD = dyn_cast<CXXMethodDecl>(FD);
  const CXXRecordDecl *Object = nullptr;
  bool ObjectKnown = false;
  std::string Qualified = qualifiedName(FD);
  for (unsigned I : It->second) {
    const BlockingEntry &E = Entries[I];
    bool Match = false;
    if (!llvm::StringRef(E.Pattern).starts_with("::")) {
      Match = true;
    } else if (MD && !MD->isStatic()) {
      // The method's own class, or the class of the object it is called on.
      if (!ObjectKnown) {
        Object = objectClass(Call);
        ObjectKnown = true;
      }
      Match = qualifiedName(MD->getParent()) == E.Scope ||
              (Object && qualifiedName(Object) == E.Scope);
    } else {
      Match = Qualified == E.Pattern;
    }
    if (!Match)
      continue;
    if (E.StreamRead) {
      const Expr *S = streamOf(Call);
      if (!S || !isBlockingStream(S))
        continue;
    }
    auto Poll = pollCondition(Call, FD);
    if (Poll && Poll->empty())
      return std::nullopt;
    // I/O on a descriptor the code made non-blocking returns at once.
    if (E.Kind == BlockingKind::Io && Call->getNumArgs() > 0 &&
        isDescriptorCall(FD) &&
        nonBlockingDescriptor(Call->getArg(0), Call, FD->getASTContext()))
      return std::nullopt;
    // So does a synchronous operation of an Asio socket put in
    // non-blocking mode (it fails with would_block).
    if (E.Kind == BlockingKind::Io &&
        llvm::StringRef(E.Pattern).starts_with("::asio::")) {
      const Expr *Obj = nullptr;
      if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call))
        Obj = MC->getImplicitObjectArgument();
      else if (Call->getNumArgs() > 0 && !MD)
        Obj = Call->getArg(0);
      if (Obj && nonBlockingAsioSocket(Obj, Call, FD->getASTContext()))
        return std::nullopt;
    }
    BlockingMatch M;
    M.Entry = &E;
    if (Poll)
      M.ZeroIf = std::move(*Poll);
    if (E.Kind == BlockingKind::ConditionWait && Call->getNumArgs() > 0) {
      if (MD) {
        M.ReleasedLock = Call->getArg(0);
      } else if (Call->getNumArgs() > 1) {
        M.ReleasedLock = Call->getArg(1); // pthread_cond_wait(cond, mutex)
        M.ReleasedByPointer = true;
      }
    }
    return M;
  }
  return std::nullopt;
}

std::optional<llvm::SmallVector<const ParmVarDecl *, 2>>
zeroCondition(const Expr *E, const ASTContext &Ctx) {
  return zeroConditionImpl(E, Ctx, 0);
}

bool zeroUnder(llvm::ArrayRef<const ParmVarDecl *> ZeroIf,
               llvm::ArrayRef<const ParmVarDecl *> Zero) {
  return llvm::all_of(ZeroIf, [&](const ParmVarDecl *P) {
    return llvm::is_contained(Zero, P);
  });
}

bool isBlockingStream(const Expr *E) {
  if (!E)
    return false;
  E = E->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (matchesName(DRE->getDecl(), "::std::cin") ||
        matchesName(DRE->getDecl(), "::std::wcin"))
      return true;
  QualType T = E->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  return derivesFrom(T->getAsCXXRecordDecl(),
                     {"::std::basic_ifstream", "::std::basic_fstream",
                      "::asio::basic_socket_iostream"});
}

std::optional<llvm::SmallVector<AccessPath, 1>>
releasedLocks(const BlockingMatch &M, const AliasMap *Aliases) {
  if (!M.ReleasedLock)
    return std::nullopt;
  const Expr *Arg = M.ReleasedLock->IgnoreParenImpCasts();
  llvm::SmallVector<AccessPath, 1> Out;
  if (M.ReleasedByPointer) {
    if (auto P = pointeePathOf(Arg, Aliases)) {
      Out.push_back(*P);
      return Out;
    }
    return std::nullopt;
  }
  // A guard variable (std::unique_lock lk(m)): the lock it was built on.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Arg))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (isGuardType(VD->getType())) {
        if (VD->getType()->isReferenceType() || !VD->getInit())
          return std::nullopt; // bound elsewhere: not known here
        auto C = guardConstruction(VD->getInit());
        if (!C || C->Locks.empty())
          return std::nullopt;
        for (const GuardConstruction::LockArg &A : C->Locks) {
          auto P = A.ByPointer ? pointeePathOf(A.Arg, Aliases)
                               : accessPathOf(A.Arg, Aliases);
          if (!P)
            return std::nullopt;
          Out.push_back(*P);
        }
        return Out;
      }
  if (isLockableType(Arg->getType()))
    if (auto P = accessPathOf(Arg, Aliases)) {
      Out.push_back(*P);
      return Out;
    }
  return std::nullopt;
}

BlockingCatalogueOptions
BlockingCatalogueOptions::read(const ClangTidyCheck::OptionsView &Options) {
  BlockingCatalogueOptions O;
  O.Functions =
      Options.get("BlockingFunctions", BlockingCatalogue::defaultFunctions())
          .str();
  O.SyncWaitFunctions = Options
                            .get("SyncWaitFunctions",
                                 BlockingCatalogue::defaultSyncWaitFunctions())
                            .str();
  return O;
}

void BlockingCatalogueOptions::store(const ClangTidyCheck::OptionsView &Options,
                                     ClangTidyOptions::OptionMap &Opts) const {
  Options.store(Opts, "BlockingFunctions", Functions);
  Options.store(Opts, "SyncWaitFunctions", SyncWaitFunctions);
}

void noteBlockingChain(ClangTidyCheck &Check, const FunctionDecl *Callee,
                       const CallChain &C, const BlockingCatalogue &Catalogue) {
  const FunctionDecl *Caller = Callee;
  for (const CallStep &Step : C.Steps) {
    Check.diag(Step.Call->getBeginLoc(), "'%0' calls '%1' here",
               DiagnosticIDs::Note)
        << coroutineDisplayName(Caller) << coroutineDisplayName(Step.Callee);
    Caller = Step.Callee;
  }
  Check.diag(C.Root->getBeginLoc(), "'%0' calls blocking function '%1' here",
             DiagnosticIDs::Note)
      << coroutineDisplayName(Caller)
      << llvm::StringRef(Catalogue.entries()[C.Payload].Pattern).ltrim(':');
}

} // namespace clang::tidy::conclint::utils
