//===-- BlockingCalls.h - the one catalogue of blocking calls ---*- C++ -*-===//
//
// Answers "does this call block the calling thread?" for every check that
// needs it (blocking-call-in-coroutine, blocking-call-under-lock, ...). One
// catalogue, one pattern syntax (utils/Names.h), one set of shape rules:
//
//  - named functions, each with a kind: sleeps (std::this_thread::sleep_for,
//    ::sleep, ...), blocking I/O (::read, ::recv, ::accept, ::poll, ::fgets,
//    Asio's synchronous socket calls, ::system, ...), thread joins,
//    future get/wait, condition-variable waits, semaphores, latches and
//    barriers, mutex acquisition (a kind of its own: a check about locks
//    leaves it to the lock-order checks), running an event loop
//    (asio::io_context::run), and sync_wait-style helpers (a function that
//    blocks the calling thread until a task it starts completes:
//    std::this_thread::sync_wait, cppcoro::sync_wait, folly's blockingWait
//    ...). A member function is named by its own class or by the class of
//    the object it is called on (libstdc++ defines future::wait in a base).
//  - stream reads by shape: std::getline, operator>> and the input members
//    of std::basic_istream (read, get, getline, ignore, peek) block when the
//    stream is std::cin / std::wcin, a file stream (a class derived from
//    std::basic_ifstream or std::basic_fstream) or a socket stream
//    (asio::basic_socket_iostream). On any other stream (a string stream, or
//    an `std::istream &` whose object is not known) they are not blocking.
//  - polling is not blocking: wait_for / try_acquire_for with a constant
//    zero duration; ::poll / ::epoll_wait with a constant zero timeout;
//    ::select whose timeout is a local struct timeval every write of which
//    (its initialiser, `tv.tv_sec = ...`, `tv.tv_usec = ...`) stores zero
//    and which goes nowhere but to select (select only lowers it). A null
//    timeval waits for ever; a timeval passed anywhere else, or written
//    with a value not shown zero, is not followed: the select blocks.
//  - conditional polling: when the timeout (poll's int, the timeval's
//    fields) is zero exactly when some parameters are zero -- the
//    parameters of a helper (`select_read(fd, sec, usec)`) that are never
//    written in its body and reach the timeout through casts, + - * / and
//    the timeval -- the match carries them in BlockingMatch::ZeroIf: the
//    call polls in a call chain that binds each of them to a constant
//    zero (zeroUnder()). A client that has no chain (the helper analysed
//    on its own) keeps it blocking.
//  - I/O on a descriptor the function made non-blocking returns at once
//    (EAGAIN when nothing is ready): ::read, ::write, ::recv, ::send,
//    ::accept, ::connect ... whose descriptor is a local or parameter of
//    integer type that its function never writes after the initialiser,
//    either created non-blocking (socket(d, t | SOCK_NONBLOCK, p),
//    accept4(..., SOCK_NONBLOCK), open / openat(..., O_NONBLOCK)) or set
//    so by fcntl(fd, F_SETFL, ... | O_NONBLOCK) that every path to the call
//    runs (an earlier statement of a block holding the call evaluates it
//    unconditionally; the function has no label or case to jump past it),
//    and with no fcntl(fd, F_SETFL, flags) in its function that leaves
//    O_NONBLOCK out; or, in a coroutine, after readiness was awaited with
//    EAGAIN handled: a `co_await` naming the descriptor runs on every path
//    to the call, and the function compares a value with EAGAIN or
//    EWOULDBLOCK. Likewise a synchronous operation of an Asio socket
//    (read_some, write_some, receive, send, accept, asio::read / write /
//    connect on it) after `s.non_blocking(true)` on every path, with no
//    other non_blocking(x), open, assign or assignment of `s` in the
//    function: it fails with would_block instead of waiting. Code the
//    descriptor is handed to is not followed
//    either way: a helper that sets the mode (set_nonblocking(fd)) does
//    not count, and one that might clear it does not spoil a shown mode.
//  - a condition-variable wait (std::condition_variable(_any)::wait*,
//    pthread_cond_wait / timedwait) RELEASES the lock it is given while it
//    waits. BlockingMatch::ReleasedLock is that argument; releasedLocks()
//    names the lock(s) behind it (through a guard variable: the unique_lock's
//    mutex). A wait is blocking-under-a-lock only for the OTHER locks held.
//
// sync_wait-style helpers are recognised two ways: by their body where it
// is visible (a function of the analysed code whose body, directly or
// through its visible callees, waits on a future, latch, semaphore or
// condition variable: the checks follow it with utils::CallSummaries, and
// the chain shows the wait), and by the configurable name list
// (SyncWaitFunctions) for library helpers whose bodies are out of sight or
// too deep to follow. isSyncWaitKind() tells which kinds such a body wait
// has.
//
// Direction of approximation: under-approximates. A call is blocking only
// when its callee is in the catalogue (or matches a shape rule); an
// unknown callee, an indirect call, or a stream whose kind cannot be seen is
// not blocking (silence on unknown). releasedLocks() returns std::nullopt
// when the lock behind a wait cannot be named: a client must then assume
// it may release any lock (silence).
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_BLOCKINGCALLS_H
#define CONCLINT_CHECKS_UTILS_BLOCKINGCALLS_H

#include "utils/CallSummaries.h"
#include "utils/LockPath.h"

#include "clang-tidy/ClangTidyCheck.h"

#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conclint::utils {

/// What a blocking call waits for.
enum class BlockingKind : uint8_t {
  Sleep,         ///< a timed sleep
  Io,            ///< blocking I/O: files, sockets, terminals, processes
  Join,          ///< joining a thread
  FutureWait,    ///< future get / wait
  ConditionWait, ///< a condition-variable wait (releases its own lock)
  SyncPrimitive, ///< semaphore acquire, latch wait, barrier arrive_and_wait
  Lock,          ///< acquiring a mutex
  EventLoop,     ///< running an event loop until it has no work
  SyncWait,      ///< a sync_wait-style helper named in SyncWaitFunctions
  Other,         ///< a user-listed function the default table does not know
};

/// "sleep", "blocking I/O", "thread join", ... for messages.
llvm::StringRef blockingKindName(BlockingKind K);

/// True for the waits that make a body sync_wait-style: it blocks until
/// another thread or task signals it (futures, condition variables,
/// semaphores, latches, barriers, joins, named sync_wait helpers).
bool isSyncWaitKind(BlockingKind K);

/// One entry of the catalogue.
struct BlockingEntry {
  std::string Pattern; ///< normalised: "::std::future::get"
  std::string Scope;   ///< "::std::future" (class or namespace part)
  std::string Name;    ///< "get"
  BlockingKind Kind = BlockingKind::Other;
  /// The stream rule applies: blocking only on a blocking stream.
  bool StreamRead = false;
};

/// One blocking call.
struct BlockingMatch {
  const BlockingEntry *Entry = nullptr;
  /// For a condition-variable wait: the argument naming the lock it
  /// releases while waiting (a guard, a lockable, or a pointer to one).
  const Expr *ReleasedLock = nullptr;
  bool ReleasedByPointer = false;
  /// A readiness probe whose timeout is zero when each of these parameters
  /// is: it does not block in a call chain binding them all to zero.
  /// Empty: blocking whatever the arguments.
  llvm::SmallVector<const ParmVarDecl *, 2> ZeroIf;

  BlockingKind kind() const { return Entry->Kind; }
  /// The entry's name without the leading `::` ("std::future::get").
  llvm::StringRef name() const {
    return llvm::StringRef(Entry->Pattern).ltrim(':');
  }
};

/// The catalogue: the default table, or the lists a check's options give.
class BlockingCatalogue {
public:
  /// \p Functions and \p SyncWaitFunctions are `;`-separated pattern lists
  /// (utils/Names.h syntax; an unqualified `name` matches any function of
  /// that name). An entry of Functions that is in the default table keeps
  /// its kind; any other is BlockingKind::Other.
  explicit BlockingCatalogue(
      llvm::StringRef Functions = defaultFunctions(),
      llvm::StringRef SyncWaitFunctions = defaultSyncWaitFunctions());

  /// The default BlockingFunctions list (every kind above).
  static llvm::StringRef defaultFunctions();
  /// The default SyncWaitFunctions list.
  static llvm::StringRef defaultSyncWaitFunctions();

  /// The blocking call \p Call makes, or std::nullopt (see the header: shape
  /// rules and polling applied).
  std::optional<BlockingMatch> match(const CallExpr *Call) const;

  llvm::ArrayRef<BlockingEntry> entries() const { return Entries; }

private:
  void add(llvm::StringRef Raw, std::optional<BlockingKind> Kind);
  std::vector<BlockingEntry> Entries;
  llvm::StringMap<llvm::SmallVector<unsigned, 2>> ByName;
};

/// The two options of every check that uses the catalogue, read and stored
/// under the same keys: BlockingFunctions and SyncWaitFunctions (defaults:
/// the catalogue's).
struct BlockingCatalogueOptions {
  std::string Functions;
  std::string SyncWaitFunctions;

  static BlockingCatalogueOptions
  read(const ClangTidyCheck::OptionsView &Options);
  void store(const ClangTidyCheck::OptionsView &Options,
             ClangTidyOptions::OptionMap &Opts) const;
  BlockingCatalogue catalogue() const {
    return BlockingCatalogue(Functions, SyncWaitFunctions);
  }
};

/// The notes that walk a chain of calls from \p Callee down to its blocking
/// call (CallChain::Payload is the index of the catalogue entry):
/// "'f' calls 'g' here", ..., "'h' calls blocking function 'x' here".
void noteBlockingChain(ClangTidyCheck &Check, const FunctionDecl *Callee,
                       const CallChain &C, const BlockingCatalogue &Catalogue);

/// The parameters whose being zero makes the integer expression \p E zero:
/// {} when E is a constant zero, {p, q} for `p`, `(long)p`, `p * 1000 +
/// q / 1000`, a local never written after an initialiser of that shape,
/// where p and q are parameters never written in their function's body;
/// std::nullopt when E is not shown zero under any such condition.
std::optional<llvm::SmallVector<const ParmVarDecl *, 2>>
zeroCondition(const Expr *E, const ASTContext &Ctx);

/// Whether every parameter of \p ZeroIf is in \p Zero (a chain's binding).
bool zeroUnder(llvm::ArrayRef<const ParmVarDecl *> ZeroIf,
               llvm::ArrayRef<const ParmVarDecl *> Zero);

/// True if the stream object \p E (an expression of stream type) is one the
/// stream rule calls blocking: std::cin/std::wcin, a file stream, a socket
/// stream.
bool isBlockingStream(const Expr *E);

/// The locks a condition-variable wait releases while it waits: the lock of
/// the guard variable it is given (the unique_lock's mutex), or the lockable
/// itself. std::nullopt when the lock cannot be named.
std::optional<llvm::SmallVector<AccessPath, 1>>
releasedLocks(const BlockingMatch &M, const AliasMap *Aliases = nullptr);

} // namespace clang::tidy::conclint::utils

#endif
