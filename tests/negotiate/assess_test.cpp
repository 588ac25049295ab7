// Assessing a negotiated outcome (src/negotiate/assess.cpp): post-settlement improvements are the
// weak Pareto improvements (hand case; job-offer boulware vs conceder against a brute force over
// every package), assess_outcome's pareto_optimal agrees with them, and the session plot (SVG
// parsed with pugixml) shows both walk-away lines, the solutions, each party's offers coloured by
// time and the agreement.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "../analysis/plot_svg.hpp"
#include "negotiate_fixtures.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "parley/analysis/report.hpp"
#include "parley/io/io.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/support/error.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

// The frontier package whose only option is `option`.
std::size_t frontier_index(const Frontier& frontier, ValueIndex option) {
  for (std::size_t k = 0; k < frontier.packages.size(); ++k)
    if (frontier.packages[k].outcome == Outcome{option}) return k;
  ADD_FAILURE() << "p" << option << " is not on the frontier";
  return frontier.packages.size();
}

TEST(PostSettlement, WeakParetoImprovementsCountAndComeBestFirst) {
  // p0 (0.5, 0.8) and p1 (0.9, 0.2) are efficient; p2 (0.5, 0.6) is dominated by p0 only weakly
  // (same for A, better for B); p3 (0.3, 0.3) by p0 and p2 strictly; p4 (0.5, 0.2) by p0 and p1
  // weakly.
  const auto scenario =
      test::point_scenario({{0.5, 0.8}, {0.9, 0.2}, {0.5, 0.6}, {0.3, 0.3}, {0.5, 0.2}});
  const Frontier frontier = pareto_frontier(*scenario);
  ASSERT_EQ(frontier.packages.size(), 2u);
  const std::size_t p0 = frontier_index(frontier, 0), p1 = frontier_index(frontier, 1);

  // A is no better off at p0 than at p2, B is: a weak improvement (the old strict test found none).
  EXPECT_EQ(post_settlement_improvements(*scenario, Outcome{2}, frontier),
            std::vector<std::size_t>{p0});
  EXPECT_FALSE(assess_outcome(scenario->utilities(Outcome{2}), frontier, {}).pareto_optimal);
  // Efficient packages have none.
  for (ValueIndex v : {0u, 1u}) {
    EXPECT_TRUE(post_settlement_improvements(*scenario, Outcome{v}, frontier).empty()) << v;
    EXPECT_TRUE(assess_outcome(scenario->utilities(Outcome{v}), frontier, {}).pareto_optimal);
  }
  // From p3 (0.3, 0.3): p0 gains (0.2, 0.5), product 0.1; p1 would cost B 0.1: only p0.
  EXPECT_EQ(post_settlement_improvements(*scenario, Outcome{3}, frontier),
            std::vector<std::size_t>{p0});
  // From p4 (0.5, 0.2): p0 gains (0, 0.6), p1 gains (0.4, 0): both products 0, the larger total
  // gain first.
  EXPECT_EQ(post_settlement_improvements(*scenario, Outcome{4}, frontier),
            (std::vector<std::size_t>{p0, p1}));
  EXPECT_FALSE(assess_outcome(scenario->utilities(Outcome{4}), frontier, {}).pareto_optimal);
}

// Every package's utilities, by brute force.
std::vector<std::vector<double>> all_utilities(const Scenario& scenario) {
  std::vector<std::vector<double>> all;
  const auto& cards = scenario.space().cardinalities();
  Outcome outcome(cards.size(), 0);
  while (true) {
    all.push_back(scenario.utilities(outcome));
    std::size_t i = 0;
    while (i < outcome.size()) {
      if (++outcome[i] < cards[i]) break;
      outcome[i++] = 0;
    }
    if (i == outcome.size()) return all;
  }
}

bool weakly_better(const std::vector<double>& u, const std::vector<double>& base, double tol) {
  bool strictly = false;
  for (std::size_t j = 0; j < u.size(); ++j) {
    if (u[j] < base[j] - tol) return false;
    if (u[j] > base[j] + tol) strictly = true;
  }
  return strictly;
}

TEST(PostSettlement, JobOfferBoulwareAgainstConcederAgreesWithABruteForce) {
  Warnings warnings;
  const ScenarioPtr scenario =
      load_scenario((test::source_dir() / "examples/job-offer.yaml").string(), warnings);
  SessionOptions options;
  options.seed = 1;
  const auto result = negotiate(scenario, parse_agent_list("boulware,conceder"), options);
  ASSERT_TRUE(result.agreement());
  const Frontier frontier = pareto_frontier(*scenario);
  const auto agreed = scenario->utilities(*result.outcome);
  const auto found = post_settlement_improvements(*scenario, *result.outcome, frontier);
  const auto assessment = assess_outcome(agreed, frontier, {});

  // Brute force over all 1512 packages: which weakly improve on the agreement.
  const double tol = 1e-9;  // utilities here span [0, 1]
  std::size_t improving = 0;
  for (const auto& u : all_utilities(*scenario)) {
    if (!weakly_better(u, agreed, tol)) continue;
    ++improving;
    // Each is matched or beaten by a package the function returned.
    const bool covered = std::any_of(found.begin(), found.end(), [&](std::size_t k) {
      const auto& v = frontier.packages[k].utilities;
      for (std::size_t j = 0; j < v.size(); ++j)
        if (v[j] < u[j] - tol) return false;
      return true;
    });
    EXPECT_TRUE(covered) << "improvement (" << u[0] << ", " << u[1] << ") not covered";
  }
  // The agreement at t = 0.797 is not efficient: a package exists that is as good for the
  // candidate and better for the employer (the symptom of the issue).
  EXPECT_GT(improving, 0u);
  ASSERT_FALSE(found.empty());
  EXPECT_FALSE(assessment.pareto_optimal);
  // Exactly the frontier packages that weakly improve, each once.
  std::set<std::size_t> expected;
  for (std::size_t k = 0; k < frontier.packages.size(); ++k)
    if (weakly_better(frontier.packages[k].utilities, agreed, tol)) expected.insert(k);
  EXPECT_EQ(std::set<std::size_t>(found.begin(), found.end()), expected);
  EXPECT_EQ(found.size(), expected.size());
  // Best first: products of gains never increase along the list.
  auto product = [&](std::size_t k) {
    double p = 1.0;
    for (std::size_t j = 0; j < agreed.size(); ++j)
      p *= std::max(0.0, frontier.packages[k].utilities[j] - agreed[j]);
    return p;
  };
  for (std::size_t i = 1; i < found.size(); ++i)
    EXPECT_GE(product(found[i - 1]), product(found[i])) << i;
}

TEST(SessionPlot, ShowsWalkAwayLinesSolutionsOffersByTimeAndTheAgreement) {
  PARLEY_REQUIRE_GNUPLOT();
  test::ScratchFolder dir("parley-session-plot");
  const auto scenario = test::small_bilateral({0.3, 0.2});
  SessionOptions options;
  options.rounds = 200;
  options.record_trace = true;
  Session session(scenario, parse_agent_list("boulware,conceder"), options);
  const auto result = session.run();
  ASSERT_TRUE(result.agreement());
  const Frontier frontier = pareto_frontier(*scenario);
  plot_session(*scenario, session.labels(), result, frontier, (dir / "session.svg").string());
  const auto plot = test::parse_svg(test::read_text_file(dir / "session.svg"));

  EXPECT_EQ(plot.tspans, 0u);
  EXPECT_EQ(plot.with_legend("walk-away of A (0.3)").size(), 1u);
  EXPECT_EQ(plot.with_legend("walk-away of B (0.2)").size(), 1u);
  EXPECT_EQ(plot.with_legend("Pareto frontier").size(), 1u);
  const auto efficient =
      plot.with_legend("efficient packages (" + std::to_string(frontier.packages.size()) + ")");
  ASSERT_EQ(efficient.size(), 1u);
  EXPECT_EQ(efficient[0]->uses, frontier.packages.size() + 1);

  // The pure solutions, computed here from the zone, coinciding ones under one label.
  const auto solutions = bargaining_solutions(*scenario, agreement_zone(*scenario, frontier));
  std::vector<std::pair<std::vector<double>, std::string>> distinct;
  for (const auto& s : solutions) {
    auto same = std::find_if(distinct.begin(), distinct.end(), [&](const auto& d) {
      for (std::size_t j = 0; j < 2; ++j)
        if (std::abs(d.first[j] - s.utilities[j]) > 1e-9) return false;
      return true;
    });
    if (same == distinct.end())
      distinct.emplace_back(s.utilities, short_title(s.kind));
    else
      same->second += std::string(" = ") + short_title(s.kind);
  }
  ASSERT_FALSE(distinct.empty());
  for (const auto& [point, label] : distinct) {
    const auto marker = plot.with_legend(label);
    ASSERT_EQ(marker.size(), 1u) << label;
    EXPECT_EQ(marker[0]->uses, 2u) << label;
  }

  // Each party's offers, coloured by time: as many colours as distinct times would be too
  // strict (palette steps), but early and late offers must differ.
  for (std::size_t p = 0; p < 2; ++p) {
    std::size_t count = 0;
    for (const auto& e : result.trace) count += e.kind == ActionKind::offer && e.actor == p;
    const std::string legend =
        "offers of " + scenario->party(p).name + " (" + std::to_string(count) + ")";
    const auto offers = plot.with_legend(legend);
    ASSERT_EQ(offers.size(), 1u) << legend;
    EXPECT_EQ(offers[0]->uses, count + 1) << legend;
    EXPECT_GE(offers[0]->colours.size(), 5u) << legend << ": offers not coloured by time";
  }
  EXPECT_TRUE(plot.has_text("time of the offer (0: start, 1: deadline)"));
  const auto agreement = plot.with_legend("agreement");
  ASSERT_EQ(agreement.size(), 1u);
  EXPECT_EQ(agreement[0]->uses, 2u);
  EXPECT_TRUE(plot.has_text("utility of A (" + session.labels()[0] + ")"));
  EXPECT_TRUE(plot.has_text("utility of B (" + session.labels()[1] + ")"));
}

TEST(SessionPlot, BadPathsAreRefusedBeforeDrawing) {
  test::ScratchFolder dir("parley-session-plot");
  const auto scenario = test::small_bilateral();
  SessionResult result;
  const Frontier frontier = pareto_frontier(*scenario);
  for (const std::string& path :
       {(dir / "missing/plot.svg").string(), (dir / "plot.pdf").string()}) {
    try {
      plot_session(*scenario, {}, result, frontier, path);
      ADD_FAILURE() << "accepted " << path;
    } catch (const InputError& e) {
      const std::string what = e.what();
      EXPECT_EQ(what.rfind(path + ": --plot: found ", 0), 0u) << what;
      EXPECT_EQ(what.find("plot $"), std::string::npos) << what;
    }
  }
  EXPECT_TRUE(dir.names().empty());
}

}  // namespace
}  // namespace parley
