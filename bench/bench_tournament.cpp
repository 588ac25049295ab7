// Tournament throughput (docs/tournament.md, "Performance"):
//  - NegmasTournament: the NegMAS comparison, 4 time-based strategies x 3 small scenarios, all
//    pairs in both roles (16 ordered pairs with self-play) x 2 repetitions = 96 negotiations of
//    100 rounds, end to end through run_tournament (load, check, analyse, run, merge, summary;
//    no plot), in worker threads or worker processes;
//  - Scaling: 100,200 negotiations (10 agents, 100 ordered pairs, 3 scenarios, 334 repetitions)
//    on 1 and 2 cores (one worker per core), end to end (negotiations, merge, summary);
//    efficiency = time(1) / (2 x time(2)). bench/tournament-scaling.sh does the same through the
//    CLI, and for MPI ranks.
// Scenarios come from ../shared/scenarios when present (ANAC 2010/2011 Laptop, ItexvsCypress,
// EnglandZimbabwe), else from examples/.
#include <benchmark/benchmark.h>
#include <sched.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "parley/tournament/cluster.hpp"
#include "parley/tournament/tournament.hpp"
#include "tournament/tournament_internal.hpp"

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

// Runs on the first `cores` CPUs only (worker processes inherit the mask), with one worker per
// core, so that "1 core" means one core even though a worker is a parent thread plus a child.
void Scaling(benchmark::State& state) {
  const Workspace workspace(
      "'boulware(e=0.2)', linear, 'conceder(e=2)', hardliner, 'boulware(e=0.5)', "
      "'conceder(e=5)', 'boulware(e=0.1)', 'relative_tit_for_tat', 'absolute_tit_for_tat', "
      "'random(p_accept=0.05)'",
      334);
  const auto cores = static_cast<std::uint32_t>(state.range(0));
  cpu_set_t all, only;
  sched_getaffinity(0, sizeof all, &all);
  CPU_ZERO(&only);
  std::uint32_t taken = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE && taken < cores; ++cpu)
    if (CPU_ISSET(cpu, &all)) {
      CPU_SET(cpu, &only);
      ++taken;
    }
  if (taken < cores) {
    state.SkipWithError("this machine has fewer cores than asked");
    return;
  }
  sched_setaffinity(0, sizeof only, &only);
  const auto isolation = state.range(1) ? parley::Isolation::process : parley::Isolation::thread;
  parley::TournamentReport report;
  for (auto _ : state) report = run_once(workspace, cores, isolation);
  sched_setaffinity(0, sizeof all, &all);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * report.ran));
  state.counters["negotiations"] = static_cast<double>(report.ran);
  state.counters["run_s"] = report.run_seconds;
  state.counters["merge_s"] = report.merge_seconds;
}
BENCHMARK(Scaling)
    ->ArgNames({"cores", "process"})
    ->Args({1, 1})
    ->Args({2, 1})
    ->Args({1, 0})
    ->Args({2, 0})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

// Rank 0's merge alone: 100,200 journal rows (copies of real ones, in 2 worker files) merged into
// results.jsonl, results.csv, timings.csv and the summary, on 1 and 2 threads. The rate bounds
// how fast one merging process keeps up with the cluster (docs/tournament-1000-nodes.md).
void Merge(benchmark::State& state) {
  const Workspace workspace("'boulware(e=0.2)', linear, 'conceder(e=2)', hardliner", 1);
  const auto source = run_once(workspace, 1, parley::Isolation::thread);
  std::vector<parley::ResultRow> rows;
  {
    std::ifstream in(workspace.folder / "out" / "results.jsonl");
    for (std::string line; std::getline(in, line);) rows.push_back(*parley::parse_json_line(line));
  }
  const fs::path out = workspace.folder / "merge";
  constexpr std::uint64_t total = 100'200;
  {
    parley::ResultJournal first(out.string(), 0, 0, 60.0), second(out.string(), 0, 1, 60.0);
    for (std::uint64_t i = 0; i < total; ++i) {
      parley::ResultRow row = rows[i % rows.size()];
      row.index = i;
      row.seconds = 1e-4;
      ((i / 64) % 2 ? second : first).append(row);
    }
  }
  const auto threads = static_cast<std::uint32_t>(state.range(0));
  std::uint64_t merged = 0;
  for (auto _ : state) merged = parley::merge_journal(out.string(), total, 2, nullptr, threads);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * merged));
}
BENCHMARK(Merge)->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Reading one journal row back (parse_json_line: what the merge and --resume do per row), over
// the rows of the NegMAS tournament in turn.
void ParseRow(benchmark::State& state) {
  const Workspace workspace("'boulware(e=0.2)', linear, 'conceder(e=2)', hardliner", 1);
  run_once(workspace, 1, parley::Isolation::thread);
  std::vector<std::string> lines;
  std::ifstream in(workspace.folder / "out" / "results.jsonl");
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::size_t next = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& line = lines[next++ % lines.size()];
    auto row = parley::parse_json_line(line);
    benchmark::DoNotOptimize(row);
    bytes += line.size();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(ParseRow);

}  // namespace

BENCHMARK_MAIN();
