//===-- Cache.cpp - results of unchanged translation units ----------------===//

#include "Cache.h"
#include "utils/Summary.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm-c/blake3.h"
#include "llvm/Support/BLAKE3.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include "llvm/Support/RandomNumberGenerator.h"

#include <cstdlib>
#include <set>
#include <unistd.h>

#ifndef CONCLINT_VERSION
#error "CONCLINT_VERSION must be defined by the build"
#endif

namespace conclint {

static const char RootMark[] = "@CONCLINT_ROOT@";

/// \p S with every occurrence of the project root replaced by a mark.
static std::string abstractRoot(llvm::StringRef S, llvm::StringRef Root) {
  if (Root.empty() || Root == "/")
    return S.str();
  std::string Out;
  while (true) {
    size_t I = S.find(Root);
    if (I == llvm::StringRef::npos)
      break;
    llvm::StringRef After = S.drop_front(I + Root.size());
    // Only whole path components: /work/a must not match /work/ab.
    bool Whole = After.empty() || After.front() == '/';
    Out += S.take_front(I).str();
    Out += Whole ? llvm::StringRef(RootMark) : Root;
    S = After;
  }
  return Out + S.str();
}

static std::string concreteRoot(llvm::StringRef S, llvm::StringRef Root) {
  if (Root.empty() || !S.contains(RootMark))
    return S.str();
  std::string Out;
  while (true) {
    size_t I = S.find(RootMark);
    if (I == llvm::StringRef::npos)
      break;
    Out += S.take_front(I).str();
    Out += Root.str();
    S = S.drop_front(I + strlen(RootMark));
  }
  return Out + S.str();
}

/// Applies \p F to every path of \p R.
template <typename Fn> static void mapPaths(TUResult &R, Fn F) {
  R.File = F(R.File);
  // A compile error names the header it is in by its path.
  R.Error = F(R.Error);
  for (auto &[Path, Hash] : R.Inputs)
    Path = F(Path);
  for (std::string &A : R.Absent)
    A = F(A);
  clang::tidy::conclint::utils::summary::rebaseFiles(
      R.Summary, [&](llvm::StringRef P) { return F(P.str()); });
  for (Finding &Fd : R.Findings) {
    Fd.Loc.File = F(Fd.Loc.File);
    for (Note &N : Fd.Notes)
      N.Loc.File = F(N.Loc.File);
    for (Edit &E : Fd.Fix) {
      E.File = F(E.File);
      E.Begin.File = F(E.Begin.File);
    }
  }
}

std::string ResultCache::key(const clang::tooling::CompileCommand &Cmd,
                             llvm::StringRef Config, llvm::StringRef Identity,
                             llvm::StringRef Root) {
  llvm::SHA256 H;
  auto Field = [&H, Root](llvm::StringRef S) {
    std::string A = abstractRoot(S, Root);
    H.update(std::to_string(A.size()));
    H.update(":");
    H.update(A);
  };
  Field("conclint-cache-v4"); // v4: entries MACed with keyed BLAKE3
  Field(Identity);
  Field(Cmd.Directory);
  Field(Cmd.Filename);
  for (const std::string &A : Cmd.CommandLine)
    Field(A);
  Field(Config);
  // Include paths that come from the environment rather than the command.
  for (const char *Var : {"CPATH", "C_INCLUDE_PATH", "CPLUS_INCLUDE_PATH"}) {
    const char *V = std::getenv(Var);
    Field(V ? V : "");
  }
  return llvm::toHex(H.final(), /*LowerCase=*/true);
}

std::string ResultCache::entryPath(llvm::StringRef Key) const {
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, Key.take_front(2), Key.str() + ".json");
  return std::string(P);
}

std::string ResultCache::currentHash(llvm::StringRef Path) {
  {
    std::lock_guard<std::mutex> G(HashesLock);
    auto It = Hashes.find(Path);
    if (It != Hashes.end())
      return It->second;
  }
  std::string H;
  if (auto Buf = llvm::MemoryBuffer::getFile(Path, /*IsText=*/false,
                                             /*RequiresNullTerminator=*/false))
    H = contentHash((*Buf)->getBuffer());
  std::lock_guard<std::mutex> G(HashesLock);
  Hashes[Path] = H;
  return H;
}

bool ResultCache::stillAbsent(llvm::StringRef Path) {
  {
    std::lock_guard<std::mutex> G(HashesLock);
    auto It = Absences.find(Path);
    if (It != Absences.end())
      return It->second;
  }
  bool Absent = !llvm::sys::fs::exists(Path);
  std::lock_guard<std::mutex> G(HashesLock);
  Absences[Path] = Absent;
  return Absent;
}

void ResultCache::open() {
  if (Dir.empty())
    return;
  namespace fs = llvm::sys::fs;
  // Only its owner may read or plant entries.
  if (fs::create_directories(Dir, /*IgnoreExisting=*/true, fs::owner_all))
    return; // An unwritable cache only costs speed.
  (void)fs::setPermissions(Dir, fs::owner_all);
  llvm::SmallString<256> KeyPath(Dir);
  llvm::sys::path::append(KeyPath, "key");
  for (int Attempt = 0; Attempt < 2 && Secret.empty(); ++Attempt) {
    if (auto Buf = llvm::MemoryBuffer::getFile(KeyPath)) {
      if ((*Buf)->getBufferSize() >= 32)
        Secret = (*Buf)->getBuffer().str();
      return;
    }
    // A new key: written to a temporary file, then linked into place, so
    // that of two runs creating it at once both end up with the winner's.
    unsigned char Bytes[32];
    if (llvm::getRandomBytes(Bytes, sizeof(Bytes)))
      return;
    llvm::SmallString<256> Tmp;
    int FD;
    if (fs::createUniqueFile(KeyPath + ".tmp-%%%%%%%%", FD, Tmp,
                             fs::OF_None, fs::owner_read | fs::owner_write))
      return;
    bool Written = ::write(FD, Bytes, sizeof(Bytes)) == sizeof(Bytes);
    ::close(FD);
    if (Written)
      (void)::link(Tmp.c_str(), KeyPath.c_str()); // EEXIST: someone else won
    fs::remove(Tmp);
  }
}

std::string ResultCache::mac(llvm::StringRef Key,
                             llvm::StringRef Payload) const {
  // Keyed BLAKE3 (the specification's MAC mode) of the key's length, the
  // key and the payload, under the cache's secret. HMAC-SHA256 authenticated
  // 95 MB/s here: 0.2-0.37 s of every warm link went to the 39 MB kept program
  // of the corpus; BLAKE3 takes 0.02 s (docs/summaries.md, Cost).
  std::array<uint8_t, LLVM_BLAKE3_KEY_LEN> K{};
  if (Secret.size() == K.size()) {
    std::copy(Secret.begin(), Secret.end(), K.begin());
  } else {
    llvm::BLAKE3 H;
    H.update(Secret);
    K = H.final<LLVM_BLAKE3_KEY_LEN>();
  }
  llvm_blake3_hasher H;
  llvm_blake3_hasher_init_keyed(&H, K.data());
  std::string Len = std::to_string(Key.size()) + ":";
  llvm_blake3_hasher_update(&H, Len.data(), Len.size());
  llvm_blake3_hasher_update(&H, Key.data(), Key.size());
  llvm_blake3_hasher_update(&H, Payload.data(), Payload.size());
  std::array<uint8_t, LLVM_BLAKE3_OUT_LEN> Out;
  llvm_blake3_hasher_finalize(&H, Out.data(), Out.size());
  return llvm::toHex(Out, /*LowerCase=*/true);
}

std::optional<TUResult> ResultCache::lookup(llvm::StringRef Key) {
  if (!enabled())
    return std::nullopt;
  // Anything unreadable, unauthenticated or inconsistent is a miss, never
  // an error and never trusted.
  auto Buf = llvm::MemoryBuffer::getFile(entryPath(Key));
  if (!Buf)
    return std::nullopt;
  llvm::Expected<llvm::json::Value> Entry =
      llvm::json::parse((*Buf)->getBuffer());
  if (!Entry) {
    llvm::consumeError(Entry.takeError());
    return std::nullopt;
  }
  const llvm::json::Object *O = Entry->getAsObject();
  std::optional<llvm::StringRef> StoredKey = O ? O->getString("key") : std::nullopt;
  std::optional<llvm::StringRef> Payload = O ? O->getString("result") : std::nullopt;
  std::optional<llvm::StringRef> Mac = O ? O->getString("mac") : std::nullopt;
  if (!StoredKey || !Payload || !Mac || *StoredKey != Key ||
      *Mac != mac(Key, *Payload))
    return std::nullopt;
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(*Payload);
  if (!V) {
    llvm::consumeError(V.takeError());
    return std::nullopt;
  }
  TUResult R;
  llvm::json::Path::Root JRoot;
  if (!fromJSON(*V, R, JRoot) || !cacheable(R))
    return std::nullopt;
  mapPaths(R, [this](const std::string &P) { return concreteRoot(P, Root); });
  // Consistent: every finding, note and fix lies in a file the TU read.
  std::set<std::string> Read;
  for (const auto &[Path, Hash] : R.Inputs)
    Read.insert(Path);
  for (const Finding &F : R.Findings) {
    if (!F.Loc.File.empty() && !Read.count(F.Loc.File))
      return std::nullopt;
    for (const Note &N : F.Notes)
      if (!N.Loc.File.empty() && !Read.count(N.Loc.File))
        return std::nullopt;
    for (const Edit &E : F.Fix)
      if (!Read.count(E.File))
        return std::nullopt;
  }
  if (!R.Summary.empty()) {
    auto V = llvm::json::parse(R.Summary);
    if (!V) {
      llvm::consumeError(V.takeError());
      return std::nullopt;
    }
    if (const llvm::json::Object *S = V->getAsObject())
      if (const llvm::json::Array *Files = S->getArray("files"))
        for (const llvm::json::Value &F : *Files)
          if (!F.getAsString() || !Read.count(F.getAsString()->str()))
            return std::nullopt;
  }
  for (const auto &[Path, Hash] : R.Inputs)
    if (currentHash(Path) != Hash)
      return std::nullopt;
  for (const std::string &Path : R.Absent)
    if (!stillAbsent(Path))
      return std::nullopt;
  return R;
}

bool ResultCache::cacheable(const TUResult &R) {
  if (R.Ok)
    return true;
  if (!R.doesNotCompile() || R.Inputs.empty())
    return false;
  // Errors of the file system rather than of the code: a file that could
  // not be read this time may be readable next time with the same content.
  llvm::StringRef Why(R.Error);
  return !Why.contains("cannot open file") && !Why.contains("error reading") &&
         !Why.contains("modified since it was first processed");
}

void ResultCache::store(llvm::StringRef Key, const TUResult &R) {
  if (!enabled() || !cacheable(R))
    return;
  std::string Path = entryPath(Key);
  if (llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path),
                                        /*IgnoreExisting=*/true,
                                        llvm::sys::fs::owner_all))
    return; // An unwritable cache only costs speed.
  TUResult Shared = R;
  mapPaths(Shared,
           [this](const std::string &P) { return abstractRoot(P, Root); });
  std::string Payload;
  llvm::raw_string_ostream POS(Payload);
  POS << toJSON(Shared);
  POS.flush();
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << llvm::json::Value(llvm::json::Object{
      {"key", Key}, {"mac", mac(Key, Payload)}, {"result", Payload}});
  (void)writeFileAtomically(Path, Text);
}

// A blob: "conclint-blob 2\n", the MAC of its name and payload (hex),
// "\n", the payload. 2: the MAC is keyed BLAKE3 (1: HMAC-SHA256).
static const char BlobMagic[] = "conclint-blob 2\n";

std::unique_ptr<llvm::MemoryBuffer>
ResultCache::loadBlob(llvm::StringRef Name, llvm::StringRef &Payload,
                      std::string &Why) {
  if (!enabled()) {
    Why = "no cache";
    return nullptr;
  }
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, Name);
  auto Buf = llvm::MemoryBuffer::getFile(P, /*IsText=*/false,
                                         /*RequiresNullTerminator=*/false);
  if (!Buf) {
    Why = "none";
    return nullptr;
  }
  llvm::StringRef Text = (*Buf)->getBuffer();
  const size_t MacSize = 64;
  if (!Text.consume_front(BlobMagic) || Text.size() < MacSize + 1 ||
      Text[MacSize] != '\n' ||
      Text.take_front(MacSize) != mac("blob:" + Name.str(), Text.drop_front(MacSize + 1))) {
    Why = "not authentic or damaged";
    return nullptr;
  }
  Payload = Text.drop_front(MacSize + 1);
  return std::move(*Buf);
}

void ResultCache::storeBlob(llvm::StringRef Name, llvm::StringRef Payload) {
  if (!enabled())
    return;
  llvm::SmallString<256> P(Dir);
  llvm::sys::path::append(P, Name);
  std::string Text = BlobMagic;
  Text += mac("blob:" + Name.str(), Payload);
  Text += "\n";
  Text += Payload;
  (void)writeFileAtomically(P, Text, llvm::sys::fs::owner_read |
                                         llvm::sys::fs::owner_write);
}

std::string buildIdentity(const char *Argv0, void *MainAddr) {
  std::string Id = std::string(CONCLINT_VERSION) + "/llvm-" LLVM_VERSION_STRING;
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, MainAddr);
  llvm::sys::fs::file_status St;
  if (!Exe.empty() && !llvm::sys::fs::status(Exe, St))
    Id += "/" + std::to_string(St.getSize()) + "/" +
          std::to_string(St.getLastModificationTime().time_since_epoch().count());
  return Id;
}

} // namespace conclint
