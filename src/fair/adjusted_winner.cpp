// Adjusted Winner (Brams and Taylor 1996, ch. 4), in exact rational arithmetic.
#include <algorithm>
#include <numeric>

#include "fair_internal.hpp"

namespace parley::fair {

namespace {

using boost::multiprecision::cpp_int;

// Orders items by the ratio first/second of two non-negative integer valuations; a zero second
// value is an infinite ratio. Cross-multiplication keeps the comparison exact.
struct RatioOrder {
  const std::vector<cpp_int>* first;
  const std::vector<cpp_int>* second;
  // ratio(i) < ratio(j)
  bool less(std::size_t i, std::size_t j) const {
    return (*first)[i] * (*second)[j] < (*first)[j] * (*second)[i];
  }
};

std::string points_text(const Rational& value) { return detail::readable(value) + " points"; }

}  // namespace

AdjustedWinnerResult adjusted_winner(const DivisionInstance& instance, Warnings& warnings) {
  validate(instance);
  if (instance.agent_count() != 2)
    throw UnsupportedError(instance.origin + ": Adjusted Winner divides between two parties; " +
                           std::to_string(instance.agent_count()) +
                           " were given (use mnw, leximin or utilitarian for more)");
  const std::size_t item_count = instance.item_count();
  AdjustedWinnerResult result;
  result.points.resize(2);
  for (std::size_t a = 0; a < 2; ++a) {
    const Rational total = instance.total_value(a);
    if (total == 0)
      throw InputError(instance.origin, std::nullopt, "points of " + instance.agents[a], "0 in all",
                       "100 points spread over the items");
    if (total != 100)
      warnings.push_back(instance.origin + ": the points of " + instance.agents[a] + " sum to " +
                         format_rational(total) +
                         ", not 100; they were scaled to sum to 100 for Adjusted Winner");
    const Rational factor = Rational(100) / total;
    result.points[a].reserve(item_count);
    for (const auto& v : instance.values[a])
      result.points[a].push_back(total == 100 ? v : Rational(v * factor));
  }
  const auto& p = result.points;

  // Exact integer images of the points (one common denominator) for fast ratio comparisons.
  std::array<std::vector<cpp_int>, 2> whole;
  {
    cpp_int common = 1;
    for (const auto& row : p)
      for (const auto& v : row) {
        const cpp_int d = boost::multiprecision::denominator(v);
        if (common % d != 0) common = common / boost::multiprecision::gcd(common, d) * d;
      }
    for (std::size_t a = 0; a < 2; ++a)
      for (const auto& v : p[a])
        whole[a].push_back(boost::multiprecision::numerator(v) *
                           (common / boost::multiprecision::denominator(v)));
  }

  // Winner phase: each item to the party who puts more points on it; ties wait.
  result.initial_owner.assign(item_count, 0);
  result.initial_totals.assign(2, Rational(0));
  std::vector<std::size_t> tied;
  for (std::size_t i = 0; i < item_count; ++i) {
    if (whole[0][i] == whole[1][i]) {
      tied.push_back(i);
      continue;
    }
    const std::size_t winner = whole[0][i] > whole[1][i] ? 0 : 1;
    result.initial_owner[i] = winner;
    result.initial_totals[winner] += p[winner][i];
  }
  // Tied items go to the party ahead after the untied items (party 0 when level): having a ratio
  // of 1, they are the first to move in the adjustment, so nothing depends on this choice except
  // which item may end up split.
  const std::size_t tie_owner = result.initial_totals[1] > result.initial_totals[0] ? 1 : 0;
  for (const auto i : tied) {
    result.initial_owner[i] = tie_owner;
    result.initial_totals[tie_owner] += p[tie_owner][i];
  }

  result.share_of_first.assign(item_count, Rational(0));
  for (std::size_t i = 0; i < item_count; ++i)
    if (result.initial_owner[i] == 0) result.share_of_first[i] = 1;
  result.totals = result.initial_totals;

  // Equitability adjustment: move the leader's items, smallest ratio leader/other first, until the
  // totals meet; the item that would overshoot is split.
  if (result.totals[0] != result.totals[1]) {
    const std::size_t leader = result.totals[0] > result.totals[1] ? 0 : 1;
    const std::size_t other = 1 - leader;
    std::vector<std::size_t> movable;
    // Items worth nothing to both parties cannot change the totals, and comparing their 0/0
    // ratio with anything would break the strict weak order the sort needs: they stay put.
    for (std::size_t i = 0; i < item_count; ++i)
      if (result.initial_owner[i] == leader && (p[0][i] != 0 || p[1][i] != 0)) movable.push_back(i);
    const RatioOrder order{&whole[leader], &whole[other]};
    std::stable_sort(movable.begin(), movable.end(),
                     [&](std::size_t a, std::size_t b) { return order.less(a, b); });
    auto& leader_total = result.totals[leader];
    auto& other_total = result.totals[other];
    for (const auto i : movable) {
      result.transfer_order.push_back(i);
      const Rational leader_after = leader_total - p[leader][i];
      const Rational other_after = other_total + p[other][i];
      if (leader_after >= other_after) {
        leader_total = leader_after;
        other_total = other_after;
        result.share_of_first[i] = leader == 0 ? 0 : 1;
        if (leader_after == other_after) break;
        continue;
      }
      // Keep the fraction f of item i with the leader: leader_after + f*a = other_after - f*b.
      const Rational kept = (other_after - leader_after) / (p[leader][i] + p[other][i]);
      result.split_item = i;
      result.split_fraction_kept = kept;
      result.share_of_first[i] = leader == 0 ? kept : Rational(1 - kept);
      leader_total = leader_after + kept * p[leader][i];
      other_total = other_after - kept * p[other][i];
      break;
    }
  }

  // Checks on the result, computed from the shares (not from the procedure's bookkeeping).
  std::array<Rational, 2> own{Rational(0), Rational(0)};
  for (std::size_t i = 0; i < item_count; ++i) {
    own[0] += result.share_of_first[i] * p[0][i];
    own[1] += (1 - result.share_of_first[i]) * p[1][i];
  }
  const auto& names = instance.agents;
  FairnessCheck equitable{"equitable", own[0] == own[1] ? Verdict::holds : Verdict::fails, {}};
  equitable.detail = own[0] == own[1]
                         ? "both receive " + points_text(own[0]) + " by their own count"
                         : names[0] + " receives " + points_text(own[0]) + " but " + names[1] +
                               " receives " + points_text(own[1]);
  FairnessCheck envy_free{"envy-free", Verdict::holds, {}};
  for (std::size_t a = 0; a < 2; ++a) {
    const Rational others = 100 - own[a];
    if (own[a] < others) {
      envy_free.verdict = Verdict::fails;
      envy_free.detail = names[a] + " values own share at " + points_text(own[a]) + " and " +
                         names[1 - a] + "'s at " + points_text(others);
      break;
    }
  }
  if (envy_free.verdict == Verdict::holds)
    envy_free.detail = names[0] + " values own share at " + points_text(own[0]) + " and " +
                       names[1] + "'s at " + points_text(100 - own[0]) + "; " + names[1] +
                       " values own share at " + points_text(own[1]) + " and " + names[0] +
                       "'s at " + points_text(100 - own[1]);

  // Efficient (Pareto-optimal for divisible items) iff no item is held by a party that gives it
  // 0 points while the other gives it more, and every item party 0 holds has a ratio p0/p1 at
  // least as high as every item party 1 holds: otherwise trading parts of the two helps both.
  FairnessCheck efficient{"efficient", Verdict::holds, {}};
  const RatioOrder ratio{&whole[0], &whole[1]};
  std::optional<std::size_t> lowest_of_first, highest_of_second;
  for (std::size_t i = 0; i < item_count && efficient.verdict == Verdict::holds; ++i) {
    const bool first_holds = result.share_of_first[i] > 0;
    const bool second_holds = result.share_of_first[i] < 1;
    if (first_holds && whole[0][i] == 0 && whole[1][i] > 0) {
      efficient.verdict = Verdict::fails;
      efficient.detail = names[0] + " holds " + instance.items[i] + ", worth nothing to " +
                         names[0] + " but something to " + names[1];
    } else if (second_holds && whole[1][i] == 0 && whole[0][i] > 0) {
      efficient.verdict = Verdict::fails;
      efficient.detail = names[1] + " holds " + instance.items[i] + ", worth nothing to " +
                         names[1] + " but something to " + names[0];
    }
    if (whole[0][i] == 0 && whole[1][i] == 0) continue;
    if (first_holds && (!lowest_of_first || ratio.less(i, *lowest_of_first))) lowest_of_first = i;
    if (second_holds && (!highest_of_second || ratio.less(*highest_of_second, i)))
      highest_of_second = i;
  }
  if (efficient.verdict == Verdict::holds && lowest_of_first && highest_of_second &&
      ratio.less(*lowest_of_first, *highest_of_second)) {
    efficient.verdict = Verdict::fails;
    const auto i = *lowest_of_first, j = *highest_of_second;
    efficient.detail = "trading part of " + instance.items[i] + " (held by " + names[0] +
                       ") for part of " + instance.items[j] + " (held by " + names[1] +
                       ") would leave both better off";
  }
  if (efficient.verdict == Verdict::holds)
    efficient.detail =
        "every item goes to the party with the higher ratio of points, so no exchange can make "
        "one party better off without making the other worse off";
  result.checks = {equitable, envy_free, efficient};
  return result;
}

}  // namespace parley::fair
