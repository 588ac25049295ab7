// Manipulating the bargaining rules (src/manipulate/bargaining.cpp, docs/manipulation.md) against
// brute force: every walk-away interval against the analysis run on a fine grid of reports, the
// reservation theorem against an independent enumeration, Nash weight reports against a grid
// over the simplex.
#include <gtest/gtest.h>

#include <random>

#include "parley/analysis/analysis.hpp"
#include "parley/io/io.hpp"
#include "parley/manipulate/manipulate.hpp"
#include "parley/robust/robust.hpp"
#include "random_scenario.hpp"
#include "test_support.hpp"

namespace parley {
namespace {

// A random linear-additive scenario (tests/support/random_scenario.hpp): walk-away values in
// [0.1, 0.5].
Scenario random_scenario(std::uint64_t seed, std::size_t parties, std::size_t issues,
                         std::size_t options) {
  return test::random_linear_scenario(seed, parties, issues, options);
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

// ---------------------------------------------------------------------------------------------
// Lottery Nash (two parties).

// Expected true utilities of the lottery Nash choice on `reported`, by a full analysis.
std::vector<double> lottery_utilities(const Scenario& truth, const Scenario& reported) {
  AnalysisOptions options;
  options.frontier.method = FrontierMethod::enumeration;
  options.lotteries = true;
  std::vector<double> u;
  for (std::size_t p = 0; p < truth.party_count(); ++p)
    u.push_back(truth.party(p).reservation_value);
  for (const auto& solution : analyse(reported, options).solutions) {
    if (solution.kind != SolutionKind::nash_lottery || solution.packages.empty()) continue;
    u.assign(truth.party_count(), 0.0);
    for (std::size_t k = 0; k < solution.packages.size(); ++k)
      for (std::size_t p = 0; p < truth.party_count(); ++p)
        u[p] += (solution.packages.size() > 1 ? solution.probabilities[k] : 1.0) *
                truth.utility(p, solution.packages[k].outcome);
  }
  return u;
}

Scenario replaced(const Scenario& truth, std::size_t party, Party reported) {
  std::vector<Party> parties = truth.parties();
  parties[party] = std::move(reported);
  return Scenario(truth.name(), truth.issues(), std::move(parties));
}

TEST(BargainingManipulation, NashLotteryIntervalsPredictTheAnalysisOnAFineGrid) {
  std::size_t moving = 0, checked = 0, gains = 0;
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    const Scenario s = random_scenario(100 + seed, 2, 3, 4);
    for (std::size_t party = 0; party < 2; ++party) {
      ManipulationOptions options;
      options.rule = ManipulationRule::nash_lottery;
      options.party = party;
      const auto result = analyse_manipulation(s, options);
      ASSERT_FALSE(result.intervals.empty());
      const double top = result.intervals.back().to;
      double grid_best = 0.0;
      for (int g = 0; g <= 400; ++g) {
        const double d = top * g / 400.0;
        const ReportInterval* at = interval_at(result, d);
        ASSERT_NE(at, nullptr) << d;
        const auto truth = lottery_utilities(s, replaced(s, party, with_walk_away(s, party, d)));
        std::vector<double> predicted = at->utilities;
        if (!at->utilities_to.empty()) {
          ++moving;
          const double share = (d - at->from) / (at->to - at->from);
          for (std::size_t p = 0; p < 2; ++p)
            predicted[p] += share * (at->utilities_to[p] - at->utilities[p]);
        }
        for (std::size_t p = 0; p < 2; ++p)
          EXPECT_NEAR(predicted[p], truth[p], 1e-7)
              << "seed " << seed << " party " << party << " d " << d << " " << at->outcome;
        grid_best = std::max(grid_best, truth[party]);
        ++checked;
      }
      // No grid report beats the best report, and (lotteries are drawn among the packages
      // every reported walk-away accepts) the reservation theorem's bound is reached.
      EXPECT_GE(result.best_utilities[party], grid_best - 1e-9);
      EXPECT_NEAR(result.best_utilities[party], theorem_bound(s, party), 1e-9);
      EXPECT_FALSE(result.supremum);
      gains += result.gain > 0.0 ? 1 : 0;
      // The truthful outcome is the analysis' own.
      const auto truthful = lottery_utilities(s, s);
      EXPECT_NEAR(result.truthful_utilities[party], truthful[party], 1e-12);
    }
  }
  EXPECT_GT(moving, 100u);  // lotteries whose probabilities move with the report were covered
  EXPECT_EQ(checked, 16u * 401u);
  EXPECT_GT(gains, 8u);
}

TEST(BargainingManipulation, NashLotteryNeedsTwoParties) {
  const Scenario s = random_scenario(3, 3, 2, 3);
  ManipulationOptions options;
  options.rule = ManipulationRule::nash_lottery;
  try {
    analyse_manipulation(s, options);
    FAIL() << "three parties accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("two parties"), std::string::npos) << e.what();
  }
  EXPECT_EQ(parse_manipulation_rule("nash-lottery"), ManipulationRule::nash_lottery);
}

// ---------------------------------------------------------------------------------------------
// The bayes information model.

TEST(BargainingManipulation, BayesWithoutUncertaintyIsFullInformation) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    const Scenario s = random_scenario(seed, 2, 3, 3);
    ManipulationOptions options;
    options.information = InformationModel::bayes;
    options.samples = 50;
    const auto result = analyse_manipulation(s, options);
    ASSERT_TRUE(result.bayes_of_full_information);
    ASSERT_TRUE(result.bayes_best);
    EXPECT_EQ(result.bayes_of_full_information->samples, 1u);
    EXPECT_NEAR(result.bayes_of_full_information->expected_gain, result.gain, 1e-12);
    EXPECT_EQ(result.bayes_of_full_information->probability_of_loss, 0.0);
    EXPECT_NEAR(result.bayes_best->expected_gain, result.gain, 1e-12);
  }
}

TEST(BargainingManipulation, BayesOnTheFlagshipMatchesAnIndependentRecomputation) {
  Warnings warnings;
  const auto s =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/examples/russia-japan.yaml", warnings);
  const std::size_t japan = *s->find_party("japan"), russia = *s->find_party("russia");
  ASSERT_TRUE(s->party(russia).uncertainty);
  ManipulationOptions options;
  options.party = japan;
  options.information = InformationModel::bayes;
  options.samples = 40;
  options.seed = 7;
  const auto result = analyse_manipulation(*s, options);
  ASSERT_TRUE(result.bayes_of_full_information && result.bayes_best);
  EXPECT_GT(result.gain, 0.1);  // the full-information gain is still computed
  // Judge the full-information report again: the same draws of Russia, a full analysis each.
  const auto drawn = draw_preferences(*s, russia, 40, 7);
  ASSERT_EQ(drawn.size(), 40u);
  const double report = *result.bayes_of_full_information->report.walk_away;
  EXPECT_EQ(report, *result.best_report.walk_away);
  double sum = 0.0;
  std::size_t losses = 0;
  for (const auto& draw : drawn) {
    std::vector<Party> parties = s->parties();
    parties[russia] = draw;
    parties[japan].uncertainty.reset();
    const Scenario world(s->name(), s->issues(), parties);
    const auto rule_utility = [&](const Scenario& reported) {
      AnalysisOptions analysis;
      analysis.frontier.method = FrontierMethod::enumeration;
      for (const auto& solution : analyse(reported, analysis).solutions)
        if (solution.kind == SolutionKind::nash)
          return solution.packages.empty() ? world.party(japan).reservation_value
                                           : world.utility(japan, solution.packages[0].outcome);
      return world.party(japan).reservation_value;
    };
    const double gain = rule_utility(replaced(world, japan, with_walk_away(world, japan, report))) -
                        rule_utility(world);
    sum += gain;
    losses += gain < -1e-12 ? 1 : 0;
  }
  EXPECT_NEAR(result.bayes_of_full_information->expected_gain, sum / 40.0, 1e-12);
  EXPECT_NEAR(result.bayes_of_full_information->probability_of_loss, losses / 40.0, 1e-12);
  // The best report on average does at least as well on average, and the draws are seeded.
  EXPECT_GE(result.bayes_best->expected_gain,
            result.bayes_of_full_information->expected_gain - 1e-12);
  EXPECT_EQ(manipulation_json({result}), manipulation_json({analyse_manipulation(*s, options)}));
  options.seed = 8;
  EXPECT_NE(manipulation_json({result}), manipulation_json({analyse_manipulation(*s, options)}));
  EXPECT_NE(result.sentence.find("Not knowing the others' preferences (40 draws)"),
            std::string::npos)
      << result.sentence;
}

// ---------------------------------------------------------------------------------------------
// The less manipulable variants.

// The Nash package of a scenario by a full analysis (empty: none).
std::optional<Outcome> nash_of(const Scenario& s) {
  AnalysisOptions options;
  options.frontier.method = FrontierMethod::enumeration;
  for (const auto& solution : analyse(s, options).solutions)
    if (solution.kind == SolutionKind::nash && !solution.packages.empty())
      return solution.packages.front().outcome;
  return std::nullopt;
}

double product_of_gains(const Scenario& s, const Outcome& x, std::size_t except, double d) {
  double product = 1.0;
  for (std::size_t j = 0; j < s.party_count(); ++j)
    product *= std::max(0.0, s.utility(j, x) - (j == except ? d : s.party(j).reservation_value));
  return product;
}

// The hardest-to-manipulate compromise by brute force: every package within epsilon of the
// largest Nash product, every party's walk-away report on a grid, the rule "keep x while it stays
// within epsilon of the reported Nash product, else Nash" applied literally.
double hardest_by_grid(const Scenario& s, double epsilon, std::string& chosen) {
  const std::size_t n = s.party_count();
  double best_product = 0.0;
  std::vector<Outcome> all;
  Outcome o(s.issue_count(), 0);
  do {
    all.push_back(o);
    bool rational = true;
    for (std::size_t j = 0; j < n; ++j) rational &= s.utility(j, o) >= s.party(j).reservation_value;
    if (rational) best_product = std::max(best_product, product_of_gains(s, o, n, 0.0));
  } while (s.space().next(o));
  double least = 1e9;
  for (const auto& x : all) {
    bool rational = true, dominated = false;
    for (std::size_t j = 0; j < n; ++j) rational &= s.utility(j, x) >= s.party(j).reservation_value;
    for (const auto& y : all) {
      bool ge = true, gt = false;
      for (std::size_t j = 0; j < n; ++j) {
        ge &= s.utility(j, y) >= s.utility(j, x);
        gt |= s.utility(j, y) > s.utility(j, x);
      }
      dominated |= ge && gt;
    }
    if (!rational || dominated || product_of_gains(s, x, n, 0.0) < (1 - epsilon) * best_product)
      continue;
    double largest = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      for (int g = 0; g <= 2000; ++g) {
        const double d = g / 2000.0;
        const Scenario reported = replaced(s, i, with_walk_away(s, i, d));
        const auto y = nash_of(reported);
        if (!y) continue;
        double top = 0.0;
        for (const auto& z : all) {
          bool ok = s.utility(i, z) >= d;
          for (std::size_t j = 0; j < n; ++j)
            ok &= j == i || s.utility(j, z) >= s.party(j).reservation_value;
          if (ok) top = std::max(top, product_of_gains(s, z, i, d));
        }
        const bool near =
            s.utility(i, x) >= d && product_of_gains(s, x, i, d) >= (1 - epsilon) * top;
        if (!near) largest = std::max(largest, s.utility(i, *y) - s.utility(i, x));
      }
    if (largest < least - 1e-12) {
      least = largest;
      chosen = s.describe(x);
    }
  }
  return least;
}

TEST(ManipulationVariants, HardestCompromiseAgainstAGridOfReports) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    const Scenario s = random_scenario(200 + seed, 2, 2, 4);
    for (const double epsilon : {0.0, 0.1, 0.3}) {
      ManipulationOptions options;
      VariantOptions variants;
      variants.epsilon = epsilon;
      const auto result = analyse_variants(s, options, variants);
      const MechanismOutcome* hardest = nullptr;
      for (const auto& m : result.mechanisms)
        if (m.name.rfind("hardest", 0) == 0) hardest = &m;
      if (!hardest) continue;  // no package every party accepts
      ASSERT_TRUE(hardest->largest_gain);
      std::string chosen;
      const double grid = hardest_by_grid(s, epsilon, chosen);
      // The grid misses reports only between its points: it can only find less.
      EXPECT_LE(grid, *hardest->largest_gain + 1e-9) << "seed " << seed << " eps " << epsilon;
      EXPECT_NEAR(grid, *hardest->largest_gain, 1e-9) << "seed " << seed << " eps " << epsilon;
      if (epsilon == 0.0) {
        // Nothing else is near: the compromise is Nash itself, as manipulable as Nash.
        EXPECT_EQ(hardest->outcome, s.describe(*nash_of(s)));
        EXPECT_NEAR(*hardest->largest_gain, *result.mechanisms.front().largest_gain, 1e-12);
      }
      EXPECT_LE(*hardest->largest_gain, *result.mechanisms.front().largest_gain + 1e-12);
    }
  }
}

TEST(ManipulationVariants, TheFlagshipSideBySide) {
  Warnings warnings;
  const auto s =
      load_scenario(std::string(PARLEY_SOURCE_DIR) + "/examples/russia-japan.yaml", warnings);
  ManipulationOptions options;
  const auto result = analyse_variants(*s, options);
  ASSERT_GE(result.mechanisms.size(), 5u);
  const auto& reference = result.mechanisms[0];
  // The reference: japan's exact walk-away gain (TheFlagshipExample) is the largest.
  ASSERT_TRUE(reference.largest_gain);
  EXPECT_NEAR(*reference.largest_gain, 0.134, 0.0005);
  EXPECT_EQ(reference.efficiency_cost, 0.0);
  // Walk-away from the status quo: Nash on the scenario whose walk-aways are the status quo's
  // utilities, computed here directly.
  const auto& no_deal = result.mechanisms[1];
  std::vector<Party> parties = s->parties();
  for (auto& p : parties) {
    p.reservation_value = p.utility->utility(*s->status_quo());
    p.uncertainty.reset();
  }
  const Scenario fixed(s->name(), s->issues(), parties);
  EXPECT_EQ(no_deal.outcome, s->describe(*nash_of(fixed)));
  ASSERT_TRUE(no_deal.largest_gain);
  EXPECT_TRUE(no_deal.largest_gain_exact);  // Nash weight reports: one LP per candidate
  double sum = 0.0;
  for (std::size_t p = 0; p < s->party_count(); ++p) sum += s->utility(p, *nash_of(fixed));
  EXPECT_NEAR(no_deal.utility_sum, sum, 1e-12);
  EXPECT_NEAR(no_deal.efficiency_cost, reference.utility_sum - sum, 1e-12);
  // The baselines are truthful.
  std::size_t truthful = 0;
  for (const auto& m : result.mechanisms)
    if (m.truthful) {
      ++truthful;
      EXPECT_EQ(m.largest_gain.value_or(-1.0), 0.0) << m.name;
    }
  EXPECT_EQ(truthful, 2u);
  EXPECT_EQ(result.sentences.size(), result.mechanisms.size());
  EXPECT_NE(variants_json(result).find("\"schema\": \"parley-manipulation-variants/1\""),
            std::string::npos);
}

// Ordinal reports: the rankings turned into utilities by hand (rank-order-centroid weights for
// two issues: 3/4 and 1/4; three options ranked: 1, 1/2, 0) give the variant's outcome.
TEST(ManipulationVariants, OrdinalReportsAreConvertedAsDocumented) {
  const std::vector<Issue> issues = {
      Issue::categorical("land", {{"a", ""}, {"b", ""}, {"c", ""}}),
      Issue::categorical("money", {{"x", ""}, {"y", ""}, {"z", ""}})};
  const auto party = [&](const std::string& name, std::vector<double> weights,
                         std::vector<double> land, std::vector<double> money, double walk) {
    Party p;
    p.name = name;
    p.utility = std::make_shared<LinearAdditiveUtility>(
        issues, std::move(weights),
        std::vector<ValueFunction>{ValueFunction::from_utilities(std::move(land)),
                                   ValueFunction::from_utilities(std::move(money))});
    p.reservation_value = walk;
    return p;
  };
  // Truthful cardinal preferences whose rankings are: north land > money, a > b > c, x > y > z;
  // south money > land, c > b > a, z > y > x.
  const Scenario s("ordinal", issues,
                   {party("north", {0.9, 0.1}, {1.0, 0.9, 0.0}, {1.0, 0.2, 0.0}, 0.3),
                    party("south", {0.4, 0.6}, {0.0, 0.1, 1.0}, {0.0, 0.8, 1.0}, 0.3)},
                   "", "ordinal", Outcome{1, 1});
  ManipulationOptions options;
  const auto result = analyse_variants(s, options);
  const MechanismOutcome* ordinal = nullptr;
  for (const auto& m : result.mechanisms)
    if (m.name == "nash with ordinal reports") ordinal = &m;
  ASSERT_NE(ordinal, nullptr);
  // By hand: the converted scenario, walk-aways the converted utility of the status quo (b, y).
  std::vector<Party> converted = {party("north", {0.75, 0.25}, {1, 0.5, 0}, {1, 0.5, 0}, 0.5),
                                  party("south", {0.25, 0.75}, {0, 0.5, 1}, {0, 0.5, 1}, 0.5)};
  const Scenario by_hand("ordinal", issues, converted);
  const auto expected = nash_of(by_hand);
  ASSERT_TRUE(expected);
  EXPECT_EQ(ordinal->outcome, s.describe(*expected));
  EXPECT_NEAR(ordinal->utilities[0], s.utility(0, *expected), 1e-12);
  ASSERT_TRUE(ordinal->largest_gain);
  EXPECT_FALSE(ordinal->largest_gain_exact);  // a search
  EXPECT_GE(*ordinal->largest_gain, 0.0);
}

}  // namespace
}  // namespace parley
