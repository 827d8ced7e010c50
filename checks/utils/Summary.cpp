//===-- Summary.cpp - per-TU facts for the project-wide link --------------===//

#include "Summary.h"
#include "CoroutineContext.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
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
  Value strings(const std::vector<std::string> &V) {
    Array A;
    for (const std::string &S : V)
      A.push_back(str(S));
    return A;
  }
  Value call(const Call &C) {
    Object O{{"usr", str(C.Usr)}, {"name", str(C.Name)}, {"at", loc(C.At)}};
    if (!C.Held.empty())
      O["held"] = strings(C.Held);
    return O;
  }
  Value access(const Access &A) {
    Object O{{"var", str(A.Var)}, {"path", str(A.Path)}, {"at", loc(A.At)}};
    if (A.Write)
      O["write"] = true;
    if (!A.Held.empty())
      O["held"] = strings(A.Held);
    return O;
  }
  template <typename T, typename F> Array list(const std::vector<T> &V, F Fn) {
    Array A;
    for (const T &X : V)
      A.push_back(Fn(X));
    return A;
  }
  Value function(const std::string &Usr, const FunctionFacts &F) {
    Object O{{"usr", str(Usr)}, {"name", str(F.Name)}, {"at", loc(F.At)}};
    auto Put = [&](const char *K, Array A) {
      if (!A.empty())
        O[K] = std::move(A);
    };
    if (F.Coroutine)
      O["coroutine"] = true;
    if (F.Lambda)
      O["lambda"] = true;
    if (F.Blocks)
      O["blocks"] = Object{{"at", loc(F.Blocks->At)},
                           {"what", str(F.Blocks->What)},
                           {"advice", str(F.Blocks->Advice)}};
    Put("blockingCalls", list(F.BlockingCalls, [&](const Call &C) { return call(C); }));
    Put("localChain", list(F.LocalChain, [&](const Loc &L) { return loc(L); }));
    Put("coroutineCalls", list(F.CoroutineCalls, [&](const CoroutineCall &C) {
          Value V = call(C.C);
          if (C.Budget != UINT_MAX)
            (*V.getAsObject())["budget"] = C.Budget;
          return V;
        }));
    Put("accesses", list(F.Accesses, [&](const Access &A) { return access(A); }));
    Put("calls", list(F.Calls, [&](const Call &C) { return call(C); }));
    Put("spawns", list(F.Spawns, [&](const Spawn &S) {
          Object SO{{"entry", str(S.Entry)},
                    {"name", str(S.EntryName)},
                    {"at", loc(S.At)}};
          if (S.Repeats)
            SO["repeats"] = true;
          if (!S.Window.empty())
            SO["window"] = list(S.Window, [&](const Access &A) { return access(A); });
          if (!S.WindowCalls.empty())
            SO["windowCalls"] = list(S.WindowCalls, [&](const Call &C) { return call(C); });
          return Value(std::move(SO));
        }));
    Put("lockOrder", list(F.LockOrder, [&](const OrderEdge &E) {
          Object EO{{"held", str(E.Held)},
                    {"acquired", str(E.Acquired)},
                    {"heldAt", loc(E.HeldAt)},
                    {"acquiredAt", loc(E.AcquiredAt)}};
          if (!E.AlsoHeld.empty())
            EO["alsoHeld"] = strings(E.AlsoHeld);
          return Value(std::move(EO));
        }));
    Put("acquires", list(F.Acquires, [&](const Acquire &A) {
          Object AO{{"lock", str(A.Lock)}, {"at", loc(A.At)}};
          if (!A.Held.empty())
            AO["held"] = strings(A.Held);
          return Value(std::move(AO));
        }));
    if (F.ConcurrentRoot)
      O["concurrentRoot"] = true;
    if (F.Joins)
      O["joins"] = F.Joins;
    if (F.Detaches)
      O["detaches"] = F.Detaches;
    return O;
  }
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
    llvm::json::OStream J(FOS);
    J.array([&] {
      for (const auto &[Usr, F] : S.Functions) {
        Value V = W.function(Usr, F);
        if (Store) {
          auto It = S.DefinedIn.find(Usr);
          if (It != S.DefinedIn.end())
            (*V.getAsObject())["tu"] = W.Files.index(It->second);
        }
        J.value(V);
      }
    });
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
  std::vector<unsigned> Work;
  for (unsigned I = 0; I < N; ++I) {
    bool Seed = Own(*Fns[I]);
    for (const Call &C : Fns[I]->Calls) {
      int Callee = NumberOf(C.Usr);
      if (Callee >= 0)
        Callers[Callee].push_back(I);
      else if (KeepExternal)
        Seed = true;
    }
    if (Seed && !Keep[I]) {
      Keep[I] = 1;
      Work.push_back(I);
    }
  }
  while (!Work.empty()) {
    unsigned U = Work.back();
    Work.pop_back();
    for (unsigned C : Callers[U])
      if (!Keep[C]) {
        Keep[C] = 1;
        Work.push_back(C);
      }
  }
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
class Definitions : public RecursiveASTVisitor<Definitions> {
public:
  explicit Definitions(const SourceManager &SM) : SM(SM) {}
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return false; }
  bool TraverseDecl(Decl *D) {
    if (D && !isa<TranslationUnitDecl>(D) && D->getLocation().isValid() &&
        SM.isInSystemHeader(D->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(D);
  }
  bool VisitFunctionDecl(FunctionDecl *FD) {
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
