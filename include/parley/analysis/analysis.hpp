// What `parley solve` answers: the zone of possible agreement, the bargaining solutions over it,
// indicators, and a package-by-package explanation.
//
// Definitions (references and worked examples in docs/analysis.md):
//  - individually rational (IR): every party's utility >= its reservation value (walk-away),
//    within the frontier tolerance (u_j >= r_j - tolerance * range_j);
//  - Nash (1950): maximises the product of gains u_j - r_j over IR frontier packages;
//  - Kalai-Smorodinsky (1975): maximises min_j (u_j - r_j) / (ideal_j - r_j), ideal_j the best
//    IR utility of party j (a party with ideal_j = r_j counts as fully satisfied, ratio 1);
//  - egalitarian (Kalai 1977): maximises min_j (u_j - r_j);
//  - utilitarian: maximises sum_j u_j (over IR frontier packages);
//  - lottery Nash / Kalai-Smorodinsky (two parties, AnalysisOptions::lotteries): the same criteria
//    over the upper convex hull of the IR frontier, i.e. over lotteries between two adjacent hull
//    vertices (a single package reaching the same utilities is preferred to a draw). Nash: the
//    product of expected gains is maximised on each hull segment in closed form; KS: the hull
//    point on the line from the disagreement point (r_1, r_2) to the ideal point.
// Ties: two criterion values are equal when they differ by at most tolerance * scale, the scale
// being the criterion's value at the ideal gains (product of ideal gains for Nash, 1 for KS,
// the largest ideal gain for egalitarian, the sum of |ideal| utilities for utilitarian). Among
// equal packages the one with the larger sum of relative gains (u_j - r_j) / (ideal_j - r_j)
// wins, then the frontier order (first party's utility descending). Both tie-breaks are
// unchanged by a positive affine rescaling of any party's utility, so Nash and KS are too.
// Every solution lies on the frontier and is individually rational.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parley/analysis/frontier.hpp"
#include "parley/model/scenario.hpp"

namespace parley {

struct AgreementZone {
  // True when at least one package is individually rational.
  bool exists = false;
  // Frontier packages that are individually rational, in frontier order.
  std::vector<Package> rational_frontier;
  // Share of the whole space that is individually rational, exact when `share_exact`,
  // else a seeded Monte-Carlo estimate with its 95% half-width (normal approximation; when no
  // or every sample is rational, the "rule of three" 3/samples).
  double rational_share = 0.0;
  bool share_exact = true;
  double share_half_width = 0.0;
  std::uint64_t share_samples = 0;  // samples drawn (0 when exact)
  // Number of IR packages (when the space could be counted exactly).
  std::optional<std::uint64_t> rational_count;
  // When no zone exists: the frontier package closest to acceptable (smallest largest shortfall
  // relative to each party's utility range), and by how much each party falls short of its
  // walk-away value there (0 for parties it satisfies).
  std::optional<Package> closest_package;
  std::vector<double> shortfall;
};

enum class SolutionKind {
  nash,
  kalai_smorodinsky,
  egalitarian,
  utilitarian,
  nash_lottery,
  kalai_smorodinsky_lottery
};

const char* to_string(SolutionKind kind) noexcept;  // "nash", "kalai-smorodinsky", ...
const char* title(SolutionKind kind) noexcept;      // "Nash bargaining solution", ...
bool is_lottery(SolutionKind kind) noexcept;

struct Solution {
  SolutionKind kind = SolutionKind::nash;
  // One package, or two for a lottery (with their probabilities, summing to 1).
  std::vector<Package> packages;
  std::vector<double> probabilities;
  // Utility of each party (expected utility for lotteries), and gain over walking away.
  std::vector<double> utilities;
  std::vector<double> gains;
  // The criterion's value (product of gains, smallest relative gain, smallest gain, total).
  double criterion = 0.0;
};

// Points: each party's utility range over the whole space, from its worst package to its best,
// is 100 points. points(j, u) = 100 (u - worst_j) / (best_j - worst_j), and a utility difference
// d is 100 d / (best_j - worst_j) points. A party with a zero range counts its range as 1.
// Built from the indicators (exact for linear-additive or enumerable spaces, else estimated).
struct PointScale {
  std::vector<double> worst, best;  // per party

  double range(std::size_t party) const;
  double points(std::size_t party, double utility) const;
  double difference(std::size_t party, double utility_difference) const;
};

// Issue-by-issue explanation of one package.
struct IssueExplanation {
  std::size_t issue = 0;
  ValueIndex value = 0;
  // For each party: its preferred value of this issue (for non-linear preferences: the best
  // value with the rest of the package kept), the share of its utility range this issue carries
  // (its weight, for linear-additive preferences with normalised value functions), and what it
  // gives up here relative to its preferred value (in utility, >= 0, and in points of the
  // explanation's PointScale: 100 * concession / range).
  std::vector<ValueIndex> preferred;
  std::vector<double> importance;
  std::vector<double> concession;
  std::vector<double> concession_points;
  // Parties that get their preferred value here (or one they like as much).
  std::vector<std::size_t> winners;
};

// What one party gets on the contested issues of a package (issues where some party gives way).
struct PartyTrade {
  std::vector<std::size_t> won;       // contested issues where it gets its preferred option
  std::vector<std::size_t> conceded;  // contested issues where it gives way
  // Sums of the importance shares (0..1) of those issues, and the points it gives up on them.
  double won_importance = 0.0;
  double conceded_importance = 0.0;
  double conceded_points = 0.0;
  // Every issue it wins weighs at least as much as every issue it concedes (importance shares
  // compared within 1e-9); true when it wins nothing or concedes nothing.
  bool wins_what_matters_most = true;
};

struct Explanation {
  std::vector<IssueExplanation> issues;
  // One per party.
  std::vector<PartyTrade> trades;
  // A logrolling trade (Raiffa 1982) in this precise sense: every party wins at least one
  // contested issue and concedes at least one, and for every party each issue it wins weighs at
  // least as much as each issue it concedes (PartyTrade::wins_what_matters_most). The sentences
  // call the package a logrolling trade exactly when this is true.
  bool logrolling = false;
  // Each party's gain over walking away, in points (negative: worse than walking away).
  std::vector<double> gain_points;
  // Plain-language sentences: per contested issue who wins and who gives up how many points,
  // what each side wins and concedes, the logrolling verdict, the comparison with walking away.
  // Option labels are quoted ('joint') so that they cannot be read as party names.
  std::vector<std::string> sentences;
};

struct Indicators {
  std::vector<double> ideal_point;      // best utility of each party over the space
  std::vector<double> worst_point;      // worst utility of each party over the space
  std::vector<Package> ideal_packages;  // each party's best package
  std::vector<Package> worst_packages;  // each party's worst package
  // Exact for linear-additive utilities or enumerable spaces; otherwise the best from the
  // frontier and the worst from a seeded sample.
  bool exact = true;
  // Euclidean distance from the ideal point to the nearest frontier point (0: no conflict).
  double opposition = 0.0;
};

// The points scale of the indicators' worst and best utilities.
PointScale point_scale(const Indicators& indicators);

struct AnalysisOptions {
  FrontierOptions frontier;
  // Outcomes at most this many are counted exactly for the rational share; else sampled.
  std::uint64_t count_limit = 20'000'000;
  std::uint64_t share_samples = 200'000;
  std::uint64_t seed = 1;
  // Two parties: also the lottery solutions (draw lots between two packages). Off by default:
  // drawing lots only suits divisible or repeatable matters, and the report says so.
  bool lotteries = false;
};

struct Analysis {
  Frontier frontier;
  AgreementZone zone;
  // In SolutionKind order; lotteries only for two parties and when AnalysisOptions::lotteries.
  std::vector<Solution> solutions;
  std::vector<Explanation> explanations;  // one per solution (of its most likely package)
  Indicators indicators;
};

Analysis analyse(const Scenario& scenario, const AnalysisOptions& options = {});

// Individual pieces, for callers that already hold a frontier.
AgreementZone agreement_zone(const Scenario& scenario, const Frontier& frontier,
                             const AnalysisOptions& options = {});
// Lottery solutions only when `lotteries` (two parties). Hull vertices on a straight stretch
// (within tolerance, in relative-gain coordinates) are dropped, and a lottery whose expected
// utilities a single IR frontier package reaches (within tolerance x each party's spread over
// the IR frontier) is that package: no needless draw.
std::vector<Solution> bargaining_solutions(const Scenario& scenario, const AgreementZone& zone,
                                           double tolerance = 1e-9, bool lotteries = false);
Indicators indicators(const Scenario& scenario, const Frontier& frontier,
                      const AnalysisOptions& options = {});
// Points on `scale` (normally point_scale(analysis.indicators)); without one, each party's range
// is the sum of its issues' swings with the rest of the package kept (exact for linear-additive
// preferences).
Explanation explain(const Scenario& scenario, const Package& package);
Explanation explain(const Scenario& scenario, const Package& package, const PointScale& scale);

// Readable report (what `parley solve` prints: it renders the reader model of
// parley/analysis/report.hpp).
std::string render_report(const Scenario& scenario, const Analysis& analysis);

// The JSON form of the report (`parley solve --json`, schema "parley-solve/2":
// docs/solve-json.md). Which efficient packages "frontier.packages" lists: all of them (the
// default), only those in the zone of agreement (AgreementZone::rational_frontier), or none
// (the counts only).
enum class FrontierListing { all, zone, none };
const char* to_string(FrontierListing listing) noexcept;  // "all", "zone", "none"
// "all", "zone" or "none"; throws InputError (field "frontier") for anything else.
FrontierListing parse_frontier_listing(std::string_view text);

struct ReportJsonOptions {
  FrontierListing frontier = FrontierListing::all;
};

// Writes the JSON report to `out` as it goes (no document tree: memory does not grow with the
// frontier); the same inputs give the same bytes. Throws Error when `out` fails.
void write_report_json(std::ostream& out, const Scenario& scenario, const Analysis& analysis,
                       const ReportJsonOptions& options = {});
// The same text as a string.
std::string render_report_json(const Scenario& scenario, const Analysis& analysis,
                               const ReportJsonOptions& options = {});

struct PlotOptions {
  // Outcomes drawn: all when the space has at most this many, else a seeded sample of this size.
  std::uint64_t max_points = 20'000;
  std::uint64_t seed = 1;
};
// Checks, BEFORE any work, that a plot can be written to `path`: the extension is .svg or .png
// (any case), its folder exists and may be written in, and `path` is not a folder. Throws
// InputError naming the path, `option` (the flag that gave it), what was found and what was
// expected. plot_analysis and plot_session check again; callers check first so that a bad path
// fails before a long computation.
void check_plot_path(const std::string& path, std::string_view option = "--plot");

// Draws the utility space with gnuplot into an .svg or .png file:
//  - two parties: every package (or a seeded sample), the frontier as a step line through the
//    efficient packages sorted by the first party's utility, each party's walk-away line, the
//    status quo (when the scenario has one) and the solutions, each in the legend;
//  - three or four parties: a scatter-plot matrix (one panel per pair of parties) with the
//    efficient packages as points (a projection of the frontier is not a line) and a key panel;
//  - five or more: parallel coordinates, one axis per party, one line per efficient package
//    (at most 2000, evenly spread over the frontier; the title says when some are left out),
//    the walk-away values, the status quo and the solutions highlighted.
// Solutions with the same utilities (within the frontier tolerance) are drawn once and
// labelled with all their names ("Nash = utilitarian"). Every text is shown as written.
// Throws InputError for a bad path (check_plot_path), Error when gnuplot fails.
void plot_analysis(const Scenario& scenario, const Analysis& analysis, const std::string& path,
                   const PlotOptions& options = {});
// The same plot as SVG text (for inlining in an HTML page). Error when gnuplot fails.
std::string render_analysis_svg(const Scenario& scenario, const Analysis& analysis,
                                const PlotOptions& options = {});

}  // namespace parley
