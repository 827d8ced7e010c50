# Fixes merged by the lead on 2026-12-02 (16:00-16:40 UTC) for
# conclint-unguarded-shared-state (issue 13), loaded by bench/triage.py. The
# verdicts of the rows stay where they are (unguarded-shared-state.py,
# unguarded-unsampled.py, lead-1314.py): they are verdicts on those runs.
#
# Measured by the helpers before the merge with the single-TU driver command
# (only conclint-unguarded-shared-state, -j 1, main 2317046 against the
# branch): h/ushb on the 26 TUs with rows of the check, all 22 websocketpp
# TUs and one TU per other header with rows (73 -> 70, 46 -> 46, 18 -> 18:
# the three rows below gone, none added, the TP test.cc:4724 kept); h/uswrite
# on 32 TUs (83 -> 81: the two rows below gone, none added). The whole-corpus
# run of the merged HEAD is bench/results/2026-12-02T1642Z-final.

US = "conclint-unguarded-shared-state"

FIXED = [
    (US, "US-PUBLISHED-BEFORE-FLAG", 1, "2026-12-02T1400Z-final",
     "the reported pair was the thread's write of the port against a read "
     "inside a handler lambda registered with `svr2.Get(...)`, walked as if "
     "it ran at the registration: a lambda converted to a std::function "
     "parameter of a followed callee runs where the callee calls it, and a "
     "callee that only stores it does not run it (h/ushb, "
     "SharedAccesses; cpp-httplib test.cc:993)",
     "test/checks/unguarded-shared-state-stored-callback.cpp",
     "registered_handler_ok"),
    (US, "US-DISJOINT-ELEMENTS", 1, "2026-12-02T1400Z-final",
     "the reported pair was the pointer `compact_` read in `Prepare()` "
     "against the threads' writes through `std::ref(compact_->...status)`: "
     "a pointer and an object reached through it are two objects "
     "(SharedAccesses::mayTouchSame; rocksdb compaction_job.cc:761)",
     "test/checks/unguarded-shared-state-pointee.cpp",
     "pointer_read_vs_pointee_write_ok"),
    (US, "US-THREAD-CONFINED", 1, "2026-12-02T1400Z-final",
     "exclusive modes (with ConfigureBeforeStart, the default): a thread the "
     "class starts only where a configuration bool member has one value is "
     "not paired with a public method's access made only where it has the "
     "other (caf logger.cpp:398: the logger thread vs inline output)",
     "test/checks/unguarded-shared-state-exclusive-modes.cpp", "Sink"),
    (US, "US-SETUP-ON-UNPUBLISHED-STATE", 1, "2026-12-02T1400Z-final",
     "a public method every visible call of which is set-up on an "
     "unpublished object or made on `this` by a method holding a lock at "
     "the call is not a lock-consistency root of its own "
     "(SharedAccesses::setupOrLockedRoot; Boost future.hpp:260 "
     "`set_executor()`)",
     "test/checks/Inputs/setup-or-locked/setup_or_locked.h", "routed_"),
    (US, "US-SET-BEFORE-START", 1, "2026-12-02T1400Z-final",
     "an unlocked write placed before the method starts the object's own "
     "thread on `this` (also through std::bind(&C::run, this)), whose body "
     "takes the same lock around the member, is not a lock-consistency "
     "report (SharedAccesses::setBeforeOwnThread; i2pd Transports.cpp:40)",
     "test/checks/unguarded-shared-state-start-own-thread.cpp", "Feeder"),
]
