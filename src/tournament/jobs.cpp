// Job numbering, per-job seeds and the partition between ranks.
#include <algorithm>
#include <limits>

#include "parley/tournament/tournament.hpp"
#include "support/random.hpp"
#include "tournament_internal.hpp"

namespace parley {
namespace {

constexpr std::uint64_t max_assignments = 10'000'000;

// Number of assignments of `agents` agents to `parties` parties, saturated at limit + 1.
std::uint64_t assignment_count(std::uint64_t agents, std::uint64_t parties, RoleMode roles,
                               bool self_play) {
  const std::uint64_t cap = max_assignments + 1;
  auto mul = [cap](std::uint64_t a, std::uint64_t b) {
    if (a == 0 || b == 0) return std::uint64_t{0};
    return a > cap / b ? cap : std::min(cap, a * b);
  };
  if (roles == RoleMode::all) {
    std::uint64_t count = 1;
    for (std::uint64_t k = 0; k < parties; ++k)
      count = mul(count, self_play ? agents : (agents > k ? agents - k : 0));
    return count;
  }
  // Combinations C(n, p), with repetition n = agents + parties - 1.
  const std::uint64_t n = self_play ? agents + parties - 1 : agents;
  if (parties > n) return 0;
  std::uint64_t count = 1;
  for (std::uint64_t k = 1; k <= parties; ++k) {
    // count * (n - parties + k) / k stays exact because count is C(n - parties + k - 1, k - 1).
    const std::uint64_t factor = n - parties + k;
    if (count > cap / factor) return cap;
    count = count * factor / k;
  }
  return std::min(count, cap);
}

void list_assignments(std::size_t agents, std::size_t parties, RoleMode roles, bool self_play,
                      std::vector<std::uint32_t>& prefix, std::vector<std::uint32_t>& out) {
  if (prefix.size() == parties) {
    out.insert(out.end(), prefix.begin(), prefix.end());
    return;
  }
  std::uint32_t start = 0;
  if (roles == RoleMode::fixed && !prefix.empty()) start = prefix.back() + (self_play ? 0 : 1);
  for (std::uint32_t a = start; a < agents; ++a) {
    if (roles == RoleMode::all && !self_play &&
        std::find(prefix.begin(), prefix.end(), a) != prefix.end())
      continue;
    prefix.push_back(a);
    list_assignments(agents, parties, roles, self_play, prefix, out);
    prefix.pop_back();
  }
}

}  // namespace

std::uint64_t job_seed(std::uint64_t tournament_seed, std::uint64_t index) noexcept {
  return detail::splitmix64(detail::splitmix64(tournament_seed) ^ index);
}

JobPlan::JobPlan(const TournamentSpec& spec, const std::vector<std::size_t>& party_counts)
    : repetitions_(spec.repetitions), seed_(spec.seed) {
  offsets_.push_back(0);
  for (std::size_t s = 0; s < party_counts.size(); ++s) {
    const std::size_t parties = party_counts[s];
    auto found = std::find_if(by_party_count_.begin(), by_party_count_.end(),
                              [parties](const Assignments& a) { return a.parties == parties; });
    if (found == by_party_count_.end()) {
      const std::uint64_t count =
          assignment_count(spec.agents.size(), parties, spec.roles, spec.self_play);
      if (count == 0)
        throw UnsupportedError("scenario " + std::to_string(s) + " has " + std::to_string(parties) +
                               " parties but the tournament has only " +
                               std::to_string(spec.agents.size()) +
                               " agents and self_play is false: no negotiation can be formed");
      if (count > max_assignments)
        throw UnsupportedError("scenario " + std::to_string(s) + " with " +
                               std::to_string(parties) + " parties would need more than " +
                               std::to_string(max_assignments) +
                               " agent assignments; use roles: fixed or fewer agents");
      Assignments assignments;
      assignments.parties = parties;
      assignments.flat.reserve(count * parties);
      std::vector<std::uint32_t> prefix;
      list_assignments(spec.agents.size(), parties, spec.roles, spec.self_play, prefix,
                       assignments.flat);
      by_party_count_.push_back(std::move(assignments));
      found = by_party_count_.end() - 1;
    }
    scenario_assignments_.push_back(static_cast<std::uint32_t>(found - by_party_count_.begin()));
    const std::uint64_t jobs = found->count() * repetitions_;
    if (offsets_.back() + jobs > kMaxTournamentNegotiations)
      throw UnsupportedError(
          (spec.origin.empty() ? std::string("tournament") : spec.origin) + ": more than " +
          std::to_string(kMaxTournamentNegotiations) + " negotiations (" +
          std::to_string(party_counts.size()) + " scenarios, " + std::to_string(found->count()) +
          " agent assignments for scenario " + std::to_string(s) + ", " +
          std::to_string(repetitions_) +
          " repetitions); the limit is 10^10: use fewer repetitions, agents or scenarios, or "
          "roles: fixed");
    offsets_.push_back(offsets_.back() + jobs);
  }
  total_ = offsets_.back();
}

Job JobPlan::job(std::uint64_t index) const {
  if (index >= total_)
    throw UnsupportedError("job " + std::to_string(index) + " is beyond the tournament's " +
                           std::to_string(total_) + " negotiations");
  const auto after = std::upper_bound(offsets_.begin(), offsets_.end(), index);
  const auto scenario = static_cast<std::uint32_t>(after - offsets_.begin() - 1);
  const std::uint64_t local = index - offsets_[scenario];
  const Assignments& assignments = by_party_count_[scenario_assignments_[scenario]];
  const std::uint64_t assignment = local / repetitions_;
  Job job;
  job.index = index;
  job.scenario = scenario;
  job.repetition = static_cast<std::uint32_t>(local % repetitions_);
  const auto first =
      assignments.flat.begin() + static_cast<std::ptrdiff_t>(assignment * assignments.parties);
  job.agents.assign(first, first + static_cast<std::ptrdiff_t>(assignments.parties));
  job.seed = job_seed(seed_, index);
  return job;
}

namespace {

// Blocks are dealt in rounds of `ranks` blocks; round j is rotated by a pseudo-random offset so
// that a rank does not meet the same position of the job order (the same agent pair, say) in
// every scenario, which would make the static split follow the agents' costs.
std::uint64_t round_offset(std::uint64_t round, std::uint32_t ranks) noexcept {
  return detail::splitmix64(round) % ranks;
}

}  // namespace

std::vector<JobRange> partition(std::uint64_t total, std::uint32_t ranks, std::uint32_t rank,
                                std::uint64_t block) {
  if (ranks == 0 || rank >= ranks || block == 0)
    throw UnsupportedError("partition: rank " + std::to_string(rank) + " of " +
                           std::to_string(ranks) + " with blocks of " + std::to_string(block));
  std::vector<JobRange> ranges;
  const std::uint64_t blocks = total / block + (total % block ? 1 : 0);
  for (std::uint64_t round = 0; round * ranks < blocks; ++round) {
    const std::uint64_t position = (rank + ranks - round_offset(round, ranks)) % ranks;
    const std::uint64_t k = round * ranks + position;
    if (k < blocks) ranges.push_back({k * block, std::min(total, (k + 1) * block)});
  }
  return ranges;
}

std::uint64_t partition_size(std::uint64_t total, std::uint32_t ranks, std::uint32_t rank,
                             std::uint64_t block) noexcept {
  if (ranks == 0 || rank >= ranks || block == 0) return 0;
  const std::uint64_t blocks = total / block + (total % block ? 1 : 0);
  std::uint64_t jobs = 0;
  for (std::uint64_t round = 0; round * ranks < blocks; ++round) {
    const std::uint64_t position = (rank + ranks - round_offset(round, ranks)) % ranks;
    const std::uint64_t k = round * ranks + position;
    if (k < blocks) jobs += std::min(total, (k + 1) * block) - k * block;
  }
  return jobs;
}

}  // namespace parley
