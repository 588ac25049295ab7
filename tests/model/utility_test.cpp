#include <gtest/gtest.h>

#include "parley/model/utility.hpp"
#include "parley/support/error.hpp"

using namespace parley;

namespace {
std::vector<Issue> fruit_issues() {
  return {Issue::categorical("Kind", {{"apple", ""}, {"pear", ""}}), Issue::integer("Boxes", 1, 10),
          Issue::real("Price", 0.0, 5.0, 6)};
}
}  // namespace

// The worked example of ../shared/docs/genius-format.md section 2, computed by hand:
// Kind scores 3,6 -> e(apple)=0.5; Boxes e(x)=1-0.1(x-1); Price e(x)=0.2x clipped.
TEST(LinearAdditive, GeniusSemanticsByHand) {
  auto issues = fruit_issues();
  LinearAdditiveUtility u(
      issues, {0.5, 0.3, 0.2},
      {ValueFunction::from_scores({3, 6}), ValueFunction::make_linear(-0.1, 1.0, 1.0, false),
       ValueFunction::make_linear(0.2, 0.0, 0.0, true)});
  // apple, 4 boxes, price 2: 0.5*0.5 + 0.3*0.7 + 0.2*0.4 = 0.54
  EXPECT_NEAR(u.utility({0, 3, 2}), 0.54, 1e-12);
  // pear, 1 box, price 5: 0.5 + 0.3 + 0.2 = 1
  EXPECT_NEAR(u.utility({1, 0, 5}), 1.0, 1e-12);
  EXPECT_NEAR(u.max_utility(), 1.0, 1e-12);
  // apple, 10 boxes, price 0: 0.25 + 0.3*0.1 + 0 = 0.28
  EXPECT_NEAR(u.min_utility(), 0.28, 1e-12);
  EXPECT_NEAR(u.value_utility(0, 0), 0.5, 1e-15);
  EXPECT_NEAR(u.contribution(1, 9), 0.03, 1e-15);
}

TEST(LinearAdditive, TriangularAndConstant) {
  auto tri = ValueFunction::make_triangular(0.0, 10.0, 4.0);
  EXPECT_DOUBLE_EQ(tri.at_number(2.0), 0.5);
  EXPECT_DOUBLE_EQ(tri.at_number(4.0), 1.0);
  EXPECT_DOUBLE_EQ(tri.at_number(7.0), 0.5);
  EXPECT_DOUBLE_EQ(tri.at_number(11.0), 0.0);
  EXPECT_DOUBLE_EQ(ValueFunction::make_constant(0.3).at_number(99), 0.3);
}

TEST(LinearAdditive, TableSizeMustMatchIssue) {
  auto issues = fruit_issues();
  EXPECT_THROW(
      LinearAdditiveUtility(issues, {0.5, 0.3, 0.2},
                            {ValueFunction::from_scores({3}), ValueFunction::make_constant(1),
                             ValueFunction::make_constant(1)}),
      Error);
}

TEST(HyperRectangle, IncludesExcludesAndNormalisation) {
  std::vector<Issue> issues{Issue::integer("x1", 0, 9), Issue::integer("x2", 0, 9),
                            Issue::integer("x3", 0, 9)};
  UtilityNode node;
  HyperRectangle inc;
  inc.utility = 40;
  inc.bounds = {{0, 2, 5}, {2, 0, 4}};
  HyperRectangle exc;
  exc.exclusive = true;
  exc.utility = 80;
  exc.bounds = {{1, 7, 9}};
  node.rectangles = {inc, exc};
  HyperRectangleUtility u(issues, {node}, 120);
  EXPECT_NEAR(u.utility({3, 2, 1}), 1.0, 1e-12);         // both: 120/120
  EXPECT_NEAR(u.utility({3, 8, 1}), 40.0 / 120, 1e-12);  // only the inclusive one
  EXPECT_NEAR(u.utility({6, 8, 1}), 0.0, 1e-12);         // neither
  EXPECT_NEAR(u.utility({6, 0, 1}), 80.0 / 120, 1e-12);  // only the exclusive one
  node.aggregation = UtilityNode::Aggregation::max;
  HyperRectangleUtility umax(issues, {node}, 60);
  EXPECT_NEAR(umax.utility({3, 2, 1}), 1.0, 1e-12);  // min(1, 80/60)
  EXPECT_EQ(umax.rectangle_count(), 2u);
}
