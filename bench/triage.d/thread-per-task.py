# Verdicts for conclint-thread-per-task (helper tpt, issue 13). Loaded by
# bench/triage.py (same shapes as its PATTERNS and RULES).
#
# The full run of 2026-12-01T2240Z has 6 thread-per-task rows. Each was read
# in the code, and each already matches a rule in bench/triage.py's own
# lists with the verdict the reading gives, so no rule is repeated here (a
# rule here would come after those and never match):
#   asio  cpp11/echo/blocking_tcp_echo_server.cpp:50   TP  TPT-THREAD-PER-CONNECTION
#         `for (;;) std::thread(session, a.accept()).detach();`: one thread
#         per accepted connection, as many as clients connect.
#   libcds cds_test/thread.h:172                        FP  TPT-WORKER-HARNESS
#         `for (auto w : m_workers) threads.emplace_back(&thread::run, w)`;
#         run() calls the worker's virtual SetUp()/test(): a harness of
#         long-lived workers, what each runs is chosen by its dynamic type.
#   libtorrent src/disk_io_thread_pool.cpp:178          FP  TPT-BOUNDED-POOL-GROWTH
#         `i < queue_size && int(m_threads.size()) < m_max_threads`: a pool
#         grown to its cap (the cast hid the thread-set bound).
#   rocksdb db/compaction/compaction_job.cc:629          FP  TPT-CONFIGURED-FANOUT
#         one thread per subcompaction, whose number GenSubcompactionBoundaries
#         caps by max_subcompactions (another function): not visible at the
#         loop, still reported (FP_fanout_capped_elsewhere). Fixed by helper
#         cputpt (issue 13): the caller runs the first subcompaction itself
#         and joins the rest, a parallel section over the shares of one job
#         (thread-per-task-forkjoin.cpp); the TU re-run reports only the
#         echo server (1 TP, 0 FP).
#   rocksdb table/block_based/block_based_table_builder.cc:1396
#                                                        FP  TPT-CONFIGURED-WORKER-POOL
#         `i < compression_opts.parallel_threads`, each thread runs
#         BGWorkCompression's `while (compress_queue.pop(block_rep))`.
#   rocksdb util/threadpool_imp.cc:389                   FP  TPT-CONFIGURED-WORKER-POOL
#         `while ((int)bgthreads_.size() < total_threads_limit_)`, each thread
#         runs BGThreadWrapper -> BGThread, the pool's queue loop.
# Before the fix: 1 TP, 5 FP, 0 U (precision 17%). Re-run of those TUs with
# the fix (bench/results/tpt-rerun): the echo server (TP) and the compaction
# fan-out (FP) remain: 1 TP, 1 FP (50%).

# id: (verdict, title, why, proposed FP_ test or None)
PATTERNS = {}

# (check, path suffix, {lines} or None, message regex or None, pattern id,
#  one-line reason)
RULES = []

# Rows of bench/triage.py's "fixed" table (its loader reads FIXED from this
# directory too): (check, pattern, findings
# then, run that had them, what fixed it, the lit file and case that keeps
# it fixed).
FIXED = [
    ("conclint-thread-per-task", "TPT-CONFIGURED-WORKER-POOL", 2,
     "2026-12-01T2240Z",
     "a loop counting to a plain scalar (parameter, member, option field) "
     "is a configured degree of parallelism; a worker loop may sit in a "
     "function the thread calls (two calls deep); a thread set grown to "
     "its bound is recognised through a cast",
     "test/checks/thread-per-task-configured.cpp", "start_option_field_ok"),
    ("conclint-thread-per-task", "TPT-WORKER-HARNESS", 1,
     "2026-12-01T2240Z",
     "work chosen by a virtual call on the item the iteration hands the "
     "thread is unknown: silent unless the loop has no count",
     "test/checks/thread-per-task-configured.cpp", "harness_virtual_body_ok"),
    ("conclint-thread-per-task", "TPT-CONFIGURED-FANOUT", 1,
     "2026-12-02T1050Z-final",
     "a fork-join whose caller runs the thread's entry on the container's "
     "first element itself (the loop counts from 1 to its size) and joins "
     "every thread is a parallel section over the shares of one job: the "
     "container's size is its degree of parallelism, not shown to be the "
     "number of input items (helper cputpt)",
     "test/checks/thread-per-task-forkjoin.cpp", "sum_ranges_ok"),
    ("conclint-thread-per-task", "TPT-BOUNDED-POOL-GROWTH", 1,
     "2026-12-01T2240Z",
     "`int(threads.size()) < max` is still a thread set grown to its bound",
     "test/checks/thread-per-task-configured.cpp", "grow_with_cast_ok"),
]
