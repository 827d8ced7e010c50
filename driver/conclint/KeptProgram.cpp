//===-- KeptProgram.cpp - the merged program, kept between runs -----------===//

#include "KeptProgram.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/LEB128.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

namespace conclint {

namespace sm = clang::tidy::conclint::utils::summary;

// The codec below spells every field of the facts. A field added to one of
// these structs without a line here would be dropped by a warm link only:
// the sizes make the build say so (on the one platform they are known for).
#if defined(__x86_64__) && defined(__GLIBCXX__) && !defined(_GLIBCXX_DEBUG)
static_assert(sizeof(sm::Loc) == 32 && sizeof(sm::Call) == 120 &&
                  sizeof(sm::Access) == 128 && sizeof(sm::Spawn) == 152 &&
                  sizeof(sm::OrderEdge) == 152 && sizeof(sm::Acquire) == 88 &&
                  sizeof(sm::BlockRoot) == 96 &&
                  sizeof(sm::CoroutineCall) == 128 &&
                  sizeof(sm::FunctionFacts) == 384,
              "a field of utils/Summary.h's facts changed: encode and decode "
              "it in KeptProgram.cpp, bump KeptVersion, then update these "
              "sizes");
#endif

/// No such index.
static constexpr uint32_t Gone = UINT32_MAX;

/// Bump when the encoding changes.
/// 2: each function framed (USR, TU, definers, own-fact bit, its calls'
///    callees, the length of its facts) so that loading decodes only the
///    facts prune keeps.
static constexpr uint64_t KeptVersion = 2;
static const char KeptMagic[] = "conclint-kept-program";

//===----------------------------------------------------------------------===//
// Encoding: ULEB128 integers; strings as indices into one table
//===----------------------------------------------------------------------===//

namespace {

class Encoder {
public:
  void u(uint64_t V) { llvm::encodeULEB128(V, *Cur); }
  void s(llvm::StringRef S) {
    auto [It, New] = Index.try_emplace(S, unsigned(Table.size()));
    if (New)
      Table.push_back(It->getKey());
    u(It->second);
  }
  void loc(const sm::Loc &L) {
    if (!L.valid()) {
      u(0);
      return;
    }
    auto [It, New] = Index.try_emplace(L.File.ref(), unsigned(Table.size()));
    if (New)
      Table.push_back(It->getKey());
    u(It->second + 1);
    u(L.Offset);
    u(L.Line);
    u(L.Column);
  }
  void strings(const std::vector<std::string> &V) {
    u(V.size());
    for (const std::string &X : V)
      s(X);
  }
  void call(const sm::Call &C) {
    s(C.Usr);
    s(C.Name);
    loc(C.At);
    strings(C.Held);
  }
  void access(const sm::Access &A) {
    s(A.Var);
    s(A.Path);
    u(A.Write);
    strings(A.Held);
    loc(A.At);
  }
  template <typename T, typename F> void list(const std::vector<T> &V, F Fn) {
    u(V.size());
    for (const T &X : V)
      Fn(X);
  }
  void function(const sm::FunctionFacts &F) {
    s(F.Name);
    loc(F.At);
    u(unsigned(F.Coroutine) | unsigned(F.Lambda) << 1 |
      unsigned(bool(F.Blocks)) << 2 | unsigned(F.ConcurrentRoot) << 3);
    if (F.Blocks) {
      loc(F.Blocks->At);
      s(F.Blocks->What);
      s(F.Blocks->Advice);
    }
    list(F.BlockingCalls, [&](const sm::Call &C) { call(C); });
    list(F.LocalChain, [&](const sm::Loc &L) { loc(L); });
    list(F.CoroutineCalls, [&](const sm::CoroutineCall &C) {
      call(C.C);
      u(C.Budget == UINT_MAX ? 0 : uint64_t(C.Budget) + 1);
    });
    list(F.Accesses, [&](const sm::Access &A) { access(A); });
    list(F.Calls, [&](const sm::Call &C) { call(C); });
    list(F.Spawns, [&](const sm::Spawn &X) {
      s(X.Entry);
      s(X.EntryName);
      loc(X.At);
      u(X.Repeats);
      list(X.Window, [&](const sm::Access &A) { access(A); });
      list(X.WindowCalls, [&](const sm::Call &C) { call(C); });
    });
    list(F.LockOrder, [&](const sm::OrderEdge &E) {
      s(E.Held);
      s(E.Acquired);
      loc(E.HeldAt);
      loc(E.AcquiredAt);
      strings(E.AlsoHeld);
    });
    u(F.Joins);
    u(F.Detaches);
    list(F.Acquires, [&](const sm::Acquire &A) {
      s(A.Lock);
      loc(A.At);
      strings(A.Held);
    });
  }

  /// A function's frame, then its facts (written apart first: the frame
  /// says their length).
  void framed(const sm::FunctionFacts &F) {
    u(sm::hasOwnFacts(F));
    u(F.Calls.size());
    for (const sm::Call &C : F.Calls)
      s(C.Usr);
    Facts.clear();
    Cur = &FOS;
    function(F);
    Cur = &OS;
    u(Facts.size());
    OS << Facts;
  }

  std::string Records;
  llvm::raw_string_ostream OS{Records};
  std::string Facts;
  llvm::raw_string_ostream FOS{Facts};
  llvm::raw_ostream *Cur = &OS;
  llvm::StringMap<unsigned> Index;
  std::vector<llvm::StringRef> Table;
};

class Decoder {
public:
  Decoder(llvm::StringRef Bytes, std::vector<llvm::StringRef> &Table,
          std::vector<sm::FileName> &Files)
      : P(Bytes.bytes_begin()), Begin(P), End(Bytes.bytes_end()), Table(Table),
        Files(Files) {}

  bool Ok = true;

  uint64_t u() {
    if (!Ok)
      return 0;
    unsigned N = 0;
    const char *Err = nullptr;
    uint64_t V = llvm::decodeULEB128(P, &N, End, &Err);
    if (Err) {
      Ok = false;
      return 0;
    }
    P += N;
    return V;
  }
  unsigned u32() {
    uint64_t V = u();
    if (V > UINT_MAX)
      Ok = false;
    return unsigned(V);
  }
  /// A count of items of at least one byte each.
  size_t count() {
    uint64_t N = u();
    if (N > uint64_t(End - P)) {
      Ok = false;
      return 0;
    }
    return size_t(N);
  }
  llvm::StringRef bytes(size_t N) {
    if (!Ok || N > size_t(End - P)) {
      Ok = false;
      return "";
    }
    llvm::StringRef Out(reinterpret_cast<const char *>(P), N);
    P += N;
    return Out;
  }
  bool atEnd() const { return P == End; }
  size_t offset() const { return size_t(P - Begin); }

  /// The string table, read before the records.
  bool table() {
    size_t N = count();
    for (size_t I = 0; I < N && Ok; ++I)
      Table.push_back(bytes(count()));
    Files.resize(Table.size());
    return Ok;
  }
  uint32_t index() {
    uint64_t I = u();
    if (I >= Table.size()) {
      Ok = false;
      return 0;
    }
    return uint32_t(I);
  }
  llvm::StringRef ref() {
    uint32_t I = index();
    return Ok ? Table[I] : "";
  }
  std::string s() { return ref().str(); }
  void loc(sm::Loc &L) {
    uint64_t I = u();
    if (I == 0)
      return;
    if (I > Table.size()) {
      Ok = false;
      return;
    }
    sm::FileName &F = Files[I - 1];
    if (F.empty())
      F = sm::FileName(Table[I - 1]);
    L.File = F;
    L.Offset = u32();
    L.Line = u32();
    L.Column = u32();
  }
  std::vector<std::string> strings() {
    std::vector<std::string> V;
    size_t N = count();
    V.reserve(N);
    for (size_t I = 0; I < N && Ok; ++I)
      V.push_back(s());
    return V;
  }
  void call(sm::Call &C) {
    C.Usr = s();
    C.Name = s();
    loc(C.At);
    C.Held = strings();
  }
  void access(sm::Access &A) {
    A.Var = s();
    A.Path = s();
    A.Write = u();
    A.Held = strings();
    loc(A.At);
  }
  /// A count that lies (an authentic but malformed file) allocates no more
  /// items than the bytes left.
  template <typename T, typename F> void list(std::vector<T> &V, F Fn) {
    size_t N = count();
    V.reserve(N); // no more than the bytes left (count())
    for (size_t I = 0; I < N && Ok; ++I) {
      V.emplace_back();
      Fn(V.back());
    }
  }
  void function(sm::FunctionFacts &F) {
    F.Name = s();
    loc(F.At);
    uint64_t Flags = u();
    F.Coroutine = Flags & 1;
    F.Lambda = Flags & 2;
    F.ConcurrentRoot = Flags & 8;
    if (Flags & 4) {
      sm::BlockRoot R;
      loc(R.At);
      R.What = s();
      R.Advice = s();
      F.Blocks = std::move(R);
    }
    list(F.BlockingCalls, [&](sm::Call &C) { call(C); });
    list(F.LocalChain, [&](sm::Loc &L) { loc(L); });
    list(F.CoroutineCalls, [&](sm::CoroutineCall &C) {
      call(C.C);
      uint64_t B = u();
      C.Budget = B == 0 || B - 1 >= UINT_MAX ? UINT_MAX : unsigned(B - 1);
    });
    list(F.Accesses, [&](sm::Access &A) { access(A); });
    list(F.Calls, [&](sm::Call &C) { call(C); });
    list(F.Spawns, [&](sm::Spawn &X) {
      X.Entry = s();
      X.EntryName = s();
      loc(X.At);
      X.Repeats = u();
      list(X.Window, [&](sm::Access &A) { access(A); });
      list(X.WindowCalls, [&](sm::Call &C) { call(C); });
    });
    list(F.LockOrder, [&](sm::OrderEdge &E) {
      E.Held = s();
      E.Acquired = s();
      loc(E.HeldAt);
      loc(E.AcquiredAt);
      E.AlsoHeld = strings();
    });
    F.Joins = u32();
    F.Detaches = u32();
    list(F.Acquires, [&](sm::Acquire &A) {
      A.Lock = s();
      loc(A.At);
      A.Held = strings();
    });
  }

private:
  const uint8_t *P, *Begin, *End;
  std::vector<llvm::StringRef> &Table;
  std::vector<sm::FileName> &Files;
};

} // namespace

std::string KeptProgram::encode() const {
  Encoder E;
  E.u(Contributions.size());
  for (const Contribution &C : Contributions) {
    E.s(C.Hash);
    E.u(C.K);
  }
  auto Defs = [&](const Definers &D) {
    E.u(D.size());
    for (uint32_t I : D)
      E.u(I);
  };
  E.u(Program.Functions.size());
  for (const auto &[Usr, F] : Program.Functions) {
    E.s(Usr);
    auto It = Program.DefinedIn.find(Usr);
    E.s(It == Program.DefinedIn.end() ? "" : It->second);
    Defs(FunctionDefs.lookup(Usr));
    E.framed(F);
  }
  E.u(Program.Globals.size());
  for (const auto &[Usr, G] : Program.Globals) {
    E.s(Usr);
    E.s(G.first);
    E.loc(G.second);
    Defs(GlobalDefs.lookup(Usr));
  }
  E.u(Program.Locks.size());
  for (const auto &[Key, Name] : Program.Locks) {
    E.s(Key);
    E.s(Name);
    Defs(LockDefs.lookup(Key));
  }
  E.OS.flush();
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << KeptMagic << '\0';
  llvm::encodeULEB128(KeptVersion, OS);
  llvm::encodeULEB128(uint64_t(sm::FormatVersion), OS);
  llvm::encodeULEB128(E.Table.size(), OS);
  for (llvm::StringRef S : E.Table) {
    llvm::encodeULEB128(S.size(), OS);
    OS << S;
  }
  OS << E.Records;
  return Out;
}

std::string KeptProgram::decode(llvm::StringRef Bytes) {
  *this = KeptProgram();
  if (!Bytes.consume_front(llvm::StringRef(KeptMagic, sizeof(KeptMagic))))
    return "not a kept program";
  // Offsets and counts are 32-bit (each item takes a byte at least).
  if (Bytes.size() >= Gone)
    return "malformed";
  // The strings are referred to, not copied: keep the bytes.
  this->Bytes = std::make_unique<std::string>(Bytes.str());
  Decoder D(*this->Bytes, Table, Files);
  uint64_t V = D.u(), SV = D.u();
  if (!D.Ok)
    return "malformed";
  if (V != KeptVersion || SV != uint64_t(sm::FormatVersion))
    return "another version";
  auto Fail = [&] {
    *this = KeptProgram();
    return std::string("malformed");
  };
  if (!D.table())
    return Fail();
  size_t NC = D.count();
  for (size_t I = 0; I < NC && D.Ok; ++I) {
    Contribution C;
    C.Hash = D.s();
    uint64_t K = D.u();
    if (K > Null)
      return Fail();
    C.K = Kind(K);
    Contributions.push_back(std::move(C));
  }
  if (!D.Ok)
    return Fail();
  auto Defs = [&](Definers &Out) {
    size_t N = D.count();
    if (N == 0)
      D.Ok = false;
    for (size_t I = 0; I < N && D.Ok; ++I) {
      uint64_t X = D.u();
      if (X >= NC)
        D.Ok = false;
      Out.push_back(uint32_t(X));
    }
  };
  // The functions are framed, their facts left encoded (prune() decodes
  // those it keeps).
  size_t NF = D.count();
  PendingAt.assign(Table.size(), Gone);
  Pending.reserve(NF);
  // Sized once: growing it rehashed every USR several times.
  FunctionDefs = llvm::StringMap<Definers>(unsigned(NF));
  for (size_t I = 0; I < NF && D.Ok; ++I) {
    Encoded E;
    E.Usr = D.index();
    E.In = D.index();
    if (!D.Ok)
      break;
    llvm::StringRef Usr = Table[E.Usr];
    Defs(FunctionDefs[Usr]);
    E.Own = D.u();
    size_t NC = D.count();
    E.CalleesBegin = uint32_t(Callees.size());
    for (size_t J = 0; J < NC && D.Ok; ++J)
      Callees.push_back(D.index());
    E.CalleesEnd = uint32_t(Callees.size());
    size_t Len = D.count();
    E.Begin = uint32_t(D.offset());
    D.bytes(Len);
    E.End = uint32_t(D.offset());
    E.Alive = true;
    // In USR order (encode()'s), each once: pendingOf() searches them.
    if (!D.Ok || PendingAt[E.Usr] != Gone ||
        (!Pending.empty() && !(Table[Pending.back().Usr] < Usr))) {
      D.Ok = false;
      break;
    }
    PendingAt[E.Usr] = uint32_t(Pending.size());
    Pending.push_back(E);
  }
  size_t NG = D.count();
  for (size_t I = 0; I < NG && D.Ok; ++I) {
    std::string Usr = D.s();
    auto &G = Program.Globals
                  .emplace_hint(Program.Globals.end(), Usr,
                                std::pair<std::string, sm::Loc>())
                  ->second;
    G.first = D.s();
    D.loc(G.second);
    Defs(GlobalDefs[Usr]);
  }
  size_t NL = D.count();
  for (size_t I = 0; I < NL && D.Ok; ++I) {
    std::string Key = D.s();
    Program.Locks.emplace_hint(Program.Locks.end(), Key, "")->second = D.s();
    Defs(LockDefs[Key]);
  }
  if (!D.Ok || !D.atEnd() || FunctionDefs.size() != Pending.size() ||
      GlobalDefs.size() != Program.Globals.size() ||
      LockDefs.size() != Program.Locks.size())
    return Fail();
  return "";
}

//===----------------------------------------------------------------------===//
// The update
//===----------------------------------------------------------------------===//

namespace {
/// One family of entries (functions, globals, locks): its definers and the
/// entries whose facts are not their winner's.
struct Family {
  llvm::StringMap<llvm::SmallVector<uint32_t, 1>> &Defs;
  llvm::StringSet<> Stale;
};
} // namespace

bool KeptProgram::update(const std::vector<std::string> &Texts,
                         KeptStats &Stats) {
  // The contributions of this run, in plan order of their first text.
  std::vector<Contribution> Now;
  std::vector<size_t> TextOf;
  std::vector<uint32_t> IdOfText(Texts.size(), Gone);
  llvm::StringMap<uint32_t> IdOfHash;
  for (size_t I = 0; I < Texts.size(); ++I) {
    if (Texts[I].empty())
      continue;
    std::string H = sm::hashContent(Texts[I]);
    auto [It, New] = IdOfHash.try_emplace(H, uint32_t(Now.size()));
    if (New) {
      Now.push_back({H, Facts});
      TextOf.push_back(I);
    }
    IdOfText[I] = It->second;
  }
  std::vector<uint32_t> Remap(Contributions.size(), Gone);
  std::vector<bool> Known(Now.size(), false);
  for (size_t J = 0; J < Contributions.size(); ++J) {
    auto It = IdOfHash.find(Contributions[J].Hash);
    if (It == IdOfHash.end()) {
      ++Stats.Removed;
      continue;
    }
    Remap[J] = It->second;
    if (It->second != J)
      Stats.Changed = true;
    Known[It->second] = true;
    Now[It->second].K = Contributions[J].K;
    ++Stats.Kept;
  }
  Contributions = std::move(Now);

  Family Fns{FunctionDefs, {}}, Globals{GlobalDefs, {}}, Locks{LockDefs, {}};
  // Old ids to new; the least definer first; an entry whose facts are not
  // (any more) its winner's is stale.
  auto Renumber = [&](Family &F, auto Erase) {
    std::vector<std::string> Empty;
    for (auto &E : F.Defs) {
      auto &D = E.second;
      uint32_t Holder = D.empty() ? Gone : Remap[D.front()];
      llvm::SmallVector<uint32_t, 1> N;
      for (uint32_t X : D)
        if (Remap[X] != Gone)
          N.push_back(Remap[X]);
      if (N.empty()) {
        Empty.push_back(E.first().str());
        continue;
      }
      std::swap(N.front(), *std::min_element(N.begin(), N.end()));
      if (N.front() != Holder)
        F.Stale.insert(E.first());
      D = std::move(N);
    }
    for (const std::string &K : Empty) {
      F.Defs.erase(K);
      Erase(K);
    }
  };
  Renumber(Fns, [&](const std::string &K) {
    Program.Functions.erase(K);
    Program.DefinedIn.erase(K);
    forget(K);
  });
  Renumber(Globals, [&](const std::string &K) { Program.Globals.erase(K); });
  Renumber(Locks, [&](const std::string &K) { Program.Locks.erase(K); });

  // Adds contribution \p Id as a definer of \p Key; true when it is the
  // winner (the least definer), whose facts the caller then takes.
  auto Define = [](Family &F, llvm::StringRef Key, uint32_t Id) {
    auto &D = F.Defs[Key];
    if (D.empty() || Id < D.front()) {
      if (!D.empty())
        D.push_back(D.front());
      else
        D.push_back(Id);
      D.front() = Id;
      F.Stale.erase(Key);
      return true;
    }
    // Never there yet: a summary names each USR once, and new ids are
    // not kept ones.
    D.push_back(Id);
    return false;
  };
  auto Parse = [](const std::string &Text, sm::Summary &S) {
    auto V = llvm::json::parse(Text);
    if (!V) {
      llvm::consumeError(V.takeError());
      return Unreadable;
    }
    if (V->kind() == llvm::json::Value::Null)
      return Null;
    if (!sm::fromJSON(*V, S).empty())
      return Unreadable;
    return Facts;
  };

  // New texts, in plan order, one at a time: a text that is the least
  // definer of an entry so far is its winner (every kept definer is known,
  // and later new texts come after it).
  for (uint32_t Id = 0; Id < Contributions.size(); ++Id) {
    if (Known[Id])
      continue;
    sm::Summary S;
    Contributions[Id].K = Parse(Texts[TextOf[Id]], S);
    ++Stats.Parsed;
    Stats.ParsedBytes += Texts[TextOf[Id]].size();
    if (Contributions[Id].K != Facts)
      continue;
    for (auto &[Usr, F] : S.Functions)
      if (Define(Fns, Usr, Id)) {
        Program.Functions[Usr] = std::move(F);
        Program.DefinedIn[Usr] = S.TU;
        forget(Usr);
      }
    for (auto &[Usr, G] : S.Globals)
      if (Define(Globals, Usr, Id))
        Program.Globals[Usr] = std::move(G);
    for (auto &[Key, Name] : S.Locks)
      if (Define(Locks, Key, Id))
        Program.Locks[Key] = std::move(Name);
  }

  // What is still stale has an unchanged winner that did not win before
  // (the old one left, or the plan order changed): re-read it.
  struct Needed {
    std::vector<std::string> Fns, Globals, Locks;
  };
  std::map<uint32_t, Needed> Need;
  for (const auto &K : Fns.Stale)
    Need[FunctionDefs[K.getKey()].front()].Fns.push_back(K.getKey().str());
  for (const auto &K : Globals.Stale)
    Need[GlobalDefs[K.getKey()].front()].Globals.push_back(K.getKey().str());
  for (const auto &K : Locks.Stale)
    Need[LockDefs[K.getKey()].front()].Locks.push_back(K.getKey().str());
  for (auto &[Id, N] : Need) {
    sm::Summary S;
    if (Parse(Texts[TextOf[Id]], S) != Facts)
      return false;
    ++Stats.Reread;
    Stats.ParsedBytes += Texts[TextOf[Id]].size();
    for (const std::string &K : N.Fns) {
      auto It = S.Functions.find(K);
      if (It == S.Functions.end())
        return false;
      Program.Functions[K] = std::move(It->second);
      Program.DefinedIn[K] = S.TU;
      forget(K);
    }
    for (const std::string &K : N.Globals) {
      auto It = S.Globals.find(K);
      if (It == S.Globals.end())
        return false;
      Program.Globals[K] = std::move(It->second);
    }
    for (const std::string &K : N.Locks) {
      auto It = S.Locks.find(K);
      if (It == S.Locks.end())
        return false;
      Program.Locks[K] = std::move(It->second);
    }
  }

  if (Stats.Parsed || Stats.Removed || Stats.Reread)
    Stats.Changed = true;
  for (uint32_t Id : IdOfText)
    if (Id != Gone) {
      if (Contributions[Id].K == Facts)
        ++Stats.Summaries;
      else if (Contributions[Id].K == Unreadable)
        ++Stats.Unreadable;
    }
  return true;
}

//===----------------------------------------------------------------------===//
// Decoding what is kept
//===----------------------------------------------------------------------===//

uint32_t KeptProgram::pendingOf(llvm::StringRef Usr) const {
  auto It = std::lower_bound(
      Pending.begin(), Pending.end(), Usr,
      [&](const Encoded &E, llvm::StringRef U) { return Table[E.Usr] < U; });
  return It != Pending.end() && Table[It->Usr] == Usr
             ? uint32_t(It - Pending.begin())
             : Gone;
}

void KeptProgram::forget(llvm::StringRef Usr) {
  uint32_t P = pendingOf(Usr);
  if (P != Gone)
    Pending[P].Alive = false;
}

bool KeptProgram::decodeFacts(const Encoded &E, sm::FunctionFacts &F,
                              std::vector<sm::FileName> &FileCache) {
  Decoder D(llvm::StringRef(*Bytes).slice(E.Begin, E.End), Table, FileCache);
  D.function(F);
  if (!D.Ok || !D.atEnd() || F.Calls.size() != E.CalleesEnd - E.CalleesBegin)
    return false;
  // The frame's callees are the facts' (prune decided by the frame).
  for (size_t J = 0; J < F.Calls.size(); ++J)
    if (F.Calls[J].Usr != Table[Callees[E.CalleesBegin + J]])
      return false;
  return true;
}

bool KeptProgram::materializeAll() {
  for (const Encoded &E : Pending) {
    if (!E.Alive)
      continue;
    std::string Usr = Table[E.Usr].str();
    if (!Table[E.In].empty())
      Program.DefinedIn[Usr] = Table[E.In].str();
    if (!decodeFacts(E, Program.Functions[Usr], Files))
      return false;
  }
  Pending.clear();
  return true;
}

bool KeptProgram::prune() {
  if (Pending.empty()) {
    sm::prune(Program, /*KeepExternal=*/false);
    return true;
  }
  // The nodes: every encoded function (dead ones stay unnumbered callees'
  // targets never reached: they have no callers and are not seeds), then
  // the decoded ones.
  const uint32_t R = uint32_t(Pending.size());
  std::vector<std::pair<const std::string *, sm::FunctionFacts *>> Mat;
  llvm::StringMap<uint32_t> MatOf;
  for (auto &[Usr, F] : Program.Functions) {
    MatOf.try_emplace(Usr, R + uint32_t(Mat.size()));
    Mat.push_back({&Usr, &F});
  }
  const uint32_t N = R + uint32_t(Mat.size());
  auto Node = [&](llvm::StringRef Usr) {
    uint32_t P = pendingOf(Usr);
    if (P != Gone && Pending[P].Alive)
      return P;
    auto M = MatOf.find(Usr);
    return M == MatOf.end() ? Gone : M->second;
  };
  // Each call's callee as a node (Gone: no function of the program),
  // the encoded functions' in Callees' order, then the decoded ones'.
  std::vector<uint32_t> To(Callees.size(), Gone);
  std::vector<uint32_t> MatBegin(Mat.size() + 1, 0);
  // Once per distinct callee (most are called from many places).
  constexpr uint32_t Unset = Gone - 1;
  std::vector<uint32_t> NodeAt(Table.size(), Unset);
  for (const Encoded &E : Pending) {
    if (!E.Alive)
      continue;
    for (uint32_t J = E.CalleesBegin; J < E.CalleesEnd; ++J) {
      uint32_t &M = NodeAt[Callees[J]];
      if (M == Unset) {
        uint32_t P = PendingAt[Callees[J]];
        M = P != Gone && Pending[P].Alive ? P : Node(Table[Callees[J]]);
      }
      To[J] = M;
    }
  }
  for (size_t M = 0; M < Mat.size(); ++M) {
    for (const sm::Call &C : Mat[M].second->Calls)
      To.push_back(Node(C.Usr));
    MatBegin[M + 1] = uint32_t(To.size() - Callees.size());
  }
  auto CallsOf = [&](uint32_t I) -> std::pair<uint32_t, uint32_t> {
    if (I < R)
      return Pending[I].Alive
                 ? std::make_pair(Pending[I].CalleesBegin, Pending[I].CalleesEnd)
                 : std::make_pair(0u, 0u);
    uint32_t Base = uint32_t(Callees.size());
    return {Base + MatBegin[I - R], Base + MatBegin[I - R + 1]};
  };
  // prune's search: backwards from every function with a fact of its own.
  std::vector<uint32_t> First(N + 1, 0);
  for (uint32_t I = 0; I < N; ++I) {
    auto [B, E] = CallsOf(I);
    for (uint32_t J = B; J < E; ++J)
      if (To[J] != Gone)
        ++First[To[J] + 1];
  }
  for (uint32_t I = 0; I < N; ++I)
    First[I + 1] += First[I];
  std::vector<uint32_t> Callers(First[N]), Fill(First.begin(), First.end() - 1);
  std::vector<char> Keep(N, 0);
  std::vector<uint32_t> Work;
  for (uint32_t I = 0; I < N; ++I) {
    auto [B, E] = CallsOf(I);
    for (uint32_t J = B; J < E; ++J)
      if (To[J] != Gone)
        Callers[Fill[To[J]]++] = I;
    bool Seed = I < R ? Pending[I].Alive && Pending[I].Own
                      : sm::hasOwnFacts(*Mat[I - R].second);
    if (Seed) {
      Keep[I] = 1;
      Work.push_back(I);
    }
  }
  while (!Work.empty()) {
    uint32_t U = Work.back();
    Work.pop_back();
    for (uint32_t J = First[U]; J < First[U + 1]; ++J)
      if (!Keep[Callers[J]]) {
        Keep[Callers[J]] = 1;
        Work.push_back(Callers[J]);
      }
  }
  // The calls of a kept function to a dropped or unknown one go.
  auto Trim = [&](sm::FunctionFacts &F, uint32_t B) {
    size_t Out = 0;
    for (size_t J = 0; J < F.Calls.size(); ++J) {
      uint32_t T = To[B + J];
      if (T == Gone || !Keep[T])
        continue;
      if (Out != J)
        F.Calls[Out] = std::move(F.Calls[J]);
      ++Out;
    }
    F.Calls.resize(Out);
  };
  for (uint32_t M = 0; M < Mat.size(); ++M)
    if (Keep[R + M])
      Trim(*Mat[M].second, CallsOf(R + M).first);
  for (uint32_t M = 0; M < Mat.size(); ++M)
    if (!Keep[R + M]) {
      std::string Usr = *Mat[M].first;
      Program.DefinedIn.erase(Usr);
      Program.Functions.erase(Usr);
    }
  // The kept functions' facts are decoded on two threads, which take
  // chunks of them in turn (the records differ in size by orders of
  // magnitude), each with its own file-name cache (FileName interning is
  // thread-safe, the cache is not); then the facts are moved into the
  // program in USR order (encode()'s), so each insertion goes just before
  // the hint, while the other thread fills DefinedIn the same way.
  std::vector<uint32_t> Kept;
  for (uint32_t I = 0; I < R; ++I)
    if (Pending[I].Alive && Keep[I])
      Kept.push_back(I);
  std::vector<sm::FunctionFacts> Facts(Kept.size());
  constexpr size_t Chunk = 256;
  std::atomic<size_t> Next{0};
  std::atomic<bool> Failed{false};
  auto DecodeChunks = [&](std::vector<sm::FileName> &FileCache) {
    for (;;) {
      size_t B = Next.fetch_add(Chunk);
      if (B >= Kept.size() || Failed)
        return;
      for (size_t K = B, E = std::min(B + Chunk, Kept.size()); K < E; ++K) {
        const Encoded &X = Pending[Kept[K]];
        if (!decodeFacts(X, Facts[K], FileCache)) {
          Failed = true;
          return;
        }
        Trim(Facts[K], X.CalleesBegin);
      }
    }
  };
  {
    std::vector<sm::FileName> SideFiles(Files.size());
    std::thread Side([&] { DecodeChunks(SideFiles); });
    DecodeChunks(Files);
    Side.join();
  }
  if (Failed)
    return false;
  std::thread Side([&] {
    auto InHint = Program.DefinedIn.begin();
    for (uint32_t I : Kept)
      if (!Table[Pending[I].In].empty())
        InHint = std::next(Program.DefinedIn.emplace_hint(
            InHint, Table[Pending[I].Usr].str(), Table[Pending[I].In].str()));
  });
  auto FnHint = Program.Functions.begin();
  for (size_t K = 0; K < Kept.size(); ++K) {
    auto It = Program.Functions.emplace_hint(
        FnHint, Table[Pending[Kept[K]].Usr].str(), std::move(Facts[K]));
    FnHint = std::next(It);
  }
  Side.join();
  Pending.clear();
  return true;
}

} // namespace conclint
