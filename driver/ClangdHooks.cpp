//===-- ClangdHooks.cpp - where conclint-clangd differs from clangd -------===//
//
// clangd offers no API to add checks' metadata, so conclint-clangd changes
// five of clangd's own functions at link time: the link line passes
// `-Wl,--wrap=<symbol>` for each (driver/CMakeLists.txt), which sends every
// call from another object file of clangd to `__wrap_<symbol>` below, and
// lets us reach the original as `__real_<symbol>`.
//
//  - isFastTidyCheck: clangd runs a clang-tidy check only if a table compiled
//    into it says the check is fast (its default, `FastCheckFilter: Strict`).
//    The table is made by clangd's own timer (`--check-tidy-time`): a check
//    is fast when it adds at most 8% to the time of building the AST. We made
//    the same measurement for each conclint check (docs/editors.md records
//    it), so conclint-clangd answers "fast" for `conclint-*` and asks the
//    original table about everything else.
//  - provideDefaultChecks: turns `conclint-*` on without any configuration.
//    It goes first in the check list, so a user's `-*`, `-conclint-*` or
//    `Remove: conclint-*` still turns them off.
//  - versionString: `--version` and the LSP `serverInfo` say this is
//    conclint's build of clangd.
//  - toJSON(PublishDiagnosticsParams / CodeAction): clangd links every
//    clang-tidy diagnostic to a page on clang.llvm.org, which does not exist
//    for our checks. We point `codeDescription.href` at our own doc page
//    (installed under share/doc/conclint/checks/) or drop the link when no
//    page can be found. A quick fix of ours with several edits, which clangd
//    titles with the diagnostic's message, gets a title saying what it
//    changes.
//
// If a new LLVM renames any of these functions, `__real_<symbol>` stays
// undefined and the link fails; test/clangd/*-lsp.test check the behaviour.
//
//===----------------------------------------------------------------------===//

#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/ADT/FunctionExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include <optional>
#include <string>
#include <vector>

#ifndef CONCLINT_VERSION
#error "CONCLINT_VERSION must be defined by the build"
#endif
#ifndef CONCLINT_DOCDIR_FROM_BINDIR
#error "CONCLINT_DOCDIR_FROM_BINDIR must be defined by the build"
#endif
#ifndef CONCLINT_SOURCE_DOCDIR
#error "CONCLINT_SOURCE_DOCDIR must be defined by the build"
#endif

namespace clang::clangd {
// clangd's own declarations (TidyProvider.h, Feature.h, Protocol.h); Debian
// ships no clangd headers.
using TidyProvider =
    llvm::unique_function<void(tidy::ClangTidyOptions &, llvm::StringRef) const>;
struct PublishDiagnosticsParams;
struct CodeAction;
} // namespace clang::clangd

// The wrapped symbols, by their mangled names.
#define CONCLINT_FAST "_ZN5clang6clangd15isFastTidyCheckEN4llvm9StringRefE"
#define CONCLINT_DEFAULTS "_ZN5clang6clangd20provideDefaultChecksEv"
#define CONCLINT_VERSION_STRING "_ZN5clang6clangd13versionStringB5cxx11Ev"
#define CONCLINT_PUBLISH                                                       \
  "_ZN5clang6clangd6toJSONERKNS0_24PublishDiagnosticsParamsE"
#define CONCLINT_CODE_ACTION "_ZN5clang6clangd6toJSONERKNS0_10CodeActionE"

std::optional<bool> realIsFastTidyCheck(llvm::StringRef Check) __asm__(
    "__real_" CONCLINT_FAST);
std::optional<bool> wrapIsFastTidyCheck(llvm::StringRef Check) __asm__(
    "__wrap_" CONCLINT_FAST);
clang::clangd::TidyProvider realProvideDefaultChecks() __asm__(
    "__real_" CONCLINT_DEFAULTS);
clang::clangd::TidyProvider wrapProvideDefaultChecks() __asm__(
    "__wrap_" CONCLINT_DEFAULTS);
std::string realVersionString() __asm__("__real_" CONCLINT_VERSION_STRING);
std::string wrapVersionString() __asm__("__wrap_" CONCLINT_VERSION_STRING);
llvm::json::Value
realPublishToJSON(const clang::clangd::PublishDiagnosticsParams &) __asm__(
    "__real_" CONCLINT_PUBLISH);
llvm::json::Value
wrapPublishToJSON(const clang::clangd::PublishDiagnosticsParams &) __asm__(
    "__wrap_" CONCLINT_PUBLISH);
llvm::json::Value
realCodeActionToJSON(const clang::clangd::CodeAction &) __asm__(
    "__real_" CONCLINT_CODE_ACTION);
llvm::json::Value
wrapCodeActionToJSON(const clang::clangd::CodeAction &) __asm__(
    "__wrap_" CONCLINT_CODE_ACTION);

namespace {

constexpr llvm::StringLiteral Prefix = "conclint-";

/// The directory holding our check pages (<name>.md), or "" if none exists:
/// next to an installed binary first, then the source tree of this build.
const std::string &checkDocDir() {
  static const std::string Dir = [] {
    std::string Exe = llvm::sys::fs::getMainExecutable(
        nullptr, reinterpret_cast<void *>(&checkDocDir));
    llvm::SmallString<256> Installed(llvm::sys::path::parent_path(Exe));
    llvm::sys::path::append(Installed, CONCLINT_DOCDIR_FROM_BINDIR, "checks");
    llvm::sys::path::remove_dots(Installed, /*remove_dot_dot=*/true);
    for (llvm::StringRef Cand :
         {llvm::StringRef(Installed), llvm::StringRef(CONCLINT_SOURCE_DOCDIR
                                                      "/checks")})
      if (llvm::sys::fs::is_directory(Cand))
        return Cand.str();
    return std::string();
  }();
  return Dir;
}

/// Points a diagnostic's codeDescription at our page for a conclint check,
/// or removes the link if there is no page. Other diagnostics are untouched.
void relinkDiagnostic(llvm::json::Value &V) {
  llvm::json::Object *D = V.getAsObject();
  if (!D)
    return;
  std::optional<llvm::StringRef> Code = D->getString("code");
  if (!Code || !Code->starts_with(Prefix))
    return;
  llvm::SmallString<256> Page(checkDocDir());
  if (!Page.empty()) {
    llvm::sys::path::append(Page, Code->drop_front(Prefix.size()) + ".md");
    if (llvm::sys::fs::exists(Page)) {
      (*D)["codeDescription"] =
          llvm::json::Object{{"href", ("file://" + Page).str()}};
      return;
    }
  }
  D->erase("codeDescription");
}

void relinkDiagnostics(llvm::json::Value &V) {
  if (llvm::json::Object *O = V.getAsObject())
    if (llvm::json::Array *Diags = O->getArray("diagnostics"))
      for (llvm::json::Value &D : *Diags)
        relinkDiagnostic(D);
}

/// The text edits of a code action, from `changes` or `documentChanges`.
std::vector<const llvm::json::Object *> editsOf(const llvm::json::Object &A) {
  std::vector<const llvm::json::Object *> Edits;
  const llvm::json::Object *E = A.getObject("edit");
  if (!E)
    return Edits;
  if (const llvm::json::Object *Changes = E->getObject("changes"))
    for (const auto &File : *Changes)
      if (const llvm::json::Array *List = File.second.getAsArray())
        for (const llvm::json::Value &Edit : *List)
          if (const llvm::json::Object *O = Edit.getAsObject())
            Edits.push_back(O);
  if (const llvm::json::Array *Docs = E->getArray("documentChanges"))
    for (const llvm::json::Value &Doc : *Docs)
      if (const llvm::json::Object *D = Doc.getAsObject())
        if (const llvm::json::Array *List = D->getArray("edits"))
          for (const llvm::json::Value &Edit : *List)
            if (const llvm::json::Object *O = Edit.getAsObject())
              Edits.push_back(O);
  return Edits;
}

/// One edit in words: "add #include <atomic>", "insert 'x'", "remove text",
/// "change to 'std::atomic<int>'". Empty if the edit is malformed.
std::string describeEdit(const llvm::json::Object &Edit) {
  std::optional<llvm::StringRef> Text = Edit.getString("newText");
  const llvm::json::Object *Range = Edit.getObject("range");
  if (!Text || !Range)
    return "";
  const llvm::json::Object *Start = Range->getObject("start");
  const llvm::json::Object *End = Range->getObject("end");
  bool Empty = Start && End && *Start == *End;
  llvm::StringRef T = Text->trim();
  if (Empty && T.starts_with("#include"))
    return ("add " + T).str();
  if (T.empty())
    return Empty ? "" : "remove text";
  return ((Empty ? "insert '" : "change to '") + T + "'").str();
}

/// clangd titles a quick fix "change 'a' to 'b'" only when it has one edit;
/// with more, the title is the diagnostic's message, which says nothing of
/// the change. For our checks, such a title is replaced by the edits in
/// words ("change to 'std::atomic<int>', add #include <atomic>").
void retitleFix(llvm::json::Value &V) {
  llvm::json::Object *A = V.getAsObject();
  if (!A)
    return;
  std::optional<llvm::StringRef> Title = A->getString("title");
  const llvm::json::Array *Diags = A->getArray("diagnostics");
  if (!Title || Title->empty() || !Diags || Diags->size() != 1)
    return;
  const llvm::json::Object *D = Diags->front().getAsObject();
  std::optional<llvm::StringRef> Code = D ? D->getString("code") : std::nullopt;
  std::optional<llvm::StringRef> Message =
      D ? D->getString("message") : std::nullopt;
  if (!Code || !Code->starts_with(Prefix) || !Message || Message->empty())
    return;
  // clangd capitalises the published message; the title keeps the original.
  if (Message->size() < Title->size() ||
      !Message->take_front(1).equals_insensitive(Title->take_front(1)) ||
      !Message->substr(1).starts_with(Title->substr(1)))
    return;
  std::string Words;
  for (const llvm::json::Object *Edit : editsOf(*A)) {
    std::string One = describeEdit(*Edit);
    if (One.empty())
      return; // Say nothing rather than half of it.
    Words += (Words.empty() ? "" : ", ") + One;
  }
  if (!Words.empty())
    (*A)["title"] = std::move(Words);
}

} // namespace

std::optional<bool> wrapIsFastTidyCheck(llvm::StringRef Check) {
  if (Check.starts_with(Prefix))
    return true; // Measured with clangd's own timer: docs/editors.md.
  return realIsFastTidyCheck(Check);
}

clang::clangd::TidyProvider wrapProvideDefaultChecks() {
  return [Upstream = realProvideDefaultChecks()](
             clang::tidy::ClangTidyOptions &Opts, llvm::StringRef File) {
    Upstream(Opts, File);
    std::string Checks = "conclint-*";
    if (Opts.Checks && !Opts.Checks->empty())
      Checks += "," + *Opts.Checks;
    Opts.Checks = std::move(Checks);
  };
}

std::string wrapVersionString() {
  return "conclint-clangd " CONCLINT_VERSION " (conclint's build of " +
         realVersionString() + ")";
}

llvm::json::Value
wrapPublishToJSON(const clang::clangd::PublishDiagnosticsParams &P) {
  llvm::json::Value V = realPublishToJSON(P);
  relinkDiagnostics(V);
  return V;
}

llvm::json::Value wrapCodeActionToJSON(const clang::clangd::CodeAction &A) {
  llvm::json::Value V = realCodeActionToJSON(A);
  relinkDiagnostics(V);
  retitleFix(V);
  return V;
}
