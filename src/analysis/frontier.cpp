// pareto_frontier: picks a method from what the scenario can do, and the pieces every method
// shares (tolerance, ranges, package assembly, reference frontier files).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "analysis/enum_names.hpp"
#include "analysis/frontier_internal.hpp"
#include "parley/support/error.hpp"

namespace parley {

const char* to_string(FrontierMethod method) noexcept {
  return detail::kFrontierMethodNames.name(method);
}

const char* to_string(StopReason reason) noexcept { return detail::kStopReasonNames.name(reason); }

bool dominates(const std::vector<double>& a, const std::vector<double>& b,
               const std::vector<double>& epsilon) {
  if (a.size() != b.size() || a.size() != epsilon.size())
    throw Error("dominates: vectors of sizes " + std::to_string(a.size()) + ", " +
                std::to_string(b.size()) + " and " + std::to_string(epsilon.size()) +
                " (expected equal sizes)");
  return detail::tolerant_dominates(a.data(), b.data(), epsilon.data(), a.size());
}

namespace detail {

std::vector<double> tolerance_epsilon(const UtilityRange& ranges, double tolerance) {
  std::vector<double> epsilon(ranges.min.size());
  for (std::size_t j = 0; j < epsilon.size(); ++j) {
    const double range = ranges.max[j] - ranges.min[j];
    epsilon[j] = tolerance * (range > 0.0 && std::isfinite(range) ? range : 1.0);
  }
  return epsilon;
}

void validate_options(const FrontierOptions& options) {
  if (!std::isfinite(options.tolerance) || options.tolerance < 0.0)
    throw InputError("frontier options", std::nullopt, "tolerance",
                     format_number(options.tolerance), "a finite number >= 0");
  if (options.budget == 0)
    throw InputError("frontier options", std::nullopt, "budget", "0",
                     "a positive number of work units");
  if (!std::isfinite(options.time_cap_seconds) || options.time_cap_seconds < 0.0)
    throw InputError("frontier options", std::nullopt, "time_cap_seconds",
                     format_number(options.time_cap_seconds),
                     "a finite number of seconds >= 0 (0: no cap)");
}

namespace {
std::uint64_t node_cost(const UtilityNode& node) {
  std::uint64_t cost = 0;
  for (const auto& rectangle : node.rectangles) cost += 1 + rectangle.bounds.size();
  for (const auto& child : node.children) cost += node_cost(child);
  return cost;
}
}  // namespace

std::uint64_t evaluation_cost(const Scenario& scenario) {
  std::uint64_t cost = 0;
  for (std::size_t j = 0; j < scenario.party_count(); ++j) {
    const auto& utility = *scenario.party(j).utility;
    std::uint64_t party = scenario.issue_count();
    if (const auto* rectangles = utility.as_hyper_rectangle()) {
      party = 1;
      for (const auto& node : rectangles->nodes()) party += node_cost(node);
    }
    cost += std::max<std::uint64_t>(party, 1);
  }
  return cost;
}

void sort_packages(std::vector<Package>& packages) {
  std::sort(packages.begin(), packages.end(), [](const Package& a, const Package& b) {
    for (std::size_t j = 0; j < a.utilities.size(); ++j)
      if (a.utilities[j] != b.utilities[j]) return a.utilities[j] > b.utilities[j];
    return a.outcome < b.outcome;
  });
}

std::vector<Package> make_packages(const Scenario& scenario, std::vector<Outcome> outcomes) {
  std::vector<Package> packages;
  packages.reserve(outcomes.size());
  for (auto& outcome : outcomes) {
    Package package;
    package.utilities = scenario.utilities(outcome);
    package.outcome = std::move(outcome);
    packages.push_back(std::move(package));
  }
  sort_packages(packages);
  return packages;
}

}  // namespace detail

UtilityRange utility_ranges(const Scenario& scenario, const FrontierOptions& options) {
  const std::size_t parties = scenario.party_count();
  UtilityRange ranges;
  ranges.min.assign(parties, 0.0);
  ranges.max.assign(parties, 0.0);
  std::vector<std::size_t> nonlinear;
  for (std::size_t j = 0; j < parties; ++j) {
    if (const auto* linear = scenario.party(j).utility->as_linear_additive()) {
      ranges.min[j] = linear->min_utility();
      ranges.max[j] = linear->max_utility();
    } else {
      nonlinear.push_back(j);
    }
  }
  if (nonlinear.empty()) return ranges;
  if (scenario.can_enumerate(options.enumeration_limit)) {
    for (auto j : nonlinear) {
      ranges.min[j] = INFINITY;
      ranges.max[j] = -INFINITY;
    }
    Outcome outcome(scenario.issue_count(), 0);
    detail::CancelCheck cancel(options.cancelled, 1u << 16);
    do {
      cancel.tick();
      for (auto j : nonlinear) {
        const double u = scenario.utility(j, outcome);
        ranges.min[j] = std::min(ranges.min[j], u);
        ranges.max[j] = std::max(ranges.max[j], u);
      }
    } while (scenario.space().next(outcome));
    return ranges;
  }
  // Too large: the extremes met by the anytime search (which also optimises each party alone).
  FrontierOptions search = options;
  search.method = FrontierMethod::anytime_search;
  search.reference.clear();
  const Frontier found = pareto_frontier(scenario, search);
  for (auto j : nonlinear) {
    ranges.min[j] = found.ranges.min[j];
    ranges.max[j] = found.ranges.max[j];
  }
  ranges.exact = false;
  return ranges;
}

namespace {

// "11,664", or "about 10^30" for counts too long to read.
std::string outcomes_text(const OutcomeSpace& space) {
  if (space.fits_index() && space.log10_size() < 12) return space.size_text();
  return "about 10^" + std::to_string(static_cast<long long>(std::lround(space.log10_size())));
}

std::string units(std::uint64_t n) {
  if (n >= (std::uint64_t{1} << 62)) return "more than 4.6e18";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, n >= 100'000 ? "%.2g" : "%.0f", static_cast<double>(n));
  return buffer;
}

// The anytime search with what is left of the budget, after an exact attempt gave up.
Frontier search_after(const Scenario& scenario, const FrontierOptions& options,
                      detail::WorkMeter& meter, std::string reason) {
  Frontier frontier = detail::search_frontier(scenario, options, meter);
  frontier.method_reason = std::move(reason);
  return frontier;
}

}  // namespace

Frontier pareto_frontier(const Scenario& scenario, const FrontierOptions& options) {
  detail::validate_options(options);
  const auto start = std::chrono::steady_clock::now();
  std::optional<detail::WorkMeter::Clock::time_point> deadline;
  if (options.time_cap_seconds > 0.0)
    deadline = start + std::chrono::duration_cast<detail::WorkMeter::Clock::duration>(
                           std::chrono::duration<double>(options.time_cap_seconds));
  detail::WorkMeter meter(options, options.budget, deadline);
  const std::uint64_t budget = options.budget;
  Frontier frontier;
  auto run_exact = [&](FrontierMethod method, detail::WorkMeter& counted) {
    return method == FrontierMethod::linear_dp
               ? detail::linear_dp_frontier(scenario, options, counted)
               : detail::enumerate_frontier(scenario, options, counted);
  };
  // A wall-clock cap hit by an exact method: nothing to return but what the clock allowed.
  auto capped = [&](FrontierMethod method) {
    Frontier partial;
    partial.method = method;
    partial.exact = false;
    partial.stop = StopReason::time_cap;
    partial.method_reason = std::string("the wall-clock cap of ") +
                            format_number(options.time_cap_seconds) + " s stopped " +
                            to_string(method) + " before it finished";
    return partial;
  };
  // An exact method with the whole budget (when it certainly fits) or three quarters of it;
  // past that it is abandoned, deterministically, for the search with what is left.
  auto attempt_exact = [&](FrontierMethod method, bool certain,
                           const std::function<std::string(std::uint64_t)>& reason) {
    detail::WorkMeter attempt(options, certain ? budget : budget / 4 * 3, deadline);
    try {
      Frontier exact = run_exact(method, attempt);
      exact.method_reason = reason(attempt.work());
      meter.spend(attempt.work());
      return exact;
    } catch (const detail::WorkExceeded& exceeded) {
      // The charge that went past the allowance was refused before its work was done.
      meter.spend(std::min(attempt.work(), attempt.allowance()));
      meter.hold(attempt.peak_bytes());
      return search_after(scenario, options, meter,
                          std::string("anytime-search: exact ") + to_string(method) +
                              " needed more than three quarters of the budget of " + units(budget) +
                              " work units (stopped at " + exceeded.where +
                              "); raise --budget to try again");
    } catch (const detail::TimeCapReached&) {
      meter.spend(std::min(attempt.work(), attempt.allowance()));
      return capped(method);
    }
  };
  if (options.method != FrontierMethod::automatic) {
    try {
      if (options.method == FrontierMethod::anytime_search) {
        frontier = detail::search_frontier(scenario, options, meter);
        frontier.method_reason = "anytime-search, as requested";
      } else {
        frontier = run_exact(options.method, meter);
        frontier.method_reason = std::string(to_string(options.method)) + ", as requested";
      }
    } catch (const detail::WorkExceeded& exceeded) {
      throw UnsupportedError(std::string(to_string(options.method)) + " on '" + scenario.name() +
                             "' needs more than the work budget of " + units(budget) +
                             " units (stopped at " + exceeded.where +
                             "): raise the budget (--budget) or let the method be chosen "
                             "automatically");
    } catch (const detail::TimeCapReached&) {
      frontier = capped(options.method);
    }
  } else if (scenario.is_linear_additive()) {
    // linear_dp's cost follows the frontier's size, unknown before it runs: an upper bound from
    // the issue sizes decides when it certainly fits; otherwise it is tried with three quarters
    // of the budget and abandoned (deterministically: work is counted, not timed) for the
    // search, which gets the rest.
    const std::uint64_t bound = detail::linear_dp_cost_bound(scenario, options);
    const bool certain = bound <= budget;
    frontier = attempt_exact(FrontierMethod::linear_dp, certain, [&](std::uint64_t work) {
      return certain ? "linear-dp (exact): its predicted cost, at most " + units(bound) +
                           " work units, fits the budget of " + units(budget)
                     : "linear-dp (exact): predicted at most " + units(bound) +
                           " work units, it finished within " + units(work) + " of the budget of " +
                           units(budget);
    });
  } else {
    const std::uint64_t per_outcome = detail::evaluation_cost(scenario);
    const bool enumerable = scenario.can_enumerate(options.enumeration_limit);
    const std::uint64_t outcomes = enumerable ? scenario.space().size() : 0;
    // Enumeration: every outcome evaluated, a prefilter and a skyline (n log n for 2-3
    // parties; more parties: counted as it goes, and abandoned past three quarters of the
    // budget).
    std::uint64_t predicted = 0;
    if (enumerable) {
      std::uint64_t log = 1;
      while ((std::uint64_t{1} << log) < outcomes) ++log;
      const std::uint64_t parties = scenario.party_count();
      predicted = outcomes * (per_outcome + parties * (4 * parties + 4) + parties * log +
                              parties * sizeof(double) + 4);
    }
    if (enumerable && predicted <= budget) {
      frontier = attempt_exact(
          FrontierMethod::enumeration, scenario.party_count() <= 3, [&](std::uint64_t) {
            return "enumeration (exact): " + outcomes_text(scenario.space()) + " outcomes, about " +
                   units(predicted) + " work units, fit the budget of " + units(budget);
          });
    } else {
      frontier = search_after(
          scenario, options, meter,
          "anytime-search: " +
              (enumerable
                   ? "enumerating " + outcomes_text(scenario.space()) +
                         " outcomes would cost about " + units(predicted) +
                         " work units, more than the budget of " + units(budget)
                   : outcomes_text(scenario.space()) + " outcomes are too many to enumerate") +
              " (the utilities are not linear-additive); raise --budget for a closer "
              "approximation");
    }
  }
  frontier.tolerance = options.tolerance;
  frontier.peak_bytes = std::max(frontier.peak_bytes, meter.peak_bytes());
  frontier.work = meter.work();
  frontier.budget = budget;
  if (!options.reference.empty() || !frontier.exact)
    detail::measure_against_reference(frontier, options);
  frontier.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return frontier;
}

std::vector<std::vector<double>> read_reference_frontier(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw InputError(path, std::nullopt, "file", "a file that cannot be read",
                     "a readable list of 'u1, u2' lines");
  std::vector<std::vector<double>> points;
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::vector<double> point;
    std::stringstream fields(line);
    std::string field;
    while (std::getline(fields, field, ',')) {
      const auto first = field.find_first_not_of(" \t\r");
      const auto last = field.find_last_not_of(" \t\r");
      const std::string text =
          first == std::string::npos ? std::string() : field.substr(first, last - first + 1);
      std::size_t used = 0;
      double value = 0.0;
      try {
        value = std::stod(text, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (text.empty() || used != text.size() || !std::isfinite(value))
        throw InputError(path, number, "utility " + std::to_string(point.size() + 1),
                         "'" + text + "'", "a finite number");
      point.push_back(value);
    }
    if (point.size() < 2 || (!points.empty() && point.size() != points.front().size()))
      throw InputError(path, number, "point", std::to_string(point.size()) + " numbers",
                       points.empty() ? std::string("at least 2 comma-separated numbers")
                                      : std::to_string(points.front().size()) +
                                            " comma-separated numbers, as on the first line");
    points.push_back(std::move(point));
  }
  return points;
}

}  // namespace parley
