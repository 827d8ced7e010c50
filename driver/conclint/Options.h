//===-- Options.h - check selection and configuration ------------*- C++ -*-===//
//
// The driver and its worker processes must see exactly the same clang-tidy
// configuration; both build it here from the same inputs.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_OPTIONS_H
#define CONCLINT_DRIVER_OPTIONS_H

#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/Support/JSON.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace conclint {

/// The checks every run enables unless .clang-tidy or --checks say otherwise:
/// every conclint check plus its upstream neighbours.
extern const char DefaultProfile[];

/// Where the configuration comes from (the command line of the driver).
struct ConfigInputs {
  std::optional<std::string> Checks;       ///< --checks
  std::optional<std::string> Config;       ///< --config (replaces .clang-tidy)
  std::optional<std::string> HeaderFilter; ///< --header-filter
  std::vector<std::string> ExtraArgs;      ///< --extra-arg
  std::vector<std::string> ExtraArgsBefore;
};

llvm::json::Value toJSON(const ConfigInputs &C);
bool fromJSON(const llvm::json::Value &V, ConfigInputs &C, llvm::json::Path P);

/// Builds the options provider clang-tidy would build for these inputs:
/// defaults (our profile), then .clang-tidy files (or --config), then the
/// command-line overrides. On a malformed --config returns null and sets
/// \p Error.
std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>
makeOptionsProvider(const ConfigInputs &In, std::string &Error);

/// One name in the configuration that matches no check or check option.
struct ConfigProblem {
  std::string Message;
  /// From a .clang-tidy file (clang-tidy itself ignores these, and so do we
  /// unless asked to be strict), rather than from our own command line.
  bool InProjectFile = false;
};

/// Verifies that every check name and check option the configuration for
/// \p File mentions exists (what `clang-tidy --verify-config` reports).
std::vector<ConfigProblem>
verifyConfiguration(clang::tidy::ClangTidyOptionsProvider &Provider,
                    llvm::StringRef File);

/// The .clang-tidy files clang-tidy's FileOptionsProvider reads for
/// \p File: each must be a readable regular file that parses (the walk up
/// stops where the provider stops: at a file without InheritParentConfig).
/// Checked before the provider reads them, which would block on a FIFO and
/// print unprefixed messages for a file that does not parse.
std::vector<ConfigProblem> verifyConfigFiles(llvm::StringRef File);

/// What verifyConfiguration cannot see from the names alone, all errors:
/// header-filter regexes that do not compile; check option values the
/// checks reject; and, unless \p TrustConfig, compiler arguments
/// (ExtraArgs) from a project's files that may write files or run programs.
std::vector<ConfigProblem>
verifyConfigurationDeeply(clang::tidy::ClangTidyOptionsProvider &Provider,
                          llvm::StringRef File, bool TrustConfig);

/// The checks enabled for \p File, sorted.
std::vector<std::string>
enabledChecks(clang::tidy::ClangTidyOptionsProvider &Provider,
              llvm::StringRef File);

} // namespace conclint

#endif
