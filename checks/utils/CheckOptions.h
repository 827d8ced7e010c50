//===-- CheckOptions.h - reading check options the same way -----*- C++ -*-===//
//
// Every conclint check reads its list options and CallDepth through these, so
// a list is split the same way in all of them. Bool options are read as
// upstream checks read them, with Options.get<bool> (the spellings clang-tidy
// accepts are listed in the README, "A .clang-tidy file").
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_CHECKOPTIONS_H
#define CONCLINT_CHECKS_UTILS_CHECKOPTIONS_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conclint::utils {

/// Splits a `;`-separated option list, trimming blanks and dropping empty
/// entries.
std::vector<std::string> splitOptionList(llvm::StringRef S);

/// The one option name for how many calls deep a check follows calls where a
/// bound is still wanted. Call facts are summaries over the whole call graph
/// (CallSummaries.h), so the default is unlimited.
inline constexpr llvm::StringLiteral CallDepthOption = "CallDepth";

/// Reads CallDepth: a number of calls (0: only the code itself) or
/// `unlimited` (the default; also an empty value). When CallDepth is not set,
/// the first of \p DeprecatedNames that is set is read instead (the old
/// per-check spellings: CalleeDepth, TransitiveDepth, MaxCallDepth). A value
/// that is neither is reported as a configuration error and the default used.
/// Returns UINT_MAX for unlimited.
unsigned readCallDepth(const ClangTidyCheck &Check,
                       const ClangTidyCheck::OptionsView &Options,
                       llvm::ArrayRef<llvm::StringRef> DeprecatedNames = {});

/// The text storeOptions writes for CallDepth.
std::string callDepthText(unsigned Depth);

} // namespace clang::tidy::conclint::utils

#endif
