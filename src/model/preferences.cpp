// build_party(): the shared preference vocabulary (include/parley/model/preferences.hpp) made into
// a Party, with the checks and the normalisation that docs/scenario-format.md documents.
#include "parley/model/preferences.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>

#include "model/preference_origin.hpp"
#include "model/uncertainty_build.hpp"
#include "parley/model/limits.hpp"
#include "support/text.hpp"

namespace parley {
namespace detail {

std::vector<std::string> value_names(const Issue& issue) {
  std::vector<std::string> names;
  const std::uint32_t shown = std::min<std::uint32_t>(issue.cardinality(), 13);
  for (std::uint32_t v = 0; v < shown; ++v) names.push_back(issue.value_label(v));
  if (issue.cardinality() > shown)
    names.push_back("... (" + std::to_string(issue.cardinality()) + " values)");
  return names;
}

TextPosition position_of(const PreferenceOrigin& origin, const Path& path, bool key) {
  return origin.locator ? origin.locator->position(path, key) : TextPosition{};
}

std::string field_of(const PreferenceOrigin& origin, const Path& path) {
  std::string text = origin.field;
  for (const auto& part : path) text += (text.empty() || part.starts_with('[') ? "" : ".") + part;
  return text;
}

// Fails at the value (or key) written at `at`, naming `field_path` as the field.
[[noreturn]] void fail_at(const PreferenceOrigin& origin, const Path& at, bool key,
                          const Path& field_path, const std::string& found,
                          const std::string& expected) {
  const TextPosition where = position_of(origin, at, key);
  if (!where.line)
    throw InputError(origin.source, std::nullopt, field_of(origin, field_path), found, expected);
  throw InputError(origin.source, where.line, where.column, field_of(origin, field_path), found,
                   expected);
}

// The index of the issue named by the last part of `key_at`.
std::size_t issue_index_of(const std::vector<Issue>& issues, const PreferenceOrigin& origin,
                           const Path& key_at, const Path& field_path) {
  const std::string& issue_name = key_at.back();
  for (std::size_t i = 0; i < issues.size(); ++i)
    if (issues[i].name() == issue_name) return i;
  std::vector<std::string> names;
  for (const auto& issue : issues) names.push_back(issue.name());
  fail_at(origin, key_at, true, field_path, "unknown issue " + detail::quoted(issue_name),
          "one of the issues: " + detail::join_names(names, 12));
}

// {issue: option} written at `base` (relative to the origin's locator): every issue once.
Outcome read_package(const std::vector<Issue>& issues,
                     const std::vector<std::pair<std::string, std::string>>& entries,
                     const PreferenceOrigin& origin, const Path& base) {
  Outcome outcome(issues.size(), 0);
  std::vector<bool> seen(issues.size(), false);
  for (const auto& [issue_name, option] : entries) {
    Path at = base;
    at.push_back(issue_name);
    const std::size_t i = issue_index_of(issues, origin, at, base);
    if (seen[i])
      fail_at(origin, at, true, base, detail::quoted(issue_name) + " twice", "each name once");
    const auto v = issues[i].find_value(option);
    if (!v)
      fail_at(origin, at, false, at, "unknown option " + detail::quoted(option),
              "one of the options of issue '" + issues[i].name() +
                  "': " + detail::join_names(value_names(issues[i]), 12));
    outcome[i] = *v;
    seen[i] = true;
  }
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < issues.size(); ++i)
    if (!seen[i]) missing.push_back(issues[i].name());
  if (!missing.empty())
    fail_at(origin, base, false, base, "no value for " + detail::join_names(missing, 12),
            "one option for every issue");
  return outcome;
}

std::pair<std::vector<double>, double> read_weights(const std::vector<Issue>& issues,
                                                    const NamedNumbers& entries,
                                                    const PreferenceOrigin& origin,
                                                    const Path& at) {
  std::vector<std::optional<double>> given(issues.size());
  for (const auto& [issue_name, w] : entries) {
    Path place = at;
    place.push_back(issue_name);
    const std::size_t i = issue_index_of(issues, origin, place, at);
    if (given[i]) fail_at(origin, place, true, at, quoted(issue_name) + " twice", "each name once");
    if (!std::isfinite(w))
      fail_at(origin, place, false, place, "non-finite number " + quoted(format_number(w)),
              "a finite number");
    if (w < 0.0)
      fail_at(origin, place, false, place, "negative weight " + format_number(w), "a weight >= 0");
    given[i] = w;
  }
  std::vector<double> weights(issues.size(), 0.0);
  std::vector<std::string> missing;
  double sum = 0.0;
  for (std::size_t i = 0; i < issues.size(); ++i) {
    if (!given[i]) missing.push_back(issues[i].name());
    weights[i] = given[i].value_or(0.0);
    sum += weights[i];
  }
  if (!missing.empty())
    fail_at(origin, at, false, at, "no weight for " + join_names(missing, 12),
            "a weight for every issue (0 when the party does not care)");
  // 1e308 + 1e308 is infinity, and w / infinity is 0: refused, never "normalised".
  if (!std::isfinite(sum))
    fail_at(origin, at, false, at,
            "weights whose sum overflows to infinity (each is finite, their sum is not)",
            "weights whose sum is a finite number (they are divided by it)");
  if (!(sum > 0.0))
    fail_at(origin, at, false, at, "all weights zero", "at least one positive weight");
  return {std::move(weights), sum};
}

}  // namespace detail

namespace {

using detail::fail_at;
using detail::field_of;
using detail::issue_index_of;
using detail::Path;
using detail::position_of;
using detail::read_package;
using detail::value_names;

// Weights whose sum is this close to 1 are taken as written (files exported with rounded
// weights); farther sums are normalised with a warning.
constexpr double kWeightSumTolerance = 1e-6;

// A number for people (6 significant digits), where exactness does not matter.
std::string rounded(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

// Walk-away values this close outside the allowed range are rounding, not mistakes.
constexpr double kWalkAwaySlack = 1e-9;

class PartyBuilder {
 public:
  PartyBuilder(const std::vector<Issue>& issues, const PartyPreferences& preferences,
               const PreferenceOrigin& origin, Warnings& warnings,
               const std::optional<Outcome>& status_quo)
      : issues_(issues),
        preferences_(preferences),
        origin_(origin),
        warnings_(warnings),
        status_quo_(status_quo) {}

  Party build();

 private:
  TextPosition position(const Path& path, bool key) const {
    return position_of(origin_, path, key);
  }
  std::string field(const Path& path) const { return field_of(origin_, path); }
  // Fails at the value (or key) written at `at`, naming `field_path` as the field.
  [[noreturn]] void fail(const Path& at, bool key, const Path& field_path, const std::string& found,
                         const std::string& expected) const {
    fail_at(origin_, at, key, field_path, found, expected);
  }
  void warn(const Path& at, const Path& field_path, const std::string& message) {
    std::string where = origin_.source;
    const TextPosition spot = position(at, false);
    if (spot.line) {
      where += ":" + std::to_string(*spot.line);
      if (spot.column) where += ":" + std::to_string(*spot.column);
    }
    warnings_.push_back(where + ": " + field(field_path) + ": " + message);
  }
  std::size_t issue_index(const Path& key_at, const Path& field_path) const {
    return issue_index_of(issues_, origin_, key_at, field_path);
  }
  double finite(double value, const Path& at) const {
    if (!std::isfinite(value))
      fail(at, false, at, "non-finite number " + detail::quoted(format_number(value)),
           "a finite number");
    return value;
  }

  std::shared_ptr<const UtilityFunction> linear_additive();
  std::vector<double> weights();
  std::vector<double> table(const std::string& kind, const std::string& issue_name,
                            const NamedNumbers& entries, const Issue& issue) const;
  double walk_away(const UtilityFunction& utility) const;

  const std::vector<Issue>& issues_;
  const PartyPreferences& preferences_;
  const PreferenceOrigin& origin_;
  Warnings& warnings_;
  const std::optional<Outcome>& status_quo_;
  // What the written weights were divided by (uncertainty intervals are in their scale).
  double weight_scale_ = 1.0;
  std::vector<double> written_weights_;  // when divided by their sum (LinearAdditiveUtility)
};

Party PartyBuilder::build() {
  // Texts are checked at this boundary (the native reader, the Python module and the service all
  // build parties here): the party's own, and the issues' (which they built).
  for (const auto& [text, key, limit] :
       {std::tuple{&preferences_.name, "name", limits::max_name_bytes},
        std::tuple{&preferences_.description, "description", limits::max_text_bytes},
        std::tuple{&preferences_.notes, "notes", limits::max_text_bytes}}) {
    if (detail::invalid_utf8_offset(*text))
      fail({key}, false, {key}, detail::utf8_problem(*text), "UTF-8 text without NUL bytes");
    if (text->size() > limit)
      fail({key}, false, {key}, std::to_string(text->size()) + " bytes",
           "at most " + std::to_string(limit) + " bytes");
  }
  for (const Issue& issue : issues_) {
    try {
      issue.check_texts();
    } catch (const InputError& e) {
      throw InputError(origin_.source, std::nullopt, e.field(), e.found(), e.expected());
    }
  }
  Party party;
  party.name = preferences_.name;
  party.description = preferences_.description;
  party.notes = preferences_.notes;
  party.source = origin_.source;
  party.exact_decimals = preferences_.exact_decimals;

  if (preferences_.utility) {
    const bool linear_parts = preferences_.weights || !preferences_.scores.empty() ||
                              !preferences_.utilities.empty() || !preferences_.functions.empty();
    if (linear_parts)
      fail({}, false, {}, "weights or value functions beside a nonlinear utility",
           "either a nonlinear utility or weights with value functions (linear-additive)");
    party.utility = preferences_.utility;
  } else {
    party.utility = linear_additive();
  }

  if (preferences_.walk_away_status_quo) {
    if (preferences_.walk_away)
      fail({"walk_away"}, false, {"walk_away"}, "both a number and status_quo",
           "one walk-away: a number or status_quo");
    if (preferences_.walk_away_package)
      fail({"walk_away_package"}, true, {"walk_away_package"},
           "walk_away_package beside 'walk_away: status_quo'",
           "one of them (status_quo is the scenario's top-level package)");
    if (!status_quo_)
      fail({"walk_away"}, false, {"walk_away"}, "status_quo, but the scenario has no status quo",
           "a top-level 'status_quo: {issue: option, ...}' package, or a number in [0, 1]");
    party.reservation_outcome = *status_quo_;
    party.reservation_value = party.utility->utility(*status_quo_);
  }
  if (preferences_.walk_away_package) {
    party.reservation_outcome =
        read_package(issues_, *preferences_.walk_away_package, origin_, {"walk_away_package"});
    party.reservation_value = party.utility->utility(*party.reservation_outcome);
  }
  if (preferences_.walk_away) party.reservation_value = walk_away(*party.utility);

  if (preferences_.uncertainty && !preferences_.uncertainty->empty())
    party.uncertainty = detail::build_uncertainty(issues_, party, *preferences_.uncertainty,
                                                  weight_scale_, origin_, warnings_);

  if (preferences_.discount) {
    const double d = finite(*preferences_.discount, {"discount"});
    if (d > 0.0 && d <= 1.0) {
      party.discount_factor = d;
    } else {
      warn({"discount"}, {"discount"},
           "discount factor " + format_number(d) + " is outside (0, 1]; no discount is applied");
      party.discount_factor = 1.0;
    }
  }
  return party;
}

std::vector<double> PartyBuilder::weights() {
  if (!preferences_.weights)
    fail({}, false, {"weights"}, "no weights",
         "'weights: {issue: number, ...}' (or 'rectangles:' for a nonlinear party)");
  auto [weights, sum] = detail::read_weights(issues_, *preferences_.weights, origin_, {"weights"});
  if (std::fabs(sum - 1.0) > kWeightSumTolerance) {
    weight_scale_ = sum;
    written_weights_ = weights;
    warn({"weights"}, {"weights"},
         "party '" + preferences_.name + "': weights sum to " + rounded(sum) +
             ", not 1; each weight was divided by their sum");
    for (double& w : weights) w /= sum;
  }
  return weights;
}

std::vector<double> PartyBuilder::table(const std::string& kind, const std::string& issue_name,
                                        const NamedNumbers& entries, const Issue& issue) const {
  const bool scores = kind == "scores";
  std::vector<std::optional<double>> values(issue.cardinality());
  for (const auto& [option, x] : entries) {
    const Path at{kind, issue_name, option};
    const auto v = issue.find_value(option);
    if (!v)
      fail(at, true, {kind, issue_name}, "unknown option " + detail::quoted(option),
           "one of the options of issue '" + issue.name() +
               "': " + detail::join_names(value_names(issue), 12));
    if (values[*v])
      fail(at, true, {kind, issue_name},
           "option " + detail::quoted(issue.value_label(*v)) + " twice", "each option once");
    finite(x, at);
    if (scores && x < 0.0)
      fail(at, false, at, "negative score " + format_number(x), "a score >= 0");
    if (!scores && (x < 0.0 || x > 1.0))
      fail(at, false, at, "utility " + format_number(x), "a utility between 0 and 1");
    values[*v] = x;
  }
  std::vector<std::string> missing;
  std::vector<double> result(issue.cardinality(), 0.0);
  for (std::uint32_t v = 0; v < issue.cardinality(); ++v) {
    if (!values[v])
      missing.push_back(issue.value_label(v));
    else
      result[v] = *values[v];
  }
  if (!missing.empty())
    fail({kind, issue_name}, false, {kind, issue_name},
         std::string(scores ? "no score" : "no utility") + " for option(s) " +
             detail::join_names(missing, 12),
         "a value for every option of issue '" + issue.name() + "'");
  return result;
}

std::shared_ptr<const UtilityFunction> PartyBuilder::linear_additive() {
  std::vector<double> weights = this->weights();

  std::vector<std::optional<ValueFunction>> functions(issues_.size());
  std::vector<std::string> where(issues_.size());
  auto claim = [&](const std::string& kind, const std::string& issue_name) {
    const std::size_t i = issue_index({kind, issue_name}, {kind});
    if (functions[i])
      fail({kind, issue_name}, true, {kind, issue_name},
           "issue " + detail::quoted(issue_name) + " also under '" + where[i] + "'",
           "one value function per issue");
    where[i] = kind;
    return i;
  };
  for (const auto& [issue_name, entries] : preferences_.scores) {
    const std::size_t i = claim("scores", issue_name);
    functions[i] = ValueFunction::from_scores(table("scores", issue_name, entries, issues_[i]));
  }
  for (const auto& [issue_name, entries] : preferences_.utilities) {
    const std::size_t i = claim("utilities", issue_name);
    functions[i] =
        ValueFunction::from_utilities(table("utilities", issue_name, entries, issues_[i]));
  }
  for (const auto& [issue_name, function] : preferences_.functions) {
    const std::size_t i = claim("functions", issue_name);
    if (issues_[i].kind() == IssueKind::categorical)
      fail({"functions", issue_name}, false, {"functions", issue_name},
           "a function for the categorical issue '" + issue_name + "'",
           "a table under 'scores' or 'utilities'");
    if (function.kind == ValueFunction::Kind::scores ||
        function.kind == ValueFunction::Kind::utilities)
      fail({"functions", issue_name}, false, {"functions", issue_name}, "a table",
           "a linear, triangular or constant function (tables go under 'scores' or 'utilities')");
    functions[i] = function;
  }

  std::vector<ValueFunction> complete;
  for (std::size_t i = 0; i < issues_.size(); ++i) {
    if (functions[i]) {
      complete.push_back(std::move(*functions[i]));
    } else if (weights[i] == 0.0) {
      // An issue the party ignores needs no value function.
      complete.push_back(
          issues_[i].kind() == IssueKind::categorical
              ? ValueFunction::from_utilities(std::vector<double>(issues_[i].cardinality(), 0.0))
              : ValueFunction::make_constant(0.0));
    } else {
      fail({}, false, {}, "no value function for issue " + detail::quoted(issues_[i].name()),
           "the issue under 'scores', 'utilities' or 'functions' (its weight is " +
               format_number(weights[i]) + ")");
    }
  }
  return std::make_shared<LinearAdditiveUtility>(issues_, std::move(weights), std::move(complete),
                                                 LinearAdditiveUtility::tabulation_limit,
                                                 std::move(written_weights_));
}

// The written walk-away value: in [0, 1], or within the party's utility range when that is wider
// (a linear-additive party whose value functions leave [0, 1]).
double PartyBuilder::walk_away(const UtilityFunction& utility) const {
  const double value = finite(*preferences_.walk_away, {"walk_away"});
  const auto [lower, upper] = walk_away_range(utility);
  if (value < lower - kWalkAwaySlack || value > upper + kWalkAwaySlack) {
    const bool normalised = lower == 0.0 && upper == 1.0;
    fail({"walk_away"}, false, {"walk_away"}, "walk-away value " + format_number(value),
         normalised ? "a utility between 0 and 1 (the party's utility of no agreement)"
                    : "a utility between " + format_number(lower) + " and " + format_number(upper) +
                          " (0 to 1, or the party's utility range: its utility of no agreement)");
  }
  return value;
}

}  // namespace

Party build_party(const std::vector<Issue>& issues, const PartyPreferences& preferences,
                  const PreferenceOrigin& origin, Warnings& warnings,
                  const std::optional<Outcome>& status_quo) {
  return PartyBuilder(issues, preferences, origin, warnings, status_quo).build();
}

std::pair<double, double> walk_away_range(const UtilityFunction& utility) {
  double lower = 0.0, upper = 1.0;
  if (const auto* linear = utility.as_linear_additive()) {
    lower = std::min(lower, linear->min_utility());
    upper = std::max(upper, linear->max_utility());
  }
  return {lower, upper};
}

Outcome build_package(const std::vector<Issue>& issues,
                      const std::vector<std::pair<std::string, std::string>>& entries,
                      const PreferenceOrigin& origin) {
  return read_package(issues, entries, origin, {});
}

Party with_uncertainty(const std::vector<Issue>& issues, Party party,
                       const UncertaintyStatements& statements, const PreferenceOrigin& origin,
                       Warnings& warnings) {
  if (!statements.empty())
    party.uncertainty = detail::build_uncertainty(issues, party, statements, 1.0, origin, warnings);
  return party;
}

}  // namespace parley
