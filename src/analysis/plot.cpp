// Drawing the utility space with gnuplot. The shared pieces (escaping, data blocks, terminals,
// output paths, merged markers) live in support/gnuplot.hpp, which the session plot uses too.
//  - two parties: u1 against u2, every package (or a seeded sample), the frontier as a step line
//    through the efficient packages sorted by u1, walk-away lines, status quo and solutions;
//  - three or four parties: a scatter-plot matrix (one panel per pair) with the efficient
//    packages as points, never joined (a projection of an N-party frontier is not a line), and a
//    key panel in the empty upper-right corner;
//  - five or more: parallel coordinates, one axis per party, one line per efficient package.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "outcome_walk.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/analysis/report.hpp"
#include "parley/support/error.hpp"
#include "support/gnuplot.hpp"

namespace parley {
namespace {

using Rows = std::vector<std::vector<double>>;

// A gnuplot script and the size of the chart it is drawn for (pixels).
struct ChartScript {
  std::string script;
  int width = 1000, height = 760;
};
// Scatter-plot matrix up to this many parties (6 panels); parallel coordinates beyond.
constexpr std::size_t kMatrixMaxParties = 4;
// Efficient packages drawn at most: points (two parties, matrix) and lines (parallel axes).
constexpr std::size_t kMaxFrontierPoints = 20'000;
constexpr std::size_t kMaxFrontierLines = 2'000;

constexpr const char* kOutcomeStyle = "pt 7 ps 0.3 lc rgb '#b8b8b8'";
constexpr const char* kFrontierColour = "#1f5fbf";
constexpr const char* kStatusQuoStyle = "pt 4 ps 3 lw 2 lc rgb '#000000'";
constexpr const char* kWalkAwayColours[] = {"#d62728", "#ff7f0e"};

// Every text is drawn in plain (noenhanced) mode: only quotes and backslashes need escaping.
std::string text(std::string_view s) { return detail::gnuplot_string(s, false); }

struct OutcomeSample {
  Rows rows;
  bool all = true;  // every outcome, not a sample
};

// Outcomes to draw: all of them when few, else a seeded uniform sample.
OutcomeSample outcome_points(const Scenario& scenario, const PlotOptions& options) {
  OutcomeSample sample;
  if (scenario.can_enumerate(options.max_points)) {
    detail::for_each_outcome(
        scenario, [&](const Outcome&, const std::vector<double>& u) { sample.rows.push_back(u); });
    return sample;
  }
  sample.all = false;
  std::mt19937_64 generator(options.seed);
  Outcome outcome;
  for (std::uint64_t k = 0; k < options.max_points; ++k) {
    detail::draw_outcome(scenario.space(), generator, outcome);
    sample.rows.push_back(scenario.utilities(outcome));
  }
  return sample;
}

std::string outcome_legend(const Scenario& scenario, const OutcomeSample& sample) {
  if (sample.all) return fmt::format("packages (all {})", sample.rows.size());
  return fmt::format("packages (a sample of {} of {})", sample.rows.size(),
                     scenario.space().size_text());
}

// The efficient packages drawn: all of them, or `cap` evenly spread over the frontier order.
Rows frontier_rows(const Frontier& frontier, std::size_t cap) {
  const std::size_t n = frontier.packages.size();
  Rows rows;
  if (n <= cap) {
    for (const auto& p : frontier.packages) rows.push_back(p.utilities);
    return rows;
  }
  for (std::size_t k = 0; k < cap; ++k) rows.push_back(frontier.packages[k * n / cap].utilities);
  return rows;
}

std::string frontier_legend(const Frontier& frontier, std::size_t drawn) {
  const std::size_t n = frontier.packages.size();
  std::string legend = drawn == n
                           ? fmt::format("efficient packages ({})", n)
                           : fmt::format("efficient packages ({} of {}, evenly spread)", drawn, n);
  if (!frontier.exact) legend += ", approximate";
  return legend;
}

// Per-party tolerance of "the same utility": the frontier tolerance times the party's range.
std::vector<double> party_tolerance(const Scenario& scenario, const Frontier& frontier) {
  std::vector<double> tolerance(scenario.party_count(), std::max(frontier.tolerance, 1e-9));
  for (std::size_t j = 0; j < tolerance.size(); ++j) {
    if (j < frontier.ranges.min.size() && j < frontier.ranges.max.size()) {
      const double range = frontier.ranges.max[j] - frontier.ranges.min[j];
      if (range > 0.0) tolerance[j] *= range;
    }
  }
  return tolerance;
}

// What the plot draws, whatever its layout.
struct PlotData {
  std::size_t parties = 0;
  OutcomeSample outcomes;
  std::string outcomes_legend;
  Rows frontier;  // efficient packages drawn, in frontier order
  std::string frontier_legend;
  std::vector<double> walk_away;
  std::optional<std::vector<double>> status_quo;
  std::vector<detail::ChartMarker> solutions;  // merged: one marker per distinct point
  // Each party's axis range, covering everything drawn.
  std::vector<detail::AxisRange> ranges;
};

PlotData plot_data(const Scenario& scenario, const Analysis& analysis, const PlotOptions& options,
                   std::size_t frontier_cap) {
  PlotData data;
  data.parties = scenario.party_count();
  data.outcomes = outcome_points(scenario, options);
  data.outcomes_legend = outcome_legend(scenario, data.outcomes);
  data.frontier = frontier_rows(analysis.frontier, frontier_cap);
  data.frontier_legend = frontier_legend(analysis.frontier, data.frontier.size());
  for (const auto& party : scenario.parties()) data.walk_away.push_back(party.reservation_value);
  if (scenario.status_quo()) data.status_quo = scenario.utilities(*scenario.status_quo());
  std::vector<detail::ChartMarker> markers;
  for (const auto& s : analysis.solutions) markers.push_back({short_title(s.kind), s.utilities});
  data.solutions = detail::merge_markers(markers, party_tolerance(scenario, analysis.frontier));
  for (std::size_t j = 0; j < data.parties; ++j) {
    std::vector<double> values{data.walk_away[j]};
    for (const auto& row : data.outcomes.rows) values.push_back(row[j]);
    for (const auto& row : data.frontier) values.push_back(row[j]);
    for (const auto& m : data.solutions) values.push_back(m.point[j]);
    if (data.status_quo) values.push_back((*data.status_quo)[j]);
    data.ranges.push_back(detail::padded_range(values));
  }
  return data;
}

// Data blocks every layout shares: $outcomes, $frontier, $statusquo, $solutionK (all columns).
std::string shared_blocks(const PlotData& data) {
  std::string script = detail::gnuplot_datablock("outcomes", data.outcomes.rows);
  script += detail::gnuplot_datablock("frontier", data.frontier);
  if (data.status_quo) script += detail::gnuplot_datablock("statusquo", {*data.status_quo});
  for (std::size_t k = 0; k < data.solutions.size(); ++k)
    script += detail::gnuplot_datablock(fmt::format("solution{}", k), {data.solutions[k].point});
  return script;
}

// Axis label of the matrix panels: the party and its walk-away value.
std::string matrix_axis_label(const Scenario& scenario, std::size_t party) {
  return fmt::format("utility of {} (walk-away {})", scenario.party(party).name,
                     format_number(scenario.party(party).reservation_value));
}

std::pair<double, double> unpack(const detail::AxisRange& range) { return {range.lo, range.hi}; }

std::string walk_away_legend(const Scenario& scenario, std::size_t party) {
  return fmt::format("walk-away of {} ({})", scenario.party(party).name,
                     format_number(scenario.party(party).reservation_value));
}

// Two parties: u1 against u2.
std::string two_party_script(const Scenario& scenario, const PlotData& data) {
  Rows steps = data.frontier;
  std::sort(steps.begin(), steps.end(),
            [](const auto& a, const auto& b) { return a[0] != b[0] ? a[0] < b[0] : a[1] > b[1]; });
  const auto [xlo, xhi] = unpack(data.ranges[0]);
  const auto [ylo, yhi] = unpack(data.ranges[1]);
  std::string script = shared_blocks(data);
  script += detail::gnuplot_datablock("steps", steps);
  script +=
      detail::gnuplot_datablock("walk0", {{data.walk_away[0], ylo}, {data.walk_away[0], yhi}});
  script +=
      detail::gnuplot_datablock("walk1", {{xlo, data.walk_away[1]}, {xhi, data.walk_away[1]}});
  script += "set encoding utf8\nset grid lc rgb '#dddddd'\n" + detail::key_below();
  script += fmt::format("set title {}\n",
                        text(scenario.name() + ": every package by the utility of each party"));
  script +=
      fmt::format("set xlabel {}\nset ylabel {}\n", text("utility of " + scenario.party(0).name),
                  text("utility of " + scenario.party(1).name));
  script +=
      fmt::format("set xrange {}\nset yrange {}\n", data.ranges[0].text(), data.ranges[1].text());
  std::string plot = fmt::format("plot $outcomes using 1:2 with points {} title {}", kOutcomeStyle,
                                 text(data.outcomes_legend));
  if (!data.frontier.empty()) {
    plot += fmt::format(", $steps using 1:2 with fsteps lw 1.5 lc rgb '{}' title {}",
                        kFrontierColour, text("Pareto frontier"));
    plot += fmt::format(", $steps using 1:2 with points pt 7 ps 0.7 lc rgb '{}' title {}",
                        kFrontierColour, text(data.frontier_legend));
  }
  for (std::size_t j = 0; j < 2; ++j)
    plot += fmt::format(", $walk{} using 1:2 with lines dt {} lw 1.5 lc rgb '{}' title {}", j,
                        j == 0 ? 2 : 4, kWalkAwayColours[j], text(walk_away_legend(scenario, j)));
  if (data.status_quo)
    plot += fmt::format(", $statusquo using 1:2 with points {} title {}", kStatusQuoStyle,
                        text("status quo"));
  for (std::size_t k = 0; k < data.solutions.size(); ++k)
    plot += fmt::format(", $solution{} using 1:2 with points {} title {}", k,
                        detail::marker_style(k), text(data.solutions[k].label));
  return script + plot + "\n";
}

// Three or four parties: one panel per pair (row: y party, column: x party, lower triangle) and
// the shared legend in a key panel in the upper-right corner.
std::string matrix_script(const Scenario& scenario, const PlotData& data) {
  const std::size_t n = data.parties;
  const double top = 0.06;  // room for the title
  const double w = 1.0 / static_cast<double>(n - 1);
  const double h = (1.0 - top) / static_cast<double>(n - 1);
  std::string script = shared_blocks(data);
  script += "set encoding utf8\nset grid lc rgb '#dddddd'\nunset key\n";
  script += "set lmargin 9\nset rmargin 2\nset tmargin 1\nset bmargin 3.5\n";  // aligned panels
  script += fmt::format(
      "set multiplot title {}\n",
      text(scenario.name() + ": the utility of each pair of parties (efficient packages as points: "
                             "a projection of the frontier is not a line)"));
  for (std::size_t b = 1; b < n; ++b) {
    for (std::size_t a = 0; a < b; ++a) {
      const auto [xlo, xhi] = unpack(data.ranges[a]);
      const auto [ylo, yhi] = unpack(data.ranges[b]);
      script +=
          detail::gnuplot_datablock(fmt::format("walk{}{}", a, b), {{data.walk_away[a], ylo},
                                                                    {data.walk_away[a], yhi},
                                                                    {},
                                                                    {xlo, data.walk_away[b]},
                                                                    {xhi, data.walk_away[b]}});
      script += fmt::format("set origin {},{}\nset size {},{}\n", static_cast<double>(a) * w,
                            static_cast<double>(n - 1 - b) * h, w, h);
      // Axis labels on the outer edges only (a column shares its x party, a row its y party).
      script += b + 1 == n ? fmt::format("set xlabel {}\n", text(matrix_axis_label(scenario, a)))
                           : "unset xlabel\n";
      script += a == 0 ? fmt::format("set ylabel {}\n", text(matrix_axis_label(scenario, b)))
                       : "unset ylabel\n";
      script += fmt::format("set xrange {}\nset yrange {}\n", data.ranges[a].text(),
                            data.ranges[b].text());
      std::string plot = fmt::format("plot $outcomes using {}:{} with points {} notitle", a + 1,
                                     b + 1, kOutcomeStyle);
      plot += fmt::format(", $frontier using {}:{} with points pt 7 ps 0.6 lc rgb '{}' notitle",
                          a + 1, b + 1, kFrontierColour);
      plot += fmt::format(", $walk{}{} using 1:2 with lines dt 2 lw 1.5 lc rgb '{}' notitle", a, b,
                          kWalkAwayColours[0]);
      if (data.status_quo)
        plot += fmt::format(", $statusquo using {}:{} with points {} notitle", a + 1, b + 1,
                            kStatusQuoStyle);
      for (std::size_t k = 0; k < data.solutions.size(); ++k)
        plot += fmt::format(", $solution{} using {}:{} with points {} notitle", k, a + 1, b + 1,
                            detail::marker_style(k));
      script += plot + "\n";
    }
  }
  // The key panel: the upper-right cells, empty in a lower-triangular matrix.
  script += fmt::format("set origin {},{}\nset size {},{}\n", w, static_cast<double>(n - 2) * h,
                        static_cast<double>(n - 2) * w, h);
  script += "unset border\nunset tics\nunset xlabel\nunset ylabel\nunset grid\n";
  script += "set margins 0,0,0,0\nset xrange [0:1]\nset yrange [0:1]\n";
  script += "set key at graph 0.5, graph 0.5 center center box Left reverse spacing 1.3\n";
  const std::string walk_legend = "walk-away values (dashed)";
  std::string plot =
      fmt::format("plot NaN with points {} title {}", kOutcomeStyle, text(data.outcomes_legend));
  plot += fmt::format(", NaN with points pt 7 ps 0.6 lc rgb '{}' title {}", kFrontierColour,
                      text(data.frontier_legend));
  plot += fmt::format(", NaN with lines dt 2 lw 1.5 lc rgb '{}' title {}", kWalkAwayColours[0],
                      text(walk_legend));
  if (data.status_quo)
    plot += fmt::format(", NaN with points {} title {}", kStatusQuoStyle, text("status quo"));
  for (std::size_t k = 0; k < data.solutions.size(); ++k)
    plot += fmt::format(", NaN with points {} title {}", detail::marker_style(k),
                        text(data.solutions[k].label));
  script += plot + "\nunset multiplot\n";
  return script;
}

// One block of rows (axis j + 1, utility of party j) per utility vector.
std::vector<double> axis_row(std::size_t j, double u) { return {static_cast<double>(j + 1), u}; }

Rows polyline(const std::vector<double>& utilities) {
  Rows rows;
  for (std::size_t j = 0; j < utilities.size(); ++j) rows.push_back(axis_row(j, utilities[j]));
  return rows;
}

// Five or more parties: parallel coordinates.
std::string parallel_script(const Scenario& scenario, const Analysis& analysis,
                            const PlotData& data) {
  const std::size_t n = data.parties;
  Rows lines;
  for (const auto& row : data.frontier) {
    for (const auto& r : polyline(row)) lines.push_back(r);
    lines.emplace_back();  // a blank line ends the polyline
  }
  std::vector<double> all_values;
  for (const auto& row : data.frontier) all_values.insert(all_values.end(), row.begin(), row.end());
  all_values.insert(all_values.end(), data.walk_away.begin(), data.walk_away.end());
  for (const auto& m : data.solutions)
    all_values.insert(all_values.end(), m.point.begin(), m.point.end());
  if (data.status_quo)
    all_values.insert(all_values.end(), data.status_quo->begin(), data.status_quo->end());

  std::string script = detail::gnuplot_datablock("lines", lines);
  script += detail::gnuplot_datablock("walk", polyline(data.walk_away));
  if (data.status_quo) script += detail::gnuplot_datablock("statusquo", polyline(*data.status_quo));
  for (std::size_t k = 0; k < data.solutions.size(); ++k)
    script +=
        detail::gnuplot_datablock(fmt::format("solution{}", k), polyline(data.solutions[k].point));
  std::string title =
      fmt::format("{}: the efficient packages, one line each, on one axis per party ({} parties)",
                  scenario.name(), n);
  if (data.frontier.size() < analysis.frontier.packages.size())
    title += fmt::format("\n{} of the {} efficient packages drawn, evenly spread over the frontier",
                         data.frontier.size(), analysis.frontier.packages.size());
  title += "\nother packages are not drawn";
  script += "set encoding utf8\nset grid ytics lc rgb '#dddddd'\n" + detail::key_below();
  script += fmt::format("set title {}\n", text(title));
  std::string tics = "set xtics (";
  for (std::size_t j = 0; j < n; ++j)
    tics += fmt::format("{}{} {}", j ? ", " : "", text(scenario.party(j).name), j + 1);
  script += tics + fmt::format(") nomirror{}\n", n > 8 ? " rotate by -30" : "");
  script += "set xtics scale 0\n";
  for (std::size_t j = 0; j < n; ++j)  // one vertical axis per party
    script += fmt::format(
        "set arrow from {0}, graph 0 to {0}, graph 1 nohead lw 1.5 lc rgb '#555555' back\n", j + 1);
  script += fmt::format("set xrange [0.8:{}]\nset yrange {}\n", static_cast<double>(n) + 0.2,
                        detail::padded_range(all_values).text());
  script += fmt::format("set ylabel {}\n", text("utility"));
  std::string plot =
      fmt::format("plot $lines using 1:2 with lines lw 1 lc rgb '#a01f5fbf' title {}",
                  text(data.frontier_legend));
  plot +=
      fmt::format(", $walk using 1:2 with linespoints dt 2 lw 2 pt 1 ps 1.5 lc rgb '{}' title {}",
                  kWalkAwayColours[0], text("walk-away values"));
  if (data.status_quo)
    plot += fmt::format(", $statusquo using 1:2 with linespoints dt 3 {} title {}", kStatusQuoStyle,
                        text("status quo"));
  for (std::size_t k = 0; k < data.solutions.size(); ++k)
    plot += fmt::format(", $solution{} using 1:2 with linespoints {} title {}", k,
                        detail::marker_style(k), text(data.solutions[k].label));
  return script + plot + "\n";
}

ChartScript analysis_script(const Scenario& scenario, const Analysis& analysis,
                            const PlotOptions& options) {
  const std::size_t parties = scenario.party_count();
  if (parties < 2) throw UnsupportedError("plotting needs two parties");
  if (parties > kMatrixMaxParties) {
    PlotOptions none = options;
    none.max_points = 0;  // parallel coordinates draw the efficient packages only
    return {
        parallel_script(scenario, analysis, plot_data(scenario, analysis, none, kMaxFrontierLines)),
        1100, 760};
  }
  const PlotData data = plot_data(scenario, analysis, options, kMaxFrontierPoints);
  if (parties == 2) return {two_party_script(scenario, data), 1000, 760};
  if (parties == 3) return {matrix_script(scenario, data), 1000, 820};
  return {matrix_script(scenario, data), 1150, 980};
}

}  // namespace

void check_plot_path(const std::string& path, std::string_view option) {
  detail::check_chart_path(path, option);
}

void plot_analysis(const Scenario& scenario, const Analysis& analysis, const std::string& path,
                   const PlotOptions& options) {
  detail::check_chart_path(path, "--plot");
  const ChartScript chart = analysis_script(scenario, analysis, options);
  detail::draw_chart(path, "--plot", chart.width, chart.height, chart.script);
}

std::string render_analysis_svg(const Scenario& scenario, const Analysis& analysis,
                                const PlotOptions& options) {
  const ChartScript chart = analysis_script(scenario, analysis, options);
  return detail::render_with_gnuplot(
      detail::chart_terminal(detail::ChartFormat::svg, chart.width, chart.height), chart.script);
}

}  // namespace parley
