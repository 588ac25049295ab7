// Utility evaluation throughput: outcomes evaluated per second on linear-additive preferences.
#include <benchmark/benchmark.h>

#include <memory>

#include "parley/model/scenario.hpp"

using namespace parley;

static void BM_LinearUtility(benchmark::State& state) {
  const auto issues_n = static_cast<std::size_t>(state.range(0));
  std::vector<Issue> issues;
  std::vector<ValueFunction> f;
  for (std::size_t i = 0; i < issues_n; ++i) {
    issues.push_back(Issue::integer("i" + std::to_string(i), 0, 9));
    std::vector<double> s;
    for (int v = 0; v < 10; ++v) s.push_back((v * 7 + static_cast<int>(i)) % 10 + 1);
    f.push_back(ValueFunction::from_scores(s));
  }
  LinearAdditiveUtility u(issues, std::vector<double>(issues_n, 1.0 / issues_n), f);
  OutcomeSpace space(std::vector<std::uint32_t>(issues_n, 10));
  Outcome o(issues_n, 0);
  double sink = 0;
  for (auto _ : state) {
    sink += u.utility(o);
    if (!space.next(o)) o.assign(issues_n, 0);
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LinearUtility)->Arg(8)->Arg(30);

BENCHMARK_MAIN();
