// Lesson 6: producer and consumers over a queue, stopped by a sentinel. The
// thread version is Python's queue.Queue: a std::deque guarded by a std::mutex,
// and a std::condition_variable that consumers wait on with a predicate (so a
// spurious or stale wake-up just waits again). The producer puts the numbers
// 1..1000 and then one sentinel per consumer; each consumer stops when it takes
// a sentinel. The coroutine version is asyncio.Queue: Asio 1.22's
// asio::experimental::channel (it exists in the Debian package) with room for
// 16 items carries the same numbers between coroutines on one io_context; the
// producer is suspended, not blocked, while the channel is full, and the
// consumers are suspended while it is empty. Every number arrives exactly once:
// both sums are 500 500.
//
// DEMO: shows: a mutex + condition_variable queue and an Asio channel, each stopped by sentinels

#include <asio.hpp>
#include <asio/experimental/channel.hpp>

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace {

constexpr int kItems = 1000;
constexpr int kConsumers = 2;
constexpr long kExpectedSum = static_cast<long>(kItems) * (kItems + 1) / 2;

// A blocking queue; std::nullopt is the sentinel that tells a consumer to stop.
class BlockingQueue {
public:
  void put(std::optional<int> item) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      items_.push_back(item);
    }
    notEmpty_.notify_one();
  }

  std::optional<int> get() {
    std::unique_lock<std::mutex> lock(mutex_);
    notEmpty_.wait(lock, [this] { return !items_.empty(); });
    const std::optional<int> item = items_.front();
    items_.pop_front();
    return item;
  }

private:
  std::mutex mutex_;
  std::condition_variable notEmpty_;
  std::deque<std::optional<int>> items_; // guarded by mutex_
};

struct Tally {
  long sum = 0;
  int count = 0;
};

Tally runThreads() {
  BlockingQueue queue;
  std::mutex totalMutex;
  Tally total; // guarded by totalMutex
  std::vector<std::thread> consumers;
  for (int c = 0; c < kConsumers; ++c) {
    consumers.emplace_back([&queue, &totalMutex, &total] {
      Tally mine; // private to this consumer, merged once at the end
      while (const std::optional<int> item = queue.get()) {
        mine.sum += *item;
        ++mine.count;
      }
      const std::lock_guard<std::mutex> lock(totalMutex);
      total.sum += mine.sum;
      total.count += mine.count;
    });
  }
  std::thread producer([&queue] {
    for (int i = 1; i <= kItems; ++i)
      queue.put(i);
    for (int c = 0; c < kConsumers; ++c)
      queue.put(std::nullopt); // one sentinel per consumer
  });
  producer.join();
  for (std::thread &t : consumers)
    t.join();
  const std::lock_guard<std::mutex> lock(totalMutex);
  return total;
}

using Channel = asio::experimental::channel<void(asio::error_code, int)>;
constexpr int kSentinel = 0; // the items are 1..kItems, so 0 marks the end

asio::awaitable<void> produce(Channel &channel) {
  for (int i = 1; i <= kItems; ++i)
    co_await channel.async_send(asio::error_code{}, i, asio::use_awaitable);
  for (int c = 0; c < kConsumers; ++c)
    co_await channel.async_send(asio::error_code{}, kSentinel, asio::use_awaitable);
}

asio::awaitable<void> consume(Channel &channel, Tally &mine) {
  for (;;) {
    const int item = co_await channel.async_receive(asio::use_awaitable);
    if (item == kSentinel)
      co_return;
    mine.sum += item;
    ++mine.count;
  }
}

Tally runCoroutines() {
  asio::io_context loop; // one thread: the coroutines interleave, never overlap
  Channel channel(loop, 16);
  std::vector<Tally> perConsumer(kConsumers);
  for (int c = 0; c < kConsumers; ++c)
    asio::co_spawn(loop, consume(channel, perConsumer[c]), asio::detached);
  asio::co_spawn(loop, produce(channel), asio::detached);
  loop.run();
  Tally total;
  for (const Tally &t : perConsumer) {
    total.sum += t.sum;
    total.count += t.count;
  }
  return total;
}

} // namespace

int main() {
  const Tally threads = runThreads();
  const Tally coroutines = runCoroutines();
  std::printf("mutex + condition_variable queue, 1 producer and 2 consumer threads: "
              "%d items, sum %ld\n",
              threads.count, threads.sum);
  std::printf("asio::experimental::channel(16), 1 producer and 2 consumer coroutines: "
              "%d items, sum %ld\n",
              coroutines.count, coroutines.sum);
  bool ok = true;
  for (const Tally &t : {threads, coroutines}) {
    if (t.count != kItems || t.sum != kExpectedSum) {
      std::printf("FAIL: expected %d items summing to %ld\n", kItems, kExpectedSum);
      ok = false;
    }
  }
  std::printf("RESULT: threads %d items sum %ld, coroutines %d items sum %ld "
              "(expected %d, %ld)\n",
              threads.count, threads.sum, coroutines.count, coroutines.sum, kItems,
              kExpectedSum);
  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}
