//===-- Cache.cpp - results of unchanged translation units ----------------===//

#include "Cache.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

#ifndef CONCLINT_VERSION
#error "CONCLINT_VERSION must be defined by the build"
#endif

namespace conclint {

std::string ResultCache::key(const clang::tooling::CompileCommand &Cmd,
                             llvm::StringRef Config,
                             llvm::StringRef Identity) {
  llvm::SHA256 H;
  auto Field = [&H](llvm::StringRef S) {
    H.update(std::to_string(S.size()));
    H.update(":");
    H.update(S);
  };
  Field("conclint-cache-v2");
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

std::optional<TUResult> ResultCache::lookup(llvm::StringRef Key) {
  if (!enabled())
    return std::nullopt;
  auto Buf = llvm::MemoryBuffer::getFile(entryPath(Key));
  if (!Buf)
    return std::nullopt;
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Buf)->getBuffer());
  if (!V) {
    llvm::consumeError(V.takeError());
    return std::nullopt; // A damaged entry is a miss, never an error.
  }
  TUResult R;
  llvm::json::Path::Root Root;
  if (!fromJSON(*V, R, Root) || !R.Ok)
    return std::nullopt;
  for (const auto &[Path, Hash] : R.Inputs)
    if (currentHash(Path) != Hash)
      return std::nullopt;
  for (const std::string &Path : R.Absent)
    if (!stillAbsent(Path))
      return std::nullopt;
  return R;
}

void ResultCache::store(llvm::StringRef Key, const TUResult &R) {
  if (!enabled() || !R.Ok)
    return;
  std::string Path = entryPath(Key);
  if (llvm::sys::fs::create_directories(llvm::sys::path::parent_path(Path)))
    return; // An unwritable cache only costs speed.
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << toJSON(R);
  (void)writeFileAtomically(Path, Text);
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
