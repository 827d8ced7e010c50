//===-- LockOrderTest.cpp - unit tests for utils/LockOrder -----------------===//
//
// findOrderInversions is pure: these tests feed it plain edges, as the
// project-wide link phase will.

#include "utils/LockOrder.h"

#include "gtest/gtest.h"

using namespace clang::tidy::conclint::utils;

namespace {

OrderEdge edge(const char *H, const char *A, const char *Ctx,
               bool Concurrent = false, std::vector<std::string> Also = {}) {
  OrderEdge E;
  E.Held = H;
  E.Acquired = A;
  E.Context = Ctx;
  E.ContextRunsConcurrently = Concurrent;
  E.AlsoHeld = std::move(Also);
  return E;
}

TEST(LockOrder, TwoThreadsOppositeOrders) {
  std::vector<OrderEdge> E = {edge("a", "b", "t1"), edge("b", "a", "t2")};
  auto C = findOrderInversions(E);
  ASSERT_EQ(C.size(), 1u);
  EXPECT_EQ(C[0].Edges, (std::vector<unsigned>{0, 1}));
}

TEST(LockOrder, OneContextNeedsToRunBesideItself) {
  std::vector<OrderEdge> E = {edge("a", "b", "t1"), edge("b", "a", "t1")};
  EXPECT_TRUE(findOrderInversions(E).empty());
  E[1].ContextRunsConcurrently = true;
  EXPECT_EQ(findOrderInversions(E).size(), 1u);
}

TEST(LockOrder, CommonGateSilences) {
  std::vector<OrderEdge> E = {edge("a", "b", "t1", false, {"g"}),
                              edge("b", "a", "t2", false, {"g", "x"})};
  EXPECT_TRUE(findOrderInversions(E).empty());
  // A gate on one side only does not serialise the paths.
  E[1].AlsoHeld = {"x"};
  EXPECT_EQ(findOrderInversions(E).size(), 1u);
}

TEST(LockOrder, TogetherEdgesIgnored) {
  std::vector<OrderEdge> E = {edge("a", "b", "t1"), edge("b", "a", "t2")};
  E[0].Together = true;
  EXPECT_TRUE(findOrderInversions(E).empty());
}

TEST(LockOrder, DifferentKeysNeverMeet) {
  std::vector<OrderEdge> E = {edge("n1.m", "n2.m", "t1"),
                              edge("n4.m", "n3.m", "t2")};
  EXPECT_TRUE(findOrderInversions(E).empty());
}

TEST(LockOrder, ThreeCycleOnceAndBounded) {
  std::vector<OrderEdge> E = {edge("b", "c", "t2"), edge("c", "a", "t3"),
                              edge("a", "b", "t1"), edge("a", "b", "t4")};
  auto C = findOrderInversions(E);
  ASSERT_EQ(C.size(), 1u); // rotations and duplicate edges collapse
  EXPECT_EQ(C[0].Edges, (std::vector<unsigned>{2, 0, 1}));
  EXPECT_TRUE(findOrderInversions(E, 2).empty());
}

TEST(LockOrder, PicksAnEdgeCombinationThatQualifies) {
  // The first a->b edge is gated with the b->a edge; the second is not.
  std::vector<OrderEdge> E = {edge("a", "b", "t1", false, {"g"}),
                              edge("a", "b", "t3"),
                              edge("b", "a", "t2", false, {"g"})};
  auto C = findOrderInversions(E);
  ASSERT_EQ(C.size(), 1u);
  EXPECT_EQ(C[0].Edges, (std::vector<unsigned>{1, 2}));
}

} // namespace
