// What is not known about a party's preferences, and the probability law parley assumes for it.
//
// A party's preferences are given as a point (weights, value tables, walk-away: the "nominal"
// preferences every other command uses). When they are not known exactly, the party may also
// carry a PartyUncertainty (docs/robust.md; the native format's `uncertainty:` block):
//  - its weights: a set W of possible weight vectors (WeightSet: intervals, PRIME ratio
//    statements, rank orders, package comparisons and rankings, all linear constraints), with
//    the uniform law on W (default) or a Dirichlet law truncated to W; or a discrete mixture of
//    weight vectors (e.g. the posterior of a Bayesian opponent model);
//  - its option values: intervals, uniform and independent per option;
//  - its walk-away value: a point, or a uniform, triangular or discrete law.
// Every statement is kept in the user's words, so that reports show them back. The parties are
// independent of each other, and a party's weights, values and walk-away of each other.
// Only linear-additive parties with value tables (or weights alone) carry uncertainty.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "parley/model/outcome.hpp"
#include "parley/model/weight_set.hpp"

namespace parley {

// The law of a walk-away value r.
struct WalkAwayLaw {
  enum class Kind { point, uniform, triangular, discrete };
  Kind kind = Kind::point;
  // point: low == high == the value; uniform: [low, high]; triangular: low <= mode <= high.
  double low = 0.0, mode = 0.0, high = 0.0;
  // discrete: (value, probability), values ascending and distinct, probabilities summing to 1.
  std::vector<std::pair<double, double>> atoms;

  static WalkAwayLaw point(double value);
  double mean() const;
  double lowest() const noexcept { return low; }
  double highest() const noexcept { return high; }
  // P(r <= u): the probability that a package of utility u is accepted (ties accept).
  double probability_at_most(double u) const;
  // Density of a continuous law at t (0 for point and discrete laws).
  double density(double t) const;
  // True for the laws with a density (uniform, triangular; a uniform law of zero width is a
  // point and is stored as one).
  bool continuous() const noexcept { return kind == Kind::uniform || kind == Kind::triangular; }
  // The points where the density's formula changes (low, mode, high), ascending, distinct.
  std::vector<double> density_breakpoints() const;
  // "0.5", "uniform on [0.45, 0.55]", "triangular on [0.4, 0.6] with mode 0.5",
  // "0.45 (p 0.3), 0.55 (p 0.7)".
  std::string describe() const;
};

// One component of a discrete mixture of weight vectors.
struct WeightMixtureComponent {
  std::vector<double> weights;  // one per issue, summing to 1
  double probability = 0.0;
  std::string label;  // as written, or "component N"
};

// The uncertainty statements of one party as written, before they are checked (part of
// PartyPreferences: the native format's `uncertainty:` block, Python and the service fill it).
// Issue and option names are resolved, and every statement checked, by build_party().
struct UncertaintyStatements {
  // {issue: [low, high]}: the issue's weight, in the scale of the party's `weights` (divided by
  // their sum like the weights themselves).
  std::vector<std::pair<std::string, std::pair<double, double>>> weight_intervals;
  // PRIME ratio statements: the summed weight of `issues` is between low and high times the
  // summed weight of `over`.
  struct Ratio {
    std::vector<std::string> issues, over;
    double low = 0.0, high = 0.0;
  };
  std::vector<Ratio> ratios;
  // Rank orders: each list names issues from most to least important (each weighs at least as
  // much as the next).
  std::vector<std::vector<std::string>> rank_orders;
  // Package comparisons: the party likes `better` at least as much as `worse`. Packages as
  // {issue: option}; both name the same issues, and issues left out are the same in both.
  using PartialPackage = std::vector<std::pair<std::string, std::string>>;
  struct Comparison {
    PartialPackage better, worse;
  };
  std::vector<Comparison> comparisons;
  // Rankings of packages, best first (GENIUS uncertain profiles: ranked bids); each becomes the
  // comparisons of consecutive packages.
  std::vector<std::vector<PartialPackage>> rankings;
  // Bounds on the party's utility of whole packages (every issue named): low <= u(package) <=
  // high, on the party's utility scale (NegMAS IPUtilityFunction: an interval per outcome).
  struct UtilityBound {
    PartialPackage package;
    double low = 0.0, high = 0.0;
  };
  std::vector<UtilityBound> utility_bounds;
  // A discrete mixture of weight vectors instead of any statement above.
  struct MixtureEntry {
    double probability = 0.0;
    std::vector<std::pair<std::string, double>> weights;
    std::string label;
  };
  std::vector<MixtureEntry> mixture;
  // Dirichlet law: a concentration c (alpha = c * nominal weights) or alpha per issue.
  std::optional<double> dirichlet_concentration;
  std::vector<std::pair<std::string, double>> dirichlet_alpha;
  // {issue: {option: [low, high]}}: scores (for issues valued by scores, on the score scale) or
  // utilities (issues valued by utilities).
  std::vector<
      std::pair<std::string, std::vector<std::pair<std::string, std::pair<double, double>>>>>
      score_intervals, utility_intervals;
  // The walk-away law (its kind and numbers as written; checked against the party's range).
  std::optional<WalkAwayLaw> walk_away;

  bool empty() const noexcept {
    return weight_intervals.empty() && ratios.empty() && rank_orders.empty() &&
           comparisons.empty() && rankings.empty() && utility_bounds.empty() && mixture.empty() &&
           !dirichlet_concentration && dirichlet_alpha.empty() && score_intervals.empty() &&
           utility_intervals.empty() && !walk_away;
  }
};

struct PartyUncertainty {
  enum class WeightLaw {
    fixed,      // the nominal weights, known
    uniform,    // uniform on weight_set
    dirichlet,  // Dirichlet(dirichlet_alpha) restricted to weight_set
    mixture,    // the discrete mixture
  };
  WeightLaw weight_law = WeightLaw::fixed;
  // uniform and dirichlet: the weights consistent with every statement (the whole simplex when
  // there is no statement). Never empty: statements that cannot all hold are refused when the
  // party is built.
  std::optional<WeightSet> weight_set;
  std::vector<double> dirichlet_alpha;  // one per issue, > 0
  std::vector<WeightMixtureComponent> mixture;

  // Option values: per issue, per option, [value_low, value_high] on the party's value scale
  // (score / best score, or the utility as written). Empty when every value is known; an issue
  // whose values are all known has low == high == its nominal values.
  std::vector<std::vector<double>> value_low, value_high;

  WalkAwayLaw walk_away;

  // Every statement, in the user's words and in the order written ("iturup weighs between 0.15
  // and 0.25", "walk-away uniform on [0.45, 0.55]").
  std::vector<std::string> statements;

  // The statements as written, weight intervals in the scale of the normalised weights, the
  // walk-away law as checked: what a writer writes back (to_native).
  UncertaintyStatements written;

  bool weights_uncertain() const noexcept { return weight_law != WeightLaw::fixed; }
  bool values_uncertain() const noexcept { return !value_low.empty(); }
  bool walk_away_uncertain() const noexcept { return walk_away.kind != WalkAwayLaw::Kind::point; }
};

}  // namespace parley
