// The mistake twin of demo/good/detached-exception-lost.cpp. The sessions
// are spawned with asio::detached: the malformed request throws inside its
// coroutine, the exception reaches detached's completion handler and is
// dropped, and the program reports nothing. The worker thread lets its
// std::out_of_range escape its entry function, which calls std::terminate.
// conclint-detached-exception-lost reports both, with the call chain down to
// the throwing call; for Asio a note offers a handler that rethrows.

#include <asio.hpp>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace {

using asio::awaitable;

int parseLength(const std::string &request) { return std::stoi(request); }

awaitable<void> session(std::string request) {
  std::printf("request of length %d\n", parseLength(request));
  co_return;
}

} // namespace

int main() {
  asio::io_context io;
  for (const char *request : {"12", "x", "40"})
    asio::co_spawn(io, session(request), asio::detached);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: coroutine 'session' can throw an exception, which 'asio::detached' silently discards [conclint-detached-exception-lost]
  io.run();

  std::thread worker([] {
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: the thread's lambda can throw an exception that escapes the thread's entry function, which calls std::terminate [conclint-detached-exception-lost]
    std::vector<int> empty;
    std::printf("%d\n", empty.at(0));
  });
  worker.join();
  return 0;
}
