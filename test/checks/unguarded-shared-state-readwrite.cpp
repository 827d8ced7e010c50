// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// Reads are not writes: an argument is a write only when the callee can be
// shown to write through its parameter (utils/SharedAccesses.h). Two threads
// that only read a variable do not race; every `_ok` case below has two
// concurrent threads and no write but the one the rule is about.

#include <string>
#include <thread>
#include <utility>
#include <vector>

// A constructor that takes a non-const reference and only reads it.
struct SizeOf {
  explicit SizeOf(std::vector<int> &V) : N(V.size()) {}
  std::size_t N;
};

void ctor_reads_through_reference_ok() {
  std::vector<int> Shared{1, 2, 3};
  std::thread A([&Shared] { SizeOf S(Shared); (void)S; });
  std::thread B([&Shared] { SizeOf S(Shared); (void)S; });
  A.join();
  B.join();
}

// The same constructor shape, writing through the reference: a write.
struct Bump {
  explicit Bump(int &X) { ++X; }
};

void ctor_writes_through_reference_bad() {
  int Hits = 0;
  std::thread A([&Hits] { Bump B(Hits); });
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'Hits' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread B([&Hits] { Bump B(Hits); });
  A.join();
  B.join();
}

// A callee with no visible body: what it does with the reference is not
// known here, so it is not shown to write (silence, not a guess).
void inspect_elsewhere(std::string &S);

void unknown_callee_reference_ok() {
  std::string Name = "conclint";
  std::thread A([&Name] { inspect_elsewhere(Name); });
  std::thread B([&Name] { inspect_elsewhere(Name); });
  A.join();
  B.join();
}

// std::move only casts: bound to a const reference, the object is read.
std::size_t length_of(const std::string &S) { return S.size(); }

void move_into_const_reference_ok() {
  std::string Text = "abc";
  std::thread A([&Text] { (void)length_of(std::move(Text)); });
  std::thread B([&Text] { (void)length_of(std::move(Text)); });
  A.join();
  B.join();
}

// Moved into a by-value parameter: the move constructor empties the source.
std::size_t take(std::vector<int> V) { return V.size(); }

void move_into_value_bad() {
  std::vector<int> Items{1, 2};
  std::thread A([&Items] { (void)take(std::move(Items)); });
  // CHECK-MESSAGES: :[[@LINE-1]]:49: warning: 'Items' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  std::thread B([&Items] { (void)take(std::move(Items)); });
  A.join();
  B.join();
}

// Const member calls and copies are reads.
void const_calls_and_copies_ok() {
  std::vector<int> Data{4, 5, 6};
  std::thread A([&Data] {
    std::vector<int> Copy = Data;
    (void)Copy;
    (void)Data.size();
  });
  std::thread B([&Data] { (void)Data.empty(); (void)Data.front(); });
  A.join();
  B.join();
}
