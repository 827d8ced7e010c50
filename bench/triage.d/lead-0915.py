# Verdicts on the rows of the whole-corpus run with main at 83f355b
# (bench/results/2026-12-02T0915Z-all) that no earlier rule matched: 1 row,
# read in /work/corpus/src (the write, its callers, the callers' callers).
# Loaded by bench/triage.py (same shapes as its PATTERNS and RULES).

US = "conclint-unguarded-shared-state"

# id: (verdict, title, why, proposed FP_ test or None)
PATTERNS = {
    "US-SETUP-ON-UNPUBLISHED-STATE": (
        "FP", "a setter run on a new shared state before the state is handed to any other thread",
        "Boost.Thread's `shared_state_base::set_executor()` writes "
        "`is_deferred_` without `mutex`; its callers are the three "
        "`set_executor_policy` overloads. The two taking the caller's guard "
        "hold it; the plain one is called only by "
        "`future_executor_shared_state::init` (future.hpp:4121), which the "
        "factory runs on the state it has just allocated, before it submits "
        "the task and before the future that shares the state is returned: "
        "no other thread can reach the object yet. The same member was "
        "reported at 249 (`set_deferred()`, called only from constructors) "
        "in the 0510 run; the constructor-only rule now exempts that one, and "
        "the check reports the next unlocked write of the member. Not fixed: "
        "the analysis does not know that `init` runs before publication "
        "(USX-UNPUBLISHED-OBJECT is the same shape).", None),
}

RULES = [
    (US, "boost/libs/thread/include/boost/thread/future.hpp", {260},
     r"'is_deferred_'", "US-SETUP-ON-UNPUBLISHED-STATE",
     "`set_executor()` via `set_executor_policy(aex)` in `init` on the new state"),
]
