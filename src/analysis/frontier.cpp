// pareto_frontier: picks a method from what the scenario can do, and the pieces every method
// shares (tolerance, ranges, package assembly, reference frontier files).
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>

#include "analysis/enum_names.hpp"
#include "analysis/frontier_internal.hpp"
#include "parley/support/error.hpp"

namespace parley {

const char* to_string(FrontierMethod method) noexcept {
  return detail::kFrontierMethodNames.name(method);
}

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
  if (options.method == FrontierMethod::anytime_search && options.max_evaluations == 0 &&
      !(options.time_budget_seconds > 0.0))
    throw InputError("frontier options", std::nullopt, "time_budget_seconds",
                     format_number(options.time_budget_seconds),
                     "a positive number of seconds (or max_evaluations > 0)");
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
  detail::SearchRecord record;
  detail::search_frontier(scenario, search, &record);
  for (auto j : nonlinear) {
    ranges.min[j] = record.lowest[j];
    ranges.max[j] = record.highest[j];
  }
  ranges.exact = false;
  return ranges;
}

Frontier pareto_frontier(const Scenario& scenario, const FrontierOptions& options) {
  detail::validate_options(options);
  const auto start = std::chrono::steady_clock::now();
  FrontierMethod method = options.method;
  if (method == FrontierMethod::automatic) {
    if (scenario.is_linear_additive())
      method = FrontierMethod::linear_dp;
    else if (scenario.can_enumerate(options.enumeration_limit))
      method = FrontierMethod::enumeration;
    else
      method = FrontierMethod::anytime_search;
  }
  Frontier frontier;
  switch (method) {
    case FrontierMethod::linear_dp:
      frontier = detail::linear_dp_frontier(scenario, options);
      break;
    case FrontierMethod::enumeration:
      frontier = detail::enumerate_frontier(scenario, options);
      break;
    case FrontierMethod::anytime_search:
    case FrontierMethod::automatic:
      frontier = detail::search_frontier(scenario, options);
      break;
  }
  frontier.tolerance = options.tolerance;
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
