// Improving an agreement: the Pareto improvements of a package the parties already agreed on
// (issue 20; docs/analysis.md, "Improving an agreement").
//
// After agreement, a mediator may ask whether another package would leave every party at least
// as well off and one better off under the preferences they submitted (Raiffa 1985, "Post-
// settlement settlements", Negotiation Journal 1(1)). Every Pareto improvement of the agreed
// package A is weakly dominated by a Pareto-optimal package that also improves on A, so the
// candidates are the frontier packages (pareto_frontier) that improve on A: each of them cannot
// itself be improved further.
//
// Tolerance: the frontier's (parley/analysis/frontier.hpp). With epsilon_j = tolerance * range_j
// (range_j party j's utility range over the space, 1 when that is 0), a package x improves on A
// when no party is worse off by more than epsilon_j (u_j(x) >= u_j(A) - epsilon_j for every j)
// and at least one party is better off by more than epsilon_j (u_j(x) > u_j(A) + epsilon_j):
// x dominates A in the sense of dominates(). The same test defines the frontier, so a positive
// affine rescaling of one party's utility leaves the set of improvements unchanged.
//
// Ranking: improvements with more gaining parties come first (every party gaining before some
// parties gaining); among those, the larger Nash product of the gains (the product of
// u_j(x) - u_j(A) over the parties that gain) first, then the larger sum of gains, then frontier
// order (the first party's utility descending). The comparisons are exact, so the same inputs
// give the same order on any machine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "parley/analysis/frontier.hpp"
#include "parley/model/scenario.hpp"

namespace parley {

struct ImprovementOptions {
  // Improvements listed at most (the best ones in ranking order); 0 lists none but still counts.
  std::size_t limit = 10;
  // How the frontier is computed (method, tolerance, budget, cancellation hook).
  FrontierOptions frontier;
};

struct Improvement {
  Package package;  // the improving package and each party's utility of it
  // u_j(x) - u_j(A) per party when above epsilon_j, else 0 (a change within the tolerance is
  // no gain; by construction no party loses more than epsilon_j). At least one is > 0.
  std::vector<double> gains;
  // Parties whose gain exceeds epsilon_j (at least one).
  std::size_t gaining_parties = 0;
  // Product of the gains of the parties that gain (those above epsilon_j).
  double nash_product_of_gains = 0.0;
  // Issues whose option differs from the agreed package, in issue order.
  std::vector<std::size_t> changed_issues;
  // On the Pareto frontier, so no further improvement exists: true for every improvement of an
  // exact frontier; false when the frontier is an approximation (not proved optimal).
  bool pareto_optimal = false;
  // Its position in the frontier's packages.
  std::size_t frontier_index = 0;
};

struct ImprovementAnalysis {
  Outcome agreed;
  std::vector<double> agreed_utilities;
  // No frontier package improves on the agreed package. With an exact frontier this proves that
  // no package at all improves on it; with an approximate one (exact == false) it only says that
  // none was found.
  bool agreed_is_pareto_optimal = false;
  // Ranked (see the header comment), at most ImprovementOptions::limit.
  std::vector<Improvement> improvements;
  // Frontier packages that improve on the agreed package (before the limit).
  std::uint64_t improving_frontier_packages = 0;
  // Size of the frontier searched, how it was computed, and whether it is exact.
  std::uint64_t frontier_packages = 0;
  FrontierMethod method = FrontierMethod::enumeration;
  bool exact = true;
  double tolerance = 1e-9;
  // epsilon_j per party (see above).
  std::vector<double> epsilon;
  // Plain language: first what was found, then one sentence per listed improvement ("Every party
  // gains: japan +0.050, russia +0.020 by changing timing: five_years -> immediate.").
  std::vector<std::string> sentences;
};

// The Pareto improvements of `agreed`. Throws InputError naming the field "agreed" when it is not
// a package of the scenario (not one option per issue, or an option index out of range),
// UnsupportedError when the frontier method cannot run, and Cancelled when
// options.frontier.cancelled fires.
ImprovementAnalysis improve_agreement(const Scenario& scenario, const Outcome& agreed,
                                      const ImprovementOptions& options = {});
// The same over a frontier already computed for the scenario (its packages, ranges, tolerance,
// exactness), listing at most `limit` improvements.
ImprovementAnalysis improve_agreement(const Scenario& scenario, const Outcome& agreed,
                                      const Frontier& frontier, std::size_t limit,
                                      const std::function<bool()>& cancelled = {});

// The analysis as text for people: the agreed package, the finding, and each improvement with
// its gains and changes.
std::string render_improvements(const Scenario& scenario, const ImprovementAnalysis& analysis);

// The analysis as JSON (schema "parley-improvements/1", docs/analysis.md): packages by option
// labels, utilities and gains by party name. No timings, so the same inputs give the same bytes.
std::string improvements_json(const Scenario& scenario, const ImprovementAnalysis& analysis);

}  // namespace parley
