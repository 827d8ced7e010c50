# Verdicts for conclint-thread-per-task (helper tpt, issue 13). Loaded by
# bench/triage.py (same shapes as its PATTERNS and RULES); the rows of the
# partial run (rocksdb's compression pool, its background pool, its
# compaction fan-out, libcds's test harness) already carry verdicts in
# bench/triage.py's own lists (TPT-CONFIGURED-WORKER-POOL, -FANOUT,
# -WORKER-HARNESS). Every rule here names lines read in the code.

# id: (verdict, title, why, proposed FP_ test or None)
PATTERNS = {
}

# (check, path suffix, {lines} or None, message regex or None, pattern id,
#  one-line reason)
RULES = [
]
