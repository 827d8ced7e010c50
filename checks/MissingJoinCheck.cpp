//===-- MissingJoinCheck.cpp - conclint-missing-join ----------------------===//
//
// A thread object that is still joinable when it is destroyed or assigned to
// calls std::terminate. Four shapes are reported:
//
//  * a local thread (or a local container of threads) that can leave scope on
//    some path while joinable: a forward "may be joinable" problem solved by
//    utils::runForwardDataflow over the function's cached utils::FunctionCFG,
//    whose implicit destructor elements mark the exits;
//  * move-assigning into a local thread that may still be joinable (same
//    dataflow);
//  * an unnamed temporary thread, destroyed at the end of its statement;
//  * a thread member that no member function of its class joins or detaches.
//
// The CFG is built only for functions that declare a thread-typed local.
// Elements of a local container named by a constant index get state bits of
// their own; an element the check cannot name ends the container's state
// when joined (silence on the unknown).
//
//===----------------------------------------------------------------------===//

#include "MissingJoinCheck.h"
#include "utils/CheckOptions.h"
#include "utils/CFGUtils.h"
#include "utils/Dataflow.h"
#include "utils/Walker.h"

#include "clang-tidy/utils/OptionsUtils.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {
namespace {

/// What one reference to a tracked thread (or container of threads) does.
enum class Use {
  Neutral,     ///< t.joinable(), t.get_id(), v.size(): no change.
  Join,        ///< t.join(): no longer joinable.
  Detach,      ///< t.detach(): no longer joinable.
  Escape,      ///< moved, passed on, bound to a reference: someone else's now.
  Assign,      ///< t = std::thread(...): must not be joinable before.
  AssignEmpty, ///< t = std::thread(): must not be joinable before; empty after.
  Touch,       ///< v.emplace_back(...), v[i] = ...: may hold threads now.
  JoinAll,     ///< a loop or std::for_each joins every element.
  JoinSome,    ///< v.front().join(), v[i].join(): some element, unknown
               ///< which; taken as all (silence on the unknown).
};

bool isJoinOrDetach(StringRef Name) { return Name == "join" || Name == "detach"; }

/// Member functions of a thread that neither end nor hand over the thread and
/// that std::jthread also has with the same meaning.
bool isObserver(StringRef Name) {
  return Name == "joinable" || Name == "get_id" || Name == "native_handle";
}

/// Member functions of a container that cannot add running threads to it:
/// observers, and removals (which destroy threads, never start one; resize
/// adds only empty threads).
bool isContainerObserver(StringRef Name) {
  return Name == "size" || Name == "empty" || Name == "max_size" ||
         Name == "capacity" || Name == "reserve" || Name == "get_allocator" ||
         Name == "clear" || Name == "pop_back" || Name == "pop_front" ||
         Name == "erase" || Name == "resize" || Name == "shrink_to_fit";
}

/// Whether a container initialised by \p Init may hold running threads:
/// not when default-constructed or sized (`std::vector<std::thread> v(n)`
/// holds n empty threads), which leaves arguments of integral or allocator
/// type only.
bool containerStartsFilled(const Expr *Init) {
  if (!Init)
    return false;
  Init = Init->IgnoreImplicit()->IgnoreParens();
  if (const auto *Ctor = dyn_cast<CXXConstructExpr>(Init)) {
    for (const Expr *A : Ctor->arguments()) {
      if (isa<CXXDefaultArgExpr>(A))
        continue;
      QualType T = A->getType().getNonReferenceType();
      if (T->isIntegralOrEnumerationType())
        continue;
      if (const auto *RD = T->getAsCXXRecordDecl())
        if (RD->getIdentifier() && RD->getName().ends_with("allocator"))
          continue;
      return true;
    }
    return false;
  }
  if (const auto *List = dyn_cast<InitListExpr>(Init))
    return List->getNumInits() > 0;
  return true;
}

StringRef calleeName(const CallExpr *C) {
  if (const auto *FD = C->getDirectCallee())
    if (FD->getIdentifier())
      return FD->getName();
  return {};
}

/// A callable whose invocation std::jthread could not mistake for one taking
/// a std::stop_token first: a non-generic lambda, a function, a member
/// function pointer.
bool isPlainCallable(const Expr *E) {
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *M = dyn_cast<MaterializeTemporaryExpr>(E))
    E = M->getSubExpr()->IgnoreImplicit();
  if (const auto *L = dyn_cast<LambdaExpr>(E))
    return !L->getLambdaClass()->isGenericLambda();
  if (const auto *U = dyn_cast<UnaryOperator>(E))
    if (U->getOpcode() == UO_AddrOf)
      E = U->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *D = dyn_cast<DeclRefExpr>(E))
    if (const auto *FD = dyn_cast<FunctionDecl>(D->getDecl()))
      return !FD->getPrimaryTemplate() && !FD->isVariadic();
  return false;
}

/// Records, for every reference to a tracked declaration in a body, what the
/// reference does. Parents are visited before their children, so a reference
/// classified by its parent (a member call, an assignment) keeps that class;
/// every other reference hands the thread over (Escape).
class UseCollector : public utils::Walker {
public:
  UseCollector(const llvm::DenseMap<const ValueDecl *, unsigned> &Index,
               const utils::ThreadTypeSet &Threads,
               const llvm::BitVector &IsContainer, const ASTContext &Ctx)
      : Blocked(IsContainer.size()), NumBits(IsContainer.size()), Index(Index),
        Threads(Threads), IsContainer(IsContainer), Ctx(Ctx) {}

  /// Events at statements: keyed by the DeclRefExpr/MemberExpr of the
  /// reference, or by a std::for_each call that joins a container.
  llvm::DenseMap<const Stmt *, llvm::SmallVector<std::pair<unsigned, Use>, 1>>
      Events;
  /// Loops that join every element of a container, applied on loop exit.
  llvm::DenseMap<const Stmt *, llvm::SmallVector<unsigned, 1>> LoopJoins;
  /// Tracked declarations with a use std::jthread would not accept.
  llvm::BitVector Blocked;
  /// State bits: one per tracked declaration, then one per element of a
  /// container named with a constant index (`pair[1]`, `v.at(0)`).
  unsigned NumBits;
  /// The element bits of each container.
  llvm::DenseMap<unsigned, llvm::SmallVector<unsigned, 2>> ElementBits;

  bool shouldVisitTemplateInstantiations() const override { return true; }

  // A lambda's body is a function of its own: only its captures act here.
  bool TraverseLambdaExpr(LambdaExpr *L) override {
    for (Expr *Init : L->capture_inits())
      if (Init)
        TraverseStmt(Init);
    return true;
  }

  bool VisitDeclStmt(DeclStmt *S) override {
    if (S->isSingleDecl())
      return true;
    for (const Decl *D : S->decls())
      if (auto I = indexOfDecl(D))
        Blocked.set(*I);
    return true;
  }

  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *C) override {
    const Expr *Obj = C->getImplicitObjectArgument();
    const CXXMethodDecl *M = C->getMethodDecl();
    if (!Obj || !M || !M->getIdentifier())
      return true;
    const Expr *Ref = Obj->IgnoreParenImpCasts();
    StringRef Name = M->getName();
    // `p->join()`, `(*p).detach()` through a smart pointer (a class template
    // over a thread type that is dereferenced, not indexed): it owns one
    // thread, and that thread ends.
    if (isJoinOrDetach(Name) && Threads.isThreadRecord(M->getParent()))
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Ref))
        if ((Op->getOperator() == OO_Arrow || Op->getOperator() == OO_Star) &&
            Op->getNumArgs() == 1) {
          const Expr *Owner = Op->getArg(0)->IgnoreParenImpCasts();
          if (auto I = indexOfRef(Owner); I && IsContainer[*I]) {
            record(Owner, *I, Use::JoinAll);
            return true;
          }
        }
    // `pair[0].join()`, `v.front().detach()`: one element ends.
    if (isJoinOrDetach(Name) && Threads.isThreadRecord(M->getParent()))
      if (auto El = elementAccess(Ref)) {
        if (El->Bit)
          record(El->ContainerRef, *El->Bit, Use::Join);
        else
          record(El->ContainerRef, El->Container, Use::JoinSome);
        return true;
      }
    auto I = indexOfRef(Ref);
    if (!I || Events.count(Ref))
      return true;
    if (IsContainer[*I]) {
      record(Ref, *I, isContainerObserver(Name) ? Use::Neutral : Use::Touch);
      return true;
    }
    if (Name == "join")
      record(Ref, *I, Use::Join);
    else if (Name == "detach")
      record(Ref, *I, Use::Detach);
    else if (isObserver(Name))
      record(Ref, *I, Use::Neutral);
    else if (M->isConst() || M->isStatic()) {
      // Cannot end the thread; std::jthread might not have it: no fix.
      record(Ref, *I, Use::Neutral);
      Blocked.set(*I);
    } else {
      // A user type's own member function may join (stop(), shutdown()).
      record(Ref, *I, Use::Escape);
    }
    return true;
  }

  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *C) override {
    if (C->getNumArgs() == 0)
      return true;
    const Expr *Ref = C->getArg(0)->IgnoreParenImpCasts();
    // `pair[1] = std::thread(...)`: that element may run now.
    if (C->getOperator() == OO_Equal && C->getNumArgs() == 2)
      if (auto El = elementAccess(Ref); El && El->Bit) {
        record(El->ContainerRef, *El->Bit,
               startsThread(C->getArg(1)) ? Use::Assign : Use::AssignEmpty);
        return true;
      }
    auto I = indexOfRef(Ref);
    if (!I || Events.count(Ref))
      return true;
    if (IsContainer[*I]) {
      record(Ref, *I, Use::Touch);
      return true;
    }
    if (C->getOperator() != OO_Equal || C->getNumArgs() != 2) {
      record(Ref, *I, Use::Escape);
      return true;
    }
    record(Ref, *I, startsThread(C->getArg(1)) ? Use::Assign : Use::AssignEmpty);
    return true;
  }

  bool VisitCallExpr(CallExpr *C) override {
    if (isa<CXXMemberCallExpr, CXXOperatorCallExpr>(C))
      return true;
    StringRef Name = calleeName(C);
    if (Name != "for_each" && Name != "for_each_n")
      return true;
    if (!llvm::any_of(C->arguments(), [&](const Expr *A) {
          return joinsSomething(A, [](const Expr *) { return true; });
        }))
      return true;
    for (const Expr *A : C->arguments())
      forEachRef(A, [&](const Expr *Ref, unsigned I) {
        if (!IsContainer[I])
          return;
        record(Ref, I, Use::Neutral);
        Events[C].push_back({I, Use::JoinAll});
      });
    return true;
  }

  bool VisitCXXForRangeStmt(CXXForRangeStmt *S) override {
    const Expr *Init = S->getRangeInit();
    if (!Init)
      return true;
    const Expr *Ref = Init->IgnoreParenImpCasts();
    auto I = indexOfRef(Ref);
    if (!I || !IsContainer[*I])
      return true;
    const VarDecl *LoopVar = S->getLoopVariable();
    // `for (auto &[Id, T] : Workers) T.join();` joins through a binding.
    llvm::SmallVector<const ValueDecl *, 3> Names{LoopVar};
    if (const auto *DD = dyn_cast_or_null<DecompositionDecl>(LoopVar))
      for (const BindingDecl *B : DD->bindings())
        Names.push_back(B);
    bool Joins = joinsSomething(S->getBody(), [&](const Expr *Obj) {
      return llvm::any_of(Names,
                          [&](const ValueDecl *N) { return refersTo(Obj, N); });
    });
    record(Ref, *I, Joins ? Use::Neutral : Use::Touch);
    if (Joins)
      LoopJoins[S].push_back(*I);
    return true;
  }

  bool VisitForStmt(ForStmt *S) override {
    // Iterators declared in the init-statement stand for their container.
    llvm::SmallVector<std::pair<const VarDecl *, unsigned>, 2> Iterators;
    if (const auto *DS = dyn_cast_or_null<DeclStmt>(S->getInit()))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          if (VD->getInit())
            forEachRef(VD->getInit(), [&](const Expr *, unsigned I) {
              if (IsContainer[I])
                Iterators.push_back({VD, I});
            });
    addIndexLoop(S, S->getBody(), Iterators);
    return true;
  }
  bool VisitWhileStmt(WhileStmt *S) override {
    addIndexLoop(S, S->getBody(), {});
    return true;
  }
  bool VisitDoStmt(DoStmt *S) override {
    addIndexLoop(S, S->getBody(), {});
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) override {
    defaultUse(E);
    return true;
  }
  bool VisitMemberExpr(MemberExpr *E) override {
    defaultUse(E);
    return true;
  }

  std::optional<unsigned> indexOfDecl(const Decl *D) const {
    if (const auto *VD = dyn_cast_or_null<ValueDecl>(D)) {
      auto It = Index.find(VD);
      if (It != Index.end())
        return It->second;
    }
    return std::nullopt;
  }

  std::optional<unsigned> indexOfRef(const Expr *E) const {
    if (const auto *D = dyn_cast<DeclRefExpr>(E))
      return indexOfDecl(D->getDecl());
    if (const auto *M = dyn_cast<MemberExpr>(E))
      if (isa<FieldDecl>(M->getMemberDecl()))
        return indexOfDecl(M->getMemberDecl());
    return std::nullopt;
  }

  /// Whether \p Init makes a running thread: anything but the default
  /// constructor (or an empty brace list).
  static bool startsThread(const Expr *Init) {
    if (!Init)
      return false;
    Init = Init->IgnoreImplicit()->IgnoreParens();
    if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(Init))
      Init = Cast->getSubExpr()->IgnoreImplicit();
    if (const auto *Ctor = dyn_cast<CXXConstructExpr>(Init))
      return Ctor->getNumArgs() > 0 &&
             !Ctor->getConstructor()->isDefaultConstructor();
    if (const auto *List = dyn_cast<InitListExpr>(Init))
      return List->getNumInits() > 0;
    return true;
  }

  /// Whether \p S contains a join() or detach() of a thread type whose object
  /// satisfies \p Obj.
  template <typename Pred> bool joinsSomething(const Stmt *S, Pred Obj) const {
    if (!S)
      return false;
    if (const auto *C = dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *M = C->getMethodDecl();
      if (M && M->getIdentifier() && isJoinOrDetach(M->getName()) &&
          Threads.isThreadRecord(M->getParent()) &&
          Obj(C->getImplicitObjectArgument()))
        return true;
    }
    // &std::thread::join handed to an algorithm (std::mem_fn and friends).
    if (const auto *D = dyn_cast<DeclRefExpr>(S))
      if (const auto *M = dyn_cast<CXXMethodDecl>(D->getDecl()))
        if (M->getIdentifier() && isJoinOrDetach(M->getName()) &&
            Threads.isThreadRecord(M->getParent()))
          return true;
    if (const auto *L = dyn_cast<LambdaExpr>(S))
      return joinsSomething(L->getBody(), Obj);
    for (const Stmt *Child : S->children())
      if (joinsSomething(Child, Obj))
        return true;
    return false;
  }

  /// An element of a tracked container: `c[K]`, `c.at(K)` with a constant
  /// K (Bit names it), or `c[i]`, `c.front()`, `c.back()` (no Bit).
  struct Element {
    const Expr *ContainerRef;
    unsigned Container;
    std::optional<unsigned> Bit;
  };
  std::optional<Element> elementAccess(const Expr *E) {
    E = E->IgnoreParenImpCasts();
    const Expr *Base = nullptr;
    const Expr *IndexArg = nullptr;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
      if (Op->getOperator() != OO_Subscript || Op->getNumArgs() != 2)
        return std::nullopt;
      Base = Op->getArg(0);
      IndexArg = Op->getArg(1);
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
      const CXXMethodDecl *M = MC->getMethodDecl();
      if (!M || !M->getIdentifier())
        return std::nullopt;
      StringRef Name = M->getName();
      if (Name == "at" && MC->getNumArgs() == 1)
        IndexArg = MC->getArg(0);
      else if (Name != "front" && Name != "back")
        return std::nullopt;
      Base = MC->getImplicitObjectArgument();
    } else {
      return std::nullopt;
    }
    if (!Base)
      return std::nullopt;
    const Expr *Ref = Base->IgnoreParenImpCasts();
    auto I = indexOfRef(Ref);
    if (!I || !IsContainer[*I])
      return std::nullopt;
    Element El{Ref, *I, std::nullopt};
    if (IndexArg && !IndexArg->isValueDependent())
      if (auto K = IndexArg->getIntegerConstantExpr(Ctx)) {
        auto Key = std::make_pair(*I, K->getExtValue());
        auto [It, New] = ElementBitOf.try_emplace(Key, NumBits);
        if (New) {
          ElementBits[*I].push_back(NumBits);
          ++NumBits;
        }
        El.Bit = It->second;
      }
    return El;
  }

private:
  llvm::DenseMap<std::pair<unsigned, int64_t>, unsigned> ElementBitOf;

  void record(const Expr *Ref, unsigned I, Use U) {
    Events[Ref].push_back({I, U});
    if (U != Use::Join && U != Use::Neutral && I < Blocked.size())
      Blocked.set(I);
  }

  void defaultUse(const Expr *E) {
    auto I = indexOfRef(E);
    if (!I || Events.count(E))
      return;
    record(E, *I, Use::Escape);
  }

  template <typename Fn> void forEachRef(const Stmt *S, Fn F) const {
    if (!S)
      return;
    if (const auto *E = dyn_cast<Expr>(S))
      if (auto I = indexOfRef(E))
        F(E, *I);
    for (const Stmt *Child : S->children())
      forEachRef(Child, F);
  }

  static bool refersTo(const Stmt *S, const ValueDecl *D) {
    if (!S || !D)
      return false;
    if (const auto *R = dyn_cast<DeclRefExpr>(S))
      if (R->getDecl() == D)
        return true;
    if (const auto *M = dyn_cast<MemberExpr>(S))
      if (M->getMemberDecl() == D)
        return true;
    for (const Stmt *Child : S->children())
      if (refersTo(Child, D))
        return true;
    return false;
  }

  /// A counted or iterator loop whose body joins elements of a container,
  /// e.g. `for (i...) v[i].join();` or `for (it = v.begin(); ...) it->join();`.
  void addIndexLoop(
      const Stmt *Loop, const Stmt *Body,
      llvm::ArrayRef<std::pair<const VarDecl *, unsigned>> Iterators) {
    for (const auto &[D, I] : Index) {
      if (!IsContainer[I])
        continue;
      bool Joins = joinsSomething(Body, [&](const Expr *Obj) {
        if (refersTo(Obj, D))
          return true;
        return llvm::any_of(Iterators, [&](const auto &It) {
          return It.second == I && refersTo(Obj, It.first);
        });
      });
      if (Joins)
        LoopJoins[Loop].push_back(I);
    }
  }

  const llvm::DenseMap<const ValueDecl *, unsigned> &Index;
  const utils::ThreadTypeSet &Threads;
  const llvm::BitVector &IsContainer;
  const ASTContext &Ctx;
};

/// Where a leak or a bad assignment was seen, for one tracked variable.
struct Finding {
  llvm::SmallVector<SourceLocation, 2> Exits;
  llvm::SmallVector<SourceLocation, 1> Assignments;
};

void addUnique(llvm::SmallVectorImpl<SourceLocation> &Locs, SourceLocation L) {
  if (!llvm::is_contained(Locs, L))
    Locs.push_back(L);
}

} // namespace

MissingJoinCheck::MissingJoinCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      WarnOnDetach(Options.get("WarnOnDetach", false)),
      RawThreadTypes(Options.get("ThreadTypes", "::std::thread")),
      Threads(tidy::utils::options::parseStringList(RawThreadTypes)),
      Inserter(Options.getLocalOrGlobal("IncludeStyle",
                                        tidy::utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {}

void MissingJoinCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "WarnOnDetach", WarnOnDetach);
  Options.store(Opts, "ThreadTypes", RawThreadTypes);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void MissingJoinCheck::registerPPCallbacks(const SourceManager &SM,
                                           Preprocessor *PP,
                                           Preprocessor *ModuleExpanderPP) {
  Inserter.registerPreprocessor(PP);
}

void MissingJoinCheck::registerMatchers(MatchFinder *Finder) {
  std::vector<StringRef> Names(Threads.names().begin(), Threads.names().end());
  if (Names.empty())
    return;
  auto ThreadRecord = cxxRecordDecl(hasAnyName(Names));
  auto ThreadType = qualType(
      hasUnqualifiedDesugaredType(recordType(hasDeclaration(ThreadRecord))));
  auto ContainerType = qualType(hasUnqualifiedDesugaredType(
      recordType(hasDeclaration(classTemplateSpecializationDecl(
          hasAnyTemplateArgument(refersToType(ThreadType)))))));
  auto ThreadOrContainer = qualType(anyOf(ThreadType, ContainerType));

  Finder->addMatcher(varDecl(hasLocalStorage(), unless(parmVarDecl()),
                             hasType(ThreadOrContainer))
                         .bind("local"),
                     this);
  // An unnamed temporary whose value is discarded: a statement of its own
  // (in a block, a branch, a loop body, a case) or cast to void. Matched
  // from the statement down, so no parent map has to be built.
  auto ThreadCtor =
      cxxConstructExpr(hasType(ThreadType), unless(argumentCountIs(0)))
          .bind("construct");
  auto Temporary = ignoringImplicit(
      anyOf(ThreadCtor, cxxFunctionalCastExpr(has(ignoringImplicit(ThreadCtor)))));
  auto Discarded = expr(anyOf(
      Temporary,
      ignoringImplicit(explicitCastExpr(hasDestinationType(voidType()),
                                        hasSourceExpression(Temporary)))));
  Finder->addMatcher(stmt(anyOf(compoundStmt(), ifStmt(), forStmt(),
                                cxxForRangeStmt(), whileStmt(), doStmt(),
                                switchCase(), labelStmt()),
                          forEach(Discarded)),
                     this);
  Finder->addMatcher(fieldDecl(hasType(ThreadOrContainer)).bind("field"),
                     this);
  if (WarnOnDetach)
    Finder->addMatcher(cxxMemberCallExpr(callee(cxxMethodDecl(
                                             hasName("detach"),
                                             ofClass(ThreadRecord))))
                           .bind("detach"),
                       this);
}

void MissingJoinCheck::onEndOfTranslationUnit() {
  CFGs.clear();
  AnalyzedFunctions.clear();
  AnalyzedFields.clear();
  Reported.clear();
}

bool MissingJoinCheck::firstReportAt(SourceLocation Loc) {
  return Reported.first(Loc);
}

void MissingJoinCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (const auto *VD = Result.Nodes.getNodeAs<VarDecl>("local")) {
    const auto *FD = dyn_cast_or_null<FunctionDecl>(
        VD->getParentFunctionOrMethod());
    // Templates are analysed on their instantiations (ThreadEntryPoints.h).
    if (FD && !utils::isTemplatePattern(FD) &&
        AnalyzedFunctions.insert(FD).second)
      analyzeFunction(FD, Ctx);
    return;
  }
  if (const auto *E = Result.Nodes.getNodeAs<CXXConstructExpr>("construct")) {
    checkTemporary(E, Ctx);
    return;
  }
  if (const auto *F = Result.Nodes.getNodeAs<FieldDecl>("field")) {
    if (AnalyzedFields.insert(F).second)
      checkMember(F, Ctx);
    return;
  }
  if (const auto *C = Result.Nodes.getNodeAs<CXXMemberCallExpr>("detach")) {
    SourceLocation Loc = C->getExprLoc();
    if (firstReportAt(Loc))
      diag(Loc, "detached thread can outlive the objects it uses; join it "
                "instead, or use std::jthread");
  }
}

//===----------------------------------------------------------------------===//
// Local threads and local containers of threads: dataflow over the CFG.
//===----------------------------------------------------------------------===//

void MissingJoinCheck::analyzeFunction(const FunctionDecl *FD,
                                       ASTContext &Ctx) {
  if (!FD->hasBody() || isa<CoroutineBodyStmt>(FD->getBody()))
    return;

  // The tracked variables: automatic threads and containers of threads
  // declared directly in this function (a lambda's are its own).
  llvm::SmallVector<const VarDecl *, 4> Vars;
  llvm::DenseMap<const ValueDecl *, unsigned> Index;
  struct Collect : utils::Walker {
    const FunctionDecl *FD;
    const utils::ThreadTypeSet &Threads;
    llvm::SmallVectorImpl<const VarDecl *> &Vars;
    Collect(const FunctionDecl *FD, const utils::ThreadTypeSet &Threads,
            llvm::SmallVectorImpl<const VarDecl *> &Vars)
        : FD(FD), Threads(Threads), Vars(Vars) {}
    bool TraverseLambdaExpr(LambdaExpr *) override { return true; }
    bool VisitVarDecl(VarDecl *VD) override {
      if (VD->hasLocalStorage() && !isa<ParmVarDecl>(VD) &&
          VD->getParentFunctionOrMethod() == FD &&
          (Threads.isThread(VD->getType()) ||
           Threads.isThreadContainer(VD->getType())))
        Vars.push_back(VD);
      return true;
    }
  } Collector(FD, Threads, Vars);
  Collector.TraverseStmt(FD->getBody());
  if (Vars.empty())
    return;
  llvm::BitVector IsContainer(Vars.size());
  for (unsigned I = 0; I < Vars.size(); ++I) {
    Index[Vars[I]] = I;
    if (!Threads.isThread(Vars[I]->getType()))
      IsContainer.set(I);
  }

  UseCollector Uses(Index, Threads, IsContainer, Ctx);
  Uses.TraverseStmt(FD->getBody());

  const utils::FunctionCFG *G = CFGs.get(FD, FD->getBody(), Ctx);
  if (!G)
    return;

  const unsigned N = Vars.size();
  std::vector<Finding> Findings(N);
  // A container's own bit and the bits of its constant-index elements.
  auto ResetAll = [&](llvm::BitVector &State, unsigned I) {
    State.reset(I);
    auto It = Uses.ElementBits.find(I);
    if (It != Uses.ElementBits.end())
      for (unsigned B : It->second)
        State.reset(B);
  };
  auto AnySet = [&](const llvm::BitVector &State, unsigned I) {
    if (State[I])
      return true;
    auto It = Uses.ElementBits.find(I);
    return It != Uses.ElementBits.end() &&
           llvm::any_of(It->second, [&](unsigned B) { return State[B]; });
  };

  // One element's effect on "may be joinable". Declarations start a thread
  // unless default-constructed; a join, detach or hand-over ends our
  // responsibility; filling a container may add running threads.
  auto Transfer = [&](const CFGElement &E, llvm::BitVector &State) {
    auto S = E.getAs<CFGStmt>();
    if (!S)
      return;
    const Stmt *St = S->getStmt();
    if (const auto *DS = dyn_cast<DeclStmt>(St)) {
      for (const Decl *D : DS->decls())
        if (auto I = Uses.indexOfDecl(D)) {
          const Expr *Init = cast<VarDecl>(D)->getInit();
          ResetAll(State, *I);
          State[*I] = IsContainer[*I] ? containerStartsFilled(Init)
                                      : UseCollector::startsThread(Init);
        }
      return;
    }
    auto It = Uses.Events.find(St);
    if (It == Uses.Events.end())
      return;
    for (auto [I, U] : It->second) {
      switch (U) {
      case Use::Neutral:
        break;
      case Use::Join:
      case Use::Detach:
        State.reset(I);
        break;
      case Use::Escape:
      case Use::JoinAll:
      case Use::JoinSome:
        if (I < N)
          ResetAll(State, I);
        else
          State.reset(I);
        break;
      case Use::Touch:
        State.set(I);
        break;
      case Use::Assign:
      case Use::AssignEmpty:
        State[I] = U == Use::Assign;
        break;
      }
    }
  };

  auto Join = [](llvm::BitVector &Into, const llvm::BitVector &From) {
    llvm::BitVector Before = Into;
    Into |= From;
    return Into != Before;
  };

  // What the CFG shows along one edge: leaving a loop that joins every
  // element of a container (its exit edge), and the false edge of
  // `if (t.joinable())` (also `while`, `?:`, `&&`, `||` and negations).
  auto Edge = [&](const CFGBlock &B, unsigned Succ, llvm::BitVector &State) {
    if (const Stmt *T = B.getTerminatorStmt()) {
      auto It = Uses.LoopJoins.find(T);
      if (It != Uses.LoopJoins.end() && Succ == 1)
        for (unsigned I : It->second)
          ResetAll(State, I);
    }
    const auto *Cond = dyn_cast_or_null<Expr>(B.getTerminatorCondition());
    if (!Cond)
      return;
    bool Negated = false;
    Cond = utils::peelNegations(Cond, Negated);
    const auto *Call = dyn_cast<CXXMemberCallExpr>(Cond);
    if (!Call || !Call->getMethodDecl() ||
        !Call->getMethodDecl()->getIdentifier() ||
        Call->getMethodDecl()->getName() != "joinable")
      return;
    auto I = Uses.indexOfRef(
        Call->getImplicitObjectArgument()->IgnoreParenImpCasts());
    if (I && !IsContainer[*I] && Succ == (Negated ? 0u : 1u))
      State.reset(*I);
  };

  // "May be joinable": a finite bit vector joined by union under a monotone
  // transfer. A result that did not converge proves nothing: stay silent.
  utils::DataflowResult<llvm::BitVector> R = utils::runForwardDataflow(
      *G, llvm::BitVector(Uses.NumBits), Transfer, Join, Edge);
  if (!R.Converged)
    return;

  // Findings: an assignment or a scope exit reached with the bit set.
  for (const CFGBlock *B : G->cfg())
    utils::replayBlock(
        R, *B, Transfer,
        [&](const CFGElement &E, const llvm::BitVector &State) {
          if (auto S = E.getAs<CFGStmt>()) {
            auto It = Uses.Events.find(S->getStmt());
            if (It == Uses.Events.end())
              return;
            for (auto [I, U] : It->second)
              if ((U == Use::Assign || U == Use::AssignEmpty) && I < N &&
                  State[I])
                addUnique(Findings[I].Assignments,
                          S->getStmt()->getBeginLoc());
          } else if (auto D = E.getAs<CFGAutomaticObjDtor>()) {
            if (auto I = Uses.indexOfDecl(D->getVarDecl()))
              if (AnySet(State, *I))
                addUnique(Findings[*I].Exits, utils::scopeExitLocation(*D));
          }
        });

  const LangOptions &LO = Ctx.getLangOpts();
  const SourceManager &SM = Ctx.getSourceManager();
  for (unsigned I = 0; I < N; ++I) {
    const VarDecl *VD = Vars[I];
    Finding &F = Findings[I];
    llvm::sort(F.Exits, [&](SourceLocation A, SourceLocation B) {
      return SM.isBeforeInTranslationUnit(A, B);
    });
    for (SourceLocation A : F.Assignments)
      if (firstReportAt(A))
        diag(A, "thread %0 is assigned to while it may still be joinable, "
                "which calls std::terminate")
            << VD;
    if (F.Exits.empty() || !firstReportAt(VD->getLocation()))
      continue;

    if (IsContainer[I]) {
      diag(VD->getLocation(), "threads in %0 can be destroyed while "
                              "joinable, which calls std::terminate")
          << VD;
      for (SourceLocation L : F.Exits)
        diag(L, "%0 leaves scope here without a loop that joins its threads",
             DiagnosticIDs::Note)
            << VD;
      continue;
    }

    // The jthread fix: std::thread only, C++20, a local declared alone and
    // directly initialized with a plain callable, used only in ways
    // std::jthread supports with the same meaning.
    const bool IsStdThread = utils::qualifiedName(
                                 VD->getType()->getAsCXXRecordDecl()) ==
                             "::std::thread";
    bool CanFix = LO.CPlusPlus20 && !Uses.Blocked[I] && IsStdThread &&
             !FD->isTemplateInstantiation() &&
             !VD->getType()->getContainedAutoType();
    const auto *Init = dyn_cast_or_null<CXXConstructExpr>(
        VD->getInit() ? VD->getInit()->IgnoreImplicit() : nullptr);
    if (CanFix)
      CanFix = Init && !isa<CXXTemporaryObjectExpr>(Init) &&
               Init->getNumArgs() > 0 &&
               !Init->getConstructor()->isCopyOrMoveConstructor() &&
               isPlainCallable(Init->getArg(0));
    SourceRange TypeRange;
    if (CanFix && VD->getTypeSourceInfo()) {
      TypeRange = VD->getTypeSourceInfo()->getTypeLoc().getSourceRange();
      CanFix = TypeRange.isValid() && !TypeRange.getBegin().isMacroID() &&
               !TypeRange.getEnd().isMacroID();
    } else {
      CanFix = false;
    }

    diag(VD->getLocation(), "thread %0 can be destroyed while "
                            "joinable, which calls std::terminate")
        << VD;
    // The fix changes what the program does (the destructor joins, and may
    // wait, where it terminated), so it sits on a note: applied with
    // --fix-notes, offered as a quick fix in the editor, never by plain -fix.
    if (CanFix) {
      auto N = diag(VD->getLocation(),
                    "declare %0 as std::jthread, which joins when destroyed "
                    "(the scope then waits for the thread)",
                    DiagnosticIDs::Note)
               << VD;
      N << FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(TypeRange), "std::jthread");
      N << Inserter.createIncludeInsertion(
          SM.getFileID(SM.getExpansionLoc(VD->getLocation())), "<thread>");
    } else
      diag(VD->getLocation(),
           !IsStdThread ? "join %0 on every path before it leaves scope"
           : LO.CPlusPlus20
               ? "join %0 on every path before it leaves scope, or declare "
                 "it as std::jthread, which joins when destroyed"
               : "join %0 on every path before it leaves scope, or give it "
                 "an owner whose destructor joins it",
           DiagnosticIDs::Note)
          << VD;
    for (SourceLocation L : F.Exits)
      diag(L, "%0 leaves scope here without join() or detach()",
           DiagnosticIDs::Note)
          << VD;
  }
}

//===----------------------------------------------------------------------===//
// Unnamed temporaries: `std::thread{f};`, `std::thread(f, x);`.
//===----------------------------------------------------------------------===//

void MissingJoinCheck::checkTemporary(const CXXConstructExpr *E,
                                      ASTContext &Ctx) {
  if (E->getConstructor()->isCopyOrMoveConstructor())
    return;
  if (!firstReportAt(E->getBeginLoc()))
    return;
  diag(E->getBeginLoc(), "temporary thread is destroyed while joinable at "
                         "the end of this statement, which calls "
                         "std::terminate");
  diag(E->getBeginLoc(),
       "keep the thread in a variable and join it, or call detach() on it",
       DiagnosticIDs::Note);
}

//===----------------------------------------------------------------------===//
// Thread members that no member function joins or detaches.
//===----------------------------------------------------------------------===//

void MissingJoinCheck::checkMember(const FieldDecl *F, ASTContext &Ctx) {
  const CXXRecordDecl *RD = dyn_cast<CXXRecordDecl>(F->getParent());
  if (!RD || !RD->hasDefinition() || RD->isLambda() || RD->isUnion())
    return;
  // An instantiated class template is judged by its pattern, whose member
  // functions all exist whether or not they were instantiated.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
    if (Spec->getSpecializationKind() == TSK_ImplicitInstantiation ||
        Spec->getSpecializationKind() == TSK_ExplicitInstantiationDefinition ||
        Spec->getSpecializationKind() ==
            TSK_ExplicitInstantiationDeclaration)
      return;

  // The bodies to read: every user-written member function, constructor
  // initializers included. One that is declared but defined elsewhere may
  // join the thread there, so stay silent.
  llvm::SmallVector<const FunctionDecl *, 8> Functions;
  const CXXDestructorDecl *Dtor = nullptr;
  for (const Decl *D : RD->decls()) {
    const FunctionDecl *Fn = nullptr;
    if (const auto *M = dyn_cast<CXXMethodDecl>(D))
      Fn = M;
    else if (const auto *T = dyn_cast<FunctionTemplateDecl>(D))
      Fn = T->getTemplatedDecl();
    else if (const auto *Fr = dyn_cast<FriendDecl>(D))
      Fn = dyn_cast_or_null<FunctionDecl>(Fr->getFriendDecl());
    if (!Fn || Fn->isImplicit() || Fn->isDeleted() || Fn->isDefaulted())
      continue;
    if (const auto *Dt = dyn_cast<CXXDestructorDecl>(Fn))
      Dtor = Dt;
    const FunctionDecl *Def = nullptr;
    if (!Fn->hasBody(Def)) {
      if (const auto *M = dyn_cast<CXXMethodDecl>(Fn); M && M->isPureVirtual())
        continue;
      if (isa<FriendDecl>(D))
        continue;
      return;
    }
    Functions.push_back(Def);
  }

  const bool IsContainer = !Threads.isThread(F->getType());
  llvm::DenseMap<const ValueDecl *, unsigned> Index;
  Index[F] = 0;
  llvm::BitVector ContainerBits(1);
  if (IsContainer)
    ContainerBits.set(0);
  UseCollector Uses(Index, Threads, ContainerBits, Ctx);

  bool Started = UseCollector::startsThread(F->getInClassInitializer());
  for (const FunctionDecl *Fn : Functions) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Fn))
      for (const CXXCtorInitializer *Init : Ctor->inits())
        if (Init->isWritten() && Init->getMember() == F) {
          const Expr *E = Init->getInit();
          if (const auto *P = dyn_cast<ParenListExpr>(E))
            Started |= P->getNumExprs() > 0;
          else
            Started |= UseCollector::startsThread(E);
          Uses.TraverseStmt(const_cast<Expr *>(E));
        }
    // Lambdas inside member functions (thread bodies, callbacks) may join
    // the member too, so read their bodies as well.
    struct Lambdas : utils::Walker {
      UseCollector &Uses;
      explicit Lambdas(UseCollector &U) : Uses(U) {}
      bool VisitLambdaExpr(LambdaExpr *L) override {
        Uses.TraverseStmt(L->getBody());
        return true;
      }
    } InLambdas(Uses);
    Uses.TraverseStmt(Fn->getBody());
    InLambdas.TraverseStmt(Fn->getBody());
  }

  bool Handled = !Uses.LoopJoins.empty();
  for (const auto &[S, Events] : Uses.Events)
    for (auto [I, U] : Events) {
      switch (U) {
      case Use::Join:
      case Use::Detach:
      case Use::Escape:
      case Use::JoinAll:
      case Use::JoinSome:
        Handled = true;
        break;
      case Use::Assign:
      case Use::Touch:
        Started = true;
        break;
      case Use::AssignEmpty:
      case Use::Neutral:
        break;
      }
    }
  if (Handled || !Started || !firstReportAt(F->getLocation()))
    return;

  diag(F->getLocation(),
       IsContainer ? "no member function of %0 joins or detaches the threads "
                     "in %1; destroying the object while they run calls "
                     "std::terminate"
                   : "no member function of %0 joins or detaches %1; "
                     "destroying the object while it runs calls "
                     "std::terminate")
      << RD << F;
  if (Dtor)
    diag(Dtor->getLocation(), "the destructor of %0 leaves %1 joinable",
         DiagnosticIDs::Note)
        << RD << F;
  else
    diag(RD->getLocation(),
         Ctx.getLangOpts().CPlusPlus20 && !IsContainer &&
                 utils::qualifiedName(
                     F->getType()->getAsCXXRecordDecl()) == "::std::thread"
             ? "join %1 in a destructor of %0, or declare it as std::jthread"
             : "join %1 in a destructor of %0",
         DiagnosticIDs::Note)
        << RD << F;
}

} // namespace clang::tidy::conclint
