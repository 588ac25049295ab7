// `parley robust` (docs/robust.md) on the Russia-Japan example (11,664 packages, weight
// intervals, ratio and rank statements, walk-away intervals: Monte Carlo over a 7-dimensional
// weight set) and on ANAC 2011 Energy (390,625 packages) with every weight given as an interval
// of +-30% around the profile's and the walk-away as an interval of +-0.05, both parties; and on
// the 7issues scenario (10^7 packages, the same intervals), too large to enumerate: candidates.
//   build-lead/bench/parley_bench_robust --benchmark_min_time=1x --benchmark_repetitions=3
// Arguments: draws and threads (the results are the same for any number of threads).
#include <benchmark/benchmark.h>

#include "parley/io/io.hpp"
#include "parley/model/uncertainty.hpp"
#include "parley/robust/robust.hpp"

namespace {

parley::ScenarioPtr russia_japan() {
  parley::Warnings warnings;
  return parley::load_scenario(std::string(PARLEY_SOURCE_DIR) + "/examples/russia-japan.yaml",
                               warnings);
}

// A corpus scenario with interval weights (+-30%) and walk-aways (+-0.05) for both parties.
parley::ScenarioPtr with_intervals(const std::string& corpus_path) {
  parley::Warnings warnings;
  const auto base =
      parley::load_scenario(std::string(PARLEY_SHARED_DIR) + "/scenarios/" + corpus_path, warnings);
  std::vector<parley::Party> parties = base->parties();
  for (auto& party : parties) {
    const auto* linear = party.utility->as_linear_additive();
    auto uncertainty = std::make_shared<parley::PartyUncertainty>();
    std::vector<parley::WeightStatement> statements;
    const std::size_t k = base->issue_count();
    for (std::size_t i = 0; i < k; ++i) {
      parley::WeightStatement s;
      s.coefficients.assign(k, 0.0);
      s.coefficients[i] = 1.0;
      s.lower = 0.7 * linear->weights()[i];
      s.upper = 1.3 * linear->weights()[i];
      s.text = "weight of " + base->issue(i).name() + " within 30%";
      statements.push_back(std::move(s));
    }
    uncertainty->weight_set.emplace(k, std::move(statements));
    uncertainty->weight_law = parley::PartyUncertainty::WeightLaw::uniform;
    uncertainty->walk_away.kind = parley::WalkAwayLaw::Kind::uniform;
    uncertainty->walk_away.low = uncertainty->walk_away.mode =
        std::max(0.0, party.reservation_value - 0.05);
    uncertainty->walk_away.high = party.reservation_value + 0.05;
    party.uncertainty = std::move(uncertainty);
  }
  return std::make_shared<const parley::Scenario>(base->name(), base->issues(), parties,
                                                  base->description());
}

void run(benchmark::State& state, const parley::ScenarioPtr& scenario) {
  parley::RobustOptions options;
  options.samples = static_cast<std::uint64_t>(state.range(0));
  options.threads = static_cast<std::size_t>(state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(parley::analyse_robust(*scenario, options));
  state.counters["packages"] = static_cast<double>(scenario->space().size());
  state.counters["draws"] = static_cast<double>(options.samples);
}

void BM_RobustRussiaJapan(benchmark::State& state) { run(state, russia_japan()); }
// Arguments: draws, threads.
BENCHMARK(BM_RobustRussiaJapan)
    ->Args({1'000, 1})
    ->Args({10'000, 1})
    ->Args({10'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_RobustEnergyIntervals(benchmark::State& state) {
  run(state, with_intervals("genius/anac2011/Energy"));
}
// Arguments: draws, threads.
BENCHMARK(BM_RobustEnergyIntervals)
    ->Args({1'000, 1})
    ->Args({10'000, 1})
    ->Args({10'000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A space too large to enumerate: 7issues (10^7 packages) with interval weights and walk-aways,
// analysed over the candidates (Pareto frontiers at 32 parameter vectors).
void BM_RobustSevenIssuesCandidates(benchmark::State& state) {
  run(state, with_intervals("genius/other/7issues"));
}
BENCHMARK(BM_RobustSevenIssuesCandidates)
    ->Args({1'000, 1})
    ->Args({10'000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
