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
// What the front-ends (the CLI, the Python module) use: the tournament file, per-job seeds, the
// negotiation engine ("run this job -> this record"), result rows, the summary, and
// run_tournament(), which checks everything, runs this rank's share of the jobs on a pool of
// worker threads or processes and, on rank 0, merges the crash-safe journal into the result files
// and writes the summary. The machinery behind it (job numbering and partition, the journal and
// its merge, the worker pool) is internal to the area (src/tournament/tournament_internal.hpp).
// An MPI front-end is a thin layer over run_tournament() and a Cluster
// (parley/tournament/cluster.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parley/analysis/analysis.hpp"
#include "parley/model/outcome.hpp"
#include "parley/model/scenario.hpp"
#include "parley/support/error.hpp"

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
  std::string protocol = "sao";                     // sao (saop), amop or mopac
  // mopac: the decision rule of a deal, as parse_quorum reads it ("n-1", "majority", "2/3", a
  // number; empty: every party), and its veto holders (party names of every scenario).
  std::string quorum;
  std::vector<std::string> veto;
  // Measure the agents' opponent models (SessionOptions::model_quality): per-party columns of
  // the rows and the summary's model-quality columns.
  bool model_quality = false;
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
  // Per-turn wall-clock budget of every agent call (SessionOptions::turn_budget_seconds; remote
  // agents wait this long for each answer); an agent over it fails its negotiation. 0: none.
  double limit_turn_seconds = 0.0;
  std::uint32_t real_steps = 0;  // 0: the loader's default discretisation
};

// Limits of a tournament file (docs/tournament.md, "Limits"); beyond them InputError names the
// field, what was found and the limit.
inline constexpr std::size_t kMaxTournamentFileBytes = 16u << 20;
inline constexpr std::size_t kMaxTournamentTextBytes = 4096;  // a name, an agent, a path
inline constexpr std::size_t kMaxTournamentAgents = 10'000;
inline constexpr std::size_t kMaxTournamentScenarios = 100'000;  // entries after the globs
// All the globs of one file together: directory entries looked at, paths matched.
inline constexpr std::uint64_t kMaxTournamentGlobEntries = 1'000'000;
inline constexpr std::uint64_t kMaxTournamentGlobMatches = 100'000;
// Negotiations of one tournament (scenarios x agent assignments x repetitions); beyond it the
// job plan throws UnsupportedError.
inline constexpr std::uint64_t kMaxTournamentNegotiations = 10'000'000'000ULL;

// Reads a tournament file (docs/tournament.md). Relative scenario paths and globs are resolved
// against the file's folder. Throws InputError naming the file, line and field.
TournamentSpec load_tournament_spec(const std::string& path);
TournamentSpec parse_tournament_spec(const std::string& yaml_text, const std::string& origin,
                                     const std::string& base_folder);
// The same checks without the filesystem: every scenario path or glob is kept as written (one
// path per entry, nothing expanded or looked up). For tools that only read the file, and fuzzing.
TournamentSpec parse_tournament_spec_text(const std::string& yaml_text, const std::string& origin);

// Loads every scenario once (shared read-only by all workers). Throws InputError for a missing
// or unreadable scenario; warnings of the loaders are appended to `warnings`.
std::vector<ScenarioPtr> load_tournament_scenarios(const TournamentSpec& spec, Warnings& warnings);

// ---------------------------------------------------------------------------------------------
// Jobs: numbered 0..N-1 (scenario-major, then agent assignment, then repetition), each with a
// seed of its own.

// The seed of job `index`: splitmix64 of the tournament seed mixed with the index
// (docs/tournament.md gives the formula so other tools can reproduce it).
std::uint64_t job_seed(std::uint64_t tournament_seed, std::uint64_t index) noexcept;

// ---------------------------------------------------------------------------------------------
// Running one negotiation.

struct NegotiationRequest {
  ScenarioPtr scenario;
  std::vector<std::string> agents;  // canonical names, one per party, in party order
  std::string protocol;
  std::string quorum;  // TournamentSpec::quorum and veto
  std::vector<std::string> veto;
  bool model_quality = false;
  std::uint64_t deadline_rounds = 0;
  double deadline_seconds = 0.0;
  double turn_seconds = 0.0;  // TournamentSpec::limit_turn_seconds
  std::uint64_t seed = 0;
  // Polled by the session (every round) when the negotiation runs in the caller's process
  // (Isolation::thread); when it returns true the engine throws Cancelled. May be empty; engines
  // may ignore it (the pool then stops after the negotiation).
  std::function<bool()> cancelled;
};

// What a negotiation produced. A failure (an agent threw, broke the protocol, ran out of time or
// memory) is a value, not an exception: `failure` says what and `failed_party` who.
struct NegotiationRecord {
  bool agreement = false;
  Outcome outcome;                // empty without agreement
  std::vector<double> utilities;  // per party: of the agreement, or the reservation value
  std::vector<double> payoffs;    // the same, discounted at the time the session ended
  std::uint64_t rounds = 0;
  std::string end;      // "agreement", "deadline", "walk-away", "failure" or "partial-agreement"
  std::string failure;  // "" unless end == "failure": what went wrong
  std::optional<std::size_t> failed_party;
  // With model_quality: per party, its agent's opponent-model quality averaged over the parties
  // it modelled (parley/negotiate/model_quality.hpp); NaN when its agent keeps no model.
  std::vector<double> model_pearson, model_kendall_tau, model_frontier_distance;
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

// One row per negotiation (docs/tournament.md lists the columns).
struct ResultRow {
  std::uint64_t index = 0;
  std::string scenario;
  std::uint32_t scenario_index = 0;
  std::vector<std::string> agents;  // per party
  std::uint32_t repetition = 0;
  std::uint64_t seed = 0;
  bool agreement = false;
  std::string outcome;             // "Issue=value, ..." or ""
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
  // With model_quality (else empty): per party, as NegotiationRecord; NaN (null in JSON) when
  // the party's agent keeps no model.
  std::vector<double> model_pearson, model_kendall_tau, model_frontier_distance;
  double seconds = 0.0;  // wall-clock time; kept out of the reproducible files
};

// One line of JSON (no newline) and back. parse returns nullopt for a torn or malformed line.
std::string to_json_line(const ResultRow& row, bool with_time);
std::optional<ResultRow> parse_json_line(const std::string& line);

// ---------------------------------------------------------------------------------------------
// Summary.

// Means and intervals count independent samples: the repetitions of one pairing (same scenario,
// same agents in the same roles) that all gave the same result, as deterministic agents do, are
// one sample; when the repetitions differ (randomised agents), each is a sample.
struct MeanEstimate {
  double mean = 0.0;
  double half_width = 0.0;  // 95% confidence half-width (normal approximation, t for n < 30)
  std::uint64_t count = 0;  // independent samples behind the mean
};

struct AgentSummary {
  std::string agent;
  MeanEstimate utility, payoff, advantage, agreement, welfare;
  // ANAC's other tracks: the distance of its negotiations' outcomes to the Nash point (lower is
  // better), and their social welfare (above); and, when measured, its opponent model's quality
  // (count 0 when it keeps none).
  MeanEstimate distance_nash, model_pearson, model_kendall_tau, model_frontier_distance;
  // Rank in the social-welfare track (highest mean welfare first) and in the Nash track
  // (smallest mean distance first; agents without a distance last).
  std::uint32_t rank_welfare = 0, rank_nash = 0;
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
  std::uint64_t samples = 0;  // independent samples among them (see MeanEstimate)
};

// Plain-text tables (what the CLI prints; also written to OUT/summary.txt).
std::string render_summary(const TournamentSummary& summary);
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
  // Polled between negotiations, while waiting for worker processes, and by the sessions of
  // Isolation::thread; when it returns true, run_tournament stops the workers (worker processes
  // are killed), keeps every finished row in the journal (--resume continues from them), writes
  // no final file and throws Cancelled. May be empty. Called from worker threads.
  std::function<bool()> cancelled;
  // The negotiation engine; null: make_session_engine().
  std::unique_ptr<NegotiationEngine> engine;
};

struct TournamentReport {
  std::uint64_t negotiations = 0;   // in the whole tournament
  std::uint64_t ran = 0;            // by this call, over all ranks
  std::uint64_t resumed = 0;        // already in the journal
  std::uint64_t dropped_lines = 0;  // torn or invalid journal lines dropped on resume
  std::uint64_t failures = 0;       // failed negotiations run by this call, over all ranks
  double seconds = 0.0;             // the whole call
  double run_seconds = 0.0;         // running the negotiations (until every rank is done)
  double merge_seconds = 0.0;  // rank 0: the rest of the merge (it runs during the negotiations),
                               // summary and plot
  bool merged = false;         // rank 0: final files, summary and plot written
  TournamentSummary summary;   // rank 0
  std::string plot_error;      // rank 0: why the plot is missing, if it is
};

// Checks everything (file, agents, scenarios, settings, output folder) before any negotiation,
// runs this rank's share, and on rank 0 merges the results and writes the summary. Collective:
// every rank calls it; an error on any rank is reported on every rank as an Error.
TournamentReport run_tournament(TournamentRunOptions options, Cluster& cluster);

}  // namespace parley
