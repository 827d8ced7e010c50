# Fixes of helper constarg on conclint-unguarded-shared-state (issue 13),
# loaded by bench/triage.py. The verdicts of the 2026-12-02T0510Z-all rows
# stay in unguarded-unsampled.py; this file records what the re-runs under
# bench/results/constarg-* show.
#
# Re-run (h/constarg, -j 1, only conclint-unguarded-shared-state) against
# main's build (/work/main/build, 41979e6) on the same TUs:
#  - bench/results/constarg-base / constarg-rerun: websocketpp echo_server.cpp
#    and testee_client.cpp: 15 rows -> 13; the two gone are
#    connection_impl.hpp:2030 'm_was_clean' (deflate_config, asio).
#  - bench/results/constarg-wide-base / constarg-wide-rerun: 19 TUs --
#    zeromq ctx.cpp, mailbox.cpp; caf test_multiplexer.cpp, logger.cpp; poco
#    RemoteSyslogChannel.cpp, ThreadPool.cpp, Timer.cpp; cpprest
#    http_client_asio.cpp; i2pd NetDb.cpp, Streaming.cpp, ClientContext.cpp,
#    AddressBook.cpp; rocksdb point_lock_manager.cc; libtorrent
#    mmap_disk_io.cpp; websocketpp enriched_storage.cpp, testee_server.cpp,
#    echo_server_tls.cpp, print_client_tls.cpp, telemetry_client.cpp: 86 rows
#    -> 81; the five gone are connection_impl.hpp:2030 'm_was_clean'
#    (custom_config, testee_config, asio_client, asio_tls, asio_tls_client).
#  - bench/results/constarg-more-base / constarg-more-rerun: 6 more TUs
#    (libtorrent session_impl.cpp, cpprest memstream_tests.cpp, poco
#    BasicEventTest.cpp, StreamSocketImpl.cpp, boost thread
#    future_fallback_to.cpp, monero wallet/api/wallet.cpp): 19 rows -> the
#    same 19, notes included (the rerun at fd58744).
# Together the 7 USX-CONST-ARG-BRANCH rows are gone; every other row of
# those TUs (TP, U and FP alike) is reported as before, row for row, with
# the same notes (connection_impl.hpp:1712's locked write, 2084 in
# send_close_frame's `code != blank` arm, is kept: that arm does not depend
# on `ack`). No new rows, so no new verdicts.
#
# USX-STATE-GATED (8 rows) is not fixed: the unlocked access
# (read_handshake's timer, pplx's _RunTaskContinuations) is ordered before
# the locked one only by the protocol that moves the state on, which nothing
# at the unlocked access states; no sound rule short of knowing every store
# of the state and that it never moves back. Kept visible as
# FP_StateGatedSession in test/checks/unguarded-shared-state-const-args.cpp.

FIXED = [
    ("conclint-unguarded-shared-state", "USX-CONST-ARG-BRANCH", 7,
     "2026-12-02T0510Z-all",
     "a followed call binds the callee's parameters that are zero at that "
     "call (a constant `false`/`0`, or a caller parameter zero in the chain; "
     "utils/ConstArgs.h), and the walk skips the branches they decide "
     "against: websocketpp's `close()` passes `ack = false` to "
     "`send_close_frame`, whose `if (ack) m_was_clean = true;` is no longer "
     "a write under `m_connection_state_lock`",
     "test/checks/unguarded-shared-state-const-args.cpp",
     "Channel_ok"),
]
