// The readable report of `parley solve` (its JSON form is in report_json.cpp). It prints no
// timings, so the same inputs give the same bytes.
#include <fmt/format.h>

#include <algorithm>

#include "parley/analysis/analysis.hpp"

namespace parley {
namespace {

// 1234567 -> "1,234,567" (text of any length).
std::string group_digits(const std::string& digits) {
  std::string out;
  const std::size_t n = digits.size();
  for (std::size_t k = 0; k < n; ++k) {
    out += digits[k];
    if (k + 1 < n && (n - k - 1) % 3 == 0) out += ',';
  }
  return out;
}

std::string count_text(std::uint64_t count) { return group_digits(std::to_string(count)); }

std::string bytes_text(std::uint64_t bytes) {
  if (bytes < (1u << 20)) return fmt::format("{} KB", (bytes + 1023) / 1024);
  if (bytes < (std::uint64_t{1} << 30)) return fmt::format("{:.0f} MB", bytes / 1048576.0);
  return fmt::format("{:.1f} GB", bytes / 1073741824.0);
}

std::string space_text(const Scenario& scenario) {
  const auto& space = scenario.space();
  if (space.log10_size() > 15.0) return fmt::format("about 10^{:.1f}", space.log10_size());
  return group_digits(space.size_text());
}

std::string utility_list(const Scenario& scenario, const std::vector<double>& utilities) {
  std::string text;
  for (std::size_t j = 0; j < utilities.size(); ++j)
    text += fmt::format("{}{} {:.3f}", j ? ", " : "", scenario.party(j).name, utilities[j]);
  return text;
}

std::string criterion_text(SolutionKind kind) {
  switch (kind) {
    case SolutionKind::nash:
      return "the largest product of the gains over walking away (Nash 1950): balances the gains "
             "and does not depend on how each side scores its utility";
    case SolutionKind::kalai_smorodinsky:
      return "every side gets the same share of the most it could hope for in the zone of "
             "agreement (Kalai and Smorodinsky 1975)";
    case SolutionKind::egalitarian:
      return "the smallest gain over walking away is as large as possible (Kalai 1977)";
    case SolutionKind::utilitarian:
      return "the largest total utility, whoever gets it";
    case SolutionKind::nash_lottery:
      return "the Nash solution when the parties may also draw lots between two packages";
    case SolutionKind::kalai_smorodinsky_lottery:
      return "the Kalai-Smorodinsky solution when the parties may also draw lots between two "
             "packages";
  }
  return {};
}

// Solutions earlier in the list with the same single package (to avoid repeating explanations).
std::optional<std::size_t> same_as_earlier(const Analysis& analysis, std::size_t index) {
  const auto& s = analysis.solutions[index];
  if (s.packages.size() != 1) return std::nullopt;
  for (std::size_t k = 0; k < index; ++k) {
    const auto& other = analysis.solutions[k];
    if (other.packages.size() == 1 && other.packages[0].outcome == s.packages[0].outcome) return k;
  }
  return std::nullopt;
}

}  // namespace

std::string render_report(const Scenario& scenario, const Analysis& analysis) {
  const std::size_t parties = scenario.party_count();
  std::string out = fmt::format("Negotiation: {}\n", scenario.name());
  if (!scenario.description().empty()) out += fmt::format("{}\n", scenario.description());

  out += "\nParties (walk-away value: the utility of leaving without a deal):\n";
  for (const auto& party : scenario.parties())
    out += fmt::format("  {:<20} walk-away {:.3f}   ({} preferences)\n", party.name,
                       party.reservation_value, party.utility->kind_name());

  out += fmt::format("\nIssues ({}):\n", scenario.issue_count());
  for (const auto& issue : scenario.issues()) {
    std::string values;
    const std::uint32_t shown = std::min<std::uint32_t>(issue.cardinality(), 8);
    for (std::uint32_t v = 0; v < shown; ++v) values += (v ? ", " : "") + issue.value_label(v);
    if (shown < issue.cardinality())
      values += fmt::format(", ... ({} options)", issue.cardinality());
    out += fmt::format("  {}: {}\n", issue.label(), values);
  }
  out += fmt::format("Possible packages: {}\n", space_text(scenario));

  const auto& zone = analysis.zone;
  out += "\nZone of possible agreement (packages every side prefers to walking away):\n";
  if (zone.exists) {
    if (zone.share_exact && zone.rational_count) {
      out += fmt::format("  {} of {} packages ({:.1f}%).\n", count_text(*zone.rational_count),
                         space_text(scenario), 100.0 * zone.rational_share);
    } else if (zone.share_exact) {
      out += fmt::format("  {:.1f}% of the packages.\n", 100.0 * zone.rational_share);
    } else {
      out += fmt::format(
          "  about {:.2f}% of the packages (+/- {:.2g}%, estimated from {} random "
          "packages).\n",
          100.0 * zone.rational_share, 100.0 * zone.share_half_width,
          count_text(zone.share_samples));
    }
  } else {
    out += "  None: no package gives every side at least its walk-away value.\n";
    if (zone.closest_package) {
      out += fmt::format("  The closest package is {}\n  where {}.\n",
                         scenario.describe(zone.closest_package->outcome),
                         utility_list(scenario, zone.closest_package->utilities));
      for (std::size_t j = 0; j < parties; ++j)
        if (zone.shortfall[j] > 0.0)
          out += fmt::format("  {} would be {:.3f} short of its walk-away value.\n",
                             scenario.party(j).name, zone.shortfall[j]);
      out += "  A deal needs one side to lower its walk-away value, or new options on the table.\n";
    }
  }

  const auto& frontier = analysis.frontier;
  out += fmt::format("\nEfficient packages: {} ({}{}), of which {} in the zone of agreement.\n",
                     count_text(frontier.packages.size()), to_string(frontier.method),
                     frontier.exact ? ", exact" : ", approximate",
                     count_text(zone.rational_frontier.size()));
  if (!frontier.method_reason.empty())
    out += fmt::format("  Method: {}.\n", frontier.method_reason);
  if (frontier.budget > 0)
    out += fmt::format("  Work: {} of a budget of {} units (peak working memory about {}).\n",
                       count_text(frontier.work), count_text(frontier.budget),
                       bytes_text(frontier.peak_bytes));
  if (frontier.stop == StopReason::time_cap)
    out +=
        "  Stopped early by the wall-clock cap (--time-cap): this result depends on the "
        "machine's speed and load, and is not reproducible.\n";
  if (!frontier.exact) {
    if (frontier.dominated_share)
      out += fmt::format(
          "  The packages found dominate {:.1f}% of the box between each side's worst and best "
          "utility{}.\n",
          100.0 * *frontier.dominated_share,
          frontier.gap_bound
              ? fmt::format("; at most about {:.1f}% more is dominated by packages not found "
                            "(estimate from the supporting hyperplanes)",
                            100.0 * *frontier.gap_bound)
              : std::string());
    if (frontier.stop != StopReason::time_cap && frontier.budget > 0)
      out += fmt::format(
          "  For a closer approximation, raise the budget: --budget {}.\n",
          frontier.budget >= (std::uint64_t{1} << 60) ? frontier.budget : frontier.budget * 10);
  }

  const auto& ind = analysis.indicators;
  out += "\nIndicators:\n";
  out += fmt::format(
      "  Opposition: {:.3f} (distance from the point where every side gets its best to the "
      "nearest efficient package; 0 means no conflict)\n",
      ind.opposition);
  for (std::size_t j = 0; j < parties; ++j) {
    out += fmt::format("  Best package for {}: {}\n    ({})\n", scenario.party(j).name,
                       scenario.describe(ind.ideal_packages[j].outcome),
                       utility_list(scenario, ind.ideal_packages[j].utilities));
  }

  if (analysis.solutions.empty()) {
    out += "\nNo compromise to recommend: the zone of agreement is empty.\n";
  } else {
    out += "\nCompromises:\n";
  }
  for (std::size_t k = 0; k < analysis.solutions.size(); ++k) {
    const auto& s = analysis.solutions[k];
    out +=
        fmt::format("\n{}. {}\n   Criterion: {}.\n", k + 1, title(s.kind), criterion_text(s.kind));
    if (s.packages.size() == 1) {
      out += fmt::format("   Package: {}\n", scenario.describe(s.packages[0].outcome));
    } else {
      out += "   Draw lots between two packages:\n";
      for (std::size_t p = 0; p < s.packages.size(); ++p)
        out += fmt::format("     with probability {:.3f}: {}\n", s.probabilities[p],
                           scenario.describe(s.packages[p].outcome));
    }
    for (std::size_t j = 0; j < parties; ++j)
      out += fmt::format("   {:<20} {}utility {:.3f}, gain over walking away {:+.3f}\n",
                         scenario.party(j).name, s.packages.size() > 1 ? "expected " : "",
                         s.utilities[j], s.gains[j]);
    if (const auto earlier = same_as_earlier(analysis, k)) {
      out += fmt::format("   Same package as the {} (see above).\n",
                         title(analysis.solutions[*earlier].kind));
      continue;
    }
    if (k < analysis.explanations.size()) {
      out += s.packages.size() > 1 ? "   Why the likelier package works:\n" : "   Why it works:\n";
      for (const auto& sentence : analysis.explanations[k].sentences)
        out += fmt::format("   - {}\n", sentence);
    }
  }

  out +=
      "\nGlossary:\n"
      "  utility: how much a side likes a package, from 0 (its worst) to 1 (its best).\n"
      "  walk-away value: the utility a side gets with no deal; it accepts nothing below it.\n"
      "  zone of possible agreement: the packages every side prefers to walking away.\n"
      "  efficient package: no other package is better for one side without being worse for "
      "another.\n"
      "  gain: a side's utility minus its walk-away value.\n"
      "  lottery: the sides agree to draw lots between two packages with the stated chances; "
      "the utilities shown are then averages.\n";
  return out;
}

}  // namespace parley
