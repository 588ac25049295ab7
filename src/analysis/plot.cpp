// Drawing the utility space with gnuplot (support/gnuplot.hpp runs it on a script and data files
// in a fresh temporary folder). Two parties: u1 against u2; more: one panel per pair of parties.
#include <unistd.h>

#include <fmt/format.h>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "outcome_walk.hpp"
#include "parley/analysis/analysis.hpp"
#include "parley/support/error.hpp"
#include "support/gnuplot.hpp"

namespace parley {
namespace {

namespace fs = std::filesystem;

// Outcomes to draw: all of them when few, else a seeded uniform sample.
std::vector<std::vector<double>> outcome_points(const Scenario& scenario,
                                                const PlotOptions& options) {
  std::vector<std::vector<double>> rows;
  if (scenario.can_enumerate(options.max_points)) {
    detail::for_each_outcome(
        scenario, [&](const Outcome&, const std::vector<double>& u) { rows.push_back(u); });
    return rows;
  }
  std::mt19937_64 generator(options.seed);
  Outcome outcome;
  for (std::uint64_t k = 0; k < options.max_points; ++k) {
    detail::draw_outcome(scenario.space(), generator, outcome);
    rows.push_back(scenario.utilities(outcome));
  }
  return rows;
}

std::string plain(const std::string& text) { return detail::gnuplot_string(text, false); }

}  // namespace

namespace {

constexpr int kPlotWidth = 1000, kPlotHeight = 760;

// The gnuplot script of the analysis plot (data inline, as data blocks).
std::string analysis_script(const Scenario& scenario, const Analysis& analysis,
                            const PlotOptions& options) {
  const std::size_t parties = scenario.party_count();
  std::vector<std::vector<double>> frontier_rows;
  for (const auto& package : analysis.frontier.packages) frontier_rows.push_back(package.utilities);
  std::string script = detail::gnuplot_datablock("outcomes", outcome_points(scenario, options));
  script += detail::gnuplot_datablock("frontier", frontier_rows);
  for (std::size_t k = 0; k < analysis.solutions.size(); ++k)
    script +=
        detail::gnuplot_datablock(fmt::format("solution{}", k), {analysis.solutions[k].utilities});

  // Pairs of parties to draw (at most six panels).
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t a = 0; a < parties && pairs.size() < 6; ++a)
    for (std::size_t b = a + 1; b < parties && pairs.size() < 6; ++b) pairs.emplace_back(a, b);

  script += "set encoding utf8\nset grid lc rgb '#dddddd'\nset key outside right top box\n";
  script += "set style line 1 lc rgb '#b0b0b0' pt 7 ps 0.3\n";
  script += "set style line 2 lc rgb '#1f5fbf' pt 7 ps 0.7 lw 1.5\n";
  if (pairs.size() > 1) {
    const std::size_t columns = pairs.size() <= 2 ? pairs.size() : (pairs.size() <= 4 ? 2 : 3);
    const std::size_t rows = (pairs.size() + columns - 1) / columns;
    script += fmt::format("set multiplot layout {},{} title {}\n", rows, columns,
                          plain(scenario.name() + ": utility of each pair of parties"));
    script += "unset key\n";
  } else {
    script += fmt::format("set title {}\n",
                          plain(scenario.name() + ": every package by the utility of each side"));
  }
  const char* point_types[] = {"5", "7", "9", "11", "13", "15"};
  const char* colours[] = {"#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"};
  for (const auto& [a, b] : pairs) {
    const auto& pa = scenario.party(a);
    const auto& pb = scenario.party(b);
    script += fmt::format("set xlabel {}\nset ylabel {}\n", plain("utility of " + pa.name),
                          plain("utility of " + pb.name));
    script += "unset arrow\n";
    script +=
        fmt::format("set arrow from {0}, graph 0 to {0}, graph 1 nohead dt 2 lc rgb '#d62728'\n",
                    format_number(pa.reservation_value));
    script += fmt::format(
        "set arrow from graph 0, first {0} to graph 1, first {0} nohead dt 2 lc rgb '#d62728'\n",
        format_number(pb.reservation_value));
    std::string plot = fmt::format(
        "plot $outcomes using {0}:{1} with points ls 1 title 'packages', "
        "$frontier using {0}:{1} with {2} ls 2 title 'efficient packages', "
        "NaN with lines dt 2 lc rgb '#d62728' title 'walk-away values'",
        a + 1, b + 1, pairs.size() == 1 ? "linespoints" : "points");
    for (std::size_t k = 0; k < analysis.solutions.size(); ++k)
      plot += fmt::format(", $solution{} using {}:{} with points pt {} ps 2 lc rgb '{}' title {}",
                          k, a + 1, b + 1, point_types[k % 6], colours[k % 6],
                          plain(title(analysis.solutions[k].kind)));
    script += plot + "\n";
  }
  if (pairs.size() > 1) script += "unset multiplot\n";
  return script;
}

}  // namespace

void check_plot_path(const std::string& path, std::string_view option) {
  detail::check_chart_path(path, option);
}

void plot_analysis(const Scenario& scenario, const Analysis& analysis, const std::string& path,
                   const PlotOptions& options) {
  detail::check_chart_path(path, "--plot");
  detail::draw_chart(path, "--plot", kPlotWidth, kPlotHeight,
                     analysis_script(scenario, analysis, options));
}

std::string render_analysis_svg(const Scenario& scenario, const Analysis& analysis,
                                const PlotOptions& options) {
  return detail::render_with_gnuplot(
      detail::chart_terminal(detail::ChartFormat::svg, kPlotWidth, kPlotHeight),
      analysis_script(scenario, analysis, options));
}

}  // namespace parley
