// Builders shared by the fair-division tests.
#pragma once

#include <string>
#include <vector>

#include "parley/fair/fair_division.hpp"
#include "parley/support/error.hpp"

namespace parley::fair::test {

inline DivisionInstance make_instance(std::vector<std::string> agents,
                                      std::vector<std::string> items,
                                      const std::vector<std::vector<long>>& values) {
  DivisionInstance instance;
  instance.agents = std::move(agents);
  instance.items = std::move(items);
  instance.origin = "test";
  for (const auto& row : values) {
    std::vector<Rational> rational_row;
    for (const auto v : row) rational_row.emplace_back(v);
    instance.values.push_back(std::move(rational_row));
  }
  return instance;
}

// Items named g0, g1, ... and agents a0, a1, ...
inline DivisionInstance numbered_instance(const std::vector<std::vector<long>>& values) {
  std::vector<std::string> agents, items;
  for (std::size_t a = 0; a < values.size(); ++a) agents.push_back("a" + std::to_string(a));
  for (std::size_t g = 0; g < values.at(0).size(); ++g) items.push_back("g" + std::to_string(g));
  return make_instance(agents, items, values);
}

// The message of the InputError a division table raises ("no error" when it loads).
inline std::string error_of(const std::string& text) {
  try {
    parse_division_table(text, "t.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace parley::fair::test
