//===-- Fixes.h - apply fix-its across the project ---------------*- C++ -*-===//

#ifndef CONCLINT_DRIVER_FIXES_H
#define CONCLINT_DRIVER_FIXES_H

#include "Model.h"

namespace conclint {

struct FixOutcome {
  unsigned Applied = 0;  ///< findings whose fix was applied
  unsigned Refused = 0;  ///< findings whose fix overlapped another one
  unsigned Files = 0;    ///< files rewritten
  std::vector<std::string> Messages; ///< one line per refusal or failure
  bool Failed = false;   ///< a file could not be rewritten
};

/// Applies the fix of every finding. A fix is applied whole or not at all:
/// one that overlaps an already accepted fix (other than an identical
/// replacement, as when two TUs fix the same header) is refused and named.
/// So is a fix that would change a file outside \p Root (the real path, so
/// a link out of the project does not count as inside) or a read-only
/// file, and, unless \p FixErrors, a fix from a translation unit that does
/// not compile. Files are written through symbolic links to their targets,
/// keeping their permissions.
FixOutcome applyFixes(const std::vector<Finding> &Findings,
                      llvm::StringRef Root, bool FixErrors = false);

} // namespace conclint

#endif
