//===-- Summary.h - per-TU facts for the project-wide link --------*- C++ -*-===//
//
// The project-wide analysis (docs/summaries.md): while a translation unit is
// analysed, the checks record compact facts about the functions defined
// there, keyed by USR (the cross-TU identity clangd's index uses). The driver
// carries them with the TU's result (and in its cache), merges them after
// every TU ("the link"), and runs the analyses only the whole program shows.
// The merged facts are written as a store that the single-file front-ends
// read, so an editor sees the facts of the other files.
//
// Facts come from the analysis core, not from a second walk:
//  - blocking: the sites of CallSummaries' "calling this blocks" family
//    (blocking-call-in-coroutine's own table) -- the local witness and the
//    calls the family follows, now including calls to functions whose body
//    is in another TU; and the coroutine's own non-exempt calls as the
//    check's switch analysis leaves them;
//  - races and lock order: Lockset's must sets at each access to a global
//    or static member, at each call, and its order edges; spawns as
//    ThreadEntryPoints classifies them, windows as ThreadLifetimes computes
//    them.
//
// Direction of approximation, as in each of those: a fact is recorded only
// when the core shows it; what the core cannot see (a call through a
// pointer, an access through an alias) is absent, and an absent fact only
// means fewer findings. The link decides nothing from an absent USR.
//
// The serialised format is JSON, versioned by "conclintSummary" (a TU's
// summary) and "conclintSummaryStore" (the merged store). Locations are
// [file index, offset, line, column] with a "files" table per document, so
// the driver can rebase paths without knowing the facts; every other string
// (USR, name, lock, path) is an index into the document's "strings" table.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_SUMMARY_H
#define CONCLINT_CHECKS_UTILS_SUMMARY_H

#include "utils/CallSummaries.h"

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/JSON.h"

#include <climits>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string_view>
#include <string>
#include <vector>

namespace clang {
class SourceManager;
namespace tidy {
class ClangTidyCheck;
}
} // namespace clang

namespace clang::tidy::conclint::utils::summary {

/// Bump on any incompatible change of either document.
/// 2: lock-order facts (acquires, alsoHeld on edges, concurrentRoot, locks).
/// 3: a "strings" table (USRs, names, locks, access paths, each once);
///    records refer to strings and files by index.
constexpr int64_t FormatVersion = 3;

/// A file name interned for the life of the process: every Loc in one file
/// shares one copy (a merged program holds a few thousand files and
/// millions of locations). Converts to llvm::StringRef; compares and orders
/// as its text.
class FileName {
public:
  FileName() = default;
  FileName(llvm::StringRef S);
  FileName(const std::string &S) : FileName(llvm::StringRef(S)) {}
  FileName(const char *S) : FileName(llvm::StringRef(S)) {}
  operator llvm::StringRef() const { return S; }
  llvm::StringRef ref() const { return S; }
  std::string str() const { return S.str(); }
  bool empty() const { return S.empty(); }
  friend bool operator==(const FileName &A, const FileName &B) {
    return A.S.data() == B.S.data() || A.S == B.S;
  }
  friend bool operator!=(const FileName &A, const FileName &B) {
    return !(A == B);
  }
  friend bool operator<(const FileName &A, const FileName &B) {
    return A.S < B.S;
  }
  friend std::ostream &operator<<(std::ostream &OS, const FileName &F) {
    return OS << std::string_view(F.S.data(), F.S.size());
  }

private:
  llvm::StringRef S;
};

/// A point in a source file (absolute path, or relative to the project root
/// in a shard's results file).
struct Loc {
  FileName File;
  unsigned Offset = 0;
  unsigned Line = 0;
  unsigned Column = 0;
  bool valid() const { return !File.empty(); }
};

/// A call the blocking family follows, or a call with the locks held.
struct Call {
  std::string Usr;               ///< callee
  std::string Name;              ///< callee, for messages
  Loc At;
  std::vector<std::string> Held; ///< must-held locks (race family)
};

/// The local witness of "calling this blocks".
struct BlockRoot {
  Loc At;
  std::string What;   ///< "std::this_thread::sleep_for"
  std::string Advice; ///< the check's advice for it
};

/// A call in a coroutine body that runs on the coroutine's thread.
struct CoroutineCall {
  Call C;
  unsigned Budget = UINT_MAX; ///< calls below the callee the check follows
};

/// An access to a global or static member variable.
struct Access {
  std::string Var;  ///< the variable's USR
  std::string Path; ///< access path, "counter", "table[]", "S::stats.hits"
  bool Write = false;
  std::vector<std::string> Held;
  Loc At;
};

/// A thread started in the function.
struct Spawn {
  std::string Entry; ///< USR of the function the thread runs
  std::string EntryName;
  Loc At;
  bool Repeats = false; ///< may run again while an earlier instance runs
  /// The spawning function's own accesses and calls while it may run.
  std::vector<Access> Window;
  std::vector<Call> WindowCalls;
};

/// `Held` was held when `Acquired` was acquired (in the function's own
/// body; pairs taken together by std::lock / std::scoped_lock have none).
struct OrderEdge {
  std::string Held, Acquired;
  Loc HeldAt, AcquiredAt;
  /// The other locks certainly held then (gate locks), as `Held` is named.
  std::vector<std::string> AlsoHeld = {};
};

/// A lock acquired (blocking: lock(), a guard) in the function's own body,
/// with the locks certainly held there before it.
struct Acquire {
  std::string Lock;
  Loc At;
  std::vector<std::string> Held;
};

/// Everything recorded about one function defined in a TU.
struct FunctionFacts {
  std::string Name;
  Loc At;
  bool Coroutine = false;
  bool Lambda = false;
  /// Blocking family: the own-body witness, if any, and the followed calls
  /// whose callee may block elsewhere (outside this TU, or through it).
  std::optional<BlockRoot> Blocks;
  std::vector<Call> BlockingCalls;
  /// The in-TU chain, as the core's summary has it (file:line steps).
  std::vector<Loc> LocalChain;
  /// Coroutines: their calls that run on the coroutine's thread.
  std::vector<CoroutineCall> CoroutineCalls;
  /// Race family.
  std::vector<Access> Accesses;
  std::vector<Call> Calls;
  std::vector<Spawn> Spawns;
  std::vector<OrderEdge> LockOrder;
  unsigned Joins = 0, Detaches = 0;
  /// Lock-order family (recordLockOrder): the body's own acquisitions, and
  /// whether the function is a public method of a class that owns a
  /// lockable member (callable from any thread: a root that runs beside
  /// itself, as conclint-lock-order-inversion takes it).
  std::vector<Acquire> Acquires;
  bool ConcurrentRoot = false;

  bool empty() const;
};

/// The facts of one TU (or, merged, of a program), by USR.
struct Summary {
  std::string TU; ///< main file; empty in a merged store
  std::map<std::string, FunctionFacts> Functions;
  /// Global variables by USR: display name and declaration.
  std::map<std::string, std::pair<std::string, Loc>> Globals;
  /// Locks ("g:<key>") by display name (the access path as written).
  std::map<std::string, std::string> Locks;
  /// Per-function: the TU that recorded it (merged store only).
  std::map<std::string, std::string> DefinedIn;
  /// Per file: the hash of the content the facts were taken from (store
  /// only; hashContent()).
  std::map<std::string, std::string> FileHashes;
};

/// Writes \p S as compact JSON, one function at a time (never the whole
/// document as a json::Value: that costs tens of times the text).
void writeJSON(llvm::raw_ostream &OS, const Summary &S, bool Store = false);
/// writeJSON into a string: the form the driver keeps per TU.
std::string toText(const Summary &S, bool Store = false);
/// The same document as a json::Value (tests, small summaries).
llvm::json::Value toJSON(const Summary &S, bool Store = false);
/// "" on success, else why \p V is not a summary of this version.
std::string fromJSON(const llvm::json::Value &V, Summary &S,
                     bool Store = false);
/// Rewrites the "files" table of a serialised summary in place.
void rebaseFiles(llvm::json::Value &V,
                 const std::function<std::string(llvm::StringRef)> &Map);
/// The same on a summary kept as text ("" stays ""; text that is not JSON
/// is left as it is, for the reader to reject).
void rebaseFiles(std::string &Text,
                 const std::function<std::string(llvm::StringRef)> &Map);
/// Adds \p From into \p Into (the first TU to define a USR wins: inline
/// functions of headers are the same everywhere).
void mergeInto(Summary &Into, const Summary &From);

/// Drops what no link can use: a function is kept when it has a fact of its
/// own (anything but plain calls) or calls, directly or through kept
/// functions, one that has; the calls of kept functions to dropped ones go
/// too. With \p KeepExternal (one TU's summary), a call to a function the
/// summary does not define may lead to facts elsewhere: its caller is kept
/// and the call stays. Without it (the merged program), a call to a
/// function no TU defines leads nowhere. Every link (blocking chains,
/// races, lock-order edges) follows only calls to functions with facts
/// below them, so its findings are the same; the store and the driver's
/// memory shrink by the library code that touches nothing concurrent.
void prune(Summary &S, bool KeepExternal);
/// What prune keeps a function for by itself: a fact of its own (anything
/// but plain calls). The driver's kept program prunes with it as it loads.
bool hasOwnFacts(const FunctionFacts &F);
/// Marks every node that reaches a marked one: \p Callers holds, per node
/// (by index), the nodes that call it; the search goes backwards from the
/// nodes \p Mark already marks. prune() and the link's lock-order search
/// use it.
void markCallers(const std::vector<std::vector<unsigned>> &Callers,
                 std::vector<char> &Mark);

/// The content hash the store records per file (the driver's cache hash).
std::string hashContent(llvm::StringRef Content);

/// A location in the current TU.
Loc locOf(const SourceManager &SM, SourceLocation L);
/// The file name of the TU's main file, as summaries record it.
std::string mainFileOf(const SourceManager &SM);
/// Every function definition of the TU outside system headers (template
/// instantiations and lambda bodies included; dependent and implicit ones
/// not): what the summary collectors record facts for.
std::vector<const FunctionDecl *> definitionsOf(ASTContext &Ctx);
/// The USR of \p D, "" if it has none. A USR longer than MaxUsrLength
/// (a template instantiation's spells its arguments) is "h:" and the
/// 128-bit hash of it (hashContent): the same identity in every TU, a
/// collision as unlikely as one of the cache's content hashes.
constexpr size_t MaxUsrLength = 64;
std::string usrOf(const Decl *D);

//===----------------------------------------------------------------------===//
// Collection (the worker turns it on; the front-ends leave it off)
//===----------------------------------------------------------------------===//

/// The process-wide sink the checks write into while one TU is analysed.
class Sink {
public:
  static Sink &get();
  void enable(bool On = true) { Enabled = On; }
  bool enabled() const { return Enabled; }
  Summary &current() { return S; }
  /// The summary of the TU just analysed; resets the sink.
  Summary take();

private:
  bool Enabled = false;
  Summary S;
};

/// A callee with no body in this TU that the blocking family may follow
/// elsewhere: a user function (not a system header's, not a lambda's), with
/// a USR. Null otherwise.
const FunctionDecl *calleeDefinedElsewhere(const CallExpr *Call,
                                           const SourceManager &SM);

/// A finding of the link, in plain data (the driver makes it a Finding, a
/// front-end a diagnostic).
struct LinkFinding {
  std::string Check;
  std::string Message;
  Loc At;
  std::vector<std::pair<std::string, Loc>> Notes;
};

/// What blocking-call-in-coroutine hands over at the end of a TU: its
/// summary table, how to name a local witness, and the calls of each
/// coroutine that its analysis kept (not exempt, not a blocking call).
struct BlockingTU {
  CallSummaries *Facts = nullptr;
  /// Payload of a local witness -> (what, advice).
  std::function<std::pair<std::string, std::string>(unsigned)> Describe;
  struct CoroCall {
    const FunctionDecl *Coro;
    const CallExpr *Call;
    const FunctionDecl *Callee;
    unsigned Budget; ///< calls below the callee the check may follow
  };
  std::vector<CoroCall> CoroutineCalls;
};

/// The blocking family's facts of the TU: functions that block (with the
/// in-TU chain) or may block through a callee defined elsewhere, and the
/// coroutine calls to such callees.
Summary collectBlocking(const BlockingTU &B, ASTContext &Ctx);

/// At the end of a TU: records collectBlocking() into the sink when it is
/// on; with a \p Store, links the TU's own facts with the store's facts of
/// the other files (never those of this TU's files, nor of files changed
/// since the store was written) and reports, through \p Report, each
/// coroutine call that reaches a blocking call only through them.
void finishBlocking(const BlockingTU &B, ASTContext &Ctx, const Summary *Store,
                    const std::function<void(const LinkFinding &)> &Report);

/// The program as one TU sees it: \p Mine (the TU's own facts; each of its
/// functions recorded as defined in Mine.TU), plus the functions of \p
/// Store that lie in none of this TU's files and whose file still has the
/// content hash the store recorded (a stale fact is dropped, never used),
/// with the TU that recorded them. Direction: fewer facts, never wrong ones.
Summary withStore(Summary Mine, const Summary &Store, const SourceManager &SM);

/// Records the race family's facts of the TU (accesses to globals and
/// static members with the locks held, calls, spawns with their windows,
/// lock-order edges, joins) for every user function definition, from
/// Lockset, ThreadEntryPoints and ThreadLifetimes, when the sink is on.
void recordRaces(ASTContext &Ctx);
/// The same facts, returned whether or not the sink is on (empty for a TU
/// that does not compile): conclint-unguarded-shared-state links them with
/// the store in the single-file front-ends.
Summary collectRaces(ASTContext &Ctx);

/// Records the lock-order family's facts of the TU (per user function
/// definition: Lockset's order edges with their gate locks, the body's own
/// acquisitions, direct calls with the locks held, spawns, whether it is a
/// public method of a class that locks) when the sink is on.
/// conclint-lock-order-inversion calls it, so the link reports lock-order
/// cycles only when that check runs.
void recordLockOrder(ASTContext &Ctx);
/// The same facts, returned whether or not the sink is on (empty for a TU
/// that does not compile): conclint-lock-order-inversion links them with
/// the store in the single-file front-ends.
Summary collectLockOrder(ASTContext &Ctx);

//===----------------------------------------------------------------------===//
// The link: pure functions over merged facts
//===----------------------------------------------------------------------===//

/// One step of a linked chain: in function Caller, at At, a call to Callee
/// (or, last, the blocking call itself).
struct LinkedStep {
  std::string Caller, Callee;
  Loc At;
};
struct LinkedChain {
  std::vector<LinkedStep> Steps; ///< calls, caller first
  BlockRoot Root;
  std::string RootFunction;
};

/// "Calling USR blocks", over the merged facts; functions for which
/// \p Skip holds contribute nothing (their facts come from elsewhere).
class BlockingLink {
public:
  explicit BlockingLink(const Summary &S,
                        std::function<bool(const std::string &Usr)> Skip = {});
  /// The shortest chain from a call of \p Usr to a blocking call.
  std::optional<LinkedChain> chain(const std::string &Usr) const;

private:
  const Summary &S;
  /// USR -> (depth, index of the call in BlockingCalls or -1 for the root)
  llvm::StringMap<std::pair<unsigned, int>> Best;
};

/// blocking-call-in-coroutine across TUs: a coroutine's call whose callee
/// reaches a blocking call through a function defined in another TU.
std::vector<LinkFinding> linkBlockingInCoroutines(const Summary &S);

/// unguarded-shared-state across TUs: a global written by a thread whose
/// entry, accesses or spawn lie in different TUs, concurrently with another
/// access, with no lock held in common. With \p Prefer, only the races
/// whose write lies at a place \p Prefer accepts (the single-file
/// front-ends: a place of the file they analyse).
std::vector<LinkFinding>
linkRaces(const Summary &S,
          const std::function<bool(const Loc &)> &Prefer = nullptr);

/// Every lock-order edge of the program, with its function, for a pure
/// lock-order analysis (utils/LockOrder) to consume.
struct ProgramOrderEdge {
  std::string Function;
  OrderEdge Edge;
};
std::vector<ProgramOrderEdge> lockOrderEdges(const Summary &S);

/// conclint-lock-order-inversion across TUs (SummaryLockOrder.cpp).
///
/// Roots, as the per-TU check takes them: every spawn's entry (running
/// beside itself when started from two places or again while running),
/// every function that starts a thread, every public method of a class
/// that owns a lockable member (ConcurrentRoot; beside itself). From each
/// root, the recorded calls are followed (callees known by USR only; an
/// unknown callee adds nothing) with the locks held at each call; an edge
/// is a function's own order edge, or a lock held by a caller on the way
/// in -> a lock the function acquires. Each edge's Context is its root;
/// an edge reachable from no root has no context and is dropped, as the
/// per-TU check only looks at its roots' edges. Only locks of static
/// storage ("g:", the same object in every TU) make edges; an "l:" or
/// unknown lock held counts as a possible gate (silence).
///
/// The cycles (utils/LockOrder's findOrderInversions, \p MaxCycleLength)
/// are reported with the check's message and notes (each path's root,
/// calls and acquire sites across files) only when they need facts of more
/// than one TU: every function on every edge's path, and for a thread
/// entry its spawn, lying in one TU means that TU's check reports it.
/// Direction: fewer findings -- a cycle through a call the summaries lack
/// (virtual, through a pointer, an unknown callee) is not reported.
///
/// Each cycle is reported at the acquisition (or first call) of one of its
/// edges: the first in file order, or, with \p Prefer, the first of those
/// whose place \p Prefer accepts (the single-file front-ends prefer the
/// files they can show).
std::vector<LinkFinding>
linkLockOrder(const Summary &S, unsigned MaxCycleLength = 3,
              const std::function<bool(const Loc &)> &Prefer = nullptr);

//===----------------------------------------------------------------------===//
// The store, for the single-file front-ends
//===----------------------------------------------------------------------===//

/// The store a check should read: the path of the option \p Configured if
/// not empty, else `.conclint/summaries` in the first directory upwards
/// from the compile command's directory that has one (stopping at the
/// directory of compile_commands.json). Loaded once per path and content;
/// a store that cannot be read gives \p Warn one message (once per path),
/// and null.
std::shared_ptr<const Summary>
loadStore(llvm::StringRef Configured, llvm::StringRef BuildDir,
          llvm::StringRef MainFile,
          const std::function<void(const std::string &)> &Warn);
/// loadStore for the TU of \p SM: \p BuildDir is clang-tidy's build
/// directory of the TU (empty in clangd, which runs the TU in its compile
/// command's directory: the working directory is taken then).
std::shared_ptr<const Summary>
loadStoreForTU(llvm::StringRef Configured, std::string BuildDir,
               const SourceManager &SM,
               const std::function<void(const std::string &)> &Warn);
/// The store a single-file front-end links the TU of \p Ctx with: null in
/// the driver's workers (the driver links the whole program itself), when
/// the TU does not compile, or when loadStoreForTU finds none.
std::shared_ptr<const Summary>
storeToLinkWith(ASTContext &Ctx, llvm::StringRef Configured,
                std::string BuildDir,
                const std::function<void(const std::string &)> &Warn);

/// The source location of \p L in \p SM (loading the file if needed);
/// invalid when the file or the position no longer exists.
SourceLocation toSourceLocation(SourceManager &SM, const Loc &L);

/// Emits \p X through \p Check at \p At (its place in this TU), with the
/// notes whose places still exist: how a check shows a link finding.
void emitLinkFinding(ClangTidyCheck &Check, SourceManager &SM,
                     SourceLocation At, const LinkFinding &X);

/// The absolute names (as locOf spells them) of every file of the current TU.
llvm::StringSet<> filesOfTU(const SourceManager &SM);

} // namespace clang::tidy::conclint::utils::summary

#endif
