//===-- Options.cpp - check selection and configuration -------------------===//

#include "Options.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/GlobList.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

#include <mutex>

namespace conclint {

using namespace clang::tidy;

const char DefaultProfile[] =
    "-*,conclint-*,"
    "bugprone-spuriously-wake-up-functions,"
    "bugprone-unused-raii,"
    "concurrency-mt-unsafe,"
    "cppcoreguidelines-avoid-capturing-lambda-coroutines,"
    "cppcoreguidelines-avoid-reference-coroutine-parameters,"
    "cppcoreguidelines-no-suspend-with-lock,"
    "misc-coroutine-hostile-raii,"
    // Test-only checks (TestOnlyChecks.cpp) are never part of the profile.
    "-conclint-internal-*";

llvm::json::Value toJSON(const ConfigInputs &C) {
  llvm::json::Object O{{"extraArgs", C.ExtraArgs},
                       {"extraArgsBefore", C.ExtraArgsBefore}};
  if (C.Checks)
    O["checks"] = *C.Checks;
  if (C.Config)
    O["config"] = *C.Config;
  if (C.HeaderFilter)
    O["headerFilter"] = *C.HeaderFilter;
  return O;
}

bool fromJSON(const llvm::json::Value &V, ConfigInputs &C, llvm::json::Path P) {
  llvm::json::ObjectMapper O(V, P);
  return O && O.map("extraArgs", C.ExtraArgs) &&
         O.map("extraArgsBefore", C.ExtraArgsBefore) &&
         O.mapOptional("checks", C.Checks) &&
         O.mapOptional("config", C.Config) &&
         O.mapOptional("headerFilter", C.HeaderFilter);
}

std::unique_ptr<ClangTidyOptionsProvider>
makeOptionsProvider(const ConfigInputs &In, std::string &Error) {
  ClangTidyGlobalOptions Global;
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  Defaults.Checks = DefaultProfile;
  // Project headers are reported (once); system headers are not.
  Defaults.HeaderFilterRegex = ".*";
  Defaults.SystemHeaders = false;

  ClangTidyOptions Overrides;
  if (In.Checks)
    Overrides.Checks = *In.Checks;
  if (In.HeaderFilter)
    Overrides.HeaderFilterRegex = *In.HeaderFilter;
  if (!In.ExtraArgs.empty())
    Overrides.ExtraArgs = In.ExtraArgs;
  if (!In.ExtraArgsBefore.empty())
    Overrides.ExtraArgsBefore = In.ExtraArgsBefore;

  if (In.Config) {
    llvm::ErrorOr<ClangTidyOptions> Parsed =
        parseConfiguration(llvm::MemoryBufferRef(*In.Config, "--config"));
    if (!Parsed) {
      Error = "invalid --config: " + Parsed.getError().message();
      return nullptr;
    }
    return std::make_unique<ConfigOptionsProvider>(
        std::move(Global), std::move(Defaults), std::move(*Parsed),
        std::move(Overrides));
  }
  return std::make_unique<FileOptionsProvider>(
      std::move(Global), std::move(Defaults), std::move(Overrides));
}

static const ChecksAndOptions &knownChecksAndOptions() {
  static std::once_flag Once;
  static ChecksAndOptions Known;
  std::call_once(Once, [] {
    Known = getAllChecksAndOptions(/*AllowEnablingAnalyzerAlphaCheckers=*/false,
                                   /*ExperimentalCustomChecks=*/false);
  });
  return Known;
}

std::vector<ConfigProblem>
verifyConfiguration(ClangTidyOptionsProvider &Provider, llvm::StringRef File) {
  const ChecksAndOptions &Known = knownChecksAndOptions();
  std::vector<ConfigProblem> Problems;
  for (const auto &[Opts, Source] : Provider.getRawOptions(File)) {
    // Our own defaults name checks that exist only in some builds.
    if (Source == ClangTidyOptionsProvider::OptionsSourceTypeDefaultBinary)
      continue;
    bool InProjectFile =
        Source != ClangTidyOptionsProvider::OptionsSourceTypeCheckCommandLineOption &&
        Source != ClangTidyOptionsProvider::OptionsSourceTypeConfigCommandLineOption;
    if (Opts.Checks) {
      // As clang-tidy's GlobList: entries end at a comma or a line break.
      llvm::SmallVector<llvm::StringRef> Globs;
      llvm::SplitString(*Opts.Checks, Globs, ",\n");
      for (llvm::StringRef G : Globs) {
        G = G.trim();
        if (G.consume_front("-"))
          G = G.trim();
        if (G.empty() || G == "*")
          continue;
        // clang-diagnostic-* are the compiler's warnings, not checks.
        if (G.starts_with("clang-diagnostic-"))
          continue;
        bool Matches = false;
        if (!G.contains('*')) {
          Matches = Known.Checks.contains(G);
        } else {
          GlobList One(G);
          for (const auto &C : Known.Checks)
            if (One.contains(C.getKey())) {
              Matches = true;
              break;
            }
        }
        if (!Matches)
          Problems.push_back(
              {"unknown check '" + G.str() + "' (in " + Source + ")",
               InProjectFile});
      }
    }
    for (const auto &KV : Opts.CheckOptions) {
      llvm::StringRef Key = KV.getKey();
      if (!Key.contains('.') || Known.Options.contains(Key))
        continue;
      Problems.push_back({"unknown check option '" + Key.str() + "' (in " +
                              Source + ")",
                          InProjectFile});
    }
  }
  return Problems;
}

std::vector<std::string> enabledChecks(ClangTidyOptionsProvider &Provider,
                                       llvm::StringRef File) {
  ClangTidyOptions Opts = Provider.getOptions(File);
  return getCheckNames(Opts, /*AllowEnablingAnalyzerAlphaCheckers=*/false,
                       /*ExperimentalCustomChecks=*/false);
}

} // namespace conclint
