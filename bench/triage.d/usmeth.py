# Fixes of helper usmeth on conclint-unguarded-shared-state (issue 13), loaded
# by bench/triage.py. The verdicts of the 2026-12-01T2240Z-all rows stay in
# triage.py / unguarded-shared-state.py / unguarded-unsampled.py (verdicts on
# that run); this file records what the re-run of the per-method write rule
# (utils/Accesses.h, SelfSyncOracle::callShownToWrite: a non-const call of a
# user class's method is a write only when its visible body shows one)
# shows.
#
# Re-run: bench/results/usmeth-rerun (h/usmeth at beadfb7) and
# bench/results/usmeth-rerun2 (at 90afcef, with the getter rule: the same 49
# findings, row for row) against bench/results/usmeth-base (main ede13d0's
# build on the same TUs), all -j 1, only
# conclint-unguarded-shared-state, 21 TUs: the TUs of the 14 rows of
# "written by concurrently running threads without synchronization" (caf
# actor_system.cpp for the header row coordinator.hpp:81, caf logger.cpp,
# concurrentqueue test2/test3, cpp-httplib test/test.cc, libtorrent
# client_test.cpp, onetbb fgbzip2.cpp, rocksdb compaction_job.cc, websocketpp
# telemetry_client.cpp, which also reports the header row endpoint.hpp:196)
# and of TP rows of the two lock-consistency messages (caf proxy_registry.cpp;
# cpprest http_client_asio.cpp, ws_client_wspp.cpp; i2pd Garlic.cpp,
# TunnelPool.cpp, UDPTunnel.cpp, AddressBook.cpp, Tunnel.cpp,
# TransitTunnel.cpp; poco Timer.cpp, PollSet.cpp; zeromq ctx.cpp). Base 60
# rows, re-run 49.
#
# The 14 rows of the thread-race message: 7 FP gone (test2.cpp:14,
# test3.cpp:18, fgbzip2.cpp:163, client_test.cpp:754, coordinator.hpp:81,
# telemetry_client.cpp:80, and test.cc:2754 'cli_' -- U, USX-SHARED-CLIENT-
# REQUESTS: `Get` locks the client's socket mutex, so it is no shown write).
# The TP is kept and now points at the write itself: test.cc:4724
# `svr.stop_ = true` (was reported at the thread's `svr.listen(...)`, 4713;
# triage.py's US-FLAG-POLL rule already names both lines). test.cc:3877 moved
# to 3887: the same race, now reported at `svr.set_mount_point(...)`, whose
# visible body appends to `base_dirs_` with no synchronisation (a shown
# write); its verdict (FP, ordered by the ready/request protocol) stays. The
# other 5 rows (logger.cpp:398, test.cc:993/1004, compaction_job.cc:761,
# endpoint.hpp:196) are other patterns and are still reported.
#
# Lock-consistency messages: one reading, one writing, for all messages (a
# write is what can be shown, whichever message reports it). Every TP row of
# the re-run TUs is still reported but two: i2pd TransitTunnel.h:79 and
# Tunnel.h:140 ('m_Gateway' read without 'm_SendMutex', US-LC-UNLOCKED-
# GETTER). Their locked writes are `m_Gateway.PutTunnelDataMsg(...)` /
# `m_Gateway.SendBuffer()`, defined in TunnelGateway.cpp: in these TUs the
# write is not shown, so the rule stays silent (kept visible as
# FN_sent_unlocked in test/checks/unguarded-shared-state-method-writes.cpp;
# a cross-TU "writes its own state unguarded" summary would bring them back).
# http_client_asio.cpp:337 'm_socket' is still reported but as a read
# ("is read without holding 'this->m_socket_lock'"): `set_option` does not
# write the socket object, `close()` under the lock does; the verdict (TP)
# holds. Two FP rows are gone for the same reason as the two TPs, not because
# their pattern is fixed: rocksdb concurrent_arena.h:53 (US-LOCK-BY-OWNS-LOCK:
# the locked `arena_.AllocateAligned` is in arena.cc) and zeromq ctx.cpp:153
# (USX-UNPUBLISHED-OBJECT: the locked `_term_mailbox.recv/forked` are in
# mailbox.cpp).

US = "conclint-unguarded-shared-state"

RULES = [
    (US, "cpp-httplib/test/test.cc", {3887}, r"'svr'",
     "USX-READY-ORDERED-BY-REQUEST",
     "`svr.set_mount_point(...)` (its body appends to `base_dirs_`) after `is_running()`, before the requests that read it"),
]

FIXED = [
    (US, "US-LOCK-FREE-OBJECT", 3, "2026-12-01T2240Z-all",
     "a non-const call of a user class's method is a write only when its "
     "visible body writes a plain member with nothing synchronising in its "
     "closure: moodycamel::ConcurrentQueue enqueue/enqueue_bulk and "
     "tbb::concurrent_bounded_queue push/pop (claimed slots, atomics, the "
     "queue's monitors) show none",
     "test/checks/unguarded-shared-state-method-writes.cpp",
     "lock_free_queue_two_producers_ok"),
    (US, "US-SELF-SYNCHRONIZED-HANDLE", 1, "2026-12-01T2240Z-all",
     "a method whose body is not in the translation unit (libtorrent's "
     "session_handle::async_add_torrent, compiled in the library) is not "
     "shown to write: the call reads the handle",
     "test/checks/unguarded-shared-state-method-writes.cpp",
     "invisible_method_ok"),
    (US, "US-SELF-SYNCHRONIZED-OBJECT", 1, "2026-12-01T2240Z-all",
     "caf coordinator.hpp:81 `clock_.run_dispatch_loop()` vs "
     "`cancel_dispatch_loop()`: both defined in the library's .cpp files, "
     "so neither call is shown to write",
     "test/checks/unguarded-shared-state-method-writes.cpp",
     "invisible_method_ok"),
    (US, "USX-INTERNALLY-LOCKED-SUBOBJECT", 1, "2026-12-01T2240Z-all",
     "websocketpp telemetry_client.cpp:80 `m_client.get_alog().write(...)`: "
     "the getter writes nothing, and the logger's `write` locks `m_lock`",
     "test/checks/unguarded-shared-state-method-writes.cpp",
     "self_locking_logger_through_getter_ok"),
]
