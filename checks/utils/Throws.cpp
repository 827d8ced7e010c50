//===-- Throws.cpp - can running this function let an exception out -------===//

#include "Throws.h"
#include "CoroutineContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::conclint::utils {

const char DefaultThrowingFunctions[] =
    "::std::vector::at;::std::deque::at;::std::array::at;"
    "::std::basic_string::at;::std::basic_string_view::at;"
    "::std::map::at;::std::unordered_map::at;"
    "::std::stoi;::std::stol;::std::stoll;::std::stoul;::std::stoull;"
    "::std::stof;::std::stod;::std::stold;"
    "::std::optional::value;::std::rethrow_exception;"
    "::std::throw_with_nested;::std::rethrow_if_nested";

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

bool callsCurrentExceptionOrRethrows(const Stmt *S) {
  if (!S)
    return false;
  if (const auto *T = dyn_cast<CXXThrowExpr>(S))
    if (!T->getSubExpr())
      return true;
  if (const auto *C = dyn_cast<CallExpr>(S))
    if (const FunctionDecl *FD = C->getDirectCallee())
      if (FD->isInStdNamespace() && FD->getIdentifier() &&
          FD->getName() == "current_exception")
        return true;
  for (const Stmt *Child : S->children())
    if (callsCurrentExceptionOrRethrows(Child))
      return true;
  return false;
}

/// Reads one body: witnesses and edges outside try blocks, in source order.
class SiteWalker {
public:
  SiteWalker(const NameSet &Throwing, const NameSet &AsyncThrowing,
             llvm::SmallVector<Site, 8> &Out)
      : Throwing(Throwing), AsyncThrowing(AsyncThrowing), Out(Out) {}

  void walk(const Stmt *S) {
    if (!S)
      return;
    if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
      ++InTry;
      walk(Try->getTryBlock());
      --InTry;
      for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
        walk(Try->getHandler(I)->getHandlerBlock());
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
    if (const auto *Await = dyn_cast<DependentCoawaitExpr>(S)) {
      walk(Await->getOperand());
      return;
    }
    if (const auto *Yield = dyn_cast<CoyieldExpr>(S)) {
      walk(Yield->getOperand());
      return;
    }
    if (const auto *Ret = dyn_cast<CoreturnStmt>(S)) {
      walk(Ret->getOperand());
      return;
    }
    if (const auto *T = dyn_cast<CXXThrowExpr>(S)) {
      if (!InTry)
        Out.push_back(Site::root(T, ThrowAnalysis::ThrowExpression));
      walk(T->getSubExpr());
      return;
    }
    if (const auto *E = dyn_cast<Expr>(S))
      if (isa<CallExpr, CXXConstructExpr>(E))
        visitCall(E, /*Awaited=*/false);
    for (const Stmt *Child : S->children())
      walk(Child);
  }

private:
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
    if (!Throwing.empty() && Throwing.contains(FD)) {
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
    if (isCoroutine(Def) && (!Awaited || !promiseForwardsExceptions(Def)))
      return;
    Out.push_back(Site::call(E, Def));
  }

  const NameSet &Throwing;
  const NameSet &AsyncThrowing;
  llvm::SmallVector<Site, 8> &Out;
  unsigned InTry = 0;
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
  SiteWalker W(Throwing, AsyncThrowing, Out);
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

} // namespace clang::tidy::conclint::utils
