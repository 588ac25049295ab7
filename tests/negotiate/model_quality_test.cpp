// The opponent-model quality measures (parley/negotiate/model_quality.hpp): Pearson and Kendall's
// tau-b against brute-force O(n^2) computations on random data with many ties, hand-computed
// values of a worked example, the frontier distance of a worked example, and the measures over a
// scenario: a perfect model, a reversed one, and a sample agreeing with the exact comparison.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "negotiate_fixtures.hpp"
#include "parley/negotiate/model_quality.hpp"

namespace parley {
namespace {

// Textbook two-pass Pearson in long double.
double brute_pearson(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  if (n < 2) return 0.0;
  long double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  long double sxx = 0, syy = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
    sxy += (x[i] - mx) * (y[i] - my);
  }
  if (sxx == 0 || syy == 0) return 0.0;
  return static_cast<double>(sxy / std::sqrt(sxx * syy));
}

// Kendall tau-b by looking at every pair.
double brute_kendall(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  long long concordant = 0, discordant = 0, tied_x = 0, tied_y = 0;
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const double dx = x[i] - x[j], dy = y[i] - y[j];
      if (dx == 0) ++tied_x;
      if (dy == 0) ++tied_y;
      if (dx != 0 && dy != 0) ((dx > 0) == (dy > 0) ? concordant : discordant)++;
    }
  const long long pairs = static_cast<long long>(n * (n - 1) / 2);
  if (pairs == tied_x || pairs == tied_y) return 0.0;
  return static_cast<double>(concordant - discordant) /
         std::sqrt(static_cast<double>(pairs - tied_x) * static_cast<double>(pairs - tied_y));
}

// Random data with many ties: values drawn from `levels` distinct numbers.
std::vector<double> tied_values(std::mt19937_64& rng, std::size_t n, int levels) {
  std::vector<double> v(n);
  for (auto& x : v) x = static_cast<double>(rng() % static_cast<std::uint64_t>(levels)) / 7.0;
  return v;
}

TEST(ModelQuality, PearsonAndKendallMatchBruteForceOnTiedRandomData) {
  std::mt19937_64 rng(20260522);
  for (int trial = 0; trial < 400; ++trial) {
    const std::size_t n = rng() % 120;
    const int levels_x = 1 + static_cast<int>(rng() % 9),
              levels_y = 1 + static_cast<int>(rng() % 9);
    const auto x = tied_values(rng, n, levels_x);
    auto y = tied_values(rng, n, levels_y);
    if (trial % 3 == 0)  // correlated pairs as well as independent ones
      for (std::size_t i = 0; i < n; ++i) y[i] = std::round(x[i] * 3.0 + y[i]);
    SCOPED_TRACE(testing::Message() << "trial " << trial << " n " << n);
    EXPECT_NEAR(pearson_correlation(x, y), brute_pearson(x, y), 1e-12);
    EXPECT_NEAR(kendall_tau_b(x, y), brute_kendall(x, y), 1e-12);
  }
}

RC_GTEST_PROP(ModelQuality, KendallIsSymmetricBoundedAndRankInvariant,
              (const std::vector<int>& a, const std::vector<int>& b)) {
  const std::size_t n = std::min(a.size(), b.size());
  std::vector<double> x, y, monotone;
  for (std::size_t i = 0; i < n; ++i) {
    x.push_back(a[i] % 10);
    y.push_back(b[i] % 10);
    monotone.push_back(std::exp(0.3 * (a[i] % 10)));  // strictly increasing in x
  }
  const double tau = kendall_tau_b(x, y);
  RC_ASSERT(std::abs(tau - brute_kendall(x, y)) < 1e-12);
  RC_ASSERT(std::abs(tau - kendall_tau_b(y, x)) < 1e-12);
  RC_ASSERT(tau >= -1.0);
  RC_ASSERT(tau <= 1.0);
  RC_ASSERT(std::abs(tau - kendall_tau_b(monotone, y)) < 1e-12);
}

TEST(ModelQuality, WorkedExample) {
  // x = 1..5, y = (2, 4, 5, 4, 5): means 3 and 4, Sxy = 6, Sxx = 10, Syy = 6, so
  // r = 6 / sqrt(60); pairs: 7 concordant, 1 discordant, 2 tied in y, none in x, so
  // tau-b = (7 - 1) / sqrt(10 * 8).
  const std::vector<double> x{1, 2, 3, 4, 5}, y{2, 4, 5, 4, 5};
  EXPECT_NEAR(pearson_correlation(x, y), 6.0 / std::sqrt(60.0), 1e-15);
  EXPECT_NEAR(kendall_tau_b(x, y), 6.0 / std::sqrt(80.0), 1e-15);
  EXPECT_NEAR(pearson_correlation(x, y), 0.7745966692414834, 1e-15);
  EXPECT_NEAR(kendall_tau_b(x, y), 0.6708203932499369, 1e-15);
}

TEST(ModelQuality, DegenerateInputs) {
  const std::vector<double> constant{0.3, 0.3, 0.3}, varying{0.1, 0.2, 0.4}, one{1.0};
  EXPECT_EQ(pearson_correlation(constant, varying), 0.0);
  EXPECT_EQ(kendall_tau_b(varying, constant), 0.0);
  EXPECT_EQ(pearson_correlation(one, one), 0.0);
  EXPECT_EQ(kendall_tau_b({}, {}), 0.0);
  EXPECT_EQ(pareto_frontier_distance({}, {}, {}), 0.0);
  // 0.1 three times has a mean that is not exactly 0.1: still constant.
  const std::vector<double> tenths{0.1, 0.1, 0.1};
  EXPECT_EQ(pearson_correlation(tenths, varying), 0.0);
  EXPECT_THROW(pearson_correlation(varying, one), std::invalid_argument);
  EXPECT_THROW(kendall_tau_b(varying, one), std::invalid_argument);
  EXPECT_THROW(pareto_frontier_distance(varying, varying, one), std::invalid_argument);
  const std::vector<double> with_nan{0.1, std::nan(""), 0.2};
  EXPECT_THROW(kendall_tau_b(varying, with_nan), std::invalid_argument);
  EXPECT_THROW(pearson_correlation(with_nan, varying), std::invalid_argument);
}

TEST(ModelQuality, FrontierDistanceWorkedExample) {
  // True points (own, other): (1,0) (.8,.5) (.5,.6) (.2,.9) (0,1), all on the true frontier.
  // Dominated area, by strips from the right: .8*.5 + .5*.1 + .2*.3 = .51.
  const std::vector<double> own{1, 0.8, 0.5, 0.2, 0}, other{0, 0.5, 0.6, 0.9, 1};
  EXPECT_NEAR(pareto_frontier_distance(own, other, other), 0.0, 1e-15);
  // The model underrates outcome 2 (0.3 instead of 0.6): (.8,.5) dominates it in the model's
  // eyes, so the frontier it shows misses it: area .8*.5 + .2*.4 = .48, distance .03.
  const std::vector<double> estimated{0, 0.5, 0.3, 0.9, 1};
  EXPECT_NEAR(pareto_frontier_distance(own, other, estimated), 0.03, 1e-15);
  // A constant estimate shows only the modeller's best outcome (1, 0): it covers no area.
  const std::vector<double> flat(5, 0.5);
  EXPECT_NEAR(pareto_frontier_distance(own, other, flat), 0.51, 1e-15);
  // Ties: outcomes equal in the model's eyes are all on its frontier.
  const std::vector<double> own2{0.5, 0.5, 0.2}, true2{0.2, 0.6, 0.9}, est2{0.4, 0.4, 0.1};
  // Model frontier: outcomes 0 and 1 (tied at (.5,.4)); outcome 2 is dominated by them.
  // True area .5*.6 + .2*.3 = .36; seen .5*.6 = .30.
  EXPECT_NEAR(pareto_frontier_distance(own2, true2, est2), 0.06, 1e-15);
}

TEST(ModelQuality, PerfectAffineAndReversedModels) {
  const auto s = test::small_bilateral();
  const auto truth = [&](const Outcome& o) { return s->utility(1, o); };
  const auto perfect = measure_model_quality(*s, 0, 1, truth);
  EXPECT_EQ(perfect.modeller, 0u);
  EXPECT_EQ(perfect.modelled, 1u);
  EXPECT_EQ(perfect.outcomes, 60u);
  EXPECT_TRUE(perfect.exact);
  EXPECT_NEAR(perfect.pearson, 1.0, 1e-12);
  EXPECT_NEAR(perfect.kendall_tau, 1.0, 1e-12);
  EXPECT_NEAR(perfect.frontier_distance, 0.0, 1e-12);
  const auto affine =
      measure_model_quality(*s, 0, 1, [&](const Outcome& o) { return 0.5 * truth(o) + 0.2; });
  EXPECT_NEAR(affine.pearson, 1.0, 1e-12);
  EXPECT_NEAR(affine.kendall_tau, 1.0, 1e-12);
  EXPECT_NEAR(affine.frontier_distance, 0.0, 1e-12);
  const auto reversed =
      measure_model_quality(*s, 0, 1, [&](const Outcome& o) { return 1.0 - truth(o); });
  EXPECT_NEAR(reversed.pearson, -1.0, 1e-12);
  EXPECT_NEAR(reversed.kendall_tau, -1.0, 1e-12);
  EXPECT_GT(reversed.frontier_distance, 0.1);
  EXPECT_LT(reversed.frontier_distance, 1.0);
  EXPECT_THROW(measure_model_quality(*s, 0, 2, truth), std::invalid_argument);
  EXPECT_THROW(measure_model_quality(*s, 0, 1, [](const Outcome&) { return std::nan(""); }),
               std::invalid_argument);
}

// 3 issues of 40 values (64,000 outcomes); the estimate is the truth plus a fixed pseudo-noise.
TEST(ModelQuality, SampleAgreesWithExactComparison) {
  std::vector<std::vector<std::vector<double>>> scores(2, std::vector<std::vector<double>>(3));
  for (std::uint32_t v = 0; v < 40; ++v)
    for (std::size_t i = 0; i < 3; ++i) {
      scores[0][i].push_back(1.0 + v);
      scores[1][i].push_back(1.0 + (v * (7 + i)) % 40);
    }
  const auto s =
      test::make_linear_scenario({40, 40, 40}, {{0.5, 0.3, 0.2}, {0.2, 0.3, 0.5}}, scores);
  const auto noisy = [&](const Outcome& o) {
    const std::uint64_t h = (o[0] * 2654435761u) ^ (o[1] * 40503u) ^ (o[2] * 9973u);
    return 0.7 * s->utility(1, o) + 0.3 * static_cast<double>(h % 1000) / 1000.0;
  };
  const auto exact = measure_model_quality(*s, 0, 1, noisy);
  EXPECT_TRUE(exact.exact);
  EXPECT_EQ(exact.outcomes, 64'000u);
  ModelQualityOptions options;
  options.outcome_limit = 20'000;
  options.seed = 7;
  const auto sampled = measure_model_quality(*s, 0, 1, noisy, options);
  EXPECT_FALSE(sampled.exact);
  EXPECT_EQ(sampled.outcomes, 20'000u);
  EXPECT_GT(exact.pearson, 0.5);
  EXPECT_LT(exact.pearson, 0.99);
  EXPECT_NEAR(sampled.pearson, exact.pearson, 0.02);
  EXPECT_NEAR(sampled.kendall_tau, exact.kendall_tau, 0.02);
  EXPECT_NEAR(sampled.frontier_distance, exact.frontier_distance, 0.02);
  // Same seed, same sample.
  const auto again = measure_model_quality(*s, 0, 1, noisy, options);
  EXPECT_EQ(again.pearson, sampled.pearson);
  EXPECT_EQ(again.kendall_tau, sampled.kendall_tau);
  EXPECT_EQ(again.frontier_distance, sampled.frontier_distance);
}

TEST(ModelQuality, RealIssuesAreComparedOnTheirGrid) {
  std::vector<Issue> issues{Issue::real("price", 0.0, 10.0, 21), Issue::integer("n", 0, 4)};
  std::vector<Party> parties(2);
  for (std::size_t j = 0; j < 2; ++j) {
    parties[j].name = j == 0 ? "buyer" : "seller";
    parties[j].utility = std::make_shared<LinearAdditiveUtility>(
        issues, std::vector<double>{0.6, 0.4},
        std::vector<ValueFunction>{
            ValueFunction::make_linear(j == 0 ? -0.1 : 0.1, j == 0 ? 1.0 : 0.0, 0.0, true),
            ValueFunction::from_scores({1, 2, 3, 4, 5})});
  }
  const Scenario s("real", issues, parties);
  const auto q = measure_model_quality(s, 0, 1, [&](const Outcome& o) { return s.utility(1, o); });
  EXPECT_EQ(q.outcomes, 105u);
  EXPECT_FALSE(q.exact);
  EXPECT_NEAR(q.pearson, 1.0, 1e-12);
}

// 2 issues of 10^6 values: never enumerated; the sample keeps to the limit and stays quick.
TEST(ModelQuality, HugeSpaceIsSampled) {
  std::vector<Issue> issues{Issue::integer("a", 0, 999'999), Issue::integer("b", 0, 999'999)};
  std::vector<Party> parties(2);
  for (std::size_t j = 0; j < 2; ++j) {
    parties[j].name = j == 0 ? "x" : "y";
    const double slope = (j == 0 ? -1.0 : 1.0) / 999'999.0;
    parties[j].utility = std::make_shared<LinearAdditiveUtility>(
        issues, std::vector<double>{0.5, 0.5},
        std::vector<ValueFunction>{
            ValueFunction::make_linear(slope, j == 0 ? 1.0 : 0.0, 0.0, true),
            ValueFunction::make_linear(slope, j == 0 ? 1.0 : 0.0, 0.0, true)});
  }
  const Scenario s("huge", issues, parties);
  const auto q = measure_model_quality(s, 0, 1, [&](const Outcome& o) { return s.utility(0, o); });
  EXPECT_EQ(q.outcomes, 100'000u);
  EXPECT_FALSE(q.exact);
  EXPECT_NEAR(q.pearson, -1.0, 1e-9);      // the modeller's own utility is exactly 1 - theirs
  EXPECT_NEAR(q.kendall_tau, -1.0, 1e-4);  // rounding may untie a few pairs
}

}  // namespace
}  // namespace parley
