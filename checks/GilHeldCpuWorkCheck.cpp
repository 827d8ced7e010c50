//===-- GilHeldCpuWorkCheck.cpp - conclint-gil-held-cpu-work --------------===//
//
// The classic GIL lesson from the C++ side: a function bound into Python that
// computes for a long time without releasing the GIL serialises every Python
// thread that calls it. The heavy part is found by utils::CostModel; it is
// reported only when it touches no Python object (releasing the GIL there
// would be a bug) and is not already inside a released region.
//
//===----------------------------------------------------------------------===//

#include "GilHeldCpuWorkCheck.h"
#include "utils/CheckOptions.h"
#include "utils/ThreadEntryPoints.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"

#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::conclint {

namespace {

bool inNamespace(const Decl *D, llvm::StringRef NS) {
  for (const DeclContext *C = D->getDeclContext(); C; C = C->getParent())
    if (const auto *N = dyn_cast<NamespaceDecl>(C))
      if (N->getName() == NS && N->getParent()->getRedeclContext()->isTranslationUnit())
        return true;
  return false;
}

bool isBindingNamespaceDecl(const Decl *D) {
  return inNamespace(D, "pybind11") || inNamespace(D, "nanobind");
}

/// Types that are views of raw memory or GIL guards: using them does not touch
/// a Python object.
bool isHarmlessBindingType(const CXXRecordDecl *RD) {
  llvm::StringRef N = RD->getName();
  return N == "unchecked_reference" || N == "unchecked_mutable_reference" ||
         N == "buffer_info" || N == "gil_scoped_release" ||
         N == "gil_scoped_acquire" || N == "ndarray_view";
}

/// PyObject, PyListObject, pybind11::object, nanobind::list, accessors...
bool isPythonType(QualType T) {
  T = T.getNonReferenceType();
  while (T->isPointerType() || T->isArrayType())
    T = T->isPointerType() ? T->getPointeeType()
                           : QualType(T->getArrayElementTypeNoTypeQual(), 0);
  const auto *RD = T->getAsCXXRecordDecl();
  if (!RD) {
    if (const auto *R = T->getAsRecordDecl())
      return R->getName() == "_object" || R->getName().starts_with("Py");
    return false;
  }
  if (isBindingNamespaceDecl(RD))
    return !isHarmlessBindingType(RD);
  llvm::StringRef N = RD->getName();
  return RD->getDeclContext()->getRedeclContext()->isTranslationUnit() &&
         (N == "_object" || (N.starts_with("Py") && N.ends_with("Object")));
}

/// A call into the CPython API or the binding library.
bool isPythonCall(const FunctionDecl *FD) {
  if (!FD)
    return false;
  if (isBindingNamespaceDecl(FD)) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
      return !isHarmlessBindingType(MD->getParent());
    return true;
  }
  if (!FD->getIdentifier() ||
      !FD->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return false;
  llvm::StringRef N = FD->getName();
  return N.starts_with("Py") || N.starts_with("_Py");
}

/// Does \p S itself (not its children) touch a Python object: an expression
/// of a Python type, a call into the Python API, a variable of a Python type?
bool touchesPythonHere(const Stmt *S) {
  if (const auto *E = dyn_cast<Expr>(S)) {
    if (!E->isTypeDependent() && isPythonType(E->getType()))
      return true;
    const FunctionDecl *Callee = nullptr;
    if (const auto *C = dyn_cast<CallExpr>(E))
      Callee = C->getDirectCallee();
    else if (const auto *C = dyn_cast<CXXConstructExpr>(E))
      Callee = C->getConstructor();
    if (isPythonCall(Callee))
      return true;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S))
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (isPythonType(VD->getType()))
          return true;
  return false;
}

/// A function of this translation unit whose body the Python family follows.
const FunctionDecl *followedCallee(const Stmt *S) {
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return nullptr;
  const FunctionDecl *Callee = nullptr;
  if (const auto *C = dyn_cast<CallExpr>(E))
    Callee = C->getDirectCallee();
  else if (const auto *C = dyn_cast<CXXConstructExpr>(E))
    Callee = C->getConstructor();
  const FunctionDecl *Def = utils::definitionOf(Callee);
  if (!Def || Def->getASTContext().getSourceManager().isInSystemHeader(
                  Def->getLocation()))
    return nullptr;
  return Def;
}

/// The sites of the "touches Python" family in \p S (lambda bodies
/// included: they run where they are called, usually right here).
void pythonSites(const Stmt *S, llvm::SmallVectorImpl<utils::Site> &Out) {
  if (!S || (!Out.empty() && Out.back().Root))
    return;
  if (touchesPythonHere(S)) {
    Out.push_back(utils::Site::root(S));
    return;
  }
  if (const FunctionDecl *Def = followedCallee(S))
    Out.push_back(utils::Site::call(cast<Expr>(S), Def));
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    pythonSites(L->getBody(), Out);
    return;
  }
  for (const Stmt *C : S->children())
    pythonSites(C, Out);
}

llvm::SmallVector<utils::Site, 8> pythonSitesOf(const FunctionDecl *Def) {
  llvm::SmallVector<utils::Site, 8> Out;
  // A parameter of a Python type: calling the function hands it one.
  for (const ParmVarDecl *P : Def->parameters())
    if (isPythonType(P->getType())) {
      Out.push_back(utils::Site::root(Def->getBody()));
      return Out;
    }
  pythonSites(Def->getBody(), Out);
  return Out;
}

/// The payloads of the "may touch Python" family's local witnesses.
enum MayTouchKind : unsigned { TouchesPython = 0, UnknownCode = 1 };

bool inSystemHeader(const Decl *D) {
  return D->getASTContext().getSourceManager().isInSystemHeader(
      D->getLocation());
}

/// What the analysis knows about running \p FD (referenced at \p E): its
/// definition to follow (\p Def), nothing to follow (a function of a system
/// header, which cannot reach Python other than through the callables it is
/// handed, or the Python API itself), or unknown code (returns true).
bool unknownFunction(const FunctionDecl *FD, const FunctionDecl *&Def) {
  Def = nullptr;
  // Trivial special members run no code; deleted ones never run.
  if (!FD || isPythonCall(FD) || FD->isTrivial() || FD->isDeleted())
    return false;
  if (inSystemHeader(FD)) {
    // A call operator of a system-header class other than a lambda's:
    // std::function and the other type-erasing wrappers run a callable this
    // analysis cannot name.
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
      return MD->getOverloadedOperator() == OO_Call &&
             !MD->getParent()->isLambda();
    return false;
  }
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
        !MD->getParent()->hasAttr<FinalAttr>())
      return true; // An override elsewhere may run instead.
  Def = utils::definitionOf(FD);
  return Def == nullptr; // Defined in another translation unit.
}

/// The sites of the "may touch Python" family in \p S: the Python family's
/// witnesses, plus every place where code runs that this translation unit
/// cannot show (an indirect call, a non-final virtual call, a function
/// defined elsewhere, a call operator of a type-erasing wrapper, a function
/// or a function object handed to a system-header function that will call
/// it). Lambda bodies are read where they are written.
/// Direction: over-approximates what may touch Python, so that releasing the
/// GIL is offered only when nothing in the released code can.
void mayTouchPythonSites(const Stmt *S, const Stmt *Parent,
                         llvm::SmallVectorImpl<utils::Site> &Out) {
  if (!S || (!Out.empty() && Out.back().Root))
    return;
  if (touchesPythonHere(S)) {
    Out.push_back(utils::Site::root(S, TouchesPython));
    return;
  }
  auto Reach = [&](const Expr *At, const FunctionDecl *FD) {
    const FunctionDecl *Def = nullptr;
    if (unknownFunction(FD, Def))
      Out.push_back(utils::Site::root(At, UnknownCode));
    else if (Def)
      Out.push_back(utils::Site::call(At, Def));
  };
  if (const auto *C = dyn_cast<CallExpr>(S)) {
    const FunctionDecl *Callee = C->getDirectCallee();
    if (!Callee && !isa<CXXPseudoDestructorExpr>(
                       C->getCallee()->IgnoreParenImpCasts())) {
      Out.push_back(utils::Site::root(C, UnknownCode)); // Through a pointer.
      return;
    }
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(C))
      if (const auto *ME = dyn_cast<MemberExpr>(MC->getCallee()->IgnoreParens()))
        if (ME->hasQualifier() && Callee) {
          // A qualified call (Base::f()) runs exactly that function.
          if (const FunctionDecl *Def = utils::definitionOf(Callee);
              Def && !inSystemHeader(Def))
            Out.push_back(utils::Site::call(C, Def));
          else if (!Def && !inSystemHeader(Callee) && !isPythonCall(Callee))
            Out.push_back(utils::Site::root(C, UnknownCode));
          Callee = nullptr;
        }
    if (Callee)
      Reach(C, Callee);
    // A system-header function calls the function objects it is handed.
    if (Callee && inSystemHeader(Callee))
      for (const Expr *Arg : C->arguments())
        if (const auto *RD =
                Arg->getType().getNonReferenceType()->getAsCXXRecordDecl())
          if (RD->hasDefinition() && !RD->isLambda() && !inSystemHeader(RD))
            for (const CXXMethodDecl *M : RD->methods())
              if (M->getOverloadedOperator() == OO_Call)
                Reach(Arg, M);
  } else if (const auto *CE = dyn_cast<CXXConstructExpr>(S)) {
    Reach(CE, CE->getConstructor());
    // The object's destructor runs later, unseen in the statements.
    if (const CXXDestructorDecl *D =
            CE->getConstructor()->getParent()->getDestructor())
      if (!D->isTrivial())
        Reach(CE, D);
  } else if (const auto *BT = dyn_cast<CXXBindTemporaryExpr>(S)) {
    if (const CXXDestructorDecl *D = BT->getTemporary()->getDestructor())
      Reach(BT, D);
  } else if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
    // A function named but not called here (its address handed on) may be
    // called by whoever receives it.
    const auto *Call = dyn_cast_or_null<CallExpr>(Parent);
    if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
      if (!Call || Call->getCallee()->IgnoreParenImpCasts() != DRE)
        Reach(DRE, FD);
  }
  if (const auto *L = dyn_cast<LambdaExpr>(S)) {
    mayTouchPythonSites(L->getBody(), L, Out);
    return;
  }
  for (const Stmt *C : S->children())
    mayTouchPythonSites(C, S, Out);
}

llvm::SmallVector<utils::Site, 8> mayTouchPythonSitesOf(const FunctionDecl *Def) {
  llvm::SmallVector<utils::Site, 8> Out;
  for (const ParmVarDecl *P : Def->parameters())
    if (isPythonType(P->getType())) {
      Out.push_back(utils::Site::root(Def->getBody(), TouchesPython));
      return Out;
    }
  mayTouchPythonSites(Def->getBody(), nullptr, Out);
  return Out;
}

/// Does \p S, or a function it calls within \p Budget calls, touch a Python
/// object? The callees' answers are summaries (\p Facts).
bool touchesPython(const Stmt *S, unsigned Budget,
                   utils::CallSummaries &Facts) {
  if (!S)
    return false;
  if (touchesPythonHere(S))
    return true;
  if (Budget > 0)
    if (const FunctionDecl *Def = followedCallee(S))
      if (Facts.holdsWithin(Def, Budget - 1))
        return true;
  if (const auto *L = dyn_cast<LambdaExpr>(S))
    return touchesPython(L->getBody(), Budget, Facts);
  for (const Stmt *C : S->children())
    if (touchesPython(C, Budget, Facts))
      return true;
  return false;
}

bool isGuardVar(const Decl *D, llvm::StringRef Guard) {
  const auto *VD = dyn_cast<VarDecl>(D);
  if (!VD)
    return false;
  const auto *RD = VD->getType()->getAsCXXRecordDecl();
  return RD && RD->getName() == Guard && isBindingNamespaceDecl(RD);
}

/// Is the GIL released by statement \p S for the statements after it?
/// Returns +1 for a release, -1 for a re-acquire, 0 otherwise.
int gilEffect(const Stmt *S) {
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    for (const Decl *D : DS->decls()) {
      if (isGuardVar(D, "gil_scoped_release"))
        return +1;
      if (isGuardVar(D, "gil_scoped_acquire"))
        return -1;
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (VD->getInit())
          if (int E = gilEffect(VD->getInit()))
            return E;
    }
    return 0;
  }
  // Py_BEGIN_ALLOW_THREADS expands to `_save = PyEval_SaveThread();`.
  if (const auto *E = dyn_cast<Expr>(S)) {
    E = E->IgnoreParenImpCasts();
    if (const auto *BO = dyn_cast<BinaryOperator>(E))
      if (BO->getOpcode() == BO_Assign)
        E = BO->getRHS()->IgnoreParenImpCasts();
    if (const auto *C = dyn_cast<CallExpr>(E))
      if (const FunctionDecl *FD = C->getDirectCallee())
        if (FD->getIdentifier()) {
          if (FD->getName() == "PyEval_SaveThread")
            return +1;
          if (FD->getName() == "PyEval_RestoreThread" ||
              FD->getName() == "PyGILState_Ensure")
            return -1;
        }
  }
  return 0;
}

/// Collects every statement of \p Body that runs with the GIL released by a
/// scoped release (py::gil_scoped_release, nb::gil_scoped_release) or a
/// Py_BEGIN_ALLOW_THREADS block.
void collectReleased(const Stmt *S, bool Released,
                     llvm::DenseSet<const Stmt *> &Out) {
  if (!S)
    return;
  if (Released)
    Out.insert(S);
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    bool R = Released;
    for (const Stmt *Child : CS->body()) {
      collectReleased(Child, R, Out);
      if (int E = gilEffect(Child))
        R = E > 0;
    }
    return;
  }
  if (isa<LambdaExpr>(S))
    return;
  for (const Stmt *Child : S->children())
    collectReleased(Child, Released, Out);
}

/// The function a def(...) argument or a PyMethodDef entry names.
const FunctionDecl *exposedFunction(const Expr *Arg) {
  if (!Arg)
    return nullptr;
  utils::ThreadSpawn Fake;
  Fake.Callable = Arg->IgnoreParenCasts();
  if (const FunctionDecl *FD = utils::entryFunction(Fake))
    return FD;
  return nullptr;
}

std::string literalText(const Expr *E) {
  if (!E)
    return "";
  if (const auto *SL = dyn_cast<StringLiteral>(E->IgnoreParenImpCasts()))
    return SL->getString().str();
  return "";
}

/// An extra argument py::call_guard<...>().
const ClassTemplateSpecializationDecl *callGuard(const Expr *E) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(
      E->getType().getNonReferenceType()->getAsCXXRecordDecl());
  if (!Spec || Spec->getName() != "call_guard" || !isBindingNamespaceDecl(Spec))
    return nullptr;
  return Spec;
}

/// An extra argument py::call_guard<..., py::gil_scoped_release, ...>().
bool isReleasingCallGuard(const Expr *E) {
  const auto *Spec = callGuard(E);
  if (!Spec)
    return false;
  for (const TemplateArgument &A : Spec->getTemplateArgs().asArray()) {
    auto IsRelease = [](const TemplateArgument &T) {
      if (T.getKind() != TemplateArgument::Type)
        return false;
      const auto *RD = T.getAsType()->getAsCXXRecordDecl();
      return RD && RD->getName() == "gil_scoped_release";
    };
    if (A.getKind() == TemplateArgument::Pack) {
      for (const TemplateArgument &P : A.pack_elements())
        if (IsRelease(P))
          return true;
    } else if (IsRelease(A)) {
      return true;
    }
  }
  return false;
}

/// The spelling to use for the binding library's namespace in a fix-it: an
/// alias such as `py` or `nb` when the file declares one, else the full name.
std::string namespaceSpelling(ASTContext &Ctx, llvm::StringRef Full) {
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
    if (const auto *A = dyn_cast<NamespaceAliasDecl>(D))
      if (const NamespaceDecl *NS = A->getNamespace())
        if (NS->getName() == Full &&
            Ctx.getSourceManager().isInMainFile(A->getLocation()))
          return A->getName().str();
  return Full.str();
}

} // namespace

GilHeldCpuWorkCheck::GilHeldCpuWorkCheck(StringRef Name,
                                         ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      Cost(utils::CostCheckOptions::read(*this, Options)),
      Model(std::make_unique<utils::CostModel>(Cost.model())),
      PythonFacts(std::make_unique<utils::CallSummaries>(pythonSitesOf)),
      MayTouchPythonFacts(
          std::make_unique<utils::CallSummaries>(mayTouchPythonSitesOf)) {}

void GilHeldCpuWorkCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Cost.store(Options, Opts);
}

void GilHeldCpuWorkCheck::registerMatchers(MatchFinder *Finder) {
  // m.def("name", f, extras...) and py::class_<T>(...).def("name", &T::f).
  Finder->addMatcher(
      cxxMemberCallExpr(
          unless(isExpansionInSystemHeader()),
          callee(cxxMethodDecl(
              hasAnyName("def", "def_static"),
              ofClass(cxxRecordDecl(hasAnyName(
                  "::pybind11::module_", "::pybind11::class_",
                  "::nanobind::module_", "::nanobind::class_"))))))
          .bind("def"),
      this);
  // static PyMethodDef methods[] = {{"name", f, METH_VARARGS, doc}, ...};
  Finder->addMatcher(
      varDecl(unless(isExpansionInSystemHeader()),
              hasType(constantArrayType(hasElementType(hasCanonicalType(
                  recordType(hasDeclaration(recordDecl(hasName("::PyMethodDef")))))))),
              hasInitializer(initListExpr().bind("table")))
          .bind("methods"),
      this);
}

void GilHeldCpuWorkCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  if (const auto *Def = Result.Nodes.getNodeAs<CXXMemberCallExpr>("def")) {
    const CXXMethodDecl *MD = Def->getMethodDecl();
    Binding B = inNamespace(MD, "nanobind") ? Binding::Nanobind
                                            : Binding::Pybind11;
    // def("name", f, ...): not def(py::init<...>()) or def(py::self + ...).
    if (Def->getNumArgs() < 2)
      return;
    QualType NameType = Def->getArg(0)->IgnoreParenImpCasts()->getType();
    if (!NameType->isPointerType() && !NameType->isArrayType())
      return;
    for (unsigned I = 2; I < Def->getNumArgs(); ++I)
      if (isReleasingCallGuard(Def->getArg(I)))
        return;
    const FunctionDecl *FD = exposedFunction(Def->getArg(1));
    if (!FD)
      return;
    checkExposed(FD, literalText(Def->getArg(0)), B, Def,
                 Def->getArg(1)->getBeginLoc(), Ctx);
    return;
  }
  if (const auto *Table = Result.Nodes.getNodeAs<InitListExpr>("table")) {
    for (const Expr *Entry : Table->inits()) {
      const auto *Row = dyn_cast<InitListExpr>(Entry->IgnoreImplicit());
      if (!Row || Row->getNumInits() < 2)
        continue;
      const FunctionDecl *FD = exposedFunction(Row->getInit(1));
      if (!FD)
        continue;
      checkExposed(FD, literalText(Row->getInit(0)), Binding::CPython,
                   nullptr, Row->getInit(1)->getBeginLoc(), Ctx);
    }
  }
}

void GilHeldCpuWorkCheck::checkExposed(const FunctionDecl *FD,
                                       StringRef PyName, Binding B,
                                       const CallExpr *Def, SourceLocation Loc,
                                       ASTContext &Ctx) {
  const FunctionDecl *Impl = nullptr;
  if (!FD->hasBody(Impl) || !Impl)
    return;
  const Stmt *Body = Impl->getBody();
  if (isa<CoroutineBodyStmt>(Body))
    return;

  llvm::DenseSet<const Stmt *> Released;
  collectReleased(Body, false, Released);
  auto Skip = [&](const Stmt *S) { return Released.contains(S); };
  auto Accept = [&](const utils::CostEvidence &Ev) {
    // Every step from the exposed function down to the heavy work must run
    // with the GIL held, and the heavy work must not touch Python objects.
    for (unsigned I = 1; I <= Ev.Chain.size(); ++I) {
      const FunctionDecl *Caller = Ev.chainCallee(I - 1);
      const FunctionDecl *CallerDef = nullptr;
      if (!Caller || !Caller->hasBody(CallerDef) || !CallerDef)
        return false;
      llvm::DenseSet<const Stmt *> R;
      collectReleased(CallerDef->getBody(), false, R);
      const Stmt *Next = I < Ev.Chain.size() ? Ev.Chain[I].Call : Ev.Root;
      if (R.contains(Next))
        return false;
    }
    for (const utils::CallStep &Step : Ev.Chain)
      if (touchesPython(Step.Call, 0, *PythonFacts))
        return false;
    return !touchesPython(Ev.Root, Cost.CallDepth, *PythonFacts);
  };
  std::optional<utils::CostEvidence> Ev =
      Model->findHeavy(Body, Ctx, utils::CostFilter{Skip, Accept});
  if (!Ev)
    return;

  // The GIL release for the whole call: offered when the whole body is free
  // of Python objects, through every call it makes however deep (the fix's
  // safety cannot depend on the CallDepth option), and runs no code this
  // translation unit cannot show, which might touch Python without the GIL.
  bool WholeBodyFree = false;
  std::optional<utils::CallChain> Unknown; // What stopped the fix, if unknown.
  if (B != Binding::CPython && Def) {
    WholeBodyFree = !isPythonType(Impl->getReturnType()) &&
                    llvm::none_of(Impl->parameters(),
                                  [](const ParmVarDecl *P) {
                                    return isPythonType(P->getType());
                                  }) &&
                    !touchesPython(Body, Cost.CallDepth, *PythonFacts);
    if (WholeBodyFree && MayTouchPythonFacts->get(Impl).Holds) {
      WholeBodyFree = false;
      utils::CallChain Chain = MayTouchPythonFacts->chainFrom(Impl);
      if (Chain.Payload == UnknownCode)
        Unknown = Chain;
    }
  }
  std::string NS = B == Binding::Nanobind ? namespaceSpelling(Ctx, "nanobind")
                                          : namespaceSpelling(Ctx, "pybind11");
  std::string Guard = NS + "::call_guard<" + NS + "::gil_scoped_release>()";
  SourceLocation RParen = Def ? Def->getRParenLoc() : SourceLocation();
  bool HasOtherGuard = false;
  if (Def)
    for (unsigned I = 2; I < Def->getNumArgs(); ++I)
      HasOtherGuard |= callGuard(Def->getArg(I)) != nullptr;
  bool FixEmitted = WholeBodyFree && !HasOtherGuard && RParen.isValid() &&
                    !RParen.isMacroID();

  std::string Name = !PyName.empty() ? PyName.str() : FD->getNameAsString();
  diag(Loc, "function '%0' exposed to Python does CPU-bound work while "
            "holding the GIL; Python threads calling it cannot run in "
            "parallel")
      << Name;

  for (const auto &[NoteLoc, Text] : utils::evidenceNotes(*Ev))
    diag(NoteLoc, Text, DiagnosticIDs::Note);
  // The release changes what the program does (the function then runs
  // without the GIL), so the fix sits on a note: applied with --fix-notes,
  // offered as a quick fix in the editor, never by plain -fix.
  if (FixEmitted) {
    diag(Loc, "pass '%0' to the binding to release the GIL during the call",
         DiagnosticIDs::Note)
        << Guard << FixItHint::CreateInsertion(RParen, ", " + Guard);
    return;
  }
  if (B == Binding::CPython)
    diag(Ev->site()->getBeginLoc(),
         "release the GIL around it with Py_BEGIN_ALLOW_THREADS and "
         "Py_END_ALLOW_THREADS",
         DiagnosticIDs::Note);
  else if (Unknown)
    diag(Unknown->site()->getBeginLoc(),
         "this runs code whose body is not visible here; if it uses no "
         "Python object, pass '%0' to the binding to release the GIL during "
         "the call",
         DiagnosticIDs::Note)
        << Guard;
  else if (WholeBodyFree && HasOtherGuard)
    diag(Loc, "add '%0::gil_scoped_release' to the binding's call_guard to "
              "release the GIL during the call",
         DiagnosticIDs::Note)
        << NS;
  else if (WholeBodyFree)
    diag(Loc, "pass '%0' to the binding to release the GIL during the call",
         DiagnosticIDs::Note)
        << Guard;
  else
    diag(Ev->site()->getBeginLoc(),
         "the function uses Python objects elsewhere; release the GIL around "
         "this part only, with a scoped '%0::gil_scoped_release'",
         DiagnosticIDs::Note)
        << NS;
}

} // namespace clang::tidy::conclint
