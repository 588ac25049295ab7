// Helpers of the frontier tests: scenarios built in code and an independent brute-force frontier
// (an O(N^2) dominance filter over every outcome, written without any of the library's skyline
// code).
#pragma once

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "parley/analysis/frontier.hpp"
#include "parley/model/scenario.hpp"

namespace parley::test {

// Linear-additive scenario from tables: tables[party][issue][value] = e(v) and
// weights[party][issue]; issue i is categorical with tables[0][i].size() options.
inline ScenarioPtr table_scenario(const std::vector<std::vector<std::vector<double>>>& tables,
                                  const std::vector<std::vector<double>>& weights) {
  std::vector<Issue> issues;
  for (std::size_t i = 0; i < tables[0].size(); ++i) {
    std::vector<Option> options;
    for (std::size_t v = 0; v < tables[0][i].size(); ++v)
      options.push_back({"o" + std::to_string(v), {}});
    issues.push_back(Issue::categorical("issue" + std::to_string(i), options));
  }
  std::vector<Party> parties;
  for (std::size_t j = 0; j < tables.size(); ++j) {
    std::vector<ValueFunction> functions;
    for (const auto& table : tables[j]) functions.push_back(ValueFunction::from_utilities(table));
    Party party;
    party.name = "party" + std::to_string(j);
    party.utility = std::make_shared<LinearAdditiveUtility>(issues, weights[j], functions);
    parties.push_back(party);
  }
  return std::make_shared<const Scenario>("table", issues, parties);
}

// Every outcome not dominated (within tolerance) by another outcome; among outcomes equal within
// tolerance on every utility the first in lexicographic order represents them all. Sorted
// lexicographically.
inline std::vector<Outcome> brute_force_frontier(const Scenario& scenario, double tolerance) {
  const auto& space = scenario.space();
  const std::size_t n = space.size();
  const std::size_t parties = scenario.party_count();
  std::vector<Outcome> outcomes(n);
  std::vector<std::vector<double>> u(n);
  std::vector<double> low(parties, INFINITY), high(parties, -INFINITY);
  for (std::size_t k = 0; k < n; ++k) {
    outcomes[k] = space.outcome_at(k);
    u[k] = scenario.utilities(outcomes[k]);
    for (std::size_t j = 0; j < parties; ++j) {
      low[j] = std::min(low[j], u[k][j]);
      high[j] = std::max(high[j], u[k][j]);
    }
  }
  std::vector<double> eps(parties);
  for (std::size_t j = 0; j < parties; ++j)
    eps[j] = tolerance * (high[j] - low[j] > 0 ? high[j] - low[j] : 1.0);
  auto dominated_by = [&](std::size_t a, std::size_t b) {  // b dominates a
    bool strict = false;
    for (std::size_t j = 0; j < parties; ++j) {
      if (u[b][j] < u[a][j] - eps[j]) return false;
      if (u[b][j] > u[a][j] + eps[j]) strict = true;
    }
    return strict;
  };
  auto tied = [&](std::size_t a, std::size_t b) {
    for (std::size_t j = 0; j < parties; ++j)
      if (std::abs(u[a][j] - u[b][j]) > eps[j]) return false;
    return true;
  };
  std::vector<std::size_t> kept;
  for (std::size_t a = 0; a < n; ++a) {  // index order is lexicographic order
    bool dominated = false;
    for (std::size_t b = 0; b < n && !dominated; ++b) dominated = dominated_by(a, b);
    if (dominated) continue;
    bool represented = false;
    for (auto k : kept) represented = represented || tied(a, k);
    if (!represented) kept.push_back(a);
  }
  std::vector<Outcome> result;
  for (auto k : kept) result.push_back(outcomes[k]);
  return result;
}

inline std::vector<Outcome> outcomes_of(const Frontier& frontier) {
  std::vector<Outcome> result;
  for (const auto& package : frontier.packages) result.push_back(package.outcome);
  std::sort(result.begin(), result.end());
  return result;
}

inline Frontier frontier_by(const Scenario& scenario, FrontierMethod method,
                            double tolerance = 1e-9) {
  FrontierOptions options;
  options.method = method;
  options.tolerance = tolerance;
  // The tests compare exact methods on spaces they choose: a budget that never decides.
  options.budget = std::uint64_t{1} << 42;
  return pareto_frontier(scenario, options);
}

}  // namespace parley::test
