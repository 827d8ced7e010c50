//===-- SummaryTest.cpp - the project-wide summaries' format and link -----===//

#include "utils/Summary.h"

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

} // namespace
