// Enumeration: every outcome evaluated once (linear-additive parties through running prefix sums
// in issue order, so sums are bit-identical to LinearAdditiveUtility::utility), then the skyline.
#include <cmath>

#include "analysis/frontier_internal.hpp"
#include "parley/support/error.hpp"

namespace parley::detail {

Frontier enumerate_frontier(const Scenario& scenario, const FrontierOptions& options,
                            WorkMeter& meter) {
  const OutcomeSpace& space = scenario.space();
  if (!scenario.can_enumerate(options.enumeration_limit))
    throw UnsupportedError("enumeration: the space of '" + scenario.name() + "' has " +
                           space.size_text() + " outcomes, more than the enumeration limit of " +
                           std::to_string(options.enumeration_limit) +
                           " (raise FrontierOptions::enumeration_limit, or use linear_dp for "
                           "linear-additive utilities, anytime_search otherwise)");
  const std::uint64_t count = space.size();
  if (count > std::numeric_limits<std::uint32_t>::max())
    throw UnsupportedError("enumeration: " + space.size_text() +
                           " outcomes exceed the 2^32 outcomes enumeration can index");
  const std::size_t parties = scenario.party_count();
  const std::size_t issues = scenario.issue_count();

  std::vector<const LinearAdditiveUtility*> linear(parties, nullptr);
  for (std::size_t j = 0; j < parties; ++j)
    linear[j] = scenario.party(j).utility->as_linear_additive();
  // prefix[j * (issues + 1) + i]: sum of party j's contributions of issues 0..i-1.
  std::vector<double> prefix(parties * (issues + 1), 0.0);

  const std::uint64_t per_outcome = evaluation_cost(scenario);
  // The evaluations and the memory of their utilities (one unit per byte), before allocating.
  const std::uint64_t per_outcome_total = per_outcome + parties * sizeof(double) + 4;
  meter.charge(0, "enumerating");
  if (count > meter.remaining() / per_outcome_total)
    throw WorkExceeded{"enumerating " + space.size_text() + " outcomes"};
  meter.charge(count * (parties * sizeof(double) + 4), "enumerating");
  meter.hold(count * (parties * sizeof(double) + 4));
  std::vector<double> coords(static_cast<std::size_t>(count) * parties);
  Outcome outcome(issues, 0);
  std::size_t changed_from = 0;  // lowest issue whose value changed since the last outcome
  const std::uint64_t report_every = std::uint64_t{1} << 20;
  for (std::uint64_t index = 0; index < count; ++index) {
    meter.charge(per_outcome, "enumerating");
    double* row = coords.data() + index * parties;
    for (std::size_t j = 0; j < parties; ++j) {
      if (linear[j] != nullptr) {
        double* sums = prefix.data() + j * (issues + 1);
        for (std::size_t i = changed_from; i < issues; ++i)
          sums[i + 1] = sums[i] + linear[j]->contribution(i, outcome[i]);
        row[j] = sums[issues];
      } else {
        row[j] = scenario.utility(j, outcome);
      }
    }
    // Advance the odometer (last issue fastest), remembering where the change started.
    std::size_t i = issues;
    while (i > 0) {
      --i;
      if (++outcome[i] < space.cardinalities()[i]) break;
      outcome[i] = 0;
    }
    changed_from = i;
    if (options.progress && (index + 1) % report_every == 0)
      options.progress(0.8 * static_cast<double>(index + 1) / static_cast<double>(count),
                       "enumerate");
  }

  UtilityRange ranges;
  ranges.min.assign(parties, INFINITY);
  ranges.max.assign(parties, -INFINITY);
  for (std::uint64_t index = 0; index < count; ++index)
    for (std::size_t j = 0; j < parties; ++j) {
      const double u = coords[index * parties + j];
      ranges.min[j] = std::min(ranges.min[j], u);
      ranges.max[j] = std::max(ranges.max[j], u);
    }
  const std::vector<double> epsilon = tolerance_epsilon(ranges, options.tolerance);

  // Prefilter: the best outcomes for a few weighted sums are frontier points; outcomes they
  // dominate cannot be on the frontier (nor represent a tie), so the skyline never sorts them.
  std::vector<std::vector<double>> weightings;
  for (std::size_t j = 0; j < parties; ++j) {
    std::vector<double> w(parties, 1.0);
    weightings.push_back(w);
    w.assign(parties, 0.0);
    w[j] = 1.0;
    weightings.push_back(w);
    for (std::size_t other = 0; other < parties; ++other) {
      w.assign(parties, 1.0);
      w[j] = 3.0;
      if (other != j) w[other] = 2.0;
      weightings.push_back(w);
    }
  }
  std::vector<double> span(parties);
  for (std::size_t j = 0; j < parties; ++j) {
    const double range = ranges.max[j] - ranges.min[j];
    span[j] = range > 0.0 ? range : 1.0;
  }
  std::vector<std::uint32_t> filters;
  for (const auto& w : weightings) {
    meter.charge(count * parties, "the prefilter");
    std::uint64_t best = 0;
    double best_score = -INFINITY;
    for (std::uint64_t index = 0; index < count; ++index) {
      double score = 0.0;
      for (std::size_t j = 0; j < parties; ++j)
        score += w[j] * (coords[index * parties + j] - ranges.min[j]) / span[j];
      if (score > best_score) {
        best_score = score;
        best = index;
      }
    }
    filters.push_back(static_cast<std::uint32_t>(best));
  }
  std::sort(filters.begin(), filters.end());
  filters.erase(std::unique(filters.begin(), filters.end()), filters.end());
  std::vector<std::uint32_t> ids;
  meter.charge(count * filters.size() * parties, "the prefilter");
  for (std::uint64_t index = 0; index < count; ++index) {
    const double* row = coords.data() + index * parties;
    bool dominated = false;
    for (auto f : filters)
      if (tolerant_dominates(coords.data() + std::size_t{f} * parties, row, epsilon.data(),
                             parties)) {
        dominated = true;
        break;
      }
    if (!dominated) ids.push_back(static_cast<std::uint32_t>(index));
  }
  // Mixed-radix index order is the lexicographic order of outcomes.
  auto lex_less = [](std::uint32_t a, std::uint32_t b) { return a < b; };
  Skyline<decltype(lex_less)> skyline(coords.data(), parties, epsilon.data(), lex_less);
  skyline.charge_to(&meter);
  if (options.progress) options.progress(0.8, "skyline");
  const std::vector<std::uint32_t> kept = skyline.run(std::move(ids));

  meter.charge(kept.size() * package_bytes(scenario), "storing the frontier's packages");
  std::vector<Outcome> outcomes;
  outcomes.reserve(kept.size());
  for (auto id : kept) outcomes.push_back(space.outcome_at(id));
  Frontier frontier;
  frontier.packages = make_packages(scenario, std::move(outcomes));
  frontier.method = FrontierMethod::enumeration;
  frontier.exact = true;
  frontier.evaluated = count;
  frontier.ranges = ranges;
  frontier.peak_bytes = coords.capacity() * sizeof(double) + count * 4 +
                        std::uint64_t{kept.size()} * (issues * sizeof(ValueIndex) + 64);
  if (options.progress) options.progress(1.0, "done");
  return frontier;
}

}  // namespace parley::detail
