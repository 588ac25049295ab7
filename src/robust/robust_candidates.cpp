// Candidates for spaces too large to enumerate (docs/robust.md, "Large spaces").
//
// min over W of u_i(x) is not additive over issues, so the issue-by-issue frontier merge does not
// apply to the robust quantities themselves. But every draw's Nash and KS choice, and the nominal
// Nash package, are Pareto-optimal for the parameters of that draw (the means for the nominal
// one): the candidates are the union of the exact Pareto frontiers (analysis area, linear_dp) at
// a set of parameter vectors, minus the packages necessarily dominated (PRIME: some package is
// at least as good for every party under every belief, and better at the means). The analysis
// is then exact over the candidates, and the report says so.
//
// Parameter vectors: per party, its mean weights first, then its mixture components, the
// vertices of its weight set (when there are at most `per_party` of them) and its first
// distinct draws, `per_party` at most; every combination across the parties when there are at
// most `per_party` of them, else the j-th vector of every party together. Option values at
// their means. Issues a what-if fixes get weight 0 in these frontiers (they add a constant) and
// the fixed option in every candidate.
#include <algorithm>
#include <set>

#include "parley/analysis/frontier.hpp"
#include "parley/support/error.hpp"
#include "robust/robust_internal.hpp"

namespace parley::robust_detail {
namespace {

// A party's parameter vectors (weights), the mean first; empty for a party whose utility stays.
std::vector<std::vector<double>> weight_vectors(const PartyModel& party, std::size_t per_party) {
  std::vector<std::vector<double>> vectors;
  if (!party.linear) return vectors;
  auto add = [&](std::vector<double> w) {
    if (vectors.size() < per_party && std::find(vectors.begin(), vectors.end(), w) == vectors.end())
      vectors.push_back(std::move(w));
  };
  add(party.mean_weights);
  if (!party.weights_uncertain()) return vectors;
  for (const auto& component : party.mixture) add(component.weights);
  if (const WeightSet* set = party.weight_set()) {
    try {
      const auto& vertices = set->vertices();
      if (vertices.size() + vectors.size() <= per_party)
        for (const auto& v : vertices) add(v);
    } catch (const UnsupportedError&) {
      // Too many vertices: the draws below stand for the set.
    }
  }
  const std::size_t k = party.mean_weights.size();
  const std::size_t draws = k ? party.weight_draws.size() / k : 0;
  for (std::size_t s = 0; s < draws && vectors.size() < per_party; ++s)
    add(std::vector<double>(party.weight_draws.begin() + static_cast<std::ptrdiff_t>(s * k),
                            party.weight_draws.begin() + static_cast<std::ptrdiff_t>((s + 1) * k)));
  return vectors;
}

}  // namespace

Candidates find_candidates(const CandidateInput& in) {
  const Scenario& scenario = in.scenario;
  const std::size_t n = scenario.party_count(), k = scenario.issue_count();
  Candidates result;
  auto too_many = [&] {
    throw UnsupportedError(
        "robust analysis: the space has " + scenario.space().size_text() +
        " packages and the Pareto frontiers at its parameter vectors hold more than " +
        std::to_string(in.max_candidates) +
        " candidates; fix some issues (--fix ISSUE=OPTION) or raise --max-packages");
  };
  std::vector<std::vector<std::vector<double>>> vectors(n);
  std::uint64_t combinations = 1;
  std::size_t longest = 1;
  for (std::size_t p = 0; p < n; ++p) {
    vectors[p] = weight_vectors(in.parties[p], in.per_party);
    const std::size_t count = std::max<std::size_t>(1, vectors[p].size());
    longest = std::max(longest, count);
    combinations = std::min<std::uint64_t>(combinations * count, in.per_party + 1);
  }
  const bool all_combinations = combinations <= in.per_party;
  const std::size_t combos = all_combinations ? combinations : longest;

  // Value functions at the means (the party's own when its values are known).
  std::vector<std::vector<ValueFunction>> functions(n);
  for (std::size_t p = 0; p < n; ++p) {
    const PartyModel& party = in.parties[p];
    if (!party.linear) continue;
    for (std::size_t i = 0; i < k; ++i) {
      if (!party.values_uncertain() || in.options[i].size() != scenario.issue(i).cardinality()) {
        functions[p].push_back(party.linear->value_function(i));
      } else {
        functions[p].push_back(ValueFunction::from_utilities(party.mean_values[i]));
      }
    }
  }
  std::vector<bool> fixed(k);
  for (std::size_t i = 0; i < k; ++i)
    fixed[i] = in.options[i].size() != scenario.issue(i).cardinality();

  std::set<std::vector<std::uint32_t>> found;
  std::vector<std::vector<std::uint32_t>> nominal_frontier;
  std::vector<std::size_t> index(n, 0);
  for (std::size_t combo = 0; combo < combos; ++combo) {
    if (in.cancelled && in.cancelled()) throw Cancelled("robust analysis cancelled");
    std::vector<Party> parties = scenario.parties();
    for (std::size_t p = 0; p < n; ++p) {
      if (vectors[p].empty()) continue;
      const std::size_t j = all_combinations ? index[p] : combo % vectors[p].size();
      std::vector<double> w = vectors[p][j];
      for (std::size_t i = 0; i < k; ++i)
        if (fixed[i]) w[i] = 0.0;
      parties[p].utility =
          std::make_shared<LinearAdditiveUtility>(scenario.issues(), w, functions[p]);
      parties[p].uncertainty.reset();
    }
    if (all_combinations) {
      for (std::size_t p = n; p-- > 0;) {
        if (++index[p] < std::max<std::size_t>(1, vectors[p].size())) break;
        index[p] = 0;
      }
    }
    const Scenario at(scenario.name(), scenario.issues(), std::move(parties));
    FrontierOptions options;
    options.cancelled = in.cancelled;
    const Frontier frontier = pareto_frontier(at, options);
    result.frontiers_exact = result.frontiers_exact && frontier.exact;
    ++result.weight_vectors;
    for (const auto& package : frontier.packages) {
      std::vector<std::uint32_t> digits(k);
      for (std::size_t i = 0; i < k; ++i) {
        if (fixed[i]) {
          digits[i] = 0;
        } else {
          digits[i] = package.outcome[i];  // free issues enumerate every value: position = value
        }
      }
      if (combo == 0) nominal_frontier.push_back(digits);
      found.insert(std::move(digits));
      if (found.size() > 4 * in.max_candidates) too_many();
    }
  }

  // Necessarily dominated: some package of the nominal frontier is at least as good for every
  // party under every belief (worst-case option values, the minimum over the weights) and
  // better at the means.
  auto nominal = [&](std::size_t p, const std::vector<std::uint32_t>& d) {
    const PartyModel& party = in.parties[p];
    if (!party.linear) {
      Outcome o(k);
      for (std::size_t i = 0; i < k; ++i) o[i] = in.options[i][d[i]];
      return scenario.utility(p, o);
    }
    double u = 0.0;
    for (std::size_t i = 0; i < k; ++i) u += party.mean_weights[i] * party.mean_values[i][d[i]];
    return u;
  };
  std::vector<std::vector<double>> reference(nominal_frontier.size(), std::vector<double>(n));
  for (std::size_t r = 0; r < nominal_frontier.size(); ++r)
    for (std::size_t p = 0; p < n; ++p) reference[r][p] = nominal(p, nominal_frontier[r]);
  constexpr double kSlack = 1e-12;
  std::vector<double> ux(n), c(k);
  for (const auto& x : found) {
    for (std::size_t p = 0; p < n; ++p) ux[p] = nominal(p, x);
    bool dominated = false;
    for (std::size_t r = 0; r < nominal_frontier.size() && !dominated; ++r) {
      const auto& y = nominal_frontier[r];
      if (y == x) continue;
      bool at_least = true, better = false;
      for (std::size_t p = 0; p < n && at_least; ++p) {
        at_least = reference[r][p] >= ux[p] - kSlack;
        better = better || reference[r][p] > ux[p] + kSlack;
      }
      if (!at_least || !better) continue;
      bool everywhere = true;
      for (std::size_t p = 0; p < n && everywhere; ++p) {
        const PartyModel& party = in.parties[p];
        if (!party.linear) continue;  // known: the nominal comparison is the comparison
        for (std::size_t i = 0; i < k; ++i)
          c[i] = x[i] == y[i] ? 0.0 : party.low_values[i][y[i]] - party.high_values[i][x[i]];
        everywhere = party.minimum(c) >= -kSlack;
      }
      dominated = everywhere;
    }
    if (dominated)
      ++result.dominated;
    else
      result.listed.push_back(x);
  }
  if (result.listed.size() > in.max_candidates) too_many();
  return result;
}

}  // namespace parley::robust_detail
