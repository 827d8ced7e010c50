# Verdicts on the lock-consistency rows that reporting per public member
# function adds (conclint-unguarded-shared-state, issue 13), loaded by
# bench/triage.py. Read on 2026-12-04 by four helper sessions, one per group
# of projects, each row against the code of both sides (which thread runs
# the unlocked access, which runs the locked write), and checked by the lead.
#
# Experiment: one finding per (member, public method), the first unlocked
# access of each method, instead of one per member. Driver from main
# 1b061b9 plus that change, the whole selection:
#   nice -n 5 python3 bench/findings.py --build /work/run4 --corpus /work/corpus \
#     -j 2 --stamp 2026-12-04T0850Z-perroot --cache-dir /work/cache-perroot
# 580 TUs, 9 not compiling, 0 crashes; unguarded-shared-state 103 -> 131
# rows: the 28 below, 18 TP / 6 FP / 4 U (75% of the decided). Below the 90%
# bar, so not taken. What was taken (2026-12-04T0905Z-samefn): a second
# method is reported only when that method itself accesses the member under
# the lock elsewhere; its rows are a subset of these 28.

US = "conclint-unguarded-shared-state"

PATTERNS = {
    "USX-SET-UP-BEFORE-BLOCKING-REQUEST": (
        "FP", "a harness set-up call made on the test thread before the blocking request whose handler takes the lock",
        "caf's test_multiplexer: `provide_acceptor` writes the doorman tables "
        "without `mx_` on the test thread; the locked writer runs in the "
        "middleman actor's `put()` on a scheduler worker, but only while the "
        "test thread is blocked in `publish()` (a function_view that waits "
        "for the answer, which `put()` sends after `open()`). Request and "
        "response order the two accesses.", None),
    "USX-LAST-OWNER-DESTRUCTOR": (
        "FP", "an access in the owner's destructor, after every other thread's reference to the owner is gone",
        "cpprest's `asio_connection::keep_alive()` is read only from "
        "`~asio_context` (through the pool's `release`); every locked "
        "`close()` runs through a live context (a locked weak_ptr or a "
        "handler bound to `shared_from_this()`), so it happens before the "
        "last reference is dropped and the destructor runs.", None),
    "USX-API-ONLY-SETTER": (
        "U", "a setter whose only run-time caller is a public API method that no project code calls",
        "Whether an API user calls it while the library's own thread runs "
        "is not shown by any code here.", None),
}

RULES = [
    (US, 'i2pd/libi2pd/Garlic.cpp', {448}, r"'m_Sessions'",
     'US-LC-UNLOCKED-WRITE',
     "`GarlicDestination::CleanUp()` clears `m_Sessions` without `m_SessionsMutex`. It runs from `LeaseSetDestination::Stop()` (Destination.cpp:183), which `RunnableClientDestination::Stop()` calls before `StopIOService()` (Destination.cpp:1429-1430) on the stopping thread, for example the HTTP console thread through `ClientContext::ReloadConfig` (ClientContext.cpp:252) or the SAM thread (SAM.cpp:1237). Meanwhile the destination's own io thread is still running stream handlers (the streaming destination is stopped only after `CleanUp`, Destination.cpp:1029-1031), and these call `GetRoutingSession` (Streaming.cpp:574/861/1076), which inserts into `m_Sessions` under the lock at Garlic.cpp:815. This is the same shape as the existing TP on `m_DeliveryStatusSessions` at line 449."),
    (US, 'i2pd/libi2pd/NetDb.hpp', {114}, r"'m_LeaseSets'",
     'US-LC-UNLOCKED-GETTER',
     '`NetDb::GetNumLeaseSets()` calls `m_LeaseSets.size()` without `m_LeaseSetsMutex`. The web console thread calls it (HTTPServer.cpp:357 and 600; also Win32App.cpp:204 and RouterContext.cpp:931). At the same time the NetDb thread (`NetDb::Run`, started at NetDb.cpp:80) runs `HandleDatabaseStoreMsg` (128) -> `AddLeaseSet` (820), which inserts under the lock at NetDb.cpp:358. This is the same shape as the existing `GetNumRemoteLeaseSets` row.'),
    (US, 'i2pd/libi2pd/Streaming.cpp', {634}, r"'m_SendBuffer'",
     'US-LC-UNLOCKED-GETTER',
     "`Stream::SendBuffer()` calls `m_SendBuffer.IsEmpty()` (`m_Buffers.empty()`) at line 634, after the `m_SendBufferMutex` scope (545-615) has closed. It runs on the destination's io thread, including from `HandleNextPacket` -> `ProcessAck` (469) and at line 193. `Stream::AsyncSend` adds to the same list under the lock (530) from the sending thread. With `sam.singlethread=false` (Config.cpp:152; the SAM destination then gets its own thread, SAM.cpp:1344), that is the SAM bridge thread in `SAMSocket::HandleReceived` (SAM.cpp:914). The mutex plus the `post` in `AsyncSend` show that `Send` is meant to be called from other threads."),
    (US, 'i2pd/libi2pd/TunnelPool.cpp', {148}, r"'m_Tests'",
     'US-THREAD-CONFINED',
     '`TunnelPool::TunnelExpired(InboundTunnel)` (148) and the locked `TestTunnels()` swap (325) both run only on the Tunnels thread. `TunnelExpired` is reached from `Tunnels::Run` -> `ManageTunnels` (541) -> `ManageInboundTunnels` (Tunnel.cpp:725). `TestTunnels` is reached from `Run` -> `ManageTunnelPools` (546/815) -> `TunnelPool::ManageTunnels` (398). The other locked writer, `ProcessDeliveryStatus` (427), is reached only for messages whose `from` is set by an inbound tunnel endpoint, which also runs on that thread (Tunnel.cpp:501, TunnelEndpoint.cpp:334). The one cross-thread access of `m_Tests` is the unlocked `clear()` in `DetachTunnels` (105), which already has a TP row.'),
    (US, 'i2pd/libi2pd_client/AddressBook.cpp', {418}, r"'m_Addresses'",
     'US-LC-UNLOCKED-WRITE',
     "`AddressBook::InsertAddress` writes `m_Addresses[address]` (418, and likewise 428) without `m_AddressBookMutex`. The HTTP proxy's address-helper handler calls it (HTTPProxy.cpp:336), and that handler runs on the proxy's destination io service. At the same time a detached subscription download thread (AddressBook.cpp:692/700 -> `CheckUpdates` -> `LoadHostsFromStream`, 955) inserts into the same `std::map` under the lock at 527."),
    (US, 'i2pd/libi2pd_client/ClientContext.cpp', {618}, r"'m_ClientForwards'",
     'US-LC-UNLOCKED-WRITE',
     '`ReadTunnels` inserts into `m_ClientForwards` (618) without `m_ForwardsMutex`. Besides `Start()`, it is reached from `ReloadConfig` (ClientContext.cpp:240), which the web console thread calls (HTTPServer.cpp:1219). That thread keeps running until after `ClientContext::Stop()`, because Daemon.cpp:368 stops the client context before Daemon.cpp:389 stops the HTTP server. So a console reload can overlap `Stop()` clearing the map under the lock on the main thread (191). It can also overlap the I2PControl thread iterating `GetClientForwards()` (I2PControlHandlers.cpp:260).'),
    (US, 'i2pd/libi2pd_client/ClientContext.cpp', {1008}, r"'m_ServerForwards'",
     'US-LC-UNLOCKED-WRITE',
     '`VisitTunnels(true)` erases from `m_ServerForwards` (1008) without `m_ForwardsMutex`. It runs in `ReloadConfig` (242), on the web console thread (HTTPServer.cpp:1219) or from the SIGHUP handler (UnixDaemon.cpp:35). Meanwhile `CleanupUDP` (958-964) iterates the map under the lock every 17 s on the shared local destination\'s io thread (timer created at 124, when UDP server tunnels are configured). The shutdown pair with `Stop()` (190, main thread, while the console thread still runs) is a second path. Side note on the earlier U row at ClientContext.cpp:122 ("before the reload path can run"): the web console is started before `context.Start()` (Daemon.cpp:328 vs 342), so a console reload is not ruled out during `Start()` either.'),
    (US, 'i2pd/libi2pd_client/SAM.cpp', {1393}, r"'m_Sessions'",
     'US-LC-UNLOCKED-WRITE',
     '`SAMBridge::AddSession` calls `m_Sessions.emplace` without `m_SessionsMutex`. It runs on the SAM bridge thread when a SESSION ADD command arrives (SAM.cpp:799). Meanwhile the web console thread calls `FindSession` (HTTPServer.cpp:898), which does a locked find at SAM.cpp:1427-1428 on the same `std::map`. Also, `SAMBridge::Stop()` clears the map under the lock (1288) on the main thread before `StopIOService()`, while the SAM thread may still be handling commands.'),
    (US, 'monero/contrib/epee/include/console_handler.h', {132}, r"'m_has_read_request'",
     'US-LC-WRITTEN-UNDER-OTHER-LOCK',
     "`cancel()` clears `m_has_read_request` holding only `m_response_mutex`. It runs on simplewallet's idle thread (`check_inactivity` -> `cancel_input()`, simplewallet.cpp:9274, thread started at 9405). Meanwhile the main thread's `start_read()` (140/143) and the reader thread's `wait_read()` (151/156/158) read and write the flag under `m_request_mutex`. Two different mutexes do not order these accesses. Example: the user presses Enter just as the inactivity lock fires, so the reader thread has released `m_response_mutex` (270) and is back in `wait_read()` while `cancel()` writes the flag. This is the same member and shape as the earlier TP at 140."),
    (US, 'monero/src/wallet/wallet2.cpp', {3484}, r"'m_node_rpc_proxy'",
     'US-LC-UNLOCKED-WRITE',
     '`wallet2::refresh()` calls `m_node_rpc_proxy.set_height(...)` without `m_daemon_rpc_mutex`. The message calls this a read, but `set_height` writes `m_height` and `m_height_time` (node_rpc_proxy.cpp:110). In simplewallet, the idle thread runs this refresh (`check_refresh`, simplewallet.cpp:9291). At the same time the command thread can run `bc_height` or `status` (`show_blockchain_height` 6207, `status` 10006), which take no `LOCK_IDLE_SCOPE`. They call `check_connection()`, which writes the same fields through `m_node_rpc_proxy.invalidate()` under the lock (wallet2.cpp:5356). The write the note names (`set_daemon` -> `set_rpc_client_secret_key`) is itself serialised with the idle thread by `LOCK_IDLE_SCOPE`, and wallet_rpc_server runs all of this on its one server thread.'),
    (US, 'monero/src/wallet/wallet2.cpp', {5385}, r"'m_node_rpc_proxy'",
     'USX-API-ONLY-SETTER',
     "`wallet2::set_offline()` writes `m_node_rpc_proxy` (`set_offline` sets `m_offline`) without the lock. It has two callers. `make_basic` (wallet2.cpp:476) calls it on a wallet that has not been returned to anyone yet. `WalletImpl::setOffline` (api/wallet.cpp:2416) is public API that no code in monero calls. If an API user calls it while WalletImpl's refresh thread runs `doRefresh()` (`daemonSynced` -> `check_connection`/`get_height`, which read `m_offline` and call `invalidate()` under the lock), that is a race. Whether users do this is not shown in this code."),
    (US, 'monero/src/wallet/wallet2.h', {951}, r"'m_trusted_daemon'",
     'US-LC-PROTOCOL-ORDERED',
     "`set_trusted_daemon()` writes `m_trusted_daemon` without `m_daemon_rpc_mutex`. In simplewallet it runs only in the `set_daemon` command under `LOCK_IDLE_SCOPE` (simplewallet.cpp:5599-5614). That holds `m_idle_mutex`, which the idle refresh thread holds for each of its passes, so there it cannot overlap. wallet_rpc_server never calls it. In WalletImpl it runs from `doInit()` right after `m_wallet->init()` (api/wallet.cpp:2375/2378), and the API documents `init` as coming before `startRefresh()` (wallet2_api.h:538). It also runs from public `setTrustedDaemon`, which no project code calls at run time. It races the refresh thread's `is_trusted_daemon()` read (api/wallet.cpp:2277) only if a user calls it while refreshing. By the same reasoning, the earlier TP on the read at 950 assumes that `init` runs while refresh is active; I would rate that one U as well."),
    (US, 'monero/src/wallet/wallet2.h', {1321}, r"'m_rpc_client_secret_key'",
     'US-LC-PROTOCOL-ORDERED',
     "This is the same function as the earlier 1321 rule (`m_node_rpc_proxy`), now reported for `m_rpc_client_secret_key`. `set_rpc_client_secret_key` is called without the lock from the constructor (wallet2.cpp:1223) and from `load()` (5559), on a wallet not yet shared or, in WalletImpl::open, before `startRefresh`. It is also called without the lock from the tools' start-up: simplewallet.cpp:4698 in `init()`, before `run()` starts the idle thread at 9405, and wallet_rpc_server.cpp:4608, before `wrpc->run()`. Every caller in the project comes before the other threads. The only locked write is `set_daemon` (1337)."),
    (US, 'zeromq/src/ctx.cpp', {649}, r"'_thread_name_prefix'",
     'US-LC-UNLOCKED-GETTER',
     "`thread_ctx_t::get` (reached through `ctx_t::get`, `zmq_ctx_get_ext`, from any application thread) tests `*optvallen_ >= _thread_name_prefix.size()` before it takes `_opt_sync` (650). `thread_ctx_t::set` (`zmq_ctx_set_ext`) assigns the string under `_opt_sync` (613/617). The getter's own lock around the copy shows it is meant to run at the same time as `set`. Because the size is checked without the lock, a concurrent `set` can also make the `memcpy` copy more bytes than the check allowed. This is the same `get`-vs-`set` shape as the earlier TPs at ctx.cpp 331-380."),
    (US, 'cpprest/Release/src/http/client/http_client_asio.cpp', {203}, r"'m_keep_alive'",
     'USX-LAST-OWNER-DESTRUCTOR',
     'The only caller of `keep_alive()` is `asio_connection_pool::release()` (409), and its only caller is `~asio_context` through `release_connection` (533). Every `close()` on the connection goes through a live context: the cancellation callback through `ctx_weak.lock()` (906), the timeout through `ctx.lock()` (1914), and `report_exception`/`handle_failed_read_status_line` (937/1358) inside handlers bound to `shared_from_this()`. So each `close()` happens before the last shared_ptr reference is dropped, and the destructor cannot run until it is. A lock that fails after that point does not call `close()`. The earlier TP at 202 (`set_keep_alive` in a handler vs `close()` from the cancellation callback while the request runs) does not apply to this read.'),
    (US, 'poco/Net/include/Poco/Net/HTTPSessionFactory.h', {142}, r"'_proxyConfig'",
     'US-LC-UNLOCKED-GETTER',
     'Public inline `proxyPort()` (140-143) returns `_proxyConfig.port` without `_mutex`, while `setProxy()` (HTTPSessionFactory.cpp:114-120) writes it under `_mutex`. The factory is meant to be shared between threads (`createClientSession`, `registerProtocol` and the setters lock; `defaultFactory()` at 146 is a process-wide singleton), so a getter on one thread races a setter on another. Same member and reasoning as the existing TP rule for `proxyHost()` at 136. No code inside Poco calls this getter on the factory; the race is in the public API.'),
    (US, 'poco/Net/include/Poco/Net/HTTPSessionFactory.h', {148}, r"'_proxyConfig'",
     'US-LC-UNLOCKED-GETTER',
     "Public `proxyUsername()` (146-149) returns a reference to `_proxyConfig.username` without `_mutex`. The caller reads the string through that reference, still unlocked, while `setProxyCredentials()` (HTTPSessionFactory.cpp:123-129) assigns it under `_mutex` from another thread; that assignment can reallocate the string's buffer. This is the same shape as `proxyHost()` at 136 (TP), and Poco has no caller of it either."),
    (US, 'poco/Net/include/Poco/Net/HTTPSessionFactory.h', {154}, r"'_proxyConfig'",
     'US-LC-UNLOCKED-GETTER',
     'Public `proxyPassword()` (152-155) returns a reference to `_proxyConfig.password` without `_mutex`. The caller reads it unlocked while `setProxyCredentials()` (HTTPSessionFactory.cpp:127-128) writes it under `_mutex`. The factory is a shared singleton whose other methods lock for exactly this reason. Same reasoning as the TP rule for `proxyHost()` at 136.'),
    (US, 'poco/Net/include/Poco/Net/HTTPSessionFactory.h', {160}, r"'_proxyConfig'",
     'US-LC-UNLOCKED-GETTER',
     'Public `getProxyConfig()` (158-161) hands out a reference to the whole `_proxyConfig` without `_mutex`. The getter itself only forms the reference, but the caller reads or copies the fields through it unlocked, while `setProxy()` / `setProxyCredentials()` / `setProxyConfig()` (HTTPSessionFactory.cpp:118, 127-128, 136) write them under `_mutex` on other threads. `createClientSession()` (107) shows the correct locked read. Same as the TP rule for `proxyHost()` at 136.'),
    (US, 'poco/Net/src/RemoteSyslogChannel.cpp', {115}, r"'_socket'",
     'US-LC-UNLOCKED-WRITE',
     'Public `close()` (111-118) tests `_open` and calls `_socket.close()` without `_mutex`; that loads `_socket._pImpl` and sets the impl\'s `_sockfd` to invalid (SocketImpl.cpp:277-283), then writes `_open = false`. Meanwhile `log()`, which Loggers call from any thread with no lock of their own (Logger.cpp:77-83), holds `_mutex` while it reopens the channel (line 125, then `_socket = DatagramSocket(...)` at 88) and while it sends (`_socket.sendTo` at 163, which reads and may re-init `_sockfd`, SocketImpl.cpp:463-467). So close-and-reopen while the channel is in use is expected: the comment at 87 says "reset socket for the case that it has been previously closed", and Poco\'s `FileChannel::close()` (FileChannel.cpp:110) and `SimpleFileChannel::close()` (86) take their `_mutex` for this reason. The direct race is `close()` against the send at 163 or the flag at 107/125. The exact pair in the message (115 against the reassignment at 88) also happens, for example when two `close()` calls both see `_open` true and a `log()` reopens the channel between them. Note on earlier verdicts: the same evidence weakens the U (US-LC-PROTOCOL-ORDERED) rules for this class\'s unlocked `open()` at 80/83/88/90, since open/close are not only set-up and tear-down calls; I did not re-triage those rows.'),
    (US, 'caf/libcaf_io/src/io/network/test_multiplexer.cpp', {506}, r"'doormen_'",
     'USX-SET-UP-BEFORE-BLOCKING-REQUEST',
     'The mutex is real: basp_broker.cpp\'s fixture runs the "stealing" scheduler (basp_broker.cpp:115), and there the middleman actor runs attached on a worker thread (middleman_actor.cpp:36; the testing backend forces attach, middleman.cpp:330). That worker\'s `put()` calls `new_tcp_doorman`, which erases from `doormen_` under `mx_` (223/239). But in every caller of `provide_acceptor` (basp_broker.cpp 564, 647, 650, 720, 723, 818, 869, and `prepare_connection` at 690 under io_dsl\'s single-thread test_coordinator), the unlocked `doormen_.emplace` at 506 runs on the test thread before `sys.middleman().publish(...)`. `publish` blocks in a function_view (middleman.cpp:141-142) until the actor has answered, and `put()` calls `open()`, and with it `new_tcp_doorman`, before it answers (middleman_actor_impl.cpp:179). The request and response order the two accesses, so they never overlap. Earlier rows on this member (452/453, US-LC-OWNER-THREAD, U) are on `is_known_port`, whose in-project callers (228, 302) all hold `mx_`.'),
    (US, 'caf/libcaf_io/src/io/network/test_multiplexer.cpp', {507}, r"'doorman_data_'",
     'USX-SET-UP-BEFORE-BLOCKING-REQUEST',
     "`provide_acceptor` writes `doorman_data_[hdl].port` at 507 without `mx_`. The locked write at 209 is in `new_doorman`, which runs either on the test thread (fixture constructor, basp_broker.cpp:126) or from `new_tcp_doorman` in the middleman actor's `put()` on a scheduler worker. That second path runs only after the test thread has called `provide_acceptor` and while it is blocked in `sys.middleman().publish()` (function_view, middleman.cpp:141-142), and the worker answers only after `open()` returns (middleman_actor_impl.cpp:179). So in every caller the unlocked write comes before the locked one and never overlaps it."),
    (US, 'caf/libcaf_io/src/io/network/test_multiplexer.cpp', {756}, r"'scribe_data_'",
     'US-LC-OWNER-THREAD',
     '`try_read_data()` (751-759, which asserts it runs on `tid_`) iterates `scribe_data_` without `mx_`. Its only caller is `try_run_once()` (483-484), which `middleman::stop()` runs at system shutdown (middleman.cpp:314). The locked write at 611 (`impl_ptr`, called under `mx_` from `new_scribe` at 131-132) is reached from `new_tcp_scribe` in the middleman actor, and under basp_broker.cpp\'s "stealing" scheduler that actor runs on a worker thread, so other threads do call this class. In this project no connect request is still pending at shutdown: the only one, basp_broker.cpp:578, has created its scribe before the loop at 580 ends. But `stop()` does not wait for the middleman actor before this loop (it kills the actor afterwards, middleman.cpp:319), so any safety comes from how the tests are written, not from the code. Same verdict as the earlier `scribe_data_` rows (454/474/534).'),
    (US, 'websocketpp/usr/include/websocketpp/impl/connection_impl.hpp', {725}, r"'m_internal_state'",
     'USX-STATE-GATED',
     "start() writes `m_internal_state = TRANSPORT_INIT` (725) on the thread that starts the connection: the io thread, in server_endpoint::handle_accept (server_endpoint.hpp:178) or client_endpoint::handle_connect (client_endpoint.hpp:166). The locked write at 1505 (handle_send_http_request) runs only in WRITE_HTTP_REQUEST, a state that handle_transport_init (767) enters after start(), and only as the completion handler of the async_write that send_http_request() starts from that same chain. So 725 happens before 1505 through asio's start-to-handler ordering; a second start() never reaches 725 because of the USER_INIT check at 719."),
    (US, 'websocketpp/usr/include/websocketpp/impl/connection_impl.hpp', {1388}, r"'m_handshake_timer'",
     'USX-STATE-GATED',
     'handle_write_http_response (io thread, server handshake) reaches the unlocked cancel/reset of m_handshake_timer (1388-1390) only after it sees `m_state == connecting` under the lock (1357-1361). close() re-arms the timer at 2133, via send_close_frame, only after it sees `m_state == open` under the lock (317), and on a server connection `open` is stored only at 1424, later in this same handler. So close() cannot write the timer while 1388 runs. This is the same reasoning as for 778, with the same caveat: the order depends on the unlocked store at 1424 (reported separately below as TP), and it is guaranteed by the lock once that store is made under the lock. This is not the terminate() case (1704): terminate() runs while the state is `open`, when close() can run at the same time.'),
    (US, 'websocketpp/usr/include/websocketpp/impl/connection_impl.hpp', {1424}, r"'m_state'",
     'US-LC-UNLOCKED-WRITE',
     "handle_write_http_response stores `m_state = open` (1424) on the io thread without m_connection_state_lock. A user thread may meanwhile call close() (315-317), send() (111-112), ping() (161-162) or pong() (258-259), which read m_state under the lock. Those reads are what race with this store; the same shape as cpprest's open handler (ws_client_wspp.cpp:289) and the 831 row. The locked write that the note names (2124, `closing` in send_close_frame) cannot itself overlap, because close() writes only after it has read `open`."),
    (US, 'websocketpp/usr/include/websocketpp/impl/connection_impl.hpp', {2297}, r"'m_local_close_code'",
     'US-LC-UNLOCKED-GETTER',
     "A user thread calls close(): it takes the lock (315), reads `open` (317) and, still holding the lock, writes m_local_close_code in send_close_frame (2084). Meanwhile the io thread's handle_read_frame gets a transport error and calls terminate() (1013). terminate() never takes the lock: it sees the state is not closed (1729), sets it closed, then calls async_shutdown. On a plain socket that calls handle_terminate directly (security/none.hpp:253-256), and with tstat == closed handle_terminate calls log_close_result (1774), which reads m_local_close_code at 2297 while close() may still be writing it. The same window as the terminate() rows 1704/1712-1713, whose TP verdicts stand."),
    (US, 'websocketpp/usr/include/websocketpp/impl/connection_impl.hpp', {2298}, r"'m_local_close_reason'",
     'US-LC-UNLOCKED-GETTER',
     "Same two paths as 2297: log_close_result, reached from terminate() -> handle_terminate (1774) on the io thread, reads the std::string m_local_close_reason (2298) without the lock. At the same time close(), on a user thread, may be assigning it at 2085 inside send_close_frame under m_connection_state_lock, after reading `open` before terminate()'s unlocked store of `closed` (1730). A concurrent string assignment and read is a real data race and can crash."),
]
