//===-- ThreadPerTaskCheck.h - conclint-thread-per-task ----------*- C++ -*-===//

#ifndef CONCLINT_CHECKS_THREADPERTASKCHECK_H
#define CONCLINT_CHECKS_THREADPERTASKCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "utils/ThreadEntryPoints.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::conclint {

/// Finds a new std::thread, std::jthread or std::async(std::launch::async)
/// started for every iteration of a loop whose trip count depends on data,
/// which oversubscribes the CPU and pays thread creation per task.
///
/// Reports only when it shows that the loop's trip count grows with the
/// input (it walks a container, or has no count and runs as long as input
/// comes; or is a constant nest above SmallTripCount), that what the
/// thread runs changes with the iteration, and that the thread runs one
/// task: not a worker loop over shared jobs (also through a called
/// function), not work chosen by a virtual call on the item it is handed
/// -- unless the loop has no
/// count and hands the thread what it just read. A loop counting to a
/// plain scalar (parameter, member, option field) is a configured degree
/// of parallelism as far as the TU shows: silent. A loop growing a set of threads
/// up to a bound (`threads.size() < limit`) builds a pool; a loop counting
/// to a plain number that hands each thread only its counter is a worker
/// index or a task number, unknown which: silent. A parallel section whose
/// spawning function runs the first share of the container itself with the
/// thread's entry function and joins every thread it started (the loop
/// counts from 1 to the container's size) is the job cut into as many
/// shares as it has threads, a degree of parallelism decided where the
/// container was filled: silent. Constant-bounded loops are small;
/// a trip count that reads only constants the TU does not show is unknown
/// and silent. Templates: per instantiation, one report per location.
class ThreadPerTaskCheck : public ClangTidyCheck {
public:
  ThreadPerTaskCheck(StringRef Name, ClangTidyContext *Context);
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void onStartOfTranslationUnit() override {
    Decided.clear();
    Reported.clear();
    PatternLoops.clear();
  }
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }

private:
  /// Adds the loops under \p S (not those of lambdas inside) to
  /// PatternLoops.
  void notePatternLoops(const Stmt *S);

  const unsigned SmallTripCount;
  const std::string ThreadTypes;
  const utils::SpawnOptions SpawnOpts;
  /// Also report loops that start N identical workers (the callable and its
  /// arguments do not change per iteration), as before this option existed.
  const bool ReportIdenticalWorkers;
  /// Spawns already judged (as part of an outer loop's nest).
  llvm::DenseSet<const Expr *> Decided;
  /// The loops of template patterns' callables (judged on instantiations).
  llvm::DenseSet<const Stmt *> PatternLoops;
  /// One report per spawn location across a template's instantiations.
  utils::FindingDeduplicator Reported;
};

} // namespace clang::tidy::conclint

#endif
