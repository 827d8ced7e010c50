# Verdicts for conclint-cpu-bound-on-event-loop on the full corpus run of
# 2026-12-01T2240Z (8 findings, all in Boost.Asio / Beast example coroutines).
# Loaded by bench/triage.py (same shapes as its PATTERNS and RULES). Every rule
# names lines read in the code. The two `req.set(...)` rows of
# http_client_awaitable.cpp (71, 72) are already triaged in bench/triage.py
# (CPU-ONE-STRING-SCAN) and are not repeated here.

# id: (verdict, title, why, proposed FP_ test or None)
PATTERNS = {
    "CPU-TIMER-CANCEL-DRAIN": (
        "FP", "setting a timer's expiry (or a socket option that cancels a timer) called CPU-bound",
        "`expires_after` / `expires_never` / `set_option` cancel the timer's "
        "pending waits first: `deadline_timer_service::cancel` -> "
        "`epoll_reactor::cancel_timer` -> `timer_queue::cancel_timer`, whose "
        "loop `while (wait_op* op = ... timer.op_queue_.front()) { ...; "
        "timer.op_queue_.pop(); ops.push(op); }` (timer_queue.hpp:187) moves "
        "the operations waiting on this one timer (zero or one in these "
        "examples) to the completion queue: one pass over a queue of "
        "pointers, constant work per element. Behind it, the same calls sift "
        "the timer heap (`up_heap`: `while (index > 0) { parent = (index - 1) "
        "/ 2; ...; index = parent; }`, timer_queue.hpp:252, and `down_heap`: "
        "at most 64 steps over the timers, not over the coroutine's data) and "
        "post the cancelled ops, which looks the thread up in its call stack "
        "(`while (elem) { ...; elem = elem->next_; }`, call_stack.hpp:96). The "
        "cost model knew the `while (!q.empty()) q.pop()` drain but none of "
        "these shapes. Fixed in utils/CostModel: a `while (T *p = q.front())` "
        "loop whose body removes from q is a drain and a `while (p) p = "
        "p->next` loop over nodes of class type a walk along links, both cheap "
        "linear scans when the work per element is constant; a loop whose "
        "integer control variable is divided or multiplied by >= 2 at every "
        "step is logarithmic, not CPU-bound. Re-run (stamp cpu-rerun): the 6 "
        "rows are gone, the 2 `req.set` rows (CPU-ONE-STRING-SCAN, "
        "bench/triage.py) stay, now charged at `iequals` (string.ipp:33).",
        None),
}

_DRAIN = "CPU-TIMER-CANCEL-DRAIN"

# (check, path suffix, lines or None, message regex or None, pattern, reason)
RULES = [
    ("conclint-cpu-bound-on-event-loop", "asio/example/cpp20/channels/throttling_proxy.cpp",
     {100}, r"'expires_after'", _DRAIN,
     "`timer.expires_after(100ms)` -> timer_queue::cancel_timer's drain of the timer's own wait ops"),
    ("conclint-cpu-bound-on-event-loop", "http/client/awaitable/http_client_awaitable.cpp",
     {64, 75}, r"'expires_after'", _DRAIN,
     "`stream.expires_after(30s)` -> basic_stream.hpp:807 timer.expires_after -> timer_queue.hpp:187 drain"),
    ("conclint-cpu-bound-on-event-loop", "websocket/client/awaitable/websocket_client_awaitable.cpp",
     {62}, r"'expires_after'", _DRAIN,
     "`get_lowest_layer(ws).expires_after(30s)` -> timer_queue.hpp:187 drain"),
    ("conclint-cpu-bound-on-event-loop", "websocket/client/awaitable/websocket_client_awaitable.cpp",
     {74}, r"'expires_never'", _DRAIN,
     "`expires_never()` -> basic_stream impl reset -> timer.expires_at(never()) -> timer_queue.hpp:187 drain"),
    ("conclint-cpu-bound-on-event-loop", "websocket/client/awaitable/websocket_client_awaitable.cpp",
     {77}, r"'set_option'", _DRAIN,
     "`ws.set_option(timeout)` -> stream_impl.hpp:323 timer.cancel() -> timer_queue.hpp:187 drain"),
]

# Rows of bench/triage.py's "fixed" table (helper cputpt, issue 13).
FIXED = [
    ("conclint-cpu-bound-on-event-loop", "CPU-ERASE-DUPLICATE-FIELDS", 2,
     "2026-12-02T1050Z-final",
     "erasing by a non-random-access iterator is amortised constant "
     "(CostCalls' isNodeErase: the intrusive tree's successor walk is not "
     "followed); a pointer walk over a range of characters is one pass over "
     "one string (LoopBounds' scannedCharRange: trim/skip_ows); a "
     "function-local static's initialiser runs once (the field-name table)",
     "test/checks/cpu-bound-on-event-loop-fields.cpp", "set_header_in_tree_ok"),
]
