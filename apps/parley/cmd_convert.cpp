#include <iostream>

#include "cli_common.hpp"

namespace parley::cli {

void register_convert(CLI::App& app, Runner& run) {
  auto* command = app.add_subcommand(
      "convert",
      "Convert a scenario to the native format (a .yaml file), or to GENIUS XML or GeniusWeb JSON "
      "(a folder)");
  auto args = std::make_shared<ScenarioArgs>();
  auto to = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  // The last positional is OUT: CLI11 fills `paths` greedily, so OUT is split off at run time.
  args->add_to(*command);
  command->add_option("--to", *to, "Target format")
      ->required()
      ->check(CLI::IsMember({"native", "genius", "geniusweb"}));
  command->footer("Usage: parley convert IN... --to native|genius|geniusweb OUT");
  command->callback([&run, args, to, out] {
    run = [args, to] {
      if (args->paths.size() < 2)
        throw InputError("", std::nullopt, "arguments", "no output path",
                         "IN... --to native|genius|geniusweb OUT");
      ScenarioArgs in = *args;
      const std::string target = in.paths.back();
      in.paths.pop_back();
      const auto scenario = in.load();
      if (*to == "native") {
        save_native(*scenario, target);
        std::cout << "wrote " << target << '\n';
      } else {
        Warnings warnings;
        const auto written = *to == "genius" ? save_genius(*scenario, target, warnings)
                                             : save_geniusweb(*scenario, target, warnings);
        for (const auto& path : written) std::cout << "wrote " << path << '\n';
        print_warnings(warnings);
      }
      return 0;
    };
  });
}

}  // namespace parley::cli
