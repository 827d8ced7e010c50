//===-- Baseline.cpp - adopt conclint on old code -------------------------===//

#include "Baseline.h"
#include "Report.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

namespace conclint {

static std::string normalise(llvm::StringRef Line) {
  std::string Out;
  bool Space = false;
  for (char C : Line.trim()) {
    if (C == ' ' || C == '\t' || C == '\r') {
      Space = true;
      continue;
    }
    if (Space)
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

void assignFingerprints(std::vector<Finding> &Findings, llvm::StringRef Root) {
  llvm::StringMap<unsigned> Seen;
  for (Finding &F : Findings) {
    std::string Material;
    llvm::raw_string_ostream OS(Material);
    OS << F.Check << '\0' << displayPath(F.Loc.File, Root) << '\0'
       << normalise(F.Loc.LineText) << '\0' << F.Message;
    unsigned Rank = Seen[Material]++;
    OS << '\0' << Rank;
    llvm::SHA256 H;
    H.update(Material);
    F.Fingerprint = llvm::toHex(H.final(), /*LowerCase=*/true).substr(0, 32);
  }
}

std::string writeBaseline(llvm::StringRef Path,
                          const std::vector<Finding> &Findings,
                          llvm::StringRef Root) {
  llvm::json::Array Entries;
  for (const Finding &F : Findings)
    Entries.push_back(llvm::json::Object{
        {"fingerprint", F.Fingerprint},
        {"check", F.Check},
        {"file", displayPath(F.Loc.File, Root)},
        {"message", F.Message}});
  llvm::json::Object Doc{{"conclintBaseline", 1},
                         {"findings", std::move(Entries)}};
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << llvm::formatv("{0:2}", llvm::json::Value(std::move(Doc))) << "\n";
  return writeOutputFile(Path, Text);
}

std::string readBaseline(llvm::StringRef Path, llvm::StringSet<> &Out) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return "cannot read baseline '" + Path.str() +
           "': " + Buf.getError().message();
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Buf)->getBuffer());
  if (!V)
    return "malformed baseline '" + Path.str() +
           "': " + llvm::toString(V.takeError());
  const llvm::json::Object *O = V->getAsObject();
  const llvm::json::Array *Entries = O ? O->getArray("findings") : nullptr;
  if (!O || !O->getInteger("conclintBaseline") || !Entries)
    return "malformed baseline '" + Path.str() +
           "': not a conclint baseline file";
  for (const llvm::json::Value &E : *Entries) {
    const llvm::json::Object *EO = E.getAsObject();
    std::optional<llvm::StringRef> FP = EO ? EO->getString("fingerprint")
                                           : std::nullopt;
    if (!FP)
      return "malformed baseline '" + Path.str() +
             "': an entry has no fingerprint";
    Out.insert(*FP);
  }
  return "";
}

} // namespace conclint
