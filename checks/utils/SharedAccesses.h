//===-- SharedAccesses.h - accesses to shared state, by context -*- C++ -*-===//
//
// Every access to shared state of one translation unit, each recorded as an
// access path (utils/LockPath) with the locks held there (utils/Lockset) and
// the concurrent context that runs it, plus the relations a race check asks
// about two accesses.
//
// Contexts walked (CtxKind):
//  - Entry: the body of each concurrent spawn (utils/Spawns), and the
//    functions it calls that are defined in user code, up to MaxDepth calls
//    deep, binding reference and pointer parameters to the shared objects
//    passed;
//  - Window: each spawning function while its threads run (an access is
//    recorded with the spawns alive at the statement of the spawner's body
//    that runs it, SpawnModel::aliveAt, and dropped when none is);
//  - External: the public member functions of a class whose members run as
//    thread entries (callers outside the TU may run them at any time);
//  - Recall: the public member functions of a class that owns a lockable,
//    each on its own (the lock-consistency rule; never paired with
//    threads, only with each other; only the fields of the object the
//    method runs on, not globals or statics it names); not of a class that is itself a
//    synchronisation type (a lockable or a guard: its members implement
//    the lock). One that only this translation unit can call (private, or
//    non-virtual in a class defined in the main file or an anonymous
//    namespace, its address never taken), or a non-virtual one taking a
//    guard by reference (a lock witness: `closed(lock_guard<mutex>&)`, the
//    caller's documented proof that it holds a lock; the visible callers
//    name it, and when none does -- no visible call, or only calls whose
//    lock is not known -- it holds some lock), starts with the locks that every
//    visible caller holds around the call (callerHeld: an intersection;
//    another object's lock is the unknown lock; a call in a lambda holds
//    nothing). A relockable guard by reference (`f(unique_lock<mutex>&)`)
//    is a witness too, its callers' locks held only where the guard still
//    is (utils/GuardWitness.h); for any witness, a call whose lock cannot
//    be named holds some lock, and a call that passes on the caller's own
//    guard or that the CFG does not reach (a catch handler) names none. A
//    method named only in condition-variable wait predicates starts with
//    the locks the waits hold (predicateHeld); one that runs only on an
//    object no other thread can know yet is not a root (unpublishedRoot:
//    every visible call is made by a constructor on the object it builds,
//    of its class or a derived one, by a method that itself runs only so,
//    or on a local its caller just created, each before the object is
//    handed on; utils/Unpublished.h), nor one that runs only so or under a
//    lock (setupOrLockedRoot: one visible call at least is such set-up,
//    every other is made on `this` by another method holding a lock, and
//    is walked there). For these two rules the visible calls include those
//    in template bodies that no instantiation here stands for, `this->f()`
//    through a dependent base resolved by utils/ExprShapes.h
//    dependentThisCallees (each candidate gets the call: more calls can
//    only take the exemption away, except for a method with no other call,
//    which then gains one it may not have). A body that
//    -fdelayed-template-parsing left unparsed shows no call.
// A lambda runs where it is called: in place, where a local holding it is
// called, where a followed callee calls the parameter (of the lambda's own
// type, or a std::function / move_only_function built from it, also through
// the pre-C++17 moves of the temporaries) it was passed as, or as a spawn's
// entry. A followed callee that only stores or passes on that parameter
// (a handler table) does not run it there: not walked (silence; when the
// table is called is not known). std::call_once's callable is not walked
// (it runs once, before anyone else goes on).
//
// A followed call is walked with the callee's parameters that are zero at
// that call (utils/ConstArgs.h zeroArgs, along the whole chain): a branch
// they decide against (conditionUnder) runs no access on that path; an
// undecided condition keeps both branches.
//
// What is shared: globals and statics of user code (not thread_local, not
// const or constexpr), locals a spawn reaches (SpawnModel::isEscapedLocal)
// unless captured by copy, fields of the `this` a spawn shares, and what a
// bound parameter names. Synchronisation objects (utils/SyncTypes) and
// members of such types are never shared data, also when reached through a
// pointer or reference (`unique_lock l(*m)`, `++*c` on an atomic); naming a
// variable in a by-reference capture is not an access.
//
// Read or write (classifyUse): decided on the expression's parents, in this
// order: assignment or increment of the object is a write; a member call is
// a write only when the method is non-const and, for a user class, its
// visible body is shown to write (issue 13's rule, utils/Accesses.h
// callShownToWrite; a standard-library object by the standard's contract);
// a user method with a visible body, not shown to write, that returns a
// modifiable lvalue reference is a getter: the use of its result decides; container accessors (`begin`, `find`, `at`,
// non-const `operator[]` of a sequence) select an element and go on;
// `operator[]` of an associative container inserts (write). An argument
// bound to a reference parameter of a function the walk follows is decided
// in the callee; otherwise it is a write only when bound to a non-const
// lvalue or an rvalue reference parameter that the callee's visible body
// mutates (clang's FunctionParmMutationAnalyzer): by value, by const
// reference, a pointer copied, or a callee whose body is not visible: read.
// std::move / std::forward are looked through (the receiver decides).
//
// Direction of approximation: accesses are under-approximated where the
// analysis cannot follow (an address that escapes, a callee beyond
// MaxDepth or outside the TU with a reference parameter of unknown use,
// deeper than the walk's bound): those are not recorded. The walk is
// iterative within a body (an explicit stack: a 50,000-term expression
// costs heap, not stack); it recurses only into callees (MaxDepth) and
// lambda bodies.
//
//===----------------------------------------------------------------------===//

#ifndef CONCLINT_CHECKS_UTILS_SHAREDACCESSES_H
#define CONCLINT_CHECKS_UTILS_SHAREDACCESSES_H

#include "utils/Accesses.h"
#include "utils/Dataflow.h"
#include "utils/FieldEffects.h"
#include "utils/GuardWitness.h"
#include "utils/HappensBefore.h"
#include "utils/LockPath.h"
#include "utils/Lockset.h"
#include "utils/RunsHere.h"
#include "utils/Spawns.h"
#include "utils/Unpublished.h"

#include "clang/AST/ASTContext.h"
#include "clang/Analysis/Analyses/ExprMutationAnalyzer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::conclint::utils {

/// Where an access runs (see the header).
enum class CtxKind { Entry, Window, External, Recall };

struct Access {
  const ValueDecl *Var = nullptr; ///< the variable or member named in messages
  AccessPath Path;                ///< the object touched
  const Expr *E = nullptr;
  bool Write = false;
  LockSet Locks;
  CtxKind Kind = CtxKind::Entry;
  unsigned Spawn = 0;                   ///< Entry: the spawn
  llvm::SmallVector<unsigned, 4> Alive; ///< Window: spawns running here
  const CXXRecordDecl *Class = nullptr; ///< External: the class
  unsigned Offset = 0;
  /// The statement of the context's own body that runs the access: the
  /// access itself, or the call (or lambda) through which it is reached.
  const Stmt *Top = nullptr;
  const FunctionDecl *Spawner = nullptr; ///< Window: the spawning function
  const FunctionDecl *RootFn = nullptr;  ///< Recall: the public method
  /// The function whose body the walk found the access in (a callee of
  /// the context, or a lambda's call operator); null for none.
  const FunctionDecl *BodyFn = nullptr;
  /// A call of a method of a user class on the object: the members of the
  /// object it touches (utils/FieldEffects.h), when they are known. Two
  /// such calls on one path race only where their members meet.
  const FieldSet *Fields = nullptr;
};

/// The accesses to shared state of one translation unit (see the header).
class SharedAccesses {
public:
  SharedAccesses(ASTContext &Ctx, const SpawnModel &Spawns, CFGCache &CFGs,
                 unsigned MaxDepth);
  ~SharedAccesses();

  /// Walks every context; fills accesses().
  void run();
  const std::vector<Access> &accesses() const { return Accesses; }

  /// A happens-before edge orders \p X and \p Y (utils/HappensBefore.h):
  /// one body releases a channel only after X and the other acquires it
  /// before Y, and no other context releases it (latches excepted); or
  /// thread start: X runs in an External root that is called on the
  /// thread's object only before the spawn (callsPrecedeStart), Y on the
  /// thread.
  bool ordered(const Access &X, const Access &Y);
  /// What ordered() and exclusiveModes() depend on for \p X: accesses with
  /// equal keys (and equal signature()) are ordered alike.
  std::string hbKey(const Access &X);
  /// Exclusive modes: \p X and \p Y are a thread's access and an External
  /// one of the object that starts it, and a bool member `this->F` (fields
  /// only) has one value on every CFG path from the spawner's entry to the
  /// spawn (the spawner a member function of the thread's class,
  /// StartedByOwnMember) and the other on every path from the External
  /// root's entry to the statement that runs its access (a test of F
  /// deciding a branch, utils/Dataflow.h decidingOperand). F is
  /// configuration: no thread and no spawning window writes it, nor the
  /// External root itself, nor a root that reaches the spawner (a call of
  /// it, MaxDepth calls deep); its other writes are in public member
  /// functions that no thread runs, taken to come before the start (the
  /// assumption of the option ConfigureBeforeStart, which the caller
  /// checks). Then the thread runs only in the mode where the access does
  /// not: the two never overlap. Direction: an assumption on the order of
  /// configuration, as configuredBeforeStart; code elsewhere that writes F
  /// (another translation unit, through a pointer) is not seen.
  bool exclusiveModes(const Access &X, const Access &Y);

  /// \p X and \p Y can be shown to touch one object: their paths may
  /// alias, and where both select an element, the indices are one constant
  /// or one shared variable (a global, a local the threads reach). A
  /// pointer and an object reached through it (`this->p_` and
  /// `this->p_->items[i]`) are two objects: reading the pointer does not
  /// touch what is written through it. Indices
  /// each thread computes for itself (a loop counter, a value claimed with
  /// fetch_add, a dequeued item, a capture by copy) are not shown to meet:
  /// different threads typically write different elements (silence).
  bool mayTouchSame(const Access &X, const Access &Y) const;

  SelfSyncOracle &oracle() { return Oracle; }

  /// The lock-consistency rule's exception for an outer lock: \p X and \p Y
  /// run in Recall roots (public methods of one class) and every call this
  /// translation unit shows of either root, directly or through a virtual
  /// method it overrides, holds a lock that the other's calls hold too (the
  /// owner's lock, which the callee cannot name, counts as one: silence on
  /// what is not known): by all the evidence there is, the two methods run
  /// under a lock in common. A root with no visible call, or whose address
  /// (or an overridden method's) is taken, has no such evidence.
  /// Up the chain of callers, a caller with no visible call of its own
  /// holds nothing at entry (a public method others may call unlocked:
  /// report), except a caller this translation unit shows no use of: an
  /// implicit instantiation of a class template's virtual member
  /// (instantiated with the class for its vtable, used or not) that
  /// nothing here calls, directly or through a method it overrides, whose
  /// address is not taken and that no thread entry reaches. Its calls are
  /// no visible call chain and are not counted (a non-template function is
  /// always counted). Direction: calls from other translation units are
  /// not seen, for the two roots as for such an instantiation; a lock taken
  /// there, or missing there, is not known and may hide a race (silence).
  bool heldByAllCallers(const Access &X, const Access &Y);
  /// The lock-consistency rule's exception for two methods this translation
  /// unit never runs: \p X and \p Y run in Recall roots that each
  ///  - are implicit instantiations of a class template's virtual members,
  ///    instantiated with the class for its vtable, that nothing here calls,
  ///    directly or through a method they override, whose addresses are not
  ///    taken and that no thread entry reaches (the test heldByAllCallers
  ///    applies to a caller);
  ///  - or are virtual methods that no code this translation unit runs
  ///    reaches (utils/RunsHere.h): defined inline in a header (an explicit
  ///    specialization of a class template included), not called by running
  ///    code, even through a method they override, not named there, and of
  ///    a class no running code creates an object of (itself or derived),
  ///    even inside a library call (`make_shared<C>`). Code that is here
  ///    only because a header defines it (an inline factory nothing calls, a
  ///    decorator's override nothing dispatches to) does not run here.
  /// Their runs, and the locks held around them, are all in other
  /// translation units, which see the bodies (they are in the header) and
  /// the calls (a registry defined elsewhere calls them through the base):
  /// nothing here shows the two run at the same time, nor that they do not
  /// (silence). The translation units that do call them, or create their
  /// objects, judge the pair there (heldByAllCallers). A non-virtual
  /// method, or one of the two that may run here (a visible call from
  /// running code, even through the base, or, unless it is a vtable-only
  /// instantiation, an object of its class created by running code, or a
  /// body in the main file or out of line, which is running code itself),
  /// keeps the report.
  /// Direction: a race between two methods reached only through their base
  /// in other translation units is missed here, and calls that library code
  /// makes by itself (not through a created object) are not seen.
  bool neitherRunsHere(const Access &X, const Access &Y);
  /// The lock-consistency rule's exception for set-up before the object's
  /// own thread: \p Unlocked runs in a Recall root that, after it, starts a
  /// thread of the object itself on `this` (a member of the class or of a
  /// base, SpawnInfo::StartedByOwnMember): the access is in the root's own
  /// body, no CFG path leads from the start to it and one leads from it to
  /// the start; and that thread accesses the same member holding \p Lock
  /// (the lock \p Locked holds). The lock is then shown to be the protocol
  /// with the object's own thread, which the Entry and External contexts
  /// model (the start orders the access before everything the thread does;
  /// a second run of the root while the thread runs is theirs to judge),
  /// and nothing here shows the root running at the same time as the other
  /// method (`start(): running_ = true; t_ = thread(&C::run, this)` and
  /// `stop(): lock; running_ = false`, with `run()` reading `running_` under
  /// the lock). Direction: a client that runs the two methods on two
  /// threads at once is not seen (silence on what is not shown).
  bool setBeforeOwnThread(const Access &Unlocked, const AccessPath &Lock,
                          const Access &Locked);

  struct Binding;
  struct WalkCtx;
  struct Frame;
  struct SharedRef;
  struct CallSites;
  struct ObjectCalls;
  struct PredicateRefs;

private:
  const FunctionLockFacts *locksets(const Decl *D, const Stmt *Body,
                                    const LockSet &Entry);
  std::optional<LockSet> heldAt(const Stmt *S, Frame &Fr,
                                const WalkCtx &W) const;
  std::optional<SharedRef> sharedPath(const Expr *Arg, bool Pointee,
                                      Frame &Fr, const WalkCtx &W) const;
  bool sharedRoot(const AccessPath &P, Frame &Fr) const;
  std::optional<SharedRef> sharedVar(const DeclRefExpr *DRE, Frame &Fr,
                                     WalkCtx &W, bool &ThroughPointer) const;
  /// Window contexts: the spawns alive at \p Top (the override when the
  /// walk is inside a callee); false if none is.
  bool aliveFor(const WalkCtx &W, const Stmt *Top,
                llvm::SmallVectorImpl<unsigned> &Out) const;
  void walk(const FunctionDecl *F, const LockSet &Entry, WalkCtx &W,
            unsigned Depth, const LambdaExpr *AsLambda = nullptr);
  void walkLambdaAt(const LambdaExpr *L, const Stmt *Site, Frame &Fr,
                    WalkCtx &W, unsigned Depth);
  void walkBody(const Stmt *Body, Frame &Fr, WalkCtx &W, unsigned Depth);
  /// Handles \p S before its children and lists the children to walk in
  /// \p Kids; false: \p S is done.
  bool enter(const Stmt *S, Frame &Fr, WalkCtx &W,
             llvm::SmallVectorImpl<const Stmt *> &Kids);
  /// Finishes a call or lambda after its children (callees, lambda bodies).
  void leave(const Stmt *S, Frame &Fr, WalkCtx &W, unsigned Depth);
  void access(const Expr *Start, AccessPath Path, const ValueDecl *Var,
              bool ThroughPointer, Frame &Fr, WalkCtx &W);
  /// True if a call of \p FD is followed by the walker (its effects on
  /// reference arguments are seen in its body).
  bool followed(const FunctionDecl *FD) const;
  /// Binding an argument to parameter \p Idx of \p FD writes the argument:
  /// a non-const lvalue or an rvalue reference that the callee's visible
  /// body mutates (ExprMutationAnalyzer); an invisible body: no.
  bool writesThroughParam(const FunctionDecl *FD, unsigned Idx);
  bool isUserCode(const Decl *D) const;
  /// An index variable that every thread reads as one object.
  bool sharedIndex(const ValueDecl *D) const;
  const FunctionDecl *bodyOf(const Access &X) const;
  SyncFacts *sync(const FunctionDecl *F);
  unsigned releasers(const AccessPath &Channel);
  /// Recall roots: the locks every visible caller holds around a call of
  /// \p MD, as locks of the callee's `this` (see run()); std::nullopt when
  /// \p MD can be called from outside this translation unit (a public or
  /// protected method of a class other translation units see, a virtual
  /// one, one whose address is taken) or has no visible call. A lock
  /// witness (a guard parameter) that no visible call names a lock for
  /// holds some lock: the unknown lock, never nothing.
  std::optional<LockSet> callerHeld(const CXXMethodDecl *MD, unsigned Depth = 0);
  std::unique_ptr<CallSites> Sites;
  /// heldByAllCallers: the locks held at every visible call of \p MD or of
  /// a method it overrides (the caller's own visible callers' locks
  /// included, up to MaxDepth); std::nullopt when there is no visible call
  /// or an address is taken. \p Assumed is set when a cycle of callers was
  /// cut (the result then is not memoised).
  std::optional<LockSet> visibleCallerHeld(const CXXMethodDecl *MD,
                                           unsigned Depth, bool &Assumed);
  std::unique_ptr<CallSites> AllSites;
  /// neitherRunsHere: \p MD does not run in this translation unit.
  bool notRunHere(const CXXMethodDecl *MD);
  std::unique_ptr<RunsHere> Running;
  /// Every method call of the translation unit (AllSites, built once).
  const CallSites &allSites();
  struct VisibleHeld {
    bool Done = false;
    std::optional<LockSet> Held;
  };
  llvm::DenseMap<const CXXMethodDecl *, VisibleHeld> VisibleHeldMemo;
  /// External context of \p Root against spawn \p Spawn: the thread's
  /// object is one only visible code names (a local of the spawner, or a
  /// non-public member of a class only this translation unit sees, the
  /// spawner a member function of that class), and every direct member
  /// call of \p Root on it that the TU shows runs before the spawn:
  ///  - in the spawner, before the spawn (no CFG path from the spawn to the
  ///    call), when the spawner runs once per object (the object is its
  ///    local, or the spawner is a constructor): a spawner that may run
  ///    again calls it while the first thread runs;
  ///  - or, when the spawner is a member function other than a
  ///    constructor, in a constructor of the class, before anything there
  ///    can hand the object under construction to other code (no CFG path
  ///    from a use of `this` other than a data member access, or from a
  ///    lambda capturing `this`, to the call; no delegation; no such use in
  ///    the member initialisers): the spawner is called on the constructed
  ///    object, after the constructor. A base-class constructor that
  ///    publishes the object before the derived one runs is not seen.
  /// Starting the thread orders the call first. Where a body hands the
  /// object on (its address bound into a handler), the calls made through
  /// that are unknown and do not count against the order (silence on the
  /// unknown); a visible call after the start still does.
  bool callsPrecedeStart(unsigned Spawn, const FunctionDecl *Root);
  llvm::DenseMap<unsigned, std::unique_ptr<ObjectCalls>> ObjectCallsOf;
  /// exclusiveModes: the (bool member of `this`, value) pairs that hold on
  /// every path from \p F's entry to \p S.
  struct ModeGuard {
    AccessPath Flag;
    bool Value = false;
  };
  struct ModeTests;
  llvm::SmallVector<ModeGuard, 2> modeGuards(const FunctionDecl *F,
                                             const Stmt *S);
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<ModeTests>> ModeTestsOf;
  /// exclusiveModes: \p Flag is written only as configuration (see there).
  bool configurationOnly(const AccessPath &Flag, const FunctionDecl *Spawner,
                         const FunctionDecl *Root);
  llvm::StringMap<bool> ConfigurationOnlyMemo;
  /// \p From calls \p Target (or is it), directly or through calls of
  /// visible user functions, at most \p Depth calls deep.
  bool reachesCall(const FunctionDecl *From, const FunctionDecl *Target,
                   unsigned Depth) const;
  llvm::DenseMap<const CXXMethodDecl *, std::optional<LockSet>> CallerHeldMemo;

  ASTContext &Ctx;
  const SourceManager &SM;
  const SpawnModel &Sp;
  CFGCache &CFGs;
  unsigned MaxDepth;
  SelfSyncOracle Oracle;
  FieldEffects FieldFx;
  LockReach Reach; ///< callees a guard handed to cannot lock (Lockset.h)
  std::vector<Access> Accesses;
  llvm::DenseMap<const Decl *,
                 std::vector<std::pair<LockSet,
                                       std::unique_ptr<FunctionLockFacts>>>>
      Cache;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<SyncFacts>> Syncs;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<AliasMap>> SyncAliases;
  std::vector<std::pair<AccessPath, unsigned>> ReleasersMemo;
  /// Lambdas stored in local variables: analysed where they are called.
  llvm::DenseMap<const VarDecl *, const LambdaExpr *> StoredLambdas;
  llvm::DenseSet<const LambdaExpr *> Stored;
  llvm::DenseSet<const FunctionDecl *> ReachedFromEntries;
  llvm::DenseSet<std::pair<const Decl *, unsigned>> Visiting;
  llvm::StringSet<> Walked;
  std::unique_ptr<ExprMutationAnalyzer::Memoized> Mutations;
  /// Relockable lock witnesses (`f(unique_lock<mutex> &)`): where the guard
  /// the caller passed is still held (utils/GuardWitness.h).
  std::unique_ptr<GuardWitnessTable> Witnesses;
  const GuardWitness *witnessOf(const FunctionDecl *F);
  /// \p MD runs only on an object no other thread can know yet
  /// (utils/Unpublished.h): it is not virtual, its address is never taken,
  /// it has one visible call at least, and every visible call is
  ///  - made on `this` by a constructor (of its class or of a derived one:
  ///    the object being built), before `this` escapes there;
  ///  - made on `this` by a method that itself runs only so (not \p MD,
  ///    not a destructor), before `this` escapes there;
  ///  - or made on a local of the caller that the caller itself created
  ///    (`auto s = make_shared<S>(); s->init();`) and has not handed on
  ///    before the call (Unpublished::onFreshLocal).
  /// Calls in uninstantiated template bodies count (CallSites::
  /// DependentCalls; a `this->f()` there is judged like a resolved call).
  /// Not destructors: their helpers are typically public teardown
  /// (`clear()`) that clients call too. A virtual method is an interface
  /// that code compiled elsewhere calls through a base: never.
  bool runsOnlyUnpublished(const CXXMethodDecl *MD, unsigned Depth = 0);
  /// A Recall root that is not walked: runsOnlyUnpublished(\p MD) and its
  /// own body does not let `this` escape (what would follow could run
  /// concurrently with whoever received it).
  bool unpublishedRoot(const CXXMethodDecl *MD);
  /// A Recall root that is not walked either: every visible run of \p MD
  /// is set-up or runs under a lock. It is not virtual, its address is
  /// never taken, its own body does not let `this` escape, one visible call
  /// at least is one runsOnlyUnpublished accepts (unpublishedSite), and
  /// every other visible call is made on `this` by a method of the class or
  /// a derived one (not \p MD, not a constructor or destructor) with a lock
  /// held at the call (lockedSite: the caller's entry locks included, as its
  /// own Recall root is walked with them -- a lock witness's callers' lock,
  /// some lock when no visible call names it). A set-up helper that the
  /// class also reuses under its lock (`set_policy(p)` on a new state,
  /// `set_policy(p, lk)` under the caller's guard). Those callers are Recall
  /// roots or reached from them: the accesses are walked there, with the
  /// locks held, and judged there. Direction: as for unpublishedRoot, calls
  /// from other translation units are not seen; a public method whose
  /// visible calls all hold a lock, with no set-up call, is still a root
  /// (that evidence is heldByAllCallers', judged pair by pair).
  bool setupOrLockedRoot(const CXXMethodDecl *MD);
  /// runsOnlyUnpublished's candidates: \p MD is not virtual, its address
  /// is not taken and some call of it is visible (AllSites->Calls).
  bool setupCandidate(const CXXMethodDecl *MD, unsigned Depth);
  /// One call of \p MD (made by \p Caller on \p Object) as
  /// runsOnlyUnpublished requires every call to be: on a fresh local, or on
  /// `this` before it escapes in a constructor or in a method that itself
  /// runs only so.
  bool unpublishedSite(const CXXMethodDecl *MD, const FunctionDecl *Caller,
                       const CallExpr *Call, const Expr *Object,
                       unsigned Depth);
  /// A call of \p MD made on `this` by \p Caller, a method other than
  /// \p MD (not a constructor or destructor) that holds a lock at the call.
  bool lockedSite(const CXXMethodDecl *MD, const FunctionDecl *Caller,
                  const CallExpr *Call, const Expr *Object);
  std::unique_ptr<Unpublished> Unpub;
  /// \p MD is named only inside the predicate of condition-variable waits
  /// (`cv.wait(lk, bind(&C::ready, ref(*this)))`, `cv.wait(lk, [this] {
  /// return ready(); })`): the locks every such wait holds while it
  /// evaluates the predicate, as locks of the callee's `this`;
  /// std::nullopt when it is named anywhere else (or nowhere).
  std::optional<LockSet> predicateHeld(const CXXMethodDecl *MD);
  std::unique_ptr<PredicateRefs> PredRefs;
};

/// A class that only this translation unit sees: defined in the main file
/// or in an anonymous namespace (another translation unit cannot name its
/// members; it can reach them only through virtual calls).
bool isTranslationUnitLocal(const CXXRecordDecl *RD, const SourceManager &SM);

//===----------------------------------------------------------------------===//
// Relations between two accesses
//===----------------------------------------------------------------------===//

/// Is the lock \p L held at access \p X the same object as the lock \p M
/// held at access \p Y? The same path to a fixed object (no element step
/// with an unknown index), or a lock co-located with the data (`acct.m`
/// around `acct.balance`): the two accesses touch one object only if their
/// prefixes name one object, and then the two locks are one lock too.
bool sameLock(const AccessPath &L, const Access &X, const AccessPath &M,
              const Access &Y);
/// Some lock is held at both accesses, exclusively at one of them at least.
/// An unknown lock at either access counts (silence on what is not known).
bool protects(const Access &X, const Access &Y);
/// The class of accesses that behave alike in the race search: same object,
/// kind, context and locks. \p WithContext false leaves out which spawn
/// (Entry) or which alive spawns (Window) run it.
std::string signature(const Access &A, bool WithContext = true);
/// Configure, then start: \p Ext writes a member from a public member
/// function that no thread runs, and \p Entry only reads it on a thread that
/// the object starts from its own member function (an assumption, not a
/// proof: the option ConfigureBeforeStart turns it off).
bool configuredBeforeStart(const Access &Entry, const Access &Ext,
                           const SpawnInfo &S);
/// \p A and \p B may run at the same time, in two threads.
bool concurrent(const Access &A, const Access &B, const SpawnModel &Spawns,
                bool ConfigureBeforeStart);

} // namespace clang::tidy::conclint::utils

#endif
