// `parley solve --json` rendering (issue 14): write_report_json on the 200-issue x 10-value
// synthetic space (make_synthetic_scenario(200, 10): 10^200 packages, an exact frontier of 22,935
// efficient packages by linear-dp), the whole frontier listed, against the tree-built document
// the report had before it was streamed (tests/analysis/report_json_reference.hpp: a whole
// nlohmann::ordered_json tree, then dump). The output goes to a stream that only counts bytes.
// The analysis is done once, outside the timed loop. Counters: bytes written, frontier packages.
// Run: build-*/bench/parley_bench_report_json --benchmark_repetitions=3
//        --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <ostream>
#include <streambuf>

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/synthetic.hpp"
#include "report_json_reference.hpp"

namespace {

// A stream buffer that keeps nothing and counts what it is given.
class CountingBuffer : public std::streambuf {
 public:
  std::uint64_t count = 0;

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) ++count;
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    count += static_cast<std::uint64_t>(n);
    return n;
  }
};

struct Case {
  parley::ScenarioPtr scenario;
  parley::Analysis analysis;
};

const Case& synthetic_200x10() {
  static const Case c = [] {
    Case made;
    made.scenario = parley::make_synthetic_scenario(200, 10);
    made.analysis = parley::analyse(*made.scenario);
    return made;
  }();
  return c;
}

void write_streamed(benchmark::State& state, parley::FrontierListing listing) {
  const Case& c = synthetic_200x10();
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    CountingBuffer buffer;
    std::ostream out(&buffer);
    parley::write_report_json(out, *c.scenario, c.analysis, {listing});
    bytes = buffer.count;
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.counters["frontier"] = static_cast<double>(c.analysis.frontier.packages.size());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}

void BM_ReportJsonStreamed(benchmark::State& state) {
  write_streamed(state, parley::FrontierListing::all);
}
void BM_ReportJsonStreamedZone(benchmark::State& state) {
  write_streamed(state, parley::FrontierListing::zone);
}
void BM_ReportJsonStreamedNone(benchmark::State& state) {
  write_streamed(state, parley::FrontierListing::none);
}

// The string form (what Python's to_json returns).
void BM_ReportJsonString(benchmark::State& state) {
  const Case& c = synthetic_200x10();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = parley::render_report_json(*c.scenario, c.analysis);
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}

// Before issue 14: the whole tree, then dump(2).
void BM_ReportJsonTreeBefore(benchmark::State& state) {
  const Case& c = synthetic_200x10();
  std::size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = parley::test::reference_json(*c.scenario, c.analysis).dump(2);
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
}

}  // namespace

BENCHMARK(BM_ReportJsonStreamed)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReportJsonStreamedZone)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReportJsonStreamedNone)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReportJsonString)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ReportJsonTreeBefore)->Unit(benchmark::kMillisecond)->Iterations(1);
BENCHMARK_MAIN();
