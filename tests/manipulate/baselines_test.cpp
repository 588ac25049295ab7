// The truthful baselines (src/manipulate/baselines.hpp): serial dictatorship against an
// independent lexicographic brute force (with ties), random priority against every order
// enumerated one by one, strategy-proofness of both under random misreports, Partial Allocation
// against a hand-computed case, its 1/e guarantee, feasibility and truthfulness under random,
// scaled and permuted misreports.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "manipulate/baselines.hpp"
#include "parley/manipulate/manipulate.hpp"
#include "parley/support/error.hpp"
#include "support/random.hpp"

namespace parley {
namespace {

using detail::compute_partial_allocation;
using detail::random_priority;
using detail::random_priority_lottery;
using detail::serial_dictatorship;
using detail::serial_dictatorship_package;
using Matrix = std::vector<std::vector<double>>;

constexpr std::uint64_t kPackages = 200'000;

// A uniform double in [0, 1) from the raw outputs (the same on every standard library).
double unit_draw(std::mt19937_64& random) {
  return static_cast<double>(random() >> 11) * 0x1.0p-53;
}

// How random scenarios draw their numbers. Not `grid`: weights and option values uniform (no
// ties). `grid`: weights in {1..4}/5 and option values in {0, 1/3, 2/3, 1}, half of them moved
// by one unit in the last place towards 1/2 (as 0.1 + 0.2 differs from 0.3), so that a party is
// often indifferent between packages, exactly or up to rounding; rounding 15 u recovers the
// exact integer utility.
struct Draw {
  bool grid = false;
};

ValueFunction drawn_values(std::mt19937_64& random, std::size_t options, Draw draw) {
  std::vector<double> table;
  for (std::size_t o = 0; o < options; ++o) {
    if (!draw.grid) {
      table.push_back(unit_draw(random));
      continue;
    }
    const double level = static_cast<double>(detail::uniform_below(random, 4)) / 3.0;
    table.push_back(detail::uniform_below(random, 2) == 0 ? level : std::nextafter(level, 0.5));
  }
  return ValueFunction::from_utilities(table);
}

double drawn_weight(std::mt19937_64& random, Draw draw) {
  return draw.grid ? static_cast<double>(1 + detail::uniform_below(random, 4)) / 5.0
                   : 0.05 + unit_draw(random);
}

std::shared_ptr<const UtilityFunction> drawn_utility(std::mt19937_64& random,
                                                     const std::vector<Issue>& issues, Draw draw) {
  std::vector<double> weights;
  std::vector<ValueFunction> functions;
  for (const auto& issue : issues) {
    weights.push_back(drawn_weight(random, draw));
    functions.push_back(drawn_values(random, issue.cardinality(), draw));
  }
  return std::make_shared<LinearAdditiveUtility>(issues, weights, std::move(functions));
}

Scenario baseline_scenario(std::uint64_t seed, std::size_t parties, std::size_t issues,
                           std::size_t options, Draw draw) {
  std::mt19937_64 random(seed);
  std::vector<Issue> list;
  for (std::size_t k = 0; k < issues; ++k) {
    std::vector<Option> names;
    for (std::size_t o = 0; o < options; ++o) names.push_back({"v" + std::to_string(o), ""});
    list.push_back(Issue::categorical("issue" + std::to_string(k), names));
  }
  std::vector<Party> people;
  for (std::size_t p = 0; p < parties; ++p) {
    Party party;
    party.name = "party" + std::to_string(p);
    party.utility = drawn_utility(random, list, draw);
    party.reservation_value = 0.6 * unit_draw(random);
    people.push_back(std::move(party));
  }
  return Scenario("baseline " + std::to_string(seed), list, std::move(people));
}

// The scenario with `party`'s utility replaced by a report.
Scenario reported_scenario(const Scenario& truth, std::size_t party,
                           std::shared_ptr<const UtilityFunction> report) {
  std::vector<Party> parties = truth.parties();
  parties[party].utility = std::move(report);
  return Scenario(truth.name(), truth.issues(), std::move(parties));
}

// A misreport: random weights with the true value functions (odd k), or random weights and
// values (even k), drawn on the grid half of the time.
std::shared_ptr<const UtilityFunction> misreport(std::mt19937_64& random, const Scenario& truth,
                                                 std::size_t party, int k) {
  const Draw draw{detail::uniform_below(random, 2) == 0};
  if (k % 2 == 0) return drawn_utility(random, truth.issues(), draw);
  const auto* linear = truth.party(party).utility->as_linear_additive();
  std::vector<double> weights;
  std::vector<ValueFunction> functions;
  for (std::size_t i = 0; i < truth.issue_count(); ++i) {
    weights.push_back(drawn_weight(random, draw));
    functions.push_back(linear->value_function(i));
  }
  return std::make_shared<LinearAdditiveUtility>(truth.issues(), weights, std::move(functions));
}

// Serial dictatorship by brute force, independently of the implementation: the package that is
// lexicographically best for (order[0], order[1], ...), then of smallest index. Grid utilities
// are compared as the integers 15 u (distinct ones differ by 1/15, rounding is 1e-16); uniform
// ones as they are (ties have probability 0).
Outcome brute_force_dictatorship(const Scenario& s, const std::vector<std::size_t>& order,
                                 Draw draw) {
  const std::uint64_t size = s.space().size();
  auto key = [&](std::size_t party, const Outcome& x) {
    const double u = s.utility(party, x);
    return draw.grid ? std::round(15.0 * u) : u;
  };
  std::uint64_t best = 0;
  for (std::uint64_t index = 1; index < size; ++index) {
    const Outcome x = s.space().outcome_at(index), b = s.space().outcome_at(best);
    for (const auto p : order) {
      if (key(p, x) > key(p, b)) {
        best = index;
        break;
      }
      if (key(p, x) < key(p, b)) break;
    }
  }
  return s.space().outcome_at(best);
}

std::vector<std::vector<std::size_t>> every_order(std::size_t n) {
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::vector<std::vector<std::size_t>> all;
  do all.push_back(order);
  while (std::next_permutation(order.begin(), order.end()));
  return all;
}

double expected_utility(const Scenario& truth, std::size_t party,
                        const detail::PackageLottery& lottery) {
  double sum = 0.0;
  for (std::size_t k = 0; k < lottery.packages.size(); ++k)
    sum += lottery.probabilities[k] * truth.utility(party, lottery.packages[k]);
  return sum;
}

struct ScenarioCase {
  std::uint64_t seed;
  std::size_t parties, issues, options;
  Draw draw;
};

// Hand-picked shapes (one issue, binary issues, five parties), then 30 drawn ones: 2-4 parties,
// 1-4 issues of 2-4 options, two in three on the grid.
std::vector<ScenarioCase> scenario_cases() {
  std::vector<ScenarioCase> cases = {
      {1, 2, 2, 3, {true}},  {2, 2, 3, 4, {true}},  {3, 3, 2, 4, {true}},  {4, 3, 3, 3, {true}},
      {5, 4, 3, 3, {true}},  {6, 4, 2, 2, {true}},  {7, 2, 3, 4, {false}}, {8, 3, 3, 3, {false}},
      {9, 4, 3, 4, {false}}, {10, 3, 4, 2, {true}}, {11, 2, 2, 2, {true}}, {12, 3, 1, 4, {true}},
      {13, 5, 3, 3, {true}}, {14, 5, 2, 4, {false}}};
  std::mt19937_64 random(99);
  for (std::uint64_t seed = 100; seed < 130; ++seed)
    cases.push_back({seed,
                     2 + detail::uniform_below(random, 3),
                     1 + detail::uniform_below(random, 4),
                     2 + detail::uniform_below(random, 3),
                     {detail::uniform_below(random, 3) != 0}});
  return cases;
}
const std::vector<ScenarioCase> kScenarios = scenario_cases();

Scenario make(const ScenarioCase& c) {
  return baseline_scenario(c.seed, c.parties, c.issues, c.options, c.draw);
}

// ---------------------------------------------------------------------------------------------
// Serial dictatorship.

TEST(BaselineSerialDictatorship, MatchesALexicographicBruteForceWithTies) {
  std::size_t orders = 0, distinct_outcomes = 0;
  for (const auto& c : kScenarios) {
    const Scenario s = make(c);
    std::map<std::string, int> seen;
    std::vector<std::vector<std::size_t>> orders_tried = every_order(c.parties);
    // Partial orders too: the first party alone, the last two.
    orders_tried.push_back({0});
    orders_tried.push_back({c.parties - 1, 0});
    for (const auto& order : orders_tried) {
      const MechanismOutcome m = serial_dictatorship(s, order, kPackages);
      const Outcome expected = brute_force_dictatorship(s, order, c.draw);
      EXPECT_EQ(m.outcome, s.describe(expected)) << "seed " << c.seed << " order " << m.name;
      EXPECT_EQ(serial_dictatorship_package(s, order, kPackages), expected);
      ASSERT_EQ(m.utilities.size(), c.parties);
      for (std::size_t p = 0; p < c.parties; ++p) EXPECT_EQ(m.utilities[p], s.utility(p, expected));
      EXPECT_TRUE(m.truthful);
      ASSERT_TRUE(m.largest_gain);
      EXPECT_EQ(*m.largest_gain, 0.0);
      ++seen[m.outcome];
      ++orders;
    }
    distinct_outcomes += seen.size();
  }
  // The orders matter (the test would not notice an implementation ignoring them otherwise).
  EXPECT_GT(distinct_outcomes, kScenarios.size() + 5);
  EXPECT_GT(orders, 100u);
}

// By hand. price: low / high, delivery: fast / slow; packages in index order (the last issue
// varying fastest): 0 low-fast, 1 low-slow, 2 high-fast, 3 high-slow.
// buyer:  0.5 price (low 1, high 0) + 0.5 delivery (fast 1, slow 1): indifferent on delivery.
// seller: 0.3 price (low 0, high 1) + 0.7 delivery (fast 0, slow 1).
// buyer first keeps {low-fast, low-slow} (both 1.0); the seller then takes low-slow (0.7 > 0).
// seller first keeps high-slow (1.0) alone. The buyer alone keeps {low-fast, low-slow}: the first
// in index order, low-fast, is the outcome (the tie-break).
Scenario buyer_seller() {
  const std::vector<Issue> issues = {Issue::categorical("price", {{"low", ""}, {"high", ""}}),
                                     Issue::categorical("delivery", {{"fast", ""}, {"slow", ""}})};
  Party buyer, seller;
  buyer.name = "buyer";
  buyer.utility = std::make_shared<LinearAdditiveUtility>(
      issues, std::vector<double>{0.5, 0.5},
      std::vector<ValueFunction>{ValueFunction::from_utilities({1.0, 0.0}),
                                 ValueFunction::from_utilities({1.0, 1.0})});
  buyer.reservation_value = 0.9;
  seller.name = "seller";
  seller.utility = std::make_shared<LinearAdditiveUtility>(
      issues, std::vector<double>{0.3, 0.7},
      std::vector<ValueFunction>{ValueFunction::from_utilities({0.0, 1.0}),
                                 ValueFunction::from_utilities({0.0, 1.0})});
  seller.reservation_value = 0.2;
  return Scenario("buyer-seller", issues, {buyer, seller});
}

TEST(BaselineSerialDictatorship, AHandWorkedExample) {
  const Scenario s = buyer_seller();
  const auto buyer_first = serial_dictatorship(s, {0, 1}, kPackages);
  EXPECT_EQ(buyer_first.name, "serial dictatorship (buyer, seller)");
  EXPECT_EQ(buyer_first.outcome, "price=low, delivery=slow");
  EXPECT_DOUBLE_EQ(buyer_first.utilities[0], 1.0);
  EXPECT_DOUBLE_EQ(buyer_first.utilities[1], 0.7);
  EXPECT_DOUBLE_EQ(buyer_first.utility_sum, 1.7);
  EXPECT_TRUE(buyer_first.individually_rational);  // gains 0.1 and 0.5
  ASSERT_TRUE(buyer_first.nash_product);
  EXPECT_NEAR(*buyer_first.nash_product, 0.1 * 0.5, 1e-12);
  EXPECT_NEAR(buyer_first.smallest_gain, 0.1, 1e-12);

  const auto seller_first = serial_dictatorship(s, {1, 0}, kPackages);
  EXPECT_EQ(seller_first.name, "serial dictatorship (seller, buyer)");
  EXPECT_EQ(seller_first.outcome, "price=high, delivery=slow");
  EXPECT_DOUBLE_EQ(seller_first.utilities[0], 0.5);
  EXPECT_DOUBLE_EQ(seller_first.utilities[1], 1.0);
  // The buyer ends below its walk-away 0.9: serial dictatorship ignores walk-away values.
  EXPECT_FALSE(seller_first.individually_rational);
  EXPECT_FALSE(seller_first.nash_product);
  EXPECT_NEAR(seller_first.smallest_gain, -0.4, 1e-12);
  EXPECT_NE(seller_first.description.find("a later party may end below its walk-away"),
            std::string::npos);
  EXPECT_NE(seller_first.description.find("1e-12"), std::string::npos);

  // The buyer alone is indifferent between low-fast and low-slow: index order picks low-fast.
  EXPECT_EQ(serial_dictatorship(s, {0}, kPackages).outcome, "price=low, delivery=fast");
}

TEST(BaselineSerialDictatorship, RefusesWhatItCannotEnumerateAndBadOrders) {
  const Scenario s = buyer_seller();
  try {
    serial_dictatorship(s, {0, 1}, 3);
    FAIL() << "4 packages enumerated with a limit of 3";
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "buyer-seller");
    EXPECT_EQ(e.field(), "packages");
    EXPECT_EQ(e.found(), "4");
    EXPECT_NE(e.expected().find("at most 3 packages"), std::string::npos) << e.what();
  }
  for (const auto& order : std::vector<std::vector<std::size_t>>{{}, {0, 0}, {2}, {1, 0, 1}}) {
    try {
      serial_dictatorship(s, order, kPackages);
      FAIL() << "order of " << order.size() << " accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(e.field(), "order");
      EXPECT_EQ(e.file(), "buyer-seller");
      EXPECT_NE(e.expected().find("distinct party indices from 0 to 1"), std::string::npos);
    }
  }
  EXPECT_THROW(random_priority(s, 3, 8, 10, 1), InputError);
}

// No misreport of one party's weights (or weights and values) gives it a package it truly
// prefers: the set it chooses from is fixed by the parties before it.
TEST(BaselineSerialDictatorship, NoMisreportGains) {
  std::mt19937_64 random(2024);
  std::size_t reports = 0, changed = 0;
  for (const auto& c : kScenarios) {
    const Scenario s = make(c);
    for (const auto& order : every_order(c.parties)) {
      const Outcome truthful = serial_dictatorship_package(s, order, kPackages);
      for (const auto party : order)
        for (int k = 0; k < 6; ++k) {
          const Scenario reported = reported_scenario(s, party, misreport(random, s, party, k));
          const MechanismOutcome m = serial_dictatorship(reported, order, kPackages);
          const Outcome reached = s.parse_outcome(m.outcome);
          EXPECT_LE(s.utility(party, reached), s.utility(party, truthful) + 1e-12)
              << "seed " << c.seed << " " << m.name << " party " << party;
          changed += reached != truthful ? 1 : 0;
          ++reports;
        }
    }
  }
  EXPECT_GT(changed, reports / 10);  // misreports do move the outcome, just never up
}

// ---------------------------------------------------------------------------------------------
// Random priority.

TEST(BaselineRandomPriority, EqualsEveryOrderCountedOneByOne) {
  for (const auto& c : kScenarios) {
    const Scenario s = make(c);
    const auto lottery = random_priority_lottery(s, kPackages, 8, 0, 0);
    ASSERT_TRUE(lottery.exact);
    std::map<Outcome, std::uint64_t> brute;
    const auto orders = every_order(c.parties);
    for (const auto& order : orders) ++brute[brute_force_dictatorship(s, order, c.draw)];
    EXPECT_EQ(lottery.orders, orders.size());
    ASSERT_EQ(lottery.packages.size(), brute.size()) << "seed " << c.seed;
    double sum = 0.0;
    for (std::size_t k = 0; k < lottery.packages.size(); ++k) {
      EXPECT_EQ(lottery.counts[k], brute[lottery.packages[k]]) << "seed " << c.seed;
      EXPECT_EQ(lottery.probabilities[k],
                static_cast<double>(lottery.counts[k]) / static_cast<double>(orders.size()));
      if (k > 0) {
        EXPECT_GE(lottery.counts[k - 1], lottery.counts[k]);  // likeliest first
        if (lottery.counts[k - 1] == lottery.counts[k]) {     // then index order
          EXPECT_LT(s.space().index_of(lottery.packages[k - 1]),
                    s.space().index_of(lottery.packages[k]));
        }
      }
      sum += lottery.probabilities[k];
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
    // The MechanismOutcome: expected utilities and the text in the same order.
    const MechanismOutcome m = random_priority(s, kPackages, 8, 0, 0);
    EXPECT_EQ(m.name, "random priority");
    EXPECT_TRUE(m.truthful);
    for (std::size_t p = 0; p < c.parties; ++p)
      EXPECT_NEAR(m.utilities[p], expected_utility(s, p, lottery), 1e-12);
    std::size_t at = 0;
    for (const auto& package : lottery.packages) {
      const auto found = m.outcome.find(" x " + s.describe(package), at);
      ASSERT_NE(found, std::string::npos) << m.outcome;
      at = found + 1;
    }
  }
}

TEST(BaselineRandomPriority, TwoPartiesAverageTheTwoDictatorships) {
  std::size_t split = 0;
  for (const auto& c : kScenarios) {
    if (c.parties != 2) continue;
    const Scenario s = make(c);
    const auto first = serial_dictatorship(s, {0, 1}, kPackages);
    const auto second = serial_dictatorship(s, {1, 0}, kPackages);
    const auto m = random_priority(s, kPackages, 8, 0, 0);
    for (std::size_t p = 0; p < 2; ++p)
      EXPECT_NEAR(m.utilities[p], (first.utilities[p] + second.utilities[p]) / 2.0, 1e-12);
    if (first.outcome == second.outcome) {
      EXPECT_EQ(m.outcome, "lottery: 1 x " + first.outcome);
    } else {
      ++split;
      EXPECT_NE(m.outcome.find("0.5 x " + first.outcome), std::string::npos) << m.outcome;
      EXPECT_NE(m.outcome.find("0.5 x " + second.outcome), std::string::npos) << m.outcome;
    }
  }
  EXPECT_GT(split, 0u);
  // By hand: 0.5 x low-slow (buyer 1, seller 0.7), 0.5 x high-slow (0.5, 1); equal odds in
  // index order.
  const auto hand = random_priority(buyer_seller(), kPackages, 8, 0, 0);
  EXPECT_EQ(hand.outcome,
            "lottery: 0.5 x price=low, delivery=slow; 0.5 x price=high, delivery=slow");
  EXPECT_DOUBLE_EQ(hand.utilities[0], 0.75);
  EXPECT_DOUBLE_EQ(hand.utilities[1], 0.85);
  EXPECT_NE(hand.description.find("all 2 orders"), std::string::npos);
}

TEST(BaselineRandomPriority, SampledOrdersAreSeededAndUnbiased) {
  const Scenario s = make({9, 4, 3, 4, {false}});
  const auto a = random_priority(s, kPackages, 3, 500, 42);
  const auto b = random_priority(s, kPackages, 3, 500, 42);
  EXPECT_EQ(a.outcome, b.outcome);
  EXPECT_EQ(a.utilities, b.utilities);
  EXPECT_NE(a.description.find("500 orders drawn with seed 42"), std::string::npos);
  // Recorded once: the Fisher-Yates draws are fixed by the standard's mt19937_64, so this text
  // is the same with every compiler and standard library.
  const auto small = random_priority(s, kPackages, 3, 20, 7);
  EXPECT_EQ(small.outcome,
            "lottery: 0.35 x issue0=v0, issue1=v0, issue2=v2; 0.35 x issue0=v1, issue1=v0, "
            "issue2=v0; 0.2 x issue0=v2, issue1=v0, issue2=v0; 0.1 x issue0=v0, issue1=v3, "
            "issue2=v1");

  // Frequencies approach the exact probabilities (4! = 24 orders); counts add up to the draws.
  const auto exact = random_priority_lottery(s, kPackages, 8, 0, 0);
  const auto sampled = random_priority_lottery(s, kPackages, 3, 20'000, 5);
  EXPECT_FALSE(sampled.exact);
  EXPECT_EQ(sampled.orders, 20'000u);
  std::uint64_t total = 0;
  std::map<Outcome, double> frequency;
  for (std::size_t k = 0; k < sampled.packages.size(); ++k) {
    total += sampled.counts[k];
    frequency[sampled.packages[k]] = sampled.probabilities[k];
  }
  EXPECT_EQ(total, 20'000u);
  EXPECT_EQ(sampled.packages.size(), exact.packages.size());
  for (std::size_t k = 0; k < exact.packages.size(); ++k)
    EXPECT_NEAR(frequency[exact.packages[k]], exact.probabilities[k], 0.015);

  try {
    random_priority(s, kPackages, 3, 0, 1);
    FAIL() << "no samples accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "samples");
  }
  try {
    random_priority(baseline_scenario(1, 21, 1, 2, {true}), kPackages, 30, 10, 1);
    FAIL() << "21! orders accepted";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "exact_orders_up_to");
  }
}

// In expectation, exactly (every order) and sampled (the same orders, whatever the reports).
TEST(BaselineRandomPriority, NoMisreportGainsInExpectation) {
  std::mt19937_64 random(77);
  std::size_t reports = 0, changed = 0;
  for (const auto& c : kScenarios)
    for (const bool sampled : {false, true}) {
      if (sampled && c.parties < 3) continue;
      const Scenario s = make(c);
      const std::size_t exact_up_to = sampled ? 2 : 8;
      const auto truthful = random_priority_lottery(s, kPackages, exact_up_to, 60, c.seed);
      for (std::size_t party = 0; party < c.parties; ++party)
        for (int k = 0; k < 8; ++k) {
          const Scenario reported = reported_scenario(s, party, misreport(random, s, party, k));
          const auto lottery =
              random_priority_lottery(reported, kPackages, exact_up_to, 60, c.seed);
          const double gain =
              expected_utility(s, party, lottery) - expected_utility(s, party, truthful);
          EXPECT_LE(gain, 1e-12) << "seed " << c.seed << " party " << party
                                 << (sampled ? " sampled" : " exact");
          changed += gain < -1e-9 ? 1 : 0;
          ++reports;
        }
    }
  EXPECT_GT(changed, reports / 10);
}

// ---------------------------------------------------------------------------------------------
// Partial Allocation.

fair::DivisionInstance division(const std::vector<std::string>& agents,
                                const std::vector<std::string>& items, const Matrix& values) {
  fair::DivisionInstance instance;
  instance.agents = agents;
  instance.items = items;
  instance.origin = "baseline test";
  for (const auto& row : values) {
    instance.values.emplace_back();
    // The test values are multiples of 1/1024 (integers, halves, x 7.5): exact.
    for (const double v : row) {
      fair::Rational value(static_cast<long long>(std::llround(v * 1024.0)));
      instance.values.back().push_back(value / 1024);
    }
  }
  return instance;
}

fair::DivisionInstance numbered_division(const Matrix& values) {
  std::vector<std::string> agents, items;
  for (std::size_t i = 0; i < values.size(); ++i) agents.push_back("a" + std::to_string(i));
  for (std::size_t j = 0; j < values[0].size(); ++j) items.push_back("g" + std::to_string(j));
  return division(agents, items, values);
}

// Integer values 0..100, a quarter of them 0, every agent valuing something.
Matrix drawn_valuations(std::mt19937_64& random, std::size_t agents, std::size_t items) {
  Matrix values(agents, std::vector<double>(items, 0.0));
  for (auto& row : values) do {
      for (auto& v : row)
        v = detail::uniform_below(random, 4) == 0
                ? 0.0
                : static_cast<double>(1 + detail::uniform_below(random, 100));
    } while (*std::max_element(row.begin(), row.end()) == 0.0);
  return values;
}

// By hand. alice: car 1, house 1; bob: car 3, house 1. With equal budgets, prices car 1 and
// house 1: bob's bang per buck is 3 on the car, alice is indifferent; bob buys the car, alice the
// house (Nash product 3; giving alice t of the car gives (1 + t) 3 (1 - t) < 3). Without alice,
// bob takes both: 4, so f_alice = 3 / 4. Without bob, alice takes both: 2, so f_bob = 1 / 2.
// alice keeps 75% of the house (0.75), bob 50% of the car (1.5); thrown away: 50% of the car,
// 25% of the house.
TEST(BaselinePartialAllocation, AHandComputedExample) {
  const auto instance = division({"alice", "bob"}, {"car", "house"}, {{1, 1}, {3, 1}});
  const auto pa = compute_partial_allocation(instance);
  EXPECT_NEAR(pa.fractions[0], 0.75, 1e-9);
  EXPECT_NEAR(pa.fractions[1], 0.5, 1e-9);
  EXPECT_NEAR(pa.mnw_utilities[0], 1.0, 1e-9);
  EXPECT_NEAR(pa.mnw_utilities[1], 3.0, 1e-9);
  EXPECT_NEAR(pa.shares[0][0], 0.0, 1e-9);
  EXPECT_NEAR(pa.shares[0][1], 0.75, 1e-9);
  EXPECT_NEAR(pa.shares[1][0], 0.5, 1e-9);
  EXPECT_NEAR(pa.shares[1][1], 0.0, 1e-9);
  EXPECT_NEAR(pa.unallocated[0], 0.5, 1e-9);
  EXPECT_NEAR(pa.unallocated[1], 0.25, 1e-9);
  const auto m = detail::partial_allocation(instance);
  EXPECT_EQ(m.name, "partial allocation");
  EXPECT_EQ(m.outcome,
            "alice: 75% of house; bob: 50% of car; unallocated: 50% of car, 25% of house");
  EXPECT_NEAR(m.utilities[0], 0.75, 1e-9);
  EXPECT_NEAR(m.utilities[1], 1.5, 1e-9);
  EXPECT_NEAR(m.utility_sum, 2.25, 1e-9);
  ASSERT_TRUE(m.nash_product);
  EXPECT_NEAR(*m.nash_product, 1.125, 1e-9);
  EXPECT_NEAR(m.smallest_gain, 0.75, 1e-9);
  EXPECT_TRUE(m.truthful);
  EXPECT_NE(m.description.find("alice 0.75, bob 0.5"), std::string::npos) << m.description;
}

// 60 random instances: every agent keeps at least 1/e of its MNW utility (and at most all of
// it), and no item is given out more than once.
TEST(BaselinePartialAllocation, OneOverEAndFeasible) {
  std::mt19937_64 random(11);
  double smallest_fraction = 1.0;
  for (int t = 0; t < 60; ++t) {
    const std::size_t n = 2 + t % 3, m = 2 + (t / 3) % 4;
    const Matrix values = drawn_valuations(random, n, m);
    const auto pa = compute_partial_allocation(numbered_division(values));
    for (std::size_t i = 0; i < n; ++i) {
      EXPECT_GE(pa.fractions[i], 1.0 / std::exp(1.0) - 1e-9) << "instance " << t;
      EXPECT_LE(pa.fractions[i], 1.0);
      EXPECT_GE(pa.utilities[i], pa.mnw_utilities[i] / std::exp(1.0) - 1e-9);
      EXPECT_GT(pa.mnw_utilities[i], 0.0);
      double value = 0.0;
      for (std::size_t j = 0; j < m; ++j) value += values[i][j] * pa.shares[i][j];
      EXPECT_NEAR(value, pa.utilities[i], 1e-7 * pa.utilities[i]);
      smallest_fraction = std::min(smallest_fraction, pa.fractions[i]);
    }
    for (std::size_t j = 0; j < m; ++j) {
      double given = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        EXPECT_GE(pa.shares[i][j], 0.0);
        given += pa.shares[i][j];
      }
      EXPECT_LE(given, 1.0 + 1e-9) << "instance " << t << " item " << j;
      EXPECT_NEAR(given + pa.unallocated[j], 1.0, 1e-9);
    }
  }
  EXPECT_LT(smallest_fraction, 0.9);  // the fractions do bite
}

// Random, scaled and permuted misreports of one agent never give it more true value.
TEST(BaselinePartialAllocation, NoMisreportGains) {
  std::mt19937_64 random(5);
  std::size_t reports = 0, worse = 0;
  for (int t = 0; t < 50; ++t) {
    const std::size_t n = 2 + t % 3, m = 2 + (t / 3) % 4;
    const Matrix truth = drawn_valuations(random, n, m);
    const auto truthful = compute_partial_allocation(numbered_division(truth));
    for (std::size_t i = 0; i < n; ++i) {
      std::vector<std::vector<double>> reports_of_i;
      reports_of_i.push_back(drawn_valuations(random, 1, m)[0]);
      reports_of_i.push_back(drawn_valuations(random, 1, m)[0]);
      std::vector<double> scaled = truth[i];
      for (auto& v : scaled) v *= 7.5;
      reports_of_i.push_back(scaled);
      std::vector<double> permuted = truth[i];
      for (std::size_t k = m; k-- > 1;)
        std::swap(permuted[k], permuted[detail::uniform_below(random, k + 1)]);
      reports_of_i.push_back(permuted);
      std::vector<double> exaggerated = truth[i];  // one item's value doubled, another's halved
      exaggerated[detail::uniform_below(random, m)] *= 2.0;
      exaggerated[detail::uniform_below(random, m)] /= 2.0;
      reports_of_i.push_back(exaggerated);
      for (const auto& report : reports_of_i) {
        Matrix reported = truth;
        reported[i] = report;
        const auto pa = compute_partial_allocation(numbered_division(reported));
        double value = 0.0;
        for (std::size_t j = 0; j < m; ++j) value += truth[i][j] * pa.shares[i][j];
        EXPECT_LE(value, truthful.utilities[i] * (1.0 + 1e-7))
            << "instance " << t << " agent " << i;
        worse += value < truthful.utilities[i] * (1.0 - 1e-6) ? 1 : 0;
        ++reports;
      }
      // Scaling changes nothing.
      Matrix scaled_matrix = truth;
      scaled_matrix[i] = scaled;
      const auto same = compute_partial_allocation(numbered_division(scaled_matrix));
      for (std::size_t j = 0; j < m; ++j)
        EXPECT_NEAR(same.shares[i][j], truthful.shares[i][j], 1e-8);
    }
  }
  EXPECT_GT(worse, reports / 4);
}

// An agent valuing nothing gets nothing and changes nothing for the others.
TEST(BaselinePartialAllocation, AnAgentValuingNothing) {
  const Matrix values = {{4, 1, 0}, {1, 2, 5}};
  const auto without = compute_partial_allocation(numbered_division(values));
  const auto with = compute_partial_allocation(
      division({"a0", "a1", "idle"}, {"g0", "g1", "g2"}, {{4, 1, 0}, {1, 2, 5}, {0, 0, 0}}));
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NEAR(with.fractions[i], without.fractions[i], 1e-9);
    for (std::size_t j = 0; j < 3; ++j) EXPECT_NEAR(with.shares[i][j], without.shares[i][j], 1e-9);
  }
  EXPECT_EQ(with.fractions[2], 1.0);
  EXPECT_EQ(with.utilities[2], 0.0);
  for (std::size_t j = 0; j < 3; ++j) EXPECT_EQ(with.shares[2][j], 0.0);
  const auto m = detail::partial_allocation(
      division({"a0", "a1", "idle"}, {"g0", "g1", "g2"}, {{4, 1, 0}, {1, 2, 5}, {0, 0, 0}}));
  EXPECT_NE(m.outcome.find("idle: nothing"), std::string::npos) << m.outcome;
  EXPECT_THROW(compute_partial_allocation(division({"a", "b"}, {"g"}, {{1}, {-1}})), InputError);
}

// ---------------------------------------------------------------------------------------------
// Welfare figures.

struct WelfareCase {
  std::vector<double> utilities, walk_aways;
  double sum;
  std::optional<double> product;
  double smallest;
  bool rational;
};

TEST(BaselineWelfare, SettlesTheFigures) {
  const std::vector<WelfareCase> cases = {
      {{0.6, 0.8}, {0.5, 0.5}, 1.4, 0.1 * 0.3, 0.1, true},
      {{0.4, 0.9}, {0.5, 0.5}, 1.3, std::nullopt, -0.1, false},
      {{0.5 - 1e-15, 0.7}, {0.5, 0.5}, 1.2, 0.0, 0.0, true},  // rounding is no loss
      {{2.0, 3.0, 4.0}, {0.0, 0.0, 0.0}, 9.0, 24.0, 2.0, true},
  };
  for (const auto& c : cases) {
    MechanismOutcome m;
    m.utilities = c.utilities;
    detail::settle_welfare(m, c.walk_aways);
    EXPECT_NEAR(m.utility_sum, c.sum, 1e-12);
    EXPECT_EQ(m.nash_product.has_value(), c.product.has_value());
    if (m.nash_product && c.product) {
      EXPECT_NEAR(*m.nash_product, *c.product, 1e-12);
    }
    EXPECT_NEAR(m.smallest_gain, c.smallest, 1e-12);
    EXPECT_EQ(m.individually_rational, c.rational);
  }
  MechanismOutcome m;
  m.utilities = {1.0};
  EXPECT_THROW(detail::settle_welfare(m, {0.0, 0.0}), std::invalid_argument);
}

}  // namespace
}  // namespace parley
