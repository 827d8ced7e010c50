//===-- Baseline.h - adopt conclint on old code ------------------*- C++ -*-===//
//
// A finding's fingerprint ignores where the code moved: it hashes the check,
// the file (relative to the project root), the source line with its
// whitespace normalised, the message, and the finding's rank among identical
// ones in that file. Inserting or deleting unrelated lines keeps it.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_DRIVER_BASELINE_H
#define CONCLINT_DRIVER_BASELINE_H

#include "Model.h"
#include "llvm/ADT/StringSet.h"

namespace conclint {

/// Sets Finding::Fingerprint on every finding (they must be sorted).
void assignFingerprints(std::vector<Finding> &Findings, llvm::StringRef Root);

/// Writes the fingerprints of \p Findings. Returns an error message or "".
std::string writeBaseline(llvm::StringRef Path,
                          const std::vector<Finding> &Findings,
                          llvm::StringRef Root);

/// Reads a baseline file. Returns an error message or "".
std::string readBaseline(llvm::StringRef Path, llvm::StringSet<> &Out);

} // namespace conclint

#endif
