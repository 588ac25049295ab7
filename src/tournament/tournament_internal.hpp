// The tournament area's internals: job numbering and partition, result rows and their files,
// the crash-safe journal and its merge, the worker pool, the summary's accumulator. The front-ends
// use the public header (include/parley/tournament/tournament.hpp) only; the area's sources, its
// tests and its benchmarks use this one too.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "parley/tournament/tournament.hpp"

namespace parley {

struct Job {
  std::uint64_t index = 0;
  std::uint32_t scenario = 0;
  std::vector<std::uint32_t> agents;  // agent index (into spec.agents) for each party, in order
  std::uint32_t repetition = 0;
  std::uint64_t seed = 0;
};

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

// Per-scenario reference, computed once per scenario and shared read-only: the Pareto frontier
// and the bargaining solutions over the agreement zone (none when no zone exists).
struct ScenarioReference {
  Frontier frontier;
  std::vector<Solution> solutions;
  std::vector<double> reservation;
};
ScenarioReference scenario_reference(const Scenario& scenario);

ResultRow make_row(const Job& job, const TournamentSpec& spec, const Scenario& scenario,
                   const ScenarioReference& reference, const NegotiationRecord& record,
                   double seconds);

// A line of to_json_line(row, true) as to_json_line(row, false) and the text of its time
// ("" when it has none): the merge copies lines instead of writing them again.
std::pair<std::string, std::string_view> split_time(const std::string& line);
// CSV header and line for rows of scenarios with at most `parties` parties.
std::string csv_header(std::size_t parties);
std::string to_csv_line(const ResultRow& row, std::size_t parties);

// ---------------------------------------------------------------------------------------------
// Crash-safe results.

// The journal of a tournament lives in OUT/journal/: one append-only JSONL file per worker and
// session, each in increasing job order, each batch of rows written with one write() as it
// finishes. Each file has a committer thread that fdatasyncs it: at most `sync_interval_seconds`
// after a write (and at the end), or, with an interval of 0, as soon as it can after every write
// (group commit: one fdatasync covers every line written before it started, so a worker never
// waits for the disk and the lines written meanwhile share the next one). Rows count as done once
// written with an interval, once synced without one. After a kill, every row whose write()
// returned survives; after a power loss, at most the last interval is lost (with an interval of
// 0, none of the rows counted as done). A torn last line is detected (no newline, or not valid)
// and dropped when reading.
//
// The name of a new journal file is durable before any of its rows is: a file's committer first
// syncs the journal folder, once for all the files created in it before that sync began.
class JournalFolderSync {
 public:
  explicit JournalFolderSync(std::string out_dir);
  // A ticket for a file just created in the folder.
  std::uint64_t created();
  // Returns once the folder was synced after the file of `ticket` was created.
  void ensure(std::uint64_t ticket);

 private:
  std::string folder_;
  std::mutex mutex_;  // held during the sync: a second caller waits, then finds its file covered
  std::uint64_t created_ = 0;
  std::uint64_t synced_ = 0;
};

class ResultJournal {
 public:
  // Opens OUT/journal/part-R<rank>-W<worker>-S<session>.jsonl with the first free session.
  // `folder_sync` is shared by the journals of one run (one is made when null).
  ResultJournal(const std::string& out_dir, std::uint32_t rank, std::uint32_t worker,
                double sync_interval_seconds = 0.5,
                std::shared_ptr<JournalFolderSync> folder_sync = nullptr);
  // Syncs what is not synced yet (errors ignored), then closes the file.
  ~ResultJournal();
  ResultJournal(const ResultJournal&) = delete;
  ResultJournal& operator=(const ResultJournal&) = delete;

  void append(const ResultRow& row);
  // Rows already written as to_json_line(row, true), each followed by '\n', in one write().
  // `counted` (may be empty) is called once they count as done: here, after the write, with a
  // sync interval; from the committer thread, once the fdatasync that covers them returned,
  // without one. Throws IoError when the write, or an earlier sync, failed.
  void append_lines(const std::string& lines, std::function<void()> counted = {});
  // Returns once every line written before the call is durable and counted; throws IoError when
  // a sync failed.
  void sync();
  const std::string& path() const noexcept { return path_; }

 private:
  void commit_loop();
  std::string path_;
  int fd_ = -1;
  double sync_interval_;
  std::shared_ptr<JournalFolderSync> folder_sync_;
  std::uint64_t ticket_ = 0;

  std::mutex mutex_;
  std::condition_variable work_, synced_changed_;
  // Writes are numbered 1, 2, ...: written_ so far, covered_ by the sync running or done,
  // synced_ durable and counted, wanted_ asked for by sync().
  std::uint64_t written_ = 0, covered_ = 0, synced_ = 0, wanted_ = 0;
  std::chrono::steady_clock::time_point dirty_since_;  // first write after covered_
  std::deque<std::pair<std::uint64_t, std::function<void()>>> uncounted_;
  std::exception_ptr error_;
  bool stopping_ = false;
  std::thread committer_;
};

// Prepares OUT for a run: creates OUT/journal and OUT/tournament.json (what the tournament is, to
// refuse resuming a different one). Without `resume`, refuses an OUT whose journal holds rows;
// with it, refuses an OUT made by a different tournament file. Throws InputError naming OUT.
void prepare_output(const std::string& out_dir, const TournamentSpec& spec,
                    std::uint64_t total_jobs, bool resume);
// prepare_output in two steps: the checks (creates OUT/journal, refuses as prepare_output does)
// return the manifest's text to write, empty when a resumed run's manifest is already there;
// write_manifest writes it durably (fsync of the file and of OUT).
std::string check_output(const std::string& out_dir, const TournamentSpec& spec,
                         std::uint64_t total_jobs, bool resume);
void write_manifest(const std::string& out_dir, const std::string& manifest);

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
// The writers of this process call appended() after each write to a journal file: the merge
// reads it at once (it never polls them). Files that other processes (MPI ranks) write are
// looked at again after `rescan_seconds` without any news, and in full by finish().
class JournalMerge {
 public:
  JournalMerge(const std::string& out_dir, std::uint64_t total_jobs, std::size_t max_parties,
               std::function<void(const ResultRow&)> on_row, std::uint32_t threads, bool live,
               double rescan_seconds = 0.05);
  ~JournalMerge();
  JournalMerge(const JournalMerge&) = delete;
  JournalMerge& operator=(const JournalMerge&) = delete;
  // `journal_path` (a file under OUT/journal, new or known) holds more lines. Thread-safe.
  void appended(const std::string& journal_path);
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
  // Called as jobs count as done (ResultJournal::append_lines) with (jobs done by this call, jobs
  // to run); may be empty. Serialised; from worker or journal committer threads.
  std::function<void(std::uint64_t, std::uint64_t)> progress;
  // Called after each write to a journal file, with its path, from the worker threads (the live
  // merge follows the file); may be empty.
  std::function<void(const std::string&)> appended;
  // Called once from the calling thread before the first worker process or thread starts (after
  // the references of worker processes are computed), before anything is written; may be empty.
  std::function<void()> before_workers;
  // Called once from the calling thread when the worker processes exist, before any negotiation:
  // where a caller starts threads of its own (forking while they allocate is unsafe).
  std::function<void()> started;
  // TournamentRunOptions::cancelled: run_jobs then throws Cancelled once the workers stopped.
  std::function<bool()> cancelled;
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

// Accumulates rows in constant memory per agent and scenario.
// Rows arrive in job order, so the repetitions of one pairing (same scenario, same agents in the
// same roles) are consecutive. Means and variances are over every negotiation; the intervals use
// the number of independent samples: a pairing whose repetitions all gave the same result
// (deterministic agents) is one sample, not `repetitions` of them. The builder keeps the first
// row of the current pairing and whether every later repetition matched it (constant memory).
class SummaryBuilder {
 public:
  SummaryBuilder(const TournamentSpec& spec, const std::vector<std::string>& scenario_names);
  void add(const ResultRow& row);
  TournamentSummary finish();

 private:
  struct Moments {
    std::uint64_t n = 0;        // values (negotiations with a finite value)
    std::uint64_t samples = 0;  // independent samples among them (closed pairings)
    std::uint64_t pending = 0;  // values of the current pairing, not yet in `samples`
    double mean = 0.0, m2 = 0.0;
    void add(double x);
    void close_pairing(bool identical, std::uint64_t rows);
    MeanEstimate estimate() const;
  };
  struct AgentMoments {
    Moments utility, payoff, advantage, agreement, welfare;
    Moments distance_nash, model_pearson, model_kendall_tau, model_frontier_distance;
    std::uint64_t negotiations = 0, failures = 0;
    void close_pairing(bool identical, std::uint64_t rows);
  };
  struct ScenarioMoments {
    Moments agreement, welfare, distance_frontier, distance_nash, rounds;
    std::uint64_t negotiations = 0, failures = 0;
    void close_pairing(bool identical, std::uint64_t rows);
  };
  void close_pairing();
  std::vector<std::string> agents_;
  std::map<std::string, std::size_t> agent_index_;
  std::vector<std::string> scenarios_;
  std::vector<AgentMoments> agent_moments_;
  std::vector<ScenarioMoments> scenario_moments_;
  std::uint64_t rows_ = 0;
  std::uint64_t samples_ = 0;
  // The current pairing: its first row, its row count, and whether every row matched the first.
  std::optional<ResultRow> pairing_first_;
  std::uint32_t pairing_last_repetition_ = 0;
  std::uint64_t pairing_rows_ = 0;
  bool pairing_identical_ = true;
};

// OUT/agents.csv and OUT/scenarios.csv.
void write_summary_tables(const TournamentSummary& summary, const std::string& out_dir);
}  // namespace parley
