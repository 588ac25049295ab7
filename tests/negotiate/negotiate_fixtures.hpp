// Small scenarios built in code for the negotiation tests (no corpus needed).
#pragma once

#include <memory>
#include <vector>

#include "parley/model/scenario.hpp"

namespace parley::test {

// Linear-additive scenario: `cards[i]` values per issue; party p scores value v of issue i with
// scores[p][i][v] (GENIUS score tables, divided by the best score) and weights[p][i].
inline ScenarioPtr make_linear_scenario(const std::vector<std::uint32_t>& cards,
                                        const std::vector<std::vector<double>>& weights,
                                        const std::vector<std::vector<std::vector<double>>>& scores,
                                        const std::vector<double>& reservations = {},
                                        const std::vector<double>& discounts = {}) {
  std::vector<Issue> issues;
  for (std::size_t i = 0; i < cards.size(); ++i)
    issues.push_back(Issue::integer("issue" + std::to_string(i), 0, cards[i] - 1));
  std::vector<Party> parties;
  for (std::size_t p = 0; p < weights.size(); ++p) {
    std::vector<ValueFunction> functions;
    for (std::size_t i = 0; i < cards.size(); ++i)
      functions.push_back(ValueFunction::from_scores(scores[p][i]));
    Party party;
    party.name = std::string(1, static_cast<char>('A' + p));
    party.utility = std::make_shared<LinearAdditiveUtility>(issues, weights[p], functions);
    party.reservation_value = p < reservations.size() ? reservations[p] : 0.0;
    party.discount_factor = p < discounts.size() ? discounts[p] : 1.0;
    parties.push_back(std::move(party));
  }
  return std::make_shared<const Scenario>("test", issues, parties);
}

// Two parties with opposed preferences on 3 issues (5 x 4 x 3 = 60 packages), different weights
// so that trades (logrolling) exist.
inline ScenarioPtr small_bilateral(const std::vector<double>& reservations = {},
                                   const std::vector<double>& discounts = {}) {
  return make_linear_scenario(
      {5, 4, 3}, {{0.5, 0.3, 0.2}, {0.2, 0.3, 0.5}},
      {{{1, 2, 3, 4, 5}, {1, 2, 3, 4}, {1, 2, 3}}, {{5, 4, 3, 2, 1}, {4, 3, 2, 1}, {3, 2, 1}}},
      reservations, discounts);
}

// Three parties on 3 issues of 4 values.
inline ScenarioPtr small_trilateral() {
  return make_linear_scenario({4, 4, 4}, {{0.6, 0.3, 0.1}, {0.1, 0.6, 0.3}, {0.3, 0.1, 0.6}},
                              {{{1, 2, 3, 4}, {4, 3, 2, 1}, {1, 3, 2, 4}},
                               {{4, 3, 2, 1}, {1, 2, 3, 4}, {2, 4, 1, 3}},
                               {{2, 1, 4, 3}, {3, 4, 1, 2}, {1, 2, 3, 4}}},
                              {0.2, 0.2, 0.2});
}

// Many issues: 100 issues of 2..11 values (more than 10^30 packages), linear-additive.
inline ScenarioPtr large_bilateral(std::size_t issue_count = 40) {
  std::vector<std::uint32_t> cards;
  std::vector<std::vector<double>> weights(2);
  std::vector<std::vector<std::vector<double>>> scores(2);
  for (std::size_t i = 0; i < issue_count; ++i) {
    const auto c = static_cast<std::uint32_t>(6 + i % 5);
    cards.push_back(c);
    for (std::size_t p = 0; p < 2; ++p) {
      weights[p].push_back(1.0 + static_cast<double>((i * (3 + p)) % 7));
      std::vector<double> s;
      for (std::uint32_t v = 0; v < c; ++v)
        s.push_back(p == 0 ? 1.0 + v : 1.0 + (c - 1 - v) + static_cast<double>((v * i) % 3));
      scores[p].push_back(s);
    }
  }
  for (auto& w : weights) {
    double total = 0;
    for (double x : w) total += x;
    for (double& x : w) x /= total;
  }
  return make_linear_scenario(cards, weights, scores);
}

}  // namespace parley::test
