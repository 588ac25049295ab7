// Issue-by-issue explanation of a package in plain words: who gets its preferred option, who
// gives way and how many of its 100 points that costs it, what each side wins and concedes, and
// whether the package is a logrolling trade (Raiffa 1982) in the precise sense documented in
// parley/analysis/analysis.hpp: no sentence claims a pattern the weights contradict.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "parley/analysis/analysis.hpp"

namespace parley {

double PointScale::range(std::size_t party) const {
  const double r = best.at(party) - worst.at(party);
  return r > 0.0 ? r : 1.0;
}

double PointScale::points(std::size_t party, double utility) const {
  return 100.0 * (utility - worst.at(party)) / range(party);
}

double PointScale::difference(std::size_t party, double utility_difference) const {
  return 100.0 * utility_difference / range(party);
}

PointScale point_scale(const Indicators& indicators) {
  return PointScale{indicators.worst_point, indicators.ideal_point};
}

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

// Points as printed: whole numbers, "less than 1" for a positive amount that rounds to 0.
std::string points_text(double points) {
  if (points > 0.0 && points < 0.5) return "less than 1";
  return fmt::format("{:.0f}", points);
}

std::string signed_points_text(double points) {
  if (std::abs(points) < 0.5 && points != 0.0) return points > 0 ? "+less than 1" : "-less than 1";
  return fmt::format("{:+.0f}", points);
}

std::string quoted(const std::string& text) { return "'" + text + "'"; }

std::string join_names(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  if (names.size() == 1) return names[0];
  std::string text;
  for (std::size_t k = 0; k + 1 < names.size(); ++k) text += (k ? ", " : "") + names[k];
  return text + " and " + names.back();
}

// At most `limit` issue labels, then "and N more".
std::string issue_list(const Scenario& scenario, const std::vector<std::size_t>& issues,
                       std::size_t limit = 6) {
  std::vector<std::string> names;
  for (std::size_t k = 0; k < issues.size() && k < limit; ++k)
    names.push_back(scenario.issue(issues[k]).label());
  if (issues.size() > limit) names.push_back(fmt::format("{} more", issues.size() - limit));
  return join_names(names);
}

Explanation explain_with_ranges(const Scenario& scenario, const Package& package,
                                const PointScale* scale) {
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
  std::vector<double> range(parties, 1.0);
  for (std::size_t j = 0; j < parties; ++j) {
    const double total = std::accumulate(swing[j].begin(), swing[j].end(), 0.0);
    range[j] = scale ? scale->range(j) : (total > 0.0 ? total : 1.0);
    const double tiny = 1e-9 * (total > 0.0 ? total : 1.0);
    for (std::size_t i = 0; i < issues; ++i) {
      auto& item = explanation.issues[i];
      item.importance.push_back(total > 0.0 ? swing[j][i] / total : 0.0);
      if (item.concession[j] <= tiny) {
        item.concession[j] = 0.0;
        item.winners.push_back(j);
      }
      item.concession_points.push_back(100.0 * item.concession[j] / range[j]);
    }
  }

  // The trade: on contested issues, what each party wins and concedes, weighed by importance.
  constexpr double kSlack = 1e-9;
  explanation.trades.resize(parties);
  bool everyone_trades = true;
  for (std::size_t j = 0; j < parties; ++j) {
    auto& trade = explanation.trades[j];
    double lightest_won = 2.0, heaviest_conceded = -1.0;
    for (const auto& item : explanation.issues) {
      if (item.winners.size() == parties) continue;
      if (item.concession[j] == 0.0) {
        trade.won.push_back(item.issue);
        trade.won_importance += item.importance[j];
        lightest_won = std::min(lightest_won, item.importance[j]);
      } else {
        trade.conceded.push_back(item.issue);
        trade.conceded_importance += item.importance[j];
        trade.conceded_points += item.concession_points[j];
        heaviest_conceded = std::max(heaviest_conceded, item.importance[j]);
      }
    }
    trade.wins_what_matters_most =
        trade.won.empty() || trade.conceded.empty() || lightest_won >= heaviest_conceded - kSlack;
    if (trade.won.empty() || trade.conceded.empty() || !trade.wins_what_matters_most)
      everyone_trades = false;
  }
  explanation.logrolling = parties > 0 && everyone_trades;

  for (std::size_t j = 0; j < parties; ++j) {
    const double gain = package.utilities[j] - scenario.party(j).reservation_value;
    explanation.gain_points.push_back(100.0 * gain / range[j]);
  }

  // Sentences.
  auto name = [&](std::size_t j) { return scenario.party(j).name; };
  auto option = [&](std::size_t i, ValueIndex v) {
    return quoted(scenario.issue(i).value_label(v));
  };
  std::vector<std::size_t> agreed;
  for (const auto& item : explanation.issues) {
    if (item.winners.size() == parties) {
      agreed.push_back(item.issue);
      continue;
    }
    std::string text =
        fmt::format("{}: {}. ", scenario.issue(item.issue).label(), option(item.issue, item.value));
    std::vector<std::string> winners, concessions;
    for (std::size_t j : item.winners) winners.push_back(name(j));
    for (std::size_t j = 0; j < parties; ++j) {
      if (item.concession[j] == 0.0) continue;
      concessions.push_back(fmt::format("{} gives up {} of its 100 points (it preferred {})",
                                        name(j), points_text(item.concession_points[j]),
                                        option(item.issue, item.preferred[j])));
    }
    if (winners.empty()) {
      text += "A middle ground, nobody gets its first choice: ";
    } else {
      text += fmt::format("{} {} its preferred option; ", join_names(winners),
                          winners.size() == 1 ? "gets" : "each get");
    }
    for (std::size_t k = 0; k < concessions.size(); ++k) text += (k ? "; " : "") + concessions[k];
    explanation.sentences.push_back(text + ".");
  }
  if (!agreed.empty())
    explanation.sentences.push_back(
        fmt::format("No conflict on {}: every side gets an option it likes best.",
                    issue_list(scenario, agreed)));

  // An issue's importance share is the points it carries when the preferences are
  // linear-additive (the issues' swings add up to the range); otherwise a share of the swings.
  auto carried = [&](std::size_t j, double share) {
    return scenario.party(j).utility->as_linear_additive()
               ? fmt::format("{} of its 100 points", points_text(100.0 * share))
               : fmt::format("{:.0f}% of what it cares about", 100.0 * share);
  };
  for (std::size_t j = 0; j < parties; ++j) {
    const auto& trade = explanation.trades[j];
    if (trade.won.empty() && trade.conceded.empty()) continue;
    if (trade.won.empty()) {
      explanation.sentences.push_back(
          fmt::format("{} gives way on every contested issue, where it gives up {} points.",
                      name(j), points_text(trade.conceded_points)));
      continue;
    }
    if (trade.conceded.empty()) {
      explanation.sentences.push_back(
          fmt::format("{} gets its way on every contested issue.", name(j)));
      continue;
    }
    explanation.sentences.push_back(fmt::format(
        "{} gets its way on issues carrying {} ({}) and gives way on issues carrying {} ({}), "
        "where it gives up {} points.",
        name(j), carried(j, trade.won_importance), issue_list(scenario, trade.won),
        carried(j, trade.conceded_importance), issue_list(scenario, trade.conceded),
        points_text(trade.conceded_points)));
  }
  if (explanation.logrolling) {
    explanation.sentences.push_back(
        "This is a logrolling trade: each side gets its way on every contested issue that "
        "matters more to it than those where it gives way, so both do better than by splitting "
        "every issue down the middle.");
  } else {
    // Say plainly where the weights contradict a logrolling reading.
    for (std::size_t j = 0; j < parties; ++j) {
      const auto& trade = explanation.trades[j];
      if (trade.wins_what_matters_most) continue;
      std::size_t heaviest = trade.conceded[0], lightest = trade.won[0];
      for (std::size_t i : trade.conceded)
        if (explanation.issues[i].importance[j] > explanation.issues[heaviest].importance[j])
          heaviest = i;
      for (std::size_t i : trade.won)
        if (explanation.issues[i].importance[j] < explanation.issues[lightest].importance[j])
          lightest = i;
      explanation.sentences.push_back(fmt::format(
          "Not a clean logrolling trade: {} gives way on {} (carrying {}) while getting its way "
          "on {}, which matters less to it (carrying {}).",
          name(j), scenario.issue(heaviest).label(),
          carried(j, explanation.issues[heaviest].importance[j]), scenario.issue(lightest).label(),
          carried(j, explanation.issues[lightest].importance[j])));
      break;
    }
  }

  // Against walking away.
  std::vector<std::string> better, worse;
  for (std::size_t j = 0; j < parties; ++j) {
    const std::string text =
        fmt::format("{} {} points", name(j), signed_points_text(explanation.gain_points[j]));
    (package.utilities[j] - scenario.party(j).reservation_value >= -1e-9 * range[j] ? better
                                                                                    : worse)
        .push_back(text);
  }
  if (!better.empty())
    explanation.sentences.push_back("Against walking away: " + join_names(better) + ".");
  if (!worse.empty())
    explanation.sentences.push_back("Worse than walking away for " + join_names(worse) +
                                    ": no reason to accept it.");
  return explanation;
}

}  // namespace

Explanation explain(const Scenario& scenario, const Package& package) {
  return explain_with_ranges(scenario, package, nullptr);
}

Explanation explain(const Scenario& scenario, const Package& package, const PointScale& scale) {
  return explain_with_ranges(scenario, package, &scale);
}

}  // namespace parley
