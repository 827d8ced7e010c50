//===-- ConclintModule.h - catalogue access for front-ends -------*- C++ -*-===//

#ifndef CONCLINT_CHECKS_CONCLINTMODULE_H
#define CONCLINT_CHECKS_CONCLINTMODULE_H

#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang::tidy::conclint {

/// One entry of the check catalogue (Checks.def).
struct CheckInfo {
  llvm::StringRef Id;      ///< "conclint-missing-join"
  llvm::StringRef Summary; ///< one line: what the check finds
};

/// Every conclint check, in catalogue (alphabetical) order.
const std::vector<CheckInfo> &allChecks();

/// Anchor: reference it to force the module's registration to be linked.
extern volatile int ConclintModuleAnchorSource;

} // namespace clang::tidy::conclint

#endif
