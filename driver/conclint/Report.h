//===-- Report.h - the report formats ----------------------------*- C++ -*-===//

#ifndef CONCLINT_DRIVER_REPORT_H
#define CONCLINT_DRIVER_REPORT_H

#include "Model.h"

#include <optional>
#include <string>
#include <vector>

namespace conclint {

/// Everything a report shows about one run.
struct RunReport {
  std::vector<Finding> Findings; ///< deduplicated, sorted, after baseline
  std::vector<std::pair<std::string, std::string>> Failures; ///< file, why
  unsigned TranslationUnits = 0;
  unsigned Analysed = 0;
  unsigned Cached = 0;
  unsigned Suppressed = 0; ///< findings hidden by --baseline
  unsigned OutsideDiff = 0; ///< findings hidden by --changed-lines
};

struct ReportContext {
  std::string ProjectRoot; ///< paths under it are shown relative to it
  std::string DocsDir;     ///< the docs/ directory, "" if none was found
  std::string DocsURL;     ///< web address of docs/, "" if none
  /// What GitHub code scanning accepts in one upload; SARIF is split into
  /// runs, then truncated, to stay within them (0: no limit).
  unsigned SarifMaxResultsPerRun = 25000;
  unsigned SarifMaxRuns = 20;
  unsigned SarifMaxBytes = 10u * 1000 * 1000;
};

enum class Format { Text, Sarif, Json, Github, GitLab, Sonar, CodeChecker };

/// \p File relative to \p Root when it lies under it, else unchanged.
std::string displayPath(llvm::StringRef File, llvm::StringRef Root);

/// \p S safe to print on a terminal or in a CI log: control characters
/// other than tab (a newline in a file name, an escape sequence in a source
/// line) are shown as \n, \r or \xNN.
std::string escapeForTerminal(llvm::StringRef S);

/// Renders the report. SARIF can fail (a file it must read vanished):
/// then returns std::nullopt and sets \p Error. What the format could not
/// hold (SARIF beyond GitHub's limits) is said in \p Warnings.
std::optional<std::string> render(Format F, const RunReport &R,
                                  const ReportContext &Ctx, std::string &Error,
                                  std::vector<std::string> *Warnings = nullptr);

/// The doc page of a conclint check (docs/checks/<name>.md), if installed.
std::optional<std::string> checkDocPath(llvm::StringRef DocsDir,
                                        llvm::StringRef Check);
/// The catalogue summary of a conclint check, "" for other checks.
std::string checkSummary(llvm::StringRef Check);
/// The web page of an upstream clang-tidy check.
std::string upstreamDocURL(llvm::StringRef Check);

} // namespace conclint

#endif
