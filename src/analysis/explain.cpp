// Issue-by-issue explanation of a package in plain words: who gets its preferred option, who
// concedes and how much that costs it, and the trade that makes the package work (logrolling,
// Raiffa 1982: each side gives way on the issues it cares least about).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "parley/analysis/analysis.hpp"

namespace parley {
namespace {

// Per party and issue: the best and worst score of the issue's values with the rest of the
// package kept, the first value reaching the best, and the score of the package's own value.
// For linear-additive preferences the contributions are the scores (equivalent up to a
// constant), read without listing every value: an analytic issue may have millions of them.
struct IssueScores {
  double best = 0.0, worst = 0.0, own = 0.0;
  ValueIndex preferred = 0;
};

IssueScores issue_scores(const Scenario& scenario, std::size_t party, std::size_t issue,
                         const Outcome& outcome) {
  IssueScores result;
  if (const auto* linear = scenario.party(party).utility->as_linear_additive()) {
    result.best = linear->best_contribution(issue);
    result.worst = linear->worst_contribution(issue);
    result.preferred = linear->best_value(issue);
    result.own = linear->contribution(issue, outcome[issue]);
    return result;
  }
  const std::uint32_t count = scenario.issue(issue).cardinality();
  std::vector<double> scores(count);
  Outcome changed = outcome;
  for (ValueIndex v = 0; v < count; ++v) {
    changed[issue] = v;
    scores[v] = scenario.utility(party, changed);
  }
  const auto top = std::max_element(scores.begin(), scores.end());
  result.best = *top;
  result.worst = *std::min_element(scores.begin(), scores.end());
  result.preferred = static_cast<ValueIndex>(top - scores.begin());
  result.own = scores[outcome[issue]];
  return result;
}

std::string percent(double share) { return fmt::format("{:.0f}%", 100.0 * share); }

std::string join_names(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  if (names.size() == 1) return names[0];
  std::string text;
  for (std::size_t k = 0; k + 1 < names.size(); ++k) text += (k ? ", " : "") + names[k];
  return text + " and " + names.back();
}

}  // namespace

Explanation explain(const Scenario& scenario, const Package& package) {
  const std::size_t parties = scenario.party_count();
  const std::size_t issues = scenario.issue_count();
  Explanation explanation;
  // swing[j][i]: best minus worst score of issue i for party j; importance is its share.
  std::vector<std::vector<double>> swing(parties, std::vector<double>(issues, 0.0));
  explanation.issues.resize(issues);
  for (std::size_t i = 0; i < issues; ++i) {
    auto& item = explanation.issues[i];
    item.issue = i;
    item.value = package.outcome[i];
    for (std::size_t j = 0; j < parties; ++j) {
      const IssueScores scores = issue_scores(scenario, j, i, package.outcome);
      item.preferred.push_back(scores.preferred);
      item.concession.push_back(std::max(0.0, scores.best - scores.own));
      swing[j][i] = scores.best - scores.worst;
    }
  }
  for (std::size_t j = 0; j < parties; ++j) {
    const double total = std::accumulate(swing[j].begin(), swing[j].end(), 0.0);
    const double tiny = 1e-9 * (total > 0.0 ? total : 1.0);
    for (std::size_t i = 0; i < issues; ++i) {
      auto& item = explanation.issues[i];
      item.importance.push_back(total > 0.0 ? swing[j][i] / total : 0.0);
      if (item.concession[j] <= tiny) {
        item.concession[j] = 0.0;
        item.winners.push_back(j);
      }
    }
  }

  auto name = [&](std::size_t j) { return scenario.party(j).name; };
  auto value_text = [&](std::size_t i, ValueIndex v) { return scenario.issue(i).value_label(v); };
  // Issue by issue.
  for (const auto& item : explanation.issues) {
    const std::string head = fmt::format("{} = {}: ", scenario.issue(item.issue).label(),
                                         value_text(item.issue, item.value));
    if (item.winners.size() == parties) {
      explanation.sentences.push_back(head +
                                      "no conflict here, every side gets an option it likes best.");
      continue;
    }
    std::vector<std::string> winners, concessions;
    for (std::size_t j : item.winners) winners.push_back(name(j));
    for (std::size_t j = 0; j < parties; ++j) {
      if (item.concession[j] == 0.0) continue;
      concessions.push_back(fmt::format(
          "{} gives way (it preferred {}; this issue carries {} of what {} cares about, and "
          "the choice costs it {:.3f} utility)",
          name(j), value_text(item.issue, item.preferred[j]), percent(item.importance[j]), name(j),
          item.concession[j]));
    }
    std::string text = head;
    if (winners.empty()) {
      text += "a middle ground, nobody gets its first choice: ";
    } else {
      text += fmt::format("{} {} its preferred option; ", join_names(winners),
                          winners.size() == 1 ? "gets" : "each get");
    }
    for (std::size_t k = 0; k < concessions.size(); ++k) text += (k ? "; " : "") + concessions[k];
    explanation.sentences.push_back(text + ".");
  }

  // The trade: on contested issues, what each party wins and gives up, weighed by importance.
  bool any_trade = false, every_trade_favourable = true;
  for (std::size_t j = 0; j < parties; ++j) {
    std::vector<std::string> won, conceded;
    double won_weight = 0.0, conceded_weight = 0.0;
    for (const auto& item : explanation.issues) {
      if (item.winners.size() == parties) continue;
      const std::string label = scenario.issue(item.issue).label();
      if (item.concession[j] == 0.0) {
        won.push_back(label);
        won_weight += item.importance[j];
      } else {
        conceded.push_back(label);
        conceded_weight += item.importance[j];
      }
    }
    if (won.empty() || conceded.empty()) continue;
    any_trade = true;
    const double won_mean = won_weight / static_cast<double>(won.size());
    const double conceded_mean = conceded_weight / static_cast<double>(conceded.size());
    if (!(conceded_mean < won_mean)) every_trade_favourable = false;
    explanation.sentences.push_back(fmt::format(
        "{} gives way on {} ({} of what it cares about) and in return gets its way on {} ({}).",
        name(j), join_names(conceded), percent(conceded_weight), join_names(won),
        percent(won_weight)));
  }
  if (any_trade && every_trade_favourable) {
    explanation.sentences.push_back(
        "This is a logrolling trade: each side concedes on the issues that matter least to it "
        "and wins the ones that matter most, so both end up better off than by splitting every "
        "issue down the middle.");
  }

  // Against walking away.
  std::vector<std::string> better, worse;
  for (std::size_t j = 0; j < parties; ++j) {
    const double reservation = scenario.party(j).reservation_value;
    const double gain = package.utilities[j] - reservation;
    const std::string text = fmt::format("{} gets {:.3f} instead of {:.3f} ({:+.3f})", name(j),
                                         package.utilities[j], reservation, gain);
    (gain >= -1e-9 ? better : worse).push_back(text);
  }
  if (!better.empty())
    explanation.sentences.push_back("Compared with walking away: " + join_names(better) + ".");
  if (!worse.empty())
    explanation.sentences.push_back("Worse than walking away for: " + join_names(worse) +
                                    "; they have no reason to accept it.");
  return explanation;
}

}  // namespace parley
