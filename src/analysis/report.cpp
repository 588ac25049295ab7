// The readable report of `parley solve`: it formats the reader model (report_model.cpp) and
// nothing else, in this order: a one-screen summary, the issue x solution table, the menu of
// efficient packages in the zone, each distinct package's explanation once, then the details
// (parties, issues, method, work, indicators, glossary). Its JSON form is in report_json.cpp.
// It prints no timings, so the same inputs give the same bytes.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/report.hpp"

namespace parley {
namespace {

constexpr std::size_t kWidth = 100;          // lines are wrapped at this many characters
constexpr std::size_t kCellLimit = 28;       // table cells longer than this are cut
constexpr std::size_t kTableRows = 40;       // more issues: only the rows where solutions differ
constexpr std::size_t kIssueSentences = 25;  // more contested issues: the largest concessions

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

std::string points(double value) { return fmt::format("{:.0f}", value); }
std::string signed_points(double value) {
  const std::string text = fmt::format("{:+.0f}", value);
  return text == "-0" ? "+0" : text;
}

std::string quoted(const std::string& text) { return "'" + text + "'"; }

std::string option_text(const Scenario& scenario, std::size_t issue, ValueIndex value) {
  return quoted(scenario.issue(issue).value_label(value));
}

// "habomai='transferred', shikotan='joint'".
std::string package_text(const Scenario& scenario, const Outcome& outcome) {
  std::string text;
  for (std::size_t i = 0; i < outcome.size(); ++i)
    text += fmt::format("{}{}={}", i ? ", " : "", scenario.issue(i).name(),
                        option_text(scenario, i, outcome[i]));
  return text;
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string text;
  for (std::size_t k = 0; k < parts.size(); ++k) text += (k ? separator : "") + parts[k];
  return text;
}

std::string cut(const std::string& text, std::size_t limit) {
  return text.size() <= limit ? text : text.substr(0, limit - 3) + "...";
}

// Word-wraps `text` at kWidth: the first line after `first`, the next ones after `rest`.
std::string wrap(const std::string& text, const std::string& first, const std::string& rest) {
  std::string out = first, word;
  std::size_t column = first.size();
  bool line_empty = true;
  auto flush = [&] {
    if (word.empty()) return;
    if (!line_empty && column + 1 + word.size() > kWidth) {
      out += "\n" + rest;
      column = rest.size();
      line_empty = true;
    }
    if (!line_empty) {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
    line_empty = false;
    word.clear();
  };
  for (char c : text) {
    if (c == ' ') {
      flush();
    } else if (c == '\n') {
      flush();
      out += "\n" + rest;
      column = rest.size();
      line_empty = true;
    } else {
      word += c;
    }
  }
  flush();
  return out + "\n";
}

// A plain text table: left-aligned columns separated by two spaces, numbers right-aligned.
struct TextTable {
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> right;  // per column

  std::size_t width() const {
    std::size_t total = 0;
    for (std::size_t c = 0; c < right.size(); ++c) total += column_width(c) + 2;
    return total;
  }
  std::size_t column_width(std::size_t c) const {
    std::size_t w = 0;
    for (const auto& row : rows)
      if (c < row.size()) w = std::max(w, row[c].size());
    return w;
  }
  std::string render(const std::string& indent) const {
    std::vector<std::size_t> widths;
    for (std::size_t c = 0; c < right.size(); ++c) widths.push_back(column_width(c));
    std::string out;
    for (const auto& row : rows) {
      std::string line = indent;
      for (std::size_t c = 0; c < row.size(); ++c) {
        const std::string& cell = row[c];
        const std::string pad(widths[c] - cell.size(), ' ');
        line += (c ? "  " : "") + (right[c] ? pad + cell : cell + pad);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    return out;
  }
};

std::string solution_names(const Analysis& analysis, const std::vector<std::size_t>& solutions) {
  std::vector<std::string> names;
  for (std::size_t s : solutions) names.emplace_back(short_title(analysis.solutions[s].kind));
  return join(names, ", ");
}

std::string zone_size_text(const Scenario& scenario, const ReportSummary& summary) {
  if (summary.zone_share_exact && summary.zone_count)
    return fmt::format("{} of the {} possible packages ({:.1f}%)", count_text(*summary.zone_count),
                       space_text(scenario), 100.0 * summary.zone_share);
  if (summary.zone_share_exact)
    return fmt::format("{:.1f}% of the {} possible packages", 100.0 * summary.zone_share,
                       space_text(scenario));
  return fmt::format(
      "about {:.2f}% (+/- {:.2g}%, estimated from random packages) of the {} "
      "possible packages",
      100.0 * summary.zone_share, 100.0 * summary.zone_share_half_width, space_text(scenario));
}

void render_summary(const Scenario& scenario, const Analysis& analysis, const ReportModel& model,
                    std::string& out) {
  const auto& summary = model.summary;
  const std::size_t parties = scenario.party_count();
  out += "\nSummary\n";
  if (summary.zone_exists) {
    out +=
        wrap(fmt::format("Zone of possible agreement: yes. {} give every side at least its "
                         "walk-away value; {} of them {} efficient (the menu below).",
                         zone_size_text(scenario, summary), count_text(summary.efficient_in_zone),
                         summary.efficient_in_zone == 1 ? "is" : "are"),
             "  ", "    ");
  } else {
    out += wrap(
        "Zone of possible agreement: none. None: no package gives every side at least its "
        "walk-away value.",
        "  ", "    ");
    const auto& zone = analysis.zone;
    if (zone.closest_package) {
      out += wrap(fmt::format("The closest package is {}.",
                              package_text(scenario, zone.closest_package->outcome)),
                  "  ", "    ");
      for (std::size_t j = 0; j < parties; ++j)
        if (zone.shortfall[j] > 0.0)
          out += wrap(fmt::format("{} would be {:.3f} short of its walk-away value ({} points).",
                                  scenario.party(j).name, zone.shortfall[j],
                                  points(model.scale.difference(j, zone.shortfall[j]))),
                      "  ", "    ");
      out += "  A deal needs one side to lower its walk-away value, or new options on the table.\n";
    }
  }
  if (summary.recommended) {
    const auto& package = model.packages[*summary.recommended];
    out += wrap(fmt::format("Recommended: package {}, {}.", package_letter(*summary.recommended),
                            summary.recommended_reason),
                "  ", "    ");
    const std::size_t issues = scenario.issue_count();
    const std::size_t shown = issues <= 16 ? issues : 12;
    std::size_t label_width = 0;
    for (std::size_t i = 0; i < shown; ++i)
      label_width = std::max(label_width, cut(scenario.issue(i).label(), 48).size());
    for (std::size_t i = 0; i < shown; ++i) {
      const std::string label = cut(scenario.issue(i).label(), 48);
      out += fmt::format("    {}{}  {}\n", label, std::string(label_width - label.size(), ' '),
                         option_text(scenario, i, package.packages[0].outcome[i]));
    }
    if (shown < issues)
      out += fmt::format("    ... and {} more issues (the table below).\n", issues - shown);
    out += "  Points: each side's worst possible package is 0 points, its best 100.\n";
    std::size_t name_width = 0;
    for (const auto& party : scenario.parties())
      name_width = std::max(name_width, party.name.size());
    for (std::size_t j = 0; j < parties; ++j) {
      const auto& s = summary.standings[j];
      std::string line = fmt::format(
          "    {:<{}}  {:>3} points; walk-away {}: {} against walking away", scenario.party(j).name,
          name_width, points(s.points), points(s.walk_away_points), signed_points(s.gain_points));
      if (s.status_quo_points)
        line += fmt::format("; status quo {}: {}", points(*s.status_quo_points),
                            signed_points(*s.gain_over_status_quo_points));
      out += line + "\n";
    }
    if (model.packages.size() > 1) {
      std::vector<std::string> differing;
      for (const auto& row : model.table.rows)
        if (row.differs) differing.push_back(scenario.issue(row.issue).label());
      if (differing.size() > 6) {
        differing.resize(6);
        differing.push_back("...");
      }
      out += wrap(fmt::format("The compromises differ on {} of {} issues ({}): see the table.",
                              model.table.differing, issues, join(differing, ", ")),
                  "  ", "    ");
    } else {
      out += "  Every compromise recommends this same package.\n";
    }
  }
  if (summary.status_quo) {
    out += wrap(fmt::format("Status quo (what holds without an agreement): {}.",
                            package_text(scenario, summary.status_quo->outcome)),
                "  ", "    ");
    std::vector<std::string> parts;
    for (std::size_t j = 0; j < parties; ++j)
      parts.push_back(fmt::format("{} {} points", scenario.party(j).name,
                                  points(summary.status_quo_standings[j].points)));
    out += wrap("At the status quo: " + join(parts, ", ") + ".", "    ", "    ");
  }
}

// The issue x solution table, one column per solution (or, when that is wider than the page,
// one per distinct package with a legend naming its solutions).
TextTable solution_table(const Scenario& scenario, const Analysis& analysis,
                         const ReportModel& model, bool by_package, std::size_t& hidden) {
  const auto& table = model.table;
  const bool status_quo = model.summary.status_quo.has_value();
  // Per column: the distinct package it shows.
  std::vector<std::size_t> shown;
  std::vector<std::string> header = {"", ""}, letters = {"", "package"};
  if (by_package) {
    for (std::size_t d = 0; d < model.packages.size(); ++d) {
      shown.push_back(d);
      header.push_back("package " + package_letter(d));
    }
  } else {
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      shown.push_back(table.distinct[c]);
      header.emplace_back(short_title(analysis.solutions[table.columns[c]].kind));
      letters.push_back(package_letter(table.distinct[c]));
    }
  }
  if (status_quo) {
    header.emplace_back("status quo");
    letters.emplace_back("");
  }
  TextTable text;
  text.rows.push_back(header);
  if (!by_package) text.rows.push_back(letters);
  const bool only_differing = table.rows.size() > kTableRows;
  hidden = 0;
  for (const auto& row : table.rows) {
    if (only_differing && !row.differs) {
      ++hidden;
      continue;
    }
    const auto& issue = scenario.issue(row.issue);
    std::vector<std::string> cells = {row.differs ? "*" : "", cut(issue.label(), 40)};
    for (std::size_t d : shown) {
      std::vector<std::string> values;
      for (const auto& package : model.packages[d].packages) {
        const std::string value = issue.value_label(package.outcome[row.issue]);
        if (std::find(values.begin(), values.end(), value) == values.end()) values.push_back(value);
      }
      cells.push_back(cut(join(values, " / "), kCellLimit));
    }
    if (status_quo) cells.push_back(cut(issue.value_label(*row.status_quo), kCellLimit));
    text.rows.push_back(std::move(cells));
  }
  for (std::size_t j = 0; j < scenario.party_count(); ++j) {
    std::vector<std::string> cells = {"", cut(scenario.party(j).name, 32) + ", points"};
    for (std::size_t d : shown) cells.push_back(points(model.packages[d].standings[j].points));
    if (status_quo) cells.push_back(points(model.summary.status_quo_standings[j].points));
    text.rows.push_back(std::move(cells));
  }
  text.right.assign(header.size(), false);
  return text;
}

void render_table(const Scenario& scenario, const Analysis& analysis, const ReportModel& model,
                  std::string& out) {
  if (model.table.columns.empty()) return;
  out += "\nThe compromises issue by issue (* where they differ)\n";
  std::size_t hidden = 0;
  TextTable text = solution_table(scenario, analysis, model, false, hidden);
  const bool by_package = text.width() > kWidth + 20;
  if (by_package) text = solution_table(scenario, analysis, model, true, hidden);
  out += text.render("");
  if (by_package) {
    std::vector<std::string> legend;
    for (std::size_t d = 0; d < model.packages.size(); ++d)
      legend.push_back(package_letter(d) + ": " +
                       solution_names(analysis, model.packages[d].solutions));
    out += wrap("Packages: " + join(legend, "; ") + ".", "  ", "    ");
  }
  if (hidden > 0)
    out += fmt::format("  ({} issues where every compromise agrees are not listed.)\n", hidden);
  for (const auto& package : model.packages)
    if (package.is_lottery()) {
      out += "  a / b: a lottery draws between the two (the likelier first).\n";
      break;
    }
}

void render_menu(const Scenario& scenario, const Analysis& analysis, const ReportModel& model,
                 std::string& out) {
  const auto& menu = model.menu;
  if (menu.total == 0) return;
  const std::size_t parties = scenario.party_count();
  out += fmt::format("\nMenu: the {} efficient package{} in the zone of agreement\n",
                     count_text(menu.total), menu.total == 1 ? "" : "s");
  std::vector<std::string> settled, contested;
  std::vector<std::size_t> contested_issues;
  for (const auto& item : menu.issues) {
    const std::string label = scenario.issue(item.issue).label();
    if (item.settled) {
      settled.push_back(label + " " + option_text(scenario, item.issue, item.options[0]));
      continue;
    }
    contested_issues.push_back(item.issue);
    std::vector<std::string> options;
    for (ValueIndex v : item.options) options.push_back(option_text(scenario, item.issue, v));
    if (item.more_options) options.emplace_back("...");
    contested.push_back(label + " (" + join(options, ", ") + ")");
  }
  auto capped = [](std::vector<std::string> parts) {
    if (parts.size() > 20) {
      const std::size_t more = parts.size() - 20;
      parts.resize(20);
      parts.push_back(fmt::format("and {} more", more));
    }
    return join(parts, "; ");
  };
  if (menu.total > 1) {
    if (!settled.empty())
      out += wrap(
          fmt::format("Settled, the same in all {}: {}.", count_text(menu.total), capped(settled)),
          "  ", "    ");
    if (!contested.empty())
      out += wrap("Contested, where the bargaining is: " + capped(contested) + ".", "  ", "    ");
    std::vector<std::string> ranges;
    for (std::size_t j = 0; j < parties; ++j)
      ranges.push_back(fmt::format("{} {} to {}", scenario.party(j).name,
                                   points(menu.min_points[j]), points(menu.max_points[j])));
    out += wrap("Points over the menu: " + join(ranges, ", ") + ".", "  ", "    ");
    if (parties == 2)
      out += fmt::format("  From the best for {} to the best for {}:\n", scenario.party(0).name,
                         scenario.party(1).name);
    else
      out += "  The largest product of the gains over walking away first:\n";
  }

  // Which distinct package (letter) each entry is.
  auto chosen = [&](const MenuEntry& entry) {
    std::vector<std::string> names;
    for (std::size_t d = 0; d < model.packages.size(); ++d) {
      const auto& distinct = model.packages[d];
      if (!distinct.is_lottery() && distinct.packages[0].outcome == entry.package.outcome)
        names.push_back(package_letter(d) + ": " + solution_names(analysis, distinct.solutions));
    }
    return join(names, "; ");
  };

  // A table when the contested issues fit the width, else one line per package.
  TextTable text;
  std::vector<std::string> header = {"#"};
  for (std::size_t i : contested_issues) header.push_back(cut(scenario.issue(i).name(), 20));
  for (std::size_t j = 0; j < parties; ++j) header.push_back(cut(scenario.party(j).name, 12));
  header.emplace_back("package");
  text.rows.push_back(header);
  text.right.assign(header.size(), false);
  text.right[0] = true;
  for (std::size_t j = 0; j < parties; ++j) text.right[1 + contested_issues.size() + j] = true;
  for (std::size_t k = 0; k < menu.entries.size(); ++k) {
    const auto& entry = menu.entries[k];
    std::vector<std::string> row = {std::to_string(k + 1)};
    for (std::size_t i : contested_issues)
      row.push_back(cut(scenario.issue(i).value_label(entry.package.outcome[i]), 20));
    for (double p : entry.points) row.push_back(points(p));
    row.push_back(chosen(entry));
    text.rows.push_back(std::move(row));
  }
  if (contested_issues.size() <= 8 && parties <= 6 && text.width() <= kWidth + 10) {
    out += text.render("  ");
  } else {
    for (std::size_t k = 0; k < menu.entries.size(); ++k) {
      const auto& entry = menu.entries[k];
      std::vector<std::string> parts;
      for (std::size_t j = 0; j < parties; ++j)
        parts.push_back(fmt::format("{} {}", scenario.party(j).name, points(entry.points[j])));
      std::string values;
      const std::size_t shown = std::min<std::size_t>(contested_issues.size(), 12);
      for (std::size_t n = 0; n < shown; ++n) {
        const std::size_t i = contested_issues[n];
        values += fmt::format("{}{}={}", n ? ", " : "", scenario.issue(i).name(),
                              option_text(scenario, i, entry.package.outcome[i]));
      }
      if (shown < contested_issues.size()) values += ", ...";
      const std::string by = chosen(entry);
      out += wrap(fmt::format("{}: {}{}", join(parts, ", "), values.empty() ? "-" : values,
                              by.empty() ? "" : " (package " + by + ")"),
                  fmt::format("  {:>3}. ", k + 1), "       ");
    }
  }
  if (menu.left_out > 0)
    out += fmt::format("  ... and {} more efficient packages in the zone, not listed{}.\n",
                       count_text(menu.left_out),
                       parties == 2 ? " (those listed are evenly spread along the frontier)"
                                    : " (smaller products of gains)");
}

// The per-issue sentences of an explanation come first, one per contested issue in issue order.
std::vector<std::size_t> contested_of(const Explanation& explanation, std::size_t parties) {
  std::vector<std::size_t> issues;
  for (const auto& item : explanation.issues)
    if (item.winners.size() != parties) issues.push_back(item.issue);
  return issues;
}

void render_packages(const Scenario& scenario, const Analysis& analysis, const ReportModel& model,
                     std::string& out) {
  if (model.packages.empty()) return;
  const std::size_t parties = scenario.party_count();
  out += "\nWhy each package works\n";
  const std::vector<std::string>* reference = nullptr;  // the first package's sentences
  for (std::size_t d = 0; d < model.packages.size(); ++d) {
    const auto& package = model.packages[d];
    out += fmt::format("\nPackage {}: {}\n", package_letter(d),
                       solution_names(analysis, package.solutions));
    std::vector<std::string> standing;
    for (std::size_t j = 0; j < parties; ++j)
      standing.push_back(fmt::format("{} {} points ({} against walking away)",
                                     scenario.party(j).name, points(package.standings[j].points),
                                     signed_points(package.standings[j].gain_points)));
    if (package.is_lottery()) {
      std::vector<std::string> changes;
      for (std::size_t i : package.drawn_issues)
        changes.push_back(fmt::format("{} {}", scenario.issue(i).label(),
                                      option_text(scenario, i, package.packages[1].outcome[i])));
      out += wrap(fmt::format("Draw lots: with probability {:.3f} the package {}; otherwise "
                              "(probability {:.3f}) the same package with {}.",
                              package.probabilities[0],
                              package.same_as ? package_letter(*package.same_as)
                                              : package_text(scenario, package.packages[0].outcome),
                              package.probabilities[1], join(changes, ", ")),
                  "  ", "    ");
      std::vector<std::string> drawn;
      for (std::size_t i : package.drawn_issues) drawn.push_back(scenario.issue(i).label());
      out += wrap("The draw decides: " + join(drawn, ", ") + ".", "  ", "    ");
      out += wrap(std::string("Caution: ") + kLotteryCaution, "  ", "    ");
      out += wrap("Expected: " + join(standing, ", ") + ".", "  ", "    ");
      if (package.same_as) {
        out += fmt::format("  The likelier package is package {} (explained above).\n",
                           package_letter(*package.same_as));
        continue;
      }
      out += "  Why the likelier package works:\n";
    } else {
      out += wrap(join(standing, ", ") + ".", "  ", "    ");
    }
    const auto& sentences = package.explanation.sentences;
    const auto contested = contested_of(package.explanation, parties);
    // Many contested issues: the ones with the largest concessions, in issue order.
    std::vector<bool> keep(sentences.size(), true);
    if (contested.size() > kIssueSentences) {
      std::vector<std::pair<double, std::size_t>> weight;
      for (std::size_t n = 0; n < contested.size(); ++n) {
        double total = 0.0;
        for (double p : package.explanation.issues[contested[n]].concession_points) total += p;
        weight.emplace_back(-total, n);
      }
      std::sort(weight.begin(), weight.end());
      for (std::size_t n = kIssueSentences; n < weight.size(); ++n) keep[weight[n].second] = false;
    }
    std::size_t same = 0;
    for (std::size_t n = 0; n < sentences.size(); ++n) {
      if (!keep[n]) continue;
      if (reference && n < contested.size() &&
          std::find(reference->begin(), reference->end(), sentences[n]) != reference->end()) {
        ++same;
        continue;
      }
      out += wrap(sentences[n], "  - ", "    ");
    }
    if (contested.size() > kIssueSentences)
      out += fmt::format("  - ({} contested issues with smaller concessions are not listed.)\n",
                         contested.size() - kIssueSentences);
    if (same > 0)
      out += fmt::format("  - On {} other contested issue{}: as in package {}.\n", same,
                         same == 1 ? "" : "s", package_letter(0));
    if (!reference && !package.is_lottery()) reference = &sentences;
  }
}

void render_details(const Scenario& scenario, const Analysis& analysis, const ReportModel& model,
                    std::string& out) {
  const std::size_t parties = scenario.party_count();
  out += "\nDetails\n";
  out += "  Parties (walk-away value: the utility of leaving without a deal):\n";
  std::size_t name_width = 0;
  for (const auto& party : scenario.parties()) name_width = std::max(name_width, party.name.size());
  for (std::size_t j = 0; j < parties; ++j) {
    const auto& party = scenario.party(j);
    out += wrap(
        fmt::format("walk-away {:.3f} ({} points); utility from {:.3f} (0 points) to "
                    "{:.3f} (100); {} preferences",
                    party.reservation_value, points(model.scale.points(j, party.reservation_value)),
                    model.scale.worst[j], model.scale.best[j], party.utility->kind_name()),
        fmt::format("    {:<{}}  ", party.name, name_width), std::string(6 + name_width, ' '));
  }
  out += fmt::format("  Issues ({}):\n", scenario.issue_count());
  const std::size_t issues_shown = std::min<std::size_t>(scenario.issue_count(), 60);
  for (std::size_t i = 0; i < issues_shown; ++i) {
    const auto& issue = scenario.issue(i);
    std::vector<std::string> values;
    const std::uint32_t shown = std::min<std::uint32_t>(issue.cardinality(), 8);
    for (std::uint32_t v = 0; v < shown; ++v) values.push_back(quoted(issue.value_label(v)));
    if (shown < issue.cardinality())
      values.push_back(fmt::format("... ({} options)", count_text(issue.cardinality())));
    const std::string head =
        issue.has_label() ? fmt::format("{} ({})", issue.label(), issue.name()) : issue.name();
    out += wrap(head + ": " + join(values, ", "), "    ", "      ");
  }
  if (issues_shown < scenario.issue_count())
    out += fmt::format("    ... and {} more issues.\n", scenario.issue_count() - issues_shown);
  out += fmt::format("  Possible packages: {}\n", space_text(scenario));

  const auto& frontier = analysis.frontier;
  const auto& zone = analysis.zone;
  out += fmt::format("  Efficient packages: {} ({}{}), of which {} in the zone of agreement.\n",
                     count_text(frontier.packages.size()), to_string(frontier.method),
                     frontier.exact ? ", exact" : ", approximate",
                     count_text(zone.rational_frontier.size()));
  if (!frontier.method_reason.empty())
    out += wrap(fmt::format("Method: {}.", frontier.method_reason), "    ", "      ");
  if (frontier.budget > 0)
    out += fmt::format("    Work: {} of a budget of {} units (peak working memory about {}).\n",
                       count_text(frontier.work), count_text(frontier.budget),
                       bytes_text(frontier.peak_bytes));
  if (frontier.stop == StopReason::time_cap)
    out += wrap(
        "Stopped early by the wall-clock cap (--time-cap): this result depends on the "
        "machine's speed and load, and is not reproducible.",
        "    ", "      ");
  if (!frontier.exact) {
    if (frontier.dominated_share)
      out += wrap(
          fmt::format(
              "The packages found dominate {:.1f}% of the box between each side's worst and "
              "best utility{}.",
              100.0 * *frontier.dominated_share,
              frontier.gap_bound
                  ? fmt::format("; at most about {:.1f}% more is dominated by packages not found "
                                "(estimate from the supporting hyperplanes)",
                                100.0 * *frontier.gap_bound)
                  : std::string()),
          "    ", "      ");
    if (frontier.stop != StopReason::time_cap && frontier.budget > 0)
      out += fmt::format(
          "    For a closer approximation, raise the budget: --budget {}.\n",
          frontier.budget >= (std::uint64_t{1} << 60) ? frontier.budget : frontier.budget * 10);
  }

  const auto& ind = analysis.indicators;
  out += wrap(fmt::format("Opposition: {} points on a scale where 0 means one package gives every "
                          "side its best, {} is a pure split of a fixed amount between the {} "
                          "sides, and 100 would leave every side at its worst (the root mean "
                          "square of the points each side misses at the efficient package "
                          "nearest to everyone's best; as a distance in utility: {:.3f}).",
                          points(model.summary.opposition_points),
                          points(model.summary.split_opposition_points), parties, ind.opposition),
              "  ", "    ");
  if (!ind.exact)
    out += "    (Each side's best and worst utility are estimated: the points are approximate.)\n";
  if (scenario.issue_count() <= 30 && parties <= 8) {
    for (std::size_t j = 0; j < parties && j < ind.ideal_packages.size(); ++j) {
      std::vector<std::string> others;
      for (std::size_t o = 0; o < parties; ++o)
        if (o != j)
          others.push_back(
              fmt::format("{} {}", scenario.party(o).name,
                          points(model.scale.points(o, ind.ideal_packages[j].utilities[o]))));
      out += wrap(
          fmt::format("Best package for {}: {} (there: {} points).", scenario.party(j).name,
                      package_text(scenario, ind.ideal_packages[j].outcome), join(others, ", ")),
          "  ", "    ");
    }
  }
}

}  // namespace

std::string render_report(const Scenario& scenario, const Analysis& analysis) {
  ReportOptions options;
  if (scenario.party_count() > 6) options.menu_limit = 10;  // each entry takes several lines
  const ReportModel model = build_report_model(scenario, analysis, options);
  std::string out = fmt::format("Negotiation: {}\n", scenario.name());
  if (!scenario.description().empty()) {
    out += scenario.description();
    if (out.back() != '\n') out += '\n';
  }
  render_summary(scenario, analysis, model, out);
  if (analysis.solutions.empty())
    out += "\nNo compromise to recommend: the zone of agreement is empty.\n";
  render_table(scenario, analysis, model, out);
  render_menu(scenario, analysis, model, out);
  render_packages(scenario, analysis, model, out);
  render_details(scenario, analysis, model, out);
  out += "\nGlossary\n";
  const char* const glossary[] = {
      "utility: how much a side likes a package (its own scale).",
      "points: a side's utility rescaled so that its worst possible package is 0 and its best "
      "100.",
      "walk-away value: the utility a side gets with no deal; it accepts nothing below it.",
      "zone of possible agreement: the packages every side prefers to walking away.",
      "efficient package: no other package is better for one side without being worse for "
      "another.",
      "menu: the efficient packages in the zone; an issue is settled when it has the same option "
      "in all of them, contested otherwise.",
      "gain: a side's points minus its walk-away points.",
      "logrolling: each side gets its way on the issues that matter more to it and gives way on "
      "those that matter less."};
  for (const char* line : glossary) out += wrap(line, "  ", "    ");
  bool lottery = false;
  for (const auto& solution : analysis.solutions) lottery = lottery || is_lottery(solution.kind);
  if (lottery)
    out += wrap(
        "lottery: the sides draw lots between two packages with the stated chances (solve "
        "--lotteries); the points shown are then averages.",
        "  ", "    ");
  return out;
}

}  // namespace parley
