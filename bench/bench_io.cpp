// Loading the whole GENIUS / GeniusWeb corpus (../shared/scenarios): every folder listed in
// INDEX.md that loads as it is, and a few single folders (the largest, ANAC 2014 with 40
// nonlinear issues, and two small ones).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "parley/io/io.hpp"
#include "support/corpus_index.hpp"

namespace {

// A corpus folder with every profile as a party (folders with more than two profiles need them
// named, parley/io/io.hpp folder_profiles).
parley::ScenarioPtr load_every_profile(const std::string& folder, parley::Warnings& warnings) {
  parley::LoadOptions options;
  options.parties = parley::LoadOptions::kEveryProfile;
  return parley::load_scenario({folder}, options, warnings);
}
namespace fs = std::filesystem;

fs::path corpus() { return fs::path(PARLEY_SHARED_DIR) / "scenarios"; }

// Folders of INDEX.md rows that load as they are (Railway's constraint profiles, the single
// profile of laptopdomainNoBayes and the empty templates of group10-building_construction are
// refused; they are left out of the timing).
std::vector<std::string> loadable_folders() {
  std::vector<std::string> folders;
  if (!fs::exists(corpus() / "INDEX.md")) return folders;
  for (const auto& row : parley::detail::read_corpus_index(corpus())) {
    const std::string path = (corpus() / row.folder).string();
    try {
      parley::Warnings warnings;
      load_every_profile(path, warnings);
      folders.push_back(path);
    } catch (const parley::Error&) {
    }
  }
  return folders;
}

void BM_LoadWholeCorpus(benchmark::State& state) {
  const auto folders = loadable_folders();
  if (folders.empty()) {
    state.SkipWithError("corpus not found beside the checkout");
    return;
  }
  std::size_t parties = 0;
  for (auto _ : state) {
    parties = 0;
    for (const auto& folder : folders) {
      parley::Warnings warnings;
      parties += load_every_profile(folder, warnings)->party_count();
    }
  }
  state.counters["folders"] = static_cast<double>(folders.size());
  state.counters["parties"] = static_cast<double>(parties);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(folders.size()));
}
BENCHMARK(BM_LoadWholeCorpus)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_LoadFolder(benchmark::State& state, const char* folder) {
  const std::string path = (corpus() / folder).string();
  if (!fs::exists(path)) {
    state.SkipWithError("corpus not found beside the checkout");
    return;
  }
  for (auto _ : state) {
    parley::Warnings warnings;
    benchmark::DoNotOptimize(parley::load_scenario(path, warnings));
  }
}
BENCHMARK_CAPTURE(BM_LoadFolder, anac2014_50issues, "genius/anac2014/50issues")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_LoadFolder, anac2010_ItexvsCypress, "genius/anac2010/ItexvsCypress")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_LoadFolder, geniusweb_Party, "geniusweb/anac2020/Party")
    ->Unit(benchmark::kMicrosecond);

}  // namespace

// One issue of N options (a hostile size, issue 15): the native text held in memory, parsed;
// with `scored`, both parties give every option a score (3 N YAML entries in all), else the issue
// weighs 0 and only the option list is read. Linear in N since issue 15 (quadratic before).
void BM_LoadNativeManyOptions(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const bool scored = state.range(1) != 0;
  std::string options, scores;
  for (std::size_t i = 0; i < n; ++i) {
    options += (i ? ", o" : "o") + std::to_string(i);
    scores += (i ? ", o" : "o") + std::to_string(i) + ": " + std::to_string(i % 7 + 1);
  }
  std::string text = "parley: 1\nissues:\n  - name: a\n    options: [" + options +
                     "]\n  - name: b\n    options: [x, y]\nparties:\n";
  for (const char* party : {"p1", "p2"})
    text += std::string("  - name: ") + party +
            (scored ? "\n    weights: {a: 0.5, b: 0.5}\n    scores:\n      a: {" + scores + "}\n"
                    : "\n    weights: {a: 0, b: 1}\n    scores:\n") +
            "      b: {x: 1, y: 2}\n";
  for (auto _ : state) {
    parley::Warnings warnings;
    benchmark::DoNotOptimize(parley::parse_native(text, "many.yaml", warnings));
  }
  state.SetComplexityN(static_cast<benchmark::IterationCount>(n));
}
BENCHMARK(BM_LoadNativeManyOptions)
    ->ArgsProduct({{10'000, 100'000}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
