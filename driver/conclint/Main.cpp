//===-- Main.cpp - conclint: the whole project in one command -------------===//
//
// conclint -p BUILD_DIR [PATH...] reads compile_commands.json, analyses every
// selected translation unit with the clang-tidy library (our checks and the
// upstream neighbours), each in a child process of its own, in parallel, and
// writes one report in a format CI systems read. See docs/ci.md.
//
// Exit codes: 0 no findings, 1 findings, 2 usage or input error, 3 at least
// one translation unit could not be analysed (the others are still reported).
//
//===----------------------------------------------------------------------===//

#include "Baseline.h"
#include "Cache.h"
#include "ChangedLines.h"
#include "Fixes.h"
#include "Link.h"
#include "Merge.h"
#include "Model.h"
#include "Options.h"
#include "Report.h"
#include "Shard.h"
#include "TidyCompat.h"
#include "Worker.h"

#include "ConclintModule.h"
#include "common/ResourceDir.h"

#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyForceLinker.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"
#include "clang/Driver/Types.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/StringSaver.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <sys/types.h>
#include <thread>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <tuple>

namespace clang::tidy::conclint_test {
extern volatile int TestOnlyModuleAnchorSource;
[[maybe_unused]] static int TestOnlyModuleAnchorDestination =
    TestOnlyModuleAnchorSource;
} // namespace clang::tidy::conclint_test

using namespace llvm;
using namespace conclint;

namespace {

cl::OptionCategory Category("conclint options");

cl::opt<std::string> BuildPath("p", cl::desc("Build directory holding compile_commands.json"),
                               cl::value_desc("BUILD_DIR"), cl::cat(Category));
cl::list<std::string> Paths(cl::Positional,
                            cl::desc("[PATH...] (default: every entry)"),
                            cl::cat(Category));
// Prefix: `-j2` works as well as `-j 2`, as in make and run-clang-tidy.
cl::opt<unsigned> Jobs("j", cl::desc("Translation units analysed at once (default: all cores)"),
                       cl::init(0), cl::value_desc("N"), cl::Prefix, cl::cat(Category));
cl::opt<std::string> Checks("checks",
                            cl::desc("Check globs, as clang-tidy's -checks; appended to the "
                                     "default profile and .clang-tidy"),
                            cl::cat(Category));
cl::opt<std::string> Config("config",
                            cl::desc("Configuration in YAML/JSON, used instead of .clang-tidy files"),
                            cl::cat(Category));
cl::opt<std::string> HeaderFilter("header-filter",
                                  cl::desc("Regex of headers to report (default: all non-system)"),
                                  cl::cat(Category));
cl::list<std::string> ExtraArgs("extra-arg", cl::desc("Argument appended to each compile command"),
                                cl::cat(Category));
cl::list<std::string> ExtraArgsBefore("extra-arg-before",
                                      cl::desc("Argument prepended to each compile command"),
                                      cl::cat(Category));
cl::opt<bool> StrictConfig(
    "strict-config",
    cl::desc("Treat unknown check names and options in .clang-tidy files as "
             "errors (by default they are reported as warnings and ignored, "
             "as clang-tidy ignores them)"),
    cl::cat(Category));
cl::opt<bool> ListChecks("list-checks", cl::desc("List the enabled checks and exit"),
                         cl::cat(Category));
cl::opt<std::string> Explain("explain", cl::desc("Print the documentation of CHECK and exit"),
                             cl::value_desc("CHECK"), cl::cat(Category));
cl::opt<Format> OutputFormat(
    "format", cl::desc("Report format"), cl::init(Format::Text),
    cl::values(clEnumValN(Format::Text, "text", "clang-style text (default)"),
               clEnumValN(Format::Sarif, "sarif", "SARIF 2.1.0"),
               clEnumValN(Format::Json, "json", "conclint JSON"),
               clEnumValN(Format::Github, "github", "GitHub workflow annotations"),
               clEnumValN(Format::GitLab, "gitlab",
                          "GitLab Code Quality (Code Climate JSON)"),
               clEnumValN(Format::Sonar, "sonarqube",
                          "SonarQube generic external issues"),
               clEnumValN(Format::CodeChecker, "codechecker",
                          "CodeChecker plist (a report directory's file)")),
    cl::cat(Category));
cl::opt<std::string> OutputFile("o", cl::desc("Write the report to FILE (atomically)"),
                                cl::value_desc("FILE"), cl::cat(Category));
cl::opt<std::string> BaselineFile("baseline",
                                  cl::desc("Report only findings not recorded in FILE"),
                                  cl::value_desc("FILE"), cl::cat(Category));
cl::opt<std::string> WriteBaselineFile("write-baseline",
                                       cl::desc("Record the current findings in FILE"),
                                       cl::value_desc("FILE"), cl::cat(Category));
cl::opt<bool> Fix("fix", cl::desc("Apply fix-its across the project"), cl::cat(Category));
cl::opt<std::string> CacheDir("cache-dir",
                              cl::desc("Result cache (default: BUILD_DIR/.conclint-cache)"),
                              cl::cat(Category));
cl::opt<bool> NoCache("no-cache", cl::desc("Neither read nor write the result cache"),
                      cl::cat(Category));
// --stats is taken out of argv before llvm::cl sees it: LLVM owns a "stats"
// option of its own (pass statistics).
bool Stats = false;
enum class ProgressMode { Auto, Always, Never };
cl::opt<ProgressMode> Progress(
    "progress", cl::desc("Progress line on stderr"), cl::init(ProgressMode::Auto),
    cl::values(clEnumValN(ProgressMode::Auto, "auto", "on a terminal, not in CI (default)"),
               clEnumValN(ProgressMode::Always, "always", "always"),
               clEnumValN(ProgressMode::Never, "never", "never")),
    cl::cat(Category));
cl::opt<std::string> ProjectRoot("project-root",
                                 cl::desc("Paths in reports and baselines are relative to "
                                          "it (default: the current directory)"),
                                 cl::cat(Category));
cl::opt<std::string> InternalWorker("internal-worker", cl::Hidden, cl::cat(Category));
cl::opt<std::string> ShardOpt("shard",
                              cl::desc("Analyse shard I of N of the translation units and "
                                       "write its results for `conclint merge`"),
                              cl::value_desc("I/N"), cl::cat(Category));
cl::opt<std::string> ChangedLinesOpt(
    "changed-lines",
    cl::desc("Report only findings on lines a diff adds or changes (or whose "
             "notes touch them): a unified diff file, or a git revision to "
             "diff the working tree against"),
    cl::value_desc("DIFF-FILE|REV"), cl::cat(Category));
cl::opt<unsigned> SarifMaxResults(
    "sarif-max-results-per-run", cl::init(25000),
    cl::desc("Results per SARIF run (GitHub code scanning accepts 25000)"),
    cl::cat(Category));
cl::opt<unsigned> SarifMaxRuns(
    "sarif-max-runs", cl::init(20),
    cl::desc("Runs per SARIF file (GitHub code scanning accepts 20)"),
    cl::cat(Category));
cl::opt<unsigned> SarifMaxBytes(
    "sarif-max-bytes", cl::init(10u * 1000 * 1000),
    cl::desc("Size of a SARIF file (GitHub code scanning accepts 10 MB)"),
    cl::cat(Category));
/// `conclint merge [options] FILE...` (argv[1] == "merge").
bool MergeMode = false;
/// --changed-lines, read before any work (a bad diff stops the run early).
ChangedLines Changed;
/// Compile-database entries that are not C or C++ (named by --stats).
std::vector<std::string> SkippedEntries;
cl::opt<bool> MergeUnion(
    "union",
    cl::desc("conclint merge: the files may come from several plans, each "
             "complete (e.g. one run per TU from the Bazel aspect)"),
    cl::cat(Category));
cl::opt<std::string> SummaryStoreOpt(
    "summary-store",
    cl::desc("Where the merged project-wide summaries are written for the "
             "single-file front-ends (default: BUILD_DIR/.conclint/summaries; "
             "`conclint merge` writes one only when given)"),
    cl::value_desc("FILE"), cl::cat(Category));
/// The store this run writes ("" for none).
std::string StoreOut;
cl::opt<std::string> InternalPreprocess("internal-preprocess", cl::Hidden,
                                        cl::cat(Category));
// `conclint merge` keeps the link's merged program in this result cache
// (KeptProgram.h), as a run with --cache-dir does: bench/relink.sh times a
// warm link of fixed summaries with it, without re-analysing any TU.
cl::opt<std::string> MergeLinkCache("internal-link-cache", cl::Hidden,
                                    cl::cat(Category));
/// `conclint merge` links these summaries (one text a line, "null" for a
/// TU without one) instead of reading results files (bench/relink.sh).
cl::opt<std::string> MergeSummaries("internal-summaries", cl::Hidden,
                                    cl::cat(Category));
/// argv[0], for buildIdentity() in `conclint merge`.
const char *ArgvZero = "";

// Faults and trust (docs/reliability.md).
#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define CONCLINT_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define CONCLINT_SANITIZED 1
#endif
#ifdef CONCLINT_SANITIZED
// A sanitizer reserves terabytes of address space: an address-space limit
// would stop every worker at startup.
constexpr unsigned DefaultMemoryLimitMB = 0;
#else
constexpr unsigned DefaultMemoryLimitMB = 8192;
#endif
cl::opt<unsigned> Timeout(
    "timeout",
    cl::desc("Seconds the analysis of one translation unit may take; 0: no "
             "limit (default 300)"),
    cl::init(300), cl::value_desc("SECONDS"), cl::cat(Category));
cl::opt<unsigned> MemoryLimit(
    "memory-limit",
    cl::desc("Megabytes of memory the analysis of one translation unit may "
             "allocate; 0: no limit (default 8192)"),
    cl::init(DefaultMemoryLimitMB), cl::value_desc("MB"), cl::cat(Category));
cl::opt<std::string> CrashDir(
    "crash-dir",
    cl::desc("Where the log and a reproducer of a crashed or stopped analysis "
             "are kept (default: BUILD_DIR/conclint-crashes)"),
    cl::value_desc("DIR"), cl::cat(Category));
cl::opt<bool> FixErrors("fix-errors",
                        cl::desc("Apply fixes also from translation units "
                                 "with compiler errors"),
                        cl::cat(Category));
cl::opt<bool> TrustConfig(
    "trust-config",
    cl::desc("Let .clang-tidy files add compiler arguments that write files "
             "or run programs (ExtraArgs)"),
    cl::cat(Category));

/// Prints the configuration problems: names on our own command line are
/// errors; names in a .clang-tidy file are warnings (clang-tidy ignores them,
/// e.g. comment text inside a Checks list) unless --strict-config. Returns
/// false when the run must stop.
bool reportConfigProblems(const std::vector<ConfigProblem> &Problems) {
  bool Ok = true;
  for (const ConfigProblem &P : Problems) {
    if (P.InProjectFile && !StrictConfig) {
      WithColor::warning(errs(), "conclint")
          << P.Message << "; ignored, as clang-tidy ignores it\n";
      continue;
    }
    WithColor::error(errs(), "conclint") << P.Message << "\n";
    Ok = false;
  }
  return Ok;
}

int inputError(const Twine &Msg) {
  WithColor::error(errs(), "conclint") << Msg << "\n";
  return 2;
}

std::string absolute(StringRef Path, StringRef Base = "") {
  SmallString<256> P(Path);
  if (!sys::path::is_absolute(P)) {
    if (!Base.empty()) {
      SmallString<256> B(Base);
      sys::path::append(B, P);
      P = B;
    } else {
      sys::fs::make_absolute(P);
    }
  }
  sys::path::remove_dots(P, /*remove_dot_dot=*/true);
  return std::string(P);
}

std::string realOrAbsolute(StringRef Path) {
  SmallString<256> Real;
  if (!sys::fs::real_path(Path, Real))
    return std::string(Real);
  return absolute(Path);
}

bool isUnder(StringRef File, StringRef Dir) {
  if (File == Dir)
    return true;
  if (!File.starts_with(Dir))
    return false;
  return Dir.ends_with("/") || File[Dir.size()] == '/';
}

/// Where the docs are: $CONCLINT_DOCS_DIR, the installed ones next to the
/// binary, or the source tree the binary was built from.
std::string findDocsDir(const char *Argv0, void *MainAddr) {
  auto HasChecks = [](StringRef Dir) {
    SmallString<256> P(Dir);
    sys::path::append(P, "checks");
    return !Dir.empty() && sys::fs::is_directory(P);
  };
  if (const char *Env = std::getenv("CONCLINT_DOCS_DIR"))
    return Env;
  std::string Exe = sys::fs::getMainExecutable(Argv0, MainAddr);
  SmallString<256> Installed(sys::path::parent_path(Exe));
  sys::path::append(Installed, CONCLINT_DOCS_FROM_BIN);
  sys::path::remove_dots(Installed, true);
  if (HasChecks(Installed))
    return std::string(Installed);
  if (HasChecks(CONCLINT_SOURCE_DOCS_DIR))
    return CONCLINT_SOURCE_DOCS_DIR;
  return "";
}

/// "[3/10] 4.2s src/a.cpp" on one self-erasing line.
class ProgressLine {
public:
  ProgressLine(bool Enabled, unsigned Total)
      : Enabled(Enabled), Total(Total),
        Start(std::chrono::steady_clock::now()) {}
  void update(StringRef Current) {
    if (!Enabled)
      return;
    std::lock_guard<std::mutex> G(Lock);
    draw(Current);
  }
  void finishOne(StringRef Current) {
    if (!Enabled)
      return;
    std::lock_guard<std::mutex> G(Lock);
    ++Done;
    draw(Current);
  }
  void clear() {
    if (Enabled)
      errs() << "\r\x1b[K";
  }

private:
  void draw(StringRef Current) {
    double Secs = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - Start)
                      .count();
    errs() << "\r\x1b[K[" << Done << "/" << Total << "] "
           << format("%.1fs", Secs) << " " << sys::path::filename(Current);
    errs().flush();
  }
  bool Enabled;
  unsigned Total;
  unsigned Done = 0;
  std::chrono::steady_clock::time_point Start;
  std::mutex Lock;
};

struct Task {
  clang::tooling::CompileCommand Cmd;
  std::string Key;
};

//===----------------------------------------------------------------------===//
// Child processes: limits, signals, crash evidence
//===----------------------------------------------------------------------===//

/// The signal that asked the driver to stop (SIGINT, SIGTERM), 0 if none.
std::atomic<int> StopSignal{0};
/// The running analysis children, so a stop signal reaches them. A slot
/// holds a pid or 0; the signal handler only reads it (async-signal-safe).
constexpr unsigned MaxChildren = 512;
std::atomic<pid_t> Children[MaxChildren];

extern "C" void onStopSignal(int Sig) {
  if (StopSignal.exchange(Sig) != 0) {
    // A second signal: stop now, as the user insists.
    std::signal(Sig, SIG_DFL);
    std::raise(Sig);
    return;
  }
  for (std::atomic<pid_t> &C : Children) {
    pid_t P = C.load();
    if (P > 0)
      ::kill(P, Sig);
  }
}

/// SIGINT and SIGTERM: forward to the children, let the pool drain, clean
/// up, exit 128+signal. Replaces LLVM's handler, which would leave the
/// children running and the temporary directory behind.
void installStopHandlers() {
  struct sigaction SA = {};
  SA.sa_handler = onStopSignal;
  sigemptyset(&SA.sa_mask);
  SA.sa_flags = SA_RESTART;
  sigaction(SIGINT, &SA, nullptr);
  sigaction(SIGTERM, &SA, nullptr);
}

struct ChildOutcome {
  enum Kind { Exited, Signalled, TimedOut, Stopped, NotStarted } K = NotStarted;
  int Code = 0;     ///< exit code (Exited)
  std::string What; ///< the signal's name, or why it did not start
};

/// Runs \p Argv with stdout and stderr to \p LogPath, for at most
/// \p TimeoutSecs seconds (0: no limit) and \p MemoryMB of memory (0: no
/// limit), and stops it when the driver is asked to stop.
ChildOutcome runChild(StringRef Exe, ArrayRef<StringRef> Argv,
                      StringRef LogPath, unsigned TimeoutSecs,
                      unsigned MemoryMB) {
  ChildOutcome O;
  if (StopSignal) {
    O.K = ChildOutcome::Stopped;
    return O;
  }
  std::optional<StringRef> Redirects[] = {StringRef(""), LogPath, LogPath};
  std::string ErrMsg;
  bool ExecFailed = false;
  sys::ProcessInfo PI = sys::ExecuteNoWait(Exe, Argv, std::nullopt, Redirects,
                                           MemoryMB, &ErrMsg, &ExecFailed);
  if (ExecFailed || PI.Pid <= 0) {
    O.What = ErrMsg.empty() ? "cannot start it" : ErrMsg;
    return O;
  }
  unsigned Slot = MaxChildren;
  for (unsigned I = 0; I < MaxChildren && Slot == MaxChildren; ++I) {
    pid_t Free = 0;
    if (Children[I].compare_exchange_strong(Free, PI.Pid))
      Slot = I;
  }
  // A signal that came before the child was registered.
  if (int Sig = StopSignal.load())
    ::kill(PI.Pid, Sig);
  auto Start = std::chrono::steady_clock::now();
  bool Killed = false;
  auto Pause = std::chrono::milliseconds(1);
  sys::ProcessInfo R;
  for (;;) {
    std::string WaitErr;
    R = sys::Wait(PI, /*SecondsToWait=*/0, &WaitErr);
    if (R.Pid != 0) {
      ErrMsg = WaitErr;
      break;
    }
    if (TimeoutSecs && !Killed &&
        std::chrono::steady_clock::now() - Start >=
            std::chrono::seconds(TimeoutSecs)) {
      ::kill(PI.Pid, SIGKILL);
      Killed = true;
    }
    std::this_thread::sleep_for(Pause);
    Pause = std::min(Pause * 2, std::chrono::milliseconds(50));
  }
  if (Slot < MaxChildren)
    Children[Slot].store(0);
  if (StopSignal) {
    O.K = ChildOutcome::Stopped;
  } else if (Killed) {
    O.K = ChildOutcome::TimedOut;
  } else if (R.ReturnCode < 0) {
    O.K = ChildOutcome::Signalled;
    O.What = ErrMsg;
  } else {
    O.K = ChildOutcome::Exited;
    O.Code = R.ReturnCode;
  }
  return O;
}

/// Where the evidence of failed analyses goes, and the executable.
struct Evidence {
  std::string Dir; ///< --crash-dir (absolute); "" disables
  std::string Exe;
};

std::string shellQuote(StringRef S) {
  std::string Out = "'";
  for (char C : S) {
    if (C == '\'')
      Out += "'\\''";
    else
      Out += C;
  }
  return Out + "'";
}

/// Keeps what is needed to look into a failed analysis under the crash
/// directory: the worker's log (the backtrace), the request, the TU's
/// command, its preprocessed source (as CodeChecker keeps it), and
/// reproduce.sh, which runs the same analysis again. Returns the directory,
/// or "" if it could not be written.
std::string keepEvidence(const Evidence &Ev, const Task &T,
                         const WorkRequest &Req, StringRef LogPath,
                         StringRef TempDir, unsigned Index) {
  if (Ev.Dir.empty())
    return "";
  if (sys::fs::create_directories(Ev.Dir))
    return "";
  SmallString<256> Dir;
  // <crash-dir>/<file name>-XXXXXX (an absolute prefix stays where it is).
  if (sys::fs::createUniqueDirectory(
          Ev.Dir + "/" + sys::path::filename(T.Cmd.Filename), Dir))
    return "";
  auto In = [&](StringRef Name) {
    SmallString<256> P(Dir);
    sys::path::append(P, Name);
    return std::string(P);
  };
  sys::fs::copy_file(LogPath, In("log.txt"));
  // The request, with its result written next to it.
  WorkRequest Again = Req;
  Again.Output = In("result.json");
  std::string Text;
  raw_string_ostream OS(Text);
  OS << formatv("{0:2}", toJSON(Again)) << "\n";
  (void)writeFileAtomically(In("request.json"), Text);
  json::Array Args;
  for (const std::string &A : T.Cmd.CommandLine)
    Args.push_back(A);
  Text.clear();
  OS << formatv("{0:2}", json::Value(json::Object{
                             {"directory", T.Cmd.Directory},
                             {"file", T.Cmd.Filename},
                             {"arguments", std::move(Args)}}))
     << "\n";
  (void)writeFileAtomically(In("command.json"), Text);
  std::string Script =
      "#!/bin/sh\n"
      "# Runs the analysis that failed again, exactly as the driver ran it.\n"
      "# (Test-only checks also need CONCLINT_ENABLE_TEST_CHECKS=1.)\n"
      "cd \"$(dirname \"$0\")\" && exec " +
      shellQuote(Ev.Exe) + " --internal-worker=request.json\n";
  if (writeFileAtomically(In("reproduce.sh"), Script).empty())
    sys::fs::setPermissions(In("reproduce.sh"),
                            sys::fs::owner_all | sys::fs::group_read |
                                sys::fs::group_exe);
  // The preprocessed source, by a child of its own (under the same limits:
  // the preprocessor may be what hangs).
  WorkRequest PP = Req;
  PP.Output = In("source.ii");
  SmallString<256> PPReq(TempDir);
  sys::path::append(PPReq, "pp-" + std::to_string(Index) + ".json");
  Text.clear();
  OS << toJSON(PP);
  if (writeFileAtomically(PPReq, Text).empty()) {
    std::string Flag = "--internal-preprocess=" + std::string(PPReq);
    SmallVector<StringRef, 2> Argv = {Ev.Exe, Flag};
    std::string PPLog = In("preprocess-log.txt");
    ChildOutcome O = runChild(Ev.Exe, Argv, PPLog, Timeout, MemoryLimit);
    if (O.K == ChildOutcome::Exited && O.Code == 0)
      sys::fs::remove(PPLog);
  }
  return std::string(Dir);
}

/// Runs one TU in a child process; a crash, a time-out or running out of
/// memory becomes a failed TUResult, with its evidence kept.
TUResult analyseInChild(const Evidence &Ev, const Task &T,
                        const ConfigInputs &In, const std::string &ResourceDir,
                        StringRef TempDir, unsigned Index) {
  TUResult Failed;
  Failed.File = T.Cmd.Filename;
  SmallString<256> ReqPath(TempDir), OutPath(TempDir), LogPath(TempDir);
  sys::path::append(ReqPath, "req-" + std::to_string(Index) + ".json");
  sys::path::append(OutPath, "res-" + std::to_string(Index) + ".json");
  sys::path::append(LogPath, "log-" + std::to_string(Index) + ".txt");

  WorkRequest Req;
  Req.Config = In;
  Req.File = T.Cmd.Filename;
  Req.Directory = T.Cmd.Directory;
  Req.Arguments = T.Cmd.CommandLine;
  Req.ResourceDir = ResourceDir;
  Req.Output = std::string(OutPath);
  std::string ReqText;
  raw_string_ostream ROS(ReqText);
  ROS << toJSON(Req);
  std::string Err = writeFileAtomically(ReqPath, ReqText);
  if (!Err.empty()) {
    Failed.Error = Err;
    return Failed;
  }

  std::string WorkerFlag = "--internal-worker=" + std::string(ReqPath);
  SmallVector<StringRef, 2> Argv = {Ev.Exe, WorkerFlag};
  ChildOutcome O = runChild(Ev.Exe, Argv, LogPath, Timeout, MemoryLimit);
  std::string Why;
  switch (O.K) {
  case ChildOutcome::Stopped:
    Failed.Error = "stopped by a signal";
    return Failed;
  case ChildOutcome::NotStarted:
    Failed.Error = "cannot start the analysis: " + O.What;
    return Failed;
  case ChildOutcome::TimedOut:
    Why = "the analysis took longer than " + std::to_string(Timeout) +
          " s and was stopped (--timeout)";
    break;
  case ChildOutcome::Signalled:
  case ChildOutcome::Exited: {
    if (O.K == ChildOutcome::Exited && O.Code == 0)
      break;
    // Out of memory shows as LLVM's fatal error (and an abort).
    bool OutOfMemory = false;
    if (MemoryLimit)
      if (auto Log = MemoryBuffer::getFile(LogPath))
        OutOfMemory = (*Log)->getBuffer().contains("out of memory") ||
                      (*Log)->getBuffer().contains("std::bad_alloc");
    if (OutOfMemory)
      Why = "the analysis ran out of memory (limit " +
            std::to_string(MemoryLimit) + " MB, --memory-limit)";
    else if (O.K == ChildOutcome::Signalled)
      Why = "conclint crashed while analysing it" +
            (O.What.empty() ? std::string() : " (" + O.What + ")");
    else
      Why = "the analysis failed (exit code " + std::to_string(O.Code) + ")";
    break;
  }
  }
  if (!Why.empty()) {
    std::string Kept = keepEvidence(Ev, T, Req, LogPath, TempDir, Index);
    if (!Kept.empty())
      Why += "; log and reproducer in '" + Kept + "'";
    Failed.Error = Why;
    return Failed;
  }
  auto Buf = MemoryBuffer::getFile(OutPath);
  if (!Buf) {
    Failed.Error = "the analysis produced no result";
    return Failed;
  }
  Expected<json::Value> V = json::parse((*Buf)->getBuffer());
  TUResult R;
  json::Path::Root Root;
  if (!V || !fromJSON(*V, R, Root)) {
    if (!V)
      consumeError(V.takeError());
    Failed.Error = "the analysis produced a malformed result";
    return Failed;
  }
  return R;
}

/// Everything after the analysis: merge, baseline, diff filter, report,
/// fixes, statistics. The unsharded run and `conclint merge` both end here,
/// so a merge of shards reports exactly what one run would.
int finishRun(ShardResults &Run, const ReportContext &Ctx,
              const StringSet<> &Baseline, ResultCache *Cache = nullptr,
              const std::string &Identity = "") {
  // Merge: a header's diagnostic is reported once, however many TUs saw it;
  // then the link phase over every TU's summary.
  RunReport Report;
  Report.TranslationUnits = Run.PlanTUs;
  Report.Analysed = Run.Analysed;
  Report.Cached = Run.Cached;
  LinkOutcome Linked;
  std::vector<Finding> All2 = mergeFindings(
      Run.Results, Run.Summaries, projectLinkPhase(Linked, Cache, Identity),
      Report.Failures);
  std::vector<std::string>().swap(Run.Summaries); // merged into Linked
  // The store's size and the time to render and write it, for --stats.
  uint64_t StoreBytes = 0;
  double StoreSeconds = 0;
  if (!StoreOut.empty()) {
    // The next single-file analysis reads it (docs/summaries.md); a store
    // that cannot be written only costs the editor cross-file facts.
    auto StoreStart = std::chrono::steady_clock::now();
    std::string E;
    if (sys::fs::create_directories(sys::path::parent_path(StoreOut))) {
      E = "cannot create its directory";
    } else {
      std::string Text = renderSummaryStore(Linked, Run.Results);
      StoreBytes = Text.size();
      E = writeFileAtomically(StoreOut, Text);
    }
    StoreSeconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - StoreStart)
                       .count();
    if (!E.empty())
      WithColor::warning(errs(), "conclint")
          << "cannot write the summary store '" << StoreOut << "': " << E
          << "\n";
  }
  assignFingerprints(All2, Ctx.ProjectRoot);

  if (!WriteBaselineFile.empty()) {
    std::string E = writeBaseline(WriteBaselineFile, All2, Ctx.ProjectRoot);
    if (!E.empty())
      return inputError(E);
  }
  for (Finding &F : All2) {
    if (Baseline.contains(F.Fingerprint))
      ++Report.Suppressed;
    else
      Report.Findings.push_back(std::move(F));
  }
  if (!ChangedLinesOpt.empty())
    Report.OutsideDiff = filterToChangedLines(Report.Findings, Changed);

  int Exit = !Report.Failures.empty() ? 3 : !Report.Findings.empty() ? 1 : 0;

  std::string RenderError;
  std::vector<std::string> RenderWarnings;
  std::optional<std::string> Text =
      render(OutputFormat, Report, Ctx, RenderError, &RenderWarnings);
  for (const std::string &W : RenderWarnings)
    WithColor::warning(errs(), "conclint") << W << "\n";
  if (!Text)
    return inputError("cannot write the report: " + RenderError);
  if (OutputFile.empty() || OutputFile == "-") {
    outs() << *Text;
    outs().flush();
  } else {
    std::string E = writeOutputFile(absolute(OutputFile), *Text);
    if (!E.empty())
      return inputError(E);
  }

  for (const auto &[File, Why] : Report.Failures)
    WithColor::error(errs(), "conclint")
        << escapeForTerminal(displayPath(File, Ctx.ProjectRoot))
        << ": could not be analysed: " << escapeForTerminal(Why) << "\n";

  if (Fix) {
    FixOutcome FO = applyFixes(Report.Findings, Ctx.ProjectRoot, FixErrors);
    for (const std::string &M : FO.Messages)
      WithColor::warning(errs(), "conclint") << M << "\n";
    errs() << "conclint: applied " << FO.Applied << " fixes in " << FO.Files
           << " files";
    if (FO.Refused)
      errs() << ", refused " << FO.Refused << " fixes";
    errs() << "\n";
    if (FO.Failed && Exit < 2)
      Exit = 2;
  }

  if (Stats)
    errs() << "conclint: translation units: " << Report.TranslationUnits
           << ", analysed: " << Report.Analysed << ", cached: " << Report.Cached
           << ", failed: " << Report.Failures.size()
           << ", findings: " << Report.Findings.size()
           << ", baseline-suppressed: " << Report.Suppressed
           << (ChangedLinesOpt.empty()
                   ? std::string()
                   : ", outside-diff: " + std::to_string(Report.OutsideDiff))
           << "\n";
  if (Stats && !SkippedEntries.empty()) {
    errs() << "conclint: skipped " << SkippedEntries.size()
           << " entries that are not C or C++:";
    for (size_t I = 0; I < SkippedEntries.size(); ++I)
      errs() << (I ? ", " : " ")
             << escapeForTerminal(displayPath(SkippedEntries[I], Ctx.ProjectRoot));
    errs() << "\n";
  }
  if (Stats)
    errs() << "conclint: link: " << Linked.Summaries << " summaries, "
           << Linked.Program.Functions.size() << " functions, "
           << Linked.Findings << " findings, "
           << format("%.3f", Linked.Seconds) << " s ("
           << format("%.3f", Linked.ReadSeconds) << " s reading summaries; "
           << format("%.3f", Linked.PruneSeconds) << " s prune, "
           << format("%.3f", Linked.BlockingSeconds) << " s blocking, "
           << format("%.3f", Linked.RacesSeconds) << " s races, "
           << format("%.3f", Linked.LockOrderSeconds) << " s lock order)"
           << (Linked.Unreadable
                   ? ", " + std::to_string(Linked.Unreadable) +
                         " summaries of another format skipped"
                   : std::string())
           << "\n";
  if (Stats) {
    const KeptStats &U = Linked.Update;
    errs() << "conclint: link: kept program: " << Linked.Kept;
    if (Linked.Kept != "off")
      errs() << "; summaries kept " << U.Kept << ", parsed " << U.Parsed
             << ", re-read " << U.Reread << ", removed " << U.Removed << "; "
             << format("%.3f", Linked.LoadSeconds) << " s loading, "
             << format("%.3f", Linked.SaveSeconds) << " s saving ("
             << (Linked.Saved ? "written" : "not written") << ", "
             << Linked.KeptBytes << " bytes; "
             << U.ParsedBytes << " bytes of summaries parsed on top of it)";
    errs() << "\n";
    if (StoreBytes)
      errs() << "conclint: summary store: " << StoreBytes << " bytes, "
             << format("%.3f", StoreSeconds) << " s rendering and writing\n";
  }
  return Exit;
}

/// `conclint merge [options] FILE...`: the shards' results files into one
/// report, as one unsharded run would have written it.
int runMerge(const ReportContext &Ctx) {
  // (cl::list overloads unary &: std::addressof.)
  cl::Option *ShardOnly[] = {&BuildPath, &Jobs, &Checks, &Config,
                             &HeaderFilter, std::addressof(ExtraArgs),
                             std::addressof(ExtraArgsBefore), &ShardOpt,
                             &CacheDir, &NoCache};
  for (cl::Option *O : ShardOnly)
    if (O->getNumOccurrences())
      return inputError("-" + std::string(O->ArgStr.size() > 1 ? "-" : "") +
                        O->ArgStr.str() +
                        " has no meaning for `conclint merge`: give it to "
                        "the shards");
  if (Paths.empty() && MergeSummaries.empty())
    return inputError("no results files given: conclint merge [options] FILE...");
  StringSet<> Baseline;
  if (!BaselineFile.empty()) {
    std::string E = readBaseline(BaselineFile, Baseline);
    if (!E.empty())
      return inputError(E);
  }
  std::vector<ShardResults> Shards;
  for (const std::string &P : Paths) {
    ShardResults S;
    std::string E = readShardResults(P, Ctx.ProjectRoot, S);
    if (!E.empty())
      return inputError(E);
    Shards.push_back(std::move(S));
  }
  if (!SummaryStoreOpt.empty())
    StoreOut = absolute(SummaryStoreOpt);
  ShardResults Run;
  if (!MergeSummaries.empty()) {
    auto Buf = MemoryBuffer::getFile(MergeSummaries);
    if (!Buf)
      return inputError("cannot read '" + MergeSummaries + "'");
    SmallVector<StringRef, 0> Lines;
    (*Buf)->getBuffer().rtrim("\n").split(Lines, '\n');
    for (StringRef L : Lines)
      Run.Summaries.push_back(L == "null" ? "" : L.str());
    Run.PlanTUs = Lines.size();
  } else if (std::string E = combineShards(Shards, Run, MergeUnion);
             !E.empty())
    return inputError(E);
  if (!MergeLinkCache.empty()) {
    void *MainAddr = reinterpret_cast<void *>(&findDocsDir);
    ResultCache Cache(absolute(MergeLinkCache), Ctx.ProjectRoot);
    return finishRun(Run, Ctx, Baseline, &Cache,
                     buildIdentity(ArgvZero, MainAddr) + "/" +
                         findResourceDir(ArgvZero, MainAddr));
  }
  return finishRun(Run, Ctx, Baseline);
}

/// `--shard=I/N`: the results for `conclint merge` instead of a report.
int writeShardResults(const ShardResults &Run, const ReportContext &Ctx) {
  std::string Text = renderShardResults(Run, Ctx.ProjectRoot);
  if (OutputFile.empty() || OutputFile == "-") {
    outs() << Text;
    outs().flush();
  } else {
    std::string E = writeOutputFile(absolute(OutputFile), Text);
    if (!E.empty())
      return inputError(E);
  }
  if (Stats)
    errs() << "conclint: shard " << Run.Shard.Index << "/" << Run.Shard.Count
           << ": translation units: " << Run.Results.size() << " of "
           << Run.PlanTUs << ", analysed: " << Run.Analysed
           << ", cached: " << Run.Cached << "\n";
  // The findings and failures are judged by the merge.
  return 0;
}

/// Expands @FILE arguments of \p C in place, relative to its directory.
std::string expandResponseFiles(clang::tooling::CompileCommand &C) {
  if (llvm::none_of(C.CommandLine,
                    [](StringRef A) { return A.starts_with("@"); }))
    return "";
  BumpPtrAllocator Alloc;
  StringSaver Saver(Alloc);
  SmallVector<const char *, 64> Argv;
  for (const std::string &A : C.CommandLine)
    Argv.push_back(Saver.save(A).data());
  cl::ExpansionContext ECtx(Alloc, cl::TokenizeGNUCommandLine);
  ECtx.setCurrentDir(C.Directory);
  if (Error E = ECtx.expandResponseFiles(Argv))
    return "cannot expand the response files of the command of '" +
           C.Filename + "': " + toString(std::move(E));
  for (const char *A : Argv)
    if (StringRef(A).starts_with("@"))
      return "cannot expand the response files of the command of '" +
             C.Filename + "': cannot read '" + StringRef(A).drop_front().str() +
             "'";
  C.CommandLine.assign(Argv.begin(), Argv.end());
  return "";
}

/// Whether the entry compiles C or C++ (not assembler, CUDA, HIP,
/// Objective-C, Fortran, ...): by the last -x of the command, else by the
/// file's extension, as the compiler decides.
bool isCOrCxx(const clang::tooling::CompileCommand &C) {
  namespace types = clang::driver::types;
  types::ID Ty = types::TY_INVALID;
  for (size_t I = 0; I < C.CommandLine.size(); ++I) {
    StringRef A = C.CommandLine[I];
    if (A == "-x" && I + 1 < C.CommandLine.size())
      Ty = types::lookupTypeForTypeSpecifier(C.CommandLine[++I].c_str());
    else if (A.starts_with("-x") && A.size() > 2)
      Ty = types::lookupTypeForTypeSpecifier(A.drop_front(2).str().c_str());
    else if (A.starts_with("--language="))
      Ty = types::lookupTypeForTypeSpecifier(
          A.drop_front(strlen("--language=")).str().c_str());
  }
  if (Ty == types::TY_INVALID) {
    StringRef Ext = sys::path::extension(C.Filename);
    Ty = types::lookupTypeForExtension(Ext.drop_front());
  }
  switch (Ty) {
  case types::TY_C:
  case types::TY_PP_C:
  case types::TY_CHeader:
  case types::TY_PP_CHeader:
  case types::TY_CXX:
  case types::TY_PP_CXX:
  case types::TY_CXXHeader:
  case types::TY_PP_CXXHeader:
  case types::TY_CXXModule:
  case types::TY_PP_CXXModule:
  case types::TY_CXXHUHeader:
  case types::TY_CXXSHeader:
  case types::TY_CXXUHeader:
    return true;
  default:
    return false;
  }
}

/// "" if \p File is a readable regular file, else the problem. Looks at
/// the file's type before opening it: a FIFO would block the read forever,
/// a device such as /dev/zero never ends.
std::string checkSourceFile(StringRef File) {
  sys::fs::file_status St;
  if (std::error_code EC = sys::fs::status(File, St))
    return "cannot read '" + File.str() + "': " + EC.message();
  if (St.type() != sys::fs::file_type::regular_file) {
    StringRef Kind = "not a regular file";
    switch (St.type()) {
    case sys::fs::file_type::directory_file:
      Kind = "a directory";
      break;
    case sys::fs::file_type::fifo_file:
      Kind = "a FIFO";
      break;
    case sys::fs::file_type::character_file:
    case sys::fs::file_type::block_file:
      Kind = "a device";
      break;
    case sys::fs::file_type::socket_file:
      Kind = "a socket";
      break;
    default:
      break;
    }
    return "cannot analyse '" + File.str() + "': it is " + Kind.str() +
           ", not a regular file";
  }
  int FD;
  if (std::error_code EC = sys::fs::openFileForRead(File, FD))
    return "cannot read '" + File.str() + "': " + EC.message();
  sys::Process::SafelyCloseFileDescriptor(FD);
  return "";
}


} // namespace

int main(int argc, const char **argv) {
  InitLLVM X(argc, argv);
  std::vector<const char *> Args;
  for (int I = 0; I < argc; ++I) {
    StringRef A(argv[I]);
    if (I > 0 && (A == "--stats" || A == "-stats")) {
      Stats = true;
      continue;
    }
    if (I == 1 && A == "merge") {
      MergeMode = true;
      continue;
    }
    Args.push_back(argv[I]);
  }
  argc = static_cast<int>(Args.size());
  argv = Args.data();
  (void)clang::tidy::conclint::ConclintModuleAnchorSource;

  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter([](raw_ostream &OS) {
    OS << "conclint " << CONCLINT_VERSION << " (LLVM " << LLVM_VERSION_STRING
       << ")\n";
  });
  std::string ParseErrors;
  raw_string_ostream ParseErrs(ParseErrors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "conclint: concurrency checks over a whole project\n\n"
          "  conclint -p BUILD_DIR [PATH...]\n\n"
          "Exit codes: 0 no findings, 1 findings, 2 usage or input error,\n"
          "3 a translation unit could not be analysed.\n\n"
          "  --stats  print how many TUs were analysed and how many came from\n"
          "           the cache (on stderr)\n",
          &ParseErrs)) {
    // Errors about an option's value are printed by llvm::cl itself.
    if (ParseErrors.empty())
      return 2;
    StringRef Msg = StringRef(ParseErrors).trim();
    // llvm::cl prefixes its messages with the program name.
    Msg.consume_front(sys::path::filename(argv[0]));
    Msg = Msg.ltrim(": ");
    return inputError(Msg.empty() ? "invalid command line" : Msg);
  }

  if (!InternalWorker.empty())
    return runWorker(InternalWorker);
  if (!InternalPreprocess.empty())
    return runPreprocessor(InternalPreprocess);
  installStopHandlers();

  void *MainAddr = reinterpret_cast<void *>(&findDocsDir);
  ArgvZero = argv[0];
  ConfigInputs In;
  if (Checks.getNumOccurrences())
    In.Checks = Checks;
  if (Config.getNumOccurrences())
    In.Config = Config;
  if (HeaderFilter.getNumOccurrences())
    In.HeaderFilter = HeaderFilter;
  In.ExtraArgs.assign(ExtraArgs.begin(), ExtraArgs.end());
  In.ExtraArgsBefore.assign(ExtraArgsBefore.begin(), ExtraArgsBefore.end());

  std::string Error;
  std::unique_ptr<clang::tidy::ClangTidyOptionsProvider> Provider =
      makeOptionsProvider(In, Error);
  if (!Provider)
    return inputError(Error);

  ReportContext Ctx;
  Ctx.DocsDir = findDocsDir(argv[0], MainAddr);
  Ctx.DocsURL = CONCLINT_DOCS_URL;
  if (const char *Env = std::getenv("CONCLINT_DOCS_URL"))
    Ctx.DocsURL = Env;
  while (StringRef(Ctx.DocsURL).ends_with("/"))
    Ctx.DocsURL.pop_back();
  Ctx.SarifMaxResultsPerRun = SarifMaxResults;
  Ctx.SarifMaxRuns = SarifMaxRuns;
  Ctx.SarifMaxBytes = SarifMaxBytes;
  Ctx.ProjectRoot = realOrAbsolute(ProjectRoot.empty() ? std::string(".") : std::string(ProjectRoot));

  // --explain and --list-checks need no build directory.
  if (!Explain.empty()) {
    clang::tidy::ChecksAndOptions Known = clang::tidy::getAllChecksAndOptions(
        /*AllowEnablingAnalyzerAlphaCheckers=*/false,
        /*ExperimentalCustomChecks=*/false);
    if (!Known.Checks.contains(Explain))
      return inputError("unknown check '" + Explain +
                        "'; conclint --list-checks --checks='*' lists them all");
    if (StringRef(Explain).starts_with("conclint-")) {
      std::optional<std::string> Doc = checkDocPath(Ctx.DocsDir, Explain);
      if (!Doc)
        return inputError("no documentation for '" + Explain +
                          "' is installed (looked in '" +
                          (Ctx.DocsDir.empty() ? "<none>" : Ctx.DocsDir) +
                          "/checks'; set CONCLINT_DOCS_DIR)");
      auto Buf = MemoryBuffer::getFile(*Doc);
      if (!Buf)
        return inputError("cannot read '" + *Doc +
                          "': " + Buf.getError().message());
      outs() << (*Buf)->getBuffer();
      return 0;
    }
    outs() << Explain << ": upstream clang-tidy check\n"
           << "documentation: " << upstreamDocURL(Explain) << "\n";
    return 0;
  }

  if (ListChecks) {
    std::string Probe = absolute("conclint-probe.cpp");
    if (!reportConfigProblems(verifyConfiguration(*Provider, Probe)))
      return 2;
    outs() << "Enabled checks:\n";
    for (const std::string &C : enabledChecks(*Provider, Probe)) {
      std::string S = checkSummary(C);
      outs() << "    " << C;
      if (!S.empty())
        outs() << " - " << S;
      outs() << "\n";
    }
    return 0;
  }

  if (!ChangedLinesOpt.empty() && !ShardOpt.getNumOccurrences()) {
    std::string E = loadChangedLines(ChangedLinesOpt, Ctx.ProjectRoot, Changed);
    if (!E.empty())
      return inputError(E);
  }

  if (MergeMode)
    return runMerge(Ctx);

  ShardSpec Shard;
  if (ShardOpt.getNumOccurrences()) {
    std::string E = parseShardSpec(ShardOpt, Shard);
    if (!E.empty())
      return inputError(E);
    // What decides the report belongs to the merge, which sees every shard.
    cl::Option *MergeOnly[] = {&OutputFormat, &BaselineFile,
                               &WriteBaselineFile, &Fix, &ChangedLinesOpt};
    for (cl::Option *O : MergeOnly)
      if (O->getNumOccurrences())
        return inputError("--" + O->ArgStr.str() +
                          " belongs to `conclint merge`: a shard writes its "
                          "results, the merge writes the report");
  }

  if (BuildPath.empty())
    return inputError("no build directory given: conclint -p BUILD_DIR [PATH...]");

  // Where the report and baseline go: a link is followed, a FIFO or
  // directory refused, before any work.
  for (const std::string *Out : {&OutputFile.getValue(), &WriteBaselineFile.getValue()}) {
    if (Out->empty() || *Out == "-")
      continue;
    std::string E;
    if (resolveOutputPath(absolute(*Out), E).empty())
      return inputError(E);
  }

  // Baseline first: a bad one must stop us before any work.
  StringSet<> Baseline;
  if (!BaselineFile.empty()) {
    std::string E = readBaseline(BaselineFile, Baseline);
    if (!E.empty())
      return inputError(E);
  }

  // The compilation database.
  SmallString<256> DBPath(absolute(BuildPath));
  if (sys::fs::is_directory(DBPath))
    sys::path::append(DBPath, "compile_commands.json");
  if (!sys::fs::exists(DBPath))
    return inputError("no compile_commands.json in '" + BuildPath +
                      "' (configure with -DCMAKE_EXPORT_COMPILE_COMMANDS=ON)");
  std::string DBError;
  std::unique_ptr<clang::tooling::JSONCompilationDatabase> DB =
      clang::tooling::JSONCompilationDatabase::loadFromFile(
          DBPath, DBError, clang::tooling::JSONCommandLineSyntax::AutoDetect);
  if (!DB)
    return inputError("malformed '" + DBPath + "': " + DBError);
  std::vector<clang::tooling::CompileCommand> All = DB->getAllCompileCommands();
  if (All.empty())
    return inputError("'" + DBPath + "' has no entries");

  // One command per file (the first, as clang-tidy), absolute paths,
  // @response files expanded (as clang-tidy expands them), and only sources
  // the checks can analyse.
  std::vector<Task> Tasks;
  std::vector<std::string> &Skipped = SkippedEntries;
  {
    StringSet<> Seen;
    for (clang::tooling::CompileCommand &C : All) {
      C.Filename = absolute(C.Filename, C.Directory);
      if (!Seen.insert(C.Filename).second)
        continue;
      std::string E = expandResponseFiles(C);
      if (!E.empty())
        return inputError(E);
      if (!isCOrCxx(C)) {
        Skipped.push_back(C.Filename);
        continue;
      }
      Tasks.push_back({std::move(C), ""});
    }
  }
  if (Tasks.empty())
    return inputError("'" + DBPath + "' has no C or C++ entries");

  // Keep the files under the given paths.
  if (!Paths.empty()) {
    std::vector<std::string> Roots;
    for (const std::string &P : Paths) {
      std::string Abs = absolute(P);
      if (!sys::fs::exists(Abs))
        return inputError("no such file or directory: '" + P + "'");
      Roots.push_back(realOrAbsolute(Abs));
    }
    std::vector<bool> Used(Roots.size(), false);
    std::vector<Task> Kept;
    for (Task &T : Tasks) {
      std::string Real = realOrAbsolute(T.Cmd.Filename);
      bool Keep = false;
      for (size_t I = 0; I < Roots.size(); ++I)
        if (isUnder(Real, Roots[I]) || isUnder(T.Cmd.Filename, Roots[I])) {
          Used[I] = true;
          Keep = true;
        }
      if (Keep)
        Kept.push_back(std::move(T));
    }
    for (size_t I = 0; I < Roots.size(); ++I)
      if (!Used[I])
        return inputError("no entry of '" + DBPath + "' lies under '" +
                          Paths[I] + "'");
    Tasks = std::move(Kept);
  }

  // Every file must be readable, and the configuration valid, before any
  // analysis starts.
  {
    std::vector<std::string> Problems;
    std::vector<ConfigProblem> ConfigProblems;
    StringSet<> ConfigDirsSeen, ProblemsSeen;
    for (Task &T : Tasks) {
      std::string P = checkSourceFile(T.Cmd.Filename);
      if (!P.empty())
        Problems.push_back(P);
      // The .clang-tidy files first: reading them through the provider
      // would block on a FIFO and print unprefixed parse errors.
      if (!In.Config &&
          ConfigDirsSeen.insert(sys::path::parent_path(T.Cmd.Filename)).second)
        for (ConfigProblem &P : verifyConfigFiles(T.Cmd.Filename))
          if (ProblemsSeen.insert(P.Message).second)
            ConfigProblems.push_back(std::move(P));
    }
    if (ConfigProblems.empty()) {
      StringSet<> DirsSeen;
      for (Task &T : Tasks)
        if (DirsSeen.insert(sys::path::parent_path(T.Cmd.Filename)).second) {
          for (ConfigProblem &P : verifyConfiguration(*Provider, T.Cmd.Filename))
            if (ProblemsSeen.insert(P.Message).second)
              ConfigProblems.push_back(std::move(P));
          // Bad regexes and option values, untrusted compiler arguments.
          for (ConfigProblem &P : verifyConfigurationDeeply(
                   *Provider, T.Cmd.Filename, TrustConfig))
            if (ProblemsSeen.insert(P.Message).second)
              ConfigProblems.push_back(std::move(P));
        }
    }
    for (const std::string &P : Problems)
      WithColor::error(errs(), "conclint") << P << "\n";
    if (!reportConfigProblems(ConfigProblems) || !Problems.empty())
      return 2;
    // As clang-tidy: a configuration that enables nothing is a mistake.
    if (!Tasks.empty() && enabledChecks(*Provider, Tasks[0].Cmd.Filename).empty())
      return inputError("no checks are enabled for '" +
                        displayPath(Tasks[0].Cmd.Filename, Ctx.ProjectRoot) +
                        "' (see --checks and .clang-tidy)");
  }

  // --shard=I/N: this run's share of the plan (every selected TU).
  std::string Plan;
  unsigned PlanTUs = Tasks.size();
  {
    std::vector<std::string> Rel;
    std::vector<uint64_t> Sizes;
    for (const Task &T : Tasks) {
      Rel.push_back(displayPath(T.Cmd.Filename, Ctx.ProjectRoot));
      sys::fs::file_status St;
      Sizes.push_back(sys::fs::status(T.Cmd.Filename, St) ? 0 : St.getSize());
    }
    Plan = planHash(Rel);
    if (Shard.enabled()) {
      std::vector<Task> Mine;
      for (size_t I : selectShard(Rel, Sizes, Shard))
        Mine.push_back(std::move(Tasks[I]));
      Tasks = std::move(Mine);
    }
  }

  // Cache keys (the options provider is not thread-safe: do it here).
  std::string ResourceDir = findResourceDir(argv[0], MainAddr);
  std::string Identity = buildIdentity(argv[0], MainAddr) + "/" + ResourceDir;
  std::string CachePath;
  if (!NoCache)
    CachePath = CacheDir.empty()
                    ? absolute(".conclint-cache", sys::path::parent_path(DBPath))
                    : absolute(CacheDir);
  ResultCache Cache(CachePath, Ctx.ProjectRoot);
  for (Task &T : Tasks)
    T.Key = ResultCache::key(
        T.Cmd,
        clang::tidy::configurationAsText(Provider->getOptions(T.Cmd.Filename)),
        Identity, Ctx.ProjectRoot);

  SmallString<128> TempDir;
  if (std::error_code EC = sys::fs::createUniqueDirectory("conclint", TempDir))
    return inputError("cannot create a temporary directory: " + EC.message());

  bool ShowProgress =
      Progress == ProgressMode::Always ||
      (Progress == ProgressMode::Auto && sys::Process::StandardErrIsDisplayed() &&
       !sys::Process::GetEnv("CI"));
  ProgressLine Line(ShowProgress, Tasks.size());
  Evidence Ev;
  Ev.Exe = sys::fs::getMainExecutable(argv[0], MainAddr);
  Ev.Dir = CrashDir.empty()
               ? absolute("conclint-crashes", sys::path::parent_path(DBPath))
               : absolute(CrashDir);

  std::vector<TUResult> Results(Tasks.size());
  std::atomic<unsigned> Analysed{0}, FromCache{0};
  {
    // Longest first, so that no big TU starts last and leaves the other
    // cores idle at the end. Without a history, the main file's size stands
    // for the cost (a test file of thousands of lines is the usual tail).
    // The report does not depend on this order.
    std::vector<size_t> Order(Tasks.size());
    std::vector<uint64_t> Size(Tasks.size(), 0);
    for (size_t I = 0; I < Tasks.size(); ++I) {
      Order[I] = I;
      sys::fs::file_status St;
      if (!sys::fs::status(Tasks[I].Cmd.Filename, St))
        Size[I] = St.getSize();
    }
    std::stable_sort(Order.begin(), Order.end(),
                     [&](size_t A, size_t B) { return Size[A] > Size[B]; });
    DefaultThreadPool Pool(hardware_concurrency(Jobs));
    for (size_t I : Order)
      Pool.async([&, I] {
        const Task &T = Tasks[I];
        if (StopSignal)
          return;
        if (std::optional<TUResult> Hit = Cache.lookup(T.Key)) {
          Results[I] = std::move(*Hit);
          ++FromCache;
        } else {
          Line.update(T.Cmd.Filename);
          Results[I] = analyseInChild(Ev, T, In, ResourceDir, TempDir, I);
          ++Analysed;
          Cache.store(T.Key, Results[I]);
        }
        Line.finishOne(T.Cmd.Filename);
      });
    Pool.wait();
  }
  Line.clear();
  sys::fs::remove_directories(TempDir);
  if (int Sig = StopSignal.load()) {
    // Every child is reaped (the pool waited for them) and the temporary
    // directory is gone; an earlier report stays as it was.
    WithColor::error(errs(), "conclint")
        << "stopped by " << (Sig == SIGINT ? "SIGINT" : "SIGTERM")
        << "; no report written\n";
    return 128 + Sig;
  }

  ShardResults Run;
  Run.Shard = Shard.enabled() ? Shard : ShardSpec{1, 1};
  Run.Plan = Plan;
  Run.PlanTUs = PlanTUs;
  Run.Analysed = Analysed;
  Run.Cached = FromCache;
  for (TUResult &R : Results) {
    Run.Summaries.push_back(std::move(R.Summary));
    R.Summary.clear();
  }
  Run.Results = std::move(Results);
  if (!Shard.enabled())
    StoreOut = SummaryStoreOpt.empty()
                   ? absolute(".conclint/summaries", sys::path::parent_path(DBPath))
                   : absolute(SummaryStoreOpt);
  if (Shard.enabled())
    return writeShardResults(Run, Ctx);
  return finishRun(Run, Ctx, Baseline, &Cache, Identity);
}
