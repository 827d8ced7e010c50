//===-- ThreadEntryPoints.cpp - where concurrent work starts --------------===//

#include "ThreadEntryPoints.h"
#include "utils/Walker.h"
#include "CheckOptions.h"
#include "ExprShapes.h"
#include "Names.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::conclint::utils {

namespace {

/// "::std::thread" style name of a declaration, as utils/Names spells it
/// (libc++'s std::__1::jthread is "::std::jthread").
std::string qualified(const NamedDecl *D) { return qualifiedName(D); }

/// The option name syntax of utils/Names.
bool nameMatches(const NamedDecl *D, llvm::StringRef Wanted) {
  return D && matchesName(D, Wanted);
}

bool inNamespace(const Decl *D, llvm::StringRef NS) {
  for (const DeclContext *C = D->getDeclContext(); C; C = C->getParent())
    if (const auto *N = dyn_cast<NamespaceDecl>(C))
      if (N->getName() == NS)
        return true;
  return false;
}

bool isAsioDecl(const Decl *D) { return inNamespace(D, "asio"); }

const CXXRecordDecl *recordOf(QualType T) {
  T = T.getNonReferenceType();
  if (const auto *RD = T->getAsCXXRecordDecl())
    return RD;
  return nullptr;
}

/// std::execution::par / par_unseq (libstdc++ spells the types inside
/// __pstl::execution; libc++ inside std::__pstl or std::execution).
bool isParallelPolicy(const Expr *E) {
  const CXXRecordDecl *RD = recordOf(E->IgnoreParenImpCasts()->getType());
  if (!RD)
    return false;
  llvm::StringRef N = RD->getName();
  return N == "parallel_policy" || N == "parallel_unsequenced_policy";
}

bool isLaunchPolicy(const Expr *E) {
  QualType T = E->IgnoreParenImpCasts()->getType();
  if (const auto *ET = T->getAs<EnumType>())
    return ET->getDecl()->getName() == "launch";
  return false;
}

/// std::launch::deferred spelled directly.
bool isDeferredLaunch(const Expr *E) {
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
    if (const auto *EC = dyn_cast<EnumConstantDecl>(DRE->getDecl()))
      return EC->getName() == "deferred";
  return false;
}

/// A completion token such as asio::use_awaitable or asio::detached, not a
/// callable that runs as a handler.
bool isCompletionToken(const Expr *E) {
  const CXXRecordDecl *RD = recordOf(E->IgnoreParenImpCasts()->getType());
  if (!RD)
    return false;
  if (!isAsioDecl(RD))
    return false;
  llvm::StringRef N = RD->getName();
  return N.contains("use_awaitable") || N.contains("detached") ||
         N.contains("use_future") || N == "executor_binder" ||
         N.contains("deferred") || N.contains("as_tuple") ||
         N.contains("redirect_error");
}

/// Does the expression denote something callable (lambda, function,
/// function pointer, member pointer, object with operator())?
bool looksCallable(const Expr *E) {
  const Expr *S = stripCallableWrappers(E);
  if (isa<LambdaExpr>(S))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (isa<FunctionDecl>(DRE->getDecl()))
      return true;
  QualType T = S->getType().getNonReferenceType();
  if (T->isFunctionPointerType() || T->isMemberFunctionPointerType() ||
      T->isFunctionType())
    return true;
  if (const CXXRecordDecl *RD = recordOf(T))
    if (RD->hasDefinition())
      for (const auto *M : RD->methods())
        if (M->getOverloadedOperator() == OO_Call)
          return true;
  if (const CXXRecordDecl *RD = recordOf(T))
    if (RD->isLambda() || RD->getName() == "function" ||
        RD->getName() == "packaged_task" || RD->getName() == "move_only_function")
      return true;
  return false;
}

void collectArgs(const CallExpr *C, unsigned From,
                 llvm::SmallVectorImpl<const Expr *> &Out) {
  for (unsigned I = From; I < writtenArgs(C); ++I)
    Out.push_back(C->getArg(I));
}

} // namespace

llvm::StringRef spawnKindName(SpawnKind K) {
  switch (K) {
  case SpawnKind::Thread:
    return "std::thread";
  case SpawnKind::JThread:
    return "std::jthread";
  case SpawnKind::Async:
    return "std::async";
  case SpawnKind::PThreadCreate:
    return "pthread_create";
  case SpawnKind::AsioPost:
    return "asio::post";
  case SpawnKind::AsioCoSpawn:
    return "asio::co_spawn";
  case SpawnKind::PoolSubmit:
    return "thread pool";
  case SpawnKind::ParallelAlgorithm:
    return "parallel algorithm";
  }
  return "thread";
}

bool ThreadSpawn::runsOnAnotherThread() const {
  switch (Kind) {
  case SpawnKind::Async:
    return !Deferred;
  case SpawnKind::AsioPost:
  case SpawnKind::AsioCoSpawn:
    return false;
  default:
    return true;
  }
}

SpawnOptions SpawnOptions::fromStrings(llvm::StringRef ThreadTypes,
                                       llvm::StringRef PoolSubmitFunctions) {
  SpawnOptions O;
  if (!ThreadTypes.trim().empty())
    O.ThreadTypes = splitOptionList(ThreadTypes);
  if (!PoolSubmitFunctions.trim().empty())
    O.PoolSubmitFunctions = splitOptionList(PoolSubmitFunctions);
  return O;
}

const Expr *stripCallableWrappers(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    E = stripValueWrappers(E);
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      E = FC->getSubExpr();
    if (const auto *UO = dyn_cast<UnaryOperator>(E))
      if (UO->getOpcode() == UO_AddrOf)
        E = UO->getSubExpr();
    if (const auto *C = dyn_cast<CallExpr>(E))
      if (const auto *FD = C->getDirectCallee())
        if (FD->isInStdNamespace() && C->getNumArgs() >= 1 &&
            (FD->getName() == "ref" || FD->getName() == "cref" ||
             FD->getName() == "move" || FD->getName() == "bind" ||
             FD->getName() == "bind_front"))
          E = C->getArg(0);
    if (E == Prev)
      break;
  }
  return E;
}

namespace {

bool runsOnCallersThread(const CXXRecordDecl *RD, const SpawnOptions &Opts,
                         unsigned Depth);

/// Whether a member of type \p T may run work on a thread of its own: a
/// thread type, a type of Asio (its executors and pools run handlers on the
/// threads that drive them), a class of another library, or a user class
/// that runsOnCallersThread() does not clear; standard-library templates by
/// their arguments (std::vector<std::thread>).
bool mayRunThreads(QualType T, const SpawnOptions &Opts, unsigned Depth) {
  if (T.isNull() || Depth > 4)
    return true;
  T = T.getNonReferenceType();
  while (true) {
    if (const auto *TT = T->getAs<TypedefType>())
      if (TT->getDecl()->getName() == "pthread_t")
        return true;
    if (T->isPointerType())
      T = T->getPointeeType();
    else if (const auto *AT = T->getAsArrayTypeUnsafe())
      T = AT->getElementType();
    else
      break;
  }
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD)
    return T->isDependentType();
  if (qualified(RD) == "::std::jthread" ||
      llvm::any_of(Opts.ThreadTypes,
                   [&](const std::string &N) { return nameMatches(RD, N); }))
    return true;
  if (isAsioDecl(RD))
    return true;
  if (RD->isInStdNamespace()) {
    if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
      for (const TemplateArgument &A : Spec->getTemplateArgs().asArray())
        if (A.getKind() == TemplateArgument::Type &&
            mayRunThreads(A.getAsType(), Opts, Depth + 1))
          return true;
    return false;
  }
  return !runsOnCallersThread(RD, Opts, Depth + 1);
}

/// Whether \p S (a method body of the class under test) starts concurrent
/// work: a spawn of any kind. In a template's pattern (\p Pattern), a call
/// or construction that the template cannot resolve may be one.
bool startsWork(const Stmt *S, const SpawnOptions &Opts, bool Pattern) {
  if (!S)
    return false;
  if (Pattern) {
    if (isa<CXXUnresolvedConstructExpr>(S))
      return true;
    if (const auto *C = dyn_cast<CallExpr>(S);
        C && !C->getCalleeDecl() && C->isTypeDependent())
      return true;
  }
  if (const auto *E = dyn_cast<Expr>(S); E && isa<CallExpr, CXXConstructExpr>(E))
    if (classifySpawn(E, Opts))
      return true;
  return llvm::any_of(S->children(), [&](const Stmt *C) {
    return startsWork(C, Opts, Pattern);
  });
}

/// Whether the body of method \p M (as instantiated here, or else its
/// pattern) may start concurrent work; std::nullopt when no body is here.
std::optional<bool> methodStartsWork(const FunctionDecl *M,
                                     const SpawnOptions &Opts) {
  const FunctionDecl *Def = M->getDefinition();
  bool Pattern = false;
  if (!Def || !Def->getBody()) {
    Def = M->getTemplateInstantiationPattern();
    Pattern = true;
  }
  if (!Def || !Def->getBody())
    return std::nullopt;
  Pattern |= Def->isDependentContext();
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
    for (const CXXCtorInitializer *I : Ctor->inits())
      if (I->isWritten() && startsWork(I->getInit(), Opts, Pattern))
        return true;
  return startsWork(Def->getBody(), Opts, Pattern);
}

/// Whether the work a submit-like method of \p RD is handed can only run on
/// a thread that calls into the object: the class runs it in place or
/// queues it for whoever drains the queue, and shows no thread of its own.
/// Shown only for a class of user code whose every user-written method has
/// its body here (as instantiated where it is, else its template's pattern,
/// in which a call the template cannot resolve may start work; a member
/// template by its instantiations), none of which starts concurrent work,
/// whose bases are such classes, and none of whose members may run threads
/// (mayRunThreads).
/// Anything not shown (a body elsewhere, another library's member) keeps
/// the call a spawn.
bool runsOnCallersThread(const CXXRecordDecl *RD, const SpawnOptions &Opts,
                         unsigned Depth) {
  if (!RD || !RD->hasDefinition() || Depth > 4)
    return false;
  RD = RD->getDefinition();
  // A class whose bodies submit to itself (or to a class on the way here)
  // is not cleared: the question is being asked already (a cycle).
  static thread_local llvm::SmallPtrSet<const CXXRecordDecl *, 8> Asking;
  if (!Asking.insert(RD).second)
    return false;
  struct Done {
    const CXXRecordDecl *RD;
    ~Done() { Asking.erase(RD); }
  } D{RD};
  const SourceManager &SM = RD->getASTContext().getSourceManager();
  if (SM.isInSystemHeader(RD->getLocation()) || isAsioDecl(RD) ||
      RD->isInStdNamespace())
    return false;
  for (const CXXBaseSpecifier &B : RD->bases())
    if (!runsOnCallersThread(B.getType()->getAsCXXRecordDecl(), Opts,
                             Depth + 1))
      return false;
  for (const FieldDecl *F : RD->fields())
    if (mayRunThreads(F->getType(), Opts, Depth))
      return false;
  // Every user-written method: as instantiated here where it is, else its
  // pattern; a member template by its instantiations, else its pattern.
  for (const Decl *Member : RD->decls()) {
    llvm::SmallVector<const FunctionDecl *, 4> Ms;
    if (const auto *FT = dyn_cast<FunctionTemplateDecl>(Member)) {
      for (const FunctionDecl *Spec : FT->specializations())
        if (Spec->getDefinition() && Spec->getDefinition()->getBody())
          Ms.push_back(Spec);
      if (Ms.empty())
        Ms.push_back(FT->getTemplatedDecl());
    } else if (const auto *M = dyn_cast<FunctionDecl>(Member)) {
      Ms.push_back(M);
    }
    for (const FunctionDecl *M : Ms) {
      if (M->isImplicit() || M->isDefaulted() || M->isDeleted() ||
          M->isPureVirtual())
        continue;
      std::optional<bool> Starts = methodStartsWork(M, Opts);
      if (!Starts || *Starts)
        return false;
    }
  }
  return true;
}

} // namespace

std::optional<ThreadSpawn> classifySpawn(const Expr *E,
                                         const SpawnOptions &Opts) {
  if (!E)
    return std::nullopt;
  ThreadSpawn S;
  S.Site = E;

  if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) {
    const CXXRecordDecl *RD = CE->getConstructor()->getParent();
    if (CE->getNumArgs() == 0 || CE->getConstructor()->isCopyOrMoveConstructor())
      return std::nullopt;
    bool IsJThread = qualified(RD) == "::std::jthread";
    bool IsThread = IsJThread || llvm::any_of(Opts.ThreadTypes, [&](const std::string &T) {
                      return nameMatches(RD, T);
                    });
    if (!IsThread)
      return std::nullopt;
    S.Kind = IsJThread ? SpawnKind::JThread : SpawnKind::Thread;
    S.Callable = CE->getArg(0);
    for (unsigned I = 1; I < CE->getNumArgs(); ++I)
      S.ForwardedArgs.push_back(CE->getArg(I));
    return S;
  }

  const CallExpr *Call = directCall(E);
  if (!Call)
    return std::nullopt;
  const FunctionDecl *FD = Call->getDirectCallee();
  llvm::StringRef Name = FD->getIdentifier() ? FD->getName() : "";

  // Member calls: asio's deprecated io_context::post and thread pools.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXRecordDecl *Obj = MC->getRecordDecl();
    if (!Obj || Call->getNumArgs() == 0)
      return std::nullopt;
    // threads.emplace_back(f, args...) constructs a thread in place.
    if (auto Emplaced = classifyContainerEmplace(E, Opts))
      return Emplaced;
    if (isAsioDecl(Obj)) {
      if (Name == "post" || Name == "dispatch" || Name == "defer") {
        S.Kind = SpawnKind::AsioPost;
        S.Executor = MC->getImplicitObjectArgument();
        if (writtenArgs(Call) > 0)
          S.Callable = Call->getArg(writtenArgs(Call) - 1);
        return S;
      }
      return std::nullopt;
    }
    if (llvm::any_of(Opts.PoolSubmitFunctions, [&](const std::string &N) {
          return nameMatches(FD, N) || (N.find("::") == std::string::npos &&
                                        Name == N);
        }) &&
        looksCallable(Call->getArg(0))) {
      // A non-virtual method of a class that shows no thread of its own
      // runs the work in place, or queues it for a thread that drives the
      // object: no concurrency is shown (issue 13's inline and manual
      // executors).
      if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
          MD && !MD->isVirtual() &&
          runsOnCallersThread(MD->getParent(), Opts, 0))
        return std::nullopt;
      S.Kind = SpawnKind::PoolSubmit;
      S.Executor = MC->getImplicitObjectArgument();
      S.Callable = Call->getArg(0);
      collectArgs(Call, 1, S.ForwardedArgs);
      return S;
    }
    return std::nullopt;
  }

  if (FD->isInStdNamespace() && Name == "async") {
    S.Kind = SpawnKind::Async;
    unsigned First = 0;
    if (Call->getNumArgs() > 0 && isLaunchPolicy(Call->getArg(0))) {
      S.Deferred = isDeferredLaunch(Call->getArg(0));
      First = 1;
    }
    if (Call->getNumArgs() <= First)
      return std::nullopt;
    S.Callable = Call->getArg(First);
    collectArgs(Call, First + 1, S.ForwardedArgs);
    return S;
  }

  if (Name == "pthread_create" &&
      FD->getDeclContext()->getRedeclContext()->isTranslationUnit() &&
      Call->getNumArgs() == 4) {
    S.Kind = SpawnKind::PThreadCreate;
    S.Callable = Call->getArg(2);
    S.ForwardedArgs.push_back(Call->getArg(3));
    return S;
  }

  if (isAsioDecl(FD) && (Name == "post" || Name == "dispatch" || Name == "defer")) {
    unsigned N = writtenArgs(Call);
    if (N == 0)
      return std::nullopt;
    S.Kind = SpawnKind::AsioPost;
    const Expr *Last = Call->getArg(N - 1);
    if (!isCompletionToken(Last) && looksCallable(Last))
      S.Callable = Last;
    if (N >= 2)
      S.Executor = Call->getArg(0);
    return S;
  }

  if (isAsioDecl(FD) && Name == "co_spawn" && Call->getNumArgs() >= 2) {
    S.Kind = SpawnKind::AsioCoSpawn;
    S.Executor = Call->getArg(0);
    S.Callable = Call->getArg(1);
    return S;
  }

  if (FD->isInStdNamespace() && Call->getNumArgs() >= 2 &&
      isParallelPolicy(Call->getArg(0))) {
    S.Kind = SpawnKind::ParallelAlgorithm;
    for (unsigned I = writtenArgs(Call); I-- > 1;)
      if (looksCallable(Call->getArg(I))) {
        S.Callable = Call->getArg(I);
        break;
      }
    return S;
  }
  return std::nullopt;
}

const FunctionDecl *entryFunction(const ThreadSpawn &S) {
  if (!S.Callable)
    return nullptr;
  const Expr *C = stripCallableWrappers(S.Callable);
  if (const auto *L = dyn_cast<LambdaExpr>(C))
    return L->getCallOperator();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(C)) {
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
      return FD;
    // A local variable initialised with a lambda.
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (const Expr *Init = VD->getInit())
        if (const auto *L = dyn_cast<LambdaExpr>(stripCallableWrappers(Init)))
          return L->getCallOperator();
  }
  if (const auto *ME = dyn_cast<MemberExpr>(C))
    if (const auto *MD = dyn_cast<CXXMethodDecl>(ME->getMemberDecl()))
      return MD;
  if (const auto *RD = recordOf(C->getType()))
    if (RD->hasDefinition())
      for (const auto *M : RD->methods())
        if (M->getOverloadedOperator() == OO_Call)
          return M;
  return nullptr;
}

const Expr *boundObjectArg(const Expr *Callable, const FunctionDecl *MD) {
  const Expr *E = Callable;
  while (E) {
    const Expr *Prev = E;
    E = stripValueWrappers(E);
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      E = FC->getSubExpr();
    if (const auto *C = dyn_cast<CallExpr>(E))
      if (const auto *FD = C->getDirectCallee();
          FD && FD->isInStdNamespace() && FD->getIdentifier() &&
          C->getNumArgs() >= 1) {
        if (FD->getName() == "bind" || FD->getName() == "bind_front") {
          if (C->getNumArgs() < 2)
            return nullptr;
          const auto *DRE =
              dyn_cast<DeclRefExpr>(stripCallableWrappers(C->getArg(0)));
          return DRE && DRE->getDecl() == MD ? C->getArg(1) : nullptr;
        }
        if (FD->getName() == "ref" || FD->getName() == "cref" ||
            FD->getName() == "move")
          E = C->getArg(0);
      }
    if (E == Prev)
      break;
  }
  return nullptr;
}

const Expr *entryObjectArg(const ThreadSpawn &S) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(entryFunction(S));
  if (!MD || MD->isStatic() || S.ForwardedArgs.empty() ||
      S.Kind == SpawnKind::PThreadCreate)
    return nullptr;
  const Expr *C = stripCallableWrappers(S.Callable);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(C))
    if (DRE->getDecl() == MD)
      return S.ForwardedArgs[0];
  return nullptr;
}

llvm::SmallVector<std::pair<const ParmVarDecl *, const Expr *>, 4>
entryParamBindings(const ThreadSpawn &S) {
  llvm::SmallVector<std::pair<const ParmVarDecl *, const Expr *>, 4> Out;
  const FunctionDecl *F = entryFunction(S);
  if (!F)
    return Out;
  unsigned First = entryObjectArg(S) ? 1 : 0;
  for (unsigned I = First, P = 0;
       I < S.ForwardedArgs.size() && P < F->getNumParams(); ++I, ++P)
    Out.push_back({F->getParamDecl(P), S.ForwardedArgs[I]});
  return Out;
}

namespace {
class SpawnCollector : public Walker {
public:
  SpawnCollector(const SpawnOptions &O, std::vector<ThreadSpawn> &Out)
      : Opts(O), Out(Out) {}
  bool shouldVisitLambdaBody() const override { return true; }
  bool shouldVisitTemplateInstantiations() const override { return false; }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) override { return add(E); }
  bool VisitCallExpr(CallExpr *E) override { return add(E); }

private:
  bool add(const Expr *E) {
    if (auto S = classifySpawn(E, Opts))
      Out.push_back(std::move(*S));
    return true;
  }
  const SpawnOptions &Opts;
  std::vector<ThreadSpawn> &Out;
};
} // namespace

std::vector<ThreadSpawn> findSpawns(const Stmt *Body, const SpawnOptions &Opts) {
  std::vector<ThreadSpawn> Out;
  if (Body)
    SpawnCollector(Opts, Out).TraverseStmt(const_cast<Stmt *>(Body));
  return Out;
}

std::optional<ThreadSpawn> enclosingSpawnedCallable(const Stmt *S,
                                                    ASTContext &Ctx,
                                                    const SpawnOptions &Opts) {
  DynTypedNode Node = DynTypedNode::create(*S);
  const LambdaExpr *Inner = nullptr;
  // Walk up to the nearest lambda, then ask whether a spawn takes it.
  for (unsigned Depth = 0; Depth < 256; ++Depth) {
    auto Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return std::nullopt;
    Node = Parents[0];
    if (const auto *L = Node.get<LambdaExpr>()) {
      Inner = L;
      break;
    }
    if (Node.get<FunctionDecl>() && !Node.get<CXXMethodDecl>())
      return std::nullopt;
    if (const auto *MD = Node.get<CXXMethodDecl>())
      if (!MD->getParent()->isLambda())
        return std::nullopt;
  }
  if (!Inner)
    return std::nullopt;

  // The lambda is an argument of a spawn, directly or through a variable.
  const VarDecl *ViaVar = nullptr;
  DynTypedNode Up = DynTypedNode::create(*Inner);
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    auto Parents = Ctx.getParents(Up);
    if (Parents.empty())
      break;
    Up = Parents[0];
    if (const auto *E = Up.get<Expr>()) {
      if (auto Spawn = classifySpawn(E, Opts))
        if (Spawn->Callable &&
            stripCallableWrappers(Spawn->Callable) == Inner)
          return Spawn;
      continue;
    }
    if (const auto *VD = Up.get<VarDecl>())
      ViaVar = VD;
    break;
  }
  if (ViaVar) {
    // Find the enclosing function body and a spawn that names the variable.
    DynTypedNode F = Up;
    for (unsigned Depth = 0; Depth < 256; ++Depth) {
      auto Parents = Ctx.getParents(F);
      if (Parents.empty())
        break;
      F = Parents[0];
      const Stmt *Body = nullptr;
      if (const auto *FD = F.get<FunctionDecl>())
        Body = FD->getBody();
      else if (const auto *L = F.get<LambdaExpr>())
        Body = L->getBody();
      if (!Body)
        continue;
      for (const ThreadSpawn &Sp : findSpawns(Body, Opts))
        if (Sp.Callable)
          if (const auto *DRE =
                  dyn_cast<DeclRefExpr>(stripCallableWrappers(Sp.Callable)))
            if (DRE->getDecl() == ViaVar)
              return Sp;
      break;
    }
  }
  // A lambda nested in a spawned lambda runs on that thread too.
  return enclosingSpawnedCallable(Inner, Ctx, Opts);
}

std::optional<ThreadSpawn> classifyContainerEmplace(const Expr *E,
                                                    const SpawnOptions &Opts) {
  const auto *MC = dyn_cast_or_null<CXXMemberCallExpr>(E);
  if (!MC || MC->getNumArgs() == 0)
    return std::nullopt;
  const CXXMethodDecl *MD = MC->getMethodDecl();
  if (!MD || !MD->getIdentifier())
    return std::nullopt;
  llvm::StringRef Name = MD->getName();
  if (Name != "emplace_back" && Name != "emplace" && Name != "emplace_front")
    return std::nullopt;
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      MC->getRecordDecl());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return std::nullopt;
  const CXXRecordDecl *Elem =
      recordOf(Spec->getTemplateArgs()[0].getAsType());
  if (!Elem)
    return std::nullopt;
  bool IsJThread = qualified(Elem) == "::std::jthread";
  bool IsThread = IsJThread || llvm::any_of(Opts.ThreadTypes,
                                            [&](const std::string &T) {
                                              return nameMatches(Elem, T);
                                            });
  if (!IsThread)
    return std::nullopt;
  // emplace(pos, f, ...) on sequence containers takes a position first.
  unsigned First = Name == "emplace" && MC->getNumArgs() >= 2 &&
                           !looksCallable(MC->getArg(0))
                       ? 1
                       : 0;
  // Emplacing an existing thread (emplace_back(std::move(t))) starts nothing.
  const Expr *Arg = MC->getArg(First);
  if (const CXXRecordDecl *ArgRD = recordOf(Arg->getType()))
    if (ArgRD->getCanonicalDecl() == Elem->getCanonicalDecl())
      return std::nullopt;
  ThreadSpawn S;
  S.Site = MC;
  S.Kind = IsJThread ? SpawnKind::JThread : SpawnKind::Thread;
  S.Callable = Arg;
  collectArgs(MC, First + 1, S.ForwardedArgs);
  return S;
}

namespace {

/// The variables (and members of `this`) whose value can change from one
/// iteration of a loop to the next, and the question whether an expression
/// evaluated in the loop can.
class IterationVariance {
public:
  IterationVariance(const Stmt *Loop, const Expr *SpawnSite)
      : SpawnSite(SpawnSite) {
    if (const auto *R = dyn_cast<CXXForRangeStmt>(Loop))
      addVar(R->getLoopVariable());
    collect(Loop);
    // Variables declared in the loop, in source order: each is fresh per
    // iteration and varies when its initialiser does.
    for (const VarDecl *VD : LoopLocals)
      if (VD->getInit() && varies(VD->getInit()))
        addVar(VD);
  }

  bool varies(const Stmt *S) const {
    if (!S)
      return false;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      return Varying.contains(DRE->getDecl());
    if (const auto *ME = dyn_cast<MemberExpr>(S)) {
      if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        return Varying.contains(ME->getMemberDecl());
      return varies(ME->getBase());
    }
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      // The body runs in the new thread; what the loop hands over is the
      // captures.
      for (const LambdaCapture &C : LE->captures())
        if (C.capturesVariable() && Varying.contains(C.getCapturedVar()))
          return true;
      for (const Expr *Init : LE->capture_inits())
        if (varies(Init))
          return true;
      return false;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(S))
      if (UO->isIncrementDecrementOp())
        return true;
    if (const auto *BO = dyn_cast<BinaryOperator>(S))
      if (BO->isAssignmentOp())
        return true;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      if (callMayDifferPerCall(Call))
        return true;
    for (const Stmt *C : S->children())
      if (varies(C))
        return true;
    return false;
  }

private:
  const Expr *SpawnSite;
  llvm::DenseSet<const ValueDecl *> Varying;
  std::vector<const VarDecl *> LoopLocals;

  void addVar(const VarDecl *VD) {
    if (!VD)
      return;
    Varying.insert(VD);
    if (const auto *DD = dyn_cast<DecompositionDecl>(VD))
      for (const BindingDecl *B : DD->bindings())
        Varying.insert(B);
  }

  static bool isNonConstMethod(const FunctionDecl *FD) {
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
    return MD && MD->isInstance() && !MD->isConst();
  }

  /// A call whose result may change from one call to the next with the same
  /// arguments: it changes its object, or it is a function outside namespace
  /// std (or an unknown callee). Overloaded operators and constructors are
  /// taken to depend on their operands only.
  static bool callMayDifferPerCall(const CallExpr *Call) {
    const FunctionDecl *FD = Call->getDirectCallee();
    if (!FD)
      return !Call->isTypeDependent();
    if (isNonConstMethod(FD))
      return true;
    if (FD->isCXXInstanceMember() || FD->isOverloadedOperator())
      return false;
    return !inNamespace(FD, "std");
  }

  /// Records that the object \p E designates is modified. Modifying what a
  /// pointer points to does not change the pointer.
  void markModified(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      Varying.insert(DRE->getDecl());
    } else if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
        Varying.insert(ME->getMemberDecl());
      else if (!ME->isArrow())
        markModified(ME->getBase());
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      if (AS->getBase()->IgnoreParenImpCasts()->getType()->isArrayType())
        markModified(AS->getBase());
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (Op->getOperator() == OO_Subscript && Op->getNumArgs() > 0)
        markModified(Op->getArg(0));
    }
  }

  /// A parameter of type `T &` (non-const) or `T *` (to non-const) that is
  /// not a forwarding reference (`T &&` deduced to `T &`, as in emplace_back
  /// and std::thread's constructor, which pass their arguments on).
  static bool modifiesThrough(const FunctionDecl *FD, unsigned I) {
    if (!FD || I >= FD->getNumParams())
      return false;
    QualType T = FD->getParamDecl(I)->getType();
    QualType Pointee;
    if (T->isLValueReferenceType())
      Pointee = T->getPointeeType();
    else if (T->isPointerType())
      Pointee = T->getPointeeType();
    else
      return false;
    if (Pointee.isConstQualified())
      return false;
    if (const FunctionDecl *Pattern = FD->getTemplateInstantiationPattern())
      if (I < Pattern->getNumParams() &&
          Pattern->getParamDecl(I)->getType()->isRValueReferenceType())
        return false;
    return true;
  }

  void collectConditionVariable(const Stmt *S) {
    const VarDecl *CV = nullptr;
    if (const auto *W = dyn_cast<WhileStmt>(S))
      CV = W->getConditionVariable();
    else if (const auto *F = dyn_cast<ForStmt>(S))
      CV = F->getConditionVariable();
    else if (const auto *I = dyn_cast<IfStmt>(S))
      CV = I->getConditionVariable();
    else if (const auto *Sw = dyn_cast<SwitchStmt>(S))
      CV = Sw->getConditionVariable();
    if (CV)
      LoopLocals.push_back(CV);
  }

  void collect(const Stmt *S) {
    if (!S)
      return;
    if (const auto *LE = dyn_cast<LambdaExpr>(S)) {
      // The body runs when the lambda is called, maybe on another thread;
      // only the captures are evaluated here.
      for (const Expr *Init : LE->capture_inits())
        collect(Init);
      return;
    }
    collectConditionVariable(S);
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          LoopLocals.push_back(VD);
    if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
      if (UO->isIncrementDecrementOp())
        markModified(UO->getSubExpr());
    } else if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->isAssignmentOp())
        markModified(BO->getLHS());
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
      if (isNonConstMethod(MC->getMethodDecl()))
        if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens());
            ME && !ME->isArrow())
          markModified(ME->getBase());
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
      if (isNonConstMethod(Op->getDirectCallee()) && Op->getNumArgs() > 0 &&
          Op->getOperator() != OO_Subscript && Op->getOperator() != OO_Arrow &&
          Op->getOperator() != OO_Star)
        markModified(Op->getArg(0));
    }
    // Arguments passed to a non-const reference or pointer parameter of a
    // function (not of a constructor, which usually just holds on to it, and
    // not of the spawn, which hands them to the thread).
    if (const auto *Call = dyn_cast<CallExpr>(S); Call && S != SpawnSite) {
      const FunctionDecl *FD = Call->getDirectCallee();
      unsigned Shift = isa<CXXOperatorCallExpr>(Call) &&
                               isa_and_nonnull<CXXMethodDecl>(FD)
                           ? 1
                           : 0;
      for (unsigned I = Shift; I < Call->getNumArgs(); ++I) {
        if (!modifiesThrough(FD, I - Shift))
          continue;
        const Expr *A = Call->getArg(I)->IgnoreParenImpCasts();
        if (const auto *UO = dyn_cast<UnaryOperator>(A);
            UO && UO->getOpcode() == UO_AddrOf)
          markModified(UO->getSubExpr());
        else if (!A->getType()->isPointerType())
          markModified(A);
      }
    }
    for (const Stmt *C : S->children())
      collect(C);
  }
};

} // namespace

bool spawnVariesPerIteration(const ThreadSpawn &S, const Stmt *Loop) {
  if (!S.Site || !Loop)
    return true;
  IterationVariance V(Loop, S.Site);
  if (V.varies(S.Callable))
    return true;
  return llvm::any_of(S.ForwardedArgs,
                      [&](const Expr *A) { return V.varies(A); });
}

namespace {

/// Finds a worker loop in an entry function's body (see runsWorkerLoop).
class WorkerLoopFinder {
public:
  /// \p Depth: calls from the entry still to follow into their callees;
  /// \p Visited: functions already scanned along this search.
  WorkerLoopFinder(const FunctionDecl *Entry, unsigned Depth,
                   llvm::SmallPtrSetImpl<const FunctionDecl *> &Visited)
      : Depth(Depth), Visited(Visited) {
    Visited.insert(Entry->getCanonicalDecl());
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Entry)) {
      const CXXRecordDecl *RD = MD->getParent();
      if (RD->isLambda()) {
        FieldDecl *ThisField = nullptr;
        RD->getCaptureFields(CaptureFields, ThisField);
      } else if (MD->getOverloadedOperator() == OO_Call) {
        // A functor's copy is the thread's own: its value members are too.
        FunctorOwnsMembers = true;
      }
    }
  }

  bool find(const Stmt *Body) {
    scan(Body, /*InLoop=*/false, /*Discarded=*/true);
    return Found;
  }

private:
  unsigned Depth;
  llvm::SmallPtrSetImpl<const FunctionDecl *> &Visited;
  llvm::DenseMap<const ValueDecl *, FieldDecl *> CaptureFields;
  bool FunctorOwnsMembers = false;

  /// A worker loop in a function the thread calls: a direct, non-virtual
  /// (or final) callee defined in this TU outside system headers. In the
  /// callee, what it reaches through `this` or a reference or pointer
  /// parameter counts as shared, as for the entry itself.
  void follow(const CallExpr *Call) {
    if (Depth == 0)
      return;
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(Callee))
      if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
          !MD->getParent()->hasAttr<FinalAttr>())
        return;
    const FunctionDecl *Def = nullptr;
    if (!Callee->hasBody(Def) || !Def->getBody() ||
        Def->getASTContext().getSourceManager().isInSystemHeader(
            Def->getLocation()) ||
        !Visited.insert(Def->getCanonicalDecl()).second)
      return;
    if (WorkerLoopFinder(Def, Depth - 1, Visited).find(Def->getBody()))
      Found = true;
  }
  bool Found = false;
  /// Per loop scanned: objects read by reference and objects removed from.
  llvm::DenseSet<const Decl *> ReadByRef, Removed;

  /// Whether the object \p E designates is shared with other threads.
  bool shared(const Expr *E) const {
    while (E) {
      E = E->IgnoreParenImpCasts();
      if (const auto *ME = dyn_cast<MemberExpr>(E)) {
        const Expr *Base = ME->getBase()->IgnoreParenImpCasts();
        QualType T = ME->getMemberDecl()->getType();
        if (T->isReferenceType())
          return true;
        if (isa<CXXThisExpr>(Base))
          return !FunctorOwnsMembers;
        if (ME->isArrow())
          return true;
        E = Base;
        continue;
      }
      if (isa<CXXThisExpr>(E))
        return !FunctorOwnsMembers;
      if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
        if (AS->getBase()->IgnoreParenImpCasts()->getType()->isPointerType())
          return true;
        E = AS->getBase();
        continue;
      }
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
        if (Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow)
          return true;
        if (Op->getOperator() == OO_Subscript && Op->getNumArgs() > 0) {
          E = Op->getArg(0);
          continue;
        }
        return false;
      }
      if (const auto *UO = dyn_cast<UnaryOperator>(E))
        return UO->getOpcode() == UO_Deref;
      if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
        const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        if (!VD)
          return false;
        if (VD->hasGlobalStorage() || VD->getType()->isReferenceType())
          return true;
        auto It = CaptureFields.find(VD);
        if (It != CaptureFields.end())
          return It->second->getType()->isReferenceType();
        return false; // a local or a by-value parameter of the entry
      }
      return false;
    }
    return false;
  }

  /// The declaration naming the object \p E designates, to pair a read
  /// with a removal on the same object.
  static const Decl *objectKey(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      return ME->getMemberDecl();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE->getDecl();
    return nullptr;
  }

  void visitExpr(const Expr *E, bool Discarded) {
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *M = MC->getMethodDecl();
      const Expr *Obj = MC->getImplicitObjectArgument();
      if (M && Obj && M->isInstance() && !M->isConst() && shared(Obj)) {
        QualType Ret = M->getReturnType();
        if (!Discarded && !Ret->isVoidType() && !Ret->isReferenceType() &&
            !Ret->isPointerType())
          Found = true;
        else if (!Discarded && Ret->isReferenceType())
          ReadByRef.insert(objectKey(Obj));
        else if (Discarded)
          Removed.insert(objectKey(Obj));
      }
      return;
    }
    if (Discarded)
      return;
    const Expr *Target = nullptr;
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->isIncrementDecrementOp())
        Target = UO->getSubExpr();
    } else if (const auto *CA = dyn_cast<CompoundAssignOperator>(E)) {
      Target = CA->getLHS();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      switch (Op->getOperator()) {
      case OO_PlusPlus:
      case OO_MinusMinus:
      case OO_PlusEqual:
      case OO_MinusEqual:
        if (Op->getNumArgs() > 0)
          Target = Op->getArg(0);
        break;
      default:
        break;
      }
    }
    if (Target && shared(Target))
      Found = true;
  }

  /// Scans \p S; \p Discarded: \p S stands as a statement of its own.
  void scan(const Stmt *S, bool InLoop, bool Discarded) {
    if (!S || Found || isa<LambdaExpr>(S))
      return;
    if (const auto *Call = dyn_cast<CallExpr>(S))
      follow(Call);
    if (const auto *R = dyn_cast<CXXForRangeStmt>(S)) {
      // The range, begin and end are evaluated once, before the loop.
      scanLoop({R->getCond(), R->getInc(), R->getLoopVarStmt()},
               {R->getBody()});
      return;
    }
    if (const auto *F = dyn_cast<ForStmt>(S)) {
      scan(F->getInit(), InLoop, true);
      scanLoop({F->getConditionVariableDeclStmt(), F->getCond()},
               {F->getInc(), F->getBody()});
      return;
    }
    if (const auto *W = dyn_cast<WhileStmt>(S)) {
      scanLoop({W->getConditionVariableDeclStmt(), W->getCond()},
               {W->getBody()});
      return;
    }
    if (const auto *D = dyn_cast<DoStmt>(S)) {
      scanLoop({D->getCond()}, {D->getBody()});
      return;
    }
    if (InLoop)
      if (const auto *E = dyn_cast<Expr>(S))
        visitExpr(E, Discarded);
    if (isa<CompoundStmt>(S)) {
      for (const Stmt *C : S->children())
        scan(C, InLoop, true);
      return;
    }
    if (const auto *I = dyn_cast<IfStmt>(S)) {
      scan(I->getInit(), InLoop, true);
      scan(I->getConditionVariableDeclStmt(), InLoop, false);
      scan(I->getCond(), InLoop, false);
      scan(I->getThen(), InLoop, true);
      scan(I->getElse(), InLoop, true);
      return;
    }
    if (isa<SwitchCase, LabelStmt, AttributedStmt>(S)) {
      for (const Stmt *C : S->children())
        scan(C, InLoop, true);
      return;
    }
    // Wrappers keep the statement position of what they wrap.
    bool Keep = isa<ExprWithCleanups, ParenExpr, ImplicitCastExpr,
                    CXXBindTemporaryExpr, MaterializeTemporaryExpr>(S);
    if (const auto *CE = dyn_cast<CStyleCastExpr>(S))
      Keep = CE->getType()->isVoidType();
    for (const Stmt *C : S->children())
      scan(C, InLoop, Keep && Discarded);
  }

  void scanLoop(std::initializer_list<const Stmt *> Used,
                std::initializer_list<const Stmt *> Statements) {
    // A loop pairs the reads and removals of its own iterations.
    llvm::DenseSet<const Decl *> OuterRead, OuterRemoved;
    std::swap(OuterRead, ReadByRef);
    std::swap(OuterRemoved, Removed);
    for (const Stmt *P : Used)
      scan(P, /*InLoop=*/true, /*Discarded=*/false);
    for (const Stmt *P : Statements)
      scan(P, /*InLoop=*/true, /*Discarded=*/true);
    for (const Decl *K : ReadByRef)
      if (K && Removed.contains(K))
        Found = true;
    std::swap(OuterRead, ReadByRef);
    std::swap(OuterRemoved, Removed);
  }
};

} // namespace

bool runsWorkerLoop(const ThreadSpawn &S) {
  const FunctionDecl *Entry = entryFunction(S);
  const FunctionDecl *Def = nullptr;
  if (!Entry || !Entry->hasBody(Def) || !Def->getBody())
    return false;
  llvm::SmallPtrSet<const FunctionDecl *, 8> Visited;
  return WorkerLoopFinder(Def, /*Depth=*/2, Visited).find(Def->getBody());
}

bool isTemplatePattern(const DeclContext *DC) {
  return DC && DC->isDependentContext();
}

} // namespace clang::tidy::conclint::utils
