// The whole corpus, as a user would run it: for every linear-additive scenario folder of
// ../shared/scenarios (GENIUS and GeniusWeb, every profile of the folder as a party), load it,
// compute the exact frontier and every solution (analyse: zone of agreement with its exact count
// or sample, bargaining solutions, indicators, explanations). Target (issue 3): under 5 s in
// total on one core. Run: build/bench/parley_bench_corpus --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>

#include "parley/analysis/analysis.hpp"
#include "parley/io/io.hpp"

namespace {

// A corpus folder with every profile as a party (folders with more than two profiles need them
// named, parley/io/io.hpp folder_profiles).
parley::ScenarioPtr load_every_profile(const std::string& folder, parley::Warnings& warnings) {
  parley::LoadOptions options;
  options.parties = parley::LoadOptions::kEveryProfile;
  return parley::load_scenario({folder}, options, warnings);
}

namespace fs = std::filesystem;

// Every folder holding a scenario file (a domain .xml or .json), sorted.
std::vector<std::string> corpus_folders() {
  std::vector<std::string> folders;
  const fs::path root = fs::path(PARLEY_SHARED_DIR) / "scenarios";
  if (!fs::exists(root)) return folders;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_directory()) continue;
    bool has_files = false;
    for (const auto& child : fs::directory_iterator(entry.path()))
      if (child.is_regular_file()) has_files = true;
    if (has_files) folders.push_back(entry.path().string());
  }
  std::sort(folders.begin(), folders.end());
  return folders;
}

// Folders that load as linear-additive scenarios (others are skipped, as the issue asks for
// "every linear scenario").
const std::vector<std::string>& linear_folders() {
  static const std::vector<std::string> folders = [] {
    std::vector<std::string> linear;
    for (const auto& folder : corpus_folders()) {
      try {
        parley::Warnings warnings;
        if (load_every_profile(folder, warnings)->is_linear_additive()) linear.push_back(folder);
      } catch (const parley::Error&) {
        // Refused folders (Railway's constraint profiles, single-party folders) are not scenarios.
      }
    }
    return linear;
  }();
  return folders;
}

void BM_WholeCorpusLoadFrontierSolutions(benchmark::State& state) {
  const auto& folders = linear_folders();
  if (folders.empty()) {
    state.SkipWithError("the corpus ../shared/scenarios was not found");
    return;
  }
  std::size_t frontier_points = 0;
  for (auto _ : state) {
    frontier_points = 0;
    for (const auto& folder : folders) {
      parley::Warnings warnings;
      const auto scenario = load_every_profile(folder, warnings);
      const auto analysis = parley::analyse(*scenario);
      frontier_points += analysis.frontier.packages.size();
    }
  }
  state.counters["scenarios"] = static_cast<double>(folders.size());
  state.counters["frontier_points"] = static_cast<double>(frontier_points);
}
BENCHMARK(BM_WholeCorpusLoadFrontierSolutions)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
