//===-- ChangedLines.h - the diff mode for review bots -----------*- C++ -*-===//
//
// `--changed-lines=<diff-file|rev>` keeps the findings a change is
// responsible for: those on a line the diff adds or changes, and those whose
// notes (a call chain, the other access of a race, possibly in another file)
// touch such a line. A finding elsewhere is hidden, not lost: it is counted.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_CHANGEDLINES_H
#define CONCLINT_DRIVER_CHANGEDLINES_H

#include "Model.h"

#include "llvm/ADT/StringRef.h"
#include <map>
#include <set>
#include <string>
#include <vector>

namespace conclint {

/// Absolute file path -> the 1-based lines the diff's new side adds or
/// changes.
using ChangedLines = std::map<std::string, std::set<unsigned>>;

/// Reads the changed lines of a unified diff (`git diff`, `diff -u`; any
/// context size). Paths are the new side's (`+++ b/...`), resolved against
/// \p Base. Returns an error message or "".
std::string parseUnifiedDiff(llvm::StringRef Diff, llvm::StringRef Base,
                             ChangedLines &Out);

/// \p Spec names a diff file, or else a git revision: then the diff is
/// `git diff REV` of the working tree, run in \p ProjectRoot with paths
/// relative to it. Returns an error message or "".
std::string loadChangedLines(llvm::StringRef Spec, llvm::StringRef ProjectRoot,
                             ChangedLines &Out);

/// Removes the findings that touch no changed line; returns how many.
unsigned filterToChangedLines(std::vector<Finding> &Findings,
                              const ChangedLines &Changed);

} // namespace conclint

#endif
