# Verdicts on conclint-unguarded-shared-state (loaded by bench/triage.py).
# Sample: findings-partial.tsv --sample 40 --seed 13 (2026-12-01), each line
# read in /work/corpus/src. Patterns already in bench/triage.py
# (US-SET-BEFORE-START, US-SELF-SYNCHRONIZED-HANDLE, US-DISJOINT-ELEMENTS)
# are reused by id.

US = "conclint-unguarded-shared-state"

# id: (verdict, title, why, proposed FP_ test or None)
PATTERNS = {
    "US-LC-UNLOCKED-GETTER": (
        "TP", "a public method reads a member without the lock its writers hold",
        "The class writes the member under its own mutex in one member function "
        "and reads it without that mutex in another public one that other threads "
        "do call (or may: the class is documented as shared between threads): "
        "`in_avail()`/`getpos()` of a producer/consumer buffer, i2pd's getters "
        "for the HTTP console thread (`GetNumRemoteLeaseSets`, "
        "`GetIdentHashBase64`, `GetOutboundTunnels` iterated by HTTPServer.cpp), "
        "zmq's `ctx_t::get` against `ctx_t::set`, websocketpp's io thread "
        "reading `m_state` while `close()` (any thread) writes it under the lock. "
        "A data race under the C++ memory model; RacerD's lock-consistency rule.",
        None),
    "US-SELF-SYNCHRONIZED-OBJECT": (
        "FP", "member calls on an object whose cross-thread methods touch only atomics",
        "The thread runs `svr.listen(...)` (which writes the server's containers, "
        "on that thread only); the other thread calls `svr.is_running()` (reads "
        "the `std::atomic<bool>` `is_running_`) and `svr.stop()` (reads "
        "`is_running_`, exchanges the atomic `svr_sock_`). The two sides share "
        "no non-atomic member, so there is no data race; calling the whole "
        "object `written by concurrently running threads` is wrong. The old "
        "oracle asked whether *every* method of the class synchronises, and "
        "`listen()` writes containers unlocked. caf's `thread_safe_actor_clock` "
        "(`cancel_dispatch_loop` pushes into a locked ring buffer; its body is "
        "in another TU) is the same shape. Fixed on h/ustriage for the httplib "
        "rows (a call whose visible body touches only atomics/locks of its "
        "object is no access: SelfSyncOracle::callTouchesOnlySyncState, lit "
        "unguarded-shared-state-sync-only-calls.cpp): re-running test.cc "
        "drops all 46 'svr'/'svr_'/'svr1'/'svr2' rows and keeps US-FLAG-POLL; "
        "the caf row stays (the callee's body is in another TU).", None),
    "US-LC-IN-SYNC-TYPE": (
        "FP", "lock-consistency applied inside a lock or guard type itself",
        "`boost::unique_lock::lock()` sets `is_locked` after `m->lock()`: the "
        "mutex it manages is not the one that guards the guard's own fields "
        "(a unique_lock belongs to one thread). `boost::shared_mutex` notifies "
        "its condition variables (`exclusive_cond.notify_one()`) and the check "
        "took its bookkeeping `state` (a `state_data` with `lock()`/`unlock()` "
        "members) for a mutex. The members of a synchronisation type are its "
        "implementation, not data that a lock held by its users guards. Fixed "
        "on h/ustriage (the lock-consistency walk skips classes that are "
        "themselves lockables or guards): re-running shared_mutex.cpp and "
        "future_when_all.cpp drops all 8 rows.", None),
    "US-PROJECT-GUARD": (
        "FP", "the read is inside a project RAII guard on the lock in common",
        "Poco's `AbstractEvent::notify` copies `_strategy` inside "
        "`Poco::ScopedLockWithUnlock<TMutex> lock(_mutex)` and unlocks after the "
        "copy; caf's `local_group_module::get` reads `instances_` inside "
        "`upgrade_guard guard(instances_mtx_)`, and the write it is compared "
        "with holds `instances_mtx_` as well (plus `proxies_mtx_`). A lock is "
        "held in common; the guard is not recognised (its destructor unlocks "
        "through a method of its own, `~G() { unlock(); }`). Fixed on "
        "h/ustriage (utils/SyncTypes follows such calls): re-running "
        "BasicEventTest.cpp, CoreTest.cpp and group_manager.cpp drops these "
        "3 rows and 4 more reads under such guards (caf `shared_guard`, Poco "
        "`_enabled`), 21 -> 14, none added.", None),
    "US-CALLER-HOLDS-OUTER-LOCK": (
        "FP", "both sides run only under the owner's lock",
        "Poco's delegates: `equals()` reads `_receiverObject`/`_function` "
        "without the delegate's mutex, `disable()` writes it under it. Both "
        "are called only from the event strategy's `remove()`, which "
        "`AbstractEvent` runs under its own `_mutex`; the copies made for "
        "`notify()` call only `notify()`. The event's lock orders them.", None),
    "US-HELPER-CALLED-UNDER-LOCK": (
        "FP", "a helper whose every caller holds the lock",
        "`ThreadPoolImpl::Impl::HasExcessiveThread()` reads "
        "`total_threads_limit_`; its callers (`BGThread`'s wait loop, "
        "`Submit`, `IsLastExcessiveThread`) all hold `mu_` (the wait loop "
        "through `bgsignal_.wait(lock)`, which re-acquires before the condition "
        "is evaluated again). Fixed on h/us (SharedAccesses::callerHeld: a "
        "method only this TU can call, here a public method of a struct "
        "defined in the .cc, runs with the locks every visible caller holds; "
        "lit unguarded-shared-state-caller-held.cpp): re-running "
        "threadpool_imp.cc drops both rows at 82 ('total_threads_limit_', "
        "'bgthreads_'); the next unlocked read of 'bgthreads_' (201, "
        "US-LC-SHUTDOWN-FLAG) is reported instead.", None),
    "US-LC-SHUTDOWN-FLAG": (
        "FP", "read after a shutdown flag, set under the lock, has stopped every writer",
        "`JoinThreads()` sets `exit_all_threads_` under `mu_`, unlocks, then "
        "iterates `bgthreads_` to join them. Every writer of `bgthreads_` "
        "(`StartBGThreads` via `Submit`/`SetBackgroundThreadsInternal`, the "
        "excessive-thread `pop_back` in `BGThread`) runs under `mu_` and first "
        "checks the flag, so none writes after it is set: no race. The check "
        "cannot see that the flag disables the writers.", None),
    "US-LC-UNLOCKED-WRITE": (
        "TP", "a member written without the lock that its other writers hold",
        "caf's `proxy_registry::clear()` swaps `proxies_` out under `mtx_`, "
        "then calls `proxies_.clear()` after releasing it, while `get_or_put` "
        "inserts under `mtx_` from other threads; websocketpp's "
        "`terminate()` (io thread, under a `TODO: does any of this need a "
        "mutex?`) writes `m_local_close_reason` that `close()` writes under "
        "`m_connection_state_lock` from any thread; cpprest's wspp open "
        "handler sets `m_state` on the client thread while `close()` tests "
        "and sets it under `m_wspp_client_lock`. Data races under the C++ "
        "memory model.", None),
    "US-SHARED-GUARD-UNRECOGNISED": (
        "FP", "the read is inside a shared (reader) guard of a project or Boost type",
        "`boost::shared_lock<shared_mutex> guard(m)` (boost thread_group), caf's "
        "`shared_lock<detail::shared_spinlock> guard{aids_lock_}`, pplx's "
        "`reader_writer_lock_t::scoped_lock_read lock(m_listeners_lock)`: the "
        "read holds the lock shared, which excludes the writers that hold it "
        "exclusively. The guard's constructor calls `lock_shared()` / "
        "`lock_read()` on a member or parameter, or through a method of its "
        "own (Boost: `shared_lock(Mutex &m) : m(&m) { lock(); }`), which the "
        "guard-by-shape rule did not take for an acquisition. Fixed on h/us "
        "for the Boost shape (SyncTypes follows the constructor's calls of "
        "its own methods; lit unguarded-shared-state-sync-only-calls.cpp, "
        "ReaderLock / FakeLock); pplx's `lock_read()` naming is not a lock.",
        None),
    "US-THREAD-KEYED-ELEMENTS": (
        "FP", "each thread touches only the map entry keyed by its own thread id",
        "caf's `logger::thread_local_aid()` reads `aids_[this_thread::get_id()]` "
        "under a shared lock; the other overload writes `i->second` of the "
        "caller's own entry under the same shared (upgrade) lock (the code "
        "says the elements are thread-local) and inserts under "
        "`upgrade_to_unique_lock`, an exclusive guard built from another "
        "guard (`other.release()` then `unlock_upgrade_and_lock()`), which the "
        "guard shape does not recognise. Different threads touch different "
        "elements; the insert is exclusive. Not fixed.", None),
    "US-LC-OWNER-THREAD": (
        "U", "unlocked accesses on the thread that owns the object, locked ones from elsewhere",
        "i2pd's `StreamingDestination::HandleNextPacket` runs on the "
        "destination's io thread and reads `m_IncomingStreams`; the locked "
        "writers may run on that thread too (then no race) or on the HTTP "
        "console / client threads (then a race); caf's `test_multiplexer` is "
        "a deterministic test harness whose `is_known_port` runs on the test "
        "thread. Not established from this TU.", None),
    "US-LOCK-BY-OWNS-LOCK": (
        "FP", "a lock taken by `try_lock()` or, failing that, `lock()`",
        "`unique_lock l(m, defer_lock); if (... || l.try_lock()) { if "
        "(!l.owns_lock()) l.lock(); func(); }`: the mutex is held at `func()` "
        "on every path, but the must-hold analysis does not correlate "
        "`owns_lock()` with the `try_lock()` that succeeded. Shown on h/us "
        "after the arena getter (US-IMMUTABLE-SUBOBJECT-FIELD) was fixed: the "
        "next access of 'arena_', in the callback that `AllocateImpl` runs "
        "under that lock, is reported instead.", None),
    "US-IMMUTABLE-SUBOBJECT-FIELD": (
        "FP", "a const getter of a sub-object's immutable field vs a write of its other fields",
        "`ConcurrentArena::BlockSize()` calls `arena_.BlockSize()`, which returns "
        "`kBlockSize`, set in the constructor and never written again; the "
        "locked \"write\" is `arena_.AllocateAligned(...)`, which touches other "
        "fields. No field is both written and read. Fixed on h/us (a virtual "
        "call on a complete object runs that class's own override, whose body "
        "touches only a const member: no access; lit "
        "unguarded-shared-state-sync-only-calls.cpp, LockedBump_ok).", None),
    "US-LC-SHUTDOWN-AFTER-JOIN": (
        "U", "a container cleared on shutdown after the owner's thread is joined",
        "`SSU2Server::Stop()` clears `m_PendingOutgoingSessions` after "
        "`StopIOService()` joins the server's thread. Other threads (sessions "
        "driven by the transports) add to it under the lock; whether any can "
        "still run when `Stop()` runs depends on the shutdown order in "
        "Transports.cpp, not in this TU.", None),
    "US-LC-MODE-CONFINED": (
        "U", "a queue touched without the lock only in a mode with no worker threads",
        "`mmap_disk_io::immediate_execute()` pops `m_generic_io_jobs` without "
        "the lock, but only when the pool has 0 threads, where the calling "
        "thread is the only one touching the queue. Whether the thread count "
        "can change concurrently (a settings update) was not established.",
        None),
    "US-LC-PROTOCOL-ORDERED": (
        "U", "read and write ordered by the library's call protocol, not by code",
        "websocketpp's `set_status()` reads `m_internal_state` unlocked; it "
        "may be called only from the HTTP handler or for a deferred response "
        "while the connection waits, when the io thread does not write the "
        "state. zmq's thread options (`_thread_affinity_cpus`) are documented "
        "to be set before the first socket starts the I/O threads that read "
        "them. Real if a user breaks the protocol; not shown by the code.",
        None),
}

RULES = [
    ("conclint-unguarded-shared-state", "boost/thread/lock_types.hpp", {324}, r"'is_locked'",
     "US-LC-IN-SYNC-TYPE", "`m->lock(); is_locked = true;` inside `unique_lock::lock()`"),
    ("conclint-unguarded-shared-state", "boost/thread/pthread/shared_mutex.hpp", {152, 153}, r"'(exclusive|shared)_cond'",
     "US-LC-IN-SYNC-TYPE", "`exclusive_cond.notify_one(); shared_cond.notify_all();` in `release_waiters()`; 'state' is bookkeeping"),
    ("conclint-unguarded-shared-state", "caf/scheduler/coordinator.hpp", {81}, r"'clock_'",
     "US-SELF-SYNCHRONIZED-OBJECT", "`clock_.run_dispatch_loop()` on the timer thread vs `clock_.cancel_dispatch_loop()` (a locked ring-buffer push)"),
    ("conclint-unguarded-shared-state", "caf/scheduler/profiled_coordinator.hpp", {183}, r"'file_'",
     "US-SET-BEFORE-START", "`file_.open(fname)` in `init()`, which runs before `start()` starts the workers"),
    ("conclint-unguarded-shared-state", "libcaf_core/src/group_manager.cpp", {340}, r"'instances_'",
     "US-PROJECT-GUARD", "`upgrade_guard guard(instances_mtx_)`; the write at 404 holds `instances_mtx_` too"),
    ("conclint-unguarded-shared-state", "cpp-httplib/test/test.cc",
     {967, 1266, 1397, 3632, 3667, 4010, 4172, 4391, 5268, 5510}, r"'svr_?'",
     "US-SELF-SYNCHRONIZED-OBJECT", "`svr.listen()` on the thread; `svr.is_running()` / `svr.stop()` (atomics only) on the test's thread"),
    ("conclint-unguarded-shared-state", "cpprest/producerconsumerstream.h", {108, 124, 126},
     r"'m_total(_read|_written)?'",
     "US-LC-UNLOCKED-GETTER", "`in_avail()`/`getpos()` read the counters that `update_*_head` write under `m_lock`"),
    ("conclint-unguarded-shared-state", "i2pd/libi2pd/Destination.h", {207}, r"'m_RemoteLeaseSets'",
     "US-LC-UNLOCKED-GETTER", "`GetNumRemoteLeaseSets()` (HTTP console thread) vs locked insert/erase"),
    ("conclint-unguarded-shared-state", "i2pd/libi2pd/SSU2.cpp", {148}, r"'m_PendingOutgoingSessions'",
     "US-LC-SHUTDOWN-AFTER-JOIN", "`m_PendingOutgoingSessions.clear()` after `StopIOService()`"),
    ("conclint-unguarded-shared-state", "i2pd/libi2pd/TransportSession.h", {89}, r"'m_RemoteIdentity'",
     "US-LC-UNLOCKED-GETTER", "`GetIdentHashBase64()` reads the shared_ptr that `SetRemoteIdentity` writes under the lock"),
    ("conclint-unguarded-shared-state", "i2pd/libi2pd/TunnelPool.h", {155}, r"'m_OutboundTunnels'",
     "US-LC-UNLOCKED-GETTER", "`GetOutboundTunnels()` handed to HTTPServer.cpp:475, iterated without the lock"),
    ("conclint-unguarded-shared-state", "libtorrent/examples/client_test.cpp", {754}, r"'ses'",
     "US-SELF-SYNCHRONIZED-HANDLE", "`ses.async_add_torrent(...)` in `add_magnet`, vs the loader thread's calls"),
    ("conclint-unguarded-shared-state", "libtorrent/aux_/file_view_pool.hpp", {112}, r"'m_size'",
     "US-LC-UNLOCKED-GETTER", "public `size_limit()` reads `m_size`; `resize()` writes it under `m_mutex`"),
    ("conclint-unguarded-shared-state", "libtorrent/src/mmap_disk_io.cpp", {1423}, r"'m_generic_io_jobs'",
     "US-LC-MODE-CONFINED", "`immediate_execute()` runs only when `max_threads() == 0`"),
    ("conclint-unguarded-shared-state", "Poco/AbstractEvent.h", {242}, r"'_strategy'",
     "US-PROJECT-GUARD", "`TStrategy strategy(_strategy);` inside `ScopedLockWithUnlock<TMutex> lock(_mutex)`"),
    ("conclint-unguarded-shared-state", "Poco/Delegate.h", {290}, r"'_receiverObject'",
     "US-CALLER-HOLDS-OUTER-LOCK", "`equals()` and `disable()` both run from the strategy's `remove()` under the event's mutex"),
    ("conclint-unguarded-shared-state", "Poco/FunctionDelegate.h", {75}, r"'_function'",
     "US-CALLER-HOLDS-OUTER-LOCK", "`equals()` and `disable()` both run from the strategy's `remove()` under the event's mutex"),
    ("conclint-unguarded-shared-state", "poco/Foundation/src/ThreadPool.cpp", {85}, r"'_thread'",
     "US-SET-BEFORE-START", "`_thread.start(*this); _started.wait();` in `start()`, called once when the pool creates the thread"),
    ("conclint-unguarded-shared-state", "db/compaction/compaction_job.cc", {761}, r"'compact_'",
     "US-DISJOINT-ELEMENTS", "`output_status = s` on `std::ref(compact_->sub_compact_states[i].status)`, one element per thread"),
    ("conclint-unguarded-shared-state", "rocksdb/memory/concurrent_arena.h", {88}, r"'arena_'",
     "US-IMMUTABLE-SUBOBJECT-FIELD", "`arena_.BlockSize()` returns the constructor-set `kBlockSize`"),
    # The seeded sample of the full run (2026-12-01T2240Z-all, main at dd697c4).
    ("conclint-unguarded-shared-state", "boost/thread/detail/thread_group.hpp", {44}, r"'threads'",
     "US-SHARED-GUARD-UNRECOGNISED", "`boost::shared_lock<shared_mutex> guard(m)` around the loop"),
    ("conclint-unguarded-shared-state", "libcaf_core/src/logger.cpp", {300}, r"'aids_'",
     "US-THREAD-KEYED-ELEMENTS", "reads its own thread's entry under the shared lock; `i->second = aid` (314) writes only the caller's entry, `emplace` runs under `upgrade_to_unique_lock`"),
    ("conclint-unguarded-shared-state", "libcaf_core/src/proxy_registry.cpp", {144}, r"'proxies_'",
     "US-LC-UNLOCKED-WRITE", "`proxies_.clear()` after the locked swap, outside `mtx_`"),
    ("conclint-unguarded-shared-state", "io/network/test_multiplexer.cpp", {452, 453}, r"'(doormen_|doorman_data_)'",
     "US-LC-OWNER-THREAD", "`is_known_port` of the test harness, on the test thread"),
    ("conclint-unguarded-shared-state", "cpprest/producerconsumerstream.h", {156}, r"'m_allocBlock'",
     "US-LC-PROTOCOL-ORDERED", "`_alloc` / `_commit` pair of the single writer; readers never touch `m_allocBlock`"),
    ("conclint-unguarded-shared-state", "http/client/http_client_asio.cpp", {204}, r"'m_ssl_stream'",
     "US-LC-PROTOCOL-ORDERED", "`is_ssl()`: the stream is made once by `upgrade_to_ssl` while the connection is set up"),
    ("conclint-unguarded-shared-state", "http/listener/http_server_asio.cpp", {1277}, r"'m_listeners'",
     "US-SHARED-GUARD-UNRECOGNISED", "`reader_writer_lock_t::scoped_lock_read lock(m_listeners_lock)`"),
    ("conclint-unguarded-shared-state", "websockets/client/ws_client_wspp.cpp", {289}, r"'m_state'",
     "US-LC-UNLOCKED-WRITE", "open handler sets `m_state = CONNECTED` on the client thread; `close()` sets it under the lock"),
    ("conclint-unguarded-shared-state", "i2pd/libi2pd/NetDb.cpp", {101}, r"'m_LeaseSets'",
     "US-LC-SHUTDOWN-AFTER-JOIN", "`m_LeaseSets.clear()` in `Stop()` after `m_Thread->join()`"),
    ("conclint-unguarded-shared-state", "i2pd/libi2pd/Streaming.cpp", {1201}, r"'m_IncomingStreams'",
     "US-LC-OWNER-THREAD", "`HandleNextPacket` on the destination's io thread"),
    ("conclint-unguarded-shared-state", "i2pd/libi2pd/TunnelPool.h", {156}, r"'m_InboundTunnels'",
     "US-LC-UNLOCKED-GETTER", "`GetInboundTunnels()` for the HTTP console, iterated without the lock"),
    ("conclint-unguarded-shared-state", "libi2pd_client/ClientContext.cpp", {122}, r"'m_ServerForwards'",
     "US-LC-PROTOCOL-ORDERED", "`m_ServerForwards.empty()` in `Start()`, before the reload path can run"),
    ("conclint-unguarded-shared-state", "libtorrent/aux_/disk_job_pool.hpp", {56, 58}, r"'m_(jobs_in_use|write_jobs)'",
     "US-LC-UNLOCKED-GETTER", "`jobs_in_use()` / `write_jobs_in_use()` read counters that `allocate_job` (disk threads) writes under `m_job_mutex`"),
    ("conclint-unguarded-shared-state", "libtorrent/aux_/store_buffer.hpp", {137}, r"'m_store_buffer'",
     "US-LC-UNLOCKED-GETTER", "`size()` reads the map that `insert`/`erase` change under `m_mutex`"),
    ("conclint-unguarded-shared-state", "monero/src/wallet/wallet2.h", {1635}, r"'m_rpc_payment_state'",
     "US-LC-UNLOCKED-GETTER", "`credit_report()` reads the payment state that the RPC paths update under `m_daemon_rpc_mutex`"),
    ("conclint-unguarded-shared-state", "Poco/Delegate.h", {149}, r"'_receiverObject'",
     "US-CALLER-HOLDS-OUTER-LOCK", "`equals()` and `disable()` both run from the strategy's `remove()` under the event's mutex"),
    ("conclint-unguarded-shared-state", "Poco/FunctionPriorityDelegate.h", {286, 355}, r"'_function'",
     "US-CALLER-HOLDS-OUTER-LOCK", "`equals()` and `disable()` both run from the strategy's `remove()` under the event's mutex"),
    ("conclint-unguarded-shared-state", "Poco/NObserver.h", {94}, r"'_pObject'",
     "US-CALLER-HOLDS-OUTER-LOCK", "`equals()` and `disable()` both run from `NotificationCenter::removeObserver` under its mutex"),
    ("conclint-unguarded-shared-state", "poco/Net/src/RemoteSyslogChannel.cpp", {83, 88}, r"'_socket(Address)?'",
     "US-LC-PROTOCOL-ORDERED", "public `open()` at set-up; `log()` calls it under `_mutex` only when not yet open"),
    ("conclint-unguarded-shared-state", "websocketpp/connection.hpp", {1226}, r"'m_local_close_reason'",
     "US-LC-UNLOCKED-GETTER", "`get_local_close_reason()` vs `close()` writing it under `m_connection_state_lock`"),
    ("conclint-unguarded-shared-state", "websocketpp/impl/connection_impl.hpp", {1712, 1713}, r"'m_local_close_(reason|code)'",
     "US-LC-UNLOCKED-WRITE", "`terminate()` writes the close reason unlocked (`TODO: does any of this need a mutex?`); `close()` writes it under the lock"),
    ("conclint-unguarded-shared-state", "websocketpp/impl/connection_impl.hpp", {1898}, r"'m_current_msgs'",
     "US-LC-PROTOCOL-ORDERED", "`handle_write_frame` clears the batch that `write_frame` filled; `m_write_flag` hands it over"),
    ("conclint-unguarded-shared-state", "zeromq/src/ctx.cpp", {352}, r"'_ipv6'",
     "US-LC-UNLOCKED-GETTER", "`ctx_t::get` (zmq_ctx_get, any thread) vs `ctx_t::set` under `_opt_sync`"),
    ("conclint-unguarded-shared-state", "zeromq/src/ctx.cpp", {539, 664}, r"'(_reaper|_slots)'",
     "US-LC-PROTOCOL-ORDERED", "set up by `start()` under `_slot_sync` before any socket exists; read by sockets afterwards"),
    ("conclint-unguarded-shared-state", "rocksdb/memory/concurrent_arena.h", {53}, r"'arena_'",
     "US-LOCK-BY-OWNS-LOCK", "`arena_.Allocate(bytes)` in the callback `AllocateImpl` runs after `if (!arena_lock.owns_lock()) arena_lock.lock();`"),
    ("conclint-unguarded-shared-state", "rocksdb/util/threadpool_imp.cc", {82}, r"'total_threads_limit_'",
     "US-HELPER-CALLED-UNDER-LOCK", "`HasExcessiveThread()`: callers at 240, 254, 263, 431 hold `mu_`"),
    ("conclint-unguarded-shared-state", "rocksdb/util/threadpool_imp.cc", {201}, r"'bgthreads_'",
     "US-LC-SHUTDOWN-FLAG", "`for (auto& th : bgthreads_) th.join();` after `exit_all_threads_ = true` under `mu_`"),
    ("conclint-unguarded-shared-state", "websocketpp/impl/connection_impl.hpp", {547}, r"'m_internal_state'",
     "US-LC-PROTOCOL-ORDERED", "`set_status()` is for the HTTP handler / a deferred response"),
    ("conclint-unguarded-shared-state", "websocketpp/impl/connection_impl.hpp", {831}, r"'m_state'",
     "US-LC-UNLOCKED-GETTER", "`handle_read_handshake` (io thread) reads `m_state`; `close()` from any thread writes it under the lock (2124)"),
    ("conclint-unguarded-shared-state", "zeromq/src/ctx.cpp", {345, 380}, r"'(_io_thread_count|_zero_copy)'",
     "US-LC-UNLOCKED-GETTER", "`ctx_t::get` (zmq_ctx_get, any thread) vs `ctx_t::set` under `_opt_sync`"),
    ("conclint-unguarded-shared-state", "zeromq/src/ctx.cpp", {554}, r"'_thread_affinity_cpus'",
     "US-LC-PROTOCOL-ORDERED", "`start_thread` reads the set; the option must be set before sockets start threads"),
]
