// `parley manipulate` (docs/manipulation.md): the best misreport of each bargaining rule on the
// bundled examples, walk-away reports (exact breakpoints) and Nash weight reports (one LP per
// candidate package); lottery Nash, the bayes information model and the variants.
//   build-lead/bench/parley_bench_manipulate --benchmark_repetitions=3
#include <benchmark/benchmark.h>

#include "parley/io/io.hpp"
#include "parley/manipulate/manipulate.hpp"

namespace {

const char* const kExamples[] = {"russia-japan", "job-offer", "business-contract"};

const parley::Scenario& example(std::int64_t which) {
  static std::vector<parley::ScenarioPtr> loaded;
  if (loaded.empty())
    for (const char* name : kExamples) {
      parley::Warnings warnings;
      loaded.push_back(parley::load_scenario(
          std::string(PARLEY_SOURCE_DIR) + "/examples/" + name + ".yaml", warnings));
    }
  return *loaded.at(static_cast<std::size_t>(which));
}

void run(benchmark::State& state, parley::ManipulationRule rule, parley::ReportSpace reports,
         parley::InformationModel information = parley::InformationModel::full) {
  const parley::Scenario& scenario = example(state.range(0));
  parley::ManipulationOptions options;
  options.rule = rule;
  options.reports = reports;
  options.information = information;
  for (auto _ : state) {
    auto result = parley::analyse_manipulation(scenario, options);
    benchmark::DoNotOptimize(result);
  }
  state.SetLabel(std::string(kExamples[state.range(0)]) + ", " + scenario.party(0).name +
                 " misreports");
}

void BM_WalkAway_Nash(benchmark::State& s) {
  run(s, parley::ManipulationRule::nash, parley::ReportSpace::walk_away);
}
void BM_WalkAway_KalaiSmorodinsky(benchmark::State& s) {
  run(s, parley::ManipulationRule::kalai_smorodinsky, parley::ReportSpace::walk_away);
}
void BM_WalkAway_Egalitarian(benchmark::State& s) {
  run(s, parley::ManipulationRule::egalitarian, parley::ReportSpace::walk_away);
}
void BM_WalkAway_Utilitarian(benchmark::State& s) {
  run(s, parley::ManipulationRule::utilitarian, parley::ReportSpace::walk_away);
}
void BM_Weights_Nash(benchmark::State& s) {
  run(s, parley::ManipulationRule::nash, parley::ReportSpace::weights);
}
void BM_WalkAway_NashLottery(benchmark::State& s) {
  run(s, parley::ManipulationRule::nash_lottery, parley::ReportSpace::walk_away);
}
// bayes: 200 draws of the other party's preferences (russia-japan: Japan misreports, Russia
// carries uncertainty; the other examples have none: one draw).
void BM_WalkAway_Nash_Bayes(benchmark::State& s) {
  run(s, parley::ManipulationRule::nash, parley::ReportSpace::walk_away,
      parley::InformationModel::bayes);
}
// The rule against its less manipulable variants (every party's manipulability of each).
void BM_Variants_Nash(benchmark::State& state) {
  const parley::Scenario& scenario = example(state.range(0));
  parley::ManipulationOptions options;
  for (auto _ : state) {
    auto result = parley::analyse_variants(scenario, options);
    benchmark::DoNotOptimize(result);
  }
  state.SetLabel(kExamples[state.range(0)]);
}

// Division rules on the bundled point tables, the first party misreporting its points.
const char* const kTables[] = {"estate-points", "inheritance-points"};

void run_division(benchmark::State& state, parley::ManipulationRule rule) {
  static std::vector<parley::fair::DivisionInstance> tables;
  if (tables.empty())
    for (const char* name : kTables)
      tables.push_back(parley::fair::load_division_table(std::string(PARLEY_SOURCE_DIR) +
                                                         "/examples/" + name + ".csv"));
  const auto& instance = tables.at(static_cast<std::size_t>(state.range(0)));
  parley::ManipulationOptions options;
  options.rule = rule;
  options.reports = parley::ReportSpace::weights;
  for (auto _ : state) {
    auto result = parley::analyse_manipulation(instance, options);
    benchmark::DoNotOptimize(result);
  }
  state.SetLabel(std::string(kTables[state.range(0)]) + ", " + instance.agents.front() +
                 " misreports");
}

void BM_Points_AdjustedWinner(benchmark::State& s) {
  run_division(s, parley::ManipulationRule::adjusted_winner);
}
void BM_Valuations_MaxNashWelfare(benchmark::State& s) {
  run_division(s, parley::ManipulationRule::max_nash_welfare);
}

}  // namespace

BENCHMARK(BM_Points_AdjustedWinner)->Arg(0)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Valuations_MaxNashWelfare)->DenseRange(0, 1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WalkAway_Nash)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WalkAway_KalaiSmorodinsky)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WalkAway_Egalitarian)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WalkAway_Utilitarian)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Weights_Nash)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK(BM_WalkAway_NashLottery)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WalkAway_Nash_Bayes)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Variants_Nash)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->Iterations(1);

BENCHMARK_MAIN();
