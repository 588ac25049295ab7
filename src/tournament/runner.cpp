// The pool that runs a list of jobs: worker threads, each either running negotiations itself
// (Isolation::thread) or driving a child process that runs them (Isolation::process), so that a
// negotiation that overruns its time limit is killed and one that overruns its memory limit
// fails alone.
//
// Forking from a threaded parent is safe here because the parent's threads never call the
// negotiation engine (whose locks the child uses); they only build rows and write the journal.
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
#include <cstring>
#include <fstream>
#include <mutex>
#include <new>
#include <nlohmann/json.hpp>
#include <thread>

#include "parley/tournament.hpp"

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
      return index;
    }
    return std::nullopt;
  }

 private:
  const std::vector<JobRange>& ranges_;
  const JournalState& state_;
  std::mutex mutex_;
  std::size_t range_ = 0;
  std::uint64_t offset_ = 0;
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
                               const std::vector<ScenarioPtr>& scenarios) {
  NegotiationRequest request;
  request.scenario = scenarios.at(job.scenario);
  for (auto agent : job.agents) request.agents.push_back(spec.agents.at(agent));
  request.protocol = spec.protocol;
  request.deadline_rounds = spec.deadline_rounds;
  request.deadline_seconds = spec.deadline_seconds;
  request.seed = job.seed;
  return request;
}

NegotiationRecord failed(std::string what) {
  NegotiationRecord record;
  record.end = "failure";
  record.failure = std::move(what);
  return record;
}

// The engine must not take the tournament down: whatever escapes it becomes a failure.
NegotiationRecord run_guarded(const NegotiationEngine& engine, const NegotiationRequest& request) {
  try {
    return engine.run(request);
  } catch (const std::bad_alloc&) {
    return failed("memory limit: an allocation failed");
  } catch (const std::exception& e) {
    return failed(std::string("exception: ") + e.what());
  }
}

std::string encode(const NegotiationRecord& record) {
  nlohmann::json j;
  j["a"] = record.agreement;
  j["o"] = record.outcome;
  j["u"] = record.utilities;
  j["r"] = record.rounds;
  j["e"] = record.end;
  j["f"] = record.failure;
  if (record.failed_party) j["p"] = *record.failed_party;
  return j.dump();
}

NegotiationRecord decode(const std::string& text) {
  const auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return failed("worker: unreadable reply");
  NegotiationRecord record;
  try {
    record.agreement = j.at("a").get<bool>();
    record.outcome = j.at("o").get<Outcome>();
    record.utilities = j.at("u").get<std::vector<double>>();
    record.rounds = j.at("r").get<std::uint64_t>();
    record.end = j.at("e").get<std::string>();
    record.failure = j.at("f").get<std::string>();
    if (j.contains("p")) record.failed_party = j.at("p").get<std::size_t>();
  } catch (const nlohmann::json::exception&) {
    return failed("worker: malformed reply");
  }
  return record;
}

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

bool read_all(int fd, void* data, std::size_t size) {
  char* bytes = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::read(fd, bytes, size);
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

// The child's loop: job index in, encoded record out, until the parent closes the socket.
[[noreturn]] void child_main(int parent, const TournamentSpec& spec,
                             const std::vector<ScenarioPtr>& scenarios, const JobPlan& plan,
                             const NegotiationEngine& engine) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  // Copies of other workers' sockets would keep them from seeing their parent close them.
  if (parent > 3) ::close_range(3, static_cast<unsigned>(parent) - 1, 0);
  ::close_range(static_cast<unsigned>(parent) + 1, ~0U, 0);
  if (spec.limit_memory_megabytes > 0) {
    const rlim_t limit = address_space_bytes() + spec.limit_memory_megabytes * 1024 * 1024;
    const rlimit bound{limit, limit};
    ::setrlimit(RLIMIT_AS, &bound);
  }
  std::uint64_t index = 0;
  while (read_all(parent, &index, sizeof index)) {
    const NegotiationRecord record =
        run_guarded(engine, request_for(plan.job(index), spec, scenarios));
    const std::string reply = encode(record);
    const auto size = static_cast<std::uint32_t>(reply.size());
    if (!write_all(parent, &size, sizeof size) || !write_all(parent, reply.data(), size)) break;
  }
  ::_exit(0);
}

class ChildWorker {
 public:
  ChildWorker(const TournamentSpec& spec, const std::vector<ScenarioPtr>& scenarios,
              const JobPlan& plan, const NegotiationEngine& engine)
      : spec_(spec), scenarios_(scenarios), plan_(plan), engine_(engine) {}
  ~ChildWorker() { stop(false); }
  ChildWorker(const ChildWorker&) = delete;
  ChildWorker& operator=(const ChildWorker&) = delete;

  NegotiationRecord run(std::uint64_t index) {
    if (pid_ < 0) spawn();
    if (!write_all(socket_, &index, sizeof index)) return died();
    const double limit = spec_.limit_seconds > 0 ? spec_.limit_seconds : 1e9;
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(limit));
    std::uint32_t size = 0;
    if (!wait_readable(deadline)) return timed_out();
    if (!read_all(socket_, &size, sizeof size)) return died();
    std::string reply(size, '\0');
    if (!read_all(socket_, reply.data(), size)) return died();
    return decode(reply);
  }

 private:
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
      child_main(ends[1], spec_, scenarios_, plan_, engine_);
    }
    ::close(ends[1]);
    pid_ = pid;
    socket_ = ends[0];
  }

  bool wait_readable(Clock::time_point deadline) {
    for (;;) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() < 0) return false;
      pollfd descriptor{socket_, POLLIN, 0};
      const int ready =
          ::poll(&descriptor, 1, static_cast<int>(std::min<long long>(left.count() + 1, 1 << 30)));
      if (ready > 0) return true;
      if (ready < 0 && errno != EINTR) return true;  // let read() report the problem
    }
  }

  // Ends the child; returns its wait status (or -1).
  int stop(bool kill_it) {
    if (pid_ < 0) return -1;
    ::close(socket_);
    if (kill_it) ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }

  NegotiationRecord timed_out() {
    stop(true);
    return failed("time limit: still running after " + nlohmann::json(spec_.limit_seconds).dump() +
                  " s; the worker was killed");
  }

  NegotiationRecord died() {
    const int status = stop(true);
    if (status >= 0 && WIFSIGNALED(status))
      return failed("worker died from signal " + std::to_string(WTERMSIG(status)) +
                    (spec_.limit_memory_megabytes ? " (memory limit?)" : ""));
    return failed("worker exited unexpectedly");
  }

  const TournamentSpec& spec_;
  const std::vector<ScenarioPtr>& scenarios_;
  const JobPlan& plan_;
  const NegotiationEngine& engine_;
  pid_t pid_ = -1;
  int socket_ = -1;
};

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

  auto work = [&](std::uint32_t worker) {
    try {
      if (assigned == 0) return;
      ResultJournal journal(out_dir, options.rank, worker, options.sync_interval_seconds);
      std::optional<ChildWorker> child;
      if (options.isolation == Isolation::process) child.emplace(spec, scenarios, plan, engine);
      while (const auto index = cursor.next()) {
        {
          std::lock_guard lock(error_mutex);
          if (first_error) return;
        }
        const Job job = plan.job(*index);
        const auto begin = Clock::now();
        const NegotiationRecord record =
            child ? child->run(*index) : run_guarded(engine, request_for(job, spec, scenarios));
        const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
        const ResultRow row = make_row(job, spec, *scenarios[job.scenario],
                                       references.get(job.scenario), record, seconds);
        journal.append(row);
        if (!row.failure.empty()) ++failures;
        const std::uint64_t done = ++finished;
        if (options.progress) {
          std::lock_guard lock(progress_mutex);
          options.progress(done, assigned);
        }
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
  if (first_error) std::rethrow_exception(first_error);

  RunStatistics statistics;
  statistics.ran = finished;
  statistics.skipped = skipped;
  statistics.failures = failures;
  statistics.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return statistics;
}

}  // namespace parley
