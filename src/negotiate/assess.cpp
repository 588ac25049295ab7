// Outcome assessment against the frontier, post-settlement improvements (weak Pareto
// improvements), and the session plot (offers coloured by time over the frontier, walk-away
// lines, solutions, agreement; support/gnuplot.hpp draws it like the analysis plot).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "parley/analysis/analysis.hpp"
#include "parley/analysis/frontier.hpp"
#include "parley/analysis/improvements.hpp"
#include "parley/analysis/report.hpp"
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

// Party j's tolerance of "the same utility", as the frontier's: tolerance x its utility range
// (a zero or unknown range counting as 1).
std::vector<double> party_tolerance(const Frontier& frontier, std::size_t parties) {
  std::vector<double> tolerance(parties, std::max(frontier.tolerance, 1e-12));
  for (std::size_t j = 0; j < parties; ++j) {
    if (j < frontier.ranges.min.size() && j < frontier.ranges.max.size()) {
      const double range = frontier.ranges.max[j] - frontier.ranges.min[j];
      if (range > 0.0) tolerance[j] *= range;
    }
  }
  return tolerance;
}

// `u` is a weak Pareto improvement on `base`: nobody worse off (within tolerance), somebody
// strictly better.
bool weakly_improves(const std::vector<double>& u, const std::vector<double>& base,
                     const std::vector<double>& tolerance) {
  bool strictly = false;
  for (std::size_t j = 0; j < base.size(); ++j) {
    if (u[j] < base[j] - tolerance[j]) return false;
    if (u[j] > base[j] + tolerance[j]) strictly = true;
  }
  return strictly;
}

}  // namespace

OutcomeAssessment assess_outcome(const std::vector<double>& utilities, const Frontier& frontier,
                                 const std::vector<Solution>& solutions) {
  OutcomeAssessment a;
  a.distance_to_frontier = std::numeric_limits<double>::infinity();
  const auto tolerance = party_tolerance(frontier, utilities.size());
  a.pareto_optimal = true;
  for (const auto& p : frontier.packages) {
    a.distance_to_frontier = std::min(a.distance_to_frontier, distance(p.utilities, utilities));
    if (weakly_improves(p.utilities, utilities, tolerance)) a.pareto_optimal = false;
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
  // The analysis's own improvements of an agreement (parley/analysis/improvements.hpp), every
  // one of them, in its ranking.
  const ImprovementAnalysis analysis =
      improve_agreement(scenario, agreement, frontier, std::numeric_limits<std::size_t>::max());
  std::vector<std::size_t> result;
  for (const auto& improvement : analysis.improvements)
    result.push_back(improvement.frontier_index);
  return result;
}

namespace {

constexpr int kSessionPlotWidth = 1000, kSessionPlotHeight = 820;

std::string text(std::string_view s) { return detail::gnuplot_string(s, false); }

// The pure bargaining solutions over the frontier's individually rational packages (a session
// agrees on a package, never on a lottery), each party's utility within tolerance x its range.
std::vector<detail::ChartMarker> solution_markers(const Scenario& scenario,
                                                  const Frontier& frontier,
                                                  std::vector<double>& tolerance) {
  const std::size_t n = scenario.party_count();
  tolerance = party_tolerance(frontier, n);
  AgreementZone zone;
  for (const auto& p : frontier.packages) {
    bool rational = true;
    for (std::size_t j = 0; j < n; ++j)
      if (p.utilities[j] < scenario.party(j).reservation_value - tolerance[j]) rational = false;
    if (rational) zone.rational_frontier.push_back(p);
  }
  zone.exists = !zone.rational_frontier.empty();
  std::vector<detail::ChartMarker> markers;
  for (const auto& s : bargaining_solutions(scenario, zone, frontier.tolerance))
    if (!is_lottery(s.kind)) markers.push_back({short_title(s.kind), s.utilities});
  return detail::merge_markers(markers, tolerance);
}

}  // namespace

void plot_session(const Scenario& scenario, const std::vector<std::string>& labels,
                  const SessionResult& result, const Frontier& frontier, const std::string& path) {
  check_plot_path(path, "--plot");
  const std::size_t n = scenario.party_count();
  if (n < 2) throw UnsupportedError("plotting needs two parties");
  auto name = [&](std::size_t p) {
    std::string s = scenario.party(p).name;
    if (p < labels.size()) s += " (" + labels[p] + ")";
    return s;
  };
  std::vector<double> tolerance;
  const auto solutions = solution_markers(scenario, frontier, tolerance);

  // Everything drawn, in the first two parties' utilities.
  using Rows = std::vector<std::vector<double>>;
  Rows efficient;
  for (const auto& p : frontier.packages) efficient.push_back({p.utilities[0], p.utilities[1]});
  std::sort(efficient.begin(), efficient.end(),
            [](const auto& a, const auto& b) { return a[0] != b[0] ? a[0] < b[0] : a[1] > b[1]; });
  std::vector<Rows> offers(n);
  for (const auto& e : result.trace)
    if (e.kind == ActionKind::offer && e.actor < n)
      offers[e.actor].push_back({e.utilities[0], e.utilities[1], e.time});
  std::optional<std::vector<double>> agreement, status_quo;
  if (result.outcome) agreement = scenario.utilities(*result.outcome);
  if (scenario.status_quo()) status_quo = scenario.utilities(*scenario.status_quo());
  std::vector<double> xs{scenario.party(0).reservation_value},
      ys{scenario.party(1).reservation_value};
  auto cover = [&](double x, double y) {
    xs.push_back(x);
    ys.push_back(y);
  };
  for (const auto& r : efficient) cover(r[0], r[1]);
  for (const auto& party : offers)
    for (const auto& r : party) cover(r[0], r[1]);
  for (const auto& m : solutions) cover(m.point[0], m.point[1]);
  if (agreement) cover((*agreement)[0], (*agreement)[1]);
  if (status_quo) cover((*status_quo)[0], (*status_quo)[1]);
  const auto x = detail::padded_range(xs), y = detail::padded_range(ys);
  std::string script = detail::gnuplot_datablock("frontier", efficient);
  for (std::size_t p = 0; p < n; ++p)
    script += detail::gnuplot_datablock("offers" + std::to_string(p), offers[p]);
  const double r0 = scenario.party(0).reservation_value, r1 = scenario.party(1).reservation_value;
  script += detail::gnuplot_datablock("walk0", {{r0, y.lo}, {r0, y.hi}});
  script += detail::gnuplot_datablock("walk1", {{x.lo, r1}, {x.hi, r1}});
  if (agreement) script += detail::gnuplot_datablock("agreement", {*agreement});
  if (status_quo) script += detail::gnuplot_datablock("statusquo", {*status_quo});
  for (std::size_t k = 0; k < solutions.size(); ++k)
    script += detail::gnuplot_datablock("solution" + std::to_string(k), {solutions[k].point});

  std::string title = scenario.name() + ": ";
  for (std::size_t p = 0; p < n; ++p) title += (p ? " vs " : "") + name(p);
  if (result.agreement())
    title += fmt::format("\nagreement in round {} (t = {:.3f})", result.round + 1, result.time);
  else
    title += fmt::format("\nno agreement ({})", to_string(result.reason));
  if (n > 2)
    title += fmt::format("; utilities of {} and {} shown ({} other parties not drawn)",
                         scenario.party(0).name, scenario.party(1).name, n - 2);
  script += "set encoding utf8\nset grid lc rgb '#dddddd'\n" + detail::key_below();
  script += "set rmargin at screen 0.87\n";
  script += detail::time_palette("time of the offer (0: start, 1: deadline)");
  script += fmt::format("set title {}\nset xlabel {}\nset ylabel {}\n", text(title),
                        text("utility of " + name(0)), text("utility of " + name(1)));
  script += fmt::format("set xrange {}\nset yrange {}\n", x.text(), y.text());

  std::string plot = "plot ";
  if (n == 2) {
    plot += fmt::format("$frontier using 1:2 with fsteps lw 1.5 lc rgb '#1f5fbf' title {}, ",
                        text("Pareto frontier"));
  }
  plot += fmt::format("$frontier using 1:2 with points pt 7 ps 0.5 lc rgb '#1f5fbf' title {}",
                      text(fmt::format("efficient packages ({})", frontier.packages.size())));
  for (std::size_t j = 0; j < 2; ++j)
    plot += fmt::format(", $walk{} using 1:2 with lines dt {} lw 1.5 lc rgb '{}' title {}", j,
                        j == 0 ? 2 : 4, j == 0 ? "#d62728" : "#ff7f0e",
                        text(fmt::format("walk-away of {} ({})", scenario.party(j).name,
                                         format_number(scenario.party(j).reservation_value))));
  static constexpr const char* kOfferPoints[] = {"7", "5", "9", "11", "13", "15"};
  for (std::size_t p = 0; p < n; ++p)
    plot += fmt::format(
        ", $offers{} using 1:2:3 with points pt {} ps 0.8 lc palette title {}", p,
        kOfferPoints[p % 6],
        text(fmt::format("offers of {} ({})", scenario.party(p).name, offers[p].size())));
  if (status_quo)
    plot += fmt::format(
        ", $statusquo using 1:2 with points pt 4 ps 3 lw 2 lc rgb '#000000' "
        "title {}",
        text("status quo"));
  for (std::size_t k = 0; k < solutions.size(); ++k)
    plot += fmt::format(", $solution{} using 1:2 with points {} title {}", k,
                        detail::marker_style(k), text(solutions[k].label));
  if (agreement)
    plot += fmt::format(
        ", $agreement using 1:2 with points pt 6 ps 4 lw 3 lc rgb '#000000' "
        "title {}",
        text("agreement"));
  script += plot + "\n";
  detail::draw_chart(path, "--plot", kSessionPlotWidth, kSessionPlotHeight, script);
}

}  // namespace parley
