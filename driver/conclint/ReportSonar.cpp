//===-- ReportSonar.cpp - SonarQube generic external issues ---------------===//
//
// The generic issue import format of SonarQube 10.3 and later
// (`sonar.externalIssuesReportPaths`): `rules` (id, name, description,
// engineId, cleanCodeAttribute, impacts) and `issues` (ruleId,
// primaryLocation {message, filePath, textRange}, secondaryLocations).
// Lines are 1-based, columns 0-based; a column range must lie inside its
// line, so one is given only where the line's text says it fits. Where the
// facts come from: test/driver/Inputs/SCHEMA-ORIGIN.md.
//
//===----------------------------------------------------------------------===//

#include "ReportFormats.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

namespace conclint {

static llvm::json::Object sonarLocation(const std::string &Message,
                                        const Location &L,
                                        const ReportContext &Ctx) {
  llvm::json::Object Range{{"startLine", L.Line}, {"endLine", L.Line}};
  // Column is 1-based in bytes; Sonar's is 0-based and must be within the
  // line (one character wide here, as the SARIF report's regions).
  if (L.Column >= 1 && L.Column <= L.LineText.size()) {
    Range["startColumn"] = L.Column - 1;
    Range["endColumn"] = L.Column;
  }
  return llvm::json::Object{{"message", Message},
                            {"filePath", displayPath(L.File, Ctx.ProjectRoot)},
                            {"textRange", std::move(Range)}};
}

std::string renderSonar(const RunReport &R, const ReportContext &Ctx) {
  std::map<std::string, bool> RuleIsError;
  for (const Finding &F : R.Findings)
    RuleIsError[F.Check] |= F.Level == "error";
  if (!R.Failures.empty())
    RuleIsError["conclint-analysis-failed"] = true;
  llvm::json::Array Rules, Issues;
  for (const auto &[Check, IsError] : RuleIsError)
    Rules.push_back(llvm::json::Object{
        {"id", Check},
        {"name", Check},
        {"description", Check == "conclint-analysis-failed"
                            ? std::string("a translation unit conclint could "
                                          "not analyse")
                            : describeCheck(Check)},
        {"engineId", "conclint"},
        // Concurrency defects are logic errors that make the program
        // unreliable.
        {"cleanCodeAttribute", "LOGICAL"},
        {"impacts",
         llvm::json::Array{llvm::json::Object{
             {"softwareQuality", "RELIABILITY"},
             {"severity", IsError ? "HIGH" : "MEDIUM"}}}}});
  for (const Finding &F : R.Findings) {
    if (F.Loc.File.empty())
      continue; // Sonar needs a file
    llvm::json::Array Secondary;
    for (const Note &N : F.Notes)
      if (!N.Loc.File.empty())
        Secondary.push_back(sonarLocation(N.Message, N.Loc, Ctx));
    llvm::json::Object Issue{{"ruleId", F.Check},
                             {"primaryLocation",
                              sonarLocation(F.Message, F.Loc, Ctx)}};
    if (!Secondary.empty())
      Issue["secondaryLocations"] = std::move(Secondary);
    Issues.push_back(std::move(Issue));
  }
  for (const auto &[File, Why] : R.Failures)
    Issues.push_back(llvm::json::Object{
        {"ruleId", "conclint-analysis-failed"},
        {"primaryLocation",
         llvm::json::Object{
             {"message", "could not be analysed: " + Why},
             {"filePath", displayPath(File, Ctx.ProjectRoot)},
             {"textRange", llvm::json::Object{{"startLine", 1}}}}}});
  llvm::json::Object Doc{{"rules", std::move(Rules)},
                         {"issues", std::move(Issues)}};
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Doc))) << "\n";
  return Out;
}

} // namespace conclint
