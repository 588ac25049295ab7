// Robust compromise: recommendations that hold when the parties' preferences are uncertain
// (`parley robust`; methods, definitions and proofs in docs/robust.md).
//
// Each party may carry a PartyUncertainty (parley/model/uncertainty.hpp): a set or law of
// weight vectors, option-value intervals, a walk-away law. Parties are independent. For every
// package x and party i, with u_i(x) = sum_k w_ik v_ik(x_k):
//  - P_i(x) = P(u_i(x) >= r_i), the probability that i accepts x (ties accept), and the joint
//    probability prod_i P_i(x) (independence);
//  - E[u_i(x)] = sum_k E[w_ik] E[v_ik(x_k)]; [min, max] of u_i(x) over the uncertainty set;
//    robustly rational: min u_i(x) >= the highest walk-away; possibly rational: max u_i(x) >=
//    the lowest walk-away.
// Recommendations:
//  - most acceptable: the package of largest joint acceptance;
//  - nominal Nash / Kalai-Smorodinsky: at the mean parameters (E[w], E[v], E[r]); with
//    independent parties and utilities linear in the parameters, the expected Nash product
//    E[prod(u_i - r_i)] equals prod(E[u_i] - E[r_i]), so the nominal Nash package maximises the
//    expected Nash product among the nominally rational packages;
//  - robust (max-min) Nash: argmax over robustly rational x of prod_i (min u_i(x) - max r_i) (the
//    minimum of the product is the product of the minima: each factor depends on its own party's
//    parameters only); robust KS: argmax of min_i (min u_i(x) - max r_i) / (I_i - max r_i), I_i
//    the party's largest possible utility (1 for normalised preferences);
//  - chance-constrained Nash: the largest nominal Nash product among packages whose joint
//    acceptance is at least alpha;
//  - compromise acceptability (SMAA-2, Lahdelma & Salminen 2001): P(x is the Nash / KS choice)
//    when every party's parameters are drawn from their laws, with each package's central
//    weights (the mean weights of the draws where it is the choice);
//  - sensitivity of the nominal Nash package, per party: the stability interval of each weight
//    (the others rescaled in proportion), exact from the lines the Nash products follow; the
//    smallest change of the party's weight vector (L-infinity, over the simplex) that makes
//    another package the Nash choice; and the question to ask next;
//  - elicitation: the questions (compare two packages, accept a package, does a weight reach a
//    threshold) whose answers most reduce the uncertainty about the Nash choice.
// Every probability says whether it is exact (discrete mixtures, one or two free weights, point
// laws) or a Monte Carlo estimate (with its standard error, the number of draws and the seed).
// Same scenario, options and seed: the same numbers, bit for bit.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/model/outcome.hpp"
#include "parley/model/scenario.hpp"

namespace parley {

struct RobustOptions {
  // Monte Carlo draws of every party's parameters (compromise acceptability, and acceptance
  // where no exact method applies).
  std::uint64_t samples = 10'000;
  std::uint64_t seed = 1;
  // The chance constraint: joint acceptance at least alpha.
  double alpha = 0.9;
  // Packages enumerated at most (the analysis is exact over all packages up to this many).
  std::uint64_t max_packages = 2'000'000;
  // Larger spaces: the candidates are the Pareto frontiers at up to this many parameter vectors
  // (docs/robust.md, "Large spaces"); at most max_packages of them.
  std::size_t candidate_vectors = 32;
  // Threads evaluating the draws (0: one per core). The results do not depend on it.
  std::size_t threads = 0;
  // Monte Carlo even where an exact method exists (to check one against the other).
  bool monte_carlo = false;
  // Packages the result lists besides the recommended ones: the most acceptable ones.
  std::size_t listed = 10;
  // Questions to ask next kept, most informative first.
  std::size_t questions = 3;
  // What-if: issues fixed to one option (by issue position; nullopt: free).
  std::vector<std::optional<ValueIndex>> fixed;
  // What-if: a party's walk-away set to a value (its law becomes that point).
  std::vector<std::pair<std::size_t, double>> walk_away;
  // What-if: a party's weight of an issue set to a value. Its other weights are rescaled in
  // proportion (known weights, mixture components, Dirichlet draws); a set of weights is cut by
  // the statement w_issue = value (refused when no weight vector of the set has it).
  struct WeightChange {
    std::size_t party = 0, issue = 0;
    double value = 0.0;
  };
  std::vector<WeightChange> weights;
  // Called now and then; returning true stops the analysis with parley::Cancelled.
  std::function<bool()> cancelled;
};

// A probability or mean: exact, or a Monte Carlo estimate with its standard error.
struct Estimate {
  double value = 0.0;
  bool exact = true;
  double standard_error = 0.0;
};

struct RobustPackage {
  Outcome outcome;
  std::vector<Estimate> acceptance;  // per party
  Estimate joint_acceptance;
  std::vector<Estimate> expected_utility;  // per party
  std::vector<double> min_utility, max_utility;
  std::vector<bool> robustly_rational, possibly_rational;
  // prod_i (E[u_i] - E[r_i]) when every factor is >= 0, else nullopt (not nominally rational).
  std::optional<double> nominal_nash_product;
  // SMAA: the share of draws in which it is the Nash / KS choice (always Monte Carlo unless
  // every law is a point or a mixture enumerated exactly).
  Estimate nash_acceptability, ks_acceptability;
  // Per party: the mean weights of the draws where it is the Nash choice (empty when never).
  std::vector<std::vector<double>> nash_central_weights;
};

enum class RobustRule {
  most_acceptable,
  nominal_nash,
  nominal_kalai_smorodinsky,
  robust_nash,
  robust_kalai_smorodinsky,
  chance_constrained_nash,
  most_often_nash,
  most_often_kalai_smorodinsky,
};
const char* to_string(RobustRule rule) noexcept;  // "most-acceptable", "nominal-nash", ...
const char* title(RobustRule rule) noexcept;      // "Most acceptable package", ...

struct RobustRecommendation {
  RobustRule rule = RobustRule::most_acceptable;
  // Position in RobustAnalysis::packages; nullopt when no package qualifies (then `note` says
  // why: no robustly rational package, none reaches the chance constraint...).
  std::optional<std::size_t> package;
  double criterion = 0.0;  // the rule's value at the package
  std::string note;
};

// One weight of one party, varied with the party's other weights rescaled in proportion (the
// other parties at their means): where the nominal Nash package stays the Nash choice.
struct WeightStability {
  std::size_t issue = 0;
  double nominal = 0.0;          // the mean weight
  double low = 0.0, high = 1.0;  // the stability interval (within [0, 1])
  // The package that becomes the Nash choice just below low / above high (nullopt: none in
  // [0, 1], or no agreement).
  std::optional<Outcome> below, above;
  // The weight's range over the party's uncertainty set.
  double set_low = 0.0, set_high = 1.0;
};

struct PartySensitivity {
  std::size_t party = 0;
  bool weights_uncertain = false;
  std::vector<WeightStability> weights;  // one per issue with a non-trivial interval
  // The smallest L-infinity change of the party's weight vector (over the simplex, the other
  // parties at their means) that makes another package as good a Nash choice; nullopt when no
  // change of this party's weights can (then `flip_to` is empty).
  std::optional<double> distance;
  std::optional<Outcome> flip_to;
  std::vector<double> flip_weights;
  bool flip_within_set = false;  // the flipping weights satisfy the party's statements
};

// A question to ask one party next, and what its answer would tell about the Nash choice (which
// package is the Nash choice, or no agreement, across the draws: the distribution behind the
// compromise acceptability). Each draw implies an answer, so the answer splits the draws; the
// question's value is the expected fall of the Nash choice's entropy, in bits: the information
// its answer brings (docs/robust.md, "The question to ask next").
struct RobustQuestion {
  enum class Kind {
    compare,  // does the party like `first` at least as much as `second`?
    accept,   // would the party accept `first` (its utility at least its walk-away)?
    weight,   // does the party's weight of `issue` reach `threshold` (a share of its total)?
  };
  Kind kind = Kind::compare;
  std::size_t party = 0;
  Outcome first, second;  // compare: both; accept: first
  std::size_t issue = 0;  // weight
  double threshold = 0.0;
  Estimate yes;              // P(yes)
  double information = 0.0;  // bits: the entropy now minus its expectation after the answer
  // The likeliest Nash choice after each answer (nullopt: no agreement) and its share of the
  // draws giving that answer.
  std::optional<Outcome> if_yes, if_no;
  double if_yes_share = 0.0, if_no_share = 0.0;
};
const char* to_string(RobustQuestion::Kind kind) noexcept;  // "compare", "accept", "weight"

struct RobustPartyLaw {
  std::vector<std::string> statements;  // the user's words
  Estimate mean_weight_exactness;       // value unused: whether E[w] is exact
  std::vector<double> mean_weights;
  std::vector<std::pair<double, double>> weight_ranges;  // per issue, over the set
  double mean_walk_away = 0.0, lowest_walk_away = 0.0, highest_walk_away = 0.0;
  std::string walk_away_law;
  bool acceptance_exact = true;
  std::string acceptance_method;  // "exact: mixture of 3", "Monte Carlo (hit-and-run)", ...
  double ideal = 1.0;             // the largest possible utility (robust KS)
};

struct RobustAnalysis {
  std::uint64_t package_count = 0;  // packages analysed (all, or those the what-if leaves)
  // Spaces larger than max_packages: the analysis is exact over `package_count` candidates, the
  // Pareto frontiers at `candidate_vectors` parameter vectors minus `dominated` packages
  // necessarily dominated; `space_size` is the whole space's size as text.
  bool candidates_only = false;
  std::string space_size;
  std::size_t candidate_vectors = 0;
  std::uint64_t dominated = 0;
  bool candidate_frontiers_exact = true;
  std::uint64_t samples = 0;
  std::uint64_t seed = 0;
  double alpha = 0.9;
  std::vector<RobustPartyLaw> parties;
  // The recommended packages, then the most acceptable others, without repeats.
  std::vector<RobustPackage> packages;
  std::vector<RobustRecommendation> recommendations;  // in RobustRule order
  // SMAA: the share of draws with no package acceptable to every party.
  Estimate no_agreement;
  // The price of robustness: the nominal Nash product of the nominal Nash package and of the
  // robust Nash package (both at the mean parameters).
  std::optional<double> nominal_nash_product, robust_nash_nominal_product;
  std::vector<PartySensitivity> sensitivity;
  // The entropy (bits) of the Nash choice across the draws, and the most informative questions
  // first (at most three; none when no answer would change what is known).
  double nash_entropy = 0.0;
  std::vector<RobustQuestion> questions;
  // Plain-language sentences: the most acceptable package, how the recommendations compare, the
  // price of robustness, and the question to ask next.
  std::vector<std::string> sentences;
};

// Adds one what-if to `options`, written as the command line and Python write it:
//   kind "fix":       "ISSUE=OPTION"
//   kind "walk-away": "PARTY=VALUE"
//   kind "weight":    "PARTY.ISSUE=VALUE" (the weight's share of the party's total, 0 to 1)
// Throws InputError naming `kind` (as the field), what was found and what was expected.
void add_what_if(const Scenario& scenario, RobustOptions& options, std::string_view kind,
                 std::string_view text);

// Throws UnsupportedError when a party with uncertainty is not linear-additive, or the space
// has more than options.max_packages packages (after the what-if); InputError for bad options.
RobustAnalysis analyse_robust(const Scenario& scenario, const RobustOptions& options = {});

// `samples` possible true preferences of one party drawn from its uncertainty, as parley robust
// draws them (its weight law, option-value intervals and walk-away law; the same seed, the same
// draws): linear-additive parties with the drawn weights, option values and walk-away value, and
// no uncertainty of their own. A party without uncertainty: `samples` copies of itself (its
// uncertainty dropped). Throws UnsupportedError as analyse_robust does.
std::vector<Party> draw_preferences(const Scenario& scenario, std::size_t party,
                                    std::uint64_t samples, std::uint64_t seed);

// `parley robust`'s text report and its JSON form (schema "parley-robust/1", docs/robust.md).
std::string render_robust_report(const Scenario& scenario, const RobustAnalysis& analysis);
std::string render_robust_json(const Scenario& scenario, const RobustAnalysis& analysis);
// The body of the brief's "Under uncertainty" section (XHTML, every scenario text escaped):
// what is uncertain, the recommendations side by side, the packages' acceptance, the sentences
// and the questions to ask next (`parley report`, docs/brief.md).
std::string render_robust_brief(const Scenario& scenario, const RobustAnalysis& analysis);

}  // namespace parley
