// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// Calls on one member object that touch disjoint members of it
// (utils/FieldEffects.h): a member call of a user class is an access of the
// members its body (and the bodies it calls on them) reads and writes, not
// of the whole object, when every step can be shown. Two calls race only
// where those members meet, one of them writing.

#include <atomic>
#include <mutex>
#include <thread>

// A single-producer, single-consumer ring written for this test: the
// producer side moves Tail and Published, the consumer side moves Head
// and Seen; Count is an atomic both sides use.
struct Ring {
  void put(int V) {
    Slots[Tail % 64] = V;
    ++Tail;
  }
  bool publish() {
    Published = Tail;
    Count.store(Published);
    return true;
  }
  bool take(int &V) {
    if (Seen == Head)
      Seen = Count.load();
    if (Seen == Head)
      return false;
    V = Head;
    ++Head;
    return true;
  }

  unsigned Tail = 0, Published = 0; // producer side
  unsigned Head = 0, Seen = 0;      // consumer side
  int Slots[64] = {};
  std::atomic<unsigned> Count{0};
};

// Producers serialise on Lock; the one consumer reads without it. The
// consumer's take() touches Head and Seen (and the atomic), the producers'
// put()/publish() Tail, Published and Slots: no member meets.
class Mailbox_ok {
public:
  void send(int V) {
    Lock.lock();
    Pipe.put(V);
    Pipe.publish();
    Lock.unlock();
  }
  bool recv(int &V) { return Pipe.take(V); }

private:
  Ring Pipe;
  std::mutex Lock;
};

// The same, with a consumer that also reads the producer's Tail: it meets
// put()'s write.
struct LeakyRing {
  void put(int V) {
    Slots[Tail % 64] = V;
    ++Tail;
  }
  bool take(int &V) {
    if (Head == Tail)
      return false;
    V = Slots[Head % 64];
    ++Head;
    return true;
  }
  unsigned Tail = 0, Head = 0;
  int Slots[64] = {};
};

class Mailbox_bad {
public:
  void send(int V) {
    std::lock_guard<std::mutex> G(Lock);
    Pipe.put(V);
  }
  bool recv(int &V) { return Pipe.take(V); }
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'Pipe' is written without holding 'this->Lock', which guards it in other member functions of 'Mailbox_bad' [conclint-unguarded-shared-state]

private:
  LeakyRing Pipe;
  std::mutex Lock;
};

// Adjacent bit-fields share one memory location: writing one races with
// writing the other.
struct Flags {
  void markSent() { Sent = 1; }
  void markRead() { Read = 1; }
  unsigned Sent : 1;
  unsigned Read : 1;
};

class Status_bad {
public:
  void sent() {
    std::lock_guard<std::mutex> G(Lock);
    F.markSent();
  }
  void read() { F.markRead(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'F' is written without holding 'this->Lock', which guards it in other member functions of 'Status_bad' [conclint-unguarded-shared-state]

private:
  Flags F{};
  std::mutex Lock;
};

// A method that hands `this` on: what the callee touches is not known, so
// the call stands for the whole object.
struct Node;
void visit(Node &);
struct Node {
  void grow() { ++Size; }
  void walk() { visit(*this); }
  unsigned Size = 0, Depth = 0;
};

class Tree_bad {
public:
  void add() {
    std::lock_guard<std::mutex> G(Lock);
    Root.grow();
  }
  void scan() { Root.walk(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'Root' is read without holding 'this->Lock', while other member functions of 'Tree_bad' write it under that lock [conclint-unguarded-shared-state]

private:
  Node Root;
  std::mutex Lock;
};

// Through a pointer to a base class another override may run: not known.
struct Sink {
  virtual ~Sink() = default;
  virtual void push(int V) = 0;
  virtual bool pull(int &V) = 0;
};
struct SpscSink : Sink {
  void push(int V) override { In = V; }
  bool pull(int &V) override {
    V = Out;
    return true;
  }
  int In = 0, Out = 0;
};

class Router_ok_through_member {
public:
  void send(int V) {
    std::lock_guard<std::mutex> G(Lock);
    S.push(V);
  }
  // A complete member object: SpscSink's own overriders run, In and Out
  // are apart.
  bool recv(int &V) { return S.pull(V); }

private:
  SpscSink S;
  std::mutex Lock;
};

// What a pointer member points to is touched under the pointer's path: a
// write through it meets a read through it.
#include <vector>
struct Bag {
  void add(int V) { Items->push_back(V); }
  unsigned count() const { return Items->size(); }
  std::vector<int> *Items = nullptr;
};

class Pantry_bad {
public:
  void put(int V) {
    std::lock_guard<std::mutex> G(Lock);
    B.add(V);
  }
  unsigned size() { return B.count(); }
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'B' is read without holding 'this->Lock', while other member functions of 'Pantry_bad' write it under that lock [conclint-unguarded-shared-state]

private:
  Bag B;
  std::mutex Lock;
};
