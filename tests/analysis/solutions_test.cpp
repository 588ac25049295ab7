// The zone of agreement's report, the sampled rational share, explanations and the report. The
// worked cases with known answers for each bargaining solution, the zone and the indicators are
// case files in tests/cases/analysis (run by tests/cases/case_runner.cpp).
#include <gtest/gtest.h>

#include <cmath>

#include "parley/analysis/analysis.hpp"
#include "solutions_test_support.hpp"

namespace parley {
namespace {

using test::point_scenario;

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
  // Each party's range is 1 (worst package 0, best 1): 0.2 utility is 20 of its 100 points.
  EXPECT_NEAR(e.issues[0].concession_points[1], 20.0, 1e-9);
  EXPECT_EQ(e.issues[0].preferred, (std::vector<ValueIndex>{0, 2}));
  // Seller wins Price (0.8) and concedes Delivery (0.2); Buyer the reverse: a logroll.
  EXPECT_TRUE(e.logrolling);
  ASSERT_EQ(e.trades.size(), 2u);
  EXPECT_EQ(e.trades[0].won, (std::vector<std::size_t>{0}));
  EXPECT_EQ(e.trades[0].conceded, (std::vector<std::size_t>{1}));
  EXPECT_NEAR(e.trades[0].won_importance, 0.8, 1e-12);
  EXPECT_NEAR(e.trades[0].conceded_points, 20.0, 1e-9);
  EXPECT_TRUE(e.trades[0].wins_what_matters_most);
  ASSERT_EQ(e.gain_points.size(), 2u);
  EXPECT_NEAR(e.gain_points[0], 50.0, 1e-9);  // 0.8 against a walk-away of 0.3
  int logrolling = 0;
  for (const auto& sentence : e.sentences)
    if (sentence.find("This is a logrolling trade") != std::string::npos) ++logrolling;
  EXPECT_EQ(logrolling, 1);
  EXPECT_EQ(e.sentences[0],
            "Price: 'high'. Seller gets its preferred option; Buyer gives up 20 of its 100 points "
            "(it preferred 'low').");
  EXPECT_EQ(e.sentences.back(), "Against walking away: Seller +50 points and Buyer +50 points.");

  // The split-everything package is no logroll: nobody wins anything.
  const Explanation split = explain(*s, Package{{1, 1}, s->utilities({1, 1})});
  EXPECT_TRUE(split.issues[0].winners.empty());
  EXPECT_FALSE(split.logrolling);
  for (const auto& sentence : split.sentences)
    EXPECT_EQ(sentence.find("logrolling"), std::string::npos) << sentence;

  // Seller wins Delivery (0.2 of its weight) and concedes Price (0.8): the weights contradict
  // a logroll, and the explanation says so instead of claiming one.
  const Explanation wrong = explain(*s, Package{{2, 0}, s->utilities({2, 0})});
  EXPECT_FALSE(wrong.logrolling);
  EXPECT_FALSE(wrong.trades[0].wins_what_matters_most);
  bool said = false;
  for (const auto& sentence : wrong.sentences) {
    EXPECT_EQ(sentence.find("This is a logrolling trade"), std::string::npos) << sentence;
    if (sentence.rfind("Not a clean logrolling trade: Seller gives way on Price (carrying 80 of "
                       "its 100 points) while getting its way on Delivery",
                       0) == 0)
      said = true;
  }
  EXPECT_TRUE(said);
}

TEST(ReportTest, ReportAndJsonCarryTheSolutions) {
  const std::vector<double> for_a = {1, 0.5, 0}, for_b = {0, 0.5, 1};
  const auto s = test::linear_scenario(
      {"Price", "Delivery"}, {{"high", "split", "low"}, {"late", "split", "early"}},
      {"Seller", "Buyer"}, {{0.8, 0.2}, {0.2, 0.8}}, {{for_a, for_a}, {for_b, for_b}}, {0.3, 0.3});
  AnalysisOptions options;
  options.lotteries = true;
  const Analysis a = analyse(*s, options);
  const std::string report = render_report(*s, a);
  // Every solution picks the same package: one column each, one package, one explanation.
  EXPECT_NE(report.find("Recommended: package A, the Nash solution"), std::string::npos) << report;
  EXPECT_NE(report.find("    Price     'high'\n    Delivery  'early'\n"), std::string::npos)
      << report;
  EXPECT_NE(report.find("Package A: Nash, Kalai-Smorodinsky, egalitarian, utilitarian, Nash "
                        "lottery, K-S lottery\n"),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("Package B"), std::string::npos) << report;
  EXPECT_NE(report.find("efficient package: no other package is better"), std::string::npos);
  const std::string json = render_report_json(*s, a);
  EXPECT_NE(json.find("kalai-smorodinsky-lottery"), std::string::npos);
  EXPECT_EQ(render_report_json(*s, analyse(*s, options)), json);  // deterministic
}

}  // namespace
}  // namespace parley
