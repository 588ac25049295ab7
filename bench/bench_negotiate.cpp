// Negotiation throughput: complete SAOP sessions per second (items/s = negotiations/s).
//
// Reference figures (NegMAS on this kind of machine, from the issue): Boulware vs Conceder,
// 1000 rounds: 9 negotiations/s on ItexvsCypress (180 outcomes), 0.58/s on Travel (188,160
// outcomes); Aspiration vs Aspiration on Travel, 1000 rounds: 28 s per negotiation. Offer
// indexes are built once per scenario and party and shared (as a tournament does); the
// *_ColdIndex cases include building them. Corpus cases are skipped when ../shared is absent.
#include <benchmark/benchmark.h>

#include <filesystem>

#include "parley/analysis/synthetic.hpp"
#include "parley/io/io.hpp"
#include "parley/negotiate/negotiation.hpp"

using namespace parley;

namespace {

ScenarioPtr corpus_scenario(const std::string& folder) {
  const auto path = std::filesystem::path(PARLEY_SHARED_DIR) / "scenarios" / folder;
  if (!std::filesystem::exists(path)) return nullptr;
  Warnings warnings;
  return load_scenario(path.string(), warnings);
}

void run_sessions(benchmark::State& state, const ScenarioPtr& scenario, const std::string& agents,
                  std::size_t rounds, bool cold_index) {
  if (!scenario) {
    state.SkipWithError("scenario corpus not found");
    return;
  }
  const auto specs = parse_agent_list(agents);
  SessionOptions options;
  options.rounds = rounds;
  OfferIndexCache shared_cache;
  std::size_t agreements = 0, turns = 0;
  for (auto _ : state) {
    OfferIndexCache fresh;
    const auto result = negotiate(scenario, specs, options, cold_index ? &fresh : &shared_cache);
    agreements += result.agreement();
    turns += result.turns;
    benchmark::DoNotOptimize(result.utilities.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["agreement_rate"] =
      static_cast<double>(agreements) / static_cast<double>(state.iterations());
  state.counters["turns"] = static_cast<double>(turns) / static_cast<double>(state.iterations());
}

void BM_ItexvsCypress_BoulwareConceder(benchmark::State& state) {
  static const auto s = corpus_scenario("genius/anac2010/ItexvsCypress");
  run_sessions(state, s, "boulware,conceder", 1000, false);
}
void BM_Travel_BoulwareConceder(benchmark::State& state) {
  static const auto s = corpus_scenario("genius/anac2010/Travel");
  run_sessions(state, s, "boulware,conceder", 1000, false);
}
void BM_Travel_BoulwareConceder_ColdIndex(benchmark::State& state) {
  static const auto s = corpus_scenario("genius/anac2010/Travel");
  run_sessions(state, s, "boulware,conceder", 1000, true);
}
// NegMAS's AspirationNegotiator concedes along a Boulware-like curve; parley's closest
// counterpart is boulware(e=0.2) on both sides (agreement late, ~1600 turns on Travel).
void BM_Travel_BoulwareBoulware(benchmark::State& state) {
  static const auto s = corpus_scenario("genius/anac2010/Travel");
  run_sessions(state, s, "boulware,boulware", 1000, false);
}
void BM_Travel_NashSeekerBoa(benchmark::State& state) {
  static const auto s = corpus_scenario("genius/anac2010/Travel");
  run_sessions(state, s, "nash_seeker,boa", 1000, false);
}
// 30 issues of 10 options: 10^30 packages.
void BM_Synthetic1e30_BoulwareConceder(benchmark::State& state) {
  static const auto s = make_synthetic_scenario(30, 10);
  run_sessions(state, s, "boulware,conceder", 1000, false);
}
void BM_Synthetic1e30_BoulwareConceder_ColdIndex(benchmark::State& state) {
  static const auto s = make_synthetic_scenario(30, 10);
  run_sessions(state, s, "boulware,conceder", 1000, true);
}

void BM_IndexBuild_Travel(benchmark::State& state) {
  static const auto s = corpus_scenario("genius/anac2010/Travel");
  if (!s) {
    state.SkipWithError("scenario corpus not found");
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(OfferIndex::build(*s, 0));
}

}  // namespace

BENCHMARK(BM_ItexvsCypress_BoulwareConceder)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Travel_BoulwareConceder)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Travel_BoulwareConceder_ColdIndex)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Travel_BoulwareBoulware)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Travel_NashSeekerBoa)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Synthetic1e30_BoulwareConceder)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Synthetic1e30_BoulwareConceder_ColdIndex)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_IndexBuild_Travel)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
