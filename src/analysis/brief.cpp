// The printable brief (parley/analysis/brief.hpp): the reader model of parley/analysis/report.hpp
// formatted as one self-contained HTML5 document. This file only formats: every figure, table and
// sentence comes from build_report_model and the analysis.
#include "parley/analysis/brief.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "parley/analysis/report.hpp"
#include "parley/support/error.hpp"
#include "parley/support/version.hpp"
#include "support/chromium.hpp"
#include "support/file_io.hpp"

namespace parley {
namespace {

// ---------------------------------------------------------------------------------------------
// Escaping: every text from the scenario goes through text(), which keeps it text
// for both an HTML and an XML parser.

// Length of the valid UTF-8 sequence starting at `s[k]` (0 when invalid: bad lead byte,
// truncated, overlong, a surrogate or beyond U+10FFFF).
std::size_t utf8_length(std::string_view s, std::size_t k) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(k);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code = lead & 0x07;
  } else {
    return 0;
  }
  if (k + length > s.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(k + i) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(k + i) & 0x3F);
  }
  const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  // Noncharacters U+FFFE and U+FFFF are not allowed in XML.
  if (code == 0xFFFE || code == 0xFFFF) return 0;
  return length;
}

// Text content and attribute values alike: the five XML specials become entities, control
// characters (not allowed in XML) become spaces, invalid UTF-8 becomes U+FFFD.
std::string text(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (std::size_t k = 0; k < s.size();) {
    const char c = s[k];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\t':
      case '\n':
        out += c;
        break;
      default: {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) {
          out += ' ';
          break;
        }
        const std::size_t length = utf8_length(s, k);
        if (length == 0) {
          out += "\xEF\xBF\xBD";
          ++k;
          continue;
        }
        out.append(s.substr(k, length));
        k += length;
        continue;
      }
    }
    ++k;
  }
  return out;
}

// An option label in quotes, as the text report writes it (so it cannot be read as a name).
std::string quoted_option(const Scenario& scenario, std::size_t issue, ValueIndex value) {
  return "\u2018" + text(scenario.issue(issue).value_label(value)) + "\u2019";
}

// 62 -> "62", -3.4 -> "-3": points are shown whole, as in the text report.
std::string points(double value) {
  const double rounded = std::round(value);
  return fmt::format("{:.0f}", rounded == 0.0 ? 0.0 : rounded);
}
std::string signed_points(double value) {
  const double rounded = std::round(value);
  if (rounded == 0.0) return "0";
  return fmt::format("{:+.0f}", rounded);
}

std::string group_digits(std::uint64_t value) {
  const std::string digits = std::to_string(value);
  std::string out;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    out += digits[k];
    if (k + 1 < digits.size() && (digits.size() - k - 1) % 3 == 0) out += ',';
  }
  return out;
}

std::string space_size(const Scenario& scenario) {
  const auto& space = scenario.space();
  if (space.log10_size() > 15.0)
    return fmt::format("about 10<sup>{:.1f}</sup>", space.log10_size());
  return group_digits(space.size());
}

std::string percent(double share) {
  const double p = 100.0 * share;
  return p >= 0.1 || p == 0.0 ? fmt::format("{:.1f}%", p) : fmt::format("{:.2g}%", p);
}

std::string solution_names(const Analysis& analysis, const std::vector<std::size_t>& solutions) {
  std::string out;
  for (std::size_t k = 0; k < solutions.size(); ++k) {
    if (k > 0) out += k + 1 == solutions.size() ? " and " : ", ";
    out += text(short_title(analysis.solutions[solutions[k]].kind));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The plot.

// The <svg> element alone: no XML declaration, DOCTYPE or comment before it.
std::string inline_svg(std::string svg) {
  const std::size_t start = svg.find("<svg");
  if (start == std::string::npos) throw Error("the plot is not SVG (no <svg> element)");
  svg.erase(0, start);
  while (!svg.empty() && (svg.back() == '\n' || svg.back() == ' ' || svg.back() == '\r'))
    svg.pop_back();
  return svg;
}

// ---------------------------------------------------------------------------------------------
// The stylesheet: screen and print. Print: A4, a section per page, no backgrounds, no row split.

constexpr std::string_view kStyle = R"css(
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 15px;
  line-height: 1.45; color: #1b1f24; background: #fff; max-width: 62rem; margin: 0 auto;
  padding: 1.5rem 1.25rem 3rem; }
header { border-bottom: 3px solid #1f5fbf; padding-bottom: .6rem; margin-bottom: 1rem; }
h1 { font-size: 1.9rem; margin: 0 0 .3rem; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem;
  border-bottom: 1px solid #c8ccd2; }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
p { margin: .4rem 0 .6rem; }
.lead { color: #3b4450; }
.meta { color: #5b6470; font-size: .85rem; }
.summary-box { border: 1px solid #b9c8e0; background: #f4f7fc; border-radius: 6px;
  padding: .6rem 1.1rem .8rem; }
.facts { margin: .3rem 0 .6rem; padding-left: 1.2rem; }
.facts li { margin: .2rem 0; }
.verdict-yes { color: #17692f; font-weight: 700; }
.verdict-no { color: #a3201b; font-weight: 700; }
.caution { border-left: 4px solid #c77c02; background: #fff7e6; padding: .4rem .8rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; max-width: 100%; }
th, td { border: 1px solid #c8ccd2; padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
thead th { background: #e9eef6; }
tbody th { font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.differs td, tr.differs th { background: #fff1cc; }
tr.utility td, tr.utility th { background: #f6f7f9; }
.marker { font-weight: 700; color: #a35a00; }
.settled { color: #17692f; }
.contested { color: #a35a00; }
figure { margin: .6rem 0 1rem; }
figure svg { display: block; width: 100%; height: auto; max-height: 80vh; }
figcaption { font-size: .85rem; color: #3b4450; margin-top: .3rem; }
ul.package-grid { columns: 15rem; column-gap: 1.5rem; list-style: none; padding-left: 0;
  font-size: .9rem; }
ul.package-grid li { break-inside: avoid; margin: .1rem 0; }
ul.sentences { padding-left: 1.2rem; }
ul.sentences li { margin: .2rem 0; }
dl.glossary dt { font-weight: 700; margin-top: .5rem; }
dl.glossary dd { margin: .1rem 0 0 1.2rem; }
.package { break-inside: avoid; }
@page { size: A4; margin: 15mm 14mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; color: #000; }
  section { break-before: page; page-break-before: always; }
  section.first { break-before: auto; page-break-before: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, li, dt, dd, figure, .package-head { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .summary-box, thead th, tr.differs td, tr.differs th, tr.utility td, tr.utility th,
  .caution { background: none !important; }
  tr.differs th::after { content: " \2022"; }
  figure svg { max-height: 235mm; }
  a { color: inherit; text-decoration: none; }
}
)css";

// ---------------------------------------------------------------------------------------------
// The sections.

struct Context {
  const Scenario& scenario;
  const Analysis& analysis;
  const ReportModel& model;
};

std::string party_name(const Context& c, std::size_t party) {
  return text(c.scenario.party(party).name);
}

std::string header(const Context& c) {
  std::string out = "<header>\n<h1>" + text(c.scenario.name()) + "</h1>\n";
  // Paragraphs of the description: blank lines separate them.
  const std::string& description = c.scenario.description();
  std::size_t start = 0;
  while (start < description.size()) {
    std::size_t end = description.find("\n\n", start);
    if (end == std::string::npos) end = description.size();
    std::string paragraph = description.substr(start, end - start);
    std::replace(paragraph.begin(), paragraph.end(), '\n', ' ');
    if (paragraph.find_first_not_of(' ') != std::string::npos)
      out += "<p class=\"lead\">" + text(paragraph) + "</p>\n";
    start = end + 2;
  }
  out += fmt::format(
      "<p class=\"meta\">Brief prepared by parley {}: {} parties, {} issues, {} possible "
      "packages. Points: each side's worst package is 0, its best 100.</p>\n</header>\n",
      version, c.scenario.party_count(), c.scenario.issue_count(), space_size(c.scenario));
  return out;
}

// A package, option by option: a table, or with many issues a list in columns, so that the
// summary stays about one screen (one printed page).
std::string package_table(const Context& c, const Outcome& outcome,
                          const std::optional<Package>& status_quo) {
  constexpr std::size_t kMaxTableRows = 12;
  if (c.scenario.issue_count() > kMaxTableRows) {
    std::string out = "<ul class=\"package-grid\">\n";
    for (std::size_t i = 0; i < c.scenario.issue_count(); ++i) {
      out += "<li><strong>" + text(c.scenario.issue(i).label()) + "</strong> " +
             quoted_option(c.scenario, i, outcome[i]);
      if (status_quo && status_quo->outcome[i] != outcome[i])
        out += " <span class=\"meta\">(status quo " +
               quoted_option(c.scenario, i, status_quo->outcome[i]) + ")</span>";
      out += "</li>\n";
    }
    return out + "</ul>\n";
  }
  std::string out = "<table class=\"package-table\">\n<thead><tr><th>Issue</th><th>Option</th>";
  if (status_quo) out += "<th>Status quo</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t i = 0; i < c.scenario.issue_count(); ++i) {
    out += "<tr><th>" + text(c.scenario.issue(i).label()) + "</th><td>" +
           quoted_option(c.scenario, i, outcome[i]) + "</td>";
    if (status_quo) out += "<td>" + quoted_option(c.scenario, i, status_quo->outcome[i]) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string standings_table(const Context& c, const std::vector<PartyStanding>& standings,
                            bool with_status_quo) {
  std::string out =
      "<table class=\"standings\">\n<thead><tr><th>Party</th><th class=\"num\">Walk-away</th>"
      "<th class=\"num\">Gets here</th><th class=\"num\">Gain over walking away</th>";
  if (with_status_quo)
    out += "<th class=\"num\">Status quo</th><th class=\"num\">Gain over the status quo</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t j = 0; j < standings.size(); ++j) {
    const auto& s = standings[j];
    out += fmt::format(
        "<tr><th>{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td>",
        party_name(c, j), points(s.walk_away_points), points(s.points),
        signed_points(s.gain_points));
    if (with_status_quo)
      out += fmt::format(
          "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
          s.status_quo_points ? points(*s.status_quo_points) : "-",
          s.gain_over_status_quo_points ? signed_points(*s.gain_over_status_quo_points) : "-");
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string summary(const Context& c) {
  const auto& s = c.model.summary;
  std::string out = "<section id=\"summary\" class=\"first\">\n<h2>Summary</h2>\n";
  out += "<div class=\"summary-box\">\n<ul class=\"facts\">\n";
  if (s.zone_exists) {
    std::string size;
    if (s.zone_count)
      size = fmt::format("{} of {} packages ({})", group_digits(*s.zone_count),
                         space_size(c.scenario), percent(s.zone_share));
    else if (s.zone_share_exact)
      size = fmt::format("{} of the packages", percent(s.zone_share));
    else
      size = fmt::format("about {} of the packages (&#177;{}, estimated from a sample)",
                         percent(s.zone_share), percent(s.zone_share_half_width));
    out += fmt::format(
        "<li><span class=\"verdict-yes\">A deal is possible.</span> {} give every side at "
        "least its walk-away value (the zone of possible agreement).</li>\n",
        size);
    out += fmt::format(
        "<li>{} of them are efficient (no other package is better for one side without being "
        "worse for another): the <a href=\"#menu\">menu</a> below.</li>\n",
        group_digits(s.efficient_in_zone));
  } else {
    out +=
        "<li><span class=\"verdict-no\">No deal is possible as things stand.</span> No package "
        "gives every side at least its walk-away value.</li>\n";
  }
  if (s.recommended) {
    const auto& package = c.model.packages[*s.recommended];
    std::string reason = s.recommended_reason;
    if (!reason.empty() && reason.back() != '.') reason += '.';
    out += fmt::format("<li>Recommended: <strong>package {}</strong> ({}), {}</li>\n",
                       package_letter(*s.recommended),
                       solution_names(c.analysis, package.solutions), text(reason));
  }
  out += fmt::format(
      "<li>Opposition: {} points (0: one package gives every side its best; {} for a pure "
      "split of a fixed amount).</li>\n",
      points(s.opposition_points), points(s.split_opposition_points));
  out += "</ul>\n";
  if (s.recommended) {
    const auto& package = c.model.packages[*s.recommended];
    out +=
        fmt::format("<h3>Package {}, the recommended deal</h3>\n", package_letter(*s.recommended));
    if (package.is_lottery()) {
      out += "<p class=\"caution\">" + text(kLotteryCaution) + "</p>\n";
      out += fmt::format("<p>With probability {:.3f}:</p>\n", package.probabilities[0]);
    }
    out += package_table(c, package.packages[0].outcome, s.status_quo);
    out += "<p>What each side gets there, in points:</p>\n";
    out += standings_table(c, s.standings, s.status_quo.has_value());
  } else if (c.analysis.zone.closest_package) {
    const auto& zone = c.analysis.zone;
    out += "<h3>The closest package</h3>\n";
    out += package_table(c, zone.closest_package->outcome, s.status_quo);
    out += "<ul class=\"facts\">\n";
    for (std::size_t j = 0; j < zone.shortfall.size(); ++j)
      if (zone.shortfall[j] > 0.0)
        out +=
            fmt::format("<li>{} would be {} points short of its walk-away value.</li>\n",
                        party_name(c, j), points(c.model.scale.difference(j, zone.shortfall[j])));
    out +=
        "</ul>\n<p>A deal needs one side to lower its walk-away value, or new options on the "
        "table.</p>\n";
  }
  if (s.status_quo && !s.recommended) {
    out += "<h3>The status quo</h3>\n";
    out += standings_table(c, s.status_quo_standings, false);
  }
  return out + "</div>\n</section>\n";
}

std::string plot_section(const Context& c, const BriefOptions& options) {
  std::string out = "<section id=\"plot\">\n<h2>The picture</h2>\n<figure>\n";
  out += inline_svg(render_analysis_svg(c.scenario, c.analysis, options.plot));
  out += "\n<figcaption>";
  const std::size_t parties = c.scenario.party_count();
  if (parties == 2)
    out +=
        "Every package, placed by the utility each side gets from it. A deal must give each side "
        "at least its walk-away value (the dashed lines); the efficient packages form the "
        "frontier; the marked points are the compromises named in the legend.";
  else if (parties <= 4)
    out +=
        "One panel per pair of sides: every package by the utility each side of the pair gets "
        "from it, the efficient packages, the walk-away values (dashed) and the compromises "
        "named in the legend.";
  else
    out +=
        "One vertical axis per side, one line per efficient package through the utility it "
        "gives each side; the walk-away values and the compromises are highlighted (see the "
        "legend).";
  if (parties <= 4 && !c.scenario.can_enumerate(options.plot.max_points))
    out += fmt::format(" The packages drawn are a random sample of {} (seed {}).",
                       group_digits(options.plot.max_points), options.plot.seed);
  return out + "</figcaption>\n</figure>\n</section>\n";
}

// A cell of the issue x solution table: one option, or two for a lottery.
std::string table_cell(const Context& c, std::size_t issue, const std::vector<ValueIndex>& values,
                       const DistinctPackage& package) {
  if (values.size() == 1) return quoted_option(c.scenario, issue, values[0]);
  std::string out;
  for (std::size_t k = 0; k < values.size(); ++k)
    out += fmt::format("{}{} (p = {:.2f})", k ? " or " : "",
                       quoted_option(c.scenario, issue, values[k]), package.probabilities.at(k));
  return out;
}

std::string solutions_section(const Context& c) {
  const auto& table = c.model.table;
  std::string out = "<section id=\"solutions\">\n<h2>The compromises, issue by issue</h2>\n";
  if (table.columns.empty()) {
    return out + "<p>No compromise to compare: the zone of possible agreement is empty.</p>\n" +
           "</section>\n";
  }
  out += fmt::format(
      "<p>Each column is a bargaining solution, each row an issue. The solutions differ on {} of "
      "the {} issues (highlighted, <span class=\"marker\">&#8226;</span> in print); on the others "
      "they agree.</p>\n",
      table.differing, table.rows.size());
  const bool status_quo = c.model.summary.status_quo.has_value();
  out += "<table class=\"solution-table\">\n<thead><tr><th>Issue</th>";
  if (status_quo) out += "<th>Status quo</th>";
  for (std::size_t col = 0; col < table.columns.size(); ++col)
    out += fmt::format("<th>{}<br/>(package {})</th>",
                       text(short_title(c.analysis.solutions[table.columns[col]].kind)),
                       package_letter(table.distinct[col]));
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    out += fmt::format("<tr{}><th>{}</th>", row.differs ? " class=\"differs\"" : "",
                       text(c.scenario.issue(row.issue).label()));
    if (status_quo)
      out += "<td>" +
             (row.status_quo ? quoted_option(c.scenario, row.issue, *row.status_quo) : "-") +
             "</td>";
    for (std::size_t col = 0; col < table.columns.size(); ++col)
      out += "<td>" +
             table_cell(c, row.issue, row.cells[col], c.model.packages[table.distinct[col]]) +
             "</td>";
    out += "</tr>\n";
  }
  // Each party's points under each solution (expected points for a lottery).
  for (std::size_t j = 0; j < c.scenario.party_count(); ++j) {
    out += "<tr class=\"utility\"><th>" + party_name(c, j) + " (points)</th>";
    if (status_quo) {
      const auto& sq = c.model.summary.status_quo_standings;
      out += "<td class=\"num\">" + (j < sq.size() ? points(sq[j].points) : "-") + "</td>";
    }
    for (std::size_t col = 0; col < table.columns.size(); ++col)
      out += "<td class=\"num\">" +
             points(c.model.packages[table.distinct[col]].standings.at(j).points) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n</section>\n";
}

std::string menu_section(const Context& c) {
  const auto& menu = c.model.menu;
  std::string out = "<section id=\"menu\">\n<h2>The menu of efficient deals</h2>\n";
  if (menu.total == 0)
    return out + "<p>No efficient package gives every side at least its walk-away value.</p>\n" +
           "</section>\n";
  const std::size_t issues = c.scenario.issue_count();
  out += fmt::format(
      "<p>{} efficient package{} give{} every side at least its walk-away value. {} of the {} "
      "issues "
      "are <span class=\"settled\">settled</span> (the same option in every one of them); the "
      "bargaining is on the {} <span class=\"contested\">contested</span> issue{}.</p>\n",
      group_digits(menu.total), menu.total == 1 ? "" : "s", menu.total == 1 ? "s" : "",
      menu.settled_count, issues, issues - menu.settled_count,
      issues - menu.settled_count == 1 ? "" : "s");

  out +=
      "<table class=\"menu-issues\">\n<thead><tr><th>Issue</th><th>On the menu</th>"
      "<th>Options</th></tr></thead>\n<tbody>\n";
  std::vector<std::size_t> contested;
  for (const auto& issue : menu.issues) {
    if (!issue.settled) contested.push_back(issue.issue);
    std::string options;
    for (std::size_t k = 0; k < issue.options.size(); ++k)
      options += (k ? ", " : "") + quoted_option(c.scenario, issue.issue, issue.options[k]);
    if (issue.more_options) options += ", &#8230;";
    out += fmt::format("<tr><th>{}</th><td class=\"{}\">{}</td><td>{}</td></tr>\n",
                       text(c.scenario.issue(issue.issue).label()),
                       issue.settled ? "settled" : "contested",
                       issue.settled ? "settled" : "contested", options);
  }
  out += "</tbody>\n</table>\n";

  out +=
      "<p>What each side gets over the menu, in points:</p>\n<table class=\"menu-ranges\">\n"
      "<thead><tr><th>Party</th><th class=\"num\">Walk-away</th><th class=\"num\">Lowest</th>"
      "<th class=\"num\">Highest</th></tr></thead>\n<tbody>\n";
  for (std::size_t j = 0; j < c.scenario.party_count(); ++j)
    out += fmt::format(
        "<tr><th>{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td></tr>\n",
        party_name(c, j), points(c.model.scale.points(j, c.scenario.party(j).reservation_value)),
        points(menu.min_points.at(j)), points(menu.max_points.at(j)));
  out += "</tbody>\n</table>\n";

  // The entries: the contested issues as columns when they fit, else one column of them.
  constexpr std::size_t kMaxIssueColumns = 6;
  const bool columns = contested.size() <= kMaxIssueColumns;
  out += c.scenario.party_count() == 2
             ? fmt::format("<p>The menu, from the best for {} to the best for {} (points):</p>\n",
                           party_name(c, 0), party_name(c, 1))
             : std::string(
                   "<p>The menu, the largest product of the gains over walking away first "
                   "(points):</p>\n");
  out += "<table class=\"menu\">\n<thead><tr><th class=\"num\">#</th>";
  for (std::size_t j = 0; j < c.scenario.party_count(); ++j)
    out += "<th class=\"num\">" + party_name(c, j) + "</th>";
  if (columns) {
    for (const std::size_t i : contested)
      out += "<th>" + text(c.scenario.issue(i).label()) + "</th>";
  } else {
    out += "<th>Contested issues</th>";
  }
  out += "<th>Chosen by</th></tr></thead>\n<tbody>\n";
  for (std::size_t e = 0; e < menu.entries.size(); ++e) {
    const auto& entry = menu.entries[e];
    out += fmt::format("<tr><td class=\"num\">{}</td>", e + 1);
    for (std::size_t j = 0; j < entry.points.size(); ++j)
      out += "<td class=\"num\">" + points(entry.points[j]) + "</td>";
    if (columns) {
      for (const std::size_t i : contested)
        out += "<td>" + quoted_option(c.scenario, i, entry.package.outcome[i]) + "</td>";
    } else {
      std::string cell;
      for (std::size_t k = 0; k < contested.size(); ++k)
        cell += (k ? "; " : "") + text(c.scenario.issue(contested[k]).label()) + " " +
                quoted_option(c.scenario, contested[k], entry.package.outcome[contested[k]]);
      out += "<td>" + cell + "</td>";
    }
    out += "<td>" + solution_names(c.analysis, entry.solutions) + "</td></tr>\n";
  }
  out += "</tbody>\n</table>\n";
  if (menu.left_out > 0)
    out += fmt::format(
        "<p class=\"meta\">{} more efficient packages in the zone are not listed (the list is "
        "evenly thinned; the settled issues and the ranges above count them all).</p>\n",
        group_digits(menu.left_out));
  return out + "</section>\n";
}

std::string explanations_section(const Context& c) {
  std::string out = "<section id=\"explanations\">\n<h2>Why each package works</h2>\n";
  if (c.model.packages.empty())
    return out + "<p>No package to explain: the zone of possible agreement is empty.</p>\n" +
           "</section>\n";
  for (std::size_t p = 0; p < c.model.packages.size(); ++p) {
    const auto& package = c.model.packages[p];
    out += fmt::format("<article class=\"package\" id=\"package-{}\">\n", package_letter(p));
    out += fmt::format("<h3 class=\"package-head\">Package {}: {}</h3>\n", package_letter(p),
                       solution_names(c.analysis, package.solutions));
    if (package.is_lottery()) {
      out += "<p class=\"caution\">" + text(kLotteryCaution) + "</p>\n<ul class=\"sentences\">\n";
      for (std::size_t k = 0; k < package.packages.size(); ++k)
        out += fmt::format("<li>With probability {:.3f}: {}</li>\n", package.probabilities[k],
                           text(c.scenario.describe(package.packages[k].outcome)));
      out += "</ul>\n";
      if (!package.drawn_issues.empty()) {
        std::string drawn;
        for (std::size_t k = 0; k < package.drawn_issues.size(); ++k)
          drawn += (k ? ", " : "") + text(c.scenario.issue(package.drawn_issues[k]).label());
        out += "<p>The draw decides: " + drawn + ".</p>\n";
      }
    }
    out += standings_table(c, package.standings, c.model.summary.status_quo.has_value());
    if (package.same_as) {
      out +=
          fmt::format("<p>Its likelier package is package {}, explained above.</p>\n</article>\n",
                      package_letter(*package.same_as));
      continue;
    }
    out += "<ul class=\"sentences\">\n";
    for (const auto& sentence : package.explanation.sentences)
      out += "<li>" + text(sentence) + "</li>\n";
    out += "</ul>\n</article>\n";
  }
  return out + "</section>\n";
}

std::string method_section(const Context& c) {
  const auto& frontier = c.analysis.frontier;
  std::string out = "<section id=\"method\">\n<h2>Method, budget and indicators</h2>\n";
  out += "<ul class=\"facts\">\n";
  out += fmt::format("<li>Efficient packages: {} found by {} ({}).</li>\n",
                     group_digits(frontier.packages.size()), text(to_string(frontier.method)),
                     frontier.exact ? "exact" : "an approximation");
  if (!frontier.method_reason.empty())
    out += "<li>Method: " + text(frontier.method_reason) + ".</li>\n";
  if (frontier.budget > 0)
    out += fmt::format("<li>Work: {} of a budget of {} units.</li>\n", group_digits(frontier.work),
                       group_digits(frontier.budget));
  if (frontier.stop == StopReason::time_cap)
    out +=
        "<li>Stopped early by the wall-clock cap: this result depends on the machine's speed "
        "and is not reproducible.</li>\n";
  if (!frontier.exact && frontier.dominated_share)
    out += fmt::format(
        "<li>The packages found dominate {} of the box between each side's worst and best "
        "utility{}.</li>\n",
        percent(*frontier.dominated_share),
        frontier.gap_bound
            ? fmt::format("; at most about {} more is missed", percent(*frontier.gap_bound))
            : std::string());
  out += "</ul>\n";

  out +=
      "<h3>The parties</h3>\n<table class=\"parties\">\n<thead><tr><th>Party</th>"
      "<th class=\"num\">Walk-away (utility)</th><th class=\"num\">Walk-away (points)</th>"
      "<th>Best package for it</th></tr></thead>\n<tbody>\n";
  const auto& indicators = c.analysis.indicators;
  for (std::size_t j = 0; j < c.scenario.party_count(); ++j) {
    const auto& party = c.scenario.party(j);
    out += fmt::format(
        "<tr><th>{}</th><td class=\"num\">{:.3f}</td><td class=\"num\">{}</td><td>{}</td></tr>\n",
        party_name(c, j), party.reservation_value,
        points(c.model.scale.points(j, party.reservation_value)),
        j < indicators.ideal_packages.size()
            ? text(c.scenario.describe(indicators.ideal_packages[j].outcome))
            : std::string("-"));
  }
  out += "</tbody>\n</table>\n";
  out += fmt::format(
      "<p>Indicators are {}. Opposition {} points: the root mean square of the points each side "
      "misses at the efficient package nearest to everyone's best.</p>\n",
      indicators.exact ? "exact"
                       : "estimated (best utilities from the frontier, worst from a "
                         "sample)",
      points(c.model.summary.opposition_points));
  return out + "</section>\n";
}

std::string glossary_section() {
  return R"html(<section id="glossary">
<h2>Glossary</h2>
<dl class="glossary">
<dt>package</dt><dd>One option on every issue: a complete deal.</dd>
<dt>utility, points</dt><dd>How much a side likes a package. Points rescale it: each side's worst package is 0 points, its best 100.</dd>
<dt>walk-away value</dt><dd>What a side gets with no deal; it accepts nothing below it.</dd>
<dt>status quo</dt><dd>The package in force today, when the scenario gives one.</dd>
<dt>zone of possible agreement</dt><dd>The packages every side prefers to walking away.</dd>
<dt>efficient package</dt><dd>No other package is better for one side without being worse for another.</dd>
<dt>menu</dt><dd>The efficient packages in the zone of possible agreement.</dd>
<dt>settled issue</dt><dd>An issue with the same option in every package of the menu: no efficient deal changes it.</dd>
<dt>contested issue</dt><dd>An issue whose option changes across the menu: where the bargaining is.</dd>
<dt>gain</dt><dd>What a side gets above its walk-away value (or above the status quo).</dd>
<dt>Nash solution</dt><dd>The package with the largest product of the gains over walking away (Nash 1950): it balances the gains and does not depend on how each side scales its utility.</dd>
<dt>Kalai-Smorodinsky solution</dt><dd>Every side gets the same share of the most it could hope for in the zone (Kalai and Smorodinsky 1975).</dd>
<dt>egalitarian solution</dt><dd>The smallest gain over walking away is as large as possible (Kalai 1977).</dd>
<dt>utilitarian solution</dt><dd>The largest total utility, whoever gets it.</dd>
<dt>lottery</dt><dd>The sides draw lots between two packages with the stated chances; only for divisible or repeatable matters.</dd>
<dt>opposition</dt><dd>How far the efficient packages are from giving every side its best, in points.</dd>
</dl>
</section>
)html";
}

}  // namespace

std::string render_brief_html(const Scenario& scenario, const Analysis& analysis,
                              const BriefOptions& options) {
  const ReportModel model = build_report_model(scenario, analysis);
  const Context c{scenario, analysis, model};
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n"
      "<meta charset=\"utf-8\"/>\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  out += fmt::format("<meta name=\"generator\" content=\"parley {}\"/>\n", version);
  out += "<title>Brief: " + text(scenario.name()) + "</title>\n";
  out += "<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n";
  out += header(c);
  out += summary(c);
  out += plot_section(c, options);
  out += solutions_section(c);
  out += menu_section(c);
  out += explanations_section(c);
  for (const auto& section : options.sections) {
    for (char ch : section.id)
      if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-')
        throw std::invalid_argument("brief section id '" + section.id +
                                    "': letters, digits and '-' only");
    out += "<section id=\"" + section.id + "\">\n<h2>" + text(section.title) + "</h2>\n" +
           section.html + "</section>\n";
  }
  out += method_section(c);
  out += glossary_section();
  out += "</body>\n</html>\n";
  return out;
}

std::string escape_brief_text(std::string_view s) { return text(s); }

void check_brief_path(const std::string& path, BriefFormat format, std::string_view option) {
  namespace fs = std::filesystem;
  const std::string field(option);
  if (path.empty()) throw InputError(path, std::nullopt, field, "an empty path", "a file name");
  const fs::path target(path);
  std::string extension = target.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  const bool fits = format == BriefFormat::html ? extension == ".html" || extension == ".htm"
                                                : extension == ".pdf";
  if (!fits)
    throw InputError(path, std::nullopt, field,
                     extension.empty() ? "no extension" : "the extension " + extension,
                     format == BriefFormat::html ? "a file name ending in .html or .htm"
                                                 : "a file name ending in .pdf");
  std::error_code error;
  if (fs::is_directory(target, error))
    throw InputError(path, std::nullopt, field, "a folder", "a file name");
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  if (!fs::exists(folder, error))
    throw InputError(path, std::nullopt, field, "no folder " + folder.string(),
                     "a file in an existing folder");
  if (!fs::is_directory(folder, error))
    throw InputError(path, std::nullopt, field, folder.string() + " is not a folder",
                     "a file in an existing folder");
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    throw InputError(
        path, std::nullopt, field,
        "the folder " + folder.string() + " cannot be written in (" + std::strerror(errno) + ")",
        "a file in a folder you may write in");
}

void write_brief_html(const std::string& html, const std::filesystem::path& path) {
  detail::write_file_atomically(path, html, detail::Durability::durable);
}

std::string find_chromium() { return detail::find_chromium_on_path(); }

void write_pdf_from_html(const std::string& html, const std::filesystem::path& pdf,
                         const PdfOptions& options) {
  detail::print_html_to_pdf(html, pdf, options.timeout_seconds, options.cancelled);
}

}  // namespace parley
