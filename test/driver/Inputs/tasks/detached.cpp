#include <asio.hpp>
#include <stdexcept>

asio::awaitable<void> session(int n) {
  if (n < 0)
    throw std::invalid_argument("negative");
  co_return;
}

void start(asio::io_context &io) {
  asio::co_spawn(io, session(-1), asio::detached);
}
