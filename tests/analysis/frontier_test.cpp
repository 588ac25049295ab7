// Unit tests of the Pareto frontier: every method against an independent brute force on small
// scenarios built in code, hypervolume, reference files, the synthetic generator, and the anytime
// search on a small nonlinear space. The hand-computed cases are files in tests/cases/frontier.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <random>

#include "frontier_test_support.hpp"
#include "parley/analysis/synthetic.hpp"
#include "parley/support/error.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

using test::brute_force_frontier;
using test::frontier_by;
using test::outcomes_of;
using test::table_scenario;

// Random tables with values drawn from `grid` (coarse grids give many exact ties).
ScenarioPtr random_scenario(std::uint64_t seed, std::size_t parties, std::vector<std::size_t> sizes,
                            const std::vector<double>& grid) {
  std::mt19937_64 random(seed);
  std::vector<std::vector<std::vector<double>>> tables(parties);
  std::vector<std::vector<double>> weights(parties);
  for (std::size_t j = 0; j < parties; ++j) {
    for (auto size : sizes) {
      std::vector<double> table(size);
      for (auto& value : table)
        value = grid.empty() ? static_cast<double>(random() >> 11) * 0x1.0p-53
                             : grid[random() % grid.size()];
      tables[j].push_back(table);
      weights[j].push_back(grid.empty() ? 0.1 + static_cast<double>(random() % 90) / 100.0
                                        : grid[random() % grid.size()] + 0.25);
    }
  }
  return table_scenario(tables, weights);
}

void expect_all_methods_match_brute_force(const Scenario& scenario) {
  const auto expected = brute_force_frontier(scenario, 1e-9);
  const auto enumerated = frontier_by(scenario, FrontierMethod::enumeration);
  EXPECT_EQ(outcomes_of(enumerated), expected) << "enumeration";
  if (scenario.is_linear_additive()) {
    const auto dp = frontier_by(scenario, FrontierMethod::linear_dp);
    EXPECT_EQ(outcomes_of(dp), expected) << "linear_dp";
    EXPECT_EQ(dp.method, FrontierMethod::linear_dp);
    EXPECT_TRUE(dp.exact);
  }
}

TEST(Frontier, MatchesBruteForceOnRandomTables) {
  const std::vector<double> coarse{0.0, 0.25, 0.5, 0.75, 1.0};
  std::uint64_t seed = 11;
  for (std::size_t parties : {2u, 3u, 4u}) {
    for (const auto& sizes : std::vector<std::vector<std::size_t>>{
             {3, 4, 2}, {5, 5}, {2, 2, 2, 2, 3}, {7}, {4, 3, 3, 2}}) {
      SCOPED_TRACE("parties " + std::to_string(parties) + " seed " + std::to_string(seed));
      expect_all_methods_match_brute_force(*random_scenario(seed++, parties, sizes, coarse));
      expect_all_methods_match_brute_force(*random_scenario(seed++, parties, sizes, {}));
    }
  }
}

TEST(Frontier, IntegerAndRealIssues) {
  std::vector<Issue> issues{Issue::integer("price", 10, 14), Issue::real("delay", 0.0, 2.0, 5),
                            Issue::categorical("colour", {{"red", {}}, {"blue", {}}})};
  auto make_party = [&](std::string name, ValueFunction price, ValueFunction delay,
                        std::vector<double> colour, std::vector<double> weights) {
    Party p;
    p.name = std::move(name);
    p.utility = std::make_shared<LinearAdditiveUtility>(
        issues, std::move(weights),
        std::vector<ValueFunction>{std::move(price), std::move(delay),
                                   ValueFunction::from_utilities(std::move(colour))});
    return p;
  };
  std::vector<Party> parties{
      make_party("buyer", ValueFunction::make_linear(-0.25, 1.0, 10.0, true),
                 ValueFunction::make_triangular(0.0, 2.0, 0.5), {1.0, 0.25}, {0.5, 0.3, 0.2}),
      make_party("seller", ValueFunction::make_linear(0.25, 0.0, 10.0, true),
                 ValueFunction::make_linear(0.5, 0.0, 0.0, false), {0.5, 1.0}, {0.6, 0.1, 0.3}),
      make_party("bank", ValueFunction::make_constant(0.5),
                 ValueFunction::make_triangular(0.0, 2.0, 1.5), {0.0, 1.0}, {0.2, 0.4, 0.4})};
  Scenario three("mixed", issues, parties);
  expect_all_methods_match_brute_force(three);
  parties.pop_back();
  Scenario two("mixed2", issues, parties);
  expect_all_methods_match_brute_force(two);
}

// Positive affine map of one party's utility: weights scaled by `scale`, `shift` added through
// the first issue's table.
ScenarioPtr rescaled(const std::vector<std::vector<std::vector<double>>>& tables,
                     std::vector<std::vector<double>> weights, std::size_t party, double scale,
                     double shift) {
  auto t = tables;
  for (auto& w : weights[party]) w *= scale;
  for (auto& value : t[party][0]) value += shift / weights[party][0];
  return table_scenario(t, weights);
}

TEST(Frontier, InvariantUnderPositiveAffineRescaling) {
  const std::vector<std::vector<std::vector<double>>> tables{{{1, 0.5, 0.5, 0}, {0.2, 1, 0.2}},
                                                             {{0, 0.5, 0.5, 1}, {1, 0, 0.6}},
                                                             {{0.5, 1, 0, 0.5}, {0, 0, 1}}};
  const std::vector<std::vector<double>> weights{{0.6, 0.4}, {0.3, 0.7}, {0.5, 0.5}};
  for (std::size_t parties : {2u, 3u}) {
    auto t = tables;
    auto w = weights;
    t.resize(parties);
    w.resize(parties);
    const auto base = outcomes_of(frontier_by(*table_scenario(t, w), FrontierMethod::linear_dp));
    for (auto [scale, shift] :
         {std::pair{1000.0, -3.0}, std::pair{1e-6, 7.0}, std::pair{3.0, 0.1}}) {
      auto s = rescaled(t, w, 1, scale, shift);
      EXPECT_EQ(outcomes_of(frontier_by(*s, FrontierMethod::linear_dp)), base) << scale;
      EXPECT_EQ(outcomes_of(frontier_by(*s, FrontierMethod::enumeration)), base) << scale;
    }
  }
}

TEST(Frontier, SortedByFirstPartyDescending) {
  const auto s = make_synthetic_scenario(6, 4, 2);
  const auto f = frontier_by(*s, FrontierMethod::linear_dp);
  ASSERT_GT(f.packages.size(), 5u);
  for (std::size_t k = 1; k < f.packages.size(); ++k) {
    EXPECT_GT(f.packages[k - 1].utilities[0], f.packages[k].utilities[0]);
    EXPECT_LT(f.packages[k - 1].utilities[1], f.packages[k].utilities[1]);
  }
  for (const auto& p : f.packages) EXPECT_EQ(p.utilities, s->utilities(p.outcome));
}

TEST(Frontier, AutomaticPicksTheMethod) {
  const auto s = random_scenario(5, 2, {3, 3}, {});
  EXPECT_EQ(pareto_frontier(*s).method, FrontierMethod::linear_dp);
}

TEST(Frontier, RejectsBadOptionsAndImpossibleRequests) {
  const auto s = random_scenario(5, 2, {3, 3}, {});
  FrontierOptions bad;
  bad.tolerance = -1.0;
  EXPECT_THROW(pareto_frontier(*s, bad), InputError);
  bad.tolerance = NAN;
  EXPECT_THROW(pareto_frontier(*s, bad), InputError);
  FrontierOptions small;
  small.method = FrontierMethod::enumeration;
  small.enumeration_limit = 8;  // the space has 9 outcomes
  EXPECT_THROW(pareto_frontier(*s, small), UnsupportedError);
  const auto huge = make_synthetic_scenario(30, 10, 2);
  FrontierOptions enumerate;
  enumerate.method = FrontierMethod::enumeration;
  EXPECT_THROW(pareto_frontier(*huge, enumerate), UnsupportedError);
}

TEST(Frontier, DominatesWithTolerance) {
  const std::vector<double> eps{0.01, 0.01};
  EXPECT_TRUE(dominates({1.0, 1.0}, {0.5, 1.0}, eps));
  EXPECT_FALSE(dominates({1.0, 1.0}, {1.0, 1.0}, eps));
  EXPECT_FALSE(dominates({1.005, 1.0}, {1.0, 1.0}, eps));  // within tolerance: equal
  EXPECT_TRUE(dominates({1.02, 0.995}, {1.0, 1.0}, eps));  // worse by less than epsilon
  EXPECT_FALSE(dominates({1.02, 0.98}, {1.0, 1.0}, eps));
  EXPECT_THROW(dominates({1.0}, {1.0, 2.0}, eps), Error);
}

TEST(Frontier, UtilityRangesOfLinearAreExact) {
  const auto s = random_scenario(8, 3, {3, 4, 2}, {});
  const auto ranges = utility_ranges(*s);
  EXPECT_TRUE(ranges.exact);
  for (std::size_t j = 0; j < 3; ++j) {
    double low = INFINITY, high = -INFINITY;
    Outcome o(3, 0);
    do {
      low = std::min(low, s->utility(j, o));
      high = std::max(high, s->utility(j, o));
    } while (s->space().next(o));
    EXPECT_EQ(ranges.min[j], low);
    EXPECT_EQ(ranges.max[j], high);
  }
}

TEST(Hypervolume, HandComputed) {
  // Two points (1,2), (2,1) over the origin: 1*2 + 2*1 - 1*1 (the shared square) = 3.
  EXPECT_DOUBLE_EQ(hypervolume({{1, 2}, {2, 1}}, {0, 0}), 3.0);
  // A dominated point adds nothing; a point below the reference adds nothing.
  EXPECT_DOUBLE_EQ(hypervolume({{1, 2}, {2, 1}, {0.5, 0.5}, {-1, 5}}, {0, 0}), 3.0);
  EXPECT_DOUBLE_EQ(hypervolume({{3, 3}}, {1, 2}), 2.0);
  // Three boxes (2,1,1), (1,2,1), (1,1,2): inclusion-exclusion 2+2+2 - 1-1-1 + 1 = 4.
  EXPECT_DOUBLE_EQ(hypervolume({{2, 1, 1}, {1, 2, 1}, {1, 1, 2}}, {0, 0, 0}), 4.0);
  EXPECT_DOUBLE_EQ(hypervolume({{1, 1, 1}}, {0, 0, 0}), 1.0);
  EXPECT_DOUBLE_EQ(hypervolume({}, {0, 0}), 0.0);
  EXPECT_THROW(hypervolume({{1, 1, 1, 1}}, {0, 0, 0, 0}), UnsupportedError);
}

TEST(Hypervolume, ThreePartiesMatchesGridCount) {
  // Random points on a 1/8 grid: count the grid cells dominated, independently.
  std::mt19937_64 random(3);
  std::vector<std::vector<double>> points;
  for (int k = 0; k < 12; ++k)
    points.push_back({static_cast<double>(random() % 9) / 8, static_cast<double>(random() % 9) / 8,
                      static_cast<double>(random() % 9) / 8});
  int cells = 0;
  for (int x = 0; x < 8; ++x)
    for (int y = 0; y < 8; ++y)
      for (int z = 0; z < 8; ++z) {
        bool covered = false;
        for (const auto& p : points)
          covered =
              covered || ((x + 1) / 8.0 <= p[0] && (y + 1) / 8.0 <= p[1] && (z + 1) / 8.0 <= p[2]);
        cells += covered;
      }
  EXPECT_DOUBLE_EQ(hypervolume(points, {0, 0, 0}), cells / 512.0);
}

TEST(ReferenceFrontier, ReadsGeniusParetoFiles) {
  const auto path = std::filesystem::temp_directory_path() / "parley_frontier_reference.txt";
  {
    std::ofstream out(path);
    out << "\n0.67824775, 1.0\n0.6797583, 0.9322034\n\n1.0, 0.0\n";
  }
  const auto points = read_reference_frontier(path.string());
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0], (std::vector<double>{0.67824775, 1.0}));
  EXPECT_EQ(points[2], (std::vector<double>{1.0, 0.0}));
  {
    std::ofstream out(path);
    out << "0.5, 0.5\n0.25, abc\n";
  }
  try {
    read_reference_frontier(path.string());
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.found(), "'abc'");
  }
  {
    std::ofstream out(path);
    out << "0.5, 0.5\n0.25\n";
  }
  EXPECT_THROW(read_reference_frontier(path.string()), InputError);
  std::filesystem::remove(path);
  EXPECT_THROW(read_reference_frontier(path.string()), InputError);
}

TEST(Synthetic, FollowsTheDocumentedGenerator) {
  const auto s = make_synthetic_scenario(3, 4, 2);
  ASSERT_EQ(s->issue_count(), 3u);
  ASSERT_EQ(s->party_count(), 2u);
  // First LCG draw for party 0 (seed 1), computed by hand with Python:
  // x = 1*6364136223846793005 + 1442695040888963407 = 7806831264735756412, u = (x>>11)/2^53
  // = 0.42320917087271326; the second draw is 0.5094074428837206.
  const auto* linear = s->party(0).utility->as_linear_additive();
  ASSERT_NE(linear, nullptr);
  const auto& table = linear->value_function(0).table;
  const double best = *std::max_element(table.begin(), table.end());
  EXPECT_DOUBLE_EQ(best, 1.0);
  const auto& raw = table;
  EXPECT_NEAR(raw[1] / raw[0], 0.5094074428837206 / 0.42320917087271326, 1e-12);
  double total = 0.0;
  for (double w : linear->weights()) total += w;
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_EQ(make_synthetic_scenario(3, 4, 2)->utilities({1, 2, 3}), s->utilities({1, 2, 3}));
  EXPECT_THROW(make_synthetic_scenario(0, 4, 2), InputError);
  EXPECT_THROW(make_synthetic_scenario(3, 4, 1), InputError);
}

TEST(LinearDp, LargeSyntheticFrontierHoldsEverySupportedPoint) {
  // Independent check at a scale enumeration cannot reach (10^40 outcomes): for weights
  // (l, 1-l), max over the space of l*u0 + (1-l)*u1 separates by issue, so it is the sum of the
  // per-issue maxima; the frontier must reach it.
  const auto s = make_synthetic_scenario(40, 10, 2);
  const auto f = frontier_by(*s, FrontierMethod::linear_dp);
  ASSERT_GT(f.packages.size(), 100u);
  const auto* a = s->party(0).utility->as_linear_additive();
  const auto* b = s->party(1).utility->as_linear_additive();
  for (double l : {0.0, 0.1, 0.37, 0.5, 0.81, 1.0}) {
    double best_space = 0.0;
    for (std::size_t i = 0; i < 40; ++i) {
      double best = -INFINITY;
      for (ValueIndex v = 0; v < 10; ++v)
        best = std::max(best, l * a->contribution(i, v) + (1 - l) * b->contribution(i, v));
      best_space += best;
    }
    double best_frontier = -INFINITY;
    for (const auto& p : f.packages)
      best_frontier = std::max(best_frontier, l * p.utilities[0] + (1 - l) * p.utilities[1]);
    EXPECT_NEAR(best_frontier, best_space, 1e-9) << l;
  }
  // Mutually non-dominated, utilities genuinely those of the outcomes.
  for (std::size_t k = 1; k < f.packages.size(); ++k) {
    EXPECT_GT(f.packages[k - 1].utilities[0], f.packages[k].utilities[0]);
    EXPECT_LT(f.packages[k - 1].utilities[1], f.packages[k].utilities[1]);
  }
  for (std::size_t k = 0; k < f.packages.size(); k += 97)
    EXPECT_EQ(f.packages[k].utilities, s->utilities(f.packages[k].outcome));
}

// A small ANAC 2014-style nonlinear scenario: 3 integer issues 0..4, rectangles per party.
ScenarioPtr rectangle_scenario() {
  std::vector<Issue> issues{Issue::integer("a", 0, 4), Issue::integer("b", 0, 4),
                            Issue::integer("c", 0, 4)};
  auto rect = [](std::vector<HyperRectangle::Bound> bounds, double utility) {
    HyperRectangle r;
    r.bounds = std::move(bounds);
    r.utility = utility;
    return r;
  };
  UtilityNode first, second;
  first.rectangles = {rect({{0, 0, 1}, {1, 0, 2}}, 40), rect({{2, 3, 4}}, 25),
                      rect({{0, 2, 4}, {2, 0, 1}}, 30)};
  second.rectangles = {rect({{0, 3, 4}, {1, 2, 4}}, 50), rect({{2, 0, 2}}, 20),
                       rect({{1, 0, 0}}, 10)};
  std::vector<Party> parties(2);
  parties[0].name = "first";
  parties[0].utility = std::make_shared<HyperRectangleUtility>(issues, std::vector{first}, 65);
  parties[1].name = "second";
  parties[1].utility = std::make_shared<HyperRectangleUtility>(issues, std::vector{second}, 70);
  return std::make_shared<const Scenario>("rectangles", issues, parties);
}

TEST(Frontier, NonlinearEnumerationMatchesBruteForce) {
  const auto s = rectangle_scenario();
  expect_all_methods_match_brute_force(*s);
  EXPECT_EQ(pareto_frontier(*s).method, FrontierMethod::enumeration);
  FrontierOptions dp;
  dp.method = FrontierMethod::linear_dp;
  EXPECT_THROW(pareto_frontier(*s, dp), UnsupportedError);
}

TEST(AnytimeSearch, SmallSpaceIsFoundDeterministically) {
  const auto s = rectangle_scenario();
  FrontierOptions options;
  options.method = FrontierMethod::anytime_search;
  options.budget = 400'000;
  options.seed = 7;
  const auto exact = frontier_by(*s, FrontierMethod::enumeration);
  for (const auto& p : exact.packages) options.reference.push_back(p.utilities);
  const auto found = pareto_frontier(*s, options);
  EXPECT_FALSE(found.exact);
  EXPECT_EQ(found.stop, StopReason::budget);
  EXPECT_LE(found.work, options.budget);
  EXPECT_GT(found.work, options.budget * 8 / 10);  // it spends the budget it is given
  EXPECT_GE(found.evaluated, 3000u);
  // 125 outcomes and over 3000 evaluations: the exact frontier must be found.
  EXPECT_EQ(outcomes_of(found), outcomes_of(exact));
  ASSERT_TRUE(found.hypervolume && found.reference_hypervolume);
  EXPECT_DOUBLE_EQ(*found.hypervolume, *found.reference_hypervolume);
  EXPECT_DOUBLE_EQ(*found.max_distance_to_reference, 0.0);
  const auto again = pareto_frontier(*s, options);
  ASSERT_EQ(again.packages.size(), found.packages.size());
  for (std::size_t k = 0; k < found.packages.size(); ++k)
    EXPECT_EQ(again.packages[k].outcome, found.packages[k].outcome);
}

TEST(AnytimeSearch, ProgressIsReported) {
  const auto s = rectangle_scenario();
  FrontierOptions options;
  options.method = FrontierMethod::anytime_search;
  options.budget = 60'000;
  int calls = 0;
  double last = -1.0;
  options.progress = [&](double fraction, const std::string&) {
    EXPECT_GE(fraction, last);
    last = fraction;
    ++calls;
  };
  pareto_frontier(*s, options);
  EXPECT_GT(calls, 1);
  FrontierOptions no_budget;
  no_budget.method = FrontierMethod::anytime_search;
  no_budget.budget = 0;
  EXPECT_THROW(pareto_frontier(*s, no_budget), InputError);
  FrontierOptions negative_cap;
  negative_cap.time_cap_seconds = -1.0;
  EXPECT_THROW(pareto_frontier(*s, negative_cap), InputError);
}

}  // namespace
}  // namespace parley
