# Rows of the 2026-12-02T1050Z-final run gone in the 2026-12-02T1314Z-final
# run (driver at 19efabe: the merges of h/usstart, h/cputpt, h/relink,
# h/usouter, h/usflag, h/usctor and the lead's lock-witness change). The
# cpu-bound-on-event-loop and thread-per-task rows are in their own files
# (cpu-bound-on-event-loop.py, thread-per-task.py). Every row listed was a
# false positive; no true positive was lost, and the one new row
# (future.hpp:207) matches US-WAIT-PREDICATE-UNDER-LOCK (lead-0510.py).

US = "conclint-unguarded-shared-state"

FIXED = [
    (US, "US-CALLER-HOLDS-OUTER-LOCK", 4, "2026-12-02T1050Z-final",
     "neither method of a lock-consistency pair runs in the TU: both are "
     "virtual members of a class template instantiated only for the vtable "
     "(SharedAccesses::neitherRunsHere); their callers and the outer lock "
     "are in other TUs (Poco Delegate.h:149, NObserver.h:94, Observer.h:92 "
     "twice; the three FunctionDelegate rows stay: explicit specializations, "
     "or an unlocked visible call through Expire<void>)",
     "test/checks/unguarded-shared-state-outer-lock-elsewhere.cpp",
     "MethodDelegate"),
    (US, "US-LC-SHUTDOWN-FLAG", 1, "2026-12-02T1050Z-final",
     "a final state stored under the lock orders the unlocked access after "
     "every locked write gated on the state's other value, when nothing "
     "else can store the state back (utils/FinalStates; rocksdb "
     "threadpool_imp.cc:201)",
     "test/checks/unguarded-shared-state-final-state.cpp", "Pool_ok"),
    (US, "US-SET-BEFORE-START", 1, "2026-12-02T1050Z-final",
     "a call on the thread's member made in the owner's constructor, before "
     "`this` can escape, precedes a thread that a later member function "
     "starts (SharedAccesses::callsPrecedeStart; websocketpp endpoint.hpp:196 "
     "from telemetry_client.cpp)",
     "test/checks/unguarded-shared-state-set-before-start.cpp", "Car_ok"),
    (US, "US-VIRTUAL-WITNESS-PARAM", 1, "2026-12-02T1050Z-final",
     "a lock witness (a guard parameter) that no visible call names a lock "
     "for holds some lock (SharedAccesses::callerHeld), and a virtual "
     "witness gets its visible callers' locks counted over the methods it "
     "overrides (Boost.Thread future.hpp:331)",
     "test/checks/unguarded-shared-state-lock-witness.cpp",
     "lonely_witness_ok"),
]
