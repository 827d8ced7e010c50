//===-- Executors.cpp - what runs the work handed to an executor ----------===//

#include "Executors.h"
#include "ThreadEntryPoints.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"

namespace clang::tidy::conclint::utils {

const ExecutorNames &ExecutorNames::defaults() {
  static const ExecutorNames D =
      fromOptions("io_context;io_service", "thread_pool;static_thread_pool");
  return D;
}

ExecutorNames ExecutorNames::fromOptions(llvm::StringRef EventLoops,
                                         llvm::StringRef ThreadPools) {
  return {NameSet::fromOption(EventLoops), NameSet::fromOption(ThreadPools)};
}

namespace {
/// Strips `x.get_executor()`, wrappers and implicit conversions to reach
/// the context (or the executor object itself).
const Expr *stripExecutor(const Expr *E) {
  while (E) {
    const Expr *Prev = E;
    E = stripCallableWrappers(E)->IgnoreImplicit()->IgnoreParens();
    if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E))
      if (const auto *MD = MC->getMethodDecl())
        if (MD->getIdentifier() && MD->getName() == "get_executor") {
          E = MC->getImplicitObjectArgument();
          continue;
        }
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
      if (CE->getNumArgs() == 1 && !isa<CXXTemporaryObjectExpr>(CE)) {
        E = CE->getArg(0);
        continue;
      }
    if (E == Prev)
      break;
  }
  return E;
}

const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  return T.getNonReferenceType()->getAsCXXRecordDecl();
}
} // namespace

ExecutorClass describeExecutor(const Expr *Executor,
                               const ExecutorNames &Names) {
  ExecutorClass Out;
  if (!Executor)
    return Out;
  const CXXRecordDecl *RD = recordOf(stripExecutor(Executor)->getType());
  for (int Depth = 0; RD && Depth < 8; ++Depth) {
    if (Names.EventLoops.contains(RD)) {
      Out.Context = ExecutorKind::IoContext;
      return Out;
    }
    if (Names.ThreadPools.contains(RD)) {
      Out.Context = ExecutorKind::ThreadPool;
      return Out;
    }
    if (RD->getIdentifier() && RD->getName() == "strand") {
      Out.Strand = true;
      // strand<Executor>: the executor it wraps.
      if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD))
        if (Spec->getTemplateArgs().size() >= 1 &&
            Spec->getTemplateArgs()[0].getKind() == TemplateArgument::Type) {
          RD = recordOf(Spec->getTemplateArgs()[0].getAsType());
          continue;
        }
    }
    // io_context::executor_type, io_context::strand: nested in the context.
    RD = dyn_cast<CXXRecordDecl>(RD->getDeclContext());
  }
  return Out;
}

ExecutorKind classifyExecutor(const Expr *Executor,
                              const ExecutorNames &Names) {
  ExecutorClass C = describeExecutor(Executor, Names);
  return C.Strand ? ExecutorKind::Strand : C.Context;
}

bool isEventLoopExecutor(const Expr *Executor, const ExecutorNames &Names) {
  return describeExecutor(Executor, Names).Context == ExecutorKind::IoContext;
}

bool isThreadPoolExecutor(const Expr *Executor, const ExecutorNames &Names) {
  return describeExecutor(Executor, Names).Context == ExecutorKind::ThreadPool;
}

const ValueDecl *executorDecl(const Expr *Executor) {
  if (!Executor)
    return nullptr;
  const Expr *E = stripExecutor(Executor)->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return DRE->getDecl();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl();
  return nullptr;
}

} // namespace clang::tidy::conclint::utils
