# Verdicts for the deadlock family: conclint-double-lock,
# conclint-unreleased-lock, conclint-blocking-call-under-lock,
# conclint-lock-order-inversion. Loaded by bench/triage.py; the shapes are
# those of its PATTERNS and RULES. Every row below was read in the code.

PATTERNS = {
    "DL-CALLEE-RELEASES-THEN-RELOCKS": (
        "FP", "a callee that gives the caller's lock back before it takes it again",
        "The caller holds the mutex and calls a function that, on every path, "
        "first unlocks it (`mutex_.Unlock(); BuildTable(...); mutex_.Lock();` "
        "in leveldb's WriteLevel0Table and RemoveObsoleteFiles; "
        "`m_state.lock.unlock(); m_handler.release_protocol(); "
        "m_state.lock.lock();` in monero's connection<T>::cancel_handler, "
        "reached through interrupt()/terminate()/state_status_check()) and "
        "only then locks it again, so that slow work runs without the lock. "
        "The callee's lock() is a re-acquire after its own release, never a "
        "second acquire of the caller's hold: no deadlock. The callee "
        "summary (utils/Lockset, LockEffects::Acquires) listed every lock the "
        "callee takes without noting that it had released that lock first. "
        "Fixed: an acquire made after a release on every path before it is "
        "marked AfterRelease and carried up the call chain; double-lock "
        "skips it (test/checks/double-lock.cpp: Store, Db::open_ok; "
        "callee_gives_back_on_one_path_bad and "
        "callee_locks_before_giving_back_bad keep the true positives).",
        None),
    "UL-TRY-AROUND-CALL-THROWS": (
        "TP", "a manual lock over calls inside a try block; an exception is caught with the lock held",
        "`send_stop_signal()` runs `connections_mutex.lock(); for (c : "
        "connections_) c->cancel(); ... unlock();` inside TRY_ENTRY()/"
        "CATCH_ENTRY_L0 (a try/catch that logs and returns). cancel() -> "
        "close() locks a std::mutex (std::system_error) and terminate() -> "
        "cancel_handler() calls the protocol handler's release_protocol(); "
        "an exception from either is caught by the handler, which returns "
        "with connections_mutex still locked: every later use of the "
        "connection list blocks forever. The author expects exceptions "
        "there (the try is the evidence); a guard would release it.",
        None),
    "UL-PTHREAD-LOCK-FAILURE-BRANCH": (
        "FP", "`if (pthread_mutex_lock(&m)) throw ...`: the throw runs when the lock was NOT taken",
        "Poco's EventImpl::setImpl/resetImpl test pthread_mutex_lock's "
        "return value and throw when it is non-zero, i.e. when the lock "
        "failed and nothing is held. The lock set counted the call as an "
        "acquire on both edges. Fixed in utils/Lockset (Transfer::edge): a "
        "pthread_mutex_lock whose result a condition tests (as the "
        "condition, or compared with 0) holds the lock only on the edge "
        "where it returned 0 (test/checks/unreleased-lock.cpp: "
        "pthread_checked_*).",
        None),
    "UL-LOCK-OPERATION-AS-THROWING-CALL": (
        "FP", "an ownership conversion of the held mutex itself counted as a throwing call",
        "`mut.lock_shared(); ... mut.unlock_upgrade_and_lock(); ... "
        "mut.unlock_shared();` on a boost::shared_mutex (Boost's own "
        "example). unlock_upgrade_and_lock() 'visibly throws' only through "
        "boost::lock_error / condition_error, i.e. when the pthread "
        "primitive itself fails; it is an operation of the lock, like "
        "std::mutex::lock(), whose throw the check does not count (system "
        "header). And the exception would escape the thread function into "
        "std::terminate anyway. Fixed in the check: a lock operation "
        "(a member with 'lock' in its name of a lockable or guard) is not "
        "an exception source, directly or in a callee "
        "(test/checks/unreleased-lock.cpp: lock_operation_under_lock_ok; "
        "lockable_member_throws_bad keeps other members of a lockable).",
        None),
    "UL-THROW-PRECONDITION-NOT-REACHABLE": (
        "FP", "a callee whose only throw guards a precondition the call satisfies",
        "`m_resplock.lock(); m_config.token_from_redirected_uri(uri)"
        ".then(...); request.reply(...); m_resplock.unlock();`: "
        "pplx::task::then throws invalid_operation only when called on a "
        "default-constructed task; its receiver is the task "
        "token_from_redirected_uri returns, and every return of that "
        "function (oauth1.cpp/oauth2.cpp, another TU) constructs one "
        "(errors travel inside the task: task_from_exception). No call in "
        "the window throws on a reachable execution. The throw is a "
        "precondition guard: `_ThenImpl` begins with `if (!_M_Impl) throw "
        "invalid_operation(...)`, a test of a member of *this only. Fixed "
        "in utils/Throws (the rule is shared: unreleased-lock's throw "
        "finder skips the guards' branches, utils::preconditionGuardBranches, "
        "and counts a call whose receiver fails one, "
        "utils::failedPrecondition): the guard is no witness unless the "
        "caller visibly misuses the receiver (a default-constructed or "
        "moved-from local). Behind the guard the next throw was "
        "`throw ::std::bad_alloc()` when malloc fails in the cancellation "
        "list's push_back (pplxcancellation_token.h:290): the throw finder "
        "now skips allocation failures as detached-exception-lost does "
        "(utils::throwsAllocationFailure; allocation_failure_only_ok). "
        "Both rows silent after the fix "
        "(bench/results/thr-rerun; test/checks/unreleased-lock.cpp: "
        "throw_behind_precondition_ok; then_on_default_task_bad, "
        "check_after_call_bad). (Manual lock/unlock around callbacks is "
        "still poor style; the hazard the message names does not happen.)",
        None),
    "DL-POINTER-ADVANCED-IN-LOOP": (
        "FP", "a loop locking each mutex of an array through an advancing pointer",
        "libcds lock_array::lock_all(): `for (pEnd = m_arrLocks + size(); "
        "pLock != pEnd; ++pLock) pLock->lock();` locks every cell once; "
        "'*pLock' names another mutex after each `++pLock`. The lock set "
        "kept the fact '*pLock held' across the write of pLock, so the back "
        "edge made the next iteration's lock a relock. Fixed in "
        "utils/Lockset (Transfer::applyStmt, LockSet::forgetValueOf, "
        "AccessPath::dependsOnValueOf): a statement that writes a variable "
        "(`p = q`, `++p`, `i += 1`, builtin or overloaded) ends every fact "
        "about a path through its value (`*p`, `p->m`, `a[i]`); the lock "
        "stays held as the unknown lock (test/checks/double-lock.cpp: "
        "lock_each_through_*_ok; pointer_not_advanced_bad, "
        "other_variable_written_bad, whole_object_assigned_bad keep firing).",
        None),
    "BUL-ZERO-TIMEOUT-SELECT": (
        "FP", "a readiness probe with a zero timeout counted as a blocking select",
        "cpp-httplib ClientImpl::send holds socket_mutex_ and calls "
        "is_socket_alive(sock) -> select_read(sock, 0, 0), which copies its "
        "sec/usec parameters into a timeval and calls select(..., &tv) "
        "inside a lambda given to handle_EINTR: a zero timeout polls and "
        "returns at once (read_socket(MSG_PEEK) runs only when select "
        "reported the socket readable or failed). The catalogue knows zero "
        "std::chrono durations only; it does not see that select's timeval "
        "(or poll's timeout) is zero, least of all through a parameter of "
        "the helper. Fixed in utils/BlockingCalls (a select whose timeval "
        "is zero when the helper's parameters are polls in a chain passing "
        "zero) and blocking-call-under-lock's chain-sensitive follow; the "
        "row now reaches the MSG_PEEK recv after the probe "
        "(BUL-PEEK-AFTER-SKIPPED-PROBE, bench/triage.d/cdb.py; "
        "bench/results/cdb-rerun).",
        ("test/checks/blocking-call-under-lock.cpp", "select_zero_timeout_in_helper_ok")),
    "BUL-CONNECT-UNDER-LOCK": (
        "TP", "connecting (TCP connect, TLS handshake) while holding the client's socket mutex",
        "ClientImpl::send holds request_mutex_ and socket_mutex_ while "
        "create_and_connect_socket() connects (a non-blocking connect, then "
        "select up to connection_timeout_sec_, 300 s by default) and "
        "SSLClient::initialize_ssl() runs the TLS handshake (select up to "
        "the read/write timeouts). ClientImpl::stop() (7223, documented as "
        "callable from another thread), is_socket_open() (7216) and the "
        "destructor (5994) take socket_mutex_: a thread asking the client "
        "to stop waits for the whole connect or handshake. Real.",
        None),
    "BUL-WAIT-ON-TASK-OF-UNKNOWN-SERVER": (
        "U", "waiting on a task a virtual call returns, with a global lock held",
        "cpprest http_server_api::register_listener/unregister_listener run "
        "`s_server_api->start().wait()`, `->register_listener(l).wait()`, "
        "`->stop().wait()` holding s_lock. Both shipped servers (asio: "
        "http_server_asio.cpp 1273-1413; http.sys: http_server_httpsys.cpp) "
        "do the work synchronously and return task_from_result / "
        "task_from_exception, so wait() never waits there; but "
        "http_server_api::register_server_api is public and a server that "
        "returns a pending task would make the wait block under s_lock. "
        "What is missing: which http_server implementations exist (the "
        "callee is virtual). Not an FP of a rule: a task wait is blocking "
        "in general.",
        None),
    "BUL-JOIN-UNDER-LOCK": (
        "TP", "`std::thread::join` of the client's I/O thread while holding the client lock",
        "shutdown_wspp_impl's continuation takes m_wspp_client_lock and "
        "joins m_thread (the thread running websocketpp's client.run()). "
        "join blocks until that thread has drained its handlers; "
        "close(), the send path (`read_task.then` at 576) and the "
        "destructor all take m_wspp_client_lock, so they stall for the whole "
        "drain, and a handler on the joined thread that needs the lock "
        "deadlocks the join. The hazard the message names is real.",
        None),
    "UL-NAMED-MUTEX-LEAKS-ON-THREAD-START-FAILURE": (
        "TP", "a process-wide named mutex locked manually around a thread start that can throw",
        "NamedMutexTest::testLock/testTryLock: `testMutex.lock(); Thread thr; "
        "thr.start(tl); ... testMutex.unlock();` inside a try whose only "
        "handler catches NotImplementedException. Thread::start throws "
        "Poco::SystemException when pthread_create fails (resources), which "
        "the handler does not catch: the function leaves with the named "
        "mutex (a System V semaphore, shared by every process) held, and "
        "the next `testMutex.lock()` of the suite blocks forever.", None),
}

_TCP = "monero/contrib/epee/include/net/abstract_tcp_server2.inl"

RULES = [
    ("conclint-double-lock", "leveldb/db/db_impl.cc", {458, 497}, r"'WriteLevel0Table'",
     "DL-CALLEE-RELEASES-THEN-RELOCKS", "WriteLevel0Table: `mutex_.Unlock(); BuildTable(...); mutex_.Lock();` (519-521)"),
    ("conclint-double-lock", "leveldb/db/db_impl.cc", {576, 756, 1513}, r"'RemoveObsoleteFiles'",
     "DL-CALLEE-RELEASES-THEN-RELOCKS", "RemoveObsoleteFiles: `mutex_.Unlock(); RemoveFile...; mutex_.Lock();` (285-289)"),
    ("conclint-double-lock", "leveldb/db/db_impl.cc", {927}, r"'CompactMemTable'",
     "DL-CALLEE-RELEASES-THEN-RELOCKS", "CompactMemTable -> WriteLevel0Table / RemoveObsoleteFiles, both unlock first"),
    ("conclint-double-lock", "leveldb/db/db_impl.cc", {1491}, r"'Recover'",
     "DL-CALLEE-RELEASES-THEN-RELOCKS", "Recover -> RecoverLogFile -> WriteLevel0Table, which unlocks first"),
    ("conclint-double-lock", _TCP,
     {192, 194, 234, 237, 262, 285, 295, 356, 359, 372, 375, 417, 484, 487, 502, 507,
      579, 582, 592, 825, 1094},
     r"'(interrupt|terminate|state_status_check)'",
     "DL-CALLEE-RELEASES-THEN-RELOCKS",
     "-> cancel_handler(): `m_state.lock.unlock(); m_handler.release_protocol(); m_state.lock.lock();` (641-644)"),
    ("conclint-unreleased-lock", _TCP, {1502}, r"connections_mutex'",
     "UL-TRY-AROUND-CALL-THROWS", "TRY_ENTRY(); connections_mutex.lock(); c->cancel() ...; CATCH_ENTRY_L0 returns"),
    ("conclint-unreleased-lock", "poco/Foundation/include/Poco/Event_POSIX.h", {53, 67}, None,
     "UL-PTHREAD-LOCK-FAILURE-BRANCH", "`if (pthread_mutex_lock(&_mutex)) throw SystemException(...)`"),
    ("conclint-unreleased-lock", "boost/libs/thread/example/shared_mutex.cpp", {380, 438},
     r"'unlock_upgrade_and_lock'",
     "UL-LOCK-OPERATION-AS-THROWING-CALL", "`mut.unlock_upgrade_and_lock()` on the held boost::shared_mutex"),
    ("conclint-unreleased-lock", "samples/Oauth1Client/Oauth1Client.cpp", {91}, r"'then'",
     "UL-THROW-PRECONDITION-NOT-REACHABLE", "`token_from_redirected_uri(...).then(...)`: then() throws only on a default task"),
    ("conclint-unreleased-lock", "samples/Oauth2Client/Oauth2Client.cpp", {94}, r"'then'",
     "UL-THROW-PRECONDITION-NOT-REACHABLE", "`token_from_redirected_uri(...).then(...)`: then() throws only on a default task"),
    ("conclint-blocking-call-under-lock", "websockets/client/ws_client_wspp.cpp", {687}, r"'std::thread::join'",
     "BUL-JOIN-UNDER-LOCK", "`lock_guard lock(m_wspp_client_lock); if (m_thread.joinable()) m_thread.join();`"),
    ("conclint-unreleased-lock", "Foundation/testsuite/src/NamedMutexTest.cpp",
     {92, 122}, r"'testMutex'", "UL-NAMED-MUTEX-LEAKS-ON-THREAD-START-FAILURE",
     "`testMutex.lock(); thr.start(tl); ...; testMutex.unlock();` under `catch (NotImplementedException&)` only"),
    ("conclint-double-lock", "libcds/cds/sync/lock_array.h", {252}, r"'\*pLock'",
     "DL-POINTER-ADVANCED-IN-LOOP", "lock_all(): `for (...; pLock != pEnd; ++pLock) pLock->lock();`"),
    ("conclint-blocking-call-under-lock", "cpp-httplib/httplib.h", {6154}, r"'is_socket_alive'.*'select'",
     "BUL-ZERO-TIMEOUT-SELECT", "is_socket_alive -> select_read(sock, 0, 0): select with a zero timeval"),
    ("conclint-blocking-call-under-lock", "cpp-httplib/httplib.h", {6168}, r"'connect'",
     "BUL-CONNECT-UNDER-LOCK", "create_and_connect_socket() with socket_mutex_ held; stop() takes it (7223)"),
    ("conclint-blocking-call-under-lock", "cpp-httplib/httplib.h", {6181}, r"initialize_ssl'",
     "BUL-CONNECT-UNDER-LOCK", "TLS handshake (select up to the timeouts) with socket_mutex_ held"),
    ("conclint-blocking-call-under-lock", "http/listener/http_server_api.cpp", {92, 96, 110, 133, 145},
     r"'task::wait'",
     "BUL-WAIT-ON-TASK-OF-UNKNOWN-SERVER", "`s_server_api->...().wait()` under s_lock; shipped servers return finished tasks"),

]
