//===-- ReportSarifLimits.cpp - SARIF code scanning accepts ---------------===//
//
// GitHub code scanning rejects an upload with more than 25,000 results in a
// run, more than 20 runs, or a file over its size limit. A rejected upload
// shows nothing, so conclint never writes one: results beyond a run's limit
// go to further runs (each with its own category, so that code scanning
// keeps them apart), and what is beyond the run limit or the size limit is
// cut, with a warning that says how much.
//
// Cross-file findings carry their chain as a codeFlow too (GitHub renders
// codeFlows as the "show paths" steps; relatedLocations are only links in
// the message).
//
//===----------------------------------------------------------------------===//

#include "ReportFormats.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

namespace conclint {

void addCodeFlows(llvm::json::Object &Run, const RunReport &R) {
  llvm::json::Array *Results = Run.getArray("results");
  if (!Results)
    return;
  for (size_t I = 0; I < Results->size() && I < R.Findings.size(); ++I) {
    const Finding &F = R.Findings[I];
    bool CrossFile = false;
    for (const Note &N : F.Notes)
      CrossFile |= !N.Loc.File.empty() && N.Loc.File != F.Loc.File;
    llvm::json::Object *Res = (*Results)[I].getAsObject();
    if (!CrossFile || !Res)
      continue;
    llvm::json::Array *Related = Res->getArray("relatedLocations");
    llvm::json::Array *Locs = Res->getArray("locations");
    if (!Related || !Locs || Locs->empty())
      continue;
    // The notes in their order, then the finding: the flow ends where the
    // result is, as a path query's does.
    llvm::json::Array Steps;
    for (const llvm::json::Value &RL : *Related) {
      const llvm::json::Object *O = RL.getAsObject();
      if (!O || !O->get("physicalLocation"))
        continue;
      llvm::json::Object Loc{{"physicalLocation", *O->get("physicalLocation")}};
      if (const llvm::json::Value *M = O->get("message"))
        Loc["message"] = *M;
      Steps.push_back(llvm::json::Object{{"location", std::move(Loc)}});
    }
    const llvm::json::Object *Primary = (*Locs)[0].getAsObject();
    if (!Primary || !Primary->get("physicalLocation"))
      continue;
    Steps.push_back(llvm::json::Object{
        {"location",
         llvm::json::Object{
             {"physicalLocation", *Primary->get("physicalLocation")},
             {"message", llvm::json::Object{{"text", F.Message}}}}}});
    Res->insert(
        {"codeFlows",
         llvm::json::Array{llvm::json::Object{
             {"threadFlows",
              llvm::json::Array{llvm::json::Object{
                  {"locations", std::move(Steps)}}}}}}});
  }
}

static std::string serialize(const llvm::json::Object &Doc) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::formatv("{0:2}", llvm::json::Value(llvm::json::Object(Doc)))
     << "\n";
  return Out;
}

/// The log with its first \p Keep results, \p PerRun to a run.
static llvm::json::Object layout(const llvm::json::Object &Doc,
                                 const llvm::json::Object &RunTemplate,
                                 const llvm::json::Array &Results, size_t Keep,
                                 size_t PerRun) {
  llvm::json::Object Out = Doc;
  llvm::json::Array Runs;
  size_t NRuns = PerRun ? std::max<size_t>(1, (Keep + PerRun - 1) / PerRun) : 1;
  for (size_t K = 0; K < NRuns; ++K) {
    llvm::json::Object Run = RunTemplate;
    size_t Begin = PerRun ? K * PerRun : 0;
    size_t End = PerRun ? std::min(Keep, Begin + PerRun) : Keep;
    llvm::json::Array Part;
    for (size_t I = Begin; I < End; ++I)
      Part.push_back(Results[I]);
    Run["results"] = std::move(Part);
    if (NRuns > 1) {
      Run["automationDetails"] = llvm::json::Object{
          {"id", "conclint-part-" + std::to_string(K + 1) + "/"}};
      // The invocation (which TUs failed) is said once.
      if (K > 0)
        Run.erase("invocations");
    }
    Runs.push_back(std::move(Run));
  }
  Out["runs"] = std::move(Runs);
  return Out;
}

std::string fitSarif(llvm::json::Object Doc, const ReportContext &Ctx,
                     std::vector<std::string> *Warnings) {
  auto Warn = [&](std::string W) {
    if (Warnings)
      Warnings->push_back(std::move(W));
  };
  llvm::json::Array *Runs = Doc.getArray("runs");
  if (!Runs || Runs->size() != 1 || !(*Runs)[0].getAsObject())
    return serialize(Doc);
  llvm::json::Object Template = *(*Runs)[0].getAsObject();
  llvm::json::Array Results;
  if (llvm::json::Array *A = Template.getArray("results"))
    Results = std::move(*A);
  Template.erase("results");
  size_t Total = Results.size();
  size_t PerRun = Ctx.SarifMaxResultsPerRun;
  size_t Keep = Total;
  if (PerRun && Ctx.SarifMaxRuns && Total > PerRun * Ctx.SarifMaxRuns) {
    Keep = PerRun * Ctx.SarifMaxRuns;
    Warn(llvm::formatv("the SARIF report holds the first {0} of {1} results "
                       "({2} runs of {3}, what code scanning accepts); the "
                       "other formats have them all",
                       Keep, Total, Ctx.SarifMaxRuns, PerRun)
             .str());
  }
  if (PerRun && Keep > PerRun)
    Warn(llvm::formatv("the SARIF report splits its {0} results into {1} "
                       "runs of at most {2}",
                       Keep, (Keep + PerRun - 1) / PerRun, PerRun)
             .str());
  std::string Text = serialize(layout(Doc, Template, Results, Keep, PerRun));
  if (!Ctx.SarifMaxBytes || Text.size() <= Ctx.SarifMaxBytes)
    return Text;

  // Too big: first the rules' help pages (the help URI stays).
  if (llvm::json::Object *Tool = Template.getObject("tool"))
    if (llvm::json::Object *Driver = Tool->getObject("driver"))
      if (llvm::json::Array *Rules = Driver->getArray("rules"))
        for (llvm::json::Value &Rule : *Rules)
          if (llvm::json::Object *O = Rule.getAsObject())
            if (llvm::json::Object *Help = O->getObject("help"))
              Help->erase("markdown");
  Text = serialize(layout(Doc, Template, Results, Keep, PerRun));
  Warn(llvm::formatv("the SARIF report is over {0} bytes: the rules' help "
                     "pages were left out (their helpUri remains)",
                     Ctx.SarifMaxBytes)
           .str());
  if (Text.size() <= Ctx.SarifMaxBytes)
    return Text;

  // Then the results from the end: the largest prefix that fits.
  size_t Lo = 0, Hi = Keep;
  std::string Best = serialize(layout(Doc, Template, Results, 0, PerRun));
  while (Lo < Hi) {
    size_t Mid = Lo + (Hi - Lo + 1) / 2;
    std::string T = serialize(layout(Doc, Template, Results, Mid, PerRun));
    if (T.size() <= Ctx.SarifMaxBytes) {
      Lo = Mid;
      Best = std::move(T);
    } else {
      Hi = Mid - 1;
    }
  }
  Warn(llvm::formatv("the SARIF report holds the first {0} of {1} results "
                     "to stay within {2} bytes; the other formats have them "
                     "all",
                     Lo, Total, Ctx.SarifMaxBytes)
           .str());
  return Best;
}

} // namespace conclint
