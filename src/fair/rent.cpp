// Maximin envy-free rent division (Gal, Mash, Procaccia, Zick, EC 2016).
#include <algorithm>
#include <cmath>
#include <limits>

#include "fair_internal.hpp"

namespace parley::fair {

namespace {

// Maximum-weight perfect assignment of agents to rooms (Hungarian algorithm with potentials,
// O(n^3)), on exact integers. Returns the room of each agent.
std::vector<std::size_t> best_assignment(const std::vector<std::vector<std::int64_t>>& value) {
  const std::size_t n = value.size();
  constexpr std::int64_t unbounded = std::numeric_limits<std::int64_t>::max() / 4;
  // 1-based arrays as in the classical formulation; cost = -value.
  std::vector<std::int64_t> agent_potential(n + 1, 0), room_potential(n + 1, 0);
  std::vector<std::size_t> agent_of_room(n + 1, 0), way(n + 1, 0);
  for (std::size_t agent = 1; agent <= n; ++agent) {
    agent_of_room[0] = agent;
    std::size_t room = 0;
    std::vector<std::int64_t> slack(n + 1, unbounded);
    std::vector<bool> used(n + 1, false);
    do {
      used[room] = true;
      const std::size_t current = agent_of_room[room];
      std::int64_t delta = unbounded;
      std::size_t next_room = 0;
      for (std::size_t r = 1; r <= n; ++r) {
        if (used[r]) continue;
        const std::int64_t reduced =
            -value[current - 1][r - 1] - agent_potential[current] - room_potential[r];
        if (reduced < slack[r]) {
          slack[r] = reduced;
          way[r] = room;
        }
        if (slack[r] < delta) {
          delta = slack[r];
          next_room = r;
        }
      }
      for (std::size_t r = 0; r <= n; ++r) {
        if (used[r]) {
          agent_potential[agent_of_room[r]] += delta;
          room_potential[r] -= delta;
        } else {
          slack[r] -= delta;
        }
      }
      room = next_room;
    } while (agent_of_room[room] != 0);
    do {
      const std::size_t previous = way[room];
      agent_of_room[room] = agent_of_room[previous];
      room = previous;
    } while (room != 0);
  }
  std::vector<std::size_t> room_of_agent(n, 0);
  for (std::size_t r = 1; r <= n; ++r) room_of_agent[agent_of_room[r] - 1] = r - 1;
  return room_of_agent;
}

}  // namespace

RentDivision maximin_rent_division(const DivisionInstance& instance, const Rational& total_rent,
                                   Warnings& warnings) {
  validate(instance);
  const std::size_t n = instance.agent_count();
  if (instance.item_count() != n)
    throw InputError(
        instance.origin, std::nullopt, "rooms",
        std::to_string(instance.item_count()) + " rooms for " + std::to_string(n) + " people",
        "as many rooms as people");
  for (std::size_t a = 0; a < n; ++a)
    if (instance.total_value(a) != total_rent)
      warnings.push_back(instance.origin + ": the values of " + instance.agents[a] + " sum to " +
                         format_rational(instance.total_value(a)) + ", not the rent " +
                         format_rational(total_rent) +
                         "; utilities are still each room's value minus its price");
  const auto iv = detail::integer_values(instance);
  RentDivision result;
  result.total_rent = total_rent;
  result.room_of_agent = best_assignment(iv.values);

  // LP over prices p_r and the minimum utility t: maximise t subject to
  //   v[a][room(a)] - p[room(a)] >= t                      (t is the minimum utility)
  //   v[a][room(a)] - p[room(a)] >= v[a][r] - p[r]         (envy-freeness)
  //   sum p = total rent.
  std::vector<std::vector<double>> value(n, std::vector<double>(n));
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t r = 0; r < n; ++r) value[a][r] = instance.values[a][r].convert_to<double>();
  const double rent = total_rent.convert_to<double>();
  detail::Milp lp;
  lp.set_maximise(true);
  std::vector<int> price(n);
  for (std::size_t r = 0; r < n; ++r)
    price[r] = lp.add_column(-detail::Milp::infinity, detail::Milp::infinity, 0, false);
  const int minimum = lp.add_column(-detail::Milp::infinity, detail::Milp::infinity, 1, false);
  for (std::size_t a = 0; a < n; ++a) {
    const std::size_t own = result.room_of_agent[a];
    lp.add_row({price[own], minimum}, {-1.0, -1.0}, 'G', -value[a][own]);
    for (std::size_t r = 0; r < n; ++r)
      if (r != own)
        lp.add_row({price[r], price[own]}, {1.0, -1.0}, 'G', value[a][r] - value[a][own]);
  }
  lp.add_row(price, std::vector<double>(n, 1.0), 'E', rent);
  const auto solution = lp.solve();
  if (!solution.optimal || solution.values.size() != lp.column_count())
    throw UnsupportedError(instance.origin + ": the rent-division LP could not be solved");
  for (std::size_t r = 0; r < n; ++r)
    result.prices.push_back(solution.values[static_cast<std::size_t>(price[r])]);
  // Spread the solver's rounding so the prices sum to the rent as closely as doubles allow.
  double sum = 0;
  for (const auto p : result.prices) sum += p;
  for (auto& p : result.prices) p += (rent - sum) / static_cast<double>(n);
  for (std::size_t a = 0; a < n; ++a)
    result.agent_utilities.push_back(value[a][result.room_of_agent[a]] -
                                     result.prices[result.room_of_agent[a]]);

  double scale = std::abs(rent);
  for (const auto& row : value)
    for (const auto v : row) scale = std::max(scale, std::abs(v));
  const double tolerance = 1e-7 * std::max(1.0, scale);
  FairnessCheck envy_free{"envy-free", Verdict::holds,
                          "at these prices nobody prefers another room to their own"};
  for (std::size_t a = 0; a < n && envy_free.verdict == Verdict::holds; ++a)
    for (std::size_t r = 0; r < n; ++r) {
      const double other = value[a][r] - result.prices[r];
      if (other > result.agent_utilities[a] + tolerance) {
        envy_free.verdict = Verdict::fails;
        envy_free.detail = instance.agents[a] + " would rather have " + instance.items[r] +
                           " (value minus price " + format_number(other) + ") than " +
                           instance.items[result.room_of_agent[a]] + " (" +
                           format_number(result.agent_utilities[a]) + ")";
        break;
      }
    }
  result.checks = {envy_free};
  return result;
}

}  // namespace parley::fair
