//===-- CheckOptions.h - reading check options the same way -----*- C++ -*-===//
//
// Every conclint check reads its list and bool options through these, so a
// list is split, and a bool spelled, the same way in all of them.
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

/// Parses a bool check option ("true"/"false", "1"/"0", any case, blanks
/// around allowed); std::nullopt when it is neither.
std::optional<bool> parseBoolOption(llvm::StringRef Value);

/// Reads the bool option \p Name of \p Check. It is read as a string:
/// OptionsView::get<bool> is compiled into libclangTidy.a by clang, and a
/// GCC-built check cannot link it. A value that is not a bool is reported as
/// a configuration error and \p Default is used.
bool readBoolOption(const ClangTidyCheck &Check,
                    const ClangTidyCheck::OptionsView &Options,
                    llvm::StringRef Name, bool Default);

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

/// The text storeOptions writes for a bool option.
inline llvm::StringRef boolOptionText(bool B) { return B ? "true" : "false"; }

} // namespace clang::tidy::conclint::utils

#endif
