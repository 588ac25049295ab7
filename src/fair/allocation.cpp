// Allocations of indivisible goods: utilitarian, maximum Nash welfare, leximin.
#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <set>

#include "fair_internal.hpp"

namespace parley::fair {

namespace {

using boost::multiprecision::cpp_int;
using detail::IntegerValues;
using detail::Milp;
// Products of two utilities below 2^50 (integer_values) are exact in 128 bits.
__extension__ using Wide = __int128;

// A maximum matching of agents to items they value (Kuhn's augmenting paths): the largest
// number of agents that can all get positive utility at once. matched_item[a] is the item of
// agent a, or -1. The recursion is at most one level per agent (kMaxDivisionParties).
struct Matching {
  std::size_t size = 0;
  std::vector<long> matched_item;
};

Matching positive_matching(const IntegerValues& iv, std::size_t item_count) {
  const std::size_t agent_count = iv.values.size();
  std::vector<long> item_matched_to(item_count, -1);
  std::function<bool(std::size_t, std::vector<bool>&)> augment = [&](std::size_t agent,
                                                                     std::vector<bool>& visited) {
    for (std::size_t g = 0; g < item_count; ++g) {
      if (iv.values[agent][g] <= 0 || visited[g]) continue;
      visited[g] = true;
      if (item_matched_to[g] < 0 ||
          augment(static_cast<std::size_t>(item_matched_to[g]), visited)) {
        item_matched_to[g] = static_cast<long>(agent);
        return true;
      }
    }
    return false;
  };
  Matching matching;
  for (std::size_t a = 0; a < agent_count; ++a) {
    std::vector<bool> visited(item_count, false);
    if (augment(a, visited)) ++matching.size;
  }
  matching.matched_item.assign(agent_count, -1);
  for (std::size_t g = 0; g < item_count; ++g)
    if (item_matched_to[g] >= 0)
      matching.matched_item[static_cast<std::size_t>(item_matched_to[g])] = static_cast<long>(g);
  return matching;
}

// The assignment part shared by the MILPs: x[a][g] binary for every pair with a positive value,
// each wanted item given to exactly one agent.
struct AssignmentModel {
  Milp milp;
  std::vector<std::vector<int>> column;  // [agent][item], -1 when no variable
};

AssignmentModel assignment_model(const IntegerValues& iv, std::size_t item_count) {
  AssignmentModel model;
  const std::size_t agent_count = iv.values.size();
  model.column.assign(agent_count, std::vector<int>(item_count, -1));
  for (std::size_t a = 0; a < agent_count; ++a)
    for (std::size_t g = 0; g < item_count; ++g)
      if (iv.values[a][g] > 0) model.column[a][g] = model.milp.add_column(0, 1, 0, true);
  for (std::size_t g = 0; g < item_count; ++g) {
    std::vector<int> columns;
    for (std::size_t a = 0; a < agent_count; ++a)
      if (model.column[a][g] >= 0) columns.push_back(model.column[a][g]);
    if (!columns.empty())
      model.milp.add_row(columns, std::vector<double>(columns.size(), 1.0), 'E', 1.0);
  }
  return model;
}

// The utility u_a as (columns, coefficients) of the x variables.
std::pair<std::vector<int>, std::vector<double>> utility_terms(const AssignmentModel& model,
                                                               const IntegerValues& iv,
                                                               std::size_t agent) {
  std::pair<std::vector<int>, std::vector<double>> terms;
  for (std::size_t g = 0; g < model.column[agent].size(); ++g)
    if (model.column[agent][g] >= 0) {
      terms.first.push_back(model.column[agent][g]);
      terms.second.push_back(static_cast<double>(iv.values[agent][g]));
    }
  return terms;
}

Allocation read_allocation(const AssignmentModel& model, const std::vector<double>& values,
                           std::size_t item_count) {
  Allocation allocation(item_count, 0);
  for (std::size_t g = 0; g < item_count; ++g) {
    double best = -1.0;
    for (std::size_t a = 0; a < model.column.size(); ++a) {
      const int c = model.column[a][g];
      if (c >= 0 && values.at(static_cast<std::size_t>(c)) > best) {
        best = values[static_cast<std::size_t>(c)];
        allocation[g] = a;
      }
    }
  }
  return allocation;
}

std::vector<std::int64_t> integer_utilities(const IntegerValues& iv, const Allocation& allocation) {
  std::vector<std::int64_t> utilities(iv.values.size(), 0);
  for (std::size_t g = 0; g < allocation.size(); ++g)
    utilities[allocation[g]] += iv.values[allocation[g]][g];
  return utilities;
}

// Caragiannis et al.'s order on allocations: more agents with positive utility first, then a
// larger product of the positive utilities.
struct NashKey {
  std::size_t positive = 0;
  cpp_int product = 1;
  bool operator<(const NashKey& other) const {
    return positive != other.positive ? positive < other.positive : product < other.product;
  }
};

NashKey nash_key(const std::vector<std::int64_t>& utilities) {
  NashKey key;
  for (const auto u : utilities)
    if (u > 0) {
      ++key.positive;
      key.product *= u;
    }
  return key;
}

// Exact local improvement by single-item moves and pairwise swaps (first improvement, sweeping
// the items in order, repeated until a sweep improves nothing): removes any slack the MILP's
// floating-point tolerance might have left, and is the second phase of the approximate MNW.
// Every move or swap evaluated costs one unit of `budget` (a full Nash key, when the set of agents
// with positive value changes, costs one unit per agent); returns false when the budget ran out
// before a sweep found nothing to improve. Utilities are below 2^50 (integer_values), so the
// products of two of them are exact in 128 bits.
bool polish_nash(const IntegerValues& iv, Allocation& allocation, std::uint64_t budget) {
  const std::size_t agent_count = iv.values.size();
  const std::size_t item_count = allocation.size();
  auto utilities = integer_utilities(iv, allocation);
  std::uint64_t spent = 0;
  // Is the allocation with utilities[a] -> new_a, utilities[b] -> new_b better?
  const auto better = [&](std::size_t a, std::int64_t new_a, std::size_t b, std::int64_t new_b) {
    const bool same_signs = (new_a > 0) == (utilities[a] > 0) && (new_b > 0) == (utilities[b] > 0);
    if (same_signs) {
      // Only a and b change: compare their part of the product (a zero factor does not count).
      const Wide old_part = static_cast<Wide>(std::max<std::int64_t>(utilities[a], 1)) *
                            std::max<std::int64_t>(utilities[b], 1);
      const Wide new_part =
          static_cast<Wide>(std::max<std::int64_t>(new_a, 1)) * std::max<std::int64_t>(new_b, 1);
      return new_part > old_part;
    }
    spent += agent_count;
    const NashKey before = nash_key(utilities);
    auto changed = utilities;
    changed[a] = new_a;
    changed[b] = new_b;
    return before < nash_key(changed);
  };
  for (;;) {
    bool improved = false;
    for (std::size_t g = 0; g < item_count; ++g) {
      const std::size_t from = allocation[g];
      for (std::size_t to = 0; to < agent_count; ++to) {
        if (to == from) continue;
        if (++spent > budget) return false;
        const std::int64_t new_from = utilities[from] - iv.values[from][g];
        const std::int64_t new_to = utilities[to] + iv.values[to][g];
        if (better(from, new_from, to, new_to)) {
          utilities[from] = new_from;
          utilities[to] = new_to;
          allocation[g] = to;
          improved = true;
          break;
        }
      }
    }
    for (std::size_t g = 0; g < item_count; ++g)
      for (std::size_t h = g + 1; h < item_count; ++h) {
        const std::size_t a = allocation[g], b = allocation[h];
        if (a == b) continue;
        if (++spent > budget) return false;
        const std::int64_t new_a = utilities[a] + iv.values[a][h] - iv.values[a][g];
        const std::int64_t new_b = utilities[b] + iv.values[b][g] - iv.values[b][h];
        if (better(a, new_a, b, new_b)) {
          utilities[a] = new_a;
          utilities[b] = new_b;
          std::swap(allocation[g], allocation[h]);
          improved = true;
        }
      }
    if (!improved) return true;
  }
}

// Nodes one CBC solve of this model may visit (MilpLimits): the work limit shared by `solves`
// solves.
int node_limit_for(const Milp& milp, const MilpLimits& limits, std::uint64_t solves = 1) {
  const std::uint64_t size = std::max<std::uint64_t>(milp.nonzero_count(), 1);
  const std::uint64_t by_work = limits.work_limit / std::max<std::uint64_t>(solves, 1) / size;
  return static_cast<int>(std::clamp<std::uint64_t>(
      by_work, 10, static_cast<std::uint64_t>(std::max(limits.node_limit, 10))));
}

// Rows and nonzeros of the MNW MILP before the lazy secants: what decides between the exact and
// the approximate method.
std::size_t predicted_nash_model_size(const IntegerValues& iv) {
  std::size_t size = 0;
  for (std::size_t a = 0; a < iv.values.size(); ++a) {
    std::size_t positive_items = 0;
    for (const auto v : iv.values[a]) positive_items += v > 0 ? 1 : 0;
    const std::int64_t total = iv.total(a);
    std::size_t secants = static_cast<std::size_t>(std::clamp<std::int64_t>(total - 1, 0, 64));
    for (double k = 64.0; k < static_cast<double>(total); k *= 1.05) ++secants;
    // assignment rows, u_a >= y_a, W_a <= log(U_a) y_a, then one row of positive_items + 2 per
    // secant
    size += positive_items + (positive_items + 1) + 2 + secants * (positive_items + 2);
  }
  return size + iv.values.size();
}

// The approximate MNW: a maximum matching (as many positive agents as the exact method), each
// other item to the positive agent whose value grows by the largest factor (v / u; ties: lowest
// index; an item no positive agent values goes to the agent valuing it most), then polish_nash.
AllocationResult approximate_nash(const IntegerValues& iv, std::size_t item_count,
                                  const MilpLimits& limits, const std::string& why) {
  const std::size_t agent_count = iv.values.size();
  const Matching matching = positive_matching(iv, item_count);
  Allocation allocation(item_count, agent_count);
  std::vector<std::int64_t> utilities(agent_count, 0);
  for (std::size_t a = 0; a < agent_count; ++a)
    if (matching.matched_item[a] >= 0) {
      const auto g = static_cast<std::size_t>(matching.matched_item[a]);
      allocation[g] = a;
      utilities[a] += iv.values[a][g];
    }
  for (std::size_t g = 0; g < item_count; ++g) {
    if (allocation[g] != agent_count) continue;
    std::size_t best = agent_count;
    for (std::size_t a = 0; a < agent_count; ++a) {
      if (utilities[a] <= 0 || iv.values[a][g] <= 0) continue;
      // v_a / u_a > v_best / u_best
      if (best == agent_count || static_cast<Wide>(iv.values[a][g]) * utilities[best] >
                                     static_cast<Wide>(iv.values[best][g]) * utilities[a])
        best = a;
    }
    if (best == agent_count) {
      best = 0;
      for (std::size_t a = 1; a < agent_count; ++a)
        if (iv.values[a][g] > iv.values[best][g]) best = a;
    }
    allocation[g] = best;
    utilities[best] += iv.values[best][g];
  }
  AllocationResult result;
  const bool converged = polish_nash(iv, allocation, limits.local_search_budget);
  result.allocation = std::move(allocation);
  result.exact = false;
  result.note = why +
                "; the allocation is a maximum matching completed greedily, then improved by exact "
                "single-item moves and swaps " +
                (converged ? std::string("until none raises the Nash product (a local optimum)")
                           : "until the local search budget of " +
                                 std::to_string(limits.local_search_budget) + " units ran out") +
                "; it may not be the maximum";
  return result;
}

void require_valid(const DivisionInstance& instance) { validate(instance); }

}  // namespace

std::vector<Rational> bundle_values(const DivisionInstance& instance,
                                    const Allocation& allocation) {
  if (allocation.size() != instance.item_count())
    throw UnsupportedError("allocation of " + std::to_string(allocation.size()) +
                           " items for an instance of " + std::to_string(instance.item_count()));
  std::vector<Rational> values(instance.agent_count(), Rational(0));
  for (std::size_t g = 0; g < allocation.size(); ++g)
    values.at(allocation[g]) += instance.values[allocation[g]][g];
  return values;
}

Allocation utilitarian_allocation(const DivisionInstance& instance) {
  require_valid(instance);
  Allocation allocation(instance.item_count(), 0);
  for (std::size_t g = 0; g < instance.item_count(); ++g)
    for (std::size_t a = 1; a < instance.agent_count(); ++a)
      if (instance.values[a][g] > instance.values[allocation[g]][g]) allocation[g] = a;
  return allocation;
}

Allocation max_nash_welfare_allocation(const DivisionInstance& instance) {
  return max_nash_welfare(instance).allocation;
}

AllocationResult max_nash_welfare(const DivisionInstance& instance, const MilpLimits& limits) {
  require_valid(instance);
  // One common scale for all agents: rescaling a single agent would change the comparison between
  // products over different sets of positive agents.
  const IntegerValues iv = detail::integer_values(instance);
  const std::size_t agent_count = instance.agent_count();
  const std::size_t item_count = instance.item_count();
  const std::size_t capacity = positive_matching(iv, item_count).size;
  if (capacity == 0) return {utilitarian_allocation(instance), true, {}};
  const std::size_t predicted = predicted_nash_model_size(iv);
  if (predicted > limits.model_size_limit)
    return approximate_nash(iv, item_count, limits,
                            "the exact program would have about " + std::to_string(predicted) +
                                " nonzero coefficients, more than the limit of " +
                                std::to_string(limits.model_size_limit));

  AssignmentModel model = assignment_model(iv, item_count);
  auto& milp = model.milp;
  milp.set_maximise(true);
  constexpr double big = 2.0;  // secant_k(u) >= log k - 1 >= -1 for u >= 0
  std::vector<int> positive(agent_count), log_utility(agent_count);
  std::vector<std::set<std::int64_t>> cuts(agent_count);
  std::vector<std::pair<std::vector<int>, std::vector<double>>> terms(agent_count);
  for (std::size_t a = 0; a < agent_count; ++a) {
    const std::int64_t total = iv.total(a);
    const bool can_be_positive = total > 0;
    const bool must_be_positive = capacity == agent_count;
    positive[a] = milp.add_column(must_be_positive ? 1 : 0, can_be_positive ? 1 : 0, 0, true);
    log_utility[a] =
        milp.add_column(0, can_be_positive ? std::log(static_cast<double>(total)) : 0, 1, false);
    terms[a] = utility_terms(model, iv, a);
    // u_a >= y_a, W_a <= log(U_a) * y_a.
    auto columns = terms[a].first;
    auto coefficients = terms[a].second;
    columns.push_back(positive[a]);
    coefficients.push_back(-1.0);
    milp.add_row(columns, coefficients, 'G', 0.0);
    milp.add_row({log_utility[a], positive[a]},
                 {1.0, -(can_be_positive ? std::log(static_cast<double>(total)) : 0.0)}, 'L', 0.0);
  }
  {
    std::vector<int> columns(positive.begin(), positive.end());
    milp.add_row(columns, std::vector<double>(agent_count, 1.0), 'E',
                 static_cast<double>(capacity));
  }
  // W_a <= log k + (log(k+1) - log k) (u_a - k) + big (1 - y_a): the secant through the integer
  // points k and k+1 lies above log at every integer utility.
  const auto add_secant = [&](std::size_t a, std::int64_t k) {
    if (k < 1 || k >= iv.total(a) || !cuts[a].insert(k).second) return;
    const double x = static_cast<double>(k);
    const double slope = std::log1p(1.0 / x);
    auto columns = terms[a].first;
    std::vector<double> coefficients;
    for (const auto c : terms[a].second) coefficients.push_back(-slope * c);
    columns.push_back(log_utility[a]);
    coefficients.push_back(1.0);
    columns.push_back(positive[a]);
    coefficients.push_back(big);
    milp.add_row(columns, coefficients, 'L', std::log(x) - x * slope + big);
  };
  for (std::size_t a = 0; a < agent_count; ++a) {
    const std::int64_t total = iv.total(a);
    for (std::int64_t k = 1; k <= std::min<std::int64_t>(total - 1, 64); ++k) add_secant(a, k);
    for (double k = 64.0; k < static_cast<double>(total); k *= 1.05)
      add_secant(a, static_cast<std::int64_t>(std::llround(k)));
  }

  Allocation allocation;
  std::string stopped;            // why the optimum is not proven ("" when it is)
  constexpr int max_rounds = 64;  // rounds of lazy secants
  for (int round = 0;; ++round) {
    const int node_limit = node_limit_for(milp, limits);
    const auto solution = milp.solve(node_limit);
    if (solution.values.size() != milp.column_count())
      throw UnsupportedError(instance.origin + ": the MNW program could not be solved by CBC");
    allocation = read_allocation(model, solution.values, item_count);
    if (!solution.optimal) {
      stopped = solution.node_limit_reached
                    ? "CBC stopped at its node limit of " + std::to_string(node_limit)
                    : std::string("CBC did not prove its solution optimal");
      break;
    }
    if (round == max_rounds) {
      stopped = "the secant cuts were still being refined after " + std::to_string(max_rounds) +
                " rounds";
      break;
    }
    const auto utilities = integer_utilities(iv, allocation);
    bool added = false;
    for (std::size_t a = 0; a < agent_count; ++a) {
      if (utilities[a] <= 0) continue;
      const double w = solution.values[static_cast<std::size_t>(log_utility[a])];
      if (w > std::log(static_cast<double>(utilities[a])) + 1e-7) {
        const auto before = cuts[a].size();
        add_secant(a, utilities[a]);
        add_secant(a, utilities[a] - 1);
        added = added || cuts[a].size() != before;
      }
    }
    if (!added) break;
  }
  const bool converged = polish_nash(iv, allocation, limits.local_search_budget);
  AllocationResult result{std::move(allocation), stopped.empty() && converged, {}};
  if (!stopped.empty())
    result.note = stopped +
                  "; its best allocation, improved by exact single-item moves and swaps, may not "
                  "be the maximum";
  else if (!converged)
    result.note = "the exact moves and swaps after the MILP ran out of their budget of " +
                  std::to_string(limits.local_search_budget) + " units";
  return result;
}

Allocation leximin_allocation(const DivisionInstance& instance) {
  return leximin(instance).allocation;
}

AllocationResult leximin(const DivisionInstance& instance, const MilpLimits& limits) {
  require_valid(instance);
  const IntegerValues iv = detail::integer_values(instance);
  const std::size_t agent_count = instance.agent_count();
  const std::size_t item_count = instance.item_count();
  {
    // Step k's program: the assignment (one coefficient per positive cell), then per level
    // j <= k and agent a a row with a's positive items, the shortfall and the level. The sum over
    // the steps is what the solves cost.
    std::size_t cells = 0;
    for (const auto& row : iv.values)
      for (const auto v : row) cells += v > 0 ? 1 : 0;
    const std::size_t n = agent_count;
    const std::size_t predicted = n * cells + n * (n + 1) / 2 * (cells + 2 * n + 1);
    if (predicted > limits.leximin_size_limit)
      throw UnsupportedError(
          instance.origin + ": leximin on " + std::to_string(agent_count) + " parties x " +
          std::to_string(item_count) + " items needs " + std::to_string(agent_count) +
          " MILPs of about " + std::to_string(predicted) +
          " nonzero coefficients in all; the limit is " +
          std::to_string(limits.leximin_size_limit) +
          " (use mnw, which has an approximate method for large instances, or utilitarian)");
  }
  std::string stopped;
  // Step k maximises the sum of the k smallest utilities, S_k = max k r - sum_a d_a with
  // d_a >= r - u_a, d_a >= 0, keeping S_j at its optimum for every earlier j.
  std::vector<std::int64_t> optimum;
  Allocation allocation(item_count, 0);
  std::int64_t largest_total = 0;
  for (std::size_t a = 0; a < agent_count; ++a)
    largest_total = std::max(largest_total, iv.total(a));
  for (std::size_t step = 1; step <= agent_count; ++step) {
    AssignmentModel model = assignment_model(iv, item_count);
    auto& milp = model.milp;
    milp.set_maximise(true);
    std::vector<std::pair<std::vector<int>, std::vector<double>>> terms;
    for (std::size_t a = 0; a < agent_count; ++a) terms.push_back(utility_terms(model, iv, a));
    for (std::size_t k = 1; k <= step; ++k) {
      const double weight = k == step ? 1.0 : 0.0;
      const int level = milp.add_column(0, static_cast<double>(largest_total),
                                        weight * static_cast<double>(k), false);
      std::vector<int> sum_columns{level};
      std::vector<double> sum_coefficients{static_cast<double>(k)};
      for (std::size_t a = 0; a < agent_count; ++a) {
        const int shortfall = milp.add_column(0, Milp::infinity, -weight, false);
        auto columns = terms[a].first;
        auto coefficients = terms[a].second;
        columns.push_back(shortfall);
        coefficients.push_back(1.0);
        columns.push_back(level);
        coefficients.push_back(-1.0);
        milp.add_row(columns, coefficients, 'G', 0.0);  // d_a >= r - u_a
        sum_columns.push_back(shortfall);
        sum_coefficients.push_back(-1.0);
      }
      if (k < step)  // S_k is an integer: >= optimum - 0.5 means >= optimum
        milp.add_row(sum_columns, sum_coefficients, 'G', static_cast<double>(optimum[k - 1]) - 0.5);
    }
    const int node_limit = node_limit_for(milp, limits, agent_count);
    const auto solution = milp.solve(node_limit);
    if (solution.values.size() != milp.column_count())
      throw UnsupportedError(instance.origin + ": the leximin program could not be solved by CBC");
    if (!solution.optimal && stopped.empty())
      stopped = "step " + std::to_string(step) + " of " + std::to_string(agent_count) + ": " +
                (solution.node_limit_reached
                     ? "CBC stopped at its node limit of " + std::to_string(node_limit)
                     : std::string("CBC did not prove its solution optimal"));
    allocation = read_allocation(model, solution.values, item_count);
    auto utilities = integer_utilities(iv, allocation);
    std::sort(utilities.begin(), utilities.end());
    optimum.push_back(std::accumulate(
        utilities.begin(), utilities.begin() + static_cast<long>(step), std::int64_t{0}));
  }
  AllocationResult result{std::move(allocation), stopped.empty(), {}};
  if (!stopped.empty()) result.note = stopped + "; the best allocation found may not be leximin";
  return result;
}

}  // namespace parley::fair
