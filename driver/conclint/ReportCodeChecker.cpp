//===-- ReportCodeChecker.cpp - a plist CodeChecker reads -----------------===//
//
// CodeChecker's report directory holds plist files in the format of clang's
// static analyzer: `files` (paths; relative ones are taken relative to the
// plist's directory, so conclint writes absolute ones, as clang does) and
// `diagnostics`, each with `location` {line, col, file: index into files},
// `check_name`, `description`, `category`, `type`,
// `issue_hash_content_of_line_in_context` (the report's identity), and
// `path`: the bug path, events {kind: "event", location, message, depth},
// the warning itself last. `metadata.analyzer.name` names the analyzer
// (clang-tidy: conclint is a clang-tidy module). Where the facts come from:
// test/driver/Inputs/SCHEMA-ORIGIN.md.
//
//===----------------------------------------------------------------------===//

#include "ReportFormats.h"

#include "llvm/Support/raw_ostream.h"

#include <map>

#ifndef CONCLINT_VERSION
#error "CONCLINT_VERSION must be defined by the build"
#endif

namespace conclint {

static std::string xmlEscape(llvm::StringRef S) {
  std::string Out;
  for (unsigned char C : S) {
    switch (C) {
    case '&':
      Out += "&amp;";
      break;
    case '<':
      Out += "&lt;";
      break;
    case '>':
      Out += "&gt;";
      break;
    default:
      // XML 1.0 has no other control characters than these three.
      if (C < 0x20 && C != '\t' && C != '\n' && C != '\r')
        Out += ' ';
      else
        Out += static_cast<char>(C);
    }
  }
  return Out;
}

namespace {
class PlistWriter {
public:
  explicit PlistWriter(llvm::raw_ostream &OS) : OS(OS) {}
  void key(llvm::StringRef K) { indent() << "<key>" << xmlEscape(K) << "</key>\n"; }
  void string(llvm::StringRef V) {
    indent() << "<string>" << xmlEscape(V) << "</string>\n";
  }
  void integer(int64_t V) { indent() << "<integer>" << V << "</integer>\n"; }
  void open(llvm::StringRef Tag) {
    indent() << "<" << Tag << ">\n";
    ++Depth;
  }
  void close(llvm::StringRef Tag) {
    --Depth;
    indent() << "</" << Tag << ">\n";
  }

private:
  llvm::raw_ostream &indent() {
    for (unsigned I = 0; I < Depth; ++I)
      OS << ' ';
    return OS;
  }
  llvm::raw_ostream &OS;
  unsigned Depth = 0;
};
} // namespace

std::string renderCodeChecker(const RunReport &R, const ReportContext &Ctx) {
  (void)Ctx;
  // Files by index, in order of first use.
  std::map<std::string, unsigned> FileIndex;
  std::vector<std::string> Files;
  auto Index = [&](const std::string &F) {
    auto [It, New] = FileIndex.insert({F, Files.size()});
    if (New)
      Files.push_back(F);
    return It->second;
  };
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  PlistWriter W(OS);
  auto Loc = [&](const Location &L) {
    W.open("dict");
    W.key("line");
    W.integer(L.Line);
    W.key("col");
    W.integer(L.Column);
    W.key("file");
    W.integer(Index(L.File));
    W.close("dict");
  };
  auto Event = [&](const Location &L, llvm::StringRef Message) {
    W.open("dict");
    W.key("kind");
    W.string("event");
    W.key("location");
    Loc(L);
    W.key("depth");
    W.integer(0);
    W.key("message");
    W.string(Message);
    W.close("dict");
  };
  OS << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
        "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
        "<plist version=\"1.0\">\n";
  W.open("dict");
  W.key("diagnostics");
  W.open("array");
  for (const Finding &F : R.Findings) {
    if (F.Loc.File.empty())
      continue;
    W.open("dict");
    W.key("location");
    Loc(F.Loc);
    W.key("check_name");
    W.string(F.Check);
    W.key("description");
    W.string(F.Message);
    W.key("category");
    W.string(F.Level == "error" ? "error" : "warning");
    W.key("type");
    W.string("clang-tidy");
    W.key("issue_hash_content_of_line_in_context");
    W.string(F.Fingerprint);
    W.key("path");
    W.open("array");
    for (const Note &N : F.Notes)
      if (!N.Loc.File.empty())
        Event(N.Loc, N.Message);
    Event(F.Loc, F.Message);
    W.close("array");
    W.close("dict");
  }
  W.close("array");
  W.key("files");
  W.open("array");
  for (const std::string &F : Files)
    W.string(F);
  W.close("array");
  W.key("metadata");
  W.open("dict");
  W.key("analyzer");
  W.open("dict");
  W.key("name");
  W.string("clang-tidy");
  W.close("dict");
  W.key("generated_by");
  W.open("dict");
  W.key("name");
  W.string("conclint");
  W.key("version");
  W.string(CONCLINT_VERSION);
  W.close("dict");
  W.close("dict");
  W.close("dict");
  OS << "</plist>\n";
  return Out;
}

} // namespace conclint
