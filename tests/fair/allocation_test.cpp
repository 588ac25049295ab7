// Indivisible goods: hand examples for the checks, and MNW / leximin / utilitarian / MMS against
// brute force over every allocation of small seeded random instances. The worked MNW, leximin and
// utilitarian examples are case files in tests/cases/division.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "fair_test_support.hpp"

namespace parley::fair {
namespace {

using boost::multiprecision::cpp_int;
using test::make_instance;
using test::numbered_instance;

const FairnessCheck& check_named(const std::vector<FairnessCheck>& checks,
                                 const std::string& property) {
  for (const auto& check : checks)
    if (check.property == property) return check;
  throw std::runtime_error("no check " + property);
}

// A takes everything. B values A's bundle at 10 against 0: not envy-free; removing B's most
// valued item (4) still leaves 6 > 0: not EF1; B's share 0 < 10/2: not proportional; B's maximin
// share over two bundles of (4, 4, 2) is 4 ({4, 2} / {4}): not MMS. Every other allocation takes
// a positively valued item from A: Pareto-optimal.
TEST(AllocationChecks, AllToOneParty) {
  const auto instance = make_instance({"A", "B"}, {"x", "y", "z"}, {{5, 3, 2}, {4, 4, 2}});
  const auto checks = check_allocation(instance, {0, 0, 0});
  EXPECT_EQ(check_named(checks, "envy-free").verdict, Verdict::fails);
  EXPECT_EQ(check_named(checks, "EF1").verdict, Verdict::fails);
  EXPECT_NE(check_named(checks, "EF1").detail.find("B values A's bundle {x, y, z} at 6"),
            std::string::npos)
      << check_named(checks, "EF1").detail;
  EXPECT_EQ(check_named(checks, "proportional").verdict, Verdict::fails);
  EXPECT_EQ(check_named(checks, "MMS").verdict, Verdict::fails);
  EXPECT_NE(check_named(checks, "MMS").detail.find("maximin share 4"), std::string::npos);
  EXPECT_EQ(check_named(checks, "Pareto-optimal").verdict, Verdict::holds);
}

// A values x=1, y=3, z=1 and holds {x}; B holds {y, z}. A's envy (4 > 1) vanishes without y
// (1 <= 1): EF1 holds; without z, the item A values least, 3 > 1 remains: EFX fails.
// Giving y to A and x to B: A gets 3 > 1, B gets 2 (values 1, 1, 1) = 2: nobody worse off,
// A better: not Pareto-optimal.
TEST(AllocationChecks, EnvyFreeUpToOneItemButNotAnyItem) {
  const auto instance = make_instance({"A", "B"}, {"x", "y", "z"}, {{1, 3, 1}, {1, 1, 1}});
  const auto checks = check_allocation(instance, {0, 1, 1});
  EXPECT_EQ(check_named(checks, "envy-free").verdict, Verdict::fails);
  EXPECT_EQ(check_named(checks, "EF1").verdict, Verdict::holds);
  EXPECT_EQ(check_named(checks, "EFX").verdict, Verdict::fails);
  EXPECT_NE(check_named(checks, "EFX").detail.find("even without z"), std::string::npos)
      << check_named(checks, "EFX").detail;
  EXPECT_EQ(check_named(checks, "Pareto-optimal").verdict, Verdict::fails);
  EXPECT_EQ(check_named(checks, "proportional").verdict, Verdict::fails);
}

// --- Brute force over all allocations ---------------------------------------------------------

std::vector<std::int64_t> utilities_of(const std::vector<std::vector<long>>& values,
                                       const Allocation& allocation) {
  std::vector<std::int64_t> utilities(values.size(), 0);
  for (std::size_t g = 0; g < allocation.size(); ++g)
    utilities[allocation[g]] += values[allocation[g]][g];
  return utilities;
}

template <typename Visit>
void for_each_allocation(std::size_t agents, std::size_t items, Visit visit) {
  Allocation allocation(items, 0);
  for (;;) {
    visit(allocation);
    std::size_t g = 0;
    while (g < items && ++allocation[g] == agents) allocation[g++] = 0;
    if (g == items) return;
  }
}

std::pair<std::size_t, cpp_int> nash_key(const std::vector<std::int64_t>& utilities) {
  std::pair<std::size_t, cpp_int> key{0, 1};
  for (const auto u : utilities)
    if (u > 0) {
      ++key.first;
      key.second *= u;
    }
  return key;
}

std::vector<std::vector<long>> random_values(std::mt19937_64& rng, std::size_t agents,
                                             std::size_t items) {
  std::uniform_int_distribution<long> value(0, 9);
  std::vector<std::vector<long>> values(agents, std::vector<long>(items));
  for (auto& row : values)
    for (auto& v : row) v = value(rng);
  return values;
}

TEST(BruteForce, MnwLeximinUtilitarianAndMmsOnRandomInstances) {
  std::mt19937_64 rng(20260101);
  for (int round = 0; round < 40; ++round) {
    const std::size_t agents = 2 + round % 3;
    const std::size_t items = 2 + (round * 7) % 5;
    const auto values = random_values(rng, agents, items);
    const auto instance = numbered_instance(values);
    SCOPED_TRACE("round " + std::to_string(round));

    std::pair<std::size_t, cpp_int> best_nash{0, 0};
    std::vector<std::int64_t> best_leximin;
    std::int64_t best_sum = -1;
    for_each_allocation(agents, items, [&](const Allocation& allocation) {
      auto utilities = utilities_of(values, allocation);
      best_nash = std::max(best_nash, nash_key(utilities));
      best_sum = std::max<std::int64_t>(
          best_sum, std::accumulate(utilities.begin(), utilities.end(), std::int64_t{0}));
      std::sort(utilities.begin(), utilities.end());
      best_leximin = std::max(best_leximin, utilities);
    });

    const auto mnw = max_nash_welfare_allocation(instance);
    EXPECT_EQ(nash_key(utilities_of(values, mnw)), best_nash);
    auto leximin = utilities_of(values, leximin_allocation(instance));
    std::sort(leximin.begin(), leximin.end());
    EXPECT_EQ(leximin, best_leximin);
    const auto utilitarian = utilities_of(values, utilitarian_allocation(instance));
    EXPECT_EQ(std::accumulate(utilitarian.begin(), utilitarian.end(), std::int64_t{0}), best_sum);

    // MMS: for each agent, the best over all partitions into `agents` bundles of the worst
    // bundle (an allocation to `agents` owners is such a partition).
    const auto shares = maximin_shares(instance);
    for (std::size_t a = 0; a < agents; ++a) {
      std::int64_t best = 0;
      for_each_allocation(agents, items, [&](const Allocation& partition) {
        std::vector<std::int64_t> bundles(agents, 0);
        for (std::size_t g = 0; g < items; ++g) bundles[partition[g]] += values[a][g];
        best = std::max(best, *std::min_element(bundles.begin(), bundles.end()));
      });
      ASSERT_TRUE(shares[a].has_value());
      EXPECT_EQ(*shares[a], best) << "agent " << a;
    }
  }
}

TEST(BruteForce, FractionalValuesAreHandledExactly) {
  // The MNW hand example (tests/cases/division/mnw-hand-example.yaml) with every value divided by
  // 4: same MNW allocation.
  auto instance = make_instance({"A", "B"}, {"x", "y", "z"}, {{6, 3, 1}, {5, 4, 1}});
  for (auto& row : instance.values)
    for (auto& v : row) v /= 4;
  EXPECT_EQ(max_nash_welfare_allocation(instance), (Allocation{0, 1, 1}));
}

TEST(Divide, ReportsIndivisibleDivisionWithChecks) {
  const auto instance = make_instance({"A", "B"}, {"x", "y", "z"}, {{6, 3, 1}, {5, 4, 1}});
  Warnings warnings;
  const auto division = divide(instance, DivisionMethod::max_nash_welfare, {}, warnings);
  ASSERT_TRUE(division.allocation.has_value());
  EXPECT_EQ(division.utilities, (std::vector<Rational>{6, 5}));
  const auto text = describe_division(division);
  EXPECT_NE(text.find("A: {x}, worth 6 of 10 to A"), std::string::npos) << text;
  EXPECT_NE(text.find("B: {y, z}, worth 5 of 10 to B"), std::string::npos) << text;
  EXPECT_NE(text.find("EF1: holds"), std::string::npos) << text;
}

}  // namespace
}  // namespace parley::fair
