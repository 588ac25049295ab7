// Simulates the partition of the 1,000-node tournament of docs/tournament-1000-nodes.md:
// 100 agents (10,000 ordered pairs with self-play) x 250 bilateral scenarios x 40 repetitions =
// 10^8 negotiations, block-cyclic blocks of 64 jobs, 1,000 ranks (one per node, 32 threads each)
// and 32,000 ranks (one per core, for information). Checks that every job is given exactly once,
// and measures the static load balance when negotiations cost different amounts (a seeded
// log-normal cost per scenario, sigma 1, times a seeded uniform cost per agent in [0.5, 2]):
// efficiency = mean rank cost / largest rank cost. Exits 1 when a job is lost or duplicated or
// efficiency < 0.9.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "parley/tournament/tournament.hpp"
#include "tournament/tournament_internal.hpp"

namespace {

struct Model {
  std::vector<double> scenario_cost;
  std::vector<double> agent_cost;
};

// Cost of jobs [first, last) of the plan, summed per (scenario, assignment) stretch.
double range_cost(const parley::JobPlan& plan, const Model& model, std::uint32_t repetitions,
                  std::uint64_t first, std::uint64_t last) {
  double cost = 0.0;
  while (first < last) {
    const parley::Job job = plan.job(first);
    // Jobs of one assignment are `repetitions` consecutive indices.
    const std::uint64_t stretch_end = std::min(last, first + (repetitions - job.repetition));
    double agents = 0.0;
    for (auto a : job.agents) agents += model.agent_cost[a];
    cost += static_cast<double>(stretch_end - first) * model.scenario_cost[job.scenario] * agents;
    first = stretch_end;
  }
  return cost;
}

}  // namespace

int main() {
  const auto started = std::chrono::steady_clock::now();
  parley::TournamentSpec spec;
  for (int a = 0; a < 100; ++a) spec.agents.push_back("agent" + std::to_string(a));
  spec.repetitions = 40;
  const std::vector<std::size_t> party_counts(250, 2);
  const parley::JobPlan plan(spec, party_counts);
  const std::uint64_t total = plan.size();
  std::printf("negotiations: %llu\n", static_cast<unsigned long long>(total));
  if (total != 100'000'000ULL) return 1;

  Model model;
  std::mt19937_64 random(20261129);
  std::lognormal_distribution<double> scenario_cost(0.0, 1.0);
  std::uniform_real_distribution<double> agent_cost(0.5, 2.0);
  for (std::size_t s = 0; s < party_counts.size(); ++s)
    model.scenario_cost.push_back(scenario_cost(random));
  for (std::size_t a = 0; a < spec.agents.size(); ++a)
    model.agent_cost.push_back(agent_cost(random));

  bool ok = true;
  // The plan: one rank per node (its 32 workers balance dynamically), blocks of 64: must reach
  // 0.9. One rank per core (static split of 3,125 jobs each) is shown for information.
  struct Setup {
    std::uint32_t ranks;
    std::uint64_t block;
    bool required;
  };
  for (const Setup setup :
       {Setup{1000, 64, true}, Setup{32000, 64, false}, Setup{32000, 1, false}}) {
    const std::uint32_t ranks = setup.ranks;
    const std::uint64_t block = setup.block;
    std::vector<bool> seen(total, false);
    std::uint64_t given = 0, duplicates = 0, max_ranges = 0;
    std::uint64_t min_jobs = UINT64_MAX, max_jobs = 0;
    double total_cost = 0.0, max_cost = 0.0;
    for (std::uint32_t rank = 0; rank < ranks; ++rank) {
      const auto ranges = parley::partition(total, ranks, rank, block);
      max_ranges = std::max<std::uint64_t>(max_ranges, ranges.size());
      std::uint64_t jobs = 0;
      double cost = 0.0;
      for (const auto& range : ranges) {
        for (std::uint64_t i = range.first; i < range.last; ++i) {
          if (seen[i]) ++duplicates;
          seen[i] = true;
        }
        jobs += range.last - range.first;
        cost += range_cost(plan, model, spec.repetitions, range.first, range.last);
      }
      if (jobs != parley::partition_size(total, ranks, rank, block)) ok = false;
      given += jobs;
      min_jobs = std::min(min_jobs, jobs);
      max_jobs = std::max(max_jobs, jobs);
      total_cost += cost;
      max_cost = std::max(max_cost, cost);
    }
    const auto missing = static_cast<std::uint64_t>(std::count(seen.begin(), seen.end(), false));
    const double efficiency = total_cost / static_cast<double>(ranks) / max_cost;
    std::printf(
        "%u ranks, blocks of %llu%s: jobs given %llu, missing %llu, duplicated %llu; jobs per rank "
        "%llu..%llu; "
        "ranges per rank <= %llu; cost efficiency %.4f\n",
        ranks, static_cast<unsigned long long>(block), setup.required ? " (the plan)" : "",
        static_cast<unsigned long long>(given), static_cast<unsigned long long>(missing),
        static_cast<unsigned long long>(duplicates), static_cast<unsigned long long>(min_jobs),
        static_cast<unsigned long long>(max_jobs), static_cast<unsigned long long>(max_ranges),
        efficiency);
    if (given != total || missing != 0 || duplicates != 0) ok = false;
    if (setup.required && efficiency < 0.9) ok = false;
  }
  // For comparison: contiguous blocks (rank r takes jobs [r*N/R, (r+1)*N/R)), 1,000 ranks.
  {
    const std::uint32_t ranks = 1000;
    double total_cost = 0.0, max_cost = 0.0;
    for (std::uint32_t rank = 0; rank < ranks; ++rank) {
      const double cost = range_cost(plan, model, spec.repetitions, total * rank / ranks,
                                     total * (rank + 1) / ranks);
      total_cost += cost;
      max_cost = std::max(max_cost, cost);
    }
    std::printf("contiguous split, 1000 ranks: cost efficiency %.4f (for comparison)\n",
                total_cost / ranks / max_cost);
  }
  std::printf("simulated in %.1f s: %s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
              ok ? "PASS" : "FAIL");
  return ok ? 0 : 1;
}
