// Lesson: a coroutine call only creates a lazy task; the work happens when
// the task is awaited. asio::awaitable (like cppcoro's and folly's task) is
// lazy: its body waits until someone co_awaits it or co_spawns it. The
// handler below saves three records and writes one audit entry per record,
// awaiting every task it creates, also on the path that rejects a record
// early. Python warns "coroutine was never awaited"; C++ drops the work
// silently, so the program checks the store: every record saved, every
// audit entry written, and exits with status 0 only then.
//
// DEMO: shows: lazy tasks do nothing until awaited: await every task you create

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
  co_await timer.async_wait(use_awaitable); // the "database" round trip
  store.records.push_back(std::move(record));
}

awaitable<void> auditAccess(Store &store, std::string record) {
  store.audit.push_back("accessed " + record);
  co_return;
}

awaitable<void> handle(Store &store, std::string record, bool valid) {
  awaitable<void> audit = auditAccess(store, record);
  if (!valid) {
    co_await std::move(audit); // awaited on the early path too
    co_return;
  }
  co_await save(store, record);
  co_await std::move(audit);
}

awaitable<void> handleAll(Store &store) {
  co_await handle(store, "alice", true);
  co_await handle(store, "bob", true);
  co_await handle(store, "carol", true);
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

  for (const std::string &r : store.records)
    std::printf("saved %s\n", r.c_str());
  for (const std::string &a : store.audit)
    std::printf("audit: %s\n", a.c_str());
  const bool ok = store.records.size() == 3 && store.audit.size() == 4;
  std::printf("RESULT: %zu of 3 records saved, %zu of 4 audit entries\n",
              store.records.size(), store.audit.size());
  return ok ? 0 : 1;
}
