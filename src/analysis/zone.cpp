// The zone of possible agreement (individually rational packages) and the indicators: each
// party's ideal and worst packages, and the opposition of the scenario.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "analysis/frontier_internal.hpp"
#include "outcome_walk.hpp"
#include "parley/analysis/analysis.hpp"

namespace parley {
namespace {

// epsilon_j = tolerance * range_j (a zero range counting as 1), as the frontier does.
std::vector<double> party_epsilon(const UtilityRange& ranges, double tolerance) {
  std::vector<double> epsilon(ranges.min.size());
  for (std::size_t j = 0; j < epsilon.size(); ++j) {
    const double range = ranges.max[j] - ranges.min[j];
    epsilon[j] = tolerance * (range > 0.0 ? range : 1.0);
  }
  return epsilon;
}

bool rational(const std::vector<double>& utilities, const std::vector<double>& reservation,
              const std::vector<double>& epsilon) {
  for (std::size_t j = 0; j < utilities.size(); ++j)
    if (utilities[j] < reservation[j] - epsilon[j]) return false;
  return true;
}

std::vector<double> reservation_values(const Scenario& scenario) {
  std::vector<double> reservation;
  for (const auto& party : scenario.parties()) reservation.push_back(party.reservation_value);
  return reservation;
}

void report_progress(const AnalysisOptions& options, double fraction, const char* phase) {
  if (options.frontier.progress) options.frontier.progress(fraction, phase);
}

void count_rational_share(const Scenario& scenario, const AnalysisOptions& options,
                          const UtilityRange& ranges, const std::vector<double>& reservation,
                          const std::vector<double>& epsilon, bool frontier_exact,
                          AgreementZone& zone) {
  const auto& space = scenario.space();
  const bool fits = space.fits_index();
  bool everyone_always_rational = ranges.exact;
  for (std::size_t j = 0; j < reservation.size(); ++j)
    if (ranges.min[j] < reservation[j] - epsilon[j]) everyone_always_rational = false;
  if (everyone_always_rational) {
    zone.rational_share = 1.0;
    if (fits) zone.rational_count = space.size();
    return;
  }
  if (!zone.exists && frontier_exact) {
    // Every outcome is dominated by (or equal to) a frontier package, so none is rational.
    zone.rational_share = 0.0;
    zone.rational_count = 0;
    return;
  }
  // Counted exactly when the count fits both the count limit and the work budget.
  const std::uint64_t per_outcome = detail::evaluation_cost(scenario);
  if (fits && space.size() <= options.count_limit &&
      space.size() <= options.frontier.budget / std::max<std::uint64_t>(per_outcome, 1)) {
    const std::uint64_t total = space.size();
    std::uint64_t count = 0, seen = 0;
    const std::uint64_t step = std::uint64_t{1} << 20;
    detail::CancelCheck cancel(options.frontier.cancelled, 1u << 16);
    detail::for_each_outcome(scenario, [&](const Outcome&, const std::vector<double>& u) {
      cancel.tick();
      if (rational(u, reservation, epsilon)) ++count;
      if (++seen % step == 0)
        report_progress(options, static_cast<double>(seen) / static_cast<double>(total),
                        "counting the zone of agreement");
    });
    zone.rational_count = count;
    zone.rational_share = static_cast<double>(count) / static_cast<double>(total);
    return;
  }
  const std::uint64_t samples = std::max<std::uint64_t>(options.share_samples, 1);
  std::mt19937_64 generator(options.seed);
  Outcome outcome;
  std::uint64_t hits = 0;
  detail::CancelCheck cancel(options.frontier.cancelled);
  for (std::uint64_t k = 0; k < samples; ++k) {
    cancel.tick();
    detail::draw_outcome(space, generator, outcome);
    if (rational(scenario.utilities(outcome), reservation, epsilon)) ++hits;
    if ((k + 1) % 65536 == 0)
      report_progress(options, static_cast<double>(k + 1) / static_cast<double>(samples),
                      "sampling the zone of agreement");
  }
  const double n = static_cast<double>(samples);
  const double share = static_cast<double>(hits) / n;
  zone.share_exact = false;
  zone.share_samples = samples;
  zone.rational_share = share;
  zone.share_half_width =
      (hits == 0 || hits == samples) ? 3.0 / n : 1.96 * std::sqrt(share * (1.0 - share) / n);
}

Package package_of(const Scenario& scenario, Outcome outcome) {
  Package package;
  package.utilities = scenario.utilities(outcome);
  package.outcome = std::move(outcome);
  return package;
}

}  // namespace

AgreementZone agreement_zone(const Scenario& scenario, const Frontier& frontier,
                             const AnalysisOptions& options) {
  // The frontier carries the ranges its method established (exact, or met by the search).
  const UtilityRange ranges = frontier.ranges.min.size() == scenario.party_count()
                                  ? frontier.ranges
                                  : utility_ranges(scenario, options.frontier);
  const std::vector<double> epsilon = party_epsilon(ranges, frontier.tolerance);
  const std::vector<double> reservation = reservation_values(scenario);
  AgreementZone zone;
  for (const auto& package : frontier.packages)
    if (rational(package.utilities, reservation, epsilon))
      zone.rational_frontier.push_back(package);
  zone.exists = !zone.rational_frontier.empty();
  count_rational_share(scenario, options, ranges, reservation, epsilon, frontier.exact, zone);
  if (zone.exists || frontier.packages.empty()) return zone;

  // No zone: the frontier package whose largest shortfall (relative to the party's range) is
  // smallest; ties by the smaller total relative shortfall, then frontier order.
  double best_largest = std::numeric_limits<double>::infinity();
  double best_total = std::numeric_limits<double>::infinity();
  const Package* closest = nullptr;
  for (const auto& package : frontier.packages) {
    double largest = 0.0, total = 0.0;
    for (std::size_t j = 0; j < reservation.size(); ++j) {
      const double range = ranges.max[j] - ranges.min[j];
      const double relative =
          std::max(0.0, reservation[j] - package.utilities[j]) / (range > 0.0 ? range : 1.0);
      largest = std::max(largest, relative);
      total += relative;
    }
    if (largest < best_largest - frontier.tolerance ||
        (largest <= best_largest + frontier.tolerance && total < best_total - frontier.tolerance)) {
      best_largest = largest;
      best_total = total;
      closest = &package;
    }
  }
  zone.closest_package = *closest;
  for (std::size_t j = 0; j < reservation.size(); ++j)
    zone.shortfall.push_back(std::max(0.0, reservation[j] - closest->utilities[j]));
  return zone;
}

Indicators indicators(const Scenario& scenario, const Frontier& frontier,
                      const AnalysisOptions& options) {
  const std::size_t parties = scenario.party_count();
  Indicators result;
  std::vector<Outcome> best(parties), worst(parties);
  if (scenario.is_linear_additive()) {
    // Each issue independently at its best (worst) contribution; smallest value index on ties
    // (LinearAdditiveUtility::best_value/worst_value: found among the breakpoints of a huge
    // analytic issue, without looking at its millions of values).
    for (std::size_t j = 0; j < parties; ++j) {
      const auto* linear = scenario.party(j).utility->as_linear_additive();
      for (std::size_t i = 0; i < scenario.issue_count(); ++i) {
        best[j].push_back(linear->best_value(i));
        worst[j].push_back(linear->worst_value(i));
      }
    }
  } else if (scenario.can_enumerate(options.count_limit) &&
             scenario.space().size() <=
                 options.frontier.budget /
                     std::max<std::uint64_t>(detail::evaluation_cost(scenario), 1)) {
    std::vector<double> high(parties, -std::numeric_limits<double>::infinity());
    std::vector<double> low(parties, std::numeric_limits<double>::infinity());
    detail::CancelCheck cancel(options.frontier.cancelled, 1u << 16);
    detail::for_each_outcome(scenario, [&](const Outcome& outcome, const std::vector<double>& u) {
      cancel.tick();
      for (std::size_t j = 0; j < parties; ++j) {
        if (u[j] > high[j]) high[j] = u[j], best[j] = outcome;
        if (u[j] < low[j]) low[j] = u[j], worst[j] = outcome;
      }
    });
  } else {
    result.exact = false;
    for (std::size_t j = 0; j < parties; ++j) {
      const Package* top = nullptr;
      for (const auto& package : frontier.packages)
        if (!top || package.utilities[j] > top->utilities[j]) top = &package;
      best[j] = top ? top->outcome : Outcome(scenario.issue_count(), 0);
    }
    std::mt19937_64 generator(options.seed);
    std::vector<double> low(parties, std::numeric_limits<double>::infinity());
    Outcome outcome;
    const std::uint64_t samples = std::max<std::uint64_t>(options.share_samples, 1);
    detail::CancelCheck cancel(options.frontier.cancelled);
    for (std::uint64_t k = 0; k < samples; ++k) {
      cancel.tick();
      detail::draw_outcome(scenario.space(), generator, outcome);
      const auto u = scenario.utilities(outcome);
      for (std::size_t j = 0; j < parties; ++j)
        if (u[j] < low[j]) low[j] = u[j], worst[j] = outcome;
    }
  }
  for (std::size_t j = 0; j < parties; ++j) {
    result.ideal_packages.push_back(package_of(scenario, best[j]));
    result.worst_packages.push_back(package_of(scenario, worst[j]));
    result.ideal_point.push_back(result.ideal_packages.back().utilities[j]);
    result.worst_point.push_back(result.worst_packages.back().utilities[j]);
  }
  result.opposition = std::numeric_limits<double>::infinity();
  for (const auto& package : frontier.packages) {
    double squared = 0.0;
    for (std::size_t j = 0; j < parties; ++j) {
      const double d = result.ideal_point[j] - package.utilities[j];
      squared += d * d;
    }
    result.opposition = std::min(result.opposition, std::sqrt(squared));
  }
  if (frontier.packages.empty()) result.opposition = 0.0;
  return result;
}

}  // namespace parley
