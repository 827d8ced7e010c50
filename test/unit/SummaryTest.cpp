//===-- SummaryTest.cpp - the project-wide summaries' format and link -----===//

#include "utils/Summary.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace clang::tidy::conclint::utils::summary;

namespace {

Loc at(const char *File, unsigned Line) {
  Loc L;
  L.File = File;
  L.Offset = Line * 10;
  L.Line = Line;
  L.Column = 3;
  return L;
}

Call call(const char *Usr, const char *Name, Loc L,
          std::vector<std::string> Held = {}) {
  Call C;
  C.Usr = Usr;
  C.Name = Name;
  C.At = L;
  C.Held = std::move(Held);
  return C;
}

/// coro (a.cpp) -> f (b.cpp) -> g (c.cpp, sleeps); h (b.cpp) -> coroutine k.
Summary blockingProgram() {
  Summary S;
  FunctionFacts &Coro = S.Functions["c:@F@coro#"];
  Coro.Name = "coro";
  Coro.Coroutine = true;
  CoroutineCall CC;
  CC.C = call("c:@F@f#", "f", at("/p/a.cpp", 4));
  Coro.CoroutineCalls.push_back(CC);
  FunctionFacts &F = S.Functions["c:@F@f#"];
  F.Name = "f";
  F.BlockingCalls.push_back(call("c:@F@g#", "g", at("/p/b.cpp", 2)));
  FunctionFacts &G = S.Functions["c:@F@g#"];
  G.Name = "g";
  G.Blocks = BlockRoot{at("/p/c.cpp", 7), "sleep", "await a timer"};
  FunctionFacts &K = S.Functions["c:@F@k#"];
  K.Name = "k";
  K.Coroutine = true;
  K.Blocks = BlockRoot{at("/p/c.cpp", 9), "sleep", "x"};
  FunctionFacts &H = S.Functions["c:@F@h#"];
  H.Name = "h";
  H.BlockingCalls.push_back(call("c:@F@k#", "k", at("/p/b.cpp", 5)));
  return S;
}

TEST(SummaryTest, RoundTripsThroughJSON) {
  Summary S = blockingProgram();
  S.TU = "/p/a.cpp";
  S.Globals["c:@n"] = {"n", at("/p/a.cpp", 1)};
  Summary Back;
  ASSERT_EQ(fromJSON(toJSON(S), Back), "");
  EXPECT_EQ(Back.TU, "/p/a.cpp");
  ASSERT_EQ(Back.Functions.size(), S.Functions.size());
  const FunctionFacts &G = Back.Functions["c:@F@g#"];
  ASSERT_TRUE(G.Blocks.has_value());
  EXPECT_EQ(G.Blocks->At.File, "/p/c.cpp");
  EXPECT_EQ(G.Blocks->At.Line, 7u);
  EXPECT_EQ(G.Blocks->Advice, "await a timer");
  EXPECT_EQ(Back.Functions["c:@F@coro#"].CoroutineCalls[0].Budget, UINT_MAX);
  EXPECT_EQ(Back.Globals["c:@n"].first, "n");
}

TEST(SummaryTest, RefusesOtherVersionsAndKinds) {
  Summary S;
  llvm::json::Value V = toJSON(blockingProgram());
  (*V.getAsObject())["conclintSummary"] = FormatVersion + 1;
  EXPECT_NE(fromJSON(V, S).find("summary format"), std::string::npos);
  // A TU summary is not a store, and the other way round.
  EXPECT_NE(fromJSON(toJSON(blockingProgram()), S, /*Store=*/true), "");
  EXPECT_NE(fromJSON(toJSON(blockingProgram(), /*Store=*/true), S), "");
  // A location out of the file table.
  llvm::json::Value Bad = toJSON(blockingProgram());
  (*Bad.getAsObject())["files"] = llvm::json::Array{};
  EXPECT_EQ(fromJSON(Bad, S), "malformed summary");
}

TEST(SummaryTest, InternsEveryStringOnce) {
  // Format 3: each USR, name and file once in its table; records by index.
  Summary S = blockingProgram();
  S.TU = "/p/a.cpp";
  std::string Text = toText(S);
  auto Count = [&](llvm::StringRef Needle) {
    size_t N = 0;
    for (size_t I = Text.find(Needle.str()); I != std::string::npos;
         I = Text.find(Needle.str(), I + 1))
      ++N;
    return N;
  };
  // g is defined and called (from f): one copy of its USR.
  EXPECT_EQ(Count("\"c:@F@g#\""), 1u);
  EXPECT_EQ(Count("\"/p/b.cpp\""), 1u);
  llvm::json::Value V = toJSON(S);
  const llvm::json::Array *Fns = V.getAsObject()->getArray("functions");
  ASSERT_TRUE(Fns);
  EXPECT_TRUE((*Fns)[0].getAsObject()->getInteger("usr").has_value());
  // An index out of the string table is malformed, not a crash.
  (*V.getAsObject())["strings"] = llvm::json::Array{};
  Summary Back;
  EXPECT_EQ(fromJSON(V, Back), "malformed summary");
}

TEST(SummaryTest, RefusesFormatTwo) {
  // A summary as an older conclint wrote it: strings inline, keyed by USR.
  llvm::json::Value V = llvm::json::Object{
      {"conclintSummary", 2},
      {"tu", 0},
      {"files", llvm::json::Array{"/p/a.cpp"}},
      {"functions",
       llvm::json::Object{{"c:@F@f#", llvm::json::Object{{"name", "f"}}}}},
      {"globals", llvm::json::Object{}}};
  Summary S;
  EXPECT_EQ(fromJSON(V, S),
            "summary format 2; this conclint reads format 3");
  EXPECT_TRUE(S.Functions.empty());
}

TEST(SummaryTest, InternsFileNames) {
  std::string A = "/p/x.cpp", B = "/p/x.cpp";
  Loc L1 = at(A.c_str(), 1), L2 = at(B.c_str(), 2);
  EXPECT_EQ(L1.File.ref().data(), L2.File.ref().data());
  EXPECT_EQ(L1.File, "/p/x.cpp");
  EXPECT_TRUE(FileName("/p/a.cpp") < FileName("/p/b.cpp"));
  EXPECT_TRUE(FileName().empty());
}

TEST(SummaryTest, RebasesOnlyTheFileTable) {
  llvm::json::Value V = toJSON(blockingProgram());
  rebaseFiles(V, [](llvm::StringRef P) { return P.drop_front(3).str(); });
  Summary S;
  ASSERT_EQ(fromJSON(V, S), "");
  EXPECT_EQ(S.Functions["c:@F@g#"].Blocks->At.File, "c.cpp");
}

TEST(SummaryTest, LinksABlockingChainAcrossFiles) {
  Summary S = blockingProgram();
  std::vector<LinkFinding> Out = linkBlockingInCoroutines(S);
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0].At.File, "/p/a.cpp");
  ASSERT_EQ(Out[0].Notes.size(), 2u);
  EXPECT_EQ(Out[0].Notes[0].first, "'f' calls 'g' here");
  EXPECT_EQ(Out[0].Notes[1].first, "'g' calls blocking function 'sleep' here");
  EXPECT_NE(Out[0].Message.find("await a timer"), std::string::npos);
  // Calling a coroutine only creates it: h does not block through k.
  EXPECT_FALSE(BlockingLink(S).chain("c:@F@h#").has_value());
  // The call budget (CallDepth) holds across files too.
  S.Functions["c:@F@coro#"].CoroutineCalls[0].Budget = 0;
  EXPECT_TRUE(linkBlockingInCoroutines(S).empty());
  // A function skipped (its facts come from elsewhere) breaks the chain.
  EXPECT_FALSE(BlockingLink(blockingProgram(), [](const std::string &U) {
                 return U == "c:@F@g#";
               }).chain("c:@F@f#"));
}

/// main (m.cpp) spawns entry (w.cpp), which writes n; main writes n in the
/// spawn's window with the given locks.
Summary raceProgram(std::vector<std::string> MainHeld,
                    std::vector<std::string> EntryHeld) {
  Summary S;
  Access W;
  W.Var = "c:@n";
  W.Path = "c:@n";
  W.Write = true;
  W.Held = std::move(EntryHeld);
  W.At = at("/p/w.cpp", 3);
  S.Functions["c:@F@entry#"].Accesses.push_back(W);
  S.DefinedIn["c:@F@entry#"] = "/p/w.cpp";
  Spawn Sp;
  Sp.Entry = "c:@F@entry#";
  Sp.At = at("/p/m.cpp", 5);
  Access M = W;
  M.Held = std::move(MainHeld);
  M.At = at("/p/m.cpp", 6);
  Sp.Window.push_back(M);
  S.Functions["c:@F@main#"].Spawns.push_back(Sp);
  S.DefinedIn["c:@F@main#"] = "/p/m.cpp";
  S.Globals["c:@n"] = {"n", at("/p/g.cpp", 1)};
  return S;
}

TEST(SummaryTest, LinksARaceAcrossFiles) {
  std::vector<LinkFinding> Out = linkRaces(raceProgram({}, {}));
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0].Message,
            "'n' is written by concurrently running threads without "
            "synchronization");
  EXPECT_EQ(Out[0].At.File, "/p/w.cpp");
  EXPECT_EQ(Out[0].Notes[0].second.File, "/p/m.cpp");
  // A lock in common: silent. A lock of unknown identity: silent.
  EXPECT_TRUE(linkRaces(raceProgram({"g:m"}, {"g:m"})).empty());
  EXPECT_TRUE(linkRaces(raceProgram({"l:this->mu"}, {})).empty());
  EXPECT_TRUE(linkRaces(raceProgram({"?"}, {})).empty());
  // Different locks: still a race.
  EXPECT_EQ(linkRaces(raceProgram({"g:a"}, {"g:b"})).size(), 1u);
  // All in one TU: the TU's own check reports it, not the link.
  Summary One = raceProgram({}, {});
  One.DefinedIn["c:@F@entry#"] = "/p/m.cpp";
  EXPECT_TRUE(linkRaces(One).empty());
}

TEST(SummaryTest, LockOrderEdgesOfTheProgram) {
  Summary S;
  S.Functions["c:@F@a#"].LockOrder.push_back(
      {"g:m1", "g:m2", at("/p/a.cpp", 1), at("/p/a.cpp", 2)});
  S.Functions["c:@F@b#"].LockOrder.push_back(
      {"g:m2", "g:m1", at("/p/b.cpp", 1), at("/p/b.cpp", 2)});
  std::vector<ProgramOrderEdge> E = lockOrderEdges(S);
  ASSERT_EQ(E.size(), 2u);
  EXPECT_EQ(E[0].Function, "c:@F@a#");
  EXPECT_EQ(E[1].Edge.Acquired, "g:m1");
}

/// a.cpp: main starts transfer, which holds m1 and calls g; b.cpp: g takes
/// m2, start_audit starts audit, which takes m2 then m1.
Summary lockOrderProgram(std::vector<std::string> Gate = {}) {
  Summary S;
  auto Fn = [&](const char *Usr, const char *Name, const char *TU,
                unsigned Line) -> FunctionFacts & {
    FunctionFacts &F = S.Functions[Usr];
    F.Name = Name;
    F.At = at(TU, Line);
    S.DefinedIn[Usr] = TU;
    return F;
  };
  FunctionFacts &Main = Fn("c:@F@main#", "main", "/p/a.cpp", 9);
  Spawn Sp;
  Sp.Entry = "c:@F@transfer#";
  Sp.At = at("/p/a.cpp", 10);
  Main.Spawns.push_back(Sp);
  FunctionFacts &T = Fn("c:@F@transfer#", "transfer", "/p/a.cpp", 4);
  T.Acquires.push_back({"g:m1", at("/p/a.cpp", 5), Gate});
  std::vector<std::string> AtCall = Gate;
  AtCall.push_back("g:m1");
  T.Calls.push_back(call("c:@F@g#", "g", at("/p/a.cpp", 6), AtCall));
  FunctionFacts &G = Fn("c:@F@g#", "g", "/p/b.cpp", 5);
  G.Acquires.push_back({"g:m2", at("/p/b.cpp", 6), {}});
  FunctionFacts &Start = Fn("c:@F@start_audit#", "start_audit", "/p/b.cpp", 14);
  Sp.Entry = "c:@F@audit#";
  Sp.At = at("/p/b.cpp", 15);
  Start.Spawns.push_back(Sp);
  FunctionFacts &A = Fn("c:@F@audit#", "audit", "/p/b.cpp", 9);
  OrderEdge E{"g:m2", "g:m1", at("/p/b.cpp", 10), at("/p/b.cpp", 11), Gate};
  A.LockOrder.push_back(E);
  std::vector<std::string> Before = Gate;
  Before.push_back("g:m2");
  A.Acquires.push_back({"g:m2", at("/p/b.cpp", 10), Gate});
  A.Acquires.push_back({"g:m1", at("/p/b.cpp", 11), Before});
  S.Locks["g:m1"] = "m1";
  S.Locks["g:m2"] = "m2";
  return S;
}

TEST(SummaryTest, WritesRecordsAsJsonOStreamWould) {
  // The records are written without json::Value (RecordWriter): byte for
  // byte what json::OStream writes for the same object (keys sorted, no
  // spaces), for a program with every field set, invalid locations and a
  // coroutine call with and without a budget among them.
  Summary S = lockOrderProgram({"g:gate"});
  for (auto &[Usr, F] : blockingProgram().Functions)
    S.Functions[Usr] = F;
  FunctionFacts &F = S.Functions["c:@F@all#"];
  F.Name = "all";
  F.Coroutine = F.Lambda = F.ConcurrentRoot = true;
  F.Joins = 2;
  F.Detaches = 1;
  F.Blocks = BlockRoot{at("/p/e.cpp", 3), "sleep", "use a timer"};
  F.BlockingCalls.push_back(call("c:@F@g#", "g", at("/p/e.cpp", 4), {"g:m1"}));
  F.LocalChain = {at("/p/e.cpp", 5), Loc()};
  CoroutineCall CC;
  CC.C = call("c:@F@f#", "f", Loc());
  F.CoroutineCalls.push_back(CC);
  CC.Budget = 3;
  F.CoroutineCalls.push_back(CC);
  Access A{"c:@counter", "counter", true, {"l:this->mu"}, at("/p/e.cpp", 6)};
  F.Accesses = {A, Access{"c:@x", "x", false, {}, at("/p/e.cpp", 7)}};
  Spawn Sp;
  Sp.Entry = "c:@F@transfer#";
  Sp.EntryName = "transfer";
  Sp.At = at("/p/e.cpp", 8);
  Sp.Repeats = true;
  Sp.Window = {A};
  Sp.WindowCalls = {call("c:@F@g#", "g", at("/p/e.cpp", 9))};
  F.Spawns.push_back(Sp);
  for (bool Store : {false, true}) {
    if (Store)
      S.DefinedIn["c:@F@all#"] = "/p/e.cpp";
    std::string Text = toText(S, Store);
    llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
    ASSERT_TRUE(bool(V));
    std::string Expected;
    llvm::raw_string_ostream OS(Expected);
    OS << *V->getAsObject()->get("functions");
    size_t B = Text.find("\"functions\":"), E = Text.find(",\"globals\":");
    ASSERT_NE(B, std::string::npos);
    ASSERT_NE(E, std::string::npos);
    EXPECT_EQ(Text.substr(B + 12, E - B - 12), OS.str());
  }
}

TEST(SummaryTest, LinksALockOrderCycleAcrossFiles) {
  std::vector<LinkFinding> Out = linkLockOrder(lockOrderProgram());
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0].Check, "conclint-lock-order-inversion");
  EXPECT_EQ(Out[0].Message,
            "mutex 'm2' is acquired while holding 'm1', but another path "
            "acquires them in the opposite order; threads taking both can "
            "deadlock");
  // Reported on the call in transfer; the notes cross into b.cpp.
  EXPECT_EQ(Out[0].At.File, "/p/a.cpp");
  EXPECT_EQ(Out[0].At.Line, 6u);
  std::vector<std::string> Notes;
  for (const auto &[Text, L] : Out[0].Notes)
    Notes.push_back(Text + " @" + L.File.str() + ":" + std::to_string(L.Line));
  EXPECT_EQ(Notes, (std::vector<std::string>{
                       "on this path, 'transfer' acquires 'm1' and then 'm2' "
                       "@/p/a.cpp:4",
                       "'m1' acquired here @/p/a.cpp:5",
                       "calls 'g' @/p/a.cpp:6",
                       "'m2' acquired here while 'm1' is held @/p/b.cpp:6",
                       "on this path, 'audit' acquires 'm2' and then 'm1' "
                       "@/p/b.cpp:9",
                       "'m2' acquired here @/p/b.cpp:10",
                       "'m1' acquired here while 'm2' is held @/p/b.cpp:11"}));
  // The format keeps every fact the link uses.
  Summary Back;
  ASSERT_EQ(fromJSON(toJSON(lockOrderProgram(), /*Store=*/true), Back,
                     /*Store=*/true),
            "");
  EXPECT_EQ(linkLockOrder(Back).size(), 1u);
}

TEST(SummaryTest, LockOrderLinkFollowsStaticLocksThroughRecursion) {
  // The link walks only the roots that reach a static lock
  // (EdgeBuilder::findRelevant); m2 is now taken three calls below g, past a
  // recursive pair, and roots that reach no static lock sit beside them.
  Summary S = lockOrderProgram();
  // transfer's body moves into step: the root has no static fact itself.
  FunctionFacts &T = S.Functions["c:@F@transfer#"];
  FunctionFacts &Step = S.Functions["c:@F@step#"];
  Step.Name = "step";
  Step.Acquires = T.Acquires;
  Step.Calls = T.Calls;
  T.Acquires.clear();
  T.Calls = {call("c:@F@step#", "step", at("/p/a.cpp", 3))};
  FunctionFacts &G = S.Functions["c:@F@g#"];
  G.Acquires.clear();
  G.Calls.push_back(call("c:@F@r1#", "r1", at("/p/b.cpp", 6)));
  FunctionFacts &R1 = S.Functions["c:@F@r1#"];
  R1.Name = "r1";
  R1.Calls.push_back(call("c:@F@r2#", "r2", at("/p/c.cpp", 2)));
  FunctionFacts &R2 = S.Functions["c:@F@r2#"];
  R2.Name = "r2";
  R2.Calls.push_back(call("c:@F@r1#", "r1", at("/p/c.cpp", 5)));
  R2.Calls.push_back(call("c:@F@leaf#", "leaf", at("/p/c.cpp", 6)));
  FunctionFacts &Leaf = S.Functions["c:@F@leaf#"];
  Leaf.Name = "leaf";
  Leaf.Acquires.push_back({"g:m2", at("/p/c.cpp", 9), {}});
  FunctionFacts &Noise = S.Functions["c:@F@noise#"];
  Noise.Name = "noise";
  Noise.ConcurrentRoot = true;
  Noise.Calls.push_back(call("c:@F@noise#", "noise", at("/p/d.cpp", 3)));
  Noise.Acquires.push_back({"l:this->mu", at("/p/d.cpp", 2), {}});
  std::vector<LinkFinding> Out = linkLockOrder(S);
  ASSERT_EQ(Out.size(), 1u);
  EXPECT_EQ(Out[0].Message,
            "mutex 'm2' is acquired while holding 'm1', but another path "
            "acquires them in the opposite order; threads taking both can "
            "deadlock");
  std::vector<std::string> Notes;
  for (const auto &[Text, L] : Out[0].Notes)
    Notes.push_back(Text + " @" + L.File.str() + ":" + std::to_string(L.Line));
  EXPECT_NE(llvm::find(Notes, "calls 'leaf' @/p/c.cpp:6"), Notes.end());
  // Taken only by the noise root's recursion: no static lock, no edge.
  Leaf.Acquires[0].Lock = "l:this->mu";
  EXPECT_TRUE(linkLockOrder(S).empty());
}

TEST(SummaryTest, LockOrderLinkStaysSilentWithoutProof) {
  // A common gate lock, static or of unknown identity: serialised.
  EXPECT_TRUE(linkLockOrder(lockOrderProgram({"g:gate"})).empty());
  EXPECT_TRUE(linkLockOrder(lockOrderProgram({"l:this->mu"})).empty());
  // The callee's body is nowhere: no edge through the call.
  Summary NoBody = lockOrderProgram();
  NoBody.Functions.erase("c:@F@g#");
  EXPECT_TRUE(linkLockOrder(NoBody).empty());
  // No root reaches transfer: its edge has no context.
  Summary NoRoot = lockOrderProgram();
  NoRoot.Functions["c:@F@main#"].Spawns.clear();
  EXPECT_TRUE(linkLockOrder(NoRoot).empty());
  // A lock of unknown identity makes no edge.
  Summary Member = lockOrderProgram();
  Member.Functions["c:@F@g#"].Acquires[0].Lock = "l:this->mu";
  EXPECT_TRUE(linkLockOrder(Member).empty());
}

TEST(SummaryTest, LockOrderLinkLeavesOneTUsCyclesToTheCheck) {
  // Everything in one TU: the per-TU check reports it.
  Summary One = lockOrderProgram();
  for (auto &[Usr, TU] : One.DefinedIn)
    TU = "/p/a.cpp";
  EXPECT_TRUE(linkLockOrder(One).empty());
  // b.cpp closes the m1/m2 cycle by itself too: the check's finding there
  // covers the pair; the link adds no second report of it.
  Summary Also = lockOrderProgram();
  FunctionFacts &Start = Also.Functions["c:@F@start_audit#"];
  Spawn Sp;
  Sp.Entry = "c:@F@audit2#";
  Sp.At = at("/p/b.cpp", 16);
  Start.Spawns.push_back(Sp);
  FunctionFacts &A2 = Also.Functions["c:@F@audit2#"];
  A2.Name = "audit2";
  A2.LockOrder.push_back(
      {"g:m1", "g:m2", at("/p/b.cpp", 20), at("/p/b.cpp", 21)});
  Also.DefinedIn["c:@F@audit2#"] = "/p/b.cpp";
  EXPECT_TRUE(linkLockOrder(Also).empty());
}

} // namespace

namespace {
/// a -> b -> c (c writes a global); d -> e (no facts); f -> x (x defined
/// nowhere in this summary).
Summary pruneProgram() {
  Summary S;
  S.Functions["a"].Calls.push_back(call("b", "b", at("/p/a.cpp", 1)));
  S.Functions["a"].Calls.push_back(call("d", "d", at("/p/a.cpp", 2)));
  S.Functions["b"].Calls.push_back(call("c", "c", at("/p/a.cpp", 3)));
  Access W;
  W.Var = "c:@g";
  W.Path = "g";
  W.Write = true;
  W.At = at("/p/a.cpp", 4);
  S.Functions["c"].Accesses.push_back(W);
  S.Functions["d"].Calls.push_back(call("e", "e", at("/p/a.cpp", 5)));
  S.Functions["e"].Name = "e";
  S.Functions["f"].Calls.push_back(call("x", "x", at("/p/a.cpp", 6)));
  return S;
}
std::vector<std::string> usrs(const Summary &S) {
  std::vector<std::string> Out;
  for (const auto &[Usr, F] : S.Functions)
    Out.push_back(Usr);
  return Out;
}
} // namespace

// One TU's summary: what reaches a fact stays, and so does a call into
// another TU (its callee may have facts there); the calls to dropped
// functions go.
TEST(SummaryTest, PruneKeepsWhatReachesFactsAndExternalCalls) {
  Summary S = pruneProgram();
  prune(S, /*KeepExternal=*/true);
  EXPECT_EQ(usrs(S), (std::vector<std::string>{"a", "b", "c", "f"}));
  ASSERT_EQ(S.Functions["a"].Calls.size(), 1u);
  EXPECT_EQ(S.Functions["a"].Calls[0].Usr, "b");
  ASSERT_EQ(S.Functions["f"].Calls.size(), 1u);
}

// The merged program: a call to a function no TU defines leads nowhere.
TEST(SummaryTest, PruneOfTheProgramDropsCallsIntoNothing) {
  Summary S = pruneProgram();
  prune(S, /*KeepExternal=*/false);
  EXPECT_EQ(usrs(S), (std::vector<std::string>{"a", "b", "c"}));
  // The race link sees the same write through a -> b -> c.
  Spawn Sp;
  Sp.Entry = "a";
  Sp.At = at("/p/m.cpp", 1);
  Access R;
  R.Var = "c:@g";
  R.Path = "g";
  R.At = at("/p/m.cpp", 2);
  Sp.Window.push_back(R);
  Summary Whole = pruneProgram();
  Whole.Functions["m"].Spawns.push_back(Sp);
  Whole.DefinedIn = {{"a", "/p/a.cpp"}, {"b", "/p/a.cpp"}, {"c", "/p/a.cpp"},
                     {"m", "/p/m.cpp"}};
  Summary Pruned = Whole;
  prune(Pruned, /*KeepExternal=*/false);
  EXPECT_EQ(linkRaces(Whole).size(), 1u);
  EXPECT_EQ(linkRaces(Pruned).size(), linkRaces(Whole).size());
}
