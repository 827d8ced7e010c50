//===-- Options.cpp - check selection and configuration -------------------===//

#include "Options.h"
#include "TidyCompat.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang-tidy/GlobList.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"

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

//===----------------------------------------------------------------------===//
// Verifying what clang-tidy would only notice while analysing, or never
//===----------------------------------------------------------------------===//

std::vector<ConfigProblem> verifyConfigFiles(llvm::StringRef File) {
  std::vector<ConfigProblem> Problems;
  llvm::SmallString<256> D(llvm::sys::path::parent_path(File));
  while (!D.empty()) {
    llvm::SmallString<256> P(D);
    llvm::sys::path::append(P, ".clang-tidy");
    llvm::sys::fs::file_status St;
    if (!llvm::sys::fs::status(P, St) &&
        St.type() != llvm::sys::fs::file_type::file_not_found) {
      std::string Path(P);
      if (St.type() != llvm::sys::fs::file_type::regular_file) {
        if (St.type() != llvm::sys::fs::file_type::directory_file)
          Problems.push_back(
              {"configuration file '" + Path + "' is not a regular file", false});
        // clang-tidy skips a directory named .clang-tidy, and so do we.
      } else {
        auto Buf = llvm::MemoryBuffer::getFile(P);
        if (!Buf) {
          Problems.push_back({"cannot read configuration file '" + Path +
                                  "': " + Buf.getError().message(),
                              false});
          return Problems;
        }
        std::string First;
        llvm::ErrorOr<ClangTidyOptions> Parsed = parseConfigurationWithDiags(
            (*Buf)->getMemBufferRef(), [&](const llvm::SMDiagnostic &D) {
              if (First.empty() && D.getKind() == llvm::SourceMgr::DK_Error)
                First = std::to_string(D.getLineNo()) + ":" +
                        std::to_string(D.getColumnNo() + 1) + ": " +
                        D.getMessage().str();
            });
        if (!Parsed) {
          Problems.push_back(
              {"invalid configuration file '" + Path + "': " +
                   (First.empty() ? Parsed.getError().message() : First),
               false});
          return Problems;
        }
        if (!Parsed->InheritParentConfig.value_or(false))
          return Problems;
      }
    }
    llvm::StringRef Parent = llvm::sys::path::parent_path(D);
    if (Parent == D)
      break;
    D = Parent;
  }
  return Problems;
}

/// Whether a compiler argument a project's .clang-tidy adds is harmless
/// under -fsyntax-only: it only selects language, macros, include paths and
/// warnings. Anything that may write a file (-Wp,-MD,..., -MF, -o,
/// -save-temps, module caches, profiles, time traces), load or run code
/// (-fplugin, -Xclang, -mllvm, -B, offload-arch probes) or pull in more
/// arguments (@file, --config) is not.
static bool harmlessArgument(llvm::StringRef A) {
  static const char *const Denied[] = {
      "-fplugin", "-fpass-plugin", "-fmodule", "-fimplicit-module",
      "-fprebuilt-module", "-fprofile", "-fcs-profile", "-ftime-trace",
      "-fcrash-diagnostics", "-fproc-stat-report", "-fsave-optimization-record",
      "-fdump", "-fopenmp-targets", "-foffload", "-fembed", "-fcoverage",
      "-fdiagnostics-add-output", "-fsanitize-coverage", "-fxray",
      "-fdebug-compilation-dir", "-ftest-coverage", "-mllvm"};
  for (const char *D : Denied)
    if (A.starts_with(D))
      return false;
  static const char *const Allowed[] = {
      "-D", "-U", "-I", "-isystem", "-iquote", "-idirafter", "-iprefix",
      "-iwithprefix", "-include", "-imacros", "-std=", "--std=", "-x",
      "-stdlib=", "--target=", "-target", "-isysroot", "--sysroot",
      "-nostdinc", "-nostdlibinc", "-ffreestanding", "-O", "-g", "-w",
      "-pedantic", "-ansi", "-W", "-f", "-m", "-pthread", "-undef"};
  if (A.starts_with("-Wp,") || A.starts_with("-Wa,") || A.starts_with("-Wl,"))
    return false;
  for (const char *P : Allowed)
    if (A.starts_with(P))
      return true;
  return false;
}

/// Options whose value is the next argument.
static bool takesValue(llvm::StringRef A) {
  return A == "-D" || A == "-U" || A == "-I" || A == "-isystem" ||
         A == "-iquote" || A == "-idirafter" || A == "-include" ||
         A == "-imacros" || A == "-x" || A == "-target" || A == "-isysroot" ||
         A == "--sysroot";
}

std::vector<ConfigProblem>
verifyConfigurationDeeply(ClangTidyOptionsProvider &Provider,
                          llvm::StringRef File, bool TrustConfig) {
  std::vector<ConfigProblem> Problems;

  for (const auto &[Opts, Source] : Provider.getRawOptions(File)) {
    // Header filters: an invalid regex would silently match nothing.
    for (const auto &[Name, Value] :
         {std::make_pair("HeaderFilterRegex", &Opts.HeaderFilterRegex),
          std::make_pair("ExcludeHeaderFilterRegex",
                         &Opts.ExcludeHeaderFilterRegex)}) {
      if (!*Value || (*Value)->empty()) // empty: no filter
        continue;
      std::string Err;
      if (!llvm::Regex(**Value).isValid(Err))
        Problems.push_back({std::string("invalid ") + Name + " '" + **Value +
                                "' (in " + Source + "): " + Err,
                            false});
    }
    // Compiler arguments from a project's files: nothing that writes files
    // or runs programs, unless the user trusts the configuration.
    bool FromProject =
        Source != ClangTidyOptionsProvider::OptionsSourceTypeDefaultBinary &&
        Source != ClangTidyOptionsProvider::OptionsSourceTypeCheckCommandLineOption &&
        Source != ClangTidyOptionsProvider::OptionsSourceTypeConfigCommandLineOption;
    if (FromProject && !TrustConfig)
      for (const auto &[Key, Args] :
           {std::make_pair("ExtraArgs", &Opts.ExtraArgs),
            std::make_pair("ExtraArgsBefore", &Opts.ExtraArgsBefore)}) {
        if (!*Args)
          continue;
        const std::vector<std::string> &L = **Args;
        for (size_t I = 0; I < L.size(); ++I) {
          if (takesValue(L[I])) {
            ++I;
            continue;
          }
          std::string Shown = L[I];
          llvm::StringRef A = L[I];
          // Passes the next argument on to a tool: name both.
          if ((A == "-Xclang" || A == "-mllvm" || A == "-Xpreprocessor" ||
               A == "-Xassembler" || A == "-Xlinker") &&
              I + 1 < L.size())
            Shown += " " + L[++I];
          if (!harmlessArgument(A))
            Problems.push_back(
                {Key + std::string(" '") + Shown + "' (in " + Source +
                     ") may write files or run programs; refused (pass "
                     "--trust-config to allow it)",
                 false});
        }
      }
  }

  // Option values: the checks read them when they are created, and report
  // a bad one as a diagnostic without a location (which would reach the
  // report as a finding nobody can place). Create them once here.
  ClangTidyOptions Opts = Provider.getOptions(File);
  // No analyzer alpha checks, module headers or custom checks: the
  // one-argument constructor says so on every LLVM.
  ClangTidyContext Context(
      std::make_unique<DefaultOptionsProvider>(ClangTidyGlobalOptions(), Opts));
  ClangTidyDiagnosticConsumer DiagConsumer(Context);
  auto DiagOpts = std::make_unique<clang::DiagnosticOptions>();
  clang::DiagnosticsEngine DE(compat::createDiagnosticIDs(),
                              compat::engineOptions(*DiagOpts), &DiagConsumer,
                              /*ShouldOwnClient=*/false);
  compat::setDiagnosticsEngine(Context, std::move(DiagOpts), &DE);
  Context.setCurrentFile(File);
  ClangTidyASTConsumerFactory Factory(Context);
  (void)Factory.getCheckOptions();
  for (const ClangTidyError &E : DiagConsumer.take())
    Problems.push_back({E.Message.Message, false});
  return Problems;
}

} // namespace conclint
