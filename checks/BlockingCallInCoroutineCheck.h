//===-- BlockingCallInCoroutineCheck.h - blocking-call-in-coroutine -*- C++ -*-//

#ifndef CONCLINT_CHECKS_BLOCKINGCALLINCOROUTINECHECK_H
#define CONCLINT_CHECKS_BLOCKINGCALLINCOROUTINECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/BlockingCalls.h"
#include "utils/CallSummaries.h"
#include "utils/CoroutineContext.h"
#include "utils/Summary.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conclint {

/// Finds blocking calls (sleeps, blocking I/O, future waits, locks) in
/// coroutine bodies, directly or through functions of the same translation
/// unit, which stall every coroutine on the thread that resumes them.
class BlockingCallInCoroutineCheck : public ClangTidyCheck {
public:
  BlockingCallInCoroutineCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onEndOfTranslationUnit() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    // Coroutines need C++20; the project-wide facts (recorded for the
    // driver's link) come from every C++ TU: a C++17 library may block.
    return LangOpts.CPlusPlus20 ||
           (LangOpts.CPlusPlus && utils::summary::Sink::get().enabled());
  }

private:
  bool isExempt(const Stmt *S, const utils::CoroutineSwitchAnalysis &A,
                const llvm::DenseSet<const FunctionDecl *> &Offloaded) const;
  /// The sites of the "calling this blocks" summary family in \p FD: its
  /// blocking calls (payload: index into Catalogue.entries()) and its calls to other
  /// functions of this translation unit, in source order.
  llvm::SmallVector<utils::Site, 8> blockingSites(const FunctionDecl *FD);
  const FunctionDecl *localCallee(const CallExpr *Call,
                                  const SourceManager &SM) const;
  std::string alternativeFor(const utils::BlockingEntry &E) const;
  void analyse(const FunctionDecl *Coro, ASTContext &Ctx);
  /// The project-wide facts (utils/Summary.h): recorded for the driver's
  /// link, or linked here with the summary store of the last run.
  void finishSummaries(ASTContext &Ctx);

  const utils::BlockingCatalogueOptions CatalogueOptions;
  const std::string AsyncAlternativesRaw;
  const std::string AsyncSleep;
  const std::string ThreadSwitchAwaitablesRaw;
  const std::string OffloadFunctionsRaw;
  /// CallDepth (TransitiveDepth is its deprecated alias).
  const unsigned CallDepth;
  /// The summary store to read (empty: found next to the build directory).
  const std::string SummaryStore;
  ClangTidyContext *TidyContext;

  /// The shared blocking-call catalogue (utils/BlockingCalls.h).
  const utils::BlockingCatalogue Catalogue;
  llvm::StringMap<std::string> Alternatives;
  std::vector<utils::AwaitablePattern> SwitchPatterns;
  std::vector<std::string> OffloadFunctions;

  std::unique_ptr<utils::CallSummaries> BlockingFacts;
  llvm::DenseSet<SourceLocation> Reported;
  std::vector<const FunctionDecl *> Pending;
  std::vector<utils::summary::BlockingTU::CoroCall> CoroutineCalls;
  llvm::DenseSet<const FunctionDecl *> SpawnedOnPool;
  /// Named coroutines: every call creating one in the TU, and those of them
  /// that are the coroutine argument of a co_spawn onto a thread pool.
  llvm::DenseMap<const FunctionDecl *, unsigned> CoroutineStarts;
  llvm::DenseMap<const FunctionDecl *, unsigned> PoolStarts;
  ASTContext *Ctx = nullptr;
};

} // namespace clang::tidy::conclint

#endif
