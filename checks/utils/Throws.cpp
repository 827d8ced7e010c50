//===-- Throws.cpp - can running this function let an exception out -------===//

#include "Throws.h"
#include "CoroutineContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMap.h"
#include "clang/Basic/Builtins.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"

#include <algorithm>
#include <functional>
#include <optional>

namespace clang::tidy::conclint::utils {

const char DefaultThrowingFunctions[] =
    "::std::vector::at;::std::deque::at;::std::array::at;"
    "::std::basic_string::at;::std::basic_string_view::at;"
    "::std::map::at;::std::unordered_map::at;"
    "::std::stoi;::std::stol;::std::stoll;::std::stoul;::std::stoull;"
    "::std::stof;::std::stod;::std::stold;"
    "::std::optional::value;::std::throw_with_nested";

const char DefaultThrowingAsyncOperations[] =
    "::asio::async_read;::asio::async_write;::asio::async_read_until;"
    "::asio::async_read_at;::asio::async_write_at;::asio::async_connect;"
    "::asio::basic_stream_socket::async_read_some;"
    "::asio::basic_stream_socket::async_write_some;"
    "::asio::basic_stream_socket::async_receive;"
    "::asio::basic_stream_socket::async_send;"
    "::asio::basic_datagram_socket::async_receive;"
    "::asio::basic_datagram_socket::async_receive_from;"
    "::asio::basic_datagram_socket::async_send;"
    "::asio::basic_datagram_socket::async_send_to;"
    "::asio::basic_socket::async_connect;"
    "::asio::basic_socket_acceptor::async_accept;"
    "::asio::ip::basic_resolver::async_resolve;"
    "::asio::ssl::stream::async_handshake;::asio::ssl::stream::async_read_some;"
    "::asio::ssl::stream::async_write_some;"
    "::boost::asio::async_read;::boost::asio::async_write;"
    "::boost::asio::async_read_until;::boost::asio::async_connect;"
    "::boost::asio::basic_stream_socket::async_read_some;"
    "::boost::asio::basic_stream_socket::async_write_some;"
    "::boost::asio::basic_socket_acceptor::async_accept;"
    "::boost::asio::ip::basic_resolver::async_resolve";

bool isUseAwaitableToken(const Expr *E) {
  if (!E)
    return false;
  const auto *RD = E->getType().getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == "use_awaitable_t" &&
         (isInNamespace(RD, "asio") || isInNamespace(RD, "boost::asio"));
}

namespace {

/// Whether \p S or any statement below it satisfies \p P.
bool anyNode(const Stmt *S, llvm::function_ref<bool(const Stmt *)> P) {
  if (!S)
    return false;
  if (P(S))
    return true;
  for (const Stmt *Child : S->children())
    if (anyNode(Child, P))
      return true;
  return false;
}

bool callsCurrentExceptionOrRethrows(const Stmt *S) {
  return anyNode(S, [](const Stmt *N) {
    if (const auto *T = dyn_cast<CXXThrowExpr>(N))
      return !T->getSubExpr();
    const auto *C = dyn_cast<CallExpr>(N);
    const FunctionDecl *FD = C ? C->getDirectCallee() : nullptr;
    return FD && FD->isInStdNamespace() && FD->getIdentifier() &&
           FD->getName() == "current_exception";
  });
}

/// std::rethrow_exception and std::rethrow_if_nested: they re-raise an
/// exception captured elsewhere, whose origin the summary does not track.
bool isExceptionRelay(const FunctionDecl *FD) {
  return FD && FD->isInStdNamespace() && FD->getIdentifier() &&
         (FD->getName() == "rethrow_exception" ||
          FD->getName() == "rethrow_if_nested");
}

/// Whether the relay call \p E re-raises an exception made on the spot:
/// std::rethrow_exception(std::make_exception_ptr(x)).
bool relaysFreshException(const Expr *E) {
  const auto *C = dyn_cast<CallExpr>(E);
  const FunctionDecl *FD = C ? C->getDirectCallee() : nullptr;
  if (!FD || FD->getName() != "rethrow_exception" || C->getNumArgs() != 1)
    return false;
  const Expr *A = C->getArg(0)->IgnoreImplicit()->IgnoreParens();
  if (const auto *Ctor = dyn_cast<CXXConstructExpr>(A))
    if (Ctor->getNumArgs() == 1)
      A = Ctor->getArg(0)->IgnoreImplicit()->IgnoreParens();
  const auto *Make = dyn_cast<CallExpr>(A);
  const FunctionDecl *MF = Make ? Make->getDirectCallee() : nullptr;
  return MF && MF->isInStdNamespace() && MF->getIdentifier() &&
         MF->getName() == "make_exception_ptr";
}

/// The class of a checked accessor's receiver when it has a has_value()
/// member (an optional-like type), else null.
const CXXRecordDecl *optionalLikeClass(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return nullptr;
  ASTContext &Ctx = RD->getASTContext();
  const CXXRecordDecl *Def = RD->getDefinition();
  llvm::SmallVector<const CXXRecordDecl *, 4> Work{Def};
  for (size_t I = 0; I < Work.size() && I < 8; ++I) {
    if (!Work[I]->lookup(&Ctx.Idents.get("has_value")).empty())
      return Def;
    for (const CXXBaseSpecifier &B : Work[I]->bases())
      if (const CXXRecordDecl *BR = B.getType()->getAsCXXRecordDecl())
        if (BR->hasDefinition())
          Work.push_back(BR->getDefinition());
  }
  return nullptr;
}

/// The variable named directly by \p E (through parentheses and implicit
/// casts), if any.
const VarDecl *refersTo(const Expr *E) {
  const auto *DRE = E ? dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()) : nullptr;
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

/// A local variable or parameter named directly by \p E whose type
/// satisfies \p Fits.
const VarDecl *localNamed(const Expr *E, llvm::function_ref<bool(QualType)> Fits) {
  const VarDecl *VD = refersTo(E);
  return VD && VD->hasLocalStorage() && Fits(VD->getType()) ? VD : nullptr;
}

/// A local variable or parameter named directly by \p E, of optional-like
/// type.
const VarDecl *optionalVar(const Expr *E) {
  return localNamed(E, [](QualType T) { return optionalLikeClass(T) != nullptr; });
}

/// A local variable or parameter of class type named directly by \p E.
const VarDecl *classVar(const Expr *E) {
  return localNamed(E, [](QualType T) {
    return T.getNonReferenceType()->getAsCXXRecordDecl() != nullptr;
  });
}

/// A local variable or parameter of integer type (not a reference) named
/// directly by \p E.
const VarDecl *indexVar(const Expr *E) {
  return localNamed(E, [](QualType T) {
    return !T->isReferenceType() && T->isIntegerType();
  });
}

/// `c.size()` of a local or parameter: that variable.
const VarDecl *sizeOf(const Expr *E) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(E->IgnoreParenImpCasts());
  const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
  if (!MD || !MD->getIdentifier() || MD->getName() != "size" ||
      MC->getNumArgs() != 0)
    return nullptr;
  return classVar(MC->getImplicitObjectArgument());
}

/// A fact the walk knows at a point: Obj holds a value (Index null), or
/// Index < Obj.size().
struct Fact {
  const VarDecl *Obj = nullptr;
  const VarDecl *Index = nullptr;
  bool operator==(const Fact &O) const {
    return Obj == O.Obj && Index == O.Index;
  }
  bool mentions(const VarDecl *V) const { return V && (Obj == V || Index == V); }
};

/// A read of an integer variable's value (not a write, not a reference).
bool isPlainRead(const Stmt *S) {
  const auto *IC = dyn_cast<ImplicitCastExpr>(S);
  return IC && IC->getCastKind() == CK_LValueToRValue &&
         isa<DeclRefExpr>(IC->getSubExpr()->IgnoreParens());
}

bool isNulloptExpr(const Expr *E) {
  const auto *RD =
      E->IgnoreImplicit()->getType().getNonReferenceType()->getAsRecordDecl();
  return RD && RD->getIdentifier() && RD->getName() == "nullopt_t";
}

/// The member calls that read a variable without changing whether it holds
/// a value or shrinking it: const members, value(), at(), operator*,
/// operator->, operator[] (emplace() excepted: it engages, see
/// establishes()).
bool keepsEngagement(const CXXMethodDecl *MD) {
  if (!MD)
    return false;
  if (MD->isConst())
    return true;
  if (MD->getOverloadedOperator() == OO_Star ||
      MD->getOverloadedOperator() == OO_Arrow ||
      MD->getOverloadedOperator() == OO_Subscript)
    return true;
  return MD->getIdentifier() &&
         (MD->getName() == "value" || MD->getName() == "at");
}

/// For a call whose use of an optional-like variable leaves its engagement
/// as it is (`o.value()`, `o.has_value()`, `*o`, `o != std::nullopt`), that
/// variable's reference; the other operands are still to be read.
const DeclRefExpr *harmlessUse(const Stmt *S) {
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    if (!keepsEngagement(MC->getMethodDecl()))
      return nullptr;
    const Expr *Obj = MC->getImplicitObjectArgument();
    return Obj && classVar(Obj)
               ? dyn_cast<DeclRefExpr>(Obj->IgnoreParenImpCasts())
               : nullptr;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
    if (Op->getNumArgs() == 0)
      return nullptr;
    const Expr *Obj = Op->getArg(0);
    if ((Op->getOperator() == OO_EqualEqual ||
         Op->getOperator() == OO_ExclaimEqual) &&
        Op->getNumArgs() == 2) {
      if (isNulloptExpr(Op->getArg(0)))
        Obj = Op->getArg(1);
      else if (!isNulloptExpr(Op->getArg(1)))
        return nullptr;
    } else if (!keepsEngagement(dyn_cast_or_null<CXXMethodDecl>(
                   Op->getDirectCallee()))) {
      return nullptr;
    }
    return classVar(Obj) ? dyn_cast<DeclRefExpr>(Obj->IgnoreParenImpCasts())
                         : nullptr;
  }
  return nullptr;
}

/// The optional-like variables that hold a value when \p Cond evaluates to
/// \p WhenTrue: `o`, `o.has_value()`, `o != std::nullopt` (and their
/// negations), through `&&` (when true) and `||` (when false).
void engagedWhen(const Expr *Cond, bool WhenTrue,
                 llvm::SmallVectorImpl<Fact> &Out) {
  if (!Cond)
    return;
  const Expr *E = Cond->IgnoreParenImpCasts();
  // `o != std::nullopt` rewritten from operator== (C++20).
  if (const auto *RW = dyn_cast<CXXRewrittenBinaryOperator>(E))
    return engagedWhen(RW->getSemanticForm(), WhenTrue, Out);
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_LNot)
    return engagedWhen(U->getSubExpr(), !WhenTrue, Out);
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    // `i < c.size()` (true), `i >= c.size()` (false), and mirrored.
    const Expr *Small = nullptr, *Big = nullptr;
    if ((B->getOpcode() == BO_LT && WhenTrue) ||
        (B->getOpcode() == BO_GE && !WhenTrue))
      Small = B->getLHS(), Big = B->getRHS();
    else if ((B->getOpcode() == BO_GT && WhenTrue) ||
             (B->getOpcode() == BO_LE && !WhenTrue))
      Small = B->getRHS(), Big = B->getLHS();
    if (Small) {
      const VarDecl *I = indexVar(Small);
      const VarDecl *C = sizeOf(Big);
      if (I && C)
        Out.push_back({C, I});
      return;
    }
    if ((B->getOpcode() == BO_LAnd && WhenTrue) ||
        (B->getOpcode() == BO_LOr && !WhenTrue)) {
      engagedWhen(B->getLHS(), WhenTrue, Out);
      engagedWhen(B->getRHS(), WhenTrue, Out);
    }
    return;
  }
  if (const auto *Cast = dyn_cast<CXXStaticCastExpr>(E))
    if (Cast->getType()->isBooleanType())
      return engagedWhen(Cast->getSubExpr(), WhenTrue, Out);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const VarDecl *V = optionalVar(MC->getImplicitObjectArgument());
    if (V && MD && WhenTrue &&
        (isa<CXXConversionDecl>(MD) ||
         (MD->getIdentifier() && MD->getName() == "has_value")))
      Out.push_back({V, nullptr});
    return;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
      Op && Op->getNumArgs() == 2 &&
      (Op->getOperator() == OO_EqualEqual ||
       Op->getOperator() == OO_ExclaimEqual)) {
    const Expr *Other = isNulloptExpr(Op->getArg(1))   ? Op->getArg(0)
                        : isNulloptExpr(Op->getArg(0)) ? Op->getArg(1)
                                                       : nullptr;
    if (const VarDecl *V = optionalVar(Other))
      if ((Op->getOperator() == OO_ExclaimEqual) == WhenTrue)
        Out.push_back({V, nullptr});
  }
}

/// Whether \p E, an initialiser or the right side of an assignment of an
/// optional-like variable, gives it a value: a value that is not itself an
/// optional or nullopt, or an optional constructed from one (not a copy or
/// a move, not the empty constructor).
bool holdsValue(const Expr *E) {
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    E = Cast->getSubExpr()->IgnoreImplicit()->IgnoreParens();
  if (isNulloptExpr(E))
    return false;
  if (!optionalLikeClass(E->getType()))
    return true;
  const auto *Ctor = dyn_cast<CXXConstructExpr>(E);
  if (!Ctor || Ctor->getNumArgs() == 0 ||
      Ctor->getConstructor()->isCopyOrMoveConstructor())
    return false;
  const Expr *A = Ctor->getArg(0)->IgnoreImplicit();
  return !isNulloptExpr(A) && !optionalLikeClass(A->getType());
}

/// The optional-like variable that the statement \p S leaves holding a
/// value: `o = x` with x not itself an optional or nullopt, `o.emplace(...)`,
/// a declaration `std::optional<T> o = x` / `o(x)` from a value.
const VarDecl *establishes(const Stmt *S) {
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(S))
    S = EWC->getSubExpr();
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    if (!DS->isSingleDecl())
      return nullptr;
    const auto *VD = dyn_cast<VarDecl>(DS->getSingleDecl());
    if (!VD || !VD->hasLocalStorage() || VD->getType()->isReferenceType() ||
        !optionalLikeClass(VD->getType()) || !VD->getInit())
      return nullptr;
    if (!holdsValue(VD->getInit()))
      return nullptr;
    return VD;
  }
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (MD && MD->getIdentifier() && MD->getName() == "emplace")
      return optionalVar(MC->getImplicitObjectArgument());
    return nullptr;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S);
      Op && Op->getOperator() == OO_Equal && Op->getNumArgs() == 2) {
    return holdsValue(Op->getArg(1)) ? optionalVar(Op->getArg(0)) : nullptr;
  }
  return nullptr;
}

/// Whether control never falls through the end of \p S.
bool alwaysLeaves(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(S))
    S = EWC->getSubExpr();
  if (isa<ReturnStmt, BreakStmt, ContinueStmt, GotoStmt, CXXThrowExpr,
          CoreturnStmt>(S))
    return true;
  if (const auto *C = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = C->getDirectCallee())
      return FD->isNoReturn();
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return !CS->body_empty() && alwaysLeaves(CS->body_back());
  return false;
}

/// The optional-like variables whose engagement \p S may change: every
/// reference to one that harmlessUse() does not account for.
void collectKills(const Stmt *S, llvm::SmallPtrSetImpl<const VarDecl *> &Out) {
  if (!S)
    return;
  if (const DeclRefExpr *Ref = harmlessUse(S)) {
    for (const Stmt *Child : S->children())
      if (Child && !(isa<Expr>(Child) &&
                     cast<Expr>(Child)->IgnoreParenImpCasts() == Ref) &&
          !isa<MemberExpr>(Child))
        collectKills(Child, Out);
    return;
  }
  if (isPlainRead(S))
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      Out.insert(VD);
  for (const Stmt *Child : S->children())
    collectKills(Child, Out);
}

/// Whether \p Cond being true implies that \p V tests true: `v` (its bool
/// conversion), `v && ...`, `... && v`.
bool impliesTrue(const Expr *Cond, const VarDecl *V) {
  if (!Cond || !V)
    return false;
  const Expr *E = Cond->IgnoreParenImpCasts();
  if (const auto *B = dyn_cast<BinaryOperator>(E); B && B->getOpcode() == BO_LAnd)
    return impliesTrue(B->getLHS(), V) || impliesTrue(B->getRHS(), V);
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
    if (isa_and_nonnull<CXXConversionDecl>(MC->getMethodDecl()))
      E = MC->getImplicitObjectArgument()->IgnoreParenImpCasts();
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  return DRE && DRE->getDecl() == V;
}

/// Whether \p S holds an `if` whose branch needs \p V to test true.
bool testsTrue(const Stmt *S, const VarDecl *V) {
  return anyNode(S, [V](const Stmt *N) {
    const auto *If = dyn_cast<IfStmt>(N);
    return If && impliesTrue(If->getCond(), V);
  });
}

/// Whether \p Cond being false implies that \p V tests true (`!v`).
bool impliesTrueWhenFalse(const Expr *Cond, const VarDecl *V) {
  const auto *U = Cond ? dyn_cast<UnaryOperator>(Cond->IgnoreParenImpCasts())
                       : nullptr;
  return U && U->getOpcode() == UO_LNot && impliesTrue(U->getSubExpr(), V);
}


/// A default-constructed value: `T()`, `T{}`, `{}`.
bool isDefaultValue(const Expr *E) {
  if (!E)
    return false;
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    E = Cast->getSubExpr()->IgnoreImplicit()->IgnoreParens();
  if (const auto *IL = dyn_cast<InitListExpr>(E))
    return IL->getNumInits() == 0;
  if (const auto *C = dyn_cast<CXXConstructExpr>(E))
    return C->getNumArgs() == 0 ||
           llvm::all_of(C->arguments(),
                        [](const Expr *A) { return isa<CXXDefaultArgExpr>(A); });
  return isa<CXXScalarValueInitExpr, ImplicitValueInitExpr>(E);
}

/// The arguments of a call or a construction \p S, each for the parameter
/// of its position, and in \p Callee the function called (null when it is
/// not direct); none for an overloaded operator's call (its first argument
/// is the object) or anything else.
llvm::ArrayRef<const Expr *> plainCallArguments(const Stmt *S,
                                                const FunctionDecl *&Callee) {
  if (const auto *C = dyn_cast<CallExpr>(S); C && !isa<CXXOperatorCallExpr>(C)) {
    Callee = C->getDirectCallee();
    return llvm::ArrayRef(C->getArgs(), C->getNumArgs());
  }
  if (const auto *C = dyn_cast<CXXConstructExpr>(S)) {
    Callee = C->getConstructor();
    return llvm::ArrayRef(C->getArgs(), C->getNumArgs());
  }
  Callee = nullptr;
  return {};
}

/// Whether every use of \p V in \p Body keeps it in its default state (for
/// an error code: clear): reads through const members or const references,
/// copies, assignments of a default value, and non-const references handed
/// to visible, non-virtual functions whose own uses keep it (to a depth).
bool keepsDefault(const Stmt *Body, const VarDecl *V, unsigned Depth) {
  if (!Body || Depth > 4)
    return false;
  bool Ok = true;
  llvm::SmallPtrSet<const Expr *, 8> Handled;
  auto BindsHarmlessly = [&](const Expr *Arg, QualType PT,
                             const FunctionDecl *Callee, unsigned ParamIdx) {
    if (!PT->isReferenceType())
      return true;
    if (PT->isLValueReferenceType() && PT->getPointeeType().isConstQualified())
      return true;
    if (!PT->isLValueReferenceType() || !Callee)
      return false;
    const auto *MD = dyn_cast<CXXMethodDecl>(Callee);
    if (MD && MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
        !MD->getParent()->hasAttr<FinalAttr>())
      return false;
    const FunctionDecl *Def = definitionOf(Callee);
    if (!Def || ParamIdx >= Def->getNumParams())
      return false;
    return keepsDefault(Def->getBody(), Def->getParamDecl(ParamIdx), Depth + 1);
  };
  std::function<void(const Stmt *)> Visit = [&](const Stmt *S) {
    if (!S || !Ok)
      return;
    if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(S)) {
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee());
      for (unsigned I = 0; I < Op->getNumArgs() && Ok; ++I) {
        if (refersTo(Op->getArg(I)) != V)
          continue;
        if (MD && I == 0) {
          if (Op->getOperator() == OO_Equal)
            Ok = Op->getNumArgs() == 2 && isDefaultValue(Op->getArg(1));
          else
            Ok = MD->isConst();
        } else {
          const FunctionDecl *FD = Op->getDirectCallee();
          unsigned P = MD ? I - 1 : I;
          Ok = FD && P < FD->getNumParams() &&
               BindsHarmlessly(Op->getArg(I), FD->getParamDecl(P)->getType(),
                               FD, P);
        }
        Handled.insert(Op->getArg(I)->IgnoreParenImpCasts());
      }
    } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(S)) {
      const CXXMethodDecl *MD = MC->getMethodDecl();
      if (refersTo(MC->getImplicitObjectArgument()) == V) {
        Ok = MD && (MD->isConst() ||
                    (MD->getIdentifier() && MD->getName() == "clear" &&
                     MC->getNumArgs() == 0));
        Handled.insert(MC->getImplicitObjectArgument()->IgnoreParenImpCasts());
      }
    }
    if (!Ok)
      return;
    const FunctionDecl *FD = nullptr;
    llvm::ArrayRef<const Expr *> Args = plainCallArguments(S, FD);
    for (unsigned I = 0; I < Args.size() && Ok; ++I)
      if (refersTo(Args[I]) == V) {
        Ok = FD && I < FD->getNumParams() &&
             BindsHarmlessly(Args[I], FD->getParamDecl(I)->getType(), FD, I);
        Handled.insert(Args[I]->IgnoreParenImpCasts());
      }
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (DRE->getDecl() == V && !Handled.count(DRE))
        Ok = false;
    for (const Stmt *Child : S->children())
      Visit(Child);
  };
  Visit(Body);
  return Ok;
}


/// One member of *this tested by a precondition guard, and the truth value
/// of that test under which the guard fires.
struct GuardLeaf {
  const FieldDecl *Field = nullptr;
  bool FiresWhenTrue = true;
};

/// A direct non-static data member of *this named by \p E
/// (`m`, `this->m`, `base::m`), of a type whose truth test is a state test:
/// bool, a pointer, or a class (tested through its bool conversion or
/// operator!). Integers and enumerations are counts and codes, not states.
const FieldDecl *receiverMember(const Expr *E) {
  const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts());
  if (!ME || !isa<CXXThisExpr>(ME->getBase()->IgnoreParenImpCasts()))
    return nullptr;
  const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
  if (!FD)
    return nullptr;
  QualType T = FD->getType().getNonReferenceType();
  if (T->isBooleanType() || T->isPointerType() || T->isMemberPointerType() ||
      T->getAsCXXRecordDecl())
    return FD;
  return nullptr;
}

bool isNullConstant(const Expr *E, const ASTContext &Ctx) {
  return E->IgnoreParenImpCasts()->isNullPointerConstant(
             const_cast<ASTContext &>(Ctx),
             Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
}

/// Whether \p Cond is made only of truth tests of members of *this (see
/// receiverMember): `m`, `!m`, `m == nullptr`, `m != nullptr`, their
/// `&&` and `||`, `static_cast<bool>(...)`, `__builtin_expect(...)`.
/// Collects each member with the value of its test under which \p Cond
/// evaluates to \p Positive.
bool receiverStateTest(const Expr *Cond, bool Positive,
                       llvm::SmallVectorImpl<GuardLeaf> &Out) {
  if (!Cond)
    return false;
  const Expr *E = Cond->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(E);
      U && U->getOpcode() == UO_LNot)
    return receiverStateTest(U->getSubExpr(), !Positive, Out);
  if (const auto *Cast = dyn_cast<CXXStaticCastExpr>(E))
    return Cast->getType()->isBooleanType() &&
           receiverStateTest(Cast->getSubExpr(), Positive, Out);
  if (const auto *C = dyn_cast<CallExpr>(E);
      C && C->getBuiltinCallee() == Builtin::BI__builtin_expect &&
      C->getNumArgs() == 2)
    return receiverStateTest(C->getArg(0), Positive, Out);
  const Expr *Lhs = nullptr, *Rhs = nullptr;
  bool Equal = false;
  if (const auto *B = dyn_cast<BinaryOperator>(E)) {
    if (B->getOpcode() == BO_LAnd || B->getOpcode() == BO_LOr)
      return receiverStateTest(B->getLHS(), Positive, Out) &&
             receiverStateTest(B->getRHS(), Positive, Out);
    if (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE)
      Lhs = B->getLHS(), Rhs = B->getRHS(), Equal = B->getOpcode() == BO_EQ;
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Exclaim && Op->getNumArgs() == 1)
      return receiverStateTest(Op->getArg(0), !Positive, Out);
    if ((Op->getOperator() == OO_EqualEqual ||
         Op->getOperator() == OO_ExclaimEqual) &&
        Op->getNumArgs() == 2)
      Lhs = Op->getArg(0), Rhs = Op->getArg(1),
      Equal = Op->getOperator() == OO_EqualEqual;
  } else if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const auto *Conv = dyn_cast_or_null<CXXConversionDecl>(MC->getMethodDecl());
    return Conv && Conv->getConversionType()->isBooleanType() &&
           receiverStateTest(MC->getImplicitObjectArgument(), Positive, Out);
  }
  if (Lhs) {
    // `m == nullptr`: true when m tests false.
    const FieldDecl *F = receiverMember(Lhs);
    const Expr *Other = Rhs;
    if (!F) {
      F = receiverMember(Rhs);
      Other = Lhs;
    }
    if (!F || !isNullConstant(Other, F->getASTContext()))
      return false;
    Out.push_back({F, Equal ? !Positive : Positive});
    return true;
  }
  if (const FieldDecl *F = receiverMember(E)) {
    Out.push_back({F, Positive});
    return true;
  }
  return false;
}

/// Whether running \p S may have an effect: a call (other than of a const
/// member function, of a function that does not return -- an assertion's
/// failure path -- or __builtin_expect), a construction by a user-provided
/// constructor, an assignment, an increment, new or delete, a throw, a
/// suspension. An assertion (`assert(lk.owns_lock())`) has none.
bool mayHaveEffect(const Stmt *S) {
  return anyNode(S, [](const Stmt *N) {
    if (const auto *C = dyn_cast<CallExpr>(N)) {
      const FunctionDecl *FD = C->getDirectCallee();
      const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
      return C->getBuiltinCallee() != Builtin::BI__builtin_expect &&
             !(FD && FD->isNoReturn()) &&
             !(MD && MD->isInstance() && MD->isConst());
    }
    if (const auto *C = dyn_cast<CXXConstructExpr>(N))
      return C->getConstructor()->isUserProvided();
    if (const auto *B = dyn_cast<BinaryOperator>(N))
      return B->isAssignmentOp();
    if (const auto *U = dyn_cast<UnaryOperator>(N))
      return U->isIncrementDecrementOp();
    return isa<CXXNewExpr, CXXDeleteExpr, CoroutineSuspendExpr, CXXThrowExpr>(N);
  });
}

/// Whether \p S ends in a throw expression or a call of a function that
/// does not return.
bool endsInThrow(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *EWC = dyn_cast<ExprWithCleanups>(S))
    S = EWC->getSubExpr();
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return !CS->body_empty() && endsInThrow(CS->body_back());
  if (const auto *T = dyn_cast<CXXThrowExpr>(S))
    return T->getSubExpr() != nullptr;
  if (const auto *C = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = C->getDirectCallee())
      return FD->isNoReturn();
  return false;
}

/// Calls \p Fn for each precondition guard of \p FD (see the header): an
/// `if` among the statements its body runs first, before anything with an
/// effect, whose condition tests only members of *this and whose branch
/// ends in a throw.
void forEachEntryGuard(
    const FunctionDecl *FD,
    llvm::function_ref<void(const IfStmt *, llvm::ArrayRef<GuardLeaf>)> Fn) {
  const auto *MD = dyn_cast_or_null<CXXMethodDecl>(FD);
  if (!MD || MD->isStatic() || isa<CXXConstructorDecl, CXXDestructorDecl>(MD) ||
      MD->getParent()->isLambda())
    return;
  const auto *Body = dyn_cast_or_null<CompoundStmt>(userBody(MD));
  if (!Body)
    return;
  for (const Stmt *S : Body->body()) {
    const auto *If = dyn_cast<IfStmt>(S);
    llvm::SmallVector<GuardLeaf, 2> Leaves;
    if (If && !If->getInit() && !If->getConditionVariable() &&
        !If->isConsteval() && receiverStateTest(If->getCond(), true, Leaves) &&
        endsInThrow(If->getThen())) {
      Fn(If, Leaves);
      if (!If->getElse())
        continue;
      return;
    }
    if (mayHaveEffect(S))
      return;
  }
}

/// Whether \p RD is std::unique_ptr or std::shared_ptr: empty when
/// default-constructed and after being moved from.
bool isOwningSmartPointer(QualType T) {
  const auto *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  return RD && RD->isInStdNamespace() && RD->getIdentifier() &&
         (RD->getName() == "unique_ptr" || RD->getName() == "shared_ptr");
}

enum class LocalState { Unknown, DefaultConstructed, ValueInitialized, MovedFrom };

const char *stateName(LocalState S) {
  switch (S) {
  case LocalState::DefaultConstructed:
  case LocalState::ValueInitialized:
    return "default-constructed";
  case LocalState::MovedFrom:
    return "moved-from";
  case LocalState::Unknown:
    break;
  }
  return "";
}

/// The value member \p F of a \p RD object in state \p S tests as, if known:
/// a default-constructed object (by a constructor that is not user-provided)
/// has the member's default initialiser, a null or constant one, or, with
/// none, an empty owning smart pointer (and, value-initialised, a null
/// pointer or false); a moved-from object (by a move that is not
/// user-provided) has its owning smart pointers empty.
std::optional<bool> memberTestsAs(const FieldDecl *F, const CXXRecordDecl *RD,
                                  LocalState S) {
  if (!F || !RD || F->getParent()->getCanonicalDecl() != RD->getCanonicalDecl())
    return std::nullopt;
  const ASTContext &Ctx = F->getASTContext();
  QualType T = F->getType();
  if (S == LocalState::MovedFrom)
    return isOwningSmartPointer(T) ? std::optional<bool>(false) : std::nullopt;
  if (S == LocalState::Unknown)
    return std::nullopt;
  if (const Expr *Init = F->getInClassInitializer()) {
    if (T->isPointerType() && isNullConstant(Init, Ctx))
      return false;
    bool Value = false;
    if ((T->isBooleanType() || T->isPointerType()) && !Init->isValueDependent() &&
        Init->EvaluateAsBooleanCondition(Value, Ctx))
      return Value;
    if (isOwningSmartPointer(T) && isDefaultValue(Init))
      return false;
    return std::nullopt;
  }
  if (isOwningSmartPointer(T))
    return false;
  if (S == LocalState::ValueInitialized &&
      (T->isPointerType() || T->isBooleanType()))
    return false;
  return std::nullopt;
}

/// The parent of \p S with implicit nodes (casts, temporaries, cleanups)
/// looked through. \p PM is the parent map of one function body: a walk
/// never needs the whole translation unit's.
const Stmt *explicitParent(const Stmt *S, const ParentMap &PM) {
  const Stmt *P = S;
  for (unsigned Depth = 0; Depth < 16; ++Depth) {
    P = PM.getParent(P);
    if (!P)
      return nullptr;
    if (!isa<ImplicitCastExpr, MaterializeTemporaryExpr, ExprWithCleanups,
             CXXBindTemporaryExpr, ParenExpr>(P))
      return P;
  }
  return nullptr;
}

/// Whether \p S lies (by its parents) under \p Ancestor.
bool isUnder(const Stmt *S, const Stmt *Ancestor, const ParentMap &PM) {
  for (const Stmt *P = S; P; P = PM.getParent(P))
    if (P == Ancestor)
      return true;
  return false;
}

/// The innermost block holding \p S (by its parents, through declarations
/// and a lambda's captures), within the body \p PM maps.
const CompoundStmt *enclosingBlock(const Stmt *S, const ParentMap &PM) {
  for (const Stmt *P = PM.getParent(S); P; P = PM.getParent(P))
    if (const auto *CS = dyn_cast<CompoundStmt>(P))
      return CS;
  return nullptr;
}

void collectRefs(const Stmt *S, const VarDecl *V,
                 llvm::SmallVectorImpl<const DeclRefExpr *> &Out) {
  if (!S)
    return;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S); DRE && DRE->getDecl() == V)
    Out.push_back(DRE);
  for (const Stmt *Child : S->children())
    collectRefs(Child, V, Out);
}

/// The state of the local \p V of \p Body just before \p Call, where the
/// body shows it: the last thing that happened to it before the call, in a
/// block that holds the call, was its default construction or a move from
/// it (by a constructor or assignment of its class that is not
/// user-provided).
LocalState stateBefore(const VarDecl *V, const Expr *Call, const Stmt *Body) {
  if (!V || !Body || !V->hasLocalStorage() || isa<ParmVarDecl>(V) ||
      V->isInitCapture() || V->getType()->isReferenceType())
    return LocalState::Unknown;
  ASTContext &Ctx = V->getASTContext();
  const SourceManager &SM = Ctx.getSourceManager();
  if (!SM.isPointWithin(V->getLocation(), Body->getBeginLoc(),
                        Body->getEndLoc()))
    return LocalState::Unknown;
  llvm::SmallVector<const DeclRefExpr *, 8> Refs;
  collectRefs(Body, V, Refs);
  const DeclRefExpr *Last = nullptr;
  for (const DeclRefExpr *R : Refs)
    if (SM.isBeforeInTranslationUnit(R->getBeginLoc(), Call->getBeginLoc()) &&
        (!Last ||
         SM.isBeforeInTranslationUnit(Last->getBeginLoc(), R->getBeginLoc())))
      Last = R;
  if (!Last) {
    const auto *Ctor =
        V->getInit() ? dyn_cast<CXXConstructExpr>(V->getInit()->IgnoreImplicit())
                     : nullptr;
    if (!Ctor || !Ctor->getConstructor()->isDefaultConstructor() ||
        Ctor->getConstructor()->isUserProvided() || !isDefaultValue(Ctor))
      return LocalState::Unknown;
    return Ctor->requiresZeroInitialization() ? LocalState::ValueInitialized
                                              : LocalState::DefaultConstructed;
  }
  // `std::move(v)` consumed by a move of v's class.
  ParentMap PM(const_cast<Stmt *>(Body));
  const Stmt *Move = explicitParent(Last, PM);
  const auto *MoveCall = dyn_cast_or_null<CallExpr>(Move);
  const FunctionDecl *MoveFn = MoveCall ? MoveCall->getDirectCallee() : nullptr;
  if (!MoveFn || !MoveFn->isInStdNamespace() || !MoveFn->getIdentifier() ||
      MoveFn->getName() != "move" || MoveCall->getNumArgs() != 1)
    return LocalState::Unknown;
  const Stmt *User = explicitParent(MoveCall, PM);
  bool Moves = false;
  if (const auto *C = dyn_cast_or_null<CXXConstructExpr>(User))
    Moves = C->getConstructor()->isMoveConstructor() &&
            !C->getConstructor()->isUserProvided();
  else if (const auto *Op = dyn_cast_or_null<CXXOperatorCallExpr>(User))
    if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(Op->getDirectCallee()))
      Moves = MD->isMoveAssignmentOperator() && !MD->isUserProvided() &&
              Op->getNumArgs() == 2 &&
              Op->getArg(1)->IgnoreImplicit() == MoveCall;
  if (!Moves)
    return LocalState::Unknown;
  const CompoundStmt *Block = enclosingBlock(Last, PM);
  if (!Block || !isUnder(Call, Block, PM))
    return LocalState::Unknown;
  return LocalState::MovedFrom;
}

/// Reads one body: witnesses and edges outside try blocks, in source order.
///
/// Along the walk it keeps the optional-like local variables known to hold a
/// value (tested by the enclosing condition, by an earlier `if (!o) return;`,
/// or just assigned a value), so that a checked accessor (`o.value()`) whose
/// precondition holds is not a witness.
class SiteWalker {
public:
  SiteWalker(const NameSet &Throwing, const NameSet &AsyncThrowing,
             llvm::SmallVector<Site, 8> &Out, const FunctionDecl *Fn,
             const VarDecl *AssumedFalse = nullptr)
      : Throwing(Throwing), AsyncThrowing(AsyncThrowing), Out(Out), Fn(Fn),
        Body(userBody(Fn)), AssumedFalse(AssumedFalse) {
    forEachEntryGuard(Fn, [&](const IfStmt *If, llvm::ArrayRef<GuardLeaf>) {
      GuardBranches.insert(If->getThen());
    });
  }

  /// Walks \p Root in source order. Plain sub-expressions go through a work
  /// list instead of the call stack: an expression may nest as deeply as
  /// the parser allows (a 50,000-term sum), deeper than the stack.
  void walk(const Stmt *Root) {
    llvm::SmallVector<const Stmt *, 16> Work{Root};
    while (!Work.empty())
      step(Work.pop_back_val(), Work);
  }

private:
  /// Pushes \p S's children, to be walked next and in order.
  template <typename Range>
  static void later(Range &&Children, llvm::SmallVectorImpl<const Stmt *> &Work) {
    size_t Mark = Work.size();
    for (const Stmt *Child : Children)
      Work.push_back(Child);
    std::reverse(Work.begin() + Mark, Work.end());
  }

  /// One statement: the constructs that change what the path knows are
  /// walked here, in order; plain children are left on \p Work.
  void step(const Stmt *S, llvm::SmallVectorImpl<const Stmt *> &Work) {
    if (!S)
      return;
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      ++InTry;
      walk(Try->getTryBlock());
      --InTry;
      // `throw;` in a handler rethrows what the try block threw: an origin
      // only where the try block shows one (a throw, a throwing call, a
      // call of a function that is not visibly quiet).
      Rethrows.push_back(InTry == 0 && tryBlockShowsOrigin(Try));
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        walk(Try->getHandler(I)->getHandlerBlock());
      Rethrows.pop_back();
      return;
    }
    if (const auto *L = dyn_cast<LambdaExpr>(S)) {
      for (const Expr *Init : L->capture_inits())
        walk(Init);
      return;
    }
    if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
      visitAwait(Await->getOperand());
      return;
    }
    // Of co_yield, co_return and a dependent co_await only the operand is
    // read, never the awaiter calls Sema adds.
    if (const auto *Await = dyn_cast<DependentCoawaitExpr>(S)) {
      walk(Await->getOperand());
      return;
    }
    if (isa<CoyieldExpr, CoreturnStmt>(S)) {
      walk(isa<CoyieldExpr>(S) ? cast<CoyieldExpr>(S)->getOperand()
                               : cast<CoreturnStmt>(S)->getOperand());
      return;
    }
    if (const auto *T = dyn_cast<CXXThrowExpr>(S)) {
      // `throw;` outside a handler re-raises the exception being handled by
      // a caller: a relay, like std::rethrow_exception.
      if (!InTry && !throwsAllocationFailure(T) &&
          (T->getSubExpr() || (!Rethrows.empty() && Rethrows.back())))
        Out.push_back(Site::root(T, ThrowAnalysis::ThrowExpression));
      walk(T->getSubExpr());
      return;
    }
    if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
      size_t Mark = Engaged.size();
      for (const Stmt *Child : CS->body()) {
        // A label or case may be reached by a jump: what this block
        // established before it is unknown there.
        if (isa<SwitchCase, LabelStmt>(Child))
          Engaged.resize(Mark);
        walk(Child);
        if (const VarDecl *V = establishes(Child))
          Engaged.push_back({V, nullptr});
      }
      Engaged.resize(Mark);
      return;
    }
    if (const auto *If = dyn_cast<IfStmt>(S);
        If && GuardBranches.count(If->getThen())) {
      // A precondition guard: its branch runs only on a misuse of the
      // receiver, which the caller's side decides (failedPrecondition).
      walk(If->getCond());
      walk(If->getElse());
      return;
    }
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      walk(If->getInit());
      if (const DeclStmt *DS = If->getConditionVariableDeclStmt())
        walk(DS);
      walk(If->getCond());
      // Under the assumption that AssumedFalse tests false, the branch that
      // needs it true never runs.
      if (!impliesTrue(If->getCond(), AssumedFalse))
        walkUnder(If->getThen(), If->getCond(), true);
      if (!impliesTrueWhenFalse(If->getCond(), AssumedFalse))
        walkUnder(If->getElse(), If->getCond(), false);
      // `if (!o) return;`: o holds a value after the statement.
      if (alwaysLeaves(If->getThen()) && !If->getElse())
        engagedWhen(If->getCond(), false, Engaged);
      else if (If->getElse() && alwaysLeaves(If->getElse()) &&
               !alwaysLeaves(If->getThen()))
        engagedWhen(If->getCond(), true, Engaged);
      return;
    }
    if (const auto *B = dyn_cast<BinaryOperator>(S);
        B && (B->getOpcode() == BO_LAnd || B->getOpcode() == BO_LOr)) {
      walk(B->getLHS());
      walkUnder(B->getRHS(), B->getLHS(), B->getOpcode() == BO_LAnd);
      return;
    }
    if (const auto *C = dyn_cast<ConditionalOperator>(S)) {
      walk(C->getCond());
      walkUnder(C->getTrueExpr(), C->getCond(), true);
      walkUnder(C->getFalseExpr(), C->getCond(), false);
      return;
    }
    if (isa<WhileStmt, ForStmt, DoStmt, CXXForRangeStmt>(S)) {
      // A loop runs its parts again: what any part may change is not known
      // to hold anywhere in it.
      llvm::SmallPtrSet<const VarDecl *, 4> Kills;
      collectKills(S, Kills);
      for (Fact &F : Engaged)
        if (Kills.count(F.Obj) || (F.Index && Kills.count(F.Index)))
          F = Fact();
      size_t Mark = Engaged.size();
      if (const auto *W = dyn_cast<WhileStmt>(S)) {
        if (const DeclStmt *DS = W->getConditionVariableDeclStmt())
          walk(DS);
        walk(W->getCond());
        walkUnder(W->getBody(), W->getCond(), true);
      } else if (const auto *F = dyn_cast<ForStmt>(S)) {
        walk(F->getInit());
        walk(F->getCond());
        walkUnder(F->getBody(), F->getCond(), true);
        walk(F->getInc());
      } else {
        for (const Stmt *Child : S->children())
          walk(Child);
      }
      Engaged.resize(Mark);
      return;
    }
    if (const auto *E = dyn_cast<Expr>(S))
      if (isa<CallExpr, CXXConstructExpr>(E))
        visitCall(E, /*Awaited=*/false);
    if (const DeclRefExpr *Ref = harmlessUse(S)) {
      llvm::SmallVector<const Stmt *, 4> Kept;
      for (const Stmt *Child : S->children())
        if (Child && !isa<MemberExpr>(Child) &&
            !(isa<Expr>(Child) &&
              cast<Expr>(Child)->IgnoreParenImpCasts() == Ref))
          Kept.push_back(Child);
      later(Kept, Work);
      return;
    }
    if (isPlainRead(S))
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
        for (Fact &F : Engaged)
          if (F.mentions(VD))
            F = Fact();
    later(S->children(), Work);
  }

  /// Walks \p S knowing that \p Cond evaluated to \p WhenTrue.
  void walkUnder(const Stmt *S, const Expr *Cond, bool WhenTrue) {
    if (!S)
      return;
    size_t Mark = Engaged.size();
    engagedWhen(Cond, WhenTrue, Engaged);
    walk(S);
    Engaged.resize(Mark);
  }

  /// Whether \p E is a checked accessor whose only throw is a precondition
  /// the path has established: `o.value()` of a variable known to hold a
  /// value, `c.at(i)` with `i < c.size()` known, for an at() that takes a
  /// position (an integer by value: not a map's key).
  bool preconditionHolds(const Expr *E) const {
    const auto *MC = dyn_cast<CXXMemberCallExpr>(E);
    const CXXMethodDecl *MD = MC ? MC->getMethodDecl() : nullptr;
    if (!MD || !MD->getIdentifier())
      return false;
    if (MD->getName() == "value" && MC->getNumArgs() == 0) {
      const VarDecl *V = optionalVar(MC->getImplicitObjectArgument());
      return V && llvm::is_contained(Engaged, Fact{V, nullptr});
    }
    if (MD->getName() == "at" && MC->getNumArgs() == 1 &&
        MD->getNumParams() == 1 &&
        !MD->getParamDecl(0)->getType()->isReferenceType() &&
        MD->getParamDecl(0)->getType()->isIntegerType()) {
      const VarDecl *C = classVar(MC->getImplicitObjectArgument());
      const VarDecl *I = indexVar(MC->getArg(0));
      return C && I && llvm::is_contained(Engaged, Fact{C, I});
    }
    return false;
  }

  void visitAwait(const Expr *Operand) {
    if (!Operand)
      return;
    const Expr *Inner = Operand->IgnoreImplicit()->IgnoreParens();
    if (const auto *Call = dyn_cast<CallExpr>(Inner)) {
      const FunctionDecl *Op = Call->getDirectCallee();
      if (!InTry && Op && !AsyncThrowing.empty() &&
          AsyncThrowing.contains(Op) &&
          llvm::any_of(Call->arguments(), isUseAwaitableToken)) {
        Out.push_back(Site::root(Call, ThrowAnalysis::AsyncOperation));
        for (const Expr *A : Call->arguments())
          walk(A);
        return;
      }
      visitCall(Call, /*Awaited=*/true);
      for (const Stmt *Child : Call->children())
        walk(Child);
      return;
    }
    walk(Operand);
  }

  void visitCall(const Expr *E, bool Awaited) {
    if (InTry)
      return;
    const FunctionDecl *FD = nullptr;
    if (const auto *C = dyn_cast<CallExpr>(E))
      FD = C->getDirectCallee();
    else if (const auto *C = dyn_cast<CXXConstructExpr>(E))
      FD = C->getConstructor();
    if (!FD)
      return;
    if (isExceptionRelay(FD)) {
      if (relaysFreshException(E))
        Out.push_back(Site::root(E, ThrowAnalysis::ThrowingCall));
      return;
    }
    if (!Throwing.empty() && Throwing.contains(FD)) {
      if (!preconditionHolds(E))
        Out.push_back(Site::root(E, ThrowAnalysis::ThrowingCall));
      return;
    }
    const FunctionDecl *Def = definitionOf(FD);
    if (!Def)
      return;
    const SourceManager &SM = Def->getASTContext().getSourceManager();
    if (SM.isInSystemHeader(Def->getLocation()))
      return;
    if (const auto *Proto = FD->getType()->getAs<FunctionProtoType>())
      if (Proto->canThrow() == CT_Cannot)
        return;
    if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
      if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
          !MD->getParent()->hasAttr<FinalAttr>())
        if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
          if (const auto *ME = dyn_cast<MemberExpr>(
                  MC->getCallee()->IgnoreParenImpCasts());
              !ME || !ME->hasQualifier())
            return;
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      if (failedPrecondition(MC, Body)) {
        Out.push_back(Site::root(E, ThrowAnalysis::FailedPrecondition));
        return;
      }
    if (isCoroutine(Def) && (!Awaited || !promiseForwardsExceptions(Def)))
      return;
    if (throwsOnlyOnClearArgument(E, Def))
      return;
    Out.push_back(Site::call(E, Def));
  }

  /// Whether \p Def throws only when one of its parameters tests true
  /// (`if (ec) throw ...`), and the call passes a local of this body that
  /// is still in its default state: declared default-constructed, and
  /// every use of it keeps it so (keepsDefault), such as an error code
  /// handed to a function that only clears it.
  bool throwsOnlyOnClearArgument(const Expr *E, const FunctionDecl *Def) {
    const FunctionDecl *Callee = nullptr;
    llvm::ArrayRef<const Expr *> Args = plainCallArguments(E, Callee);
    for (unsigned I = 0; I < Args.size() && I < Def->getNumParams(); ++I) {
      const VarDecl *V = refersTo(Args[I]);
      if (!V || !V->hasLocalStorage() || isa<ParmVarDecl>(V) ||
          V->getType()->isReferenceType() ||
          !V->getType()->getAsCXXRecordDecl() || !isDefaultValue(V->getInit()))
        continue;
      if (testsTrue(userBody(Def), Def->getParamDecl(I)) &&
          quietUnless(Def, Def->getParamDecl(I), 0) &&
          keepsDefault(Body, V, 0))
        return true;
    }
    return false;
  }

  bool tryBlockShowsOrigin(const CXXTryStmt *Try) {
    llvm::SmallVector<Site, 8> Sites;
    SiteWalker W(Throwing, AsyncThrowing, Sites, Fn);
    W.walk(Try->getTryBlock());
    return llvm::any_of(Sites, [&](const Site &X) {
      return X.Root || !X.Call.Callee ||
             !quietUnless(X.Call.Callee, nullptr, 0);
    });
  }

  /// Whether \p Def shows no witness, directly or through the calls it
  /// makes (to a small depth), when \p AssumeFalse (if any) tests false.
  bool quietUnless(const FunctionDecl *Def, const VarDecl *AssumeFalse,
                   unsigned Depth) {
    if (Depth > 3)
      return false;
    llvm::SmallVector<Site, 8> Sites;
    SiteWalker W(Throwing, AsyncThrowing, Sites, Def, AssumeFalse);
    W.walk(userBody(Def));
    return llvm::all_of(Sites, [&](const Site &X) {
      return !X.Root && X.Call.Callee &&
             quietUnless(X.Call.Callee, nullptr, Depth + 1);
    });
  }

  const NameSet &Throwing;
  const NameSet &AsyncThrowing;
  llvm::SmallVector<Site, 8> &Out;
  const FunctionDecl *Fn;
  const Stmt *Body;
  /// The branches of Fn's precondition guards: not walked.
  llvm::SmallPtrSet<const Stmt *, 2> GuardBranches;
  const VarDecl *AssumedFalse;
  unsigned InTry = 0;
  /// Per enclosing handler, innermost last: whether its try block shows an
  /// origin for `throw;` to rethrow.
  llvm::SmallVector<bool, 2> Rethrows;
  /// Optional-like variables known to hold a value here (a stack: each
  /// block and branch drops what it added; a variable that may have changed
  /// is overwritten with null, so that the marks stay valid).
  llvm::SmallVector<Fact, 4> Engaged;
};

} // namespace

bool promiseForwardsExceptions(const FunctionDecl *Coro) {
  const auto *CB = Coro ? dyn_cast_or_null<CoroutineBodyStmt>(Coro->getBody())
                        : nullptr;
  if (!CB || !CB->getPromiseDecl())
    return false;
  const CXXRecordDecl *P =
      CB->getPromiseDecl()->getType()->getAsCXXRecordDecl();
  if (!P)
    return false;
  ASTContext &Ctx = P->getASTContext();
  llvm::SmallVector<const CXXRecordDecl *, 4> Work{P};
  for (size_t I = 0; I < Work.size(); ++I) {
    const CXXRecordDecl *C = Work[I]->getDefinition();
    if (!C)
      continue;
    for (const NamedDecl *D :
         C->lookup(&Ctx.Idents.get("unhandled_exception"))) {
      const auto *FD = dyn_cast<FunctionDecl>(D);
      const FunctionDecl *Def = nullptr;
      if (!FD || !FD->hasBody(Def))
        return false;
      return callsCurrentExceptionOrRethrows(Def->getBody());
    }
    for (const CXXBaseSpecifier &B : C->bases())
      if (const CXXRecordDecl *BR = B.getType()->getAsCXXRecordDecl())
        Work.push_back(BR);
  }
  return false;
}

ThrowAnalysis::ThrowAnalysis(llvm::StringRef ThrowingFunctions,
                             llvm::StringRef ThrowingAsyncOperations)
    : Throwing(NameSet::fromOption(ThrowingFunctions)),
      AsyncThrowing(NameSet::fromOption(ThrowingAsyncOperations)),
      Facts(std::make_unique<CallSummaries>(
          [this](const FunctionDecl *FD) { return sites(FD); })) {}

llvm::SmallVector<Site, 8> ThrowAnalysis::sites(const FunctionDecl *FD) {
  llvm::SmallVector<Site, 8> Out;
  SiteWalker W(Throwing, AsyncThrowing, Out, FD);
  W.walk(userBody(FD));
  return Out;
}

bool ThrowAnalysis::canThrow(const FunctionDecl *FD) {
  return definitionOf(FD) && Facts->get(FD).Holds;
}

CallChain ThrowAnalysis::chainFrom(const FunctionDecl *FD) {
  return Facts->chainFrom(FD);
}

void ThrowAnalysis::clear() { Facts->clear(); }

bool throwsAllocationFailure(const CXXThrowExpr *T) {
  const Expr *E = T->getSubExpr();
  const auto *RD = E ? E->getType()->getAsCXXRecordDecl() : nullptr;
  if (!RD || !RD->hasDefinition())
    return false;
  auto IsBadAlloc = [](const CXXRecordDecl *C) {
    return C->isInStdNamespace() && C->getIdentifier() &&
           C->getName() == "bad_alloc";
  };
  if (IsBadAlloc(RD))
    return true;
  bool Found = false;
  RD->forallBases([&](const CXXRecordDecl *B) {
    if (IsBadAlloc(B))
      Found = true;
    return true;
  });
  return Found;
}

void preconditionGuardBranches(const FunctionDecl *FD,
                               llvm::SmallPtrSetImpl<const Stmt *> &Out) {
  forEachEntryGuard(FD, [&](const IfStmt *If, llvm::ArrayRef<GuardLeaf>) {
    Out.insert(If->getThen());
  });
}

std::optional<PreconditionFailure>
failedPrecondition(const CXXMemberCallExpr *Call, const Stmt *Body) {
  const CXXMethodDecl *MD = Call ? Call->getMethodDecl() : nullptr;
  const FunctionDecl *Def = definitionOf(MD);
  if (!Def || !Body)
    return std::nullopt;
  if (Def->getASTContext().getSourceManager().isInSystemHeader(
          Def->getLocation()))
    return std::nullopt;
  if (MD->isVirtual() && !MD->hasAttr<FinalAttr>() &&
      !MD->getParent()->hasAttr<FinalAttr>())
    return std::nullopt;
  const auto *ME = dyn_cast<MemberExpr>(Call->getCallee()->IgnoreParens());
  if (!ME || ME->isArrow())
    return std::nullopt;
  const VarDecl *V = refersTo(Call->getImplicitObjectArgument());
  const CXXRecordDecl *RD =
      V ? V->getType().getNonReferenceType()->getAsCXXRecordDecl() : nullptr;
  if (!RD || !RD->hasDefinition())
    return std::nullopt;
  LocalState State = stateBefore(V, Call, Body);
  if (State == LocalState::Unknown)
    return std::nullopt;
  std::optional<PreconditionFailure> Found;
  forEachEntryGuard(Def, [&](const IfStmt *If,
                             llvm::ArrayRef<GuardLeaf> Leaves) {
    if (Found || Leaves.size() != 1)
      return;
    std::optional<bool> Value =
        memberTestsAs(Leaves[0].Field, RD->getDefinition(), State);
    if (Value && *Value == Leaves[0].FiresWhenTrue)
      Found = PreconditionFailure{V, If, stateName(State)};
  });
  return Found;
}

} // namespace clang::tidy::conclint::utils
