// Scenarios built in code for the solutions tests: a "point" scenario whose packages are given
// utility vectors (one categorical issue, one option per point), and random linear scenarios.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "parley/model/scenario.hpp"

namespace parley::test {

// One issue "package" with options p0, p1, ...; party j's utility of option k is points[k][j].
inline ScenarioPtr point_scenario(const std::vector<std::vector<double>>& points,
                                  const std::vector<double>& reservation) {
  std::vector<Option> options;
  for (std::size_t k = 0; k < points.size(); ++k) options.push_back({"p" + std::to_string(k), ""});
  std::vector<Issue> issues = {Issue::categorical("package", options)};
  std::vector<Party> parties;
  for (std::size_t j = 0; j < reservation.size(); ++j) {
    std::vector<double> column;
    for (const auto& point : points) column.push_back(point[j]);
    Party party;
    party.name = std::string(1, static_cast<char>('A' + j));
    party.utility = std::make_shared<LinearAdditiveUtility>(
        issues, std::vector<double>{1.0},
        std::vector<ValueFunction>{ValueFunction::from_utilities(column)});
    party.reservation_value = reservation[j];
    parties.push_back(std::move(party));
  }
  return std::make_shared<Scenario>("points", issues, parties);
}

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
