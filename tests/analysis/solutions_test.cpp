// Worked cases with known answers for each bargaining solution, the zone of agreement and the
// indicators. Each case names where its answer comes from; the expected values are computed by
// hand from the definitions (see the comments).
#include <gtest/gtest.h>

#include <cmath>

#include "parley/analysis.hpp"
#include "solutions_test_support.hpp"

namespace parley {
namespace {

using test::point_scenario;

const Solution& find(const Analysis& analysis, SolutionKind kind) {
  for (const auto& s : analysis.solutions)
    if (s.kind == kind) return s;
  throw std::runtime_error(std::string("no solution ") + to_string(kind));
}

// Kalai & Smorodinsky (1975), Econometrica 43(3), section 3: the monotonicity example.
// S = conv{(0,0),(0,1),(3/4,3/4),(1,0)} and T = conv{(0,0),(0,1),(1,0.7),(1,0)}, d = (0,0).
// Nash(S) = (3/4,3/4) but Nash(T) = (1,0.7): player 2 gets less in T although for every u1 it can
// get more. KS(T) is where the line u1 = u2 meets the edge (0,1)-(1,0.7): u = 1/1.3.
TEST(SolutionsTextbook, KalaiSmorodinskyMonotonicityExample) {
  const auto s = point_scenario({{0, 1}, {0.75, 0.75}, {1, 0}}, {0, 0});
  const Analysis on_s = analyse(*s);
  EXPECT_EQ(find(on_s, SolutionKind::nash).packages[0].outcome, Outcome{1});
  EXPECT_EQ(find(on_s, SolutionKind::kalai_smorodinsky).packages[0].outcome, Outcome{1});
  EXPECT_EQ(find(on_s, SolutionKind::nash_lottery).packages.size(), 1u);
  EXPECT_EQ(find(on_s, SolutionKind::nash_lottery).packages[0].outcome, Outcome{1});
  EXPECT_EQ(find(on_s, SolutionKind::kalai_smorodinsky_lottery).packages[0].outcome, Outcome{1});
  EXPECT_NEAR(find(on_s, SolutionKind::nash).criterion, 0.5625, 1e-12);

  const auto t = point_scenario({{0, 1}, {1, 0.7}, {1, 0}}, {0, 0});
  const Analysis on_t = analyse(*t);
  ASSERT_EQ(on_t.frontier.packages.size(), 2u);  // (1,0) is dominated by (1,0.7)
  const auto& nash = find(on_t, SolutionKind::nash_lottery);
  ASSERT_EQ(nash.packages.size(), 1u);  // the product u1 (1 - 0.3 u1) rises up to u1 = 1
  EXPECT_EQ(nash.packages[0].outcome, Outcome{1});
  EXPECT_NEAR(nash.utilities[1], 0.7, 1e-12);

  const auto& ks = find(on_t, SolutionKind::kalai_smorodinsky_lottery);
  ASSERT_EQ(ks.packages.size(), 2u);
  double on_edge_end = 0.0;
  for (std::size_t k = 0; k < 2; ++k)
    if (ks.packages[k].outcome == Outcome{1}) on_edge_end = ks.probabilities[k];
  EXPECT_NEAR(on_edge_end, 1.0 / 1.3, 1e-12);
  EXPECT_NEAR(ks.utilities[0], 1.0 / 1.3, 1e-12);
  EXPECT_NEAR(ks.utilities[1], 1.0 / 1.3, 1e-12);
  EXPECT_NEAR(ks.probabilities[0] + ks.probabilities[1], 1.0, 1e-15);
  EXPECT_GT(ks.utilities[1], 0.75);  // monotonicity: player 2 is not worse off than in S
  EXPECT_NEAR(ks.criterion, 1.0 / 1.3, 1e-12);
}

// A discrete set where Nash and KS differ (constructed from the definitions, d = (0,0)):
// P0 = (1, 0.1), P1 = (0.7, 0.1375), P2 = (0, 1). Ideal point (1, 1).
// Nash products 0.1, 0.09625, 0 -> P0. KS smallest relative gains 0.1, 0.1375, 0 -> P1.
// Egalitarian smallest gains 0.1, 0.1375, 0 -> P1. Utilitarian sums 1.1, 0.8375, 1 -> P0.
TEST(SolutionsTextbook, NashAndKalaiSmorodinskyDiffer) {
  const auto s = point_scenario({{1, 0.1}, {0.7, 0.1375}, {0, 1}}, {0, 0});
  const Analysis a = analyse(*s);
  EXPECT_EQ(find(a, SolutionKind::nash).packages[0].outcome, Outcome{0});
  EXPECT_NEAR(find(a, SolutionKind::nash).criterion, 0.1, 1e-12);
  EXPECT_EQ(find(a, SolutionKind::kalai_smorodinsky).packages[0].outcome, Outcome{1});
  EXPECT_NEAR(find(a, SolutionKind::kalai_smorodinsky).criterion, 0.1375, 1e-12);
  EXPECT_EQ(find(a, SolutionKind::egalitarian).packages[0].outcome, Outcome{1});
  EXPECT_EQ(find(a, SolutionKind::utilitarian).packages[0].outcome, Outcome{0});
  EXPECT_NEAR(find(a, SolutionKind::utilitarian).criterion, 1.1, 1e-12);
}

// Egalitarian and utilitarian differ, with walk-away values (0.1, 0.1):
// (0.5,0.5): gains (0.4,0.4), total 1.0; (0.9,0.2): gains (0.8,0.1), total 1.1.
// Egalitarian (Kalai 1977) takes the first, utilitarian the second, Nash (0.16 > 0.08) the first.
TEST(SolutionsTextbook, EgalitarianAndUtilitarianDiffer) {
  const auto s = point_scenario({{0.5, 0.5}, {0.9, 0.2}}, {0.1, 0.1});
  const Analysis a = analyse(*s);
  EXPECT_EQ(find(a, SolutionKind::egalitarian).packages[0].outcome, Outcome{0});
  EXPECT_NEAR(find(a, SolutionKind::egalitarian).criterion, 0.4, 1e-12);
  EXPECT_EQ(find(a, SolutionKind::utilitarian).packages[0].outcome, Outcome{1});
  EXPECT_EQ(find(a, SolutionKind::nash).packages[0].outcome, Outcome{0});
  EXPECT_NEAR(find(a, SolutionKind::nash).criterion, 0.16, 1e-12);
  EXPECT_NEAR(find(a, SolutionKind::nash).gains[0], 0.4, 1e-12);
  // Nash over lotteries: on the segment (0.4,0.4)+s(0.4,-0.3) of gains the product
  // (0.4+0.4s)(0.4-0.3s) peaks at s* = -(0.4*0.4 - 0.3*0.4)/(2*0.4*(-0.3)) = 1/6.
  const auto& lottery = find(a, SolutionKind::nash_lottery);
  ASSERT_EQ(lottery.packages.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k)
    EXPECT_NEAR(lottery.probabilities[k],
                lottery.packages[k].outcome == Outcome{1} ? 1.0 / 6 : 5.0 / 6, 1e-12);
  EXPECT_NEAR(lottery.criterion, (0.4 + 0.4 / 6) * (0.4 - 0.3 / 6), 1e-12);
}

// Three parties (definitions; d = 0): (0.6,0.6,0.6), (1,0.9,0.3), (0.2,1,0.9).
// Nash products 0.216, 0.27, 0.18 -> second; KS (ideal (1,1,0.9)) smallest ratios 0.6, 1/3, 0.2
// -> first; egalitarian first; utilitarian sums 1.8, 2.2, 2.1 -> second. No lotteries.
TEST(SolutionsTextbook, ThreeParties) {
  const auto s = point_scenario({{0.6, 0.6, 0.6}, {1, 0.9, 0.3}, {0.2, 1, 0.9}}, {0, 0, 0});
  const Analysis a = analyse(*s);
  ASSERT_EQ(a.solutions.size(), 4u);
  EXPECT_EQ(find(a, SolutionKind::nash).packages[0].outcome, Outcome{1});
  EXPECT_NEAR(find(a, SolutionKind::nash).criterion, 0.27, 1e-12);
  EXPECT_EQ(find(a, SolutionKind::kalai_smorodinsky).packages[0].outcome, Outcome{0});
  EXPECT_NEAR(find(a, SolutionKind::kalai_smorodinsky).criterion, 0.6, 1e-12);
  EXPECT_EQ(find(a, SolutionKind::egalitarian).packages[0].outcome, Outcome{0});
  EXPECT_EQ(find(a, SolutionKind::utilitarian).packages[0].outcome, Outcome{1});
}

// Ties: (0.8,0.2) and (0.2,0.8) have the same Nash product, the same KS ratio and the same
// total; the documented tie-break (sum of relative gains equal too) falls to frontier order, the
// first party's best first.
TEST(SolutionsTextbook, TiesFollowFrontierOrder) {
  const auto s = point_scenario({{0.2, 0.8}, {0.8, 0.2}}, {0, 0});
  const Analysis a = analyse(*s);
  for (const auto& solution : a.solutions) {
    if (is_lottery(solution.kind)) continue;
    EXPECT_EQ(solution.packages[0].outcome, Outcome{1}) << to_string(solution.kind);
  }
  // Over lotteries the symmetric midpoint (0.5, 0.5) is better for Nash and KS.
  EXPECT_NEAR(find(a, SolutionKind::nash_lottery).utilities[0], 0.5, 1e-12);
  EXPECT_NEAR(find(a, SolutionKind::kalai_smorodinsky_lottery).utilities[1], 0.5, 1e-12);
}

// No zone of agreement: walk-away values (0.9, 0.9) above every package of a two-point set.
// The closest package (smallest largest shortfall) is (0.8, 0.8): both fall short by 0.1.
TEST(AgreementZoneTest, NoZoneReportsClosestPackageAndShortfalls) {
  const auto s = point_scenario({{1, 0}, {0.8, 0.8}, {0, 1}}, {0.9, 0.9});
  const Analysis a = analyse(*s);
  EXPECT_FALSE(a.zone.exists);
  EXPECT_TRUE(a.solutions.empty());
  ASSERT_TRUE(a.zone.closest_package.has_value());
  EXPECT_EQ(a.zone.closest_package->outcome, Outcome{1});
  ASSERT_EQ(a.zone.shortfall.size(), 2u);
  EXPECT_NEAR(a.zone.shortfall[0], 0.1, 1e-12);
  EXPECT_NEAR(a.zone.shortfall[1], 0.1, 1e-12);
  EXPECT_EQ(a.zone.rational_share, 0.0);
  EXPECT_TRUE(a.zone.share_exact);
  EXPECT_EQ(a.zone.rational_count, std::uint64_t{0});
  const std::string report = render_report(*s, a);
  EXPECT_NE(report.find("None: no package gives every side"), std::string::npos);
  EXPECT_NE(report.find("0.100 short of its walk-away value"), std::string::npos);
}

// The share of the space that is rational: 4 issues of 5 values; each party's utility is the
// mean of its value scores (party A: v/4, party B: 1 - v/4). Counted independently below.
TEST(AgreementZoneTest, RationalShareExactAndSampled) {
  std::vector<std::string> issues = {"i0", "i1", "i2", "i3"};
  std::vector<std::vector<std::string>> options(4, {"v0", "v1", "v2", "v3", "v4"});
  std::vector<double> up = {0, 0.25, 0.5, 0.75, 1}, down = {1, 0.75, 0.5, 0.25, 0};
  const auto s = test::linear_scenario(issues, options, {"A", "B"},
                                       {{0.25, 0.25, 0.25, 0.25}, {0.25, 0.25, 0.25, 0.25}},
                                       {{up, up, up, up}, {down, down, down, down}}, {0.3, 0.4});
  // A = total/16, B = 1 - total/16 where total is the sum of the four value indices (0..16).
  // Rational: total >= 4.8 and total <= 9.6, i.e. total in {5,...,9}.
  std::uint64_t expected = 0;
  for (int a = 0; a < 5; ++a)
    for (int b = 0; b < 5; ++b)
      for (int c = 0; c < 5; ++c)
        for (int d = 0; d < 5; ++d)
          if (a + b + c + d >= 5 && a + b + c + d <= 9) ++expected;
  const Analysis exact = analyse(*s);
  EXPECT_TRUE(exact.zone.exists);
  ASSERT_TRUE(exact.zone.rational_count.has_value());
  EXPECT_EQ(*exact.zone.rational_count, expected);
  EXPECT_DOUBLE_EQ(exact.zone.rational_share, static_cast<double>(expected) / 625.0);

  AnalysisOptions sampled;
  sampled.count_limit = 10;  // force the Monte-Carlo estimate
  sampled.share_samples = 20'000;
  sampled.seed = 7;
  const Analysis estimate = analyse(*s, sampled);
  EXPECT_FALSE(estimate.zone.share_exact);
  EXPECT_FALSE(estimate.zone.rational_count.has_value());
  EXPECT_GT(estimate.zone.share_half_width, 0.0);
  EXPECT_LT(estimate.zone.share_half_width, 0.01);
  EXPECT_NEAR(estimate.zone.rational_share, exact.zone.rational_share,
              2.0 * estimate.zone.share_half_width);
  // Same seed, same estimate.
  EXPECT_EQ(analyse(*s, sampled).zone.rational_share, estimate.zone.rational_share);
}

// Indicators on the same kind of scenario: ideal and worst packages per issue, and opposition
// = distance from the ideal point (1,1) to the nearest frontier point. The frontier is the line
// A + B = 1 (all packages), whose nearest points to (1,1) are at distance sqrt(2)/2.
TEST(IndicatorsTest, IdealWorstAndOpposition) {
  std::vector<double> up = {0, 0.5, 1}, down = {1, 0.5, 0};
  const auto s = test::linear_scenario({"i0", "i1"}, {{"x", "y", "z"}, {"x", "y", "z"}}, {"A", "B"},
                                       {{0.5, 0.5}, {0.5, 0.5}}, {{up, up}, {down, down}}, {0, 0});
  const Analysis a = analyse(*s);
  EXPECT_EQ(a.indicators.ideal_packages[0].outcome, (Outcome{2, 2}));
  EXPECT_EQ(a.indicators.ideal_packages[1].outcome, (Outcome{0, 0}));
  EXPECT_EQ(a.indicators.worst_packages[0].outcome, (Outcome{0, 0}));
  EXPECT_EQ(a.indicators.ideal_point, (std::vector<double>{1, 1}));
  EXPECT_EQ(a.indicators.worst_point, (std::vector<double>{0, 0}));
  EXPECT_TRUE(a.indicators.exact);
  EXPECT_NEAR(a.indicators.opposition, std::sqrt(2.0) / 2.0, 1e-12);
}

// Logrolling in the sense of Raiffa (1982), The Art and Science of Negotiation, ch. 10-11
// (many issues: trade on the issues each side cares less about). Two issues with options
// favouring A, splitting the difference, or favouring B; A weighs Price 0.8 / Delivery 0.2 and
// B the reverse. Splitting both gives (0.5, 0.5); the logroll "Price for A, Delivery for B"
// gives (0.8, 0.8) and is the Nash, KS, egalitarian and utilitarian solution.
TEST(ExplanationTest, RaiffaLogrolling) {
  const std::vector<double> for_a = {1, 0.5, 0}, for_b = {0, 0.5, 1};
  const auto s = test::linear_scenario(
      {"Price", "Delivery"}, {{"high", "split", "low"}, {"late", "split", "early"}},
      {"Seller", "Buyer"}, {{0.8, 0.2}, {0.2, 0.8}}, {{for_a, for_a}, {for_b, for_b}}, {0.3, 0.3});
  const Analysis a = analyse(*s);
  for (const auto& solution : a.solutions) {
    ASSERT_EQ(solution.packages.size(), 1u) << to_string(solution.kind);
    EXPECT_EQ(solution.packages[0].outcome, (Outcome{0, 2})) << to_string(solution.kind);
    EXPECT_NEAR(solution.utilities[0], 0.8, 1e-12);
    EXPECT_NEAR(solution.utilities[1], 0.8, 1e-12);
  }
  const Explanation e = explain(*s, a.solutions[0].packages[0]);
  ASSERT_EQ(e.issues.size(), 2u);
  EXPECT_EQ(e.issues[0].winners, (std::vector<std::size_t>{0}));  // Seller wins Price
  EXPECT_EQ(e.issues[1].winners, (std::vector<std::size_t>{1}));  // Buyer wins Delivery
  EXPECT_NEAR(e.issues[0].importance[0], 0.8, 1e-12);
  EXPECT_NEAR(e.issues[0].importance[1], 0.2, 1e-12);
  EXPECT_NEAR(e.issues[0].concession[1], 0.2, 1e-12);  // Buyer gives up 0.2 on Price
  EXPECT_EQ(e.issues[0].preferred, (std::vector<ValueIndex>{0, 2}));
  bool logrolling = false;
  for (const auto& sentence : e.sentences)
    if (sentence.find("logrolling") != std::string::npos) logrolling = true;
  EXPECT_TRUE(logrolling);
  EXPECT_EQ(
      e.sentences[0].rfind("Price = high: Seller gets its preferred option; Buyer gives way", 0),
      0u)
      << e.sentences[0];

  // The split-everything package is no logroll: nobody wins anything.
  const Explanation split = explain(*s, Package{{1, 1}, s->utilities({1, 1})});
  EXPECT_TRUE(split.issues[0].winners.empty());
  for (const auto& sentence : split.sentences)
    EXPECT_EQ(sentence.find("logrolling"), std::string::npos) << sentence;
}

TEST(ReportTest, ReportAndJsonCarryTheSolutions) {
  const std::vector<double> for_a = {1, 0.5, 0}, for_b = {0, 0.5, 1};
  const auto s = test::linear_scenario(
      {"Price", "Delivery"}, {{"high", "split", "low"}, {"late", "split", "early"}},
      {"Seller", "Buyer"}, {{0.8, 0.2}, {0.2, 0.8}}, {{for_a, for_a}, {for_b, for_b}}, {0.3, 0.3});
  const Analysis a = analyse(*s);
  const std::string report = render_report(*s, a);
  EXPECT_NE(report.find("Nash bargaining solution"), std::string::npos);
  EXPECT_NE(report.find("Package: Price=high, Delivery=early"), std::string::npos) << report;
  EXPECT_NE(report.find("efficient package: no other package is better"), std::string::npos);
  EXPECT_NE(report.find("Same package as the Nash bargaining solution"), std::string::npos);
  const std::string json = render_report_json(*s, a);
  EXPECT_NE(json.find("\"kind\": \"kalai-smorodinsky-lottery\""), std::string::npos);
  EXPECT_NE(json.find("\"Delivery\": \"early\""), std::string::npos);
  EXPECT_EQ(render_report_json(*s, analyse(*s)), json);  // deterministic
}

}  // namespace
}  // namespace parley
