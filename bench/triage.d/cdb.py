# Verdicts for the rows that the fixes of issues 13, 15 and 16 (helper cdb)
# change in the re-run bench/results/cdb-rerun (the TUs of every
# cpu-bound-on-event-loop, dangling-capture-in-handoff and
# blocking-call-under-lock finding of the full run 2026-12-01T2240Z).
# Loaded by bench/triage.py (same shapes as its PATTERNS and RULES). Every
# rule names lines read in the code.
#
# Not repeated here: the two `req.set(...)` rows of http_client_awaitable.cpp
# (71, 72) keep their bench/triage.py verdict (CPU-ONE-STRING-SCAN, FP; the
# first matching rule wins and the message is unchanged). Their witness is
# no longer `iequals` (string.ipp:33, the pass over the header name: fixed in
# utils/CostModel) but the red-black tree that files the field:
# fields.hpp:1011 `set_.insert_before` -> bstree.hpp:1357 ->
# rbtree_algorithms.hpp:396 -> bstree_algorithms.hpp:1207
# `insert_before_check` -> :1661 `prev_node` -> bstree_algorithms_base.hpp:74
# `maximum`, whose loop `for (p = get_right(n); p; p = get_right(n)) n = p;`
# (:113) walks down the right spine of a balanced tree of a handful of
# fields: logarithmic, still a false positive, of another shape (a walk along
# links through static accessors, which the link-walk rule of the cost model
# does not recognise; not fixed).

# id: (verdict, title, why, proposed FP_ test or None)
PATTERNS = {
    "BUL-PEEK-AFTER-SKIPPED-PROBE": (
        "TP", "a blocking MSG_PEEK recv after a readiness probe that is skipped for descriptors >= FD_SETSIZE",
        "After the zero-timeout select of is_socket_alive is recognised as a "
        "poll (BUL-ZERO-TIMEOUT-SELECT, fixed in utils/BlockingCalls and the "
        "check's chain-sensitive follow), the witness of "
        "`is_alive = detail::is_socket_alive(socket_.sock)` (httplib.h:6154, "
        "socket_mutex_ and request_mutex_ held) is the "
        "`read_socket(sock, &buf[0], 1, MSG_PEEK)` -> handle_EINTR -> recv at "
        "2468/2324. It runs when select_read returned non-zero and not "
        "EBADF; select_read returns 1 without probing when `sock >= "
        "FD_SETSIZE` (2357), and the client socket is blocking again after "
        "connect (set_nonblocking(sock2, false), 2838): on an idle "
        "keep-alive connection with a descriptor >= 1024 the peek waits "
        "for the server to send or close while ClientImpl::stop() (which "
        "takes socket_mutex_) stalls. On the common path (a small "
        "descriptor, the probe reported readable) the peek returns at once.",
        None),
}

# (check, path suffix, lines or None, message regex or None, pattern, reason)
RULES = [
    ("conclint-blocking-call-under-lock", "cpp-httplib/httplib.h", {6154},
     r"'is_socket_alive'.*'recv'", "BUL-PEEK-AFTER-SKIPPED-PROBE",
     "is_socket_alive -> read_socket(MSG_PEEK) -> recv, reached without a probe when sock >= FD_SETSIZE"),
]
