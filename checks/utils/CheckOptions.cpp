//===-- CheckOptions.cpp - reading check options the same way -------------===//

#include "CheckOptions.h"

#include "llvm/ADT/SmallVector.h"

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

std::optional<bool> parseBoolOption(llvm::StringRef Value) {
  Value = Value.trim();
  if (Value.equals_insensitive("true") || Value == "1")
    return true;
  if (Value.equals_insensitive("false") || Value == "0")
    return false;
  return std::nullopt;
}

bool readBoolOption(const ClangTidyCheck &Check,
                    const ClangTidyCheck::OptionsView &Options,
                    llvm::StringRef Name, bool Default) {
  llvm::StringRef Value = Options.get(Name, boolOptionText(Default));
  if (std::optional<bool> B = parseBoolOption(Value))
    return *B;
  Check.configurationDiag("invalid configuration value '%0' for option '%1'; "
                          "expected a bool")
      << Value << Name;
  return Default;
}

} // namespace clang::tidy::conclint::utils
