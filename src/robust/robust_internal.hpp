// Internals of the robust analysis shared by its sources: a party's laws (robust_laws.cpp) and
// the analysis passes (robust.cpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "parley/model/scenario.hpp"
#include "parley/model/uncertainty.hpp"
#include "parley/model/utility.hpp"
#include "parley/robust/robust.hpp"

namespace parley::robust_detail {

double dot(const std::vector<double>& w, const std::vector<double>& a);

// The packages the analysis covers, numbered 0..size-1: every package of the free options, in
// index order (the first issue varies slowest), or for spaces too large to enumerate a list of
// candidates (robust_candidates.cpp), sorted in that same order.
struct PackageSpace {
  std::vector<std::vector<ValueIndex>> options;  // per issue, the value indices left free
  std::uint64_t size = 0;
  // Candidates: the option positions (indices into options[i]) of each package; empty when
  // every package is enumerated.
  std::vector<std::vector<std::uint32_t>> listed;

  bool enumerated() const noexcept { return listed.empty(); }
  // The option positions of package x.
  void digits(std::uint64_t x, std::vector<std::uint32_t>& out) const {
    if (!enumerated()) {
      out = listed[x];
      return;
    }
    out.resize(options.size());
    for (std::size_t i = options.size(); i-- > 0;) {
      const std::uint64_t m = options[i].size();
      out[i] = static_cast<std::uint32_t>(x % m);
      x /= m;
    }
  }
  Outcome outcome(std::uint64_t x) const {
    std::vector<std::uint32_t> d;
    digits(x, d);
    Outcome o(d.size());
    for (std::size_t i = 0; i < d.size(); ++i) o[i] = options[i][d[i]];
    return o;
  }
};

// One party, over the options the analysis enumerates (options[i]: the value indices of issue i
// that are left free, all of them unless a what-if fixes one).
struct PartyModel {
  // `walk_away` and `weight_changes` (issue, value): the what-ifs for this party.
  PartyModel(const Scenario& scenario, std::size_t party,
             const std::vector<std::vector<ValueIndex>>& options, std::optional<double> walk_away,
             const std::vector<std::pair<std::size_t, double>>& weight_changes);

  bool weights_uncertain() const;
  bool values_uncertain() const;
  // Picks how P(accept) is computed (exact_acceptance, acceptance_method).
  void choose_method(bool force_monte_carlo);
  // Draws `samples` (weights, option values, walk-away) from the party's laws.
  void draw(std::uint64_t samples, std::uint64_t seed, const std::string& name);
  // E[w]: exact where a formula exists, else the mean of the draws.
  void compute_mean_weights(std::uint64_t samples);

  // min / max over the party's weights of w . a, a the package's (low or high) option values.
  double minimum(const std::vector<double>& a) const;
  double maximum(const std::vector<double>& a) const;
  // The share of the weight law where w . a >= t.
  double share_at_least(const std::vector<double>& a, double t) const;
  // P(w . a >= r) exactly (when exact_acceptance).
  double exact_acceptance_of(const std::vector<double>& a) const;
  double density_on_piece(double x, double x0, double x1) const;

  std::size_t index = 0;
  const PartyUncertainty* uncertainty = nullptr;  // null: known preferences
  // The weight set (the party's, or its own cut by a what-if) and the mixture (rescaled by one).
  std::optional<WeightSet> own_set;
  const WeightSet* weight_set() const {
    if (own_set) return &*own_set;
    return uncertainty && uncertainty->weight_set ? &*uncertainty->weight_set : nullptr;
  }
  std::vector<WeightMixtureComponent> mixture;
  // What-if weights: (issue, value); the other weights are rescaled in proportion.
  std::vector<std::pair<std::size_t, double>> weight_changes;
  void rescale(double* w) const;
  const LinearAdditiveUtility* linear = nullptr;  // null: a known nonlinear utility
  std::vector<double> nominal_weights;
  // Per issue, per enumerated option: the option values' low, high and mean.
  std::vector<std::vector<double>> low_values, high_values, mean_values;
  WalkAwayLaw walk_away;

  bool exact_acceptance = true;
  std::string acceptance_method;
  std::vector<double> mean_weights;
  bool mean_weights_exact = true;

  // Draws: weights (samples x issues), option values (samples x options, when uncertain),
  // walk-away values.
  std::vector<double> weight_draws, value_draws, walk_away_draws;
  std::size_t option_count = 0;
};

// "No package" in per-draw choices and rule results.
constexpr std::uint64_t kNone = static_cast<std::uint64_t>(-1);

// A joint draw: one draw per party (an index into its draws) and its probability mass.
struct JointDraw {
  std::vector<std::uint32_t> party_draw;
  double mass = 0.0;
};

// Candidates for spaces too large to enumerate (robust_candidates.cpp): the Pareto frontiers at
// up to `per_party` parameter vectors, minus the necessarily dominated packages; their option
// positions, sorted in index order. Throws UnsupportedError past max_candidates.
struct CandidateInput {
  const Scenario& scenario;
  const std::vector<std::vector<ValueIndex>>& options;
  const std::vector<PartyModel>& parties;
  std::size_t per_party;
  std::uint64_t max_candidates;
  std::function<bool()> cancelled;
};
struct Candidates {
  std::vector<std::vector<std::uint32_t>> listed;
  std::size_t weight_vectors = 0;  // parameter vectors whose frontiers were merged
  std::uint64_t dominated = 0;     // packages removed as necessarily dominated
  bool frontiers_exact = true;     // every frontier exact (not the anytime approximation)
};
Candidates find_candidates(const CandidateInput& in);

// What the sensitivity of the nominal Nash package needs (robust_sensitivity.cpp).
struct SensitivityInput {
  const Scenario& scenario;
  const PackageSpace& space;
  const std::vector<PartyModel>& parties;
  const std::vector<std::vector<double>>& expected;  // per party, per package: E[u]
  std::uint64_t nash;                                // the nominal Nash package's index
};
std::vector<PartySensitivity> compute_sensitivity(const SensitivityInput& input);

// What the choice of questions needs (robust_elicitation.cpp).
struct ElicitationInput {
  const Scenario& scenario;
  const PackageSpace& space;
  const std::vector<PartyModel>& parties;
  const std::vector<JointDraw>& draws;
  const std::vector<std::uint64_t>& nash;        // per draw: the Nash choice, or kNone
  const std::vector<std::uint64_t>& candidates;  // packages questions may name
  const std::vector<PartySensitivity>& sensitivity;
  bool exact;        // the draws are every combination of discrete laws (exact masses)
  std::size_t kept;  // questions kept
};
struct Elicitation {
  double entropy = 0.0;  // bits, of the Nash choice
  std::vector<RobustQuestion> questions;
};
Elicitation choose_questions(const ElicitationInput& input);

// A recommendation's value in words ("worst-case Nash product 0.0123").
std::string criterion_text(const RobustRecommendation& recommendation);

// A question in words ("Does japan like {iturup=joint} at least as much as {iturup=russia},
// other issues equal?") and what each answer would leave (robust_report.cpp).
std::string question_text(const Scenario& scenario, const RobustAnalysis& analysis,
                          const RobustQuestion& question);
std::string question_outcome(const Scenario& scenario, const RobustAnalysis& analysis,
                             const RobustQuestion& question);

// The plain-language sentences of an analysis (robust_report.cpp).
std::vector<std::string> robust_sentences(const Scenario& scenario, const RobustAnalysis& analysis);

}  // namespace parley::robust_detail
