//===-- TidyCompat.h - the driver's LLVM version differences -----*- C++ -*-===//
//
// The conclint driver builds against LLVM 22 and LLVM 19, like the checks
// (checks/utils/Compat.h holds what they share). The clang-tidy and Basic
// APIs only the driver uses differ between the two; this header bridges
// them (JsonCompat.h the JSON ones), so the driver reads as LLVM 22 code. The SARIF differences are
// handled in Report.cpp, which uses only what both writers have.
// Contract: including this header changes nothing when built against
// LLVM 22; against LLVM 19 it gives LLVM 22's answers.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_TIDYCOMPAT_H
#define CONCLINT_DRIVER_TIDYCOMPAT_H

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/DiagnosticIDs.h"
#include "clang/Basic/DiagnosticOptions.h"
#include "llvm/Config/llvm-config.h"

#include <memory>

#if LLVM_VERSION_MAJOR < 22
// LLVM 22 declares ClangTidyModuleRegistry in ClangTidyModule.h; LLVM 19 has
// it only in its own header.
#include "clang-tidy/ClangTidyModuleRegistry.h"

namespace clang::tidy {
// LLVM 22 renamed NamesAndOptions (and its Names) and added the
// ExperimentalCustomChecks flag to both functions. LLVM 19 has no custom
// checks, so the flag has nothing to enable there.
struct ChecksAndOptions {
  llvm::StringSet<> Checks;
  llvm::StringSet<> Options;
};
inline ChecksAndOptions
getAllChecksAndOptions(bool AllowEnablingAnalyzerAlphaCheckers,
                       bool /*ExperimentalCustomChecks*/) {
  NamesAndOptions NO = getAllChecksAndOptions(AllowEnablingAnalyzerAlphaCheckers);
  return {std::move(NO.Names), std::move(NO.Options)};
}
inline std::vector<std::string>
getCheckNames(const ClangTidyOptions &Options,
              bool AllowEnablingAnalyzerAlphaCheckers,
              bool /*ExperimentalCustomChecks*/) {
  return getCheckNames(Options, AllowEnablingAnalyzerAlphaCheckers);
}
} // namespace clang::tidy
#endif

namespace conclint::compat {

/// DiagnosticIDs::create() of LLVM 22.
inline llvm::IntrusiveRefCntPtr<clang::DiagnosticIDs> createDiagnosticIDs() {
#if LLVM_VERSION_MAJOR < 22
  return llvm::makeIntrusiveRefCnt<clang::DiagnosticIDs>();
#else
  return clang::DiagnosticIDs::create();
#endif
}

/// The options argument of DiagnosticsEngine's constructor: LLVM 22 takes a
/// reference to options the caller keeps alive, LLVM 19 shares ownership of
/// them, so it gets its own copy.
#if LLVM_VERSION_MAJOR < 22
inline llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions>
engineOptions(const clang::DiagnosticOptions &Opts) {
  return llvm::makeIntrusiveRefCnt<clang::DiagnosticOptions>(Opts);
}
#else
inline clang::DiagnosticOptions &engineOptions(clang::DiagnosticOptions &Opts) {
  return Opts;
}
#endif

/// ClangTidyContext::setDiagnosticsEngine: LLVM 22's context also keeps the
/// engine's options alive; LLVM 19's engine owns its own (engineOptions).
inline void
setDiagnosticsEngine(clang::tidy::ClangTidyContext &Context,
                     std::unique_ptr<clang::DiagnosticOptions> DiagOpts,
                     clang::DiagnosticsEngine *DE) {
#if LLVM_VERSION_MAJOR < 22
  (void)DiagOpts;
  Context.setDiagnosticsEngine(DE);
#else
  Context.setDiagnosticsEngine(std::move(DiagOpts), DE);
#endif
}

} // namespace conclint::compat

#endif
