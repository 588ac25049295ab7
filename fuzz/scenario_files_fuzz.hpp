// The GENIUS and GeniusWeb targets: one input holds a domain file and its profiles, separated by
// "--8<--" lines (fuzz_support.hpp); each part is written to the scratch folder and the loader
// reads them as it reads files. One profile part is used for both parties (a scenario needs two);
// at most four profiles are read.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "parley/io/io.hpp"

namespace parley::fuzz {

using FolderLoader = ScenarioPtr (*)(const std::string& domain_file,
                                     const std::vector<std::string>& profiles,
                                     const LoadOptions& options, Warnings& warnings);

inline int load_scenario_files(const std::uint8_t* data, std::size_t size, FolderLoader load,
                               const char* extension) {
  const auto parts = split_files(as_text(data, size), 5);
  // A fixed folder name: the loaders name the scenario after it.
  static const auto folder = [] {
    const auto path = scratch_folder() / "scenario";
    std::filesystem::create_directories(path);
    return path;
  }();
  const std::string domain = (folder / (std::string("domain") + extension)).string();
  write_file(domain, parts[0]);
  std::vector<std::string> profiles;
  for (std::size_t i = 1; i < parts.size(); ++i) {
    profiles.push_back((folder / ("profile" + std::to_string(i) + extension)).string());
    write_file(profiles.back(), parts[i]);
  }
  if (profiles.size() == 1) profiles.push_back(profiles.front());
  if (profiles.empty()) profiles = {domain, domain};
  Warnings warnings;
  ScenarioPtr scenario;
  try {
    scenario = load(domain, profiles, LoadOptions{}, warnings);
  } catch (const Error&) {
    return 0;  // refused, as documented
  }
  check_scenario(*scenario);
  return 0;
}

}  // namespace parley::fuzz
