// Pareto frontier benchmarks: the linear-additive DP on corpus scenarios (ANAC 2011 Energy,
// ANAC 2016 AgentHp2) and on synthetic scenarios up to 200 issues x 10 options (10^200 outcomes),
// enumeration for comparison, and the anytime search on an ANAC 2014 nonlinear domain.
// Run: build-*/bench/parley_bench_frontier --benchmark_repetitions=5
//        --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>

#include "parley/analysis/frontier.hpp"
#include "parley/analysis/synthetic.hpp"
#include "parley/io/io.hpp"

namespace {

using parley::FrontierMethod;

parley::ScenarioPtr corpus_scenario(const std::string& folder) {
  static std::map<std::string, parley::ScenarioPtr> cache;
  auto& slot = cache[folder];
  if (!slot) {
    parley::Warnings warnings;
    // Every profile of the folder is a party (AgentHp2's three must be named: io.hpp).
    const auto path = (std::filesystem::path(PARLEY_SHARED_DIR) / "scenarios" / folder).string();
    parley::LoadOptions options;
    for (const auto& profile : parley::folder_profiles(path)) options.profiles.push_back(profile);
    slot = parley::load_scenario({path}, options, warnings);
  }
  return slot;
}

void run_frontier(benchmark::State& state, const parley::Scenario& scenario, FrontierMethod method,
                  std::uint64_t budget = parley::kDefaultWorkBudget) {
  parley::FrontierOptions options;
  options.method = method;
  options.budget = budget;
  std::size_t size = 0;
  std::uint64_t evaluated = 0, work = 0;
  for (auto _ : state) {
    const auto frontier = parley::pareto_frontier(scenario, options);
    size = frontier.packages.size();
    evaluated = frontier.evaluated;
    work = frontier.work;
    benchmark::DoNotOptimize(size);
  }
  state.counters["frontier"] = static_cast<double>(size);
  state.counters["examined"] = static_cast<double>(evaluated);
  state.counters["work"] = static_cast<double>(work);
}

void corpus_case(benchmark::State& state, const char* folder, FrontierMethod method) {
  const auto scenario = corpus_scenario(folder);
  // The search: a fixed budget of 15 million work units (about 100,000 ANAC 2014 evaluations).
  run_frontier(state, *scenario, method,
               method == FrontierMethod::anytime_search ? 15'000'000 : parley::kDefaultWorkBudget);
}

void synthetic_case(benchmark::State& state) {
  const auto scenario = parley::make_synthetic_scenario(
      static_cast<std::size_t>(state.range(0)), 10, static_cast<std::size_t>(state.range(1)));
  run_frontier(state, *scenario, FrontierMethod::linear_dp);
}

}  // namespace

BENCHMARK_CAPTURE(corpus_case, energy_linear_dp, "genius/anac2011/Energy",
                  FrontierMethod::linear_dp)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(corpus_case, energy_enumeration, "genius/anac2011/Energy",
                  FrontierMethod::enumeration)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(corpus_case, agenthp2_linear_dp, "genius/anac2016/AgentHp2",
                  FrontierMethod::linear_dp)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(corpus_case, agenthp2_enumeration, "genius/anac2016/AgentHp2",
                  FrontierMethod::enumeration)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK_CAPTURE(corpus_case, anac2014_10issues_search_100k, "genius/anac2014/10issues",
                  FrontierMethod::anytime_search)
    ->Unit(benchmark::kMillisecond);
// Arguments: issues, parties (10 options per issue).
BENCHMARK(synthetic_case)
    ->ArgNames({"issues", "parties"})
    ->Args({30, 2})
    ->Args({100, 2})
    ->Args({200, 2})
    ->Args({10, 3})
    ->Args({20, 3})
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
