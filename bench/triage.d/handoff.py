# Verdicts for the hand-off family: conclint-dangling-capture-in-handoff,
# conclint-detached-exception-lost, conclint-thread-per-task,
# conclint-missing-join, conclint-task-never-awaited,
# conclint-fork-after-threads. Loaded by bench/triage.py (same shapes as its
# PATTERNS and RULES). Every rule names lines read in the code.

# id: (verdict, title, why, proposed FP_ test or None)
PATTERNS = {
    "DC-WAITS-FOR-COMPLETION-FLAG": (
        "FP", "the scope waits for a flag the handler sets as its last act",
        "`sync_call`/`sync_call_ret` dispatch a handler that captures `done`, "
        "`ex` (and `r`) by reference, sets `done = true` under the session "
        "mutex and notifies `ses.cond`; the caller then runs "
        "`aux::torrent_wait(done, ses)`, which loops on `ses.cond.wait(l)` "
        "until `done` (session_call.cpp:75). The locals die only after the "
        "handler has finished with them. The window ignored the wait because "
        "it sits in a callee (defined in another TU). Fixed: a call that "
        "hands a completion signal of the work (a local the work captures by "
        "reference and writes) by reference or pointer to a function that "
        "may wait on it (body not visible, or a body with a standard wait) "
        "ends the window (utils/Handoff).",
        ("test/checks/dangling-capture-in-handoff.cpp",
         "signal_waited_in_opaque_callee_ok")),
    "DC-POOL-SHUT-DOWN-BEFORE-SCOPE-END": (
        "FP", "a pool owned through a local unique_ptr, shut down (joined) before the data dies",
        "`task_queue` is a local `std::unique_ptr<TaskQueue>` holding a "
        "`ThreadPool`; every task is enqueued on it, then "
        "`task_queue->shutdown()` drains the queue and joins the workers "
        "(httplib.h `ThreadPool::shutdown`), and the unique_ptr is declared "
        "after `count`, so it is destroyed first anyway. The window does not "
        "see the pool behind the smart pointer's `operator->` (no handle, so "
        "neither the shutdown nor the destructor ends the work).", None),
    "DC-POLLS-UNTIL-HANDLER-DONE": (
        "FP", "the scope polls its io_context until the handlers have signalled completion",
        "`handshake` posts a lambda on a local strand, then loops "
        "`while (!io_context.stopped()) { io_context.poll_one(); ... if "
        "(!wait_timer && !wait_handshake) break; }`. `wait_handshake` is "
        "cleared by `on_handshake`, which only the posted lambda's "
        "`async_handshake` can run, and the io_context (a member of "
        "`blocked_mode_client`, never stopped by anyone) cannot stop while "
        "the posted lambda is pending (outstanding work). So the lambda has "
        "run before `strand` dies. Fixed in utils/Handoff: a loop after the "
        "post that runs the work's executor (or the io_context its local "
        "strand was made from) until the work signals completion (condition "
        "`!x.stopped()`, every break under a test of a signal the work or a "
        "local completion-handler lambda it captures writes, members "
        "included) ends the work (bench/results/cdb-rerun).",
        ("test/checks/dangling-capture-in-handoff-asio.cpp",
         "polls_until_handler_done_ok")),
    "DEL-RELAYED-PENDING-EXCEPTION": (
        "FP", "io_context::run charged with re-raising a handler's exception that no handler throws",
        "The chain ends in `thread_info_base::rethrow_pending_exception` -> "
        "`std::rethrow_exception`: `run()` re-raises an exception a handler "
        "threw and Asio captured. `std::rethrow_exception` is a relay, not an "
        "origin; the origin would be a handler, and here every coroutine is "
        "`co_spawn`ed with `detached` or with a completion handler that "
        "catches (`catch (std::exception&)`), the signal handler only emits a "
        "cancellation or stops the context. No handler is shown to throw, so "
        "nothing is shown to escape the thread's `ioc.run()`. Throws.h "
        "listed `std::rethrow_exception` as a throwing function. Fixed in "
        "utils/Throws: std::rethrow_exception (unless of a "
        "std::make_exception_ptr made on the spot), std::rethrow_if_nested "
        "and `throw;` outside a handler are relays, not witnesses "
        "(test/checks/detached-exception-lost.cpp: loop_relays_pending_ok, "
        "relay_outside_handler_ok; rethrow_made_here_bad). With the relay "
        "gone the same rows were reported through the next witness, "
        "`io_context::run()` -> `throw_error(ec)` after `impl_.run(ec)`, "
        "whose scheduler::run only ever clears ec (`ec = error_code()`, then "
        "passes it by const reference): also fixed in utils/Throws, a callee "
        "that throws only when an argument tests true, given a local still "
        "in its default state (default-constructed, only cleared or read "
        "since, also by the visible callees it was handed to), is no witness "
        "(status_never_set_ok; status_set_by_callee_bad, "
        "status_set_elsewhere_bad). Both rows silent after the fix "
        "(bench/results/del-rerun-full).", None),
    "DEL-GUARDED-OPTIONAL-VALUE": (
        "FP", "`optional::value()` called only under `has_value()`",
        "`ProcessKeyValueCompaction` calls `start.value()` / `end.value()` "
        "inside `if (start.has_value())` / `if (end.has_value())` "
        "(compaction_job.cc:1102-1110), and `start_without_ts.value()` right "
        "after `start_without_ts = StripTimestampFromUserKey(...)`: "
        "`bad_optional_access` cannot be thrown. Throws.h took every listed "
        "throwing call as a witness, guarded or not. Fixed in utils/Throws: "
        "`o.value()` of an optional-like local or parameter is no witness "
        "where the path has established that o holds a value (under a test, "
        "after an early exit on the empty case, after an assignment or "
        "emplace of a value in the same block, no use that could empty it in "
        "between; in loops, none anywhere in the loop). The row is silent "
        "after the fix (bench/results/del-rerun-full; "
        "test/checks/detached-exception-lost.cpp: guarded_optional_value_ok, "
        "optional_checked_forms_ok, optional_early_exit_ok; "
        "optional_wrong_branch_bad, optional_reset_after_test_bad, "
        "optional_emptied_in_loop_bad and others keep the true positives).",
        None),
    "DEL-MISUSE-GUARD-THROW": (
        "FP", "a throw that fires only on API misuse the code does not commit",
        "The detached thread calls the callback once; the callback calls "
        "`promise.set_value` on a promise moved into its init-capture "
        "(its future already taken). `set_value` throws "
        "`promise_uninitialized` only for a moved-from promise, and the "
        "shared state throws `promise_already_satisfied` only on a second "
        "call: neither happens. Both throws are precondition guards: an "
        "`if` at the start of a member function testing only members of "
        "*this (`if (BOOST_UNLIKELY(!future_))`, after "
        "`BOOST_ASSERT(lk.owns_lock())` `if (BOOST_UNLIKELY(ready_))`), "
        "ending in a throw. Fixed in utils/Throws: such a guard is no "
        "witness; it counts at a call whose receiver the caller visibly "
        "misuses (a local last default-constructed with the tested member "
        "null by default, or moved from with the member a unique_ptr / "
        "shared_ptr), with a note naming the local and its state. "
        "Constructors, tests of parameters or call results, and tests after "
        "the function has started doing things stay witnesses. Both rows "
        "silent after the fix (bench/results/thr-rerun; "
        "test/checks/detached-exception-lost.cpp: promise_set_once_ok, "
        "promise_reassigned_after_move_ok, task_of_unknown_state_ok; "
        "promise_moved_from_bad, promise_moved_into_capture_bad, "
        "task_default_constructed_bad, check_after_effect_bad, "
        "check_of_parameter_bad, constructor_check_bad, count_check_bad; "
        "detached-exception-lost-precondition.cpp for the notes).",
        None),
    "DEL-ACCEPT-FAILURE-DISCARDED": (
        "TP", "a listener coroutine whose accept (or acceptor set-up) can fail, co_spawned with detached",
        "The listener loops on `co_await acceptor.async_accept(use_awaitable)` "
        "(and, in Boost's cpp20 examples, constructs the acceptor inside the "
        "coroutine: open/bind/listen throw through throw_error when the port "
        "is taken). An accept fails from outside the program (EMFILE/ENFILE "
        "when descriptors run out); the system_error leaves the coroutine and "
        "`detached` drops it: the server stops accepting, or never listens, "
        "without a word. Real on some execution.", None),
    "DEL-SEND-ON-CLOSED-CONNECTION": (
        "TP", "a worker thread sends on connections that may have closed; the throwing send escapes",
        "`process_messages` (the thread's entry) calls the throwing "
        "`m_server.send(hdl, msg)` for every subscribed handle; a connection "
        "that closed while its UNSUBSCRIBE is still queued behind the MESSAGE "
        "makes send() fail (bad_connection / invalid_state), and "
        "`endpoint::send` throws websocketpp::exception: no try in the "
        "thread, so std::terminate.", None),
    "DEL-RETHROW-WITHOUT-ORIGIN": (
        "FP", "`throw;` in a handler whose try block shows nothing that throws",
        "The witness is a `throw;` in a catch handler, but the try block it "
        "rethrows from shows no origin: boost::fibers::condition_variable_any"
        "::wait's `try { lt.lock(); } catch (abi::__forced_unwind const&) "
        "{ throw; }` (the lock of a std::unique_lock: not followed; a forced "
        "unwind is thread cancellation), moodycamel's MOODYCAMEL_RETHROW after "
        "moving `int` elements (nothing in the try block can throw), spdlog's "
        "SPDLOG_LOGGER_CATCH `catch (...) { ...; throw; }` around virtual "
        "`sink->log(msg)` (test sinks that do not throw). Throws.h counted "
        "every `throw;` in a handler. Fixed in utils/Throws: `throw;` in a "
        "handler is a witness only where its try block shows an origin (a "
        "throw, a throwing call, or a call of a function that is not visibly "
        "quiet) (test/checks/detached-exception-lost.cpp: "
        "cleanup_and_rethrow_ok; thread_rethrows_bad, co_spawn_rethrow_bad "
        "keep the true positives). Silent after the fix "
        "(bench/results/del-rerun-full).", None),
    "DEL-ALLOCATION-FAILURE-WITNESS": (
        "FP", "the only witness is an allocation failure (std::bad_alloc thrown by an allocator)",
        "The chain ends in Asio's `aligned_new` -> `throw_exception(std::"
        "bad_alloc)` when aligned_alloc returns null (reached from co_spawn's "
        "cancellation slot memory, or from dispatch's recycling allocator). "
        "The check does not count allocation failure anywhere else "
        "(operator new is not a witness; documented under Limitations); an "
        "explicit `throw std::bad_alloc` should not make the difference. "
        "Fixed in utils/Throws: a throw of std::bad_alloc or a class derived "
        "from it is not a witness (allocation_failure_ok). Where the same "
        "work also shows a real origin (the listener's accept) the finding "
        "stays, with that origin as its chain.", None),
}

# (check, path suffix, lines or None, message regex or None, pattern, reason)
RULES = [
    ("conclint-dangling-capture-in-handoff", "libtorrent/src/session_handle.cpp",
     {125, 157}, r"'(done|ex|r)'", "DC-WAITS-FOR-COMPLETION-FLAG",
     "`dispatch(..., [=, &done, &ex] {...; done = true; cond.notify_all(); }); aux::torrent_wait(done, *s);`"),
    ("conclint-dangling-capture-in-handoff", "libtorrent/src/torrent_handle.cpp",
     {151, 187}, r"'(done|ex|r)'", "DC-WAITS-FOR-COMPLETION-FLAG",
     "`dispatch(..., [=, &done, &ses, &ex] {...; done = true; ses.cond.notify_all(); }); aux::torrent_wait(done, ses);`"),
    ("conclint-dangling-capture-in-handoff", "cpp-httplib/test/test.cc",
     {5792}, r"'count'", "DC-POOL-SHUT-DOWN-BEFORE-SCOPE-END",
     "`task_queue->enqueue([&count] {...}); ... EXPECT_NO_THROW(task_queue->shutdown());`"),
    ("conclint-dangling-capture-in-handoff", "monero/contrib/epee/src/net_ssl.cpp",
     {606}, r"'strand'", "DC-POLLS-UNTIL-HANDLER-DONE",
     "`strand.post([&]{ socket.async_handshake(..., strand.wrap(on_handshake)); }); while (...) { poll_one(); ... break; }`"),
    ("conclint-detached-exception-lost",
     "server-flex-awaitable/advanced_server_flex_awaitable.cpp", {1163}, None,
     "DEL-RELAYED-PENDING-EXCEPTION",
     "`v.emplace_back([&ioc] { ioc.run(); });` all coroutines co_spawned with `detached`"),
    ("conclint-detached-exception-lost",
     "http/server/awaitable/http_server_awaitable.cpp", {340}, None,
     "DEL-RELAYED-PENDING-EXCEPTION",
     "`v.emplace_back([&ioc] { ioc.run(); });` completion handlers catch what they rethrow"),
    ("conclint-detached-exception-lost", "rocksdb/db/compaction/compaction_job.cc",
     {629}, r"ProcessKeyValueCompaction", "DEL-GUARDED-OPTIONAL-VALUE",
     "`if (start.has_value()) { read_options.iterate_lower_bound = &start.value(); ...`"),
    ("conclint-detached-exception-lost", "boost/libs/fiber/examples/adapt_callbacks.cpp",
     {107, 130}, None, "DEL-MISUSE-GUARD-THROW",
     "`std::thread([injected, callback = ...] { ...; callback(injected); }).detach();` -> `promise.set_value(ec)` once"),
    # The full run 2026-12-01T2240Z-all (main at dd697c4), new rows.
    ("conclint-detached-exception-lost", "examples/cpp17/coroutines_ts/chat_server.cpp",
     {206}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "`for (;;) { tcp::socket s = co_await acceptor.async_accept(use_awaitable); ...}` co_spawned detached"),
    ("conclint-detached-exception-lost", "examples/cpp17/coroutines_ts/echo_server.cpp",
     {68}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "`co_await acceptor.async_accept(use_awaitable)` in a detached listener"),
    ("conclint-detached-exception-lost", "examples/cpp17/coroutines_ts/echo_server_with_default.cpp",
     {65}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "`co_await acceptor.async_accept(use_awaitable)` in a detached listener"),
    ("conclint-detached-exception-lost", "examples/cpp17/coroutines_ts/range_based_for.cpp",
     {94}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "`for (auto s : connections(acceptor))`: begin()/++ await async_accept(use_awaitable)"),
    ("conclint-detached-exception-lost", "examples/cpp17/coroutines_ts/refactored_echo_server.cpp",
     {72}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "`co_await acceptor.async_accept(use_awaitable)` in a detached listener"),
    ("conclint-detached-exception-lost", "libs/asio/example/cpp20/coroutines/echo_server.cpp",
     {68}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "`tcp::acceptor acceptor(executor, {tcp::v4(), 55555});` (bind can fail) then async_accept(use_awaitable)"),
    ("conclint-detached-exception-lost", "libs/asio/example/cpp20/coroutines/echo_server_with_as_single_default.cpp",
     {63}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "the acceptor constructed (bound) inside the detached listener"),
    ("conclint-detached-exception-lost", "libs/asio/example/cpp20/coroutines/echo_server_with_as_tuple_default.cpp",
     {63}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "the acceptor constructed (bound) inside the detached listener"),
    ("conclint-detached-exception-lost", "libs/asio/example/cpp20/coroutines/echo_server_with_default.cpp",
     {65}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "the acceptor constructed (bound) inside the detached listener"),
    ("conclint-detached-exception-lost", "libs/asio/example/cpp20/coroutines/echo_server_with_deferred.cpp",
     {64}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "the acceptor constructed (bound) inside the detached listener"),
    ("conclint-detached-exception-lost", "libs/asio/example/cpp20/coroutines/echo_server_with_deferred_default.cpp",
     {66}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "the acceptor constructed (bound) inside the detached listener"),
    ("conclint-detached-exception-lost", "libs/asio/example/cpp20/coroutines/refactored_echo_server.cpp",
     {72}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "the acceptor constructed (bound) inside the detached listener"),
    ("conclint-detached-exception-lost", "libs/asio/example/cpp20/coroutines/chat_server.cpp",
     {206}, r"'listener'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "`co_await acceptor.async_accept(use_awaitable)` in a detached listener (the run's chain went through an allocation failure; the hazard is the accept)"),
    ("conclint-detached-exception-lost", "libs/asio/example/cpp20/channels/throttling_proxy.cpp",
     {128}, r"'listen'", "DEL-ALLOCATION-FAILURE-WITNESS",
     "`auto [e, client] = co_await acceptor.async_accept(as_tuple(use_awaitable));` returns the error; the only witness is co_spawn's slot memory -> aligned_new -> bad_alloc"),
    ("conclint-detached-exception-lost", "libs/asio/example/cpp20/coroutines/timeout.cpp",
     {64}, r"'listen'", "DEL-ACCEPT-FAILURE-DISCARDED",
     "`co_await acceptor.async_accept()` in a detached listener (the run's chain went through an allocation failure)"),
    ("conclint-detached-exception-lost", "libs/asio/example/cpp20/operations/callback_wrapper.cpp",
     {22}, None, "DEL-ALLOCATION-FAILURE-WITNESS",
     "thread lambda -> dispatch -> recycling_allocator -> aligned_new -> throw_exception(std::bad_alloc)"),
    ("conclint-detached-exception-lost",
     "websocket/server/awaitable/websocket_server_awaitable.cpp", {163}, None,
     "DEL-RELAYED-PENDING-EXCEPTION",
     "`v.emplace_back([&ioc] { ioc.run(); });` completion handlers catch std::exception"),
    ("conclint-detached-exception-lost", "boost/libs/fiber/examples/asio/exchange.cpp",
     {50, 51}, None, "DEL-RELAYED-PENDING-EXCEPTION",
     "`foo`/`bar` run `io_ptr->run()`; the fibers' channel errors are caught in the fiber"),
    ("conclint-detached-exception-lost", "boost/libs/fiber/examples/work_sharing.cpp",
     {106, 107, 108}, None, "DEL-RETHROW-WITHOUT-ORIGIN",
     "`cnd_count.wait(lk, ...)` -> `try { lt.lock(); } catch (abi::__forced_unwind const&) { throw; }`"),
    ("conclint-detached-exception-lost", "boost/libs/fiber/examples/work_stealing.cpp",
     {99, 100, 101}, None, "DEL-RETHROW-WITHOUT-ORIGIN",
     "`cnd_count.wait(lk, ...)` -> `try { lt.lock(); } catch (abi::__forced_unwind const&) { throw; }`"),
    ("conclint-detached-exception-lost", "examples/test3.cpp", {24}, None,
     "DEL-RETHROW-WITHOUT-ORIGIN",
     "`try_dequeue_bulk` of ints -> `MOODYCAMEL_CATCH (...) { ...; MOODYCAMEL_RETHROW; }`"),
    ("conclint-detached-exception-lost", "spdlog/details/thread_pool-inl.h", {27}, None,
     "DEL-RETHROW-WITHOUT-ORIGIN",
     "worker_loop_ -> backend_sink_it_: `SPDLOG_TRY { sink->log(msg); } SPDLOG_LOGGER_CATCH` (catch (...) { throw; })"),
    ("conclint-detached-exception-lost", "spdlog/tests/test_async.cpp", {130}, None,
     "DEL-RETHROW-WITHOUT-ORIGIN",
     "logger::info -> log_: `SPDLOG_TRY { sink_it_(...) } SPDLOG_LOGGER_CATCH` (catch (...) { throw; })"),
    ("conclint-detached-exception-lost", "broadcast_server/broadcast_server.cpp", {150}, None,
     "DEL-SEND-ON-CLOSED-CONNECTION",
     "`for (it : m_connections) m_server.send(*it, a.msg);` -> `if (ec) throw exception(ec);`"),
]
