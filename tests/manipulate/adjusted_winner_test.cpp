// Manipulating Adjusted Winner (src/manipulate/adjusted_winner.cpp): the closed-form best report
// against brute force over every integer report summing to 100, written here independently (an
// Adjusted Winner of its own on integers, itself checked against parley's), hand-computed
// examples, the invariants every result keeps, and the errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "parley/fair/fair_division.hpp"
#include "parley/manipulate/manipulate.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

using fair::Rational;

fair::DivisionInstance instance_of(const std::vector<std::string>& agents,
                                   const std::vector<std::string>& items,
                                   const std::vector<std::vector<int>>& points) {
  fair::DivisionInstance instance;
  instance.agents = agents;
  instance.items = items;
  instance.origin = "test";
  for (const auto& row : points) {
    std::vector<Rational> values;
    for (const int v : row) values.emplace_back(v);
    instance.values.push_back(values);
  }
  return instance;
}

ManipulationOptions aw_options(std::size_t party) {
  ManipulationOptions options;
  options.rule = ManipulationRule::adjusted_winner;
  options.reports = ReportSpace::weights;
  options.party = party;
  return options;
}

// ---------------------------------------------------------------------------------------------
// The oracle: Adjusted Winner on integer points (each party's summing to 100), the rules of
// docs/fair-division.md written again: winner phase (ties to the party ahead after the untied
// items, the first party when level), then the leader's items by increasing ratio leader/other
// (equal ratios in table order; items both give 0 stay), whole while the leader stays at least
// level, the next one split.

struct Fraction {
  std::int64_t num = 0, den = 1;
};
bool less(const Fraction& a, const Fraction& b) { return a.num * b.den < b.num * a.den; }
double value_of(const Fraction& f) {
  return static_cast<double>(f.num) / static_cast<double>(f.den);
}

constexpr int kMaxItems = 8;

// Party 0's share of each item.
void oracle_adjusted_winner(const std::array<const int*, 2>& p, int n,
                            std::array<Fraction, kMaxItems>& share_of_first) {
  std::array<int, kMaxItems> owner{};
  std::array<std::int64_t, 2> total{0, 0};
  std::array<bool, kMaxItems> tied{};
  for (int i = 0; i < n; ++i) {
    tied[i] = p[0][i] == p[1][i];
    if (tied[i]) continue;
    owner[i] = p[0][i] > p[1][i] ? 0 : 1;
    total[owner[i]] += p[owner[i]][i];
  }
  const int tie_owner = total[1] > total[0] ? 1 : 0;
  for (int i = 0; i < n; ++i)
    if (tied[i]) {
      owner[i] = tie_owner;
      total[tie_owner] += p[tie_owner][i];
    }
  for (int i = 0; i < n; ++i) share_of_first[i] = {owner[i] == 0 ? 1 : 0, 1};
  if (total[0] == total[1]) return;
  const int leader = total[0] > total[1] ? 0 : 1, other = 1 - leader;
  const int* pl = p[leader];
  const int* po = p[other];
  std::array<int, kMaxItems> moves{};
  int count = 0;
  for (int i = 0; i < n; ++i)
    if (owner[i] == leader && (pl[i] != 0 || po[i] != 0)) {
      // Insertion keeps table order among equal ratios.
      int at = count++;
      while (at > 0 && static_cast<std::int64_t>(pl[i]) * po[moves[at - 1]] <
                           static_cast<std::int64_t>(pl[moves[at - 1]]) * po[i]) {
        moves[at] = moves[at - 1];
        --at;
      }
      moves[at] = i;
    }
  std::int64_t lt = total[leader], ot = total[other];
  for (int k = 0; k < count; ++k) {
    const int i = moves[k];
    const std::int64_t la = lt - pl[i], oa = ot + po[i];
    if (la >= oa) {
      lt = la;
      ot = oa;
      share_of_first[i] = {leader == 0 ? 0 : 1, 1};
      if (la == oa) break;
      continue;
    }
    const std::int64_t den = pl[i] + po[i], kept = oa - la;
    share_of_first[i] = leader == 0 ? Fraction{kept, den} : Fraction{den - kept, den};
    break;
  }
}

// The manipulator's true points received when it reports `report` (everything integer).
Fraction oracle_payoff(const std::vector<int>& truth, const std::vector<int>& others,
                       const int* report, std::size_t manipulator) {
  const int n = static_cast<int>(truth.size());
  std::array<const int*, 2> p{};
  p[manipulator] = report;
  p[1 - manipulator] = others.data();
  std::array<Fraction, kMaxItems> first{};
  oracle_adjusted_winner(p, n, first);
  std::int64_t whole = 0;
  Fraction part{0, 1};
  for (int i = 0; i < n; ++i) {
    const Fraction mine =
        manipulator == 0 ? first[i] : Fraction{first[i].den - first[i].num, first[i].den};
    if (mine.num == mine.den)
      whole += truth[i];
    else if (mine.num != 0)
      part = {truth[i] * mine.num, mine.den};
  }
  return {whole * part.den + part.num, part.den};
}

// The best integer report: every composition of 100 into n parts.
struct BruteForce {
  Fraction best{-1, 1};
  std::vector<int> report;
  std::uint64_t reports = 0;
};

BruteForce brute_force(const std::vector<int>& truth, const std::vector<int>& others,
                       std::size_t manipulator) {
  const int n = static_cast<int>(truth.size());
  BruteForce result;
  std::vector<int> report(n, 0);
  // Depth-first over the first n-1 coordinates; the last takes what is left.
  std::vector<int> left(n + 1, 0);
  left[0] = 100;
  int depth = 0;
  report[0] = -1;
  while (depth >= 0) {
    if (depth == n - 1) {
      report[depth] = left[depth];
      const Fraction value = oracle_payoff(truth, others, report.data(), manipulator);
      ++result.reports;
      if (less(result.best, value)) {
        result.best = value;
        result.report = report;
      }
      --depth;
      continue;
    }
    if (++report[depth] > left[depth]) {
      --depth;
      continue;
    }
    left[depth + 1] = left[depth] - report[depth];
    ++depth;
    report[depth] = -1;
  }
  return result;
}

// A random composition of 100 into n positive integers.
std::vector<int> random_points(std::mt19937_64& generator, int n) {
  std::vector<int> cuts;
  while (static_cast<int>(cuts.size()) < n - 1) {
    const int c = 1 + static_cast<int>(generator() % 99);
    if (std::find(cuts.begin(), cuts.end(), c) == cuts.end()) cuts.push_back(c);
  }
  std::sort(cuts.begin(), cuts.end());
  std::vector<int> points;
  int previous = 0;
  for (const int c : cuts) {
    points.push_back(c - previous);
    previous = c;
  }
  points.push_back(100 - previous);
  return points;
}

// What parley's Adjusted Winner gives the manipulator for a report given as doubles (the result's
// weights: decimals of at most 12 digits, read back exactly).
double parley_payoff(const fair::DivisionInstance& instance, std::size_t manipulator,
                     const std::vector<double>& report) {
  fair::DivisionInstance reported = instance;
  for (std::size_t i = 0; i < report.size(); ++i) {
    Rational exact(std::llround(report[i] * 1e12));
    exact /= 1'000'000'000'000LL;
    reported.values[manipulator][i] = exact;
  }
  Warnings warnings;
  const auto aw = fair::adjusted_winner(reported, warnings);
  const Rational total = instance.total_value(manipulator);
  Rational value = 0;
  for (std::size_t i = 0; i < report.size(); ++i) {
    const Rational mine =
        manipulator == 0 ? aw.share_of_first[i] : Rational(1 - aw.share_of_first[i]);
    value += instance.values[manipulator][i] * 100 / total * mine;
  }
  return value.convert_to<double>();
}

// The bound of what a 1-point grid can miss (the structured value V* minus the best integer
// report), for integer points. Let S, k, y_k be the knapsack of V* (items by t_i/q_i decreasing,
// capacity 50 of the other's points q, k the crossing item with share y_k) and R' the items after
// k that the other gives at least one point. The integer report "q_i + a_i on S (a_i >= 1), q_k
// on k (a tie), q_j - d_j on R' (d_j >= 1), q elsewhere" with sum a = sum d = A = max(|S|, |R'|)
// is on the grid: the manipulator wins S, the other R', and k goes to whoever is ahead, who hands
// it over first (its ratio 1 is the leader's lowest). Equitability, q(S) + A + f q_k =
// q(R) - A + (1 - f) q_k with q(S) + q(R) + q_k = 100, gives the manipulator f = y_k - A/q_k of
// k as long as A <= y_k q_k = 50 - q(S) (and A <= q(R') for the d_j). Its value is then
// V* - (t_k / q_k) A: the grid misses at most (t_k / q_k) * max(|S|, |R'|). Returns nullopt when
// the conditions do not hold (the knapsack does not bind, or A is too large).
std::optional<double> grid_bound(const std::vector<int>& t, const std::vector<int>& q) {
  const int n = static_cast<int>(t.size());
  std::vector<int> order;
  for (int i = 0; i < n; ++i)
    if (t[i] > 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return t[a] * q[b] > t[b] * q[a]; });
  int capacity = 50, whole = 0, k = -1;
  std::vector<bool> before(n, false);
  for (const int i : order) {
    if (q[i] < capacity) {
      capacity -= q[i];
      ++whole;
      before[i] = true;
      continue;
    }
    k = i;
    break;
  }
  if (k < 0) return std::nullopt;
  int after = 0, after_points = 0;
  for (int i = 0; i < n; ++i)
    if (!before[i] && i != k && q[i] > 0) {
      ++after;
      after_points += q[i];
    }
  const int moved = std::max(whole, after);
  if (after == 0 || moved > capacity || moved > after_points) return std::nullopt;
  return static_cast<double>(t[k]) / q[k] * moved;
}

// The knapsack value V* computed here on its own (exact: doubles of small integer ratios).
double knapsack_value(const std::vector<int>& t, const std::vector<int>& q) {
  std::vector<int> order;
  for (int i = 0; i < static_cast<int>(t.size()); ++i)
    if (t[i] > 0) order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return t[a] * q[b] > t[b] * q[a]; });
  double capacity = 50.0, value = 0.0;
  for (const int i : order) {
    const double part = std::min(1.0, q[i] == 0 ? 1.0 : capacity / q[i]);
    value += part * t[i];
    capacity -= part * q[i];
    if (part < 1.0) break;
  }
  return value;
}

// One brute-force comparison: the structured best against every integer report.
void check_against_brute_force(const std::vector<int>& t, const std::vector<int>& q,
                               std::size_t manipulator) {
  SCOPED_TRACE(::testing::Message() << "manipulator " << manipulator);
  std::vector<std::string> items;
  for (std::size_t i = 0; i < t.size(); ++i) items.push_back("item" + std::to_string(i));
  std::vector<std::vector<int>> points(2);
  points[manipulator] = t;
  points[1 - manipulator] = q;
  const auto instance = instance_of({"Anna", "Ben"}, items, points);
  const auto result = analyse_manipulation(instance, aw_options(manipulator));
  const double best = result.best_utilities[manipulator];

  const BruteForce grid = brute_force(t, q, manipulator);
  // C(99 + n, n - 1) compositions of 100 into n parts.
  std::uint64_t compositions = 1;
  for (std::uint64_t k = 1; k < t.size(); ++k) compositions = compositions * (100 + k) / k;
  EXPECT_EQ(grid.reports, compositions);
  const double grid_best = value_of(grid.best);
  // No integer report beats the structured supremum ...
  EXPECT_LE(grid_best, best + 1e-9);
  // ... which is the knapsack value, computed here independently ...
  EXPECT_NEAR(best, knapsack_value(t, q), 1e-9);
  // ... and the grid comes within the bound argued at grid_bound.
  const auto bound = grid_bound(t, q);
  ASSERT_TRUE(bound.has_value()) << "pick an instance where the grid bound applies";
  EXPECT_LE(best - grid_best, *bound + 1e-9);
  // The truthful report is on the grid (integer points), so the oracle must agree on it too.
  EXPECT_NEAR(result.truthful_utilities[manipulator],
              value_of(oracle_payoff(t, q, t.data(), manipulator)), 1e-9);

  // The report given reaches the value (or comes within 0.01 of the supremum).
  const double reached = parley_payoff(instance, manipulator, result.best_report.weights);
  if (result.supremum) {
    EXPECT_LE(reached, best + 1e-9);
    EXPECT_GE(reached, best - 0.01 - 1e-9);
    EXPECT_GT(reached, result.truthful_utilities[manipulator]);
  } else {
    EXPECT_NEAR(reached, best, 1e-9);
  }
}

// ---------------------------------------------------------------------------------------------

TEST(AdjustedWinnerManipulation, OracleAgreesWithParleysAdjustedWinner) {
  std::mt19937_64 generator(7);
  int checked = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    const int n = 2 + static_cast<int>(generator() % 5);
    std::vector<int> a = random_points(generator, n);
    std::vector<int> b = random_points(generator, n);
    // Ties and zeros are where implementations differ: copy some of b into a, zero some items.
    for (int i = 0; i < n; ++i) {
      if (generator() % 3 == 0) a[i] = b[i];
      if (generator() % 5 == 0) a[i] = 0;
    }
    int sum = 0;
    for (const int v : a) sum += v;
    if (sum != 100) {
      // Put the difference on an item where a is not tied with b, when there is one.
      int at = -1;
      for (int i = 0; i < n; ++i)
        if (a[i] != b[i] && a[i] + (100 - sum) >= 0) at = i;
      if (at < 0) continue;
      a[at] += 100 - sum;
    }
    std::array<Fraction, kMaxItems> first{};
    oracle_adjusted_winner({a.data(), b.data()}, n, first);
    std::vector<std::string> items;
    for (int i = 0; i < n; ++i) items.push_back("i" + std::to_string(i));
    Warnings warnings;
    const auto aw = fair::adjusted_winner(instance_of({"A", "B"}, items, {a, b}), warnings);
    for (int i = 0; i < n; ++i)
      ASSERT_TRUE(aw.share_of_first[i] * first[i].den == first[i].num)
          << "trial " << trial << " item " << i << ": parley " << aw.share_of_first[i]
          << ", oracle " << first[i].num << "/" << first[i].den;
    ++checked;
  }
  EXPECT_GT(checked, 2000);
}

// Hand example (4 items) and random instances against all 176,851 integer reports.
TEST(AdjustedWinnerManipulation, BruteForceFourItems) {
  // Hand example: Anna values the house and the car, Ben the piano and the pension.
  check_against_brute_force({40, 30, 20, 10}, {25, 15, 35, 25}, 0);
  check_against_brute_force({40, 30, 20, 10}, {25, 15, 35, 25}, 1);
  std::mt19937_64 generator(2024);
  int compared = 0;
  for (int trial = 0; compared < 20 && trial < 200; ++trial) {
    const auto t = random_points(generator, 4);
    const auto q = random_points(generator, 4);
    if (!grid_bound(t, q)) continue;  // the bound's conditions (most instances meet them)
    SCOPED_TRACE(::testing::Message() << "trial " << trial);
    check_against_brute_force(t, q, static_cast<std::size_t>(compared % 2));
    ++compared;
  }
  EXPECT_EQ(compared, 20);
}

// Random instances against every integer report of 5 items (4,598,126) and of 6 (96,560,646).
void compare_random_instances(std::uint64_t seed, int items, int instances) {
  std::mt19937_64 generator(seed);
  int compared = 0;
  for (int trial = 0; compared < instances && trial < 100; ++trial) {
    const auto t = random_points(generator, items);
    const auto q = random_points(generator, items);
    if (!grid_bound(t, q)) continue;
    SCOPED_TRACE(::testing::Message() << "trial " << trial);
    check_against_brute_force(t, q, static_cast<std::size_t>(compared % 2));
    ++compared;
  }
  EXPECT_EQ(compared, instances);
}

TEST(AdjustedWinnerManipulation, BruteForceFiveItems) { compare_random_instances(99, 5, 6); }

TEST(AdjustedWinnerManipulation, BruteForceSixItems) { compare_random_instances(5, 6, 1); }

// Worked by hand. Anna (first party) gives house 50, car 30, piano 20; Ben house 40, car 20,
// piano 40.
//  Truthful: Anna wins the house and the car (80), Ben the piano (40). Anna hands over her item
//  of lowest ratio first, the house (50/40 < 30/20), and it is split: 30 + 50 f = 40 + 40 (1 - f)
//  gives f = 5/9; both end with 30 + 250/9 = 520/9 = 57.78 points.
//  Bound: Ben keeps at least 50 of his points whatever Anna reports, so Anna gets at most the
//  knapsack of her points per Ben's point under capacity 50: the car (1.5 per point, 20 of Ben's)
//  then the house (1.25) for the 30 left, 30/40 of it: 30 + 50 * 3/4 = 67.5.
//  Copying Ben's points ties every item: Anna, first party, takes them all and hands them over in
//  table order, the house (60-40), then half the car: Anna keeps half the car and the piano,
//  15 + 20 = 35. So 67.5 is a supremum: bidding house 40 + d, car 20 + d, piano 40 - 2d, Anna
//  wins all but the piano and hands the house over first; 20 + d + f (40 + d) = 40 + (1 - f) 40
//  gives f = (60 - d) / (80 + d) -> 3/4. With d = 0.01, f = 59.99/80.01 and Anna gets 67.489, not
//  within 0.01; with d = 0.001, 30 + 50 * 59.999/80.001 = 67.4989.
//  Ben ends with 50 (a quarter of the house and the piano), losing 520/9 - 50 = 70/9 = 7.78.
TEST(AdjustedWinnerManipulation, WorkedExampleHouseCarPiano) {
  const auto instance =
      instance_of({"Anna", "Ben"}, {"house", "car", "piano"}, {{50, 30, 20}, {40, 20, 40}});
  const auto result = analyse_manipulation(instance, aw_options(0));
  EXPECT_EQ(result.rule, ManipulationRule::adjusted_winner);
  EXPECT_EQ(result.reports, ReportSpace::weights);
  EXPECT_EQ(result.parties, (std::vector<std::string>{"Anna", "Ben"}));
  EXPECT_TRUE(result.exact);
  EXPECT_EQ(result.truthful_outcome, "Anna: car; Ben: piano; house split 55.56% Anna / 44.44% Ben");
  EXPECT_NEAR(result.truthful_utilities[0], 520.0 / 9, 1e-12);
  EXPECT_NEAR(result.truthful_utilities[1], 520.0 / 9, 1e-12);
  EXPECT_EQ(result.truthful_report.text, "points house 50, car 30, piano 20");
  EXPECT_TRUE(result.supremum);
  EXPECT_NEAR(result.best_utilities[0], 67.5, 1e-12);
  EXPECT_NEAR(result.best_utilities[1], 50.0, 1e-12);
  EXPECT_EQ(result.best_outcome, "Anna: car; Ben: piano; house split 75% Anna / 25% Ben");
  EXPECT_EQ(result.best_report.text, "points house 40.001, car 20.001, piano 39.998");
  EXPECT_NEAR(parley_payoff(instance, 0, result.best_report.weights), 30 + 50 * 59.999 / 80.001,
              1e-9);
  EXPECT_NEAR(result.gain, 67.5 - 520.0 / 9, 1e-12);
  ASSERT_TRUE(result.incentive_ratio.has_value());
  EXPECT_NEAR(*result.incentive_ratio, 67.5 / (520.0 / 9), 1e-12);
  EXPECT_NEAR(result.losses[1], 70.0 / 9, 1e-12);
  EXPECT_EQ(result.losses[0], 0.0);
  ASSERT_TRUE(result.minimum_deviation.has_value());
  EXPECT_EQ(*result.minimum_deviation, 0.0);
  EXPECT_GT(parley_payoff(instance, 0, result.minimum_deviation_report.weights), 520.0 / 9 + 1e-6);
  EXPECT_NE(result.sentence.find("from 57.8 to 67.5 points"), std::string::npos) << result.sentence;
  EXPECT_NE(result.sentence.find("Ben would lose 7.8"), std::string::npos) << result.sentence;
  EXPECT_NE(result.sentence.find("supremum"), std::string::npos) << result.sentence;
  EXPECT_NE(result.assumptions.find("Warning"), std::string::npos);
  EXPECT_NE(result.tie_breaking.find("to Anna (the first party) when the two are level"),
            std::string::npos);

  // Points that do not sum to 100 are scaled, as Adjusted Winner scales them: nothing changes.
  const auto scaled = analyse_manipulation(
      instance_of({"Anna", "Ben"}, {"house", "car", "piano"}, {{5, 3, 2}, {400, 200, 400}}),
      aw_options(0));
  EXPECT_EQ(scaled.best_report.text, result.best_report.text);
  EXPECT_EQ(scaled.best_utilities, result.best_utilities);
  EXPECT_EQ(scaled.truthful_utilities, result.truthful_utilities);
}

// Copying the other's points reaches the bound exactly when the tie rule hands the right items
// over. Ben (first party) gives A 30, B 20, C 50; Anna (second) A 45, B 35, C 20.
//  Truthful: Anna wins A and B (80), Ben C (50); Anna hands over A (45/30 < 35/20) and keeps
//  f: 35 + 45 f = 50 + 30 (1 - f), f = 3/5: Anna 35 + 27 = 62, Ben 50 + 12 = 62.
//  Bound: B (1.75 per Ben point, 20) then A (1.5, 30) fill Ben's 50 exactly: 80.
//  Copying Ben: every item tied, Ben (first party) takes all and hands over A, then B, reaching
//  50-50: Anna gets A and B, 80, exactly the bound; Ben keeps C, 50, losing 12.
TEST(AdjustedWinnerManipulation, CopyingTheOtherReachesTheBound) {
  const auto instance = instance_of({"Ben", "Anna"}, {"A", "B", "C"}, {{30, 20, 50}, {45, 35, 20}});
  const auto result = analyse_manipulation(instance, aw_options(1));
  EXPECT_NEAR(result.truthful_utilities[1], 62.0, 1e-12);
  EXPECT_NEAR(result.truthful_utilities[0], 62.0, 1e-12);
  EXPECT_FALSE(result.supremum);
  EXPECT_NEAR(result.best_utilities[1], 80.0, 1e-12);
  EXPECT_NEAR(result.best_utilities[0], 50.0, 1e-12);
  EXPECT_EQ(result.best_report.weights, (std::vector<double>{30, 20, 50}));
  EXPECT_EQ(result.best_outcome, "Ben: C; Anna: A, B");
  EXPECT_NEAR(result.losses[0], 12.0, 1e-12);
  EXPECT_NE(result.sentence.find("a tie on every item"), std::string::npos) << result.sentence;
  EXPECT_NE(result.assumptions.find("Warning: the best report copies Ben's points"),
            std::string::npos)
      << result.assumptions;
  ASSERT_TRUE(result.minimum_deviation.has_value());
  EXPECT_GT(parley_payoff(instance, 1, result.minimum_deviation_report.weights), 62.0 + 1e-6);
}

// When the items the manipulator values are worth less than 50 to the other, it can have them
// all. Anna gives house 60, car 40; Ben house 10, car 10, boat 50, pension 30.
//  Truthful: Anna wins house and car (100), Ben boat and pension (80); Anna hands over the car
//  (40/10 < 60/10) and keeps f: 60 + 40 f = 80 + 10 (1 - f), f = 3/5: Anna 84.
//  Reporting house 11, car 11, boat 48, pension 30: Anna wins house and car (22), Ben the boat
//  (50) and, ahead, the tied pension (80); Ben hands the pension over first and keeps 1/30 of it
//  (50 + 30 f = 22 + 30 (1 - f)). Anna gets everything she values: 100. Ben: 50 + 1 = 51.
TEST(AdjustedWinnerManipulation, ValuedItemsThatFitAreWonOutright) {
  const auto instance = instance_of({"Anna", "Ben"}, {"house", "car", "boat", "pension"},
                                    {{60, 40, 0, 0}, {10, 10, 50, 30}});
  const auto result = analyse_manipulation(instance, aw_options(0));
  EXPECT_NEAR(result.truthful_utilities[0], 84.0, 1e-12);
  EXPECT_NEAR(result.truthful_utilities[1], 84.0, 1e-12);
  EXPECT_FALSE(result.supremum);
  EXPECT_EQ(result.best_report.text, "points house 11, car 11, boat 48, pension 30");
  EXPECT_NEAR(result.best_utilities[0], 100.0, 1e-12);
  EXPECT_NEAR(result.best_utilities[1], 51.0, 1e-12);
  EXPECT_NEAR(result.losses[1], 33.0, 1e-12);
  EXPECT_NEAR(result.gain, 16.0, 1e-12);
}

TEST(AdjustedWinnerManipulation, NoGainWhenTheTruthIsAlreadyBest) {
  {
    // Same points: every report leaves Ben at least 50 of them, which is Anna's 50 too.
    const auto instance =
        instance_of({"Anna", "Ben"}, {"a", "b", "c"}, {{50, 30, 20}, {50, 30, 20}});
    const auto result = analyse_manipulation(instance, aw_options(1));
    EXPECT_NEAR(result.truthful_utilities[1], 50.0, 1e-12);
    EXPECT_EQ(result.gain, 0.0);
    EXPECT_EQ(result.best_utilities, result.truthful_utilities);
    EXPECT_EQ(result.best_report.text, result.truthful_report.text);
    EXPECT_FALSE(result.minimum_deviation.has_value());
    ASSERT_TRUE(result.incentive_ratio.has_value());
    EXPECT_EQ(*result.incentive_ratio, 1.0);
    EXPECT_NE(result.sentence.find("cannot gain"), std::string::npos);
  }
  {
    // Anna already gets all she values: she wins a, Ben (who gives it nothing) b and c, and
    // they are level at 100 each.
    const auto instance = instance_of({"Anna", "Ben"}, {"a", "b", "c"}, {{100, 0, 0}, {0, 40, 60}});
    const auto result = analyse_manipulation(instance, aw_options(0));
    EXPECT_NEAR(result.truthful_utilities[0], 100.0, 1e-12);
    EXPECT_EQ(result.gain, 0.0);
    EXPECT_FALSE(result.minimum_deviation.has_value());
    EXPECT_NE(result.sentence.find("everything Anna values"), std::string::npos);
  }
}

// Every result keeps: best >= truthful, gain = best - truthful >= 0, losses = the other's true
// points lost, incentive ratio = best / truthful, the report reaches (or approaches) the best,
// the smallest change is 0 exactly when there is a gain and its report gains.
TEST(AdjustedWinnerManipulation, InvariantsOnRandomInstances) {
  std::mt19937_64 generator(31337);
  for (int trial = 0; trial < 150; ++trial) {
    const int n = 2 + static_cast<int>(generator() % 7);
    auto t = random_points(generator, n);
    auto q = random_points(generator, n);
    // Items one side does not want (the points moved elsewhere: every report stays a decimal,
    // so that its weights, doubles, read back exactly).
    const auto drop = [&](std::vector<int>& points) {
      const auto i = generator() % n, j = (i + 1) % n;
      points[j] += points[i];
      points[i] = 0;
    };
    if (trial % 3 == 0) drop(t);
    if (trial % 4 == 0) drop(q);
    if (trial % 5 == 0) t = q;
    std::vector<std::string> items;
    for (int i = 0; i < n; ++i) items.push_back("i" + std::to_string(i));
    const std::size_t m = trial % 2;
    std::vector<std::vector<int>> points(2);
    points[m] = t;
    points[1 - m] = q;
    const auto instance = instance_of({"P", "Q"}, items, points);
    if (instance.total_value(0) == 0 || instance.total_value(1) == 0) continue;
    SCOPED_TRACE(::testing::Message() << "trial " << trial);
    const auto r = analyse_manipulation(instance, aw_options(m));
    const std::size_t o = 1 - m;
    EXPECT_GE(r.best_utilities[m], r.truthful_utilities[m] - 1e-12);
    EXPECT_GE(r.gain, 0.0);
    EXPECT_NEAR(r.gain, r.best_utilities[m] - r.truthful_utilities[m], 1e-12);
    EXPECT_EQ(r.losses[m], 0.0);
    EXPECT_NEAR(r.losses[o], r.truthful_utilities[o] - r.best_utilities[o], 1e-12);
    EXPECT_GE(r.best_utilities[o], 50.0 - 1e-9);  // the other keeps half by its own count
    ASSERT_TRUE(r.incentive_ratio.has_value());
    EXPECT_NEAR(*r.incentive_ratio, r.best_utilities[m] / r.truthful_utilities[m], 1e-12);
    double sum = 0.0;
    for (const double w : r.best_report.weights) {
      EXPECT_GE(w, 0.0);
      sum += w;
    }
    EXPECT_NEAR(sum, 100.0, 1e-9);
    const double reached = parley_payoff(instance, m, r.best_report.weights);
    if (r.supremum) {
      EXPECT_NEAR(r.best_utilities[o], 50.0, 1e-9);
      EXPECT_LE(reached, r.best_utilities[m] + 1e-9);
      EXPECT_GE(reached, r.best_utilities[m] - 0.01 - 1e-9);
    } else {
      EXPECT_NEAR(reached, r.best_utilities[m], 1e-9);
    }
    EXPECT_EQ(r.minimum_deviation.has_value(), r.gain > 0.0);
    if (r.minimum_deviation) {
      EXPECT_EQ(*r.minimum_deviation, 0.0);
      double total = 0.0, change = 0.0;
      for (const int v : t) total += v;
      for (int i = 0; i < n; ++i)
        change = std::max(change,
                          std::abs(r.minimum_deviation_report.weights[i] - 100.0 * t[i] / total));
      EXPECT_LE(change, 0.01 + 1e-12);
      EXPECT_GT(parley_payoff(instance, m, r.minimum_deviation_report.weights),
                r.truthful_utilities[m] + 1e-12);
    }
  }
}

TEST(AdjustedWinnerManipulation, Errors) {
  const auto three = instance_of({"A", "B", "C"}, {"x", "y"}, {{50, 50}, {30, 70}, {10, 90}});
  EXPECT_THROW(analyse_manipulation(three, aw_options(0)), UnsupportedError);
  try {
    analyse_manipulation(three, aw_options(0));
  } catch (const UnsupportedError& error) {
    EXPECT_NE(std::string(error.what()).find("Adjusted Winner divides between two parties"),
              std::string::npos);
  }
  const auto two = instance_of({"A", "B"}, {"x", "y"}, {{50, 50}, {30, 70}});
  for (const auto space : {ReportSpace::walk_away, ReportSpace::values, ReportSpace::all}) {
    auto options = aw_options(0);
    options.reports = space;
    try {
      analyse_manipulation(two, options);
      ADD_FAILURE() << "no error for reports " << to_string(space);
    } catch (const InputError& error) {
      EXPECT_EQ(error.field(), "reports");
      EXPECT_NE(std::string(error.what()).find("use --reports weights"), std::string::npos);
    }
  }
  const auto nothing = instance_of({"A", "B"}, {"x", "y"}, {{0, 0}, {30, 70}});
  EXPECT_THROW(analyse_manipulation(nothing, aw_options(0)), InputError);
  auto cancelled = aw_options(0);
  cancelled.cancelled = [] { return true; };
  const auto gains =
      instance_of({"Anna", "Ben"}, {"house", "car", "piano"}, {{50, 30, 20}, {40, 20, 40}});
  EXPECT_THROW(analyse_manipulation(gains, cancelled), Cancelled);
}

}  // namespace
}  // namespace parley
