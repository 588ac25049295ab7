// Per-agent cost: every library agent (the ANAC champions included) against a hardliner that
// never concedes, 1,000 rounds with no agreement, so every session plays the same number of turns;
// the hardliner's own share is measured alone (hardliner vs hardliner) and reported beside.
// Counters: s_per_round (seconds per round: one turn of each party) and hardliners_s_per_round
// (the same with hardliners only, measured in the same run): the difference is the agent's turn.
// Also the multi-offer protocols (three boulware agents, 1,000 rounds) and the opponent-model
// quality measures over a whole space. Corpus cases are skipped when ../shared is absent.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <map>

#include "parley/analysis/synthetic.hpp"
#include "parley/io/io.hpp"
#include "parley/negotiate/model_quality.hpp"
#include "parley/negotiate/negotiation.hpp"

using namespace parley;

namespace {

ScenarioPtr corpus_scenario(const std::string& folder) {
  const auto path = std::filesystem::path(PARLEY_SHARED_DIR) / "scenarios" / folder;
  if (!std::filesystem::exists(path)) return nullptr;
  Warnings warnings;
  return load_scenario(path.string(), warnings);
}

constexpr std::size_t kRounds = 1000;

// Seconds of one session, averaged over `repeats` runs (indexes shared, built beforehand).
double session_seconds(const ScenarioPtr& scenario, const std::vector<AgentSpec>& agents,
                       OfferIndexCache& cache, int repeats) {
  SessionOptions options;
  options.rounds = kRounds;
  double total = 0.0;
  for (int k = 0; k < repeats; ++k) total += negotiate(scenario, agents, options, &cache).seconds;
  return total / repeats;
}

void run_agent(benchmark::State& state, const ScenarioPtr& scenario, const std::string& agent) {
  if (!scenario) {
    state.SkipWithError("scenario corpus not found");
    return;
  }
  const auto spec = parse_agent(agent);
  const auto hardliner = parse_agent("hardliner");
  std::vector<AgentSpec> agents(scenario->party_count(), hardliner);
  agents[0] = spec;
  SessionOptions options;
  options.rounds = kRounds;
  OfferIndexCache cache;
  negotiate(scenario, agents, options, &cache);  // builds the indexes
  const double baseline =
      session_seconds(scenario, std::vector<AgentSpec>(agents.size(), hardliner), cache, 3);
  std::size_t rounds = 0, agreements = 0;
  for (auto _ : state) {
    const auto result = negotiate(scenario, agents, options, &cache);
    rounds += result.turns > 0 ? result.round + 1 : 0;
    agreements += result.agreement();
    benchmark::DoNotOptimize(result.utilities.data());
  }
  state.counters["rounds"] = static_cast<double>(rounds) / static_cast<double>(state.iterations());
  state.counters["agreement_rate"] =
      static_cast<double>(agreements) / static_cast<double>(state.iterations());
  // Seconds per round (an inverted rate over the measured time), and the same for two
  // hardliners: the difference is the agent's own turn.
  state.counters["s_per_round"] = benchmark::Counter(
      static_cast<double>(rounds), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["hardliners_s_per_round"] = baseline / static_cast<double>(kRounds);
}

void run_protocol(benchmark::State& state, Protocol protocol) {
  const auto scenario = make_synthetic_scenario(6, 6, 3);
  const std::vector<AgentSpec> agents(3, parse_agent("hardliner"));
  SessionOptions options;
  options.rounds = kRounds;
  options.protocol = protocol;
  OfferIndexCache cache;
  std::size_t turns = 0;
  for (auto _ : state) {
    const auto result = negotiate(scenario, agents, options, &cache);
    turns += result.turns;
    benchmark::DoNotOptimize(result.utilities.data());
  }
  state.counters["turns"] = static_cast<double>(turns) / static_cast<double>(state.iterations());
  state.counters["s_per_turn"] = benchmark::Counter(
      static_cast<double>(turns), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_ModelQuality_Travel(benchmark::State& state) {
  static const auto s = corpus_scenario("genius/anac2010/Travel");
  if (!s) {
    state.SkipWithError("scenario corpus not found");
    return;
  }
  // A model that is the true utility, slightly bent: the measures' cost, not the model's.
  const auto& party = s->party(1);
  for (auto _ : state) {
    const auto q = measure_model_quality(*s, 0, 1, [&](const Outcome& o) {
      const double u = party.utility->utility(o);
      return u * u;
    });
    benchmark::DoNotOptimize(q.pearson);
  }
  state.SetItemsProcessed(state.iterations() * 100'000);
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::pair<std::string, std::string>> scenarios = {
      {"ItexvsCypress", "genius/anac2010/ItexvsCypress"},
      {"Travel", "genius/anac2010/Travel"},
  };
  for (const auto& name : agent_names()) {
    for (const auto& [label, folder] : scenarios) {
      benchmark::RegisterBenchmark(("BM_Agent/" + name + "/" + label).c_str(),
                                   [name = name, folder = folder](benchmark::State& state) {
                                     static std::map<std::string, ScenarioPtr> loaded;
                                     if (!loaded.count(folder))
                                       loaded[folder] = corpus_scenario(folder);
                                     run_agent(state, loaded[folder], name);
                                   })
          ->Unit(benchmark::kMillisecond);
    }
    benchmark::RegisterBenchmark(("BM_Agent/" + name + "/Synthetic1e30").c_str(),
                                 [name = name](benchmark::State& state) {
                                   static const auto s = make_synthetic_scenario(30, 10);
                                   run_agent(state, s, name);
                                 })
        ->Unit(benchmark::kMillisecond);
  }
  for (const Protocol protocol : {Protocol::saop, Protocol::amop, Protocol::mopac})
    benchmark::RegisterBenchmark(
        (std::string("BM_Protocol/") + to_string(protocol) + "/3_hardliners").c_str(),
        [protocol](benchmark::State& state) { run_protocol(state, protocol); })
        ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_ModelQuality_Travel", BM_ModelQuality_Travel)
      ->Unit(benchmark::kMillisecond);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
