// Lesson: an exception needs somewhere to go. Work started in the background
// (asio::co_spawn, a std::thread) has no caller to catch it: asio::detached
// throws it away, and an exception leaving a thread's function ends the
// program. Here three requests are parsed by coroutines on an io_context;
// one of them is malformed. Each session catches what it can handle itself
// (and counts it), and the spawn completes with a handler that rethrows
// anything else, so it leaves io_context::run() where main catches it. A
// worker thread catches inside its entry function and hands the exception
// to the main thread through a std::exception_ptr. The program checks that
// two requests succeeded and both errors were reported, and exits with
// status 0 only then.
//
// DEMO: shows: background work must deliver its exceptions (no asio::detached, no throwing thread entry)

#include <asio.hpp>

#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using asio::awaitable;

struct Stats {
  int parsed = 0;
  int failed = 0;
};

awaitable<void> session(Stats &stats, std::string request) {
  try {
    int length = std::stoi(request); // throws std::invalid_argument on "x"
    std::printf("request of length %d\n", length);
    ++stats.parsed;
  } catch (const std::exception &e) {
    std::printf("session failed: %s\n", e.what());
    ++stats.failed;
  }
  co_return;
}

void rethrow(std::exception_ptr e) {
  if (e)
    std::rethrow_exception(e);
}

} // namespace

int main() {
  asio::io_context io;
  Stats stats;
  for (const char *request : {"12", "x", "40"})
    asio::co_spawn(io, session(stats, request), rethrow);
  try {
    io.run();
  } catch (const std::exception &e) {
    std::printf("escaped run(): %s\n", e.what());
    return 1;
  }

  // A thread hands its exception over instead of letting it escape.
  std::exception_ptr workerError;
  std::thread worker([&workerError] {
    try {
      std::vector<int> empty;
      std::printf("%d\n", empty.at(0)); // throws std::out_of_range
    } catch (...) {
      workerError = std::current_exception();
    }
  });
  worker.join();
  bool workerReported = false;
  try {
    rethrow(workerError);
  } catch (const std::out_of_range &e) {
    std::printf("worker failed: %s\n", e.what());
    workerReported = true;
  }

  const bool ok = stats.parsed == 2 && stats.failed == 1 && workerReported;
  std::printf("RESULT: %d requests parsed, %d session error and %s worker "
              "error reported\n",
              stats.parsed, stats.failed, workerReported ? "the" : "no");
  return ok ? 0 : 1;
}
