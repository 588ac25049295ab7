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

// A temporary folder removed when the object goes away.
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (fs::temp_directory_path() / "parley-plot-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      throw Error(fmt::format("plot: cannot create a temporary folder: {}", std::strerror(errno)));
    path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write_rows(const fs::path& file, const std::vector<std::vector<double>>& rows) {
  std::ofstream out(file);
  for (const auto& row : rows) {
    for (std::size_t k = 0; k < row.size(); ++k) out << (k ? " " : "") << format_number(row[k]);
    out << '\n';
  }
  if (!out) throw Error(fmt::format("plot: cannot write {}", file.string()));
}

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

void plot_analysis(const Scenario& scenario, const Analysis& analysis, const std::string& path,
                   const PlotOptions& options) {
  const fs::path target(path);
  std::string extension = target.extension().string();
  for (auto& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string terminal;
  if (extension == ".svg") {
    terminal = "svg size 1000,760 dynamic enhanced font 'Helvetica,12' background rgb 'white'";
  } else if (extension == ".png") {
    terminal = "pngcairo size 1000,760 enhanced font 'Helvetica,11' background rgb 'white'";
  } else {
    throw InputError(path, std::nullopt, "--plot", extension.empty() ? "no extension" : extension,
                     "a file name ending in .svg or .png");
  }
  const std::size_t parties = scenario.party_count();
  TemporaryFolder folder;
  write_rows(folder.path() / "outcomes.dat", outcome_points(scenario, options));
  std::vector<std::vector<double>> frontier_rows;
  for (const auto& package : analysis.frontier.packages) frontier_rows.push_back(package.utilities);
  write_rows(folder.path() / "frontier.dat", frontier_rows);
  for (std::size_t k = 0; k < analysis.solutions.size(); ++k)
    write_rows(folder.path() / fmt::format("solution{}.dat", k), {analysis.solutions[k].utilities});

  // Pairs of parties to draw (at most six panels).
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t a = 0; a < parties && pairs.size() < 6; ++a)
    for (std::size_t b = a + 1; b < parties && pairs.size() < 6; ++b) pairs.emplace_back(a, b);

  // gnuplot runs from the temporary folder: it reads the data files by relative name.
  std::string script = "cd " + plain(folder.path().string()) + "\n";
  script += "set encoding utf8\nset grid lc rgb '#dddddd'\nset key outside right top box\n";
  script += "set style line 1 lc rgb '#b0b0b0' pt 7 ps 0.3\n";
  script += "set style line 2 lc rgb '#1f5fbf' pt 7 ps 0.7 lw 1.5\n";
  if (pairs.size() > 1) {
    const std::size_t columns = pairs.size() <= 2 ? pairs.size() : (pairs.size() <= 4 ? 2 : 3);
    const std::size_t rows = (pairs.size() + columns - 1) / columns;
    script += fmt::format("set multiplot layout {},{} title {} noenhanced\n", rows, columns,
                          plain(scenario.name() + ": utility of each pair of parties"));
    script += "unset key\n";
  } else {
    script += fmt::format("set title {} noenhanced\n",
                          plain(scenario.name() + ": every package by the utility of each side"));
  }
  const char* point_types[] = {"5", "7", "9", "11", "13", "15"};
  const char* colours[] = {"#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b"};
  for (const auto& [a, b] : pairs) {
    const auto& pa = scenario.party(a);
    const auto& pb = scenario.party(b);
    script += fmt::format("set xlabel {} noenhanced\nset ylabel {} noenhanced\n",
                          plain("utility of " + pa.name), plain("utility of " + pb.name));
    script += "unset arrow\n";
    script +=
        fmt::format("set arrow from {0}, graph 0 to {0}, graph 1 nohead dt 2 lc rgb '#d62728'\n",
                    format_number(pa.reservation_value));
    script += fmt::format(
        "set arrow from graph 0, first {0} to graph 1, first {0} nohead dt 2 lc rgb '#d62728'\n",
        format_number(pb.reservation_value));
    std::string plot = fmt::format(
        "plot 'outcomes.dat' using {0}:{1} with points ls 1 title 'packages', "
        "'frontier.dat' using {0}:{1} with {2} ls 2 title 'efficient packages', "
        "NaN with lines dt 2 lc rgb '#d62728' title 'walk-away values'",
        a + 1, b + 1, pairs.size() == 1 ? "linespoints" : "points");
    for (std::size_t k = 0; k < analysis.solutions.size(); ++k)
      plot +=
          fmt::format(", 'solution{}.dat' using {}:{} with points pt {} ps 2 lc rgb '{}' title {}",
                      k, a + 1, b + 1, point_types[k % 6], colours[k % 6],
                      detail::gnuplot_string(title(analysis.solutions[k].kind)));
    script += plot + "\n";
  }
  if (pairs.size() > 1) script += "unset multiplot\n";
  detail::draw_with_gnuplot(target, terminal, script);
}

}  // namespace parley
