// `parley certify` and the two checkers (docs/certificates.md) on ANAC 2011 Energy (390,625
// packages: every frontier package and every solution) and on the synthetic 30 x 10 and
// 200 x 10 spaces (10^30 and 10^200 packages: the solutions, whose certificates stay small).
//   build-lead/bench/parley_bench_certify --benchmark_repetitions=3
// Certify runs in process; each check is the checker program run on the certificate (wall time,
// process start included), as a user runs it.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "parley/analysis/synthetic.hpp"
#include "parley/certify/certify.hpp"
#include "parley/io/io.hpp"

namespace {

namespace fs = std::filesystem;

struct Case {
  std::string scenario_path;  // what the checkers are given
  parley::ScenarioPtr scenario;
  parley::CertifyOptions options;
};

fs::path scratch() {
  const fs::path folder = fs::temp_directory_path() / "parley-bench-certify";
  fs::create_directories(folder);
  return folder;
}

Case energy() {
  Case c;
  c.scenario_path = std::string(PARLEY_SHARED_DIR) + "/scenarios/genius/anac2011/Energy";
  parley::Warnings warnings;
  c.scenario = parley::load_scenario(c.scenario_path, warnings);
  return c;
}

// The synthetic scenario written as a native file (certificates are about files).
Case synthetic(std::size_t issues, std::size_t options) {
  Case c;
  c.scenario_path = (scratch() / ("synthetic-" + std::to_string(issues) + "x" +
                                  std::to_string(options) + ".yaml"))
                        .string();
  parley::save_native(*parley::make_synthetic_scenario(issues, options), c.scenario_path);
  parley::Warnings warnings;
  c.scenario = parley::load_scenario(c.scenario_path, warnings);
  c.options.frontier = false;
  return c;
}

const Case& cached(int which) {
  static const Case cases[] = {energy(), synthetic(30, 10), synthetic(200, 10)};
  return cases[which];
}

void BM_Certify(benchmark::State& state) {
  const Case& c = cached(static_cast<int>(state.range(0)));
  std::size_t claims = 0, bytes = 0, nodes = 0;
  for (auto _ : state) {
    const auto certificate = parley::certify(*c.scenario, c.options);
    claims = certificate.claims.size();
    bytes = certificate.json.size();
    nodes = 0;
    for (const auto& claim : certificate.claims) nodes += claim.nodes;
  }
  state.counters["claims"] = static_cast<double>(claims);
  state.counters["tree_nodes"] = static_cast<double>(nodes);
  state.counters["certificate_bytes"] = static_cast<double>(bytes);
}

void check(benchmark::State& state, const std::string& checker) {
  const Case& c = cached(static_cast<int>(state.range(0)));
  const auto certificate = parley::certify(*c.scenario, c.options);
  const std::string path =
      (scratch() / ("certificate-" + std::to_string(state.range(0)) + ".json")).string();
  parley::save_certificate(certificate, path);
  const std::string command =
      checker + " '" + c.scenario_path + "' '" + path + "' --quiet > /dev/null";
  for (auto _ : state)
    if (std::system(command.c_str()) != 0) state.SkipWithError(("failed: " + command).c_str());
}

void BM_CheckCpp(benchmark::State& state) {
  check(state, std::string(PARLEY_BINARY_DIR) + "/parley-check");
}

void BM_CheckPython(benchmark::State& state) {
  check(state, "/usr/bin/python3 " + std::string(PARLEY_SOURCE_DIR) + "/tools/parley_check.py");
}

// 0: Energy, 1: synthetic 30 x 10, 2: synthetic 200 x 10.
BENCHMARK(BM_Certify)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckCpp)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CheckPython)->DenseRange(0, 2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
