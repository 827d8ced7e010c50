//===-- Model.cpp - JSON mapping of the driver's data ---------------------===//

#include "Model.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

namespace conclint {

using llvm::json::Object;
using llvm::json::ObjectMapper;

llvm::json::Value toJSON(const Location &L) {
  return Object{{"file", L.File},     {"offset", L.Offset},
                {"line", L.Line},     {"column", L.Column},
                {"lineText", L.LineText}};
}

llvm::json::Value toJSON(const Edit &E) {
  return Object{{"file", E.File},
                {"offset", E.Offset},
                {"length", E.Length},
                {"text", E.Text},
                {"begin", toJSON(E.Begin)}};
}

llvm::json::Value toJSON(const Note &N) {
  return Object{{"message", N.Message}, {"location", toJSON(N.Loc)}};
}

llvm::json::Value toJSON(const Finding &F) {
  llvm::json::Array Notes, Fix;
  for (const Note &N : F.Notes)
    Notes.push_back(toJSON(N));
  for (const Edit &E : F.Fix)
    Fix.push_back(toJSON(E));
  Object O{{"check", F.Check},
           {"level", F.Level},
           {"message", F.Message},
           {"location", toJSON(F.Loc)},
           {"notes", std::move(Notes)},
           {"fix", std::move(Fix)}};
  if (!F.Fingerprint.empty())
    O["fingerprint"] = F.Fingerprint;
  return O;
}

llvm::json::Value toJSON(const TUResult &R) {
  llvm::json::Array Findings, Inputs;
  for (const Finding &F : R.Findings)
    Findings.push_back(toJSON(F));
  for (const auto &[Path, Hash] : R.Inputs)
    Inputs.push_back(llvm::json::Array{Path, Hash});
  Object O{{"file", R.File},
            {"ok", R.Ok},
            {"error", R.Error},
            {"findings", std::move(Findings)},
            {"inputs", std::move(Inputs)},
            {"absent", R.Absent}};
  if (!R.Summary.empty()) {
    if (auto S = llvm::json::parse(R.Summary))
      O["summary"] = std::move(*S);
    else
      llvm::consumeError(S.takeError());
  }
  return O;
}

bool fromJSON(const llvm::json::Value &V, Location &L, llvm::json::Path P) {
  ObjectMapper O(V, P);
  return O && O.map("file", L.File) && O.map("offset", L.Offset) &&
         O.map("line", L.Line) && O.map("column", L.Column) &&
         O.map("lineText", L.LineText);
}

bool fromJSON(const llvm::json::Value &V, Edit &E, llvm::json::Path P) {
  ObjectMapper O(V, P);
  return O && O.map("file", E.File) && O.map("offset", E.Offset) &&
         O.map("length", E.Length) && O.map("text", E.Text) &&
         O.map("begin", E.Begin);
}

bool fromJSON(const llvm::json::Value &V, Note &N, llvm::json::Path P) {
  ObjectMapper O(V, P);
  return O && O.map("message", N.Message) && O.map("location", N.Loc);
}

bool fromJSON(const llvm::json::Value &V, Finding &F, llvm::json::Path P) {
  ObjectMapper O(V, P);
  return O && O.map("check", F.Check) && O.map("level", F.Level) &&
         O.map("message", F.Message) && O.map("location", F.Loc) &&
         O.map("notes", F.Notes) && O.map("fix", F.Fix) &&
         O.mapOptional("fingerprint", F.Fingerprint);
}

bool fromJSON(const llvm::json::Value &V, TUResult &R, llvm::json::Path P) {
  ObjectMapper O(V, P);
  if (!(O && O.map("file", R.File) && O.map("ok", R.Ok) &&
        O.map("error", R.Error) && O.map("findings", R.Findings)))
    return false;
  const llvm::json::Array *Inputs = V.getAsObject()->getArray("inputs");
  if (!Inputs)
    return false;
  for (const llvm::json::Value &I : *Inputs) {
    const llvm::json::Array *Pair = I.getAsArray();
    if (!Pair || Pair->size() != 2 || !(*Pair)[0].getAsString() ||
        !(*Pair)[1].getAsString())
      return false;
    R.Inputs.emplace_back((*Pair)[0].getAsString()->str(),
                          (*Pair)[1].getAsString()->str());
  }
  if (const llvm::json::Value *S = V.getAsObject()->get("summary")) {
    if (S->kind() != llvm::json::Value::Null) {
      llvm::raw_string_ostream OS(R.Summary);
      OS << *S;
    }
  }
  return O.map("absent", R.Absent);
}

static void normalise(std::string &Path) {
  if (Path.empty() || !llvm::sys::path::is_absolute(Path))
    return;
  llvm::SmallString<256> P(Path);
  llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  Path = std::string(P);
}

void normalisePaths(TUResult &R) {
  for (Finding &F : R.Findings) {
    normalise(F.Loc.File);
    for (Note &N : F.Notes)
      normalise(N.Loc.File);
    for (Edit &E : F.Fix) {
      normalise(E.File);
      normalise(E.Begin.File);
    }
  }
}

std::string contentHash(llvm::StringRef Content) {
  llvm::XXH128_hash_t H = llvm::xxh3_128bits(llvm::arrayRefFromStringRef(Content));
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::format_hex_no_prefix(H.high64, 16)
     << llvm::format_hex_no_prefix(H.low64, 16);
  return Out;
}

std::string writeFileAtomically(llvm::StringRef Path, llvm::StringRef Content,
                                std::optional<llvm::sys::fs::perms> Perms) {
  namespace fs = llvm::sys::fs;
  // The temporary is made here, not with fs::TempFile: that replaces every
  // '%' of its model, the directory's included, so a report under a
  // directory named "100%" could not be written. Only the name's random
  // suffix is random here. It is removed on a fatal signal, as TempFile's is.
  std::string Tmp;
  int FD = -1;
  std::error_code EC;
  for (unsigned Try = 0; Try < 128; ++Try) {
    Tmp = (Path + ".tmp-" +
           llvm::utohexstr(llvm::sys::Process::GetRandomNumber(),
                           /*LowerCase=*/true))
              .str();
    EC = fs::openFileForWrite(Tmp, FD, fs::CD_CreateNew, fs::OF_None);
    if (EC != std::errc::file_exists)
      break;
  }
  if (EC)
    return "cannot create a temporary file next to '" + Path.str() +
           "': " + EC.message();
  llvm::sys::RemoveFileOnSignal(Tmp);
  auto Discard = [&] {
    (void)fs::remove(Tmp);
    llvm::sys::DontRemoveFileOnSignal(Tmp);
  };
  {
    llvm::raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << Content;
    if (Perms)
      (void)fs::setPermissions(FD, *Perms);
    OS.close();
    if (OS.has_error()) {
      std::string Msg = "cannot write '" + Path.str() + "': " +
                        OS.error().message();
      OS.clear_error();
      Discard();
      return Msg;
    }
  }
  if (std::error_code RC = fs::rename(Tmp, Path)) {
    Discard();
    return "cannot write '" + Path.str() + "': " + RC.message();
  }
  llvm::sys::DontRemoveFileOnSignal(Tmp);
  return "";
}

std::string resolveOutputPath(llvm::StringRef Path, std::string &Error) {
  namespace fs = llvm::sys::fs;
  fs::file_status Link;
  if (fs::status(Path, Link, /*follow=*/false))
    return Path.str(); // does not exist yet: a new regular file
  std::string Target = Path.str();
  if (Link.type() == fs::file_type::symlink_file) {
    llvm::SmallString<256> Real;
    if (fs::real_path(Path, Real)) {
      // Dangling: write where it points (a new file), if that can be told.
      Error = "'" + Path.str() +
              "' is a symbolic link to a missing file; not replacing it";
      return "";
    }
    Target = std::string(Real);
  }
  fs::file_status St;
  if (fs::status(Target, St))
    return Target;
  switch (St.type()) {
  case fs::file_type::regular_file:
  case fs::file_type::character_file:
    return Target;
  case fs::file_type::directory_file:
    Error = "'" + Path.str() + "' is a directory";
    return "";
  default:
    Error = "'" + Path.str() +
            "' is not a regular file (a FIFO, socket or block device); not "
            "writing a report to it";
    return "";
  }
}

std::string writeOutputFile(llvm::StringRef Path, llvm::StringRef Content) {
  std::string Error;
  std::string Target = resolveOutputPath(Path, Error);
  if (Target.empty())
    return Error;
  llvm::sys::fs::file_status St;
  if (!llvm::sys::fs::status(Target, St) &&
      St.type() == llvm::sys::fs::file_type::character_file) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Target, EC, llvm::sys::fs::CD_OpenExisting,
                            llvm::sys::fs::FA_Write, llvm::sys::fs::OF_None);
    if (EC)
      return "cannot write '" + Path.str() + "': " + EC.message();
    OS << Content;
    OS.close();
    if (OS.has_error()) {
      std::string Msg = "cannot write '" + Path.str() + "': " + OS.error().message();
      OS.clear_error();
      return Msg;
    }
    return "";
  }
  if (!llvm::sys::fs::status(Target, St))
    return replaceFileContent(Target, Content);
  return writeFileAtomically(Target, Content);
}

std::string replaceFileContent(llvm::StringRef Path, llvm::StringRef Content) {
  llvm::ErrorOr<llvm::sys::fs::perms> Perms = llvm::sys::fs::getPermissions(Path);
  return writeFileAtomically(Path, Content,
                             Perms ? std::optional<llvm::sys::fs::perms>(*Perms)
                                   : std::nullopt);
}

} // namespace conclint
