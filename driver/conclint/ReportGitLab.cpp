//===-- ReportGitLab.cpp - GitLab Code Quality (Code Climate JSON) --------===//
//
// GitLab's merge-request widget reads a JSON array of Code Climate issues:
// `description`, `check_name`, `fingerprint` (unique: GitLab shows one issue
// per fingerprint), `severity` (info|minor|major|critical|blocker) and
// `location.path` + `location.lines.begin`, path relative to the repository
// root. The Code Climate spec adds `type: "issue"`, `categories` and
// `other_locations`, which GitLab ignores and other Code Climate consumers
// read. Where the facts come from: test/driver/Inputs/SCHEMA-ORIGIN.md.
//
//===----------------------------------------------------------------------===//

#include "ReportFormats.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

namespace conclint {

static llvm::json::Object ccLocation(const Location &L,
                                     const ReportContext &Ctx) {
  return llvm::json::Object{
      {"path", displayPath(L.File, Ctx.ProjectRoot)},
      {"lines", llvm::json::Object{{"begin", L.Line}, {"end", L.Line}}}};
}

std::string renderGitLab(const RunReport &R, const ReportContext &Ctx) {
  llvm::json::Array Issues;
  for (const Finding &F : R.Findings) {
    if (F.Loc.File.empty())
      continue; // Code Climate requires a location; conclint has none
    llvm::json::Array Others;
    for (const Note &N : F.Notes)
      if (!N.Loc.File.empty())
        Others.push_back(ccLocation(N.Loc, Ctx));
    llvm::json::Object Issue{
        {"type", "issue"},
        {"check_name", F.Check},
        {"description", F.Message},
        {"content", llvm::json::Object{{"body", describeCheck(F.Check)}}},
        {"categories", llvm::json::Array{"Bug Risk"}},
        {"location", ccLocation(F.Loc, Ctx)},
        {"severity", F.Level == "error" ? "critical" : "major"},
        {"fingerprint", F.Fingerprint}};
    if (!Others.empty())
      Issue["other_locations"] = std::move(Others);
    Issues.push_back(std::move(Issue));
  }
  // A TU that could not be analysed is a blocker the reviewer must see.
  for (const auto &[File, Why] : R.Failures) {
    std::string Path = displayPath(File, Ctx.ProjectRoot);
    Issues.push_back(llvm::json::Object{
        {"type", "issue"},
        {"check_name", "conclint-analysis-failed"},
        {"description", "could not be analysed: " + Why},
        {"categories", llvm::json::Array{"Bug Risk"}},
        {"location",
         llvm::json::Object{{"path", Path},
                            {"lines", llvm::json::Object{{"begin", 1}}}}},
        {"severity", "blocker"},
        {"fingerprint", contentHash("conclint-analysis-failed\n" + Path)}});
  }
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Issues))) << "\n";
  return Out;
}

} // namespace conclint
