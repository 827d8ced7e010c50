//===-- ReportFormats.h - the report formats, one file each ------*- C++ -*-===//
//
// Report.cpp dispatches; each CI system's format lives in a file of its own
// (ReportGitLab.cpp, ReportSonar.cpp, ReportCodeChecker.cpp, and SARIF's
// code-scanning limits in ReportSarifLimits.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_REPORTFORMATS_H
#define CONCLINT_DRIVER_REPORTFORMATS_H

#include "Report.h"
#include "llvm/Support/JSON.h"

namespace conclint {

/// GitLab Code Quality: a Code Climate issue array (merge requests render
/// it; they do not render SARIF).
std::string renderGitLab(const RunReport &R, const ReportContext &Ctx);

/// SonarQube's generic external issue format (10.3 and later: rules with
/// clean-code attributes and impacts, issues referring to them).
std::string renderSonar(const RunReport &R, const ReportContext &Ctx);

/// A plist file in the format CodeChecker's plist parser reads (clang's
/// analyzer plist, with clang-tidy as the analyzer): put it in a directory
/// and `CodeChecker parse DIR` / `CodeChecker store DIR` take it.
std::string renderCodeChecker(const RunReport &R, const ReportContext &Ctx);

/// A description of a check for the formats that carry one.
std::string describeCheck(llvm::StringRef Check);

/// Adds codeFlows to results whose notes lie in another file than the
/// finding (a cross-file chain), from their relatedLocations.
void addCodeFlows(llvm::json::Object &Run, const RunReport &R);

/// Keeps a SARIF log within GitHub code scanning's limits: results beyond
/// Ctx.SarifMaxResultsPerRun go to further runs of the same tool (one
/// category), runs beyond Ctx.SarifMaxRuns and bytes beyond
/// Ctx.SarifMaxBytes are cut, each with a warning. \p Serialize renders the
/// log. Returns the text.
std::string fitSarif(llvm::json::Object Doc, const ReportContext &Ctx,
                     std::vector<std::string> *Warnings);

} // namespace conclint

#endif
