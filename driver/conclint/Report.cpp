//===-- Report.cpp - the report formats -----------------------------------===//

#include "Report.h"
#include "ReportFormats.h"
#include "SarifCompat.h"
#include "TidyCompat.h"

#include "ConclintModule.h"

#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/Sarif.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

#ifndef CONCLINT_VERSION
#error "CONCLINT_VERSION must be defined by the build"
#endif

namespace conclint {

std::string displayPath(llvm::StringRef File, llvm::StringRef Root) {
  if (Root.empty())
    return File.str();
  llvm::StringRef Rest = File;
  if (!Rest.consume_front(Root))
    return File.str();
  if (Rest.empty())
    return File.str();
  if (!Root.ends_with("/") && !Rest.consume_front("/"))
    return File.str();
  return Rest.str();
}

std::string checkSummary(llvm::StringRef Check) {
  for (const auto &C : clang::tidy::conclint::allChecks())
    if (C.Id == Check)
      return C.Summary.str();
  return "";
}

std::optional<std::string> checkDocPath(llvm::StringRef DocsDir,
                                        llvm::StringRef Check) {
  llvm::StringRef Name = Check;
  if (DocsDir.empty() || !Name.consume_front("conclint-"))
    return std::nullopt;
  llvm::SmallString<256> P(DocsDir);
  llvm::sys::path::append(P, "checks", Name + ".md");
  if (!llvm::sys::fs::is_regular_file(P))
    return std::nullopt;
  return std::string(P);
}

std::string upstreamDocURL(llvm::StringRef Check) {
  auto [Module, Rest] = Check.split('-');
  if (Rest.empty() || Module == "clang" || Module == "conclint")
    return "";
  return ("https://clang.llvm.org/extra/clang-tidy/checks/" + Module + "/" +
          Rest + ".html")
      .str();
}

static std::string ruleDescription(llvm::StringRef Check) {
  std::string S = checkSummary(Check);
  if (!S.empty())
    return S;
  if (Check.starts_with("clang-diagnostic-"))
    return "compiler diagnostic " + Check.str();
  return "clang-tidy check " + Check.str();
}

std::string escapeForTerminal(llvm::StringRef S) {
  std::string Out;
  Out.reserve(S.size());
  for (unsigned char C : S) {
    if (C == '\n')
      Out += "\\n";
    else if (C == '\r')
      Out += "\\r";
    else if ((C < 0x20 && C != '\t') || C == 0x7f)
      Out += llvm::formatv("\\x{0:x-2}", static_cast<unsigned>(C)).str();
    else
      Out += static_cast<char>(C);
  }
  return Out;
}

//===----------------------------------------------------------------------===//
// text: clang's style
//===----------------------------------------------------------------------===//

static void printSnippet(llvm::raw_ostream &OS, const Location &L,
                         const std::vector<Edit> *Fix) {
  if (L.Line == 0)
    return;
  std::string Num = std::to_string(L.Line);
  std::string Gutter(std::max<size_t>(Num.size(), 5), ' ');
  std::string NumPadded = std::string(Gutter.size() - Num.size(), ' ') + Num;
  OS << NumPadded << " | " << escapeForTerminal(L.LineText) << "\n";
  // Keep tabs so the caret lines up under the same characters.
  std::string Pad;
  for (unsigned I = 1; I < L.Column && I - 1 < L.LineText.size(); ++I)
    Pad += L.LineText[I - 1] == '\t' ? '\t' : ' ';
  OS << Gutter << " | " << Pad << "^\n";
  if (!Fix)
    return;
  for (const Edit &E : *Fix) {
    if (E.File == L.File && E.Begin.Line == L.Line) {
      std::string EPad;
      for (unsigned I = 1; I < E.Begin.Column && I - 1 < L.LineText.size(); ++I)
        EPad += L.LineText[I - 1] == '\t' ? '\t' : ' ';
      OS << Gutter << " | " << EPad << escapeForTerminal(E.Text) << "\n";
    }
  }
}

static std::string where(const Location &L, const ReportContext &Ctx) {
  if (L.File.empty())
    return "conclint";
  return escapeForTerminal(displayPath(L.File, Ctx.ProjectRoot)) + ":" +
         std::to_string(L.Line) +
         ":" + std::to_string(L.Column);
}

static std::string renderText(const RunReport &R, const ReportContext &Ctx) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  for (const Finding &F : R.Findings) {
    OS << where(F.Loc, Ctx) << ": " << F.Level << ": "
       << escapeForTerminal(F.Message) << " [" << F.Check << "]\n";
    printSnippet(OS, F.Loc, &F.Fix);
    for (const Edit &E : F.Fix)
      if (E.File != F.Loc.File || E.Begin.Line != F.Loc.Line)
        OS << where(E.Begin, Ctx) << ": fix: replace " << E.Length
           << " bytes with '" << escapeForTerminal(E.Text) << "'\n";
    for (const Note &N : F.Notes) {
      OS << where(N.Loc, Ctx) << ": note: " << escapeForTerminal(N.Message)
         << "\n";
      printSnippet(OS, N.Loc, nullptr);
    }
  }
  for (const auto &[File, Why] : R.Failures)
    OS << escapeForTerminal(displayPath(File, Ctx.ProjectRoot))
       << ": error: " << escapeForTerminal(Why)
       << " [conclint-analysis-failed]\n";
  return Out;
}

//===----------------------------------------------------------------------===//
// json: conclint's own schema
//===----------------------------------------------------------------------===//

static std::string renderJson(const RunReport &R, const ReportContext &Ctx) {
  llvm::json::Array Findings, Failures;
  for (const Finding &F : R.Findings) {
    llvm::json::Value V = toJSON(F);
    V.getAsObject()->insert({"path", displayPath(F.Loc.File, Ctx.ProjectRoot)});
    Findings.push_back(std::move(V));
  }
  for (const auto &[File, Why] : R.Failures)
    Failures.push_back(llvm::json::Object{
        {"file", File},
        {"path", displayPath(File, Ctx.ProjectRoot)},
        {"error", Why}});
  llvm::json::Object Doc{
      {"tool", llvm::json::Object{{"name", "conclint"},
                                  {"version", CONCLINT_VERSION}}},
      {"findings", std::move(Findings)},
      {"failures", std::move(Failures)},
      {"summary",
       llvm::json::Object{{"translationUnits", R.TranslationUnits},
                          {"analysed", R.Analysed},
                          {"cached", R.Cached},
                          {"failed", R.Failures.size()},
                          {"findings", R.Findings.size()},
                          {"suppressedByBaseline", R.Suppressed}}}};
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Doc))) << "\n";
  return Out;
}

//===----------------------------------------------------------------------===//
// github: workflow commands, one annotation per finding
//===----------------------------------------------------------------------===//

static std::string escapeData(llvm::StringRef S) {
  std::string Out;
  for (char C : S) {
    if (C == '%')
      Out += "%25";
    else if (C == '\r')
      Out += "%0D";
    else if (C == '\n')
      Out += "%0A";
    else if ((static_cast<unsigned char>(C) < 0x20 && C != '\t') || C == 0x7f)
      Out += escapeForTerminal(llvm::StringRef(&C, 1));
    else
      Out += C;
  }
  return Out;
}

static std::string escapeProperty(llvm::StringRef S) {
  std::string Out;
  for (char C : escapeData(S)) {
    if (C == ':')
      Out += "%3A";
    else if (C == ',')
      Out += "%2C";
    else
      Out += C;
  }
  return Out;
}

static std::string renderGithub(const RunReport &R, const ReportContext &Ctx) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  for (const Finding &F : R.Findings) {
    OS << "::" << (F.Level == "error" ? "error" : "warning");
    if (!F.Loc.File.empty())
      OS << " file=" << escapeProperty(displayPath(F.Loc.File, Ctx.ProjectRoot))
         << ",line=" << F.Loc.Line << ",col=" << F.Loc.Column << ",";
    else
      OS << " ";
    OS << "title=" << escapeProperty(F.Check) << "::" << escapeData(F.Message)
       << "\n";
  }
  for (const auto &[File, Why] : R.Failures)
    OS << "::error file=" << escapeProperty(displayPath(File, Ctx.ProjectRoot))
       << ",title=conclint::" << escapeData("could not be analysed: " + Why)
       << "\n";
  return Out;
}

//===----------------------------------------------------------------------===//
// sarif: clang's SARIF writer, completed with what it does not model
//===----------------------------------------------------------------------===//

namespace {
/// Loads files into a SourceManager so clang's SARIF writer can describe
/// locations in them.
class Locator {
public:
  Locator()
      : FM(clang::FileSystemOptions()),
        Diags(compat::createDiagnosticIDs(), compat::engineOptions(DiagOpts),
              new clang::IgnoringDiagConsumer()),
        SM(Diags, FM) {}

  clang::SourceManager &sourceManager() { return SM; }

  /// A one-character range at \p L (empty at the end of the file).
  std::optional<clang::CharSourceRange> range(const Location &L) {
    if (L.File.empty())
      return std::nullopt;
    auto It = Files.find(L.File);
    if (It == Files.end()) {
      clang::FileID FID;
      if (auto FE = FM.getOptionalFileRef(L.File))
        FID = SM.getOrCreateFileID(*FE, clang::SrcMgr::C_User);
      It = Files.insert({L.File, FID}).first;
    }
    if (It->second.isInvalid())
      return std::nullopt;
    llvm::StringRef Buf = SM.getBufferData(It->second);
    if (L.Offset > Buf.size())
      return std::nullopt;
    clang::SourceLocation B = SM.getComposedLoc(It->second, L.Offset);
    unsigned Len = (L.Offset < Buf.size() && Buf[L.Offset] != '\n') ? 1 : 0;
    return clang::CharSourceRange::getCharRange(B, B.getLocWithOffset(Len));
  }

private:
  clang::FileManager FM;
  clang::DiagnosticOptions DiagOpts;
  clang::DiagnosticsEngine Diags;
  clang::SourceManager SM;
  std::map<std::string, clang::FileID> Files;
};
} // namespace

static std::string fileURI(llvm::StringRef Path) {
  return compat::fileURI(Path);
}

/// Rewrites every absolute file URI under the project root as a URI relative
/// to %SRCROOT% (what code-scanning services expect).
static void relativizeURIs(llvm::json::Value &V, llvm::StringRef RootURI) {
  if (llvm::json::Object *O = V.getAsObject()) {
    if (std::optional<llvm::StringRef> U = O->getString("uri")) {
      llvm::StringRef Rest = *U;
      if (!O->get("uriBaseId") && Rest.consume_front(RootURI)) {
        std::string Rel = Rest.str();
        (*O)["uri"] = Rel;
        (*O)["uriBaseId"] = "%SRCROOT%";
      }
    }
    for (auto &KV : *O)
      relativizeURIs(KV.second, RootURI);
  } else if (llvm::json::Array *A = V.getAsArray()) {
    for (llvm::json::Value &E : *A)
      relativizeURIs(E, RootURI);
  }
}

std::string describeCheck(llvm::StringRef Check) {
  return ruleDescription(Check);
}

static std::optional<std::string> renderSarif(const RunReport &R,
                                              const ReportContext &Ctx,
                                              std::string &Error,
                                              std::vector<std::string> *Warnings) {
  Locator Loc;
  clang::SarifDocumentWriter Writer(Loc.sourceManager());
  Writer.createRun("conclint", "conclint concurrency linter", CONCLINT_VERSION);

  // One rule per check that has findings, with its help.
  std::map<std::string, size_t> RuleIndex;
  std::vector<std::string> RuleOrder;
  for (const Finding &F : R.Findings) {
    if (RuleIndex.count(F.Check))
      continue;
    std::string URI;
    llvm::StringRef Name = F.Check;
    if (!Ctx.DocsURL.empty() && Name.consume_front("conclint-"))
      URI = Ctx.DocsURL + "/checks/" + Name.str() + ".md";
    else if (auto Doc = checkDocPath(Ctx.DocsDir, F.Check))
      URI = fileURI(*Doc);
    else
      URI = upstreamDocURL(F.Check);
    clang::SarifRule Rule = clang::SarifRule::create()
                                .setRuleId(F.Check)
                                .setName(F.Check)
                                .setDescription(ruleDescription(F.Check));
    if (!URI.empty())
      Rule = Rule.setHelpURI(URI);
    RuleIndex[F.Check] = Writer.createRule(Rule);
    RuleOrder.push_back(F.Check);
  }

  // Each result's physical locations come from the writer: the finding's
  // first (when it has one), its notes' after, in one list (the writers of
  // LLVM 19 and 22 both make that list; only 22's makes relatedLocations and
  // partialFingerprints). The notes' part is moved to relatedLocations below.
  std::vector<size_t> PrimaryCount;
  for (const Finding &F : R.Findings) {
    clang::SarifResult Res = clang::SarifResult::create(RuleIndex[F.Check])
                                 .setRuleId(F.Check)
                                 .setDiagnosticMessage(F.Message)
                                 .setDiagnosticLevel(
                                     F.Level == "error"
                                         ? clang::SarifResultLevel::Error
                                         : clang::SarifResultLevel::Warning);
    std::vector<clang::CharSourceRange> Ranges;
    if (auto Range = Loc.range(F.Loc))
      Ranges.push_back(*Range);
    PrimaryCount.push_back(Ranges.size());
    for (const Note &N : F.Notes)
      if (auto Range = Loc.range(N.Loc))
        Ranges.push_back(*Range);
    if (!Ranges.empty())
      Res = compat::withLocations(Res, Ranges);
    Writer.appendResult(Res);
  }
  Writer.endRun();
  llvm::json::Object Doc = Writer.createDocument();

  llvm::json::Array *Runs = Doc.getArray("runs");
  if (!Runs || Runs->size() != 1 || !(*Runs)[0].getAsObject()) {
    Error = "the SARIF writer produced no run";
    return std::nullopt;
  }
  llvm::json::Object &Run = *(*Runs)[0].getAsObject();

  // Rules: a short description and the doc page as help text.
  if (llvm::json::Object *Tool = Run.getObject("tool"))
    if (llvm::json::Object *Driver = Tool->getObject("driver")) {
      Driver->insert({"informationUri", "https://clang.llvm.org/extra/clang-tidy/"});
      if (llvm::json::Array *Rules = Driver->getArray("rules"))
        for (size_t I = 0; I < Rules->size() && I < RuleOrder.size(); ++I) {
          llvm::json::Object *Rule = (*Rules)[I].getAsObject();
          if (!Rule)
            continue;
          const std::string &Check = RuleOrder[I];
          std::string Desc = ruleDescription(Check);
          Rule->insert({"shortDescription", llvm::json::Object{{"text", Desc}}});
          llvm::json::Object Help{{"text", Desc}};
          if (auto Doc = checkDocPath(Ctx.DocsDir, Check))
            if (auto Buf = llvm::MemoryBuffer::getFile(*Doc))
              Help["markdown"] = (*Buf)->getBuffer().str();
          if (!Help.get("markdown")) {
            std::string URL = upstreamDocURL(Check);
            if (!URL.empty())
              Help["markdown"] = "See [" + Check + "](" + URL + ").";
          }
          Rule->insert({"help", std::move(Help)});
        }
    }

  // Results: related locations with the notes' messages, fingerprints and
  // fixes.
  if (llvm::json::Array *Results = Run.getArray("results"))
    for (size_t I = 0; I < Results->size() && I < R.Findings.size(); ++I) {
      const Finding &F = R.Findings[I];
      llvm::json::Object *Res = (*Results)[I].getAsObject();
      if (!Res)
        continue;
      if (llvm::json::Array *Locs = Res->getArray("locations");
          Locs && Locs->size() > PrimaryCount[I]) {
        llvm::json::Array Primary, Related;
        for (size_t K = 0; K < Locs->size(); ++K)
          (K < PrimaryCount[I] ? Primary : Related)
              .push_back(std::move((*Locs)[K]));
        if (Primary.empty())
          Res->erase("locations");
        else
          *Locs = std::move(Primary);
        Res->insert({"relatedLocations", std::move(Related)});
      }
      if (!F.Fingerprint.empty())
        Res->insert({"partialFingerprints",
                     llvm::json::Object{
                         {"conclintFingerprint/v1", F.Fingerprint}}});
      if (llvm::json::Array *Related = Res->getArray("relatedLocations")) {
        size_t J = 0;
        for (const Note &N : F.Notes) {
          if (N.Loc.File.empty())
            continue;
          if (J >= Related->size())
            break;
          if (llvm::json::Object *RL = (*Related)[J].getAsObject()) {
            RL->insert({"id", static_cast<int64_t>(J)});
            RL->insert({"message", llvm::json::Object{{"text", N.Message}}});
          }
          ++J;
        }
      }
      if (F.Fix.empty())
        continue;
      std::map<std::string, llvm::json::Array> ByFile;
      for (const Edit &E : F.Fix)
        ByFile[E.File].push_back(llvm::json::Object{
            {"deletedRegion",
             llvm::json::Object{{"byteOffset", E.Offset},
                                {"byteLength", E.Length}}},
            {"insertedContent", llvm::json::Object{{"text", E.Text}}}});
      llvm::json::Array Changes;
      for (auto &[File, Repls] : ByFile)
        Changes.push_back(llvm::json::Object{
            {"artifactLocation", llvm::json::Object{{"uri", fileURI(File)}}},
            {"replacements", std::move(Repls)}});
      Res->insert(
          {"fixes",
           llvm::json::Array{llvm::json::Object{
               {"description",
                llvm::json::Object{{"text", "apply the fix-it of " + F.Check}}},
               {"artifactChanges", std::move(Changes)}}}});
    }

  addCodeFlows(Run, R);

  // The invocation: did every TU get analysed?
  llvm::json::Array Notifications;
  for (const auto &[File, Why] : R.Failures)
    Notifications.push_back(llvm::json::Object{
        {"level", "error"},
        {"message", llvm::json::Object{{"text", "could not be analysed: " + Why}}},
        {"locations",
         llvm::json::Array{llvm::json::Object{
             {"physicalLocation",
              llvm::json::Object{{"artifactLocation",
                                  llvm::json::Object{{"uri", fileURI(File)}}}}}}}}});
  Run.insert({"invocations",
              llvm::json::Array{llvm::json::Object{
                  {"executionSuccessful", R.Failures.empty()},
                  {"toolExecutionNotifications", std::move(Notifications)}}}});

  if (!Ctx.ProjectRoot.empty()) {
    std::string RootURI = fileURI(Ctx.ProjectRoot);
    if (!llvm::StringRef(RootURI).ends_with("/"))
      RootURI += "/";
    Run.insert({"originalUriBaseIds",
                llvm::json::Object{
                    {"%SRCROOT%", llvm::json::Object{{"uri", RootURI}}}}});
    llvm::json::Value RunV(std::move(Run));
    relativizeURIs(RunV, RootURI);
    // relativizeURIs must not rewrite the base itself.
    llvm::json::Object *Fixed = RunV.getAsObject();
    if (llvm::json::Object *Bases = Fixed->getObject("originalUriBaseIds"))
      (*Bases)["%SRCROOT%"] = llvm::json::Object{{"uri", RootURI}};
    (*Runs)[0] = std::move(RunV);
  }

  return fitSarif(std::move(Doc), Ctx, Warnings);
}

std::optional<std::string> render(Format F, const RunReport &R,
                                  const ReportContext &Ctx, std::string &Error,
                                  std::vector<std::string> *Warnings) {
  switch (F) {
  case Format::Text:
    return renderText(R, Ctx);
  case Format::Json:
    return renderJson(R, Ctx);
  case Format::Github:
    return renderGithub(R, Ctx);
  case Format::Sarif:
    return renderSarif(R, Ctx, Error, Warnings);
  case Format::GitLab:
    return renderGitLab(R, Ctx);
  case Format::Sonar:
    return renderSonar(R, Ctx);
  case Format::CodeChecker:
    return renderCodeChecker(R, Ctx);
  }
  return std::nullopt;
}

} // namespace conclint
