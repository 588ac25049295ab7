// The pool that runs a list of jobs: worker threads, each either running negotiations itself
// (Isolation::thread) or driving a child process that runs them (Isolation::process), so that a
// negotiation that overruns its time limit is killed and one that overruns its memory limit
// fails alone.
//
// Forking from a threaded parent is safe here because the parent's threads never call the
// negotiation engine (whose locks the child uses); they only write the journal lines their child
// sends back (and build the row of a job the child could not finish).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <mutex>
#include <new>
#include <nlohmann/json.hpp>
#include <thread>

#include "parley/tournament/tournament.hpp"
#include "tournament_internal.hpp"

namespace parley {
namespace {

using Clock = std::chrono::steady_clock;

// Hands out the jobs of the ranges that are not done yet, in increasing order.
class JobCursor {
 public:
  JobCursor(const std::vector<JobRange>& ranges, const JournalState& state)
      : ranges_(ranges), state_(state) {}

  std::optional<std::uint64_t> next() {
    std::lock_guard lock(mutex_);
    while (range_ < ranges_.size()) {
      const std::uint64_t index = ranges_[range_].first + offset_;
      if (index >= ranges_[range_].last) {
        ++range_;
        offset_ = 0;
        continue;
      }
      ++offset_;
      if (index < state_.done.size() && state_.done[index]) continue;
      ++handed_;
      return index;
    }
    return std::nullopt;
  }

  // Jobs handed out so far.
  std::uint64_t handed() {
    std::lock_guard lock(mutex_);
    return handed_;
  }

 private:
  const std::vector<JobRange>& ranges_;
  const JournalState& state_;
  std::mutex mutex_;
  std::size_t range_ = 0;
  std::uint64_t offset_ = 0;
  std::uint64_t handed_ = 0;
};

// Per-scenario references, computed once, by whichever worker first needs one.
class References {
 public:
  explicit References(const std::vector<ScenarioPtr>& scenarios)
      : scenarios_(scenarios), once_(scenarios.size()), references_(scenarios.size()) {}

  const ScenarioReference& get(std::uint32_t scenario) {
    std::call_once(once_[scenario],
                   [&] { references_[scenario] = scenario_reference(*scenarios_[scenario]); });
    return references_[scenario];
  }

 private:
  const std::vector<ScenarioPtr>& scenarios_;
  std::vector<std::once_flag> once_;
  std::vector<ScenarioReference> references_;
};

NegotiationRequest request_for(const Job& job, const TournamentSpec& spec,
                               const std::vector<ScenarioPtr>& scenarios,
                               const std::function<bool()>* cancelled) {
  NegotiationRequest request;
  request.scenario = scenarios.at(job.scenario);
  for (auto agent : job.agents) request.agents.push_back(spec.agents.at(agent));
  request.protocol = spec.protocol;
  request.quorum = spec.quorum;
  request.veto = spec.veto;
  request.model_quality = spec.model_quality;
  request.deadline_rounds = spec.deadline_rounds;
  request.deadline_seconds = spec.deadline_seconds;
  request.turn_seconds = spec.limit_turn_seconds;
  request.seed = job.seed;
  if (cancelled) request.cancelled = *cancelled;
  return request;
}

NegotiationRecord failed(std::string what) {
  NegotiationRecord record;
  record.end = "failure";
  record.failure = std::move(what);
  return record;
}

// The engine must not take the tournament down: whatever escapes it becomes a failure.
// Except a cancellation, which stops the pool: the job is not done and runs again on --resume.
NegotiationRecord run_guarded(const NegotiationEngine& engine, const NegotiationRequest& request) {
  try {
    return engine.run(request);
  } catch (const Cancelled&) {
    throw;
  } catch (const std::bad_alloc&) {
    return failed("memory limit: an allocation failed");
  } catch (const std::exception& e) {
    return failed(std::string("exception: ") + e.what());
  }
}

// What the pool needs to run a job and turn its record into a journal line.
struct JobContext {
  const TournamentSpec& spec;
  const std::vector<ScenarioPtr>& scenarios;
  const JobPlan& plan;
  const NegotiationEngine& engine;
  References& references;
  // Handed to the sessions run in this process (Isolation::thread); null in worker processes,
  // which the parent kills instead.
  const std::function<bool()>* cancelled = nullptr;

  // The journal line of job `index` given its record, and whether it is a failure.
  std::pair<std::string, bool> line(std::uint64_t index, const NegotiationRecord& record,
                                    double seconds) const {
    const Job job = plan.job(index);
    const ResultRow row = make_row(job, spec, *scenarios[job.scenario],
                                   references.get(job.scenario), record, seconds);
    return {to_json_line(row, true), !row.failure.empty()};
  }

  // Runs job `index` here and now.
  std::pair<std::string, bool> run(std::uint64_t index) const {
    const auto begin = Clock::now();
    const NegotiationRecord record =
        run_guarded(engine, request_for(plan.job(index), spec, scenarios, cancelled));
    return line(index, record, std::chrono::duration<double>(Clock::now() - begin).count());
  }
};

bool write_all(int fd, const void* data, std::size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    // MSG_NOSIGNAL: a dead child must not raise SIGPIPE in the parent.
    const ssize_t n = ::send(fd, bytes, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

std::uint64_t address_space_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  statm >> pages;
  return pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

// A worker process's reply: the job's finished journal line, sent as header + line in one write.
struct ReplyHeader {
  std::uint32_t size = 0;
  std::uint32_t failed = 0;
  double seconds = 0.0;  // the job's own time in the child (the parent's spread of work)
};

// The child's loop: job indices in (read in bulk), one finished journal line out per job, in the
// order received, until the parent closes the socket. The child builds the whole row (the
// scenario references were computed before the fork), so the parent only writes lines.
[[noreturn]] void child_main(int parent, const JobContext& context) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // A Ctrl-C reaches the whole process group: the parent decides (it kills its children when it
  // stops), so that a child's death is never taken for an agent's failure and journaled.
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGTERM, SIG_IGN);
  // Copies of other workers' sockets would keep them from seeing their parent close them.
  if (parent > 3) ::close_range(3, static_cast<unsigned>(parent) - 1, 0);
  ::close_range(static_cast<unsigned>(parent) + 1, ~0U, 0);
  if (context.spec.limit_memory_megabytes > 0) {
    const rlim_t limit = address_space_bytes() + context.spec.limit_memory_megabytes * 1024 * 1024;
    const rlimit bound{limit, limit};
    ::setrlimit(RLIMIT_AS, &bound);
  }
  std::uint64_t indices[256];
  std::size_t have_bytes = 0;
  std::string reply;
  for (;;) {
    const ssize_t n =
        ::read(parent, reinterpret_cast<char*>(indices) + have_bytes, sizeof indices - have_bytes);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    have_bytes += static_cast<std::size_t>(n);
    const std::size_t whole = have_bytes / sizeof(std::uint64_t);
    for (std::size_t i = 0; i < whole; ++i) {
      const auto began = std::chrono::steady_clock::now();
      const auto [line, is_failure] = context.run(indices[i]);
      const ReplyHeader header{
          static_cast<std::uint32_t>(line.size()), is_failure ? 1U : 0U,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count()};
      reply.assign(reinterpret_cast<const char*>(&header), sizeof header);
      reply += line;
      if (!write_all(parent, reply.data(), reply.size())) ::_exit(0);
    }
    have_bytes -= whole * sizeof(std::uint64_t);
    std::memmove(indices, indices + whole, have_bytes);
  }
  ::_exit(0);
}

// How often a worker thread waiting for its worker process looks at `cancelled` (a reply wakes it
// at once; this only bounds how long a Ctrl-C waits).
constexpr auto cancel_check = std::chrono::milliseconds(20);

struct FinishedJob {
  std::uint64_t index = 0;
  std::string line;
  bool failure = false;
  double seconds = 0.0;  // the job's time in the worker process (0 when it was lost)
};

// Drives one worker process. Jobs are pipelined: job indices wait in the socket so that the child
// never idles while the parent writes the journal, and replies are read in bulk; replies come back
// in the order the jobs were sent. The time limit of a job runs from the moment the child could
// start it (the previous reply, or the send when it had nothing to do). On a time-out or a crash,
// the job at the head is recorded as a failure, the child is replaced and the jobs still queued
// are sent again to the new one.
class ChildWorker {
 public:
  explicit ChildWorker(const JobContext& context) : context_(context) {}
  ~ChildWorker() { stop(false); }
  ChildWorker(const ChildWorker&) = delete;
  ChildWorker& operator=(const ChildWorker&) = delete;

  std::size_t in_flight() const noexcept { return queued_.size(); }
  void start() {
    if (pid_ < 0) spawn();
  }
  // Closes the child's input once its work is done: it exits at once, while the parent goes on
  // (the destructor then only waits for it). Closing every child's input before waiting for any
  // lets them end together.
  void finish() {
    if (pid_ >= 0 && socket_ >= 0) {
      ::close(socket_);
      socket_ = -1;
    }
  }
  // Kills the child; the jobs it still had are dropped (they were not journaled).
  void kill() {
    stop(true);
    queued_.clear();
  }

  void submit(const std::vector<std::uint64_t>& indices) {
    if (indices.empty()) return;
    if (pid_ < 0) spawn();
    if (queued_.empty()) head_started_ = Clock::now();
    queued_.insert(queued_.end(), indices.begin(), indices.end());
    // A failed send means the child is gone: next() reports it on the head job.
    write_all(socket_, indices.data(), indices.size() * sizeof(std::uint64_t));
  }

  // Waits for the oldest submitted job (requires in_flight() > 0), then also takes every later
  // reply that has already arrived, and appends them all to `finished` in order. Returns early,
  // possibly with nothing, when `cancelled` returns true.
  void collect(std::vector<FinishedJob>& finished, const std::function<bool()>& cancelled) {
    const double limit = context_.spec.limit_seconds > 0 ? context_.spec.limit_seconds : 1e9;
    while (!queued_.empty()) {
      if (take_reply(finished)) continue;
      const auto deadline = head_started_ + std::chrono::duration_cast<Clock::duration>(
                                                std::chrono::duration<double>(limit));
      if (!finished.empty()) {
        // Only what is already there: do not wait for the next job.
        if (!readable_now()) return;
      } else if (!wait_readable(deadline, cancelled)) {
        if (!(cancelled && cancelled())) finished.push_back(lost(timed_out()));
        return;
      }
      char chunk[1 << 16];
      const ssize_t n = ::read(socket_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        finished.push_back(lost(died()));
        return;
      }
      inbox_.append(chunk, static_cast<std::size_t>(n));
    }
  }

 private:
  // Moves one complete reply from the inbox to `finished`, if there is one.
  bool take_reply(std::vector<FinishedJob>& finished) {
    ReplyHeader header;
    if (inbox_.size() - inbox_read_ < sizeof header) return false;
    std::memcpy(&header, inbox_.data() + inbox_read_, sizeof header);
    if (inbox_.size() - inbox_read_ - sizeof header < header.size) return false;
    finished.push_back({queued_.front(), inbox_.substr(inbox_read_ + sizeof header, header.size),
                        header.failed != 0, header.seconds});
    inbox_read_ += sizeof header + header.size;
    if (inbox_read_ == inbox_.size()) {
      inbox_.clear();
      inbox_read_ = 0;
    }
    queued_.pop_front();
    head_started_ = Clock::now();
    return true;
  }

  void spawn() {
    int ends[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
      throw Error(std::string("cannot connect a worker process: ") + std::strerror(errno));
    const pid_t pid = ::fork();
    if (pid < 0) {
      ::close(ends[0]);
      ::close(ends[1]);
      throw Error(std::string("cannot start a worker process: ") + std::strerror(errno));
    }
    if (pid == 0) {
      ::close(ends[0]);
      child_main(ends[1], context_);
    }
    ::close(ends[1]);
    pid_ = pid;
    socket_ = ends[0];
    inbox_.clear();
    inbox_read_ = 0;
  }

  // The head job failed outside the child's control (the child is already stopped): record it,
  // and hand the jobs still queued to a fresh child.
  FinishedJob lost(NegotiationRecord record) {
    const std::uint64_t index = queued_.front();
    const double seconds = std::chrono::duration<double>(Clock::now() - head_started_).count();
    queued_.pop_front();
    auto [line, is_failure] = context_.line(index, record, seconds);
    if (!queued_.empty()) {
      spawn();
      head_started_ = Clock::now();
      const std::vector<std::uint64_t> again(queued_.begin(), queued_.end());
      write_all(socket_, again.data(), again.size() * sizeof(std::uint64_t));
    }
    return {index, std::move(line), is_failure};
  }

  bool readable_now() {
    pollfd descriptor{socket_, POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, 0);
    return ready > 0 || (ready < 0 && errno != EINTR);  // an error: let read() report it
  }

  // Waits for a reply until `deadline`, in poll(): the reply itself wakes the thread, so the last
  // row of a run is written as soon as it exists. (The replies that arrive while the thread
  // writes the previous ones are then read together.) `cancelled` is looked at between slices of
  // at most cancel_check; gives up (false) when it returns true.
  bool wait_readable(Clock::time_point deadline, const std::function<bool()>& cancelled) {
    for (;;) {
      if (readable_now()) return true;
      const auto now = Clock::now();
      if (now >= deadline || (cancelled && cancelled())) return false;
      const auto slice = std::min<Clock::duration>(deadline - now, cancel_check);
      pollfd descriptor{socket_, POLLIN, 0};
      const int milliseconds =
          static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(slice).count());
      const int ready = ::poll(&descriptor, 1, milliseconds);
      if (ready > 0 || (ready < 0 && errno != EINTR)) return true;  // an error: read() reports it
    }
  }

  // Ends the child; returns its wait status (or -1).
  int stop(bool kill_it) {
    if (pid_ < 0) return -1;
    if (socket_ >= 0) ::close(socket_);
    socket_ = -1;
    if (kill_it) ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

  NegotiationRecord timed_out() {
    stop(true);
    return failed("time limit: still running after " +
                  nlohmann::json(context_.spec.limit_seconds).dump() + " s; the worker was killed");
  }

  NegotiationRecord died() {
    const int status = stop(true);
    if (status >= 0 && WIFSIGNALED(status))
      return failed("worker died from signal " + std::to_string(WTERMSIG(status)) +
                    (context_.spec.limit_memory_megabytes ? " (memory limit?)" : ""));
    return failed("worker exited unexpectedly");
  }

  const JobContext& context_;
  std::deque<std::uint64_t> queued_;
  std::string inbox_;
  std::size_t inbox_read_ = 0;
  Clock::time_point head_started_;
  pid_t pid_ = -1;
  int socket_ = -1;
};

// Work kept queued for each worker process, so that it never waits for the parent while the
// parent writes its replies yet the tournament's last jobs stay shared out: the window of queued
// jobs follows the measured time per job, between 2 and max_window.
constexpr double queued_work = 0.010;  // seconds
constexpr std::size_t max_window = 1024;
// What a worker process costs the machine beyond its jobs (its fork, its copy-on-write faults,
// its exit): about 5 ms here, counted twice. A second process pays off when the work left
// exceeds twice this: shared out, it would take half as long plus this.
constexpr double process_cost = 0.010;  // seconds
// Whether worker processes beyond the first may start late (above): not under AddressSanitizer,
// whose allocator is not guarded against a fork while another thread allocates.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool late_start = false;
#else
constexpr bool late_start = true;
#endif
// Longest time a finished row waits in a worker thread before it is written to the journal.
constexpr auto batch_delay = std::chrono::milliseconds(10);

// Computes every scenario's references on `workers` threads (before worker processes are forked,
// so that they inherit them instead of each computing its own).
void compute_references(References& references, std::size_t scenario_count, std::uint32_t workers) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto fill = [&] {
    try {
      for (std::size_t s; (s = next++) < scenario_count;)
        references.get(static_cast<std::uint32_t>(s));
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (std::uint32_t w = 1; w < workers; ++w) threads.emplace_back(fill);
  fill();
  for (auto& thread : threads) thread.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace

RunStatistics run_jobs(const TournamentSpec& spec, const std::vector<ScenarioPtr>& scenarios,
                       const JobPlan& plan, const std::vector<JobRange>& ranges,
                       const JournalState& state, const NegotiationEngine& engine,
                       const std::string& out_dir, const RunOptions& options) {
  const auto started = Clock::now();
  std::uint64_t assigned = 0, skipped = 0;
  for (const auto& range : ranges) {
    for (std::uint64_t i = range.first; i < range.last; ++i)
      (i < state.done.size() && state.done[i]) ? ++skipped : ++assigned;
  }
  JobCursor cursor(ranges, state);
  References references(scenarios);
  std::atomic<std::uint64_t> finished{0}, failures{0};
  std::mutex progress_mutex, error_mutex;
  std::exception_ptr first_error;
  const std::uint32_t workers = static_cast<std::uint32_t>(
      std::max<std::uint64_t>(1, std::min<std::uint64_t>(options.workers, assigned)));

  auto cancelled = [&] { return options.cancelled && options.cancelled(); };
  const auto folder_sync = std::make_shared<JournalFolderSync>(out_dir);
  JobContext context{
      spec,
      scenarios,
      plan,
      engine,
      references,
      options.isolation == Isolation::thread && options.cancelled ? &options.cancelled : nullptr};
  if (options.isolation == Isolation::process && assigned > 0)
    compute_references(references, scenarios.size(), workers);
  if (options.before_workers) options.before_workers();
  // The first worker process is forked here, before any other thread of ours exists (the
  // caller's threads start in options.started). The others start only once the work left is
  // worth a process (process_cost): worker 0 measures its jobs' own time in its process and lets
  // them start when mean time x jobs left exceeds 2 x process_cost; once every job is handed out
  // they stop without one. They are forked from their worker threads while other threads run, as
  // a replacement after a crash is: glibc's fork takes its allocator's locks, and a child uses
  // only the allocator and what was prepared before (the references). Under AddressSanitizer
  // (late_start), every worker process is forked here.
  std::vector<std::unique_ptr<ChildWorker>> children;
  if (options.isolation == Isolation::process && assigned > 0)
    for (std::uint32_t w = 0; w < workers; ++w) {
      children.push_back(std::make_unique<ChildWorker>(context));
      if (w == 0 || !late_start) children.back()->start();
    }
  std::mutex spread_mutex;
  std::condition_variable spread_changed;
  bool spread_decided = !late_start || children.size() <= 1;
  bool spread_more = !late_start;
  auto decide_spread = [&](bool more) {
    {
      std::lock_guard lock(spread_mutex);
      if (spread_decided) return;
      spread_decided = true;
      spread_more = more;
    }
    spread_changed.notify_all();
  };
  // Workers 1..: whether to run at all (false: every job went to the others).
  auto await_spread = [&] {
    std::unique_lock lock(spread_mutex);
    spread_changed.wait(lock, [&] { return spread_decided; });
    return spread_more;
  };
  if (options.started) options.started();

  auto work = [&](std::uint32_t worker) {
    // Worker 0 settles the spread however it ends (an error included), so that no worker waits.
    struct Settle {
      std::function<void()> settle;
      ~Settle() {
        if (settle) settle();
      }
    } settle{worker == 0 ? std::function<void()>([&] { decide_spread(false); }) : nullptr};
    try {
      if (assigned == 0) return;
      if (options.isolation == Isolation::process && worker > 0) {
        if (!await_spread()) return;
        children[worker]->start();
      }
      ResultJournal journal(out_dir, options.rank, worker, options.sync_interval_seconds,
                            folder_sync);
      auto stopped = [&] {
        std::lock_guard lock(error_mutex);
        return first_error != nullptr;
      };
      // Finished rows go to the journal in one write() per batch: at once for a batch of replies
      // of a worker process, after at most `batch_delay` (or 64 KB) for rows run in this thread.
      // A row not written yet when the process is killed is simply run again by --resume.
      std::string lines;
      std::uint64_t pending = 0, pending_failures = 0;
      auto pending_since = Clock::now();
      auto flush = [&] {
        if (pending == 0) return;
        // Counted as done when the journal says so (at once, or once synced:
        // tournament_internal.hpp).
        journal.append_lines(lines, [&, rows = pending, failed = pending_failures] {
          failures += failed;
          const std::uint64_t done = finished += rows;
          if (options.progress) {
            std::lock_guard lock(progress_mutex);
            options.progress(done, assigned);
          }
        });
        if (options.appended) options.appended(journal.path());
        lines.clear();
        pending = pending_failures = 0;
      };
      auto record = [&](FinishedJob& job) {
        if (pending == 0) pending_since = Clock::now();
        lines += job.line;
        lines += '\n';
        ++pending;
        if (job.failure) ++pending_failures;
      };
      std::vector<FinishedJob> jobs;
      if (options.isolation == Isolation::process) {
        ChildWorker& child = *children[worker];
        std::vector<std::uint64_t> batch;
        // Jobs queued for the child: about `queued_work` of negotiations, as measured so far.
        std::size_t window = 2;
        double job_seconds =
            0.0;  // worker 0: its jobs' own time after the first batch, and how many
        std::uint64_t jobs_timed = 0;
        std::uint64_t batches = 0;
        for (;;) {
          if (cancelled()) {
            child.kill();
            throw Cancelled("the tournament was cancelled");
          }
          if (child.in_flight() <= window / 2) {
            batch.clear();
            while (child.in_flight() + batch.size() < window) {
              const auto index = cursor.next();
              if (!index) break;
              batch.push_back(*index);
            }
            child.submit(batch);
          }
          if (child.in_flight() == 0 || stopped()) break;
          jobs.clear();
          const auto asked = Clock::now();
          child.collect(jobs, options.cancelled);
          for (auto& job : jobs) record(job);
          flush();
          if (jobs.empty()) continue;  // cancelled while waiting
          // The first batch's jobs are the process's first: cold (its memory faulted in, caches
          // filled), slower than the rest by far; only a job that long by itself counts there.
          if (worker == 0 && !spread_decided) {
            double longest = 0.0;
            for (const auto& job : jobs) longest = std::max(longest, job.seconds);
            if (batches > 0) {
              for (const auto& job : jobs) job_seconds += job.seconds;
              jobs_timed += jobs.size();
            }
            const std::uint64_t left = assigned - cursor.handed() + child.in_flight();
            const double mean = jobs_timed ? job_seconds / static_cast<double>(jobs_timed) : 0.0;
            if (left > 0 &&
                (longest > 2 * process_cost || mean * static_cast<double>(left) > 2 * process_cost))
              decide_spread(true);
          }
          ++batches;
          const double per_job =
              std::chrono::duration<double>(Clock::now() - asked).count() / jobs.size();
          const auto wanted = static_cast<std::size_t>(queued_work / std::max(per_job, 1e-7));
          window = std::clamp<std::size_t>(std::max(window / 2, wanted), 2, max_window);
        }
      } else {
        while (const auto index = cursor.next()) {
          if (stopped()) return;
          if (cancelled()) {
            flush();
            throw Cancelled("the tournament was cancelled");
          }
          const auto began = Clock::now();
          std::pair<std::string, bool> ran;
          try {
            ran = context.run(*index);
          } catch (const Cancelled&) {
            flush();  // the rows finished before stay in the journal
            throw;
          }
          auto& [line, is_failure] = ran;
          FinishedJob job{*index, std::move(line), is_failure};
          record(job);
          // Long negotiations: each row at once (the next one may take a while).
          const auto now = Clock::now();
          if (now - began >= batch_delay / 10 || now - pending_since >= batch_delay ||
              lines.size() >= (1 << 16))
            flush();
        }
        flush();
      }
      journal.sync();
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!first_error) first_error = std::current_exception();
    }
  };

  if (workers == 1) {
    work(0);
  } else {
    std::vector<std::thread> threads;
    for (std::uint32_t w = 0; w < workers; ++w) threads.emplace_back(work, w);
    for (auto& thread : threads) thread.join();
  }
  for (auto& child : children) child->finish();
  children.clear();
  if (first_error) std::rethrow_exception(first_error);

  RunStatistics statistics;
  statistics.ran = finished;
  statistics.skipped = skipped;
  statistics.failures = failures;
  statistics.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return statistics;
}

}  // namespace parley
