#include <iostream>

#include "cli_common.hpp"
#include "parley/model/describe.hpp"

namespace parley::cli {

// Defines the options of `parley info` and its runner (main.cpp: only when it is named).
static void define_info(CLI::App* command, Runner& run) {
  auto args = std::make_shared<ScenarioArgs>();
  auto json = std::make_shared<bool>(false);
  args->add_to(*command);
  command->add_flag("--json", *json, "Print JSON instead of text");
  command->callback([&run, args, json] {
    run = [args, json] {
      const auto scenario = args->load();
      std::cout << (*json ? describe_scenario_json(*scenario) + "\n"
                          : describe_scenario(*scenario));
      return 0;
    };
  });
}

Command info_command() {
  return {"info", "Describe a scenario: issues, parties, preference types, walk-away values, size",
          define_info};
}

}  // namespace parley::cli
