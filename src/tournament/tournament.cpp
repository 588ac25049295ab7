// run_tournament: the phases of a tournament run, with the ranks agreeing after each one.
#include <algorithm>
#include <filesystem>
#include <future>
#include <optional>
#include <thread>

#include "parley/tournament/cluster.hpp"
#include "parley/tournament/tournament.hpp"
#include "support/file_io.hpp"
#include "tournament_internal.hpp"

namespace parley {
namespace {

// Runs `phase` on this rank, then makes every rank agree: an exception on any rank stops all.
template <class Phase>
void collectively(Cluster& cluster, Phase&& phase) {
  std::exception_ptr error;
  try {
    phase();
  } catch (...) {
    error = std::current_exception();
  }
  const bool everyone = cluster.all_succeeded(!error);
  if (error) std::rethrow_exception(error);
  if (!everyone) throw Error("another rank of the tournament failed (see its message)");
}

}  // namespace

TournamentReport run_tournament(TournamentRunOptions options, Cluster& cluster) {
  const auto started = std::chrono::steady_clock::now();
  const bool leader = cluster.rank() == 0;
  auto warn = [&](const std::string& text) {
    if (leader && options.warn) options.warn(text);
  };
  TournamentSpec spec;
  std::vector<ScenarioPtr> scenarios;
  std::unique_ptr<NegotiationEngine> engine = std::move(options.engine);
  std::optional<JobPlan> plan;
  collectively(cluster, [&] {
    spec = load_tournament_spec(options.file);
    Warnings warnings;
    scenarios = load_tournament_scenarios(spec, warnings);
    for (const auto& w : warnings) warn(w);
    if (!engine) engine = make_session_engine();
    engine->validate(spec, scenarios);
    std::vector<std::size_t> party_counts;
    for (const auto& scenario : scenarios) party_counts.push_back(scenario->party_count());
    plan.emplace(spec, party_counts);
  });
  if (spec.deadline_seconds > 0.0)
    warn(
        "deadline.seconds is a wall-clock deadline: where each negotiation ends depends on the "
        "machine's speed and load, so results.jsonl and results.csv are not reproducible "
        "(docs/negotiation.md, \"Time limits\")");
  auto check_cancelled = [&] {
    if (options.cancelled && options.cancelled())
      throw Cancelled("the tournament was cancelled before any negotiation ran");
  };
  TournamentReport report;
  report.negotiations = plan->size();
  // The manifest (tournament.json) costs two fsyncs. On one machine it is written on a thread of
  // its own while the journal is read and the references are computed; run_jobs waits for it
  // before any worker starts, so it is durable before any row is written, as when written here.
  // Under MPI it is written here (the ranks agree on its errors).
  std::future<void> manifest_written;
  collectively(cluster, [&] {
    check_cancelled();
    if (!leader) return;
    std::string manifest = check_output(options.out_dir, spec, plan->size(), options.resume);
    if (manifest.empty()) return;
    if (cluster.size() > 1) {
      write_manifest(options.out_dir, manifest);
      return;
    }
    manifest_written = std::async(
        std::launch::async,
        [out = options.out_dir, text = std::move(manifest)] { write_manifest(out, text); });
  });
  JournalState state;
  collectively(cluster, [&] { state = read_journal(options.out_dir, plan->size()); });
  report.resumed = state.done_count;
  report.dropped_lines = state.dropped_lines;
  if (state.dropped_lines)
    warn(std::to_string(state.dropped_lines) +
         " torn or invalid line(s) at the end of the journal were dropped; those negotiations "
         "run again");
  // Every rank wrote its reading of the journal before anyone appends to it.
  cluster.barrier();

  RunOptions run;
  run.before_workers = [&] {
    if (manifest_written.valid()) manifest_written.get();
  };
  run.rank = cluster.rank();
  run.isolation = options.isolation;
  run.sync_interval_seconds = options.sync_interval_seconds;
  run.progress = options.progress;
  run.cancelled = options.cancelled;
  run.workers = options.threads;
  if (run.workers == 0) {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    run.workers = std::max(1u, cores / std::max(1u, cluster.local_size()));
  }
  // Rank 0 merges while the negotiations run: rows reach the final files in job order as soon
  // as the rows before them are done, so little is left once the last negotiation ends.
  std::vector<std::string> names;
  std::size_t max_parties = 0;
  for (const auto& scenario : scenarios) {
    names.push_back(scenario->name());
    max_parties = std::max(max_parties, scenario->party_count());
  }
  SummaryBuilder builder(spec, names);
  std::optional<JournalMerge> merge;
  // This process's workers tell the merge about every write; only other ranks' files need a
  // look now and then (the end of the merge never waits for it).
  const double rescan_seconds = cluster.size() > 1 ? 0.05 : 1.0;
  run.started = [&] {
    if (leader)
      merge.emplace(
          options.out_dir, plan->size(), max_parties,
          [&](const ResultRow& row) { builder.add(row); }, run.workers, true, rescan_seconds);
  };
  // Set before the workers start (run.started runs first), read-only while they run.
  run.appended = [&](const std::string& journal_path) {
    if (merge) merge->appended(journal_path);
  };

  RunStatistics statistics;
  const auto running = std::chrono::steady_clock::now();
  collectively(cluster, [&] {
    statistics =
        run_jobs(spec, scenarios, *plan, partition(plan->size(), cluster.size(), cluster.rank()),
                 state, *engine, options.out_dir, run);
  });
  report.ran = cluster.sum(statistics.ran);
  report.failures = cluster.sum(statistics.failures);
  const auto merging = std::chrono::steady_clock::now();
  report.run_seconds = std::chrono::duration<double>(merging - running).count();

  collectively(cluster, [&] {
    if (!leader) return;
    merge->finish();
    report.summary = builder.finish();
    write_summary_tables(report.summary, options.out_dir);
    detail::AtomicFile text(std::filesystem::path(options.out_dir) / "summary.txt",
                            detail::Durability::rebuildable);
    text.line(render_summary(report.summary));
    text.commit();
    if (options.plot) {
      try {
        plot_summary(report.summary,
                     (std::filesystem::path(options.out_dir) / "agents.svg").string());
      } catch (const Error& e) {
        report.plot_error = e.what();
      }
    }
    report.merged = true;
  });
  report.merge_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - merging).count();
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace parley
