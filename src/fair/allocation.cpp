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

// Size of a maximum matching of agents to items they value (Kuhn's augmenting paths): the
// largest number of agents that can all get positive utility at once.
std::size_t positive_agent_capacity(const IntegerValues& iv, std::size_t item_count) {
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
  std::size_t matched = 0;
  for (std::size_t a = 0; a < agent_count; ++a) {
    std::vector<bool> visited(item_count, false);
    if (augment(a, visited)) ++matched;
  }
  return matched;
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

// Exact local improvement by single moves and pairwise swaps: removes any slack the MILP's
// floating-point tolerance might have left.
void polish_nash(const IntegerValues& iv, Allocation& allocation) {
  const std::size_t agent_count = iv.values.size();
  const std::size_t item_count = allocation.size();
  auto utilities = integer_utilities(iv, allocation);
  NashKey best = nash_key(utilities);
  bool improved = true;
  while (improved) {
    improved = false;
    for (std::size_t g = 0; g < item_count && !improved; ++g) {
      const std::size_t from = allocation[g];
      for (std::size_t to = 0; to < agent_count && !improved; ++to) {
        if (to == from) continue;
        utilities[from] -= iv.values[from][g];
        utilities[to] += iv.values[to][g];
        NashKey key = nash_key(utilities);
        if (best < key) {
          best = std::move(key);
          allocation[g] = to;
          improved = true;
        } else {
          utilities[from] += iv.values[from][g];
          utilities[to] -= iv.values[to][g];
        }
      }
    }
    for (std::size_t g = 0; g < item_count && !improved; ++g)
      for (std::size_t h = g + 1; h < item_count && !improved; ++h) {
        const std::size_t a = allocation[g], b = allocation[h];
        if (a == b) continue;
        utilities[a] += iv.values[a][h] - iv.values[a][g];
        utilities[b] += iv.values[b][g] - iv.values[b][h];
        NashKey key = nash_key(utilities);
        if (best < key) {
          best = std::move(key);
          std::swap(allocation[g], allocation[h]);
          improved = true;
        } else {
          utilities[a] -= iv.values[a][h] - iv.values[a][g];
          utilities[b] -= iv.values[b][g] - iv.values[b][h];
        }
      }
  }
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
  require_valid(instance);
  // One common scale for all agents: rescaling a single agent would change the comparison between
  // products over different sets of positive agents.
  const IntegerValues iv = detail::integer_values(instance);
  const std::size_t agent_count = instance.agent_count();
  const std::size_t item_count = instance.item_count();
  const std::size_t capacity = positive_agent_capacity(iv, item_count);
  if (capacity == 0) return utilitarian_allocation(instance);

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
  for (;;) {
    const auto solution = milp.solve();
    if (solution.values.size() != milp.column_count())
      throw UnsupportedError(instance.origin + ": the MNW program could not be solved by CBC");
    allocation = read_allocation(model, solution.values, item_count);
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
  polish_nash(iv, allocation);
  return allocation;
}

Allocation leximin_allocation(const DivisionInstance& instance) {
  require_valid(instance);
  const IntegerValues iv = detail::integer_values(instance);
  const std::size_t agent_count = instance.agent_count();
  const std::size_t item_count = instance.item_count();
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
    const auto solution = milp.solve();
    if (solution.values.size() != milp.column_count())
      throw UnsupportedError(instance.origin + ": the leximin program could not be solved by CBC");
    allocation = read_allocation(model, solution.values, item_count);
    auto utilities = integer_utilities(iv, allocation);
    std::sort(utilities.begin(), utilities.end());
    optimum.push_back(std::accumulate(
        utilities.begin(), utilities.begin() + static_cast<long>(step), std::int64_t{0}));
  }
  return allocation;
}

}  // namespace parley::fair
