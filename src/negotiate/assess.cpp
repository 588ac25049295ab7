// Outcome assessment against the frontier, post-settlement improvements, and the offer plot.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <sstream>

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "parley/negotiate/negotiation.hpp"
#include "parley/support/error.hpp"
#include "support/gnuplot.hpp"

namespace parley {

namespace {

double distance(const std::vector<double>& a, const std::vector<double>& b) {
  double sum = 0.0;
  for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) sum += (a[k] - b[k]) * (a[k] - b[k]);
  return std::sqrt(sum);
}

}  // namespace

OutcomeAssessment assess_outcome(const std::vector<double>& utilities, const Frontier& frontier,
                                 const std::vector<Solution>& solutions) {
  OutcomeAssessment a;
  a.distance_to_frontier = std::numeric_limits<double>::infinity();
  const double tol = std::max(frontier.tolerance, 1e-12);
  a.pareto_optimal = true;
  for (const auto& p : frontier.packages) {
    a.distance_to_frontier = std::min(a.distance_to_frontier, distance(p.utilities, utilities));
    bool weakly = true, strictly = false;
    for (std::size_t j = 0; j < utilities.size(); ++j) {
      if (p.utilities[j] < utilities[j] - tol) weakly = false;
      if (p.utilities[j] > utilities[j] + tol) strictly = true;
    }
    if (weakly && strictly) a.pareto_optimal = false;
  }
  if (frontier.packages.empty()) a.distance_to_frontier = 0.0;
  for (const auto& s : solutions) {
    if (s.kind == SolutionKind::nash) a.distance_to_nash = distance(s.utilities, utilities);
    if (s.kind == SolutionKind::kalai_smorodinsky)
      a.distance_to_kalai_smorodinsky = distance(s.utilities, utilities);
  }
  return a;
}

std::vector<std::size_t> post_settlement_improvements(const Scenario& scenario,
                                                      const Outcome& agreement,
                                                      const Frontier& frontier) {
  const auto base = scenario.utilities(agreement);
  const double tol = std::max(frontier.tolerance, 1e-12);
  std::vector<std::pair<double, std::size_t>> found;
  for (std::size_t k = 0; k < frontier.packages.size(); ++k) {
    const auto& u = frontier.packages[k].utilities;
    double product = 1.0;
    bool better_for_all = true;
    for (std::size_t j = 0; j < base.size(); ++j) {
      if (u[j] <= base[j] + tol) better_for_all = false;
      product *= u[j] - base[j];
    }
    if (better_for_all) found.emplace_back(product, k);
  }
  // Largest product of gains first; ties keep the frontier order.
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::size_t> result;
  for (const auto& f : found) result.push_back(f.second);
  return result;
}

void plot_session(const Scenario& scenario, const std::vector<std::string>& labels,
                  const SessionResult& result, const Frontier& frontier, const std::string& path) {
  if (scenario.party_count() < 2) throw UnsupportedError("plotting needs two parties");
  const auto extension = std::filesystem::path(path).extension().string();
  std::string terminal;
  if (extension == ".svg")
    terminal = "svg size 900,700 dynamic background rgb 'white'";
  else if (extension == ".png")
    terminal = "pngcairo size 900,700";
  else
    throw InputError(path, std::nullopt, "plot", "extension '" + extension + "'", ".svg or .png");
  std::ostringstream script;
  auto name = [&](std::size_t p) {
    std::string s = scenario.party(p).name;
    if (p < labels.size()) s += " (" + labels[p] + ")";
    return s;
  };
  using detail::gnuplot_string;
  script << "set key outside bottom center horizontal\nset grid\n"
         << "set xlabel " << gnuplot_string("utility of " + name(0)) << "\nset ylabel "
         << gnuplot_string("utility of " + name(1)) << "\nset title "
         << gnuplot_string(scenario.name() + ": " + to_string(result.reason), false)
         << " noenhanced\nset xrange [0:1.05]\nset yrange [0:1.05]\n";
  script << "$frontier << EOD\n";
  for (const auto& p : frontier.packages)
    script << format_number(p.utilities[0]) << ' ' << format_number(p.utilities[1]) << '\n';
  script << "EOD\n";
  for (std::size_t party = 0; party < 2; ++party) {
    script << "$offers" << party << " << EOD\n";
    for (const auto& e : result.trace)
      if (e.kind == ActionKind::offer && e.actor == party)
        script << format_number(e.utilities[0]) << ' ' << format_number(e.utilities[1]) << '\n';
    script << "EOD\n";
  }
  script << "$agreement << EOD\n";
  if (result.outcome) {
    const auto u = scenario.utilities(*result.outcome);
    script << format_number(u[0]) << ' ' << format_number(u[1]) << '\n';
  } else {
    script << "NaN NaN\n";
  }
  script << "EOD\n";
  script << "plot $frontier using 1:2 with linespoints lc rgb '#444444' pt 7 ps 0.5 title "
            "\"Pareto frontier\" noenhanced, "
         << "$offers0 using 1:2 with points pt 7 ps 0.6 lc rgb '#1f77b4' title "
         << gnuplot_string("offers of " + name(0), false) << " noenhanced, "
         << "$offers1 using 1:2 with points pt 5 ps 0.6 lc rgb '#d62728' title "
         << gnuplot_string("offers of " + name(1), false) << " noenhanced, "
         << "$agreement using 1:2 with points pt 3 ps 3 lw 2 lc rgb '#2ca02c' title "
            "\"agreement\"\n";
  detail::draw_with_gnuplot(path, terminal, script.str());
}

}  // namespace parley
