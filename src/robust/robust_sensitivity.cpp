// The sensitivity of the nominal Nash package x* to each party's weights (docs/robust.md,
// "Sensitivity"), the other parties at their mean parameters.
//
// One weight w_k of party i, the party's other weights rescaled in proportion (so that they
// still sum to 1): every package's utility for i is a line in w_k, and so is its Nash product
// g_y (u_i(y) - r_i), g_y the product of the other parties' expected gains. x* stays the Nash
// choice up to the nearest crossing of its line with another package's (or until it stops
// being acceptable to i): the stability interval is exact, one pass over the packages.
//
// The whole weight vector: the smallest L-infinity change (over the simplex) after which some
// package y is at least as good as x*: for each y, the smallest t with
//   min { c . w : w in the simplex, |w - w0| <= t }  <=  e,
//   c = g_x a(x*) - g_y a(y),  e = (g_x - g_y) r_i,
// the inner minimum a greedy fractional knapsack, t found by bisection (to 1e-12); y's that
// cannot beat the best t found so far are skipped after one evaluation.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "robust/robust_internal.hpp"

namespace parley::robust_detail {
namespace {

// min c . w over the simplex within L-infinity distance t of w0; `order` sorts c ascending.
double box_minimum(const std::vector<double>& c, const std::vector<double>& w0,
                   const std::vector<std::size_t>& order, double t, std::vector<double>* argmin) {
  const std::size_t k = c.size();
  double mass = 1.0, value = 0.0;
  std::vector<double> w(k);
  for (std::size_t j = 0; j < k; ++j) {
    w[j] = std::max(0.0, w0[j] - t);
    mass -= w[j];
  }
  for (std::size_t j : order) {
    if (mass <= 0.0) break;
    const double room = std::min(1.0, w0[j] + t) - w[j];
    const double add = std::min(mass, room);
    w[j] += add;
    mass -= add;
  }
  for (std::size_t j = 0; j < k; ++j) value += c[j] * w[j];
  if (argmin) *argmin = std::move(w);
  return value;
}

// The smallest t in [0, 1] with box_minimum(t) <= e, or nullopt (none, or not below `limit`).
std::optional<double> smallest_change(const std::vector<double>& c, double e,
                                      const std::vector<double>& w0, double limit) {
  std::vector<std::size_t> order(c.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return c[a] < c[b]; });
  const double reach = std::min(limit, 1.0);
  if (box_minimum(c, w0, order, reach, nullptr) > e) return std::nullopt;
  double low = 0.0, high = reach;
  if (box_minimum(c, w0, order, 0.0, nullptr) <= e) return 0.0;
  while (high - low > 1e-13) {
    const double mid = (low + high) / 2.0;
    if (box_minimum(c, w0, order, mid, nullptr) <= e)
      high = mid;
    else
      low = mid;
  }
  return high;
}

}  // namespace

std::vector<PartySensitivity> compute_sensitivity(const SensitivityInput& in) {
  const std::size_t n = in.parties.size();
  const std::size_t k = in.space.options.size();
  const std::uint64_t N = in.space.size;
  const std::uint64_t xs = in.nash;
  std::vector<double> mean_r(n);
  for (std::size_t j = 0; j < n; ++j) mean_r[j] = in.parties[j].walk_away.mean();

  std::vector<PartySensitivity> result;
  for (std::size_t i = 0; i < n; ++i) {
    const PartyModel& party = in.parties[i];
    PartySensitivity sensitivity;
    sensitivity.party = i;
    sensitivity.weights_uncertain = party.weights_uncertain();
    if (!party.linear) {
      result.push_back(std::move(sensitivity));
      continue;
    }
    // g_y: the product of the other parties' expected gains (-1: some other party rejects y).
    auto other_gains = [&](std::uint64_t y) {
      double g = 1.0;
      for (std::size_t j = 0; j < n; ++j) {
        if (j == i) continue;
        const double gain = in.expected[j][y] - mean_r[j];
        if (gain < 0.0) return -1.0;
        g *= gain;
      }
      return g;
    };
    const double gx = other_gains(xs);
    const std::vector<double>& w0 = party.mean_weights;
    const double r = mean_r[i];
    std::vector<std::uint32_t> digit(k, 0);
    auto values_of = [&](std::uint64_t y) {
      std::vector<double> a(k);
      in.space.digits(y, digit);
      for (std::size_t issue = 0; issue < k; ++issue)
        a[issue] = party.mean_values[issue][digit[issue]];
      return a;
    };
    const std::vector<double> ax = values_of(xs);
    if (!(gx > 0.0)) {
      result.push_back(std::move(sensitivity));
      continue;
    }
    // Per weight: the stability interval.
    struct Line {
      bool usable = false;
      double t0 = 0.0, alpha_x = 0.0, beta_x = 0.0;
      double low = 0.0, high = 1.0;
      std::uint64_t below = static_cast<std::uint64_t>(-1), above = below;
    };
    std::vector<Line> lines(k);
    const double ex = in.expected[i][xs];
    for (std::size_t issue = 0; issue < k; ++issue) {
      Line& line = lines[issue];
      line.t0 = w0[issue];
      if (line.t0 >= 1.0 - 1e-12) continue;
      line.usable = true;
      const double rest = (ex - line.t0 * ax[issue]) / (1.0 - line.t0);
      line.alpha_x = rest;
      line.beta_x = ax[issue] - rest;
      // x* stays acceptable to i while alpha + beta t >= r.
      if (line.beta_x < 0.0) line.high = std::min(1.0, (r - line.alpha_x) / line.beta_x);
      if (line.beta_x > 0.0) line.low = std::max(0.0, (r - line.alpha_x) / line.beta_x);
    }
    std::optional<double> best_distance;
    std::uint64_t best_y = static_cast<std::uint64_t>(-1);
    bool best_is_rejection = false;
    // x* itself stops being acceptable to i: c = a(x*), e = r (strictly below r).
    if (auto t = smallest_change(ax, r - 1e-12, w0, 1.0)) {
      best_distance = t;
      best_is_rejection = true;
    }
    std::vector<double> a(k);
    digit.assign(k, 0);
    for (std::size_t issue = 0; issue < k; ++issue) a[issue] = party.mean_values[issue][0];
    std::vector<double> c(k);
    for (std::uint64_t y = 0; y < N; ++y) {
      if (!in.space.enumerated()) a = values_of(y);
      if (y != xs) {
        const double gy = other_gains(y);
        if (gy > 0.0) {
          const double ey = in.expected[i][y];
          for (std::size_t issue = 0; issue < k; ++issue) {
            Line& line = lines[issue];
            if (!line.usable) continue;
            const double rest = (ey - line.t0 * a[issue]) / (1.0 - line.t0);
            const double alpha_y = rest, beta_y = a[issue] - rest;
            const double A = gy * (alpha_y - r) - gx * (line.alpha_x - r);
            const double B = gy * beta_y - gx * line.beta_x;
            if (B > 0.0) {
              const double t = std::max(line.t0, -A / B);
              if (t < line.high) {
                line.high = t;
                line.above = y;
              }
            } else if (B < 0.0) {
              const double t = std::min(line.t0, -A / B);
              if (t > line.low) {
                line.low = t;
                line.below = y;
              }
            }
          }
          for (std::size_t j = 0; j < k; ++j) c[j] = gx * ax[j] - gy * a[j];
          const double e = (gx - gy) * r;
          const double limit = best_distance.value_or(1.0);
          if (auto t = smallest_change(c, e, w0, limit)) {
            if (!best_distance || *t < *best_distance) {
              best_distance = t;
              best_y = y;
              best_is_rejection = false;
            }
          }
        }
      }
      if (!in.space.enumerated()) continue;
      for (std::size_t issue = k; issue-- > 0;) {
        if (++digit[issue] < in.space.options[issue].size()) {
          a[issue] = party.mean_values[issue][digit[issue]];
          break;
        }
        digit[issue] = 0;
        a[issue] = party.mean_values[issue][0];
      }
    }
    auto outcome_of = [&](std::uint64_t y) { return in.space.outcome(y); };
    for (std::size_t issue = 0; issue < k; ++issue) {
      const Line& line = lines[issue];
      if (!line.usable) continue;
      WeightStability stability;
      stability.issue = issue;
      stability.nominal = line.t0;
      stability.low = line.low;
      stability.high = line.high;
      if (line.below != static_cast<std::uint64_t>(-1)) stability.below = outcome_of(line.below);
      if (line.above != static_cast<std::uint64_t>(-1)) stability.above = outcome_of(line.above);
      std::vector<double> e(k, 0.0);
      e[issue] = 1.0;
      stability.set_low = party.minimum(e);
      stability.set_high = party.maximum(e);
      sensitivity.weights.push_back(std::move(stability));
    }
    if (best_distance) {
      sensitivity.distance = best_distance;
      std::vector<double> target_c = ax;
      if (!best_is_rejection) {
        sensitivity.flip_to = outcome_of(best_y);
        const std::vector<double> ay = values_of(best_y);
        const double gy = other_gains(best_y);
        for (std::size_t j = 0; j < k; ++j) target_c[j] = gx * ax[j] - gy * ay[j];
      }
      std::vector<std::size_t> order(k);
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(),
                       [&](std::size_t p, std::size_t q) { return target_c[p] < target_c[q]; });
      box_minimum(target_c, w0, order, *best_distance, &sensitivity.flip_weights);
      if (party.weight_set() &&
          party.uncertainty->weight_law != PartyUncertainty::WeightLaw::mixture)
        sensitivity.flip_within_set = party.weight_set()->contains(sensitivity.flip_weights, 1e-9);
    }
    result.push_back(std::move(sensitivity));
  }
  return result;
}

}  // namespace parley::robust_detail
