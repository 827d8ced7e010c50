# Verdicts on the rows of the whole-corpus run with main at 586e67c
# (bench/results/2026-12-02T0510Z-all) that no earlier rule matched: 10 rows,
# each read in /work/corpus/src (both accesses, the callers, the threads).
# Loaded by bench/triage.py (same shapes as its PATTERNS and RULES).

US = "conclint-unguarded-shared-state"
BUL = "conclint-blocking-call-under-lock"

# id: (verdict, title, why, proposed FP_ test or None)
PATTERNS = {
    "BUL-WAIT-FOR-CONNECTIONS-UNDER-SHARED-LOCK": (
        "TP", "waiting for every open connection to close while holding a reader lock that registration takes exclusively",
        "cpprest's `http_linux_server::stop()` holds `m_listeners_lock` (a "
        "pplx reader/writer lock over `pthread_rwlock_t`, taken shared) while "
        "each `hostport_listener::stop()` waits on "
        "`m_all_connections_complete` until every open connection has been "
        "closed and erased. `register_listener` / `unregister_listener` take "
        "the same lock exclusively (1338, 1400) and stall for as long as the "
        "slowest connection takes to finish. glibc's default rwlock prefers "
        "readers, so the connections' own read acquisitions (1036) still "
        "pass and it is a stall, not a deadlock; the message's hazard (threads "
        "waiting for the lock stall) holds for those writers. Found since "
        "pplx's reader/writer guards are recognised by shape (us3).", None),
    "US-LC-WRITTEN-UNDER-OTHER-LOCK": (
        "TP", "a flag read and written under one mutex and cleared under another",
        "epee's `async_stdin_reader`: `start_read()` and `wait_read()` test "
        "and set `m_has_read_request` under `m_request_mutex` on the reader "
        "thread's side, `cancel()` clears it under `m_response_mutex`. Two "
        "different mutexes do not order the accesses: `cancel()` from the "
        "console thread races the reader thread's `wait_read()`.", None),
    "US-UPGRADE-GUARD-UNRECOGNISED": (
        "FP", "Boost's upgrade_lock is a guard the model does not recognise",
        "monero's `use_bootstrap_daemon_if_necessary` holds "
        "`boost::upgrade_lock<boost::shared_mutex>` on "
        "`m_bootstrap_daemon_mutex` (shared ownership that can be upgraded) "
        "while it reads `m_bootstrap_daemon` and "
        "`m_should_use_bootstrap_daemon`; the writers hold `unique_lock` on "
        "the same mutex, which excludes an upgrade owner. The guard's "
        "destructor calls `unlock_upgrade()`, not `unlock()` or "
        "`unlock_shared()`, so the guard-by-shape rule does not see a lock "
        "held.", None),
    "US-UNIQUE-LOCK-WITNESS-PARAM": (
        "FP", "a method taking the caller's locked unique_lock by reference",
        "Boost.Thread's `shared_state_base::valid(unique_lock<mutex>&)` and "
        "`mark_finished_internal(unique_lock<mutex>&)` read `is_valid_` and "
        "`external_waiters` before anything can release the guard; every "
        "caller passes its own guard on `this->mutex`, locked. The witness "
        "rule accepts `lock_guard&` only (a `unique_lock&` may be deferred "
        "or released in the callee); the accesses before the first use of "
        "the guard are under the lock.", None),
    "US-WAIT-PREDICATE-UNDER-LOCK": (
        "FP", "a getter called only as a condition-variable predicate, with the lock held",
        "`shared_state_base::is_done()` reads `done`; its callers are "
        "`waiters.wait(lk, boost::bind(&shared_state_base::is_done, "
        "boost::ref(*this)))`, which evaluates the predicate with `lk` "
        "held. The call through a bound member pointer inside the wait is "
        "not followed.", None),
    "US-CONSTRUCTOR-ONLY-HELPER": (
        "FP", "a helper that only constructors call",
        "`shared_state_base::set_deferred()` writes `is_deferred_`; every "
        "caller is a constructor of a derived shared state "
        "(`future_deferred_shared_state`, "
        "`future_deferred_continuation_shared_state`), which runs before "
        "the state is shared with any other thread. The constructor-only "
        "exemption does not follow helpers called from constructors.",
        None),
    "US-RELOCKER-CALLEE-WAIT": (
        "FP", "an access after a callee that unlocks and re-locks the caller's guard",
        "`shared_state_base::wait_internal` reads `exception` after "
        "`do_callback(lk)` (whose `relocker` unlocks around the callback and "
        "re-locks in its destructor) and after `waiters.wait(lk, ...)`; the "
        "lock is held again at the read (USX-RELOCKER-CALLEE, another "
        "access of the same class).", None),
}

# (check, path suffix, {lines} or None, message regex or None, pattern id,
#  one-line reason)
RULES = [
    (BUL, "cpprest/Release/src/http/listener/http_server_asio.cpp", {1307},
     r"'hostport_listener::stop'", "BUL-WAIT-FOR-CONNECTIONS-UNDER-SHARED-LOCK",
     "`stop()` waits for all connections under the server's reader lock; registration stalls"),
    (US, "monero/contrib/epee/include/console_handler.h", {140},
     r"'m_has_read_request'", "US-LC-WRITTEN-UNDER-OTHER-LOCK",
     "`start_read()` under `m_request_mutex`, `cancel()` under `m_response_mutex`"),
    (US, "monero/src/rpc/core_rpc_server.cpp", {2280, 2285},
     None, "US-UPGRADE-GUARD-UNRECOGNISED",
     "read under `boost::upgrade_lock` on `m_bootstrap_daemon_mutex`"),
    (US, "boost/libs/thread/include/boost/thread/future.hpp", {231, 340},
     None, "US-UNIQUE-LOCK-WITNESS-PARAM",
     "`valid(unique_lock&)` / `mark_finished_internal(unique_lock&)`: callers pass their locked guard"),
    (US, "boost/libs/thread/include/boost/thread/future.hpp", {207},
     r"'done'", "US-WAIT-PREDICATE-UNDER-LOCK",
     "`is_done()` is the predicate of `waiters.wait(lk, ...)`; back in the "
     "1314Z run (future_fallback_to.cpp) once 331 went silent: the wait in "
     "`wait_internal(unique_lock& lk)` (396) comes after `execute(lk)`, a "
     "virtual call taking the guard, after which the dataflow no longer "
     "holds the caller's lock; the wait's contract (its guard owns the mutex "
     "while the predicate runs) is not used by predicateHeld"),
    (US, "boost/libs/thread/include/boost/thread/future.hpp", {249},
     r"'is_deferred_'", "US-CONSTRUCTOR-ONLY-HELPER",
     "`set_deferred()` is called only from the deferred shared states' constructors"),
    (US, "boost/libs/thread/include/boost/thread/future.hpp", {397},
     r"'exception'", "US-RELOCKER-CALLEE-WAIT",
     "read after `do_callback(lk)` and `waiters.wait(lk, ...)`: `lk` is held again"),
]
