//===-- BlockingCallUnderLockCheck.h - blocking-call-under-lock -*- C++ -*-===//

#ifndef CONCLINT_CHECKS_BLOCKINGCALLUNDERLOCKCHECK_H
#define CONCLINT_CHECKS_BLOCKINGCALLUNDERLOCKCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/BlockingCalls.h"
#include "utils/CallSummaries.h"
#include "utils/Dataflow.h"
#include "utils/Lockset.h"
#include "utils/Names.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <memory>
#include <optional>
#include <string>

namespace clang::tidy::conclint {

/// Finds blocking calls (sleeps, blocking I/O, joins, future waits, waits on
/// a condition variable with another mutex held, sync_wait-style helpers)
/// made while a mutex is held, directly or through called functions, which
/// stall every thread that needs the mutex for as long as the call blocks.
class BlockingCallUnderLockCheck : public ClangTidyCheck {
public:
  BlockingCallUnderLockCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onEndOfTranslationUnit() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }

private:
  void analyse(const FunctionDecl *FD, ASTContext &Ctx);
  /// The "calling this blocks while the caller's locks stay held" family.
  llvm::SmallVector<utils::Site, 8> blockingSites(const FunctionDecl *FD);
  /// The definition of a callee the family follows, or null.
  const FunctionDecl *followedCallee(const CallExpr *Call) const;
  bool allowed(const CallExpr *Call) const;
  /// The first site of \p F that blocks given the zero parameters \p Zero,
  /// at most \p Depth calls down: a readiness probe whose timeout is zero
  /// under them is skipped. std::nullopt when none does (or F was seen).
  std::optional<utils::CallChain>
  chainUnder(const FunctionDecl *F, llvm::ArrayRef<const ParmVarDecl *> Zero,
             unsigned Depth, llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen);
  void noteHeld(llvm::ArrayRef<const utils::HeldLock *> Held);

  const utils::BlockingCatalogueOptions CatalogueOptions;
  const std::string AllowedUnderLockRaw;
  const unsigned CallDepth;

  const utils::BlockingCatalogue Catalogue;
  const utils::NameSet Allowed;
  std::unique_ptr<utils::CallSummaries> Facts;
  utils::CFGCache CFGs;
  llvm::DenseSet<SourceLocation> Reported;
};

} // namespace clang::tidy::conclint

#endif
