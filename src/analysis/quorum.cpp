// Quorum and veto rules: which packages pass, the passing frontier and the recommended package.
// Definitions and tie-breaking in parley/analysis/quorum.hpp.
#include "parley/analysis/quorum.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "analysis/frontier_internal.hpp"
#include "outcome_walk.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

std::string lower_trimmed(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::optional<std::uint64_t> whole_number(std::string_view text) {
  std::uint64_t value = 0;
  const auto* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || error != std::errc() || stop != end) return std::nullopt;
  return value;
}

// "a", "a and b", "a, b and c".
std::string name_list(const Scenario& scenario, const std::vector<std::size_t>& parties) {
  std::string out;
  for (std::size_t k = 0; k < parties.size(); ++k) {
    if (k > 0) out += k + 1 == parties.size() ? " and " : ", ";
    out += scenario.party(parties[k]).name;
  }
  return out;
}

// 1204 -> "1,204".
std::string grouped(std::uint64_t value) {
  std::string digits = std::to_string(value), out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) out += ',';
    out += digits[k];
  }
  return out;
}

std::string number(double value) { return fmt::format("{:.4g}", value); }

std::string plural(std::uint64_t count, const char* one, const char* many) {
  return grouped(count) + " " + (count == 1 ? one : many);
}

void check_rule(const Scenario& scenario, const QuorumRule& rule) {
  const std::size_t n = scenario.party_count();
  if (rule.required < 1 || rule.required > n)
    throw InputError(scenario.name(), std::nullopt, "quorum", std::to_string(rule.required),
                     "a number of acceptances from 1 to " + std::to_string(n));
  std::vector<bool> seen(n, false);
  for (const std::size_t party : rule.veto) {
    if (party >= n)
      throw InputError(scenario.name(), std::nullopt, "veto", "party " + std::to_string(party),
                       "a party index below " + std::to_string(n));
    if (seen[party])
      throw InputError(scenario.name(), std::nullopt, "veto",
                       "'" + scenario.party(party).name + "' twice", "each veto holder once");
    seen[party] = true;
  }
}

// The recommended candidate (quorum.hpp): the most acceptances first; among those, the largest
// product over the accepting parties of their relative gains (u_j - r_j) / (I_j - r_j), I_j party
// j's best utility over the candidates it accepts (a party with I_j = r_j counts 1); ties as
// parley solve breaks them (values within tolerance of the largest are equal, then the larger
// sum of relative gains, then frontier order). Relative gains make the comparison of different
// coalitions independent of each party's utility scale; with every candidate accepted by
// everyone it is parley solve's Nash choice. Returns 0 when there is no candidate.
std::size_t nash_under_rule(const std::vector<const PassingPackage*>& candidates,
                            const std::vector<double>& reservation, double tolerance) {
  const std::size_t n = reservation.size();
  if (candidates.empty()) return 0;
  std::vector<double> ideal_gain(n, 0.0);
  for (std::size_t j = 0; j < n; ++j) {
    double ideal = -std::numeric_limits<double>::infinity();
    for (const auto* c : candidates)
      if (c->accepts[j]) ideal = std::max(ideal, c->package.utilities[j]);
    ideal_gain[j] = std::max(0.0, ideal - reservation[j]);
  }
  const auto relative = [&](const PassingPackage& c, std::size_t j) {
    const double gain = std::max(0.0, c.package.utilities[j] - reservation[j]);
    return ideal_gain[j] > 0.0 ? std::min(1.0, gain / ideal_gain[j]) : 1.0;
  };
  const auto acceptances = [&](const PassingPackage& c) {
    return static_cast<std::size_t>(std::count(c.accepts.begin(), c.accepts.end(), true));
  };
  std::size_t most = 0;
  for (const auto* c : candidates) most = std::max(most, acceptances(*c));
  std::vector<double> values(candidates.size(), -1.0), sums(candidates.size(), 0.0);
  double top = -1.0;
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    if (acceptances(*candidates[k]) != most) continue;
    double product = 1.0;
    for (std::size_t j = 0; j < n; ++j)
      if (candidates[k]->accepts[j]) {
        product *= relative(*candidates[k], j);
        sums[k] += relative(*candidates[k], j);
      }
    values[k] = product;
    top = std::max(top, product);
  }
  const double tie_slack = tolerance * static_cast<double>(n);
  double top_tie = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < candidates.size(); ++k)
    if (values[k] >= 0.0 && values[k] >= top - tolerance) top_tie = std::max(top_tie, sums[k]);
  for (std::size_t k = 0; k < candidates.size(); ++k)
    if (values[k] >= 0.0 && values[k] >= top - tolerance && sums[k] >= top_tie - tie_slack)
      return k;
  return 0;
}

std::optional<PassingPackage> pick(const std::vector<const PassingPackage*>& candidates,
                                   const std::vector<double>& reservation, double tolerance) {
  if (candidates.empty()) return std::nullopt;
  return *candidates[nash_under_rule(candidates, reservation, tolerance)];
}

std::string left_out_clause(const Scenario& scenario, const PassingPackage& p) {
  std::string out;
  for (std::size_t k = 0; k < p.left_out.size(); ++k) {
    const std::size_t j = p.left_out[k];
    if (k > 0) out += k + 1 == p.left_out.size() ? " and " : ", ";
    out += fmt::format("{} (who gets {} against its walk-away {})", scenario.party(j).name,
                       number(p.package.utilities[j]), number(scenario.party(j).reservation_value));
  }
  return out;
}

std::vector<std::string> make_sentences(const Scenario& scenario, const QuorumAnalysis& a,
                                        std::uint64_t count_limit) {
  std::vector<std::string> out;
  const std::string rule = a.rule.text(scenario);
  if (a.counted_exactly) {
    out.push_back(fmt::format("Under {}, {} of {} pass ({} with everyone).", rule,
                              grouped(a.passing), plural(a.total, "package", "packages"),
                              grouped(a.unanimous)));
  } else {
    out.push_back(fmt::format(
        "Under {}, the packages that pass were not counted: the space has {} packages, more "
        "than the counting limit of {}; what follows covers the efficient packages only.",
        rule, scenario.space().size_text(), grouped(count_limit)));
  }
  out.push_back(fmt::format("{} of the {} efficient {} pass{}.", grouped(a.frontier.size()),
                            grouped(a.frontier_size), a.frontier_size == 1 ? "package" : "packages",
                            a.frontier_exact ? ""
                                             : " (the frontier is an approximation found by the "
                                               "anytime search, not the exact one)"));
  if (!a.recommended) {
    out.push_back(a.frontier_exact ? "No package passes under this rule."
                                   : "No efficient package found passes under this rule.");
    return out;
  }
  if (a.recommended->left_out.empty()) {
    out.push_back(
        "The recommended package (the most acceptances, then the largest product of relative "
        "gains over walking away) has every party on board.");
  } else {
    out.push_back(
        fmt::format("The recommended package (the most acceptances, then the largest product of "
                    "relative gains of the parties who accept it) leaves out {}.",
                    left_out_clause(scenario, *a.recommended)));
    if (a.recommended_with_everyone) {
      out.push_back(
          "With every party on board, the best package is a different one: parley solve's "
          "Nash solution.");
    } else {
      out.push_back("No efficient package has every party's acceptance.");
    }
  }
  std::vector<std::string> exposure;
  for (std::size_t j = 0; j < scenario.party_count(); ++j)
    if (a.left_out_count[j] > 0)
      exposure.push_back(
          fmt::format("{} by {}", scenario.party(j).name, grouped(a.left_out_count[j])));
  if (!exposure.empty()) {
    std::string list;
    for (std::size_t k = 0; k < exposure.size(); ++k)
      list += (k == 0 ? "" : k + 1 == exposure.size() ? " and " : ", ") + exposure[k];
    out.push_back(fmt::format("Left out of passing efficient packages: {}.", list));
  }
  std::vector<std::size_t> pivotal;
  for (std::size_t j = 0; j < scenario.party_count(); ++j)
    if (a.pivotal[j]) pivotal.push_back(j);
  out.push_back(pivotal.empty()
                    ? std::string("No party is pivotal: every passing efficient package still "
                                  "passes without any one party's acceptance.")
                    : fmt::format("Pivotal (some passing efficient package fails without {}): {}.",
                                  pivotal.size() == 1 ? "it" : "each",
                                  name_list(scenario, pivotal)));
  return out;
}

}  // namespace

std::string QuorumRule::text(const std::vector<std::string>& names) const {
  const std::size_t n = names.size();
  if (required >= n) return "every party";
  std::string out = fmt::format("{} of {} parties", required, n);
  if (!veto.empty()) {
    out += ", including ";
    for (std::size_t k = 0; k < veto.size(); ++k) {
      if (k > 0) out += k + 1 == veto.size() ? " and " : ", ";
      out += names.at(veto[k]);
    }
  }
  return out;
}

std::string QuorumRule::text(const Scenario& scenario) const { return text(party_names(scenario)); }

std::vector<std::string> party_names(const Scenario& scenario) {
  std::vector<std::string> names;
  for (std::size_t j = 0; j < scenario.party_count(); ++j) names.push_back(scenario.party(j).name);
  return names;
}

QuorumRule parse_quorum(const std::vector<std::string>& names, std::string_view required,
                        const std::vector<std::string>& veto, const std::string& file,
                        const std::string& field_prefix) {
  const std::size_t n = names.size();
  const std::string text = lower_trimmed(required);
  const std::string expected = fmt::format(
      "all, unanimity, n-K, majority, 2/3 or a number of acceptances from 1 to {} "
      "(there are {} parties)",
      n, n);
  std::optional<std::uint64_t> count;
  if (text == "all" || text == "unanimity") {
    count = n;
  } else if (text == "majority") {
    count = n / 2 + 1;
  } else if (text == "2/3") {
    count = (2 * n + 2) / 3;
  } else if (text.size() > 2 && text.compare(0, 2, "n-") == 0) {
    if (const auto k = whole_number(std::string_view(text).substr(2)); k && *k < n) count = n - *k;
  } else if (const auto k = whole_number(text); k && *k >= 1 && *k <= n) {
    count = *k;
  }
  if (!count)
    throw InputError(file, std::nullopt, field_prefix + "quorum", "'" + std::string(required) + "'",
                     expected);
  QuorumRule rule;
  rule.required = static_cast<std::size_t>(*count);
  for (const auto& name : veto) {
    const auto party = std::find(names.begin(), names.end(), name);
    if (party == names.end()) {
      std::string listed;
      for (std::size_t j = 0; j < n; ++j) listed += (j == 0 ? "" : ", ") + names[j];
      throw InputError(file, std::nullopt, field_prefix + "veto", "'" + name + "'",
                       "a party name (" + listed + ")");
    }
    const auto index = static_cast<std::size_t>(party - names.begin());
    if (std::find(rule.veto.begin(), rule.veto.end(), index) != rule.veto.end())
      throw InputError(file, std::nullopt, field_prefix + "veto", "'" + name + "' twice",
                       "each veto holder once");
    rule.veto.push_back(index);
  }
  return rule;
}

QuorumRule parse_quorum(const Scenario& scenario, std::string_view required,
                        const std::vector<std::string>& veto) {
  return parse_quorum(party_names(scenario), required, veto, scenario.name());
}

bool passes(const QuorumRule& rule, const std::vector<bool>& accepts) {
  for (const std::size_t party : rule.veto)
    if (party >= accepts.size() || !accepts[party]) return false;
  return static_cast<std::size_t>(std::count(accepts.begin(), accepts.end(), true)) >=
         rule.required;
}

QuorumAnalysis analyse_quorum(const Scenario& scenario, const QuorumRule& rule,
                              const FrontierOptions& frontier_options, std::uint64_t count_limit) {
  check_rule(scenario, rule);
  const std::size_t n = scenario.party_count();
  QuorumAnalysis a;
  a.rule = rule;
  const Frontier frontier = pareto_frontier(scenario, frontier_options);
  // The individually-rational test of agreement_zone: the frontier's ranges and tolerance.
  const UtilityRange ranges = frontier.ranges.min.size() == n
                                  ? frontier.ranges
                                  : utility_ranges(scenario, frontier_options);
  const std::vector<double> epsilon = detail::tolerance_epsilon(ranges, frontier.tolerance);
  std::vector<double> reservation;
  for (const auto& party : scenario.parties()) reservation.push_back(party.reservation_value);
  auto accepts_of = [&](const std::vector<double>& u, std::vector<bool>& accepts) {
    for (std::size_t j = 0; j < n; ++j) accepts[j] = u[j] >= reservation[j] - epsilon[j];
  };

  a.frontier_exact = frontier.exact;
  a.frontier_size = frontier.packages.size();
  a.left_out_count.assign(n, 0);
  a.pivotal.assign(n, false);
  std::vector<bool> accepts(n);
  for (const auto& package : frontier.packages) {
    accepts_of(package.utilities, accepts);
    if (!passes(rule, accepts)) continue;
    PassingPackage p{package, accepts, {}};
    const auto yes = static_cast<std::size_t>(std::count(accepts.begin(), accepts.end(), true));
    for (std::size_t j = 0; j < n; ++j) {
      if (!accepts[j]) {
        p.left_out.push_back(j);
        ++a.left_out_count[j];
      } else if (yes == rule.required ||
                 std::find(rule.veto.begin(), rule.veto.end(), j) != rule.veto.end()) {
        a.pivotal[j] = true;
      }
    }
    a.frontier.push_back(std::move(p));
  }
  std::vector<const PassingPackage*> candidates, everyone;
  for (const auto& p : a.frontier) {
    candidates.push_back(&p);
    if (p.left_out.empty()) everyone.push_back(&p);
  }
  a.recommended = pick(candidates, reservation, frontier.tolerance);
  a.recommended_with_everyone = pick(everyone, reservation, frontier.tolerance);

  if (scenario.can_enumerate(count_limit)) {
    const std::uint64_t total = scenario.space().size();
    std::uint64_t seen = 0;
    const std::uint64_t step = std::uint64_t{1} << 20;
    detail::CancelCheck cancel(frontier_options.cancelled, 1u << 16);
    cancel.poll();
    detail::for_each_outcome(scenario, [&](const Outcome&, const std::vector<double>& u) {
      cancel.tick();
      accepts_of(u, accepts);
      if (passes(rule, accepts)) {
        ++a.passing;
        if (std::find(accepts.begin(), accepts.end(), false) == accepts.end()) ++a.unanimous;
      }
      if (++seen % step == 0 && frontier_options.progress)
        frontier_options.progress(static_cast<double>(seen) / static_cast<double>(total),
                                  "counting the packages that pass");
    });
    a.total = total;
  } else {
    a.counted_exactly = false;
  }
  a.sentences = make_sentences(scenario, a, count_limit);
  return a;
}

std::string render_quorum(const Scenario& scenario, const QuorumAnalysis& a) {
  const std::size_t n = scenario.party_count();
  std::string out =
      fmt::format("Quorum rule: {}\nScenario: {} ({} parties, {} packages)\n\n",
                  a.rule.text(scenario), scenario.name(), n, scenario.space().size_text());
  for (const auto& sentence : a.sentences) out += sentence + "\n";
  auto standings = [&](const PassingPackage& p) {
    std::string text;
    for (std::size_t j = 0; j < n; ++j)
      text += fmt::format(
          "    {:<20} {:>10} {:>10}  {}\n", scenario.party(j).name, number(p.package.utilities[j]),
          number(scenario.party(j).reservation_value), p.accepts[j] ? "accepts" : "left out");
    return text;
  };
  if (a.recommended) {
    out += "\nRecommended package:\n";
    for (std::size_t i = 0; i < scenario.issue_count(); ++i)
      out += fmt::format("    {}: {}\n", scenario.issue(i).label(),
                         scenario.issue(i).value_label(a.recommended->package.outcome[i]));
    out += fmt::format("    {:<20} {:>10} {:>10}\n", "party", "utility", "walk-away");
    out += standings(*a.recommended);
  }
  if (!a.frontier.empty()) {
    constexpr std::size_t kListed = 20;
    out += fmt::format("\nPassing efficient packages ({} of {}{}):\n", grouped(a.frontier.size()),
                       grouped(a.frontier_size),
                       a.frontier.size() > kListed ? ", the first 20 listed" : "");
    for (std::size_t k = 0; k < std::min(kListed, a.frontier.size()); ++k) {
      const auto& p = a.frontier[k];
      std::string utilities;
      for (std::size_t j = 0; j < n; ++j)
        utilities += (j == 0 ? "" : " ") + number(p.package.utilities[j]);
      out += fmt::format(
          "  {:>3}. {}  [{}]{}\n", k + 1, scenario.describe(p.package.outcome), utilities,
          p.left_out.empty() ? "" : "  leaves out " + name_list(scenario, p.left_out));
    }
  }
  out += fmt::format("\n    {:<20} {:>10} {:>12}  {}\n", "party", "walk-away", "left out by",
                     "pivotal");
  for (std::size_t j = 0; j < n; ++j)
    out += fmt::format("    {:<20} {:>10} {:>12}  {}\n", scenario.party(j).name,
                       number(scenario.party(j).reservation_value), grouped(a.left_out_count[j]),
                       a.pivotal[j] ? "yes" : "no");
  return out;
}

std::string quorum_json(const Scenario& scenario, const QuorumAnalysis& a) {
  using Json = nlohmann::ordered_json;
  const std::size_t n = scenario.party_count();
  auto package_json = [&](const PassingPackage& p) {
    Json names = Json::array();
    for (const std::size_t j : p.left_out) names.push_back(scenario.party(j).name);
    return Json{{"values", p.package.outcome},
                {"description", scenario.describe(p.package.outcome)},
                {"utilities", p.package.utilities},
                {"accepts", p.accepts},
                {"left_out", names}};
  };
  auto optional_package = [&](const std::optional<PassingPackage>& p) {
    return p ? package_json(*p) : Json(nullptr);
  };
  Json veto = Json::array();
  for (const std::size_t j : a.rule.veto) veto.push_back(scenario.party(j).name);
  Json parties = Json::array();
  for (std::size_t j = 0; j < n; ++j)
    parties.push_back({{"name", scenario.party(j).name},
                       {"walk_away", scenario.party(j).reservation_value},
                       {"left_out_count", a.left_out_count[j]},
                       {"pivotal", static_cast<bool>(a.pivotal[j])}});
  Json frontier = Json::array();
  for (const auto& p : a.frontier) frontier.push_back(package_json(p));
  auto counted = [&](std::uint64_t value) {
    return a.counted_exactly ? Json(value) : Json(nullptr);
  };
  const Json out = {
      {"schema", "parley-quorum/1"},
      {"scenario", scenario.name()},
      {"rule",
       {{"required", a.rule.required},
        {"parties", n},
        {"veto", veto},
        {"text", a.rule.text(scenario)}}},
      {"counts",
       {{"exact", a.counted_exactly},
        {"outcomes", scenario.space().size_text()},
        {"passing", counted(a.passing)},
        {"unanimous", counted(a.unanimous)}}},
      {"frontier", {{"exact", a.frontier_exact}, {"size", a.frontier_size}, {"passing", frontier}}},
      {"recommended", optional_package(a.recommended)},
      {"recommended_with_everyone", optional_package(a.recommended_with_everyone)},
      {"parties", parties},
      {"sentences", a.sentences}};
  return out.dump(2) + "\n";
}

}  // namespace parley
