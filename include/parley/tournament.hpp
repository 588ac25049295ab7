// Tournaments: every agent against every other, on many scenarios, in every role, repeated.
//
// The model follows the round-robin tournaments of the ANAC competitions (Baarslag et al.,
// "Evaluating practical negotiating agents: results and analysis of the 2011 ANAC", Artificial
// Intelligence 198, 2013) and NegMAS's cartesian tournaments: a job is one negotiation
// (scenario, agents in party order, repetition), jobs are numbered 0..N-1 in a fixed order
// computed arithmetically (never materialised), and every job gets its own seed derived from the
// tournament seed and the job index only. Results therefore do not depend on how jobs are
// split between threads, processes or machines (docs/tournament.md).
//
// The pieces, from the bottom up:
//  - TournamentSpec: the tournament file (native YAML), parsed and checked before any work;
//  - JobPlan: job numbering, per-job seeds and the deterministic partition between ranks;
//  - NegotiationEngine: "run this job -> this record" (the negotiation sessions behind it);
//  - ResultJournal: crash-safe append-only per-worker files, read back on --resume, merged into
//    final files sorted by job index;
//  - run_jobs: a pool of workers (threads, or worker processes enforcing per-negotiation time and
//    memory limits) over a list of job indices;
//  - summarise: per-agent and per-scenario tables with confidence intervals, and a gnuplot plot.
// An MPI front-end is a thin layer over partition() and run_jobs() (apps/parley/cmd_tournament).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/analysis.hpp"
#include "parley/error.hpp"
#include "parley/outcome.hpp"
#include "parley/scenario.hpp"

namespace parley {

// ---------------------------------------------------------------------------------------------
// The tournament file.

// One scenario entry: a native file, a GENIUS / GeniusWeb folder, or a domain file followed by
// its profiles (exactly what load_scenario takes). Globs are expanded when the file is read.
struct TournamentScenarioSource {
  std::vector<std::string> paths;
  std::vector<std::string> profiles;  // optional profile selection (LoadOptions::profiles)
};

enum class RoleMode {
  all,   // every ordered assignment of agents to parties (both roles of a bilateral negotiation)
  fixed  // one assignment per set of agents: agents in list order take parties in order
};

enum class Isolation {
  process,  // each worker is a child process; time and memory limits are enforced by the parent
  thread    // workers are threads; limits are only those the negotiation enforces itself
};

struct TournamentSpec {
  std::string name = "tournament";
  std::string origin;               // the file it was read from, for messages
  std::vector<std::string> agents;  // canonical registry names, e.g. "boulware(e=0.2)"
  std::vector<TournamentScenarioSource> scenarios;  // after glob expansion, sorted per glob
  std::string protocol = "sao";
  std::uint64_t deadline_rounds = 100;  // 0: no round limit
  double deadline_seconds = 0.0;        // 0: no time limit inside the negotiation
  RoleMode roles = RoleMode::all;
  bool self_play = true;  // an agent may meet a copy of itself
  std::uint32_t repetitions = 1;
  std::uint64_t seed = 1;
  // Hard per-negotiation limits (enforced in Isolation::process): a negotiation still running
  // after `limit_seconds`, or whose worker exceeds `limit_memory_megabytes`, is recorded as a
  // failure and the tournament goes on. 0 means no limit.
  double limit_seconds = 60.0;
  std::uint64_t limit_memory_megabytes = 0;
  std::uint32_t real_steps = 0;  // 0: the loader's default discretisation
};

// Reads a tournament file (docs/tournament.md). Relative scenario paths and globs are resolved
// against the file's folder. Throws InputError naming the file, line and field.
TournamentSpec load_tournament_spec(const std::string& path);
TournamentSpec parse_tournament_spec(const std::string& yaml_text, const std::string& origin,
                                     const std::string& base_folder);

// Loads every scenario once (shared read-only by all workers). Throws InputError for a missing
// or unreadable scenario; warnings of the loaders are appended to `warnings`.
std::vector<ScenarioPtr> load_tournament_scenarios(const TournamentSpec& spec, Warnings& warnings);

// ---------------------------------------------------------------------------------------------
// Jobs.

struct Job {
  std::uint64_t index = 0;
  std::uint32_t scenario = 0;
  std::vector<std::uint32_t> agents;  // agent index (into spec.agents) for each party, in order
  std::uint32_t repetition = 0;
  std::uint64_t seed = 0;
};

// The seed of job `index`: splitmix64 of the tournament seed mixed with the index
// (docs/tournament.md gives the formula so other tools can reproduce it).
std::uint64_t job_seed(std::uint64_t tournament_seed, std::uint64_t index) noexcept;

// Job numbering: scenario-major, then agent assignment (lexicographic on agent indices), then
// repetition. Memory is proportional to the number of distinct assignments, not of jobs.
class JobPlan {
 public:
  // party_counts[s]: number of parties of scenario s. Throws UnsupportedError when a scenario has
  // more parties than there are agents (fixed roles without self-play) or the assignment count
  // is too large to list (more than 10^7).
  JobPlan(const TournamentSpec& spec, const std::vector<std::size_t>& party_counts);

  std::uint64_t size() const noexcept { return total_; }
  Job job(std::uint64_t index) const;
  // Jobs of one scenario: [first, first + count).
  std::uint64_t scenario_first(std::uint32_t scenario) const { return offsets_.at(scenario); }
  std::uint64_t scenario_count(std::uint32_t scenario) const {
    return offsets_.at(scenario + 1) - offsets_.at(scenario);
  }

 private:
  struct Assignments {
    std::size_t parties = 0;
    std::vector<std::uint32_t> flat;  // parties entries per assignment
    std::uint64_t count() const noexcept { return parties ? flat.size() / parties : 0; }
  };
  std::vector<Assignments> by_party_count_;
  std::vector<std::uint32_t> scenario_assignments_;  // index into by_party_count_
  std::vector<std::uint64_t> offsets_;               // scenarios + 1 entries
  std::uint32_t repetitions_ = 1;
  std::uint64_t seed_ = 1;
  std::uint64_t total_ = 0;
};

// The deterministic partition of jobs 0..total-1 between `ranks` ranks: blocks of `block`
// consecutive jobs dealt in rounds, one block per rank per round, each round rotated by a
// pseudo-random offset (splitmix64 of the round number), so that every rank gets a similar mix
// of scenarios and agents. Returns the half-open ranges of rank `rank`, in increasing order.
struct JobRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;  // one past the end
};
std::vector<JobRange> partition(std::uint64_t total, std::uint32_t ranks, std::uint32_t rank,
                                std::uint64_t block = 64);
// Number of jobs rank `rank` receives (without listing the ranges).
std::uint64_t partition_size(std::uint64_t total, std::uint32_t ranks, std::uint32_t rank,
                             std::uint64_t block = 64) noexcept;

// ---------------------------------------------------------------------------------------------
// Running one negotiation.

struct NegotiationRequest {
  ScenarioPtr scenario;
  std::vector<std::string> agents;  // canonical names, one per party, in party order
  std::string protocol;
  std::uint64_t deadline_rounds = 0;
  double deadline_seconds = 0.0;
  std::uint64_t seed = 0;
};

// What a negotiation produced. A failure (an agent threw, broke the protocol, ran out of time or
// memory) is a value, not an exception: `failure` says what and `failed_party` who.
struct NegotiationRecord {
  bool agreement = false;
  Outcome outcome;                // empty without agreement
  std::vector<double> utilities;  // per party: of the agreement, or the reservation value
  std::vector<double> payoffs;    // the same, discounted at the time the session ended
  std::uint64_t rounds = 0;
  std::string end;      // "agreement", "deadline", "walk-away" or "failure"
  std::string failure;  // "" unless end == "failure": what went wrong
  std::optional<std::size_t> failed_party;
};

// "Run this job -> this record". Implementations must be deterministic in the request (same
// request, same record) and safe to call from several threads at once.
class NegotiationEngine {
 public:
  virtual ~NegotiationEngine() = default;
  // Checks agent names and the protocol before any work, and rewrites spec.agents into their
  // canonical spelling; throws InputError naming spec.origin. Called once, before run().
  virtual void validate(TournamentSpec& spec, const std::vector<ScenarioPtr>& scenarios) = 0;
  virtual NegotiationRecord run(const NegotiationRequest& request) const = 0;
};

class AgentRegistry;

// The engine backed by parley's negotiation sessions and agent registry (parley/negotiate.hpp).
// With `registry`, agent names are parsed and built by it, so tournaments can include added
// agents (e.g. written in Python). An added agent that cannot survive fork() (Python) needs
// Isolation::thread; the pool's time and memory limits then do not apply
// (python/src/tournament.cpp and docs/python-tutorial.md explain the choice).
std::unique_ptr<NegotiationEngine> make_session_engine(
    std::shared_ptr<const AgentRegistry> registry = nullptr);

// ---------------------------------------------------------------------------------------------
// Result rows.

// Per-scenario reference, computed once per scenario and shared read-only: the Pareto frontier
// and the bargaining solutions over the agreement zone (none when no zone exists).
struct ScenarioReference {
  Frontier frontier;
  std::vector<Solution> solutions;
  std::vector<double> reservation;
};
ScenarioReference scenario_reference(const Scenario& scenario);

// One row per negotiation (docs/tournament.md lists the columns).
struct ResultRow {
  std::uint64_t index = 0;
  std::string scenario;
  std::uint32_t scenario_index = 0;
  std::vector<std::string> agents;  // per party
  std::uint32_t repetition = 0;
  std::uint64_t seed = 0;
  bool agreement = false;
  std::string outcome;  // "Issue=value, ..." or ""
  std::vector<double> utilities;   // undiscounted
  std::vector<double> payoffs;     // utility x discount_factor^time: what the agent scores
  std::vector<double> advantages;  // utility - reservation value
  std::uint64_t rounds = 0;
  std::string end;                 // how it ended: agreement, deadline, walk-away, failure
  double distance_frontier = 0.0;  // Euclidean, in utility space
  double distance_nash = 0.0;      // NaN when the scenario has no Nash point
  double distance_kalai_smorodinsky = 0.0;
  double welfare = 0.0;  // sum of utilities
  std::string failure;
  std::string failed_agent;
  double seconds = 0.0;  // wall-clock time; kept out of the reproducible files
};

ResultRow make_row(const Job& job, const TournamentSpec& spec, const Scenario& scenario,
                   const ScenarioReference& reference, const NegotiationRecord& record,
                   double seconds);

// One line of JSON (no newline) and back. parse returns nullopt for a torn or malformed line.
std::string to_json_line(const ResultRow& row, bool with_time);
std::optional<ResultRow> parse_json_line(const std::string& line);
// A line of to_json_line(row, true) as to_json_line(row, false) and the text of its time
// ("" when it has none): the merge copies lines instead of writing them again.
std::pair<std::string, std::string_view> split_time(const std::string& line);
// CSV header and line for rows of scenarios with at most `parties` parties.
std::string csv_header(std::size_t parties);
std::string to_csv_line(const ResultRow& row, std::size_t parties);

// ---------------------------------------------------------------------------------------------
// Crash-safe results.

// The journal of a tournament lives in OUT/journal/: one append-only JSONL file per worker and
// session, each in increasing job order, each row written with one write() as it finishes and
// fsync'ed at most `sync_interval_seconds` later (and at the end). After a kill, every row whose
// write() returned survives; after a power loss, at most the last interval is lost. A torn last
// line is detected (no newline, or not valid) and dropped when reading.
class ResultJournal {
 public:
  // Opens OUT/journal/part-R<rank>-W<worker>-S<session>.jsonl with the first free session.
  ResultJournal(const std::string& out_dir, std::uint32_t rank, std::uint32_t worker,
                double sync_interval_seconds = 0.5);
  ~ResultJournal();
  ResultJournal(const ResultJournal&) = delete;
  ResultJournal& operator=(const ResultJournal&) = delete;

  void append(const ResultRow& row);
  // Rows already written as to_json_line(row, true), each followed by '\n', in one write().
  void append_lines(const std::string& lines);
  void sync();
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  double sync_interval_;
  double last_sync_ = 0.0;
  bool dirty_ = false;
};

// Prepares OUT for a run: creates OUT/journal and OUT/tournament.json (what the tournament is, to
// refuse resuming a different one). Without `resume`, refuses an OUT whose journal holds rows;
// with it, refuses an OUT made by a different tournament file. Throws InputError naming OUT.
void prepare_output(const std::string& out_dir, const TournamentSpec& spec,
                    std::uint64_t total_jobs, bool resume);

// Which jobs are already in the journal of OUT (one bit per job). Torn lines are counted in
// `dropped_lines`.
struct JournalState {
  std::vector<bool> done;
  std::uint64_t done_count = 0;
  std::uint64_t dropped_lines = 0;
};
JournalState read_journal(const std::string& out_dir, std::uint64_t total_jobs);

// Merges every journal file of OUT into OUT/results.jsonl, OUT/results.csv (reproducible: no
// timing) and OUT/timings.csv (job index, seconds), sorted by job index, duplicates dropped.
// Each file is written beside its target and renamed into place. Memory is bounded (tens of MB),
// whatever the number of rows. Calls `on_row` for each merged row, in job order (for the summary).
// The journal files are read, checked and formatted on `threads` threads; the output does not
// depend on it. Returns the number of rows; throws Error when a job is missing from the journal.
std::uint64_t merge_journal(const std::string& out_dir, std::uint64_t total_jobs,
                            std::size_t max_parties,
                            const std::function<void(const ResultRow&)>& on_row,
                            std::uint32_t threads = 1);

// The same merge in the background. With `live`, it starts while the negotiations still run and
// follows the journal files as they grow (and the new files of workers that start later), writing
// each row as soon as it and every row before it are there; finish() is called once every
// journal row is written, completes the files and returns what merge_journal returns.
// Destroying it without finish() abandons the merge: no final file is written.
class JournalMerge {
 public:
  JournalMerge(const std::string& out_dir, std::uint64_t total_jobs, std::size_t max_parties,
               std::function<void(const ResultRow&)> on_row, std::uint32_t threads, bool live);
  ~JournalMerge();
  JournalMerge(const JournalMerge&) = delete;
  JournalMerge& operator=(const JournalMerge&) = delete;
  std::uint64_t finish();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// ---------------------------------------------------------------------------------------------
// Running a list of jobs.

struct RunOptions {
  std::uint32_t workers = 1;
  Isolation isolation = Isolation::process;
  std::uint32_t rank = 0;  // names the journal files of this process
  double sync_interval_seconds = 0.5;
  // Called after each finished job with (jobs finished by this call, jobs to run); may be empty.
  std::function<void(std::uint64_t, std::uint64_t)> progress;
  // Called once from the calling thread when the worker processes exist, before any negotiation:
  // where a caller starts threads of its own (forking while they allocate is unsafe).
  std::function<void()> started;
};

struct RunStatistics {
  std::uint64_t ran = 0;
  std::uint64_t skipped = 0;  // already in the journal
  std::uint64_t failures = 0;
  double seconds = 0.0;
};

// Runs the jobs of `ranges` that the journal does not hold yet and appends their rows to it.
RunStatistics run_jobs(const TournamentSpec& spec, const std::vector<ScenarioPtr>& scenarios,
                       const JobPlan& plan, const std::vector<JobRange>& ranges,
                       const JournalState& state, const NegotiationEngine& engine,
                       const std::string& out_dir, const RunOptions& options);

// ---------------------------------------------------------------------------------------------
// Summary.

struct MeanEstimate {
  double mean = 0.0;
  double half_width = 0.0;  // 95% confidence half-width (normal approximation, t for n < 30)
  std::uint64_t count = 0;
};

struct AgentSummary {
  std::string agent;
  MeanEstimate utility, payoff, advantage, agreement, welfare;
  std::uint64_t negotiations = 0;
  std::uint64_t failures = 0;  // negotiations this agent caused to fail
  // Rank by mean payoff (the discounted utility, as ANAC scores; the utility without discounting)
  // (1 = best) and its 95% interval: the best and worst rank compatible with the payoff
  // intervals (an agent is surely ahead only when the intervals do not overlap).
  std::uint32_t rank = 0, rank_best = 0, rank_worst = 0;
};

struct ScenarioSummary {
  std::string scenario;
  std::uint64_t negotiations = 0;
  MeanEstimate agreement, welfare, distance_frontier, distance_nash, rounds;
  std::uint64_t failures = 0;
};

struct TournamentSummary {
  std::vector<AgentSummary> agents;        // in rank order
  std::vector<ScenarioSummary> scenarios;  // in scenario order
  std::uint64_t negotiations = 0;
};

// Accumulates rows in constant memory per agent and scenario.
class SummaryBuilder {
 public:
  SummaryBuilder(const TournamentSpec& spec, const std::vector<std::string>& scenario_names);
  void add(const ResultRow& row);
  TournamentSummary finish() const;

 private:
  struct Moments {
    std::uint64_t n = 0;
    double mean = 0.0, m2 = 0.0;
    void add(double x);
    MeanEstimate estimate() const;
  };
  struct AgentMoments {
    Moments utility, payoff, advantage, agreement, welfare;
    std::uint64_t failures = 0;
  };
  struct ScenarioMoments {
    Moments agreement, welfare, distance_frontier, distance_nash, rounds;
    std::uint64_t failures = 0;
  };
  std::vector<std::string> agents_;
  std::map<std::string, std::size_t> agent_index_;
  std::vector<std::string> scenarios_;
  std::vector<AgentMoments> agent_moments_;
  std::vector<ScenarioMoments> scenario_moments_;
  std::uint64_t rows_ = 0;
};

// Plain-text tables (what the CLI prints; also written to OUT/summary.txt).
std::string render_summary(const TournamentSummary& summary);
// OUT/agents.csv and OUT/scenarios.csv.
void write_summary_tables(const TournamentSummary& summary, const std::string& out_dir);
// Bar chart of each agent's mean utility with its interval, via gnuplot, into `svg_path`.
// Throws Error when gnuplot fails.
void plot_summary(const TournamentSummary& summary, const std::string& svg_path);

// ---------------------------------------------------------------------------------------------
// The whole command: what `parley tournament FILE --out DIR` does, on one process or on every
// rank of a cluster (parley/tournament/cluster.hpp).

class Cluster;

struct TournamentRunOptions {
  std::string file;
  std::string out_dir;
  std::uint32_t threads = 0;  // workers per process; 0: this machine's cores / local ranks
  bool resume = false;
  Isolation isolation = Isolation::process;
  bool plot = true;
  double sync_interval_seconds = 0.5;
  // Progress of this rank (jobs done, jobs to do); called from worker threads, serialised.
  std::function<void(std::uint64_t, std::uint64_t)> progress;
  // Loader warnings and notes (torn lines dropped...), printed by the caller; rank 0 only.
  std::function<void(const std::string&)> warn;
  // The negotiation engine; null: make_session_engine().
  std::unique_ptr<NegotiationEngine> engine;
};

struct TournamentReport {
  std::uint64_t negotiations = 0;   // in the whole tournament
  std::uint64_t ran = 0;            // by this call, over all ranks
  std::uint64_t resumed = 0;        // already in the journal
  std::uint64_t dropped_lines = 0;  // torn or invalid journal lines dropped on resume
  std::uint64_t failures = 0;       // failed negotiations run by this call, over all ranks
  double seconds = 0.0;        // the whole call
  double run_seconds = 0.0;    // running the negotiations (until every rank is done)
  double merge_seconds = 0.0;  // rank 0: the rest of the merge (it runs during the negotiations),
                               // summary and plot
  bool merged = false;        // rank 0: final files, summary and plot written
  TournamentSummary summary;  // rank 0
  std::string plot_error;     // rank 0: why the plot is missing, if it is
};

// Checks everything (file, agents, scenarios, settings, output folder) before any negotiation,
// runs this rank's share, and on rank 0 merges the results and writes the summary. Collective:
// every rank calls it; an error on any rank is reported on every rank as an Error.
TournamentReport run_tournament(TournamentRunOptions options, Cluster& cluster);

}  // namespace parley
