// Lesson: work handed to an event loop runs later, so it must own what it
// uses. Three requests each queue a greeting on an asio::io_context; the
// loop runs the handlers after the requests' scopes have ended. Each
// handler captures its greeting by value (a copy that lives as long as the
// handler), so when io.run() finally calls them the text is still there.
// Capturing by reference would leave the handlers reading strings that were
// destroyed at the end of each loop iteration (the bad twin; AddressSanitizer
// reports it as stack-use-after-scope). The program checks every greeting.

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
    // The handler gets its own copy of the greeting.
    asio::post(io, [greeting, &delivered] { delivered.push_back(greeting); });
  }
  io.run(); // the handlers run here, after every 'greeting' is gone

  bool ok = delivered.size() == 3;
  for (int i = 0; ok && i < 3; ++i)
    ok = delivered[i] ==
         "hello from request " + std::to_string(i) + ", queued for later";
  for (const std::string &g : delivered)
    std::printf("%s\n", g.c_str());
  std::printf("RESULT: %zu of 3 greetings delivered intact\n",
              ok ? delivered.size() : 0);
  return ok ? 0 : 1;
}
