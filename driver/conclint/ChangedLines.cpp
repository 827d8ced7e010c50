//===-- ChangedLines.cpp - the diff mode for review bots ------------------===//

#include "ChangedLines.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

namespace conclint {

static std::string resolve(llvm::StringRef Path, llvm::StringRef Base) {
  llvm::SmallString<256> P(Path);
  if (!llvm::sys::path::is_absolute(P)) {
    P = Base;
    llvm::sys::path::append(P, Path);
  }
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

/// "+c,d" of a hunk header: the first line and the line count of the new
/// side (d defaults to 1).
static bool parseRange(llvm::StringRef R, unsigned &Start, unsigned &Count) {
  if (!R.consume_front("+"))
    return false;
  auto [S, C] = R.split(',');
  Count = 1;
  if (S.getAsInteger(10, Start))
    return false;
  return C.empty() || !C.getAsInteger(10, Count);
}

std::string parseUnifiedDiff(llvm::StringRef Diff, llvm::StringRef Base,
                             ChangedLines &Out) {
  llvm::SmallVector<llvm::StringRef, 0> Lines;
  Diff.split(Lines, '\n');
  std::set<unsigned> *File = nullptr; // null: /dev/null, or no file yet
  unsigned NewLine = 0, NewLeft = 0, OldLeft = 0;
  bool SawHunk = false;
  for (size_t I = 0; I < Lines.size(); ++I) {
    llvm::StringRef L = Lines[I];
    L.consume_back("\r");
    if (NewLeft || OldLeft) { // inside a hunk
      if (L.starts_with("+")) {
        if (File)
          File->insert(NewLine);
        ++NewLine;
        --NewLeft;
      } else if (L.starts_with("-")) {
        --OldLeft;
      } else if (L.starts_with("\\")) {
        // "\ No newline at end of file"
      } else { // context (" " or an empty line some tools strip to "")
        ++NewLine;
        if (NewLeft)
          --NewLeft;
        if (OldLeft)
          --OldLeft;
      }
      continue;
    }
    if (L.starts_with("+++ ")) {
      llvm::StringRef P = L.drop_front(4);
      P = P.split('\t').first; // diff -u appends a time stamp after a tab
      P = P.trim();
      if (P == "/dev/null") {
        File = nullptr;
        continue;
      }
      if (P.starts_with("\"")) // git quotes unusual names; keep it simple
        return "the diff names a quoted path (" + P.str() +
               "); run git with -c core.quotePath=false";
      // git's default prefixes (b/), or none (--no-prefix, diff -u).
      if (P.starts_with("b/") && !llvm::sys::fs::exists(resolve(P, Base)))
        P = P.drop_front(2);
      File = &Out[resolve(P, Base)];
      continue;
    }
    if (L.starts_with("@@ ")) {
      // @@ -a,b +c,d @@ ...
      llvm::SmallVector<llvm::StringRef, 4> F;
      L.split(F, ' ', /*MaxSplit=*/4);
      unsigned OldStart = 0, NewCount = 0;
      llvm::StringRef Old = F.size() > 1 ? F[1] : "";
      auto [OS, OC] = Old.drop_front(1).split(',');
      unsigned OldCount = 1;
      if (F.size() < 4 || !Old.starts_with("-") ||
          OS.getAsInteger(10, OldStart) ||
          (!OC.empty() && OC.getAsInteger(10, OldCount)) ||
          !parseRange(F[2], NewLine, NewCount))
        return "malformed hunk header in the diff, line " +
               std::to_string(I + 1) + ": '" + L.str() + "'";
      NewLeft = NewCount;
      OldLeft = OldCount;
      SawHunk = true;
      continue;
    }
  }
  if (!SawHunk && !Diff.trim().empty() && !Diff.contains("diff --git"))
    return "not a unified diff (no '@@' hunk header)";
  return "";
}

std::string loadChangedLines(llvm::StringRef Spec, llvm::StringRef ProjectRoot,
                             ChangedLines &Out) {
  if (llvm::sys::fs::is_regular_file(Spec) || Spec == "-") {
    auto Buf = Spec == "-" ? llvm::MemoryBuffer::getSTDIN()
                           : llvm::MemoryBuffer::getFile(Spec);
    if (!Buf)
      return "cannot read the diff '" + Spec.str() +
             "': " + Buf.getError().message();
    std::string E = parseUnifiedDiff((*Buf)->getBuffer(), ProjectRoot, Out);
    return E.empty() ? E : "--changed-lines='" + Spec.str() + "': " + E;
  }
  if (Spec.starts_with("-"))
    return "--changed-lines='" + Spec.str() +
           "': neither a file nor a git revision";
  llvm::ErrorOr<std::string> Git = llvm::sys::findProgramByName("git");
  if (!Git)
    return "--changed-lines='" + Spec.str() +
           "' is not a file, and git is not on PATH to diff against it";
  llvm::SmallString<128> OutFile, ErrFile;
  if (llvm::sys::fs::createTemporaryFile("conclint-diff", "txt", OutFile) ||
      llvm::sys::fs::createTemporaryFile("conclint-diff", "err", ErrFile))
    return "cannot create a temporary file for the diff";
  // --relative: paths relative to the project root, as the findings' are.
  std::string Rev = Spec.str();
  llvm::SmallVector<llvm::StringRef, 12> Argv = {
      *Git, "-C", ProjectRoot, "-c", "core.quotePath=false", "diff",
      "--no-color", "--no-ext-diff", "--relative", "-U0", Rev, "--"};
  std::optional<llvm::StringRef> Redirects[] = {
      llvm::StringRef(""), llvm::StringRef(OutFile), llvm::StringRef(ErrFile)};
  int RC = llvm::sys::ExecuteAndWait(*Git, Argv, std::nullopt, Redirects);
  auto Buf = llvm::MemoryBuffer::getFile(OutFile);
  auto Err = llvm::MemoryBuffer::getFile(ErrFile);
  llvm::sys::fs::remove(OutFile);
  llvm::sys::fs::remove(ErrFile);
  if (RC != 0 || !Buf) {
    std::string Why = Err ? (*Err)->getBuffer().trim().str() : "";
    if (auto Nl = Why.find('\n'); Nl != std::string::npos)
      Why.resize(Nl);
    return "--changed-lines='" + Spec.str() +
           "' is neither a file nor a git revision of '" + ProjectRoot.str() +
           "'" + (Why.empty() ? "" : " (git: " + Why + ")");
  }
  std::string E = parseUnifiedDiff((*Buf)->getBuffer(), ProjectRoot, Out);
  return E.empty() ? E : "git diff " + Spec.str() + ": " + E;
}

unsigned filterToChangedLines(std::vector<Finding> &Findings,
                              const ChangedLines &Changed) {
  auto Touches = [&](const Location &L) {
    auto It = Changed.find(L.File);
    return It != Changed.end() && It->second.count(L.Line);
  };
  size_t Before = Findings.size();
  llvm::erase_if(Findings, [&](const Finding &F) {
    if (Touches(F.Loc))
      return false;
    return llvm::none_of(F.Notes,
                         [&](const Note &N) { return Touches(N.Loc); });
  });
  return static_cast<unsigned>(Before - Findings.size());
}

} // namespace conclint
