#include "parley/model/utility.hpp"

#include <algorithm>
#include <cmath>

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

LinearAdditiveUtility::LinearAdditiveUtility(const std::vector<Issue>& issues,
                                             std::vector<double> weights,
                                             std::vector<ValueFunction> functions)
    : weights_(std::move(weights)), functions_(std::move(functions)) {
  if (weights_.size() != issues.size() || functions_.size() != issues.size())
    throw Error("linear-additive utility: " + std::to_string(weights_.size()) + " weights and " +
                std::to_string(functions_.size()) + " value functions for " +
                std::to_string(issues.size()) + " issues");
  offsets_.reserve(issues.size() + 1);
  std::size_t total = 0;
  for (const auto& issue : issues) {
    offsets_.push_back(total);
    total += issue.cardinality();
  }
  offsets_.push_back(total);
  evaluations_.resize(total);
  contributions_.resize(total);
  best_.resize(issues.size());
  worst_.resize(issues.size());
  for (std::size_t i = 0; i < issues.size(); ++i) {
    const auto& f = functions_[i];
    const bool table =
        f.kind == ValueFunction::Kind::scores || f.kind == ValueFunction::Kind::utilities;
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
      contributions_[offsets_[i] + v] = c;
      best = std::max(best, c);
      worst = std::min(worst, c);
    }
    best_[i] = best;
    worst_[i] = worst;
  }
}

double LinearAdditiveUtility::utility(const Outcome& outcome) const {
  double sum = 0.0;
  const std::size_t n = weights_.size();
  for (std::size_t i = 0; i < n; ++i) sum += contributions_[offsets_[i] + outcome[i]];
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
