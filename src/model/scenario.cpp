#include "parley/model/scenario.hpp"

#include <set>

#include "parley/model/limits.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

std::vector<std::uint32_t> cardinalities_of(const std::vector<Issue>& issues) {
  std::vector<std::uint32_t> c;
  c.reserve(issues.size());
  for (const auto& issue : issues) c.push_back(issue.cardinality());
  return c;
}

std::string trim(std::string_view s) {
  const auto begin = s.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  const auto end = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(begin, end - begin + 1));
}

}  // namespace

Scenario::Scenario(std::string name, std::vector<Issue> issues, std::vector<Party> parties,
                   std::string description, std::string origin, std::optional<Outcome> status_quo)
    : name_(std::move(name)),
      description_(std::move(description)),
      issues_(std::move(issues)),
      parties_(std::move(parties)),
      space_(cardinalities_of(issues_)),
      status_quo_(std::move(status_quo)) {
  if (issues_.empty())
    throw InputError(origin, std::nullopt, "issues", "none", "at least one issue");
  if (issues_.size() > limits::max_issues)
    throw InputError(origin, std::nullopt, "issues", std::to_string(issues_.size()) + " issues",
                     "at most " + std::to_string(limits::max_issues) + " issues");
  if (parties_.size() > limits::max_parties)
    throw InputError(origin, std::nullopt, "parties", std::to_string(parties_.size()) + " parties",
                     "at most " + std::to_string(limits::max_parties) + " parties");
  if (parties_.size() < 2)
    throw InputError(origin, std::nullopt, "parties", std::to_string(parties_.size()) + " party",
                     "at least two parties");
  std::set<std::string> names;
  for (const auto& issue : issues_)
    if (!names.insert(issue.name()).second)
      throw InputError(origin, std::nullopt, "issues", "issue '" + issue.name() + "' twice",
                       "distinct issue names");
  names.clear();
  for (const auto& party : parties_) {
    if (!names.insert(party.name).second)
      throw InputError(origin, std::nullopt, "parties", "party '" + party.name + "' twice",
                       "distinct party names");
    if (!party.utility)
      throw InputError(origin, std::nullopt, "party '" + party.name + "'", "no preferences",
                       "a utility function");
    if (const auto* linear = party.utility->as_linear_additive();
        linear && linear->issue_count() != issues_.size())
      throw InputError(origin, std::nullopt, "party '" + party.name + "'",
                       std::to_string(linear->issue_count()) + " issues in its preferences",
                       std::to_string(issues_.size()));
    if (party.reservation_outcome && !space_.contains(*party.reservation_outcome))
      throw InputError(origin, std::nullopt, "party '" + party.name + "' reservation package",
                       "a package outside the space", "one valid value per issue");
  }
  if (status_quo_ && !space_.contains(*status_quo_))
    throw InputError(origin, std::nullopt, "status_quo", "a package outside the space",
                     "one valid value per issue");
}

bool Scenario::is_linear_additive() const noexcept {
  for (const auto& p : parties_)
    if (!p.utility->as_linear_additive()) return false;
  return true;
}

bool Scenario::has_real_issues() const noexcept {
  for (const auto& i : issues_)
    if (i.kind() == IssueKind::real) return true;
  return false;
}

bool Scenario::can_enumerate(std::uint64_t limit) const noexcept {
  return space_.fits_index() && space_.size() <= limit;
}

std::optional<std::size_t> Scenario::find_issue(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < issues_.size(); ++i)
    if (issues_[i].name() == name) return i;
  return std::nullopt;
}

std::optional<std::size_t> Scenario::find_party(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < parties_.size(); ++i)
    if (parties_[i].name == name) return i;
  return std::nullopt;
}

std::vector<double> Scenario::utilities(const Outcome& outcome) const {
  std::vector<double> u;
  u.reserve(parties_.size());
  for (const auto& p : parties_) u.push_back(p.utility->utility(outcome));
  return u;
}

std::string Scenario::describe(const Outcome& outcome) const {
  std::string text;
  for (std::size_t i = 0; i < issues_.size() && i < outcome.size(); ++i) {
    if (i) text += ", ";
    text += issues_[i].name() + "=" + issues_[i].value_label(outcome[i]);
  }
  return text;
}

Outcome Scenario::parse_outcome(std::string_view text, std::string_view field) const {
  Outcome outcome(issues_.size(), 0);
  std::vector<bool> seen(issues_.size(), false);
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string part = trim(text.substr(start, end - start));
    start = end + 1;
    if (part.empty()) {
      if (end == text.size()) break;
      continue;
    }
    const auto eq = part.find('=');
    if (eq == std::string::npos)
      throw InputError("", std::nullopt, std::string(field), "'" + part + "'", "ISSUE=VALUE");
    const std::string issue_name = trim(std::string_view(part).substr(0, eq));
    const std::string value = trim(std::string_view(part).substr(eq + 1));
    const auto i = find_issue(issue_name);
    if (!i)
      throw InputError("", std::nullopt, std::string(field), "unknown issue '" + issue_name + "'",
                       "one of the scenario's issues");
    const auto v = issues_[*i].find_value(value);
    if (!v)
      throw InputError("", std::nullopt, std::string(field),
                       "value '" + value + "' for issue '" + issue_name + "'", "one of its values");
    outcome[*i] = *v;
    seen[*i] = true;
    if (end == text.size()) break;
  }
  for (std::size_t i = 0; i < issues_.size(); ++i)
    if (!seen[i])
      throw InputError("", std::nullopt, std::string(field),
                       "no value for issue '" + issues_[i].name() + "'", "a value for every issue");
  return outcome;
}

}  // namespace parley
