// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// Issue 13: "a non-const member call on an object that synchronises itself
// ... is not a write". A call of a non-const member function of a user
// class is a write of its object only when that can be shown: the callee's
// body is visible and (through the methods it calls on `this` or on its
// member objects) writes a plain data member, while nothing in it or in
// anything it calls synchronises (a lock, an atomic, a condition variable,
// work handed to another thread or executor) or goes where it cannot be
// followed. Otherwise the call reads the object (utils/Accesses.h,
// SelfSyncOracle::callShownToWrite). The corpus shapes: lock-free queues
// (enqueue from two producers), a logger reached through a getter that
// locks its own mutex, session handles whose methods are compiled
// elsewhere or post to the session's thread. Standard-library objects keep
// the standard's contract: a non-const member function modifies them.

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// A bounded multi-producer queue: a producer claims a slot with fetch_add
// and publishes it with a release store. Its plain slot array is written,
// but the body synchronises: the protocol, not a lock, keeps writers apart.
class ClaimQueue {
public:
  bool enqueue(int V) {
    unsigned I = Claimed.fetch_add(1, std::memory_order_relaxed);
    if (I >= 64)
      return false;
    Slots[I] = V;
    Ready[I].store(true, std::memory_order_release);
    return true;
  }

private:
  std::atomic<unsigned> Claimed{0};
  int Slots[64] = {};
  std::atomic<bool> Ready[64] = {};
};

void lock_free_queue_two_producers_ok() {
  ClaimQueue Q;
  std::thread A([&] { Q.enqueue(1); });
  std::thread B([&] { Q.enqueue(2); });
  A.join();
  B.join();
}

// A logger that locks its own mutex, reached through a getter of the
// object that owns it: the getter writes nothing, the logger synchronises.
class Logger {
public:
  void write(const std::string &Line) {
    std::lock_guard<std::mutex> G(Mu);
    Lines.push_back(Line);
  }

private:
  std::mutex Mu;
  std::vector<std::string> Lines;
};

class Endpoint {
public:
  Logger &log() { return *Log; }
  void reconnect() { ++Attempts; }

private:
  std::shared_ptr<Logger> Log = std::make_shared<Logger>();
  int Attempts = 0;
};

void self_locking_logger_through_getter_ok() {
  Endpoint E;
  std::thread A([&] { E.log().write("telemetry"); });
  E.log().write("main");
  A.join();
}

// Methods compiled in another translation unit: what they do is unknown,
// so calling them is not shown to write (a session handle in a library).
class Session {
public:
  void add_task(int Id);
  void cancel_all();

private:
  int Pending = 0;
};

void invisible_method_ok() {
  Session S;
  std::thread A([&] { S.add_task(1); });
  std::thread B([&] { S.add_task(2); });
  S.cancel_all();
  A.join();
  B.join();
}

// A handle whose methods post the work to the thread that owns the state:
// the handle itself only reads its pointer.
class Loop {
public:
  void post(std::function<void()> F);
};

struct Torrents {
  std::vector<int> Ids;
};

class SessionHandle {
public:
  SessionHandle(Loop &L, Torrents *T) : L(&L), T(T) {}
  void async_add(int Id) {
    Torrents *Impl = T;
    L->post([Impl, Id] { Impl->Ids.push_back(Id); });
  }

private:
  Loop *L;
  Torrents *T;
};

void posting_handle_ok(Loop &L, Torrents *T) {
  SessionHandle H(L, T);
  std::thread A([&] { H.async_add(1); });
  H.async_add(2);
  A.join();
}

// A getter that hands out a plain container: the caller's push_back
// writes it (the use of the getter's result decides).
class Registry {
public:
  std::vector<int> &items() { return Items; }

private:
  std::vector<int> Items;
};

void getter_result_written_bad() {
  Registry R;
  std::thread A([&] { R.items().push_back(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'R' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  R.items().push_back(2);
  A.join();
}

// A getter whose body is not here: where its reference points is unknown,
// so writing through it is not a shown write of the object.
class Directory {
public:
  std::vector<int> &entries();

private:
  int Generation = 0;
};

void invisible_getter_ok() {
  Directory D;
  std::thread A([&] { D.entries().push_back(1); });
  D.entries().push_back(2);
  A.join();
}

// A plain member store, polled by the thread that runs the server.
// (listen() itself only reads the object.)
struct Server {
  bool Stop = false;
  void listen() {
    while (!Stop)
      std::this_thread::yield();
  }
};

void flag_store_bad() {
  Server Svr;
  std::thread T([&] { Svr.listen(); });
  Svr.Stop = true;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'Svr' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  T.join();
}

// A standard container written from two threads: push_back modifies it.
void std_vector_push_back_bad() {
  std::vector<int> V;
  std::thread A([&] { V.push_back(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'V' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread B([&] { V.push_back(2); });
  A.join();
  B.join();
}

// A visible method that writes a plain member through one helper call,
// with nothing synchronising on the way.
class Journal {
public:
  void add(int V) { store(V); }

private:
  void store(int V) { Entries.push_back(V); }
  std::vector<int> Entries;
};

void helper_writes_member_bad() {
  Journal J;
  std::thread A([&] { J.add(1); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'J' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread B([&] { J.add(2); });
  A.join();
  B.join();
}

// A write through a member object: Tally's bump() increments its own
// counter, which is state of the Stats object that holds it.
struct Tally {
  int N = 0;
  void bump() { ++N; }
};

class Stats {
public:
  void hit() { Hits.bump(); }

private:
  Tally Hits;
};

void member_object_write_bad() {
  Stats S;
  std::thread A([&] { S.hit(); });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'S' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  S.hit();
  A.join();
}

// A write on the path that goes on, beside a throw whose exception's
// constructor is defined elsewhere: building the exception runs only on the
// path that leaves, so it does not make the write synchronised. The locked
// grow() below is a write of the buffer; the unlocked capacity() races it.
struct Refused {
  explicit Refused(const char *Why); // defined in another translation unit
};

class Ring {
public:
  void grow(unsigned N) {
    if (!Owns)
      throw Refused("not owned");
    Capacity = N;
  }
  unsigned size() const { return Capacity; }

private:
  bool Owns = true;
  unsigned Capacity = 0;
};

class Spool {
public:
  void reserve(unsigned N) {
    std::lock_guard<std::mutex> L(Mu);
    Buf.grow(N);
  }
  unsigned capacity() const { return Buf.size(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'Buf' is read without holding 'this->Mu', while other member functions of 'Spool' write it under that lock [conclint-unguarded-shared-state]

private:
  mutable std::mutex Mu;
  Ring Buf;
};

// Known misses, kept visible.
// FN_: the method writes a plain member and also calls a function whose
// body is not here; that function might take a lock, so the write is not
// shown (silence on what cannot be followed).
void note(int V);

class Audit {
public:
  void record(int V) {
    note(V);
    Count += V;
  }

private:
  int Count = 0;
};

void FN_write_beside_unknown_call() {
  Audit A;
  std::thread T([&] { A.record(1); });
  A.record(2);
  T.join();
}

// FN_: handing work to an executor counts as synchronisation of the whole
// body, so the plain store beside it is not shown to be a write.
class CountingHandle {
public:
  explicit CountingHandle(Loop &L) : L(&L) {}
  void async_add(int Id) {
    ++Posted;
    L->post([Id] { (void)Id; });
  }

private:
  Loop *L;
  int Posted = 0;
};

void FN_store_beside_post(Loop &L) {
  CountingHandle H(L);
  std::thread T([&] { H.async_add(1); });
  H.async_add(2);
  T.join();
}

// FN_: the lock-consistency rule needs a write it can show under the class's
// own lock. Here the locked call goes into a member object whose methods are
// compiled elsewhere (i2pd's `m_Gateway.SendBuffer()` under `m_SendMutex`,
// with an unlocked `GetNumSentBytes()` getter): the write of the sent-bytes
// counter is in the other translation unit, so neither side is shown to
// write and the getter is not reported. Before issue 13's per-method rule
// the locked call counted as a write of `Gw`.
class Gateway {
public:
  void send();
  unsigned long sent() const;

private:
  unsigned long Sent = 0;
};

class Outbound {
public:
  void flush() {
    std::lock_guard<std::mutex> L(Mu);
    Gw.send();
  }
  unsigned long FN_sent_unlocked() const { return Gw.sent(); }

private:
  std::mutex Mu;
  Gateway Gw;
};
