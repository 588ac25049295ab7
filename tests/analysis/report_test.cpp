// The reader model and the text report: the menu of the Russia-Japan example checked against an
// independent brute force over its 11,664 packages, the issue x solution table, explanations
// once per distinct package, quoted option labels, lotteries opt-in with their caution, the hull
// tolerance (web_service of the corpus and hand-made collinear frontiers), the menu cap.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/report.hpp"
#include "parley/io/io.hpp"
#include "solutions_test_support.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

ScenarioPtr russia_japan() {
  Warnings warnings;
  return load_scenario((test::source_dir() / "examples" / "russia-japan.yaml").string(), warnings);
}

AnalysisOptions with_lotteries() {
  AnalysisOptions options;
  options.lotteries = true;
  return options;
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

// Brute force: every package, IR (utility >= walk-away), then the ones no other IR package
// dominates (>= for both, > for one; the frontier's 1e-9 tolerance is far below the example's
// utility steps of 0.001).
std::vector<Outcome> rational_efficient(const Scenario& s) {
  std::vector<std::pair<Outcome, std::vector<double>>> rational;
  Outcome o(s.issue_count(), 0);
  do {
    const auto u = s.utilities(o);
    bool ok = true;
    for (std::size_t j = 0; j < s.party_count(); ++j)
      ok = ok && u[j] >= s.party(j).reservation_value;
    if (ok) rational.emplace_back(o, u);
  } while (s.space().next(o));
  std::vector<Outcome> efficient;
  for (const auto& [outcome, u] : rational) {
    bool dominated = false;
    for (const auto& other : rational) {
      const auto& v = other.second;
      bool all = true, one = false;
      for (std::size_t j = 0; j < u.size(); ++j) {
        all = all && v[j] >= u[j] - 1e-12;
        one = one || v[j] > u[j] + 1e-12;
      }
      if (all && one) {
        dominated = true;
        break;
      }
    }
    if (!dominated) efficient.push_back(outcome);
  }
  return efficient;
}

TEST(ReportModelTest, RussiaJapanMenuSettlesHabomaiShikotanAndDemilitarisation) {
  const auto s = russia_japan();
  const Analysis a = analyse(*s);
  const ReportModel m = build_report_model(*s, a);
  const auto efficient = rational_efficient(*s);
  ASSERT_EQ(efficient.size(), 16u);  // the issue's count, found independently
  EXPECT_EQ(m.menu.total, 16u);
  EXPECT_EQ(m.menu.entries.size(), 16u);
  EXPECT_EQ(m.menu.left_out, 0u);
  // Settled over the brute-force set: the issues with one option in all 16.
  std::map<std::string, std::string> settled;
  for (std::size_t i = 0; i < s->issue_count(); ++i) {
    std::set<ValueIndex> seen;
    for (const auto& o : efficient) seen.insert(o[i]);
    if (seen.size() == 1) settled[s->issue(i).name()] = s->issue(i).value_label(*seen.begin());
  }
  const std::map<std::string, std::string> expected = {
      {"habomai", "transferred"}, {"shikotan", "transferred"}, {"military", "demilitarised"}};
  EXPECT_EQ(settled, expected);
  std::map<std::string, std::string> model_settled;
  for (const auto& item : m.menu.issues) {
    if (!item.settled) {
      // Contested: exactly the options the brute force sees.
      std::set<ValueIndex> seen;
      for (const auto& o : efficient) seen.insert(o[item.issue]);
      EXPECT_EQ(std::vector<ValueIndex>(seen.begin(), seen.end()), item.options)
          << s->issue(item.issue).name();
      continue;
    }
    ASSERT_EQ(item.options.size(), 1u);
    model_settled[s->issue(item.issue).name()] = s->issue(item.issue).value_label(item.options[0]);
  }
  EXPECT_EQ(model_settled, expected);
  EXPECT_EQ(m.menu.settled_count, 3u);
  // Ranges over the menu in points: 100 (u - worst) / (best - worst), worst and best over all
  // packages (japan: 0.05 and 1; russia: 0.067 and 1, from the weights and scores by hand).
  const double worst[2] = {0.05, 0.05 * 0.3 + 0.07 * 0.2 + 0.16 * 0 + 0.2 * 0 + 0.16 * 0.2 +
                                     0.03 * 0.2 + 0.25 * 0 + 0.08 * 0};
  for (std::size_t j = 0; j < 2; ++j) {
    double low = 1e9, high = -1e9;
    for (const auto& o : efficient) {
      low = std::min(low, s->utility(j, o));
      high = std::max(high, s->utility(j, o));
    }
    EXPECT_NEAR(m.menu.min_points[j], 100 * (low - worst[j]) / (1 - worst[j]), 1e-9);
    EXPECT_NEAR(m.menu.max_points[j], 100 * (high - worst[j]) / (1 - worst[j]), 1e-9);
  }
  // The menu is in frontier order: japan's points descending.
  for (std::size_t k = 1; k < m.menu.entries.size(); ++k)
    EXPECT_GE(m.menu.entries[k - 1].points[0], m.menu.entries[k].points[0]);
}

TEST(ReportModelTest, RussiaJapanTableShowsNashAndKalaiSmorodinskyDifferOnlyOnTiming) {
  const auto s = russia_japan();
  const Analysis a = analyse(*s);
  ASSERT_EQ(a.solutions.size(), 4u);  // no lottery unless asked for
  const ReportModel m = build_report_model(*s, a);
  ASSERT_EQ(m.table.columns.size(), 4u);
  ASSERT_EQ(m.table.rows.size(), 8u);
  EXPECT_EQ(m.table.differing, 1u);
  for (const auto& row : m.table.rows)
    EXPECT_EQ(row.differs, s->issue(row.issue).name() == "timing") << s->issue(row.issue).name();
  const auto& timing = m.table.rows[*s->find_issue("timing")];
  const auto& issue = s->issue(*s->find_issue("timing"));
  EXPECT_EQ(issue.value_label(timing.cells[0][0]), "five_years");  // Nash
  EXPECT_EQ(issue.value_label(timing.cells[1][0]), "immediate");   // Kalai-Smorodinsky
  ASSERT_TRUE(timing.status_quo.has_value());
  EXPECT_EQ(issue.value_label(*timing.status_quo), "immediate");
  // Two distinct packages: A (Nash, utilitarian), B (KS, egalitarian); A is recommended.
  ASSERT_EQ(m.packages.size(), 2u);
  EXPECT_EQ(m.packages[0].solutions, (std::vector<std::size_t>{0, 3}));
  EXPECT_EQ(m.packages[1].solutions, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(m.package_of_solution, (std::vector<std::size_t>{0, 1, 1, 0}));
  ASSERT_TRUE(m.summary.recommended.has_value());
  EXPECT_EQ(*m.summary.recommended, 0u);
  // Gains in points at the Nash package: u = (0.622, 0.749) by the weights (see the example).
  const double japan = 100 * (a.solutions[0].utilities[0] - 0.05) / 0.95;
  EXPECT_NEAR(m.summary.standings[0].points, japan, 1e-9);
  EXPECT_NEAR(m.summary.standings[0].gain_points, japan - 100 * (0.5 - 0.05) / 0.95, 1e-9);
  ASSERT_TRUE(m.summary.status_quo.has_value());
  EXPECT_TRUE(m.summary.standings[0].gain_over_status_quo_points.has_value());
  EXPECT_EQ(m.summary.zone_count, std::uint64_t{1220});
  // Japan concedes Iturup, its most important issue: the explanation claims no logroll.
  EXPECT_FALSE(m.packages[0].explanation.logrolling);
  EXPECT_FALSE(m.packages[0].explanation.trades[0].wins_what_matters_most);
}

TEST(ReportTest, RussiaJapanReportExplainsEachPackageOnceWithQuotedOptions) {
  const auto s = russia_japan();
  const std::string report = render_report(*s, analyse(*s));
  EXPECT_EQ(count(report, "\nPackage A: Nash, utilitarian\n"), 1u) << report;
  EXPECT_EQ(count(report, "\nPackage B: Kalai-Smorodinsky, egalitarian\n"), 1u) << report;
  EXPECT_EQ(count(report,
                  "Sovereignty of Iturup: 'russia'. russia gets its preferred option; "
                  "japan gives up 20 of its 100"),
            1u)
      << report;
  // An option named like a party is always quoted.
  EXPECT_NE(report.find("(it preferred 'russia')"), std::string::npos);
  EXPECT_EQ(report.find("preferred russia"), std::string::npos);
  EXPECT_EQ(report.find("This is a logrolling trade"), std::string::npos) << report;
  EXPECT_NE(report.find("Not a clean logrolling trade: japan gives way on Sovereignty of Iturup"),
            std::string::npos);
  EXPECT_EQ(report.find("Draw lots"), std::string::npos);
  // The order: summary, table, menu, packages, details.
  const auto summary = report.find("\nSummary\n"), table = report.find("\nThe compromises issue");
  const auto menu = report.find("\nMenu: the 16 efficient packages"),
             why = report.find("\nWhy each package works\n"), details = report.find("\nDetails\n");
  ASSERT_NE(details, std::string::npos);
  EXPECT_LT(summary, table);
  EXPECT_LT(table, menu);
  EXPECT_LT(menu, why);
  EXPECT_LT(why, details);
  EXPECT_NE(report.find("*  Timing of any transfer"), std::string::npos) << report;
}

TEST(ReportTest, LotteriesAreOptInAndCarryTheCaution) {
  const auto s = russia_japan();
  const Analysis plain = analyse(*s);
  for (const auto& solution : plain.solutions) EXPECT_FALSE(is_lottery(solution.kind));
  const Analysis a = analyse(*s, with_lotteries());
  ASSERT_EQ(a.solutions.size(), 6u);
  EXPECT_EQ(a.solutions[4].kind, SolutionKind::nash_lottery);
  ASSERT_EQ(a.solutions[4].packages.size(), 2u);  // a real draw over Iturup
  const ReportModel m = build_report_model(*s, a);
  const auto& lottery = m.packages[m.package_of_solution[4]];
  ASSERT_TRUE(lottery.is_lottery());
  EXPECT_EQ(lottery.drawn_issues, (std::vector<std::size_t>{*s->find_issue("iturup")}));
  EXPECT_GE(lottery.probabilities[0], lottery.probabilities[1]);  // likelier first
  const std::string report = render_report(*s, a);
  EXPECT_NE(report.find("Caution: Drawing lots only suits matters that are divisible or repeat"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("The draw decides: Sovereignty of Iturup."), std::string::npos);
  EXPECT_EQ(count(report, "Caution: Drawing lots"),
            static_cast<std::size_t>(std::count_if(m.packages.begin(), m.packages.end(),
                                                   [](const auto& p) { return p.is_lottery(); })));
}

// A straight-line frontier (x + y = 1) with a package at the Nash point: no draw.
TEST(HullToleranceTest, CollinearFrontierWithAPackageAtTheNashPointGivesThatPackage) {
  const auto s = test::point_scenario(
      {{1, 0}, {0.75, 0.25}, {0.5, 0.5}, {0.25, 0.75}, {0, 1}, {0.3, 0.3}}, {0, 0});
  const Analysis a = analyse(*s, with_lotteries());
  for (SolutionKind kind : {SolutionKind::nash_lottery, SolutionKind::kalai_smorodinsky_lottery}) {
    const auto at = std::find_if(a.solutions.begin(), a.solutions.end(),
                                 [&](const Solution& x) { return x.kind == kind; });
    ASSERT_NE(at, a.solutions.end());
    ASSERT_EQ(at->packages.size(), 1u) << to_string(kind);
    EXPECT_EQ(at->packages[0].outcome, Outcome{2}) << to_string(kind);
  }
}

// A straight-line frontier without a package at the Nash point (0.5, 0.5): the draw mixes the
// nearest packages on either side, (0.8, 0.2) and (0.2, 0.8), half and half, not the ends.
TEST(HullToleranceTest, CollinearFrontierDrawsBetweenTheNearestPackages) {
  const auto s = test::point_scenario({{1, 0}, {0.8, 0.2}, {0.2, 0.8}, {0, 1}}, {0, 0});
  const Analysis a = analyse(*s, with_lotteries());
  const Solution& nash = a.solutions[4];
  ASSERT_EQ(nash.kind, SolutionKind::nash_lottery);
  ASSERT_EQ(nash.packages.size(), 2u);
  std::set<Outcome> mixed = {nash.packages[0].outcome, nash.packages[1].outcome};
  EXPECT_EQ(mixed, (std::set<Outcome>{Outcome{1}, Outcome{2}}));
  EXPECT_NEAR(nash.probabilities[0], 0.5, 1e-12);
  EXPECT_NEAR(nash.utilities[0], 0.5, 1e-12);
  EXPECT_NEAR(nash.utilities[1], 0.5, 1e-12);
  // Off the line by more than the tolerance, (0.5, 0.5 + 1e-6) is a true vertex: chosen alone.
  const auto bent =
      test::point_scenario({{1, 0}, {0.8, 0.2}, {0.5, 0.5 + 1e-6}, {0.2, 0.8}, {0, 1}}, {0, 0});
  const Analysis b = analyse(*bent, with_lotteries());
  ASSERT_EQ(b.solutions[4].packages.size(), 1u);
  EXPECT_EQ(b.solutions[4].packages[0].outcome, Outcome{2});
}

// web_service (corpus): price 0..2000, utilities linear in it with opposite slopes, so the
// frontier is a straight line and package 1000 gives both 0.5. The lottery Nash point is that
// package, not a draw between 1973 and 997 as before the tolerance.
TEST(HullToleranceTest, WebServiceLotteryIsTheMiddlePackage) {
  PARLEY_REQUIRE_CORPUS();
  Warnings warnings;
  const auto s =
      load_scenario((test::corpus_dir() / "genius" / "other" / "web_service").string(), warnings);
  const Analysis a = analyse(*s, with_lotteries());
  ASSERT_EQ(a.solutions.size(), 6u);
  const Solution& nash = a.solutions[0];
  for (std::size_t k : {4u, 5u}) {
    ASSERT_EQ(a.solutions[k].packages.size(), 1u) << to_string(a.solutions[k].kind);
    EXPECT_EQ(a.solutions[k].packages[0].outcome, nash.packages[0].outcome);
    EXPECT_EQ(s->issue(0).value_label(a.solutions[k].packages[0].outcome[0]), "1000");
  }
}

// A menu larger than the limit: listed packages evenly spread (first and last kept), every
// solution's package listed, settled/contested and ranges over all of them.
TEST(ReportModelTest, LargeMenuIsCappedButComputedOverEverything) {
  std::vector<std::vector<double>> points;
  for (int k = 0; k <= 100; ++k) points.push_back({1.0 - k / 100.0, k / 100.0 * 0.9});
  const auto s = test::point_scenario(points, {0.1, 0.0});
  const Analysis a = analyse(*s);
  ReportOptions options;
  options.menu_limit = 10;
  options.menu_options_limit = 5;
  const ReportModel m = build_report_model(*s, a, options);
  EXPECT_EQ(m.menu.total, 91u);  // x >= 0.1: k = 0..90
  EXPECT_GE(m.menu.entries.size(), 10u);
  EXPECT_LE(m.menu.entries.size(), 10u + a.solutions.size());
  EXPECT_EQ(m.menu.left_out, 91u - m.menu.entries.size());
  EXPECT_EQ(m.menu.entries.front().package.outcome, Outcome{0});
  EXPECT_EQ(m.menu.entries.back().package.outcome, Outcome{90});
  for (const auto& solution : a.solutions)
    EXPECT_TRUE(std::any_of(m.menu.entries.begin(), m.menu.entries.end(), [&](const auto& e) {
      return e.package.outcome == solution.packages[0].outcome;
    }));
  ASSERT_EQ(m.menu.issues.size(), 1u);
  EXPECT_FALSE(m.menu.issues[0].settled);
  EXPECT_EQ(m.menu.issues[0].options.size(), 5u);
  EXPECT_TRUE(m.menu.issues[0].more_options);
  EXPECT_NEAR(m.menu.min_points[0], 10.0, 1e-9);        // x from 0.1 ...
  EXPECT_NEAR(m.menu.max_points[1], 81.0 / 0.9, 1e-9);  // ... y up to 0.81 of a range 0.9
  const std::string report = render_report(*s, a);
  EXPECT_NE(report.find("more efficient packages in the zone, not listed"), std::string::npos)
      << report;
}

TEST(ReportModelTest, PackageLettersAndShortTitles) {
  EXPECT_EQ(package_letter(0), "A");
  EXPECT_EQ(package_letter(25), "Z");
  EXPECT_EQ(package_letter(26), "AA");
  EXPECT_EQ(package_letter(27), "AB");
  EXPECT_STREQ(short_title(SolutionKind::kalai_smorodinsky_lottery), "K-S lottery");
}

// Opposition in points: a pure split (x + y = 1) scores 50; no conflict scores 0.
TEST(ReportModelTest, OppositionInPoints) {
  const auto split = test::point_scenario({{1, 0}, {0.5, 0.5}, {0, 1}}, {0, 0});
  const ReportModel m = build_report_model(*split, analyse(*split));
  EXPECT_NEAR(m.summary.opposition_points, 50.0, 1e-9);
  EXPECT_NEAR(m.summary.split_opposition_points, 50.0, 1e-12);
  const auto easy = test::point_scenario({{1, 1}, {0, 0}}, {0, 0});
  EXPECT_NEAR(build_report_model(*easy, analyse(*easy)).summary.opposition_points, 0.0, 1e-12);
}

}  // namespace
}  // namespace parley
