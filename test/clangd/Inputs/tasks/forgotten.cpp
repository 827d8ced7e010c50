#include <asio.hpp>

asio::awaitable<void> save(int record);

asio::awaitable<void> handle(int record) {
  save(record);
  co_return;
}
