// The parties' laws for analyse_robust() (robust.cpp): draws, mean weights, the range of a
// package's utility over the uncertainty set, and exact acceptance probabilities.
//
// analyse_robust() makes three passes over the packages (index order: the first issue varies
// slowest):
//  1. the laws: per party, Monte Carlo draws of (weights, option values, walk-away), generated
//     sequentially from a stream seeded by (seed, party) so that the same seed gives the same
//     draws whatever the number of threads, and the mean weights (exact where possible);
//  2. per package and party: E[u], [min, max] u over the uncertainty set and, where an exact
//     method applies, P(accept);
//  3. per draw: every package's utility for every party, built as an outer sum of the issues'
//     contribution tables (2N additions, vectorisable), counting acceptances (for the parties
//     without an exact method) and finding the Nash and KS choices (SMAA). Draws are split over
//     threads; counts are integers, so their sums do not depend on the split.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <random>
#include <thread>

#include "parley/model/uncertainty.hpp"
#include "parley/model/utility.hpp"
#include "parley/robust/robust.hpp"
#include "parley/support/error.hpp"
#include "robust/robust_internal.hpp"
#include "support/random.hpp"

namespace parley {

namespace robust_detail {
namespace {

// A standard normal draw (Marsaglia's polar method: +, *, /, sqrt and log).
double normal(std::mt19937_64& random) {
  for (;;) {
    const double a = 2.0 * uniform_unit(random) - 1.0;
    const double b = 2.0 * uniform_unit(random) - 1.0;
    const double s = a * a + b * b;
    if (s > 0.0 && s < 1.0) return a * std::sqrt(-2.0 * std::log(s) / s);
  }
}

// A Gamma(shape, 1) draw (Marsaglia & Tsang 2000; shape < 1 through shape + 1 and U^(1/shape)).
double gamma(std::mt19937_64& random, double shape) {
  if (shape < 1.0) {
    const double g = gamma(random, shape + 1.0);
    double u = uniform_unit(random);
    while (u <= 0.0) u = uniform_unit(random);
    return g * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = normal(random);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform_unit(random);
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0.0 && std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

// A number for people (6 significant digits): ranges computed from the vertices.
std::string short_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

double draw_walk_away(const WalkAwayLaw& law, std::mt19937_64& random) {
  switch (law.kind) {
    case WalkAwayLaw::Kind::point:
      return law.low;
    case WalkAwayLaw::Kind::uniform:
      return law.low + (law.high - law.low) * uniform_unit(random);
    case WalkAwayLaw::Kind::triangular: {
      const double u = uniform_unit(random);
      const double width = law.high - law.low;
      const double split = (law.mode - law.low) / width;
      if (u < split) return law.low + std::sqrt(u * width * (law.mode - law.low));
      return law.high - std::sqrt((1.0 - u) * width * (law.high - law.mode));
    }
    case WalkAwayLaw::Kind::discrete: {
      const double u = uniform_unit(random);
      double sum = 0.0;
      for (const auto& [value, probability] : law.atoms) {
        sum += probability;
        if (u < sum) return value;
      }
      return law.atoms.back().first;
    }
  }
  return law.low;
}

}  // namespace

PartyModel::PartyModel(const Scenario& scenario, std::size_t party,
                       const std::vector<std::vector<ValueIndex>>& options,
                       std::optional<double> walk_away_value,
                       const std::vector<std::pair<std::size_t, double>>& changes)
    : index(party), weight_changes(changes) {
  const Party& p = scenario.party(party);
  uncertainty = p.uncertainty.get();
  linear = p.utility->as_linear_additive();
  if (uncertainty && !linear)
    throw UnsupportedError("party '" + p.name +
                           "' has uncertainty but a nonlinear utility (robust analysis needs "
                           "weights and value functions)");
  if (!linear && !changes.empty())
    throw InputError("options", std::nullopt, "weight",
                     "a weight change for party '" + p.name + "', whose utility is nonlinear",
                     "weight changes for parties given by weights and value functions");
  const std::size_t k = scenario.issue_count();
  if (linear) {
    nominal_weights = linear->weights();
    mean_values.resize(k);
    low_values.resize(k);
    high_values.resize(k);
    for (std::size_t i = 0; i < k; ++i) {
      for (ValueIndex v : options[i]) {
        double low = linear->value_utility(i, v), high = low;
        if (uncertainty && uncertainty->values_uncertain()) {
          low = uncertainty->value_low[i][v];
          high = uncertainty->value_high[i][v];
        }
        low_values[i].push_back(low);
        high_values[i].push_back(high);
        mean_values[i].push_back((low + high) / 2.0);
      }
    }
  }
  walk_away = uncertainty ? uncertainty->walk_away : WalkAwayLaw::point(p.reservation_value);
  if (walk_away_value) walk_away = WalkAwayLaw::point(*walk_away_value);
  if (uncertainty) {
    mixture = uncertainty->mixture;
  }
  if (changes.empty()) return;
  double fixed_total = 0.0;
  for (const auto& [issue, value] : changes) fixed_total += value;
  if (fixed_total > 1.0 + 1e-12)
    throw InputError(
        "options", std::nullopt, "weight",
        "weights of party '" + p.name + "' set to values summing to " + format_number(fixed_total),
        "values summing to at most 1");
  rescale(nominal_weights.data());
  for (auto& component : mixture) rescale(component.weights.data());
  if (weight_set() && uncertainty->weight_law == PartyUncertainty::WeightLaw::uniform) {
    std::vector<WeightStatement> statements = weight_set()->statements();
    for (const auto& [issue, value] : changes) {
      WeightStatement statement;
      statement.coefficients.assign(k, 0.0);
      statement.coefficients[issue] = 1.0;
      statement.lower = statement.upper = value;
      statement.text =
          "what-if: weight of " + scenario.issue(issue).name() + " set to " + format_number(value);
      statement.field = "weight";
      statements.push_back(std::move(statement));
    }
    own_set.emplace(k, std::move(statements));
    if (own_set->empty()) {
      const WeightSet& given = *uncertainty->weight_set;
      std::string ranges, asked;
      for (const auto& [issue, value] : changes) {
        asked += (asked.empty() ? "" : ", ") + scenario.issue(issue).name() + " = " +
                 format_number(value);
        std::vector<double> e(k, 0.0);
        e[issue] = 1.0;
        ranges += (ranges.empty() ? "" : "; ") + scenario.issue(issue).name() + " from " +
                  short_number(given.minimum(e)) + " to " + short_number(given.maximum(e));
      }
      own_set.reset();
      throw InputError(
          "options", std::nullopt, "weight",
          "party '" + p.name + "': weight of " + asked + ", which its statements do not allow",
          "values its statements allow (alone: " + ranges + ")");
    }
  }
}

// What-if weights: the changed issues take their values, the others share the rest in
// proportion to their current weights (equally when they are all 0).
void PartyModel::rescale(double* w) const {
  if (weight_changes.empty()) return;
  const std::size_t k = nominal_weights.size();
  std::vector<bool> changed(k, false);
  double fixed_total = 0.0, rest = 0.0;
  for (const auto& [issue, value] : weight_changes) {
    changed[issue] = true;
    fixed_total += value;
  }
  std::size_t free_count = 0;
  for (std::size_t i = 0; i < k; ++i)
    if (!changed[i]) {
      rest += w[i];
      ++free_count;
    }
  for (const auto& [issue, value] : weight_changes) w[issue] = value;
  for (std::size_t i = 0; i < k; ++i) {
    if (changed[i]) continue;
    w[i] = rest > 0.0 ? w[i] * (1.0 - fixed_total) / rest
                      : (1.0 - fixed_total) / static_cast<double>(free_count);
  }
}

bool PartyModel::weights_uncertain() const {
  return uncertainty && uncertainty->weights_uncertain();
}
bool PartyModel::values_uncertain() const { return uncertainty && uncertainty->values_uncertain(); }

// How P(accept) is computed for this party.
void PartyModel::choose_method(bool force_monte_carlo) {
  const bool uncertain =
      weights_uncertain() || values_uncertain() || walk_away.kind != WalkAwayLaw::Kind::point;
  if (force_monte_carlo && linear && uncertain) {
    acceptance_method = "Monte Carlo (asked for)";
    exact_acceptance = false;
    return;
  }
  if (!linear) {
    acceptance_method = "exact (known utility)";
    exact_acceptance = true;
    return;
  }
  if (values_uncertain()) {
    acceptance_method = "Monte Carlo (uncertain option values)";
    exact_acceptance = false;
    return;
  }
  if (!weights_uncertain()) {
    acceptance_method = walk_away.kind == WalkAwayLaw::Kind::point
                            ? "exact (known weights and walk-away)"
                            : "exact (known weights; walk-away " + walk_away.describe() + ")";
    exact_acceptance = true;
    return;
  }
  switch (uncertainty->weight_law) {
    case PartyUncertainty::WeightLaw::mixture:
      acceptance_method =
          "exact (mixture of " + std::to_string(mixture.size()) + " weight vectors)";
      exact_acceptance = true;
      return;
    case PartyUncertainty::WeightLaw::uniform: {
      const WeightSet& ws = *weight_set();
      if (ws.affine_dimension() <= 2 && ws.exact_shares()) {
        acceptance_method = "exact (uniform weights on a set of dimension " +
                            std::to_string(ws.affine_dimension()) + ")";
        exact_acceptance = true;
        return;
      }
      acceptance_method = "Monte Carlo (hit-and-run, uniform on the weight set of dimension " +
                          std::to_string(ws.affine_dimension()) + ")";
      exact_acceptance = false;
      return;
    }
    case PartyUncertainty::WeightLaw::dirichlet:
      acceptance_method = "Monte Carlo (Dirichlet weights)";
      exact_acceptance = false;
      return;
    case PartyUncertainty::WeightLaw::fixed:
      break;
  }
  exact_acceptance = true;
}

void PartyModel::draw(std::uint64_t samples, std::uint64_t seed, const std::string& name) {
  const std::size_t k = nominal_weights.size();
  std::mt19937_64 random(detail::splitmix64(detail::splitmix64(seed) ^ (index + 1)));
  weight_draws.assign(samples * k, 0.0);
  walk_away_draws.assign(samples, walk_away.low);
  std::size_t option_total = 0;
  for (const auto& values : low_values) option_total += values.size();
  if (values_uncertain()) value_draws.assign(samples * option_total, 0.0);
  const bool uniform =
      weights_uncertain() && uncertainty->weight_law == PartyUncertainty::WeightLaw::uniform;
  std::vector<double> state;
  std::size_t thinning = 1;
  if (uniform) {
    const WeightSet& ws = *weight_set();
    state = ws.interior_point();
    const std::size_t d = ws.affine_dimension();
    thinning = std::max<std::size_t>(10, 5 * d * d);
    for (std::size_t b = 0; b < 20 * thinning; ++b) ws.step(state, random);
  }
  std::uint64_t rejected = 0;
  for (std::uint64_t s = 0; s < samples; ++s) {
    double* w = weight_draws.data() + s * k;
    if (!weights_uncertain()) {
      std::copy(nominal_weights.begin(), nominal_weights.end(), w);
    } else {
      switch (uncertainty->weight_law) {
        case PartyUncertainty::WeightLaw::uniform: {
          const WeightSet& ws = *weight_set();
          for (std::size_t t = 0; t < thinning; ++t) ws.step(state, random);
          std::copy(state.begin(), state.end(), w);
          break;
        }
        case PartyUncertainty::WeightLaw::mixture: {
          const double u = uniform_unit(random);
          double sum = 0.0;
          const WeightMixtureComponent* chosen = &mixture.back();
          for (const auto& component : mixture) {
            sum += component.probability;
            if (u < sum) {
              chosen = &component;
              break;
            }
          }
          std::copy(chosen->weights.begin(), chosen->weights.end(), w);
          break;
        }
        case PartyUncertainty::WeightLaw::dirichlet: {
          const WeightSet& ws = *weight_set();
          for (;;) {
            double total = 0.0;
            for (std::size_t i = 0; i < k; ++i)
              total += w[i] = gamma(random, uncertainty->dirichlet_alpha[i]);
            for (std::size_t i = 0; i < k; ++i) w[i] /= total;
            if (ws.statements().empty() || ws.contains({w, k}, 0.0)) {
              rescale(w);
              break;
            }
            if (++rejected > 1000 * samples + 100'000)
              throw UnsupportedError(
                  "party '" + name +
                  "': the Dirichlet law puts too little probability on the weights its "
                  "statements allow (fewer than one draw in 1,000 accepted); widen the "
                  "statements or lower the concentration");
          }
          break;
        }
        case PartyUncertainty::WeightLaw::fixed:
          std::copy(nominal_weights.begin(), nominal_weights.end(), w);
          break;
      }
    }
    if (values_uncertain()) {
      double* v = value_draws.data() + s * option_total;
      for (std::size_t i = 0; i < k; ++i)
        for (std::size_t o = 0; o < low_values[i].size(); ++o) {
          const double low = low_values[i][o], high = high_values[i][o];
          *v++ = low == high ? low : low + (high - low) * uniform_unit(random);
        }
    }
    walk_away_draws[s] = draw_walk_away(walk_away, random);
  }
  option_count = option_total;
}

void PartyModel::compute_mean_weights(std::uint64_t samples) {
  const std::size_t k = nominal_weights.size();
  mean_weights_exact = true;
  if (!weights_uncertain()) {
    mean_weights = nominal_weights;
    return;
  }
  switch (uncertainty->weight_law) {
    case PartyUncertainty::WeightLaw::mixture:
      mean_weights.assign(k, 0.0);
      for (const auto& component : mixture)
        for (std::size_t i = 0; i < k; ++i)
          mean_weights[i] += component.probability * component.weights[i];
      return;
    case PartyUncertainty::WeightLaw::uniform: {
      const WeightSet& ws = *weight_set();
      if (ws.affine_dimension() <= 2 && ws.exact_shares()) {
        mean_weights = ws.centroid();
        return;
      }
      break;
    }
    case PartyUncertainty::WeightLaw::dirichlet:
      if (weight_set()->statements().empty() && weight_changes.empty()) {
        const double total = std::accumulate(uncertainty->dirichlet_alpha.begin(),
                                             uncertainty->dirichlet_alpha.end(), 0.0);
        mean_weights.assign(k, 0.0);
        for (std::size_t i = 0; i < k; ++i)
          mean_weights[i] = uncertainty->dirichlet_alpha[i] / total;
        return;
      }
      break;
    case PartyUncertainty::WeightLaw::fixed:
      break;
  }
  // The mean of the draws (Monte Carlo).
  mean_weights_exact = false;
  mean_weights.assign(k, 0.0);
  for (std::uint64_t s = 0; s < samples; ++s)
    for (std::size_t i = 0; i < k; ++i) mean_weights[i] += weight_draws[s * k + i];
  for (double& w : mean_weights) w /= static_cast<double>(std::max<std::uint64_t>(samples, 1));
}

double PartyModel::minimum(const std::vector<double>& a) const {
  if (!weights_uncertain()) return dot(nominal_weights, a);
  if (uncertainty->weight_law == PartyUncertainty::WeightLaw::mixture) {
    double best = std::numeric_limits<double>::infinity();
    for (const auto& component : mixture) best = std::min(best, dot(component.weights, a));
    return best;
  }
  return weight_set()->minimum(a);
}

double PartyModel::maximum(const std::vector<double>& a) const {
  if (!weights_uncertain()) return dot(nominal_weights, a);
  if (uncertainty->weight_law == PartyUncertainty::WeightLaw::mixture) {
    double best = -std::numeric_limits<double>::infinity();
    for (const auto& component : mixture) best = std::max(best, dot(component.weights, a));
    return best;
  }
  return weight_set()->maximum(a);
}

double PartyModel::share_at_least(const std::vector<double>& a, double t) const {
  if (!weights_uncertain()) return dot(nominal_weights, a) >= t ? 1.0 : 0.0;
  if (uncertainty->weight_law == PartyUncertainty::WeightLaw::mixture) {
    double p = 0.0;
    for (const auto& component : mixture)
      if (dot(component.weights, a) >= t) p += component.probability;
    return p;
  }
  return weight_set()->share_at_least(a, t);
}

// P(u >= r) exactly, for a party whose option values are known (a = the package's values).
double PartyModel::exact_acceptance_of(const std::vector<double>& a) const {
  if (!weights_uncertain()) return walk_away.probability_at_most(dot(nominal_weights, a));
  if (uncertainty->weight_law == PartyUncertainty::WeightLaw::mixture) {
    double p = 0.0;
    for (const auto& component : mixture)
      p += component.probability * walk_away.probability_at_most(dot(component.weights, a));
    return p;
  }
  // Uniform on a set of dimension <= 2.
  const double lo = minimum(a), hi = maximum(a);
  if (hi - lo <= 1e-12 * std::max(1.0, std::fabs(hi))) return walk_away.probability_at_most(lo);
  switch (walk_away.kind) {
    case WalkAwayLaw::Kind::point:
      return share_at_least(a, walk_away.low);
    case WalkAwayLaw::Kind::discrete: {
      double p = 0.0;
      for (const auto& [value, probability] : walk_away.atoms)
        p += probability * share_at_least(a, value);
      return p;
    }
    case WalkAwayLaw::Kind::uniform:
    case WalkAwayLaw::Kind::triangular: {
      // P = integral of density(t) * share(u >= t) dt. Between consecutive breakpoints (the
      // values of a.w at the vertices, where share's formula changes, and the density's own)
      // the integrand is a polynomial of degree <= 3 (share: degree <= 2 for a polygon,
      // density: degree <= 1), which Simpson's rule integrates exactly.
      std::vector<double> points = walk_away.density_breakpoints();
      for (const auto& vertex : weight_set()->vertices()) points.push_back(dot(vertex, a));
      std::sort(points.begin(), points.end());
      double p = 0.0;
      // Below the law's support the density is 0; above the largest utility share is 0; below
      // the smallest utility share is 1 and the density integrates to the CDF.
      const double from = walk_away.low, to = walk_away.high;
      std::vector<double> cuts{from};
      for (double x : points)
        if (x > from && x < to) cuts.push_back(x);
      cuts.push_back(to);
      for (std::size_t j = 0; j + 1 < cuts.size(); ++j) {
        const double x0 = cuts[j], x1 = cuts[j + 1];
        if (x1 <= x0) continue;
        const double xm = (x0 + x1) / 2.0;
        const double d0 = density_on_piece(x0, x0, x1), dm = density_on_piece(xm, x0, x1),
                     d1 = density_on_piece(x1, x0, x1);
        p += (x1 - x0) / 6.0 *
             (d0 * share_at_least(a, x0) + 4.0 * dm * share_at_least(a, xm) +
              d1 * share_at_least(a, x1));
      }
      return std::clamp(p, 0.0, 1.0);
    }
  }
  return 0.0;
}

// The density of the walk-away law on the piece [x0, x1], extended continuously to its ends.
double PartyModel::density_on_piece(double x, double x0, double x1) const {
  const double inside = std::clamp(x, x0 + (x1 - x0) * 1e-9, x1 - (x1 - x0) * 1e-9);
  if (walk_away.kind == WalkAwayLaw::Kind::uniform) return walk_away.density(inside);
  // Triangular: linear on each side of the mode; evaluate the side the piece lies on.
  const WalkAwayLaw& law = walk_away;
  const double width = law.high - law.low;
  if (inside <= law.mode)
    return law.mode == law.low ? 2.0 / width : 2.0 * (x - law.low) / (width * (law.mode - law.low));
  return law.mode == law.high ? 2.0 / width
                              : 2.0 * (law.high - x) / (width * (law.high - law.mode));
}

double dot(const std::vector<double>& w, const std::vector<double>& a) {
  double sum = 0.0;
  for (std::size_t i = 0; i < w.size(); ++i) sum += w[i] * a[i];
  return sum;
}

}  // namespace robust_detail

std::vector<Party> draw_preferences(const Scenario& scenario, std::size_t party,
                                    std::uint64_t samples, std::uint64_t seed) {
  Party nominal = scenario.party(party);
  if (!nominal.uncertainty) return std::vector<Party>(samples, nominal);
  std::vector<std::vector<ValueIndex>> options(scenario.issue_count());
  for (std::size_t k = 0; k < scenario.issue_count(); ++k)
    for (std::uint32_t v = 0; v < scenario.issue(k).cardinality(); ++v) options[k].push_back(v);
  robust_detail::PartyModel model(scenario, party, options, std::nullopt, {});
  model.draw(samples, seed, nominal.name);
  nominal.uncertainty.reset();
  const std::size_t k = scenario.issue_count();
  std::vector<Party> parties;
  parties.reserve(samples);
  for (std::uint64_t s = 0; s < samples; ++s) {
    const auto first = model.weight_draws.begin() + static_cast<std::ptrdiff_t>(s * k);
    std::vector<double> weights(first, first + static_cast<std::ptrdiff_t>(k));
    std::vector<ValueFunction> functions;
    const double* v =
        model.values_uncertain()
            ? model.value_draws.data() + static_cast<std::size_t>(s) * model.option_count
            : nullptr;
    for (std::size_t i = 0; i < k; ++i) {
      std::vector<double> table;
      for (std::size_t o = 0; o < model.low_values[i].size(); ++o)
        table.push_back(v ? *v++ : model.low_values[i][o]);
      functions.push_back(ValueFunction::from_utilities(std::move(table)));
    }
    Party drawn = nominal;
    drawn.utility = std::make_shared<LinearAdditiveUtility>(scenario.issues(), std::move(weights),
                                                            std::move(functions));
    drawn.reservation_value = model.walk_away_draws[s];
    drawn.reservation_outcome.reset();
    parties.push_back(std::move(drawn));
  }
  return parties;
}

}  // namespace parley
