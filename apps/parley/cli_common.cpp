#include "cli_common.hpp"

#include <iostream>

namespace parley::cli {

void ScenarioArgs::add_to(CLI::App& command, bool required) {
  auto* option = command.add_option(
      "scenario", paths,
      "Scenario: a native .yaml file, a GENIUS or GeniusWeb folder, or a domain file followed by "
      "its profile files");
  if (required) option->required();
  command.add_option("--profile", profiles,
                     "Profile file to use for the next party (repeat, in party order) when a "
                     "folder holds more profiles than parties");
  command
      .add_option("--real-steps", real_steps,
                  "Points used to discretise real issues that declare no discretisation")
      ->check(CLI::Range(2u, 1000000u));
}

ScenarioPtr ScenarioArgs::load() const {
  LoadOptions options;
  options.profiles = profiles;
  options.real_steps = real_steps;
  Warnings warnings;
  auto scenario = load_scenario(paths, options, warnings);
  print_warnings(warnings);
  return scenario;
}

void print_warnings(const Warnings& warnings) {
  for (const auto& w : warnings) std::cerr << "warning: " << w << '\n';
}

}  // namespace parley::cli
