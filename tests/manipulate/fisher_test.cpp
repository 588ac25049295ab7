// Maximum Nash welfare over divisible items (src/manipulate/fisher.cpp): the Fisher-market
// equilibrium against hand-computed cases, the equilibrium conditions and an independent solver
// (proportional response dynamics), then the manipulation search against the published anchors
// (Crawford-Varian's equal split of one good, Chen et al.'s incentive ratio <= 2) and an
// independent grid over reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "manipulate/manipulate_internal.hpp"
#include "parley/manipulate/manipulate.hpp"
#include "parley/support/error.hpp"
#include "support/random.hpp"

namespace parley {
namespace {

using Matrix = std::vector<std::vector<double>>;
using detail::fisher_equilibrium;
using detail::FisherEquilibrium;

fair::DivisionInstance make_instance(const std::vector<std::string>& agents,
                                     const std::vector<std::string>& items,
                                     const std::vector<std::vector<int>>& values) {
  fair::DivisionInstance instance;
  instance.agents = agents;
  instance.items = items;
  instance.origin = "test";
  for (const auto& row : values) {
    instance.values.emplace_back();
    for (const int v : row) instance.values.back().push_back(fair::Rational(v));
  }
  return instance;
}

Matrix to_matrix(const std::vector<std::vector<int>>& values) {
  Matrix out;
  for (const auto& row : values) out.emplace_back(row.begin(), row.end());
  return out;
}

// Random integer valuations 0..100 (a quarter of them 0), every agent valuing something.
std::vector<std::vector<int>> random_values(std::mt19937_64& random, std::size_t agents,
                                            std::size_t items) {
  std::vector<std::vector<int>> values(agents, std::vector<int>(items, 0));
  for (auto& row : values) {
    do {
      for (int& v : row)
        v = detail::uniform_below(random, 4) == 0
                ? 0
                : 1 + static_cast<int>(detail::uniform_below(random, 100));
    } while (*std::max_element(row.begin(), row.end()) == 0);
  }
  return values;
}

fair::DivisionInstance numbered_instance(const std::vector<std::vector<int>>& values) {
  std::vector<std::string> agents, items;
  for (std::size_t i = 0; i < values.size(); ++i) agents.push_back("agent" + std::to_string(i));
  for (std::size_t j = 0; j < values[0].size(); ++j) items.push_back("item" + std::to_string(j));
  return make_instance(agents, items, values);
}

// The equilibrium conditions, checked here independently of the solver's own certificate:
// every agent valuing something spends its budget (1 unless given), every item someone values
// has a positive price and is sold exactly, and money goes only to items of maximum bang per buck
// v_ij / p_j (a share of an item below 1e-9 bought at a worse ratio is rounding).
void expect_equilibrium(const Matrix& values, const FisherEquilibrium& eq,
                        std::vector<double> budgets = {}) {
  const std::size_t n = values.size(), m = values[0].size();
  if (budgets.empty()) budgets.assign(n, 1.0);
  for (std::size_t j = 0; j < m; ++j) {
    bool valued = false;
    double sold = 0.0, paid = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      valued = valued || values[i][j] > 0.0;
      sold += eq.shares[i][j];
      paid += eq.spending[i][j];
      EXPECT_GE(eq.shares[i][j], 0.0);
      EXPECT_NEAR(eq.spending[i][j], eq.shares[i][j] * eq.prices[j], 1e-9);
    }
    if (!valued) continue;
    EXPECT_GT(eq.prices[j], 0.0) << "item " << j;
    EXPECT_NEAR(sold, 1.0, 1e-9) << "item " << j;
    EXPECT_NEAR(paid, eq.prices[j], 1e-9) << "item " << j;
  }
  for (std::size_t i = 0; i < n; ++i) {
    double spent = 0.0, best = 0.0, utility = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      spent += eq.spending[i][j];
      utility += values[i][j] * eq.shares[i][j];
      if (eq.prices[j] > 0.0) best = std::max(best, values[i][j] / eq.prices[j]);
    }
    EXPECT_NEAR(eq.utilities[i], utility, 1e-9 * (1.0 + utility));
    if (best == 0.0 || budgets[i] == 0.0) {
      EXPECT_EQ(spent, 0.0);
      continue;
    }
    EXPECT_NEAR(spent, budgets[i], 1e-9) << "agent " << i;
    // The utility is the budget times the best bang per buck.
    EXPECT_NEAR(utility, budgets[i] * best, 1e-8 * budgets[i] * best) << "agent " << i;
    for (std::size_t j = 0; j < m; ++j)
      if (eq.shares[i][j] > 1e-9) {
        EXPECT_GE(values[i][j] / eq.prices[j], best * (1.0 - 1e-9)) << i << "," << j;
      }
  }
}

// Proportional response dynamics (Wu & Zhang 2007; Zhang 2011): each agent re-spends its budget
// in proportion to the utility each item gave it; converges to the equilibrium utilities.
std::vector<double> proportional_response_utilities(const Matrix& values, int rounds) {
  const std::size_t n = values.size(), m = values[0].size();
  Matrix bids(n, std::vector<double>(m, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    double count = 0.0;
    for (std::size_t j = 0; j < m; ++j) count += values[i][j] > 0.0 ? 1.0 : 0.0;
    for (std::size_t j = 0; j < m; ++j) bids[i][j] = values[i][j] > 0.0 ? 1.0 / count : 0.0;
  }
  std::vector<double> utilities(n, 0.0), prices(m, 0.0);
  for (int round = 0; round < rounds; ++round) {
    std::fill(prices.begin(), prices.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < m; ++j) prices[j] += bids[i][j];
    for (std::size_t i = 0; i < n; ++i) {
      utilities[i] = 0.0;
      for (std::size_t j = 0; j < m; ++j)
        if (bids[i][j] > 0.0) utilities[i] += values[i][j] * bids[i][j] / prices[j];
      for (std::size_t j = 0; j < m; ++j)
        if (bids[i][j] > 0.0) bids[i][j] = values[i][j] * bids[i][j] / prices[j] / utilities[i];
    }
  }
  return utilities;
}

double nash_welfare(const std::vector<double>& utilities) {
  double sum = 0.0;
  for (const double u : utilities) sum += std::log(u);
  return sum;
}

ManipulationOptions mnw_options(std::size_t party, double grid_step = 0.05) {
  ManipulationOptions options;
  options.rule = ManipulationRule::max_nash_welfare;
  options.reports = ReportSpace::weights;
  options.party = party;
  options.grid_step = grid_step;
  return options;
}

// ---------------------------------------------------------------------------------------------
// (a) The equilibrium solver.

TEST(MaxNashWelfareManipulation, OneGoodIsSplitEquallyWhateverTheValues) {
  for (const auto& [first, second] : std::vector<std::pair<double, double>>{
           {1.0, 1.0}, {1.0, 1000.0}, {37.0, 2.0}, {1e-6, 5e6}}) {
    const FisherEquilibrium eq = fisher_equilibrium({{first}, {second}});
    EXPECT_NEAR(eq.shares[0][0], 0.5, 1e-12);
    EXPECT_NEAR(eq.shares[1][0], 0.5, 1e-12);
    EXPECT_NEAR(eq.prices[0], 2.0, 1e-12);
    EXPECT_NEAR(eq.utilities[0], first / 2.0, 1e-12 * first);
    EXPECT_LE(eq.violation, detail::kFisherTolerance);
  }
}

// Two agents, two goods A and B, budgets 1, values (a1, b1) and (a2, b2), numbered so that agent
// 1 likes A relatively more: a1 / b1 >= a2 / b2. The equilibrium is:
//  - a1 >= b1 and b2 >= a2: prices (1, 1), agent 1 gets A, agent 2 gets B;
//  - a1 < b1 (both prefer B): p_A = 2 a1 / (a1 + b1), p_B = 2 b1 / (a1 + b1); agent 1 gets all of
//    A and (b1 - a1) / (2 b1) of B, agent 2 the remaining (a1 + b1) / (2 b1) of B;
//  - a2 > b2 (both prefer A): symmetrically, agent 2 gets all of B and (a2 - b2) / (2 a2) of A,
//    agent 1 the remaining (a2 + b2) / (2 a2) of A.
// (Agent 1 spends p_A on A and the rest of its budget on B at the tie a1 / p_A = b1 / p_B; the
// prices add up to the budgets, 2.)
TEST(MaxNashWelfareManipulation, TwoAgentsTwoGoodsMatchTheClosedForm) {
  int cases[3] = {0, 0, 0};
  for (int a1 = 1; a1 <= 9; a1 += 2)
    for (int b1 = 1; b1 <= 9; b1 += 2)
      for (int a2 = 1; a2 <= 9; a2 += 2)
        for (int b2 = 1; b2 <= 9; b2 += 2) {
          if (a1 * b2 <= a2 * b1) continue;  // strictly a1 / b1 > a2 / b2 (no ties)
          double first_a, first_b;           // agent 1's shares of A and B
          if (a1 >= b1 && b2 >= a2) {
            first_a = 1.0, first_b = 0.0;
            ++cases[0];
          } else if (a1 < b1) {
            first_a = 1.0, first_b = (b1 - a1) / (2.0 * b1);
            ++cases[1];
          } else {
            first_a = (a2 + b2) / (2.0 * a2), first_b = 0.0;
            ++cases[2];
          }
          const Matrix values = {{double(a1), double(b1)}, {double(a2), double(b2)}};
          const FisherEquilibrium eq = fisher_equilibrium(values);
          SCOPED_TRACE(::testing::Message() << a1 << " " << b1 << " / " << a2 << " " << b2);
          EXPECT_NEAR(eq.shares[0][0], first_a, 1e-12);
          EXPECT_NEAR(eq.shares[0][1], first_b, 1e-12);
          EXPECT_NEAR(eq.shares[1][0], 1.0 - first_a, 1e-12);
          EXPECT_NEAR(eq.shares[1][1], 1.0 - first_b, 1e-12);
          expect_equilibrium(values, eq);
        }
  EXPECT_GT(cases[0], 0);
  EXPECT_GT(cases[1], 0);
  EXPECT_GT(cases[2], 0);
  // One worked instance: (1, 3) and (1, 9): p = (0.5, 1.5); agent 1 gets A and 1/3 of B.
  const FisherEquilibrium eq = fisher_equilibrium({{1.0, 3.0}, {1.0, 9.0}});
  EXPECT_NEAR(eq.prices[0], 0.5, 1e-12);
  EXPECT_NEAR(eq.prices[1], 1.5, 1e-12);
  EXPECT_NEAR(eq.shares[0][1], 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(eq.utilities[1], 6.0, 1e-12);
}

// Tie-breaking: identical reports close cycles of ties; the maximum-entropy spending gives them
// identical bundles (here half of each good), and the rule is deterministic.
TEST(MaxNashWelfareManipulation, IdenticalReportsGetIdenticalBundles) {
  const FisherEquilibrium twins = fisher_equilibrium({{3.0, 1.0}, {3.0, 1.0}});
  EXPECT_NEAR(twins.prices[0], 1.5, 1e-12);
  EXPECT_NEAR(twins.prices[1], 0.5, 1e-12);
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t j = 0; j < 2; ++j) EXPECT_NEAR(twins.shares[i][j], 0.5, 1e-12);
  // Two twins and a third agent who only wants B: p = (1, 2), both twins tied between A and B.
  const Matrix values = {{1.0, 2.0}, {1.0, 2.0}, {0.0, 5.0}};
  const FisherEquilibrium eq = fisher_equilibrium(values);
  expect_equilibrium(values, eq);
  EXPECT_NEAR(eq.prices[0], 1.0, 1e-12);
  EXPECT_NEAR(eq.prices[1], 2.0, 1e-12);
  EXPECT_NEAR(eq.shares[0][0], eq.shares[1][0], 1e-12);
  EXPECT_NEAR(eq.shares[0][1], eq.shares[1][1], 1e-12);
  EXPECT_NEAR(eq.shares[0][0], 0.5, 1e-12);
  EXPECT_NEAR(eq.shares[2][1], 0.5, 1e-12);
}

TEST(MaxNashWelfareManipulation, ItemsNobodyValuesAndPartiesValuingNothing) {
  const Matrix values = {{4.0, 0.0, 1.0}, {0.0, 0.0, 0.0}, {2.0, 0.0, 2.0}};
  const FisherEquilibrium eq = fisher_equilibrium(values);
  expect_equilibrium(values, eq);
  EXPECT_EQ(eq.prices[1], 0.0);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(eq.shares[i][1], 0.0);
  EXPECT_EQ(eq.utilities[1], 0.0);
  // The other two split A and C as two agents with two goods: a1/b1 = 4 > 1, a1 >= b1, b2 >= a2.
  EXPECT_NEAR(eq.shares[0][0], 1.0, 1e-12);
  EXPECT_NEAR(eq.shares[2][2], 1.0, 1e-12);
}

// Budgets other than 1 (the solver serves the search's market around a spending too): one good
// goes in proportion to the budgets; random markets with random budgets meet the conditions.
TEST(MaxNashWelfareManipulation, UnequalBudgetsBuyInProportion) {
  const FisherEquilibrium one = detail::fisher_market({{5.0}, {1.0}}, {1.0, 3.0});
  EXPECT_NEAR(one.shares[0][0], 0.25, 1e-12);
  EXPECT_NEAR(one.shares[1][0], 0.75, 1e-12);
  EXPECT_NEAR(one.prices[0], 4.0, 1e-12);
  std::mt19937_64 random(11);
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t n = 2 + detail::uniform_below(random, 4),
                      m = 2 + detail::uniform_below(random, 5);
    const Matrix values = to_matrix(random_values(random, n, m));
    std::vector<double> budgets(n);
    for (double& b : budgets)
      b = std::ldexp(1.0 + detail::uniform_below(random, 100),
                     -20 + 4 * static_cast<int>(detail::uniform_below(random, 6)));
    SCOPED_TRACE(::testing::Message() << "trial " << trial);
    expect_equilibrium(values, detail::fisher_market(values, budgets), budgets);
  }
}

// Tiny valuations next to large ones (the search meets reports like these when it drives a
// coordinate towards 0): an item of price 1e-14 is still paid for and given out.
TEST(MaxNashWelfareManipulation, TinyValuesAreStillCertified) {
  const Matrix values = {{0, 0, 0, 1, 1, 0},
                         {0, 0, 1.0095628037285663e-14, 0.49999999900657915, 0.49999999900657915,
                          1.9868316068194246e-09}};
  const FisherEquilibrium eq = fisher_equilibrium(values);
  expect_equilibrium(values, eq);
  EXPECT_NEAR(eq.shares[1][2], 1.0, 1e-12);
  EXPECT_NEAR(eq.shares[1][5], 1.0, 1e-12);
  EXPECT_LT(eq.prices[2], 1e-12);
  const Matrix near_tie = {{1, 0, 1, 1, 0},
                           {0.49999999975223997, 0, 0.49999999775677573, 0, 2.4909842393835104e-09},
                           {0, 0, 0, 1, 0}};
  expect_equilibrium(near_tie, fisher_equilibrium(near_tie));
}

// Random markets: the equilibrium conditions, the Nash welfare against an independent solver
// (proportional response dynamics: its allocation is feasible, so it cannot beat the maximum,
// and it converges to the same utilities), the same prices when agents and items are permuted,
// and the same equilibrium when solved from another market's hint.
TEST(MaxNashWelfareManipulation, RandomMarketsMeetTheEquilibriumConditions) {
  std::mt19937_64 random(20240611);
  FisherEquilibrium previous;
  bool have_previous = false;
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = 2 + detail::uniform_below(random, 5),
                      m = 2 + detail::uniform_below(random, 7);
    const Matrix values = to_matrix(random_values(random, n, m));
    SCOPED_TRACE(::testing::Message() << "trial " << trial);
    const FisherEquilibrium eq = fisher_equilibrium(values);
    expect_equilibrium(values, eq);
    const std::vector<double> responses = proportional_response_utilities(values, 20'000);
    EXPECT_GE(nash_welfare(eq.utilities), nash_welfare(responses) - 1e-12);
    for (std::size_t i = 0; i < n; ++i) EXPECT_NEAR(eq.utilities[i], responses[i], 1e-3 * 100.0);

    Matrix reversed(n, std::vector<double>(m));
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < m; ++j) reversed[n - 1 - i][m - 1 - j] = values[i][j];
    const FisherEquilibrium mirrored = fisher_equilibrium(reversed);
    for (std::size_t j = 0; j < m; ++j) EXPECT_NEAR(mirrored.prices[m - 1 - j], eq.prices[j], 1e-9);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < m; ++j)
        EXPECT_NEAR(mirrored.shares[n - 1 - i][m - 1 - j], eq.shares[i][j], 1e-9);

    if (have_previous && previous.prices.size() == m && previous.spending.size() == n) {
      const FisherEquilibrium hinted = fisher_equilibrium(values, &previous);
      for (std::size_t j = 0; j < m; ++j) EXPECT_NEAR(hinted.prices[j], eq.prices[j], 1e-9);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < m; ++j) EXPECT_NEAR(hinted.shares[i][j], eq.shares[i][j], 1e-9);
    }
    previous = eq;
    have_previous = true;
  }
}

// ---------------------------------------------------------------------------------------------
// (b) Crawford & Varian (1979): dividing one good under the Nash solution, a party that may
// report any concave utility does best reporting a linear one, and linear reports force the equal
// split. The full statement needs concave TRUE utilities (u(x) = sqrt(x), say) and concave
// reports, which a linear division table cannot hold (parley's bargaining rules can, through
// value-function reports). Its linear version: with one good, every linear report of either
// party gives the 1/2 split, so misreporting gains nothing.
TEST(MaxNashWelfareManipulation, CrawfordVarianOneGoodIsAlwaysHalved) {
  for (const double report : {0.001, 1.0, 7.0, 60.0, 1e6}) {
    for (const double other : {1.0, 40.0}) {
      const FisherEquilibrium eq = fisher_equilibrium({{report}, {other}});
      EXPECT_NEAR(eq.shares[0][0], 0.5, 1e-12);
      const FisherEquilibrium swapped = fisher_equilibrium({{other}, {report}});
      EXPECT_NEAR(swapped.shares[1][0], 0.5, 1e-12);
    }
  }
  const fair::DivisionInstance estate = make_instance({"Anna", "Ben"}, {"house"}, {{60}, {40}});
  for (std::size_t party = 0; party < 2; ++party) {
    const ManipulationResult result = analyse_manipulation(estate, mnw_options(party));
    EXPECT_EQ(result.rule, ManipulationRule::max_nash_welfare);
    EXPECT_TRUE(result.exact);
    EXPECT_DOUBLE_EQ(result.gain, 0.0);
    ASSERT_TRUE(result.incentive_ratio.has_value());
    EXPECT_NEAR(*result.incentive_ratio, 1.0, 1e-12);
    EXPECT_FALSE(result.minimum_deviation.has_value());
    EXPECT_NEAR(result.truthful_utilities[party], party == 0 ? 30.0 : 20.0, 1e-9);
    EXPECT_EQ(result.truthful_outcome, "Anna: 0.50 of house; Ben: 0.50 of house");
  }
}

// ---------------------------------------------------------------------------------------------
// A worked manipulation. Anna (house 50, car 50), Ben (house 90, car 10): truthfully Ben gets the
// house and Anna the car (Anna 50). Reporting (t, 100 - t) with 50 < t < 90, Anna becomes the
// one who prefers the house less but still prefers it: she gets the car and (t - 50) / t of the
// house, worth 50 + 50 (t - 50) / t, which tends to 72.22 as t -> 90; at t = 90 the reports are
// identical and the tie halves everything (Anna 50): a supremum. Any t > 50 gains, so the
// minimum deviation tends to 0. Ben falls from 90 to 5/9 of the house, 50.
TEST(MaxNashWelfareManipulation, AnnaShadowsBensValuation) {
  const fair::DivisionInstance estate =
      make_instance({"Anna", "Ben"}, {"house", "car"}, {{50, 50}, {90, 10}});
  const ManipulationResult result = analyse_manipulation(estate, mnw_options(0));
  EXPECT_FALSE(result.exact);
  EXPECT_EQ(result.truthful_outcome, "Anna: all of car; Ben: all of house");
  EXPECT_EQ(result.truthful_report.text, "valuation house 50, car 50");
  EXPECT_NEAR(result.truthful_utilities[0], 50.0, 1e-9);
  EXPECT_NEAR(result.truthful_utilities[1], 90.0, 1e-9);
  EXPECT_NEAR(result.best_utilities[0], 650.0 / 9.0, 1e-6);
  EXPECT_NEAR(result.gain, 650.0 / 9.0 - 50.0, 1e-6);
  ASSERT_TRUE(result.incentive_ratio.has_value());
  EXPECT_NEAR(*result.incentive_ratio, 13.0 / 9.0, 1e-7);
  EXPECT_NEAR(result.losses[1], 40.0, 1e-6);
  EXPECT_EQ(result.losses[0], 0.0);
  EXPECT_TRUE(result.supremum);
  ASSERT_EQ(result.best_report.weights.size(), 2u);
  EXPECT_NEAR(result.best_report.weights[0], 90.0, 1e-5);
  EXPECT_LT(result.best_report.weights[0], 90.0);
  EXPECT_NEAR(result.best_report.weights[0] + result.best_report.weights[1], 100.0, 1e-9);
  EXPECT_EQ(result.best_outcome, "Anna: 0.44 of house, all of car; Ben: 0.56 of house");
  ASSERT_TRUE(result.minimum_deviation.has_value());
  EXPECT_GT(*result.minimum_deviation, 0.0);
  EXPECT_LT(*result.minimum_deviation, 1e-6);
  EXPECT_GT(result.minimum_deviation_report.weights[0], 50.0);
  EXPECT_EQ(result.sentence,
            "Under maximum Nash welfare, Anna could raise their true value from 50.0 to 72.2 "
            "(incentive ratio 1.44) by reporting a valuation just short of house 90, car 10; Ben "
            "would lose 40.0.");
  EXPECT_NE(result.assumptions.find("Chen, Deng, Tang & Zhang"), std::string::npos);
  EXPECT_NE(result.tie_breaking.find("maximum entropy"), std::string::npos);
  EXPECT_NE(result.method.find("grid of step 0.05"), std::string::npos);

  // Ben, the one with the sharper valuation, cannot gain: reporting anything else only moves
  // the prices against him.
  const ManipulationResult ben = analyse_manipulation(estate, mnw_options(1));
  EXPECT_DOUBLE_EQ(ben.gain, 0.0);
  EXPECT_NEAR(ben.best_utilities[1], 90.0, 1e-9);
  EXPECT_EQ(ben.best_report.text, "valuation house 90, car 10");
  EXPECT_NE(ben.sentence.find("raises Ben's true value above 90.0"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// (c) Chen, Deng, Tang & Zhang (AAAI 2016): the incentive ratio of linear Fisher markets is at
// most 2; it is at least 1 since the truthful report is among those searched. Each best report,
// re-solved on its own, gives the utilities the result states.
TEST(MaxNashWelfareManipulation, IncentiveRatioIsBetweenOneAndTwo) {
  std::mt19937_64 random(7);
  double largest = 1.0;
  int gaining = 0;
  for (int trial = 0; trial < 60; ++trial) {
    const std::size_t n = 2 + detail::uniform_below(random, 2),
                      m = 2 + detail::uniform_below(random, 3);
    const std::vector<std::vector<int>> values = random_values(random, n, m);
    const std::size_t party = detail::uniform_below(random, n);
    SCOPED_TRACE(::testing::Message() << "trial " << trial);
    const ManipulationResult result =
        analyse_manipulation(numbered_instance(values), mnw_options(party, 0.1));
    ASSERT_TRUE(result.incentive_ratio.has_value());
    EXPECT_GE(*result.incentive_ratio, 1.0);
    EXPECT_LE(*result.incentive_ratio, 2.0);
    EXPECT_GE(result.gain, 0.0);
    largest = std::max(largest, *result.incentive_ratio);
    if (result.gain > 0.0) ++gaining;

    Matrix reported = to_matrix(values);
    reported[party] = result.best_report.weights;
    const FisherEquilibrium eq = fisher_equilibrium(reported);
    double true_value = 0.0;
    for (std::size_t j = 0; j < m; ++j) true_value += values[party][j] * eq.shares[party][j];
    EXPECT_NEAR(true_value, result.best_utilities[party], 1e-9 * 100.0 * m);
    for (std::size_t i = 0; i < n; ++i)
      if (i != party) {
        EXPECT_NEAR(eq.utilities[i], result.best_utilities[i], 1e-9 * 100.0 * m);
        EXPECT_NEAR(result.losses[i], result.truthful_utilities[i] - result.best_utilities[i],
                    1e-12);
      }
  }
  EXPECT_GT(gaining, 10);  // misreporting does pay in many markets
  RecordProperty("largest_incentive_ratio", std::to_string(largest));
  std::printf("largest incentive ratio seen: %.6f (%d of 60 gain)\n", largest, gaining);
}

// (d) The search is at least as good as an independent brute force over a coarser grid of
// reports (step 0.1 of the total, all on the simplex).
TEST(MaxNashWelfareManipulation, BestReportBeatsAnIndependentGrid) {
  std::mt19937_64 random(99);
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t n = 2 + detail::uniform_below(random, 2),
                      m = 2 + detail::uniform_below(random, 2);
    const std::vector<std::vector<int>> values = random_values(random, n, m);
    const std::size_t party = detail::uniform_below(random, n);
    SCOPED_TRACE(::testing::Message() << "trial " << trial);
    const ManipulationResult result =
        analyse_manipulation(numbered_instance(values), mnw_options(party, 0.05));
    // With a grid coarser than the brute force's, the local search has to do the work.
    const ManipulationResult coarse =
        analyse_manipulation(numbered_instance(values), mnw_options(party, 0.25));

    Matrix reported = to_matrix(values);
    double brute = 0.0;
    std::vector<int> k(m, 0);
    // Every (k_0, ..., k_{m-1}) with k_j in 0..10 summing to 10.
    for (int code = 0; code < static_cast<int>(std::pow(11.0, static_cast<double>(m))); ++code) {
      int rest = code, sum = 0;
      for (std::size_t j = 0; j < m; ++j) {
        k[j] = rest % 11;
        rest /= 11;
        sum += k[j];
      }
      if (sum != 10) continue;
      for (std::size_t j = 0; j < m; ++j) reported[party][j] = k[j];
      const FisherEquilibrium eq = fisher_equilibrium(reported);
      double true_value = 0.0;
      for (std::size_t j = 0; j < m; ++j) true_value += values[party][j] * eq.shares[party][j];
      brute = std::max(brute, true_value);
    }
    EXPECT_GE(result.best_utilities[party], brute - 1e-9);
    EXPECT_GE(coarse.best_utilities[party], brute - 1e-9);
    EXPECT_GE(result.best_utilities[party], result.truthful_utilities[party]);
  }
}

// ---------------------------------------------------------------------------------------------
// (e) Errors and limits.

TEST(MaxNashWelfareManipulation, OnlyValuationReportsFit) {
  const fair::DivisionInstance estate =
      make_instance({"Anna", "Ben"}, {"house", "car"}, {{50, 50}, {90, 10}});
  for (const ReportSpace space : {ReportSpace::walk_away, ReportSpace::values, ReportSpace::all}) {
    ManipulationOptions options = mnw_options(0);
    options.reports = space;
    try {
      analyse_manipulation(estate, options);
      ADD_FAILURE() << "no error for " << to_string(space);
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what())
                    .find("maximum Nash welfare reports are valuations: use --reports weights"),
                std::string::npos)
          << error.what();
      EXPECT_EQ(error.field(), "reports");
    }
  }
  std::vector<std::vector<int>> crowd(11, std::vector<int>(2, 1));
  EXPECT_THROW(analyse_manipulation(numbered_instance(crowd), mnw_options(0)), InputError);
  EXPECT_THROW(analyse_manipulation(estate, mnw_options(2)), InputError);
  ManipulationOptions coarse = mnw_options(0);
  coarse.grid_step = 0.0;
  EXPECT_THROW(analyse_manipulation(estate, coarse), InputError);
  ManipulationOptions stopped = mnw_options(0);
  stopped.cancelled = [] { return true; };
  EXPECT_THROW(analyse_manipulation(estate, stopped), Cancelled);
}

// The largest instance allowed finishes (10 parties, 30 items) and is still certified.
TEST(MaxNashWelfareManipulation, LargestInstanceFinishes) {
  std::mt19937_64 random(3);
  const std::vector<std::vector<int>> values = random_values(random, 10, 30);
  const ManipulationResult result = analyse_manipulation(numbered_instance(values), mnw_options(4));
  ASSERT_TRUE(result.incentive_ratio.has_value());
  EXPECT_GE(*result.incentive_ratio, 1.0);
  EXPECT_LE(*result.incentive_ratio, 2.0);
  Matrix reported = to_matrix(values);
  reported[4] = result.best_report.weights;
  expect_equilibrium(reported, fisher_equilibrium(reported));
}

}  // namespace
}  // namespace parley
