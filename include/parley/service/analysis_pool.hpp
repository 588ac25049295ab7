// The analyses of the mediation service, run outside every lock on a bounded pool of worker
// threads.
//
// analyse_negotiation() builds the Scenario the submitted preferences make (linear-additive
// utilities, the walk-away values as reservation values) and runs parley::analyse with the
// automatic method under a work budget (FrontierOptions::budget): exact when the exact method
// fits the budget, else the anytime search, whose proposals are marked approximate. Work is
// counted, not timed, so the same submissions always give the same proposals byte for byte.
//
// AnalysisPool runs jobs (negotiation ids) on `workers` threads at a lower CPU priority than the
// request threads, keeps at most `max_queued` waiting, reports each job's progress, and cancels a
// job on request, when its time cap passes, or on shutdown (through FrontierOptions::cancelled).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "parley/analysis/frontier.hpp"
#include "parley/service/negotiation.hpp"
#include "parley/service/views.hpp"

namespace parley::service {

struct AnalysisSettings {
  std::size_t workers = 1;
  std::size_t max_queued = 64;
  // Wall-clock cap of one analysis (0: none). A safety net: the method is chosen so that the
  // documented limits finish well within the default.
  double time_cap_seconds = 60.0;
  // Work budget of one analysis (FrontierOptions::budget): decides the proposals.
  std::uint64_t budget = kDefaultWorkBudget;
  // Samples estimating the zone of agreement's share when it cannot be counted.
  std::uint64_t share_samples = 20'000;
};

struct AnalysisResult {
  std::vector<Proposal> proposals;
  Outcome first_draft;
  AnalysisSummary summary;
};

// The proposals of a negotiation whose parties have all submitted. Throws parley::Cancelled when
// `cancelled` fires (polled by the library), InputError/UnsupportedError when it cannot run.
// The scenario the submissions make (every party must have submitted: else StateConflict).
Scenario negotiation_scenario(const NegotiationState& state);

AnalysisResult analyse_negotiation(const NegotiationState& state, const AnalysisSettings& settings,
                                   std::function<void(double, const std::string&)> progress,
                                   std::function<bool()> cancelled);

// Why a running job was told to stop.
enum class StopReason { none, request, time_cap, shutdown };

// What a worker hands to a job: its cancellation hook and progress sink.
class AnalysisJob {
 public:
  // True once the job should stop (request, time cap or shutdown); the first reason sticks.
  bool cancelled();
  StopReason reason() const noexcept { return reason_.load(); }
  void report(double fraction, const std::string& stage);

 private:
  friend class AnalysisPool;
  std::atomic<StopReason> reason_{StopReason::none};
  double time_cap_seconds_ = 0.0;
  std::chrono::steady_clock::time_point started_;
  mutable std::mutex mutex_;
  AnalysisProgress progress_;
};

class AnalysisPool {
 public:
  using Work = std::function<void(const std::string& id, AnalysisJob& job)>;
  AnalysisPool(const AnalysisSettings& settings, Work work);
  ~AnalysisPool();  // shutdown()
  AnalysisPool(const AnalysisPool&) = delete;
  AnalysisPool& operator=(const AnalysisPool&) = delete;

  // True when max_queued jobs are waiting (a new analysis should be refused).
  bool full() const;
  // Queues a job unless the id is already waiting or running (or the pool is shut down).
  void enqueue(const std::string& id);
  // Removes a waiting job or tells a running one to stop (StopReason::request).
  void cancel(const std::string& id);
  // The job's state: empty when the id is neither waiting nor running.
  std::optional<AnalysisProgress> progress(const std::string& id) const;
  // Stops taking jobs, drops waiting ones, tells running ones to stop (StopReason::shutdown) and
  // joins the workers. Idempotent.
  void shutdown();
  std::size_t running_count() const;

 private:
  void worker();

  AnalysisSettings settings_;
  Work work_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  std::map<std::string, std::shared_ptr<AnalysisJob>> running_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace parley::service
