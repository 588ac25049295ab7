// Work budgets of the frontier (docs/analysis.md, "Budgets"): the automatic choice, the
// deterministic fallback from an exact method to the search, the wall-clock cap, and the quality
// figures of an approximation checked against an independent brute force.
#include <gtest/gtest.h>

#include <iostream>
#include <random>

#include "frontier_test_support.hpp"
#include "parley/analysis/synthetic.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

using test::brute_force_frontier;
using test::outcomes_of;

// Share of the box [low, high] dominated by `points` (weakly), by an independent Monte-Carlo
// estimate with its own generator.
double dominated_share(const std::vector<std::vector<double>>& points,
                       const std::vector<double>& low, const std::vector<double>& high,
                       std::size_t samples = 20'000) {
  std::mt19937_64 random(12345);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::size_t hits = 0;
  std::vector<double> y(low.size());
  for (std::size_t s = 0; s < samples; ++s) {
    for (std::size_t j = 0; j < y.size(); ++j) y[j] = low[j] + unit(random) * (high[j] - low[j]);
    for (const auto& p : points) {
      bool all = true;
      for (std::size_t j = 0; j < y.size() && all; ++j) all = p[j] >= y[j];
      if (all) {
        ++hits;
        break;
      }
    }
  }
  return static_cast<double>(hits) / static_cast<double>(samples);
}

std::vector<std::vector<double>> utilities_of(const Frontier& frontier) {
  std::vector<std::vector<double>> points;
  for (const auto& p : frontier.packages) points.push_back(p.utilities);
  return points;
}

void expect_same(const Frontier& a, const Frontier& b) {
  ASSERT_EQ(a.packages.size(), b.packages.size());
  for (std::size_t k = 0; k < a.packages.size(); ++k) {
    EXPECT_EQ(a.packages[k].outcome, b.packages[k].outcome);
    EXPECT_EQ(a.packages[k].utilities, b.packages[k].utilities);
  }
  EXPECT_EQ(a.work, b.work);
  EXPECT_EQ(a.method, b.method);
  EXPECT_EQ(a.method_reason, b.method_reason);
  EXPECT_EQ(a.dominated_share, b.dominated_share);
  EXPECT_EQ(a.gap_bound, b.gap_bound);
}

TEST(WorkBudget, TwoPartiesStayExactAndSayWhy) {
  const auto s = make_synthetic_scenario(10, 10, 2);
  const auto f = pareto_frontier(*s);
  EXPECT_EQ(f.method, FrontierMethod::linear_dp);
  EXPECT_TRUE(f.exact);
  EXPECT_EQ(f.stop, StopReason::finished);
  EXPECT_EQ(f.budget, kDefaultWorkBudget);
  EXPECT_GT(f.work, 0u);
  EXPECT_LE(f.work, f.budget / 2);
  EXPECT_NE(f.method_reason.find("linear-dp (exact)"), std::string::npos) << f.method_reason;
  EXPECT_GT(f.peak_bytes, 0u);
  ASSERT_EQ(f.ranges.min.size(), 2u);
  EXPECT_TRUE(f.ranges.exact);
}

TEST(WorkBudget, FivePartiesFallBackToTheSearchDeterministically) {
  // 10^10 packages, 5 parties: the exact frontier is far too large for this budget.
  const auto s = make_synthetic_scenario(10, 10, 5);
  FrontierOptions options;
  options.budget = 40'000'000;
  const auto f = pareto_frontier(*s, options);
  EXPECT_EQ(f.method, FrontierMethod::anytime_search);
  EXPECT_FALSE(f.exact);
  EXPECT_EQ(f.stop, StopReason::budget);
  EXPECT_LE(f.work, options.budget);
  EXPECT_GT(f.work, options.budget * 8 / 10);
  EXPECT_NE(f.method_reason.find("linear-dp needed more than three quarters of the budget"),
            std::string::npos)
      << f.method_reason;
  ASSERT_FALSE(f.packages.empty());
  for (const auto& p : f.packages) EXPECT_EQ(p.utilities, s->utilities(p.outcome));
  const std::vector<double> epsilon(5, 0.0);
  for (const auto& a : f.packages)
    for (const auto& b : f.packages) EXPECT_FALSE(dominates(a.utilities, b.utilities, epsilon));
  ASSERT_TRUE(f.dominated_share && f.gap_bound);
  EXPECT_GT(*f.dominated_share, 0.0);
  EXPECT_GE(*f.gap_bound, 0.0);
  EXPECT_LE(*f.dominated_share + *f.gap_bound, 1.0);
  expect_same(f, pareto_frontier(*s, options));
  // Another seed explores differently; another budget gives another (deterministic) answer.
  options.seed = 2;
  const auto other = pareto_frontier(*s, options);
  EXPECT_LE(other.work, options.budget);
}

TEST(WorkBudget, GapBoundCoversWhatTheSearchMissed) {
  // 3 parties, 6^5 = 7,776 packages: small enough for a brute-force frontier, searched with a
  // budget too small to find it all.
  const auto s = make_synthetic_scenario(5, 6, 3);
  const auto exact = brute_force_frontier(*s, 1e-9);
  FrontierOptions options;
  options.method = FrontierMethod::anytime_search;
  options.budget = 600'000;
  const auto f = pareto_frontier(*s, options);
  ASSERT_TRUE(f.dominated_share && f.gap_bound);
  std::cout << f.packages.size() << " of " << exact.size() << " packages found, dominated share "
            << *f.dominated_share << ", gap bound " << *f.gap_bound << "\n";
  std::vector<std::vector<double>> exact_points;
  for (const auto& outcome : exact) exact_points.push_back(s->utilities(outcome));
  const auto& low = f.ranges.min;
  const auto& high = f.ranges.max;
  const double truth = dominated_share(exact_points, low, high);
  const double found = dominated_share(utilities_of(f), low, high);
  // The library's estimates agree with the independent ones (4,096 vs 20,000 samples)...
  EXPECT_NEAR(*f.dominated_share, found, 0.04);
  // ...and the bound covers the share really missed, up to the sampling error.
  EXPECT_GE(*f.gap_bound + 0.04, truth - found) << "truth " << truth << " found " << found;
  // An approximation may keep packages the true frontier dominates, but none of its packages
  // can dominate a point of the true frontier (that would make the brute force wrong).
  for (const auto& p : f.packages)
    for (const auto& e : exact_points)
      EXPECT_FALSE(dominates(p.utilities, e, std::vector<double>(3, 1e-9)));
}

TEST(WorkBudget, RequestedExactMethodRefusesToRunPastTheBudget) {
  const auto s = make_synthetic_scenario(10, 10, 5);
  FrontierOptions options;
  options.method = FrontierMethod::linear_dp;
  options.budget = 1'000'000;
  try {
    pareto_frontier(*s, options);
    FAIL() << "expected UnsupportedError";
  } catch (const UnsupportedError& e) {
    EXPECT_NE(std::string(e.what()).find("work budget"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--budget"), std::string::npos) << e.what();
  }
}

TEST(WorkBudget, EnumerationFallsBackWhenItDoesNotFit) {
  // A hyper-rectangle space of 10^6 outcomes: enumeration costs more than this budget.
  std::vector<Issue> issues;
  for (int i = 0; i < 6; ++i) issues.push_back(Issue::integer("x" + std::to_string(i), 0, 9));
  HyperRectangle first{{{0, 2, 5}, {1, 0, 4}}, false, 40, 1};
  HyperRectangle second{{{2, 5, 9}, {0, 6, 9}}, false, 60, 1};
  UtilityNode a, b;
  a.rectangles = {first, second};
  b.rectangles = {HyperRectangle{{{0, 0, 3}, {3, 0, 2}}, false, 70, 1}};
  std::vector<Party> parties(2);
  parties[0].name = "a";
  parties[0].utility = std::make_shared<HyperRectangleUtility>(issues, std::vector{a}, 100);
  parties[1].name = "b";
  parties[1].utility = std::make_shared<HyperRectangleUtility>(issues, std::vector{b}, 70);
  const Scenario s("rectangles", issues, parties);
  FrontierOptions small;
  small.budget = 2'000'000;
  const auto searched = pareto_frontier(s, small);
  EXPECT_EQ(searched.method, FrontierMethod::anytime_search);
  EXPECT_NE(searched.method_reason.find("more than the budget"), std::string::npos)
      << searched.method_reason;
  EXPECT_LE(searched.work, small.budget);
  const auto enumerated = pareto_frontier(s);  // the default budget: enumeration fits
  EXPECT_EQ(enumerated.method, FrontierMethod::enumeration);
  EXPECT_TRUE(enumerated.exact);
  EXPECT_NE(enumerated.method_reason.find("fit the budget"), std::string::npos);
}

TEST(WorkBudget, TheClockOnlyStopsEarlyAndSaysSo) {
  const auto s = make_synthetic_scenario(10, 10, 5);
  FrontierOptions options;
  options.budget = std::uint64_t{1} << 40;
  options.time_cap_seconds = 0.05;
  const auto f = pareto_frontier(*s, options);
  EXPECT_EQ(f.stop, StopReason::time_cap);
  EXPECT_FALSE(f.exact);
  EXPECT_LT(f.work, options.budget);
}

TEST(WorkBudget, CancellationStopsEveryMethod) {
  const auto s = make_synthetic_scenario(10, 10, 5);
  for (auto method :
       {FrontierMethod::automatic, FrontierMethod::linear_dp, FrontierMethod::anytime_search}) {
    FrontierOptions options;
    options.method = method;
    options.budget = std::uint64_t{1} << 40;
    int polls = 0;
    options.cancelled = [&] { return ++polls > 5; };
    EXPECT_THROW(pareto_frontier(*s, options), Cancelled) << to_string(method);
    EXPECT_EQ(polls, 6);
  }
}

}  // namespace
}  // namespace parley
