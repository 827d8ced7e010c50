// The mistake twin of demo/good/task-never-awaited.cpp. The handler calls
// save() as if it were an ordinary function: the lazy task it returns is
// destroyed at the end of the statement and the record is never saved. The
// audit task is awaited on the normal path but forgotten on the early
// return. The program runs to the end without an error and saves nothing.
// conclint-task-never-awaited reports both; the discarded call gets a
// `co_await` fix-it.

#include <asio.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using asio::awaitable;
using asio::use_awaitable;
using namespace std::chrono_literals;

struct Store {
  std::vector<std::string> records;
  std::vector<std::string> audit;
};

awaitable<void> save(Store &store, std::string record) {
  asio::steady_timer timer(co_await asio::this_coro::executor, 5ms);
  co_await timer.async_wait(use_awaitable);
  store.records.push_back(std::move(record));
}

awaitable<void> auditAccess(Store &store, std::string record) {
  store.audit.push_back("accessed " + record);
  co_return;
}

awaitable<void> handle(Store &store, std::string record, bool valid) {
  awaitable<void> audit = auditAccess(store, record);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: lazy task 'audit' returned by 'auditAccess' can be destroyed without being awaited, so the coroutine never runs [conclint-task-never-awaited]
  if (!valid)
    co_return; // the audit entry is lost
  save(store, record);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: lazy task returned by 'save' is discarded without being awaited, so the coroutine never runs [conclint-task-never-awaited]
  co_await std::move(audit);
}

awaitable<void> handleAll(Store &store) {
  co_await handle(store, "alice", true);
  co_await handle(store, "mallory", false);
}

} // namespace

int main() {
  asio::io_context io;
  Store store;
  asio::co_spawn(io, handleAll(store), [](std::exception_ptr e) {
    if (e)
      std::rethrow_exception(e);
  });
  io.run();
  std::printf("%zu records saved, %zu audit entries\n", store.records.size(),
              store.audit.size());
  return 0;
}
