// The Pareto improvements of an agreed package: the frontier packages that dominate it, ranked.
#include "parley/analysis/improvements.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "analysis/frontier_internal.hpp"
#include "parley/support/error.hpp"

namespace parley {
namespace {

void check_agreed(const Scenario& scenario, const Outcome& agreed) {
  if (agreed.size() != scenario.issue_count())
    throw InputError(scenario.name(), std::nullopt, "agreed",
                     std::to_string(agreed.size()) + " options",
                     std::to_string(scenario.issue_count()) + " (one option per issue)");
  for (std::size_t i = 0; i < agreed.size(); ++i) {
    const Issue& issue = scenario.issue(i);
    if (agreed[i] >= issue.cardinality())
      throw InputError(
          scenario.name(), std::nullopt, "agreed",
          "option index " + std::to_string(agreed[i]) + " for issue '" + issue.name() + "'",
          "an index below " + std::to_string(issue.cardinality()));
  }
}

// The improvement `package` offers over the agreed utilities, or nothing when it offers none.
std::optional<Improvement> as_improvement(const Scenario& scenario, const Package& package,
                                          const Outcome& agreed,
                                          const std::vector<double>& agreed_utilities,
                                          const std::vector<double>& epsilon, bool exact) {
  const std::size_t parties = agreed_utilities.size();
  if (!detail::tolerant_dominates(package.utilities.data(), agreed_utilities.data(), epsilon.data(),
                                  parties))
    return std::nullopt;
  Improvement improvement;
  improvement.package = package;
  improvement.pareto_optimal = exact;
  improvement.nash_product_of_gains = 1.0;
  for (std::size_t j = 0; j < parties; ++j) {
    // A change within the tolerance is no gain (nor loss): shown as 0.
    const double change = package.utilities[j] - agreed_utilities[j];
    const bool gains = change > epsilon[j];
    improvement.gains.push_back(gains ? change : 0.0);
    if (gains) {
      ++improvement.gaining_parties;
      improvement.nash_product_of_gains *= change;
    }
  }
  for (std::size_t i = 0; i < scenario.issue_count(); ++i)
    if (package.outcome[i] != agreed[i]) improvement.changed_issues.push_back(i);
  return improvement;
}

double sum_of(const std::vector<double>& values) {
  double sum = 0.0;
  for (const double v : values) sum += v;
  return sum;
}

// Ranking (header): more gaining parties, larger Nash product, larger sum; stable_sort keeps
// frontier order among exact ties.
bool ranks_before(const Improvement& a, const Improvement& b) {
  if (a.gaining_parties != b.gaining_parties) return a.gaining_parties > b.gaining_parties;
  if (a.nash_product_of_gains != b.nash_product_of_gains)
    return a.nash_product_of_gains > b.nash_product_of_gains;
  return sum_of(a.gains) > sum_of(b.gains);
}

// A gain as a signed number: three decimals, or two significant digits when smaller.
std::string gain_text(double gain) {
  if (gain == 0.0 || std::abs(gain) >= 0.0005) return fmt::format("{:+.3f}", gain);
  return fmt::format("{:+.2g}", gain);
}

std::string changes_text(const Scenario& scenario, const Outcome& agreed,
                         const Improvement& improvement) {
  std::string text;
  for (const std::size_t i : improvement.changed_issues) {
    if (!text.empty()) text += ", ";
    const Issue& issue = scenario.issue(i);
    text += issue.name() + ": " + issue.value_label(agreed[i]) + " -> " +
            issue.value_label(improvement.package.outcome[i]);
  }
  return text;
}

std::string improvement_sentence(const Scenario& scenario, const Outcome& agreed,
                                 const Improvement& improvement) {
  std::string text = improvement.gaining_parties == scenario.party_count()
                         ? "Every party gains: "
                         : "Some parties gain and none loses: ";
  for (std::size_t j = 0; j < scenario.party_count(); ++j) {
    if (j > 0) text += ", ";
    text += scenario.party(j).name + " " + gain_text(improvement.gains[j]);
  }
  return text + " by changing " + changes_text(scenario, agreed, improvement) + ".";
}

std::string summary_sentence(const ImprovementAnalysis& analysis) {
  if (analysis.agreed_is_pareto_optimal) {
    if (analysis.exact)
      return "The agreed package is Pareto-optimal: no other package makes a party better off "
             "without making another worse off.";
    return fmt::format(
        "No package of the approximate frontier ({} packages) improves on the agreed package; "
        "an improvement may still exist outside it.",
        analysis.frontier_packages);
  }
  const std::uint64_t count = analysis.improving_frontier_packages;
  std::string text =
      count == 1 ? std::string("1 Pareto-optimal package improves on the agreed package")
                 : fmt::format("{} Pareto-optimal packages improve on the agreed package", count);
  if (!analysis.exact) text += " (on an approximate frontier)";
  if (analysis.improvements.size() < count)
    text += fmt::format("; the best {} are listed", analysis.improvements.size());
  return text + ", ranked by the product of the gains.";
}

}  // namespace

ImprovementAnalysis improve_agreement(const Scenario& scenario, const Outcome& agreed,
                                      const ImprovementOptions& options) {
  check_agreed(scenario, agreed);
  detail::CancelCheck(options.frontier.cancelled).poll();
  const Frontier frontier = pareto_frontier(scenario, options.frontier);
  return improve_agreement(scenario, agreed, frontier, options.limit, options.frontier.cancelled);
}

ImprovementAnalysis improve_agreement(const Scenario& scenario, const Outcome& agreed,
                                      const Frontier& frontier, std::size_t limit,
                                      const std::function<bool()>& cancelled) {
  check_agreed(scenario, agreed);
  detail::CancelCheck cancel(cancelled);
  ImprovementAnalysis analysis;
  analysis.agreed = agreed;
  analysis.agreed_utilities = scenario.utilities(agreed);
  analysis.frontier_packages = frontier.packages.size();
  analysis.method = frontier.method;
  analysis.exact = frontier.exact;
  analysis.tolerance = frontier.tolerance;
  // A frontier built without ranges (by hand): the tolerance on a unit range.
  const std::size_t n = scenario.party_count();
  analysis.epsilon.assign(n, frontier.tolerance);
  if (frontier.ranges.min.size() == n && frontier.ranges.max.size() == n)
    analysis.epsilon = detail::tolerance_epsilon(frontier.ranges, frontier.tolerance);

  std::vector<Improvement> found;
  for (std::size_t k = 0; k < frontier.packages.size(); ++k) {
    cancel.tick();
    if (auto improvement =
            as_improvement(scenario, frontier.packages[k], agreed, analysis.agreed_utilities,
                           analysis.epsilon, frontier.exact)) {
      improvement->frontier_index = k;
      found.push_back(std::move(*improvement));
    }
  }
  cancel.poll();
  analysis.improving_frontier_packages = found.size();
  analysis.agreed_is_pareto_optimal = found.empty();
  std::stable_sort(found.begin(), found.end(), ranks_before);
  if (found.size() > limit) found.resize(limit);
  analysis.improvements = std::move(found);

  analysis.sentences.push_back(summary_sentence(analysis));
  for (const auto& improvement : analysis.improvements)
    analysis.sentences.push_back(improvement_sentence(scenario, agreed, improvement));
  return analysis;
}

std::string render_improvements(const Scenario& scenario, const ImprovementAnalysis& analysis) {
  std::string out = "Improving the agreement: " + scenario.name() + "\n\n";
  out += "Agreed package: " + scenario.describe(analysis.agreed) + "\n";
  out += "Utilities:";
  for (std::size_t j = 0; j < scenario.party_count(); ++j)
    out += fmt::format("{} {} {:.3f}", j == 0 ? "" : ",", scenario.party(j).name,
                       analysis.agreed_utilities[j]);
  out += "\n";
  out += fmt::format("Frontier: {} packages, {} ({}), tolerance {:g}\n\n",
                     analysis.frontier_packages, to_string(analysis.method),
                     analysis.exact ? "exact" : "approximate", analysis.tolerance);
  if (!analysis.sentences.empty()) out += analysis.sentences.front() + "\n";
  for (std::size_t k = 0; k < analysis.improvements.size(); ++k) {
    const Improvement& improvement = analysis.improvements[k];
    out += fmt::format("\n{}. {}\n", k + 1, scenario.describe(improvement.package.outcome));
    for (std::size_t j = 0; j < scenario.party_count(); ++j)
      out += fmt::format("   {}: {:.3f} ({})\n", scenario.party(j).name,
                         improvement.package.utilities[j], gain_text(improvement.gains[j]));
    out += fmt::format("   product of the gains: {:.4g}\n", improvement.nash_product_of_gains);
    if (k + 1 < analysis.sentences.size()) out += "   " + analysis.sentences[k + 1] + "\n";
  }
  return out;
}

std::string improvements_json(const Scenario& scenario, const ImprovementAnalysis& analysis) {
  using nlohmann::ordered_json;
  auto package_json = [&](const Outcome& outcome) {
    ordered_json j = ordered_json::object();
    for (std::size_t i = 0; i < outcome.size(); ++i)
      j[scenario.issue(i).name()] = scenario.issue(i).value_label(outcome[i]);
    return j;
  };
  auto by_party = [&](const std::vector<double>& values) {
    ordered_json j = ordered_json::object();
    for (std::size_t p = 0; p < values.size(); ++p) j[scenario.party(p).name] = values[p];
    return j;
  };
  ordered_json root;
  root["schema"] = "parley-improvements/1";
  root["scenario"] = scenario.name();
  root["agreed"] = {{"package", package_json(analysis.agreed)},
                    {"utilities", by_party(analysis.agreed_utilities)}};
  root["agreed_is_pareto_optimal"] = analysis.agreed_is_pareto_optimal;
  root["frontier"] = {{"method", to_string(analysis.method)},
                      {"exact", analysis.exact},
                      {"packages", analysis.frontier_packages},
                      {"tolerance", analysis.tolerance},
                      {"epsilon", by_party(analysis.epsilon)}};
  root["improving_frontier_packages"] = analysis.improving_frontier_packages;
  ordered_json list = ordered_json::array();
  for (std::size_t k = 0; k < analysis.improvements.size(); ++k) {
    const Improvement& improvement = analysis.improvements[k];
    ordered_json changes = ordered_json::array();
    for (const std::size_t i : improvement.changed_issues)
      changes.push_back({{"issue", scenario.issue(i).name()},
                         {"from", scenario.issue(i).value_label(analysis.agreed[i])},
                         {"to", scenario.issue(i).value_label(improvement.package.outcome[i])}});
    ordered_json item;
    item["package"] = package_json(improvement.package.outcome);
    item["utilities"] = by_party(improvement.package.utilities);
    item["gains"] = by_party(improvement.gains);
    item["gaining_parties"] = improvement.gaining_parties;
    item["nash_product_of_gains"] = improvement.nash_product_of_gains;
    item["changes"] = std::move(changes);
    item["pareto_optimal"] = improvement.pareto_optimal;
    if (k + 1 < analysis.sentences.size()) item["sentence"] = analysis.sentences[k + 1];
    list.push_back(std::move(item));
  }
  root["improvements"] = std::move(list);
  root["sentences"] = analysis.sentences;
  return root.dump(2) + "\n";
}

}  // namespace parley
