// WalkAwayLaw, and build_uncertainty(): a party's uncertainty statements checked and made into a
// PartyUncertainty (include/parley/model/uncertainty.hpp; the format in
// docs/scenario-format.md, the meaning in docs/robust.md).
#include "parley/model/uncertainty.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "model/preference_origin.hpp"
#include "model/uncertainty_build.hpp"
#include "parley/model/utility.hpp"
#include "parley/support/error.hpp"
#include "support/text.hpp"

namespace parley {

WalkAwayLaw WalkAwayLaw::point(double value) {
  WalkAwayLaw law;
  law.kind = Kind::point;
  law.low = law.mode = law.high = value;
  return law;
}

double WalkAwayLaw::mean() const {
  switch (kind) {
    case Kind::point:
      return low;
    case Kind::uniform:
      return (low + high) / 2.0;
    case Kind::triangular:
      return (low + mode + high) / 3.0;
    case Kind::discrete: {
      double sum = 0.0;
      for (const auto& [value, probability] : atoms) sum += value * probability;
      return sum;
    }
  }
  return low;
}

double WalkAwayLaw::probability_at_most(double u) const {
  switch (kind) {
    case Kind::point:
      return u >= low ? 1.0 : 0.0;
    case Kind::uniform:
      if (u <= low) return 0.0;
      if (u >= high) return 1.0;
      return (u - low) / (high - low);
    case Kind::triangular:
      if (u <= low) return 0.0;
      if (u >= high) return 1.0;
      if (u <= mode) return (u - low) * (u - low) / ((high - low) * (mode - low));
      return 1.0 - (high - u) * (high - u) / ((high - low) * (high - mode));
    case Kind::discrete: {
      double sum = 0.0;
      for (const auto& [value, probability] : atoms)
        if (value <= u) sum += probability;
      return std::min(sum, 1.0);
    }
  }
  return 0.0;
}

double WalkAwayLaw::density(double t) const {
  if (kind == Kind::uniform) return t >= low && t <= high ? 1.0 / (high - low) : 0.0;
  if (kind == Kind::triangular) {
    if (t < low || t > high) return 0.0;
    if (t <= mode)
      return mode == low ? 2.0 / (high - low) : 2.0 * (t - low) / ((high - low) * (mode - low));
    return mode == high ? 2.0 / (high - low) : 2.0 * (high - t) / ((high - low) * (high - mode));
  }
  return 0.0;
}

std::vector<double> WalkAwayLaw::density_breakpoints() const {
  std::vector<double> points{low, mode, high};
  if (kind == Kind::discrete) {
    points.clear();
    for (const auto& atom : atoms) points.push_back(atom.first);
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

std::string WalkAwayLaw::describe() const {
  switch (kind) {
    case Kind::point:
      return format_number(low);
    case Kind::uniform:
      return "uniform on [" + format_number(low) + ", " + format_number(high) + "]";
    case Kind::triangular:
      return "triangular on [" + format_number(low) + ", " + format_number(high) + "] with mode " +
             format_number(mode);
    case Kind::discrete: {
      std::string text;
      for (const auto& [value, probability] : atoms)
        text += (text.empty() ? "" : ", ") + format_number(value) + " (p " +
                format_number(probability) + ")";
      return text;
    }
  }
  return {};
}

namespace detail {
namespace {

// Probabilities and weight sums this close to 1 are taken as written.
constexpr double kSumTolerance = 1e-6;
// Walk-away values this close outside the party's range are rounding.
constexpr double kRangeSlack = 1e-9;

std::string index_part(std::size_t i) { return "[" + std::to_string(i + 1) + "]"; }

class UncertaintyBuilder {
 public:
  UncertaintyBuilder(const std::vector<Issue>& issues, const Party& party,
                     const UncertaintyStatements& statements, double weight_scale,
                     const PreferenceOrigin& origin, Warnings& warnings)
      : issues_(issues),
        party_(party),
        s_(statements),
        scale_(weight_scale),
        origin_(origin),
        warnings_(warnings) {}

  std::shared_ptr<const PartyUncertainty> build();

 private:
  [[noreturn]] void fail(const Path& at, bool key, const std::string& found,
                         const std::string& expected) const {
    fail_at(origin_, at, key, at, found, expected);
  }
  void warn(const Path& at, const std::string& message) {
    std::string where = origin_.source;
    const TextPosition spot = position_of(origin_, at, false);
    if (spot.line) {
      where += ":" + std::to_string(*spot.line);
      if (spot.column) where += ":" + std::to_string(*spot.column);
    }
    warnings_.push_back(where + ": " + field_of(origin_, at) + ": " + message);
  }
  double finite(double value, const Path& at) const {
    if (!std::isfinite(value))
      fail(at, false, "non-finite number " + quoted(format_number(value)), "a finite number");
    return value;
  }
  std::size_t issue(const std::string& name, const Path& at, bool key) const {
    for (std::size_t i = 0; i < issues_.size(); ++i)
      if (issues_[i].name() == name) return i;
    std::vector<std::string> names;
    for (const auto& issue : issues_) names.push_back(issue.name());
    fail(at, key, "unknown issue " + quoted(name), "one of the issues: " + join_names(names, 12));
  }
  ValueIndex option(std::size_t i, const std::string& name, const Path& at, bool key) const {
    const auto v = issues_[i].find_value(name);
    if (!v)
      fail(at, key, "unknown option " + quoted(name),
           "one of the options of issue '" + issues_[i].name() +
               "': " + join_names(value_names(issues_[i]), 12));
    return *v;
  }
  // Adds a statement (and where it was written, for conflicts).
  void add(std::vector<double> coefficients, double lower, double upper, std::string text,
           const Path& at) {
    WeightStatement statement;
    statement.coefficients = std::move(coefficients);
    statement.lower = lower;
    statement.upper = upper;
    statement.text = std::move(text);
    statement.field = field_of(origin_, at);
    statements_.push_back(std::move(statement));
    places_.push_back(at);
    shown_.push_back(statements_.back().text);
  }
  std::vector<double> issue_set(const std::vector<std::string>& names, const Path& at,
                                std::vector<bool>& used) const;
  void read_weight_statements();
  void read_comparison(const UncertaintyStatements::PartialPackage& better,
                       const UncertaintyStatements::PartialPackage& worse, const Path& at,
                       const std::string& kind);
  void read_utility_bound(const UncertaintyStatements::UtilityBound& bound, const Path& at);
  void read_mixture();
  void read_dirichlet();
  void read_values();
  void read_walk_away();
  std::string package_text(const UncertaintyStatements::PartialPackage& package) const {
    std::string text = "{";
    for (const auto& [issue_name, option_name] : package)
      text += (text.size() > 1 ? ", " : "") + issue_name + "=" + option_name;
    return text + "}";
  }

  const std::vector<Issue>& issues_;
  const Party& party_;
  const UncertaintyStatements& s_;
  double scale_;
  const PreferenceOrigin& origin_;
  Warnings& warnings_;
  const LinearAdditiveUtility* linear_ = nullptr;
  std::vector<WeightStatement> statements_;
  std::vector<Path> places_;
  // What the report shows for each statement: its text, or for the comparisons of a long
  // ranking one line for the whole ranking.
  std::vector<std::string> shown_;
  PartyUncertainty result_;
};

std::vector<double> UncertaintyBuilder::issue_set(const std::vector<std::string>& names,
                                                  const Path& at, std::vector<bool>& used) const {
  if (names.empty()) fail(at, false, "an empty list of issues", "at least one issue");
  std::vector<double> coefficients(issues_.size(), 0.0);
  for (const auto& name : names) {
    const std::size_t i = issue(name, at, false);
    if (used[i])
      fail(at, false, "issue " + quoted(name) + " twice in one statement",
           "each issue once (on one side)");
    used[i] = true;
    coefficients[i] = 1.0;
  }
  return coefficients;
}

void UncertaintyBuilder::read_weight_statements() {
  const std::size_t k = issues_.size();
  for (const auto& [name, bounds] : s_.weight_intervals) {
    const Path at{"uncertainty", "weights", name};
    const std::size_t i = issue(name, at, true);
    const double low = finite(bounds.first, at), high = finite(bounds.second, at);
    if (low < 0.0 || low > high)
      fail(at, false, "[" + format_number(low) + ", " + format_number(high) + "]",
           "[low, high] with 0 <= low <= high, in the scale of the party's weights");
    std::vector<double> c(k, 0.0);
    c[i] = 1.0;
    add(std::move(c), low / scale_, high / scale_,
        "weight of " + name + " between " + format_number(low) + " and " + format_number(high), at);
  }
  for (std::size_t r = 0; r < s_.ratios.size(); ++r) {
    const auto& ratio = s_.ratios[r];
    const Path at{"uncertainty", "ratios", index_part(r)};
    std::vector<bool> used(k, false);
    const std::vector<double> a = issue_set(ratio.issues, at, used);
    const std::vector<double> b = issue_set(ratio.over, at, used);
    if (std::isnan(ratio.low) || std::isnan(ratio.high) || ratio.low < 0.0 ||
        ratio.low > ratio.high || std::isinf(ratio.low))
      fail(at, false,
           "ratio bounds [" + format_number(ratio.low) + ", " + format_number(ratio.high) + "]",
           "0 <= low <= high (times as much)");
    std::string text;
    for (const auto& name : ratio.issues) text += (text.empty() ? "" : " + ") + name;
    std::string over;
    for (const auto& name : ratio.over) over += (over.empty() ? "" : " + ") + name;
    text += ratio.issues.size() > 1 ? " weigh " : " weighs ";
    if (std::isinf(ratio.high))
      text += "at least " + format_number(ratio.low) + " times " + over;
    else if (ratio.low == 0.0)
      text += "at most " + format_number(ratio.high) + " times " + over;
    else
      text += format_number(ratio.low) + " to " + format_number(ratio.high) + " times " + over;
    if (ratio.low > 0.0) {
      std::vector<double> c(k);
      for (std::size_t i = 0; i < k; ++i) c[i] = a[i] - ratio.low * b[i];
      add(std::move(c), 0.0, std::numeric_limits<double>::infinity(), text, at);
    }
    if (!std::isinf(ratio.high)) {
      std::vector<double> c(k);
      for (std::size_t i = 0; i < k; ++i) c[i] = a[i] - ratio.high * b[i];
      add(std::move(c), -std::numeric_limits<double>::infinity(), 0.0, text, at);
    }
  }
  for (std::size_t r = 0; r < s_.rank_orders.size(); ++r) {
    const auto& order = s_.rank_orders[r];
    const Path at{"uncertainty", "rank", index_part(r)};
    if (order.size() < 2)
      fail(at, false, std::to_string(order.size()) + " issue",
           "at least two issues, most important first");
    std::vector<bool> used(k, false);
    std::vector<std::size_t> index;
    for (const auto& name : order) {
      const std::size_t i = issue(name, at, false);
      if (used[i]) fail(at, false, "issue " + quoted(name) + " twice", "each issue once");
      used[i] = true;
      index.push_back(i);
    }
    for (std::size_t j = 0; j + 1 < index.size(); ++j) {
      std::vector<double> c(k, 0.0);
      c[index[j]] = 1.0;
      c[index[j + 1]] = -1.0;
      add(std::move(c), 0.0, std::numeric_limits<double>::infinity(),
          order[j] + " weighs at least as much as " + order[j + 1], at);
    }
  }
  for (std::size_t c = 0; c < s_.comparisons.size(); ++c)
    read_comparison(s_.comparisons[c].better, s_.comparisons[c].worse,
                    {"uncertainty", "prefers", index_part(c)}, "prefers");
  for (std::size_t r = 0; r < s_.rankings.size(); ++r) {
    const auto& ranking = s_.rankings[r];
    const Path at{"uncertainty", "ranking", index_part(r)};
    if (ranking.size() < 2)
      fail(at, false, std::to_string(ranking.size()) + " package",
           "at least two packages, best first");
    const std::size_t first = statements_.size();
    for (std::size_t j = 0; j + 1 < ranking.size(); ++j)
      read_comparison(ranking[j], ranking[j + 1], at, "ranks");
    if (ranking.size() > 3)
      for (std::size_t j = first; j < statements_.size(); ++j)
        shown_[j] = "ranks " + std::to_string(ranking.size()) + " packages, best first, from " +
                    package_text(ranking.front()) + " down to " + package_text(ranking.back());
  }
  for (std::size_t b = 0; b < s_.utility_bounds.size(); ++b)
    read_utility_bound(s_.utility_bounds[b], {"uncertainty", "utility_of", index_part(b)});
}

// low <= sum_k w_k v_k(x_k) <= high: a linear statement on the weights when x's values are known.
void UncertaintyBuilder::read_utility_bound(const UncertaintyStatements::UtilityBound& bound,
                                            const Path& at) {
  const std::size_t k = issues_.size();
  std::vector<std::optional<ValueIndex>> x(k);
  for (const auto& [issue_name, option_name] : bound.package) {
    const std::size_t i = issue(issue_name, at, false);
    if (x[i])
      fail(at, false, "issue " + quoted(issue_name) + " twice in one package", "each issue once");
    x[i] = option(i, option_name, at, false);
  }
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < k; ++i)
    if (!x[i]) missing.push_back(quoted(issues_[i].name()));
  if (!missing.empty())
    fail(at, false, "a package without " + join_names(missing, 12),
         "a whole package (every issue once): its utility needs every issue");
  if (!std::isfinite(bound.low) || !std::isfinite(bound.high) || bound.low > bound.high)
    fail(at, false,
         "the bounds [" + format_number(bound.low) + ", " + format_number(bound.high) + "]",
         "finite bounds, low <= high");
  std::vector<double> c(k);
  for (std::size_t i = 0; i < k; ++i) {
    if (result_.values_uncertain() && result_.value_low[i][*x[i]] != result_.value_high[i][*x[i]])
      fail(at, false,
           "a utility bound on option '" + issues_[i].value_label(*x[i]) + "' of issue '" +
               issues_[i].name() + "', whose value is uncertain",
           "bounds on packages whose option values are known (a bound constrains the weights "
           "only when the values are known)");
    c[i] = linear_->value_utility(i, *x[i]);
  }
  add(std::move(c), bound.low, bound.high,
      "utility of " + package_text(bound.package) + " between " + format_number(bound.low) +
          " and " + format_number(bound.high),
      at);
}

void UncertaintyBuilder::read_comparison(const UncertaintyStatements::PartialPackage& better,
                                         const UncertaintyStatements::PartialPackage& worse,
                                         const Path& at, const std::string& kind) {
  const std::size_t k = issues_.size();
  std::vector<std::optional<ValueIndex>> b(k), w(k);
  for (auto [package, values] : {std::pair{&better, &b}, std::pair{&worse, &w}}) {
    if (package->empty()) fail(at, false, "an empty package", "{issue: option, ...}");
    for (const auto& [issue_name, option_name] : *package) {
      const std::size_t i = issue(issue_name, at, false);
      if ((*values)[i])
        fail(at, false, "issue " + quoted(issue_name) + " twice in one package", "each issue once");
      (*values)[i] = option(i, option_name, at, false);
    }
  }
  std::vector<double> c(k, 0.0);
  bool differs = false;
  for (std::size_t i = 0; i < k; ++i) {
    if (b[i].has_value() != w[i].has_value())
      fail(at, false,
           "issue " + quoted(issues_[i].name()) + " in one package of the comparison only",
           "the same issues in both packages (issues left out are the same in both)");
    if (!b[i] || *b[i] == *w[i]) continue;
    differs = true;
    if (result_.values_uncertain())
      for (ValueIndex v : {*b[i], *w[i]})
        if (result_.value_low[i][v] != result_.value_high[i][v])
          fail(at, false,
               "a comparison on option '" + issues_[i].value_label(v) + "' of issue '" +
                   issues_[i].name() + "', whose value is uncertain",
               "comparisons of options whose values are known (a comparison constrains the "
               "weights only when the values compared are known)");
    c[i] = linear_->value_utility(i, *b[i]) - linear_->value_utility(i, *w[i]);
  }
  if (!differs)
    fail(at, false, "the same package twice", "two packages that differ on at least one issue");
  std::string text = (kind == "ranks" ? "ranks " : "prefers ") + package_text(better) +
                     (kind == "ranks" ? " above " : " to ") + package_text(worse);
  add(std::move(c), 0.0, std::numeric_limits<double>::infinity(), std::move(text), at);
}

void UncertaintyBuilder::read_mixture() {
  const Path at{"uncertainty", "mixture"};
  double total = 0.0;
  for (std::size_t h = 0; h < s_.mixture.size(); ++h) {
    const auto& entry = s_.mixture[h];
    const Path place{"uncertainty", "mixture", index_part(h)};
    Path p = place;
    p.push_back("probability");
    finite(entry.probability, p);
    if (!(entry.probability > 0.0))
      fail(p, false, "probability " + format_number(entry.probability), "a probability > 0");
    Path w = place;
    w.push_back("weights");
    WeightMixtureComponent component;
    auto [weights, sum] = read_weights(issues_, entry.weights, origin_, w);
    for (double& x : weights) x /= sum;
    component.weights = std::move(weights);
    component.probability = entry.probability;
    component.label = entry.label.empty() ? "component " + std::to_string(h + 1) : entry.label;
    total += entry.probability;
    result_.mixture.push_back(std::move(component));
  }
  if (std::fabs(total - 1.0) > kSumTolerance) {
    if (!std::isfinite(total))
      fail(at, false, "probabilities summing to " + format_number(total), "a finite sum");
    warn(at,
         "probabilities sum to " + format_number(total) + ", not 1; each was divided by their sum");
  }
  for (auto& component : result_.mixture) component.probability /= total;
  result_.weight_law = PartyUncertainty::WeightLaw::mixture;
  result_.statements.push_back("weights: a mixture of " + std::to_string(result_.mixture.size()) +
                               " weight vectors");
}

void UncertaintyBuilder::read_dirichlet() {
  const std::size_t k = issues_.size();
  const Path at{"uncertainty", "dirichlet"};
  if (s_.dirichlet_concentration && !s_.dirichlet_alpha.empty())
    fail(at, false, "a concentration and alpha per issue", "one of them");
  std::vector<double> alpha(k, 0.0);
  if (s_.dirichlet_concentration) {
    const double c = finite(*s_.dirichlet_concentration, at);
    if (!(c > 0.0)) fail(at, false, "concentration " + format_number(c), "a concentration > 0");
    for (std::size_t i = 0; i < k; ++i) {
      alpha[i] = c * linear_->weights()[i];
      if (!(alpha[i] > 0.0))
        fail(at, false, "a concentration, but the weight of issue '" + issues_[i].name() + "' is 0",
             "alpha per issue ({issue: alpha > 0}) when some weight is 0");
    }
    result_.statements.push_back("weights: Dirichlet around the weights given, concentration " +
                                 format_number(c));
  } else {
    std::vector<std::optional<double>> given(k);
    for (const auto& [name, value] : s_.dirichlet_alpha) {
      Path place = at;
      place.push_back(name);
      const std::size_t i = issue(name, place, true);
      if (given[i]) fail(place, true, quoted(name) + " twice", "each issue once");
      finite(value, place);
      if (!(value > 0.0)) fail(place, false, "alpha " + format_number(value), "alpha > 0");
      given[i] = value;
    }
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < k; ++i) {
      if (!given[i]) missing.push_back(issues_[i].name());
      alpha[i] = given[i].value_or(0.0);
    }
    if (!missing.empty())
      fail(at, false, "no alpha for " + join_names(missing, 12), "alpha for every issue");
    std::string text;
    for (std::size_t i = 0; i < k; ++i)
      text += (text.empty() ? "" : ", ") + issues_[i].name() + " " + format_number(alpha[i]);
    result_.statements.push_back("weights: Dirichlet with alpha " + text);
  }
  result_.dirichlet_alpha = std::move(alpha);
  result_.weight_law = PartyUncertainty::WeightLaw::dirichlet;
}

void UncertaintyBuilder::read_values() {
  const std::size_t k = issues_.size();
  if (s_.score_intervals.empty() && s_.utility_intervals.empty()) return;
  for (std::size_t i = 0; i < k; ++i)
    if (!linear_->tabulated(i) ||
        issues_[i].cardinality() > LinearAdditiveUtility::tabulation_limit)
      fail({"uncertainty"}, false,
           "option values with intervals, and issue '" + issues_[i].name() + "' of " +
               std::to_string(issues_[i].cardinality()) + " values valued by a function",
           "issues with value tables only (at most " +
               std::to_string(LinearAdditiveUtility::tabulation_limit) + " values each)");
  result_.value_low.resize(k);
  result_.value_high.resize(k);
  for (std::size_t i = 0; i < k; ++i) {
    for (ValueIndex v = 0; v < issues_[i].cardinality(); ++v) {
      result_.value_low[i].push_back(linear_->value_utility(i, v));
      result_.value_high[i].push_back(linear_->value_utility(i, v));
    }
  }
  std::set<std::size_t> seen;
  for (const auto* intervals : {&s_.score_intervals, &s_.utility_intervals}) {
    const bool scores = intervals == &s_.score_intervals;
    const std::string kind = scores ? "scores" : "utilities";
    for (const auto& [issue_name, options] : *intervals) {
      const Path at{"uncertainty", kind, issue_name};
      const std::size_t i = issue(issue_name, at, true);
      if (!seen.insert(i).second)
        fail(at, true, "issue " + quoted(issue_name) + " twice", "each issue once");
      const ValueFunction& function = linear_->value_function(i);
      const auto wanted = scores ? ValueFunction::Kind::scores : ValueFunction::Kind::utilities;
      if (function.kind != wanted || function.table.size() != issues_[i].cardinality())
        fail(at, true,
             kind + " intervals for issue '" + issue_name + "', valued by " +
                 (function.kind == ValueFunction::Kind::scores      ? "scores"
                  : function.kind == ValueFunction::Kind::utilities ? "utilities"
                                                                    : "a function"),
             "intervals in the form of the issue's value table (scores or utilities)");
      double best = 0.0;
      for (double x : function.table) best = std::max(best, x);
      std::set<ValueIndex> options_seen;
      for (const auto& [option_name, bounds] : options) {
        Path place = at;
        place.push_back(option_name);
        const ValueIndex v = option(i, option_name, place, true);
        if (!options_seen.insert(v).second)
          fail(place, true, "option " + quoted(option_name) + " twice", "each option once");
        const double low = finite(bounds.first, place), high = finite(bounds.second, place);
        const double top = scores ? best : 1.0;
        if (low < 0.0 || low > high || high > top)
          fail(place, false, "[" + format_number(low) + ", " + format_number(high) + "]",
               scores ? "[low, high] with 0 <= low <= high <= " + format_number(best) +
                            " (the issue's best score, which scores are divided by)"
                      : "[low, high] with 0 <= low <= high <= 1");
        const double nominal = function.table[v];
        if (nominal < low || nominal > high)
          warn(place, "the " + std::string(scores ? "score" : "utility") + " given (" +
                          format_number(nominal) + ") is outside [" + format_number(low) + ", " +
                          format_number(high) + "]; the robust analysis uses the interval");
        const double divisor = scores ? best : 1.0;
        result_.value_low[i][v] = divisor > 0.0 ? low / divisor : 0.0;
        result_.value_high[i][v] = divisor > 0.0 ? high / divisor : 0.0;
        result_.statements.push_back(std::string(scores ? "score" : "utility") + " of " +
                                     issue_name + "=" + option_name + " between " +
                                     format_number(low) + " and " + format_number(high));
      }
    }
  }
}

void UncertaintyBuilder::read_walk_away() {
  if (!s_.walk_away) {
    result_.walk_away = WalkAwayLaw::point(party_.reservation_value);
    return;
  }
  const Path at{"uncertainty", "walk_away"};
  WalkAwayLaw law = *s_.walk_away;
  const auto [lower, upper] = walk_away_range(*party_.utility);
  auto in_range = [&](double x) {
    finite(x, at);
    if (x < lower - kRangeSlack || x > upper + kRangeSlack)
      fail(at, false, "walk-away value " + format_number(x),
           "values between " + format_number(lower) + " and " + format_number(upper) +
               " (the party's utility range)");
  };
  switch (law.kind) {
    case WalkAwayLaw::Kind::point:
      in_range(law.low);
      law = WalkAwayLaw::point(law.low);
      break;
    case WalkAwayLaw::Kind::uniform:
      in_range(law.low);
      in_range(law.high);
      if (law.low > law.high)
        fail(at, false, "[" + format_number(law.low) + ", " + format_number(law.high) + "]",
             "[low, high] with low <= high");
      if (law.low == law.high) law = WalkAwayLaw::point(law.low);
      law.mode = law.low;
      break;
    case WalkAwayLaw::Kind::triangular:
      in_range(law.low);
      in_range(law.mode);
      in_range(law.high);
      if (!(law.low <= law.mode && law.mode <= law.high && law.low < law.high))
        fail(at, false,
             "triangular [" + format_number(law.low) + ", " + format_number(law.mode) + ", " +
                 format_number(law.high) + "]",
             "[low, mode, high] with low <= mode <= high and low < high");
      break;
    case WalkAwayLaw::Kind::discrete: {
      if (law.atoms.empty()) fail(at, false, "no values", "at least one value");
      std::map<double, double> merged;
      double total = 0.0;
      for (const auto& [value, probability] : law.atoms) {
        in_range(value);
        finite(probability, at);
        if (!(probability > 0.0))
          fail(at, false, "probability " + format_number(probability), "probabilities > 0");
        merged[value] += probability;
        total += probability;
      }
      if (std::fabs(total - 1.0) > kSumTolerance)
        warn(at, "probabilities sum to " + format_number(total) +
                     ", not 1; each was divided by their sum");
      law.atoms.assign(merged.begin(), merged.end());
      for (auto& atom : law.atoms) atom.second /= total;
      law.low = law.atoms.front().first;
      law.high = law.atoms.back().first;
      law.mode = law.low;
      if (law.atoms.size() == 1) law = WalkAwayLaw::point(law.low);
      break;
    }
  }
  if (party_.reservation_value < law.lowest() - kRangeSlack ||
      party_.reservation_value > law.highest() + kRangeSlack)
    warn(at, "the walk-away value given (" + format_number(party_.reservation_value) +
                 ") is outside the law's range; the robust analysis uses the law");
  result_.walk_away = law;
  result_.statements.push_back("walk-away " + law.describe());
}

std::shared_ptr<const PartyUncertainty> UncertaintyBuilder::build() {
  linear_ = party_.utility ? party_.utility->as_linear_additive() : nullptr;
  if (!linear_)
    fail({"uncertainty"}, true, "uncertainty for a party with a nonlinear utility",
         "uncertainty for parties given by weights and value functions (linear-additive)");
  const std::size_t k = issues_.size();
  const bool statements = !s_.weight_intervals.empty() || !s_.ratios.empty() ||
                          !s_.rank_orders.empty() || !s_.comparisons.empty() ||
                          !s_.rankings.empty() || !s_.utility_bounds.empty();
  const bool dirichlet = s_.dirichlet_concentration || !s_.dirichlet_alpha.empty();
  // Value intervals first: comparisons need to know which values are uncertain.
  read_values();
  if (!s_.mixture.empty()) {
    if (statements || dirichlet)
      fail({"uncertainty", "mixture"}, true,
           "a mixture beside weight statements or a Dirichlet law",
           "either a mixture of weight vectors or statements about the weights");
    read_mixture();
  } else {
    read_weight_statements();
    if (dirichlet) read_dirichlet();
    if (statements || dirichlet) {
      for (const auto& text : shown_) {
        if (result_.statements.empty() || result_.statements.back() != text)
          result_.statements.push_back(text);
      }
      try {
        result_.weight_set.emplace(k, statements_);
      } catch (const UnsupportedError& e) {
        fail({"uncertainty"}, true, e.what(),
             "fewer statements, or bounds on single weights (which have no such limit)");
      }
      const WeightSet& set = *result_.weight_set;
      if (set.empty()) {
        std::vector<std::string> texts;
        for (std::size_t s : set.conflict())
          if (std::find(texts.begin(), texts.end(), statements_[s].text) == texts.end())
            texts.push_back("'" + statements_[s].text + "' (" + statements_[s].field + ")");
        const std::size_t first = set.conflict().empty() ? 0 : set.conflict().front();
        fail(places_.empty() ? Path{"uncertainty"} : places_[first], false,
             "statements that cannot all hold: " + join_names(texts),
             "weight statements that some weight vector (weights >= 0 summing to 1) satisfies; "
             "none is relaxed");
      }
      if (!set.contains(linear_->weights(), 1e-9))
        warn({"uncertainty"},
             "the weights given are outside the set the statements allow; the robust analysis "
             "uses the set");
      if (result_.weight_law == PartyUncertainty::WeightLaw::fixed)
        result_.weight_law = PartyUncertainty::WeightLaw::uniform;
    }
  }
  read_walk_away();
  result_.written = s_;
  for (auto& interval : result_.written.weight_intervals) {
    interval.second.first /= scale_;
    interval.second.second /= scale_;
  }
  if (s_.walk_away) result_.written.walk_away = result_.walk_away;
  return std::make_shared<const PartyUncertainty>(std::move(result_));
}

}  // namespace

std::shared_ptr<const PartyUncertainty> build_uncertainty(
    const std::vector<Issue>& issues, const Party& party, const UncertaintyStatements& statements,
    double weight_scale, const PreferenceOrigin& origin, Warnings& warnings) {
  return UncertaintyBuilder(issues, party, statements, weight_scale, origin, warnings).build();
}

}  // namespace detail
}  // namespace parley
