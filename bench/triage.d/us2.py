# Verdicts and fixes of helper us2 on conclint-unguarded-shared-state (issue
# 13), loaded by bench/triage.py. The verdicts of the 2026-12-01T2240Z-all
# rows stay in unguarded-shared-state.py (they are verdicts on that run);
# this file records what the re-runs under bench/results/us2-* show.
#
# Re-runs: bench/results/us2-* (the table and the sample's figures are in
# bench/results/us2-rerun7-fp/README.md). Sample after these fixes: 17 TP /
# 6 FP / 13 U (74%), from 17 / 9 / 13: http_server_asio.cpp:1277
# (US-SHARED-GUARD-UNRECOGNISED) and FunctionPriorityDelegate.h:286/:355
# (US-CALLER-HOLDS-OUTER-LOCK) are no longer reported; every sampled TP and
# U row still is. The verdicts of the rows are unchanged (they are verdicts
# on the 2026-12-01T2240Z-all run).

FIXED = [
    ("conclint-unguarded-shared-state", "US-SHARED-GUARD-UNRECOGNISED", 2,
     "2026-12-01T2240Z-all",
     "a guard whose constructor takes the lockable it received by another "
     "name (a member with no argument returning nothing: pplx's "
     "`lock_read()`) and whose destructor unlocks it holds that lock shared; "
     "Boost's `shared_lock` (a constructor locking through a method of its "
     "own) was fixed before",
     "test/checks/unguarded-shared-state-sync-only-calls.cpp",
     "Listeners::count_ok"),
]
