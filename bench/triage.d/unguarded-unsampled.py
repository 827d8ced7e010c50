# Verdicts on the conclint-unguarded-shared-state findings of the full run
# (bench/results/2026-12-01T2240Z-all, main at dd697c4) that the seeded
# sample (triage.d/unguarded-shared-state.py) left without a verdict
# (issue 13: every finding triaged). Each line was read in /work/corpus/src:
# both accesses, their callers and the threads they run on. Patterns of
# bench/triage.py and triage.d/unguarded-shared-state.py are reused by id
# where they fit; the new ones start with USX-.

US = "conclint-unguarded-shared-state"

# id: (verdict, title, why, proposed FP_ test or None)
PATTERNS = {
    "USX-STATE-GATED": (
        "FP", "the locked access runs only in a state the object enters after the unlocked one",
        "The unlocked access happens on one thread before that thread moves the "
        "object's state machine on (under the lock); the locked access sits "
        "behind a test of that state made under the same lock. websocketpp's "
        "`read_handshake()` arms `m_handshake_timer` while the connection is "
        "`connecting`; `close()` re-arms it only `if (m_state == open)`, and "
        "`open` is stored by the io thread after the handshake (that store, "
        "1424, is itself unlocked, so the order passes through the asio "
        "operations in between rather than the lock; the timer write is long "
        "done by then). pplx's "
        "`_RunTaskContinuations()` takes `_M_Continuations` after "
        "`_FinalizeAndRunContinuations` set `_Completed` under the lock, and "
        "`_ScheduleContinuation` appends only while `!_IsCompleted()` (the "
        "code says: \"the link list can no longer be modified at this point\"). "
        "The two accesses are ordered by the lock's release/acquire on the "
        "state; lock-consistency without the state's guard reports them.",
        None),
    "USX-CONST-ARG-BRANCH": (
        "FP", "the locked write sits on a branch that its only locked caller's constant argument rules out",
        "websocketpp's `send_close_frame(code, reason, ack, terminal)` writes "
        "`m_was_clean = true` only `if (ack)`; the only caller that holds "
        "`m_connection_state_lock` is `close()`, which passes `ack = false`. "
        "The writes that do run (`send_close_ack`, `process_control_frame`) "
        "are on the io thread, like the reported read. The locked write the "
        "message names never executes; the summary of the callee is not "
        "specialised on the constant argument.", None),
    "USX-LOCK-WITNESS-PARAM": (
        "FP", "a method that takes the held lock as a parameter (a lock witness)",
        "Boost.Thread's `closed(unique_lock<mutex>&)` / `closed(lock_guard<mutex>&)` "
        "take the guard by reference as proof that the caller holds `mtx_`; "
        "every caller passes its own guard on `mtx_` (`closed()` itself: "
        "`lock_guard<mutex> lk(mtx_); return closed(lk);`). The read runs with "
        "the lock held; a guard parameter of the lock's type should seed the "
        "callee's lockset with the mutex it guards (caller-held analysis).",
        None),
    "USX-RELOCKER-CALLEE": (
        "FP", "a callee that unlocks and re-locks the caller's guard before it returns",
        "`notify_when_ready()` takes `unique_lock lock(this->mutex)`, calls "
        "`do_callback(lock)`, whose `relocker relock(lock)` unlocks around the "
        "user callback and re-locks in its destructor, then inserts into "
        "`external_waiters`. The lock is held again at the insert; the "
        "must-hold analysis drops it at the call that receives the guard and "
        "does not see the project's re-locking RAII type restore it.", None),
    "USX-SYNC-OBJECT-CALL": (
        "FP", "a call on a project synchronisation object (an event) counted as a data write",
        "`Poco::Event` members (`_done`, `_targetReady`, `_targetCompleted`, "
        "`_wakeUp`): `wait()`, `set()` and `reset()` are the synchronisation "
        "itself (a mutex and condition variable inside). Calling `set()` "
        "after `_mutex.unlock()` or `wait()` outside `_mutex` is the intended "
        "hand-off, not an unguarded write of the member.", None),
    "USX-NONCONST-CALL-READS": (
        "FP", "a non-const call that only reads, on both sides, counted as a write",
        "`TCPServerDispatcher::_pParams` is an `AutoPtr<TCPServerParams>` set in "
        "the constructor and never reassigned; `_pParams->getThreadIdleTime()` "
        "and `_pParams->getMaxQueued()` go through `AutoPtr::operator->` (not "
        "const) to const getters. Neither side writes the member.", None),
    "USX-GLOBAL-NOT-MEMBER": (
        "FP", "a namespace-scope object reported as a member guarded by the class's lock",
        "`i2p::data::netdb` is a global, not a member of `Transports`; "
        "`netdb.GetRandomSSU2PeerTestRouter(...)` and "
        "`netdb.GetFamilies().GetFamilyID(fam)` (the latter under "
        "`m_FamilyMutex`, which guards `Transports`' own family data) are "
        "calls on an object that locks its own containers. The lock-consistency "
        "rule is for the class's fields; an object reached by name is not one.",
        None),
    "USX-INTERNALLY-LOCKED-SUBOBJECT": (
        "FP", "both threads reach only a sub-object whose methods take its own lock",
        "`m_client.get_alog().write(...)` on the telemetry thread and in the "
        "handlers on the asio thread: `get_alog()` returns `*m_alog` (set at "
        "construction) and `basic::write` takes the logger's `m_lock`. "
        "rocksdb's `dlock_buffer_` is a `DeadlockInfoBuffer` whose "
        "`PrepareBuffer()` and `AddNewPath()` lock its `paths_buffer_mutex_`. "
        "Calling a member's self-locking methods is not an unsynchronised "
        "write of the member, whichever outer lock is held.", None),
    "USX-UNCALLED-GETTER": (
        "U", "a public getter no code in the project calls",
        "The getter reads without the lock the writers hold, but nothing in the "
        "project calls it, so no thread is known to read concurrently; whether "
        "a user calls it off the owner thread is unknown.", None),
    "USX-SHUTDOWN-ORDER": (
        "U", "a shutdown path touches the member after stopping the components that write it",
        "`ClientContext::Stop()` iterates and clears `m_Destinations` unlocked "
        "after stopping the SAM/BOB/I2CP servers whose sessions create "
        "destinations under the lock; `ReloadConfig` (erases under the lock) "
        "is reached from the HTTP console and SIGHUP. Whether those are "
        "already stopped depends on the daemon's shutdown order (Daemon.cpp), "
        "not in this TU.", None),
    "USX-SAME-THREAD-WRITER": (
        "U", "every caller found of both sides runs on one thread",
        "The unlocked access and the locked writer are reached, in every caller "
        "the project has, from the same thread: i2pd's "
        "`AddressBook::DownloadComplete` reads `m_IsLoaded` on the subscription "
        "download thread right after that thread ran `LoadHostsFromStream` "
        "(the locked writer; one download at a time); monero's "
        "`get_rpc_client_secret_key()` / `get_daemon_login()` / "
        "`get_daemon_address()` are read on simplewallet's command thread (or "
        "the GUI's UI thread), which is also the one that runs `set_daemon`. "
        "No concurrent pair was found; a library user could still call them "
        "from two threads (wallet2 has the mutex for its RPC paths).", None),
    "USX-SHARED-CLIENT-REQUESTS": (
        "U", "concurrent requests on one HTTP client object",
        "Three threads call `cli_.Get(...)` on one `SSLClient` while the test "
        "thread calls `stop()`. `ClientImpl` picks the socket up under "
        "`socket_mutex_` and counts requests in flight, but each request then "
        "reads and writes `socket_` (and its `SSL*`) unlocked, and "
        "`shutdown_socket` asserts that the requests in flight come from one "
        "thread. Whether httplib supports concurrent requests on one client "
        "(then the message is wrong about the object) was not established.",
        None),
    "USX-READY-ORDERED-BY-REQUEST": (
        "FP", "a server set up from the test thread while its listener thread only accepts",
        "`svr.listen(...)` runs on the thread; the test waits for "
        "`is_running()` (atomic), then calls `svr.set_mount_point(...)` and "
        "only afterwards sends the requests whose handlers read the mount "
        "points. The listener thread touches the atomics and the listening "
        "socket; the members the test writes are read only by handlers of "
        "requests sent after the write (ordered through the kernel, as in "
        "US-PUBLISHED-BEFORE-FLAG). No member is touched by both at once.",
        None),
    "USX-UNPUBLISHED-OBJECT": (
        "FP", "the access runs on a new object before its pointer reaches another thread",
        "`zmq_ctx_new` constructs the context and calls `ctx->valid()` before it "
        "returns the pointer; no other thread can reach the object yet, so no "
        "locked access can run concurrently. The analysis does not see that "
        "the only caller holds the sole reference.", None),
    "USX-BOOST-GUARD-SHAPE": (
        "FP", "the access is inside a Boost `unique_lock` guard",
        "`boost::unique_lock<boost::mutex> guard{sync_}; const auto subs_copy = "
        "chain_subs_; guard.unlock();`: the read holds `sync_`. Boost's guard "
        "constructor locks through a method of its own (`{ lock(); }`), which "
        "the guard-by-shape rule of this run did not follow; it is the rule "
        "US-SHARED-GUARD-UNRECOGNISED names for Boost's `shared_lock`, and "
        "SyncTypes' `ctorLocks` now follows calls on `this` (not re-run here).",
        None),
    "USX-TEST-HOOK": (
        "U", "a TEST_ accessor read at a point the test believes quiescent",
        "rocksdb's `TEST_*Size()` read the tracker's containers without their "
        "mutexes; the tests call them after the transactions are done, but "
        "background flushes (`MarkLogAsHavingPrepSectionFlushed`) may still "
        "run. Whether they can at that point was not established.", None),
    "USX-FENCED-JOB": (
        "FP", "reader and writer are jobs that the disk-job fence never runs together",
        "`part_file::readv` unlocks `m_mutex` before `open_file` reads `m_path`; "
        "`move_partfile` writes it under the mutex, but it runs only inside the "
        "move-storage job, which `mmap_disk_io` queues with `add_fence_job`: "
        "the fence waits for every outstanding job on that storage and blocks "
        "new ones until it completes. Read and write never overlap; the order "
        "comes from the job scheduler in another TU, which the analysis "
        "cannot see (and an unknown should resolve to silence).", None),
}

RULES = [
    # websocketpp
    (US, "websocketpp/connection.hpp", {1218}, r"'m_local_close_code'",
     "US-LC-UNLOCKED-GETTER", "`get_local_close_code()` vs `close()` (any thread) writing it under `m_connection_state_lock`"),
    (US, "websocketpp/impl/connection_impl.hpp", {79}, r"'m_state'",
     "US-LC-UNLOCKED-GETTER", "`get_state()` (its lock commented out) vs `close()` writing `m_state = closing` under the lock"),
    (US, "websocketpp/impl/connection_impl.hpp", {778}, r"'m_handshake_timer'",
     "USX-STATE-GATED", "`read_handshake()` while `connecting`; `close()` re-arms the timer only when `m_state == open`"),
    (US, "websocketpp/impl/connection_impl.hpp", {2030}, r"'m_was_clean'",
     "USX-CONST-ARG-BRANCH", "the locked write (2127) is `if (ack)`; `close()` passes `ack = false`"),
    (US, "websocketpp/logger/basic.hpp", {165}, r"'m_dynamic_channels'",
     "US-LC-UNLOCKED-GETTER", "public `dynamic_test()`: the io thread calls it unlocked (connection_impl.hpp:1841) while `set_channels` may run elsewhere"),
    (US, "examples/telemetry_client/telemetry_client.cpp", {80}, r"'m_client'",
     "USX-INTERNALLY-LOCKED-SUBOBJECT", "`m_client.get_alog().write(...)` on both threads: the logger locks `m_lock`"),
    # poco
    (US, "Poco/Activity.h", {145}, r"'_done'",
     "USX-SYNC-OBJECT-CALL", "`_done.wait()` on a `Poco::Event`"),
    (US, "Poco/Delegate.h", {78}, r"'_receiverObject'",
     "US-CALLER-HOLDS-OUTER-LOCK", "`equals()` and `disable()` both run from the strategy's `remove()` under the event's mutex"),
    (US, "Poco/FunctionDelegate.h", {142, 209, 278, 345, 412}, r"'_function'",
     "US-CALLER-HOLDS-OUTER-LOCK", "`equals()` and `disable()` both run from the strategy's `remove()` under the event's mutex"),
    (US, "Poco/FunctionPriorityDelegate.h", {77, 146, 215, 424}, r"'_function'",
     "US-CALLER-HOLDS-OUTER-LOCK", "`equals()` and `disable()` both run from the strategy's `remove()` under the event's mutex"),
    (US, "Poco/PriorityDelegate.h", {81, 155, 229}, r"'_receiverObject'",
     "US-CALLER-HOLDS-OUTER-LOCK", "`equals()` and `disable()` both run from the strategy's `remove()` under the event's mutex"),
    (US, "Poco/Observer.h", {92}, r"'_pObject'",
     "US-CALLER-HOLDS-OUTER-LOCK", "`equals()` (NotificationCenter.cpp:47/61) and `disable()` both run under the NotificationCenter's mutex"),
    (US, "Poco/FIFOBuffer.h", {273, 279, 439, 465}, r"'_(buffer|used|error|eof)'",
     "US-LC-UNLOCKED-GETTER", "`size()`/`used()`/`isValid()`/`hasEOF()` read what `resize`/`setError`/`setEOF` write under `_mutex`"),
    (US, "poco/Foundation/src/ThreadPool.cpp", {152, 177}, r"'_target(Completed|Ready)'",
     "USX-SYNC-OBJECT-CALL", "`_targetCompleted.wait()` / `_targetReady.set()` on `Poco::Event`s"),
    (US, "poco/Foundation/src/Timer.cpp", {68}, r"'_startInterval'",
     "US-LC-UNLOCKED-GETTER", "`start()` reads `_startInterval` one line before it takes `_mutex`; `setStartInterval` writes it under `_mutex`"),
    (US, "poco/Foundation/src/Timer.cpp", {100}, r"'_wakeUp'",
     "USX-SYNC-OBJECT-CALL", "`_wakeUp.set()` on a `Poco::Event` after `_mutex.unlock()`"),
    (US, "Poco/Net/HTTPSessionFactory.h", {136}, r"'_proxyConfig'",
     "US-LC-UNLOCKED-GETTER", "`proxyHost()` vs `setProxy()` under `_mutex` on the process-wide `defaultFactory()`"),
    (US, "poco/Net/src/PollSet.cpp", {138}, r"'_epollfd'",
     "US-LC-UNLOCKED-GETTER", "public `update()` uses `_epollfd` unlocked; `clear()` closes and replaces it under `_mutex`"),
    (US, "poco/Net/src/RemoteSyslogChannel.cpp", {80, 90}, r"'_(open|host)'",
     "US-LC-PROTOCOL-ORDERED", "public `open()` at set-up; `log()` calls it under `_mutex` only when not yet open"),
    (US, "poco/Net/src/TCPServerDispatcher.cpp", {106}, r"'_pParams'",
     "USX-NONCONST-CALL-READS", "`_pParams->getThreadIdleTime()` vs `_pParams->getMaxQueued()`: reads through `AutoPtr::operator->`"),
    # boost
    (US, "boost/thread/concurrent_queues/sync_bounded_queue.hpp", {290}, r"'closed_'",
     "USX-LOCK-WITNESS-PARAM", "`closed(unique_lock<mutex>&)`: callers pass their guard on `mtx_`"),
    (US, "boost/thread/executors/inline_executor.hpp", {86}, r"'closed_'",
     "USX-LOCK-WITNESS-PARAM", "`closed(lock_guard<mutex>&)`: `closed()` calls it with `lock_guard<mutex> lk(mtx_)`"),
    (US, "boost/thread/executors/thread_executor.hpp", {94}, r"'closed_'",
     "USX-LOCK-WITNESS-PARAM", "`closed(lock_guard<mutex>&)`: `closed()` calls it with `lock_guard<mutex> lk(mtx_)`"),
    (US, "boost/thread/future.hpp", {272}, r"'external_waiters'",
     "USX-RELOCKER-CALLEE", "`do_callback(lock)` re-locks through `relocker`'s destructor before the insert"),
    # caf
    (US, "io/network/test_multiplexer.cpp", {452, 454, 474, 534}, r"'(local_endpoints_|datagram_data_|remote_endpoints_|scribe_data_)'",
     "US-LC-OWNER-THREAD", "`is_known_port`/`is_known_handle`/`virtual_network_buffer` of the test harness, on the test thread (`CAF_ASSERT(this_thread == tid_)`)"),
    # concurrentqueue, onetbb
    (US, "examples/test2.cpp", {14}, r"'q'",
     "US-LOCK-FREE-OBJECT", "`q.enqueue(...)` on a `moodycamel::ConcurrentQueue`"),
    (US, "examples/test3.cpp", {18}, r"'q'",
     "US-LOCK-FREE-OBJECT", "`q.enqueue_bulk(...)` on a `moodycamel::ConcurrentQueue`"),
    (US, "onetbb/examples/graph/fgbzip2/fgbzip2.cpp", {163}, r"'m_writeQueue'",
     "US-LOCK-FREE-OBJECT", "`push` / `pop` on a `tbb::concurrent_bounded_queue`, built for concurrent producers and consumers"),
    # cpp-httplib
    (US, "cpp-httplib/httplib.h", {7220}, r"'socket_'",
     "US-LC-UNLOCKED-GETTER", "public `ClientImpl::socket()` vs `stop()` (documented for another thread) closing it under `socket_mutex_`"),
    (US, "cpp-httplib/test/test.cc", {2754}, r"'cli_'",
     "USX-SHARED-CLIENT-REQUESTS", "three threads `cli_.Get(...)` on one `SSLClient`, the test thread `cli_.stop()`"),
    (US, "cpp-httplib/test/test.cc", {3877}, r"'svr'",
     "USX-READY-ORDERED-BY-REQUEST", "`svr.set_mount_point(...)` after `is_running()`, before the requests that read it"),
    # cpprest
    (US, "pplx/pplxtasks.h", {2188}, r"'_M_Continuations'",
     "USX-STATE-GATED", "runs after `_M_TaskState = _Completed` under the lock; `_ScheduleContinuation` appends only while not completed"),
    (US, "http/client/http_client_asio.cpp", {202}, r"'m_keep_alive'",
     "US-LC-UNLOCKED-WRITE", "`set_keep_alive()` from the response handler vs `close()` from the cancellation callback (user thread) under `m_socket_lock`"),
    (US, "http/client/http_client_asio.cpp", {205}, r"'m_cn_hostname'",
     "US-LC-PROTOCOL-ORDERED", "`cn_hostname()`: set once by `upgrade_to_ssl` while the connection is set up"),
    (US, "http/client/http_client_asio.cpp", {337}, r"'m_socket'",
     "US-LC-UNLOCKED-WRITE", "`enable_no_delay()` in the connect handler vs `close()` from the cancellation callback; the class comment says cancellation touches the socket concurrently"),
    (US, "http/listener/http_server_asio.cpp", {186}, r"'m_listeners'",
     "US-SHARED-GUARD-UNRECOGNISED", "`pplx::extensibility::scoped_read_lock_t lock(m_listeners_lock)`"),
    (US, "http/listener/http_server_asio.cpp", {529}, r"'m_acceptor'",
     "US-LC-PROTOCOL-ORDERED", "`hostport_listener::start()` then `stop()`, both from the server's start/stop under its listeners lock (taken shared)"),
    # i2pd
    (US, "i2pd/libi2pd/Garlic.cpp", {449}, r"'m_DeliveryStatusSessions'",
     "US-LC-UNLOCKED-WRITE", "`CleanUp()` from `ClientDestination::Stop()` before `StopIOService()`; the io thread erases under the lock"),
    (US, "i2pd/libi2pd/Garlic.h", {303}, r"'m_Sessions'",
     "US-LC-UNLOCKED-GETTER", "`GetSessions()` iterated by the HTTP console (HTTPServer.cpp:499)"),
    (US, "i2pd/libi2pd/NetDb.cpp", {58}, r"'m_(RouterInfos|Floodfills)'",
     "US-LC-PROTOCOL-ORDERED", "`NetDb::Start()` before its thread (80) and, by the daemon's start order, before the transports that add routers"),
    (US, "i2pd/libi2pd/NetDbRequests.cpp", {73}, r"'m_RequestedDestinations'",
     "US-LC-SHUTDOWN-AFTER-JOIN", "`NetDbRequests::Stop()` from `NetDb::Stop()` after `m_Thread->join()`"),
    (US, "i2pd/libi2pd/Streaming.cpp", {1166}, r"'m_LastStream'",
     "US-LC-OWNER-THREAD", "`HandleNextPacket` on the destination's io thread"),
    (US, "i2pd/libi2pd/Streaming.h", {172}, r"'m_RemoteLeaseSet'",
     "USX-UNCALLED-GETTER", "`GetRemoteLeaseSet()` has no caller in i2pd"),
    (US, "i2pd/libi2pd/Streaming.h", {200}, r"'m_SendBuffer'",
     "US-LC-UNLOCKED-GETTER", "`GetSendBufferSize()` for the HTTP console (HTTPServer.cpp:572) vs `Send` adding under `m_SendBufferMutex`"),
    (US, "i2pd/libi2pd/Streaming.h", {323}, r"'m_Streams'",
     "US-LC-UNLOCKED-GETTER", "`GetStreams()` iterated by `GetAllStreams()` for the HTTP console"),
    (US, "i2pd/libi2pd/TransitTunnel.h", {79}, r"'m_Gateway'",
     "US-LC-UNLOCKED-GETTER", "`GetNumTransmittedBytes()` for the HTTP console (HTTPServer.cpp:784) vs `PutTunnelDataMsg` under `m_SendMutex`"),
    (US, "i2pd/libi2pd/Transports.cpp", {40}, r"'m_IsRunning'",
     "US-SET-BEFORE-START", "`m_IsRunning = true;` then `new std::thread(...Run...)` in `Start()`"),
    (US, "i2pd/libi2pd/Transports.cpp", {637}, r"'netdb'",
     "USX-GLOBAL-NOT-MEMBER", "`i2p::data::netdb` is a global, not a field of `Transports`"),
    (US, "i2pd/libi2pd/Tunnel.h", {140}, r"'m_Gateway'",
     "US-LC-UNLOCKED-GETTER", "`GetNumSentBytes()` for the HTTP console (HTTPServer.cpp:490/695) vs `SendTunnelDataMsg` under `m_SendMutex`"),
    (US, "i2pd/libi2pd/TunnelPool.cpp", {105}, r"'m_Tests'",
     "US-LC-UNLOCKED-WRITE", "`DetachTunnels()` (from `StopTunnelPool`, a destination's `Stop`) clears `m_Tests` unlocked; `TestTunnels` on the tunnels thread swaps it under `m_TestsMutex`"),
    (US, "libi2pd_client/AddressBook.cpp", {357}, r"'m_Addresses'",
     "US-LC-UNLOCKED-GETTER", "`Stop()` saves `m_Addresses` after the download wait times out, while the download thread may still insert under the lock"),
    (US, "libi2pd_client/AddressBook.cpp", {636}, r"'m_IsLoaded'",
     "USX-SAME-THREAD-WRITER", "`DownloadComplete` after `LoadHostsFromStream` on the same download thread"),
    (US, "libi2pd_client/ClientContext.cpp", {200}, r"'m_Destinations'",
     "USX-SHUTDOWN-ORDER", "`ClientContext::Stop()` iterates and clears `m_Destinations` after stopping the servers"),
    (US, "libi2pd_client/ClientContext.h", {168}, r"'m_ClientForwards'",
     "US-LC-UNLOCKED-GETTER", "`GetClientForwards()` iterated by I2PControl (260) and the HTTP console (975)"),
    (US, "libi2pd_client/SAM.h", {283}, r"'m_Sessions'",
     "US-LC-UNLOCKED-GETTER", "`GetSessions()` iterated by the HTTP console (HTTPServer.cpp:878) and I2PControl"),
    (US, "libi2pd_client/UDPTunnel.cpp", {239}, r"'m_Sessions'",
     "US-LC-UNLOCKED-WRITE", "`Stop()` clears unlocked while the service thread's `HandleRecvFromLocal` emplaces (also unlocked; a plain-bool `m_cancel_resolve` does not exclude it); the locked `ExpireStale` the note names has no caller"),
    # zeromq
    (US, "zeromq/src/ctx.cpp", {153}, r"'_term_mailbox'",
     "USX-UNPUBLISHED-OBJECT", "`valid()` is called only by `zmq_ctx_new` on the new context before it is returned"),
    (US, "zeromq/src/ctx.cpp", {164}, r"'_pending_connections'",
     "US-LC-UNLOCKED-GETTER", "`terminate()` copies the map holding `_slot_sync` only; `pend_connection` inserts under `_endpoints_sync` from sockets' threads, which may still connect until they see ETERM"),
    (US, "zeromq/src/ctx.cpp", {331, 359, 366}, r"'(_max_sockets|_blocky|_max_msgsz)'",
     "US-LC-UNLOCKED-GETTER", "`ctx_t::get` (zmq_ctx_get, any thread) vs `ctx_t::set` under `_opt_sync`"),
    (US, "zeromq/src/ctx.cpp", {553, 558}, r"'_thread_(priority|sched_policy|name_prefix)'",
     "US-LC-PROTOCOL-ORDERED", "`start_thread` reads the thread options; they must be set before sockets start the threads"),
    (US, "zeromq/src/ctx.cpp", {669}, r"'_io_threads'",
     "US-LC-PROTOCOL-ORDERED", "`choose_io_thread` from sockets; `_io_threads` is filled by `start()` under `_slot_sync` before the first socket exists"),
    (US, "zeromq/src/mailbox.cpp", {73}, r"'_cpipe'",
     "US-LOCK-FREE-OBJECT", "`_cpipe` is a lock-free single-reader `ypipe_t`: writers serialise on `_sync`, the owner thread reads"),
    # monero
    (US, "epee/include/net/abstract_tcp_server2.inl", {1485}, r"'m_threads'",
     "US-LC-PROTOCOL-ORDERED", "`timed_wait_server_stop` after `send_stop_signal`, once `run_server` has started the pool"),
    (US, "epee/include/net/http_client.h", {165, 166}, r"'m_(host_buff|port)'",
     "US-LC-UNLOCKED-GETTER", "`bootstrap_daemon::address()` calls `get_host()`/`get_port()` while another RPC thread (under the shared `m_bootstrap_daemon_mutex`) may `switch_server_if_needed()` -> `set_server` under `m_lock`"),
    (US, "monero/src/rpc/zmq_pub.cpp", {464, 487}, r"'(chain|miner)_subs_'",
     "USX-BOOST-GUARD-SHAPE", "`boost::unique_lock<boost::mutex> guard{sync_};` on the line before"),
    (US, "monero/src/wallet/wallet2.cpp", {12222}, r"'m_daemon_address'",
     "USX-SAME-THREAD-WRITER", "`get_daemon_address()`: callers on the caller's / UI thread, which also runs `set_daemon`"),
    # Re-triaged 2026-12-04 (was TP, US-LC-UNLOCKED-GETTER): the locked
    # writer `set_daemon` runs in WalletImpl only from `init`, which the API
    # documents as coming before `startRefresh()` (wallet2_api.h:536-538);
    # simplewallet calls it under LOCK_IDLE_SCOPE, wallet_rpc_server on its
    # one server thread. A race needs a user re-running `init` while the
    # refresh thread runs, which no code here does.
    (US, "monero/src/wallet/wallet2.h", {950}, r"'m_trusted_daemon'",
     "US-LC-PROTOCOL-ORDERED", "`is_trusted_daemon()` on WalletImpl's refresh thread (api/wallet.cpp:2277) vs `set_daemon` under `m_daemon_rpc_mutex`, which runs from `init`, documented to come before `startRefresh()`"),
    (US, "monero/src/wallet/wallet2.h", {1320}, r"'m_rpc_client_secret_key'",
     "USX-SAME-THREAD-WRITER", "`get_rpc_client_secret_key()` only from simplewallet's command thread, which also runs `set_daemon`"),
    (US, "monero/src/wallet/wallet2.h", {1321}, r"'m_node_rpc_proxy'",
     "US-LC-PROTOCOL-ORDERED", "`set_rpc_client_secret_key` unlocked only from the constructor, `load()` and the tools' start-up"),
    (US, "monero/src/wallet/wallet2.h", {1383}, r"'m_daemon_login'",
     "USX-SAME-THREAD-WRITER", "`get_daemon_login()` only from simplewallet's command thread and `set_daemon` itself"),
    # rocksdb
    (US, "rocksdb/db/logs_with_prep_tracker.h", {29, 31}, r"'(prepared_section_completed_|logs_with_prep_)'",
     "USX-TEST-HOOK", "`TEST_PreparedSectionCompletedSize()` / `TEST_LogsWithPrepSize()` from transaction_test.cc"),
    (US, "rocksdb/util/threadpool_imp.cc", {82}, r"'bgthreads_'",
     "US-HELPER-CALLED-UNDER-LOCK", "`HasExcessiveThread()`: callers at 240, 254, 263, 431 hold `mu_`"),
    (US, "point/point_lock_manager.cc", {691}, r"'dlock_buffer_'",
     "USX-INTERNALLY-LOCKED-SUBOBJECT", "`dlock_buffer_.PrepareBuffer()` locks the buffer's own `paths_buffer_mutex_`"),
    # libtorrent
    (US, "libtorrent/aux_/alert_manager.hpp", {121}, r"'m_queue_size_limit'",
     "USX-UNCALLED-GETTER", "`alert_queue_size_limit()` is called only by test_alert_manager.cpp, single-threaded"),
    (US, "libtorrent/aux_/disk_job_pool.hpp", {57}, r"'m_read_jobs'",
     "US-LC-UNLOCKED-GETTER", "`read_jobs_in_use()` reads the counter `allocate_job` (disk threads) writes under `m_job_mutex`"),
    (US, "libtorrent/src/part_file.cpp", {268}, r"'m_path'",
     "USX-FENCED-JOB", "`open_file` after `readv` unlocks; `move_partfile` runs only in the move-storage fence job"),
    # spdlog
    (US, "spdlog/details/registry-inl.h", {107}, r"'default_logger_'",
     "US-LC-PROTOCOL-ORDERED", "`get_default_raw()`: documented not to be used concurrently with `set_default_logger()`"),
]
