// Bargaining solutions over the individually rational frontier (Nash 1950, Kalai-Smorodinsky
// 1975, egalitarian Kalai 1977, utilitarian) and, for two parties, their lottery versions over
// the upper convex hull. Tie-breaking as documented in parley/analysis.hpp.
#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>

#include "analysis/enum_names.hpp"
#include "parley/analysis/analysis.hpp"

namespace parley {

const char* to_string(SolutionKind kind) noexcept {
  return detail::kSolutionKindNames.name(kind, "unknown");
}

const char* title(SolutionKind kind) noexcept {
  switch (kind) {
    case SolutionKind::nash:
      return "Nash bargaining solution";
    case SolutionKind::kalai_smorodinsky:
      return "Kalai-Smorodinsky solution";
    case SolutionKind::egalitarian:
      return "Egalitarian solution";
    case SolutionKind::utilitarian:
      return "Utilitarian solution";
    case SolutionKind::nash_lottery:
      return "Nash solution with a lottery";
    case SolutionKind::kalai_smorodinsky_lottery:
      return "Kalai-Smorodinsky solution with a lottery";
  }
  return "unknown";
}

bool is_lottery(SolutionKind kind) noexcept {
  return kind == SolutionKind::nash_lottery || kind == SolutionKind::kalai_smorodinsky_lottery;
}

namespace {

// What every criterion needs about the IR frontier.
struct Bargaining {
  std::vector<double> reservation;
  std::vector<double> ideal;       // best IR utility of each party
  std::vector<double> ideal_gain;  // ideal - reservation, >= 0
  double tolerance = 1e-9;

  double gain(const std::vector<double>& u, std::size_t j) const {
    return std::max(0.0, u[j] - reservation[j]);
  }
  // Gain relative to the ideal gain; a party that cannot gain anything counts as satisfied.
  double relative_gain(const std::vector<double>& u, std::size_t j) const {
    return ideal_gain[j] > 0.0 ? std::min(1.0, gain(u, j) / ideal_gain[j]) : 1.0;
  }
  double relative_sum(const std::vector<double>& u) const {
    double sum = 0.0;
    for (std::size_t j = 0; j < reservation.size(); ++j) sum += relative_gain(u, j);
    return sum;
  }
  double nash(const std::vector<double>& u) const {
    double product = 1.0;
    for (std::size_t j = 0; j < reservation.size(); ++j) product *= gain(u, j);
    return product;
  }
  double kalai_smorodinsky(const std::vector<double>& u) const {
    double smallest = std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < reservation.size(); ++j)
      smallest = std::min(smallest, relative_gain(u, j));
    return smallest;
  }
  double egalitarian(const std::vector<double>& u) const {
    double smallest = std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < reservation.size(); ++j) smallest = std::min(smallest, gain(u, j));
    return smallest;
  }
  static double utilitarian(const std::vector<double>& u) {
    double sum = 0.0;
    for (double value : u) sum += value;
    return sum;
  }
};

Bargaining make_bargaining(const Scenario& scenario, const std::vector<Package>& candidates) {
  Bargaining b;
  const std::size_t parties = scenario.party_count();
  for (std::size_t j = 0; j < parties; ++j) {
    b.reservation.push_back(scenario.party(j).reservation_value);
    double best = -std::numeric_limits<double>::infinity();
    for (const auto& package : candidates) best = std::max(best, package.utilities[j]);
    b.ideal.push_back(best);
    b.ideal_gain.push_back(std::max(0.0, best - b.reservation[j]));
  }
  return b;
}

Solution pure_solution(SolutionKind kind, const Package& package, const Bargaining& b,
                       double criterion) {
  Solution s;
  s.kind = kind;
  s.packages = {package};
  s.probabilities = {1.0};
  s.utilities = package.utilities;
  for (std::size_t j = 0; j < b.reservation.size(); ++j)
    s.gains.push_back(package.utilities[j] - b.reservation[j]);
  s.criterion = criterion;
  return s;
}

// The candidate maximising `criterion` (values within tolerance * scale tie), then the largest
// sum of relative gains (within tolerance * parties), then the first in frontier order.
std::size_t best_candidate(const std::vector<Package>& candidates, const Bargaining& b,
                           const std::function<double(const std::vector<double>&)>& criterion,
                           double scale, double tolerance) {
  std::vector<double> values(candidates.size());
  double top = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    values[k] = criterion(candidates[k].utilities);
    top = std::max(top, values[k]);
  }
  const double value_slack = tolerance * (scale > 0.0 ? scale : 1.0);
  const double tie_slack = tolerance * static_cast<double>(b.reservation.size());
  double top_tie = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < candidates.size(); ++k)
    if (values[k] >= top - value_slack)
      top_tie = std::max(top_tie, b.relative_sum(candidates[k].utilities));
  for (std::size_t k = 0; k < candidates.size(); ++k)
    if (values[k] >= top - value_slack &&
        b.relative_sum(candidates[k].utilities) >= top_tie - tie_slack)
      return k;
  return 0;
}

// A point of the two-party upper hull: a vertex (fraction 0) or a lottery between hull vertices
// `from` and `from + 1` with probability `fraction` on the latter.
struct HullPoint {
  std::size_t from = 0;
  double fraction = 0.0;
};

// Upper convex hull of the IR frontier in relative-gain coordinates (x: party 0, y: party 1),
// from the package best for party 1 to the one best for party 0. A point on or below the segment
// between its neighbours (within `tolerance` in these coordinates) is dropped: collinear points
// are no hull vertices, so a lottery never mixes packages of one straight stretch needlessly
// (a single package on the stretch may reach the same point; see single_package_at).
std::vector<std::size_t> upper_hull(const std::vector<Package>& candidates, const Bargaining& b,
                                    std::vector<double>& x, std::vector<double>& y,
                                    double tolerance) {
  std::vector<std::size_t> order(candidates.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = order.size() - 1 - k;  // x ascending
  x.resize(candidates.size());
  y.resize(candidates.size());
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    x[k] = b.relative_gain(candidates[k].utilities, 0);
    y[k] = b.relative_gain(candidates[k].utilities, 1);
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t p, std::size_t q) {
    return x[p] != x[q] ? x[p] < x[q] : y[p] > y[q];
  });
  std::vector<std::size_t> hull;
  for (std::size_t k : order) {
    if (!hull.empty() && x[k] - x[hull.back()] <= tolerance && y[k] <= y[hull.back()] + tolerance)
      continue;  // (almost) the same x as the last vertex, and not higher: below the hull
    while (hull.size() >= 2) {
      const std::size_t a = hull[hull.size() - 2], m = hull.back();
      // Signed distance of m above the line a-k (positive: m is a true vertex).
      const double cross = (x[m] - x[a]) * (y[k] - y[a]) - (y[m] - y[a]) * (x[k] - x[a]);
      const double length = std::hypot(x[k] - x[a], y[k] - y[a]);
      if (cross >= -tolerance * length) {
        hull.pop_back();  // m lies below the segment a-k, or on it within tolerance
      } else {
        break;
      }
    }
    hull.push_back(k);
  }
  return hull;
}

// The candidate whose utilities equal `utilities` within tolerance x each party's spread over
// the candidates, if any (the first in frontier order).
std::optional<std::size_t> single_package_at(const std::vector<Package>& candidates,
                                             const std::vector<double>& utilities,
                                             double tolerance) {
  const std::size_t parties = utilities.size();
  std::vector<double> low(parties, std::numeric_limits<double>::infinity());
  std::vector<double> high(parties, -std::numeric_limits<double>::infinity());
  for (const auto& package : candidates)
    for (std::size_t j = 0; j < parties; ++j) {
      low[j] = std::min(low[j], package.utilities[j]);
      high[j] = std::max(high[j], package.utilities[j]);
    }
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    bool same = true;
    for (std::size_t j = 0; j < parties && same; ++j) {
      const double spread = high[j] > low[j] ? high[j] - low[j] : 1.0;
      same = std::abs(candidates[k].utilities[j] - utilities[j]) <= tolerance * spread;
    }
    if (same) return k;
  }
  return std::nullopt;
}

// The lottery at `point`. The hull has no vertex on a straight stretch, so the draw is made
// between the packages on the stretch (within tolerance of the segment, in relative-gain
// coordinates x, y) nearest to the expected point on either side: the same expected utilities
// with the smallest gamble. A package at the expected point itself makes the draw needless.
Solution lottery_solution(SolutionKind kind, const std::vector<Package>& candidates,
                          const std::vector<std::size_t>& hull, const HullPoint& point,
                          const std::vector<double>& x, const std::vector<double>& y,
                          const Bargaining& b, double criterion) {
  const std::size_t p = hull[point.from];
  if (point.fraction <= 0.0 || point.from + 1 >= hull.size())
    return pure_solution(kind, candidates[p], b, criterion);
  const std::size_t q = hull[point.from + 1];
  if (point.fraction >= 1.0) return pure_solution(kind, candidates[q], b, criterion);
  std::vector<double> expected;
  for (std::size_t j = 0; j < b.reservation.size(); ++j)
    expected.push_back((1.0 - point.fraction) * candidates[p].utilities[j] +
                       point.fraction * candidates[q].utilities[j]);
  if (const auto single = single_package_at(candidates, expected, b.tolerance))
    return pure_solution(kind, candidates[*single], b, criterion);
  // Neighbours on the stretch: x rises from p to q; the expected point is at ex.
  const double ex = x[p] + point.fraction * (x[q] - x[p]);
  const double length = std::hypot(x[q] - x[p], y[q] - y[p]);
  std::size_t left = p, right = q;
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    const double cross = (x[q] - x[p]) * (y[k] - y[p]) - (y[q] - y[p]) * (x[k] - x[p]);
    if (std::abs(cross) > b.tolerance * length) continue;  // off the stretch
    if (x[k] <= ex && x[k] > x[left]) left = k;
    if (x[k] >= ex && x[k] < x[right]) right = k;
  }
  const double fraction = x[right] > x[left] ? (ex - x[left]) / (x[right] - x[left]) : 0.0;
  const Package& first = candidates[left];
  const Package& second = candidates[right];
  Solution s;
  s.kind = kind;
  s.packages = {first, second};
  s.probabilities = {1.0 - fraction, fraction};
  for (std::size_t j = 0; j < b.reservation.size(); ++j) {
    const double u =
        s.probabilities[0] * first.utilities[j] + s.probabilities[1] * second.utilities[j];
    s.utilities.push_back(u);
    s.gains.push_back(u - b.reservation[j]);
  }
  s.criterion = criterion;
  return s;
}

// Nash over lotteries: maximise x*y (proportional to the product of gains) on each hull
// segment; on the segment P + s (Q - P) the product is a concave quadratic in s with its top at
// s* = -(dx Py + dy Px) / (2 dx dy). Vertices win ties over lotteries.
HullPoint nash_on_hull(const std::vector<std::size_t>& hull, const std::vector<double>& x,
                       const std::vector<double>& y, double tolerance) {
  HullPoint best;
  double top = -1.0;
  for (std::size_t k = 0; k < hull.size(); ++k) {
    const double value = x[hull[k]] * y[hull[k]];
    if (value > top + tolerance) top = value, best = HullPoint{k, 0.0};
  }
  for (std::size_t k = 0; k + 1 < hull.size(); ++k) {
    const double px = x[hull[k]], py = y[hull[k]];
    const double dx = x[hull[k + 1]] - px, dy = y[hull[k + 1]] - py;
    if (!(dx * dy < 0.0)) continue;
    const double s = -(dx * py + dy * px) / (2.0 * dx * dy);
    if (!(s > tolerance && s < 1.0 - tolerance)) continue;
    const double value = (px + s * dx) * (py + s * dy);
    if (value > top + tolerance) top = value, best = HullPoint{k, s};
  }
  return best;
}

// Kalai-Smorodinsky over lotteries: the hull point on the diagonal x = y (the line from the
// disagreement point to the ideal point in relative-gain coordinates). Along the hull x rises
// and y falls, so x - y changes sign once.
HullPoint kalai_smorodinsky_on_hull(const std::vector<std::size_t>& hull,
                                    const std::vector<double>& x, const std::vector<double>& y,
                                    double tolerance) {
  for (std::size_t k = 0; k < hull.size(); ++k) {
    const double difference = x[hull[k]] - y[hull[k]];
    if (std::abs(difference) <= tolerance) return HullPoint{k, 0.0};
    if (difference > 0.0) {
      if (k == 0) return HullPoint{0, 0.0};
      const double before = x[hull[k - 1]] - y[hull[k - 1]];
      return HullPoint{k - 1, -before / (difference - before)};
    }
  }
  return HullPoint{hull.size() - 1, 0.0};
}

}  // namespace

std::vector<Solution> bargaining_solutions(const Scenario& scenario, const AgreementZone& zone,
                                           double tolerance, bool lotteries) {
  std::vector<Solution> solutions;
  const auto& candidates = zone.rational_frontier;
  if (candidates.empty()) return solutions;
  Bargaining b = make_bargaining(scenario, candidates);
  b.tolerance = tolerance;
  const std::size_t parties = scenario.party_count();

  double nash_scale = 1.0, egalitarian_scale = 0.0, utilitarian_scale = 0.0;
  for (std::size_t j = 0; j < parties; ++j) {
    nash_scale *= b.ideal_gain[j];
    egalitarian_scale = std::max(egalitarian_scale, b.ideal_gain[j]);
    utilitarian_scale += std::abs(b.ideal[j]);
  }
  auto add = [&](SolutionKind kind, const std::function<double(const std::vector<double>&)>& f,
                 double scale) {
    const std::size_t k = best_candidate(candidates, b, f, scale, tolerance);
    solutions.push_back(pure_solution(kind, candidates[k], b, f(candidates[k].utilities)));
  };
  add(
      SolutionKind::nash, [&](const std::vector<double>& u) { return b.nash(u); }, nash_scale);
  add(
      SolutionKind::kalai_smorodinsky,
      [&](const std::vector<double>& u) { return b.kalai_smorodinsky(u); }, 1.0);
  add(
      SolutionKind::egalitarian, [&](const std::vector<double>& u) { return b.egalitarian(u); },
      egalitarian_scale);
  add(SolutionKind::utilitarian, &Bargaining::utilitarian, utilitarian_scale);
  if (parties != 2 || !lotteries) return solutions;

  if (b.ideal_gain[0] <= 0.0 || b.ideal_gain[1] <= 0.0) {
    // One party cannot gain anything: no lottery helps, the pure solutions stand.
    Solution nash = solutions[0], ks = solutions[1];
    nash.kind = SolutionKind::nash_lottery;
    ks.kind = SolutionKind::kalai_smorodinsky_lottery;
    solutions.push_back(nash);
    solutions.push_back(ks);
    return solutions;
  }
  std::vector<double> x, y;
  const auto hull = upper_hull(candidates, b, x, y, tolerance);
  const HullPoint nash_point = nash_on_hull(hull, x, y, tolerance);
  {
    Solution s =
        lottery_solution(SolutionKind::nash_lottery, candidates, hull, nash_point, x, y, b, 0.0);
    s.criterion = std::max(0.0, s.gains[0]) * std::max(0.0, s.gains[1]);
    solutions.push_back(s);
  }
  const HullPoint ks_point = kalai_smorodinsky_on_hull(hull, x, y, tolerance);
  {
    Solution s = lottery_solution(SolutionKind::kalai_smorodinsky_lottery, candidates, hull,
                                  ks_point, x, y, b, 0.0);
    s.criterion = std::min(std::clamp(s.gains[0] / b.ideal_gain[0], 0.0, 1.0),
                           std::clamp(s.gains[1] / b.ideal_gain[1], 0.0, 1.0));
    solutions.push_back(s);
  }
  return solutions;
}

Analysis analyse(const Scenario& scenario, const AnalysisOptions& options) {
  Analysis analysis;
  analysis.frontier = pareto_frontier(scenario, options.frontier);
  analysis.zone = agreement_zone(scenario, analysis.frontier, options);
  analysis.solutions =
      bargaining_solutions(scenario, analysis.zone, analysis.frontier.tolerance, options.lotteries);
  analysis.indicators = indicators(scenario, analysis.frontier, options);
  const PointScale scale = point_scale(analysis.indicators);
  for (const auto& solution : analysis.solutions) {
    const auto likeliest =
        std::max_element(solution.probabilities.begin(), solution.probabilities.end()) -
        solution.probabilities.begin();
    analysis.explanations.push_back(explain(scenario, solution.packages[likeliest], scale));
  }
  return analysis;
}

}  // namespace parley
