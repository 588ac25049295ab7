// Plain-text and JSON descriptions of a scenario (what `parley info` prints): issues with their
// values, parties with their preference type, reservation value and discount, space size.
#pragma once

#include <string>

#include "parley/model/scenario.hpp"

namespace parley {

std::string describe_scenario(const Scenario& scenario);
std::string describe_scenario_json(const Scenario& scenario);

}  // namespace parley
