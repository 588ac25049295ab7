// Shared plumbing of the parley command-line front-end: scenario arguments, warnings, errors.
// Commands only translate arguments and print what the library returns.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "parley/io/io.hpp"
#include "parley/model/scenario.hpp"

namespace parley::cli {

// The positional SCENARIO argument(s) and --profile options shared by every command that reads a
// scenario: a native file, a GENIUS / GeniusWeb folder, or a domain file followed by profiles.
struct ScenarioArgs {
  std::vector<std::string> paths;
  std::vector<std::string> profiles;
  std::uint32_t real_steps = Issue::default_real_steps;

  void add_to(CLI::App& command, bool required = true);
  // Loads the scenario, printing warnings to stderr.
  ScenarioPtr load() const;
};

void print_warnings(const Warnings& warnings);

// Each command registers itself with the top-level app; `run` is called when it was chosen.
using Runner = std::function<int()>;
void register_info(CLI::App& app, Runner& run);
void register_convert(CLI::App& app, Runner& run);
void register_negotiate(CLI::App& app, Runner& run);
void register_divide(CLI::App& app, Runner& run);
void register_tournament(CLI::App& app, Runner& run);
void register_solve(CLI::App& app, Runner& run);
void register_serve(CLI::App& app, Runner& run);

}  // namespace parley::cli
