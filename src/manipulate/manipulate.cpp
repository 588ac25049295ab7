// The facade of manipulation analysis (include/parley/manipulate/manipulate.hpp): names,
// dispatch to the rules' parts, and what every result derives from its utilities.
#include <cmath>

#include "manipulate/manipulate_internal.hpp"
#include "parley/support/error.hpp"
#include "support/enum_table.hpp"

namespace parley {
namespace {

constexpr auto kRuleNames = detail::enum_table<ManipulationRule>(
    {{ManipulationRule::nash, "nash"},
     {ManipulationRule::kalai_smorodinsky, "kalai-smorodinsky"},
     {ManipulationRule::egalitarian, "egalitarian"},
     {ManipulationRule::utilitarian, "utilitarian"},
     {ManipulationRule::adjusted_winner, "adjusted-winner"},
     {ManipulationRule::max_nash_welfare, "mnw"},
     {ManipulationRule::nash_lottery, "nash-lottery"}});
static_assert(kRuleNames.complete(ManipulationRule::nash_lottery));

constexpr auto kInformationNames = detail::enum_table<InformationModel>(
    {{InformationModel::full, "full"}, {InformationModel::bayes, "bayes"}});
static_assert(kInformationNames.complete(InformationModel::bayes));

constexpr auto kReportNames =
    detail::enum_table<ReportSpace>({{ReportSpace::walk_away, "walk-away"},
                                     {ReportSpace::weights, "weights"},
                                     {ReportSpace::values, "values"},
                                     {ReportSpace::all, "all"}});
static_assert(kReportNames.complete(ReportSpace::all));

}  // namespace

const char* to_string(ManipulationRule rule) noexcept { return kRuleNames.name(rule); }

std::optional<ManipulationRule> parse_manipulation_rule(std::string_view name) {
  if (name == "ks") return ManipulationRule::kalai_smorodinsky;
  if (name == "aw") return ManipulationRule::adjusted_winner;
  if (name == "max-nash-welfare") return ManipulationRule::max_nash_welfare;
  if (name == "lottery-nash" || name == "nash_lottery") return ManipulationRule::nash_lottery;
  return kRuleNames.parse(name);
}

bool is_division_rule(ManipulationRule rule) noexcept {
  return rule == ManipulationRule::adjusted_winner || rule == ManipulationRule::max_nash_welfare;
}

const char* to_string(ReportSpace space) noexcept { return kReportNames.name(space); }

const char* to_string(InformationModel model) noexcept { return kInformationNames.name(model); }

std::optional<InformationModel> parse_information_model(std::string_view name) {
  return kInformationNames.parse(name);
}

std::optional<ReportSpace> parse_report_space(std::string_view name) {
  if (name == "walk_away" || name == "walkaway") return ReportSpace::walk_away;
  return kReportNames.parse(name);
}

namespace detail {

SolutionKind solution_kind(ManipulationRule rule) {
  switch (rule) {
    case ManipulationRule::nash:
      return SolutionKind::nash;
    case ManipulationRule::kalai_smorodinsky:
      return SolutionKind::kalai_smorodinsky;
    case ManipulationRule::egalitarian:
      return SolutionKind::egalitarian;
    case ManipulationRule::utilitarian:
      return SolutionKind::utilitarian;
    case ManipulationRule::nash_lottery:
      return SolutionKind::nash_lottery;
    default:
      break;
  }
  throw Error("manipulate: not a bargaining rule");
}

void settle_gains(ManipulationResult& result) {
  const std::size_t i = result.party;
  result.gain = result.best_utilities.at(i) - result.truthful_utilities.at(i);
  // Floating-point noise of an identical outcome is no gain.
  if (std::abs(result.gain) < 1e-12) result.gain = 0.0;
  result.incentive_ratio.reset();
  if (result.truthful_utilities[i] > 0.0)
    result.incentive_ratio = result.best_utilities[i] / result.truthful_utilities[i];
  result.losses.assign(result.best_utilities.size(), 0.0);
  for (std::size_t p = 0; p < result.best_utilities.size(); ++p)
    if (p != i) result.losses[p] = result.truthful_utilities[p] - result.best_utilities[p];
}

}  // namespace detail

ManipulationResult analyse_manipulation(const Scenario& scenario,
                                        const ManipulationOptions& options) {
  if (options.party >= scenario.party_count())
    throw InputError(
        scenario.name(), std::nullopt, "party", std::to_string(options.party),
        "a party of the scenario (0 to " + std::to_string(scenario.party_count() - 1) + ")");
  if (!(options.grid_step > 0.0 && options.grid_step <= 0.5))
    throw InputError("options", std::nullopt, "grid step", std::to_string(options.grid_step),
                     "a step in (0, 0.5]");
  if (is_division_rule(options.rule)) {
    Warnings warnings;
    if (!fair::is_division_scenario(scenario))
      throw InputError(scenario.name(), std::nullopt, "rule", to_string(options.rule),
                       "a scenario whose every issue is 'who gets item X' (options: the party "
                       "names) for a division rule; nash, kalai-smorodinsky, egalitarian or "
                       "utilitarian otherwise");
    if (options.information == InformationModel::bayes)
      throw InputError(scenario.name(), std::nullopt, "information", "bayes",
                       "full for a division rule (bayes draws the others' preferences from "
                       "their uncertainty, which division rules do not read yet)");
    return analyse_manipulation(fair::division_instance_from_scenario(scenario, warnings), options);
  }
  if (options.rule == ManipulationRule::nash_lottery && scenario.party_count() != 2)
    throw InputError(scenario.name(), std::nullopt, "rule",
                     "nash-lottery with " + std::to_string(scenario.party_count()) + " parties",
                     "two parties (lottery solutions are defined for two parties; nash for more)");
  if (options.information == InformationModel::bayes && options.samples == 0)
    throw InputError("options", std::nullopt, "samples", "0", "at least 1 draw for bayes");
  return detail::manipulate_bargaining(scenario, options);
}

ManipulationResult analyse_manipulation(const fair::DivisionInstance& instance,
                                        const ManipulationOptions& options) {
  if (options.party >= instance.agent_count())
    throw InputError(
        instance.origin, std::nullopt, "party", std::to_string(options.party),
        "a party of the table (0 to " + std::to_string(instance.agent_count() - 1) + ")");
  switch (options.rule) {
    case ManipulationRule::adjusted_winner:
      return detail::manipulate_adjusted_winner(instance, options);
    case ManipulationRule::max_nash_welfare:
      return detail::manipulate_max_nash_welfare(instance, options);
    default:
      throw InputError(instance.origin, std::nullopt, "rule", to_string(options.rule),
                       "adjusted-winner or mnw for a division table");
  }
}

std::vector<ManipulationResult> manipulation_table(const Scenario& scenario,
                                                   const ManipulationOptions& options) {
  std::vector<ManipulationResult> results;
  const bool division = fair::is_division_scenario(scenario);
  std::vector<ManipulationRule> rules = {
      ManipulationRule::nash, ManipulationRule::kalai_smorodinsky, ManipulationRule::egalitarian,
      ManipulationRule::utilitarian};
  if (scenario.party_count() == 2) rules.push_back(ManipulationRule::nash_lottery);
  if (division) {
    if (scenario.party_count() == 2) rules.push_back(ManipulationRule::adjusted_winner);
    rules.push_back(ManipulationRule::max_nash_welfare);
  }
  for (const ManipulationRule rule : rules)
    for (std::size_t p = 0; p < scenario.party_count(); ++p) {
      ManipulationOptions one = options;
      one.rule = rule;
      one.party = p;
      // Division rules take one kind of report (the points or valuations) and full
      // information (their tables carry no uncertainty).
      if (is_division_rule(rule)) {
        one.reports = ReportSpace::weights;
        one.information = InformationModel::full;
      }
      results.push_back(analyse_manipulation(scenario, one));
    }
  return results;
}

}  // namespace parley
