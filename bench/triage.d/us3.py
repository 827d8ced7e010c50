# Fixes of helper us3 on conclint-unguarded-shared-state (issue 13), loaded
# by bench/triage.py. The verdicts of the 2026-12-01T2240Z-all rows stay in
# unguarded-unsampled.py / unguarded-shared-state.py (verdicts on that run);
# this file records what the re-runs under bench/results/us3-* show.
#
# Re-run (bench/results/us3-rerun2, -j 1, only conclint-unguarded-shared-state)
# of the TUs that include the headers concerned: poco Foundation/src/
# ThreadPool.cpp, Timer.cpp, samples/Activity/src/Activity.cpp,
# testsuite/src/ActivityTest.cpp; boost libs/thread/example/executor.cpp,
# producer_consumer_bounded.cpp. Every USX-SYNC-OBJECT-CALL row (5) and the
# USX-LOCK-WITNESS-PARAM rows are gone; the other rows of those files
# (ThreadPool.cpp:85 US-SET-BEFORE-START, Timer.cpp:68 US-LC-UNLOCKED-GETTER)
# are still reported.

FIXED = [
    ("conclint-unguarded-shared-state", "USX-SYNC-OBJECT-CALL", 5,
     "2026-12-01T2240Z-all",
     "pthread_mutex_t / pthread_cond_t (glibc's anonymous unions behind the "
     "typedefs) are synchronisation types (the mutex a lockable), and a "
     "method defined in another translation unit that a visible method "
     "forwards to counts as synchronised when its class owns a lock and "
     "synchronises itself wherever its bodies are visible: Poco::Event's "
     "inline `set()`/`wait()` over its private base EventImpl",
     "test/checks/unguarded-shared-state-sync-objects.cpp",
     "timer_event_ok"),
]

FIXED += [
    ("conclint-unguarded-shared-state", "USX-LOCK-WITNESS-PARAM", 2,
     "2026-12-01T2240Z-all",
     "a non-virtual method taking a guard that cannot be released "
     "(`lock_guard<mutex>&`) by reference is a lock witness: it starts with "
     "the locks every visible caller holds around the call, even when "
     "public in a header (Boost's inline_executor / thread_executor "
     "`closed(lock_guard<mutex>&)`); `unique_lock&` is not a witness (it may "
     "be deferred or released by a condition-variable wait in the callee); "
     "sync_bounded_queue.hpp:290 (a private `closed(unique_lock&)`) is not "
     "reported by main's build either in the re-run TUs",
     "test/checks/unguarded-shared-state-lock-witness.cpp",
     "executor_witness_ok"),
]

# Rows of main's current build (bench/results/us3-baseline-main: main
# 10795c2, built 03:11 UTC, same two Boost TUs) that the 2026-12-01T2240Z-all
# run did not have and this branch no longer reports: calls on a
# boost::condition_variable (whose only fields are a pthread_mutex_t and a
# pthread_cond_t, so it holds no mutable state now that those are
# synchronisation types) counted as writes.
PATTERNS = {
    "US3-BOOST-CONDVAR-CALL": (
        "FP", "a notify on a boost::condition_variable counted as a data write",
        "`not_empty_.notify_all()` / `waiters.notify_all()` on a "
        "`boost::condition_variable`, whose state is a pthread mutex and "
        "condition variable: the synchronisation itself. Reported by main "
        "10795c2 (sync_bounded_queue.hpp:277/278, future.hpp:339), not by "
        "h/us3.", None),
}

US = "conclint-unguarded-shared-state"
RULES = [
    (US, "boost/thread/concurrent_queues/sync_bounded_queue.hpp", {277, 278},
     r"'not_(empty|full)_'", "US3-BOOST-CONDVAR-CALL",
     "`not_empty_.notify_all()` / `not_full_.notify_all()` on boost::condition_variable"),
    (US, "boost/thread/future.hpp", {339}, r"'waiters'", "US3-BOOST-CONDVAR-CALL",
     "`waiters.notify_all()` on a boost::condition_variable"),
]
