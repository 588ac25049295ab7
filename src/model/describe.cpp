#include "parley/model/describe.hpp"

#include <fmt/format.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "parley/model/uncertainty.hpp"

namespace parley {
namespace {

std::string values_text(const Issue& issue) {
  switch (issue.kind()) {
    case IssueKind::categorical: {
      std::string text;
      for (const auto& o : issue.options()) text += (text.empty() ? "" : ", ") + o.name;
      return text;
    }
    case IssueKind::integer:
      return fmt::format("integers {}..{}", issue.lower_integer(), issue.upper_integer());
    case IssueKind::real:
      return fmt::format("real {}..{} in {} points", format_number(issue.lower_real()),
                         format_number(issue.upper_real()), issue.cardinality());
  }
  return {};
}

}  // namespace

std::string describe_scenario(const Scenario& s) {
  std::string out = fmt::format("Scenario: {}\n", s.name());
  if (!s.description().empty()) {
    // Indent every line of a multi-line description, not only the first.
    std::string text = s.description();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    std::size_t start = 0;
    while (start <= text.size()) {
      const auto end = std::min(text.find('\n', start), text.size());
      out += "  " + text.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  out +=
      fmt::format("Outcome space: {} packages ({} issues{})\n", s.space().size_text(),
                  s.issue_count(), s.space().fits_index() ? "" : "; too many for a 64-bit index");
  out += "\nIssues:\n";
  for (const auto& issue : s.issues()) {
    out += fmt::format("  {} [{}, {} values]: {}\n", issue.label(), to_string(issue.kind()),
                       issue.cardinality(), values_text(issue));
  }
  if (s.status_quo()) {
    out += fmt::format("\nStatus quo (without agreement): {}\n", s.describe(*s.status_quo()));
    const auto utilities = s.utilities(*s.status_quo());
    for (std::size_t j = 0; j < s.party_count(); ++j)
      out += fmt::format("  worth {} to {}\n", format_number(utilities[j]), s.party(j).name);
  }
  out += "\nParties:\n";
  for (const auto& p : s.parties()) {
    out += fmt::format("  {}: {} preferences, walk-away value {}, {}\n", p.name,
                       p.utility->kind_name(),
                       format_number(p.reservation_value) +
                           (s.status_quo() && p.reservation_outcome == s.status_quo()
                                ? " (its utility of the status quo)"
                                : ""),
                       p.discount_factor < 1.0
                           ? fmt::format("discount factor {}", format_number(p.discount_factor))
                           : std::string("no discount"));
    if (const auto* linear = p.utility->as_linear_additive()) {
      std::string weights;
      for (std::size_t i = 0; i < s.issue_count(); ++i)
        weights += fmt::format("{}{} {}", i ? ", " : "", s.issue(i).name(),
                               format_number(linear->weights()[i]));
      out += fmt::format("    weights: {}\n", weights);
    } else if (const auto* rect = p.utility->as_hyper_rectangle()) {
      out += fmt::format("    {} constraint rectangles, maxutility {}\n", rect->rectangle_count(),
                         format_number(rect->max_utility()));
    }
    if (p.uncertainty) {
      out += "    uncertain (parley robust analyses it):\n";
      for (const auto& statement : p.uncertainty->statements)
        out += fmt::format("      - {}\n", statement);
    }
  }
  return out;
}

std::string describe_scenario_json(const Scenario& s) {
  nlohmann::ordered_json j;
  j["name"] = s.name();
  j["description"] = s.description();
  j["outcomes"] = s.space().size_text();
  j["log10_outcomes"] = s.space().log10_size();
  j["linear_additive"] = s.is_linear_additive();
  auto& issues = j["issues"] = nlohmann::ordered_json::array();
  for (const auto& issue : s.issues()) {
    nlohmann::ordered_json i;
    i["name"] = issue.name();
    i["kind"] = to_string(issue.kind());
    i["cardinality"] = issue.cardinality();
    auto& values = i["values"] = nlohmann::ordered_json::array();
    if (issue.cardinality() <= 1000)
      for (std::uint32_t v = 0; v < issue.cardinality(); ++v)
        values.push_back(issue.value_label(v));
    issues.push_back(i);
  }
  auto& parties = j["parties"] = nlohmann::ordered_json::array();
  for (const auto& p : s.parties()) {
    nlohmann::ordered_json party;
    party["name"] = p.name;
    party["preferences"] = p.utility->kind_name();
    party["reservation_value"] = p.reservation_value;
    party["discount_factor"] = p.discount_factor;
    if (p.reservation_outcome) party["reservation_package"] = s.describe(*p.reservation_outcome);
    if (p.uncertainty) party["uncertainty"] = p.uncertainty->statements;
    parties.push_back(party);
  }
  if (s.status_quo()) {
    j["status_quo"] = s.describe(*s.status_quo());
    j["status_quo_utilities"] = s.utilities(*s.status_quo());
  }
  return j.dump(2);
}

}  // namespace parley
