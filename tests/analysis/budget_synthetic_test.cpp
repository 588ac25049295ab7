// The matrix's scenario generators (include/parley/analysis/synthetic.hpp) against the recipe
// their header documents, recomputed independently (a few lines of Python implementing the LCG
// and the recipe, outside the library); the figures below are its output.
#include <gtest/gtest.h>

#include "parley/analysis/synthetic.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

TEST(SyntheticNumeric, FollowsTheDocumentedRecipe) {
  const auto s = make_synthetic_numeric_scenario(3, 11, 2);
  ASSERT_EQ(s->issue_count(), 3u);
  for (const auto& issue : s->issues()) {
    EXPECT_EQ(issue.kind(), IssueKind::integer);
    EXPECT_EQ(issue.lower_integer(), 0);
    EXPECT_EQ(issue.upper_integer(), 10);
  }
  // Party 0: draws 0.423 (increasing), 0.554 and 0.923 (decreasing); party 1: all decreasing.
  const auto* p0 = s->party(0).utility->as_linear_additive();
  ASSERT_NE(p0, nullptr);
  EXPECT_DOUBLE_EQ(p0->weights()[0], 0.22805472774492166);
  EXPECT_DOUBLE_EQ(p0->weights()[1], 0.47381291705771283);
  EXPECT_DOUBLE_EQ(p0->weights()[2], 0.2981323551973654);
  EXPECT_DOUBLE_EQ(p0->value_utility(0, 10), 1.0);
  EXPECT_DOUBLE_EQ(p0->value_utility(1, 10), 0.0);
  EXPECT_DOUBLE_EQ(p0->value_utility(2, 0), 1.0);
  EXPECT_NEAR(s->utility(0, {2, 5, 10}), 0.28251740407784076, 1e-15);
  EXPECT_NEAR(s->utility(1, {2, 5, 10}), 0.3905785505775442, 1e-15);
  // The same arguments give the same scenario.
  EXPECT_EQ(make_synthetic_numeric_scenario(3, 11, 2)->utilities({7, 1, 4}),
            s->utilities({7, 1, 4}));
  // 10^6 values per issue is a valid size; one value is not an issue to negotiate.
  EXPECT_EQ(make_synthetic_numeric_scenario(2, 1'000'000, 2)->issue(1).cardinality(), 1'000'000u);
  EXPECT_THROW(make_synthetic_numeric_scenario(2, 1, 2), InputError);
  EXPECT_THROW(make_synthetic_numeric_scenario(0, 10, 2), InputError);
  EXPECT_THROW(make_synthetic_numeric_scenario(2, 10, 1), InputError);
}

TEST(SyntheticRectangles, FollowsTheDocumentedRecipe) {
  const auto s = make_synthetic_rectangle_scenario(6, 5, 2, 3);
  ASSERT_EQ(s->issue_count(), 6u);
  const auto* p0 = s->party(0).utility->as_hyper_rectangle();
  ASSERT_NE(p0, nullptr);
  EXPECT_EQ(p0->max_utility(), 75.0 + 98.0 + 33.0);
  ASSERT_EQ(p0->nodes().size(), 1u);
  const auto& rectangles = p0->nodes()[0].rectangles;
  ASSERT_EQ(rectangles.size(), 3u);
  // First rectangle of party 0: issue 3 in [2, 3], issue 4 in [0, 2], issue 0 in [0, 4].
  ASSERT_EQ(rectangles[0].bounds.size(), 3u);
  EXPECT_EQ(rectangles[0].bounds[0].issue, 3u);
  EXPECT_EQ(rectangles[0].bounds[0].min, 2.0);
  EXPECT_EQ(rectangles[0].bounds[0].max, 3.0);
  EXPECT_EQ(rectangles[0].bounds[1].issue, 4u);
  EXPECT_EQ(rectangles[0].bounds[2].issue, 0u);
  EXPECT_EQ(rectangles[0].utility, 75.0);
  EXPECT_FALSE(rectangles[0].exclusive);
  EXPECT_EQ(s->party(1).utility->as_hyper_rectangle()->max_utility(), 54.0 + 29.0 + 99.0);
  // Outcome (0,1,2,3,1,2): party 0 collects its first rectangle, party 1 its third.
  EXPECT_DOUBLE_EQ(s->utility(0, {0, 1, 2, 3, 1, 2}), 75.0 / 206.0);
  EXPECT_DOUBLE_EQ(s->utility(1, {0, 1, 2, 3, 1, 2}), 99.0 / 182.0);
  // Every rectangle bounds 2-4 distinct issues with intervals inside 0..options-1.
  const auto big = make_synthetic_rectangle_scenario(40, 10, 6);
  for (std::size_t j = 0; j < big->party_count(); ++j)
    for (const auto& r : big->party(j).utility->as_hyper_rectangle()->nodes()[0].rectangles) {
      ASSERT_GE(r.bounds.size(), 2u);
      ASSERT_LE(r.bounds.size(), 4u);
      for (std::size_t a = 0; a < r.bounds.size(); ++a) {
        EXPECT_LE(r.bounds[a].min, r.bounds[a].max);
        EXPECT_GE(r.bounds[a].min, 0.0);
        EXPECT_LE(r.bounds[a].max, 9.0);
        for (std::size_t b = a + 1; b < r.bounds.size(); ++b)
          EXPECT_NE(r.bounds[a].issue, r.bounds[b].issue);
      }
    }
  EXPECT_THROW(make_synthetic_rectangle_scenario(6, 5, 2, 0), InputError);
}

}  // namespace
}  // namespace parley
