// Random linear-additive scenarios for the tests that check an analysis against brute force.
#pragma once

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "parley/model/scenario.hpp"
#include "parley/model/utility.hpp"

namespace parley::test {

struct RandomScenarioShape {
  // Weights from {1, 2, 3} and option values from {0, 0.5, 1} (many ties), instead of uniform.
  bool coarse = false;
  // Walk-away values uniform in [lowest_walk_away, lowest_walk_away + walk_away_spread] (a spread
  // of 0 draws nothing: every party's walk-away is lowest_walk_away).
  double lowest_walk_away = 0.1;
  double walk_away_spread = 0.4;
};

// Issues "i0".. of `options` options "o0"..; parties "p0".. with random weights (at least 0.05
// before normalising, unless coarse) and option values, one option of each issue worth 1. The
// same seed and shape give the same scenario.
inline Scenario random_linear_scenario(std::uint64_t seed, std::size_t parties, std::size_t issues,
                                       std::size_t options, const RandomScenarioShape& shape = {}) {
  std::mt19937_64 generator(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<Issue> list;
  for (std::size_t k = 0; k < issues; ++k) {
    std::vector<Option> names;
    for (std::size_t o = 0; o < options; ++o) names.push_back({"o" + std::to_string(o), ""});
    list.push_back(Issue::categorical("i" + std::to_string(k), names));
  }
  std::vector<Party> people;
  for (std::size_t p = 0; p < parties; ++p) {
    std::vector<double> weights;
    double sum = 0.0;
    for (std::size_t k = 0; k < issues; ++k)
      sum += weights.emplace_back(shape.coarse ? 1.0 + static_cast<double>(generator() % 3)
                                               : 0.05 + unit(generator));
    for (auto& w : weights) w /= sum;
    std::vector<ValueFunction> functions;
    for (std::size_t k = 0; k < issues; ++k) {
      std::vector<double> table;
      for (std::size_t o = 0; o < options; ++o)
        table.push_back(shape.coarse ? 0.5 * static_cast<double>(generator() % 3)
                                     : unit(generator));
      table[generator() % options] = 1.0;
      functions.push_back(ValueFunction::from_utilities(table));
    }
    Party party;
    party.name = "p" + std::to_string(p);
    party.utility = std::make_shared<LinearAdditiveUtility>(list, weights, std::move(functions));
    party.reservation_value = shape.lowest_walk_away;
    if (shape.walk_away_spread > 0.0)
      party.reservation_value += shape.walk_away_spread * unit(generator);
    people.push_back(std::move(party));
  }
  return Scenario("random " + std::to_string(seed), list, std::move(people));
}

}  // namespace parley::test
