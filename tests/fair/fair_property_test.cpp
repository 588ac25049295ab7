// Property tests (rapidcheck): Adjusted Winner is equitable, envy-free, efficient with at most one
// split; MNW is Pareto-optimal and EF1; maximin rent division is envy-free and sums to the rent.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <numeric>

#include "fair_test_support.hpp"

namespace parley::fair {
namespace {

std::vector<std::vector<long>> gen_values(std::size_t agents, std::size_t items, long top) {
  return *rc::gen::container<std::vector<std::vector<long>>>(
      agents, rc::gen::container<std::vector<long>>(items, rc::gen::inRange<long>(0, top + 1)));
}

RC_GTEST_PROP(AdjustedWinnerProperties, EquitableEnvyFreeEfficientOneSplit, ()) {
  const auto items = *rc::gen::inRange<std::size_t>(1, 15);
  auto values = gen_values(2, items, 30);
  for (auto& row : values)
    if (std::accumulate(row.begin(), row.end(), 0L) == 0) row[0] = 1;
  const auto instance = test::numbered_instance(values);
  Warnings warnings;
  const auto result = adjusted_winner(instance, warnings);
  // Recompute from the shares, independently of the procedure's bookkeeping.
  Rational first = 0, second = 0;
  std::size_t fractional = 0;
  for (std::size_t i = 0; i < items; ++i) {
    const auto& share = result.share_of_first[i];
    RC_ASSERT(share >= 0);
    RC_ASSERT(share <= 1);
    if (share != 0 && share != 1) ++fractional;
    first += share * result.points[0][i];
    second += (1 - share) * result.points[1][i];
  }
  RC_ASSERT(fractional <= 1u);
  RC_ASSERT(first == second);
  RC_ASSERT(first >= 50);
  // Efficient: no pair of items (i partly with the first party, j partly with the second) with
  // p0_i / p1_i < p0_j / p1_j, and no item held by a party that gives it 0 while the other
  // gives it more.
  for (std::size_t i = 0; i < items; ++i) {
    const auto& a = result.points[0];
    const auto& b = result.points[1];
    if (result.share_of_first[i] > 0) RC_ASSERT(!(a[i] == 0 && b[i] > 0));
    if (result.share_of_first[i] < 1) RC_ASSERT(!(b[i] == 0 && a[i] > 0));
    for (std::size_t j = 0; j < items; ++j)
      if (result.share_of_first[i] > 0 && result.share_of_first[j] < 1)
        RC_ASSERT(!(a[i] * b[j] < a[j] * b[i]));
  }
  for (const auto& check : result.checks) RC_ASSERT(check.verdict == Verdict::holds);
}

RC_GTEST_PROP(MaxNashWelfareProperties, ParetoOptimalAndEF1, ()) {
  const auto agents = *rc::gen::inRange<std::size_t>(2, 4);
  const auto items = *rc::gen::inRange<std::size_t>(1, 7);
  const auto values = gen_values(agents, items, 12);
  const auto instance = test::numbered_instance(values);
  const auto allocation = max_nash_welfare_allocation(instance);
  const auto checks = check_allocation(instance, allocation);
  for (const auto& check : checks) {
    if (check.property == "EF1" || check.property == "Pareto-optimal")
      RC_ASSERT(check.verdict == Verdict::holds);
  }
}

RC_GTEST_PROP(RentProperties, EnvyFreeWelfareMaximisingAndSumsToRent, ()) {
  const auto people = *rc::gen::inRange<std::size_t>(2, 5);
  const auto values = gen_values(people, people, 100);
  const auto instance = test::numbered_instance(values);
  const long rent = *rc::gen::inRange<long>(0, 300);
  Warnings warnings;
  const auto division = maximin_rent_division(instance, rent, warnings);
  double sum = 0;
  for (const auto p : division.prices) sum += p;
  RC_ASSERT(std::abs(sum - static_cast<double>(rent)) < 1e-6);
  for (std::size_t a = 0; a < people; ++a)
    for (std::size_t r = 0; r < people; ++r)
      RC_ASSERT(static_cast<double>(values[a][r]) - division.prices[r] <=
                division.agent_utilities[a] + 1e-6);
  // The assignment has the largest total value (brute force over permutations).
  std::vector<std::size_t> permutation(people);
  std::iota(permutation.begin(), permutation.end(), 0);
  long best = 0;
  do {
    long total = 0;
    for (std::size_t a = 0; a < people; ++a) total += values[a][permutation[a]];
    best = std::max(best, total);
  } while (std::next_permutation(permutation.begin(), permutation.end()));
  long chosen = 0;
  for (std::size_t a = 0; a < people; ++a) chosen += values[a][division.room_of_agent[a]];
  RC_ASSERT(chosen == best);
}

}  // namespace
}  // namespace parley::fair
