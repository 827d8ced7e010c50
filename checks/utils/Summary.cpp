//===-- Summary.cpp - per-TU facts for the project-wide link --------------===//

#include "Summary.h"
#include "utils/Walker.h"
#include "CoroutineContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <deque>
#include <mutex>
#include <set>

namespace clang::tidy::conclint::utils::summary {

using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

FileName::FileName(llvm::StringRef Text) {
  if (Text.empty())
    return;
  // Never freed: the names of the files of one project.
  static std::mutex Lock;
  static llvm::StringSet<> Pool;
  std::lock_guard<std::mutex> G(Lock);
  S = Pool.insert(Text).first->getKey();
}

bool FunctionFacts::empty() const {
  return !Coroutine && !Blocks && BlockingCalls.empty() &&
         CoroutineCalls.empty() && Accesses.empty() && Calls.empty() &&
         Spawns.empty() && LockOrder.empty() && !Joins && !Detaches &&
         Acquires.empty() && !ConcurrentRoot;
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

namespace {

/// An interning table: each distinct string once, records refer to it by
/// index (format 3).
class Table {
public:
  unsigned index(llvm::StringRef F) {
    auto [It, New] = Index.try_emplace(F, unsigned(Items.size()));
    if (New)
      Items.push_back(F.str());
    return It->second;
  }
  const std::vector<std::string> &items() const { return Items; }

private:
  llvm::StringMap<unsigned> Index;
  std::vector<std::string> Items;
};

struct Writer {
  Table Files, Strings;
  Value loc(const Loc &L) {
    if (!L.valid())
      return nullptr;
    return Array{Files.index(L.File), L.Offset, L.Line, L.Column};
  }
  Value str(llvm::StringRef S) { return Strings.index(S); }
};

/// Writes one function's record as json::OStream writes an object (keys in
/// sorted order, no spaces) without building a json::Value: the store of a
/// large program is 130,000 records, and building Values cost 60% of its
/// writing (2.1 s of a warm link of the corpus; 0.8 s now). The table
/// indices are taken first, in the fields' declaration order (the tables
/// number strings as they are first met: the format of the summaries
/// written before, byte for byte), then written in the keys' order.
class RecordWriter {
public:
  explicit RecordWriter(Writer &W) : W(W) {}

  void function(llvm::raw_ostream &OS, const std::string &Usr,
                const FunctionFacts &F, std::optional<llvm::StringRef> TU) {
    FnIx X;
    X.Usr = W.Strings.index(Usr);
    X.Name = W.Strings.index(F.Name);
    X.At = loc(F.At);
    if (F.Blocks) {
      X.BlocksAt = loc(F.Blocks->At);
      X.What = W.Strings.index(F.Blocks->What);
      X.Advice = W.Strings.index(F.Blocks->Advice);
    }
    for (const Call &C : F.BlockingCalls)
      X.BlockingCalls.push_back(call(C));
    for (const Loc &L : F.LocalChain)
      X.LocalChain.push_back(loc(L));
    for (const CoroutineCall &C : F.CoroutineCalls)
      X.CoroutineCalls.push_back(call(C.C));
    for (const Access &A : F.Accesses)
      X.Accesses.push_back(access(A));
    for (const Call &C : F.Calls)
      X.Calls.push_back(call(C));
    for (const Spawn &S : F.Spawns) {
      SpawnIx SX;
      SX.Entry = W.Strings.index(S.Entry);
      SX.Name = W.Strings.index(S.EntryName);
      SX.At = loc(S.At);
      for (const Access &A : S.Window)
        SX.Window.push_back(access(A));
      for (const Call &C : S.WindowCalls)
        SX.WindowCalls.push_back(call(C));
      X.Spawns.push_back(std::move(SX));
    }
    for (const OrderEdge &E : F.LockOrder) {
      EdgeIx EX;
      EX.Held = W.Strings.index(E.Held);
      EX.Acquired = W.Strings.index(E.Acquired);
      EX.HeldAt = loc(E.HeldAt);
      EX.AcquiredAt = loc(E.AcquiredAt);
      EX.AlsoHeld = strings(E.AlsoHeld);
      X.LockOrder.push_back(std::move(EX));
    }
    for (const Acquire &A : F.Acquires) {
      AcquireIx AX;
      AX.Lock = W.Strings.index(A.Lock);
      AX.At = loc(A.At);
      AX.Held = strings(A.Held);
      X.Acquires.push_back(std::move(AX));
    }
    std::optional<unsigned> TUIx;
    if (TU)
      TUIx = W.Files.index(*TU);

    // The keys in sorted order: accesses, acquires, at, blockingCalls,
    // blocks, calls, concurrentRoot, coroutine, coroutineCalls, detaches,
    // joins, lambda, localChain, lockOrder, name, spawns, tu, usr.
    OS << '{';
    Sep = "";
    list(OS, "accesses", X.Accesses,
         [&](const AccessIx &A) { putAccess(OS, A); });
    list(OS, "acquires", X.Acquires, [&](const AcquireIx &A) {
      OS << "{\"at\":";
      putLoc(OS, A.At);
      putOptional(OS, ",\"held\":", A.Held);
      OS << ",\"lock\":" << A.Lock << '}';
    });
    key(OS, "at");
    putLoc(OS, X.At);
    list(OS, "blockingCalls", X.BlockingCalls,
         [&](const CallIx &C) { putCall(OS, C, nullptr); });
    if (F.Blocks) {
      key(OS, "blocks");
      OS << "{\"advice\":" << X.Advice << ",\"at\":";
      putLoc(OS, X.BlocksAt);
      OS << ",\"what\":" << X.What << '}';
    }
    list(OS, "calls", X.Calls,
         [&](const CallIx &C) { putCall(OS, C, nullptr); });
    if (F.ConcurrentRoot) {
      key(OS, "concurrentRoot");
      OS << "true";
    }
    if (F.Coroutine) {
      key(OS, "coroutine");
      OS << "true";
    }
    size_t I = 0;
    list(OS, "coroutineCalls", X.CoroutineCalls, [&](const CallIx &C) {
      unsigned B = F.CoroutineCalls[I++].Budget;
      putCall(OS, C, B != UINT_MAX ? &B : nullptr);
    });
    if (F.Detaches) {
      key(OS, "detaches");
      OS << F.Detaches;
    }
    if (F.Joins) {
      key(OS, "joins");
      OS << F.Joins;
    }
    if (F.Lambda) {
      key(OS, "lambda");
      OS << "true";
    }
    list(OS, "localChain", X.LocalChain,
         [&](const LocIx &L) { putLoc(OS, L); });
    list(OS, "lockOrder", X.LockOrder, [&](const EdgeIx &E) {
      OS << "{\"acquired\":" << E.Acquired << ",\"acquiredAt\":";
      putLoc(OS, E.AcquiredAt);
      putOptional(OS, ",\"alsoHeld\":", E.AlsoHeld);
      OS << ",\"held\":" << E.Held << ",\"heldAt\":";
      putLoc(OS, E.HeldAt);
      OS << '}';
    });
    key(OS, "name");
    OS << X.Name;
    size_t K = 0;
    list(OS, "spawns", X.Spawns, [&](const SpawnIx &S) {
      OS << "{\"at\":";
      putLoc(OS, S.At);
      OS << ",\"entry\":" << S.Entry << ",\"name\":" << S.Name;
      if (F.Spawns[K++].Repeats)
        OS << ",\"repeats\":true";
      if (!S.Window.empty()) {
        OS << ",\"window\":";
        array(OS, S.Window, [&](const AccessIx &A) { putAccess(OS, A); });
      }
      if (!S.WindowCalls.empty()) {
        OS << ",\"windowCalls\":";
        array(OS, S.WindowCalls,
              [&](const CallIx &C) { putCall(OS, C, nullptr); });
      }
      OS << '}';
    });
    if (TUIx) {
      key(OS, "tu");
      OS << *TUIx;
    }
    key(OS, "usr");
    OS << X.Usr;
    OS << '}';
  }

private:
  struct LocIx {
    bool Valid = false;
    unsigned File = 0, Offset = 0, Line = 0, Column = 0;
  };
  using Ixs = llvm::SmallVector<unsigned, 2>;
  struct CallIx {
    unsigned Usr = 0, Name = 0;
    LocIx At;
    Ixs Held;
  };
  struct AccessIx {
    unsigned Var = 0, Path = 0;
    LocIx At;
    bool Write = false;
    Ixs Held;
  };
  struct SpawnIx {
    unsigned Entry = 0, Name = 0;
    LocIx At;
    std::vector<AccessIx> Window;
    std::vector<CallIx> WindowCalls;
  };
  struct EdgeIx {
    unsigned Held = 0, Acquired = 0;
    LocIx HeldAt, AcquiredAt;
    Ixs AlsoHeld;
  };
  struct AcquireIx {
    unsigned Lock = 0;
    LocIx At;
    Ixs Held;
  };
  struct FnIx {
    unsigned Usr = 0, Name = 0, What = 0, Advice = 0;
    LocIx At, BlocksAt;
    std::vector<CallIx> BlockingCalls, CoroutineCalls, Calls;
    std::vector<LocIx> LocalChain;
    std::vector<AccessIx> Accesses;
    std::vector<SpawnIx> Spawns;
    std::vector<EdgeIx> LockOrder;
    std::vector<AcquireIx> Acquires;
  };

  LocIx loc(const Loc &L) {
    LocIx X;
    if (!L.valid())
      return X;
    X.Valid = true;
    X.File = W.Files.index(L.File);
    X.Offset = L.Offset;
    X.Line = L.Line;
    X.Column = L.Column;
    return X;
  }
  Ixs strings(const std::vector<std::string> &V) {
    Ixs Out;
    for (const std::string &S : V)
      Out.push_back(W.Strings.index(S));
    return Out;
  }
  CallIx call(const Call &C) {
    CallIx X;
    X.Usr = W.Strings.index(C.Usr);
    X.Name = W.Strings.index(C.Name);
    X.At = loc(C.At);
    X.Held = strings(C.Held);
    return X;
  }
  AccessIx access(const Access &A) {
    AccessIx X;
    X.Var = W.Strings.index(A.Var);
    X.Path = W.Strings.index(A.Path);
    X.At = loc(A.At);
    X.Write = A.Write;
    X.Held = strings(A.Held);
    return X;
  }

  void key(llvm::raw_ostream &OS, const char *K) {
    OS << Sep << '"' << K << "\":";
    Sep = ",";
  }
  template <typename T, typename Fn>
  void list(llvm::raw_ostream &OS, const char *K, const std::vector<T> &V,
            Fn Put) {
    if (V.empty())
      return;
    key(OS, K);
    array(OS, V, Put);
  }
  /// [Put(V[0]),Put(V[1]),...]
  template <typename VecT, typename Fn>
  static void array(llvm::raw_ostream &OS, const VecT &V, Fn Put) {
    OS << '[';
    for (size_t I = 0; I < V.size(); ++I) {
      if (I)
        OS << ',';
      Put(V[I]);
    }
    OS << ']';
  }
  static void putLoc(llvm::raw_ostream &OS, const LocIx &L) {
    if (!L.Valid) {
      OS << "null";
      return;
    }
    OS << '[' << L.File << ',' << L.Offset << ',' << L.Line << ','
       << L.Column << ']';
  }
  /// \p Key (with its separator) and the indices, unless there are none.
  static void putOptional(llvm::raw_ostream &OS, const char *Key,
                          const Ixs &V) {
    if (V.empty())
      return;
    OS << Key;
    array(OS, V, [&](unsigned X) { OS << X; });
  }
  static void putCall(llvm::raw_ostream &OS, const CallIx &C,
                      const unsigned *Budget) {
    OS << "{\"at\":";
    putLoc(OS, C.At);
    if (Budget)
      OS << ",\"budget\":" << *Budget;
    putOptional(OS, ",\"held\":", C.Held);
    OS << ",\"name\":" << C.Name << ",\"usr\":" << C.Usr << '}';
  }
  static void putAccess(llvm::raw_ostream &OS, const AccessIx &A) {
    OS << "{\"at\":";
    putLoc(OS, A.At);
    putOptional(OS, ",\"held\":", A.Held);
    OS << ",\"path\":" << A.Path << ",\"var\":" << A.Var;
    if (A.Write)
      OS << ",\"write\":true";
    OS << '}';
  }

  Writer &W;
  const char *Sep = "";
};

struct Reader {
  std::vector<FileName> Files;
  std::vector<std::string> Strings;
  bool Ok = true;

  bool loc(const Value *V, Loc &L) {
    if (!V || V->kind() == Value::Null)
      return true;
    const Array *A = V->getAsArray();
    if (!A || A->size() != 4)
      return Ok = false;
    auto I = (*A)[0].getAsInteger();
    auto O = (*A)[1].getAsInteger(), Ln = (*A)[2].getAsInteger(),
         C = (*A)[3].getAsInteger();
    if (!I || !O || !Ln || !C || *I < 0 || size_t(*I) >= Files.size() ||
        *O < 0 || *Ln < 0 || *C < 0)
      return Ok = false;
    L.File = Files[*I];
    L.Offset = unsigned(*O);
    L.Line = unsigned(*Ln);
    L.Column = unsigned(*C);
    return true;
  }
  /// A string of the table, by index.
  std::string at(const Value &V) {
    auto I = V.getAsInteger();
    if (!I || *I < 0 || size_t(*I) >= Strings.size()) {
      Ok = false;
      return "";
    }
    return Strings[*I];
  }
  std::string str(const Object &O, llvm::StringRef K) {
    if (const Value *V = O.get(K))
      return at(*V);
    return "";
  }
  std::vector<std::string> strings(const Object &O, llvm::StringRef K) {
    std::vector<std::string> Out;
    if (const Value *V = O.get(K)) {
      const Array *A = V->getAsArray();
      if (!A)
        Ok = false;
      else
        for (const Value &X : *A)
          Out.push_back(at(X));
    }
    return Out;
  }
  template <typename F> void each(const Object &O, llvm::StringRef K, F Fn) {
    const Value *V = O.get(K);
    if (!V)
      return;
    const Array *A = V->getAsArray();
    if (!A) {
      Ok = false;
      return;
    }
    for (const Value &X : *A) {
      const Object *XO = X.getAsObject();
      if (!XO) {
        Ok = false;
        return;
      }
      Fn(*XO);
    }
  }
  Call call(const Object &O) {
    Call C;
    C.Usr = str(O, "usr");
    C.Name = str(O, "name");
    loc(O.get("at"), C.At);
    C.Held = strings(O, "held");
    return C;
  }
  Access access(const Object &O) {
    Access A;
    A.Var = str(O, "var");
    A.Path = str(O, "path");
    A.Write = O.getBoolean("write").value_or(false);
    A.Held = strings(O, "held");
    loc(O.get("at"), A.At);
    return A;
  }
  FunctionFacts function(const Object &O) {
    FunctionFacts F;
    F.Name = str(O, "name");
    loc(O.get("at"), F.At);
    F.Coroutine = O.getBoolean("coroutine").value_or(false);
    F.Lambda = O.getBoolean("lambda").value_or(false);
    if (const Object *B = O.getObject("blocks")) {
      BlockRoot R;
      loc(B->get("at"), R.At);
      R.What = str(*B, "what");
      R.Advice = str(*B, "advice");
      F.Blocks = R;
    }
    each(O, "blockingCalls", [&](const Object &X) { F.BlockingCalls.push_back(call(X)); });
    if (const Array *A = O.getArray("localChain"))
      for (const Value &X : *A) {
        Loc L;
        loc(&X, L);
        F.LocalChain.push_back(L);
      }
    each(O, "coroutineCalls", [&](const Object &X) {
      CoroutineCall C;
      C.C = call(X);
      if (auto B = X.getInteger("budget"))
        C.Budget = *B < 0 ? 0 : unsigned(*B);
      F.CoroutineCalls.push_back(C);
    });
    each(O, "accesses", [&](const Object &X) { F.Accesses.push_back(access(X)); });
    each(O, "calls", [&](const Object &X) { F.Calls.push_back(call(X)); });
    each(O, "spawns", [&](const Object &X) {
      Spawn S;
      S.Entry = str(X, "entry");
      S.EntryName = str(X, "name");
      loc(X.get("at"), S.At);
      S.Repeats = X.getBoolean("repeats").value_or(false);
      each(X, "window", [&](const Object &Y) { S.Window.push_back(access(Y)); });
      each(X, "windowCalls", [&](const Object &Y) { S.WindowCalls.push_back(call(Y)); });
      F.Spawns.push_back(std::move(S));
    });
    each(O, "lockOrder", [&](const Object &X) {
      OrderEdge E;
      E.Held = str(X, "held");
      E.Acquired = str(X, "acquired");
      loc(X.get("heldAt"), E.HeldAt);
      loc(X.get("acquiredAt"), E.AcquiredAt);
      E.AlsoHeld = strings(X, "alsoHeld");
      F.LockOrder.push_back(E);
    });
    each(O, "acquires", [&](const Object &X) {
      Acquire A;
      A.Lock = str(X, "lock");
      loc(X.get("at"), A.At);
      A.Held = strings(X, "held");
      F.Acquires.push_back(A);
    });
    F.ConcurrentRoot = O.getBoolean("concurrentRoot").value_or(false);
    F.Joins = unsigned(O.getInteger("joins").value_or(0));
    F.Detaches = unsigned(O.getInteger("detaches").value_or(0));
    return F;
  }
};

const char *versionKey(bool Store) {
  return Store ? "conclintSummaryStore" : "conclintSummary";
}

} // namespace

void writeJSON(llvm::raw_ostream &OS, const Summary &S, bool Store) {
  // One function's value at a time: the document is never held as a
  // json::Value, which costs tens of times its text (a merged store of a
  // large project would not fit in memory). The file and string tables fill
  // while the records are written, so the records go to a buffer first.
  Writer W;
  std::string Fns, Globals;
  {
    llvm::raw_string_ostream FOS(Fns);
    RecordWriter R(W);
    FOS << '[';
    bool First = true;
    for (const auto &[Usr, F] : S.Functions) {
      if (!First)
        FOS << ',';
      First = false;
      std::optional<llvm::StringRef> TU;
      if (Store) {
        auto It = S.DefinedIn.find(Usr);
        if (It != S.DefinedIn.end())
          TU = It->second;
      }
      R.function(FOS, Usr, F, TU);
    }
    FOS << ']';
  }
  {
    llvm::raw_string_ostream GOS(Globals);
    llvm::json::OStream J(GOS);
    J.array([&] {
      for (const auto &[Usr, G] : S.Globals)
        J.value(Object{{"var", W.str(Usr)},
                       {"name", W.str(G.first)},
                       {"at", W.loc(G.second)}});
    });
  }
  unsigned TU = Store ? 0 : W.Files.index(S.TU);
  std::vector<std::pair<unsigned, unsigned>> Locks;
  for (const auto &[Key, Name] : S.Locks)
    Locks.push_back({W.Strings.index(Key), W.Strings.index(Name)});
  llvm::json::OStream J(OS);
  J.object([&] {
    J.attribute(versionKey(Store), FormatVersion);
    J.attributeArray("files", [&] {
      for (const std::string &F : W.Files.items())
        J.value(F);
    });
    if (Store) {
      // Parallel to "files": the content each file's facts were taken from.
      J.attributeArray("hashes", [&] {
        for (const std::string &F : W.Files.items()) {
          auto It = S.FileHashes.find(F);
          J.value(It == S.FileHashes.end() ? "" : It->second);
        }
      });
    }
    J.attributeArray("strings", [&] {
      for (const std::string &X : W.Strings.items())
        J.value(X);
    });
    J.attributeBegin("functions");
    J.rawValue(Fns);
    J.attributeEnd();
    J.attributeBegin("globals");
    J.rawValue(Globals);
    J.attributeEnd();
    if (!Locks.empty())
      J.attributeArray("locks", [&] {
        for (auto [Key, Name] : Locks)
          J.value(Array{Key, Name});
      });
    if (!Store)
      J.attribute("tu", TU);
  });
}

std::string toText(const Summary &S, bool Store) {
  std::string Text;
  llvm::raw_string_ostream OS(Text);
  writeJSON(OS, S, Store);
  return Text;
}

Value toJSON(const Summary &S, bool Store) {
  auto V = llvm::json::parse(toText(S, Store));
  assert(V && "writeJSON writes valid JSON");
  return V ? std::move(*V) : Value(nullptr);
}

std::string fromJSON(const Value &V, Summary &S, bool Store) {
  const Object *O = V.getAsObject();
  if (!O)
    return "not a conclint summary";
  auto Version = O->getInteger(versionKey(Store));
  if (!Version)
    return Store ? "not a conclint summary store" : "not a conclint summary";
  if (*Version != FormatVersion)
    return "summary format " + std::to_string(*Version) +
           "; this conclint reads format " + std::to_string(FormatVersion);
  Reader R;
  const Array *Files = O->getArray("files");
  const Array *Strings = O->getArray("strings");
  const Array *Fns = O->getArray("functions");
  const Array *Globals = O->getArray("globals");
  if (!Files || !Strings || !Fns || !Globals)
    return "malformed summary";
  for (const Value &F : *Files) {
    auto P = F.getAsString();
    if (!P)
      return "malformed summary";
    R.Files.push_back(FileName(*P));
  }
  R.Strings.reserve(Strings->size());
  for (const Value &X : *Strings) {
    auto P = X.getAsString();
    if (!P)
      return "malformed summary";
    R.Strings.push_back(P->str());
  }
  if (Store) {
    const Array *Hashes = O->getArray("hashes");
    if (!Hashes || Hashes->size() != R.Files.size())
      return "malformed summary store";
    for (size_t I = 0; I < Hashes->size(); ++I) {
      auto H = (*Hashes)[I].getAsString();
      if (!H)
        return "malformed summary store";
      if (!H->empty())
        S.FileHashes[R.Files[I].str()] = H->str();
    }
  }
  if (!Store) {
    auto TU = O->getInteger("tu");
    if (!TU || *TU < 0 || size_t(*TU) >= R.Files.size())
      return "malformed summary";
    S.TU = R.Files[*TU].str();
  }
  for (const Value &FV : *Fns) {
    const Object *FO = FV.getAsObject();
    const Value *U = FO ? FO->get("usr") : nullptr;
    if (!U)
      return "malformed summary";
    std::string Usr = R.at(*U);
    if (Usr.empty())
      return "malformed summary";
    S.Functions[Usr] = R.function(*FO);
    if (Store) {
      auto TU = FO->getInteger("tu");
      if (TU && *TU >= 0 && size_t(*TU) < R.Files.size())
        S.DefinedIn[Usr] = R.Files[*TU].str();
    }
  }
  for (const Value &GV : *Globals) {
    const Object *GO = GV.getAsObject();
    const Value *U = GO ? GO->get("var") : nullptr;
    if (!U)
      return "malformed summary";
    Loc L;
    R.loc(GO->get("at"), L);
    S.Globals[R.at(*U)] = {R.str(*GO, "name"), L};
  }
  if (const Value *LV = O->get("locks")) {
    const Array *LA = LV->getAsArray();
    if (!LA)
      return "malformed summary";
    for (const Value &X : *LA) {
      const Array *P = X.getAsArray();
      if (!P || P->size() != 2)
        return "malformed summary";
      std::string Key = R.at((*P)[0]);
      S.Locks[Key] = R.at((*P)[1]);
    }
  }
  if (!R.Ok)
    return "malformed summary";
  return "";
}

void rebaseFiles(Value &V, const std::function<std::string(llvm::StringRef)> &Map) {
  Object *O = V.getAsObject();
  if (!O)
    return;
  if (Array *Files = O->getArray("files"))
    for (Value &F : *Files)
      if (auto P = F.getAsString())
        F = Map(*P);
}

void rebaseFiles(std::string &Text,
                 const std::function<std::string(llvm::StringRef)> &Map) {
  if (Text.empty())
    return;
  auto V = llvm::json::parse(Text);
  if (!V) {
    llvm::consumeError(V.takeError());
    return;
  }
  rebaseFiles(*V, Map);
  Text.clear();
  llvm::raw_string_ostream OS(Text);
  OS << *V;
}

bool hasOwnFacts(const FunctionFacts &F) {
  return F.Coroutine || F.Blocks || !F.BlockingCalls.empty() ||
         !F.LocalChain.empty() || !F.CoroutineCalls.empty() ||
         !F.Accesses.empty() || !F.Spawns.empty() || !F.LockOrder.empty() ||
         F.Joins || F.Detaches || !F.Acquires.empty() || F.ConcurrentRoot;
}

void markCallers(const std::vector<std::vector<unsigned>> &Callers,
                 std::vector<char> &Mark) {
  std::vector<unsigned> Work;
  for (unsigned I = 0; I < Mark.size(); ++I)
    if (Mark[I])
      Work.push_back(I);
  while (!Work.empty()) {
    unsigned U = Work.back();
    Work.pop_back();
    for (unsigned C : Callers[U])
      if (!Mark[C]) {
        Mark[C] = 1;
        Work.push_back(C);
      }
  }
}

void prune(Summary &S, bool KeepExternal) {
  auto Own = hasOwnFacts;
  // Functions by dense number (a merged program has tens of thousands: the
  // warm link runs this on every run, so no string-keyed trees here).
  const size_t N = S.Functions.size();
  llvm::StringMap<unsigned> Number(unsigned(N) + 1);
  std::vector<FunctionFacts *> Fns;
  Fns.reserve(N);
  for (auto &[Usr, F] : S.Functions) {
    Number.try_emplace(Usr, unsigned(Fns.size()));
    Fns.push_back(&F);
  }
  auto NumberOf = [&](const std::string &Usr) {
    auto It = Number.find(Usr);
    return It == Number.end() ? -1 : int(It->second);
  };
  // Backwards from every function with a fact of its own, over the calls.
  std::vector<std::vector<unsigned>> Callers(N);
  std::vector<char> Keep(N, 0);
  for (unsigned I = 0; I < N; ++I) {
    bool Seed = Own(*Fns[I]);
    for (const Call &C : Fns[I]->Calls) {
      int Callee = NumberOf(C.Usr);
      if (Callee >= 0)
        Callers[Callee].push_back(I);
      else if (KeepExternal)
        Seed = true;
    }
    if (Seed)
      Keep[I] = 1;
  }
  markCallers(Callers, Keep);
  for (unsigned I = 0; I < N; ++I)
    if (Keep[I])
      llvm::erase_if(Fns[I]->Calls, [&](const Call &C) {
        int Callee = NumberOf(C.Usr);
        return Callee >= 0 ? !Keep[Callee] : !KeepExternal;
      });
  unsigned I = 0;
  for (auto It = S.Functions.begin(); It != S.Functions.end(); ++I) {
    if (Keep[I]) {
      ++It;
      continue;
    }
    S.DefinedIn.erase(It->first);
    It = S.Functions.erase(It);
  }
}

void mergeInto(Summary &Into, const Summary &From) {
  for (const auto &[Usr, F] : From.Functions)
    if (Into.Functions.emplace(Usr, F).second)
      Into.DefinedIn[Usr] = From.TU.empty() ? From.DefinedIn.count(Usr)
                                                  ? From.DefinedIn.at(Usr)
                                                  : ""
                                            : From.TU;
  for (const auto &[Usr, G] : From.Globals)
    Into.Globals.emplace(Usr, G);
  for (const auto &[Key, Name] : From.Locks)
    Into.Locks.emplace(Key, Name);
}

//===----------------------------------------------------------------------===//
// Collection
//===----------------------------------------------------------------------===//

static std::string absoluteName(const SourceManager &SM, FileEntryRef FE) {
  llvm::SmallString<256> Path(FE.getName());
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

Loc locOf(const SourceManager &SM, SourceLocation L) {
  Loc Out;
  L = SM.getFileLoc(L);
  if (L.isInvalid())
    return Out;
  FileID FID = SM.getFileID(L);
  OptionalFileEntryRef FE = SM.getFileEntryRefForID(FID);
  if (!FE)
    return Out;
  // The file as the compiler named it, made absolute: the spelling of the
  // driver's findings (a sandbox's symbolic links are not resolved).
  Out.File = absoluteName(SM, *FE);
  Out.Offset = SM.getFileOffset(L);
  Out.Line = SM.getSpellingLineNumber(L);
  Out.Column = SM.getSpellingColumnNumber(L);
  return Out;
}

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> USR;
  if (!D || index::generateUSRForDecl(D, USR))
    return "";
  // A template instantiation's USR spells every argument (half of those of
  // the corpus are longer than 500 bytes); past MaxUsrLength it is
  // replaced by its 128-bit hash, the same in every TU.
  if (USR.size() > MaxUsrLength)
    return "h:" + hashContent(USR);
  return std::string(USR);
}

Sink &Sink::get() {
  static Sink S;
  return S;
}

Summary Sink::take() {
  Summary Out = std::move(S);
  S = Summary();
  return Out;
}

const FunctionDecl *calleeDefinedElsewhere(const CallExpr *Call,
                                           const SourceManager &SM) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || definitionOf(FD))
    return nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD))
    if (MD->getParent()->isLambda() || MD->isVirtual())
      return nullptr; // a virtual call may run any override
  if (!FD->isExternallyVisible() || SM.isInSystemHeader(FD->getLocation()))
    return nullptr;
  return FD->getCanonicalDecl();
}

std::string hashContent(llvm::StringRef Content) {
  llvm::XXH128_hash_t H =
      llvm::xxh3_128bits(llvm::arrayRefFromStringRef(Content));
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::format_hex_no_prefix(H.high64, 16)
     << llvm::format_hex_no_prefix(H.low64, 16);
  return Out;
}

namespace {
class Definitions : public Walker {
public:
  explicit Definitions(const SourceManager &SM) : SM(SM) {}
  bool shouldVisitTemplateInstantiations() const override { return true; }
  bool shouldVisitImplicitCode() const override { return false; }
  bool TraverseDecl(Decl *D) override {
    if (D && !isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
        SM.isInSystemHeader(D->getLocation()))
      return true;
    return Walker::TraverseDecl(D);
  }
  bool VisitFunctionDecl(FunctionDecl *FD) override {
    if (FD->doesThisDeclarationHaveABody() && !FD->isDependentContext() &&
        !FD->isImplicit())
      Out.push_back(FD);
    return true;
  }
  std::vector<const FunctionDecl *> Out;

private:
  const SourceManager &SM;
};
} // namespace

std::vector<const FunctionDecl *> definitionsOf(ASTContext &Ctx) {
  Definitions Defs(Ctx.getSourceManager());
  Defs.TraverseDecl(Ctx.getTranslationUnitDecl());
  return std::move(Defs.Out);
}

std::string mainFileOf(const SourceManager &SM) {
  return locOf(SM, SM.getLocForStartOfFile(SM.getMainFileID())).File.str();
}

Summary collectBlocking(const BlockingTU &B, ASTContext &Ctx) {
  Summary Out;
  if (!B.Facts)
    return Out;
  const SourceManager &SM = Ctx.getSourceManager();
  Out.TU = mainFileOf(SM);
  const std::vector<const FunctionDecl *> Defs = definitionsOf(Ctx);

  // "Open": may block through a callee defined elsewhere. A fixpoint over
  // the family's own call sites (the core read each body once).
  llvm::DenseMap<const FunctionDecl *, bool> Open;
  llvm::DenseMap<const FunctionDecl *, std::vector<const FunctionDecl *>> Callers;
  std::deque<const FunctionDecl *> Work;
  for (const FunctionDecl *FD : Defs) {
    const FunctionDecl *Def = definitionOf(FD);
    // Calling a coroutine only creates it: not a step of a blocking chain.
    if (!Def || Open.count(Def) || isCoroutine(Def))
      continue;
    Open[Def] = false;
    for (const Site &S : B.Facts->sites(Def)) {
      if (S.Root || !S.Call.Callee)
        continue;
      if (const FunctionDecl *CD = definitionOf(S.Call.Callee))
        Callers[CD].push_back(Def);
      else
        Open[Def] = true;
    }
    if (Open[Def])
      Work.push_back(Def);
  }
  while (!Work.empty()) {
    const FunctionDecl *F = Work.front();
    Work.pop_front();
    for (const FunctionDecl *C : Callers.lookup(F))
      if (auto It = Open.find(C); It != Open.end() && !It->second) {
        It->second = true;
        Work.push_back(C);
      }
  }
  auto IsOpen = [&](const FunctionDecl *FD) {
    const FunctionDecl *Def = definitionOf(FD);
    return !Def || Open.lookup(Def);
  };

  auto Facts = [&](const FunctionDecl *Def) -> FunctionFacts & {
    std::string Usr = usrOf(Def);
    FunctionFacts &F = Out.Functions[Usr];
    if (F.Name.empty()) {
      F.Name = coroutineDisplayName(Def);
      F.At = locOf(SM, Def->getLocation());
      F.Coroutine = isCoroutine(Def);
      if (const auto *MD = dyn_cast<CXXMethodDecl>(Def))
        F.Lambda = MD->getParent()->isLambda();
    }
    return F;
  };
  auto CallOf = [&](const CallStep &S) {
    Call C;
    C.Usr = usrOf(definitionOf(S.Callee) ? definitionOf(S.Callee) : S.Callee);
    C.Name = coroutineDisplayName(S.Callee);
    C.At = locOf(SM, S.Call->getBeginLoc());
    return C;
  };

  for (const auto &[Def, IsOpenDef] : Open) {
    if (SM.isInSystemHeader(Def->getLocation()) || usrOf(Def).empty())
      continue;
    const FactSummary &FS = B.Facts->get(Def);
    if (!FS.Holds && !IsOpenDef)
      continue;
    FunctionFacts &F = Facts(Def);
    if (FS.Holds) {
      CallChain C = B.Facts->chainFrom(Def);
      for (const CallStep &S : C.Steps)
        F.LocalChain.push_back(locOf(SM, S.Call->getBeginLoc()));
      F.LocalChain.push_back(locOf(SM, C.Root->getBeginLoc()));
      if (FS.Depth == 0) {
        auto [What, Advice] = B.Describe(FS.Payload);
        F.Blocks = BlockRoot{locOf(SM, FS.Root->getBeginLoc()), What, Advice};
      } else {
        F.BlockingCalls.push_back(CallOf(FS.Via));
      }
    }
    if (IsOpenDef)
      for (const Site &S : B.Facts->sites(Def))
        if (!S.Root && S.Call.Callee && IsOpen(S.Call.Callee) &&
            !(FS.Holds && FS.Depth > 0 && S.Call.Call == FS.Via.Call))
          F.BlockingCalls.push_back(CallOf(S.Call));
  }
  for (const BlockingTU::CoroCall &CC : B.CoroutineCalls) {
    if (!IsOpen(CC.Callee) || usrOf(CC.Coro).empty())
      continue;
    // A callee that already blocks here is the check's own finding.
    if (definitionOf(CC.Callee) && B.Facts->get(CC.Callee).Holds)
      continue;
    CoroutineCall X;
    X.C = CallOf({CC.Call, CC.Callee});
    X.Budget = CC.Budget;
    Facts(CC.Coro).CoroutineCalls.push_back(X);
  }
  return Out;
}

void finishBlocking(const BlockingTU &B, ASTContext &Ctx, const Summary *Store,
                    const std::function<void(const LinkFinding &)> &Report) {
  Sink &K = Sink::get();
  bool Link = Store && !B.CoroutineCalls.empty();
  if ((!K.enabled() && !Link) ||
      Ctx.getDiagnostics().hasUncompilableErrorOccurred())
    return;
  Summary Mine = collectBlocking(B, Ctx);
  if (K.enabled()) {
    if (K.current().TU.empty())
      K.current().TU = Mine.TU;
    for (auto &[Usr, F] : Mine.Functions) {
      FunctionFacts &Into = K.current().Functions[Usr];
      if (Into.Name.empty()) {
        Into.Name = F.Name;
        Into.At = F.At;
        Into.Coroutine = F.Coroutine;
        Into.Lambda = F.Lambda;
      }
      Into.Blocks = F.Blocks;
      Into.BlockingCalls = F.BlockingCalls;
      Into.LocalChain = F.LocalChain;
      Into.CoroutineCalls = F.CoroutineCalls;
    }
  }
  if (!Link)
    return;
  for (const LinkFinding &X : linkBlockingInCoroutines(
           withStore(std::move(Mine), *Store, Ctx.getSourceManager())))
    Report(X);
}

Summary withStore(Summary Mine, const Summary &Store, const SourceManager &SM) {
  llvm::StringSet<> Own = filesOfTU(SM);
  llvm::StringMap<bool> Fresh;
  auto IsFresh = [&](llvm::StringRef File) {
    auto [It, New] = Fresh.try_emplace(File, false);
    if (New) {
      auto H = Store.FileHashes.find(File.str());
      auto Buf = llvm::MemoryBuffer::getFile(File);
      It->second = H != Store.FileHashes.end() && Buf &&
                   hashContent((*Buf)->getBuffer()) == H->second;
    }
    return It->second;
  };
  Summary Program = std::move(Mine);
  for (const auto &[Usr, F] : Program.Functions)
    Program.DefinedIn[Usr] = Program.TU;
  for (const auto &[Usr, F] : Store.Functions) {
    if (Program.Functions.count(Usr) || Own.contains(F.At.File) ||
        !IsFresh(F.At.File))
      continue;
    // Every location of a stored fact lies in its function's file.
    Program.Functions.emplace(Usr, F);
    auto D = Store.DefinedIn.find(Usr);
    if (D != Store.DefinedIn.end())
      Program.DefinedIn[Usr] = D->second;
  }
  for (const auto &[Key, Name] : Store.Locks)
    Program.Locks.emplace(Key, Name);
  return Program;
}

std::shared_ptr<const Summary>
storeToLinkWith(ASTContext &Ctx, llvm::StringRef Configured,
                std::string BuildDir,
                const std::function<void(const std::string &)> &Warn) {
  if (Sink::get().enabled() ||
      Ctx.getDiagnostics().hasUncompilableErrorOccurred())
    return nullptr;
  return loadStoreForTU(Configured, std::move(BuildDir),
                        Ctx.getSourceManager(), Warn);
}

std::shared_ptr<const Summary>
loadStoreForTU(llvm::StringRef Configured, std::string BuildDir,
               const SourceManager &SM,
               const std::function<void(const std::string &)> &Warn) {
  OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
  // clang-tidy names the compile command's directory; clangd does not, but
  // runs the TU in that directory.
  if (BuildDir.empty())
    if (auto CWD = SM.getFileManager()
                       .getVirtualFileSystem()
                       .getCurrentWorkingDirectory())
      BuildDir = *CWD;
  return loadStore(Configured, BuildDir, Main ? Main->getName() : StringRef(),
                   Warn);
}

//===----------------------------------------------------------------------===//
// The link
//===----------------------------------------------------------------------===//

BlockingLink::BlockingLink(const Summary &S,
                           std::function<bool(const std::string &)> Skip)
    : S(S) {
  // Least depth first from every local witness, backwards over the calls.
  // (USRs as references into S: a merged program has hundreds of
  // thousands of calls, and the warm link runs this on every run.)
  llvm::StringMap<llvm::SmallVector<std::pair<llvm::StringRef, int>, 1>>
      Callers;
  std::deque<llvm::StringRef> Work;
  for (const auto &[Usr, F] : S.Functions) {
    if ((Skip && Skip(Usr)) || F.Coroutine)
      continue;
    for (size_t I = 0; I < F.BlockingCalls.size(); ++I)
      Callers[F.BlockingCalls[I].Usr].push_back({Usr, int(I)});
    if (F.Blocks) {
      Best[Usr] = {0, -1};
      Work.push_back(Usr);
    }
  }
  while (!Work.empty()) {
    llvm::StringRef U = Work.front();
    Work.pop_front();
    unsigned D = Best[U].first;
    auto It = Callers.find(U);
    if (It == Callers.end())
      continue;
    for (const auto &[Caller, I] : It->second)
      if (!Best.count(Caller)) {
        Best[Caller] = {D + 1, I};
        Work.push_back(Caller);
      }
  }
}

std::optional<LinkedChain> BlockingLink::chain(const std::string &Usr) const {
  auto It = Best.find(Usr);
  if (It == Best.end())
    return std::nullopt;
  LinkedChain C;
  std::string U = Usr;
  for (;;) {
    const FunctionFacts &F = S.Functions.at(U);
    auto [Depth, I] = Best.lookup(U);
    if (I < 0) {
      C.Root = *F.Blocks;
      C.RootFunction = F.Name;
      return C;
    }
    const Call &Next = F.BlockingCalls[I];
    C.Steps.push_back({F.Name, Next.Name, Next.At});
    U = Next.Usr;
    (void)Depth;
  }
}

static std::string blockingMessage(const std::string &Callee, bool Lambda,
                                   const std::string &Coro,
                                   const BlockRoot &R) {
  return "call to '" + Callee + "' in " +
         (Lambda ? std::string("a coroutine lambda")
                 : "coroutine '" + Coro + "'") +
         " reaches a blocking call to '" + R.What +
         "', which stalls every coroutine on the thread that resumes it; " +
         R.Advice;
}

std::vector<LinkFinding> linkBlockingInCoroutines(const Summary &S) {
  std::vector<LinkFinding> Out;
  BlockingLink L(S);
  for (const auto &[Usr, F] : S.Functions) {
    for (const CoroutineCall &CC : F.CoroutineCalls) {
      std::optional<LinkedChain> C = L.chain(CC.C.Usr);
      if (!C || C->Steps.size() > CC.Budget)
        continue;
      LinkFinding X;
      X.Check = "conclint-blocking-call-in-coroutine";
      X.Message = blockingMessage(CC.C.Name, F.Lambda, F.Name, C->Root);
      X.At = CC.C.At;
      for (const LinkedStep &St : C->Steps)
        X.Notes.push_back(
            {"'" + St.Caller + "' calls '" + St.Callee + "' here", St.At});
      X.Notes.push_back({"'" + C->RootFunction + "' calls blocking function '" +
                             C->Root.What + "' here",
                         C->Root.At});
      Out.push_back(std::move(X));
    }
  }
  return Out;
}

std::vector<ProgramOrderEdge> lockOrderEdges(const Summary &S) {
  std::vector<ProgramOrderEdge> Out;
  for (const auto &[Usr, F] : S.Functions)
    for (const OrderEdge &E : F.LockOrder)
      Out.push_back({Usr, E});
  return Out;
}

//===----------------------------------------------------------------------===//
// The store
//===----------------------------------------------------------------------===//

namespace {
struct StoreCache {
  std::mutex Lock;
  std::map<std::string, std::pair<std::string, std::shared_ptr<const Summary>>>
      Loaded; // path -> (size:mtime, store)
  std::set<std::string> Warned;
};
StoreCache &storeCache() {
  static StoreCache C;
  return C;
}

std::string findStore(llvm::StringRef BuildDir, llvm::StringRef MainFile) {
  llvm::SmallString<256> Dir(BuildDir.empty()
                                 ? llvm::sys::path::parent_path(MainFile)
                                 : BuildDir);
  while (!Dir.empty()) {
    llvm::SmallString<256> P(Dir);
    llvm::sys::path::append(P, ".conclint", "summaries");
    if (llvm::sys::fs::is_regular_file(P))
      return std::string(P);
    llvm::SmallString<256> DB(Dir);
    llvm::sys::path::append(DB, "compile_commands.json");
    if (llvm::sys::fs::exists(DB))
      return "";
    llvm::StringRef Parent = llvm::sys::path::parent_path(Dir);
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return "";
}
} // namespace

std::shared_ptr<const Summary>
loadStore(llvm::StringRef Configured, llvm::StringRef BuildDir,
          llvm::StringRef MainFile,
          const std::function<void(const std::string &)> &Warn) {
  std::string Path = Configured.empty() ? findStore(BuildDir, MainFile)
                                        : Configured.str();
  if (Path.empty())
    return nullptr;
  StoreCache &C = storeCache();
  std::lock_guard<std::mutex> G(C.Lock);
  auto Fail = [&](const std::string &Why) -> std::shared_ptr<const Summary> {
    if (C.Warned.insert(Path).second)
      Warn("summary store '" + Path + "' ignored: " + Why +
           "; analysing without project-wide facts");
    return nullptr;
  };
  llvm::sys::fs::file_status St;
  if (std::error_code EC = llvm::sys::fs::status(Path, St))
    return Configured.empty() ? nullptr : Fail(EC.message());
  std::string Stamp =
      std::to_string(St.getSize()) + ":" +
      std::to_string(St.getLastModificationTime().time_since_epoch().count());
  auto It = C.Loaded.find(Path);
  if (It != C.Loaded.end() && It->second.first == Stamp)
    return It->second.second;
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return Fail(Buf.getError().message());
  llvm::Expected<Value> V = llvm::json::parse((*Buf)->getBuffer());
  if (!V) {
    llvm::consumeError(V.takeError());
    return Fail("not valid JSON");
  }
  auto S = std::make_shared<Summary>();
  std::string E = fromJSON(*V, *S, /*Store=*/true);
  if (!E.empty())
    return Fail(E);
  C.Loaded[Path] = {Stamp, S};
  return S;
}

SourceLocation toSourceLocation(SourceManager &SM, const Loc &L) {
  if (!L.valid() || !L.Line || !L.Column)
    return {};
  llvm::Expected<FileEntryRef> FE =
      SM.getFileManager().getFileRef(L.File, /*OpenFile=*/true);
  if (!FE) {
    llvm::consumeError(FE.takeError());
    return {};
  }
  FileID FID = SM.translateFile(*FE);
  if (FID.isInvalid())
    FID = SM.createFileID(*FE, SourceLocation(), SrcMgr::C_User);
  SourceLocation Out = SM.translateLineCol(FID, L.Line, L.Column);
  // A store older than the file: the position must still be the same byte.
  if (Out.isInvalid() || SM.getFileOffset(Out) != L.Offset)
    return {};
  return Out;
}

void emitLinkFinding(ClangTidyCheck &Check, SourceManager &SM,
                     SourceLocation At, const LinkFinding &X) {
  Check.diag(At, "%0") << X.Message;
  for (const auto &[Text, L] : X.Notes)
    if (SourceLocation NL = toSourceLocation(SM, L); NL.isValid())
      Check.diag(NL, "%0", DiagnosticIDs::Note) << Text;
}

llvm::StringSet<> filesOfTU(const SourceManager &SM) {
  llvm::StringSet<> Out;
  for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
    Out.insert(absoluteName(SM, It->first));
  }
  return Out;
}

} // namespace clang::tidy::conclint::utils::summary
