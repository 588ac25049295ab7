#include "parley/model/utility.hpp"

#include <algorithm>
#include <cmath>
#include <ranges>
#include <type_traits>

#include "model/enum_names.hpp"
#include "parley/support/error.hpp"

namespace parley {

ValueFunction ValueFunction::from_scores(std::vector<double> scores) {
  ValueFunction f;
  f.kind = Kind::scores;
  f.table = std::move(scores);
  return f;
}

ValueFunction ValueFunction::from_utilities(std::vector<double> utilities) {
  ValueFunction f;
  f.kind = Kind::utilities;
  f.table = std::move(utilities);
  return f;
}

ValueFunction ValueFunction::make_linear(double slope, double offset, double origin, bool clip) {
  ValueFunction f;
  f.kind = Kind::linear;
  f.slope = slope;
  f.offset = offset;
  f.origin = origin;
  f.clip = clip;
  return f;
}

ValueFunction ValueFunction::make_triangular(double lower, double upper, double top) {
  ValueFunction f;
  f.kind = Kind::triangular;
  f.lower = lower;
  f.upper = upper;
  f.top = top;
  return f;
}

ValueFunction ValueFunction::make_constant(double value) {
  ValueFunction f;
  f.kind = Kind::constant;
  f.offset = value;
  return f;
}

double ValueFunction::at_number(double x) const {
  switch (kind) {
    case Kind::linear: {
      const double e = offset + slope * (x - origin);
      return clip ? std::clamp(e, 0.0, 1.0) : e;
    }
    case Kind::triangular:
      if (x < lower || x > upper) return 0.0;
      if (x == top) return 1.0;
      if (x < top) return top > lower ? (x - lower) / (top - lower) : 1.0;
      return upper > top ? (upper - x) / (upper - top) : 1.0;
    case Kind::constant:
      return offset;
    case Kind::scores:
    case Kind::utilities:
      break;
  }
  throw Error("value function: a table has no value at a number");
}

double ValueFunction::at_value(const Issue& issue, ValueIndex v) const {
  switch (kind) {
    case Kind::scores: {
      const double best = table.empty() ? 0.0 : *std::max_element(table.begin(), table.end());
      return best > 0.0 ? table.at(v) / best : 0.0;
    }
    case Kind::utilities:
      return table.at(v);
    default:
      return at_number(issue.numeric_value(v));
  }
}

namespace {

bool is_function(const ValueFunction& f) noexcept {
  return f.kind == ValueFunction::Kind::linear || f.kind == ValueFunction::Kind::triangular ||
         f.kind == ValueFunction::Kind::constant;
}

// First index in [first, last) where pred turns false (pred true on a prefix).
template <class Pred>
std::uint32_t partition_index(std::uint32_t first, std::uint32_t last, Pred&& pred) {
  return *std::ranges::partition_point(std::views::iota(first, last + 1),
                                       [&](std::uint32_t v) { return v < last && pred(v); });
}

// Breakpoints of a numeric issue valued by a function (see breakpoints() in the header).
//
// Every quantity searched here is monotone in the value index as computed in floating point:
// x(v) = issue.numeric_value(v) is a chain of correctly rounded monotone operations
// (lower + (upper - lower) * v / (n - 1), or lower + v), except that the last point of a real
// issue is `upper` itself; so searches stop at n - 2 for real issues and n - 2, n - 1 are
// breakpoints. The raw linear e = offset + slope * (x - origin) is monotone in x likewise.
// For each threshold t (clip levels 0 and 1 of the raw linear e; lower, top and upper of a
// triangle) the indices either side of "< t", "== t" and "> t" are breakpoints, found by binary
// search rather than by arithmetic, so rounding cannot put a kink inside a segment.
std::vector<ValueIndex> function_breakpoints(const Issue& issue, const ValueFunction& f) {
  const std::uint32_t n = issue.cardinality();
  std::vector<ValueIndex> points{0, n - 1};
  // Monotone part of the index range: [0, monotone_end).
  std::uint32_t monotone_end = n;
  if (issue.kind() == IssueKind::real && n >= 2) {
    points.push_back(n - 2);
    monotone_end = n - 1;
  }
  auto add_crossings = [&](auto&& g, double t) {
    const bool increasing = g(0) <= g(monotone_end - 1);
    for (const bool strict : {false, true}) {
      const std::uint32_t p = partition_index(0, monotone_end, [&](std::uint32_t v) {
        const double y = g(v);
        return increasing ? (strict ? y <= t : y < t) : (strict ? y >= t : y > t);
      });
      if (p > 0) points.push_back(p - 1);
      if (p < n) points.push_back(p);
    }
  };
  auto x = [&](std::uint32_t v) { return issue.numeric_value(v); };
  switch (f.kind) {
    case ValueFunction::Kind::linear:
      if (f.clip) {
        auto raw = [&](std::uint32_t v) { return f.offset + f.slope * (x(v) - f.origin); };
        add_crossings(raw, 0.0);
        add_crossings(raw, 1.0);
      }
      break;
    case ValueFunction::Kind::triangular:
      add_crossings(x, f.lower);
      add_crossings(x, f.top);
      add_crossings(x, f.upper);
      break;
    default:
      break;
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

// Smallest index with the largest (best = true) or smallest contribution, from the breakpoints.
//
// Why this is exact: between consecutive breakpoints s < e the computed contribution
// c(v) = weight * e(x(v)) is monotone in v (x is monotone, e is monotone on each side of every
// threshold, the clamp and the multiplication by a fixed weight keep monotonicity; see
// function_breakpoints). A monotone sequence reaches its extremes at its ends, so the extreme
// over all values, M, is reached at some breakpoint. For the smallest index reaching M: take
// the first segment (in index order) with an end equal to M. Earlier segments never reach M
// (their ends do not, and they are monotone). If c(s) == M the answer is s; otherwise c(s) is
// on the other side of M from c(e) == M, so c runs monotonically towards M on [s, e] and the
// first index reaching M is found by binary search. Rounding plateaus are thereby handled too.
template <class Contribution>
ValueIndex extreme_value(const std::vector<ValueIndex>& points, Contribution&& c, bool best) {
  auto better = [best](double a, double b) { return best ? a > b : a < b; };
  double extreme = c(points[0]);
  for (ValueIndex p : points)
    if (better(c(p), extreme)) extreme = c(p);
  for (std::size_t k = 0; k < points.size(); ++k) {
    if (c(points[k]) == extreme) return points[k];
    if (k + 1 < points.size() && c(points[k + 1]) == extreme)
      return partition_index(points[k] + 1, points[k + 1],
                             [&](std::uint32_t v) { return better(extreme, c(v)); });
  }
  return points[0];  // unreachable for non-NaN contributions
}

}  // namespace

LinearAdditiveUtility::LinearAdditiveUtility(const std::vector<Issue>& issues,
                                             std::vector<double> weights,
                                             std::vector<ValueFunction> functions,
                                             std::uint32_t tabulate_up_to,
                                             std::vector<double> written_weights)
    : weights_(std::move(weights)),
      written_weights_(std::move(written_weights)),
      functions_(std::move(functions)) {
  if (!written_weights_.empty() && written_weights_.size() != issues.size())
    throw Error("linear-additive utility: " + std::to_string(written_weights_.size()) +
                " written weights for " + std::to_string(issues.size()) + " issues");
  if (weights_.size() != issues.size() || functions_.size() != issues.size())
    throw Error("linear-additive utility: " + std::to_string(weights_.size()) + " weights and " +
                std::to_string(functions_.size()) + " value functions for " +
                std::to_string(issues.size()) + " issues");
  const std::size_t count = issues.size();
  offsets_.reserve(count + 1);
  numeric_of_.assign(count, 0);
  std::size_t total = 0;
  for (std::size_t i = 0; i < count; ++i) {
    value_counts_.push_back(issues[i].cardinality());
    const bool numeric = issues[i].kind() != IssueKind::categorical;
    if (numeric && is_function(functions_[i]) && issues[i].cardinality() > tabulate_up_to) {
      offsets_.push_back(analytic);
      numeric_of_[i] = numeric_issues_.size();
      numeric_issues_.push_back(issues[i]);
      all_tabulated_ = false;
      continue;
    }
    offsets_.push_back(total);
    total += issues[i].cardinality();
  }
  offsets_.push_back(total);
  evaluations_.resize(total);
  contributions_.resize(total);
  breakpoints_.resize(count);
  best_value_.assign(count, 0);
  worst_value_.assign(count, 0);
  best_.resize(count);
  worst_.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& f = functions_[i];
    if (!tabulated(i)) {
      breakpoints_[i] = function_breakpoints(issues[i], f);
      auto c = [&](ValueIndex v) { return analytic_contribution(i, v); };
      best_value_[i] = extreme_value(breakpoints_[i], c, true);
      worst_value_[i] = extreme_value(breakpoints_[i], c, false);
      best_[i] = c(best_value_[i]);
      worst_[i] = c(worst_value_[i]);
      // Between breakpoints the contribution is monotone: finite at every breakpoint means
      // finite everywhere.
      for (ValueIndex v : breakpoints_[i])
        if (!std::isfinite(c(v))) not_finite(issues[i], c(v));
      continue;
    }
    const bool table = !is_function(f);
    if (table && f.table.size() != issues[i].cardinality())
      throw Error("linear-additive utility: issue '" + issues[i].name() + "' has " +
                  std::to_string(issues[i].cardinality()) + " values but " +
                  std::to_string(f.table.size()) + " evaluations");
    double best_score = 0.0;
    if (f.kind == ValueFunction::Kind::scores && !f.table.empty())
      best_score = *std::max_element(f.table.begin(), f.table.end());
    double best = -INFINITY, worst = INFINITY;
    for (ValueIndex v = 0; v < issues[i].cardinality(); ++v) {
      double e = 0.0;
      if (f.kind == ValueFunction::Kind::scores)
        e = best_score > 0.0 ? f.table[v] / best_score : 0.0;
      else if (f.kind == ValueFunction::Kind::utilities)
        e = f.table[v];
      else
        e = f.at_number(issues[i].numeric_value(v));
      evaluations_[offsets_[i] + v] = e;
      const double c = weights_[i] * e;
      if (!std::isfinite(c)) not_finite(issues[i], c);
      contributions_[offsets_[i] + v] = c;
      if (c > best) {
        best = c;
        best_value_[i] = v;
      }
      if (c < worst) {
        worst = c;
        worst_value_[i] = v;
      }
    }
    best_[i] = best;
    worst_[i] = worst;
  }
  // The sums over issues (the best and worst packages) must be finite too.
  if (!std::isfinite(max_utility()) || !std::isfinite(min_utility()))
    throw InputError("", std::nullopt, "value functions",
                     "utilities whose sum over the issues overflows (best " +
                         format_number(max_utility()) + ", worst " + format_number(min_utility()) +
                         ")",
                     "value functions whose weighted sum is a finite number");
}

void LinearAdditiveUtility::not_finite(const Issue& issue, double value) {
  throw InputError("", std::nullopt, "issue '" + issue.name() + "' value function",
                   "a weighted value of " + format_number(value) +
                       " (a number overflowing to infinity, or not a number)",
                   "finite values over the issue's whole range");
}

double LinearAdditiveUtility::analytic_value_utility(std::size_t issue, ValueIndex v) const {
  return functions_[issue].at_number(numeric_issues_[numeric_of_[issue]].numeric_value(v));
}

double LinearAdditiveUtility::analytic_contribution(std::size_t issue, ValueIndex v) const {
  // Same expression as the table entry (weight * e), hence bit-identical to it.
  return weights_[issue] * analytic_value_utility(issue, v);
}

double LinearAdditiveUtility::utility(const Outcome& outcome) const {
  double sum = 0.0;
  const std::size_t n = weights_.size();
  if (all_tabulated_) {
    for (std::size_t i = 0; i < n; ++i) sum += contributions_[offsets_[i] + outcome[i]];
    return sum;
  }
  for (std::size_t i = 0; i < n; ++i) sum += contribution(i, outcome[i]);
  return sum;
}

double LinearAdditiveUtility::max_utility() const noexcept {
  double sum = 0.0;
  for (double b : best_) sum += b;
  return sum;
}

double LinearAdditiveUtility::min_utility() const noexcept {
  double sum = 0.0;
  for (double w : worst_) sum += w;
  return sum;
}

std::uint64_t LinearAdditiveUtility::memory_bytes() const noexcept {
  auto bytes = [](const auto& vector) -> std::uint64_t {
    return vector.capacity() * sizeof(typename std::decay_t<decltype(vector)>::value_type);
  };
  std::uint64_t total = bytes(weights_) + bytes(functions_) + bytes(value_counts_) +
                        bytes(offsets_) + bytes(numeric_issues_) + bytes(numeric_of_) +
                        bytes(evaluations_) + bytes(contributions_) + bytes(breakpoints_) +
                        bytes(best_value_) + bytes(worst_value_) + bytes(best_) + bytes(worst_);
  for (const auto& f : functions_) total += bytes(f.table);
  for (const auto& points : breakpoints_) total += bytes(points);
  return total;
}

const char* to_string(UtilityNode::Aggregation a) noexcept {
  return detail::kAggregationNames.name(a);
}

double HyperRectangle::value(const std::vector<Issue>& issues, const Outcome& outcome) const {
  if (exclusive) {
    for (const auto& b : bounds) {
      const double x = issues[b.issue].numeric_value(outcome[b.issue]);
      if (x < b.min || x > b.max) return utility * weight;
    }
    return 0.0;
  }
  for (const auto& b : bounds) {
    const double x = issues[b.issue].numeric_value(outcome[b.issue]);
    if (x < b.min || x > b.max) return 0.0;
  }
  return utility * weight;
}

double UtilityNode::value(const std::vector<Issue>& issues, const Outcome& outcome) const {
  bool first = true;
  double result = 0.0;
  auto combine = [&](double v) {
    switch (aggregation) {
      case Aggregation::sum:
        result += v;
        break;
      case Aggregation::max:
        result = first ? v : std::max(result, v);
        break;
      case Aggregation::min:
        result = first ? v : std::min(result, v);
        break;
    }
    first = false;
  };
  for (const auto& r : rectangles) combine(r.value(issues, outcome));
  for (const auto& c : children) combine(c.value(issues, outcome));
  return result * weight;
}

HyperRectangleUtility::HyperRectangleUtility(std::vector<Issue> issues,
                                             std::vector<UtilityNode> nodes, double max_utility)
    : issues_(std::move(issues)), nodes_(std::move(nodes)), max_utility_(max_utility) {
  if (!(max_utility_ > 0.0) || !std::isfinite(max_utility_))
    throw Error("hyper-rectangle utility: maxutility must be a positive finite number");
  // A bound on |utility| of any package: sum over rectangles and nodes of |utility x weight|
  // times the nodes' weights above them. Finite bound: every evaluation is finite. Walked with
  // an explicit stack (trees built in code have no depth limit).
  double bound = 0.0;
  std::vector<std::pair<const UtilityNode*, double>> stack;
  for (const auto& node : nodes_) stack.emplace_back(&node, 1.0);
  while (!stack.empty()) {
    const auto [node, scale] = stack.back();
    stack.pop_back();
    const double factor = scale * std::fabs(node->weight);
    for (const auto& r : node->rectangles) bound += factor * std::fabs(r.utility * r.weight);
    for (const auto& child : node->children) stack.emplace_back(&child, factor);
    if (!std::isfinite(bound) || !std::isfinite(factor))
      throw InputError("", std::nullopt, "rectangles",
                       "utilities and weights whose sum overflows to infinity",
                       "rectangle utilities x weights (and node weights) whose sums are finite");
  }
}

double HyperRectangleUtility::utility(const Outcome& outcome) const {
  double sum = 0.0;
  for (const auto& node : nodes_) sum += node.value(issues_, outcome);
  return std::min(1.0, sum / max_utility_);
}

std::size_t HyperRectangleUtility::rectangle_count() const noexcept {
  std::size_t count = 0;
  auto visit = [&](const UtilityNode& node, auto&& self) -> void {
    count += node.rectangles.size();
    for (const auto& c : node.children) self(c, self);
  };
  for (const auto& n : nodes_) visit(n, visit);
  return count;
}

}  // namespace parley
