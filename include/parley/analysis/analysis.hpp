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
//  - lottery Nash / Kalai-Smorodinsky (two parties): the same criteria over the upper convex hull
//    of the IR frontier, i.e. over lotteries between two adjacent hull vertices. Nash: the
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
#include <optional>
#include <string>
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

// Issue-by-issue explanation of one package.
struct IssueExplanation {
  std::size_t issue = 0;
  ValueIndex value = 0;
  // For each party: its preferred value of this issue (for non-linear preferences: the best
  // value with the rest of the package kept), the share of its utility range this issue carries
  // (its weight, for linear-additive preferences with normalised value functions), and what it
  // gives up here relative to its preferred value (in utility, >= 0).
  std::vector<ValueIndex> preferred;
  std::vector<double> importance;
  std::vector<double> concession;
  // Parties that get their preferred value here (or one they like as much).
  std::vector<std::size_t> winners;
};

struct Explanation {
  std::vector<IssueExplanation> issues;
  // Plain-language sentences: who wins what, who concedes where, the logrolling trade, the
  // comparison with walking away.
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

struct AnalysisOptions {
  FrontierOptions frontier;
  // Outcomes at most this many are counted exactly for the rational share; else sampled.
  std::uint64_t count_limit = 20'000'000;
  std::uint64_t share_samples = 200'000;
  std::uint64_t seed = 1;
};

struct Analysis {
  Frontier frontier;
  AgreementZone zone;
  std::vector<Solution> solutions;        // in SolutionKind order; lotteries only for two parties
  std::vector<Explanation> explanations;  // one per solution (of its most likely package)
  Indicators indicators;
};

Analysis analyse(const Scenario& scenario, const AnalysisOptions& options = {});

// Individual pieces, for callers that already hold a frontier.
AgreementZone agreement_zone(const Scenario& scenario, const Frontier& frontier,
                             const AnalysisOptions& options = {});
std::vector<Solution> bargaining_solutions(const Scenario& scenario, const AgreementZone& zone,
                                           double tolerance = 1e-9);
Indicators indicators(const Scenario& scenario, const Frontier& frontier,
                      const AnalysisOptions& options = {});
Explanation explain(const Scenario& scenario, const Package& package);

// Readable report (what `parley solve` prints) and its JSON form (docs/solve-json.md).
std::string render_report(const Scenario& scenario, const Analysis& analysis);
std::string render_report_json(const Scenario& scenario, const Analysis& analysis);

struct PlotOptions {
  // Outcomes drawn: all when the space has at most this many, else a seeded sample of this size.
  std::uint64_t max_points = 20'000;
  std::uint64_t seed = 1;
};
// Draws the utility space (the outcomes, the frontier, the solutions, the walk-away lines) with
// gnuplot into an .svg or .png file (two parties: u1 against u2; more: one panel per pair).
// Throws InputError for another extension, Error when gnuplot fails.
void plot_analysis(const Scenario& scenario, const Analysis& analysis, const std::string& path,
                   const PlotOptions& options = {});

}  // namespace parley
