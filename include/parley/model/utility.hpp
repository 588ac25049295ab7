// Preferences: utility functions over outcomes.
//
// Two models, both from GENIUS (see ../shared/docs/genius-format.md and docs/scenario-format.md):
//  - LinearAdditiveUtility: u(w) = sum_i weight_i * e_i(w_i), with e_i a value function per issue
//    (a table of option scores divided by the issue's best score as GENIUS does, a table of
//    utilities used as they are as GeniusWeb does, or a linear / triangular / constant function of
//    a numeric issue's value). Evaluation reads one precomputed table per issue (16 bytes a value),
//    except for numeric issues above LinearAdditiveUtility::tabulation_limit values valued by a
//    function: those are evaluated analytically (nothing stored per value) and described by their
//    breakpoints, so an integer issue of 16 M values costs a few hundred bytes. No virtual call per
//    value either way.
//  - HyperRectangleUtility: the ANAC 2014 nonlinear model, sums (or max / min) of constraint
//    rectangles (INCLUDES / EXCLUDES) with weights, normalised by maxutility and capped at 1.
// Solvers ask a utility what it can do (as_linear_additive()) instead of switching on types.
#pragma once

#include <cstdint>
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
  // Numeric issues with more values than this, valued by a linear / triangular / constant
  // function, are evaluated analytically instead of through a table. Tables given per value
  // (scores, utilities) are data and always stay tables, as do categorical issues.
  static constexpr std::uint32_t tabulation_limit = 65'536;

  // weights: one per issue, non-negative (normalising them is the loader's job, with a warning).
  // tabulate_up_to: the tabulation threshold (tests build the same function both ways with it).
  // written_weights: the weights as the file wrote them, when the loader divided them by their
  // sum (empty otherwise), so that exact readings (certificates) divide the written numbers.
  LinearAdditiveUtility(const std::vector<Issue>& issues, std::vector<double> weights,
                        std::vector<ValueFunction> functions,
                        std::uint32_t tabulate_up_to = tabulation_limit,
                        std::vector<double> written_weights = {});

  double utility(const Outcome& outcome) const override;
  std::string kind_name() const override { return "linear-additive"; }
  const LinearAdditiveUtility* as_linear_additive() const noexcept override { return this; }

  std::size_t issue_count() const noexcept { return weights_.size(); }
  const std::vector<double>& weights() const noexcept { return weights_; }
  // The weights as written, when weights() are them divided by their sum; empty when weights()
  // are the written ones.
  const std::vector<double>& written_weights() const noexcept { return written_weights_; }
  const ValueFunction& value_function(std::size_t issue) const { return functions_.at(issue); }

  // Number of values of the issue (its cardinality).
  std::uint32_t value_count(std::size_t issue) const noexcept { return value_counts_[issue]; }
  // True when issue `issue` has contiguous tables (contributions(issue) is non-null).
  bool tabulated(std::size_t issue) const noexcept { return offsets_[issue] != analytic; }
  // e_i(v), in [0,1] for well-formed inputs. Valid for every issue (table or analytic) and
  // bit-identical to what a table would hold.
  double value_utility(std::size_t issue, ValueIndex v) const {
    const std::size_t offset = offsets_[issue];
    return offset != analytic ? evaluations_[offset + v] : analytic_value_utility(issue, v);
  }
  // weight_i * e_i(v): the contribution of value v of issue i to the utility. Valid for every
  // issue and bit-identical to what a table would hold.
  double contribution(std::size_t issue, ValueIndex v) const {
    const std::size_t offset = offsets_[issue];
    return offset != analytic ? contributions_[offset + v] : analytic_contribution(issue, v);
  }
  // Contiguous contribution table of one issue (cardinality entries), or nullptr when the issue
  // is evaluated analytically (!tabulated(issue)): callers must then use contribution(issue, v)
  // or walk breakpoints(issue).
  const double* contributions(std::size_t issue) const noexcept {
    const std::size_t offset = offsets_[issue];
    return offset != analytic ? contributions_.data() + offset : nullptr;
  }
  // Analytic issues: the sorted distinct value indices where the contribution may change slope,
  // always including 0 and cardinality-1. Between two consecutive breakpoints the contribution
  // is linear in v up to rounding, and monotone as computed (see utility.cpp). Tabulated issues:
  // empty.
  const std::vector<ValueIndex>& breakpoints(std::size_t issue) const {
    return breakpoints_.at(issue);
  }
  // Smallest value index with the largest / smallest contribution of the issue.
  ValueIndex best_value(std::size_t issue) const noexcept { return best_value_[issue]; }
  ValueIndex worst_value(std::size_t issue) const noexcept { return worst_value_[issue]; }
  // Best and worst contribution of each issue (max/min over its values).
  double best_contribution(std::size_t issue) const noexcept { return best_[issue]; }
  double worst_contribution(std::size_t issue) const noexcept { return worst_[issue]; }
  // Maximum and minimum utility over the whole space (exact, per-issue sums).
  double max_utility() const noexcept;
  double min_utility() const noexcept;
  // Heap bytes held by this utility: its tables (16 bytes per tabulated value), the value
  // functions' own tables, breakpoints and per-issue bookkeeping.
  std::uint64_t memory_bytes() const noexcept;

 private:
  [[noreturn]] static void not_finite(const Issue& issue, double value);
  static constexpr std::size_t analytic = static_cast<std::size_t>(-1);
  double analytic_value_utility(std::size_t issue, ValueIndex v) const;
  double analytic_contribution(std::size_t issue, ValueIndex v) const;

  std::vector<double> weights_;
  std::vector<double> written_weights_;
  std::vector<ValueFunction> functions_;
  std::vector<std::uint32_t> value_counts_;
  std::vector<std::size_t> offsets_;     // start of each issue's tables, or `analytic`
  std::vector<Issue> numeric_issues_;    // copies of the analytic issues, for numeric_value()
  std::vector<std::size_t> numeric_of_;  // issue -> position in numeric_issues_ (analytic only)
  std::vector<double> evaluations_;
  std::vector<double> contributions_;
  std::vector<std::vector<ValueIndex>> breakpoints_;
  std::vector<ValueIndex> best_value_;
  std::vector<ValueIndex> worst_value_;
  std::vector<double> best_;
  std::vector<double> worst_;
  bool all_tabulated_ = true;
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
