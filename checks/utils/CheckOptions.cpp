//===-- CheckOptions.cpp - reading check options the same way -------------===//

#include "CheckOptions.h"

#include "llvm/ADT/SmallVector.h"
#include <climits>

namespace clang::tidy::conclint::utils {

std::vector<std::string> splitOptionList(llvm::StringRef S) {
  llvm::SmallVector<llvm::StringRef, 16> Parts;
  S.split(Parts, ';', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Out;
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

unsigned readCallDepth(const ClangTidyCheck &Check,
                       const ClangTidyCheck::OptionsView &Options,
                       llvm::ArrayRef<llvm::StringRef> DeprecatedNames) {
  llvm::StringRef Name = CallDepthOption;
  std::optional<llvm::StringRef> Value = Options.get(Name);
  for (llvm::StringRef Old : DeprecatedNames) {
    if (Value)
      break;
    if ((Value = Options.get(Old)))
      Name = Old;
  }
  if (!Value)
    return UINT_MAX;
  llvm::StringRef V = Value->trim();
  if (V.empty() || V.equals_insensitive("unlimited"))
    return UINT_MAX;
  unsigned N = 0;
  if (!V.getAsInteger(10, N) && N != UINT_MAX)
    return N;
  Check.configurationDiag("invalid configuration value '%0' for option '%1'; "
                          "expected a number of calls or 'unlimited'")
      << *Value << Name;
  return UINT_MAX;
}

std::string callDepthText(unsigned Depth) {
  return Depth == UINT_MAX ? "unlimited" : std::to_string(Depth);
}

} // namespace clang::tidy::conclint::utils
