// The reader model (parley/analysis/report.hpp): the summary, the issue x solution table, the
// distinct packages with one explanation each, and the menu of efficient packages in the zone.
// Every loop over the menu is linear in its size (the menu may hold millions of packages).
#include "parley/analysis/report.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace parley {

const char* const kLotteryCaution =
    "Drawing lots only suits matters that are divisible or repeat (money, time, turns); over an "
    "indivisible matter such as sovereignty a draw is a gamble that must be put to both sides "
    "as one, never slipped into a package.";

const char* short_title(SolutionKind kind) noexcept {
  switch (kind) {
    case SolutionKind::nash:
      return "Nash";
    case SolutionKind::kalai_smorodinsky:
      return "Kalai-Smorodinsky";
    case SolutionKind::egalitarian:
      return "egalitarian";
    case SolutionKind::utilitarian:
      return "utilitarian";
    case SolutionKind::nash_lottery:
      return "Nash lottery";
    case SolutionKind::kalai_smorodinsky_lottery:
      return "K-S lottery";
  }
  return "unknown";
}

std::string package_letter(std::size_t index) {
  std::string letters;
  ++index;
  while (index > 0) {
    --index;
    letters.insert(letters.begin(), static_cast<char>('A' + index % 26));
    index /= 26;
  }
  return letters;
}

namespace {

PartyStanding standing(const Scenario& scenario, const PointScale& scale, std::size_t party,
                       double utility, const std::optional<Package>& status_quo) {
  PartyStanding s;
  s.utility = utility;
  s.points = scale.points(party, utility);
  s.walk_away_points = scale.points(party, scenario.party(party).reservation_value);
  s.gain_points = s.points - s.walk_away_points;
  if (status_quo) {
    s.status_quo_points = scale.points(party, status_quo->utilities[party]);
    s.gain_over_status_quo_points = s.points - *s.status_quo_points;
  }
  return s;
}

std::vector<PartyStanding> standings(const Scenario& scenario, const PointScale& scale,
                                     const std::vector<double>& utilities,
                                     const std::optional<Package>& status_quo) {
  std::vector<PartyStanding> result;
  for (std::size_t j = 0; j < utilities.size(); ++j)
    result.push_back(standing(scenario, scale, j, utilities[j], status_quo));
  return result;
}

// Packages of a solution, likelier first (a stable order for equal probabilities).
std::vector<std::size_t> likelier_first(const Solution& solution) {
  std::vector<std::size_t> order(solution.packages.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return solution.probabilities[a] > solution.probabilities[b];
  });
  return order;
}

void build_distinct_packages(const Scenario& scenario, const Analysis& analysis,
                             const std::optional<Package>& status_quo, ReportModel& model) {
  for (std::size_t s = 0; s < analysis.solutions.size(); ++s) {
    const Solution& solution = analysis.solutions[s];
    const auto order = likelier_first(solution);
    std::vector<Package> packages;
    std::vector<double> probabilities;
    for (std::size_t k : order) {
      packages.push_back(solution.packages[k]);
      probabilities.push_back(solution.probabilities[k]);
    }
    std::optional<std::size_t> found;
    for (std::size_t d = 0; d < model.packages.size() && !found; ++d) {
      const auto& other = model.packages[d];
      if (other.packages.size() != packages.size() || other.probabilities != probabilities)
        continue;
      bool same = true;
      for (std::size_t k = 0; k < packages.size() && same; ++k)
        same = other.packages[k].outcome == packages[k].outcome;
      if (same) found = d;
    }
    if (found) {
      model.packages[*found].solutions.push_back(s);
      model.package_of_solution.push_back(*found);
      continue;
    }
    DistinctPackage distinct;
    distinct.packages = std::move(packages);
    distinct.probabilities = std::move(probabilities);
    distinct.solutions = {s};
    distinct.utilities = solution.utilities;
    distinct.standings = standings(scenario, model.scale, solution.utilities, status_quo);
    if (s < analysis.explanations.size()) distinct.explanation = analysis.explanations[s];
    if (distinct.is_lottery()) {
      for (std::size_t i = 0; i < scenario.issue_count(); ++i)
        if (distinct.packages[0].outcome[i] != distinct.packages[1].outcome[i])
          distinct.drawn_issues.push_back(i);
      for (std::size_t d = 0; d < model.packages.size(); ++d)
        if (!model.packages[d].is_lottery() &&
            model.packages[d].packages[0].outcome == distinct.packages[0].outcome) {
          distinct.same_as = d;
          break;
        }
    }
    model.package_of_solution.push_back(model.packages.size());
    model.packages.push_back(std::move(distinct));
  }
}

void build_table(const Scenario& scenario, const Analysis& analysis,
                 const std::optional<Package>& status_quo, ReportModel& model) {
  auto& table = model.table;
  for (std::size_t s = 0; s < analysis.solutions.size(); ++s) {
    table.columns.push_back(s);
    table.distinct.push_back(model.package_of_solution[s]);
  }
  for (std::size_t i = 0; i < scenario.issue_count(); ++i) {
    SolutionTable::Row row;
    row.issue = i;
    for (std::size_t d : table.distinct) {
      std::vector<ValueIndex> cell;
      for (const auto& package : model.packages[d].packages)
        if (std::find(cell.begin(), cell.end(), package.outcome[i]) == cell.end())
          cell.push_back(package.outcome[i]);
      row.cells.push_back(std::move(cell));
    }
    for (const auto& cell : row.cells)
      if (cell != row.cells.front()) row.differs = true;
    if (status_quo) row.status_quo = status_quo->outcome[i];
    if (row.differs) ++table.differing;
    table.rows.push_back(std::move(row));
  }
}

// Product of the gains over walking away (0 when a party gains nothing).
double nash_product(const Scenario& scenario, const std::vector<double>& utilities) {
  double product = 1.0;
  for (std::size_t j = 0; j < utilities.size(); ++j)
    product *= std::max(0.0, utilities[j] - scenario.party(j).reservation_value);
  return product;
}

void build_menu(const Scenario& scenario, const Analysis& analysis, const ReportOptions& options,
                ReportModel& model) {
  const auto& all = analysis.zone.rational_frontier;
  auto& menu = model.menu;
  const std::size_t parties = scenario.party_count();
  menu.total = all.size();
  if (all.empty()) return;

  // Settled or contested, over the whole menu; each issue's scan stops once nothing more can
  // be learnt (options list full, or every option seen).
  for (std::size_t i = 0; i < scenario.issue_count(); ++i) {
    MenuIssue item;
    item.issue = i;
    const std::size_t cardinality = scenario.issue(i).cardinality();
    const std::size_t keep = std::max<std::size_t>(options.menu_options_limit, 1);
    ValueIndex last = all[0].outcome[i];
    item.options.push_back(last);
    for (const auto& package : all) {
      const ValueIndex v = package.outcome[i];
      if (v == last) continue;
      last = v;
      if (std::find(item.options.begin(), item.options.end(), v) != item.options.end()) continue;
      if (item.options.size() >= keep) {
        item.more_options = true;
        break;
      }
      item.options.push_back(v);
      if (item.options.size() >= cardinality) break;
    }
    std::sort(item.options.begin(), item.options.end());
    item.settled = item.options.size() == 1;
    if (item.settled) ++menu.settled_count;
    menu.issues.push_back(std::move(item));
  }

  menu.min_points.assign(parties, std::numeric_limits<double>::infinity());
  menu.max_points.assign(parties, -std::numeric_limits<double>::infinity());
  for (const auto& package : all)
    for (std::size_t j = 0; j < parties; ++j) {
      menu.min_points[j] = std::min(menu.min_points[j], package.utilities[j]);
      menu.max_points[j] = std::max(menu.max_points[j], package.utilities[j]);
    }
  for (std::size_t j = 0; j < parties; ++j) {
    menu.min_points[j] = model.scale.points(j, menu.min_points[j]);
    menu.max_points[j] = model.scale.points(j, menu.max_points[j]);
  }

  // Which menu packages the (pure) solutions chose: utilities first, then the outcome.
  std::vector<std::vector<std::size_t>> chosen_by(all.size());
  std::vector<std::size_t> chosen;
  for (std::size_t s = 0; s < analysis.solutions.size(); ++s) {
    const auto& solution = analysis.solutions[s];
    if (solution.packages.size() != 1) continue;
    const Package& target = solution.packages[0];
    for (std::size_t k = 0; k < all.size(); ++k) {
      if (all[k].utilities != target.utilities || all[k].outcome != target.outcome) continue;
      if (chosen_by[k].empty()) chosen.push_back(k);
      chosen_by[k].push_back(s);
      break;
    }
  }

  const std::size_t limit = std::max<std::size_t>(options.menu_limit, 2);
  std::vector<std::size_t> listed;
  if (all.size() <= limit) {
    listed.resize(all.size());
    std::iota(listed.begin(), listed.end(), 0);
  } else if (parties == 2) {
    for (std::size_t k = 0; k < limit; ++k)
      listed.push_back(static_cast<std::size_t>(
          std::llround(static_cast<double>(k) * static_cast<double>(all.size() - 1) /
                       static_cast<double>(limit - 1))));
  } else {
    std::vector<double> product(all.size());
    for (std::size_t k = 0; k < all.size(); ++k)
      product[k] = nash_product(scenario, all[k].utilities);
    std::vector<std::size_t> order(all.size());
    std::iota(order.begin(), order.end(), 0);
    const auto better = [&](std::size_t a, std::size_t b) {
      return product[a] != product[b] ? product[a] > product[b] : a < b;
    };
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(limit),
                      order.end(), better);
    listed.assign(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(limit));
  }
  listed.insert(listed.end(), chosen.begin(), chosen.end());
  std::sort(listed.begin(), listed.end());
  listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
  if (parties > 2) {
    std::vector<std::pair<double, std::size_t>> keyed;
    for (std::size_t k : listed) keyed.emplace_back(-nash_product(scenario, all[k].utilities), k);
    std::sort(keyed.begin(), keyed.end());
    for (std::size_t n = 0; n < keyed.size(); ++n) listed[n] = keyed[n].second;
  }
  for (std::size_t k : listed) {
    MenuEntry entry;
    entry.package = all[k];
    for (std::size_t j = 0; j < parties; ++j)
      entry.points.push_back(model.scale.points(j, all[k].utilities[j]));
    entry.solutions = chosen_by[k];
    menu.entries.push_back(std::move(entry));
  }
  menu.left_out = menu.total - menu.entries.size();
}

}  // namespace

ReportModel build_report_model(const Scenario& scenario, const Analysis& analysis,
                               const ReportOptions& options) {
  ReportModel model;
  const std::size_t parties = scenario.party_count();
  model.scale = point_scale(analysis.indicators);
  if (model.scale.worst.size() != parties || model.scale.best.size() != parties) {
    // An analysis without indicators: the frontier's ranges, else the unit interval.
    const auto& ranges = analysis.frontier.ranges;
    model.scale.worst = ranges.min.size() == parties ? ranges.min : std::vector<double>(parties, 0);
    model.scale.best = ranges.max.size() == parties ? ranges.max : std::vector<double>(parties, 1);
  }

  std::optional<Package> status_quo;
  if (const auto& outcome = scenario.status_quo()) {
    Package package;
    package.outcome = *outcome;
    package.utilities = scenario.utilities(*outcome);
    status_quo = std::move(package);
  }

  build_distinct_packages(scenario, analysis, status_quo, model);
  build_table(scenario, analysis, status_quo, model);
  build_menu(scenario, analysis, options, model);

  auto& summary = model.summary;
  const auto& zone = analysis.zone;
  summary.zone_exists = zone.exists;
  summary.zone_count = zone.rational_count;
  summary.zone_share = zone.rational_share;
  summary.zone_share_exact = zone.share_exact;
  summary.zone_share_half_width = zone.share_half_width;
  summary.efficient_in_zone = zone.rational_frontier.size();
  for (std::size_t s = 0; s < analysis.solutions.size(); ++s)
    if (analysis.solutions[s].kind == SolutionKind::nash) {
      summary.recommended = model.package_of_solution[s];
      summary.standings = model.packages[*summary.recommended].standings;
      summary.recommended_reason =
          "the Nash solution: the largest product of the gains over walking away, which "
          "balances the gains whatever scale each side scores its utility on";
      break;
    }
  if (status_quo) {
    summary.status_quo = status_quo;
    summary.status_quo_standings = standings(scenario, model.scale, status_quo->utilities, {});
  }

  // Opposition in points: the root mean square of the points each party misses at the
  // efficient package nearest to everyone's best.
  double nearest = std::numeric_limits<double>::infinity();
  for (const auto& package : analysis.frontier.packages) {
    double squares = 0.0;
    for (std::size_t j = 0; j < parties; ++j) {
      const double missed = 100.0 - model.scale.points(j, package.utilities[j]);
      squares += missed * missed;
    }
    nearest = std::min(nearest, squares);
  }
  summary.opposition_points =
      analysis.frontier.packages.empty()
          ? 0.0
          : std::sqrt(std::max(0.0, nearest) / static_cast<double>(parties));
  summary.split_opposition_points = 100.0 * (1.0 - 1.0 / static_cast<double>(parties));
  return model;
}

}  // namespace parley
