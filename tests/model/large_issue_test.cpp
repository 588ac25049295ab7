// Numeric issues evaluated analytically (LinearAdditiveUtility::tabulation_limit): contributions
// bit-identical to tables, breakpoints, best/worst values and memory, each checked against a
// brute-force scan of every value.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "parley/model/utility.hpp"

namespace parley {
namespace {

constexpr std::uint32_t limit = LinearAdditiveUtility::tabulation_limit;

struct Case {
  std::string name;
  Issue issue;
  ValueFunction function;
};

// Integer issues have values lower..upper; real issues `steps` points.
std::vector<Case> cases(std::uint32_t values) {
  const auto n = static_cast<std::int64_t>(values);
  const double last = static_cast<double>(n - 1);
  // Slopes span the range; a single value gets slope 1/1, not 1/0 (an infinite slope makes
  // 0 * inf = NaN, which LinearAdditiveUtility refuses as a value that is not a number).
  const double span = std::max(last, 1.0);
  auto integer = [&](std::int64_t lower) { return Issue::integer("x", lower, lower + n - 1); };
  auto real = [&](double lower, double upper) {  // one point only when lower == upper
    return Issue::real("x", lower, values == 1 ? lower : upper, values);
  };
  return {
      {"linear rising", integer(0), ValueFunction::make_linear(1.0 / span, 0.0, 0.0, false)},
      {"linear falling, GENIUS origin", integer(5),
       ValueFunction::make_linear(-1.0 / span, 1.0, 5.0, false)},
      {"linear clipped at both ends", integer(0),
       ValueFunction::make_linear(3.0 / span, -1.0, 0.0, true)},
      {"linear clipped, falling", integer(-100),
       ValueFunction::make_linear(-2.5 / span, 1.7, 0.0, true)},
      {"linear clipped, never reached", integer(0),
       ValueFunction::make_linear(0.5 / span, 0.25, 0.0, true)},
      {"linear rounding plateau", integer(0), ValueFunction::make_linear(1e-19, 0.5, 0.0, true)},
      {"real linear clipped", real(-3.0, 7.5), ValueFunction::make_linear(0.13, 0.4, 0.0, true)},
      {"triangular top in the middle", integer(0),
       ValueFunction::make_triangular(last * 0.2, last * 0.9, std::floor(last * 0.5))},
      {"triangular top at the lower end", integer(0),
       ValueFunction::make_triangular(0.0, last, 0.0)},
      {"triangular top at the upper end", integer(0),
       ValueFunction::make_triangular(0.0, last, last)},
      {"triangular beyond the range", integer(10),
       ValueFunction::make_triangular(-50.0, last + 500.0, last * 0.3 + 0.5)},
      {"real triangular, top between grid points", real(0.0, 1.0),
       ValueFunction::make_triangular(0.1, 0.8, 0.5 + 0.3 / last)},
      {"constant", integer(0), ValueFunction::make_constant(0.375)},
  };
}

std::uint64_t bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// One issue priced both ways: tabulated (threshold above it) and analytic (threshold 0).
struct BothWays {
  LinearAdditiveUtility table, analytic;
  BothWays(const Issue& issue, const ValueFunction& f, double weight)
      : table({issue}, {weight}, {f}, Issue::max_cardinality),
        analytic({issue}, {weight}, {f}, 0) {}
};

TEST(LargeIssue, ThresholdDecidesWhichIssuesAreTabulated) {
  const auto f = ValueFunction::make_linear(1e-6, 0.0, 0.0, true);
  const LinearAdditiveUtility at_limit({Issue::integer("x", 0, limit - 1)}, {1.0}, {f});
  const LinearAdditiveUtility above({Issue::integer("x", 0, limit)}, {1.0}, {f});
  EXPECT_TRUE(at_limit.tabulated(0));
  EXPECT_NE(at_limit.contributions(0), nullptr);
  EXPECT_TRUE(at_limit.breakpoints(0).empty());
  EXPECT_FALSE(above.tabulated(0));
  EXPECT_EQ(above.contributions(0), nullptr);
  EXPECT_EQ(above.value_count(0), limit + 1);
  // Tables given per value are data: they stay tables, however long.
  const LinearAdditiveUtility table(
      {Issue::integer("x", 0, limit)}, {1.0},
      {ValueFunction::from_utilities(std::vector<double>(limit + 1))});
  EXPECT_TRUE(table.tabulated(0));
  // Categorical issues are always tabulated.
  const LinearAdditiveUtility categorical({Issue::categorical("c", {{"a", ""}, {"b", ""}})}, {1.0},
                                          {ValueFunction::from_scores({1, 2})}, 0);
  EXPECT_TRUE(categorical.tabulated(0));
}

// Just below and just above the threshold, the analytic evaluation equals the table bit for bit.
TEST(LargeIssue, AnalyticEqualsTheTableBitForBit) {
  for (const std::uint32_t values : {limit, limit + 1}) {
    for (const auto& c : cases(values)) {
      const BothWays u(c.issue, c.function, 0.37);
      ASSERT_TRUE(u.table.tabulated(0));
      ASSERT_FALSE(u.analytic.tabulated(0));
      for (ValueIndex v = 0; v < values; ++v) {
        ASSERT_EQ(bits(u.analytic.contribution(0, v)), bits(u.table.contribution(0, v)))
            << c.name << " v=" << v;
        ASSERT_EQ(bits(u.analytic.value_utility(0, v)), bits(u.table.value_utility(0, v)))
            << c.name << " v=" << v;
        ASSERT_EQ(bits(u.analytic.utility({v})), bits(u.table.utility({v}))) << c.name;
      }
      EXPECT_EQ(bits(u.analytic.max_utility()), bits(u.table.max_utility())) << c.name;
      EXPECT_EQ(bits(u.analytic.min_utility()), bits(u.table.min_utility())) << c.name;
    }
  }
}

// Breakpoints, best and worst value against a scan of every value.
TEST(LargeIssue, BreakpointsAndExtremesMatchBruteForce) {
  for (const std::uint32_t values : {1u, 2u, 3u, 17u, 1000u, limit + 1}) {
    for (const auto& c : cases(values)) {
      const LinearAdditiveUtility u({c.issue}, {0.6}, {c.function}, 0);
      const auto& points = u.breakpoints(0);
      ASSERT_FALSE(points.empty()) << c.name;
      EXPECT_EQ(points.front(), 0u) << c.name;
      EXPECT_EQ(points.back(), values - 1) << c.name;
      for (std::size_t k = 1; k < points.size(); ++k) ASSERT_LT(points[k - 1], points[k]);
      // Brute force: extremes (smallest index) and linearity between breakpoints.
      ValueIndex best = 0, worst = 0;
      for (ValueIndex v = 1; v < values; ++v) {
        if (u.contribution(0, v) > u.contribution(0, best)) best = v;
        if (u.contribution(0, v) < u.contribution(0, worst)) worst = v;
      }
      EXPECT_EQ(u.best_value(0), best) << c.name << " values=" << values;
      EXPECT_EQ(u.worst_value(0), worst) << c.name << " values=" << values;
      EXPECT_EQ(bits(u.best_contribution(0)), bits(u.contribution(0, best))) << c.name;
      EXPECT_EQ(bits(u.worst_contribution(0)), bits(u.contribution(0, worst))) << c.name;
      for (std::size_t k = 0; k + 1 < points.size(); ++k) {
        const ValueIndex a = points[k], b = points[k + 1];
        const double ca = u.contribution(0, a), cb = u.contribution(0, b);
        for (ValueIndex v = a; v <= b; ++v) {
          const double line = ca + (cb - ca) * (v - a) / (b - a);
          ASSERT_NEAR(u.contribution(0, v), line, 1e-12)
              << c.name << " values=" << values << " segment " << a << ".." << b << " v=" << v;
        }
      }
    }
  }
}

// A breakpoint sits at each kink: the clip points of a clipped linear function and the three
// corners of a triangle (floor and ceiling around each, within the range).
TEST(LargeIssue, BreakpointsSitAtTheKinks) {
  // e = -1 + 3x/999 on 0..999: 0 at x=333, 1 at x=666 (exactly on grid points).
  const LinearAdditiveUtility clipped({Issue::integer("x", 0, 999)}, {1.0},
                                      {ValueFunction::make_linear(3.0 / 999, -1.0, 0.0, true)}, 0);
  for (ValueIndex kink : {333u, 666u}) {
    const auto& p = clipped.breakpoints(0);
    EXPECT_NE(std::find(p.begin(), p.end(), kink), p.end()) << kink;
  }
  // Triangle 100.5 .. 700 with top 400.25 on integers 0..999.
  const LinearAdditiveUtility triangle({Issue::integer("x", 0, 999)}, {1.0},
                                       {ValueFunction::make_triangular(100.5, 700, 400.25)}, 0);
  const auto& p = triangle.breakpoints(0);
  for (ValueIndex kink : {100u, 101u, 400u, 401u, 700u}) {
    EXPECT_NE(std::find(p.begin(), p.end(), kink), p.end()) << kink;
  }
  EXPECT_LE(p.size(), 16u);
}

TEST(LargeIssue, SixteenMillionValuesHoldAFewHundredBytes) {
  const std::vector<Issue> issues{Issue::integer("amount", 0, 15'999'999),
                                  Issue::categorical("extra", {{"a", ""}, {"b", ""}, {"c", ""}})};
  const LinearAdditiveUtility u(issues, {0.7, 0.3},
                                {ValueFunction::make_linear(-1.0 / 15'999'999, 1.0, 0.0, false),
                                 ValueFunction::from_scores({10, 5, 0})});
  EXPECT_FALSE(u.tabulated(0));
  EXPECT_LT(u.memory_bytes(), 2048u);
  EXPECT_EQ(u.best_value(0), 0u);
  EXPECT_EQ(u.worst_value(0), 15'999'999u);
  EXPECT_DOUBLE_EQ(u.utility({8'000'000, 1}), 0.7 * (1.0 - 8e6 / 15'999'999) + 0.15);
  EXPECT_DOUBLE_EQ(u.max_utility(), 1.0);
  EXPECT_DOUBLE_EQ(u.min_utility(), 0.0);
  // The same issue tabulated would hold 16 bytes a value.
  const LinearAdditiveUtility small({Issue::integer("amount", 0, limit - 1)}, {1.0},
                                    {ValueFunction::make_linear(1e-5, 0.0, 0.0, false)});
  EXPECT_GE(small.memory_bytes(), 16u * limit);
}

}  // namespace
}  // namespace parley
