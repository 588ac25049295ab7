// Time to answer under the default work budget (issue 13): `analyse` with default options on
// every case of the budget matrix (tests/analysis/budget_matrix_test.cpp): parties 2-6 x
// linear-additive 10 x 10 and 200 x 5 categorical, numeric 2 x 10^6 and 20 x 1000 integer values,
// hyper-rectangle 10 x 10 and 40 x 10 (include/parley/analysis/synthetic.hpp), plus the three
// ANAC 2014 base domains. Counters: work units spent, frontier size, exact (1) or approximation
// (0), the seconds the frontier itself took (the rest of the time is the zone, solutions,
// indicators and explanations); the label is the frontier method.
// Run: build-*/bench/parley_bench_budget_matrix --benchmark_repetitions=3
//        --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/synthetic.hpp"
#include "parley/io/io.hpp"

namespace {

void time_to_answer(benchmark::State& state, const parley::Scenario& scenario) {
  const parley::AnalysisOptions options;  // defaults: the default work budget, no time cap
  parley::Frontier frontier;
  for (auto _ : state) {
    auto analysis = parley::analyse(scenario, options);
    benchmark::DoNotOptimize(analysis.solutions.data());
    frontier = std::move(analysis.frontier);
  }
  state.counters["work"] = static_cast<double>(frontier.work);
  state.counters["frontier"] = static_cast<double>(frontier.packages.size());
  state.counters["exact"] = frontier.exact ? 1.0 : 0.0;
  state.counters["frontier_s"] = frontier.seconds;
  state.SetLabel(parley::to_string(frontier.method));
}

void linear_case(benchmark::State& state) {
  const auto scenario = parley::make_synthetic_scenario(static_cast<std::size_t>(state.range(0)),
                                                        static_cast<std::size_t>(state.range(1)),
                                                        static_cast<std::size_t>(state.range(2)));
  time_to_answer(state, *scenario);
}

void numeric_case(benchmark::State& state) {
  const auto scenario = parley::make_synthetic_numeric_scenario(
      static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)),
      static_cast<std::size_t>(state.range(2)));
  time_to_answer(state, *scenario);
}

void rectangle_case(benchmark::State& state) {
  const auto scenario = parley::make_synthetic_rectangle_scenario(
      static_cast<std::size_t>(state.range(0)), static_cast<std::size_t>(state.range(1)),
      static_cast<std::size_t>(state.range(2)));
  time_to_answer(state, *scenario);
}

void anac2014_case(benchmark::State& state, const char* folder) {
  parley::Warnings warnings;
  const auto scenario = parley::load_scenario(
      (std::filesystem::path(PARLEY_SHARED_DIR) / "scenarios" / "genius" / "anac2014" / folder)
          .string(),
      warnings);
  time_to_answer(state, *scenario);
}

// Arguments: issues, values per issue, parties (2-6).
void matrix_arguments(benchmark::internal::Benchmark* b, std::int64_t issues, std::int64_t values) {
  b->ArgNames({"issues", "values", "parties"});
  for (std::int64_t parties = 2; parties <= 6; ++parties) b->Args({issues, values, parties});
  b->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();
}

}  // namespace

BENCHMARK(linear_case)->Apply([](auto* b) { matrix_arguments(b, 10, 10); });
BENCHMARK(linear_case)->Apply([](auto* b) { matrix_arguments(b, 200, 5); });
BENCHMARK(numeric_case)->Apply([](auto* b) { matrix_arguments(b, 2, 1'000'000); });
BENCHMARK(numeric_case)->Apply([](auto* b) { matrix_arguments(b, 20, 1000); });
BENCHMARK(rectangle_case)->Apply([](auto* b) { matrix_arguments(b, 10, 10); });
BENCHMARK(rectangle_case)->Apply([](auto* b) { matrix_arguments(b, 40, 10); });
BENCHMARK_CAPTURE(anac2014_case, 10issues, "10issues")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();
BENCHMARK_CAPTURE(anac2014_case, 30issues, "30issues")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();
BENCHMARK_CAPTURE(anac2014_case, 50issues, "50issues")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

BENCHMARK_MAIN();
