//===-- Fixes.cpp - apply fix-its across the project ----------------------===//

#include "Fixes.h"
#include "Report.h"

#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>

namespace conclint {

FixOutcome applyFixes(const std::vector<Finding> &Findings,
                      llvm::StringRef Root) {
  FixOutcome Out;
  std::map<std::string, clang::tooling::Replacements> Accepted;
  for (const Finding &F : Findings) {
    if (F.Fix.empty())
      continue;
    std::map<std::string, clang::tooling::Replacements> Trial;
    bool Conflict = false;
    for (const Edit &E : F.Fix) {
      auto [It, New] = Trial.try_emplace(E.File);
      if (New)
        It->second = Accepted[E.File];
      clang::tooling::Replacement R(E.File, E.Offset, E.Length, E.Text);
      if (llvm::is_contained(It->second, R))
        continue; // The same edit, reached through another TU.
      if (llvm::Error Err = It->second.add(R)) {
        llvm::consumeError(std::move(Err));
        Conflict = true;
        break;
      }
    }
    if (Conflict) {
      ++Out.Refused;
      Out.Messages.push_back(
          displayPath(F.Loc.File, Root) + ":" + std::to_string(F.Loc.Line) +
          ":" + std::to_string(F.Loc.Column) + ": fix of [" + F.Check +
          "] not applied: it overlaps another fix; rerun conclint --fix after "
          "this one");
      continue;
    }
    for (auto &[File, Repls] : Trial)
      Accepted[File] = std::move(Repls);
    ++Out.Applied;
  }

  for (const auto &[File, Repls] : Accepted) {
    if (Repls.empty())
      continue;
    auto Buf = llvm::MemoryBuffer::getFile(File);
    if (!Buf) {
      Out.Failed = true;
      Out.Messages.push_back("cannot read '" + File +
                             "' to fix it: " + Buf.getError().message());
      continue;
    }
    llvm::Expected<std::string> NewText =
        clang::tooling::applyAllReplacements((*Buf)->getBuffer(), Repls);
    if (!NewText) {
      Out.Failed = true;
      Out.Messages.push_back("cannot fix '" + File +
                             "': " + llvm::toString(NewText.takeError()));
      continue;
    }
    std::string Err = writeFileAtomically(File, *NewText);
    if (!Err.empty()) {
      Out.Failed = true;
      Out.Messages.push_back(Err);
      continue;
    }
    ++Out.Files;
  }
  return Out;
}

} // namespace conclint
