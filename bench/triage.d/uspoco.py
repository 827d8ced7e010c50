# Fix of helper uspoco on conclint-unguarded-shared-state (issue 13,
# US-CALLER-HOLDS-OUTER-LOCK), loaded by bench/triage.py. The verdicts of the
# rows stay where they are (unguarded-shared-state.py, unguarded-unsampled.py,
# lead-1314.py): they are verdicts on those runs.
#
# Why FunctionDelegate.h:278/345/412 stayed after the outer-lock and
# neither-runs-here rules: the first two are explicit specializations
# (`template <> class FunctionDelegate<void, true, true>`,
# `<void, true, false>`), ordinary classes to which "instantiated only for
# the vtable" does not apply; the third (`FunctionDelegate<void, false>`, an
# implicit instantiation of a partial specialization) has a call of the
# base's `disable()`/`equals()` in the TU: Expire<void>'s own forwarding
# overrides. Measured with an instrumented build on CoreTest.cpp and
# DirectoryWatcherTest.cpp (the TUs that report them): for all six methods
# the only visible call is that forwarding (Expire<void>::disable calls
# AbstractDelegate<void>::disable, Expire<void>::equals calls
# AbstractDelegate<void>::equals), a cycle of callers with no visible entry,
# so visibleCallerHeld returned no evidence (not an unlocked chain: the
# earlier note was inexact) and heldByAllCallers failed; neitherRunsHere
# failed on "explicit specialization" (278, 345) and on "the base method is
# called in the TU" (412). The pair was reported by contract. In
# that TU nothing that runs creates a FunctionDelegate<void, ...> or an
# Expire<void> (only Delegate.h's inline `delegate(...)` factories do, and
# nothing calls them) or dispatches to their methods. Fix (h/uspoco):
# utils/RunsHere computes the code a TU runs (main-file and out-of-line
# functions, destructors, thread entries, global initialisers, and what
# they call, dispatch to, name, or create objects of, also inside library
# calls like make_shared<C>); two virtual methods outside it do not run here
# (SharedAccesses::neitherRunsHere).
#
# Re-run, only conclint-unguarded-shared-state, -j 1, main's build (2317046)
# against h/uspoco's, single-TU driver commands of helpers-common.md:
#  - all 61 poco TUs of the database: 14 rows -> 11, the three
#    FunctionDelegate rows gone, none added (PriorityEventTest.cpp does not
#    compile on either side);
#  - 37 TUs of the lock-consistency TP rows and of the header rows of other
#    projects (caf logger, proxy_registry, test_multiplexer; cpp-httplib
#    test.cc; cpprest http_client_asio, ws_client_wspp, memstream_tests,
#    stdstream_tests; i2pd Destination, Garlic, NetDb, Streaming,
#    TransitTunnel, Tunnel, TunnelPool, AddressBook, ClientContext, SAM,
#    UDPTunnel; libtorrent alert_manager, disk_job_pool, file_view_pool,
#    mmap_disk_io, part_file; monero connection_basic, download (daemon.cpp
#    and wallet2.cpp do not compile on either side); rocksdb
#    logs_with_prep_tracker; spdlog spdlog.cpp; websocketpp broadcast_server,
#    debug_client, echo_server, telemetry_server, testee_server,
#    utility_client; zeromq ctx.cpp): 99 rows on both sides, row for row (73
#    of the lock-consistency messages). No TP row lost.

FIXED = [
    ("conclint-unguarded-shared-state", "US-CALLER-HOLDS-OUTER-LOCK", 3,
     "2026-12-02T1400Z-final",
     "two virtual methods that no code the TU runs reaches (no running "
     "code calls them, even through the base, names them, or creates an "
     "object of their class, even in a library call) do not run here "
     "(utils/RunsHere, SharedAccesses::neitherRunsHere): Poco's "
     "FunctionDelegate<void, ...> specializations, built only in Delegate.h's "
     "uncalled inline factories and reached only through Expire<void>'s "
     "forwarding overrides",
     "test/checks/unguarded-shared-state-outer-lock-specialized.cpp",
     "specialization_unused_ok"),
]
