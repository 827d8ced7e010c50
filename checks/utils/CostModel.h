//===-- CostModel.h - is this code CPU-heavy? --------------------*- C++ -*-===//
//
// A deliberately simple, syntactic cost model shared by the checks that ask
// "does this code burn CPU for a while?": a loop whose trip count is not a
// small compile-time constant and whose body neither suspends nor blocks nor
// does I/O, unless it is a cheap linear scan over a collection of objects (see
// CostModel::isLinearScan); loop nests whose combined trip count is not small; calls to known
// heavy library functions (sorting, whole-range numeric algorithms, regular
// expressions, compression, hashing); and calls to functions defined in this
// translation unit that are heavy themselves, however deep (the facts about
// callees are CallSummaries: recursion needs no cap; CallDepth can still
// bound the chains followed from the analysed code).
//
// The answer comes with its evidence (the loop or the call, and the chain of
// calls leading to it) so that diagnostics can point at it.
//
// The model is three files: LoopBounds.h (how often a loop runs: trip
// counts, one-pass shapes, atomic retry loops), CostCalls.h (what one call
// costs: the catalogues, stream I/O, constant-size ranges) and this one (the
// walk over code and the call summaries that follow calls into this TU).
//
// One pass over one string (a range-for over a std::string or string_view,
// a for loop bounded by its size(), a countdown from its size(): LoopBounds'
// scannedString) with constant work per character costs the string's
// length, like the copy of it the code makes anyway. In the analysed code
// it is charged (the string is the code's own data) unless it is a short
// string literal; in a callee's body it is not a witness, in either table:
// the string is whatever the caller passed or the callee stores (a header
// name, a field already filed), and the context-free summary cannot show
// its size is large. A loop over a string inside another loop, or with
// more than constant work per character, is charged as before. Known miss:
// a helper that scans the caller's whole payload (`count_lines(text)`)
// called from the analysed code is not charged. A range of characters
// walked by a pointer or iterator stepped toward its end (`while (it !=
// end) { ...; ++it; }`, `--last` toward `first`: LoopBounds'
// scannedCharRange) is one pass over one string too, judged the same way.
//
// The initialiser of a function-local static or thread_local variable
// (building a lookup table on the first call) runs once, not per call: it
// is not charged to the code that declares it.
//
// A step of an iterator (`++it` on a class declaring an iterator_category:
// CostCalls' isIteratorStep) is not followed into: the standard requires
// every iterator operation to take amortised constant time, so a loop that
// steps one is judged by its own shape (one pass), not by the link walk its
// increment makes to find a tree's next node. Likewise an erase by an
// iterator of a node-based container (`c.erase(it)`, the iterator not
// random-access: CostCalls' isNodeErase) is not followed into: the standard
// requires erase(q) of associative, unordered and list containers to be
// amortised constant, so a walk erasing the elements it visits (replacing
// every field of one name) is one pass with constant work per element,
// whatever successor search or rebalancing the erase makes.
//
// Direction of approximation: heavy only when shown -- a loop whose trip
// count is not shown small and whose body is not shown to wait, a call to a
// catalogued heavy function, or a call whose visible body is heavy. A callee
// without a visible body is not heavy, and the code of lambdas written
// inside the analysed code is not charged where it is written.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_COSTMODEL_H
#define CONCLINT_CHECKS_UTILS_COSTMODEL_H

#include "CallSummaries.h"
#include "CheckOptions.h"
#include "Names.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conclint::utils {

/// The knobs of the cost model, as the checks expose them as options.
struct CostOptions {
  /// Loops (and loop nests) with a constant trip count up to this are cheap.
  unsigned SmallTripCount = 64;
  /// Functions whose call is CPU-heavy, in the pattern syntax of Names.h
  /// (`::a::b`, `name`, trailing `*`).
  std::vector<std::string> HeavyFunctions;
  /// Functions that suspend, block or do I/O: a loop calling one of them is
  /// not CPU-bound (same name syntax as HeavyFunctions).
  std::vector<std::string> NonCpuFunctions;
  /// How many calls deep a chain from the analysed code to the heavy work
  /// may be (0: only the code itself; UnlimitedCallDepth: any). The facts
  /// about callees themselves are always unbounded summaries.
  unsigned CallDepth = UnlimitedCallDepth;
  /// When false (the default), a cheap linear scan (CostModel::isLinearScan)
  /// is not heavy; when true, every loop of unknown trip count is.
  bool LinearScansAreHeavy = false;

  CostOptions();

  /// The defaults as `;`-separated option strings.
  static llvm::StringRef defaultHeavyFunctions();
  static llvm::StringRef defaultNonCpuFunctions();

  /// Builds options from check option strings; an empty list string keeps the
  /// default list. A list starting with `+` extends the default.
  static CostOptions fromStrings(unsigned SmallTripCount,
                                 llvm::StringRef HeavyFunctions,
                                 llvm::StringRef NonCpuFunctions,
                                 unsigned CallDepth = UnlimitedCallDepth,
                                 bool LinearScansAreHeavy = false);
};

/// The cost-model options a check exposes (SmallTripCount, HeavyFunctions,
/// NonCpuFunctions, CallDepth -- CalleeDepth is its deprecated alias --,
/// LinearScansAreHeavy), read from and written back to its configuration the
/// same way in every check that uses the model.
struct CostCheckOptions {
  unsigned SmallTripCount;
  std::string HeavyFunctions;
  std::string NonCpuFunctions;
  unsigned CallDepth;
  bool LinearScansAreHeavy;

  static CostCheckOptions read(const ClangTidyCheck &Check,
                               const ClangTidyCheck::OptionsView &Options);
  void store(const ClangTidyCheck::OptionsView &Options,
             ClangTidyOptions::OptionMap &Opts) const;
  /// The model's options built from these strings.
  CostOptions model() const {
    return CostOptions::fromStrings(SmallTripCount, HeavyFunctions,
                                    NonCpuFunctions, CallDepth,
                                    LinearScansAreHeavy);
  }
};

/// Why a piece of code is CPU-heavy.
struct CostEvidence {
  enum class RootKind {
    Loop,     ///< a loop (or loop nest) with a large or unknown trip count
    HeavyCall ///< a call to one of the HeavyFunctions
  };
  RootKind Kind = RootKind::Loop;
  /// The loop or the heavy call, inside the innermost function of Chain (or
  /// inside the analysed code when Chain is empty).
  const Stmt *Root = nullptr;
  /// For HeavyCall: the name as written in diagnostics ("std::sort").
  std::string HeavyName;
  /// For Loop: the loop nest's constant trip count when known (it is then
  /// larger than SmallTripCount); std::nullopt when it depends on data.
  std::optional<uint64_t> TripCount;
  /// Calls to functions of this translation unit leading from the analysed
  /// code down to Root: Chain[0] is in the analysed code, Chain[i+1] in the
  /// callee of Chain[i] (the steps of a CallChain).
  llvm::SmallVector<CallStep, 3> Chain;

  /// Where the heavy work shows in the analysed code: Chain[0] or Root.
  const Stmt *site() const;
  /// The function called by Chain[I] (a definition with a body).
  const FunctionDecl *chainCallee(unsigned I) const;
  /// "loop", "loop nest", "call to 'std::sort'", "call to 'crunch'".
  std::string describeSite() const;
};

/// Restricts what CostModel::findHeavy reports.
struct CostFilter {
  /// Subtrees for which this returns true are not looked at (code handed to
  /// another thread, code after a switch to a thread pool, ...).
  llvm::function_ref<bool(const Stmt *)> Skip = nullptr;
  /// Evidence for which this returns false is passed over; for a rejected
  /// loop, the loops and calls inside it are still considered.
  llvm::function_ref<bool(const CostEvidence &)> Accept = nullptr;
};

/// Memoising cost model over one ASTContext. Cheap to construct; create one
/// per check (options) and reuse it across matches of the same TU.
class CostModel {
public:
  explicit CostModel(CostOptions Opts = {});

  using Filter = CostFilter;

  /// The first CPU-heavy piece of \p S in source order. Lambda bodies written
  /// inside \p S are not part of it (they run when called, maybe elsewhere);
  /// calls to them are followed like any other TU-local call. At a co_await,
  /// co_yield or co_return only the operand is the code's own work: the
  /// awaiter's await_ready/await_suspend/await_resume and the promise's
  /// methods are scheduling machinery and never charged. A loop whose
  /// condition reads a standard atomic (a compare-and-swap retry loop, a
  /// spin-wait) is not a CPU-bound loop, nor is one whose integer control
  /// variable is divided or multiplied by at least 2 at every step (a heap
  /// sift, `n >>= 1`: at most 64 steps); the code inside still counts.
  std::optional<CostEvidence> findHeavy(const Stmt *S, ASTContext &Ctx,
                                        Filter F = Filter());
  /// Every maximal CPU-heavy piece of \p S in source order.
  std::vector<CostEvidence> findAllHeavy(const Stmt *S, ASTContext &Ctx,
                                         Filter F = Filter());

  /// Whether calling \p FD does CPU-heavy work (its body and everything it
  /// calls); null when not or unknown. Coroutines are analysed on their own
  /// and are never heavy callees (calling one only creates it).
  const CostEvidence *heavyFunction(const FunctionDecl *FD, ASTContext &Ctx);

  /// Whether \p S contains a suspension (co_await, co_yield), a call to one of
  /// the NonCpuFunctions, stream I/O, or a call of a TU-local function that
  /// does one of these (within CallDepth calls).
  bool suspendsBlocksOrDoesIO(const Stmt *S, ASTContext &Ctx);

  /// The name under which \p Call matches HeavyFunctions (and is not applied
  /// to a small constant-size range), or std::nullopt.
  std::optional<std::string> heavyCallName(const Expr *Call, ASTContext &Ctx);

  /// The constant trip count of a single loop (for, range-for over a
  /// constant-size array / std::array / braced list, do-while(false)), or
  /// std::nullopt when it depends on data or is unbounded.
  static std::optional<uint64_t> constantTripCount(const Stmt *Loop,
                                                   ASTContext &Ctx);
  /// The trip count of the loop nest rooted at \p Loop (product along the
  /// deepest nest), std::nullopt when any part is unknown.
  static std::optional<uint64_t> nestTripCount(const Stmt *Loop,
                                               ASTContext &Ctx);

  /// Whether \p Loop, whose trip count is not a constant, is a cheap linear
  /// scan: a range-for; a for loop whose condition compares with a
  /// container's size() / end() (or std::size / std::end of it); or a while
  /// loop draining a container (condition on its size() or !empty(), or a
  /// condition variable that is a pointer taken from its front() / back() /
  /// top(); body calling its pop_front / pop_back / pop / erase); over
  /// elements that are objects (class type or pointer), not arithmetic or
  /// enumeration values (bytes, numbers); whose body holds no loop; and whose
  /// calls are not heavy even when linear scans count as heavy (so the work
  /// per element is constant), within CallDepth calls. A dependent element type is
  /// not a scan. Ignores LinearScansAreHeavy.
  bool isLinearScan(const Stmt *Loop, ASTContext &Ctx);

  /// True for for, range-for, while and do statements.
  static bool isLoop(const Stmt *S);

  const CostOptions &options() const { return Opts; }

private:
  struct Walker;
  // Strict: linear scans count as heavy whatever the options say (used for
  // the work done per element of a linear scan). Budget: calls that may
  // still be followed from here.
  std::optional<CostEvidence> heavyIn(const Stmt *S, ASTContext &Ctx,
                                      unsigned Budget, const Filter &F,
                                      std::vector<CostEvidence> *All,
                                      bool Strict);
  bool linearScanAt(const Stmt *Loop, ASTContext &Ctx, unsigned Budget);
  /// One pass over the characters of one string (LoopBounds'
  /// scannedString) with constant work per character.
  bool stringScanAt(const Stmt *Loop, ASTContext &Ctx, unsigned Budget);
  /// A loop body that does constant work per iteration: no inner loop that
  /// can run more than once, nothing heavy (scans counted as heavy).
  bool constantWorkPerIteration(const Stmt *Body, ASTContext &Ctx,
                                unsigned Budget);
  bool nonCpuAt(const Stmt *S, ASTContext &Ctx, unsigned Budget);
  /// The sites of a callee's body for the heavy (or strict) family.
  llvm::SmallVector<Site, 8> heavySites(const FunctionDecl *Def, bool Strict);
  llvm::SmallVector<Site, 8> nonCpuSites(const FunctionDecl *Def);
  /// The evidence of a heavy call to \p Callee made by \p Call.
  CostEvidence chainEvidence(const Expr *Call, const FunctionDecl *Callee,
                             bool Strict, ASTContext &Ctx);
  CallSummaries &heavyTable(bool Strict) { return Strict ? StrictHeavy : Heavy; }
  void reset(ASTContext &Ctx);

  CostOptions Opts;
  NameSet HeavyNames;
  NameSet NonCpuNames;
  CallSummaries NonCpu;
  CallSummaries StrictHeavy;
  CallSummaries Heavy;
  llvm::DenseMap<const FunctionDecl *, std::optional<CostEvidence>> FunctionMemo;
  const ASTContext *MemoCtx = nullptr;
};

/// The notes that walk a diagnostic from the analysed code down to the heavy
/// work: one per call of the chain ("'helper' called here does CPU-bound
/// work") and one at the root ("CPU-bound loop here").
llvm::SmallVector<std::pair<SourceLocation, std::string>, 4>
evidenceNotes(const CostEvidence &Ev);

} // namespace clang::tidy::conclint::utils

#endif
