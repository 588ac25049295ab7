#include <filesystem>
#include <iostream>

#include "cli_common.hpp"

namespace parley::cli {
namespace {

namespace fs = std::filesystem;

// True when `a` and `b` name the same existing file or folder, however spelt.
bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code error;
  return fs::exists(a, error) && fs::exists(b, error) && fs::equivalent(a, b, error);
}

// What convert reads: the scenario paths, the profiles named with --profile (relative to the
// scenario's folder), and the folder itself.
std::vector<fs::path> inputs_of(const ScenarioArgs& in) {
  std::vector<fs::path> inputs;
  for (const auto& path : in.paths) {
    inputs.emplace_back(path);
    std::error_code error;
    const fs::path folder =
        fs::is_directory(path, error) ? fs::path(path) : fs::path(path).parent_path();
    for (const auto& profile : in.profiles) {
      inputs.emplace_back(profile);
      inputs.push_back(folder / profile);
    }
  }
  return inputs;
}

// Checks the target before anything is read: never an input, never an existing file (or a
// non-empty folder) unless --force, and a place that can be written. Files are then written
// beside the target and renamed into place, so a file already there is replaced whole or not at
// all.
void check_target(const ScenarioArgs& in, const std::string& format, const std::string& target,
                  bool force) {
  for (const auto& input : inputs_of(in)) {
    const bool clash =
        same_file(input, target) ||
        (format != "native" && fs::is_directory(target) &&
         (same_file(input.parent_path().empty() ? fs::path(".") : input.parent_path(), target)));
    if (clash)
      throw InputError(target, std::nullopt, "OUT",
                       "the input " + input.string() + " (converting would overwrite it)",
                       "a path that is not one of the inputs");
  }
  std::error_code error;
  if (format == "native") {
    check_output_path(target, "OUT", {".yaml", ".yml"});
    if (fs::exists(target, error) && !force)
      throw InputError(target, std::nullopt, "OUT", "an existing file",
                       "a new file name, or --force to replace it");
    return;
  }
  check_output_folder(target, "OUT");
  if (fs::is_directory(target, error) && !fs::is_empty(target, error) && !force)
    throw InputError(target, std::nullopt, "OUT", "a folder that is not empty",
                     "a new or empty folder, or --force to write into it (files of the same "
                     "names are replaced)");
}

}  // namespace

// Defines the options of `parley convert` and its runner (main.cpp: only when it is named).
static void define_convert(CLI::App* command, Runner& run) {
  auto args = std::make_shared<ScenarioArgs>();
  auto to = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  // The last positional is OUT: CLI11 fills `paths` greedily, so OUT is split off at run time.
  args->add_to(*command);
  command->add_option("--to", *to, "Target format")
      ->required()
      ->check(CLI::IsMember({"native", "genius", "geniusweb"}));
  command->add_flag("--force", *force,
                    "Replace an existing OUT file (or write into a folder that is not empty); "
                    "an input is never overwritten");
  command->footer("Usage: parley convert IN... --to native|genius|geniusweb OUT [--force]");
  command->callback([&run, args, to, force] {
    run = [args, to, force] {
      if (args->paths.size() < 2)
        throw InputError("", std::nullopt, "arguments", "no output path",
                         "IN... --to native|genius|geniusweb OUT");
      ScenarioArgs in = *args;
      const std::string target = in.paths.back();
      in.paths.pop_back();
      check_target(in, *to, target, *force);
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

Command convert_command() {
  return {
      "convert",
      "Convert a scenario to the native format (a .yaml file), or to GENIUS XML or GeniusWeb JSON "
      "(a folder)",
      define_convert};
}

}  // namespace parley::cli
