# Verdicts on the rows that the fixes of issue 13's guard families (helper
# "bthr": upgrade guards, relockable lock witnesses, relockers and waits,
# wait predicates, construction-only helpers) brought to the surface in the
# re-runs of the TUs concerned (bench/results/bthr-rerun-*), each read in
# /work/corpus/src. Loaded by bench/triage.py (same shapes as its PATTERNS
# and RULES).

US = "conclint-unguarded-shared-state"

# id: (verdict, title, why, proposed FP_ test or None)
PATTERNS = {
    "US-VIRTUAL-WITNESS-PARAM": (
        "FP", "a virtual method taking the caller's locked unique_lock by reference",
        "Boost.Thread's `shared_state_base::set_continuation_ptr(continuation, "
        "unique_lock<mutex>& lock)` reads `done` under the guard its callers "
        "pass, each locked on the target state's `mutex` "
        "(`parent.future_->set_continuation_ptr(..., lock)` after "
        "`unique_lock lock(parent.future_->mutex)`, `lk2` in the unwrap state). "
        "The method is virtual, so the lock-witness rule does not give it its "
        "callers' locks (a call may come through a base, the override may be "
        "called from elsewhere): that is the virtual-caller shape. Surfaced "
        "once `is_done()` (the same member `done`, reported first before) "
        "became silent as a wait predicate.", None),
}

RULES = [
    (US, "boost/libs/thread/include/boost/thread/future.hpp", {331},
     r"'done'", "US-VIRTUAL-WITNESS-PARAM",
     "`set_continuation_ptr(c, unique_lock&)` is virtual; callers pass their locked guard"),
]
