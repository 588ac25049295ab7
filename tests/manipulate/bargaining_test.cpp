// Manipulating the bargaining rules (src/manipulate/bargaining.cpp, docs/manipulation.md) against
// brute force: every walk-away interval against the analysis run on a fine grid of reports, the
// reservation theorem against an independent enumeration, Nash weight reports against a grid
// over the simplex.
#include <gtest/gtest.h>

#include <random>

#include "parley/analysis/analysis.hpp"
#include "parley/io/io.hpp"
#include "parley/manipulate/manipulate.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

// A random linear-additive scenario: `issues` issues of `options` options, `parties` parties
// with random weights, option values and walk-away values.
Scenario random_scenario(std::uint64_t seed, std::size_t parties, std::size_t issues,
                         std::size_t options) {
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<Issue> list;
  for (std::size_t k = 0; k < issues; ++k) {
    std::vector<Option> names;
    for (std::size_t o = 0; o < options; ++o) names.push_back({"o" + std::to_string(o), ""});
    list.push_back(Issue::categorical("i" + std::to_string(k), names));
  }
  std::vector<Party> people;
  for (std::size_t p = 0; p < parties; ++p) {
    std::vector<double> weights;
    double sum = 0.0;
    for (std::size_t k = 0; k < issues; ++k) sum += weights.emplace_back(0.05 + unit(generator));
    for (auto& w : weights) w /= sum;
    std::vector<ValueFunction> functions;
    for (std::size_t k = 0; k < issues; ++k) {
      std::vector<double> table;
      for (std::size_t o = 0; o < options; ++o) table.push_back(unit(generator));
      table[generator() % options] = 1.0;
      functions.push_back(ValueFunction::from_utilities(table));
    }
    Party party;
    party.name = "p" + std::to_string(p);
    party.utility = std::make_shared<LinearAdditiveUtility>(list, weights, std::move(functions));
    party.reservation_value = 0.1 + 0.4 * unit(generator);
    people.push_back(std::move(party));
  }
  return Scenario("random " + std::to_string(seed), list, std::move(people));
}

SolutionKind kind_of(ManipulationRule rule) {
  switch (rule) {
    case ManipulationRule::kalai_smorodinsky:
      return SolutionKind::kalai_smorodinsky;
    case ManipulationRule::egalitarian:
      return SolutionKind::egalitarian;
    case ManipulationRule::utilitarian:
      return SolutionKind::utilitarian;
    default:
      return SolutionKind::nash;
  }
}

// The rule's outcome on the scenario with `party` replaced, by a full analysis (no shortcut).
std::string outcome_of(const Scenario& truth, std::size_t party, Party reported,
                       ManipulationRule rule) {
  std::vector<Party> parties = truth.parties();
  parties[party] = std::move(reported);
  const Scenario scenario(truth.name(), truth.issues(), std::move(parties));
  AnalysisOptions options;
  options.frontier.method = FrontierMethod::enumeration;
  for (const auto& solution : analyse(scenario, options).solutions)
    if (solution.kind == kind_of(rule))
      return solution.packages.empty() ? "no agreement"
                                       : truth.describe(solution.packages.front().outcome);
  return "no agreement";
}

Party with_walk_away(const Scenario& truth, std::size_t party, double d) {
  Party reported = truth.party(party);
  reported.reservation_value = d;
  reported.reservation_outcome.reset();
  return reported;
}

// The reservation theorem's bound, by enumeration: the manipulator's best package among those
// every other party accepts, or its walk-away when that is better.
double theorem_bound(const Scenario& s, std::size_t party) {
  double best = s.party(party).reservation_value;
  Outcome outcome(s.issue_count(), 0);
  do {
    bool accepted = true;
    for (std::size_t j = 0; j < s.party_count() && accepted; ++j)
      accepted = j == party || s.utility(j, outcome) >= s.party(j).reservation_value;
    if (accepted) best = std::max(best, s.utility(party, outcome));
  } while (s.space().next(outcome));
  return best;
}

const ReportInterval* interval_at(const ManipulationResult& result, double d) {
  for (const auto& interval : result.intervals) {
    const bool after = d > interval.from || (interval.from_included && d == interval.from);
    const bool before = d < interval.to || (interval.to_included && d == interval.to);
    if (after && before) return &interval;
  }
  return nullptr;
}

const std::vector<ManipulationRule> kRules = {
    ManipulationRule::nash, ManipulationRule::kalai_smorodinsky, ManipulationRule::egalitarian,
    ManipulationRule::utilitarian};

TEST(BargainingManipulation, WalkAwayIntervalsMatchTheAnalysisOnAFineGrid) {
  std::size_t gains = 0, most_pieces = 0, breakpoints_checked = 0;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const Scenario s = random_scenario(seed, seed % 3 == 0 ? 3 : 2, 3, 4);
    for (const auto rule : kRules)
      for (std::size_t party = 0; party < s.party_count(); ++party) {
        ManipulationOptions options;
        options.rule = rule;
        options.party = party;
        const auto result = analyse_manipulation(s, options);
        ASSERT_FALSE(result.intervals.empty());
        EXPECT_EQ(result.intervals.front().from, 0.0);
        // The pieces tile [0, top] without gaps.
        for (std::size_t k = 1; k < result.intervals.size(); ++k) {
          EXPECT_EQ(result.intervals[k].from, result.intervals[k - 1].to);
          EXPECT_NE(result.intervals[k].from_included, result.intervals[k - 1].to_included);
        }
        gains += result.gain > 0.0 ? 1 : 0;
        most_pieces = std::max(most_pieces, result.intervals.size());
        // Each breakpoint and a hair on either side of it.
        for (const auto& interval : result.intervals) {
          for (const double d : {interval.from, interval.from + 1e-7, interval.to - 1e-7}) {
            if (d < 0.0 || d > result.intervals.back().to) continue;
            const ReportInterval* at = interval_at(result, d);
            ASSERT_NE(at, nullptr) << d;
            EXPECT_EQ(at->outcome, outcome_of(s, party, with_walk_away(s, party, d), rule))
                << to_string(rule) << " seed " << seed << " party " << party << " d " << d;
            ++breakpoints_checked;
          }
        }
        for (int step = 0; step <= 400; ++step) {
          const double d = result.intervals.back().to * step / 400.0;
          const ReportInterval* interval = interval_at(result, d);
          ASSERT_NE(interval, nullptr) << d;
          EXPECT_EQ(interval->outcome, outcome_of(s, party, with_walk_away(s, party, d), rule))
              << to_string(rule) << " seed " << seed << " party " << party << " d " << d;
        }
        // The best report reaches the reservation theorem's bound (and nothing beats it).
        EXPECT_NEAR(result.best_utilities[party], theorem_bound(s, party), 1e-12)
            << to_string(rule) << " seed " << seed;
        EXPECT_GE(result.gain, 0.0);
        EXPECT_EQ(
            outcome_of(s, party, with_walk_away(s, party, *result.best_report.walk_away), rule),
            result.best_outcome);
      }
  }
}

TEST(BargainingManipulation, TheFlagshipExample) {
  Warnings warnings;
  const auto s =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/examples/russia-japan.yaml", warnings);
  ManipulationOptions options;
  options.party = *s->find_party("japan");
  const auto nash = analyse_manipulation(*s, options);
  // By hand from `parley solve`: the truthful Nash package gives japan 0.622; its best package
  // among those Russia accepts gives 0.756 (the enumeration below).
  EXPECT_NEAR(nash.truthful_utilities[options.party], theorem_bound(*s, options.party) - 0.134,
              0.001);
  EXPECT_NEAR(nash.best_utilities[options.party], theorem_bound(*s, options.party), 1e-12);
  EXPECT_NEAR(nash.gain, 0.134, 0.0005);
  ASSERT_TRUE(nash.incentive_ratio);
  EXPECT_NEAR(*nash.incentive_ratio,
              nash.best_utilities[options.party] / nash.truthful_utilities[options.party], 1e-12);
  const std::size_t russia = *s->find_party("russia");
  EXPECT_NEAR(nash.losses[russia], nash.truthful_utilities[russia] - nash.best_utilities[russia],
              1e-12);
  EXPECT_GT(nash.losses[russia], 0.1);
  ASSERT_TRUE(nash.minimum_deviation);
  // The smallest gaining report is the first piece past the truthful walk-away 0.5 whose
  // outcome gives japan more: check it against the analysis.
  const double d = *nash.minimum_deviation_report.walk_away;
  EXPECT_NEAR(d - 0.5, *nash.minimum_deviation, 1e-5);
  const auto reached =
      outcome_of(*s, options.party, with_walk_away(*s, options.party, d), ManipulationRule::nash);
  EXPECT_NE(reached, nash.truthful_outcome);
  EXPECT_NE(nash.sentence.find("could raise its utility from 0.622 to 0.756"), std::string::npos)
      << nash.sentence;
  // Weight reports: the LP's best beats 300 random reports analysed one by one (and stays below
  // the theorem's bound).
  options.reports = ReportSpace::weights;
  const auto weights = analyse_manipulation(*s, options);
  EXPECT_TRUE(weights.exact);
  EXPECT_LE(weights.best_utilities[options.party], theorem_bound(*s, options.party) + 1e-12);
  EXPECT_GT(weights.gain, 0.05);
  const auto* linear = s->party(options.party).utility->as_linear_additive();
  std::mt19937_64 generator(3);
  std::exponential_distribution<double> draw(1.0);
  double random_best = 0.0;
  for (int n = 0; n < 300; ++n) {
    std::vector<double> w(s->issue_count());
    double sum = 0.0;
    for (auto& v : w) sum += (v = draw(generator));
    for (auto& v : w) v /= sum;
    std::vector<ValueFunction> functions;
    for (std::size_t k = 0; k < s->issue_count(); ++k)
      functions.push_back(linear->value_function(k));
    Party reported = s->party(options.party);
    reported.utility =
        std::make_shared<LinearAdditiveUtility>(s->issues(), w, std::move(functions));
    const std::string outcome = outcome_of(*s, options.party, reported, ManipulationRule::nash);
    random_best = std::max(random_best, outcome == "no agreement"
                                            ? s->party(options.party).reservation_value
                                            : s->utility(options.party, s->parse_outcome(outcome)));
  }
  EXPECT_GE(weights.best_utilities[options.party], random_best - 1e-12);
  // Just below it, the truthful package still.
  EXPECT_EQ(outcome_of(*s, options.party,
                       with_walk_away(*s, options.party, 0.5 + *nash.minimum_deviation - 1e-4),
                       ManipulationRule::nash),
            nash.truthful_outcome);
}

TEST(BargainingManipulation, NashWeightReportsBeatEveryReportOfAGrid) {
  for (std::uint64_t seed = 11; seed <= 14; ++seed) {
    const Scenario s = random_scenario(seed, 2, 3, 3);
    for (std::size_t party = 0; party < 2; ++party) {
      ManipulationOptions options;
      options.party = party;
      options.reports = ReportSpace::weights;
      const auto result = analyse_manipulation(s, options);
      EXPECT_TRUE(result.exact);
      const auto* linear = s.party(party).utility->as_linear_additive();
      std::vector<std::vector<double>> values;
      for (std::size_t k = 0; k < 3; ++k) {
        std::vector<double> table;
        for (std::uint32_t o = 0; o < 3; ++o) table.push_back(linear->value_utility(k, o));
        values.push_back(table);
      }
      double grid_best = 0.0;
      for (int a = 0; a <= 40; ++a)
        for (int b = 0; a + b <= 40; ++b) {
          const std::vector<double> weights = {a / 40.0, b / 40.0, (40 - a - b) / 40.0};
          std::vector<ValueFunction> functions;
          for (const auto& table : values)
            functions.push_back(ValueFunction::from_utilities(table));
          Party reported = s.party(party);
          reported.utility =
              std::make_shared<LinearAdditiveUtility>(s.issues(), weights, std::move(functions));
          const std::string outcome = outcome_of(s, party, reported, ManipulationRule::nash);
          double u = s.party(party).reservation_value;
          if (outcome != "no agreement") u = s.utility(party, s.parse_outcome(outcome));
          grid_best = std::max(grid_best, u);
        }
      EXPECT_GE(result.best_utilities[party], grid_best - 1e-12) << "seed " << seed;
      EXPECT_LE(result.best_utilities[party], theorem_bound(s, party) + 1e-12);
      EXPECT_GE(result.gain, 0.0);
      // The best report, analysed, reaches the stated outcome.
      if (result.gain > 0.0) {
        std::vector<ValueFunction> functions;
        for (const auto& table : values) functions.push_back(ValueFunction::from_utilities(table));
        Party reported = s.party(party);
        reported.utility = std::make_shared<LinearAdditiveUtility>(
            s.issues(), result.best_report.weights, std::move(functions));
        EXPECT_EQ(outcome_of(s, party, reported, ManipulationRule::nash), result.best_outcome);
        ASSERT_TRUE(result.minimum_deviation);
        EXPECT_GT(*result.minimum_deviation, 0.0);
      }
    }
  }
}

TEST(BargainingManipulation, ValueReportsStayBelowTheTheoremsBound) {
  for (std::uint64_t seed = 21; seed <= 23; ++seed) {
    const Scenario s = random_scenario(seed, 2, 3, 3);
    for (const auto space : {ReportSpace::values, ReportSpace::all}) {
      ManipulationOptions options;
      options.reports = space;
      const auto result = analyse_manipulation(s, options);
      EXPECT_LE(result.best_utilities[0], theorem_bound(s, 0) + 1e-12);
      EXPECT_GE(result.best_utilities[0], result.truthful_utilities[0] - 1e-12);
    }
    // Reporting everything reaches the bound (walk-away reports already do).
    ManipulationOptions all;
    all.reports = ReportSpace::all;
    EXPECT_NEAR(analyse_manipulation(s, all).best_utilities[0], theorem_bound(s, 0), 1e-12);
  }
}

TEST(BargainingManipulation, BadRequestsAreRefusedNamingTheField) {
  const Scenario s = random_scenario(5, 2, 2, 2);
  ManipulationOptions options;
  options.party = 7;
  try {
    analyse_manipulation(s, options);
    ADD_FAILURE() << "an unknown party";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("party"), std::string::npos) << e.what();
  }
  options.party = 0;
  options.rule = ManipulationRule::adjusted_winner;
  EXPECT_THROW(analyse_manipulation(s, options), InputError);  // not a division scenario
  options.rule = ManipulationRule::nash;
  options.max_packages = 3;
  EXPECT_THROW(analyse_manipulation(s, options), InputError);  // 4 packages
  EXPECT_EQ(parse_manipulation_rule("ks"), ManipulationRule::kalai_smorodinsky);
  EXPECT_FALSE(parse_manipulation_rule("borda"));
  EXPECT_EQ(parse_report_space("walk-away"), ReportSpace::walk_away);
  EXPECT_FALSE(parse_report_space("everything"));
}

}  // namespace
}  // namespace parley
