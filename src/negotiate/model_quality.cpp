// Opponent-model quality measures (parley/negotiate/model_quality.hpp): Pearson correlation,
// Kendall's tau-b by Knight's merge sort and the Pareto-frontier distance as a difference of
// dominated areas, over every outcome of a space or a seeded uniform sample of it.
#include "parley/negotiate/model_quality.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace parley {
namespace {

void check_inputs(std::span<const double> x, std::span<const double> y, const char* what) {
  if (x.size() != y.size())
    throw std::invalid_argument(std::string(what) + ": the two sides have different sizes (" +
                                std::to_string(x.size()) + " and " + std::to_string(y.size()) +
                                ")");
  for (const auto* side : {&x, &y})
    for (const double v : *side)
      if (!std::isfinite(v))
        throw std::invalid_argument(std::string(what) + ": a value is not finite");
}

bool constant(std::span<const double> x) {
  const auto [low, high] = std::minmax_element(x.begin(), x.end());
  return *low == *high;
}

// Pairs among runs of equal values of a sorted sequence: sum of t (t - 1) / 2.
template <class Equal>
std::uint64_t tied_pairs(std::size_t n, Equal equal) {
  std::uint64_t pairs = 0, run = 1;
  for (std::size_t i = 1; i <= n; ++i) {
    if (i < n && equal(i - 1, i)) {
      ++run;
      continue;
    }
    pairs += run * (run - 1) / 2;
    run = 1;
  }
  return pairs;
}

// Sorts `values` ascending by a bottom-up stable merge sort and returns the number of
// inversions (pairs i < j with values[i] > values[j]: equal values are not inversions).
std::uint64_t sort_counting_inversions(std::vector<double>& values) {
  const std::size_t n = values.size();
  std::vector<double> buffer(n);
  std::uint64_t inversions = 0;
  for (std::size_t width = 1; width < n; width *= 2) {
    for (std::size_t low = 0; low < n; low += 2 * width) {
      const std::size_t mid = std::min(low + width, n), high = std::min(low + 2 * width, n);
      std::size_t i = low, j = mid, out = low;
      while (i < mid && j < high) {
        if (values[j] < values[i]) {
          inversions += mid - i;  // values[j] precedes every value left in the first half
          buffer[out++] = values[j++];
        } else {
          buffer[out++] = values[i++];
        }
      }
      while (i < mid) buffer[out++] = values[i++];
      while (j < high) buffer[out++] = values[j++];
    }
    values.swap(buffer);
  }
  return inversions;
}

// Area of the part of the positive quadrant dominated by the points (x[i], y[i]) for i in
// `which`: the union of the rectangles [0, x] x [0, y]. Sorted by x descending, each point higher
// than every point to its right adds the strip between its height and theirs.
double dominated_area(std::span<const double> x, std::span<const double> y,
                      std::vector<std::size_t> which) {
  std::sort(which.begin(), which.end(),
            [&](std::size_t a, std::size_t b) { return x[a] != x[b] ? x[a] > x[b] : y[a] > y[b]; });
  double area = 0.0, height = 0.0;
  for (const std::size_t i : which) {
    const double top = std::max(0.0, y[i]);
    if (top <= height) continue;
    area += std::max(0.0, x[i]) * (top - height);
    height = top;
  }
  return area;
}

// Indices of the outcomes no other outcome dominates in (x, y) (at least as good on both, better
// on one); equal points are all kept. Groups of equal x in descending x: a point survives when it
// has its group's largest y and beats every y of a larger x.
std::vector<std::size_t> non_dominated(std::span<const double> x, std::span<const double> y) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return x[a] != x[b] ? x[a] > x[b] : y[a] > y[b]; });
  std::vector<std::size_t> front;
  bool any_before = false;
  double best_before = 0.0;  // largest y among strictly larger x
  for (std::size_t g = 0; g < order.size();) {
    std::size_t end = g;
    while (end < order.size() && x[order[end]] == x[order[g]]) ++end;
    const double top = y[order[g]];  // the group's largest y (sorted descending)
    if (!any_before || top > best_before)
      for (std::size_t k = g; k < end && y[order[k]] == top; ++k) front.push_back(order[k]);
    best_before = any_before ? std::max(best_before, top) : top;
    any_before = true;
    g = end;
  }
  return front;
}

double unit_double(std::uint64_t bits) noexcept {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

}  // namespace

double pearson_correlation(std::span<const double> x, std::span<const double> y) {
  check_inputs(x, y, "pearson_correlation");
  const std::size_t n = x.size();
  if (n < 2 || constant(x) || constant(y)) return 0.0;
  const double mean_x = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
  const double mean_y = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(n);
  double sxx = 0.0, syy = 0.0, sxy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = x[i] - mean_x, dy = y[i] - mean_y;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx <= 0.0 || syy <= 0.0) return 0.0;
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

double kendall_tau_b(std::span<const double> x, std::span<const double> y) {
  check_inputs(x, y, "kendall_tau_b");
  const std::size_t n = x.size();
  if (n < 2) return 0.0;
  // Knight: sort by (x, y); the pairs discordant are then the inversions of the y sequence.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return x[a] != x[b] ? x[a] < x[b] : y[a] < y[b]; });
  const std::uint64_t tied_x =
      tied_pairs(n, [&](std::size_t a, std::size_t b) { return x[order[a]] == x[order[b]]; });
  const std::uint64_t tied_xy = tied_pairs(n, [&](std::size_t a, std::size_t b) {
    return x[order[a]] == x[order[b]] && y[order[a]] == y[order[b]];
  });
  std::vector<double> ys(n);
  for (std::size_t i = 0; i < n; ++i) ys[i] = y[order[i]];
  const std::uint64_t discordant = sort_counting_inversions(ys);
  const std::uint64_t tied_y =
      tied_pairs(n, [&](std::size_t a, std::size_t b) { return ys[a] == ys[b]; });
  const std::uint64_t pairs = static_cast<std::uint64_t>(n) * (n - 1) / 2;
  if (tied_x == pairs || tied_y == pairs) return 0.0;
  // concordant - discordant = pairs - tied_x - tied_y + tied_xy - 2 discordant.
  const double difference = static_cast<double>(pairs - tied_x - tied_y + tied_xy) -
                            2.0 * static_cast<double>(discordant);
  const double norm = std::sqrt(static_cast<double>(pairs - tied_x)) *
                      std::sqrt(static_cast<double>(pairs - tied_y));
  return std::clamp(difference / norm, -1.0, 1.0);
}

double pareto_frontier_distance(std::span<const double> own, std::span<const double> other_true,
                                std::span<const double> other_estimated) {
  check_inputs(own, other_true, "pareto_frontier_distance");
  check_inputs(own, other_estimated, "pareto_frontier_distance");
  if (own.empty()) return 0.0;
  // Dominated points add nothing to the area, so every outcome stands for the true frontier.
  std::vector<std::size_t> all(own.size());
  std::iota(all.begin(), all.end(), std::size_t{0});
  const double true_area = dominated_area(own, other_true, std::move(all));
  const double seen_area = dominated_area(own, other_true, non_dominated(own, other_estimated));
  return std::max(0.0, true_area - seen_area);
}

ModelQuality measure_model_quality(const Scenario& scenario, std::size_t modeller,
                                   std::size_t modelled,
                                   const std::function<double(const Outcome&)>& estimate,
                                   const ModelQualityOptions& options) {
  if (modeller >= scenario.party_count() || modelled >= scenario.party_count())
    throw std::invalid_argument("measure_model_quality: party index out of range (" +
                                std::to_string(modeller) + ", " + std::to_string(modelled) +
                                " of " + std::to_string(scenario.party_count()) + " parties)");
  ModelQuality quality;
  quality.modeller = modeller;
  quality.modelled = modelled;
  const OutcomeSpace& space = scenario.space();
  const bool enumerate = space.fits_index() && space.size() <= options.outcome_limit;
  const std::size_t count =
      static_cast<std::size_t>(enumerate ? space.size() : options.outcome_limit);
  std::vector<double> own, other, estimated;
  own.reserve(count);
  other.reserve(count);
  estimated.reserve(count);
  auto add = [&](const Outcome& outcome) {
    own.push_back(scenario.utility(modeller, outcome));
    other.push_back(scenario.utility(modelled, outcome));
    const double e = estimate(outcome);
    if (!std::isfinite(e))
      throw std::invalid_argument("measure_model_quality: the estimate is not finite for " +
                                  scenario.describe(outcome));
    estimated.push_back(e);
  };
  Outcome outcome(space.issue_count(), 0);
  if (enumerate) {
    if (count > 0) {
      do add(outcome);
      while (space.next(outcome));
    }
  } else {
    std::mt19937_64 rng(options.seed);
    const auto& cards = space.cardinalities();
    for (std::size_t s = 0; s < count; ++s) {
      for (std::size_t i = 0; i < cards.size(); ++i)
        outcome[i] = std::min(cards[i] - 1, static_cast<ValueIndex>(unit_double(rng()) *
                                                                    static_cast<double>(cards[i])));
      add(outcome);
    }
  }
  quality.outcomes = own.size();
  quality.exact = enumerate && !scenario.has_real_issues();
  quality.pearson = pearson_correlation(other, estimated);
  quality.kendall_tau = kendall_tau_b(other, estimated);
  quality.frontier_distance = pareto_frontier_distance(own, other, estimated);
  return quality;
}

}  // namespace parley
