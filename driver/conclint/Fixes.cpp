//===-- Fixes.cpp - apply fix-its across the project ----------------------===//

#include "Fixes.h"
#include "Report.h"

#include "clang/Tooling/Core/Replacement.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <map>

namespace conclint {

/// Why the file \p File must not be fixed ("" if it may): outside the
/// project root (after resolving links), not a regular file, read-only.
/// \p Real receives the resolved path, which is the one written.
static std::string mayNotFix(llvm::StringRef File, llvm::StringRef RealRoot,
                             std::string &Real) {
  llvm::SmallString<256> R;
  if (llvm::sys::fs::real_path(File, R))
    return "'" + File.str() + "' cannot be resolved";
  Real = std::string(R);
  llvm::StringRef Rest = Real;
  if (RealRoot.empty() || !Rest.consume_front(RealRoot) ||
      !(Rest.empty() || Rest.starts_with("/") || RealRoot.ends_with("/")))
    return "it would change '" + File.str() +
           "', which is outside the project root (--project-root)";
  llvm::sys::fs::file_status St;
  if (llvm::sys::fs::status(Real, St) ||
      St.type() != llvm::sys::fs::file_type::regular_file)
    return "'" + File.str() + "' is not a regular file";
  if (!(St.permissions() & llvm::sys::fs::owner_write))
    return "'" + File.str() + "' is read-only";
  return "";
}

FixOutcome applyFixes(const std::vector<Finding> &Findings,
                      llvm::StringRef Root, bool FixErrors) {
  FixOutcome Out;
  std::map<std::string, clang::tooling::Replacements> Accepted;
  llvm::SmallString<256> RealRoot;
  if (llvm::sys::fs::real_path(Root, RealRoot))
    RealRoot = Root;
  std::map<std::string, std::string> RealPaths; // edit file -> written file
  auto Refuse = [&](const Finding &F, const std::string &Why) {
    ++Out.Refused;
    Out.Messages.push_back(displayPath(F.Loc.File, Root) + ":" +
                           std::to_string(F.Loc.Line) + ":" +
                           std::to_string(F.Loc.Column) + ": fix of [" +
                           F.Check + "] not applied: " + Why);
  };
  for (const Finding &F : Findings) {
    if (F.Fix.empty())
      continue;
    if (F.FromBrokenTU && !FixErrors) {
      Refuse(F, "its translation unit does not compile (--fix-errors "
                "applies it anyway)");
      continue;
    }
    std::string Why;
    for (const Edit &E : F.Fix) {
      std::string Real;
      Why = mayNotFix(E.File, RealRoot, Real);
      if (!Why.empty())
        break;
      RealPaths[E.File] = Real;
    }
    if (!Why.empty()) {
      Refuse(F, Why);
      continue;
    }
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
      Refuse(F, "it overlaps another fix; rerun conclint --fix after this one");
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
    // Through a link to its target (the link stays), keeping the mode.
    std::string Err = replaceFileContent(RealPaths[File], *NewText);
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
