// Tournament throughput (docs/tournament.md, "Performance"):
//  - NegmasTournament: the NegMAS comparison, 4 time-based strategies x 3 small scenarios, all
//    pairs in both roles (16 ordered pairs with self-play) x 2 repetitions = 96 negotiations of
//    100 rounds, end to end through run_tournament (load, check, analyse, run, merge, summary;
//    no plot), in worker threads or worker processes;
//  - Scaling: 100,200 negotiations (10 agents, 100 ordered pairs, 3 scenarios, 334 repetitions)
//    on 1 and 2 workers; efficiency = time(1) / (2 x time(2)).
// Scenarios come from ../shared/scenarios when present (ANAC 2010/2011 Laptop, ItexvsCypress,
// EnglandZimbabwe), else from examples/.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "parley/tournament.hpp"
#include "parley/tournament/cluster.hpp"

namespace {

namespace fs = std::filesystem;

std::vector<std::string> small_scenarios() {
  const fs::path corpus = fs::path(PARLEY_SHARED_DIR) / "scenarios" / "genius";
  if (fs::exists(corpus / "anac2011" / "Laptop"))
    return {(corpus / "anac2011" / "Laptop").string(),
            (corpus / "anac2010" / "ItexvsCypress").string(),
            (corpus / "anac2010" / "EnglandZimbabwe").string()};
  const fs::path examples = fs::path(PARLEY_SOURCE_DIR) / "examples";
  return {(examples / "job-offer.yaml").string(), (examples / "business-contract.yaml").string(),
          (examples / "divorce-settlement.yaml").string()};
}

struct Workspace {
  fs::path folder;
  std::string file;
  Workspace(const std::string& agents, std::uint32_t repetitions) {
    folder = fs::temp_directory_path() / ("parley-bench-tournament-" + std::to_string(::getpid()));
    fs::create_directories(folder);
    file = (folder / "t.yaml").string();
    std::ofstream out(file);
    out << "seed: 1\nrepetitions: " << repetitions << "\ndeadline: {rounds: 100}\nagents: ["
        << agents << "]\nscenarios:\n";
    for (const auto& s : small_scenarios()) out << "  - " << s << "\n";
  }
  ~Workspace() { fs::remove_all(folder); }
};

parley::TournamentReport run_once(const Workspace& workspace, std::uint32_t threads,
                                  parley::Isolation isolation) {
  const fs::path out = workspace.folder / "out";
  fs::remove_all(out);
  parley::TournamentRunOptions options;
  options.file = workspace.file;
  options.out_dir = out.string();
  options.threads = threads;
  options.isolation = isolation;
  options.plot = false;
  parley::SingleProcess single;
  return parley::run_tournament(std::move(options), single);
}

void NegmasTournament(benchmark::State& state) {
  const Workspace workspace("'boulware(e=0.2)', linear, 'conceder(e=2)', hardliner", 2);
  const auto isolation = state.range(1) ? parley::Isolation::process : parley::Isolation::thread;
  std::uint64_t negotiations = 0;
  for (auto _ : state) {
    negotiations = run_once(workspace, static_cast<std::uint32_t>(state.range(0)), isolation).ran;
  }
  if (negotiations != 96) state.SkipWithError("expected 96 negotiations");
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * negotiations));
  state.counters["negotiations"] = static_cast<double>(negotiations);
}
BENCHMARK(NegmasTournament)
    ->ArgNames({"threads", "process"})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void Scaling(benchmark::State& state) {
  const Workspace workspace(
      "'boulware(e=0.2)', linear, 'conceder(e=2)', hardliner, 'boulware(e=0.5)', "
      "'conceder(e=5)', 'boulware(e=0.1)', 'relative_tit_for_tat', 'absolute_tit_for_tat', "
      "'random(p_accept=0.05)'",
      334);
  std::uint64_t negotiations = 0;
  for (auto _ : state)
    negotiations =
        run_once(workspace, static_cast<std::uint32_t>(state.range(0)), parley::Isolation::process)
            .ran;
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * negotiations));
  state.counters["negotiations"] = static_cast<double>(negotiations);
}
BENCHMARK(Scaling)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
