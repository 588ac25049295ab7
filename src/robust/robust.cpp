// analyse_robust(): the robust compromise analysis of include/parley/robust/robust.hpp.
//
// Packages are enumerated in index order (the first issue varies slowest; issues a what-if fixes
// have one option). Per package and party: E[u], [min, max] u over the uncertainty set and, where
// an exact method exists, P(accept) (robust_laws.cpp). Per joint draw of every party's parameters
// (Monte Carlo, or every combination when all laws are discrete and few): every package's
// utility, built as an outer sum of the issues' contribution tables (2N additions), acceptance
// counts for the parties without an exact method, and the Nash and KS choices (SMAA). Draws are
// split over threads; counts are integers and choices are stored per draw, so the results do
// not depend on the split.
#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <thread>

#include "parley/robust/robust.hpp"
#include "parley/support/error.hpp"
#include "robust/robust_internal.hpp"
#include "support/text.hpp"

namespace parley {

const char* to_string(RobustRule rule) noexcept {
  switch (rule) {
    case RobustRule::most_acceptable:
      return "most-acceptable";
    case RobustRule::nominal_nash:
      return "nominal-nash";
    case RobustRule::nominal_kalai_smorodinsky:
      return "nominal-kalai-smorodinsky";
    case RobustRule::robust_nash:
      return "robust-nash";
    case RobustRule::robust_kalai_smorodinsky:
      return "robust-kalai-smorodinsky";
    case RobustRule::chance_constrained_nash:
      return "chance-constrained-nash";
    case RobustRule::most_often_nash:
      return "most-often-nash";
    case RobustRule::most_often_kalai_smorodinsky:
      return "most-often-kalai-smorodinsky";
  }
  return "?";
}

const char* title(RobustRule rule) noexcept {
  switch (rule) {
    case RobustRule::most_acceptable:
      return "Most acceptable package";
    case RobustRule::nominal_nash:
      return "Nominal (expected) Nash";
    case RobustRule::nominal_kalai_smorodinsky:
      return "Nominal Kalai-Smorodinsky";
    case RobustRule::robust_nash:
      return "Robust (max-min) Nash";
    case RobustRule::robust_kalai_smorodinsky:
      return "Robust (max-min) Kalai-Smorodinsky";
    case RobustRule::chance_constrained_nash:
      return "Chance-constrained Nash";
    case RobustRule::most_often_nash:
      return "Most often the Nash choice";
    case RobustRule::most_often_kalai_smorodinsky:
      return "Most often the KS choice";
  }
  return "?";
}

namespace robust_detail {
namespace {

constexpr std::uint64_t kMaxSamples = 100'000'000;
// All laws discrete: every combination is enumerated (exact SMAA) up to this many.
constexpr std::uint64_t kMaxExactCombinations = 20'000;
// Issues with more values than this are refused (their option tables would not fit).
constexpr std::uint64_t kMaxOptionsPerIssue = 1'000'000;

// Fills `u` (size N) with sum_i table_i[digit_i] for every package, as an outer sum.
void outer_sum(const std::vector<std::vector<double>>& tables, std::vector<double>& u) {
  std::size_t length = 1;
  u[0] = 0.0;
  for (const auto& table : tables) {
    const std::size_t m = table.size();
    for (std::size_t j = length; j-- > 0;) {
      const double base = u[j];
      double* out = u.data() + j * m;
      for (std::size_t o = m; o-- > 0;) out[o] = base + table[o];
    }
    length *= m;
  }
}

struct DrawResult {
  std::uint64_t nash = kNone, ks = kNone;
};

class Analyser {
 public:
  Analyser(const Scenario& scenario, const RobustOptions& options)
      : scenario_(scenario), options_(options) {}
  RobustAnalysis run();

 private:
  void check_options();
  void enumerate();
  void package_pass();
  void plan_draws();
  void draw_pass();
  void evaluate_draw(const JointDraw& draw, std::vector<std::vector<double>>& utilities,
                     std::vector<std::vector<std::uint32_t>>& counts, DrawResult& result) const;
  void recommend();
  RobustPackage package_result(std::uint64_t x) const;
  void sensitivity();
  void sentences();
  void cancelled() const {
    if (options_.cancelled && options_.cancelled()) throw Cancelled("robust analysis cancelled");
  }
  // Mean, lowest and highest walk-away of party i.
  double mean_r(std::size_t i) const { return parties_[i].walk_away.mean(); }
  double high_r(std::size_t i) const { return parties_[i].walk_away.highest(); }
  std::optional<double> nominal_product(std::uint64_t x) const {
    double product = 1.0;
    for (std::size_t i = 0; i < n_; ++i) {
      const double gain = expected_[i][x] - mean_r(i);
      if (gain < 0.0) return std::nullopt;
      product *= gain;
    }
    return product;
  }
  double joint(std::uint64_t x) const {
    double p = 1.0;
    for (std::size_t i = 0; i < n_; ++i) p *= acceptance_[i][x];
    return p;
  }

  const Scenario& scenario_;
  const RobustOptions& options_;
  std::size_t n_ = 0;
  PackageSpace space_;
  std::vector<PartyModel> parties_;
  std::uint64_t samples_ = 0;
  // Per party, per package.
  std::vector<std::vector<double>> expected_, minimum_, maximum_, acceptance_;
  std::vector<std::vector<double>> fixed_utility_;  // nonlinear parties: their utility
  std::vector<JointDraw> draws_;
  std::vector<std::vector<double>> party_masses_;  // exact SMAA: each party's atom masses
  bool exact_smaa_ = false;
  bool large_ = false;  // candidates instead of every package
  std::vector<DrawResult> results_;
  std::vector<double> ideal_max_;  // per party: the largest possible utility
  // SMAA tallies.
  std::map<std::uint64_t, double> nash_mass_, ks_mass_;
  std::map<std::uint64_t, std::vector<std::vector<double>>> nash_weight_sums_;
  double no_agreement_mass_ = 0.0;
  std::vector<std::uint64_t> chosen_;  // per rule, kNone when none
  std::vector<double> criteria_;
  std::vector<std::string> notes_;
  RobustAnalysis result_;
  std::vector<std::uint64_t> listed_;
};

void Analyser::check_options() {
  if (options_.samples < 1 || options_.samples > kMaxSamples)
    throw InputError("options", std::nullopt, "samples", std::to_string(options_.samples),
                     "1 to " + std::to_string(kMaxSamples) + " draws");
  if (!(options_.alpha > 0.0 && options_.alpha <= 1.0))
    throw InputError("options", std::nullopt, "alpha", format_number(options_.alpha),
                     "a probability in (0, 1]");
  if (options_.candidate_vectors == 0 || options_.candidate_vectors > 10'000)
    throw InputError("options", std::nullopt, "candidate_vectors",
                     std::to_string(options_.candidate_vectors), "1 to 10000 parameter vectors");
  if (options_.listed > 10'000)
    throw InputError("options", std::nullopt, "listed", std::to_string(options_.listed),
                     "at most 10000 packages");
  if (!options_.fixed.empty() && options_.fixed.size() != scenario_.issue_count())
    throw InputError("options", std::nullopt, "fixed",
                     std::to_string(options_.fixed.size()) + " entries",
                     "one per issue (" + std::to_string(scenario_.issue_count()) + ")");
}

void Analyser::enumerate() {
  const std::size_t k = scenario_.issue_count();
  space_.options.resize(k);
  long double size = 1.0L;
  for (std::size_t i = 0; i < k; ++i) {
    const Issue& issue = scenario_.issue(i);
    if (!options_.fixed.empty() && options_.fixed[i]) {
      if (*options_.fixed[i] >= issue.cardinality())
        throw InputError("options", std::nullopt, "fixed." + issue.name(),
                         "value index " + std::to_string(*options_.fixed[i]),
                         "one of the issue's " + std::to_string(issue.cardinality()) + " values");
      space_.options[i] = {*options_.fixed[i]};
    } else {
      if (issue.cardinality() > kMaxOptionsPerIssue)
        throw UnsupportedError("robust analysis: issue '" + issue.name() + "' has " +
                               std::to_string(issue.cardinality()) + " values, more than the " +
                               std::to_string(kMaxOptionsPerIssue) +
                               " the analysis tabulates per issue; fix it (--fix ISSUE=OPTION)");
      space_.options[i].resize(issue.cardinality());
      std::iota(space_.options[i].begin(), space_.options[i].end(), 0u);
    }
    size *= static_cast<long double>(space_.options[i].size());
  }
  if (size > static_cast<long double>(options_.max_packages)) {
    // Too many to enumerate: candidates, once the parties' laws are drawn (run()).
    large_ = true;
    result_.space_size = options_.fixed.empty()
                             ? scenario_.space().size_text()
                             : format_number(static_cast<double>(size)) + " (after the what-if)";
    return;
  }
  space_.size = static_cast<std::uint64_t>(size);
}

// Pass 1: per package and party, E[u], [min, max] u and exact acceptance.
void Analyser::package_pass() {
  const std::size_t k = scenario_.issue_count();
  const std::uint64_t N = space_.size;
  expected_.assign(n_, std::vector<double>(N));
  minimum_.assign(n_, std::vector<double>(N));
  maximum_.assign(n_, std::vector<double>(N));
  acceptance_.assign(n_, std::vector<double>(N, 0.0));
  fixed_utility_.assign(n_, {});
  std::vector<std::uint32_t> digit(k, 0);
  std::vector<std::vector<double>> low(n_, std::vector<double>(k)), high = low, mean = low;
  auto load = [&](std::size_t i_issue) {
    for (std::size_t p = 0; p < n_; ++p) {
      if (!parties_[p].linear) continue;
      low[p][i_issue] = parties_[p].low_values[i_issue][digit[i_issue]];
      high[p][i_issue] = parties_[p].high_values[i_issue][digit[i_issue]];
      mean[p][i_issue] = parties_[p].mean_values[i_issue][digit[i_issue]];
    }
  };
  for (std::size_t i = 0; i < k; ++i) load(i);
  for (std::size_t p = 0; p < n_; ++p)
    if (!parties_[p].linear) fixed_utility_[p].resize(N);
  for (std::uint64_t x = 0; x < N; ++x) {
    if ((x & 0xFFFF) == 0) cancelled();
    if (!space_.enumerated()) {
      digit = space_.listed[x];
      for (std::size_t i = 0; i < k; ++i) load(i);
    }
    for (std::size_t p = 0; p < n_; ++p) {
      const PartyModel& party = parties_[p];
      if (!party.linear) {
        const double u = scenario_.utility(p, space_.outcome(x));
        fixed_utility_[p][x] = expected_[p][x] = minimum_[p][x] = maximum_[p][x] = u;
        acceptance_[p][x] = party.walk_away.probability_at_most(u);
        continue;
      }
      expected_[p][x] = dot(party.mean_weights, mean[p]);
      minimum_[p][x] = party.minimum(low[p]);
      maximum_[p][x] = party.maximum(high[p]);
      if (party.exact_acceptance) acceptance_[p][x] = party.exact_acceptance_of(mean[p]);
    }
    // Next package (odometer, last issue fastest).
    if (!space_.enumerated()) continue;
    for (std::size_t i = k; i-- > 0;) {
      if (++digit[i] < space_.options[i].size()) {
        load(i);
        break;
      }
      digit[i] = 0;
      load(i);
    }
  }
  ideal_max_.assign(n_, 0.0);
  for (std::size_t p = 0; p < n_; ++p) {
    ideal_max_[p] = *std::max_element(maximum_[p].begin(), maximum_[p].end());
    if (!space_.enumerated() && parties_[p].linear) {
      // Candidates: the largest utility over the whole space, max over W of sum_i w_i best_i.
      std::vector<double> best(k);
      for (std::size_t i = 0; i < k; ++i)
        best[i] =
            *std::max_element(parties_[p].high_values[i].begin(), parties_[p].high_values[i].end());
      ideal_max_[p] = parties_[p].maximum(best);
    }
  }
}

// The joint draws: every combination when every law is discrete and they are few (exact
// SMAA), else the Monte Carlo draws (draw s of every party together).
void Analyser::plan_draws() {
  bool discrete = true;
  std::uint64_t combinations = 1;
  std::vector<std::vector<std::pair<std::vector<double>, double>>> weight_atoms(n_);
  std::vector<std::vector<std::pair<double, double>>> walk_away_atoms(n_);
  for (std::size_t p = 0; p < n_; ++p) {
    const PartyModel& party = parties_[p];
    if (party.values_uncertain() || party.walk_away.continuous()) discrete = false;
    if (!party.linear) {
      weight_atoms[p] = {{{}, 1.0}};
    } else if (!party.weights_uncertain()) {
      weight_atoms[p] = {{party.nominal_weights, 1.0}};
    } else if (party.uncertainty->weight_law == PartyUncertainty::WeightLaw::mixture) {
      for (const auto& c : party.mixture) weight_atoms[p].emplace_back(c.weights, c.probability);
    } else {
      discrete = false;
    }
    if (party.walk_away.kind == WalkAwayLaw::Kind::discrete)
      walk_away_atoms[p] = party.walk_away.atoms;
    else
      walk_away_atoms[p] = {{party.walk_away.low, 1.0}};
    if (discrete) {
      combinations *= weight_atoms[p].size() * walk_away_atoms[p].size();
      if (combinations > kMaxExactCombinations) discrete = false;
    }
  }
  exact_smaa_ = discrete && !options_.monte_carlo;
  if (exact_smaa_) {
    // Each party's draws are its (weights, walk-away) atoms; the joint draws their product.
    std::vector<std::size_t> per_party(n_);
    for (std::size_t p = 0; p < n_; ++p) {
      PartyModel& party = parties_[p];
      party.weight_draws.clear();
      party.walk_away_draws.clear();
      std::vector<double> masses;
      for (const auto& [weights, wp] : weight_atoms[p])
        for (const auto& [r, rp] : walk_away_atoms[p]) {
          if (party.linear)
            party.weight_draws.insert(party.weight_draws.end(), weights.begin(), weights.end());
          party.walk_away_draws.push_back(r);
          masses.push_back(wp * rp);
        }
      per_party[p] = masses.size();
      party_masses_.push_back(std::move(masses));
    }
    std::vector<std::uint32_t> index(n_, 0);
    for (;;) {
      JointDraw draw;
      draw.party_draw = index;
      draw.mass = 1.0;
      for (std::size_t p = 0; p < n_; ++p) draw.mass *= party_masses_[p][index[p]];
      draws_.push_back(std::move(draw));
      std::size_t p = n_;
      while (p-- > 0) {
        if (++index[p] < per_party[p]) break;
        index[p] = 0;
      }
      if (p == static_cast<std::size_t>(-1)) break;
    }
    return;
  }
  draws_.resize(samples_);
  for (std::uint64_t s = 0; s < samples_; ++s) {
    draws_[s].party_draw.assign(n_, static_cast<std::uint32_t>(s));
    draws_[s].mass = 1.0 / static_cast<double>(samples_);
  }
}

void Analyser::evaluate_draw(const JointDraw& draw, std::vector<std::vector<double>>& utilities,
                             std::vector<std::vector<std::uint32_t>>& counts,
                             DrawResult& result) const {
  const std::size_t k = scenario_.issue_count();
  const std::uint64_t N = space_.size;
  std::vector<double> r(n_), ideal(n_);
  std::vector<const double*> u(n_);
  for (std::size_t p = 0; p < n_; ++p) {
    const PartyModel& party = parties_[p];
    const std::uint32_t s = draw.party_draw[p];
    r[p] = party.walk_away_draws[s];
    if (!party.linear) {
      u[p] = fixed_utility_[p].data();
      ideal[p] = ideal_max_[p];
      continue;
    }
    const double* w = party.weight_draws.data() + static_cast<std::size_t>(s) * k;
    const double* v =
        party.values_uncertain()
            ? party.value_draws.data() + static_cast<std::size_t>(s) * party.option_count
            : nullptr;
    std::vector<std::vector<double>> tables(k);
    ideal[p] = 0.0;
    for (std::size_t i = 0; i < k; ++i) {
      const auto& values = party.low_values[i];
      tables[i].resize(values.size());
      double best = -std::numeric_limits<double>::infinity();
      for (std::size_t o = 0; o < values.size(); ++o) {
        tables[i][o] = w[i] * (v ? *v++ : values[o]);
        best = std::max(best, tables[i][o]);
      }
      ideal[p] += best;
    }
    if (space_.enumerated()) {
      outer_sum(tables, utilities[p]);
    } else {
      for (std::uint64_t x = 0; x < N; ++x) {
        const std::uint32_t* d = space_.listed[x].data();
        double sum = 0.0;
        for (std::size_t i = 0; i < k; ++i) sum += tables[i][d[i]];
        utilities[p][x] = sum;
      }
    }
    u[p] = utilities[p].data();
    if (!party.exact_acceptance) {
      std::uint32_t* count = counts[p].data();
      const double* up = u[p];
      const double rp = r[p];
      for (std::uint64_t x = 0; x < N; ++x) count[x] += up[x] >= rp;
    }
  }
  // Nash and KS choices among the packages every party accepts in this draw.
  double best_nash = -1.0, best_ks = -std::numeric_limits<double>::infinity();
  std::vector<double> span(n_);
  for (std::size_t p = 0; p < n_; ++p) span[p] = ideal[p] - r[p];
  for (std::uint64_t x = 0; x < N; ++x) {
    double product = 1.0, ratio = std::numeric_limits<double>::infinity();
    bool rational = true;
    for (std::size_t p = 0; p < n_; ++p) {
      const double gain = u[p][x] - r[p];
      if (gain < 0.0) {
        rational = false;
        break;
      }
      product *= gain;
      ratio = std::min(ratio, span[p] > 0.0 ? gain / span[p] : 1.0);
    }
    if (!rational) continue;
    if (product > best_nash) {
      best_nash = product;
      result.nash = x;
    }
    if (ratio > best_ks) {
      best_ks = ratio;
      result.ks = x;
    }
  }
}

void Analyser::draw_pass() {
  const std::uint64_t N = space_.size;
  const std::size_t D = draws_.size();
  results_.assign(D, {});
  std::size_t threads =
      options_.threads > 0 ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = std::min<std::size_t>({threads, 8, std::max<std::size_t>(1, D / 16)});
  std::vector<std::vector<std::vector<std::uint32_t>>> counts(threads);
  std::vector<std::exception_ptr> errors(threads);
  auto work = [&](std::size_t t) {
    try {
      std::vector<std::vector<double>> utilities(n_, std::vector<double>(N));
      auto& count = counts[t];
      count.assign(n_, {});
      for (std::size_t p = 0; p < n_; ++p)
        if (!parties_[p].exact_acceptance) count[p].assign(N, 0);
      const std::size_t from = D * t / threads, to = D * (t + 1) / threads;
      for (std::size_t d = from; d < to; ++d) {
        if (((d - from) & 63) == 0) cancelled();
        evaluate_draw(draws_[d], utilities, count, results_[d]);
      }
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  if (threads == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work, t);
    for (auto& thread : pool) thread.join();
  }
  for (const auto& error : errors)
    if (error) std::rethrow_exception(error);
  for (std::size_t p = 0; p < n_; ++p) {
    if (parties_[p].exact_acceptance) continue;
    for (std::uint64_t x = 0; x < N; ++x) {
      std::uint64_t total = 0;
      for (std::size_t t = 0; t < threads; ++t) total += counts[t][p][x];
      acceptance_[p][x] = static_cast<double>(total) / static_cast<double>(D);
    }
  }
  const std::size_t k = scenario_.issue_count();
  for (std::size_t d = 0; d < D; ++d) {
    const DrawResult& r = results_[d];
    const double mass = draws_[d].mass;
    if (r.nash == kNone) {
      no_agreement_mass_ += mass;
    } else {
      nash_mass_[r.nash] += mass;
      auto& sums = nash_weight_sums_[r.nash];
      if (sums.empty()) sums.assign(n_, std::vector<double>(k, 0.0));
      for (std::size_t p = 0; p < n_; ++p) {
        if (!parties_[p].linear) continue;
        const double* w =
            parties_[p].weight_draws.data() + static_cast<std::size_t>(draws_[d].party_draw[p]) * k;
        for (std::size_t i = 0; i < k; ++i) sums[p][i] += mass * w[i];
      }
    }
    if (r.ks != kNone) ks_mass_[r.ks] += mass;
  }
}

void Analyser::recommend() {
  const std::uint64_t N = space_.size;
  chosen_.assign(8, kNone);
  criteria_.assign(8, 0.0);
  notes_.assign(8, {});
  auto rule = [](RobustRule r) { return static_cast<std::size_t>(r); };
  // Ideal points for KS.
  std::vector<double> nominal_ideal(n_, 0.0);
  for (std::size_t p = 0; p < n_; ++p)
    nominal_ideal[p] = *std::max_element(expected_[p].begin(), expected_[p].end());
  double best_joint = -1.0, best_joint_product = -1.0;
  double best_nominal = -1.0, best_nominal_ks = -std::numeric_limits<double>::infinity();
  double best_robust = -1.0, best_robust_ks = -std::numeric_limits<double>::infinity();
  double best_chance = -1.0;
  for (std::uint64_t x = 0; x < N; ++x) {
    const double j = joint(x);
    const auto product = nominal_product(x);
    const double product_or = product.value_or(-1.0);
    if (j > best_joint || (j == best_joint && product_or > best_joint_product)) {
      best_joint = j;
      best_joint_product = product_or;
      chosen_[rule(RobustRule::most_acceptable)] = x;
    }
    if (product) {
      if (*product > best_nominal) {
        best_nominal = *product;
        chosen_[rule(RobustRule::nominal_nash)] = x;
      }
      double ratio = std::numeric_limits<double>::infinity();
      for (std::size_t p = 0; p < n_; ++p) {
        const double span = nominal_ideal[p] - mean_r(p);
        ratio = std::min(ratio, span > 0.0 ? (expected_[p][x] - mean_r(p)) / span : 1.0);
      }
      if (ratio > best_nominal_ks) {
        best_nominal_ks = ratio;
        chosen_[rule(RobustRule::nominal_kalai_smorodinsky)] = x;
      }
      if (j >= options_.alpha && *product > best_chance) {
        best_chance = *product;
        chosen_[rule(RobustRule::chance_constrained_nash)] = x;
      }
    }
    bool robust = true;
    double robust_product = 1.0, robust_ratio = std::numeric_limits<double>::infinity();
    for (std::size_t p = 0; p < n_; ++p) {
      const double gain = minimum_[p][x] - high_r(p);
      if (gain < 0.0) {
        robust = false;
        break;
      }
      robust_product *= gain;
      const double span = ideal_max_[p] - high_r(p);
      robust_ratio = std::min(robust_ratio, span > 0.0 ? gain / span : 1.0);
    }
    if (robust) {
      if (robust_product > best_robust) {
        best_robust = robust_product;
        chosen_[rule(RobustRule::robust_nash)] = x;
      }
      if (robust_ratio > best_robust_ks) {
        best_robust_ks = robust_ratio;
        chosen_[rule(RobustRule::robust_kalai_smorodinsky)] = x;
      }
    }
  }
  criteria_[rule(RobustRule::most_acceptable)] = best_joint;
  criteria_[rule(RobustRule::nominal_nash)] = best_nominal;
  criteria_[rule(RobustRule::nominal_kalai_smorodinsky)] = best_nominal_ks;
  criteria_[rule(RobustRule::robust_nash)] = best_robust;
  criteria_[rule(RobustRule::robust_kalai_smorodinsky)] = best_robust_ks;
  criteria_[rule(RobustRule::chance_constrained_nash)] = best_chance;
  for (auto [r, tally] : {std::pair{RobustRule::most_often_nash, &nash_mass_},
                          std::pair{RobustRule::most_often_kalai_smorodinsky, &ks_mass_}}) {
    double best = 0.0;
    for (const auto& [x, mass] : *tally)
      if (mass > best) {
        best = mass;
        chosen_[rule(r)] = x;
      }
    criteria_[rule(r)] = best;
  }
  if (chosen_[rule(RobustRule::nominal_nash)] == kNone) {
    notes_[rule(RobustRule::nominal_nash)] =
        "no package gives every party at least its expected walk-away at the mean parameters";
    notes_[rule(RobustRule::nominal_kalai_smorodinsky)] = notes_[rule(RobustRule::nominal_nash)];
  }
  if (chosen_[rule(RobustRule::robust_nash)] == kNone) {
    notes_[rule(RobustRule::robust_nash)] =
        "no package is acceptable to every party under every belief in the uncertainty set";
    notes_[rule(RobustRule::robust_kalai_smorodinsky)] = notes_[rule(RobustRule::robust_nash)];
  }
  if (chosen_[rule(RobustRule::chance_constrained_nash)] == kNone)
    notes_[rule(RobustRule::chance_constrained_nash)] =
        "no nominally rational package is accepted jointly with probability >= " +
        format_number(options_.alpha) + " (the largest joint acceptance is " +
        format_number(best_joint) + ")";
  if (chosen_[rule(RobustRule::most_often_nash)] == kNone) {
    notes_[rule(RobustRule::most_often_nash)] = "no draw has a package acceptable to every party";
    notes_[rule(RobustRule::most_often_kalai_smorodinsky)] =
        notes_[rule(RobustRule::most_often_nash)];
  }
}

RobustPackage Analyser::package_result(std::uint64_t x) const {
  RobustPackage package;
  package.outcome = space_.outcome(x);
  const double S = static_cast<double>(draws_.size());
  double joint_value = 1.0;
  bool joint_exact = true;
  for (std::size_t p = 0; p < n_; ++p) {
    Estimate a;
    a.value = acceptance_[p][x];
    a.exact = parties_[p].exact_acceptance;
    if (!a.exact) a.standard_error = std::sqrt(a.value * (1.0 - a.value) / S);
    package.acceptance.push_back(a);
    joint_value *= a.value;
    joint_exact = joint_exact && a.exact;
    Estimate e;
    e.value = expected_[p][x];
    e.exact = parties_[p].mean_weights_exact;
    package.expected_utility.push_back(e);
    package.min_utility.push_back(minimum_[p][x]);
    package.max_utility.push_back(maximum_[p][x]);
    package.robustly_rational.push_back(minimum_[p][x] >= parties_[p].walk_away.highest());
    package.possibly_rational.push_back(maximum_[p][x] >= parties_[p].walk_away.lowest());
  }
  package.joint_acceptance.value = joint_value;
  package.joint_acceptance.exact = joint_exact;
  if (!joint_exact) {
    // Delta method over independent parties.
    double variance = 0.0;
    for (std::size_t p = 0; p < n_; ++p) {
      double others = 1.0;
      for (std::size_t q = 0; q < n_; ++q)
        if (q != p) others *= package.acceptance[q].value;
      variance += others * others * package.acceptance[p].standard_error *
                  package.acceptance[p].standard_error;
    }
    package.joint_acceptance.standard_error = std::sqrt(variance);
  }
  package.nominal_nash_product = nominal_product(x);
  for (auto [estimate, tally] : {std::pair{&package.nash_acceptability, &nash_mass_},
                                 std::pair{&package.ks_acceptability, &ks_mass_}}) {
    const auto it = tally->find(x);
    estimate->value = it == tally->end() ? 0.0 : it->second;
    estimate->exact = exact_smaa_;
    if (!exact_smaa_)
      estimate->standard_error = std::sqrt(estimate->value * (1.0 - estimate->value) / S);
  }
  if (const auto it = nash_weight_sums_.find(x); it != nash_weight_sums_.end()) {
    const double mass = nash_mass_.at(x);
    for (std::size_t p = 0; p < n_; ++p) {
      std::vector<double> central = it->second[p];
      if (!parties_[p].linear) central.clear();
      for (double& w : central) w /= mass;
      package.nash_central_weights.push_back(std::move(central));
    }
  }
  return package;
}

RobustAnalysis Analyser::run() {
  check_options();
  n_ = scenario_.party_count();
  enumerate();
  samples_ = options_.samples;
  for (std::size_t p = 0; p < n_; ++p) {
    std::optional<double> walk_away;
    for (const auto& [party, value] : options_.walk_away)
      if (party == p) walk_away = value;
    std::vector<std::pair<std::size_t, double>> changes;
    for (const auto& change : options_.weights)
      if (change.party == p) changes.emplace_back(change.issue, change.value);
    parties_.emplace_back(scenario_, p, space_.options, walk_away, changes);
    parties_.back().choose_method(options_.monte_carlo);
  }
  for (std::size_t p = 0; p < n_; ++p) {
    cancelled();
    if (parties_[p].linear)
      parties_[p].draw(samples_, options_.seed, scenario_.party(p).name);
    else
      parties_[p].walk_away_draws.assign(samples_, parties_[p].walk_away.low);
    parties_[p].compute_mean_weights(samples_);
  }
  if (large_) {
    const CandidateInput input{scenario_,
                               space_.options,
                               parties_,
                               std::max<std::size_t>(1, options_.candidate_vectors),
                               options_.max_packages,
                               options_.cancelled};
    Candidates candidates = find_candidates(input);
    space_.listed = std::move(candidates.listed);
    space_.size = space_.listed.size();
    result_.candidates_only = true;
    result_.candidate_vectors = candidates.weight_vectors;
    result_.dominated = candidates.dominated;
    result_.candidate_frontiers_exact = candidates.frontiers_exact;
  }
  package_pass();
  plan_draws();
  draw_pass();
  recommend();
  // Listed packages: the recommended ones, then the most acceptable others.
  for (std::uint64_t x : chosen_)
    if (x != kNone && std::find(listed_.begin(), listed_.end(), x) == listed_.end())
      listed_.push_back(x);
  {
    const std::uint64_t N = space_.size;
    std::vector<std::uint64_t> order(N);
    std::iota(order.begin(), order.end(), 0);
    const std::size_t take = std::min<std::uint64_t>(N, options_.listed + listed_.size());
    std::partial_sort(order.begin(), order.begin() + take, order.end(),
                      [&](std::uint64_t a, std::uint64_t b) {
                        const double ja = joint(a), jb = joint(b);
                        if (ja != jb) return ja > jb;
                        const double pa = nominal_product(a).value_or(-1.0),
                                     pb = nominal_product(b).value_or(-1.0);
                        if (pa != pb) return pa > pb;
                        return a < b;
                      });
    std::size_t added = 0;
    for (std::size_t j = 0; j < take && added < options_.listed; ++j)
      if (std::find(listed_.begin(), listed_.end(), order[j]) == listed_.end()) {
        listed_.push_back(order[j]);
        ++added;
      }
  }
  result_.package_count = space_.size;
  result_.samples = exact_smaa_ ? 0 : samples_;
  result_.seed = options_.seed;
  result_.alpha = options_.alpha;
  for (std::uint64_t x : listed_) result_.packages.push_back(package_result(x));
  for (std::size_t r = 0; r < chosen_.size(); ++r) {
    RobustRecommendation recommendation;
    recommendation.rule = static_cast<RobustRule>(r);
    if (chosen_[r] != kNone)
      recommendation.package = static_cast<std::size_t>(
          std::find(listed_.begin(), listed_.end(), chosen_[r]) - listed_.begin());
    recommendation.criterion = criteria_[r];
    recommendation.note = notes_[r];
    result_.recommendations.push_back(std::move(recommendation));
  }
  result_.no_agreement.value = no_agreement_mass_;
  result_.no_agreement.exact = exact_smaa_;
  if (!exact_smaa_)
    result_.no_agreement.standard_error = std::sqrt(
        no_agreement_mass_ * (1.0 - no_agreement_mass_) / static_cast<double>(draws_.size()));
  const std::uint64_t nominal = chosen_[static_cast<std::size_t>(RobustRule::nominal_nash)];
  const std::uint64_t robust = chosen_[static_cast<std::size_t>(RobustRule::robust_nash)];
  if (nominal != kNone) result_.nominal_nash_product = nominal_product(nominal);
  if (robust != kNone) result_.robust_nash_nominal_product = nominal_product(robust);
  for (std::size_t p = 0; p < n_; ++p) {
    const PartyModel& party = parties_[p];
    RobustPartyLaw law;
    if (party.uncertainty) law.statements = party.uncertainty->statements;
    law.mean_weight_exactness.exact = party.mean_weights_exact;
    law.mean_weights = party.mean_weights;
    const std::size_t k = scenario_.issue_count();
    if (party.linear)
      for (std::size_t i = 0; i < k; ++i) {
        std::vector<double> e(k, 0.0);
        e[i] = 1.0;
        law.weight_ranges.emplace_back(party.minimum(e), party.maximum(e));
      }
    law.mean_walk_away = party.walk_away.mean();
    law.lowest_walk_away = party.walk_away.lowest();
    law.highest_walk_away = party.walk_away.highest();
    law.walk_away_law = party.walk_away.describe();
    law.acceptance_exact = party.exact_acceptance;
    law.acceptance_method = party.acceptance_method;
    law.ideal = ideal_max_[p];
    result_.parties.push_back(std::move(law));
  }
  if (nominal != kNone) {
    SensitivityInput input{scenario_, space_, parties_, expected_, nominal};
    result_.sensitivity = compute_sensitivity(input);
  }
  {
    std::vector<std::uint64_t> nash(results_.size());
    for (std::size_t d = 0; d < results_.size(); ++d) nash[d] = results_[d].nash;
    const ElicitationInput input{
        scenario_,           space_,      parties_,          draws_, nash, listed_,
        result_.sensitivity, exact_smaa_, options_.questions};
    Elicitation elicitation = choose_questions(input);
    result_.nash_entropy = elicitation.entropy;
    result_.questions = std::move(elicitation.questions);
  }
  result_.sentences = robust_sentences(scenario_, result_);
  return result_;
}

}  // namespace
}  // namespace robust_detail

RobustAnalysis analyse_robust(const Scenario& scenario, const RobustOptions& options) {
  return robust_detail::Analyser(scenario, options).run();
}

void add_what_if(const Scenario& scenario, RobustOptions& options, std::string_view kind,
                 std::string_view text) {
  const std::string field(kind);
  const auto equals = text.find('=');
  auto fail = [&](const std::string& found, const std::string& expected) {
    throw InputError("command line", std::nullopt, field, found, expected);
  };
  const std::string quoted_text = "'" + std::string(text) + "'";
  std::string expected_form = kind == "fix"         ? "ISSUE=OPTION"
                              : kind == "walk-away" ? "PARTY=VALUE"
                                                    : "PARTY.ISSUE=VALUE";
  if (kind != "fix" && kind != "walk-away" && kind != "weight")
    fail("what-if kind '" + field + "'", "fix, walk-away or weight");
  if (equals == std::string_view::npos) fail(quoted_text, expected_form);
  const std::string left(text.substr(0, equals)), right(text.substr(equals + 1));
  auto issue_of = [&](const std::string& name) {
    const auto i = scenario.find_issue(name);
    if (!i) {
      std::vector<std::string> names;
      for (const auto& issue : scenario.issues()) names.push_back(issue.name());
      fail("unknown issue '" + name + "' in " + quoted_text,
           "one of the issues: " + detail::join_names(names, 12));
    }
    return *i;
  };
  auto party_of = [&](const std::string& name) {
    const auto p = scenario.find_party(name);
    if (!p) {
      std::vector<std::string> names;
      for (const auto& party : scenario.parties()) names.push_back(party.name);
      fail("unknown party '" + name + "' in " + quoted_text,
           "one of the parties: " + detail::join_names(names, 12));
    }
    return *p;
  };
  auto value_of = [&](const std::string& number, double low, double high) {
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(value) ||
        value < low || value > high)
      fail("'" + number + "' in " + quoted_text,
           "a number from " + format_number(low) + " to " + format_number(high));
    return value;
  };
  if (kind == "fix") {
    const std::size_t i = issue_of(left);
    const auto v = scenario.issue(i).find_value(right);
    if (!v) {
      std::vector<std::string> names;
      for (ValueIndex x = 0; x < scenario.issue(i).cardinality() && x < 13; ++x)
        names.push_back(scenario.issue(i).value_label(x));
      fail("unknown option '" + right + "' of issue '" + left + "'",
           "one of: " + detail::join_names(names, 12));
    }
    if (options.fixed.empty()) options.fixed.resize(scenario.issue_count());
    options.fixed[i] = *v;
  } else if (kind == "walk-away") {
    const std::size_t p = party_of(left);
    options.walk_away.emplace_back(p, value_of(right, -1e9, 1e9));
  } else {
    const auto dot = left.find('.');
    if (dot == std::string::npos) fail(quoted_text, expected_form);
    const std::size_t p = party_of(left.substr(0, dot));
    const std::size_t i = issue_of(left.substr(dot + 1));
    options.weights.push_back({p, i, value_of(right, 0.0, 1.0)});
  }
}

}  // namespace parley
