#include "parley/service/analysis_pool.hpp"

#include <algorithm>

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/quorum.hpp"
#include "parley/model/scenario.hpp"
#include "thread_priority.hpp"

namespace parley::service {
Scenario negotiation_scenario(const NegotiationState& state) {
  std::vector<Party> parties;
  for (const auto& p : state.parties) {
    if (!p.preferences) throw StateConflict("party '" + p.name + "' has not submitted");
    Party party = parse_preferences(*p.preferences, state.issues).party(state.issues);
    party.name = p.name;
    parties.push_back(std::move(party));
  }
  return Scenario(state.title, state.issues, std::move(parties));
}

AnalysisResult analyse_negotiation(const NegotiationState& state, const AnalysisSettings& settings,
                                   std::function<void(double, const std::string&)> progress,
                                   std::function<bool()> cancelled) {
  const Scenario scenario = negotiation_scenario(state);
  AnalysisOptions options;
  options.share_samples = settings.share_samples;
  options.frontier.progress = std::move(progress);
  options.frontier.cancelled = std::move(cancelled);
  // The automatic method under a work budget: exact when it fits, else the anytime search;
  // work is counted, not timed, so the result does not depend on the machine's speed.
  options.frontier.budget = std::max<std::uint64_t>(settings.budget, 1);
  const Analysis analysis = analyse(scenario, options);

  AnalysisResult result;
  for (const auto& solution : analysis.solutions) {
    if (solution.kind != SolutionKind::nash && solution.kind != SolutionKind::kalai_smorodinsky &&
        solution.kind != SolutionKind::egalitarian)
      continue;
    if (solution.packages.empty()) continue;
    result.proposals.push_back(
        {to_string(solution.kind), title(solution.kind), solution.packages.front().outcome});
  }
  // Under a quorum rule: the package the rule recommends (parley/analysis/quorum.hpp), over the
  // same frontier method and budget.
  if (!state.settings.unanimous(state.parties.size())) {
    const QuorumAnalysis quorum =
        analyse_quorum(scenario, state.settings.rule, options.frontier, 0);
    if (quorum.recommended)
      result.proposals.push_back(
          {"quorum", "Recommended under the rule (" + state.settings.rule.text(scenario) + ")",
           quorum.recommended->package.outcome});
  }
  // No package satisfies every walk-away value: start from the frontier package closest to it.
  if (!result.proposals.empty())
    result.first_draft = result.proposals.front().package;
  else if (analysis.zone.closest_package)
    result.first_draft = analysis.zone.closest_package->outcome;
  else if (!analysis.frontier.packages.empty())
    result.first_draft = analysis.frontier.packages.front().outcome;
  else
    result.first_draft = Outcome(state.issues.size(), 0);
  result.summary = {to_string(analysis.frontier.method), analysis.frontier.exact,
                    analysis.frontier.evaluated, options.frontier.budget};
  return result;
}

bool AnalysisJob::cancelled() {
  if (reason_.load() != StopReason::none) return true;
  if (time_cap_seconds_ > 0.0 &&
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count() >
          time_cap_seconds_) {
    StopReason expected = StopReason::none;
    reason_.compare_exchange_strong(expected, StopReason::time_cap);
    return true;
  }
  return false;
}

void AnalysisJob::report(double fraction, const std::string& stage) {
  std::lock_guard lock(mutex_);
  progress_.fraction = std::clamp(fraction, 0.0, 1.0);
  progress_.stage = stage;
}

AnalysisPool::AnalysisPool(const AnalysisSettings& settings, Work work)
    : settings_(settings), work_(std::move(work)) {
  const std::size_t workers = std::max<std::size_t>(settings_.workers, 1);
  for (std::size_t w = 0; w < workers; ++w) threads_.emplace_back([this] { worker(); });
}

AnalysisPool::~AnalysisPool() { shutdown(); }

bool AnalysisPool::full() const {
  std::lock_guard lock(mutex_);
  return queue_.size() >= settings_.max_queued;
}

void AnalysisPool::enqueue(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || running_.count(id) ||
        std::find(queue_.begin(), queue_.end(), id) != queue_.end())
      return;
    queue_.push_back(id);
  }
  wake_.notify_one();
}

void AnalysisPool::cancel(const std::string& id) {
  std::lock_guard lock(mutex_);
  std::erase(queue_, id);
  if (const auto it = running_.find(id); it != running_.end()) {
    StopReason expected = StopReason::none;
    it->second->reason_.compare_exchange_strong(expected, StopReason::request);
  }
}

std::optional<AnalysisProgress> AnalysisPool::progress(const std::string& id) const {
  std::lock_guard lock(mutex_);
  if (const auto it = running_.find(id); it != running_.end()) {
    std::lock_guard job_lock(it->second->mutex_);
    AnalysisProgress progress = it->second->progress_;
    progress.running = true;
    return progress;
  }
  if (std::find(queue_.begin(), queue_.end(), id) != queue_.end()) return AnalysisProgress{};
  return std::nullopt;
}

std::size_t AnalysisPool::running_count() const {
  std::lock_guard lock(mutex_);
  return running_.size();
}

void AnalysisPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    queue_.clear();
    for (auto& [id, job] : running_) {
      StopReason expected = StopReason::none;
      job->reason_.compare_exchange_strong(expected, StopReason::shutdown);
    }
  }
  wake_.notify_all();
  for (auto& thread : threads_)
    if (thread.joinable()) thread.join();
  threads_.clear();
}

void AnalysisPool::worker() {
  detail::lower_this_threads_priority();
  for (;;) {
    std::string id;
    std::shared_ptr<AnalysisJob> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = queue_.front();
      queue_.pop_front();
      job = std::make_shared<AnalysisJob>();
      job->time_cap_seconds_ = settings_.time_cap_seconds;
      job->started_ = std::chrono::steady_clock::now();
      running_[id] = job;
    }
    try {
      work_(id, *job);
    } catch (...) {
      // The work reports its own failures; nothing may take a worker down.
    }
    std::lock_guard lock(mutex_);
    running_.erase(id);
  }
}

}  // namespace parley::service
