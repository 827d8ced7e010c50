//===-- Link.cpp - the link phase: project-wide findings ------------------===//

#include "Link.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cstdlib>
#include <thread>

namespace conclint {

namespace sm = clang::tidy::conclint::utils::summary;

namespace {
/// A location with its line text, reading each file once.
class Lines {
public:
  Location locate(const sm::Loc &L) {
    Location Out;
    Out.File = L.File.str();
    Out.Offset = L.Offset;
    Out.Line = L.Line;
    Out.Column = L.Column;
    auto &Slot = Files[L.File];
    if (!Slot) {
      auto Buf = llvm::MemoryBuffer::getFile(L.File.ref(), /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false);
      Slot = Buf ? std::move(*Buf) : llvm::MemoryBuffer::getMemBuffer("");
    }
    llvm::StringRef Text = Slot->getBuffer();
    if (L.Offset > Text.size())
      return Out;
    size_t Start = Text.rfind('\n', L.Offset ? L.Offset - 1 : 0);
    Start = (Start == llvm::StringRef::npos || L.Offset == 0) ? 0 : Start + 1;
    if (L.Offset > 0 && Text[L.Offset - 1] == '\n')
      Start = L.Offset;
    size_t End = Text.find('\n', Start);
    if (End == llvm::StringRef::npos)
      End = Text.size();
    Out.LineText = Text.slice(Start, End).rtrim("\r").str();
    return Out;
  }

private:
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> Files;
};

/// See keptProgramRewritePercent: a summary text parses 7 to 9 times
/// slower per byte than the kept program decodes (docs/summaries.md, Cost),
/// so 10% of its size on top costs about as much as loading it.
constexpr unsigned DefaultRewritePercent = 10;

Finding toFinding(const sm::LinkFinding &X, Lines &L) {
  Finding F;
  F.Check = X.Check;
  F.Level = "warning";
  F.Message = X.Message;
  F.Loc = L.locate(X.At);
  for (const auto &[Text, At] : X.Notes) {
    Note N;
    N.Message = Text;
    N.Loc = L.locate(At);
    F.Notes.push_back(std::move(N));
  }
  return F;
}
} // namespace

unsigned keptProgramRewritePercent() {
  if (const char *E = std::getenv("CONCLINT_KEPT_REWRITE_PERCENT")) {
    unsigned V;
    if (!llvm::StringRef(E).getAsInteger(10, V))
      return V;
  }
  return DefaultRewritePercent;
}

LinkPhase projectLinkPhase(LinkOutcome &Out, ResultCache *Cache,
                           std::string Identity) {
  return [&Out, Cache, Identity](const std::vector<std::string> &Summaries) {
    using Clock = std::chrono::steady_clock;
    auto Since = [](Clock::time_point T) {
      return std::chrono::duration<double>(Clock::now() - T).count();
    };
    auto Start = Clock::now();
    Out = LinkOutcome();
    const char *Name = "link-program";
    bool Keep = Cache && Cache->enabled();
    KeptProgram K;
    if (Keep) {
      llvm::StringRef Payload;
      std::unique_ptr<llvm::MemoryBuffer> Buf =
          Cache->loadBlob(Name, Payload, Out.Kept);
      if (Buf) {
        Out.Kept = "kept";
        Out.KeptBytes = Payload.size();
        if (!Payload.consume_front(Identity + "\n"))
          Out.Kept = "another conclint build";
        else if (std::string E = K.decode(Payload); !E.empty())
          Out.Kept = E;
      }
      Out.LoadSeconds = Since(Start);
    }
    // Only the summaries that changed are parsed and merged into it.
    auto Afresh = [&](const char *Why) {
      // A summary read before no longer reads the same, or a function of
      // the kept program does not decode: start from an empty one.
      Out.Kept = Why;
      K = KeptProgram();
      Out.Update = KeptStats();
      K.update(Summaries, Out.Update);
      Out.Update.Changed = true;
    };
    if (!K.update(Summaries, Out.Update))
      Afresh("inconsistent");
    if (Out.Kept != "kept")
      Out.Update.Changed = true;
    Out.Summaries = Out.Update.Summaries;
    Out.Unreadable = Out.Update.Unreadable;
    auto Save = [&] {
      auto SaveStart = Clock::now();
      std::string Payload = Identity + "\n" + K.encode();
      Out.KeptBytes = Payload.size();
      Cache->storeBlob(Name, Payload);
      Out.Saved = true;
      Out.SaveSeconds += Since(SaveStart);
    };
    // Rewritten when there is none to build on, or when what each warm
    // link parses on top of it has grown past a fraction of it.
    if (Keep && Out.Update.Changed &&
        (Out.Kept != "kept" ||
         Out.Update.ParsedBytes * 100 >
             uint64_t(keptProgramRewritePercent()) * Out.KeptBytes)) {
      if (!K.materializeAll())
        Afresh("malformed");
      Save();
    }
    Out.ReadSeconds = Since(Start) - Out.SaveSeconds;
    // Prune decodes only the kept program's functions it keeps.
    auto T = Clock::now();
    double Saved = Out.SaveSeconds;
    if (!K.prune()) {
      Afresh("malformed");
      if (Keep)
        Save();
      K.prune();
    }
    Out.Program = std::move(K.Program);
    Out.PruneSeconds = Since(T) - (Out.SaveSeconds - Saved);
    // The three analyses only read the program: the blocking and race
    // searches run on a second thread beside the lock-order search (the
    // longest), and their findings are taken in the same order as before.
    std::vector<sm::LinkFinding> Blocking, Races, Order;
    std::thread Side([&] {
      auto T = Clock::now();
      Blocking = sm::linkBlockingInCoroutines(Out.Program);
      Out.BlockingSeconds = Since(T);
      T = Clock::now();
      Races = sm::linkRaces(Out.Program);
      Out.RacesSeconds = Since(T);
    });
    // Lock-order cycles that need facts of more than one TU (the facts
    // exist only where conclint-lock-order-inversion ran).
    T = Clock::now();
    Order = sm::linkLockOrder(Out.Program);
    Out.LockOrderSeconds = Since(T);
    Side.join();
    std::vector<Finding> Found;
    Lines L;
    for (const auto *V : {&Blocking, &Races, &Order})
      for (const sm::LinkFinding &X : *V)
        Found.push_back(toFinding(X, L));
    Out.Findings = Found.size();
    Out.Seconds = Since(Start);
    return Found;
  };
}

std::string renderSummaryStore(LinkOutcome &L,
                               const std::vector<TUResult> &Results) {
  // In place: a copy of a large program's facts would double the memory.
  sm::Summary &Store = L.Program;
  std::map<std::string, std::string> Hashes;
  for (const TUResult &R : Results)
    for (const auto &[Path, Hash] : R.Inputs)
      Hashes.emplace(Path, Hash);
  auto Add = [&](const sm::Loc &At) {
    if (!At.valid() || Store.FileHashes.count(At.File.str()))
      return;
    auto It = Hashes.find(At.File.str());
    if (It != Hashes.end())
      Store.FileHashes[At.File.str()] = It->second;
  };
  for (const auto &[Usr, F] : Store.Functions)
    Add(F.At);
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  sm::writeJSON(OS, Store, /*Store=*/true);
  OS << "\n";
  return Text;
}

} // namespace conclint
