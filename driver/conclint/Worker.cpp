//===-- Worker.cpp - analyse one translation unit -------------------------===//
//
// Runs the clang-tidy library on one TU exactly as clang-tidy's own
// runClangTidy does (same AST consumer factory, same diagnostic consumer, so
// .clang-tidy, NOLINT, check options and fix-its behave identically), and
// in addition records every file the TU read, for the result cache.
//
//===----------------------------------------------------------------------===//

#include "Worker.h"
#include "Model.h"
#include "TidyCompat.h"
#include "utils/Summary.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "clang/Tooling/ArgumentsAdjusters.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <set>

namespace conclint {

using namespace clang;
using namespace clang::tidy;

llvm::json::Value toJSON(const WorkRequest &R) {
  return llvm::json::Object{{"config", toJSON(R.Config)},
                            {"file", R.File},
                            {"directory", R.Directory},
                            {"arguments", R.Arguments},
                            {"resourceDir", R.ResourceDir},
                            {"output", R.Output}};
}

bool fromJSON(const llvm::json::Value &V, WorkRequest &R, llvm::json::Path P) {
  llvm::json::ObjectMapper O(V, P);
  return O && O.map("config", R.Config) && O.map("file", R.File) &&
         O.map("directory", R.Directory) && O.map("arguments", R.Arguments) &&
         O.map("resourceDir", R.ResourceDir) && O.map("output", R.Output);
}

namespace {

/// A compilation database of exactly one command.
class OneCommand : public tooling::CompilationDatabase {
public:
  explicit OneCommand(tooling::CompileCommand C) : Cmd(std::move(C)) {}
  std::vector<tooling::CompileCommand>
  getCompileCommands(llvm::StringRef) const override {
    return {Cmd};
  }
  std::vector<std::string> getAllFiles() const override {
    return {Cmd.Filename};
  }
  std::vector<tooling::CompileCommand> getAllCompileCommands() const override {
    return {Cmd};
  }

private:
  tooling::CompileCommand Cmd;
};

using InputList = std::vector<std::pair<std::string, std::string>>;

/// The real file system, recording every absolute path that was looked up
/// and found missing. Together with the files read (TidyAction), this is
/// what decides the preprocessed TU: if every file read is unchanged and
/// every path that was missing is still missing, the compiler sees the same
/// TU again.
class AbsenceRecordingFS : public llvm::vfs::ProxyFileSystem {
public:
  AbsenceRecordingFS(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS,
                     std::set<std::string> &Absent)
      : ProxyFileSystem(std::move(FS)), Absent(Absent) {}

  llvm::ErrorOr<llvm::vfs::Status> status(const llvm::Twine &Path) override {
    auto S = ProxyFileSystem::status(Path);
    if (!S)
      note(Path, S.getError());
    return S;
  }
  bool exists(const llvm::Twine &Path) override {
    bool E = ProxyFileSystem::exists(Path);
    if (!E)
      note(Path, std::make_error_code(std::errc::no_such_file_or_directory));
    return E;
  }
  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    auto F = ProxyFileSystem::openFileForRead(Path);
    if (!F)
      note(Path, F.getError());
    return F;
  }

private:
  void note(const llvm::Twine &Path, std::error_code EC) {
    if (EC != std::errc::no_such_file_or_directory)
      return;
    llvm::SmallString<256> P;
    Path.toVector(P);
    if (makeAbsolute(P))
      return;
    llvm::sys::path::remove_dots(P, /*remove_dot_dot=*/false);
    Absent.insert(std::string(P));
  }
  std::set<std::string> &Absent;
};

/// clang-tidy's frontend action, plus a record of the files the TU read.
class TidyAction : public ASTFrontendAction {
public:
  TidyAction(ClangTidyASTConsumerFactory &Factory, InputList &Inputs)
      : Factory(Factory), Inputs(Inputs) {}

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 llvm::StringRef File) override {
    return Factory.createASTConsumer(CI, File);
  }

  void EndSourceFileAction() override {
    SourceManager &SM = getCompilerInstance().getSourceManager();
    for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
      FileEntryRef FE = It->first;
      std::optional<llvm::MemoryBufferRef> Buf =
          It->second->getBufferOrNone(SM.getDiagnostics(), SM.getFileManager());
      if (!Buf)
        continue;
      llvm::SmallString<256> Path(FE.getFileEntry().tryGetRealPathName());
      if (Path.empty()) {
        Path = FE.getName();
        SM.getFileManager().makeAbsolutePath(Path);
      }
      Inputs.emplace_back(std::string(Path), contentHash(Buf->getBuffer()));
    }
  }

private:
  ClangTidyASTConsumerFactory &Factory;
  InputList &Inputs;
};

class TidyActionFactory : public tooling::FrontendActionFactory {
public:
  TidyActionFactory(ClangTidyContext &Context, InputList &Inputs)
      : ConsumerFactory(Context), Inputs(Inputs) {}

  std::unique_ptr<FrontendAction> create() override {
    return std::make_unique<TidyAction>(ConsumerFactory, Inputs);
  }

  bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                     FileManager *Files,
                     std::shared_ptr<PCHContainerOperations> PCHContainerOps,
                     DiagnosticConsumer *DiagConsumer) override {
    // As clang-tidy: code sees __clang_analyzer__.
    Invocation->getPreprocessorOpts().SetUpStaticAnalyzer = true;
    return FrontendActionFactory::runInvocation(Invocation, Files,
                                                PCHContainerOps, DiagConsumer);
  }

private:
  ClangTidyASTConsumerFactory ConsumerFactory;
  InputList &Inputs;
};

/// Turns offsets into line, column and line text, reading each file once.
class LineTable {
public:
  Location locate(llvm::StringRef File, unsigned Offset) {
    Location L;
    L.File = File.str();
    L.Offset = Offset;
    const llvm::MemoryBuffer *Buf = get(File);
    if (!Buf)
      return L;
    llvm::StringRef Text = Buf->getBuffer();
    Offset = std::min<unsigned>(Offset, Text.size());
    size_t LineStart = Text.rfind('\n', Offset == 0 ? 0 : Offset - 1);
    LineStart = (LineStart == llvm::StringRef::npos || Offset == 0)
                    ? 0
                    : LineStart + 1;
    if (Offset > 0 && Text[Offset - 1] == '\n')
      LineStart = Offset;
    size_t LineEnd = Text.find('\n', LineStart);
    if (LineEnd == llvm::StringRef::npos)
      LineEnd = Text.size();
    L.Line = 1 + Text.take_front(LineStart).count('\n');
    L.Column = 1 + Offset - LineStart;
    L.LineText = Text.slice(LineStart, LineEnd).rtrim("\r").str();
    return L;
  }

private:
  const llvm::MemoryBuffer *get(llvm::StringRef File) {
    auto It = Files.find(File);
    if (It != Files.end())
      return It->second.get();
    auto Buf = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
    auto &Slot = Files[File];
    if (Buf)
      Slot = std::move(*Buf);
    return Slot.get();
  }
  llvm::StringMap<std::unique_ptr<llvm::MemoryBuffer>> Files;
};

std::string absolutePath(llvm::StringRef Path, llvm::StringRef BuildDir) {
  if (Path.empty())
    return "";
  // One spelling per file: a header reached through "-I../x" and "-Ix" is
  // the same header (fingerprints and deduplication compare paths).
  llvm::SmallString<256> Abs;
  if (!llvm::sys::path::is_absolute(Path))
    Abs = BuildDir;
  llvm::sys::path::append(Abs, Path);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return std::string(Abs);
}

} // namespace

static int writeResult(const WorkRequest &Req, const TUResult &R) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  OS << toJSON(R);
  std::string Err = writeFileAtomically(Req.Output, Text);
  if (!Err.empty()) {
    llvm::errs() << "conclint worker: " << Err << "\n";
    return 2;
  }
  return 0;
}

int runWorker(llvm::StringRef RequestPath) {
  auto Buf = llvm::MemoryBuffer::getFile(RequestPath);
  if (!Buf) {
    llvm::errs() << "conclint worker: cannot read '" << RequestPath << "'\n";
    return 2;
  }
  WorkRequest Req;
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Buf)->getBuffer());
  llvm::json::Path::Root Root;
  if (!V || !fromJSON(*V, Req, Root)) {
    if (!V)
      llvm::consumeError(V.takeError());
    llvm::errs() << "conclint worker: malformed request '" << RequestPath
                 << "'\n";
    return 2;
  }

  TUResult Result;
  Result.File = Req.File;

  std::string Error;
  std::unique_ptr<ClangTidyOptionsProvider> Provider =
      makeOptionsProvider(Req.Config, Error);
  if (!Provider) {
    Result.Error = Error;
    return writeResult(Req, Result);
  }

  std::vector<std::string> Args = Req.Arguments;
  bool HasResourceDir = llvm::any_of(Args, [](llvm::StringRef A) {
    return A.starts_with("-resource-dir");
  });
  if (!HasResourceDir && !Req.ResourceDir.empty() && !Args.empty())
    Args.insert(Args.begin() + 1, "-resource-dir=" + Req.ResourceDir);
  OneCommand DB(tooling::CompileCommand(Req.Directory, Req.File, Args, ""));

  // No analyzer alpha checks, module headers or custom checks: the
  // one-argument constructor says so on every LLVM.
  ClangTidyContext Context(std::move(Provider));
  ClangTidyDiagnosticConsumer DiagConsumer(Context, nullptr,
                                           /*RemoveIncompatibleErrors=*/true,
                                           /*GetFixesFromNotes=*/false);
  auto DiagOpts = std::make_unique<DiagnosticOptions>();
  DiagnosticsEngine DE(compat::createDiagnosticIDs(),
                       compat::engineOptions(*DiagOpts), &DiagConsumer,
                       /*ShouldOwnClient=*/false);
  compat::setDiagnosticsEngine(Context, std::move(DiagOpts), &DE);

  std::set<std::string> Absent;
  auto FS = llvm::makeIntrusiveRefCnt<AbsenceRecordingFS>(
      llvm::vfs::getRealFileSystem(), Absent);
  tooling::ClangTool Tool(DB, {Req.File},
                          std::make_shared<PCHContainerOperations>(), FS);
  // The arguments .clang-tidy adds (ExtraArgs, ExtraArgsBefore), as
  // clang-tidy inserts them.
  Tool.appendArgumentsAdjuster(
      [&Context](const tooling::CommandLineArguments &In,
                 llvm::StringRef Filename) {
        ClangTidyOptions Opts = Context.getOptionsForFile(Filename);
        tooling::CommandLineArguments Out = In;
        if (Opts.ExtraArgsBefore) {
          auto I = Out.begin();
          if (I != Out.end() && !llvm::StringRef(*I).starts_with("-"))
            ++I;
          Out.insert(I, Opts.ExtraArgsBefore->begin(),
                     Opts.ExtraArgsBefore->end());
        }
        if (Opts.ExtraArgs)
          Out.insert(Out.end(), Opts.ExtraArgs->begin(), Opts.ExtraArgs->end());
        return Out;
      });
  Tool.appendArgumentsAdjuster(tooling::getStripPluginsAdjuster());
  Tool.setDiagnosticConsumer(&DiagConsumer);
  Tool.setPrintErrorMessage(false);

  TidyActionFactory Factory(Context, Result.Inputs);
  // The checks record the TU's project-wide facts for the link.
  namespace sm = clang::tidy::conclint::utils::summary;
  sm::Sink::get().enable();
  int ToolStatus = Tool.run(&Factory);
  sm::Summary Facts = sm::Sink::get().take();
  std::vector<ClangTidyError> Errors = DiagConsumer.take();

  LineTable Lines;
  std::string FirstCompileError;
  for (const ClangTidyError &E : Errors) {
    std::string File = absolutePath(E.Message.FilePath, E.BuildDirectory);
    bool IsCompileError = llvm::StringRef(E.DiagnosticName).starts_with("clang-diagnostic-") &&
                          E.DiagLevel == tooling::Diagnostic::Error;
    if (IsCompileError) {
      if (FirstCompileError.empty()) {
        Location L = File.empty() ? Location() : Lines.locate(File, E.Message.FileOffset);
        // The TU's own file goes without saying; a header is named.
        std::string Where =
            File.empty() ? "" : std::to_string(L.Line) + ":" +
                                    std::to_string(L.Column) + ": ";
        if (!File.empty() && File != Req.File)
          Where = File + ":" + Where;
        FirstCompileError = Where + E.Message.Message;
      }
      continue;
    }
    Finding F;
    F.Check = E.DiagnosticName;
    F.Level = (E.DiagLevel == tooling::Diagnostic::Error || E.IsWarningAsError)
                  ? "error"
                  : "warning";
    F.Message = E.Message.Message;
    if (!File.empty())
      F.Loc = Lines.locate(File, E.Message.FileOffset);
    for (const tooling::DiagnosticMessage &N : E.Notes) {
      Note Out;
      Out.Message = N.Message;
      std::string NFile = absolutePath(N.FilePath, E.BuildDirectory);
      if (!NFile.empty())
        Out.Loc = Lines.locate(NFile, N.FileOffset);
      F.Notes.push_back(std::move(Out));
    }
    for (const auto &FileAndReplacements : E.Message.Fix)
      for (const tooling::Replacement &R : FileAndReplacements.second) {
        Edit Ed;
        Ed.File = absolutePath(R.getFilePath(), E.BuildDirectory);
        Ed.Offset = R.getOffset();
        Ed.Length = R.getLength();
        Ed.Text = R.getReplacementText().str();
        Ed.Begin = Lines.locate(Ed.File, Ed.Offset);
        F.Fix.push_back(std::move(Ed));
      }
    Result.Findings.push_back(std::move(F));
  }

  Result.Absent.assign(Absent.begin(), Absent.end());
  if (!FirstCompileError.empty())
    Result.Error = DoesNotCompile.str() + FirstCompileError;
  else if (ToolStatus != 0)
    Result.Error = "clang could not process the file";
  Result.Ok = Result.Error.empty();
  if (Result.Ok) {
    if (Facts.TU.empty())
      Facts.TU = absolutePath(Req.File, Req.Directory);
    sm::prune(Facts, /*KeepExternal=*/true);
    Result.Summary = sm::toText(Facts);
  }
  return writeResult(Req, Result);
}

/// Reads a request; "" on success, else the message.
static std::string readRequest(llvm::StringRef RequestPath, WorkRequest &Req) {
  auto Buf = llvm::MemoryBuffer::getFile(RequestPath);
  if (!Buf)
    return "cannot read '" + RequestPath.str() + "'";
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Buf)->getBuffer());
  llvm::json::Path::Root Root;
  if (!V || !fromJSON(*V, Req, Root)) {
    if (!V)
      llvm::consumeError(V.takeError());
    return "malformed request '" + RequestPath.str() + "'";
  }
  return "";
}

int runPreprocessor(llvm::StringRef RequestPath) {
  WorkRequest Req;
  std::string Error = readRequest(RequestPath, Req);
  if (!Error.empty()) {
    llvm::errs() << "conclint preprocessor: " << Error << "\n";
    return 2;
  }
  std::unique_ptr<ClangTidyOptionsProvider> Provider =
      makeOptionsProvider(Req.Config, Error);
  if (!Provider) {
    llvm::errs() << "conclint preprocessor: " << Error << "\n";
    return 2;
  }
  ClangTidyOptions Opts = Provider->getOptions(Req.File);
  std::vector<std::string> Args = Req.Arguments;
  bool HasResourceDir = llvm::any_of(Args, [](llvm::StringRef A) {
    return A.starts_with("-resource-dir");
  });
  if (!HasResourceDir && !Req.ResourceDir.empty() && !Args.empty())
    Args.insert(Args.begin() + 1, "-resource-dir=" + Req.ResourceDir);
  OneCommand DB(tooling::CompileCommand(Req.Directory, Req.File, Args, ""));
  tooling::ClangTool Tool(DB, {Req.File});
  Tool.appendArgumentsAdjuster(
      [&Opts](const tooling::CommandLineArguments &In, llvm::StringRef) {
        tooling::CommandLineArguments R = In;
        if (Opts.ExtraArgsBefore) {
          auto I = R.begin();
          if (I != R.end() && !llvm::StringRef(*I).starts_with("-"))
            ++I;
          R.insert(I, Opts.ExtraArgsBefore->begin(), Opts.ExtraArgsBefore->end());
        }
        if (Opts.ExtraArgs)
          R.insert(R.end(), Opts.ExtraArgs->begin(), Opts.ExtraArgs->end());
        return R;
      });
  Tool.appendArgumentsAdjuster(tooling::getStripPluginsAdjuster());
  // -E to a file: the tooling drops -o with -fsyntax-only, so the action
  // names its output itself.
  class ToFile : public PrintPreprocessedAction {
  public:
    explicit ToFile(std::string Out) : Out(std::move(Out)) {}
    bool BeginInvocation(CompilerInstance &CI) override {
      CI.getFrontendOpts().OutputFile = Out;
      // -fsyntax-only (which the tooling adds) leaves the -E output off.
      CI.getPreprocessorOutputOpts().ShowCPP = 1;
      return PrintPreprocessedAction::BeginInvocation(CI);
    }

  private:
    std::string Out;
  };
  class Factory : public tooling::FrontendActionFactory {
  public:
    explicit Factory(std::string Out) : Out(std::move(Out)) {}
    std::unique_ptr<FrontendAction> create() override {
      return std::make_unique<ToFile>(Out);
    }

  private:
    std::string Out;
  };
  Factory F(Req.Output);
  return Tool.run(&F) ? 1 : 0;
}

} // namespace conclint
