// Scenarios built in code for the solutions tests: a "point" scenario whose packages are given
// utility vectors (one categorical issue, one option per point), and random linear scenarios.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "parley/model/scenario.hpp"
#include "test_support.hpp"

namespace parley::test {

// A linear-additive scenario from explicit tables: tables[j][i][v] is party j's e_i(v),
// weights[j][i] its weight of issue i.
inline ScenarioPtr linear_scenario(const std::vector<std::string>& issue_names,
                                   const std::vector<std::vector<std::string>>& option_names,
                                   const std::vector<std::string>& party_names,
                                   const std::vector<std::vector<double>>& weights,
                                   const std::vector<std::vector<std::vector<double>>>& tables,
                                   const std::vector<double>& reservation) {
  std::vector<Issue> issues;
  for (std::size_t i = 0; i < issue_names.size(); ++i) {
    std::vector<Option> options;
    for (const auto& name : option_names[i]) options.push_back({name, ""});
    issues.push_back(Issue::categorical(issue_names[i], options));
  }
  std::vector<Party> parties;
  for (std::size_t j = 0; j < party_names.size(); ++j) {
    std::vector<ValueFunction> functions;
    for (const auto& table : tables[j]) functions.push_back(ValueFunction::from_utilities(table));
    Party party;
    party.name = party_names[j];
    party.utility = std::make_shared<LinearAdditiveUtility>(issues, weights[j], functions);
    party.reservation_value = reservation[j];
    parties.push_back(std::move(party));
  }
  return std::make_shared<Scenario>("linear", issues, parties);
}

}  // namespace parley::test
