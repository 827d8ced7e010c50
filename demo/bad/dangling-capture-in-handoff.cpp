// The mistake twin of demo/good/dangling-capture-in-handoff.cpp. Each
// handler captures the request's greeting by reference; the greeting is
// destroyed at the end of its loop iteration, but the handler only runs
// later, inside io.run(). The handlers read dead objects: undefined
// behaviour that AddressSanitizer reports as stack-use-after-scope
// (test/demo/dangling-capture-in-handoff-asan.test runs it).
// conclint-dangling-capture-in-handoff reports the capture, with notes at
// the hand-off and where the greeting dies.

#include <asio.hpp>
#include <cstdio>
#include <string>
#include <vector>

int main() {
  asio::io_context io;
  std::vector<std::string> delivered;
  for (int i = 0; i < 3; ++i) {
    std::string greeting =
        "hello from request " + std::to_string(i) + ", queued for later";
    asio::post(io, [&greeting, &delivered] { delivered.push_back(greeting); });
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: reference to local variable 'greeting' escapes into a handler queued by 'asio::post', which may still run after 'greeting' is destroyed [conclint-dangling-capture-in-handoff]
  }
  io.run();

  for (const std::string &g : delivered)
    std::printf("%s\n", g.c_str());
  return 0;
}
