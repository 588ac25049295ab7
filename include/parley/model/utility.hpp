// Preferences: utility functions over outcomes.
//
// Two models, both from GENIUS (see ../shared/docs/genius-format.md and docs/scenario-format.md):
//  - LinearAdditiveUtility: u(w) = sum_i weight_i * e_i(w_i), with e_i a value function per issue
//    (a table of option scores divided by the issue's best score as GENIUS does, a table of
//    utilities used as they are as GeniusWeb does, or a linear / triangular / constant function of
//    a numeric issue's value). Evaluation reads one precomputed table per issue: no virtual call
//    per value.
//  - HyperRectangleUtility: the ANAC 2014 nonlinear model, sums (or max / min) of constraint
//    rectangles (INCLUDES / EXCLUDES) with weights, normalised by maxutility and capped at 1.
// Solvers ask a utility what it can do (as_linear_additive()) instead of switching on types.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "parley/model/issue.hpp"
#include "parley/model/outcome.hpp"

namespace parley {

class LinearAdditiveUtility;
class HyperRectangleUtility;

class UtilityFunction {
 public:
  virtual ~UtilityFunction() = default;
  // Utility of an outcome of the scenario the function was built for.
  virtual double utility(const Outcome& outcome) const = 0;
  // "linear-additive" or "hyper-rectangle".
  virtual std::string kind_name() const = 0;
  // Capabilities: non-null when the function is of that form.
  virtual const LinearAdditiveUtility* as_linear_additive() const noexcept { return nullptr; }
  virtual const HyperRectangleUtility* as_hyper_rectangle() const noexcept { return nullptr; }
};

// Value function of one issue, kept in the form it was written in so that exports are exact.
struct ValueFunction {
  enum class Kind {
    scores,      // table; e(v) = score(v) / max score (GENIUS EvaluatorDiscrete semantics)
    utilities,   // table; e(v) = utility(v) as given (GeniusWeb valueUtilities)
    linear,      // e(x) = offset + slope * (x - origin), clipped to [0,1] when clip is set
    triangular,  // 0 at lower, 1 at top, 0 at upper, 0 outside [lower, upper]
    constant,    // e(x) = offset
  };
  Kind kind = Kind::utilities;
  std::vector<double> table;  // scores or utilities, one per value index (table kinds)
  double slope = 0.0;
  double offset = 0.0;
  double origin = 0.0;  // GENIUS integer issues: the lower bound; real issues: 0
  bool clip = false;
  double lower = 0.0, upper = 0.0, top = 0.0;  // triangular

  static ValueFunction from_scores(std::vector<double> scores);
  static ValueFunction from_utilities(std::vector<double> utilities);
  static ValueFunction make_linear(double slope, double offset, double origin, bool clip);
  static ValueFunction make_triangular(double lower, double upper, double top);
  static ValueFunction make_constant(double value);

  // e(x) at a numeric value x (numeric kinds) — for real issues between grid points.
  double at_number(double x) const;
  // e(v) for the value index v of the given issue.
  double at_value(const Issue& issue, ValueIndex v) const;
};

class LinearAdditiveUtility final : public UtilityFunction {
 public:
  // weights: one per issue, non-negative (normalising them is the loader's job, with a warning).
  LinearAdditiveUtility(const std::vector<Issue>& issues, std::vector<double> weights,
                        std::vector<ValueFunction> functions);

  double utility(const Outcome& outcome) const override;
  std::string kind_name() const override { return "linear-additive"; }
  const LinearAdditiveUtility* as_linear_additive() const noexcept override { return this; }

  std::size_t issue_count() const noexcept { return weights_.size(); }
  const std::vector<double>& weights() const noexcept { return weights_; }
  const ValueFunction& value_function(std::size_t issue) const { return functions_.at(issue); }
  // e_i(v), in [0,1] for well-formed inputs.
  double value_utility(std::size_t issue, ValueIndex v) const {
    return evaluations_[offsets_[issue] + v];
  }
  // weight_i * e_i(v): the contribution of value v of issue i to the utility.
  double contribution(std::size_t issue, ValueIndex v) const {
    return contributions_[offsets_[issue] + v];
  }
  // Contiguous contribution table of one issue (cardinality entries).
  const double* contributions(std::size_t issue) const noexcept {
    return contributions_.data() + offsets_[issue];
  }
  // Best and worst contribution of each issue (max/min over its values).
  double best_contribution(std::size_t issue) const noexcept { return best_[issue]; }
  double worst_contribution(std::size_t issue) const noexcept { return worst_[issue]; }
  // Maximum and minimum utility over the whole space (exact, per-issue sums).
  double max_utility() const noexcept;
  double min_utility() const noexcept;

 private:
  std::vector<double> weights_;
  std::vector<ValueFunction> functions_;
  std::vector<std::size_t> offsets_;
  std::vector<double> evaluations_;
  std::vector<double> contributions_;
  std::vector<double> best_;
  std::vector<double> worst_;
};

// ANAC 2014 nonlinear utility.
struct HyperRectangle {
  struct Bound {
    std::size_t issue = 0;  // position of the issue in the scenario
    double min = 0.0;       // inclusive bounds on the issue's numeric value
    double max = 0.0;
  };
  std::vector<Bound> bounds;
  bool exclusive = false;  // EXCLUDES: contributes when any bound is violated
  double utility = 0.0;
  double weight = 1.0;

  // utility*weight when the rectangle applies to the outcome, else 0.
  double value(const std::vector<Issue>& issues, const Outcome& outcome) const;
};

struct UtilityNode {
  enum class Aggregation { sum, max, min };
  std::string type = "PlainUfun";
  Aggregation aggregation = Aggregation::sum;
  double weight = 1.0;
  std::vector<HyperRectangle> rectangles;
  std::vector<UtilityNode> children;

  double value(const std::vector<Issue>& issues, const Outcome& outcome) const;
};

const char* to_string(UtilityNode::Aggregation a) noexcept;

class HyperRectangleUtility final : public UtilityFunction {
 public:
  // The top-level nodes are summed, then divided by max_utility and capped at 1.
  HyperRectangleUtility(std::vector<Issue> issues, std::vector<UtilityNode> nodes,
                        double max_utility);

  double utility(const Outcome& outcome) const override;
  std::string kind_name() const override { return "hyper-rectangle"; }
  const HyperRectangleUtility* as_hyper_rectangle() const noexcept override { return this; }

  const std::vector<UtilityNode>& nodes() const noexcept { return nodes_; }
  double max_utility() const noexcept { return max_utility_; }
  // Every rectangle of every node, flattened (for search heuristics).
  std::size_t rectangle_count() const noexcept;

 private:
  std::vector<Issue> issues_;
  std::vector<UtilityNode> nodes_;
  double max_utility_ = 1.0;
};

}  // namespace parley
