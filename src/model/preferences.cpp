// build_party(): the shared preference vocabulary (include/parley/model/preferences.hpp) made into
// a Party, with the checks and the normalisation that docs/scenario-format.md documents.
#include "parley/model/preferences.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "support/text.hpp"

namespace parley {
namespace {

// Weights whose sum is this close to 1 are taken as written (files exported with rounded
// weights); farther sums are normalised with a warning.
constexpr double kWeightSumTolerance = 1e-6;

// A number for people (6 significant digits), where exactness does not matter.
std::string rounded(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

std::vector<std::string> value_names(const Issue& issue) {
  std::vector<std::string> names;
  const std::uint32_t shown = std::min<std::uint32_t>(issue.cardinality(), 13);
  for (std::uint32_t v = 0; v < shown; ++v) names.push_back(issue.value_label(v));
  if (issue.cardinality() > shown)
    names.push_back("... (" + std::to_string(issue.cardinality()) + " values)");
  return names;
}

using Path = std::vector<std::string>;

class PartyBuilder {
 public:
  PartyBuilder(const std::vector<Issue>& issues, const PartyPreferences& preferences,
               const PreferenceOrigin& origin, Warnings& warnings)
      : issues_(issues), preferences_(preferences), origin_(origin), warnings_(warnings) {}

  Party build();

 private:
  TextPosition position(const Path& path, bool key) const {
    return origin_.locator ? origin_.locator->position(path, key) : TextPosition{};
  }
  std::string field(const Path& path) const {
    std::string text = origin_.field;
    for (const auto& part : path) text += (text.empty() ? "" : ".") + part;
    return text;
  }
  // Fails at the value (or key) written at `at`, naming `field_path` as the field.
  [[noreturn]] void fail(const Path& at, bool key, const Path& field_path, const std::string& found,
                         const std::string& expected) const {
    const TextPosition where = position(at, key);
    if (!where.line)
      throw InputError(origin_.source, std::nullopt, field(field_path), found, expected);
    throw InputError(origin_.source, where.line, where.column, field(field_path), found, expected);
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
  std::size_t issue_index(const Path& key_at, const Path& field_path) const;
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
  Outcome package(const std::vector<std::pair<std::string, std::string>>& entries) const;

  const std::vector<Issue>& issues_;
  const PartyPreferences& preferences_;
  const PreferenceOrigin& origin_;
  Warnings& warnings_;
};

std::size_t PartyBuilder::issue_index(const Path& key_at, const Path& field_path) const {
  const std::string& issue_name = key_at.back();
  for (std::size_t i = 0; i < issues_.size(); ++i)
    if (issues_[i].name() == issue_name) return i;
  std::vector<std::string> names;
  for (const auto& issue : issues_) names.push_back(issue.name());
  fail(key_at, true, field_path, "unknown issue " + detail::quoted(issue_name),
       "one of the issues: " + detail::join_names(names, 12));
}

Party PartyBuilder::build() {
  Party party;
  party.name = preferences_.name;
  party.description = preferences_.description;
  party.notes = preferences_.notes;
  party.source = origin_.source;

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

  if (preferences_.walk_away_package) {
    party.reservation_outcome = package(*preferences_.walk_away_package);
    party.reservation_value = party.utility->utility(*party.reservation_outcome);
  }
  if (preferences_.walk_away)
    party.reservation_value = finite(*preferences_.walk_away, {"walk_away"});

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
  std::vector<std::optional<double>> given(issues_.size());
  for (const auto& [issue_name, w] : *preferences_.weights) {
    const std::size_t i = issue_index({"weights", issue_name}, {"weights"});
    if (given[i])
      fail({"weights", issue_name}, true, {"weights"}, detail::quoted(issue_name) + " twice",
           "each name once");
    finite(w, {"weights", issue_name});
    if (w < 0.0)
      fail({"weights", issue_name}, false, {"weights", issue_name},
           "negative weight " + format_number(w), "a weight >= 0");
    given[i] = w;
  }
  std::vector<double> weights(issues_.size(), 0.0);
  std::vector<std::string> missing;
  double sum = 0.0;
  for (std::size_t i = 0; i < issues_.size(); ++i) {
    if (!given[i]) missing.push_back(issues_[i].name());
    weights[i] = given[i].value_or(0.0);
    sum += weights[i];
  }
  if (!missing.empty())
    fail({"weights"}, false, {"weights"}, "no weight for " + detail::join_names(missing, 12),
         "a weight for every issue (0 when the party does not care)");
  if (!(sum > 0.0))
    fail({"weights"}, false, {"weights"}, "all weights zero", "at least one positive weight");
  if (std::fabs(sum - 1.0) > kWeightSumTolerance) {
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
  return std::make_shared<LinearAdditiveUtility>(issues_, std::move(weights), std::move(complete));
}

Outcome PartyBuilder::package(
    const std::vector<std::pair<std::string, std::string>>& entries) const {
  const Path field_path{"walk_away_package"};
  Outcome outcome(issues_.size(), 0);
  std::vector<bool> seen(issues_.size(), false);
  for (const auto& [issue_name, option] : entries) {
    const Path at{"walk_away_package", issue_name};
    const std::size_t i = issue_index(at, field_path);
    if (seen[i])
      fail(at, true, field_path, detail::quoted(issue_name) + " twice", "each name once");
    const auto v = issues_[i].find_value(option);
    if (!v)
      fail(at, false, at, "unknown option " + detail::quoted(option),
           "one of: " + detail::join_names(value_names(issues_[i]), 12));
    outcome[i] = *v;
    seen[i] = true;
  }
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < issues_.size(); ++i)
    if (!seen[i]) missing.push_back(issues_[i].name());
  if (!missing.empty())
    fail(field_path, false, field_path, "no value for " + detail::join_names(missing, 12),
         "one option for every issue");
  return outcome;
}

}  // namespace

Party build_party(const std::vector<Issue>& issues, const PartyPreferences& preferences,
                  const PreferenceOrigin& origin, Warnings& warnings) {
  return PartyBuilder(issues, preferences, origin, warnings).build();
}

}  // namespace parley
